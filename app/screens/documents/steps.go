package documents

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/reports/documents"
)

func (s *Screen) stepDialog(title string, form *kit.Form, intro string) *dialog.CustomDialog {
	return kit.ShowStepDialog(s.w.Window(), title, form, 640, intro)
}

// stepDone closes the step's dialog and shows the document again.
func (s *Screen) stepDone(d *dialog.CustomDialog) {
	d.Hide()
	s.reloadShowing()
}

func (s *Screen) intro() string {
	d := s.doc
	if d.Number != "" {
		return fmt.Sprintf("%s《%s》（%s）\n主送：%s", d.Kind, d.Title, d.Number, d.Recipient)
	}
	return fmt.Sprintf("%s《%s》\n主送：%s", d.Kind, d.Title, d.Recipient)
}

// signDialog signs a draft: its number is given now and its text frozen.
func (s *Screen) signDialog() {
	if s.form.Dirty() {
		s.form.Save()
		if s.form.Dirty() {
			return
		}
	}
	d := s.doc
	if blank := documents.Unfilled(d); len(blank) > 0 {
		dialog.ShowInformation("尚不能签发", fmt.Sprintf("文书中还有待填写的内容：%s。请在“正文”中填写后再签发。", strings.Join(blank, "、")), s.w.Window())
		return
	}
	people, err := s.w.DB().People(s.w.Context(), "")
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	var signers []string
	for _, p := range people {
		if p.CanSign && p.Active {
			signers = append(signers, signerLabel(p))
		}
	}
	if len(signers) == 0 {
		dialog.ShowInformation("尚不能签发", "还没有可签发文书的人员。请先在“人员”中为签发文书的领导勾选“可签发文书”。", s.w.Window())
		return
	}
	on := kit.NewDateEntry()
	on.SetDate(s.today)
	signer := widget.NewSelect(signers, nil)
	signer.PlaceHolder = "请选择签发人"
	if len(signers) == 1 {
		signer.SetSelected(signers[0])
	}
	var dlg *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("SignedOn", err.Error())
		}
		name, _, _ := strings.Cut(signer.Selected, "（")
		signed, err := s.w.DB().SignDocument(s.w.Context(), d.ID, day, name)
		if err != nil {
			return err
		}
		s.stepDone(dlg)
		dialog.ShowInformation("已签发", fmt.Sprintf("《%s》已签发，文号：%s。", signed.Title, signed.Number), s.w.Window())
		return nil
	})
	form.Add("成文日期", "SignedOn", on, true)
	form.Add("签发人", "Signer", signer, true)
	form.Add("", "", kit.NewWrapLabel("签发后按种类和年份编号，文书正文不能再修改。"), false)
	dlg = s.stepDialog("签发", form, s.intro())
}

// signerLabel is a signer as offered: 王强（县效能办主任）.
func signerLabel(p *data.Person) string {
	if p.Post == "" {
		return p.Name
	}
	return p.Name + "（" + p.Post + "）"
}

// deliverDialog records the 送达回证: when, how, to whom and by whom; a
// document left with the recipient who refused it (留置送达) needs the
// refusal and a witness.
func (s *Screen) deliverDialog() {
	d := s.doc
	on := kit.NewDateEntry()
	on.SetDate(s.today)
	to, by, place, witness := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	by.SetText(s.w.DB().Actor())
	if d.RecipientUnitID != "" {
		if u, err := s.w.DB().Unit(s.w.Context(), d.RecipientUnitID); err == nil {
			to.SetText(u.Contact)
			place.SetText(u.Address)
		}
	}
	refusal := kit.NewTextArea(2, "受送达人拒收的事由，文书留置的地点和情况")
	leftHint := kit.NewWrapLabel("留置送达须写明拒收事由和留置情况，并有见证人在送达回证上签名。")
	method := widget.NewSelect(data.DeliveryMethods, func(m string) {
		left := m == data.DeliverLeft
		kit.SetVisible(leftHint, left)
		kit.SetEnabled(refusal, left)
		kit.SetEnabled(witness, left)
	})
	method.PlaceHolder = "请选择送达方式"
	method.SetSelected(data.DeliverByHand)
	var dlg *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		dl := data.Delivery{On: day, Method: method.Selected, To: to.Text, By: by.Text, Place: place.Text}
		if dl.Method == data.DeliverLeft {
			dl.RefusalNote, dl.Witness = refusal.Text, witness.Text
		}
		if err := s.w.DB().DeliverDocument(s.w.Context(), d.ID, dl); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("送达日期", "On", on, true)
	form.Add("送达方式", "Method", method, true)
	form.Add("受送达人", "To", to, true)
	form.Add("送达人", "By", by, true)
	form.Add("送达地点", "Place", place, false)
	form.Add("拒收事由及留置情况", "RefusalNote", refusal, false)
	form.Add("见证人", "Witness", witness, false)
	form.Add("", "", leftHint, false)
	dlg = s.stepDialog("送达", form, s.intro()+"\n按送达回证上的记载填写。")
}

// replyDialog records the unit's written reply.
func (s *Screen) replyDialog() {
	d := s.doc
	on := kit.NewDateEntry()
	on.SetDate(s.today)
	content := kit.NewTextArea(5, "回复的主要内容：采取的措施、整改或办理结果")
	var dlg *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("RepliedOn", err.Error())
		}
		if err := s.w.DB().RecordDocumentReply(s.w.Context(), d.ID, day, content.Text); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("回复日期", "RepliedOn", on, true)
	form.Add("回复内容", "ReplyContent", content, true)
	intro := s.intro()
	if !d.ReplyDue.IsZero() {
		intro += "\n回复期限：" + d.ReplyDue.Chinese()
		if s.overdue(d) {
			intro += "（已逾期）"
		}
	}
	dlg = s.stepDialog("登记回复", form, intro)
}

func (s *Screen) archiveDialog() {
	d := s.doc
	on := kit.NewDateEntry()
	on.SetDate(s.today)
	var dlg *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("ArchivedOn", err.Error())
		}
		if err := s.w.DB().ArchiveDocument(s.w.Context(), d.ID, day); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("归档日期", "ArchivedOn", on, true)
	intro := s.intro()
	if d.Status == data.DocSigned || d.Status == data.DocDelivered {
		intro += "\n尚未登记单位的回复；归档后不能再登记。"
	}
	dlg = s.stepDialog("归档", form, intro)
}

func (s *Screen) voidDialog() {
	d := s.doc
	reason := kit.NewTextArea(2, "如：主送单位名称有误，已重新制发")
	var dlg *dialog.CustomDialog
	form := kit.NewForm(func() error {
		if err := s.w.DB().VoidDocument(s.w.Context(), d.ID, reason.Text); err != nil {
			return err
		}
		s.stepDone(dlg)
		return nil
	})
	form.Add("作废原因", "VoidReason", reason, true)
	dlg = s.stepDialog("作废", form, s.intro()+"\n作废后文号"+d.Number+"保留不再使用，文书不能恢复。")
}
