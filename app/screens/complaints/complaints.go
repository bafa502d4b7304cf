package complaints

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
	"xiaoneng/app/parts"
	"xiaoneng/reports"
	"xiaoneng/reports/importer"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Screen is 效能投诉: the complaints by where they stand (the tabs of
// the workflow, with the deadline alerts), searched in the ledger and
// filtered by channel, category, unit and the day received. A complaint opens
// in its own view (complaint_view.go) with its history and the steps it
// allows now; 登记投诉 (Ctrl+N) registers a new one. The list never shows
// the complainant.
//
// The list shows the complaints the tab and filters select a page of 500
// at a time, read in the background with their count (a tab of a big
// ledger holds tens of thousands); the table draws only the rows in view.
// Rows near or past a deadline are coloured. 导出Excel writes every column
// of all of those complaints, every page.
type Screen struct {
	w     host.Host
	root  fyne.CanvasObject
	table *kit.Table[*data.Complaint]

	state    string
	states   []complaintState
	buttons  map[string]*widget.Button
	channel  *widget.Select
	category *widget.Select
	unit     *kit.UnitPicker
	from, to *kit.DateEntry
	query    string // the search typed
	status   *widget.Label

	cal      *data.Calendar
	warnDays int
	loading  bool // filters are being set together: reload once at the end

	filter    data.ComplaintFilter // the filters of the list shown
	pager     *kit.Pager           // the page shown, of how many
	loads     kit.Latest           // the list's loads: the last started shows
	typing    kit.Pause            // the search of the text being typed
	complaint *complaintView       // the complaint open, if any
	register  *registerDialog      // the last 登记投诉 opened
}

// complaintState is one tab of the register: a state of the workflow, or
// one of the deadline alerts of the complaints being handled.
type complaintState struct {
	label  string
	filter data.ComplaintFilter
	count  func(data.ComplaintCounts) int // nil: counted apart (全部)
}

// Labels of the register's tabs, named in host for the screens that open
// it on one.
const (
	statePending  = host.ComplaintsPending
	stateHandling = host.ComplaintsHandling
	stateDueSoon  = host.ComplaintsDueSoon
	stateOverdue  = host.ComplaintsOverdue
	stateAll      = host.ComplaintsAll
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

// pageSize is how many complaints a page of the list holds.
var pageSize = 500

func New(w host.Host) *Screen {
	s := &Screen{w: w, state: statePending, states: complaintStates(), buttons: map[string]*widget.Button{}}
	s.table = kit.NewTable(parts.ComplaintColumns(s.alert), nil, s.OpenComplaint)
	s.table.RowTone = func(c *data.Complaint) widget.Importance { return parts.AlertTone(s.alertOf(c)) }
	s.table.Remember("效能投诉")
	s.table.QueryWith("搜索编号、事由、内容、单位或投诉人姓名，至少两个字（Ctrl+F）", s.searchTyped)

	var tabs []fyne.CanvasObject
	for _, st := range s.states {
		b := widget.NewButton(st.label, func() { s.ShowState(st.label) })
		s.buttons[st.label] = b
		tabs = append(tabs, b)
	}
	register := widget.NewButtonWithIcon("登记投诉", fynetheme.ContentAddIcon(), s.Create)
	register.Importance = widget.HighImportance

	s.channel = kit.FilterSelect(anyChannel, data.Channels, func(string) { s.reload() })
	s.category = kit.FilterSelect(parts.AnyCategory, data.Categories, func(string) { s.reload() })
	s.unit = kit.NewUnitPicker(func(q string) ([]*data.Unit, error) {
		return w.DB().Units(w.Context(), data.UnitFilter{Search: q, Limit: 50}) // retired units keep their complaints
	})
	s.unit.OnChanged = func(string, string) { s.reload() }
	s.from, s.to = kit.NewDateEntry(), kit.NewDateEntry()
	s.from.OnDateChanged = func(data.Date) { s.reload() }
	s.to.OnDateChanged = func(data.Date) { s.reload() }
	clearAll := widget.NewButtonWithIcon("清除条件", fynetheme.ContentClearIcon(), s.clearFilters)

	filters := container.NewHBox(
		widget.NewLabel("渠道"), s.channel, widget.NewLabel("类别"), s.category,
		widget.NewLabel("收件日期"), kit.Wide(dateWidth, s.from), widget.NewLabel("至"), kit.Wide(dateWidth, s.to), clearAll)
	unitRow := container.NewBorder(nil, nil, widget.NewLabel("被投诉单位"), nil, kit.Narrow(360, s.unit))
	// The tabs wrap: with a big ledger's counts they are wider than a laptop.
	tabRows := container.New(layout.NewRowWrapLayout(), tabs...)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(register), tabRows), filters, unitRow)

	s.status = widget.NewLabel("")
	s.status.Hide()
	s.pager = kit.NewPager(pageSize, "件", s.load)
	export := widget.NewButtonWithIcon("导出Excel…", fynetheme.DocumentSaveIcon(), func() { parts.ExportList(w, s) })
	bottom := container.NewHBox(s.status, s.pager.Widget(), layout.NewSpacer(), kit.HintLabel("按住Ctrl或Shift点选多行，Ctrl+C复制，可粘贴到Excel"), export)
	s.root = container.NewBorder(top, bottom, nil, nil, s.table.Widget())
	kit.MarkChosen(s.buttons, s.state)
	return s
}

