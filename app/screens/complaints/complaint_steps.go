package complaints

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// clockNow is the time the step and registration forms start from; tests
// fix it to the store's clock.
var clockNow = data.Now

// whenEntry is a day and a time of day (HH:MM), starting at now. Left as
// they start, they mean "now" to the store, to the millisecond: a step
// recorded a minute after the one before must not look earlier than it.
type whenEntry struct {
	day            *kit.DateEntry
	clock          *widget.Entry
	dayAt, clockAt string
	startedAt      time.Time
}

func newWhenEntry() *whenEntry {
	now := clockNow()
	e := &whenEntry{day: kit.NewDateEntry(), clock: widget.NewEntry(), startedAt: now}
	e.day.SetDate(data.DateOf(now))
	e.clock.SetText(now.In(data.Zone).Format("15:04"))
	e.clock.SetPlaceHolder("时:分")
	e.clock.Validator = func(s string) error {
		_, _, err := kit.ParseClock(s)
		return err
	}
	e.dayAt, e.clockAt = e.day.Text, e.clock.Text
	return e
}

// add puts the day and the time in form as two rows for field.
func (e *whenEntry) add(form *kit.Form, dayLabel, field string) {
	form.Add(dayLabel, field, e.day, true)
	form.Add("时间", field, e.clock, true)
}

// changed says whether the user moved the day or the time.
func (e *whenEntry) changed() bool { return e.day.Text != e.dayAt || e.clock.Text != e.clockAt }

// at is the moment typed; zero when left at now (field names it in errors).
func (e *whenEntry) at(field string) (time.Time, error) {
	if !e.changed() {
		return time.Time{}, nil
	}
	d, err := e.day.Date()
	if err != nil {
		return time.Time{}, data.Invalid(field, err.Error())
	}
	h, m, err := kit.ParseClock(e.clock.Text)
	if err != nil {
		return time.Time{}, data.Invalid(field, err.Error())
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, data.Zone), nil
}

// atOrNow is the moment typed, or the moment the form opened.
func (e *whenEntry) atOrNow(field string) (time.Time, error) {
	t, err := e.at(field)
	if err == nil && t.IsZero() {
		t = e.startedAt
	}
	return t, err
}

// dayOrToday is the day typed, or today while the day does not parse.
func (e *whenEntry) dayOrToday() data.Date {
	if d, err := e.day.Date(); err == nil {
		return d
	}
	return host.Today()
}

// parseLimitDays reads a number of working days, 1 to most.
func parseLimitDays(s string, most int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > most {
		return 0, fmt.Errorf("应为1至%d之间的整数（工作日）", most)
	}
	return n, nil
}

// methodEntry offers the usual ways of contact and takes another typed.
func methodEntry() *widget.SelectEntry {
	e := widget.NewSelectEntry(data.ContactMethods)
	e.SetPlaceHolder("电话、书面、当面……")
	return e
}

// stepForm is one workflow step on the complaint shown: its time, the
// fields the step needs, and 保存, which records the step; it shows in the
// step dialog every workflow has (kit.ShowStepDialog).
type stepForm struct {
	v    *complaintView
	kind data.EventKind
	form *kit.Form
	when *whenEntry
	d    *dialog.CustomDialog

	// read builds the step from the fields (the time is set after).
	read func() (data.Step, error)
	// done runs once the step is recorded (a follow-up offer).
	done func(c *data.Complaint)
	// intro says what the step does, above the fields.
	intro string
}

