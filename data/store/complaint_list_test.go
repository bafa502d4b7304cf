package store

import (
	"context"
	"reflect"
	"testing"

	"xiaoneng/data"
)

func TestComplaintAlertsListsAndCounts(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	// Today is Saturday 2026-11-21: overdue means due before Friday 11-20;
	// due soon means at most 3 working days left (11-23 … 11-25).
	assign := func(received, on string, limit int) *data.Complaint {
		c := f.register(t, received)
		return f.apply(t, c.ID, data.Step{Kind: data.EventAssign, At: tm(on), HandlerUnitID: f.h1, LimitDays: limit})
	}
	overdue := assign("2026-10-19 09:00", "2026-10-20 09:00", 15) // due 11-10
	dueFri := assign("2026-11-12 09:00", "2026-11-13 09:00", 5)   // due 11-20
	dueWed := assign("2026-11-17 09:00", "2026-11-18 09:00", 5)   // due 11-25
	later := assign("2026-11-18 09:00", "2026-11-19 09:00", 5)    // due 11-26
	pending := f.register(t, "2026-11-20 08:00", func(c *data.Complaint) { c.Channel = data.ChannelOnline; c.Category = "乱收费" })
	closed := f.register(t, "2026-08-03 09:00", func(c *data.Complaint) { c.Subject = "窗口人员脱岗" })
	f.apply(t, closed.ID, data.Step{Kind: data.EventAssign, At: tm("2026-08-03 10:00"), HandlerUnitID: f.h2, LimitDays: 5},
		data.Step{Kind: data.EventFeedback, At: tm("2026-08-07 10:00"), Note: "已批评教育"},
		data.Step{Kind: data.EventVerify, At: tm("2026-08-10 10:00"), Result: "属实"},
		data.Step{Kind: data.EventReply, At: tm("2026-08-10 11:00"), Method: "电话"},
		data.Step{Kind: data.EventFollowUp, At: tm("2026-08-11 11:00"), Result: "满意"})

	today := day("2026-11-21")
	cal, err := f.db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a := overdue.Alert(cal, today, 3); a.Level != data.AlertOverdue || a.OverdueWorkdays != 8 {
		t.Errorf("overdue alert %+v", a)
	}
	if a := dueWed.Alert(cal, today, 3); a.Level != data.AlertDueSoon || a.WorkdaysLeft != 3 {
		t.Errorf("due soon alert %+v", a)
	}

	ids := func(cs []*data.Complaint) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.Number)
		}
		return out
	}
	list := func(filter data.ComplaintFilter, want ...*data.Complaint) {
		t.Helper()
		got, err := f.db.Complaints(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		wantIDs := ids(want)
		if !reflect.DeepEqual(ids(got), wantIDs) {
			t.Errorf("%+v: got %v, want %v", filter, ids(got), wantIDs)
		}
		if filter.Limit == 0 {
			if n, err := f.db.CountComplaints(ctx, filter); err != nil || n != len(want) {
				t.Errorf("%+v: count %d (%v), want %d", filter, n, err, len(want))
			}
		}
	}
	list(data.ComplaintFilter{Alert: data.AlertOverdue}, overdue)
	// The complaint not yet accepted is watched against its acceptance
	// deadline, three working days after receipt (11-25): near only on
	// that day.
	list(data.ComplaintFilter{Alert: data.AlertDueSoon}, dueFri, dueWed)
	list(data.ComplaintFilter{Status: data.StatusHandling}, later, dueWed, dueFri, overdue)
	list(data.ComplaintFilter{}, pending, later, dueWed, dueFri, overdue, closed)
	list(data.ComplaintFilter{Limit: 2, Offset: 1}, later, dueWed)
	list(data.ComplaintFilter{Channel: data.ChannelOnline}, pending)
	list(data.ComplaintFilter{Category: "乱收费"}, pending)
	list(data.ComplaintFilter{HandlerUnitID: f.h2}, closed)
	list(data.ComplaintFilter{UnitID: f.h2})
	list(data.ComplaintFilter{From: day("2026-11-12"), To: day("2026-11-17")}, dueWed, dueFri)
	list(data.ComplaintFilter{Search: "脱岗"}, closed)
	list(data.ComplaintFilter{Search: "不动产登记窗口", Status: data.StatusClosed}, closed) // unit name
	list(data.ComplaintFilter{Search: "张三", To: day("2026-10-31")}, overdue, closed) // complainant
	list(data.ComplaintFilter{Search: dueFri.Number}, dueFri)
	list(data.ComplaintFilter{Search: "100%"})
	if n, err := f.db.CountComplaints(ctx, data.ComplaintFilter{Status: data.StatusHandling}); err != nil || n != 4 {
		t.Errorf("count handling %d (%v)", n, err)
	}
	if _, err := f.db.Complaints(ctx, data.ComplaintFilter{Alert: "红色"}); err == nil {
		t.Error("unknown alert accepted")
	}

	counts, err := f.db.ComplaintCounts(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	want := data.ComplaintCounts{Pending: 1, Handling: 4, DueSoon: 2, Overdue: 1, Closed: 1}
	if counts != want {
		t.Errorf("counts %+v, want %+v", counts, want)
	}
	// On Wednesday the one due on Friday is overdue, and the ones due on
	// Wednesday and Thursday are near, with the acceptance due on Wednesday.
	if counts, err = f.db.ComplaintCounts(ctx, day("2026-11-25")); err != nil || counts.Overdue != 2 || counts.DueSoon != 3 {
		t.Errorf("counts on 11-25 %+v (%v)", counts, err)
	}
}

func TestComplaintMonthlyCounts(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	online := func(c *data.Complaint) { c.Channel = data.ChannelOnline }
	f.register(t, "2026-01-05 09:00")
	f.register(t, "2026-01-31 23:59")
	f.register(t, "2026-01-20 09:00", online)
	rejected := f.register(t, "2026-03-02 09:00")
	f.apply(t, rejected.ID, data.Step{Kind: data.EventReject, Note: "匿名且无具体事实"})
	gone := f.register(t, "2026-03-03 09:00")
	if err := f.db.DeleteComplaint(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	f.register(t, "2025-12-31 23:59")
	got, err := f.db.ComplaintMonthlyCounts(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	want := []MonthCount{
		{1, data.StatusPending, data.ChannelPhone, 2},
		{1, data.StatusPending, data.ChannelOnline, 1},
		{3, data.StatusRejected, data.ChannelPhone, 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("2026 counts %+v, want %+v", got, want)
	}
	if got, err := f.db.ComplaintMonthlyCounts(ctx, 2025); err != nil || len(got) != 1 || got[0].Month != 12 || got[0].N != 1 {
		t.Errorf("2025 counts %+v (%v)", got, err)
	}
	// A corrected receipt time moves the complaint to its month.
	rejected, err = f.db.Complaint(ctx, rejected.ID) // as rejected
	if err != nil {
		t.Fatal(err)
	}
	rejected.ReceivedAt = tm("2026-02-27 17:00")
	if err := f.db.UpdateComplaint(ctx, rejected); err != nil {
		t.Fatal(err)
	}
	if got, err := f.db.ComplaintMonthlyCounts(ctx, 2026); err != nil || len(got) != 3 || got[2] != (MonthCount{2, data.StatusRejected, data.ChannelPhone, 1}) {
		t.Errorf("after moving the receipt: %+v (%v)", got, err)
	}
}
