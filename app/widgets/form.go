package widgets

import (
	"errors"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

// Form lays out labelled fields, marks the required ones with a red *,
// keeps 保存 disabled until every required field is filled and every field's
// own check passes, shows the store's validation messages under the field
// they name, and tracks unsaved changes.
//
// Saving is a button (and Ctrl+S through Save), never Enter in a field:
// input methods on X11 leak the Enter that commits a composition.
type Form struct {
	// OnDirtyChanged, if set, is called when Dirty changes (for a "*" in a
	// title, say).
	OnDirtyChanged func(dirty bool)

	onSave  func() error
	fields  []*formField
	grid    *fyne.Container
	message *widget.Label
	save    *widget.Button
	buttons *fyne.Container
	root    *fyne.Container
	dirty   bool
}

type formField struct {
	label, name string
	obj         fyne.CanvasObject
	required    bool
	msg         *widget.Label
	// stored is the message of a store error for this field; it stays
	// until the field is edited.
	stored string
}

// NewForm returns an empty form whose 保存 button calls onSave. onSave
// returns the store's error, if any, which the form shows.
func NewForm(onSave func() error) *Form {
	f := &Form{onSave: onSave}
	f.grid = container.New(layout.NewFormLayout())
	f.message = widget.NewLabel("")
	f.message.Importance = widget.DangerImportance
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Hide()
	f.save = widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), f.Save)
	f.save.Importance = widget.HighImportance
	f.buttons = container.NewHBox(layout.NewSpacer(), f.save)
	f.root = container.NewVBox(f.grid, f.message, f.buttons)
	f.update()
	return f
}

// Add appends a field. field is the name the store's *data.ValidationError
// uses for it (the Go field name, e.g. "Name"). obj is the input: a
// *widget.Entry, *widget.Select, *widget.SelectEntry, *widget.Check,
// *widget.RadioGroup, *widget.CheckGroup, *DateEntry, *UnitPicker, one of
// these in a container that only gives it room (beside rectangles or
// spacers, as a minimum-width wrapper does), or any other object (shown,
// but not tracked: a row of several inputs, say a tick box and its date,
// reports its changes with MarkDirty). Set the input's own OnChanged before
// adding it: the form chains onto it.
func (f *Form) Add(label, field string, obj fyne.CanvasObject, required bool) {
	ff := &formField{label: label, name: field, obj: input(obj), required: required, msg: widget.NewLabel("")}
	ff.msg.Importance = widget.DangerImportance
	ff.msg.Hide()
	f.fields = append(f.fields, ff)

	title := widget.NewLabel(label)
	var head fyne.CanvasObject = title
	if required {
		star := canvas.NewText("*", theme.Color(theme.ColorNameError))
		star.TextStyle.Bold = true
		// In a VBox the pair keeps its height and stays level with the
		// input when a message makes the row taller.
		head = container.NewVBox(container.NewHBox(title, star))
	}
	f.grid.Add(head)
	f.grid.Add(container.NewVBox(obj, ff.msg))
	f.watch(ff)
	f.update()
}

// AddChooser appends a row whose input chooses what the form shows (the
// year of a holiday calendar, say) instead of editing it: its changes do
// not make the form dirty.
func (f *Form) AddChooser(label string, obj fyne.CanvasObject) {
	f.grid.Add(widget.NewLabel(label))
	f.grid.Add(obj)
}

// input is the input the form tracks for obj: obj itself, or the one
// input in a container that holds nothing else but rectangles and spacers
// (a wrapper that gives a date entry room in a row, say). A container of
// several inputs or of labels and buttons is not looked into.
func input(obj fyne.CanvasObject) fyne.CanvasObject {
	c, ok := obj.(*fyne.Container)
	if !ok {
		return obj
	}
	var in fyne.CanvasObject
	for _, o := range c.Objects {
		switch o.(type) {
		case *canvas.Rectangle, layout.SpacerObject:
			continue
		}
		if in != nil {
			return obj
		}
		in = input(o)
	}
	switch in.(type) {
	case *UnitPicker, *DateEntry, *TextArea, *widget.Entry, *widget.SelectEntry, *widget.Select,
		*widget.RadioGroup, *widget.Check, *widget.CheckGroup:
		return in
	}
	return obj
}

