package data

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Zone is the office's time zone. China keeps one zone without daylight
// saving, so a fixed zone is exact and needs no tz database on Windows.
var Zone = time.FixedZone("CST", 8*3600)

// TimeLayout is how timestamps are stored and exported: RFC 3339 in the
// office's zone with milliseconds, so text order is time order.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// Now is the current time in the office's zone, truncated to milliseconds
// (the stored precision).
func Now() time.Time { return time.Now().In(Zone).Truncate(time.Millisecond) }

// Date is a calendar day without time or zone. The zero Date means "not set".
type Date struct{ t time.Time }

// DateLayout is YYYY-MM-DD, the only format dates are shown and typed in.
const DateLayout = "2006-01-02"

// NewDate returns the given day; out-of-range values normalise as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the office-local day of t.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.In(Zone).Date()
	return NewDate(y, m, d)
}

// Today is the office-local current day.
func Today() Date { return DateOf(time.Now()) }

// ParseDate reads YYYY-MM-DD (a single-digit month or day is accepted). A
// date written right that does not exist (2026-13-45, 2026-02-30) is
// refused as such, not as a wrong format.
func ParseDate(s string) (Date, error) {
	for _, layout := range []string{DateLayout, "2006-1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	if m := datePattern.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return Date{}, fmt.Errorf("日期“%s”不存在：月份应在1至12之间", s)
		}
		days := NewDate(y, time.Month(mo)+1, 0).Day()
		return Date{}, fmt.Errorf("日期“%s”不存在：%d年%d月只有%d天", s, y, mo, days)
	}
	return Date{}, fmt.Errorf("日期“%s”格式不正确，应为“年-月-日”，例如2026-11-21", s)
}

// datePattern is a date written as ParseDate reads it.
var datePattern = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)

func (d Date) IsZero() bool                 { return d.t.IsZero() }
func (d Date) Year() int                    { return d.t.Year() }
func (d Date) Month() time.Month            { return d.t.Month() }
func (d Date) Day() int                     { return d.t.Day() }
func (d Date) Weekday() time.Weekday        { return d.t.Weekday() }
func (d Date) AddDays(n int) Date           { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) Before(o Date) bool           { return d.t.Before(o.t) }
func (d Date) After(o Date) bool            { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool            { return d.t.Equal(o.t) }
func (d Date) DaysUntil(o Date) int         { return int(o.t.Sub(d.t).Hours() / 24) }
func (d Date) Time() time.Time              { return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, Zone) }
func (d Date) Compare(o Date) int           { return d.t.Compare(o.t) }
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Chinese is the form official documents use: 2026年11月21日 (no leading zeros).
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// UnmarshalText accepts YYYY-MM-DD or "".
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores a Date as TEXT YYYY-MM-DD, and the zero Date as NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads TEXT YYYY-MM-DD or NULL.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	}
	return fmt.Errorf("data: cannot scan %T into Date", src)
}
