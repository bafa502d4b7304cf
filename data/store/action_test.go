package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"xiaoneng/data"
)

func TestActionLifecycleAndAudit(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)

	a := &data.Action{
		TargetKind: data.TargetPerson, UnitID: f.unit.ID, PersonName: "赵磊", PersonPost: "不动产登记窗口工作人员",
		Measure: "诫勉谈话", FindingID: f.findingIDs[0], Reason: "上班时间玩手机，群众等候40分钟",
		DecidedOn: data.NewDate(2026, 11, 18), DecidedBy: "县机关效能建设办公室", DocNumber: "效告〔2026〕3号",
	}
	if err := db.CreateAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.Action(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.UnitName != "县自然资源局" || got.PersonName != "赵磊" || got.Measure != "诫勉谈话" || got.FindingID != f.findingIDs[0] ||
		got.ComplaintID != "" || !got.DecidedOn.Equal(a.DecidedOn) || got.DocNumber != a.DocNumber || got.TargetKind != data.TargetPerson {
		t.Fatalf("read back %+v", got)
	}

	got.Measure, got.ComplaintID = "通报批评", f.complaintID
	if err := db.UpdateAction(ctx, got); err != nil {
		t.Fatal(err)
	}
	if again, err := db.Action(ctx, a.ID); err != nil || again.Measure != "通报批评" || again.ComplaintID != f.complaintID {
		t.Fatalf("after update %+v %v", again, err)
	}
	if err := db.DeleteAction(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Action(ctx, a.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted action read: %v", err)
	}
	if err := db.DeleteAction(ctx, a.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted twice: %v", err)
	}
	if err := db.UpdateAction(ctx, got); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("updated a tombstone: %v", err)
	}

	trail, err := db.AuditTrail(ctx, "actions", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 3 || trail[0].Action != data.AuditInsert || trail[1].Action != data.AuditUpdate || trail[2].Action != data.AuditDelete {
		t.Fatalf("trail %+v", trail)
	}
	if trail[0].After["measure"] != "诫勉谈话" || trail[0].After["person_name"] != "赵磊" {
		t.Errorf("insert audit %v", trail[0].After)
	}
	upd := trail[1]
	if upd.Before["measure"] != "诫勉谈话" || upd.After["measure"] != "通报批评" || upd.Before["complaint_id"] != nil ||
		upd.After["complaint_id"] != f.complaintID || len(upd.After) != 2 {
		t.Errorf("update audit %v → %v", upd.Before, upd.After)
	}
	if trail[2].Actor != "ceshi" || trail[2].Device != "test-pc" {
		t.Errorf("delete audit by %s/%s", trail[2].Actor, trail[2].Device)
	}
}

func TestActionValidation(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	valid := func() *data.Action {
		return &data.Action{TargetKind: data.TargetUnit, UnitID: f.unit.ID, Measure: "通报批评", DecidedOn: data.NewDate(2026, 11, 18)}
	}
	for _, c := range []struct {
		field  string
		change func(a *data.Action)
	}{
		{"TargetKind", func(a *data.Action) { a.TargetKind = "" }},
		{"UnitID", func(a *data.Action) { a.UnitID = "" }},
		{"UnitID", func(a *data.Action) { a.UnitID = "no-such-unit" }},
		{"PersonName", func(a *data.Action) { a.TargetKind = data.TargetPerson }},
		{"Measure", func(a *data.Action) { a.Measure = "罚款" }},
		{"DecidedOn", func(a *data.Action) { a.DecidedOn = data.Date{} }},
		{"FindingID", func(a *data.Action) { a.FindingID = "no-such-finding" }},
		{"ComplaintID", func(a *data.Action) { a.ComplaintID = "no-such-complaint" }},
	} {
		a := valid()
		c.change(a)
		wantInvalid(t, db.CreateAction(ctx, a), c.field)
	}
	if list, err := db.Actions(ctx, data.ActionFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("refused actions were saved: %d %v", len(list), err)
	}
	a := valid()
	if err := db.CreateAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.UnitID = "no-such-unit"
	wantInvalid(t, db.UpdateAction(ctx, a), "UnitID")
	if got, err := db.Action(ctx, a.ID); err != nil || got.UnitID != f.unit.ID {
		t.Fatalf("refused update changed the action: %+v %v", got, err)
	}
}

func TestActionsFilter(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	mk := func(reason string, unitID string, measure data.Measure, on data.Date, findingID, complaintID string) *data.Action {
		t.Helper()
		a := &data.Action{TargetKind: data.TargetUnit, UnitID: unitID, Measure: measure, DecidedOn: on,
			FindingID: findingID, ComplaintID: complaintID, Reason: reason}
		if err := db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	finding := mk("检查发现问题", f.unit.ID, "责令检查", data.NewDate(2026, 11, 5), f.findingIDs[0], "")
	complaint := mk("投诉属实", f.unit.ID, "通报批评", data.NewDate(2026, 10, 31), "", f.complaintID)
	town := mk("年度考核末位", f.otherUnit.ID, "黄牌警告", data.NewDate(2026, 1, 10), "", "")
	earlier := mk("上年度考核末位", f.otherUnit.ID, "黄牌警告", data.NewDate(2025, 12, 31), "", "")
	deleted := mk("录入错误", f.unit.ID, "通报批评", data.NewDate(2026, 11, 1), "", f.complaintID)
	if err := db.DeleteAction(ctx, deleted.ID); err != nil {
		t.Fatal(err)
	}

	reasons := func(list []*data.Action) []string {
		var out []string
		for _, a := range list {
			out = append(out, a.Reason)
		}
		return out
	}
	want := func(as ...*data.Action) []string { return reasons(as) }
	for _, c := range []struct {
		name string
		f    data.ActionFilter
		want []string
	}{
		{"all, latest first", data.ActionFilter{}, want(finding, complaint, town, earlier)},
		{"unit", data.ActionFilter{UnitID: f.otherUnit.ID}, want(town, earlier)},
		{"finding", data.ActionFilter{FindingID: f.findingIDs[0]}, want(finding)},
		{"complaint", data.ActionFilter{ComplaintID: f.complaintID}, want(complaint)},
		{"measure", data.ActionFilter{Measure: "黄牌警告"}, want(town, earlier)},
		{"from inclusive", data.ActionFilter{From: data.NewDate(2026, 10, 31)}, want(finding, complaint)},
		{"to inclusive", data.ActionFilter{To: data.NewDate(2026, 1, 10)}, want(town, earlier)},
		{"year 2026", data.ActionFilter{From: data.NewDate(2026, 1, 1), To: data.NewDate(2026, 12, 31)}, want(finding, complaint, town)},
		{"limit", data.ActionFilter{Limit: 1}, want(finding)},
		{"combined", data.ActionFilter{UnitID: f.otherUnit.ID, Measure: "黄牌警告", From: data.NewDate(2026, 1, 1)}, want(town)},
	} {
		got, err := db.Actions(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(reasons(got), c.want) {
			t.Errorf("%s: got %v, want %v", c.name, reasons(got), c.want)
		}
		for _, a := range got {
			if a.UnitName == "" {
				t.Errorf("%s: no unit name on %s", c.name, a.Reason)
			}
		}
	}
}
