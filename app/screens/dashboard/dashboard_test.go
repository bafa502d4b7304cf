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
