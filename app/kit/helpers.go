package kit

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"time"
	"xiaoneng/data"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// ConfirmAction asks before an action that cannot be undone; the buttons
// name the action and 取消.
func ConfirmAction(win fyne.Window, title, action, message string, answer func(ok bool)) {
	d := dialog.NewConfirm(title, message, answer, win)
	d.SetConfirmText(action)
	d.SetDismissText("取消")
	d.Show()
}

// CreateOrUpdate writes r with create when isNew, else with update: the
// 保存 of every form that both registers records and edits them.
func CreateOrUpdate[T any](ctx context.Context, isNew bool, r T, create, update func(context.Context, T) error) error {
	if isNew {
		return create(ctx, r)
	}
	return update(ctx, r)
}

// ExtraEdits tracks the changes a screen's Form does not: parts
// beside its fields (lists, check grids) call Edited when changed, which
// does not count while the screen fills them from a record. Records counts
// them as unsaved changes (RecordsOf.Extra).
type ExtraEdits struct {
	ExtraDirty bool
	Filling    bool
}

func (x *ExtraEdits) Edited() {
	if !x.Filling {
		x.ExtraDirty = true
	}
}

// AppendText adds a row of wrapping text to f, none when text is empty:
// the read-only record views list only what was recorded.
func AppendText(f *widget.Form, label, text string) {
	if text == "" {
		return
	}
	l := NewWrapLabel(text)
	f.Append(label, l)
}

// MarkChosen highlights the chosen button of a row of filter buttons.
func MarkChosen[K comparable](buttons map[K]*widget.Button, chosen K) {
	for k, b := range buttons {
		b.Importance = widget.LowImportance
		if k == chosen {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

// ChoiceLabels are the labels of a drop-down of one of data's kinds
// (categories, channels, measures …).
func ChoiceLabels[T ~string](values []T) []string {
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = string(v)
	}
	return labels
}

// FilterSelect is a list filter's drop-down: all (everything) and then
// values, with all chosen.
func FilterSelect[T ~string](all string, values []T, changed func(string)) *widget.Select {
	s := widget.NewSelect(append([]string{all}, ChoiceLabels(values)...), changed)
	s.SetSelected(all)
	return s
}

// ShowChoice shows v chosen in s; an empty v chooses nothing, so that
// the placeholder asks for it.
func ShowChoice[T ~string](s *widget.Select, v T) {
	if v == "" {
		s.ClearSelected()
		return
	}
	s.SetSelected(string(v))
}

// ConfirmDelete asks, under title, before a record entered by mistake is
// deleted; on 删除 it runs del and then after, which puts the screen right
// (the form emptied, the list reloaded). An error of either is shown.
func ConfirmDelete(win fyne.Window, title, message string, del, after func() error) {
	ConfirmAction(win, title, "删除", message, func(ok bool) {
		if !ok {
			return
		}
		if err := del(); err != nil {
			ShowError(win, err)
			return
		}
		if err := after(); err != nil {
			ShowError(win, err)
		}
	})
}

// maxWidth lays its objects out from the leading edge, no wider than width
// (unless their minimum is wider): a form of short fields reads badly when
// stretched across a Wide screen.
type maxWidth struct{ width float32 }

func (m maxWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}

func (m maxWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Resize(fyne.NewSize(max(min(size.Width, m.width), o.MinSize().Width), size.Height))
		o.Move(fyne.Position{})
	}
}

// Narrow limits o to width.
func Narrow(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(maxWidth{width}, o)
}

// minSize gives its objects at least its size, each filling it.
type minSize struct{ size fyne.Size }

func (m minSize) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s.Max(m.size)
}

func (m minSize) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Resize(size)
		o.Move(fyne.Position{})
	}
}

// Wide gives o at least width: a date entry at its own minimum is cut off
// once its validation mark shows.
func Wide(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(minSize{fyne.NewSize(width, 0)}, o)
}

// CanvasMinHeight gives o at least height (a table in a scroll has no
// height of its own).
func CanvasMinHeight(o fyne.CanvasObject, height float32) fyne.CanvasObject {
	return container.New(minSize{fyne.NewSize(0, height)}, o)
}

func SetVisible(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

func SetEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// HintLabel is a one-line grey hint beside buttons or in the middle of an empty pane (a
// wrapping label there would shrink to one character per line).
func HintLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	return l
}

func DateOr(e *DateEntry) data.Date {
	d, err := e.Date()
	if err != nil {
		return data.Date{}
	}
	return d
}

// SetNote shows text in a note under a field, hiding the note when empty so
// that it takes no room.
func SetNote(l *WrapLabel, text string) {
	l.SetText(text)
	SetVisible(l, text != "")
}

// ShowList opens a read-only list of rows in a dialog; open (may be nil)
// opens a row's record and closes the dialog.
func ShowList[T any](win fyne.Window, title string, cols []Column[T], rows []T, open func(T)) {
	var d *dialog.CustomDialog
	var onOpen func(T)
	if open != nil {
		onOpen = func(x T) {
			d.Hide()
			open(x)
		}
	}
	t := NewTable(cols, nil, onOpen)
	t.SetRows(rows)
	d = dialog.NewCustom(title, "关闭", t.Widget(), win)
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(max(size.Width*0.9, 600), max(size.Height*0.8, 400)))
	d.Show()
}

// Without drops the column titled title: a unit's history need not repeat
// the unit on every line.
func Without[T any](cols []Column[T], title string) []Column[T] {
	out := make([]Column[T], 0, len(cols))
	for _, c := range cols {
		if c.Title != title {
			out = append(out, c)
		}
	}
	return out
}

func ParseYearText(s string) (int, error) {
	return strconv.Atoi(strings.TrimSuffix(s, "年"))
}

func YearText(y int) string { return strconv.Itoa(y) + "年" }

// NewDateEntryOn is a date entry showing day (usually today).
func NewDateEntryOn(day data.Date) *DateEntry {
	e := NewDateEntry()
	e.SetDate(day)
	return e
}

func DirExists(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
}

// ParseClock reads HH:MM.
func ParseClock(s string) (hour, minute int, err error) {
	t, perr := time.Parse("15:04", strings.TrimSpace(strings.ReplaceAll(s, "：", ":")))
	if perr != nil {
		return 0, 0, errors.New("时间格式应为“时:分”，例如09:30")
	}
	return t.Hour(), t.Minute(), nil
}
