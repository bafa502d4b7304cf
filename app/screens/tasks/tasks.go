package tasks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// Screen is 督办事项: the tasks the county's 党委 and 政府 decided, by
// where they stand and how near their deadlines are; the selected task's
// units with their 签收 and progress, its history, the steps it allows now,
// and its form.
type Screen struct {
	w       host.Host
	records *kit.Records[*data.Task]
	table   *kit.Table[*data.Task]

	cal      *data.Calendar
	settings data.Settings
	today    data.Date

	task     *data.Task // shown; nil while a new one is entered
	heading  *kit.WrapLabel
	actions  *fyne.Container
	tabs     *container.AppTabs
	stateTab *container.TabItem
	histTab  *container.TabItem
	formTab  *container.TabItem
	info     *fyne.Container
	units    *kit.Table[data.TaskUnit]
	timeline *fyne.Container

	form       *kit.Form
	source     *widget.Select
	sourceRef  *widget.Entry
	title      *widget.Entry
	content    *kit.TextArea
	lead       *kit.UnitPicker
	others     *unitList
	due        *kit.DateEntry
	milestones *milestoneList
	handler    *widget.SelectEntry
	registered *kit.DateEntry
	locked     *kit.WrapLabel // says what cannot change after 交办
	remove     *widget.Button

	kit.ExtraEdits // the 责任单位 or milestones; the form tracks the rest
}

func New(w host.Host) *Screen {
	s := &Screen{w: w, cal: data.NewCalendar(), today: host.Today(), settings: data.DefaultSettings()}
	s.table = kit.NewTable(parts.TaskColumns(s.alertOf), nil, nil)
	s.table.RowTone = func(t *data.Task) widget.Importance { return parts.AlertTone(s.alert(t)) }
	s.table.Remember("督办事项")
	s.table.AddChip("已立项", func(t *data.Task) bool { return t.Status == data.TaskRegistered })
	s.table.AddChip(host.TasksUnsigned, func(t *data.Task) bool { return t.Status == data.TaskAssigned })
	s.table.AddChip("办理中", func(t *data.Task) bool { return t.Status == data.TaskInProgress })
	s.table.AddChip(host.TasksDueSoon, func(t *data.Task) bool { return s.alert(t).Level == data.AlertDueSoon })
	s.table.AddChip(host.TasksOverdue, func(t *data.Task) bool { return s.alert(t).Level == data.AlertOverdue })
	s.table.AddChip(host.TasksReported, func(t *data.Task) bool { return t.Status == data.TaskReported })
	s.table.AddChip("已办结", func(t *data.Task) bool { return t.Status == data.TaskClosed })

	s.heading = kit.NewWrapLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.actions = container.NewHBox()
	s.info = container.New(layout.NewFormLayout())
	s.units = kit.NewTable([]kit.Column[data.TaskUnit]{
		{Title: "单位", Width: 170, Grow: true, Text: func(u data.TaskUnit) string { return u.UnitName }},
		{Title: "角色", Width: 60, Text: func(u data.TaskUnit) string { return strings.TrimSuffix(string(u.Role), "单位") }},
		{Title: "签收期限", Width: 95, Text: func(u data.TaskUnit) string { return u.SignDue.String() }},
		{Title: "签收", Width: 140, Text: signText},
		{Title: "最近报送", Width: 95, Text: func(u data.TaskUnit) string { return u.LastReportOn.String() }},
		{Title: "进度", Width: 50, Align: fyne.TextAlignTrailing, Text: func(u data.TaskUnit) string { return percentText(u) }},
	}, nil, func(u data.TaskUnit) { s.w.OpenUnit(u.UnitID) })
	unitsBox := kit.CanvasMinHeight(s.units.Widget(), 200)
	s.timeline = container.NewVBox()
	s.stateTab = container.NewTabItem("办理情况", container.NewVScroll(container.NewVBox(s.info,
		widget.NewLabelWithStyle("承办单位", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), unitsBox)))
	s.histTab = container.NewTabItem("办理经过", container.NewVScroll(s.timeline))
	s.buildForm()
	s.records = kit.NewRecords(w.Window(), s.table, s.form, &s.task, s.Open)
	s.records.What, s.records.Extra = "督办事项", &s.ExtraEdits
	s.records.Reload, s.records.Fresh = s.reload, func() { s.fill(nil) }
	s.formTab = container.NewTabItem("事项信息", s.form.Widget())
	s.tabs = container.NewAppTabs(s.stateTab, s.histTab, s.formTab)
	s.tabs.OnSelected = func(*container.TabItem) { s.w.MenuChanged() }
	right := container.NewBorder(container.NewVBox(s.heading, s.actions, widget.NewSeparator()), nil, nil, nil, s.tabs)
	add := widget.NewButtonWithIcon("新建督办事项", fynetheme.ContentAddIcon(), s.Create)
	s.records.Lay(container.NewHBox(add), right, 0.46)
	s.fill(nil)
	return s
}