// dateWidth fits a typed date with the entry's validation mark and
// calendar button.
const dateWidth = 190

// anyChannel is the channel filter's "no filter"; parts.AnyCategory (units.go)
// serves the category filter too.
const anyChannel = "全部渠道"

func (s *Screen) View() fyne.CanvasObject { return s.root }

// Shown reads the page shown again: others may have changed it.
func (s *Screen) Shown() { s.load(s.pager.Page) }

func (s *Screen) FocusSearch() { s.table.FocusSearch(s.w.Window()) }

func (s *Screen) CreateLabel() string { return "登记投诉" }

// create registers a new complaint (Ctrl+N).
func (s *Screen) Create() {
	s.register = newRegisterDialog(s)
	s.register.show()
}

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

// ShowState selects the tab labelled label (e.g. 已超期) and lists its
// complaints.
func (s *Screen) ShowState(label string) {
	s.state = label
	kit.MarkChosen(s.buttons, s.state)
	s.reload()
}

// ShowRange lists all complaints received from from to to.
func (s *Screen) ShowRange(from, to data.Date) {
	s.loading = true // one query once everything is set, not one per field
	s.from.SetDate(from)
	s.to.SetDate(to)
	s.loading = false
	s.ShowState(stateAll)
}

func (s *Screen) clearFilters() {
	s.loading = true
	s.channel.SetSelected(anyChannel)
	s.category.SetSelected(parts.AnyCategory)
	s.unit.SetUnit("", "")
	s.from.SetDate(data.Date{})
	s.to.SetDate(data.Date{})
	s.table.SetSearchText("")
	s.loading = false
	s.reload()
}

// searchTyped searches the ledger once the typing pauses.
func (s *Screen) searchTyped(text string) {
	s.query = text
	s.typing.After(s.reload)
}

// singleChars reports whether every word of a search is one character: a
// search the screens do not run, since one character matches much of the
// ledger and says little (the store would read every complaint for it).
func singleChars(q string) bool {
	words := strings.Fields(q)
	for _, w := range words {
		if utf8.RuneCountInString(w) > 1 {
			return false
		}
	}
	return len(words) > 0
}

// currentFilter is the store query of the tab, the filters and the search.
// A date being typed is not a filter yet.
func (s *Screen) currentFilter() data.ComplaintFilter {
	var f data.ComplaintFilter
	for _, st := range s.states {
		if st.label == s.state {
			f = st.filter
		}
	}
	if c := s.channel.Selected; c != anyChannel {
		f.Channel = data.Channel(c)
	}
	if c := s.category.Selected; c != parts.AnyCategory {
		f.Category = data.Category(c)
	}
	f.UnitID, _ = s.unit.Unit()
	if d, err := s.from.Date(); err == nil {
		f.From = d
	}
	if d, err := s.to.Date(); err == nil {
		f.To = d
	}
	if !singleChars(s.query) {
		f.Search = s.query
	}
	return f
}

// reload shows the first page of what the tab and the filters now select.
func (s *Screen) reload() { s.load(0) }

// load reads page (from 0) of the complaints of the tab and the filters,
// with their count and the counts of every tab, in the background; a load
// started later wins.
func (s *Screen) load(page int) {
	if s.to == nil || s.loading || s.w.DB() == nil {
		return // still being built, or being set
	}
	f := s.currentFilter()
	ctx, latest := s.loads.Start(s.w.Context())
	db := s.w.DB()
	s.showStatus("正在读取……")
	kit.OffUI(func() {
		p, err := readComplaints(ctx, db, f, page)
		fyne.Do(func() {
			if !latest() {
				return // the filters changed meanwhile
			}
			if err != nil {
				s.loadFailed(err)
				return
			}
			s.cal, s.warnDays = p.cal, p.settings.WarnDays
			s.setCounts(p.counts, p.all)
			s.filter = f
			s.pager.Show(p.page, p.total)
			s.table.SetTotal(p.total)
			s.table.SetRows(p.list)
			s.showStatus("")
		})
	})
}

