package dashboard

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"xiaoneng/app/apptest"
	"xiaoneng/app/host"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2/test"

	"xiaoneng/data"
)

func TestDashboardFiguresMatchTheStore(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.DashboardFixture(t, db)
	d := apptest.Show(t, w, "工作台", New) // shown after the fixture: the figures are read afresh

	day := data.DateOf(apptest.FixedNow)
	cc, err := db.ComplaintCounts(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := db.RectificationCounts(ctx, day, 3)
	if err != nil {
		t.Fatal(err)
	}
	year, err := db.ComplaintYearFigures(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	// The hand count of the fixture, and the store agreeing with it.
	for _, c := range []struct {
		name        string
		tile        *parts.Tile
		store, hand int
	}{
		{"待受理", d.pending, cc.Pending, 1},
		{"办理中", d.handling, cc.Handling, 3},
		{"临近到期", d.dueSoon, cc.DueSoon, 1},
		{"已超期", d.overdue, cc.Overdue, 1},
		{"整改临近到期", d.rectSoon, rc.DueSoon, 1},
		{"整改已超期", d.rectOverdue, rc.Overdue, 1},
	} {
		if c.store != c.hand || c.tile.Value.Text != fmt.Sprint(c.hand) {
			t.Errorf("%s: parts.Tile %s, store %d, hand count %d", c.name, c.tile.Value.Text, c.store, c.hand)
		}
	}
	if d.visits.Value.Text != "2" {
		t.Errorf("本季度检查 = %s, want 2 (the September visit is last quarter)", d.visits.Value.Text)
	}
	if year.Accepted != 4 || year.Concluded != 1 || d.concluded.Value.Text != "25.0%" {
		t.Errorf("办结率 parts.Tile %s from %+v", d.concluded.Value.Text, year)
	}
	if d.satisfied.Value.Text != "100.0%" {
		t.Errorf("满意率 parts.Tile %s from %+v", d.satisfied.Value.Text, year)
	}
	if d.date.Text != "今天是2026年11月21日 星期六" {
		t.Errorf("date = %q", d.date.Text)
	}

	kinds := map[string]int{}
	for _, it := range d.todo.Visible() {
		kinds[it.kind]++
	}
	if want := map[string]int{"投诉超期": 1, "待受理": 1, "整改超期": 1, "文书逾期未复": 1}; fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("今日待办 = %v, want %v", kinds, want)
	}
	if apptest.Shows(d.todo.Widget(), "刘小红") {
		t.Error("今日待办 shows the complainant")
	}

	// A figure opens the list behind it.
	test.Tap(d.visits)
	list := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(list, "共 2 条") {
		t.Errorf("本季度检查 list shows %v", apptest.Texts(list))
	}
	apptest.TapButton(t, list, "关闭")
	test.Tap(d.overdue)
	if got := w.LastOpened(); got != "ShowComplaints "+host.ComplaintsOverdue {
		t.Errorf("已超期 asks for %q", got)
	}
	test.Tap(d.rectSoon)
	if got := w.LastOpened(); got != "ShowFindings "+host.FindingsDueSoon {
		t.Errorf("整改临近到期 asks for %q", got)
	}
	test.Tap(d.concluded)
	if got := w.LastOpened(); got != "ShowComplaintsIn 2026-01-01 2026-12-31 " {
		t.Errorf("本年办结率 asks for %q", got)
	}

	// A line of 今日待办 opens its record: a complaint in the register.
	apptest.Show(t, w, "工作台", New)
	for _, it := range d.todo.Visible() {
		if it.kind == "投诉超期" {
			d.openTodo(it)
		}
	}
	if got := w.LastOpened(); !strings.HasPrefix(got, "OpenComplaint ") {
		t.Errorf("the overdue complaint's line asks for %q", got)
	}
}

// From November the 工作台 asks for next year's holiday arrangement until
// it is entered, and its button opens that year in 设置.
func TestDashboardAsksForNextYearsHolidays(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	dash := apptest.Show(t, w, "工作台", New)
	dash.Shown()
	if !dash.calendar.Visible() || !apptest.Shows(dash.calendar, "2027年的节假日安排尚未录入") {
		t.Fatalf("the 工作台 of 2026-11-21 shows %v", apptest.Texts(dash.root))
	}
	apptest.TapButton(t, dash.calendar, "录入节假日安排")
	if got := w.LastOpened(); got != "EditCalendarYear 2027" {
		t.Fatalf("the button asks for %q", got)
	}

	y := &data.CalendarYear{Year: 2027, DaysOff: []data.Date{data.NewDate(2027, 1, 1)}}
	if err := db.SaveCalendarYear(context.Background(), y); err != nil {
		t.Fatal(err)
	}
	dash = apptest.Show(t, w, "工作台", New)
	if dash.calendar.Visible() {
		t.Error("the 工作台 still asks for 2027 once it is entered")
	}

	cal := data.NewCalendar()
	for _, tc := range []struct {
		day     data.Date
		year    int
		missing bool
	}{
		{data.NewDate(2026, 10, 31), 0, false},
		{data.NewDate(2026, 11, 1), 2027, true},
		{data.NewDate(2027, 3, 2), 2027, true},
		{data.NewDate(2025, 12, 31), 0, false},
	} {
		if y, missing := missingCalendarYear(cal, tc.day); y != tc.year || missing != tc.missing {
			t.Errorf("%s: %d %v, want %d %v", tc.day, y, missing, tc.year, tc.missing)
		}
	}
}

// The four 督办事项 figures count the tasks as the store does (working days,
// the office's warning days), each opens 督办事项 on its chip, and the
// overdue task is a line of 今日待办 that opens it.
func TestDashboardTaskFigures(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	lead := apptest.MustUnit(t, db, "县人力资源和社会保障局", data.UnitDepartment)
	other := apptest.MustUnit(t, db, "县住房和城乡建设局", data.UnitDepartment)
	mk := func(title string, registered, due data.Date) *data.Task {
		x := &data.Task{Source: data.SourceInstruction, Title: title, Content: title + "的任务", LeadUnitID: lead.ID,
			UnitIDs: []string{other.ID}, Due: due, RegisteredOn: registered}
		if err := db.CreateTask(ctx, x); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AssignTask(ctx, x.ID, registered.AddDays(1), nil); err != nil {
			t.Fatal(err)
		}
		return x
	}
	late := mk("企业欠薪问题专项治理", data.NewDate(2026, 9, 21), data.NewDate(2026, 11, 13))
	mk("城区背街小巷提升改造", data.NewDate(2026, 9, 28), data.NewDate(2026, 11, 25))
	mk("冬春农田水利建设", data.NewDate(2026, 11, 9), data.NewDate(2027, 3, 31))
	done := mk("公共就业服务窗口规范化", data.NewDate(2026, 10, 8), data.NewDate(2026, 12, 31))
	for _, u := range []*data.Unit{lead, other} {
		if err := db.SignTask(ctx, done.ID, u.ID, data.NewDate(2026, 10, 10), "王主任"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SubmitTaskReport(ctx, done.ID, data.NewDate(2026, 11, 20), "窗口规范化全部完成"); err != nil {
		t.Fatal(err)
	}

	d := apptest.Show(t, w, "工作台", New)
	settings, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tc, err := db.TaskCounts(ctx, data.DateOf(apptest.FixedNow), settings.WarnDays)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tile        *parts.Tile
		store, hand int
		chip        string
	}{
		{d.taskUnsigned, tc.Unsigned, 3, host.TasksUnsigned},
		{d.taskSoon, tc.DueSoon, 1, host.TasksDueSoon},
		{d.taskOverdue, tc.Overdue, 1, host.TasksOverdue},
		{d.taskReported, tc.Reported, 1, host.TasksReported},
	} {
		if c.store != c.hand || c.tile.Value.Text != fmt.Sprint(c.hand) {
			t.Errorf("%s: tile %s, store %d, hand count %d", c.tile.Caption.Text, c.tile.Value.Text, c.store, c.hand)
		}
		test.Tap(c.tile)
		if got := w.LastOpened(); got != "ShowTasks "+c.chip {
			t.Errorf("%s asks for %q", c.tile.Caption.Text, got)
		}
	}

	var line *todoItem
	for _, it := range d.todo.Visible() {
		if it.taskID == late.ID {
			line = &it
		}
	}
	if line == nil || line.kind != "督办超期" || line.note != "已超期5个工作日" {
		t.Fatalf("今日待办's line of the overdue task: %+v", line)
	}
	d.openTodo(*line)
	if got := w.LastOpened(); got != "OpenTask "+late.ID {
		t.Errorf("the overdue task's line asks for %q", got)
	}
}

// The 工作台 is drawn before its figures are read: they are read in the
// background, the tiles holding their places meanwhile, and a reading
// overtaken by a newer one (a quick second 刷新) is never shown.
func TestDashboardFiguresArriveInTheBackground(t *testing.T) {
	w := apptest.New(t)
	apptest.DashboardFixture(t, w.DB())
	apptest.QueueBackground(t)
	d := apptest.Show(t, w, "工作台", New)
	if d.overdue.Value.Text != "—" || len(d.todo.Visible()) != 0 {
		t.Fatalf("before the reading: 已超期 %q, %d lines to do", d.overdue.Value.Text, len(d.todo.Visible()))
	}
	apptest.RunQueued()
	if d.overdue.Value.Text != "1" || len(d.todo.Visible()) == 0 {
		t.Fatalf("after the reading: 已超期 %q, %d lines to do", d.overdue.Value.Text, len(d.todo.Visible()))
	}

	// Two readings queued: the first, finishing last, is not shown.
	d.Shown()
	first := queuedWork(t)
	d.Shown()
	apptest.RunQueued()
	d.overdue.SetText("测试")
	first()
	if d.overdue.Value.Text != "测试" {
		t.Errorf("an overtaken reading was shown: 已超期 %q", d.overdue.Value.Text)
	}
}

// queuedWork takes the first piece of background work out of the queue.
func queuedWork(t *testing.T) func() {
	t.Helper()
	work := apptest.TakeQueued()
	if work == nil {
		t.Fatal("nothing was put in the background")
	}
	return work
}

// 今日待办 lists the most urgent complaints of each kind, bounded, and a
// line that opens the rest: a ledger may hold tens of thousands overdue.
func TestDashboardTodoIsBounded(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.DashboardFixture(t, db)
	u := apptest.MustUnit(t, db, "县住房和城乡建设局", data.UnitDepartment)
	for i := range 3 { // three more overdue, one more to accept
		c := &data.Complaint{ReceivedAt: apptest.At(10, 9+i, 9), Channel: data.ChannelPhone, UnitID: u.ID, Complainant: data.Complainant{Name: "王五", Phone: "13900000000"},
			Category: "事难办", Subject: fmt.Sprintf("第%d件超期投诉", i+1), Content: "请求督促办理"}
		if _, err := db.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.ApplyStep(ctx, c.ID, data.Step{Kind: data.EventAssign, At: apptest.At(10, 9+i, 10), HandlerUnitID: u.ID, LimitDays: 5}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 { // two more to accept, due before the fixture's
		if _, err := db.RegisterComplaint(ctx, &data.Complaint{ReceivedAt: apptest.At(11, 18+i, 9), Channel: data.ChannelPhone, UnitID: u.ID,
			Complainant: data.Complainant{Name: "王五", Phone: "13900000000"}, Category: "事难办", Subject: "待受理", Content: "请求督促办理"}); err != nil {
			t.Fatal(err)
		}
	}
	prev := todoComplaints
	todoComplaints = 2
	t.Cleanup(func() { todoComplaints = prev })

	d := apptest.Show(t, w, "工作台", New)
	lines := map[string][]todoItem{}
	more := map[string]todoItem{}
	for _, it := range d.todo.Visible() {
		if it.complaintsTab != "" {
			more[it.complaintsTab] = it
		} else {
			lines[it.kind] = append(lines[it.kind], it)
		}
	}
	// Each kind: the two with the earliest deadline, then the line for the
	// rest with the register's count.
	for _, k := range []struct {
		kind, tab, first, total string
	}{
		{"投诉超期", host.ComplaintsOverdue, "TS2026-0006", "共4件"},
		{"待受理", host.ComplaintsPending, "TS2026-0009", "共3件"},
	} {
		l := lines[k.kind]
		if len(l) != 2 || l[0].ref != k.first || l[1].due.Before(l[0].due) || more[k.tab].note != k.total {
			t.Errorf("%s: lines %+v, then %+v", k.kind, l, more[k.tab])
		}
	}
	overdue := more[host.ComplaintsOverdue]
	d.openTodo(overdue)
	if got := w.LastOpened(); got != "ShowComplaints "+host.ComplaintsOverdue {
		t.Errorf("the line for the rest asks for %q", got)
	}
}