// watch chains the form's change listener onto the input's.
func (f *Form) watch(ff *formField) {
	edited := func() { f.edited(ff) }
	switch o := ff.obj.(type) {
	case *UnitPicker:
		o.formHook = edited
	case *DateEntry:
		prev := o.Entry.OnChanged
		o.Entry.OnChanged = func(s string) { call(prev, s); edited() }
	case *widget.Entry:
		prev := o.OnChanged
		o.OnChanged = func(s string) { call(prev, s); edited() }
	case *TextArea:
		prev := o.OnChanged
		o.OnChanged = func(s string) { call(prev, s); edited() }
	case *widget.SelectEntry:
		prev := o.OnChanged
		o.OnChanged = func(s string) { call(prev, s); edited() }
	case *widget.Select:
		prev := o.OnChanged
		o.OnChanged = func(s string) { call(prev, s); edited() }
	case *widget.RadioGroup:
		prev := o.OnChanged
		o.OnChanged = func(s string) { call(prev, s); edited() }
	case *widget.Check:
		prev := o.OnChanged
		o.OnChanged = func(b bool) { call(prev, b); edited() }
	case *widget.CheckGroup:
		prev := o.OnChanged
		o.OnChanged = func(s []string) { call(prev, s); edited() }
	}
}

func call[V any](fn func(V), v V) {
	if fn != nil {
		fn(v)
	}
}

// edited marks the form dirty and rechecks it after a change to ff.
func (f *Form) edited(ff *formField) {
	ff.stored = ""
	f.setDirty(true)
	f.update()
}

// filled says whether a required input has a value.
func filled(obj fyne.CanvasObject) bool {
	switch o := obj.(type) {
	case *UnitPicker:
		id, _ := o.Unit()
		return id != ""
	case *DateEntry:
		return strings.TrimSpace(o.Text) != ""
	case *widget.Entry:
		return strings.TrimSpace(o.Text) != ""
	case *TextArea:
		return strings.TrimSpace(o.Text) != ""
	case *widget.SelectEntry:
		return strings.TrimSpace(o.Text) != ""
	case *widget.Select:
		return o.Selected != ""
	case *widget.RadioGroup:
		return o.Selected != ""
	case *widget.CheckGroup:
		return len(o.Selected) > 0
	}
	return true // a check box or an untracked object always has a value
}

// check returns the input's own validation error (a date that does not
// parse, a unit typed but not picked).
func check(obj fyne.CanvasObject) error {
	var err error
	switch o := obj.(type) {
	case *UnitPicker:
		if o.Validator != nil {
			err = o.Validator(o.Text)
		}
	case *DateEntry:
		_, err = o.Date()
	case *widget.Entry:
		if o.Validator != nil {
			err = o.Validator(o.Text)
		}
	}
	return err
}

// update refreshes the messages under the fields and the 保存 button.
func (f *Form) update() {
	ok := true
	for _, ff := range f.fields {
		msg := ff.stored
		if err := check(ff.obj); err != nil {
			ok = false
			if msg == "" {
				msg = err.Error() // the inputs' own checks speak Chinese
			}
		}
		if ff.required && !filled(ff.obj) {
			ok = false
		}
		if setMessage(ff.msg, msg) {
			f.root.Refresh() // the row grows or shrinks
		}
	}
	if ok {
		f.save.Enable()
	} else {
		f.save.Disable()
	}
}

// setMessage shows msg in l, hiding l when msg is empty, and says whether
// l appeared or disappeared (its container must then be laid out again).
func setMessage(l *widget.Label, msg string) bool {
	l.SetText(msg)
	if (msg == "") != l.Visible() {
		return false // already hidden, or already shown
	}
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
	return true
}

// setFormMessage shows msg above the buttons.
func (f *Form) setFormMessage(msg string) {
	if setMessage(f.message, msg) {
		f.root.Refresh()
	}
}

