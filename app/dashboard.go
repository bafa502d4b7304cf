package app

import (
	"fmt"
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
)

// dashboard is the 工作台: live figures from the ledger and what needs
// action today. Each figure opens the list behind it.
type dashboard struct {
	w    *Workbench
	root fyne.CanvasObject
	date *widget.Label
	// calendar says when a year's holiday arrangement is missing.
	calendar     *fyne.Container
	calendarNote *widgets.WrapLabel
	calendarYear int

	pending, handling, dueSoon, overdue *tile
	rectSoon, rectOverdue, visits       *tile
	replyOverdue                        *tile
	taskUnsigned, taskSoon, taskOverdue *tile
	taskReported                        *tile
	concluded, satisfied                *tile
	yearNote                            *widgets.WrapLabel

	todo *widgets.Table[todoItem]

	// What the figures were computed from, for the lists they open.
	today    data.Date
	cal      *data.Calendar
	settings data.Settings
}

// todoItem is one line of 今日待办.
type todoItem struct {
	kind      string // 投诉超期, 待受理, 整改超期, 文书逾期未复, 督办超期
	ref       string // the record's number or date
	unit      string
	what      string
	due       data.Date
	note      string
	unitID    string
	tone      widget.Importance // red past the deadline, amber near it
	ticket    *data.Complaint   // for the ticket lines
	findingID string            // for the rectification lines
	docID     string            // for the document lines
	taskID    string            // for the 督办事项 lines
}

