package kit

import (
	"errors"
	"fmt"
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
// and on 保存 shows every problem at once, each under its field: a required
// field left empty, an input's own check (a date that does not exist, a
// unit typed but not picked) and every problem the record's validation or
// the store finds (*data.ValidationError, joined); it then scrolls to the
// first problem and puts the cursor there. 保存 stays enabled and, with the
// other buttons, stays in view below the fields, which scroll (the mouse
// wheel scrolls them wherever the pointer is, over an input too). After a
// save refused, each edit checks the form again (through SetCheck, the
// record's own validation), so that a message goes as soon as its cause is
// fixed. It tracks unsaved changes.
//
// Saving is a button (and Ctrl+S through Save), never Enter in a field:
// input methods on X11 leak the Enter that commits a composition.
type Form struct {
	// OnDirtyChanged, if set, is called when Dirty changes (for a "*" in a
	// title, say).
	OnDirtyChanged func(dirty bool)

	onSave  func() error
	check   func() error
	fields  []*formField
	grid    *fyne.Container
	body    *fyne.Container // the fields and what is added under them
	scroll  *container.Scroll
	message *WrapLabel
	save    *widget.Button
	buttons *fyne.Container
	root    *fyne.Container
	dirty   bool
	tried   bool // 保存 was pressed and refused: problems show as they are
	reload  func()
	kept    *keptPanel // what the user typed, after a stale save reloaded
}

type formField struct {
	label, name string
	obj         fyne.CanvasObject
	cell        *fyne.Container // the input and its message, in the grid
	required    bool
	msg         *WrapLabel
	// stored is the message of a store error for this field; it stays
	// until the field is edited.
	stored string
	// checked is the record's validation's message for this field.
	checked string
	// clean is the input's text at the last MarkClean: the record as
	// loaded, against which a stale save tells what the user typed.
	clean string
}

// NewForm returns an empty form whose 保存 button calls onSave. onSave
// returns the store's error, if any, which the form shows.
func NewForm(onSave func() error) *Form {
	f := &Form{onSave: onSave}
	f.grid = container.New(layout.NewFormLayout())
	f.body = container.NewVBox(f.grid)
	f.scroll = container.NewVScroll(f.body)
	f.message = NewWrapLabel("")
	f.message.Importance = widget.DangerImportance
	f.message.Hide()
	f.save = widget.NewButtonWithIcon("保存", theme.DocumentSaveIcon(), f.Save)
	f.save.Importance = widget.HighImportance
	f.buttons = container.NewHBox(layout.NewSpacer(), f.save)
	f.kept = newKeptPanel()
	footer := container.NewVBox(f.kept.root, f.message, f.buttons)
	f.root = container.New(&formLayout{f: f, footer: footer},
		container.NewStack(f.scroll, newWheelRouter(f)), footer)
	return f
}

// SetCheck gives the form the record's own validation (data's Validate of
// the record as typed): after a save refused, each edit runs it again, so
// that the messages follow the fields as they are fixed.
func (f *Form) SetCheck(check func() error) { f.check = check }

// AddBelow puts o under the fields, scrolling with them (a hint, a
// preview).
func (f *Form) AddBelow(o fyne.CanvasObject) { f.body.Add(o) }

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
	ff := &formField{label: label, name: field, obj: input(obj), required: required, msg: NewWrapLabel("")}
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
	ff.cell = container.NewVBox(obj, ff.msg)
	f.grid.Add(ff.cell)
	f.watch(ff)
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

// edited marks the form dirty and, after a save refused, checks it again.
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

// update shows each field's problem: its input's own check at once (a
// date typed that does not exist), and after a save refused, the record's
// validation, the store's verdict not yet edited away, and a required
// field left empty. The form's message counts what is left to fix.
func (f *Form) update() {
	if f.tried && f.check != nil {
		f.apply(f.check(), false)
	}
	left := 0
	for _, ff := range f.fields {
		msg := ff.problem(f.tried)
		if msg != "" {
			left++
		}
		if setMessage(ff.msg, msg) {
			f.root.Refresh() // the row grows or shrinks
		}
	}
	if f.tried {
		switch {
		case left > 0:
			f.setFormMessage(fmt.Sprintf("还有%d处需要填写或修改，见各栏下的红字。", left))
		case strings.HasPrefix(f.message.Text, "还有"):
			f.setFormMessage("")
		}
	}
}

// problem is what the field shows under it.
func (ff *formField) problem(tried bool) string {
	if err := check(ff.obj); err != nil {
		return err.Error() // the inputs' own checks speak Chinese
	}
	if !tried {
		return ""
	}
	switch {
	case ff.stored != "":
		return ff.stored
	case ff.checked != "":
		return ff.checked
	case ff.required && !filled(ff.obj):
		return "请填写" + strings.TrimSpace(ff.label)
	}
	return ""
}

// apply puts the messages of err (a record's validation, or the store's
// refusal when stored) under the fields they name, and returns what names
// none of the form's fields.
func (f *Form) apply(err error, stored bool) []string {
	if !stored {
		for _, ff := range f.fields {
			ff.checked = ""
		}
	}
	var rest []string
	for _, e := range flatten(err) {
		var ve *data.ValidationError
		var ce *data.ConflictError
		field := ""
		switch {
		case errors.As(e, &ve):
			field = ve.Field
		case errors.As(e, &ce):
			field = ce.Field
		default:
			log.Printf("form: save failed: %v", e)
		}
		msg := data.UserMessage(e)
		shown := false
		for _, ff := range f.fields {
			if field == "" || ff.name != field {
				continue
			}
			if stored {
				if ff.stored == "" {
					ff.stored = msg
				}
			} else if ff.checked == "" {
				ff.checked = msg
			}
			shown = true
			break
		}
		if !shown {
			rest = append(rest, msg)
		}
	}
	return rest
}

// flatten lists the errors errors.Join put together (or err alone).
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// setMessage shows msg in l, hiding l when msg is empty, and says whether
// l appeared or disappeared (its container must then be laid out again).
func setMessage(l *WrapLabel, msg string) bool {
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

// Valid says whether no field shows a problem and every required field is
// filled.
func (f *Form) Valid() bool {
	for _, ff := range f.fields {
		if ff.problem(f.tried) != "" || ff.required && !filled(ff.obj) {
			return false
		}
	}
	return true
}

// ShowError shows a save error: each *data.ValidationError or
// *data.ConflictError (errors.Join may hold several) under the field it
// names, what names no field above the buttons as data.UserMessage says
// it; then it brings the first problem into view. Unexpected errors are
// logged in full. A save refused as stale asks about loading the record
// again (stale.go).
func (f *Form) ShowError(err error) {
	if err == nil {
		f.setFormMessage("")
		return
	}
	if f.showStale(err) {
		return
	}
	f.tried = true
	for _, ff := range f.fields {
		ff.stored = ""
	}
	rest := f.apply(err, true)
	f.update()
	if len(rest) > 0 {
		f.setFormMessage(strings.Join(rest, "\n"))
	}
	f.revealFirst()
}

// Save checks the form and runs onSave, or shows every problem at once and
// brings the first into view; it marks the form clean once saved.
func (f *Form) Save() {
	f.tried = true
	for _, ff := range f.fields {
		ff.stored = ""
	}
	f.setFormMessage("")
	f.update()
	if !f.Valid() {
		f.revealFirst()
		return
	}
	if err := f.onSave(); err != nil {
		if errors.Is(err, data.ErrWriterBusy) {
			f.saveWhenFree(err)
			return
		}
		f.ShowError(err)
		return
	}
	f.MarkClean()
}

// revealFirst scrolls the first field showing a problem into view and puts
// the cursor in it.
func (f *Form) revealFirst() {
	for _, ff := range f.fields {
		if !ff.msg.Visible() {
			continue
		}
		// The row's top, a line of context above it.
		y := ff.cell.Position().Y + f.grid.Position().Y - theme.Padding()*4
		f.scroll.ScrollToOffset(fyne.NewPos(0, max(y, 0)))
		if in, ok := ff.obj.(fyne.Focusable); ok {
			if d, ok := in.(fyne.Disableable); !ok || !d.Disabled() {
				if c := fyne.CurrentApp().Driver().CanvasForObject(f.root); c != nil {
					c.Focus(in)
				}
			}
		}
		return
	}
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

// MarkClean forgets changes and problems shown: call it after filling the
// form from a record.
func (f *Form) MarkClean() {
	f.kept.root.Hide()
	f.tried = false
	for _, ff := range f.fields {
		ff.stored, ff.checked = "", ""
		ff.clean = inputText(ff.obj)
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

// SetSaveButton names the form's 保存 button otherwise (连接, say), with
// its icon.
func (f *Form) SetSaveButton(text string, icon fyne.Resource) {
	f.save.SetText(text)
	f.save.SetIcon(icon)
}

// AddButton puts a button to the left of 保存 (删除, 打印 …).
func (f *Form) AddButton(b *widget.Button) {
	f.buttons.Objects = append(f.buttons.Objects[:len(f.buttons.Objects)-1], b, f.save)
	f.buttons.Refresh()
}

// Widget is the form: its fields, scrolling, over the form-level message
// and the buttons. It scrolls itself: do not put it in a scroll.
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
// unsaved changes are given up. 继续编辑, the safe answer, is the
// highlighted one; closing the question keeps editing too. answer gets
// true on 放弃修改.
func AskDiscard(w fyne.Window, message string, answer func(discard bool)) {
	var d *dialog.CustomDialog
	discard := false
	give := widget.NewButton("放弃修改", func() { discard = true; d.Hide() })
	keep := widget.NewButton("继续编辑", func() { d.Hide() })
	keep.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons("未保存的修改", NewWrapLabel(message), w)
	d.SetButtons([]fyne.CanvasObject{give, keep})
	d.SetOnClosed(func() { answer(discard) })
	d.Resize(fyne.NewSize(400, d.MinSize().Height))
	d.Show()
}