// complaintList is what a load of the register reads.
type complaintList struct {
	settings data.Settings
	cal      *data.Calendar
	counts   data.ComplaintCounts
	all      int // every complaint, for the 全部 tab
	list     []*data.Complaint
	page     int // of the list, from 0
	total    int // of the complaints f selects, every page
}

// readComplaints reads page (from 0; the last when past it) of the
// complaints f selects, with their count, and the counts of the tabs.
func readComplaints(ctx context.Context, db *store.DB, f data.ComplaintFilter, page int) (complaintList, error) {
	var p complaintList
	var err error
	if p.settings, err = db.Settings(ctx); err != nil {
		return p, err
	}
	if p.cal, err = db.Calendar(ctx); err != nil {
		return p, err
	}
	if p.counts, err = db.ComplaintCounts(ctx, host.Today()); err != nil {
		return p, err
	}
	if p.all, err = db.CountComplaints(ctx, data.ComplaintFilter{}); err != nil {
		return p, err
	}
	f.Limit, f.Offset = pageSize, max(page, 0)*pageSize
	if p.list, p.total, err = db.ComplaintPage(ctx, f); err != nil {
		return p, err
	}
	if p.page, f.Offset = kit.PageOf(page, p.total, pageSize); p.page != page { // the list shrank meanwhile
		p.list, p.total, err = db.ComplaintPage(ctx, f)
	}
	return p, err
}

func (s *Screen) loadFailed(err error) {
	s.status.Hide()
	if !errors.Is(err, context.Canceled) {
		kit.ShowError(s.w.Window(), err)
	}
}

// setCounts puts each tab's count on it.
func (s *Screen) setCounts(counts data.ComplaintCounts, all int) {
	for _, st := range s.states {
		n := all
		if st.count != nil {
			n = st.count(counts)
		}
		s.buttons[st.label].SetText(fmt.Sprintf("%s（%d）", st.label, n))
	}
}

// showStatus says under the list what is being done (reading), or what
// the search found; nothing when the count above the list says it all.
func (s *Screen) showStatus(doing string) {
	var parts []string
	if doing != "" {
		parts = append(parts, doing)
	}
	if singleChars(s.query) {
		parts = append(parts, "请至少输入两个字再搜索")
	}
	if doing == "" && s.filter.Search != "" {
		parts = append(parts, fmt.Sprintf("搜索“%s”：共%d件", s.filter.Search, s.pager.Total))
	}
	s.status.SetText(strings.Join(parts, "　"))
	kit.SetVisible(s.status, len(parts) > 0)
}

// parts.ListName names the list after the tab and the filters applied.
func (s *Screen) listName() string {
	f := s.filter
	var filters []string
	if s.state != stateAll {
		filters = append(filters, s.state)
	}
	if f.Channel != "" {
		filters = append(filters, "渠道"+string(f.Channel))
	}
	if f.Category != "" {
		filters = append(filters, "类别"+string(f.Category))
	}
	if f.UnitID != "" {
		_, name := s.unit.Unit()
		filters = append(filters, name)
	}
	filters = append(filters, parts.DaysFilter(f.From, f.To))
	filters = append(filters, parts.SearchFilter(f.Search))
	return parts.ListName("效能投诉", filters...)
}

func (s *Screen) alert(c *data.Complaint) string { return parts.AlertText(s.alertOf(c)) }

func (s *Screen) alertOf(c *data.Complaint) data.Alert {
	if s.cal == nil {
		return data.Alert{}
	}
	return c.Alert(s.cal, host.Today(), s.warnDays)
}

// OpenComplaint opens a complaint's view.
func (s *Screen) OpenComplaint(c *data.Complaint) {
	s.complaint = newComplaintView(s, c.ID)
	s.complaint.show()
}

// ExportSheet is the register as its tab and filters keep it, every page
// (导出Excel), read from the ledger as the workbook is written.
func (s *Screen) ExportSheet() (string, reports.Sheet) {
	if s.pager.Total == 0 {
		return s.listName(), reports.Sheet{}
	}
	return s.listName(), reports.ComplaintsSheet(s.w.Context(), s.w.DB(), s.filter, s.cal, host.Today(), false)
}

// ImportKind: complaints are imported from the office's Excel 台账.
func (s *Screen) ImportKind() importer.Kind { return importer.Complaints }
