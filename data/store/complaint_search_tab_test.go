package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"xiaoneng/data"
)

// TestSearchWithinAlertAcrossMonths searches within 已超期 and 临近到期 when the
// deadlines span several months: a month wholly overdue, the month the
// bounds cut, 临近到期 across the end of a month, a deadline extended into
// the next month, a complaint 办理中 without a due date; each page and count
// against a scan of the tab.
func TestSearchWithinAlertAcrossMonths(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	f.db.SetClock(func() time.Time { return tm("2026-11-27 18:00") })
	// received from August: 受理期限 in August to November
	var cs []*data.Complaint
	for i, day := range []string{"2026-08-03", "2026-08-24", "2026-09-07", "2026-09-28", "2026-10-12", "2026-10-26",
		"2026-11-02", "2026-11-16", "2026-11-23", "2026-11-25", "2026-11-26", "2026-11-27"} {
		cs = append(cs, f.register(t, day+" 09:30", func(c *data.Complaint) {
			c.Subject = fmt.Sprintf("窗口人员第%d次推诿", i+1)
			if i%3 == 0 {
				c.Subject = "午休无人值守"
			}
		}))
	}
	// handled, due in August to December: on 2026-11-27, three 临近到期 on
	// the 27th and on 2 December
	for i, limit := range []int{10, 30, 28, 20, 15, 24, 22, 12} {
		at := tm(cs[i].ReceivedAt.Format("2006-01-02") + " 14:00")
		f.apply(t, cs[i].ID, data.Step{Kind: data.EventAccept, At: at},
			data.Step{Kind: data.EventAssign, At: at, HandlerUnitID: f.h1, LimitDays: limit})
	}
	tabs := []data.ComplaintFilter{{Alert: data.AlertOverdue}, {Alert: data.AlertDueSoon}}
	check := func(when string, today string) {
		t.Helper()
		f.db.SetClock(func() time.Time { return tm(today + " 12:00") })
		for _, tab := range tabs {
			for _, s := range []string{"窗口", "推诿", "午休", "不存在"} {
				within := tab
				within.Search = s
				checkSearch(t, f.db, within)
				all := searchNumbers(t, f.db, within)
				for _, off := range []int{0, 1, 2, 3, 5, 8, 30} {
					page := within
					page.Limit, page.Offset = 2, off
					checkPage(t, f.db, page, all)
				}
			}
		}
		if problems, err := f.db.Check(ctx, false); err != nil || len(problems) != 0 {
			t.Errorf("%s: check: %v, %v", when, problems, err)
		}
	}
	for _, today := range []string{"2026-11-30", "2026-12-01", "2026-10-01", "2026-11-27"} {
		check("assigned", today)
	}
	// on 2026-11-27 the tabs hold what the test means them to
	for _, tab := range tabs {
		tab.Search = "窗口"
		list, n, err := f.db.ComplaintPage(ctx, tab)
		months := map[int]bool{}
		for _, c := range list {
			months[c.Deadline().Year()*12+int(c.Deadline().Month())] = true
		}
		if err != nil || n < 3 || len(months) < 2 {
			t.Errorf("%s: %d complaints of %d months (%v): the fixture does not span months", tab.Alert, n, len(months), err)
		}
	}
	f.db.SetClock(func() time.Time { return tm("2026-11-27 18:00") })
	// a deadline extended into the next month, and a due date gone (an
	// older program's import): its complaint is in neither tab
	f.apply(t, cs[5].ID, data.Step{Kind: data.EventExtend, At: tm("2026-11-20 10:00"), LimitDays: 3, Note: "需现场核查", ApprovedBy: "王主任"})
	if _, err := f.db.writer.Exec("UPDATE complaints SET due_date = NULL WHERE id = ?", cs[4].ID); err != nil {
		t.Fatal(err)
	}
	for _, today := range []string{"2026-12-01", "2026-11-27"} {
		check("extended, one without a due date", today)
	}
	if got := searchNumbers(t, f.db, data.ComplaintFilter{Alert: data.AlertOverdue, Search: cs[4].Number}); !reflect.DeepEqual(got, []string{}) {
		t.Errorf("a complaint without a due date is overdue: %v", got)
	}
}

// A complaint's rowid in the twins of the search indexes orders by its
// deadline, then by its key, newest first, and gives its key back, for
// keys either side of 1970; one out of range is refused.
func TestOpenKeyOrdersByDeadline(t *testing.T) {
	days := []data.Date{data.NewDate(1960, 1, 1), data.NewDate(2026, 11, 20), data.NewDate(2026, 11, 21), data.NewDate(2200, 12, 31)}
	keys := []int64{openKeyMid, 14077702640, 8, 1, -8, openKeyMid - 1<<openKeyBits + 1}
	var last int64
	for i, d := range days {
		for j, key := range keys {
			r, ok, err := openKey(data.StatusHandling, data.Date{}, d, key)
			if err != nil || !ok || keyOfOpen(r) != key {
				t.Fatalf("%v, key %d: %d, %v, %v (key back %d)", d, key, r, ok, err, keyOfOpen(r))
			}
			if (i > 0 || j > 0) && r <= last {
				t.Errorf("%v, key %d: rowid %d not after %d", d, key, r, last)
			}
			last = r
		}
	}
	if _, _, err := openKey(data.StatusPending, days[1], data.Date{}, openKeyMid+1); err == nil {
		t.Error("a key out of range is taken")
	}
	if _, ok, err := openKey(data.StatusClosed, days[1], days[1], 8); ok || err != nil {
		t.Errorf("a complaint 已办结 is in the twins: %v, %v", ok, err)
	}
}