func newStepForm(v *complaintView, kind data.EventKind) *stepForm {
	sd := &stepForm{v: v, kind: kind, when: newWhenEntry()}
	sd.form = kit.NewForm(sd.Save)
	sd.when.add(sd.form, string(kind)+"日期", "At")
	switch kind {
	case data.EventAccept:
		sd.noteStep("说明", false, "")
		sd.intro = fmt.Sprintf("受理后请在“待交办”中交办承办单位。受理期限：%s。", v.c.AcceptDue)
	case data.EventReject:
		sd.noteStep("不予受理理由", true, "如：不属于效能投诉受理范围，已告知投诉人向有关部门反映")
		sd.intro = "不予受理的，应将理由告知投诉人。"
	case data.EventTransfer:
		sd.transfer()
	case data.EventAssign, data.EventRework:
		sd.assign()
	case data.EventExtend:
		sd.extend()
	case data.EventRemind:
		sd.remind()
	case data.EventFeedback:
		sd.feedback()
	case data.EventVerify:
		sd.verify()
	case data.EventReply:
		method := methodEntry()
		content := kit.NewTextArea(4, "答复投诉人的主要内容")
		sd.form.Add("答复方式", "Method", method, true)
		sd.form.Add("答复内容", "Note", content, false)
		sd.read = func() (data.Step, error) { return data.Step{Method: method.Text, Note: content.Text}, nil }
		sd.intro = "件件有回音：将核实结论和处理结果答复投诉人。"
	case data.EventFollowUp:
		sd.followUp()
	case data.EventMerge:
		sd.merge()
	case data.EventArchive:
		sd.noteStep("说明", false, "")
		sd.intro = "归档后本投诉办结存档，不再办理。" + v.undeliveredSlips()
	}
	return sd
}

