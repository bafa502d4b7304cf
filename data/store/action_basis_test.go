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

	bases, err := db.ActionBases(ctx, []string{f.findingIDs[0], "", f.complaintID, "no-such-id"})
	if err != nil {
		t.Fatal(err)
	}
	if len(bases) != 2 {
		t.Fatalf("bases = %+v", bases)
	}
	fb := bases[f.findingIDs[0]]
	if fb.FindingID != f.findingIDs[0] || fb.Category != "脱岗/纪律作风" || fb.Description != "窗口工作人员上班时间玩手机" ||
		!fb.FoundOn.Equal(data.NewDate(2026, 11, 3)) || fb.ComplaintID != "" || fb.Deleted {
		t.Errorf("finding basis %+v", fb)
	}
	cb := bases[f.complaintID]
	if cb.ComplaintID != f.complaintID || cb.Number != "TS2026-0007" || cb.Subject != "不动产登记窗口推诿" || cb.FindingID != "" || cb.Deleted {
		t.Errorf("ticket basis %+v", cb)
	}

	// A decision keeps naming a ticket removed after it was recorded.
	if err := db.DeleteComplaint(ctx, f.complaintID); err != nil {
		t.Fatal(err)
	}
	bases, err = db.ActionBases(ctx, []string{f.complaintID})
	if err != nil {
		t.Fatal(err)
	}
	if b := bases[f.complaintID]; !b.Deleted || b.Number != "TS2026-0007" {
		t.Errorf("deleted ticket basis %+v", b)
	}

	if bases, err := db.ActionBases(ctx, nil); err != nil || len(bases) != 0 {
		t.Errorf("no refs: %v, %v", bases, err)
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
