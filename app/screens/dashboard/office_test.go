package dashboard

import (
	"strings"
	"testing"
	"xiaoneng/app/apptest"
	"xiaoneng/data/store"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The 工作台 gives its list of what to do today the room: at least ten
// rows in view, below the figures.
func TestDashboardListHasTheRoom(t *testing.T) {
	apptest.ForEachOfficeSize(t, func(t *testing.T, w *apptest.Host, db *store.DB, size fyne.Size) {
		d := apptest.Show(t, w, "工作台", New)
		apptest.LayOut(w.Window(), size)
		row := widget.NewLabel("中").MinSize().Height + 4
		if h := d.todo.Widget().Size().Height; h < 10*row {
			t.Errorf("今日待办 is %v pixels high: %.1f rows", h, h/row)
		}
	})
}

// The 工作台's sentence on the year, and every wrapped text, break as
// printed Chinese does: no line starts with a closing mark, no number is
// split from its unit.
func TestDashboardSentenceBreaksByTheRules(t *testing.T) {
	apptest.ForEachOfficeSize(t, func(t *testing.T, w *apptest.Host, db *store.DB, size fyne.Size) {
		d := apptest.Show(t, w, "工作台", New)
		for _, width := range []float32{size.Width, size.Width - 300, size.Width - 500} {
			apptest.LayOut(w.Window(), fyne.NewSize(width, size.Height))
			lines := apptest.DrawnText(d.yearNote)
			if strings.Join(lines, "") != d.yearNote.Text {
				t.Fatalf("at %v px the lines %q are not the sentence", width, lines)
			}
			for i, l := range lines {
				if l != "" && strings.ContainsRune("，。、；：？！）", []rune(l)[0]) {
					t.Errorf("at %v px line %d starts with punctuation: %q", width, i, lines)
				}
				if i > 0 && isDigit(lastRune(lines[i-1])) && l != "" && (isDigit([]rune(l)[0]) || []rune(l)[0] == '件') {
					t.Errorf("at %v px a number is split: %q", width, lines)
				}
			}
		}
	})
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
