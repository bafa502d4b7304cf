package kit

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// drawnLines returns the texts a label draws, top to bottom.
func drawnLines(l *WrapLabel) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *canvas.Text:
			out = append(out, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(l)
	return out
}

const yearSentence = "2026年共登记投诉868件，受理790件，办结722件；回访730件，满意和基本满意722件。"

// A wrapped label breaks Chinese as printed documents do: no line starts
// with a closing mark, no number is split from its unit, nothing is lost.
func TestWrapLabelFollowsChineseLineBreakingRules(t *testing.T) {
	l := NewWrapLabel(yearSentence)
	newWindow(t, l, 400, 300)
	for width := float32(120); width <= 420; width += 7 {
		l.Resize(fyne.NewSize(width, l.MinSize().Height))
		lines := drawnLines(l)
		if got := strings.Join(lines, ""); got != yearSentence {
			t.Fatalf("at %v px the lines %q do not give the text back", width, lines)
		}
		for i, line := range lines {
			if line == "" {
				continue
			}
			first, _ := firstRune(line)
			if strings.ContainsRune("，。、；：？！）》」』】〕", first) {
				t.Errorf("at %v px line %d starts with %q: %q", width, i, string(first), lines)
			}
			if i > 0 && strings.HasSuffix(lines[i-1], "2") && strings.HasPrefix(line, "2") {
				t.Errorf("at %v px a number is split: %q", width, lines)
			}
			last := []rune(line)[len([]rune(line))-1]
			if i < len(lines)-1 && isASCIIDigit(last) {
				if f, _ := firstRune(lines[i+1]); strings.ContainsRune("件年0123456789", f) {
					t.Errorf("at %v px %q is split from what follows: %q", width, line, lines)
				}
			}
		}
	}
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// A label in a narrower column is taller, and says so through its minimum
// size, so that the container around it makes room.
func TestWrapLabelHeightFollowsWidth(t *testing.T) {
	l := NewWrapLabel(yearSentence)
	box := container.NewVBox(l)
	w := newWindow(t, box, 900, 400)
	one := l.MinSize().Height
	if n := len(drawnLines(l)); n != 1 {
		t.Fatalf("at 900 px the sentence takes %d lines", n)
	}
	w.Resize(fyne.NewSize(200, 400))
	w.Resize(fyne.NewSize(201, 400)) // the test canvas lays out once per resize
	if n := len(drawnLines(l)); n < 3 {
		t.Fatalf("at 200 px the sentence takes %d lines", n)
	}
	if h := l.MinSize().Height; h < 2.5*one {
		t.Errorf("the label's minimum height stayed %v (one line: %v)", h, one)
	}
	if l.Size().Height < l.MinSize().Height {
		t.Errorf("the box gave the label %v, it needs %v", l.Size().Height, l.MinSize().Height)
	}
}

// With MaxLines a long letter keeps the label's height and scrolls inside
// it, drawing only the lines in view.
func TestWrapLabelLongTextScrollsDrawingOnlyWhatShows(t *testing.T) {
	letter := strings.Repeat("反映到县自然资源局办理不动产登记业务，工作人员未一次性告知所需材料，往返三次仍未办结。", 60)
	l := NewWrapLabel(letter)
	l.MaxLines = 10
	newWindow(t, l, 600, 400)
	l.Resize(fyne.NewSize(600, l.MinSize().Height))
	lines := drawnLines(l)
	if len(lines) < 10 || len(lines) > 12 {
		t.Fatalf("a 10-line view draws %d lines", len(lines))
	}
	if !strings.HasPrefix(letter, strings.Join(lines, "")) {
		t.Errorf("the view does not start with the letter's beginning: %q", lines[0])
	}
	if len(l.lines) < 60 {
		t.Errorf("the letter wraps into only %d lines at 600 px", len(l.lines))
	}
	scroll := test.WidgetRenderer(l).Objects()[0].(*container.Scroll)
	scroll.ScrollToBottom()
	lines = drawnLines(l)
	if !strings.HasSuffix(letter, strings.Join(lines, "")) {
		t.Errorf("scrolled to the bottom, the view does not end with the letter's end: %q", lines[len(lines)-1])
	}
}

// Wrapping a 5,000-character letter (measured once per character) costs
// milliseconds; Fyne's own wrapping took seconds.
func BenchmarkWrapLabel5000(b *testing.B) {
	letter := []rune(strings.Repeat("反映到县自然资源局办理不动产登记业务，工作人员未一次性告知所需材料，往返三次仍未办结。2026年11月21日再次前往。", 100))[:5000]
	l := NewWrapLabel(string(letter))
	l.MaxLines = 12
	newWindow(b, l, 800, 600)
	width := float32(700)
	for b.Loop() {
		width++ // a new width breaks the lines again
		l.Resize(fyne.NewSize(width, 300))
	}
}

// Strings kept whole (a measure with its count) never break across lines.
func TestWrapLabelKeepsItemsWhole(t *testing.T) {
	items := []string{"责令检查55", "诫勉谈话15", "效能告诫51", "通报批评48", "黄牌警告12", "取消评优资格9", "调离岗位6", "党纪政纪处分2"}
	l := NewWrapLabel("共 198 条：" + strings.Join(items, "、"))
	l.Keep = items
	newWindow(t, l, 400, 300)
	for width := float32(150); width <= 400; width += 11 {
		l.Resize(fyne.NewSize(width, 200))
		lines := drawnLines(l)
		for i := 1; i < len(lines); i++ {
			joint := lines[i-1] + "|" + lines[i]
			for _, item := range items {
				for k := 1; k < len([]rune(item)); k++ {
					if strings.Contains(joint, string([]rune(item)[:k])+"|"+string([]rune(item)[k:])) {
						t.Fatalf("at %v px %q is broken: %q", width, item, lines)
					}
				}
			}
		}
	}
}
