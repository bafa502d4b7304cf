package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Records is the list-plus-form screen every register is built on: the
// record list (a Table, with its search, chips and columns) under a bar of
// buttons and filters, the record's form beside it, the list marking the
// record the form shows, and the one unsaved-changes check when the user
// leaves that record (another row, 新建, another screen).
type Records[T any] struct {
	Table *Table[T]
	Form  *Form

	win fyne.Window
	// what names the record in the question (单位信息有未保存的修改…);
	// "" asks of the changes alone.
	what string
	// same reports whether a row is the record the form shows (false for
	// every row while a new record is entered).
	same func(T) bool
	root *container.Split
}

// NewRecords puts table and form together: choosing a row of table asks
// about the form's unsaved changes, then calls open with it; choosing the
// row the form already shows does nothing.
func NewRecords[T any](win fyne.Window, what string, table *Table[T], form *Form, same func(T) bool, open func(T)) *Records[T] {
	r := &Records[T]{Table: table, Form: form, win: win, what: what, same: same}
	table.OnSelected = func(item T) {
		if same(item) {
			return
		}
		r.ConfirmLeave(func() { open(item) })
	}
	return r
}

// Lay sets out the screen: the list under bar on the left, right (the
// form, with what goes around it) on the right, the list taking offset of
// the width.
func (r *Records[T]) Lay(bar, right fyne.CanvasObject, offset float64) {
	r.root = container.NewHSplit(container.NewBorder(bar, nil, nil, nil, r.Table.Widget()), right)
	r.root.Offset = offset
}

// Widget is the screen's content.
func (r *Records[T]) Widget() fyne.CanvasObject { return r.root }

// ConfirmLeave calls leave at once when the form has no unsaved changes;
// otherwise it asks first, and calls leave only if the user gives them up.
// Kept, the changes stay in the form and the list marks its record again:
// the click that asked has moved the selection to another row.
func (r *Records[T]) ConfirmLeave(leave func()) {
	if !r.Form.Dirty() {
		leave()
		return
	}
	AskDiscard(r.win, r.what+"有未保存的修改，确定放弃吗？", func(discard bool) {
		if !discard {
			r.SelectShown()
			return
		}
		r.Form.MarkClean()
		leave()
	})
}

// SelectShown marks the form's record in the list, or no row for a new
// record or one the search and filters hide.
func (r *Records[T]) SelectShown() {
	var row T
	for _, item := range r.Table.all {
		if r.same(item) {
			row = item
			break
		}
	}
	r.Table.Select(row)
}

// Create starts a new record (新建, Ctrl+N) with fresh once the form's
// changes are settled.
func (r *Records[T]) Create(fresh func()) { r.ConfirmLeave(fresh) }

// Save saves the form (Ctrl+S).
func (r *Records[T]) Save() { r.Form.Save() }

// FocusSearch puts the cursor in the list's search (Ctrl+F).
func (r *Records[T]) FocusSearch() { r.Table.FocusSearch(r.win) }
