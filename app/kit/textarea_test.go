package kit

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// shownLines are the lines a text area draws.
func shownLines(a *TextArea) []string {
	var out []string
	for _, o := range test.WidgetRenderer(a.content).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Text != a.PlaceHolder {
			out = append(out, t.Text)
		}
	}
	return out
}

func newArea(t testing.TB, rows int, w, h float32) (*TextArea, fyne.Window) {
	t.Helper()
	a := NewTextArea(rows, "投诉的具体内容")
	win := newWindow(t, a, w, h)
	win.Canvas().Focus(a)
	return a, win
}

// Typing, Enter, Backspace and the arrows edit the text as in any editor,
// and each change reaches OnChanged.
func TestTextAreaTypesAndEdits(t *testing.T) {
	a, _ := newArea(t, 5, 400, 200)
	var changes []string
	a.OnChanged = func(s string) { changes = append(changes, s) }
	test.Type(a, "窗口办事")
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(a, "三次往返")
	if a.Text != "窗口办事\n三次往返" {
		t.Fatalf("typed %q", a.Text)
	}
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	test.Type(a, "多")
	if a.Text != "窗口办事\n三多次往" {
		t.Fatalf("after Backspace, ← ← and 多: %q", a.Text)
	}
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if a.Text != "口办事\n三多次往" {
		t.Fatalf("after ↑ Home Delete: %q", a.Text)
	}
	if len(changes) == 0 || changes[len(changes)-1] != a.Text {
		t.Errorf("OnChanged last saw %q", changes)
	}
	if got := shownLines(a); strings.Join(got, "|") != "口办事|三多次往" {
		t.Errorf("draws %q", got)
	}
}

// Shift with the arrows selects; copy, cut and paste go through the
// clipboard; Ctrl+Z undoes a run of typing at once and Ctrl+Y redoes it.
func TestTextAreaSelectsCopiesPastesAndUndoes(t *testing.T) {
	a, _ := newArea(t, 5, 400, 200)
	a.SetText("宅基地审批超期未办")
	a.TypedShortcut(&fyne.ShortcutSelectAll{})
	if a.SelectedText() != a.Text {
		t.Fatalf("select all selected %q", a.SelectedText())
	}
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	a.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	for range 3 {
		a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	a.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if a.SelectedText() != "宅基地" {
		t.Fatalf("Shift+→ ×3 selected %q", a.SelectedText())
	}
	a.TypedShortcut(&fyne.ShortcutCut{})
	if a.Text != "审批超期未办" || fyne.CurrentApp().Clipboard().Content() != "宅基地" {
		t.Fatalf("cut left %q, clipboard %q", a.Text, fyne.CurrentApp().Clipboard().Content())
	}
	a.TypedShortcut(&fyne.ShortcutSelectAll{})
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	a.TypedShortcut(&fyne.ShortcutPaste{})
	if a.Text != "审批超期未办宅基地" {
		t.Fatalf("paste at the end gave %q", a.Text)
	}
	test.Type(a, "问题")
	a.TypedShortcut(&fyne.ShortcutUndo{})
	if a.Text != "审批超期未办宅基地" {
		t.Fatalf("one undo after typing two characters: %q", a.Text)
	}
	a.TypedShortcut(&fyne.ShortcutUndo{})
	a.TypedShortcut(&fyne.ShortcutUndo{})
	if a.Text != "宅基地审批超期未办" {
		t.Fatalf("three undos: %q", a.Text)
	}
	a.TypedShortcut(&fyne.ShortcutRedo{})
	if a.Text != "审批超期未办" {
		t.Fatalf("redo: %q", a.Text)
	}
}

// A click puts the cursor where it lands; a drag selects.
func TestTextAreaClickAndDrag(t *testing.T) {
	a, win := newArea(t, 3, 400, 200)
	a.SetText("窗口办事三次往返")
	_, pad, lineH, _ := a.metrics()
	charW := fyne.MeasureText("窗", a.Theme().Size("text"), fyne.TextStyle{}).Width
	at := func(chars float32) fyne.Position { return fyne.NewPos(pad+chars*charW, pad+lineH/2) }
	win.Canvas().Unfocus()
	test.TapAt(a.content, at(2.1))
	if a.CursorOffset() != 2 || win.Canvas().Focused() != a {
		t.Fatalf("a click after 窗口 put the cursor at %d (focused %v)", a.CursorOffset(), win.Canvas().Focused() == a)
	}
	// As the desktop driver reports a drag: where the pointer is now, and
	// how far it moved since the last report.
	a.content.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at(2.5)}, Dragged: fyne.NewDelta(1.5*charW, 0)})
	a.content.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at(4)}, Dragged: fyne.NewDelta(1.5*charW, 0)})
	a.content.DragEnd()
	if a.SelectedText() != "口办事" {
		t.Errorf("dragging over 口办事 selected %q", a.SelectedText())
	}
}

// The area wraps with the documents' rules: a comma never starts a line.
func TestTextAreaWrapsWithChineseRules(t *testing.T) {
	a, win := newArea(t, 6, 300, 300)
	a.SetText(yearSentence)
	for w := float32(150); w < 300; w += 9 {
		win.Resize(fyne.NewSize(w, 300))
		for _, l := range a.lines {
			if r, ok := firstRune(l.text); ok && strings.ContainsRune("，。；", r) {
				t.Fatalf("at %v px a line starts with %q", w, l.text)
			}
		}
	}
}

// A 5,000-character letter in one paragraph is set and typed into in about
// a millisecond a keystroke; Fyne's Entry took half a second for each.
func BenchmarkTextAreaType5000(b *testing.B) {
	letter := []rune(strings.Repeat("反映到县自然资源局办理不动产登记业务，工作人员未一次性告知所需材料，往返三次仍未办结。2026年11月21日再次前往。", 100))[:5000]
	a, _ := newArea(b, 8, 700, 400)
	a.SetText(string(letter))
	a.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault})
	for b.Loop() {
		a.TypedRune('再')
	}
}
