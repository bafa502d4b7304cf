package tasks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/documents"
)

func (s *Screen) stepDialog(title string, form *kit.Form, intro string) *dialog.CustomDialog {
	return kit.ShowStepDialog(s.w.Window(), title, form, 640, intro)
}

// stepDone reloads after a step, and tells what else the user should know.
func (s *Screen) stepDone(d *dialog.CustomDialog, note string) {
	d.Hide()
	if err := s.reload(); err != nil {
		kit.ShowError(s.w.Window(), err)
	}
	s.Open(s.task.ID)
	if note != "" {
		dialog.ShowInformation("提示", note, s.w.Window())
	}
}

func (s *Screen) intro() string {
	t := s.task
	return fmt.Sprintf("%s %s（牵头单位：%s）", t.Number, t.Title, t.LeadUnitName)
}

// unitChoice is a drop-down of some of the task's units.
type unitChoice struct {
	*widget.Select
	ids map[string]string // label → unit id
}

func newUnitChoice(units []data.TaskUnit, all string) *unitChoice {
	c := &unitChoice{ids: map[string]string{}}
	var labels []string
	if all != "" {
		labels = append(labels, all)
		c.ids[all] = ""
	}
	for _, u := range units {
		label := u.UnitName
		if u.Role == data.RoleLead {
			label += "（牵头）"
		}
		labels = append(labels, label)
		c.ids[label] = u.UnitID
	}
	c.Select = widget.NewSelect(labels, nil)
	c.PlaceHolder = "请选择单位"
	if len(labels) == 1 {
		c.SetSelected(labels[0])
	}
	return c
}

func (c *unitChoice) unitID() string { return c.ids[c.Selected] }

func (c *unitChoice) selectUnit(id string) {
	for label, x := range c.ids {
		if x == id {
			c.SetSelected(label)
		}
	}
}

// assignDialog hands the task to its units, drafting a 督办通知单 for each.
func (s *Screen) assignDialog() {
	t := s.task
	on := kit.NewDateEntryOn(host.Today())
	notices := widget.NewCheck("为每个单位起草督办通知单（在“文书”中签发、打印）", nil)
	notices.SetChecked(true)
	preview := kit.NewWrapLabel("")
	showDue := func() {
		day, err := on.Date()
		if err != nil {
			preview.SetText("")
			return
		}
		due, assumed := data.SignDue(s.cal, s.settings, day)
		text := fmt.Sprintf("各单位应于%s前签收（%d个工作日）。", due, s.settings.AcceptLimitDays)
		if w := assumed.Warning(); w != "" {
			text += w
		}
		preview.SetText(text)
	}
	on.OnDateChanged = func(data.Date) { showDue() }
	showDue()
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		var docs []*data.Document
		if notices.Checked {
			due, _ := data.SignDue(s.cal, s.settings, day) // the store counts it again, with its warning
			if docs, err = documents.TaskNotices(t, due, s.settings); err != nil {
				return err
			}
		}
		assumed, err := s.w.DB().AssignTask(s.w.Context(), t.ID, day, docs)
		if err != nil {
			return err
		}
		note := assumed.Warning()
		if len(docs) > 0 {
			note = strings.TrimSpace(fmt.Sprintf("已起草督办通知单%d份，请在“文书”中签发、打印。%s", len(docs), note))
		}
		s.stepDone(d, note)
		return nil
	})
	form.Add("交办日期", "On", on, true)
	form.Add("", "", preview, false)
	form.Add("督办通知单", "Notices", notices, false)
	d = s.stepDialog("交办", form, s.intro()+"\n交办单位："+t.UnitNames())
}

// signDialog records a unit's 签收.
func (s *Screen) signDialog() {
	t := s.task
	unit := newUnitChoice(t.Unsigned(), "")
	on := kit.NewDateEntryOn(host.Today())
	by := widget.NewEntry()
	by.SetPlaceHolder("签收人姓名")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.DB().SignTask(s.w.Context(), t.ID, unit.unitID(), day, by.Text); err != nil {
			return err
		}
		s.stepDone(d, "")
		return nil
	})
	form.Add("签收单位", "UnitID", unit.Select, true)
	form.Add("签收日期", "On", on, true)
	form.Add("签收人", "By", by, true)
	d = s.stepDialog("登记签收", form, s.intro())
}

