package dashboard

import (
	"context"
	"fmt"
	"strconv"
	"time"
	"xiaoneng/app/parts"
	"xiaoneng/data/store"

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
	// gen numbers the readings Shown starts; only the latest is shown.
	gen int
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
	// complaintsTab opens the 效能投诉 register on a tab: the line after
	// the first todoComplaints of a kind
	complaintsTab string
}

func New(w host.Host) *Screen {
	d := &Screen{w: w, today: host.Today()} // until the figures arrive
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

// Shown reads every figure from the ledger off the UI thread and shows them
// when they arrive: the window is drawn and usable at once, the figures
// already on screen holding their places meanwhile. Only the latest
// reading is shown, so a quick second 刷新 never shows older figures.
func (d *Screen) Shown() {
	d.gen++
	gen, ctx, db, today := d.gen, d.w.Context(), d.w.DB(), host.Today()
	kit.OffUI(func() {
		f, err := readFigures(ctx, db, today)
		fyne.Do(func() {
			if gen != d.gen {
				return
			}
			if err != nil {
				kit.ShowError(d.w.Window(), err)
				return
			}
			d.show(f)
		})
	})
}

// Refresh reads the figures again when others changed the ledger
// (host.Refresher).
func (d *Screen) Refresh() { d.Shown() }

// figures is what the 工作台 shows, read in one go.
type figures struct {
	today    data.Date
	settings data.Settings
	cal      *data.Calendar
	cc       data.ComplaintCounts
	rc       data.RectificationCounts
	visits   int
	dc       data.DocumentCounts
	tc       data.TaskCounts
	year     store.ComplaintYear
	todo     []todoItem
}

func readFigures(ctx context.Context, db *store.DB, today data.Date) (*figures, error) {
	f := &figures{today: today}
	var err error
	if f.settings, err = db.Settings(ctx); err != nil {
		return nil, err
	}
	if f.cal, err = db.Calendar(ctx); err != nil {
		return nil, err
	}
	if f.cc, err = db.ComplaintCounts(ctx, today); err != nil {
		return nil, err
	}
	if f.rc, err = db.RectificationCounts(ctx, today, f.settings.WarnDays); err != nil {
		return nil, err
	}
	from, to := parts.Quarter(today)
	visits, err := db.Visits(ctx, data.VisitFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	f.visits = len(visits)
	if f.dc, err = db.DocumentCounts(ctx, today); err != nil {
		return nil, err
	}
	if f.tc, err = db.TaskCounts(ctx, today, f.settings.WarnDays); err != nil {
		return nil, err
	}
	if f.year, err = db.ComplaintYearFigures(ctx, today.Year()); err != nil {
		return nil, err
	}
	if f.todo, err = f.todoItems(ctx, db); err != nil {
		return nil, err
	}
	return f, nil
}

// show puts figures read by readFigures on screen.
func (d *Screen) show(f *figures) {
	d.today, d.cal, d.settings = f.today, f.cal, f.settings
	d.date.SetText(fmt.Sprintf("今天是%s %s", d.today.Chinese(), weekdays[d.today.Weekday()]))
	if y, missing := missingCalendarYear(d.cal, d.today); missing {
		d.calendarYear = y
		d.calendarNote.SetText(fmt.Sprintf("%d年的节假日安排尚未录入，落在该年的期限暂按周一至周五计算。国务院办公厅公布放假安排后，请及时录入。", y))
		d.calendar.Show()
	} else {
		d.calendar.Hide()
	}
	d.pending.Set(f.cc.Pending, parts.WarnIfAny)
	d.handling.Set(f.cc.Handling, parts.Plain)
	d.dueSoon.Set(f.cc.DueSoon, parts.WarnIfAny)
	d.overdue.Set(f.cc.Overdue, parts.ErrorIfAny)
	d.rectSoon.Set(f.rc.DueSoon, parts.WarnIfAny)
	d.rectOverdue.Set(f.rc.Overdue, parts.ErrorIfAny)
	d.visits.Set(f.visits, parts.Plain)
	d.replyOverdue.Set(f.dc.ReplyOverdue, parts.ErrorIfAny)
	d.taskUnsigned.Set(f.tc.Unsigned, parts.WarnIfAny)
	d.taskSoon.Set(f.tc.DueSoon, parts.WarnIfAny)
	d.taskOverdue.Set(f.tc.Overdue, parts.ErrorIfAny)
	d.taskReported.Set(f.tc.Reported, parts.WarnIfAny)
	d.concluded.SetText(rateText(f.year.ConcludedRate()))
	d.satisfied.SetText(rateText(f.year.SatisfiedRate()))
	d.yearNote.SetText(fmt.Sprintf("%d年共登记投诉%d件，受理%d件，办结%d件；回访%d件，满意和基本满意%d件。",
		d.today.Year(), f.year.Received, f.year.Accepted, f.year.Concluded, f.year.Surveyed, f.year.Satisfied))
	d.todo.SetRows(f.todo)
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

// todoComplaints bounds each kind of complaint line in 今日待办: a ledger
// may hold tens of thousands of overdue complaints, and the list behind the
// figure (opened from the last line) pages through them all.
var todoComplaints = 200

// todoItems gathers what needs action today: overdue complaints, complaints
// to accept, overdue rectifications, documents whose reply is overdue and
// overdue 督办事项. The complaints come most urgent first, at most
// todoComplaints of each kind, then a line that opens the rest.
func (f *figures) todoItems(ctx context.Context, db *store.DB) ([]todoItem, error) {
	alertOf := func(c *data.Complaint) data.Alert { return c.Alert(f.cal, f.today, f.settings.WarnDays) }
	var items []todoItem
	overdue, err := db.Complaints(ctx, data.ComplaintFilter{Alert: data.AlertOverdue, Limit: todoComplaints + 1})
	if err != nil {
		return nil, err
	}
	shown := 0
	for i, c := range overdue {
		if i == todoComplaints {
			items = append(items, moreItem("投诉超期", host.ComplaintsOverdue, shown, f.cc.Overdue))
			break
		}
		if c.Status == data.StatusPending {
			continue // listed with the complaints to accept
		}
		shown++
		a := alertOf(c)
		items = append(items, todoItem{kind: "投诉超期", ref: c.Number, unit: c.HandlerUnitName, what: c.Subject,
			due: c.DueDate, note: parts.AlertText(a), tone: parts.AlertTone(a), unitID: c.HandlerUnitID, complaint: c})
	}
	pending, err := db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusPending, ByDeadline: true, Limit: todoComplaints + 1})
	if err != nil {
		return nil, err
	}
	for i, c := range pending {
		if i == todoComplaints {
			items = append(items, moreItem("待受理", host.ComplaintsPending, todoComplaints, f.cc.Pending))
			break
		}
		a := alertOf(c) // on the 受理期限, in working days
		items = append(items, todoItem{kind: "待受理", ref: c.Number, unit: c.UnitName, what: c.Subject,
			due: c.AcceptDue, note: parts.AlertText(a), tone: parts.AlertTone(a), unitID: c.UnitID, complaint: c})
	}
	findings, err := db.Findings(ctx, data.FindingFilter{Overdue: true})
	if err != nil {
		return nil, err
	}
	for _, fd := range findings {
		n := fd.Alert(f.cal, f.today, f.settings.WarnDays).OverdueWorkdays
		items = append(items, todoItem{kind: "整改超期", ref: fd.FoundOn.String(), unit: fd.UnitName, what: fd.Description,
			due: fd.RectDue, note: fmt.Sprintf("已超期%d个工作日", n), tone: widget.DangerImportance, unitID: fd.UnitID, findingID: fd.ID})
	}
	docs, err := db.Documents(ctx, data.DocumentFilter{ReplyOverdue: true})
	if err != nil {
		return nil, err
	}
	for _, doc := range docs {
		n := doc.ReplyAlert(f.cal, f.today, 0).OverdueWorkdays
		items = append(items, todoItem{kind: "文书逾期未复", ref: doc.Number, unit: doc.Recipient, what: doc.Title,
			due: doc.ReplyDue, note: fmt.Sprintf("回复逾期%d个工作日", n), tone: widget.DangerImportance, unitID: doc.RecipientUnitID, docID: doc.ID})
	}
	tasks, err := db.Tasks(ctx, data.TaskFilter{OpenOnly: true})
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if a := t.Alert(f.cal, f.today, f.settings.WarnDays); a.Level == data.AlertOverdue {
			items = append(items, todoItem{kind: "督办超期", ref: t.Number, unit: t.LeadUnitName, what: t.Title,
				due: t.Deadline(), note: parts.AlertText(a), tone: parts.AlertTone(a), unitID: t.LeadUnitID, taskID: t.ID})
		}
	}
	return items, nil
}

// moreItem is the line after the first todoComplaints of a kind: it opens
// the register's tab holding all of them.
func moreItem(kind, tab string, shown, total int) todoItem {
	return todoItem{kind: kind, note: fmt.Sprintf("共%d件", total), what: fmt.Sprintf("以上是最紧急的%d件，全部请点此在效能投诉中查看", shown),
		tone: widget.WarningImportance, complaintsTab: tab}
}

// openTodo opens a complaint in the 效能投诉 register, a rectification on the
// 问题整改 screen, a document on the 文书 screen.
func (d *Screen) openTodo(t todoItem) {
	switch {
	case t.complaintsTab != "":
		d.w.ShowComplaints(t.complaintsTab)
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
