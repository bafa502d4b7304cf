package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/documents"
)

// tasksScreen is 督办事项: the tasks the county's 党委 and 政府 decided, by
// where they stand and how near their deadlines are; the selected task's
// units with their 签收 and progress, its history, the steps it allows now,
// and its form.
type tasksScreen struct {
	w     *Workbench
	root  fyne.CanvasObject
	table *widgets.Table[*data.Task]

	cal      *data.Calendar
	settings data.Settings
	today    data.Date

	task     *data.Task // shown; nil while a new one is entered
	heading  *widgets.WrapLabel
	actions  *fyne.Container
	tabs     *container.AppTabs
	stateTab *container.TabItem
	histTab  *container.TabItem
	formTab  *container.TabItem
	info     *fyne.Container
	units    *widgets.Table[data.TaskUnit]
	timeline *fyne.Container

	form       *widgets.Form
	source     *widget.Select
	sourceRef  *widget.Entry
	title      *widget.Entry
	content    *widgets.TextArea
	lead       *widgets.UnitPicker
	others     *unitList
	due        *widgets.DateEntry
	milestones *milestoneList
	handler    *widget.SelectEntry
	registered *widgets.DateEntry
	locked     *widgets.WrapLabel // says what cannot change after 交办
	remove     *widget.Button

	extraEdits // the 责任单位 or milestones; the form tracks the rest
}

// Chips of the task list.
const (
	chipTaskUnsigned = "待签收"
	chipTaskSoon     = "临近到期"
	chipTaskOverdue  = "已超期"
	chipTaskReported = "待验收"
)

func newTasksScreen(w *Workbench) *tasksScreen {
	s := &tasksScreen{w: w, cal: data.NewCalendar(), today: today(), settings: data.DefaultSettings()}
	s.table = widgets.NewTable(taskColumns(s.alertOf), nil, nil)
	s.table.RowTone = func(t *data.Task) widget.Importance { return alertTone(s.alert(t)) }
	s.table.Remember("督办事项")
	s.table.AddChip("已立项", func(t *data.Task) bool { return t.Status == data.TaskRegistered })
	s.table.AddChip(chipTaskUnsigned, func(t *data.Task) bool { return t.Status == data.TaskAssigned })
	s.table.AddChip("办理中", func(t *data.Task) bool { return t.Status == data.TaskInProgress })
	s.table.AddChip(chipTaskSoon, func(t *data.Task) bool { return s.alert(t).Level == data.AlertDueSoon })
	s.table.AddChip(chipTaskOverdue, func(t *data.Task) bool { return s.alert(t).Level == data.AlertOverdue })
	s.table.AddChip(chipTaskReported, func(t *data.Task) bool { return t.Status == data.TaskReported })
	s.table.AddChip("已办结", func(t *data.Task) bool { return t.Status == data.TaskClosed })
	s.table.OnSelected = func(t *data.Task) {
		if s.task != nil && s.task.ID == t.ID {
			return
		}
		s.confirmLeave(func() { s.open(t.ID) })
	}
	add := widget.NewButtonWithIcon("新建督办事项", fynetheme.ContentAddIcon(), s.create)
	left := container.NewBorder(container.NewHBox(add), nil, nil, nil, s.table.Widget())

	s.heading = widgets.NewWrapLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.actions = container.NewHBox()
	s.info = container.New(layout.NewFormLayout())
	s.units = widgets.NewTable([]widgets.Column[data.TaskUnit]{
		{Title: "单位", Width: 170, Grow: true, Text: func(u data.TaskUnit) string { return u.UnitName }},
		{Title: "角色", Width: 60, Text: func(u data.TaskUnit) string { return strings.TrimSuffix(string(u.Role), "单位") }},
		{Title: "签收期限", Width: 95, Text: func(u data.TaskUnit) string { return u.SignDue.String() }},
		{Title: "签收", Width: 140, Text: signText},
		{Title: "最近报送", Width: 95, Text: func(u data.TaskUnit) string { return u.LastReportOn.String() }},
		{Title: "进度", Width: 50, Align: fyne.TextAlignTrailing, Text: func(u data.TaskUnit) string { return percentText(u) }},
	}, nil, func(u data.TaskUnit) { s.w.openUnit(u.UnitID) })
	unitsBox := canvasMinHeight(s.units.Widget(), 200)
	s.timeline = container.NewVBox()
	s.stateTab = container.NewTabItem("办理情况", container.NewVScroll(container.NewVBox(s.info,
		widget.NewLabelWithStyle("承办单位", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), unitsBox)))
	s.histTab = container.NewTabItem("办理经过", container.NewVScroll(s.timeline))
	s.buildForm()
	s.formTab = container.NewTabItem("事项信息", s.form.Widget())
	s.tabs = container.NewAppTabs(s.stateTab, s.histTab, s.formTab)
	s.tabs.OnSelected = func(*container.TabItem) { s.w.setMenu() }
	right := container.NewBorder(container.NewVBox(s.heading, s.actions, widget.NewSeparator()), nil, nil, nil, s.tabs)

	split := container.NewHSplit(left, right)
	split.Offset = 0.46
	s.root = split
	s.fill(nil)
	return s
}