// progressDialog records a unit's progress report.
func (s *Screen) progressDialog() {
	t := s.task
	var signed []data.TaskUnit
	for _, u := range t.Units {
		if u.Signed() {
			signed = append(signed, u)
		}
	}
	unit := newUnitChoice(signed, "")
	on := kit.NewDateEntryOn(host.Today())
	percent := widget.NewEntry()
	percent.SetPlaceHolder("0–100")
	percent.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return nil // required: the form says so on 保存
		}
		_, err := parsePercent(text)
		return err
	}
	content := kit.NewTextArea(4, "本阶段完成的工作、存在的问题和下一步打算")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		pct, err := parsePercent(percent.Text)
		if err != nil {
			return data.Invalid("Percent", err.Error())
		}
		if err := s.w.DB().ReportTaskProgress(s.w.Context(), t.ID, unit.unitID(), day, pct, content.Text); err != nil {
			return err
		}
		s.stepDone(d, "")
		return nil
	})
	form.Add("报送单位", "UnitID", unit.Select, true)
	form.Add("报送日期", "On", on, true)
	form.Add("完成进度（%）", "Percent", percent, true)
	form.Add("进展情况", "Content", content, true)
	d = s.stepDialog("报送进展", form, s.intro()+"\n各单位每季度报送一次工作进展。")
}

// parsePercent reads a percentage 0–100, with or without its %.
func parsePercent(text string) (int, error) {
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "%"))
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 || n > 100 {
		return 0, fmt.Errorf("请填写0至100之间的整数")
	}
	return n, nil
}

// milestoneDialog records a milestone reached.
func (s *Screen) milestoneDialog() {
	t := s.task
	ids := map[string]string{}
	var labels []string
	for i, m := range t.Milestones {
		if m.DoneOn.IsZero() {
			label := fmt.Sprintf("%d.%s（期限%s）", i+1, m.Title, m.Due)
			labels = append(labels, label)
			ids[label] = m.ID
		}
	}
	which := widget.NewSelect(labels, nil)
	which.PlaceHolder = "请选择节点"
	if len(labels) > 0 {
		which.SetSelected(labels[0])
	}
	on := kit.NewDateEntryOn(host.Today())
	note := widget.NewEntry()
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.DB().CompleteMilestone(s.w.Context(), t.ID, ids[which.Selected], day, note.Text); err != nil {
			return err
		}
		s.stepDone(d, "")
		return nil
	})
	form.Add("节点", "MilestoneID", which, true)
	form.Add("完成日期", "On", on, true)
	form.Add("说明", "Note", note, false)
	d = s.stepDialog("节点完成", form, s.intro())
}

// extendDialog moves the 办结期限, or a milestone's, back.
func (s *Screen) extendDialog() {
	t := s.task
	const final = "办结期限"
	ids := map[string]string{final: ""}
	labels := []string{final}
	current := map[string]data.Date{final: t.Due}
	for i, m := range t.Milestones {
		if m.DoneOn.IsZero() {
			label := fmt.Sprintf("节点%d：%s", i+1, m.Title)
			labels = append(labels, label)
			ids[label], current[label] = m.ID, m.Due
		}
	}
	hint := kit.NewWrapLabel("")
	which := widget.NewSelect(labels, func(l string) { hint.SetText("原期限：" + current[l].String()) })
	which.SetSelected(final)
	due := kit.NewDateEntry()
	reason := kit.NewTextArea(2, "")
	approved := widget.NewEntry()
	approved.SetPlaceHolder("如：县政府分管副县长")
	on := kit.NewDateEntryOn(host.Today())
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		newDue, err := due.Date()
		if err != nil {
			return data.Invalid("Due", err.Error())
		}
		if err := s.w.DB().ExtendTask(s.w.Context(), t.ID, ids[which.Selected], day, newDue, reason.Text, approved.Text); err != nil {
			return err
		}
		s.stepDone(d, "")
		return nil
	})
	form.Add("延期项目", "MilestoneID", which, true)
	form.Add("", "", hint, false)
	form.Add("延期至", "Due", due, true)
	form.Add("延期理由", "Reason", reason, true)
	form.Add("批准人", "ApprovedBy", approved, true)
	form.Add("批准日期", "On", on, true)
	d = s.stepDialog("延期", form, s.intro())
}

