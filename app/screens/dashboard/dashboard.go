package dashboard

import (
	"fmt"
	"strconv"
	"time"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// Screen is the 工作台: live figures from the ledger and what needs
// action today. Each figure opens the list behind it.
type Screen struct {
	w    host.Host
	root fyne.CanvasObject
	date *widget.Label
	// calendar says when a year's holiday arrangement is missing.
	calendar     *fyne.Container
	calendarNote *kit.WrapLabel
	calendarYear int

	pending, handling, dueSoon, overdue *parts.Tile
	rectSoon, rectOverdue, visits       *parts.Tile
	replyOverdue                        *parts.Tile
	taskUnsigned, taskSoon, taskOverdue *parts.Tile
	taskReported                        *parts.Tile
	concluded, satisfied                *parts.Tile
	yearNote                            *kit.WrapLabel

	todo *kit.Table[todoItem]

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
	complaint *data.Complaint   // for the complaint lines
	findingID string            // for the rectification lines
	docID     string            // for the document lines
	taskID    string            // for the 督办事项 lines
}

func New(w host.Host) *Screen {
	d := &Screen{w: w}
	d.date = widget.NewLabel("")
	d.pending = parts.NewTile("待受理", d.openPending)
	d.handling = parts.NewTile("办理中", d.openHandling)
	d.dueSoon = parts.NewTile("临近到期", d.openDueSoon)
	d.overdue = parts.NewTile("已超期", d.openOverdue)
	d.rectSoon = parts.NewTile("整改临近到期", d.openRectSoon)
	d.rectOverdue = parts.NewTile("整改已超期", d.openRectOverdue)
	d.visits = parts.NewTile("本季度检查", d.openVisits)
	d.replyOverdue = parts.NewTile("文书回复逾期", func() { d.w.ShowDocuments(host.DocumentsReplyOverdue) })
	d.taskUnsigned = parts.NewTile("督办待签收", func() { d.w.ShowTasks(host.TasksUnsigned) })
	d.taskSoon = parts.NewTile("督办临近到期", func() { d.w.ShowTasks(host.TasksDueSoon) })
	d.taskOverdue = parts.NewTile("督办已超期", func() { d.w.ShowTasks(host.TasksOverdue) })
	d.taskReported = parts.NewTile("督办待验收", func() { d.w.ShowTasks(host.TasksReported) })
	d.concluded = parts.NewTile("本年办结率", d.openYear)
	d.satisfied = parts.NewTile("本年满意率", d.openYear)
	d.yearNote = kit.NewWrapLabel("")

	// Where each item stands comes before what it is about, so that a
	// narrow window still shows it; the content takes the spare width.
	d.todo = kit.NewTable([]kit.Column[todoItem]{
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
			kit.Wide(sectionWidth, widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
			nil, container.NewGridWithColumns(4, tiles...))
	}
	refresh := widget.NewButtonWithIcon("刷新", fynetheme.ViewRefreshIcon(), d.Shown)
	d.calendarNote = kit.NewWrapLabel("")
	d.calendarNote.Importance = widget.WarningImportance
	enter := widget.NewButtonWithIcon("录入节假日安排", fynetheme.SettingsIcon(), func() { d.w.EditCalendarYear(d.calendarYear) })
	d.calendar = container.NewBorder(nil, nil, nil, enter, d.calendarNote)
	d.calendar.Hide()
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, refresh, d.date),
		d.calendar,
		section("效能投诉", d.pending, d.handling, d.dueSoon, d.overdue),
		section("整改与文书", d.rectSoon, d.rectOverdue, d.visits, d.replyOverdue),
		section("督办事项", d.taskUnsigned, d.taskSoon, d.taskOverdue, d.taskReported),
		container.NewBorder(nil, nil,
			kit.Wide(sectionWidth, widget.NewLabelWithStyle("本年度", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
			nil, container.NewGridWithColumns(2, container.NewGridWithColumns(2, d.concluded, d.satisfied), d.yearNote)),
		widget.NewLabelWithStyle("今日待办", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	)
	d.root = container.NewBorder(top, nil, nil, nil, d.todo.Widget())
	return d
}

func (d *Screen) View() fyne.CanvasObject { return d.root }

// shown recomputes every figure from the ledger.
func (d *Screen) Shown() {
	if err := d.load(); err != nil {
		kit.ShowError(d.w.Window(), err)
	}
}

// Refresh recomputes the figures when others changed the ledger
// (host.Refresher).
func (d *Screen) Refresh() { d.Shown() }

func (d *Screen) load() error {
	ctx, db := d.w.Context(), d.w.DB()
	d.today = host.Today()
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
	d.pending.Set(cc.Pending, parts.WarnIfAny)
	d.handling.Set(cc.Handling, parts.Plain)
	d.dueSoon.Set(cc.DueSoon, parts.WarnIfAny)
	d.overdue.Set(cc.Overdue, parts.ErrorIfAny)

	rc, err := db.RectificationCounts(ctx, d.today, d.settings.WarnDays)
	if err != nil {
		return err
	}
	d.rectSoon.Set(rc.DueSoon, parts.WarnIfAny)
	d.rectOverdue.Set(rc.Overdue, parts.ErrorIfAny)

	from, to := parts.Quarter(d.today)
	visits, err := db.Visits(ctx, data.VisitFilter{From: from, To: to})
	if err != nil {
		return err
	}
	d.visits.Set(len(visits), parts.Plain)

	dc, err := db.DocumentCounts(ctx, d.today)
	if err != nil {
		return err
	}
	d.replyOverdue.Set(dc.ReplyOverdue, parts.ErrorIfAny)

	tc, err := db.TaskCounts(ctx, d.today, d.settings.WarnDays)
	if err != nil {
		return err
	}
	d.taskUnsigned.Set(tc.Unsigned, parts.WarnIfAny)
	d.taskSoon.Set(tc.DueSoon, parts.WarnIfAny)
	d.taskOverdue.Set(tc.Overdue, parts.ErrorIfAny)
	d.taskReported.Set(tc.Reported, parts.WarnIfAny)

	year, err := db.ComplaintYearFigures(ctx, d.today.Year())
	if err != nil {
		return err
	}
	d.concluded.SetText(rateText(year.ConcludedRate()))
	d.satisfied.SetText(rateText(year.SatisfiedRate()))
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

func rateText(pct float64, ok bool) string {
	if !ok {
		return "—"
	}
	return strconv.FormatFloat(pct, 'f', 1, 64) + "%"
}

// todoItems gathers what needs action today: overdue complaints, complaints to
// accept, overdue rectifications and documents whose reply is overdue.
func (d *Screen) todoItems() ([]todoItem, error) {
	ctx, db := d.w.Context(), d.w.DB()
	var items []todoItem
	overdue, err := db.Complaints(ctx, data.ComplaintFilter{Alert: data.AlertOverdue})
	if err != nil {
		return nil, err
	}
	for _, c := range overdue {
		if c.Status == data.StatusPending {
			continue // listed with the complaints to accept
		}
		a := d.alertOf(c)
		items = append(items, todoItem{kind: "投诉超期", ref: c.Number, unit: c.HandlerUnitName, what: c.Subject,
			due: c.DueDate, note: parts.AlertText(a), tone: parts.AlertTone(a), unitID: c.HandlerUnitID, complaint: c})
	}
	pending, err := db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusPending})
	if err != nil {
		return nil, err
	}
	for _, c := range pending {
		a := d.alertOf(c) // on the 受理期限, in working days
		items = append(items, todoItem{kind: "待受理", ref: c.Number, unit: c.UnitName, what: c.Subject,
			due: c.AcceptDue, note: parts.AlertText(a), tone: parts.AlertTone(a), unitID: c.UnitID, complaint: c})
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
				due: t.Deadline(), note: parts.AlertText(a), tone: parts.AlertTone(a), unitID: t.LeadUnitID, taskID: t.ID})
		}
	}
	return items, nil
}

