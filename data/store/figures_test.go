package store

import (
	"context"
	"testing"
	"time"

	"xiaoneng/data"
)

func TestComplaintYearFigures(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := &data.Unit{Name: "县人社局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	register := func(received time.Time) *data.Complaint {
		c := &data.Complaint{ReceivedAt: received, Channel: data.ChannelPhone, Complainant: data.Complainant{Anonymous: true},
			UnitID: u.ID, Category: "事难办", Subject: "窗口办事拖拉", Content: "社保转移办了三次没办成"}
		if _, err := db.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	steps := func(c *data.Complaint, list ...data.Step) {
		for _, s := range list {
			if _, _, err := db.ApplyStep(ctx, c.ID, s); err != nil {
				t.Fatalf("%s: %v", s.Kind, err)
			}
		}
	}
	toFollowUp := []data.Step{
		{Kind: data.EventAssign, HandlerUnitID: u.ID},
		{Kind: data.EventFeedback, Note: "已办结"},
		{Kind: data.EventVerify, Result: string(data.VerifiedTrue)},
		{Kind: data.EventReply, Method: "电话"},
	}
	march := time.Date(2026, 3, 2, 9, 0, 0, 0, data.Zone)

	register(march)              // still 待受理
	satisfied := register(march) // 满意: concluded
	steps(satisfied, append(toFollowUp, data.Step{Kind: data.EventFollowUp, Method: "电话", Result: string(data.Satisfied)})...)
	fair := register(march) // 基本满意 and archived: concluded
	steps(fair, append(toFollowUp, data.Step{Kind: data.EventFollowUp, Method: "电话", Result: string(data.FairlySatisfied)},
		data.Step{Kind: data.EventArchive})...)
	unhappy := register(march) // 不满意: back to 办理中
	steps(unhappy, append(toFollowUp, data.Step{Kind: data.EventFollowUp, Method: "电话", Result: string(data.Dissatisfied)})...)
	// 不满意, reworked, then 满意: the latest verdict counts.
	second := register(march)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, data.Zone) }
	steps(second,
		data.Step{Kind: data.EventAssign, At: day(3), HandlerUnitID: u.ID},
		data.Step{Kind: data.EventFeedback, At: day(4), Note: "已答复"},
		data.Step{Kind: data.EventVerify, At: day(5), Result: string(data.VerifiedTrue)},
		data.Step{Kind: data.EventReply, At: day(6), Method: "电话"},
		data.Step{Kind: data.EventFollowUp, At: day(9), Method: "电话", Result: string(data.Dissatisfied)},
		data.Step{Kind: data.EventFeedback, At: day(16), Note: "重新办理完毕"},
		data.Step{Kind: data.EventVerify, At: day(17), Result: string(data.VerifiedTrue)},
		data.Step{Kind: data.EventReply, At: day(18), Method: "电话"},
		data.Step{Kind: data.EventFollowUp, At: day(19), Method: "电话", Result: string(data.Satisfied)})
	rejected := register(march) // 不予受理: not accepted
	steps(rejected, data.Step{Kind: data.EventReject, Note: "不属于受理范围"})
	dup := register(march) // merged: left out
	steps(dup, data.Step{Kind: data.EventMerge, RelatedID: satisfied.ID})
	filed := register(march) // merged, then archived: still a duplicate, as the statistics count it
	steps(filed, data.Step{Kind: data.EventMerge, RelatedID: satisfied.ID}, data.Step{Kind: data.EventArchive})
	register(time.Date(2025, 12, 30, 9, 0, 0, 0, data.Zone)) // another year

	got, err := db.ComplaintYearFigures(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	want := ComplaintYear{Received: 6, Accepted: 4, Concluded: 3, Surveyed: 4, Satisfied: 3}
	if got != want {
		t.Fatalf("figures = %+v, want %+v", got, want)
	}
	stats, err := db.ComplaintStats(ctx, data.NewDate(2026, 1, 1), data.NewDate(2026, 12, 31), data.NewDate(2026, 11, 21))
	if err != nil || stats.Total.Received != want.Received {
		t.Errorf("the statistics count %d complaints received (%v), the year's figures %d", stats.Total.Received, err, want.Received)
	}
	if pct, ok := got.ConcludedRate(); !ok || pct != 75 {
		t.Errorf("办结率 = %v %v, want 75", pct, ok)
	}
	if pct, ok := got.SatisfiedRate(); !ok || pct != 75 {
		t.Errorf("满意率 = %v %v, want 75", pct, ok)
	}
	empty, err := db.ComplaintYearFigures(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := empty.ConcludedRate(); ok {
		t.Error("a year without complaints has a 办结率")
	}
}
