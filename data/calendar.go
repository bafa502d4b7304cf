package data

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// CalendarYear is one year's arrangement of public holidays as the State
// Council publishes it: the days off and the weekend days worked (调休上班).
type CalendarYear struct {
	Record
	Year     int
	DaysOff  []Date
	WorkDays []Date
	Note     string
}

// builtinYears are the arrangements shipped with the program (domain.md).
var builtinYears = map[int][2]string{
	2025: {"1-01; 1-28..2-04; 4-04..4-06; 5-01..5-05; 5-31..6-02; 10-01..10-08", "1-26; 2-08; 4-27; 9-28; 10-11"},
	2026: {"1-01..1-03; 2-15..2-23; 4-04..4-06; 5-01..5-05; 6-19..6-21; 9-25..9-27; 10-01..10-07", "1-04; 2-14; 2-28; 5-09; 9-20; 10-10"},
}

// BuiltinYears returns the arrangements shipped with the program.
func BuiltinYears() []CalendarYear {
	years := make([]CalendarYear, 0, len(builtinYears))
	for y, spec := range builtinYears {
		off, err := ParseDayList(y, spec[0])
		if err != nil {
			panic(err) // the shipped table is constant; a typo is a programming error
		}
		work, err := ParseDayList(y, spec[1])
		if err != nil {
			panic(err)
		}
		years = append(years, CalendarYear{Year: y, DaysOff: off, WorkDays: work, Note: "国务院办公厅通知"})
	}
	sort.Slice(years, func(i, j int) bool { return years[i].Year < years[j].Year })
	return years
}

// ParseDayList reads days of one year written as "1-01; 1-28..2-04" (month-day,
// ranges with ..), separated by semicolons, commas, 、 or new lines.
func ParseDayList(year int, s string) ([]Date, error) {
	var days []Date
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == ',' || r == '，' || r == '；' || r == '、' || r == '\n' || r == ' '
	})
	for _, f := range fields {
		from, to, isRange := strings.Cut(f, "..")
		a, err := parseMonthDay(year, from)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = parseMonthDay(year, to); err != nil {
				return nil, err
			}
			if b.Before(a) {
				return nil, fmt.Errorf("日期范围“%s”的结束日早于开始日", f)
			}
		}
		for d := a; !d.After(b); d = d.AddDays(1) {
			days = append(days, d)
		}
	}
	return days, nil
}

func parseMonthDay(year int, s string) (Date, error) {
	t, err := time.Parse("1-2", strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("“%s”不是有效的月-日，应写作如 10-01", s)
	}
	return NewDate(year, t.Month(), t.Day()), nil
}

// FormatDayList writes days as ParseDayList reads them, joining runs into ranges.
func FormatDayList(days []Date) string {
	sorted := append([]Date(nil), days...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
	var parts []string
	md := func(d Date) string { return fmt.Sprintf("%d-%02d", int(d.Month()), d.Day()) }
	for i := 0; i < len(sorted); {
		j := i
		for j+1 < len(sorted) && sorted[j+1].Equal(sorted[j].AddDays(1)) {
			j++
		}
		if j == i {
			parts = append(parts, md(sorted[i]))
		} else {
			parts = append(parts, md(sorted[i])+".."+md(sorted[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, "; ")
}

// Calendar answers which days are working days.
type Calendar struct {
	known map[int]bool
	off   map[Date]bool
	work  map[Date]bool
}

// NewCalendar builds a calendar from the shipped years overlaid by the
// office's own (a year the office entered replaces the shipped one).
func NewCalendar(office ...CalendarYear) *Calendar {
	c := &Calendar{known: map[int]bool{}, off: map[Date]bool{}, work: map[Date]bool{}}
	byYear := map[int]CalendarYear{}
	for _, y := range BuiltinYears() {
		byYear[y.Year] = y
	}
	for _, y := range office {
		if !y.Deleted() {
			byYear[y.Year] = y
		}
	}
	for _, y := range byYear {
		c.known[y.Year] = true
		for _, d := range y.DaysOff {
			c.off[d] = true
		}
		for _, d := range y.WorkDays {
			c.work[d] = true
		}
	}
	return c
}

// Known reports whether the calendar has the holiday arrangement of year.
func (c *Calendar) Known(year int) bool { return c.known[year] }

// IsWorkday reports whether d is a working day. In a year without an
// arrangement it counts Monday to Friday.
func (c *Calendar) IsWorkday(d Date) bool {
	if c.work[d] {
		return true
	}
	if c.off[d] {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Assumed lists the years a computation had to count Monday to Friday
// because their holiday arrangement is not in the calendar.
type Assumed []int

// Warning is the sentence to show the user, or "" when nothing was assumed.
func (a Assumed) Warning() string {
	if len(a) == 0 {
		return ""
	}
	years := make([]string, len(a))
	for i, y := range a {
		years[i] = fmt.Sprintf("%d年", y)
	}
	return strings.Join(years, "、") + "的节假日安排尚未录入，已按周一至周五计算工作日，请在“设置—节假日”中补充"
}

func (a Assumed) add(year int) Assumed {
	for _, y := range a {
		if y == year {
			return a
		}
	}
	return append(a, year)
}

// AddWorkdays returns the n-th working day after d (d itself does not
// count); a negative n counts back. n = 0 returns d.
func (c *Calendar) AddWorkdays(d Date, n int) (Date, Assumed) {
	var assumed Assumed
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if !c.known[d.Year()] {
			assumed = assumed.add(d.Year())
		}
		if c.IsWorkday(d) {
			n--
		}
	}
	return d, assumed
}

// WorkdaysBetween counts the working days after a up to and including b;
// when b is before a the count is negative (the working days after b up to
// and including a).
func (c *Calendar) WorkdaysBetween(a, b Date) (int, Assumed) {
	var assumed Assumed
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if !c.known[d.Year()] {
			assumed = assumed.add(d.Year())
		}
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n, assumed
}

// WorkdaysInYear counts the working days of a year.
func (c *Calendar) WorkdaysInYear(year int) int {
	n, _ := c.WorkdaysBetween(NewDate(year-1, 12, 31), NewDate(year, 12, 31))
	return n
}
