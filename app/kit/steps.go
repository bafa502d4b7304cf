package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Steps is the row of buttons a record's detail offers: the workflow steps
// its state allows now, highlighted, and the other things to do with it.
type Steps struct{ objs []fyne.CanvasObject }

// Step offers a workflow step (签发, 限期整改 …), highlighted.
func (s *Steps) Step(label string, icon fyne.Resource, tapped func()) {
	s.Button(label, icon, tapped).Importance = widget.HighImportance
}

// Button offers something else to do (催办, 打印 …); icon may be nil.
func (s *Steps) Button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	s.objs = append(s.objs, b)
	return b
}

// Add puts objs after the buttons (a spacer, a button of its own).
func (s *Steps) Add(objs ...fyne.CanvasObject) { s.objs = append(s.objs, objs...) }

// Show puts the buttons in box, in place of those it had.
func (s *Steps) Show(box *fyne.Container) {
	box.Objects = s.objs
	box.Refresh()
}

// ShowStepDialog is the dialog of every workflow step (受理, 送达, 延期, 复查
// …): the step's form under intro (a paragraph each, empty ones left out),
// width wide and as tall as its content, no taller than the window, with
// 取消 beside 保存. 取消 asks before what was typed is given up; the form's
// save closes the dialog once the step is recorded.
func ShowStepDialog(win fyne.Window, title string, form *Form, width float32, intro ...string) *dialog.CustomDialog {
	var d *dialog.CustomDialog
	form.AddButton(widget.NewButton("取消", func() { form.ConfirmLeave(win, d.Hide) }))
	form.MarkClean() // what the step offers to start with is not the user's
	var head []fyne.CanvasObject
	for _, text := range intro {
		if text != "" {
			head = append(head, NewWrapLabel(text))
		}
	}
	// The form scrolls its fields and keeps 保存 in view.
	body := container.NewBorder(container.NewVBox(head...), nil, nil, nil, form.Widget())
	d = dialog.NewCustomWithoutButtons(title, body, win)
	fit := func() {
		d.Resize(fyne.NewSize(width, min(d.MinSize().Height, win.Canvas().Size().Height*0.92)))
	}
	fit()
	d.Show()
	// Wrapped lines know their height only once laid out at the dialog's
	// width: fit the dialog to them.
	fit()
	return d
}
