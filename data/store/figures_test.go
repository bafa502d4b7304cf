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
		if err := db.RegisterComplaint(ctx, c); err != nil {
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
	rejected := register(march) // 不予受理: not accepted
	steps(rejected, data.Step{Kind: data.EventReject, Note: "不属于受理范围"})
	dup := register(march) // merged: left out
	steps(dup, data.Step{Kind: data.EventMerge, RelatedID: satisfied.ID})
	register(time.Date(2025, 12, 30, 9, 0, 0, 0, data.Zone)) // another year

	got, err := db.ComplaintYearFigures(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	want := ComplaintYear{Received: 5, Accepted: 3, Concluded: 2, Surveyed: 3, Satisfied: 2}
	if got != want {
		t.Fatalf("figures = %+v, want %+v", got, want)
	}
	if pct, ok := got.ConcludedRate(); !ok || int(pct*10+0.5) != 667 {
		t.Errorf("办结率 = %v %v, want 66.7", pct, ok)
	}
	if pct, ok := got.SatisfiedRate(); !ok || int(pct*10+0.5) != 667 {
		t.Errorf("满意率 = %v %v, want 66.7", pct, ok)
	}
	empty, err := db.ComplaintYearFigures(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := empty.ConcludedRate(); ok {
		t.Error("a year without tickets has a 办结率")
	}
}
