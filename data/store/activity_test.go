package store

import (
	"context"
	"errors"
	"testing"

	"xiaoneng/data"
)

func TestActivityLogs(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	plant := svUnit(t, db, "县恒达机械有限公司", data.UnitMonitored)
	mill := svUnit(t, db, "县绿源食品有限公司", data.UnitMonitored)
	dept := svUnit(t, db, "县应急管理局", data.UnitDepartment)

	a := &data.ActivityLog{UnitID: plant.ID, On: svDay(2026, 10, 15), Agency: "县应急管理局", Officers: "周某、吴某",
		Purpose: "检查", Basis: "《安全生产法》第六十五条", FormFilled: true}
	if err := db.CreateActivityLog(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := &data.ActivityLog{UnitID: plant.ID, On: svDay(2026, 11, 3), Agency: "县市场监管局", Purpose: "执收执罚"}
	c := &data.ActivityLog{UnitID: mill.ID, On: svDay(2026, 11, 5), Agency: "县环保局", Purpose: "评比"}
	for _, x := range []*data.ActivityLog{b, c} {
		if err := db.CreateActivityLog(ctx, x); err != nil {
			t.Fatal(err)
		}
	}

	// Only a monitoring-point enterprise keeps the log.
	err := db.CreateActivityLog(ctx, &data.ActivityLog{UnitID: dept.ID, On: svDay(2026, 11, 3), Agency: "县税务局", Purpose: "检查"})
	svInvalid(t, err, "UnitID")
	if data.UserMessage(err) != "“县应急管理局”不是监测点企业，不能登记公务活动" {
		t.Errorf("message %q", data.UserMessage(err))
	}
	svInvalid(t, db.CreateActivityLog(ctx, &data.ActivityLog{UnitID: plant.ID, On: svDay(2026, 11, 3), Purpose: "检查"}), "Agency")
	svInvalid(t, db.CreateActivityLog(ctx, &data.ActivityLog{UnitID: plant.ID, On: svDay(2026, 11, 3), Agency: "x", Purpose: "参观"}), "Purpose")

	list, err := db.ActivityLogs(ctx, plant.ID, data.Date{}, data.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != b.ID || list[1].ID != a.ID {
		t.Fatalf("plant's log %+v", list)
	}
	if got := list[1]; got.UnitName != plant.Name || got.Officers != "周某、吴某" || !got.FormFilled || got.Basis != a.Basis || got.On != a.On {
		t.Errorf("entry %+v", got)
	}
	if all, err := db.ActivityLogs(ctx, "", svDay(2026, 11, 1), svDay(2026, 11, 30)); err != nil || len(all) != 2 || all[0].ID != c.ID {
		t.Errorf("November, every enterprise: %+v %v", all, err)
	}
	if oct, err := db.ActivityLogs(ctx, plant.ID, svDay(2026, 10, 15), svDay(2026, 10, 15)); err != nil || len(oct) != 1 {
		t.Errorf("one day: %+v %v", oct, err)
	}

	// Update: audited; moving the entry to a unit that is not a monitoring
	// point is refused.
	a.FormFilled = false
	a.Note = "企业反映未出示登记表"
	if err := db.UpdateActivityLog(ctx, a); err != nil {
		t.Fatal(err)
	}
	trail, err := db.AuditTrail(ctx, "activity_logs", a.ID)
	if err != nil || len(trail) != 2 || trail[1].After["form_filled"] != float64(0) || trail[1].After["note"] != a.Note {
		t.Errorf("audit %+v %v", trail, err)
	}
	moved := *a
	moved.UnitID = dept.ID
	svInvalid(t, db.UpdateActivityLog(ctx, &moved), "UnitID")

	// Delete: a tombstone, out of the list.
	if err := db.DeleteActivityLog(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if list, err := db.ActivityLogs(ctx, mill.ID, data.Date{}, data.Date{}); err != nil || len(list) != 0 {
		t.Errorf("deleted entry listed: %+v %v", list, err)
	}
	if err := db.DeleteActivityLog(ctx, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}
