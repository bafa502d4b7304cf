package app

import (
	"context"
	"fmt"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"
	"xiaoneng/app/screens/rectification"
	"xiaoneng/app/screens/settings"
	"xiaoneng/app/screens/units"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

func at(m time.Month, d, hour int) time.Time { return time.Date(2026, m, d, hour, 0, 0, 0, data.Zone) }

// dashboardFixture fills a ledger with a few records of each kind the
// 工作台 counts, as of the fixed day 2026-11-21.
func dashboardFixture(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	a := apptest.MustUnit(t, db, "县自然资源局", data.UnitDepartment)
	b := apptest.MustUnit(t, db, "城关镇人民政府", data.UnitTownship)
	ticket := func(received time.Time, unit *data.Unit, subject string, steps ...data.Step) {
		c := &data.Complaint{ReceivedAt: received, Channel: data.ChannelPhone, Complainant: data.Complainant{Name: "刘小红", Phone: "13800000000"},
			UnitID: unit.ID, Category: "事难办", Subject: subject, Content: subject + "，请求督促办理"}
		if _, err := db.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
		for _, s := range steps {
			if _, _, err := db.ApplyStep(ctx, c.ID, s); err != nil {
				t.Fatalf("%s %s: %v", subject, s.Kind, err)
			}
		}
	}
	ticket(at(11, 20, 9), a, "不动产登记窗口推诿")
	ticket(at(10, 9, 9), a, "宅基地审批超期未办", data.Step{Kind: data.EventAssign, At: at(10, 9, 10), HandlerUnitID: a.ID, LimitDays: 15})
	ticket(at(11, 16, 9), b, "低保申请材料被退回三次", data.Step{Kind: data.EventAssign, At: at(11, 16, 10), HandlerUnitID: b.ID, LimitDays: 5})
	ticket(at(11, 20, 9), b, "便民服务中心中午无人值守", data.Step{Kind: data.EventAssign, At: at(11, 20, 10), HandlerUnitID: b.ID, LimitDays: 15})
	ticket(at(3, 2, 9), b, "村务公开不及时",
		data.Step{Kind: data.EventAssign, At: at(3, 2, 10), HandlerUnitID: b.ID},
		data.Step{Kind: data.EventFeedback, At: at(3, 10, 10), Note: "已整改公开"},
		data.Step{Kind: data.EventVerify, At: at(3, 11, 10), Result: string(data.VerifiedTrue)},
		data.Step{Kind: data.EventReply, At: at(3, 12, 10), Method: "电话"},
		data.Step{Kind: data.EventFollowUp, At: at(3, 13, 10), Method: "电话", Result: string(data.Satisfied)})

	round := &data.Round{Title: "2026年第四季度明察暗访", Kind: data.RoundCovert, Start: data.NewDate(2026, 9, 1)}
	if err := db.CreateRound(ctx, round); err != nil {
		t.Fatal(err)
	}
	visit := func(when time.Time, unit *data.Unit, findings ...*data.Finding) {
		v := &data.Visit{RoundID: round.ID, UnitID: unit.ID, VisitedAt: when, Place: "办事大厅", Summary: "暗访窗口服务"}
		if err := db.RecordVisit(ctx, v, findings, nil); err != nil {
			t.Fatal(err)
		}
	}
	visit(at(9, 15, 10), a) // last quarter
	visit(at(10, 12, 10), a, &data.Finding{Category: "脱岗/纪律作风", Description: "3号窗口工作人员离岗", Disposition: data.DispositionNotice, RectLimitDays: 10})
	visit(at(11, 19, 10), b, &data.Finding{Category: data.FindingDisclosure, Description: "未公示服务承诺制", Disposition: data.DispositionNotice, RectLimitDays: 2})

	doc := &data.Document{Kind: data.DocNotice, Title: "关于限期整改窗口纪律问题的监察通知书", RecipientUnitID: a.ID,
		Recipient: a.Name, Body: "经查……请于2026年11月10日前将整改情况书面报告我办。", ReplyDue: data.NewDate(2026, 11, 10)}
	if err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignDocument(ctx, doc.ID, data.NewDate(2026, 10, 27), "王主任"); err != nil {
		t.Fatal(err)
	}
}

func TestDashboardFiguresMatchTheStore(t *testing.T) {
	w, db := newTestBench(t)
	ctx := context.Background()
	dashboardFixture(t, db)
	goTo[*units.Screen](t, w, "单位")
	d := goTo[*dashboard](t, w, "工作台") // shown again: the figures are read afresh

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
	cs, ok := w.currentScreen().(*complaintsScreen)
	if !ok || cs.state != stateOverdue {
		t.Fatalf("已超期 opens %T", w.currentScreen())
	}
	if got := cs.table.Visible(); len(got) != 1 || got[0].Subject != "宅基地审批超期未办" {
		t.Errorf("已超期 register lists %v", got)
	}
	goTo[*dashboard](t, w, "工作台")
	test.Tap(d.rectSoon)
	rs, ok := w.currentScreen().(*rectification.Screen)
	if !ok {
		t.Fatalf("整改临近到期 opens %T", w.currentScreen())
	}
	if !apptest.Shows(rs.View(), "未公示服务承诺制") {
		t.Errorf("整改临近到期 lists %v", apptest.Texts(rs.View()))
	}
	goTo[*dashboard](t, w, "工作台")
	test.Tap(d.concluded)
	if cs, ok = w.currentScreen().(*complaintsScreen); !ok || cs.state != stateAll || len(cs.table.Visible()) != 5 {
		t.Errorf("本年办结率 opens %T on %q", w.currentScreen(), cs.state)
	}

	// A line of 今日待办 opens its record: a ticket in the register.
	goTo[*dashboard](t, w, "工作台")
	for _, it := range d.todo.Visible() {
		if it.kind == "投诉超期" {
			d.openTodo(it)
		}
	}
	if _, ok := w.currentScreen().(*complaintsScreen); !ok {
		t.Fatalf("opening the overdue ticket's line shows %T", w.currentScreen())
	}
	view := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(view, "宅基地审批超期未办") || !apptest.Shows(view, "刘** 138****0000") || apptest.Shows(view, "刘小红") {
		t.Errorf("ticket view shows %v", apptest.Texts(view))
	}
}

// From November the 工作台 asks for next year's holiday arrangement until
// it is entered, and its button opens that year in 设置.
func TestDashboardAsksForNextYearsHolidays(t *testing.T) {
	w, db := newTestBench(t)
	dash := goTo[*dashboard](t, w, "工作台")
	dash.Shown()
	if !dash.calendar.Visible() || !apptest.Shows(dash.calendar, "2027年的节假日安排尚未录入") {
		t.Fatalf("the 工作台 of 2026-11-21 shows %v", apptest.Texts(dash.root))
	}
	apptest.TapButton(t, dash.calendar, "录入节假日安排")
	s, ok := w.currentScreen().(*settings.Screen)
	if !ok || apptest.Find[*container.AppTabs](t, s.View()).SelectedIndex() != 1 || !apptest.Shows(s.View(), "2027年") {
		t.Fatalf("the button shows %T", w.currentScreen())
	}

	y := &data.CalendarYear{Year: 2027, DaysOff: []data.Date{data.NewDate(2027, 1, 1)}}
	if err := db.SaveCalendarYear(context.Background(), y); err != nil {
		t.Fatal(err)
	}
	dash = goTo[*dashboard](t, w, "工作台")
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
