package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Keyed is a record a Records screen lists: a pointer (nil while none is
// shown) to one of data's records, known by its key.
type Keyed interface {
	comparable
	Key() string
}

// Records is the list-plus-form screen every register is built on: the
// record list (a Table, with its search, chips and columns) under a bar of
// buttons and filters, the record's form or detail beside it, the list
// marking the record shown, and the one unsaved-changes check when the user
// leaves that record (another row, 新建, another screen).
type Records[T Keyed] struct {
	Table *Table[T]
	Form  *Form // nil on a screen that shows records without editing them

	// What names the record in the question (单位信息有未保存的修改…); ""
	// asks of the changes alone.
	What string
	// Extra, when set, holds the changes made beside the form's fields
	// (lists, check grids); they count as unsaved changes too.
	Extra *ExtraEdits
	// Reload reads the list again (Reshow, Saved, Delete).
	Reload func() error
	// Fresh empties the form for a new record (Create), or shows none,
	// once the record shown is deleted (Delete).
	Fresh func()

	win   fyne.Window
	shown *T               // the screen's record shown; nil while a new one is entered, or none is chosen
	open  func(key string) // shows a record, read afresh
	root  *container.Split

	none, detail fyne.CanvasObject // LayDetail's two faces of the right side
}

// NewRecords puts table and form together: choosing a row of table asks
// about the unsaved changes, then opens the record; choosing the row of
// the record shown (*shown) does nothing.
func NewRecords[T Keyed](win fyne.Window, table *Table[T], form *Form, shown *T, open func(key string)) *Records[T] {
	r := &Records[T]{Table: table, Form: form, win: win, shown: shown, open: open}
	if form != nil {
		form.SetReload(r.reloadStale)
	}
	table.OnSelected = func(item T) {
		if r.shows(item) {
			return
		}
		r.ConfirmLeave(func() { open(item.Key()) })
	}
	return r
}

// showing says whether a record is shown.
func (r *Records[T]) showing() bool {
	var none T
	return *r.shown != none
}

// shows says whether item is the record shown.
func (r *Records[T]) shows(item T) bool {
	return r.showing() && (*r.shown).Key() == item.Key()
}

// Lay sets out the screen: the list under bar on the left, right (the
// form, with what goes around it) on the right, the list taking offset of
// the width.
func (r *Records[T]) Lay(bar, right fyne.CanvasObject, offset float64) {
	r.root = container.NewHSplit(container.NewBorder(bar, nil, nil, nil, r.Table.Widget()), right)
	r.root.Offset = offset
}

// LayDetail sets out a screen whose right side is a record's detail, with
// none in its place until a record is chosen (ShowDetail).
func (r *Records[T]) LayDetail(bar, detail, none fyne.CanvasObject, offset float64) {
	r.detail, r.none = detail, none
	r.Lay(bar, container.NewStack(container.NewCenter(none), detail), offset)
	r.ShowDetail(false)
}

// ShowDetail shows the record's detail, or (false) the hint in its place.
func (r *Records[T]) ShowDetail(show bool) {
	SetVisible(r.detail, show)
	SetVisible(r.none, !show)
}

// Widget is the screen's content.
func (r *Records[T]) Widget() fyne.CanvasObject { return r.root }

// Dirty says whether the record in the form has unsaved changes.
func (r *Records[T]) Dirty() bool {
	return (r.Form != nil && r.Form.Dirty()) || (r.Extra != nil && r.Extra.ExtraDirty)
}

// markClean forgets the unsaved changes.
func (r *Records[T]) markClean() {
	if r.Form != nil {
		r.Form.MarkClean()
	}
	if r.Extra != nil {
		r.Extra.ExtraDirty = false
	}
}

// ConfirmLeave calls leave at once when the record has no unsaved changes;
// otherwise it asks first, and calls leave only if the user gives them up.
// Kept, the changes stay in the form and the list marks its record again:
// the click that asked has moved the selection to another row.
func (r *Records[T]) ConfirmLeave(leave func()) {
	if !r.Dirty() {
		leave()
		return
	}
	AskDiscard(r.win, r.What+"有未保存的修改，确定放弃吗？", func(discard bool) {
		if !discard {
			r.SelectShown()
			return
		}
		r.markClean()
		leave()
	})
}

// SelectShown marks the record shown in the list, or no row for a new
// record or one the search and filters hide.
func (r *Records[T]) SelectShown() {
	var row T
	for _, item := range r.Table.all {
		if r.shows(item) {
			row = item
			break
		}
	}
	r.Table.Select(row)
}

// Create starts a new record (新建, Ctrl+N) once the changes are settled:
// Fresh empties the form and the cursor goes to its first field.
func (r *Records[T]) Create(first fyne.Focusable) {
	r.ConfirmLeave(func() {
		r.Fresh()
		r.win.Canvas().Focus(first)
	})
}

// Save saves the form (Ctrl+S).
func (r *Records[T]) Save() {
	if r.Form != nil {
		r.Form.Save()
	}
}

// FocusSearch puts the cursor in the list's search (Ctrl+F).
func (r *Records[T]) FocusSearch() { r.Table.FocusSearch(r.win) }

// Reshow reads the list again and shows the record shown afresh, unless
// it has unsaved changes: what a screen does when it comes into view, or
// when a step or a dialog changed its records. The list marks it again
// (its rows are new).
func (r *Records[T]) Reshow() {
	if err := r.Reload(); err != nil {
		ShowError(r.win, err)
		return
	}
	if r.showing() && !r.Dirty() {
		r.open((*r.shown).Key())
	}
	r.SelectShown()
}

// reloadStale is 重新载入 after a stale save (Form.SetReload): the form's
// changes are given up for the record as now stored, the list read again;
// the form keeps what the user typed in view beside it.
func (r *Records[T]) reloadStale() {
	r.markClean()
	if err := r.Reload(); err != nil {
		ShowError(r.win, err)
		return
	}
	if r.showing() {
		r.open((*r.shown).Key())
	}
	r.SelectShown()
}

// Saved is the end of a save: the changes are kept, the list read again and
// the record saved shown, read afresh and marked in the list.
func (r *Records[T]) Saved(item T) error {
	r.markClean()
	if err := r.Reload(); err != nil {
		return err
	}
	r.open(item.Key())
	r.SelectShown()
	return nil
}

// Delete asks before deleting the record shown with del (message says
// what deleting is for), then empties the form and reads the list again.
func (r *Records[T]) Delete(title, message string, del func() error) {
	ConfirmDelete(r.win, title, message, del, func() error {
		r.Fresh()
		return r.Reload()
	})
}

// ShowRead ends the opening of a record: fill shows the record read, or the
// reading's error is said in a dialog — kit.ShowRead(win, s.fill)(db.Person(ctx, id)).
func ShowRead[T any](win fyne.Window, fill func(T)) func(T, error) {
	return func(item T, err error) {
		if err != nil {
			ShowError(win, err)
			return
		}
		fill(item)
	}
}

// EditCopy is what a form's fields are written into when it is saved: a
// copy of the record shown, or a new record while none is (shown nil).
func EditCopy[R any](shown *R) *R {
	if shown == nil {
		return new(R)
	}
	cp := *shown
	return &cp
}
