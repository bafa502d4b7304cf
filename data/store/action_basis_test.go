package store

import (
	"context"
	"slices"
	"testing"

	"xiaoneng/data"
)

func TestActionBases(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	day := data.NewDate(2026, 11, 18)
	decision := func(a *data.Action) *data.Action {
		a.TargetKind, a.UnitID, a.Measure, a.DecidedOn = data.TargetUnit, f.unit.ID, "通报批评", day
		if err := db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	onFinding := decision(&data.Action{FindingID: f.findingIDs[0]})
	onComplaint := decision(&data.Action{ComplaintID: f.complaintID})
	onBoth := decision(&data.Action{FindingID: f.findingIDs[1], ComplaintID: f.complaintID})
	onNothing := decision(&data.Action{})

	// Tasks and appraisals link their decisions from their own side; the
	// rows need only exist here.
	var onTask, onPost data.Action
	err := db.write(ctx, data.PermRead, func(tx *tx) error {
		var task, round, post data.Record
		if err := tx.insert("tasks", &task, []field{{"number", "DB2026-0003"}, {"year", 2026}, {"seq", 3},
			{"source", "县政府常务会议"}, {"title", "城区停车难治理"}, {"content", "新增停车位500个"},
			{"lead_unit_id", f.unit.ID}, {"status", "办理中"}, {"registered_on", data.NewDate(2026, 9, 1)}}); err != nil {
			return err
		}
		onTask = data.Action{TargetKind: data.TargetUnit, UnitID: f.unit.ID, Measure: "通报批评", DecidedOn: day}
		if err := tx.insert("actions", &onTask.Record, append(actionFields(&onTask), field{"task_id", task.ID})); err != nil {
			return err
		}
		if err := tx.insert("appraisal_rounds", &round, []field{{"title", "2026年关键岗位公务员评议"}, {"kind", "关键岗位评议"},
			{"from_date", data.NewDate(2026, 1, 1)}, {"to_date", data.NewDate(2026, 10, 31)}}); err != nil {
			return err
		}
		onPost = data.Action{TargetKind: data.TargetPerson, UnitID: f.unit.ID, PersonName: "孙某", Measure: "效能告诫", DecidedOn: day}
		if err := tx.insert("actions", &onPost.Record, actionFields(&onPost)); err != nil {
			return err
		}
		return tx.insert("appraisal_posts", &post, []field{{"round_id", round.ID}, {"unit_id", f.unit.ID},
			{"post", "投诉举报受理"}, {"holder", "孙某"}, {"action_id", ref(onPost.ID)}})
	})
	if err != nil {
		t.Fatal(err)
	}

	ids := []string{onFinding.ID, onComplaint.ID, onBoth.ID, onNothing.ID, onTask.ID, onPost.ID, "no-such-id"}
	bases, err := db.ActionBases(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(bases) != 5 {
		t.Errorf("%d bases, want 5: %+v", len(bases), bases)
	}
	want := map[string]ActionBasis{
		onFinding.ID:   {FindingID: f.findingIDs[0], FindingCategory: "脱岗/纪律作风", FindingDescription: "窗口工作人员上班时间玩手机"},
		onComplaint.ID: {ComplaintID: f.complaintID, ComplaintNumber: "TS2026-0007", ComplaintSubject: "不动产登记窗口推诿"},
		onBoth.ID: {FindingID: f.findingIDs[1], FindingCategory: "脱岗/纪律作风", FindingDescription: "未公示服务承诺制",
			ComplaintID: f.complaintID, ComplaintNumber: "TS2026-0007", ComplaintSubject: "不动产登记窗口推诿"},
		onPost.ID: {AppraisalTitle: "2026年关键岗位公务员评议"},
	}
	for id, w := range want {
		got := bases[id]
		if id == onPost.ID {
			w.AppraisalID = got.AppraisalID // its ID was made in the transaction
			if got.AppraisalID == "" {
				t.Error("the appraisal's ID is missing")
			}
		}
		if got != w {
			t.Errorf("basis of %s:\n got %+v\nwant %+v", id, got, w)
		}
	}
	if b := bases[onTask.ID]; b.TaskID == "" || b.TaskNumber != "DB2026-0003" || b.TaskTitle != "城区停车难治理" || b.TaskDeleted {
		t.Errorf("task basis %+v", b)
	}

	// A decision keeps naming a complaint removed after it was taken.
	if err := db.DeleteComplaint(ctx, f.complaintID); err != nil {
		t.Fatal(err)
	}
	bases, err = db.ActionBases(ctx, []string{onComplaint.ID})
	if err != nil {
		t.Fatal(err)
	}
	if b := bases[onComplaint.ID]; !b.ComplaintDeleted || b.ComplaintNumber != "TS2026-0007" {
		t.Errorf("deleted complaint basis %+v", b)
	}

	if bases, err := db.ActionBases(ctx, nil); err != nil || len(bases) != 0 {
		t.Errorf("no ids: %v, %v", bases, err)
	}
}

func TestActionYears(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)

	years, err := db.ActionYears(ctx)
	if err != nil || len(years) != 0 {
		t.Fatalf("empty ledger: %v, %v", years, err)
	}
	var last *data.Action
	for _, d := range []data.Date{data.NewDate(2025, 3, 4), data.NewDate(2026, 11, 18), data.NewDate(2026, 1, 9), data.NewDate(2024, 12, 31)} {
		last = &data.Action{TargetKind: data.TargetUnit, UnitID: f.unit.ID, Measure: "通报批评", DecidedOn: d}
		if err := db.CreateAction(ctx, last); err != nil {
			t.Fatal(err)
		}
	}
	// A decision deleted as a mistake leaves no year behind.
	if err := db.DeleteAction(ctx, last.ID); err != nil {
		t.Fatal(err)
	}
	years, err = db.ActionYears(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(years, []int{2026, 2025}) {
		t.Errorf("years = %v", years)
	}
}
