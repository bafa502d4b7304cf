package kit

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

// A save refused because someone else saved the record since the form
// read it (another desktop on the office's server, or the command line on
// the same file: *data.StaleError) is answered here for every form: the
// question "此记录已被他人修改（某某，时间）" offers to load the record as
// they saved it, and what the user typed stays in view under the fields
// (the kept panel), to type in again where it still applies.

// SetReload gives the form the way to load its record again as stored
// (the screen's own open of the record). Without one, a stale save is
// told and the user's text stays in the form.
func (f *Form) SetReload(reload func()) { f.reload = reload }

// keptPanel shows what the user typed when a stale save was reloaded.
type keptPanel struct {
	root *fyne.Container
	text *widget.Label
}

func newKeptPanel() *keptPanel {
	p := &keptPanel{text: widget.NewLabel("")}
	p.text.Selectable = true
	p.text.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle("您填写但未保存的内容（可复制后重新填写）：", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	hide := widget.NewButton("收起", func() { p.root.Hide() })
	scroll := container.NewVScroll(p.text)
	scroll.SetMinSize(fyne.NewSize(0, 4*fyne.MeasureText("字", theme.TextSize(), fyne.TextStyle{}).Height))
	p.root = container.NewBorder(container.NewBorder(nil, nil, nil, hide, title), nil, nil, nil, scroll)
	p.root.Hide()
	return p
}

// Kept is the text the kept panel shows, "" while it is hidden.
func (f *Form) Kept() string {
	if !f.kept.root.Visible() {
		return ""
	}
	return f.kept.text.Text
}

// showStale answers a stale save, and reports whether err was one.
func (f *Form) showStale(err error) bool {
	var stale *data.StaleError
	if !errors.As(err, &stale) {
		return false
	}
	typed := f.typed()
	win := f.window()
	if win == nil || f.reload == nil {
		f.setFormMessage(stale.Error())
		return true
	}
	text := NewWrapLabel(stale.Error() + "\n\n重新载入后，表单显示对方保存的内容；您填写的内容留在表单下方，可对照重新填写。")
	var d *dialog.CustomDialog
	later := widget.NewButton("暂不载入", func() { d.Hide() })
	reload := widget.NewButton("重新载入", func() {
		d.Hide()
		f.reload()
		if typed != "" {
			f.kept.text.SetText(typed)
			f.kept.root.Show()
			f.root.Refresh()
		}
	})
	reload.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons("记录已被他人修改", text, win)
	d.SetButtons([]fyne.CanvasObject{later, reload})
	d.Resize(fyne.NewSize(440, d.MinSize().Height))
	d.Show()
	f.setFormMessage(stale.Error())
	return true
}

// typed lists the fields the user changed since the record was loaded, as
// the user has them, one "名称：值" a line ("（已清空）" for one emptied);
// when no tracked field changed (a row the form does not track did), every
// field that has a value.
func (f *Form) typed() string {
	var changed, all []string
	for _, ff := range f.fields {
		v := strings.TrimSpace(inputText(ff.obj))
		if v != "" {
			all = append(all, ff.label+"："+v)
		}
		if inputText(ff.obj) != ff.clean {
			if v == "" {
				v = "（已清空）"
			}
			changed = append(changed, ff.label+"："+v)
		}
	}
	if len(changed) == 0 {
		changed = all
	}
	return strings.Join(changed, "\n")
}

// inputText is what an input shows, as text.
func inputText(obj fyne.CanvasObject) string {
	switch o := obj.(type) {
	case *UnitPicker:
		return o.Text
	case *DateEntry:
		return o.Text
	case *widget.Entry:
		return o.Text
	case *TextArea:
		return o.Text
	case *widget.SelectEntry:
		return o.Text
	case *widget.Select:
		return o.Selected
	case *widget.RadioGroup:
		return o.Selected
	case *widget.CheckGroup:
		return strings.Join(o.Selected, "、")
	case *widget.Check:
		if o.Checked {
			return "是"
		}
	}
	return ""
}