// Valid says whether 保存 is enabled: required fields filled, inputs valid.
func (f *Form) Valid() bool { return !f.save.Disabled() }

// ShowError shows a save error: a *data.ValidationError or
// *data.ConflictError under the field it names (or above the buttons when
// no field has that name), anything else above the buttons as
// data.UserMessage says it. Unexpected errors are logged in full.
func (f *Form) ShowError(err error) {
	if err == nil {
		f.setFormMessage("")
		return
	}
	var ve *data.ValidationError
	var ce *data.ConflictError
	field := ""
	switch {
	case errors.As(err, &ve):
		field = ve.Field
	case errors.As(err, &ce):
		field = ce.Field
	default:
		log.Printf("form: save failed: %v", err)
	}
	msg := data.UserMessage(err)
	for _, ff := range f.fields {
		if field != "" && ff.name == field {
			ff.stored = msg
			f.update()
			f.setFormMessage("")
			return
		}
	}
	f.setFormMessage(msg)
}

// Save checks the form, runs onSave and either shows its error or marks the
// form clean. With required fields empty it says which and does not call
// onSave.
func (f *Form) Save() {
	var missing []string
	for _, ff := range f.fields {
		ff.stored = ""
		if ff.required && !filled(ff.obj) {
			missing = append(missing, ff.label)
		}
	}
	f.update()
	f.setFormMessage("")
	if len(missing) > 0 {
		f.setFormMessage("请填写：" + strings.Join(missing, "、"))
		return
	}
	if !f.Valid() {
		f.setFormMessage("请先改正标出的错误")
		return
	}
	if err := f.onSave(); err != nil {
		f.ShowError(err)
		return
	}
	f.MarkClean()
}

// Dirty says whether a field changed since the last MarkClean (or save).
func (f *Form) Dirty() bool { return f.dirty }

// MarkDirty records a change the form cannot see: an input it does not
// track (a composite row, a list edited beside the form). Call it from that
// input's change handler, but not while filling the form from a record
// (MarkClean afterwards forgets it anyway). It also rechecks the tracked
// fields, as any edit does.
func (f *Form) MarkDirty() {
	f.setDirty(true)
	f.update()
}

// MarkClean forgets changes: call it after filling the form from a record.
func (f *Form) MarkClean() {
	for _, ff := range f.fields {
		ff.stored = ""
	}
	f.setFormMessage("")
	f.update()
	f.setDirty(false)
}

func (f *Form) setDirty(d bool) {
	if f.dirty == d {
		return
	}
	f.dirty = d
	if f.OnDirtyChanged != nil {
		f.OnDirtyChanged(d)
	}
}

// AddButton puts a button to the left of 保存 (删除, 打印 …).
func (f *Form) AddButton(b *widget.Button) {
	f.buttons.Objects = append(f.buttons.Objects[:len(f.buttons.Objects)-1], b, f.save)
	f.buttons.Refresh()
}

// Widget is the form: fields, the form-level message and the buttons.
func (f *Form) Widget() fyne.CanvasObject { return f.root }

// ConfirmLeave calls leave at once when nothing changed; otherwise it asks
// "有未保存的修改，确定放弃吗？" and calls leave only if the user gives the
// changes up.
func (f *Form) ConfirmLeave(w fyne.Window, leave func()) {
	if !f.dirty {
		leave()
		return
	}
	AskDiscard(w, "有未保存的修改，确定放弃吗？", func(discard bool) {
		if discard {
			f.MarkClean()
			leave()
		}
	})
}

// AskDiscard asks message (…有未保存的修改，确定放弃吗？) with the buttons
// 放弃修改 and 继续编辑: the one question every form asks before its
// unsaved changes are given up. answer gets true on 放弃修改.
func AskDiscard(w fyne.Window, message string, answer func(discard bool)) {
	d := dialog.NewConfirm("未保存的修改", message, answer, w)
	d.SetConfirmText("放弃修改")
	d.SetDismissText("继续编辑")
	d.Show()
}