func newDashboard(w *Workbench) *dashboard {
	d := &dashboard{w: w}
	d.date = widget.NewLabel("")
	d.pending = newTile("待受理", d.openPending)
	d.handling = newTile("办理中", d.openHandling)
	d.dueSoon = newTile("临近到期", d.openDueSoon)
	d.overdue = newTile("已超期", d.openOverdue)
	d.rectSoon = newTile("整改临近到期", d.openRectSoon)
	d.rectOverdue = newTile("整改已超期", d.openRectOverdue)
	d.visits = newTile("本季度检查", d.openVisits)
	d.replyOverdue = newTile("文书回复逾期", func() { d.w.showDocuments(chipOverdue) })
	d.taskUnsigned = newTile("督办待签收", func() { d.w.showTasks(chipTaskUnsigned) })
	d.taskSoon = newTile("督办临近到期", func() { d.w.showTasks(chipTaskSoon) })
	d.taskOverdue = newTile("督办已超期", func() { d.w.showTasks(chipTaskOverdue) })
	d.taskReported = newTile("督办待验收", func() { d.w.showTasks(chipTaskReported) })
	d.concluded = newTile("本年办结率", d.openYear)
	d.satisfied = newTile("本年满意率", d.openYear)
	d.yearNote = widgets.NewWrapLabel("")

	// Where each item stands comes before what it is about, so that a
	// narrow window still shows it; the content takes the spare width.
	d.todo = widgets.NewTable([]widgets.Column[todoItem]{
		{Title: "事项", Width: 96, Text: func(t todoItem) string { return t.kind }},
		{Title: "提醒", Width: 150, Text: func(t todoItem) string { return t.note }},
		{Title: "期限", Width: 96, Text: func(t todoItem) string { return t.due.String() }},
		{Title: "编号/日期", Width: 150, Text: func(t todoItem) string { return t.ref }},
		{Title: "单位", Width: 180, Grow: true, Shrink: true, Text: func(t todoItem) string { return t.unit }},
		{Title: "内容", Width: 300, Grow: true, Text: func(t todoItem) string { return t.what }},
	}, nil, d.openTodo)
	d.todo.RowTone = func(t todoItem) widget.Importance { return t.tone }
	d.todo.Remember("工作台")

	// A section is a row: its name, then its figures. The figures are
	// compact, so that the list of what to do today has the room.
	section := func(title string, tiles ...fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil,
			container.New(minSize{fyne.NewSize(sectionWidth, 0)}, widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
			nil, container.NewGridWithColumns(4, tiles...))
	}
	refresh := widget.NewButtonWithIcon("刷新", fynetheme.ViewRefreshIcon(), d.shown)
	d.calendarNote = widgets.NewWrapLabel("")
	d.calendarNote.Importance = widget.WarningImportance
	enter := widget.NewButtonWithIcon("录入节假日安排", fynetheme.SettingsIcon(), func() { d.w.editCalendarYear(d.calendarYear) })
	d.calendar = container.NewBorder(nil, nil, nil, enter, d.calendarNote)
	d.calendar.Hide()
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, refresh, d.date),
		d.calendar,
		section("效能投诉", d.pending, d.handling, d.dueSoon, d.overdue),
		section("整改与文书", d.rectSoon, d.rectOverdue, d.visits, d.replyOverdue),
		section("督办事项", d.taskUnsigned, d.taskSoon, d.taskOverdue, d.taskReported),
		container.NewBorder(nil, nil,
			container.New(minSize{fyne.NewSize(sectionWidth, 0)}, widget.NewLabelWithStyle("本年度", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
			nil, container.NewGridWithColumns(2, container.NewGridWithColumns(2, d.concluded, d.satisfied), d.yearNote)),
		widget.NewLabelWithStyle("今日待办", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	)
	d.root = container.NewBorder(top, nil, nil, nil, d.todo.Widget())
	return d
}

func (d *dashboard) view() fyne.CanvasObject { return d.root }

// shown recomputes every figure from the ledger.
func (d *dashboard) shown() {
	if err := d.load(); err != nil {
		widgets.ShowError(d.w.win, err)
	}
}

func (d *dashboard) load() error {
	ctx, db := d.w.ctx, d.w.db
	d.today = today()
	var err error
	if d.settings, err = db.Settings(ctx); err != nil {
		return err
	}
	if d.cal, err = db.Calendar(ctx); err != nil {
		return err
	}
	d.date.SetText(fmt.Sprintf("今天是%s %s", d.today.Chinese(), weekdays[d.today.Weekday()]))
	if y, missing := missingCalendarYear(d.cal, d.today); missing {
		d.calendarYear = y
		d.calendarNote.SetText(fmt.Sprintf("%d年的节假日安排尚未录入，落在该年的期限暂按周一至周五计算。国务院办公厅公布放假安排后，请及时录入。", y))
		d.calendar.Show()
	} else {
		d.calendar.Hide()
	}

	cc, err := db.ComplaintCounts(ctx, d.today)
	if err != nil {
		return err
	}
	d.pending.set(cc.Pending, warnIfAny)
	d.handling.set(cc.Handling, plain)
	d.dueSoon.set(cc.DueSoon, warnIfAny)
	d.overdue.set(cc.Overdue, errorIfAny)

	rc, err := db.RectificationCounts(ctx, d.today, d.settings.WarnDays)
	if err != nil {
		return err
	}
	d.rectSoon.set(rc.DueSoon, warnIfAny)
	d.rectOverdue.set(rc.Overdue, errorIfAny)

	from, to := quarter(d.today)
	visits, err := db.Visits(ctx, data.VisitFilter{From: from, To: to})
	if err != nil {
		return err
	}
	d.visits.set(len(visits), plain)

	dc, err := db.DocumentCounts(ctx, d.today)
	if err != nil {
		return err
	}
	d.replyOverdue.set(dc.ReplyOverdue, errorIfAny)

	tc, err := db.TaskCounts(ctx, d.today, d.settings.WarnDays)
	if err != nil {
		return err
	}
	d.taskUnsigned.set(tc.Unsigned, warnIfAny)
	d.taskSoon.set(tc.DueSoon, warnIfAny)
	d.taskOverdue.set(tc.Overdue, errorIfAny)
	d.taskReported.set(tc.Reported, warnIfAny)

	year, err := db.ComplaintYearFigures(ctx, d.today.Year())
	if err != nil {
		return err
	}
	d.concluded.setText(rateText(year.ConcludedRate()))
	d.satisfied.setText(rateText(year.SatisfiedRate()))
	d.yearNote.SetText(fmt.Sprintf("%d年共登记投诉%d件，受理%d件，办结%d件；回访%d件，满意和基本满意%d件。",
		d.today.Year(), year.Received, year.Accepted, year.Concluded, year.Surveyed, year.Satisfied))

	items, err := d.todoItems()
	if err != nil {
		return err
	}
	d.todo.SetRows(items)
	return nil
}

// missingCalendarYear is the year whose holiday arrangement the office
// should enter now: this year's when missing, and from November, when the
// State Council publishes it and deadlines begin to run into January, the
// next year's.
func missingCalendarYear(cal *data.Calendar, today data.Date) (int, bool) {
	switch {
	case !cal.Known(today.Year()):
		return today.Year(), true
	case today.Month() >= time.November && !cal.Known(today.Year()+1):
		return today.Year() + 1, true
	}
	return 0, false
}

// sectionWidth fits the longest section name of the 工作台.
const sectionWidth = 90

var weekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// quarter is the first and last day of the quarter of day.
func quarter(day data.Date) (from, to data.Date) {
	first := time.Month((int(day.Month())-1)/3*3 + 1)
	from = data.NewDate(day.Year(), first, 1)
	return from, data.NewDate(day.Year(), first+3, 1).AddDays(-1)
}

func rateText(pct float64, ok bool) string {
	if !ok {
		return "—"
	}
	return strconv.FormatFloat(pct, 'f', 1, 64) + "%"
}

// todoItems gathers what needs action today: overdue tickets, tickets to
// accept, overdue rectifications and documents whose reply is overdue.
func (d *dashboard) todoItems() ([]todoItem, error) {
	ctx, db := d.w.ctx, d.w.db
	var items []todoItem
	overdue, err := db.Complaints(ctx, data.ComplaintFilter{Alert: data.AlertOverdue})
	if err != nil {
		return nil, err
	}
	for _, c := range overdue {
		if c.Status == data.StatusPending {
			continue // listed with the tickets to accept
		}
		a := d.alertOf(c)
		items = append(items, todoItem{kind: "投诉超期", ref: c.Number, unit: c.HandlerUnitName, what: c.Subject,
			due: c.DueDate, note: alertText(a), tone: alertTone(a), unitID: c.HandlerUnitID, ticket: c})
	}
	pending, err := db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusPending})
	if err != nil {
		return nil, err
	}
	for _, c := range pending {
		a := d.alertOf(c) // on the 受理期限, in working days
		items = append(items, todoItem{kind: "待受理", ref: c.Number, unit: c.UnitName, what: c.Subject,
			due: c.AcceptDue, note: alertText(a), tone: alertTone(a), unitID: c.UnitID, ticket: c})
	}
	findings, err := db.Findings(ctx, data.FindingFilter{Overdue: true})
	if err != nil {
		return nil, err
	}
	for _, f := range findings {
		n := f.Alert(d.cal, d.today, d.settings.WarnDays).OverdueWorkdays
		items = append(items, todoItem{kind: "整改超期", ref: f.FoundOn.String(), unit: f.UnitName, what: f.Description,
			due: f.RectDue, note: fmt.Sprintf("已超期%d个工作日", n), tone: widget.DangerImportance, unitID: f.UnitID, findingID: f.ID})
	}
	docs, err := db.Documents(ctx, data.DocumentFilter{ReplyOverdue: true})
	if err != nil {
		return nil, err
	}
	for _, doc := range docs {
		n := doc.ReplyAlert(d.cal, d.today, 0).OverdueWorkdays
		items = append(items, todoItem{kind: "文书逾期未复", ref: doc.Number, unit: doc.Recipient, what: doc.Title,
			due: doc.ReplyDue, note: fmt.Sprintf("回复逾期%d个工作日", n), tone: widget.DangerImportance, unitID: doc.RecipientUnitID, docID: doc.ID})
	}
	tasks, err := db.Tasks(ctx, data.TaskFilter{OpenOnly: true})
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if a := t.Alert(d.cal, d.today, d.settings.WarnDays); a.Level == data.AlertOverdue {
			items = append(items, todoItem{kind: "督办超期", ref: t.Number, unit: t.LeadUnitName, what: t.Title,
				due: t.Deadline(), note: alertText(a), tone: alertTone(a), unitID: t.LeadUnitID, taskID: t.ID})
		}
	}
	return items, nil
}