// undeliveredSlips warns, before 归档, of the complaint's 交办单 made but never
// 送达: the unit may never have had the matter in writing.
func (v *complaintView) undeliveredSlips() string {
	docs, err := v.w.DB().Documents(v.w.Context(), data.DocumentFilter{ComplaintID: v.c.ID, Kind: data.DocAssignment})
	if err != nil {
		kit.ShowError(v.w.Window(), err)
		return ""
	}
	var notes []string
	for _, d := range docs {
		if d.Status == data.DocDraft || d.Status == data.DocSigned {
			name := d.Number
			if name == "" {
				name = "（未编号）"
			}
			notes = append(notes, fmt.Sprintf("交办单%s尚未送达（%s）", name, d.Status))
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return "注意：" + strings.Join(notes, "；") + "。归档前请确认承办单位已收到交办单，或先登记送达。"
}

// noteStep is a step whose only field besides the time is a note.
func (sd *stepForm) noteStep(label string, required bool, placeholder string) {
	note := kit.NewTextArea(3, placeholder)
	sd.form.Add(label, "Note", note, required)
	sd.read = func() (data.Step, error) { return data.Step{Note: note.Text}, nil }
}

func (sd *stepForm) show() {
	c := sd.v.c
	head := fmt.Sprintf("%s　%s（%s，%s）", c.Number, c.Subject, c.UnitName, c.Status)
	sd.d = kit.ShowStepDialog(sd.v.w.Window(), strings.TrimSuffix(stepLabels[sd.kind], "…"), sd.form, 660, head, sd.intro)
}

// save records the step; the form shows the store's refusal under the
// field it names, a refused step's reason above the buttons.
func (sd *stepForm) Save() error {
	s, err := sd.read()
	if err != nil {
		return err
	}
	if s.At, err = sd.when.at("At"); err != nil {
		return err
	}
	s.Kind = sd.kind
	c, assumed, err := sd.v.w.DB().ApplyStep(sd.v.w.Context(), sd.v.id, s)
	if err != nil {
		return err
	}
	sd.d.Hide()
	sd.v.refresh()
	next := func() {
		if sd.done != nil {
			sd.done(c)
		}
	}
	// The warning first, the offer of what comes next once it is read.
	if w := assumed.Warning(); w != "" {
		info := dialog.NewInformation("工作日计算提示", w, sd.v.w.Window())
		info.SetOnClosed(next)
		info.Show()
		return nil
	}
	next()
	return nil
}

// transfer forwards a complaint that is not the office's to the competent
// body, and offers the 转办函.
func (sd *stepForm) transfer() {
	body := widget.NewEntry()
	body.SetPlaceHolder("如：县信访局")
	note := kit.NewTextArea(2, "转办理由")
	sd.form.Add("转办机关", "TransferTo", body, true)
	sd.form.Add("说明", "Note", note, false)
	sd.read = func() (data.Step, error) { return data.Step{TransferTo: body.Text, Note: note.Text}, nil }
	sd.intro = "不属于本办管辖的，转送有权处理的机关，并制作转办函。"
	sd.done = func(c *data.Complaint) { sd.offerDraft(c, data.DocTransfer, "已转办。现在制作转办函吗？") }
}

// assign hands the complaint to a 承办单位 with a time limit in working days
// (交办, and 重办 for a new round), showing the due date as it is typed.
func (sd *stepForm) assign() {
	v := sd.v
	c := v.c
	unit := kit.NewUnitPicker(parts.UnitSearch(v.w))
	if sd.kind == data.EventRework && c.HandlerUnitID != "" {
		unit.SetUnit(c.HandlerUnitID, c.HandlerUnitName)
	} else {
		unit.SetUnit(c.UnitID, c.UnitName) // the unit itself, unless its superior handles it
	}
	limit := data.DefaultLimitDays(v.settings, c.Channel)
	days := widget.NewEntry()
	days.SetText(strconv.Itoa(limit))
	days.Validator = func(s string) error {
		_, err := parseLimitDays(s, v.settings.MaxLimitDays)
		return err
	}
	due := kit.NewWrapLabel("")
	showDue := func() {
		n, err := parseLimitDays(days.Text, v.settings.MaxLimitDays)
		if err != nil {
			due.SetText("")
			return
		}
		day := sd.when.dayOrToday()
		d, assumed := v.cal.AddWorkdays(day, n)
		text := fmt.Sprintf("办理期限：%s（%s），自%s起%d个工作日", d, weekdayNames[d.Weekday()], day, n)
		if w := assumed.Warning(); w != "" {
			text += "。" + w
		}
		due.SetText(text)
	}
	days.OnChanged = func(string) { showDue() }
	sd.when.day.OnDateChanged = func(data.Date) { showDue() }
	showDue()
	noteLabel, note := "说明", kit.NewTextArea(2, "交办要求")
	if sd.kind == data.EventRework {
		noteLabel, note = "重办理由", kit.NewTextArea(2, "如：核实认为办理结果与事实不符")
	}
	sd.form.Add("承办单位", "HandlerUnitID", unit, true)
	sd.form.Add("办理时限", "LimitDays", container.NewBorder(nil, nil, nil, widget.NewLabel("个工作日"), days), true)
	sd.form.Add("", "", due, false)
	sd.form.Add(noteLabel, "Note", note, false)
	sd.read = func() (data.Step, error) {
		id, _ := unit.Unit()
		n, err := parseLimitDays(days.Text, v.settings.MaxLimitDays)
		if err != nil {
			return data.Step{}, data.Invalid("LimitDays", "办理时限"+err.Error())
		}
		return data.Step{HandlerUnitID: id, LimitDays: n, Note: note.Text}, nil
	}
	if sd.kind == data.EventRework {
		sd.intro = fmt.Sprintf("办理结果未通过核实或投诉人不满意的，重新交办，开始第%d轮办理，办理期限重新计算。", c.Round+1)
	} else {
		sd.intro = "交办单默认不含投诉人身份信息。"
		if c.Status == data.StatusPending {
			sd.intro = "交办即同时受理。" + sd.intro
		}
		sd.done = func(c *data.Complaint) {
			sd.offerDraft(c, data.DocAssignment, "已交办。现在制作交办单吗？")
		}
	}
}

// weekdayNames are the days of the week as a date is read out.
var weekdayNames = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// extend moves the due date back by some working days, for a reason and
// with the approval of someone.
func (sd *stepForm) extend() {
	v := sd.v
	days := widget.NewEntry()
	days.Validator = func(s string) error {
		_, err := parseLimitDays(s, v.settings.MaxLimitDays)
		return err
	}
	due := kit.NewWrapLabel("")
	days.OnChanged = func(string) {
		n, err := parseLimitDays(days.Text, v.settings.MaxLimitDays)
		if err != nil {
			due.SetText("")
			return
		}
		d, assumed := v.cal.AddWorkdays(v.c.DueDate, n)
		text := fmt.Sprintf("延期后的办理期限：%s（%s）", d, weekdayNames[d.Weekday()])
		if w := assumed.Warning(); w != "" {
			text += "。" + w
		}
		due.SetText(text)
	}
	reason := kit.NewTextArea(2, "承办单位申请延期的理由")
	approver := widget.NewEntry()
	approver.SetPlaceHolder("批准延期的领导")
	sd.form.Add("延长", "LimitDays", container.NewBorder(nil, nil, nil, widget.NewLabel("个工作日"), days), true)
	sd.form.Add("", "", due, false)
	sd.form.Add("延期理由", "Note", reason, true)
	sd.form.Add("批准人", "ApprovedBy", approver, true)
	sd.read = func() (data.Step, error) {
		n, err := parseLimitDays(days.Text, v.settings.MaxLimitDays)
		if err != nil {
			return data.Step{}, data.Invalid("LimitDays", "延长天数"+err.Error())
		}
		return data.Step{LimitDays: n, Note: reason.Text, ApprovedBy: approver.Text}, nil
	}
	sd.intro = fmt.Sprintf("当前办理期限：%s。延期须经批准，并记入办理经过。", v.c.DueDate)
}

// remind records a 催办 and, for a complaint past its due date, offers the
// 催办通知单.
func (sd *stepForm) remind() {
	v := sd.v
	method := methodEntry()
	by := widget.NewEntry()
	by.SetText(v.w.DB().Actor())
	note := kit.NewTextArea(2, "催办情况")
	sd.form.Add("催办方式", "Method", method, true)
	sd.form.Add("催办人", "By", by, false)
	sd.form.Add("说明", "Note", note, false)
	sd.read = func() (data.Step, error) { return data.Step{Method: method.Text, By: by.Text, Note: note.Text}, nil }
	sd.intro = fmt.Sprintf("办理期限：%s。", v.c.DueDate)
	if a := v.alert(); a.Level != data.AlertNone {
		sd.intro = fmt.Sprintf("办理期限：%s，%s。", v.c.DueDate, parts.AlertText(a))
	}
	sd.done = func(c *data.Complaint) {
		if c.Alert(v.cal, host.Today(), v.settings.WarnDays).Level == data.AlertOverdue {
			sd.offerDraft(c, data.DocReminder, "已记录催办。本投诉已超期，现在制作催办通知单吗？")
		}
	}
}

// feedback records the unit's written result and its files.
func (sd *stepForm) feedback() {
	v := sd.v
	result := kit.NewTextArea(5, "承办单位报送的调查核实和处理情况")
	var files []*data.Attachment
	var strip *parts.PhotoStrip
	strip = parts.NewPhotoStrip(v.w, "无附件", func(i int) {
		files = append(files[:i], files[i+1:]...)
		strip.Set(files)
		sd.form.MarkDirty()
	})
	strip.Set(nil)
	add := widget.NewButtonWithIcon("添加附件…", fynetheme.ContentAddIcon(), func() {
		parts.PickFiles(v.w.Window(), "添加反馈附件", parts.ReportExts, func(picked []*data.Attachment) {
			files = append(files, picked...)
			strip.Set(files)
			sd.form.MarkDirty()
		})
	})
	sd.form.Add("办理结果", "Note", result, true)
	sd.form.Add("附件", "Attachments", container.NewVBox(strip.Widget(), container.NewHBox(add)), false)
	sd.read = func() (data.Step, error) { return data.Step{Note: result.Text, Attachments: files}, nil }
	sd.intro = fmt.Sprintf("承办单位：%s，办理期限：%s。", v.c.HandlerUnitName, v.c.DueDate)
}

// verify records the office's finding on the unit's result, and offers to
// record a 责任追究 when the complaint is substantiated.
func (sd *stepForm) verify() {
	v := sd.v
	result := widget.NewRadioGroup(kit.ChoiceLabels(data.Verifications), nil)
	result.Horizontal = true
	note := kit.NewTextArea(3, "核实情况")
	sd.form.Add("核实结论", "Result", result, true)
	sd.form.Add("核实情况", "Note", note, false)
	sd.read = func() (data.Step, error) { return data.Step{Result: result.Selected, Note: note.Text}, nil }
	sd.intro = "承办单位的办理结果：" + v.c.Feedback + "\n如不认可办理结果，请关闭本窗口后选择“重办”。"
	sd.done = func(c *data.Complaint) {
		if !c.Verification.Substantiated() {
			return
		}
		kit.ConfirmAction(v.w.Window(), "责任追究", "记录责任追究",
			fmt.Sprintf("核实结论为“%s”。现在记录对被投诉单位或人员的责任追究吗？", c.Verification), func(ok bool) {
				if ok {
					v.recordAction()
				}
			})
	}
}

// followUp records the complainant's verdict: 不满意 sends the complaint back
// for another round.
func (sd *stepForm) followUp() {
	v := sd.v
	result := widget.NewRadioGroup(kit.ChoiceLabels(data.Satisfactions), nil)
	result.Horizontal = true
	method := methodEntry()
	note := kit.NewTextArea(2, "回访情况")
	sd.form.Add("满意度", "Result", result, true)
	sd.form.Add("回访方式", "Method", method, false)
	sd.form.Add("回访情况", "Note", note, false)
	sd.read = func() (data.Step, error) {
		return data.Step{Result: result.Selected, Method: method.Text, Note: note.Text}, nil
	}
	sd.intro = fmt.Sprintf("满意或基本满意即办结；不满意的，重新交办%s办理（第%d轮），办理期限重新计算。",
		v.c.HandlerUnitName, v.c.Round+1)
}

// merge joins the complaint to another reporting the same matter: one of the
// similar complaints of the same unit, or one whose number is typed.
func (sd *stepForm) merge() {
	v := sd.v
	similar, err := v.w.DB().SimilarComplaints(v.w.Context(), v.c)
	if err != nil {
		kit.ShowError(v.w.Window(), err)
	}
	byLabel := map[string]*data.Complaint{}
	var labels []string
	for _, o := range similar {
		l := complaintLabel(o)
		byLabel[l] = o
		labels = append(labels, l)
	}
	pick := widget.NewRadioGroup(labels, nil)
	number := widget.NewEntry()
	number.SetPlaceHolder("如：TS2026-0007")
	if len(labels) > 0 {
		number.SetPlaceHolder("或输入主投诉编号，如：TS2026-0007")
	}
	found := kit.NewWrapLabel("")
	found.Hide()
	var typed *data.Complaint
	number.OnChanged = func(s string) {
		typed = nil
		n := strings.ToUpper(strings.TrimSpace(s))
		kit.SetVisible(found, n != "")
		if n == "" {
			return
		}
		if len(n) < len("TS2026-0001") {
			found.SetText("请输入完整的编号")
			return
		}
		list, err := v.w.DB().Complaints(v.w.Context(), data.ComplaintFilter{Search: n, Limit: 5})
		if err != nil {
			found.SetText(data.UserMessage(err))
			return
		}
		for _, o := range list {
			if o.Number == n {
				typed = o
				found.SetText(complaintLabel(o))
				pick.SetSelected("")
				return
			}
		}
		found.SetText("台账中没有这个编号的投诉")
	}
	pick.OnChanged = func(s string) {
		if s != "" {
			number.SetText("")
		}
	}
	if len(labels) > 0 {
		sd.form.Add("可能相同的投诉", "", pick, false)
	}
	sd.form.Add("主投诉编号", "RelatedID", container.NewVBox(number, found), false)
	note := kit.NewTextArea(2, "并单说明")
	sd.form.Add("说明", "Note", note, false)
	sd.read = func() (data.Step, error) {
		master := byLabel[pick.Selected]
		if typed != nil {
			master = typed
		}
		if master == nil {
			return data.Step{}, data.Invalid("RelatedID", "请选择要并入的主投诉，或输入其编号")
		}
		return data.Step{RelatedID: master.ID, Note: note.Text}, nil
	}
	sd.intro = "同一事项重复投诉的，并入先登记的主投诉一并办理；本投诉保留编号和办理经过。"
	if len(labels) == 0 {
		sd.intro += "近90天没有同一单位的相似投诉，请输入主投诉编号。"
	}
}

// complaintLabel names a complaint in a list of choices.
func complaintLabel(c *data.Complaint) string {
	return fmt.Sprintf("%s　%s　%s（%s）", c.Number, data.DateOf(c.ReceivedAt), c.Subject, c.Status)
}

// offerDraft asks whether to make a document about the complaint now.
func (sd *stepForm) offerDraft(c *data.Complaint, kind data.DocKind, question string) {
	v := sd.v
	kit.ConfirmAction(v.w.Window(), string(kind), "制作"+string(kind), question, func(ok bool) {
		if ok {
			v.close()
			parts.DraftFromComplaint(v.w, c, kind)
		}
	})
}