// signText says whether and when a unit signed, and by whom.
func signText(u data.TaskUnit) string {
	switch {
	case !u.Signed() && u.SignDue.IsZero():
		return "" // not handed over yet
	case !u.Signed():
		return "未签收"
	}
	return strings.TrimSpace(u.SignedOn.String() + " " + u.SignedBy)
}

func percentText(u data.TaskUnit) string {
	if u.LastReportOn.IsZero() {
		return ""
	}
	return strconv.Itoa(u.Percent) + "%"
}

func (s *Screen) buildForm() {
	s.form = kit.NewForm(s.saveTask)
	s.source = widget.NewSelect(kit.ChoiceLabels(data.TaskSources), nil)
	s.source.PlaceHolder = "请选择"
	s.sourceRef = widget.NewEntry()
	s.sourceRef.SetPlaceHolder("如：县委常委会2026年第12次会议、县长批示")
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("如：城区背街小巷提升改造")
	s.content = kit.NewTextArea(4, "")
	s.lead = kit.NewUnitPicker(parts.UnitSearch(s.w))
	s.others = newUnitList(s.w, func() { s.Edited() })
	s.due = kit.NewDateEntry()
	s.milestones = newMilestoneList(func() { s.Edited() })
	s.handler = widget.NewSelectEntry(nil)
	s.handler.SetPlaceHolder("效能办跟踪督办的工作人员")
	s.registered = kit.NewDateEntry()
	s.locked = kit.NewWrapLabel("本事项已交办：牵头单位、责任单位、办结期限和节点不能再修改；期限如需调整，请使用“延期”。")

	s.form.Add("事项来源", "Source", s.source, true)
	s.form.Add("来源依据", "SourceRef", s.sourceRef, false)
	s.form.Add("事项名称", "Title", s.title, true)
	s.form.Add("督办内容", "Content", s.content, true)
	s.form.Add("牵头单位", "LeadUnitID", s.lead, true)
	s.form.Add("责任单位", "UnitIDs", s.others.box, false)
	s.form.Add("办结期限", "Due", s.due, false)
	s.form.Add("工作节点", "Milestones", s.milestones.box, false)
	s.form.Add("承办人", "Handler", s.handler, false)
	s.form.Add("立项日期", "RegisteredOn", s.registered, true)
	s.form.Add("", "", s.locked, false)

	s.remove = widget.NewButtonWithIcon("删除", fynetheme.DeleteIcon(), s.deleteTask)
	s.remove.Importance = widget.DangerImportance
	s.form.AddButton(s.remove)
}

func (s *Screen) View() fyne.CanvasObject { return s.records.Widget() }

// shown reloads the list and the task shown.
func (s *Screen) Shown() { s.records.Reshow() }

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

func (s *Screen) reload() error {
	ctx, db := s.w.Context(), s.w.DB()
	var err error
	if s.settings, err = db.Settings(ctx); err != nil {
		return err
	}
	if s.cal, err = db.Calendar(ctx); err != nil {
		return err
	}
	s.today = host.Today()
	people, err := db.People(ctx, "")
	if err != nil {
		return err
	}
	var names []string
	for _, p := range people {
		if p.Active && (p.Role == data.RoleStaff || p.Role == data.RoleLeader) {
			names = append(names, p.Name)
		}
	}
	s.handler.SetOptions(names)
	tasks, err := db.Tasks(ctx, data.TaskFilter{})
	if err != nil {
		return err
	}
	s.table.SetRows(tasks)
	return nil
}