// openTodo opens a ticket in the 效能投诉 register, a rectification on the
// 问题整改 screen, a document on the 文书 screen.
func (d *dashboard) openTodo(t todoItem) {
	switch {
	case t.taskID != "":
		d.w.openTask(t.taskID)
	case t.docID != "":
		d.w.openDocument(t.docID)
	case t.findingID != "":
		d.w.openFinding(t.findingID)
	case t.ticket != nil:
		showOn(d.w, "效能投诉", func(cs *complaintsScreen) { cs.showTicket(t.ticket) })
	case t.unitID != "":
		d.w.openUnit(t.unitID)
	}
}

// The lists behind the figures. The ticket figures open the 效能投诉
// register on the matching tab.

func (d *dashboard) alertOf(c *data.Complaint) data.Alert {
	return c.Alert(d.cal, d.today, d.settings.WarnDays)
}

func (d *dashboard) openPending()  { d.w.openComplaints(statePending) }
func (d *dashboard) openHandling() { d.w.openComplaints(stateHandling) }
func (d *dashboard) openDueSoon()  { d.w.openComplaints(stateDueSoon) }
func (d *dashboard) openOverdue()  { d.w.openComplaints(stateOverdue) }

// openYear lists this year's tickets: the register's 全部 over the year.
func (d *dashboard) openYear() {
	y := d.today.Year()
	showOn(d.w, "效能投诉", func(cs *complaintsScreen) {
		cs.showRange(data.NewDate(y, 1, 1), data.NewDate(y, 12, 31))
	})
}