// openTodo opens a complaint in the 效能投诉 register, a rectification on the
// 问题整改 screen, a document on the 文书 screen.
func (d *Screen) openTodo(t todoItem) {
	switch {
	case t.taskID != "":
		d.w.OpenTask(t.taskID)
	case t.docID != "":
		d.w.OpenDocument(t.docID)
	case t.findingID != "":
		d.w.OpenFinding(t.findingID)
	case t.complaint != nil:
		d.w.OpenComplaint(t.complaint)
	case t.unitID != "":
		d.w.OpenUnit(t.unitID)
	}
}

// The lists behind the figures. The complaint figures open the 效能投诉
// register on the matching tab.

func (d *Screen) alertOf(c *data.Complaint) data.Alert {
	return c.Alert(d.cal, d.today, d.settings.WarnDays)
}

func (d *Screen) openPending()  { d.w.ShowComplaints(host.ComplaintsPending) }
func (d *Screen) openHandling() { d.w.ShowComplaints(host.ComplaintsHandling) }
func (d *Screen) openDueSoon()  { d.w.ShowComplaints(host.ComplaintsDueSoon) }
func (d *Screen) openOverdue()  { d.w.ShowComplaints(host.ComplaintsOverdue) }

// openYear lists this year's complaints: the register's 全部 over the year.
func (d *Screen) openYear() {
	y := d.today.Year()
	d.w.ShowComplaintsIn(data.NewDate(y, 1, 1), data.NewDate(y, 12, 31), "")
}

// openRect opens the 问题整改 list on its chip labelled chip (临近到期,
// 已超期), the same rule as store.RectificationCounts.
func (d *Screen) openRect(chip string) {
	d.w.ShowFindings(chip)
}

func (d *Screen) openRectOverdue() { d.openRect(host.FindingsOverdue) }
func (d *Screen) openRectSoon()    { d.openRect(host.FindingsDueSoon) }

func (d *Screen) openVisits() {
	from, to := parts.Quarter(d.today)
	list, err := d.w.DB().Visits(d.w.Context(), data.VisitFilter{From: from, To: to})
	if err != nil {
		kit.ShowError(d.w.Window(), err)
		return
	}
	kit.ShowList(d.w.Window(), fmt.Sprintf("本季度检查记录（%s至%s）", from, to), parts.VisitColumns(), list,
		func(v *data.Visit) { parts.ShowVisit(d.w, v.ID, d.Shown) })
}
