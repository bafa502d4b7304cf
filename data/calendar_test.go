package data

import (
	"strings"
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestBuiltinYearsHave248WorkingDays(t *testing.T) {
	c := NewCalendar()
	for _, y := range []int{2025, 2026} {
		if got := c.WorkdaysInYear(y); got != 248 {
			t.Errorf("%d: %d working days, want 248", y, got)
		}
	}
}

func TestAddWorkdays2026(t *testing.T) {
	c := NewCalendar()
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-28", 5, "2026-10-10"}, // National Day; Saturday 10-10 is worked
		{"2026-09-28", 6, "2026-10-12"},
		{"2026-09-18", 1, "2026-09-20"}, // Sunday 9-20 is worked
		{"2026-02-13", 1, "2026-02-14"}, // Spring Festival: Saturday 2-14 worked
		{"2026-02-14", 1, "2026-02-24"}, // then 2-15..2-23 off
		{"2026-02-24", 4, "2026-02-28"}, // Saturday 2-28 worked
		{"2026-11-20", 3, "2026-11-25"}, // plain weekend
		{"2026-01-01", 1, "2026-01-04"}, // Sunday 1-04 worked after New Year
		{"2026-10-10", -5, "2026-09-28"},
		{"2026-10-10", 0, "2026-10-10"},
		{"2025-12-31", 1, "2026-01-04"},
	}
	for _, tc := range cases {
		got, assumed := c.AddWorkdays(d(tc.from), tc.n)
		if got.String() != tc.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
		if len(assumed) != 0 {
			t.Errorf("AddWorkdays(%s, %d) assumed %v", tc.from, tc.n, assumed)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := NewCalendar()
	if n, _ := c.WorkdaysBetween(d("2026-09-28"), d("2026-10-10")); n != 5 {
		t.Errorf("between = %d, want 5", n)
	}
	if n, _ := c.WorkdaysBetween(d("2026-10-10"), d("2026-09-28")); n != -5 {
		t.Errorf("between backwards = %d, want -5", n)
	}
	if n, _ := c.WorkdaysBetween(d("2026-10-01"), d("2026-10-07")); n != 0 {
		t.Errorf("holiday week = %d, want 0", n)
	}
}

func TestUnknownYearWarns(t *testing.T) {
	c := NewCalendar()
	got, assumed := c.AddWorkdays(d("2026-12-30"), 3)
	if got.String() != "2027-01-04" {
		t.Errorf("got %s, want 2027-01-04 (Monday to Friday)", got)
	}
	if len(assumed) != 1 || assumed[0] != 2027 {
		t.Fatalf("assumed = %v, want [2027]", assumed)
	}
	if w := assumed.Warning(); !strings.Contains(w, "2027年") || !strings.Contains(w, "周一至周五") {
		t.Errorf("warning %q", w)
	}
}

func TestOfficeYearOverridesAndAdds(t *testing.T) {
	off, err := ParseDayList(2027, "1-01; 2-06..2-12")
	if err != nil {
		t.Fatal(err)
	}
	work, err := ParseDayList(2027, "2-14")
	if err != nil {
		t.Fatal(err)
	}
	c := NewCalendar(CalendarYear{Year: 2027, DaysOff: off, WorkDays: work})
	if !c.Known(2027) {
		t.Fatal("2027 not known")
	}
	if c.IsWorkday(d("2027-02-08")) {
		t.Error("2027-02-08 should be off")
	}
	if !c.IsWorkday(d("2027-02-14")) {
		t.Error("Sunday 2027-02-14 should be worked")
	}
	// A corrected 2026 replaces the shipped one whole.
	c = NewCalendar(CalendarYear{Year: 2026})
	if !c.IsWorkday(d("2026-10-05")) {
		t.Error("replaced 2026 should no longer have National Day off")
	}
}

func TestDayListRoundTrip(t *testing.T) {
	spec := "1-01..1-03; 2-15..2-23; 10-10"
	days, err := ParseDayList(2026, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 13 {
		t.Fatalf("%d days", len(days))
	}
	if got := FormatDayList(days); got != spec {
		t.Errorf("FormatDayList = %q, want %q", got, spec)
	}
	if _, err := ParseDayList(2026, "13-40"); err == nil {
		t.Error("13-40 accepted")
	}
}

func TestDateChinese(t *testing.T) {
	if got := NewDate(2026, time.November, 1).Chinese(); got != "2026年11月1日" {
		t.Errorf("Chinese = %q", got)
	}
	if _, err := ParseDate("2026-13-01"); err == nil {
		t.Error("month 13 accepted")
	}
}