// remindDialog records a 催办.
func (s *Screen) remindDialog() {
	t := s.task
	unit := newUnitChoice(t.Units, "全部单位")
	unit.SetSelected("全部单位")
	if late := t.SignedLate(s.cal, s.today); len(late) == 1 {
		unit.selectUnit(late[0].UnitID)
	}
	on := kit.NewDateEntryOn(host.Today())
	method := widget.NewSelectEntry(data.ContactMethods)
	method.SetText(data.ContactMethods[0])
	note := kit.NewTextArea(2, "催办内容")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.DB().RemindTask(s.w.Context(), t.ID, unit.unitID(), day, method.Text, note.Text); err != nil {
			return err
		}
		s.stepDone(d, "")
		return nil
	})
	form.Add("催办对象", "UnitID", unit.Select, true)
	form.Add("催办日期", "On", on, true)
	form.Add("催办方式", "Method", method, true)
	form.Add("催办内容", "Note", note, false)
	d = s.stepDialog("催办", form, s.intro())
}

// reportDialog records the lead unit's final report.
func (s *Screen) reportDialog() {
	t := s.task
	on := kit.NewDateEntryOn(host.Today())
	content := kit.NewTextArea(5, "完成情况、取得的成效")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.DB().SubmitTaskReport(s.w.Context(), t.ID, day, content.Text); err != nil {
			return err
		}
		s.stepDone(d, "")
		return nil
	})
	form.Add("报告日期", "On", on, true)
	form.Add("办结报告", "Content", content, true)
	intro := s.intro() + "\n由牵头单位报送办结报告，效能办验收通过后办结销号。"
	if open := slices.ContainsFunc(t.Milestones, func(m data.Milestone) bool { return m.DoneOn.IsZero() }); open {
		intro += "\n注意：尚有节点未登记完成。"
	}
	d = s.stepDialog("办结报告", form, intro)
}

// acceptDialog records the office's verdict on the final report.
func (s *Screen) acceptDialog() {
	t := s.task
	on := kit.NewDateEntryOn(host.Today())
	result := widget.NewRadioGroup([]string{data.AcceptPassed, data.AcceptFailed}, nil)
	result.Horizontal = true
	note := kit.NewTextArea(3, "验收意见；不通过的，写明理由")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		passed := result.Selected == data.AcceptPassed
		if err := s.w.DB().AcceptTask(s.w.Context(), t.ID, day, passed, note.Text); err != nil {
			return err
		}
		msg := ""
		if passed {
			msg = "验收通过，该督办事项已办结销号。"
		}
		s.stepDone(d, msg)
		return nil
	})
	form.Add("验收日期", "On", on, true)
	form.Add("验收结果", "Result", result, true)
	form.Add("验收意见", "Note", note, false)
	d = s.stepDialog("验收", form, s.intro()+fmt.Sprintf("\n办结报告日期：%s", t.ReportedOn))
}

// actionDialog records a 效能责任追究 against a unit of a late or failed
// task, with the task as its basis.
func (s *Screen) actionDialog() {
	t := s.task
	w := s.w
	var d *dialog.CustomDialog
	var f *parts.ActionForm
	f = parts.NewActionForm(w, func() error {
		a, err := f.Read()
		if err != nil {
			return err
		}
		if err := w.DB().HoldTaskAccountable(w.Context(), t.ID, a); err != nil {
			return err
		}
		s.stepDone(d, "")
		return nil
	}, false)
	why := "超过办结期限未办结"
	switch {
	case t.Failed && !t.Late(s.cal, s.today):
		why = "办结报告验收不通过"
	case t.Status == data.TaskClosed:
		why = "超过办结期限办结"
	}
	draft := data.Action{TargetKind: data.TargetUnit, UnitID: t.LeadUnitID, UnitName: t.LeadUnitName,
		Reason: fmt.Sprintf("督办事项%s“%s”%s", t.Number, t.Title, why)}
	f.FillDraft(draft, store.ActionBasis{TaskID: t.ID, TaskNumber: t.Number, TaskTitle: t.Title}, parts.IssuingBody(w))
	list, err := w.DB().Actions(w.Context(), data.ActionFilter{Limit: 200})
	if err != nil {
		kit.ShowError(w.Window(), err)
		return
	}
	f.SetOptions(list)
	f.Form.AddButton(widget.NewButton("取消", func() { d.Hide() }))
	head := kit.NewWrapLabel("追究对象应为本事项的牵头单位或责任单位（或其工作人员）。")
	d = dialog.NewCustomWithoutButtons("效能责任追究", container.NewBorder(head, nil, nil, nil, f.Form.Widget()), w.Window())
	d.Resize(fyne.NewSize(640, min(f.Form.Widget().MinSize().Height+90, w.Window().Canvas().Size().Height*0.9)))
	d.Show()
}
