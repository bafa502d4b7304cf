package parts

import (
	"strings"
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"

	fynetheme "fyne.io/fyne/v2/theme"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// IssuingBody is the office's name as it signs, the usual deciding body.
func IssuingBody(w host.Host) string {
	st, err := w.DB().Settings(w.Context())
	if err != nil {
		fyne.LogError("reading the issuing body", err)
		return ""
	}
	return st.IssuingBody
}

// ActionForm holds the fields of a 责任追究 decision: the screen's form and
// the dialog that records one from a finding or a complaint share it.
type ActionForm struct {
	w      host.Host
	Form   *kit.Form
	Action *data.Action // the decision shown; nil while a new one is entered
	// draft carries what the form does not edit (the basis) into a new
	// decision.
	draft data.Action

	Target       *widget.RadioGroup
	Unit         *kit.UnitPicker
	Person, Post *widget.Entry
	Measure      *widget.Select
	Basis        *kit.WrapLabel
	OpenBasis    *widget.Button // nil where leaving for the basis is not offered
	basisRec     store.ActionBasis
	Reason       *kit.TextArea
	DecidedOn    *kit.DateEntry
	DecidedBy    *widget.SelectEntry
	DocNumber    *widget.Entry
}

// targetChanged offers the person's fields only for a decision against a
// person; a unit's decision names nobody.
func (f *ActionForm) targetChanged(t string) {
	person := t == string(data.TargetPerson)
	if !person {
		f.Person.SetText("")
		f.Post.SetText("")
	}
	kit.SetEnabled(f.Person, person)
	kit.SetEnabled(f.Post, person)
}

// fill shows a resting on basis; nil starts a new decision decided today
// by body.
func (f *ActionForm) Fill(a *data.Action, basis store.ActionBasis, body string) {
	f.Action = a
	f.draft = data.Action{}
	if a == nil {
		f.fillFields(&data.Action{DecidedOn: host.Today(), DecidedBy: body}, store.ActionBasis{})
	} else {
		f.fillFields(a, basis)
	}
}

// fillDraft shows a new decision pre-filled from d (its basis, unit,
// person), decided today by body unless d says otherwise.
func (f *ActionForm) FillDraft(d data.Action, basis store.ActionBasis, body string) {
	f.Action = nil
	if d.DecidedOn.IsZero() {
		d.DecidedOn = host.Today()
	}
	if d.DecidedBy == "" {
		d.DecidedBy = body
	}
	f.draft = d
	f.fillFields(&d, basis)
}

func (f *ActionForm) fillFields(a *data.Action, basis store.ActionBasis) {
	f.Target.SetSelected(string(a.TargetKind))
	f.targetChanged(string(a.TargetKind))
	f.Unit.SetUnit(a.UnitID, a.UnitName)
	f.Person.SetText(a.PersonName)
	f.Post.SetText(a.PersonPost)
	kit.ShowChoice(f.Measure, a.Measure)
	f.Reason.SetText(a.Reason)
	f.DecidedOn.SetDate(a.DecidedOn)
	f.DecidedBy.SetText(a.DecidedBy)
	f.DocNumber.SetText(a.DocNumber)
	f.showBasisOf(basis)
	f.Form.MarkClean()
}

// showBasisOf shows what the decision rests on, read only, with a button
// to the finding or complaint where the screen offers it.
func (f *ActionForm) showBasisOf(b store.ActionBasis) {
	f.basisRec = b
	text := BasisText(b)
	if text == "" {
		text = "无（直接登记）"
	}
	f.Basis.SetText(text)
	if f.OpenBasis == nil {
		return
	}
	switch {
	case b.FindingID != "" && !b.FindingDeleted:
		f.OpenBasis.SetText("查看问题")
		f.OpenBasis.Show()
	case b.ComplaintID != "" && !b.ComplaintDeleted:
		f.OpenBasis.SetText("查看投诉")
		f.OpenBasis.Show()
	default:
		f.OpenBasis.Hide()
	}
}

// showBasis opens the finding on 问题整改 or the complaint on 效能投诉.
func (f *ActionForm) showBasis() {
	b := f.basisRec
	if b.FindingID != "" && !b.FindingDeleted {
		f.w.OpenFinding(b.FindingID)
		return
	}
	c, err := f.w.DB().Complaint(f.w.Context(), b.ComplaintID)
	if err != nil {
		kit.ShowError(f.w.Window(), err)
		return
	}
	f.w.OpenComplaint(c)
}

// setOptions offers the deciding bodies of the decisions listed, and the
// office itself.
func (f *ActionForm) SetOptions(list []*data.Action) {
	seen := map[string]bool{"": true}
	var bodies []string
	for _, b := range append([]string{IssuingBody(f.w)}, actionBodies(list)...) {
		if !seen[b] {
			seen[b] = true
			bodies = append(bodies, b)
		}
	}
	f.DecidedBy.SetOptions(bodies)
}

// read returns the decision as the form shows it.
func (f *ActionForm) Read() (*data.Action, error) {
	a := f.draft
	if f.Action != nil {
		a = *f.Action
	}
	a.TargetKind = data.TargetKind(f.Target.Selected)
	a.UnitID, a.UnitName = f.Unit.Unit()
	a.PersonName = strings.TrimSpace(f.Person.Text)
	a.PersonPost = strings.TrimSpace(f.Post.Text)
	a.Measure = data.Measure(f.Measure.Selected)
	a.Reason = strings.TrimSpace(f.Reason.Text)
	day, err := f.DecidedOn.Date()
	if err != nil {
		return nil, data.Invalid("DecidedOn", err.Error())
	}
	a.DecidedOn = day
	a.DecidedBy = strings.TrimSpace(f.DecidedBy.Text)
	a.DocNumber = strings.TrimSpace(f.DocNumber.Text)
	return &a, nil
}

// NewActionForm builds the fields; navigable adds a button that opens the
// finding or complaint the decision rests on.
func NewActionForm(w host.Host, onSave func() error, navigable bool) *ActionForm {
	f := &ActionForm{w: w, Form: kit.NewForm(onSave)}
	f.Target = widget.NewRadioGroup([]string{string(data.TargetUnit), string(data.TargetPerson)}, f.targetChanged)
	f.Target.Horizontal = true
	f.Unit = kit.NewUnitPicker(UnitSearch(w))
	f.Person, f.Post = widget.NewEntry(), widget.NewEntry()
	f.Person.SetPlaceHolder("追究个人时填写")
	f.Measure = widget.NewSelect(kit.ChoiceLabels(data.Measures), nil)
	f.Measure.PlaceHolder = "请选择"
	f.Basis = kit.NewWrapLabel("")
	var basisRow fyne.CanvasObject = f.Basis
	if navigable {
		f.OpenBasis = widget.NewButtonWithIcon("", fynetheme.SearchIcon(), f.showBasis)
		basisRow = container.NewBorder(nil, nil, nil, f.OpenBasis, f.Basis)
	}
	f.Reason = kit.NewTextArea(3, "")
	f.DecidedOn = kit.NewDateEntry()
	f.DecidedBy = widget.NewSelectEntry(nil)
	f.DocNumber = widget.NewEntry()
	f.DocNumber.SetPlaceHolder("如 效告〔2026〕3号")

	f.Form.Add("追究对象", "TargetKind", f.Target, true)
	f.Form.Add("单位", "UnitID", f.Unit, true)
	f.Form.Add("姓名", "PersonName", f.Person, false)
	f.Form.Add("职务", "PersonPost", f.Post, false)
	f.Form.Add("追究方式", "Measure", f.Measure, true)
	f.Form.Add("依据", "Basis", basisRow, false)
	f.Form.Add("事由", "Reason", f.Reason, false)
	f.Form.Add("决定日期", "DecidedOn", f.DecidedOn, true)
	f.Form.Add("决定机关", "DecidedBy", f.DecidedBy, false)
	f.Form.Add("文号", "DocNumber", f.DocNumber, false)
	return f
}

// RecordAction opens a dialog over win that records a 责任追究 decision
// pre-filled from a (its FindingID or ComplaintID, unit, person, reason);
// saved, if not nil, runs once it is in the ledger. The screens of findings
// and complaints offer it for what they found substantiated.
func RecordAction(w host.Host, win fyne.Window, a data.Action, saved func()) {
	var d *dialog.CustomDialog
	var f *ActionForm
	f = NewActionForm(w, func() error {
		rec, err := f.Read()
		if err != nil {
			return err
		}
		if err := w.DB().CreateAction(w.Context(), rec); err != nil {
			return err
		}
		d.Hide()
		if saved != nil {
			saved()
		}
		return nil
	}, false)
	basis, err := draftBasis(w, a)
	if err != nil {
		kit.ShowError(win, err)
		return
	}
	f.FillDraft(a, basis, IssuingBody(w))
	list, err := w.DB().Actions(w.Context(), data.ActionFilter{Limit: 200})
	if err != nil {
		kit.ShowError(win, err)
		return
	}
	f.SetOptions(list)
	f.Form.AddButton(widget.NewButton("取消", func() { d.Hide() }))
	d = dialog.NewCustomWithoutButtons("登记责任追究", f.Form.Widget(), win)
	d.Resize(fyne.NewSize(640, min(f.Form.Widget().MinSize().Height+80, win.Canvas().Size().Height*0.9)))
	d.Show()
}

// draftBasis reads the finding and the complaint a decision being entered
// rests on.
func draftBasis(w host.Host, a data.Action) (store.ActionBasis, error) {
	var b store.ActionBasis
	if a.FindingID != "" {
		fd, err := w.DB().Finding(w.Context(), a.FindingID)
		if err != nil {
			return b, err
		}
		b.FindingID, b.FindingCategory, b.FindingDescription = fd.ID, fd.Category, fd.Description
	}
	if a.ComplaintID != "" {
		c, err := w.DB().Complaint(w.Context(), a.ComplaintID)
		if err != nil {
			return b, err
		}
		b.ComplaintID, b.ComplaintNumber, b.ComplaintSubject = c.ID, c.Number, c.Subject
	}
	return b, nil
}

// BasisText describes what a decision rests on: 【类别】问题描述 for a
// finding, 编号 事由 for a complaint, 督办 编号 名称 for a task, the 评议 that
// warned a key post.
func BasisText(b store.ActionBasis) string {
	var parts []string
	deleted := func(d bool) string {
		if d {
			return "（已删除）"
		}
		return ""
	}
	if b.FindingID != "" {
		parts = append(parts, "【"+string(b.FindingCategory)+"】"+b.FindingDescription+deleted(b.FindingDeleted))
	}
	if b.ComplaintID != "" {
		parts = append(parts, b.ComplaintNumber+" "+b.ComplaintSubject+deleted(b.ComplaintDeleted))
	}
	if b.TaskID != "" {
		parts = append(parts, "督办 "+b.TaskNumber+" "+b.TaskTitle+deleted(b.TaskDeleted))
	}
	if b.AppraisalID != "" {
		parts = append(parts, b.AppraisalTitle)
	}
	return strings.Join(parts, "；")
}

func actionBodies(list []*data.Action) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.DecidedBy
	}
	return out
}