// openRect opens the 问题整改 list on its chip labelled chip (临近到期,
// 已超期), the same rule as store.RectificationCounts.
func (d *dashboard) openRect(chip string) {
	showOn(d.w, "问题整改", func(s *rectScreen) { s.table.SetChip(chip) })
}

func (d *dashboard) openRectOverdue() { d.openRect("已超期") }
func (d *dashboard) openRectSoon()    { d.openRect("临近到期") }

func (d *dashboard) openVisits() {
	from, to := quarter(d.today)
	list, err := d.w.db.Visits(d.w.ctx, data.VisitFilter{From: from, To: to})
	if err != nil {
		widgets.ShowError(d.w.win, err)
		return
	}
	showList(d.w.win, fmt.Sprintf("本季度检查记录（%s至%s）", from, to), visitColumns(), list,
		func(v *data.Visit) { d.w.showVisit(v.ID, d.shown) })
}

// tile shows one figure and its caption side by side; a tap opens the list
// behind it.
type tile struct {
	widget.BaseWidget
	value   *canvas.Text
	caption *widget.Label
	onTap   func()
}

// tone says which colour a figure takes.
type tone func(n int) fyne.ThemeColorName

func plain(int) fyne.ThemeColorName { return fynetheme.ColorNamePrimary }

func warnIfAny(n int) fyne.ThemeColorName {
	if n > 0 {
		return fynetheme.ColorNameWarning
	}
	return fynetheme.ColorNamePrimary
}

func errorIfAny(n int) fyne.ThemeColorName {
	if n > 0 {
		return fynetheme.ColorNameError
	}
	return fynetheme.ColorNamePrimary
}

func newTile(caption string, onTap func()) *tile {
	t := &tile{value: canvas.NewText("—", color.Black), caption: widget.NewLabel(caption), onTap: onTap}
	t.value.TextSize = 22
	t.value.TextStyle = fyne.TextStyle{Bold: true}
	t.caption.Truncation = fyne.TextTruncateEllipsis
	t.ExtendBaseWidget(t)
	t.setText("—")
	return t
}

func (t *tile) set(n int, c tone) {
	t.value.Text = strconv.Itoa(n)
	t.value.Color = fynetheme.Color(c(n))
	t.value.Refresh()
}

func (t *tile) setText(s string) {
	t.value.Text = s
	t.value.Color = fynetheme.Color(fynetheme.ColorNamePrimary)
	t.value.Refresh()
}

func (t *tile) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(fynetheme.Color(fynetheme.ColorNameInputBackground))
	bg.CornerRadius = fynetheme.InputRadiusSize()
	return widget.NewSimpleRenderer(container.NewStack(bg,
		container.NewBorder(nil, nil, container.NewCenter(container.NewPadded(t.value)), nil,
			container.NewVBox(layout.NewSpacer(), t.caption, layout.NewSpacer()))))
}

// Tapped opens the list behind the figure.
func (t *tile) Tapped(*fyne.PointEvent) { t.onTap() }

// Cursor shows the hand: the figure is a link.
func (t *tile) Cursor() desktop.Cursor { return desktop.PointerCursor }
