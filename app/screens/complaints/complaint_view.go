package complaints

import (
	"fmt"
	"slices"
	"strings"
	"time"
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

// complaintView shows one complaint: every field, the complainant masked until
// 显示身份 (which the ledger's audit log records), the deadline alert, the
// history of every step with its files, the 责任追究 decided on it, and, as
// buttons, only the steps its state allows now. A step recorded redraws
// the view and the register behind it.
type complaintView struct {
	s  *Screen
	w  host.Host
	id string

	c        *data.Complaint
	events   []data.ComplaintEvent
	files    []*data.Attachment            // received with the complaint
	stepFile map[string][]*data.Attachment // by event
	actions  []*data.Action
	reveals  []data.AuditEntry // earlier looks at the identity
	cal      *data.Calendar
	settings data.Settings

	identity *data.Complainant // revealed in this view
	seenAt   time.Time

	d    *dialog.CustomDialog
	body *fyne.Container
	tabs *container.AppTabs
}

func newComplaintView(s *Screen, id string) *complaintView {
	return &complaintView{s: s, w: s.w, id: id, body: container.NewStack()}
}

// show reads the complaint and opens its view.
func (v *complaintView) show() {
	if err := v.load(); err != nil {
		kit.ShowError(v.w.Window(), err)
		return
	}
	v.build()
	v.d = dialog.NewCustom("投诉 "+v.c.Number, "关闭", v.body, v.w.Window())
	size := v.w.Window().Canvas().Size()
	v.d.Resize(fyne.NewSize(max(size.Width*0.75, 760), max(size.Height*0.9, 560)))
	v.d.Show()
}

// close closes the view (before another dialog takes over, a document
// draft say).
func (v *complaintView) close() {
	if v.d != nil {
		v.d.Hide()
	}
}

// refresh reads the complaint again after a change and redraws the view and
// the register.
func (v *complaintView) refresh() {
	if err := v.load(); err != nil {
		kit.ShowError(v.w.Window(), err)
		return
	}
	v.build()
	v.s.reload()
}

func (v *complaintView) load() error {
	ctx, db := v.w.Context(), v.w.DB()
	var err error
	if v.c, err = db.Complaint(ctx, v.id); err != nil {
		return err
	}
	if v.events, err = db.ComplaintEvents(ctx, v.id); err != nil {
		return err
	}
	if v.files, err = db.Attachments(ctx, data.OwnerComplaint, v.id); err != nil {
		return err
	}
	v.stepFile = map[string][]*data.Attachment{}
	for _, e := range v.events {
		files, err := db.Attachments(ctx, data.OwnerComplaintEvent, e.ID)
		if err != nil {
			return err
		}
		v.stepFile[e.ID] = files
	}
	if v.actions, err = db.Actions(ctx, data.ActionFilter{ComplaintID: v.id}); err != nil {
		return err
	}
	trail, err := db.AuditTrail(ctx, "complaints", v.id)
	if err != nil {
		return err
	}
	v.reveals = v.reveals[:0]
	for _, e := range trail {
		if e.Action == data.AuditReveal {
			v.reveals = append(v.reveals, e)
		}
	}
	if v.settings, err = db.Settings(ctx); err != nil {
		return err
	}
	v.cal, err = db.Calendar(ctx)
	return err
}

// build lays the view out afresh, on the tab the user was reading.
func (v *complaintView) build() {
	c := v.c
	selected := 0
	if v.tabs != nil {
		selected = v.tabs.SelectedIndex()
	}
	title := kit.NewWrapLabelWithStyle(c.Number+"　"+c.Subject, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	state := widget.NewLabel("状态：" + string(c.Status))
	head := []fyne.CanvasObject{state}
	if a := v.alert(); a.Level != data.AlertNone {
		text := parts.AlertText(a) // 已超期N个工作日
		l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Importance = widget.DangerImportance
		if a.Level == data.AlertDueSoon {
			l.SetText(fmt.Sprintf("%s（%s，期限%s）", a.Level, text, v.c.DueDate))
			l.Importance = widget.WarningImportance
		}
		head = append(head, l)
	}
	if c.Round > 1 {
		head = append(head, widget.NewLabel(fmt.Sprintf("第%d轮办理", c.Round)))
	}

	v.tabs = container.NewAppTabs(
		container.NewTabItem("投诉信息", container.NewVScroll(v.infoPane())),
		container.NewTabItem(fmt.Sprintf("办理经过（%d）", len(v.events)), container.NewVScroll(v.timeline())))
	if len(v.actions) > 0 || c.Verification.Substantiated() {
		v.tabs.Append(container.NewTabItem(fmt.Sprintf("责任追究（%d）", len(v.actions)), container.NewVScroll(v.actionsPane())))
	}
	if selected < len(v.tabs.Items) {
		v.tabs.SelectIndex(selected)
	}
	top := container.NewVBox(title, container.NewHBox(head...), v.stepBar(), widget.NewSeparator())
	v.body.Objects = []fyne.CanvasObject{container.NewBorder(top, nil, nil, nil, v.tabs)}
	v.body.Refresh()
}

func (v *complaintView) alert() data.Alert {
	return v.c.Alert(v.cal, host.Today(), v.settings.WarnDays)
}

// stepLabels are the buttons of the steps; a step that asks for more than
// a time opens its dialog (…).
var stepLabels = map[data.EventKind]string{
	data.EventAccept: "受理…", data.EventReject: "不予受理…", data.EventTransfer: "转办…", data.EventAssign: "交办…",
	data.EventExtend: "延期…", data.EventRemind: "催办…", data.EventFeedback: "登记反馈…", data.EventVerify: "核实…",
	data.EventReply: "答复…", data.EventFollowUp: "回访…", data.EventRework: "重办…", data.EventMerge: "并单…",
	data.EventArchive: "归档…",
}

// stepBar offers the steps the complaint's state allows now, the next one of
// the workflow first and marked, then the documents and the 责任追究 that
// suit it.
func (v *complaintView) stepBar() fyne.CanvasObject {
	c := v.c
	var steps kit.Steps
	for i, k := range data.NextSteps(c.Status) {
		show := func() { newStepForm(v, k).show() }
		if i == 0 {
			steps.Step(stepLabels[k], nil, show)
		} else {
			steps.Button(stepLabels[k], nil, show)
		}
	}
	draft := func(label string, kind data.DocKind) {
		steps.Button(label, fynetheme.DocumentCreateIcon(), func() {
			v.close()
			parts.DraftFromComplaint(v.w, c, kind)
		})
	}
	if c.HandlerUnitID != "" && c.Status != data.StatusArchived {
		draft("制作交办单…", data.DocAssignment)
	}
	if c.Status == data.StatusHandling {
		draft("制作催办通知单…", data.DocReminder)
	}
	if c.Status == data.StatusTransferred {
		draft("制作转办函…", data.DocTransfer)
	}
	if c.Verification.Substantiated() {
		steps.Button("记录责任追究…", fynetheme.WarningIcon(), v.recordAction)
	}
	bar := container.New(layout.NewGridWrapLayout(fyne.NewSize(150, 36)))
	steps.Show(bar)
	if c.Status == data.StatusArchived {
		return container.NewVBox(kit.NewWrapLabel("本投诉已归档，不再办理。"), bar)
	}
	return bar
}

// infoPane lists every field of the complaint.
func (v *complaintView) infoPane() fyne.CanvasObject {
	c := v.c
	form := container.New(layout.NewFormLayout())
	row := func(label string, value fyne.CanvasObject) {
		form.Add(widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		form.Add(value)
	}
	text := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		row(label, kit.NewWrapLabel(value))
	}
	// A letter of thousands of characters scrolls in its own view, drawn a
	// screenful at a time.
	long := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		l := kit.NewWrapLabel(value)
		l.MaxLines = letterLines
		row(label, l)
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(data.Zone).Format(parts.TimeLayout)
	}
	text("编号", c.Number)
	text("收件时间", at(c.ReceivedAt))
	text("渠道", string(c.Channel))
	text("来源编号", c.SourceRef)
	row("投诉人", v.complainantPane())
	text("被投诉单位", c.UnitName)
	person := c.PersonName
	if c.PersonPost != "" {
		person = strings.TrimSpace(person + "（" + c.PersonPost + "）")
	}
	text("被投诉人", person)
	text("类别", string(c.Category))
	text("事由", c.Subject)
	long("投诉内容", c.Content)
	if len(v.files) > 0 {
		strip := parts.NewPhotoStrip(v.w, "", nil)
		strip.Set(v.files)
		row("附件", strip.Widget())
	}
	text("状态", string(c.Status))
	text("受理期限", c.AcceptDue.String())
	text("受理时间", at(c.AcceptedAt))
	text("不予受理理由", c.RejectReason)
	text("转办机关", c.TransferTo)
	text("承办单位", c.HandlerUnitName)
	text("交办时间", at(c.AssignedAt))
	if c.LimitDays > 0 {
		text("办理时限", fmt.Sprintf("%d个工作日", c.LimitDays))
	}
	text("办理期限", c.DueDate.String())
	text("到期提醒", parts.AlertText(v.alert()))
	text("反馈时间", at(c.FedBackAt))
	long("办理结果", c.Feedback)
	text("核实结论", string(c.Verification))
	text("答复时间", at(c.RepliedAt))
	text("回访满意度", string(c.Satisfaction))
	text("办结时间", at(c.ClosedAt))
	text("归档时间", at(c.ArchivedAt))
	if c.MergedIntoID != "" {
		master := widget.NewButton(c.MergedIntoNo, func() {
			v.close()
			v.s.OpenComplaint(&data.Complaint{Record: data.Record{ID: c.MergedIntoID}})
		})
		master.Importance = widget.LowImportance
		row("并入", container.NewHBox(master, kit.NewWrapLabel("（主投诉，点击查看）")))
	}
	if c.Round > 1 {
		text("办理轮次", fmt.Sprintf("第%d轮", c.Round))
	}
	return form
}

// letterLines is how many lines of a long text (the complaint's content, the
// unit's result) the complaint view shows before it scrolls.
const letterLines = 14

// complainantPane shows the complainant masked (张** 138****5678), or as
// revealed by 显示身份, with who looked at the identity and when.
func (v *complaintView) complainantPane() fyne.CanvasObject {
	p := v.c.Complainant
	if p.Anonymous {
		return widget.NewLabel("匿名")
	}
	shown := p.Masked()
	if v.identity != nil {
		shown = *v.identity
	}
	lines := []string{strings.TrimSpace(shown.Name + " " + shown.Phone)}
	for _, kv := range [][2]string{{"身份证号：", shown.IDNumber}, {"住址：", shown.Address}, {"工作单位：", shown.Unit}} {
		if kv[1] != "" {
			lines = append(lines, kv[0]+kv[1])
		}
	}
	who := kit.NewWrapLabel(strings.Join(lines, "\n"))
	objs := []fyne.CanvasObject{who}
	switch {
	case v.identity == nil && v.w.DB().May(data.PermReveal):
		reveal := widget.NewButtonWithIcon("显示身份", fynetheme.VisibilityIcon(), v.askReveal)
		objs = append(objs, container.NewHBox(reveal))
	case v.identity == nil:
		// who may not reveal is not offered it (the store would refuse)
	default:
		note := kit.NewWrapLabel(fmt.Sprintf("投诉人身份已由%s于%s查看，已记入审计日志。请勿向被投诉单位和被投诉人透露。",
			v.w.DB().Actor(), v.seenAt.In(data.Zone).Format(parts.TimeLayout)))
		objs = append(objs, note)
	}
	if n := len(v.reveals); n > 0 {
		var seen []string
		for _, e := range v.reveals[max(0, n-5):] {
			who := e.ActorName
			if who == "" {
				who = e.Actor
			}
			seen = append(seen, e.At.In(data.Zone).Format(parts.TimeLayout)+" "+who)
		}
		objs = append(objs, kit.NewWrapLabel(fmt.Sprintf("查看记录（%d次）：%s", n, strings.Join(seen, "；"))))
	}
	return container.NewVBox(objs...)
}

// askReveal shows the complainant's identity once the user confirms: the
// look is written to the audit log with who and when.
func (v *complaintView) askReveal() {
	kit.ConfirmAction(v.w.Window(), "显示投诉人身份", "显示身份",
		fmt.Sprintf("投诉人身份属于保密信息。查看将以“%s”的名义记入审计日志。确定显示吗？", v.w.DB().Actor()), func(ok bool) {
			if ok {
				v.reveal()
			}
		})
}

func (v *complaintView) reveal() {
	p, err := v.w.DB().RevealComplainant(v.w.Context(), v.id)
	if err != nil {
		kit.ShowError(v.w.Window(), err)
		return
	}
	if err := v.load(); err != nil {
		kit.ShowError(v.w.Window(), err)
		return
	}
	v.identity, v.seenAt = &p, v.reveals[len(v.reveals)-1].At
	v.build()
}

// timeline lists every step of the complaint, oldest first, with its files.
func (v *complaintView) timeline() fyne.CanvasObject {
	box := container.NewVBox()
	for _, e := range v.events {
		head := fmt.Sprintf("%s　%s　%s", e.At.In(data.Zone).Format(parts.TimeLayout), e.Kind, e.Actor)
		if v.c.Round > 1 {
			head += fmt.Sprintf("　（第%d轮）", e.Round)
		}
		box.Add(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if text := complaintEventText(e); text != "" {
			body := kit.NewWrapLabel(text)
			box.Add(body)
		}
		if files := v.stepFile[e.ID]; len(files) > 0 {
			strip := parts.NewPhotoStrip(v.w, "", nil)
			strip.Set(files)
			box.Add(strip.Widget())
		}
		box.Add(widget.NewSeparator())
	}
	return box
}

// complaintEventText says what a step of the timeline recorded.
func complaintEventText(e data.ComplaintEvent) string {
	var parts []string
	add := func(label, v string) {
		if strings.TrimSpace(v) != "" {
			parts = append(parts, label+v)
		}
	}
	add("承办单位：", e.HandlerUnitName)
	if e.LimitDays > 0 {
		add("时限：", fmt.Sprintf("%d个工作日", e.LimitDays))
	}
	add("期限：", e.DueDate.String())
	add("方式：", e.Method)
	add("结果：", e.Result)
	add("转办机关：", e.TransferTo)
	add("批准人：", e.ApprovedBy)
	add("催办人：", e.By)
	add("并入：", e.RelatedNumber)
	add("", e.Note)
	return strings.Join(parts, "；")
}

// actionsPane lists the 责任追究 decided on the complaint.
func (v *complaintView) actionsPane() fyne.CanvasObject {
	box := container.NewVBox()
	if len(v.actions) == 0 {
		box.Add(kit.NewWrapLabel(fmt.Sprintf("核实结论为“%s”，尚未记录责任追究。", v.c.Verification)))
	}
	for _, a := range v.actions {
		head := fmt.Sprintf("%s　%s　%s", a.DecidedOn, a.Measure, actionTargetText(a))
		box.Add(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		var parts []string
		for _, kv := range [][2]string{{"决定机关：", a.DecidedBy}, {"文号：", a.DocNumber}, {"事由：", a.Reason}} {
			if kv[1] != "" {
				parts = append(parts, kv[0]+kv[1])
			}
		}
		if len(parts) > 0 {
			l := kit.NewWrapLabel(strings.Join(parts, "；"))
			box.Add(l)
		}
		box.Add(widget.NewSeparator())
	}
	if v.c.Verification.Substantiated() {
		box.Add(container.NewHBox(widget.NewButtonWithIcon("记录责任追究…", fynetheme.WarningIcon(), v.recordAction)))
	}
	return box
}

// actionTargetText names who an action holds to account.
func actionTargetText(a *data.Action) string {
	if a.TargetKind == data.TargetPerson {
		return "个人：" + parts.PersonText(a)
	}
	return "单位：" + a.UnitName
}

// parts.RecordAction records a 责任追究 on the substantiated complaint, against the
// unit or the person complained about.
func (v *complaintView) recordAction() {
	c := v.c
	a := data.Action{TargetKind: data.TargetUnit, UnitID: c.UnitID, UnitName: c.UnitName, ComplaintID: c.ID,
		Reason: fmt.Sprintf("效能投诉%s“%s”经核实%s", c.Number, c.Subject, c.Verification)}
	if strings.TrimSpace(c.PersonName) != "" {
		a.TargetKind, a.PersonName, a.PersonPost = data.TargetPerson, c.PersonName, c.PersonPost
	}
	parts.RecordAction(v.w, v.w.Window(), a, func() {
		v.refresh()
		v.tabs.SelectIndex(slices.IndexFunc(v.tabs.Items, func(t *container.TabItem) bool { return strings.HasPrefix(t.Text, "责任追究") }))
	})
}
