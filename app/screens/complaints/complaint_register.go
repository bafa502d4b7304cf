package complaints

import (
	"errors"
	"fmt"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// registerDialog is 登记投诉: the receipt, the complainant (or 匿名), the
// unit and person complained about, the matter and its files. Before the
// complaint is saved, complaints of the same unit from the last 90 days with a
// similar 事由 are shown, and the new one can be merged into one of them.
type registerDialog struct {
	s    *Screen
	w    host.Host
	form *kit.Form
	d    *dialog.CustomDialog

	when      *whenEntry
	channel   *widget.Select
	sourceRef *widget.Entry
	anonymous *widget.Check
	identity  []*widget.Entry // name, phone, ID number, address, work unit
	unit      *kit.UnitPicker
	person    *widget.Entry
	post      *widget.Entry
	category  *widget.Select
	subject   *widget.Entry
	content   *kit.TextArea
	similar   *kit.WrapLabel
	files     []*data.Attachment
	strip     *parts.PhotoStrip
}

func newRegisterDialog(s *Screen) *registerDialog {
	r := &registerDialog{s: s, w: s.w, when: newWhenEntry()}
	r.form = kit.NewForm(r.Save)
	r.form.SetCheck(func() error {
		c, err := r.complaint()
		return errors.Join(err, c.Validate())
	})

	r.channel = widget.NewSelect(kit.ChoiceLabels(data.Channels), nil)
	r.channel.PlaceHolder = "请选择"
	r.sourceRef = widget.NewEntry()
	r.sourceRef.SetPlaceHolder("12345工单号或上级交办文号")

	name, phone, idNumber, address, workUnit := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	r.identity = []*widget.Entry{name, phone, idNumber, address, workUnit}
	r.anonymous = widget.NewCheck("匿名（投诉人不愿留名）", func(on bool) {
		for _, e := range r.identity {
			kit.SetEnabled(e, !on)
		}
	})

	r.unit = kit.NewUnitPicker(parts.UnitSearch(r.w))
	r.unit.OnChanged = func(string, string) { r.lookSimilar() }
	r.person, r.post = widget.NewEntry(), widget.NewEntry()
	r.post.SetPlaceHolder("岗位，如：3号窗口")
	r.category = widget.NewSelect(kit.ChoiceLabels(data.Categories), nil)
	r.category.PlaceHolder = "请选择"
	r.subject = widget.NewEntry()
	r.subject.SetPlaceHolder("一句话概括投诉事项")
	r.subject.OnChanged = func(string) { r.lookSimilar() }
	r.content = kit.NewTextArea(5, "投诉的具体内容")
	r.similar = kit.NewWrapLabel(similarHint)

	r.strip = parts.NewPhotoStrip(r.w, "无附件", func(i int) {
		r.files = append(r.files[:i], r.files[i+1:]...)
		r.strip.Set(r.files)
		r.form.MarkDirty()
	})
	r.strip.Set(nil)
	addFile := widget.NewButtonWithIcon("添加附件…", fynetheme.ContentAddIcon(), func() {
		parts.PickFiles(r.w.Window(), "添加投诉附件", parts.ReportExts, func(picked []*data.Attachment) {
			r.files = append(r.files, picked...)
			r.strip.Set(r.files)
			r.form.MarkDirty()
		})
	})

	r.when.add(r.form, "收件日期", "ReceivedAt")
	r.form.Add("渠道", "Channel", r.channel, true)
	r.form.Add("来源编号", "SourceRef", r.sourceRef, false)
	r.form.Add("投诉人", "Complainant.Anonymous", r.anonymous, false)
	r.form.Add("姓名", "Complainant.Name", name, false)
	r.form.Add("联系电话", "Complainant.Phone", phone, false)
	r.form.Add("身份证号", "Complainant.IDNumber", idNumber, false)
	r.form.Add("住址", "Complainant.Address", address, false)
	r.form.Add("工作单位", "Complainant.Unit", workUnit, false)
	r.form.Add("被投诉单位", "UnitID", r.unit, true)
	r.form.Add("被投诉人", "PersonName", container.NewGridWithColumns(2, r.person, r.post), false)
	r.form.Add("类别", "Category", r.category, true)
	r.form.Add("事由", "Subject", r.subject, true)
	r.form.Add("", "", r.similar, false)
	r.form.Add("投诉内容", "Content", r.content, true)
	r.form.Add("附件", "Attachments", container.NewVBox(r.strip.Widget(), container.NewHBox(addFile)), false)
	return r
}

func (r *registerDialog) show() {
	r.form.AddButton(widget.NewButton("取消", func() { r.form.ConfirmLeave(r.w.Window(), r.d.Hide) }))
	note := kit.NewWrapLabel("投诉人信息保密：列表和交办单中不显示，查看须经“显示身份”并记入审计日志。")
	// The form scrolls its fields and keeps 保存 in view.
	body := container.NewBorder(note, nil, nil, nil, r.form.Widget())
	r.d = dialog.NewCustomWithoutButtons("登记投诉", body, r.w.Window())
	size := r.w.Window().Canvas().Size()
	r.d.Resize(fyne.NewSize(max(size.Width*0.6, 720), size.Height*0.92))
	r.d.Show()
}

// complaint is the complaint as typed (the receipt time left at now is now),
// and the error of a receipt time that does not read (the complaint then has
// none, so that the rest of it can still be checked).
func (r *registerDialog) complaint() (*data.Complaint, error) {
	at, err := r.when.atOrNow("ReceivedAt")
	c := &data.Complaint{ReceivedAt: at, Channel: data.Channel(r.channel.Selected), SourceRef: r.sourceRef.Text,
		PersonName: r.person.Text, PersonPost: r.post.Text, Category: data.Category(r.category.Selected),
		Subject: r.subject.Text, Content: r.content.Text}
	c.UnitID, _ = r.unit.Unit()
	c.Complainant.Anonymous = r.anonymous.Checked
	if !c.Complainant.Anonymous {
		p := &c.Complainant
		for i, dst := range []*string{&p.Name, &p.Phone, &p.IDNumber, &p.Address, &p.Unit} {
			*dst = strings.TrimSpace(r.identity[i].Text)
		}
		p.IDNumber = strings.ToUpper(p.IDNumber)
	}
	return c, err
}

// lookSimilar says under the 事由 how many complaints of the unit look like
// this one, before 保存 asks about them.
func (r *registerDialog) lookSimilar() {
	hint := func(text string, imp widget.Importance) {
		r.similar.Importance = imp
		r.similar.SetText(text)
	}
	c, err := r.complaint()
	if err != nil || c.UnitID == "" || strings.TrimSpace(c.Subject) == "" {
		hint(similarHint, widget.MediumImportance)
		return
	}
	list, err := r.w.DB().SimilarComplaints(r.w.Context(), c)
	if err != nil {
		kit.ShowError(r.w.Window(), err)
		return
	}
	if len(list) == 0 {
		hint("近90天该单位没有事由相似的投诉。", widget.MediumImportance)
		return
	}
	hint(fmt.Sprintf("近90天该单位有%d件事由相似的投诉（最近：%s），保存时可选择并单。", len(list), list[0].Number), widget.WarningImportance)
}

// similarHint is the line under 事由 before the unit and the 事由 are in.
const similarHint = "选定被投诉单位并填写事由后，将查找该单位近90天事由相似的投诉。"

// save checks the complaint, then asks about similar complaints if there are
// any, or registers it.
func (r *registerDialog) Save() error {
	c, err := r.complaint()
	if err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	similar, err := r.w.DB().SimilarComplaints(r.w.Context(), c)
	if err != nil {
		return err
	}
	if len(similar) == 0 {
		return r.register(c, "")
	}
	r.askDuplicate(c, similar)
	// The form stays as typed, unsaved, while the question is open.
	return data.Invalid("Duplicate", "发现可能重复的投诉，请选择并入其中一件，或登记为新投诉")
}

// askDuplicate shows the similar complaints: merge the new one into one of
// them, register it as new, or go back to the form.
func (r *registerDialog) askDuplicate(c *data.Complaint, similar []*data.Complaint) {
	var d *dialog.CustomDialog
	list := container.NewVBox()
	for _, o := range similar {
		merge := widget.NewButton("并入此件", func() {
			if err := r.register(c, o.ID); err != nil {
				kit.ShowError(r.w.Window(), err)
				return
			}
			d.Hide()
		})
		label := kit.NewWrapLabel(fmt.Sprintf("%s　%s　%s\n%s（%s）", o.Number, o.ReceivedAt.In(data.Zone).Format(parts.TimeLayout), o.UnitName, o.Subject, o.Status))
		list.Add(container.NewBorder(nil, nil, nil, container.NewVBox(merge), label))
		list.Add(widget.NewSeparator())
	}
	asNew := widget.NewButton("不是重复，登记为新投诉", func() {
		if err := r.register(c, ""); err != nil {
			kit.ShowError(r.w.Window(), err)
			return
		}
		d.Hide()
	})
	asNew.Importance = widget.HighImportance
	back := widget.NewButton("返回修改", func() { d.Hide() })
	intro := kit.NewWrapLabel(fmt.Sprintf("%s近90天有%d件事由相似的投诉，可能反映的是同一事项。并单后新投诉保留编号，随主投诉一并办理。", r.unitName(), len(similar)))
	body := container.NewBorder(intro, container.NewHBox(layout.NewSpacer(), back, asNew), nil, nil, container.NewVScroll(list))
	d = dialog.NewCustomWithoutButtons("可能重复的投诉", body, r.w.Window())
	d.Resize(fyne.NewSize(640, min(480, r.w.Window().Canvas().Size().Height*0.8)))
	d.Show()
}

func (r *registerDialog) unitName() string {
	_, name := r.unit.Unit()
	return name
}

// register writes the complaint (merged into master when not ""), closes the
// form and opens the new complaint, saying so when its acceptance deadline was
// counted without the year's holiday arrangements.
func (r *registerDialog) register(c *data.Complaint, master string) error {
	var assumed data.Assumed
	var err error
	if master == "" {
		assumed, err = r.w.DB().RegisterComplaint(r.w.Context(), c, r.files...)
	} else {
		assumed, err = r.w.DB().RegisterMerged(r.w.Context(), c, master, r.files...)
	}
	if err != nil {
		r.form.ShowError(err)
		return err
	}
	r.form.MarkClean()
	r.d.Hide()
	r.s.reload()
	r.s.OpenComplaint(c)
	if w := assumed.Warning(); w != "" {
		dialog.ShowInformation("工作日计算提示", "受理期限"+c.AcceptDue.String()+"："+w, r.w.Window())
	}
	return nil
}