func (s *Screen) alert(t *data.Task) data.Alert {
	return t.Alert(s.cal, s.today, s.settings.WarnDays)
}

// alertOf is the 提醒 column (see parts.TaskAlertText).
func (s *Screen) alertOf(t *data.Task) string {
	return parts.TaskAlertText(t, s.cal, s.today, s.settings.WarnDays)
}

func (s *Screen) CreateLabel() string { return "新建督办事项" }

// create empties the form for a new task (Ctrl+N).
func (s *Screen) Create() {
	s.records.Create(s.title)
}

func (s *Screen) Save() { s.records.Save() }

// canSave offers 保存 while the form is the tab shown.
func (s *Screen) CanSave() bool { return s.tabs.Selected() == s.formTab }

func (s *Screen) FocusSearch() { s.records.FocusSearch() }

func (s *Screen) dirty() bool { return s.records.Dirty() }

// confirmLeave asks before the changes in the form are given up.
func (s *Screen) ConfirmLeave(leave func()) { s.records.ConfirmLeave(leave) }

// Open shows task id: its state, history and form.
func (s *Screen) Open(id string) {
	ctx, db := s.w.Context(), s.w.DB()
	t, err := db.Task(ctx, id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	events, err := db.TaskEvents(ctx, id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	other := s.task == nil || s.task.ID != id
	s.fill(t)
	if other {
		s.tabs.Select(s.stateTab)
	}
	s.fillInfo(t)
	s.units.SetRows(t.Units)
	s.fillTimeline(events)
	s.fillActions(t)
	s.histTab.Text = fmt.Sprintf("办理经过（%d）", len(events))
	s.tabs.Refresh()
}

// fill shows t in the form; nil starts a new task.
func (s *Screen) fill(t *data.Task) {
	s.Filling = true
	defer func() { s.Filling = false }()
	s.task = t
	saved := t != nil
	if !saved {
		t = &data.Task{RegisteredOn: s.today}
		s.heading.SetText("新建督办事项")
		s.actions.Objects = nil
		s.actions.Refresh()
		s.info.Objects = nil
		s.units.SetRows(nil)
		s.timeline.Objects = nil
		s.histTab.Text = "办理经过"
	} else {
		s.heading.SetText(t.Number + "  " + t.Title)
	}
	kit.ShowChoice(s.source, t.Source)
	s.sourceRef.SetText(t.SourceRef)
	s.title.SetText(t.Title)
	s.content.SetText(t.Content)
	s.lead.SetUnit(t.LeadUnitID, t.LeadUnitName)
	var others []*data.Unit
	for _, u := range t.Units {
		if u.Role == data.RoleResponsible {
			others = append(others, &data.Unit{Record: data.Record{ID: u.UnitID}, Name: u.UnitName})
		}
	}
	s.others.set(others)
	s.due.SetDate(t.Due)
	s.milestones.set(t.Milestones)
	s.handler.SetText(t.Handler)
	s.registered.SetDate(t.RegisteredOn)

	handed := saved && t.Status != data.TaskRegistered
	closed := saved && t.Status == data.TaskClosed
	for _, w := range []fyne.Disableable{s.lead, s.due, s.registered} {
		kit.SetEnabled(w, !handed)
	}
	s.others.setEnabled(!handed)
	s.milestones.setEnabled(!handed)
	for _, w := range []fyne.Disableable{s.source, s.sourceRef, s.title, s.content, s.handler} {
		kit.SetEnabled(w, !closed)
	}
	kit.SetVisible(s.locked, handed)
	kit.SetVisible(s.remove, saved && !handed)
	for _, tab := range []*container.TabItem{s.stateTab, s.histTab} {
		if saved {
			s.tabs.EnableItem(tab)
		} else {
			s.tabs.DisableItem(tab)
		}
	}
	if !saved {
		s.tabs.Select(s.formTab)
	}
	s.ExtraDirty = false
	s.form.MarkClean()
}

func (s *Screen) fillInfo(t *data.Task) {
	var objs []fyne.CanvasObject
	row := func(label, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		l := kit.NewWrapLabel(text)
		objs = append(objs, widget.NewLabel(label), l)
	}
	source := string(t.Source)
	if t.SourceRef != "" {
		source += "：" + t.SourceRef
	}
	row("事项来源", source)
	row("督办内容", t.Content)
	row("牵头单位", t.LeadUnitName)
	var others []string
	for _, u := range t.Units {
		if u.Role == data.RoleResponsible {
			others = append(others, u.UnitName)
		}
	}
	row("责任单位", strings.Join(others, "、"))
	status := string(t.Status)
	if a := s.alertOf(t); a != "" {
		status += "，" + a
	}
	if t.Failed && t.Status != data.TaskClosed {
		status += "（办结报告曾验收不通过）"
	}
	row("办理状态", status)
	row("办结期限", t.Due.String())
	for i, m := range t.Milestones {
		text := fmt.Sprintf("%s，期限%s", m.Title, m.Due)
		if !m.DoneOn.IsZero() {
			text += fmt.Sprintf("，%s完成", m.DoneOn)
		} else if t.Open() && s.cal.Missed(m.Due, s.today) {
			text += "，已逾期"
		}
		row(fmt.Sprintf("节点%d", i+1), text)
	}
	row("承办人", t.Handler)
	row("立项日期", t.RegisteredOn.String())
	row("交办日期", t.AssignedOn.String())
	if late := t.NotReported(s.today); len(late) > 0 {
		names := make([]string, len(late))
		for i, u := range late {
			names[i] = u.UnitName
		}
		row("本季度未报进展", strings.Join(names, "、"))
	}
	row("办结报告", t.ReportedOn.String())
	row("办结销号", t.ClosedOn.String())
	s.info.Objects = objs
	s.info.Refresh()
}

// fillTimeline lists the task's steps, oldest first.
func (s *Screen) fillTimeline(events []data.TaskEvent) {
	var objs []fyne.CanvasObject
	for _, e := range events {
		head := widget.NewLabelWithStyle(fmt.Sprintf("%s  %s  %s", e.On, e.Kind, e.Actor), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := kit.NewWrapLabel(taskEventText(e))
		objs = append(objs, head, body)
	}
	s.timeline.Objects = objs
	s.timeline.Refresh()
}

// taskEventText says what a step of a task recorded.
func taskEventText(e data.TaskEvent) string {
	var text string
	switch e.Kind {
	case data.TaskEventRegistered:
		text = "事项来源：" + e.Note + "。"
		if !e.DueDate.IsZero() {
			text += "办结期限" + e.DueDate.String() + "。"
		}
		return text
	case data.TaskEventSigned:
		text = e.UnitName + "签收。"
	case data.TaskEventProgress:
		text = fmt.Sprintf("%s报送进展，完成%d%%。", e.UnitName, e.Percent)
	case data.TaskEventExtended:
		text = fmt.Sprintf("经%s同意，期限延至%s。", e.ApprovedBy, e.DueDate)
	case data.TaskEventReminded:
		who := "各单位"
		if e.UnitName != "" {
			who = e.UnitName
		}
		text = fmt.Sprintf("以%s方式催办%s。", e.Result, who)
	case data.TaskEventReport:
		text = e.UnitName + "报送办结报告。"
	case data.TaskEventAccepted:
		text = "验收" + e.Result + "。"
		if e.Result == data.AcceptPassed {
			text += "办结销号。"
		}
	}
	if e.Note != "" {
		text += e.Note
	}
	return text
}

// fillActions offers the steps the task's state allows now.
func (s *Screen) fillActions(t *data.Task) {
	var steps kit.Steps
	undone := slices.ContainsFunc(t.Milestones, func(m data.Milestone) bool { return m.DoneOn.IsZero() })
	signed := slices.ContainsFunc(t.Units, func(u data.TaskUnit) bool { return u.Signed() })
	for _, k := range data.TaskSteps(t.Status) {
		switch k {
		case data.TaskEventAssigned:
			steps.Step("交办…", fynetheme.MailSendIcon(), s.assignDialog)
		case data.TaskEventSigned:
			steps.Step("登记签收…", fynetheme.ConfirmIcon(), s.signDialog)
		case data.TaskEventProgress:
			if signed {
				steps.Step("报送进展…", fynetheme.DocumentIcon(), s.progressDialog)
			}
		case data.TaskEventReport:
			steps.Step("办结报告…", fynetheme.DocumentSaveIcon(), s.reportDialog)
		case data.TaskEventAccepted:
			steps.Step("验收…", fynetheme.ConfirmIcon(), s.acceptDialog)
		case data.TaskEventMilestone:
			if undone {
				steps.Button("节点完成…", nil, s.milestoneDialog)
			}
		case data.TaskEventReminded:
			steps.Button("催办…", nil, s.remindDialog)
		case data.TaskEventExtended:
			steps.Button("延期…", nil, s.extendDialog)
		}
	}
	if t.Accountable(s.cal, s.today) {
		steps.Button("责任追究…", fynetheme.WarningIcon(), s.actionDialog).Importance = widget.DangerImportance
	}
	if slices.ContainsFunc(t.Units, func(u data.TaskUnit) bool { return u.NoticeID != "" }) {
		steps.Add(layout.NewSpacer())
		steps.Button("督办通知单", fynetheme.DocumentPrintIcon(), s.showNotices)
	}
	steps.Show(s.actions)
}

// showNotices lists the task's 督办通知单; one opens on the 文书 screen,
// where it is signed and printed.
func (s *Screen) showNotices() {
	var list []*data.Document
	for _, u := range s.task.Units {
		if u.NoticeID == "" {
			continue
		}
		d, err := s.w.DB().Document(s.w.Context(), u.NoticeID)
		if err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
		list = append(list, d)
	}
	kit.ShowList(s.w.Window(), s.task.Number+"的督办通知单", parts.DocumentColumns(), list, func(d *data.Document) { s.w.OpenDocument(d.ID) })
}

// The form.

// saveTask writes the form: a new task, or the changes to the one shown.
// ShowChip shows the list on its chip labelled chip (e.g. 已超期).
func (s *Screen) ShowChip(chip string) { s.table.SetChip(chip) }

func (s *Screen) saveTask() error {
	t := kit.EditCopy(s.task)
	t.Source = data.TaskSource(s.source.Selected)
	t.SourceRef = strings.TrimSpace(s.sourceRef.Text)
	t.Title = strings.TrimSpace(s.title.Text)
	t.Content = strings.TrimSpace(s.content.Text)
	t.LeadUnitID, _ = s.lead.Unit()
	t.UnitIDs = s.others.ids()
	var err error
	if t.Due, err = s.due.Date(); err != nil {
		return data.Invalid("Due", err.Error())
	}
	if t.Milestones, err = s.milestones.read(); err != nil {
		return err
	}
	t.Handler = strings.TrimSpace(s.handler.Text)
	if t.RegisteredOn, err = s.registered.Date(); err != nil {
		return data.Invalid("RegisteredOn", err.Error())
	}
	if err := kit.CreateOrUpdate(s.w.Context(), s.task == nil, t, s.w.DB().CreateTask, s.w.DB().UpdateTask); err != nil {
		return err
	}
	if err := s.records.Saved(t); err != nil {
		return err
	}
	s.tabs.Select(s.stateTab)
	return nil
}

// deleteTask removes a task registered by mistake.
func (s *Screen) deleteTask() {
	t := s.task
	s.records.Delete("删除督办事项", fmt.Sprintf("确定删除“%s”吗？删除仅用于误录入、尚未交办的事项。", t.Title), func() error {
		return s.w.DB().DeleteTask(s.w.Context(), t.ID)
	})
}
