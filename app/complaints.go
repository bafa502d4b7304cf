package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
)

// complaintsScreen is 效能投诉 as a read-only register: the tickets by state
// (the tabs of the ticket workflow), filtered by channel, category, unit and
// the day received, each ticket viewable with its timeline. The complainant
// is shown masked.
type complaintsScreen struct {
	w     *Workbench
	root  fyne.CanvasObject
	table *widgets.Table[*data.Complaint]

	state    string
	states   []complaintState
	buttons  map[string]*widget.Button
	channel  *widget.Select
	category *widget.Select
	unit     *widgets.UnitPicker
	from, to *widgets.DateEntry

	cal      *data.Calendar
	warnDays int
	loading  bool // filters are being set together: reload once at the end
}

// complaintState is one tab of the register: a state of the workflow, or
// one of the deadline alerts of the tickets being handled.
type complaintState struct {
	label  string
	filter data.ComplaintFilter
	count  func(data.ComplaintCounts) int // nil: not counted on the tab
}

// Labels of the register's tabs that other screens open it on.
const (
	statePending  = "待受理"
	stateHandling = "办理中"
	stateDueSoon  = "临近到期"
	stateOverdue  = "已超期"
	stateAll      = "全部"
)

func complaintStates() []complaintState {
	status := func(s data.ComplaintStatus, count func(data.ComplaintCounts) int) complaintState {
		return complaintState{label: string(s), filter: data.ComplaintFilter{Status: s}, count: count}
	}
	return []complaintState{
		status(data.StatusPending, func(c data.ComplaintCounts) int { return c.Pending }),
		status(data.StatusAccepted, func(c data.ComplaintCounts) int { return c.Accepted }),
		status(data.StatusHandling, func(c data.ComplaintCounts) int { return c.Handling }),
		{label: stateDueSoon, filter: data.ComplaintFilter{Alert: data.AlertDueSoon}, count: func(c data.ComplaintCounts) int { return c.DueSoon }},
		{label: stateOverdue, filter: data.ComplaintFilter{Alert: data.AlertOverdue}, count: func(c data.ComplaintCounts) int { return c.Overdue }},
		status(data.StatusVerifying, func(c data.ComplaintCounts) int { return c.Verifying }),
		status(data.StatusReplying, func(c data.ComplaintCounts) int { return c.Replying }),
		status(data.StatusFollowUp, func(c data.ComplaintCounts) int { return c.FollowUp }),
		status(data.StatusClosed, func(c data.ComplaintCounts) int { return c.Closed }),
		{label: stateAll},
	}
}

func newComplaintsScreen(w *Workbench) *complaintsScreen {
	s := &complaintsScreen{w: w, state: statePending, states: complaintStates(), buttons: map[string]*widget.Button{}}
	s.table = widgets.NewTable(complaintColumns(s.alert), nil, s.showTicket)

	var tabs []fyne.CanvasObject
	for _, st := range s.states {
		b := widget.NewButton(st.label, func() { s.showState(st.label) })
		s.buttons[st.label] = b
		tabs = append(tabs, b)
	}

	channels := []string{anyChannel}
	for _, c := range data.Channels {
		channels = append(channels, string(c))
	}
	s.channel = widget.NewSelect(channels, func(string) { s.reload() })
	s.channel.SetSelected(anyChannel)
	cats := []string{anyCategory}
	for _, c := range data.Categories {
		cats = append(cats, string(c))
	}
	s.category = widget.NewSelect(cats, func(string) { s.reload() })
	s.category.SetSelected(anyCategory)
	s.unit = widgets.NewUnitPicker(func(q string) ([]*data.Unit, error) {
		return w.db.Units(w.ctx, data.UnitFilter{Search: q, Limit: 50}) // retired units keep their tickets
	})
	s.unit.OnChanged = func(string, string) { s.reload() }
	s.from, s.to = widgets.NewDateEntry(), widgets.NewDateEntry()
	s.from.OnDateChanged = func(data.Date) { s.reload() }
	s.to.OnDateChanged = func(data.Date) { s.reload() }
	clearAll := widget.NewButtonWithIcon("清除条件", fynetheme.ContentClearIcon(), s.clearFilters)

	filters := container.NewHBox(
		widget.NewLabel("渠道"), s.channel, widget.NewLabel("类别"), s.category,
		widget.NewLabel("收件日期"), wide(dateWidth, s.from), widget.NewLabel("至"), wide(dateWidth, s.to), clearAll)
	unitRow := container.NewBorder(nil, nil, widget.NewLabel("被投诉单位"), nil, narrow(360, s.unit))
	top := container.NewVBox(container.NewHBox(tabs...), filters, unitRow)
	s.root = container.NewBorder(top, nil, nil, nil, s.table.Widget())
	s.markState()
	return s
}

