package data

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// fields lists the fields err's problems name, in order.
func fields(err error) []string {
	var out []string
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return nil
	}
	for _, e := range j.Unwrap() {
		var ve *ValidationError
		if errors.As(e, &ve) {
			out = append(out, ve.Field)
		}
	}
	return out
}

// A record's validation reports every problem at once, in the order of the
// form's fields, so that the form shows them together; errors.As still
// finds the first.
func TestValidateReportsEveryProblem(t *testing.T) {
	c := &Complaint{ReceivedAt: time.Date(2026, 11, 21, 9, 0, 0, 0, Zone), Complainant: Complainant{Phone: "电话", IDNumber: "123"},
		Subject: strings.Repeat("长", 81)}
	err := c.Validate()
	want := []string{"Channel", "Complainant.Name", "Complainant.Phone", "Complainant.IDNumber", "UnitID", "Category", "Subject", "Content"}
	if got := fields(err); !slices.Equal(got, want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != "Channel" || UserMessage(err) != "请选择投诉渠道" {
		t.Errorf("the first problem: %v, %q", ve, UserMessage(err))
	}
	u := &Unit{Status: UnitActive, Phone: "八八", Hotline: "九九"}
	if got := fields(u.Validate()); !slices.Equal(got, []string{"Name", "Category", "Phone", "Hotline"}) {
		t.Errorf("unit problems %v", got)
	}
	ok := &Unit{Name: "县林业局", Category: UnitDepartment, Status: UnitActive}
	if err := ok.Validate(); err != nil {
		t.Errorf("a valid unit: %v", err)
	}
}

// A date written right that does not exist is called so, not a wrong
// format.
func TestParseDateSaysADateDoesNotExist(t *testing.T) {
	for s, want := range map[string]string{
		"2026-13-45": "日期“2026-13-45”不存在：月份应在1至12之间",
		"2026-2-30":  "日期“2026-2-30”不存在：2026年2月只有28天",
		"2028-02-30": "日期“2028-02-30”不存在：2028年2月只有29天",
		"2026/11/21": "日期“2026/11/21”格式不正确，应为“年-月-日”，例如2026-11-21",
	} {
		if _, err := ParseDate(s); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", s, err, want)
		}
	}
}

// A receipt time is kept to the millisecond in the ledger's zone; one in
// the future or before 1990 (2026 mistyped) is refused.
func TestCheckReceived(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, Zone)
	c := &Complaint{ReceivedAt: now.Add(-time.Hour + 1234567).UTC()}
	if err := c.CheckReceived(now); err != nil || c.ReceivedAt.Location() != Zone || c.ReceivedAt.Nanosecond()%int(time.Millisecond) != 0 {
		t.Errorf("a time an hour ago: %v, %v", c.ReceivedAt, err)
	}
	for at, want := range map[time.Time]string{
		now.Add(time.Minute):                        "收件时间不能晚于当前时间",
		time.Date(1926, 11, 21, 9, 0, 0, 0, Zone):   "收件时间不能早于1990年，请检查年份",
		time.Date(1989, 12, 31, 23, 59, 0, 0, Zone): "收件时间不能早于1990年，请检查年份",
	} {
		c := &Complaint{ReceivedAt: at}
		if err := c.CheckReceived(now); UserMessage(err) != want {
			t.Errorf("%v: %v, want %q", at, err, want)
		}
	}
}