// taskColumns lists tasks; alert gives the 提醒 column.
func taskColumns(alert func(*data.Task) string) []widgets.Column[*data.Task] {
	return []widgets.Column[*data.Task]{
		{Title: "编号", Width: 110, Text: func(t *data.Task) string { return t.Number }},
		{Title: "事项名称", Width: 200, Grow: true, Text: func(t *data.Task) string { return t.Title }},
		{Title: "状态", Width: 70, Text: func(t *data.Task) string { return string(t.Status) }},
		{Title: "提醒", Width: 160, Text: alert},
		{Title: "办结期限", Width: 100, Text: func(t *data.Task) string { return t.Due.String() }},
		{Title: "牵头单位", Width: 150, Text: func(t *data.Task) string { return t.LeadUnitName }},
		{Title: "来源", Width: 120, Text: func(t *data.Task) string { return string(t.Source) }},
		{Title: "立项日期", Width: 100, Text: func(t *data.Task) string { return t.RegisteredOn.String() }},
	}
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

func (s *tasksScreen) buildForm() {
	s.form = widgets.NewForm(s.saveTask)
	s.source = widget.NewSelect(choiceLabels(data.TaskSources), nil)
	s.source.PlaceHolder = "请选择"
	s.sourceRef = widget.NewEntry()
	s.sourceRef.SetPlaceHolder("如：县委常委会2026年第12次会议、县长批示")
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("如：城区背街小巷提升改造")
	s.content = multiLine(4, "")
	s.lead = widgets.NewUnitPicker(s.w.searchUnits)
	s.others = newUnitList(s.w, func() { s.edited() })
	s.due = widgets.NewDateEntry()
	s.milestones = newMilestoneList(func() { s.edited() })
	s.handler = widget.NewSelectEntry(nil)
	s.handler.SetPlaceHolder("效能办跟踪督办的工作人员")
	s.registered = widgets.NewDateEntry()
	s.locked = lowLabel("本事项已交办：牵头单位、责任单位、办结期限和节点不能再修改；期限如需调整，请使用“延期”。")

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

func (s *tasksScreen) view() fyne.CanvasObject { return s.root }

// shown reloads the list and the task shown.
func (s *tasksScreen) shown() {
	if err := s.reload(); err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	if s.task != nil && !s.dirty() {
		s.open(s.task.ID)
	}
}

func (s *tasksScreen) reload() error {
	ctx, db := s.w.ctx, s.w.db
	var err error
	if s.settings, err = db.Settings(ctx); err != nil {
		return err
	}
	if s.cal, err = db.Calendar(ctx); err != nil {
		return err
	}
	s.today = today()
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

func (s *tasksScreen) alert(t *data.Task) data.Alert {
	return t.Alert(s.cal, s.today, s.settings.WarnDays)
}

// alertOf is the 提醒 column (see taskAlertText).
func (s *tasksScreen) alertOf(t *data.Task) string {
	return taskAlertText(t, s.cal, s.today, s.settings.WarnDays)
}

// taskAlertText says how far an open task is from its deadline (its next
// milestone's, when that comes first), how many units have not signed in
// time, and whether a final report awaits acceptance or was refused.
func taskAlertText(t *data.Task, cal *data.Calendar, today data.Date, warnDays int) string {
	var parts []string
	if a := alertText(t.Alert(cal, today, warnDays)); a != "" {
		if !t.Deadline().Equal(t.Due) {
			a = "节点" + a
		}
		parts = append(parts, a)
	}
	if late := t.SignedLate(cal, today); t.Status == data.TaskAssigned && len(late) > 0 {
		parts = append(parts, fmt.Sprintf("%d个单位逾期未签收", len(late)))
	}
	switch {
	case t.Status == data.TaskReported:
		parts = append(parts, "办结报告待验收")
	case t.Failed && t.Open():
		parts = append(parts, "验收未通过")
	}
	return strings.Join(parts, "，")
}

func (s *tasksScreen) createLabel() string { return "新建督办事项" }

// create empties the form for a new task (Ctrl+N).
func (s *tasksScreen) create() {
	s.confirmLeave(func() {
		s.fill(nil)
		s.w.win.Canvas().Focus(s.title)
	})
}

func (s *tasksScreen) save() { s.form.Save() }

// canSave offers 保存 while the form is the tab shown.
func (s *tasksScreen) canSave() bool { return s.tabs.Selected() == s.formTab }

func (s *tasksScreen) focusSearch() { s.table.FocusSearch(s.w.win) }

func (s *tasksScreen) dirty() bool { return s.form.Dirty() || s.extraDirty }

// confirmLeave asks before the changes in the form are given up.
func (s *tasksScreen) confirmLeave(leave func()) {
	s.confirmDiscard(s.w.win, "督办事项", s.form, leave)
}

// openTask shows task id on the 督办事项 screen.
func (w *Workbench) openTask(id string) {
	openOn(w, "督办事项", func(s *tasksScreen) { s.open(id) })
}

// showTasks shows the 督办事项 screen on the chip labelled chip.
func (w *Workbench) showTasks(chip string) {
	showOn(w, "督办事项", func(s *tasksScreen) { s.table.SetChip(chip) })
}

// open shows task id: its state, history and form.
func (s *tasksScreen) open(id string) {
	ctx, db := s.w.ctx, s.w.db
	t, err := db.Task(ctx, id)
	if err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	events, err := db.TaskEvents(ctx, id)
	if err != nil {
		widgets.ShowError(s.w.win, err)
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
func (s *tasksScreen) fill(t *data.Task) {
	s.filling = true
	defer func() { s.filling = false }()
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
	showChoice(s.source, t.Source)
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
		setEnabled(w, !handed)
	}
	s.others.setEnabled(!handed)
	s.milestones.setEnabled(!handed)
	for _, w := range []fyne.Disableable{s.source, s.sourceRef, s.title, s.content, s.handler} {
		setEnabled(w, !closed)
	}
	setVisible(s.locked, handed)
	setVisible(s.remove, saved && !handed)
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
	s.extraDirty = false
	s.form.MarkClean()
}

func (s *tasksScreen) fillInfo(t *data.Task) {
	var objs []fyne.CanvasObject
	row := func(label, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		l := widgets.NewWrapLabel(text)
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
func (s *tasksScreen) fillTimeline(events []data.TaskEvent) {
	var objs []fyne.CanvasObject
	for _, e := range events {
		head := widget.NewLabelWithStyle(fmt.Sprintf("%s  %s  %s", e.On, e.Kind, e.Actor), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := widgets.NewWrapLabel(taskEventText(e))
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
func (s *tasksScreen) fillActions(t *data.Task) {
	var objs []fyne.CanvasObject
	step := func(label string, icon fyne.Resource, fn func()) {
		b := widget.NewButtonWithIcon(label, icon, fn)
		b.Importance = widget.HighImportance
		objs = append(objs, b)
	}
	other := func(label string, fn func()) { objs = append(objs, widget.NewButton(label, fn)) }
	undone := slices.ContainsFunc(t.Milestones, func(m data.Milestone) bool { return m.DoneOn.IsZero() })
	signed := slices.ContainsFunc(t.Units, func(u data.TaskUnit) bool { return u.Signed() })
	for _, k := range data.TaskSteps(t.Status) {
		switch k {
		case data.TaskEventAssigned:
			step("交办…", fynetheme.MailSendIcon(), s.assignDialog)
		case data.TaskEventSigned:
			step("登记签收…", fynetheme.ConfirmIcon(), s.signDialog)
		case data.TaskEventProgress:
			if signed {
				step("报送进展…", fynetheme.DocumentIcon(), s.progressDialog)
			}
		case data.TaskEventReport:
			step("办结报告…", fynetheme.DocumentSaveIcon(), s.reportDialog)
		case data.TaskEventAccepted:
			step("验收…", fynetheme.ConfirmIcon(), s.acceptDialog)
		case data.TaskEventMilestone:
			if undone {
				other("节点完成…", s.milestoneDialog)
			}
		case data.TaskEventReminded:
			other("催办…", s.remindDialog)
		case data.TaskEventExtended:
			other("延期…", s.extendDialog)
		}
	}
	if t.Accountable(s.cal, s.today) {
		b := widget.NewButtonWithIcon("责任追究…", fynetheme.WarningIcon(), s.actionDialog)
		b.Importance = widget.DangerImportance
		objs = append(objs, b)
	}
	if slices.ContainsFunc(t.Units, func(u data.TaskUnit) bool { return u.NoticeID != "" }) {
		objs = append(objs, layout.NewSpacer(), widget.NewButtonWithIcon("督办通知单", fynetheme.DocumentPrintIcon(), s.showNotices))
	}
	s.actions.Objects = objs
	s.actions.Refresh()
}

// showNotices lists the task's 督办通知单; one opens on the 文书 screen,
// where it is signed and printed.
func (s *tasksScreen) showNotices() {
	var list []*data.Document
	for _, u := range s.task.Units {
		if u.NoticeID == "" {
			continue
		}
		d, err := s.w.db.Document(s.w.ctx, u.NoticeID)
		if err != nil {
			widgets.ShowError(s.w.win, err)
			return
		}
		list = append(list, d)
	}
	showList(s.w.win, s.task.Number+"的督办通知单", documentColumns(), list, func(d *data.Document) { s.w.openDocument(d.ID) })
}

// The form.

// saveTask writes the form: a new task, or the changes to the one shown.
func (s *tasksScreen) saveTask() error {
	t := &data.Task{}
	if s.task != nil {
		cp := *s.task
		t = &cp
	}
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
	if err := createOrUpdate(s.w.ctx, s.task == nil, t, s.w.db.CreateTask, s.w.db.UpdateTask); err != nil {
		return err
	}
	s.extraDirty = false
	if err := s.reload(); err != nil {
		return err
	}
	s.open(t.ID)
	s.tabs.Select(s.stateTab)
	return nil
}

// deleteTask removes a task registered by mistake.
func (s *tasksScreen) deleteTask() {
	t := s.task
	confirmDelete(s.w.win, "删除督办事项", fmt.Sprintf("确定删除“%s”吗？删除仅用于误录入、尚未交办的事项。", t.Title), func() error {
		return s.w.db.DeleteTask(s.w.ctx, t.ID)
	}, func() error {
		s.fill(nil)
		return s.reload()
	})
}

// unitList is the 责任单位 of the form: units added by name or pinyin
// initials, each with a button to take it off.
type unitList struct {
	w       *Workbench
	units   []*data.Unit
	rows    *fyne.Container
	picker  *widgets.UnitPicker
	box     *fyne.Container
	enabled bool
	changed func()
}

func newUnitList(w *Workbench, changed func()) *unitList {
	l := &unitList{w: w, rows: container.NewVBox(), enabled: true, changed: changed}
	l.picker = widgets.NewUnitPicker(w.searchUnits)
	l.picker.PlaceHolder = "输入名称或拼音首字母添加责任单位"
	l.picker.OnChanged = func(id, name string) {
		if id == "" {
			return
		}
		if !slices.ContainsFunc(l.units, func(u *data.Unit) bool { return u.ID == id }) {
			l.units = append(l.units, &data.Unit{Record: data.Record{ID: id}, Name: name})
			l.refresh()
			l.changed()
		}
		l.picker.SetUnit("", "")
	}
	l.box = container.NewVBox(l.rows, l.picker)
	return l
}

func (l *unitList) set(units []*data.Unit) {
	l.units = units
	l.refresh()
}

func (l *unitList) ids() []string {
	out := make([]string, len(l.units))
	for i, u := range l.units {
		out[i] = u.ID
	}
	return out
}

func (l *unitList) setEnabled(on bool) {
	l.enabled = on
	setVisible(l.picker, on)
	l.refresh()
}

func (l *unitList) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(l.units))
	for _, u := range l.units {
		name := widget.NewLabel(u.Name)
		if !l.enabled {
			objs = append(objs, name)
			continue
		}
		id := u.ID
		rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
			l.units = slices.DeleteFunc(l.units, func(x *data.Unit) bool { return x.ID == id })
			l.refresh()
			l.changed()
		})
		rm.Importance = widget.LowImportance
		objs = append(objs, container.NewBorder(nil, nil, nil, rm, name))
	}
	if len(objs) == 0 && !l.enabled {
		objs = append(objs, lowLabel("无"))
	}
	l.rows.Objects = objs
	l.rows.Refresh()
	l.box.Refresh()
}

// milestoneList edits a task's milestones: what is to be done by when, in
// date order.
type milestoneList struct {
	rows    []*milestoneRow
	list    *fyne.Container
	add     *widget.Button
	bar     *fyne.Container // 添加节点 and its hint
	none    *widget.Label   // 无, for a task handed over without milestones
	box     *fyne.Container
	enabled bool
	changed func()
}

type milestoneRow struct {
	m     data.Milestone // the stored milestone (its ID and completion)
	title *widget.Entry
	due   *widgets.DateEntry
}

func newMilestoneList(changed func()) *milestoneList {
	l := &milestoneList{list: container.NewVBox(), enabled: true, changed: changed}
	l.add = widget.NewButtonWithIcon("添加节点", fynetheme.ContentAddIcon(), func() {
		l.rows = append(l.rows, l.newRow(data.Milestone{}))
		l.refresh()
		l.changed()
	})
	hint := widget.NewLabel("不分节点的，填写办结期限即可")
	hint.Importance = widget.LowImportance
	l.bar = container.NewHBox(l.add, hint)
	l.none = widget.NewLabel("无")
	l.box = container.NewVBox(l.list, l.bar, l.none)
	return l
}

func (l *milestoneList) newRow(m data.Milestone) *milestoneRow {
	r := &milestoneRow{m: m, title: widget.NewEntry(), due: widgets.NewDateEntry()}
	r.title.SetText(m.Title)
	r.title.SetPlaceHolder("节点内容")
	r.due.SetDate(m.Due)
	r.title.OnChanged = func(string) { l.changed() }
	r.due.OnDateChanged = func(data.Date) { l.changed() }
	return r
}

func (l *milestoneList) set(ms []data.Milestone) {
	l.rows = nil
	for _, m := range ms {
		l.rows = append(l.rows, l.newRow(m))
	}
	l.refresh()
}

func (l *milestoneList) setEnabled(on bool) {
	l.enabled = on
	setVisible(l.bar, on)
	l.refresh()
}

func (l *milestoneList) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(l.rows))
	for i, r := range l.rows {
		setEnabled(r.title, l.enabled)
		setEnabled(r.due, l.enabled)
		var tail fyne.CanvasObject = r.due
		if l.enabled {
			row := r
			rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
				l.rows = slices.DeleteFunc(l.rows, func(x *milestoneRow) bool { return x == row })
				l.refresh()
				l.changed()
			})
			rm.Importance = widget.LowImportance
			tail = container.NewHBox(tail, rm)
		}
		objs = append(objs, container.NewBorder(nil, nil, widget.NewLabel(fmt.Sprintf("%d.", i+1)), tail, r.title))
	}
	l.list.Objects = objs
	l.list.Refresh()
	setVisible(l.none, !l.enabled && len(l.rows) == 0)
	l.box.Refresh()
}

// read returns the milestones as entered; a date that does not parse is
// named with its row.
func (l *milestoneList) read() ([]data.Milestone, error) {
	out := make([]data.Milestone, 0, len(l.rows))
	for i, r := range l.rows {
		due, err := r.due.Date()
		if err != nil {
			return nil, data.Invalid("Milestones", fmt.Sprintf("第%d个节点的期限：%s", i+1, err.Error()))
		}
		m := r.m
		m.Title, m.Due = strings.TrimSpace(r.title.Text), due
		out = append(out, m)
	}
	return out, nil
}

// The steps.

func (s *tasksScreen) stepDialog(title string, form *widgets.Form, intro string) *dialog.CustomDialog {
	return showStepDialog(s.w.win, title, form, intro, 640)
}

// stepDone reloads after a step, and tells what else the user should know.
func (s *tasksScreen) stepDone(d *dialog.CustomDialog, note string) {
	d.Hide()
	if err := s.reload(); err != nil {
		widgets.ShowError(s.w.win, err)
	}
	s.open(s.task.ID)
	if note != "" {
		dialog.ShowInformation("提示", note, s.w.win)
	}
}

func (s *tasksScreen) intro() string {
	t := s.task
	return fmt.Sprintf("%s %s（牵头单位：%s）", t.Number, t.Title, t.LeadUnitName)
}

// dateField is a date entry set to today.
func dateField() *widgets.DateEntry {
	e := widgets.NewDateEntry()
	e.SetDate(today())
	return e
}

// multiLine is a text area rows lines high with hint as its
// placeholder: every multi-line field of the workbench.
func multiLine(rows int, hint string) *widgets.TextArea {
	return widgets.NewTextArea(rows, hint)
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
func (s *tasksScreen) assignDialog() {
	t := s.task
	on := dateField()
	notices := widget.NewCheck("为每个单位起草督办通知单（在“文书”中签发、打印）", nil)
	notices.SetChecked(true)
	preview := lowLabel("")
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
	form := widgets.NewForm(func() error {
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
		assumed, err := s.w.db.AssignTask(s.w.ctx, t.ID, day, docs)
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
func (s *tasksScreen) signDialog() {
	t := s.task
	unit := newUnitChoice(t.Unsigned(), "")
	on := dateField()
	by := widget.NewEntry()
	by.SetPlaceHolder("签收人姓名")
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.db.SignTask(s.w.ctx, t.ID, unit.unitID(), day, by.Text); err != nil {
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
func (s *tasksScreen) progressDialog() {
	t := s.task
	var signed []data.TaskUnit
	for _, u := range t.Units {
		if u.Signed() {
			signed = append(signed, u)
		}
	}
	unit := newUnitChoice(signed, "")
	on := dateField()
	percent := widget.NewEntry()
	percent.SetPlaceHolder("0–100")
	percent.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return nil // required: the form says so on 保存
		}
		_, err := parsePercent(text)
		return err
	}
	content := multiLine(4, "本阶段完成的工作、存在的问题和下一步打算")
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		pct, err := parsePercent(percent.Text)
		if err != nil {
			return data.Invalid("Percent", err.Error())
		}
		if err := s.w.db.ReportTaskProgress(s.w.ctx, t.ID, unit.unitID(), day, pct, content.Text); err != nil {
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
func (s *tasksScreen) milestoneDialog() {
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
	on := dateField()
	note := widget.NewEntry()
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.db.CompleteMilestone(s.w.ctx, t.ID, ids[which.Selected], day, note.Text); err != nil {
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
func (s *tasksScreen) extendDialog() {
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
	hint := lowLabel("")
	which := widget.NewSelect(labels, func(l string) { hint.SetText("原期限：" + current[l].String()) })
	which.SetSelected(final)
	due := widgets.NewDateEntry()
	reason := multiLine(2, "")
	approved := widget.NewEntry()
	approved.SetPlaceHolder("如：县政府分管副县长")
	on := dateField()
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		newDue, err := due.Date()
		if err != nil {
			return data.Invalid("Due", err.Error())
		}
		if err := s.w.db.ExtendTask(s.w.ctx, t.ID, ids[which.Selected], day, newDue, reason.Text, approved.Text); err != nil {
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
func (s *tasksScreen) remindDialog() {
	t := s.task
	unit := newUnitChoice(t.Units, "全部单位")
	unit.SetSelected("全部单位")
	if late := t.SignedLate(s.cal, s.today); len(late) == 1 {
		unit.selectUnit(late[0].UnitID)
	}
	on := dateField()
	method := widget.NewSelectEntry(data.ContactMethods)
	method.SetText(data.ContactMethods[0])
	note := multiLine(2, "催办内容")
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.db.RemindTask(s.w.ctx, t.ID, unit.unitID(), day, method.Text, note.Text); err != nil {
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
func (s *tasksScreen) reportDialog() {
	t := s.task
	on := dateField()
	content := multiLine(5, "完成情况、取得的成效")
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.db.SubmitTaskReport(s.w.ctx, t.ID, day, content.Text); err != nil {
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
func (s *tasksScreen) acceptDialog() {
	t := s.task
	on := dateField()
	result := widget.NewRadioGroup([]string{data.AcceptPassed, data.AcceptFailed}, nil)
	result.Horizontal = true
	note := multiLine(3, "验收意见；不通过的，写明理由")
	var d *dialog.CustomDialog
	form := widgets.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		passed := result.Selected == data.AcceptPassed
		if err := s.w.db.AcceptTask(s.w.ctx, t.ID, day, passed, note.Text); err != nil {
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
func (s *tasksScreen) actionDialog() {
	t := s.task
	w := s.w
	var d *dialog.CustomDialog
	var f *actionForm
	f = newActionForm(w, func() error {
		a, err := f.read()
		if err != nil {
			return err
		}
		if err := w.db.HoldTaskAccountable(w.ctx, t.ID, a); err != nil {
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
	f.fillDraft(draft, store.ActionBasis{TaskID: t.ID, TaskNumber: t.Number, TaskTitle: t.Title}, w.issuingBody())
	list, err := w.db.Actions(w.ctx, data.ActionFilter{Limit: 200})
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	f.setOptions(list)
	f.form.AddButton(widget.NewButton("取消", func() { d.Hide() }))
	head := lowLabel("追究对象应为本事项的牵头单位或责任单位（或其工作人员）。")
	d = dialog.NewCustomWithoutButtons("效能责任追究", container.NewBorder(head, nil, nil, nil, f.form.Widget()), w.win)
	d.Resize(fyne.NewSize(640, min(f.form.Widget().MinSize().Height+90, w.win.Canvas().Size().Height*0.9)))
	d.Show()
}