// dateWidth fits a typed date with the entry's validation mark and
// calendar button.
const dateWidth = 190

// anyChannel is the channel filter's "no filter"; anyCategory (units.go)
// serves the category filter too.
const anyChannel = "全部渠道"

func (s *complaintsScreen) view() fyne.CanvasObject { return s.root }

func (s *complaintsScreen) shown() { s.reload() }

func (s *complaintsScreen) focusSearch() { s.table.FocusSearch(s.w.win) }

// showState selects the tab labelled label (e.g. 已超期) and lists its
// tickets.
func (s *complaintsScreen) showState(label string) {
	s.state = label
	s.markState()
	s.reload()
}

// showRange lists all tickets received from from to to.
func (s *complaintsScreen) showRange(from, to data.Date) {
	s.loading = true // one query once everything is set, not one per field
	s.from.SetDate(from)
	s.to.SetDate(to)
	s.loading = false
	s.showState(stateAll)
}

func (s *complaintsScreen) markState() {
	for label, b := range s.buttons {
		b.Importance = widget.LowImportance
		if label == s.state {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

func (s *complaintsScreen) clearFilters() {
	s.loading = true
	s.channel.SetSelected(anyChannel)
	s.category.SetSelected(anyCategory)
	s.unit.SetUnit("", "")
	s.from.SetDate(data.Date{})
	s.to.SetDate(data.Date{})
	s.loading = false
	s.reload()
}

// filter is the store query of the tab and the filters.
func (s *complaintsScreen) filter() (data.ComplaintFilter, error) {
	var f data.ComplaintFilter
	for _, st := range s.states {
		if st.label == s.state {
			f = st.filter
		}
	}
	if c := s.channel.Selected; c != anyChannel {
		f.Channel = data.Channel(c)
	}
	if c := s.category.Selected; c != anyCategory {
		f.Category = data.Category(c)
	}
	f.UnitID, _ = s.unit.Unit()
	var err error
	if f.From, err = s.from.Date(); err != nil {
		return f, data.Invalid("From", "收件日期（起）："+err.Error())
	}
	if f.To, err = s.to.Date(); err != nil {
		return f, data.Invalid("To", "收件日期（止）："+err.Error())
	}
	return f, nil
}

// reload lists the tickets of the tab and the filters, and counts each tab.
func (s *complaintsScreen) reload() {
	if s.to == nil || s.loading {
		return // still being built, or being set
	}
	if err := s.load(); err != nil {
		widgets.ShowError(s.w.win, err)
	}
}

func (s *complaintsScreen) load() error {
	ctx, db := s.w.ctx, s.w.db
	f, err := s.filter()
	if err != nil {
		return err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	s.warnDays = settings.WarnDays
	if s.cal, err = db.Calendar(ctx); err != nil {
		return err
	}
	counts, err := db.ComplaintCounts(ctx, today())
	if err != nil {
		return err
	}
	for _, st := range s.states {
		text := st.label
		if st.count != nil {
			text = fmt.Sprintf("%s（%d）", st.label, st.count(counts))
		}
		s.buttons[st.label].SetText(text)
	}
	list, err := db.Complaints(ctx, f)
	if err != nil {
		return err
	}
	s.table.SetRows(list)
	return nil
}

func (s *complaintsScreen) alert(c *data.Complaint) string {
	return alertText(c.Alert(s.cal, today(), s.warnDays))
}

// ticketFields are the lines of the ticket view, the complainant masked.
func (s *complaintsScreen) ticketFields(c *data.Complaint) [][2]string {
	who := "匿名"
	if !c.Complainant.Anonymous {
		m := c.Complainant.Masked()
		who = strings.TrimSpace(m.Name + " " + m.Phone)
	}
	person := c.PersonName
	if c.PersonPost != "" {
		person += "（" + c.PersonPost + "）"
	}
	limit := ""
	if c.LimitDays > 0 {
		limit = fmt.Sprintf("%d个工作日", c.LimitDays)
	}
	return [][2]string{
		{"编号", c.Number},
		{"收件时间", c.ReceivedAt.In(data.Zone).Format(timeLayout)},
		{"渠道", strings.TrimSpace(string(c.Channel) + " " + c.SourceRef)},
		{"投诉人", who},
		{"被投诉单位", c.UnitName},
		{"被投诉人", person},
		{"类别", string(c.Category)},
		{"事由", c.Subject},
		{"投诉内容", c.Content},
		{"状态", string(c.Status)},
		{"受理期限", c.AcceptDue.String()},
		{"承办单位", c.HandlerUnitName},
		{"办理时限", limit},
		{"办理期限", c.DueDate.String()},
		{"到期提醒", s.alert(c)},
		{"核实结论", string(c.Verification)},
		{"回访满意度", string(c.Satisfaction)},
	}
}

// showTicket shows a ticket and its timeline, read only.
func (s *complaintsScreen) showTicket(c *data.Complaint) {
	events, err := s.w.db.ComplaintEvents(s.w.ctx, c.ID)
	if err != nil {
		widgets.ShowError(s.w.win, err)
		return
	}
	form := widget.NewForm()
	for _, kv := range s.ticketFields(c) {
		if kv[1] == "" {
			continue
		}
		v := widget.NewLabel(kv[1])
		v.Wrapping = fyne.TextWrapWord
		form.Append(kv[0], v)
	}
	// The timeline reads as a list: each step's line, then what it recorded
	// in full (a table row would cut the text off).
	timeline := container.NewVBox()
	for _, e := range events {
		head := widget.NewLabelWithStyle(fmt.Sprintf("%s　%s　%s", e.At.In(data.Zone).Format(timeLayout), e.Kind, e.Actor),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		timeline.Add(head)
		if text := ticketEventText(e); text != "" {
			body := widget.NewLabel(text)
			body.Wrapping = fyne.TextWrapWord
			timeline.Add(body)
		}
		timeline.Add(widget.NewSeparator())
	}
	tabs := container.NewAppTabs(
		container.NewTabItem("投诉信息", container.NewVScroll(form)),
		container.NewTabItem(fmt.Sprintf("办理经过（%d）", len(events)), container.NewVScroll(timeline)))
	d := dialog.NewCustom("投诉 "+c.Number, "关闭", tabs, s.w.win)
	size := s.w.win.Canvas().Size()
	d.Resize(fyne.NewSize(max(size.Width*0.7, 640), max(size.Height*0.85, 480)))
	d.Show()
}

// ticketEventText says what a step of the timeline recorded.
func ticketEventText(e data.ComplaintEvent) string {
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

// openComplaints shows the 效能投诉 register on the tab labelled state.
func (w *Workbench) openComplaints(state string) {
	w.showScreen("效能投诉", func(s screen) {
		if cs, ok := s.(*complaintsScreen); ok {
			cs.showState(state)
		}
	})
}
