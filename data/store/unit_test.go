package store

import (
	"context"
	"errors"
	"testing"

	"xiaoneng/data"
)

func TestUnitLifecycleAndAudit(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	dept := &data.Unit{Name: "县市场监督管理局", ShortName: "县市场监管局", Category: data.UnitDepartment, Principal: "王建国"}
	if err := db.CreateUnit(ctx, dept); err != nil {
		t.Fatal(err)
	}
	if dept.ID == "" || dept.Device != "test-pc" || !dept.CreatedAt.Equal(fixedNow) {
		t.Fatalf("record fields not set: %+v", dept.Record)
	}
	window := &data.Unit{Name: "政务服务中心市场监管窗口", Category: data.UnitWindow, ParentID: dept.ID,
		Disclosures: []data.Disclosure{{Item: "服务承诺制", Posted: true, CheckedOn: data.NewDate(2026, 11, 3)}}}
	if err := db.CreateUnit(ctx, window); err != nil {
		t.Fatal(err)
	}

	got, err := db.Unit(ctx, window.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ParentName != "县市场监督管理局" {
		t.Errorf("parent name %q", got.ParentName)
	}
	if len(got.Disclosures) != 8 {
		t.Fatalf("%d disclosure items, want 8", len(got.Disclosures))
	}
	if d := got.Disclosures[1]; d.Item != "服务承诺制" || !d.Posted || d.CheckedOn.String() != "2026-11-03" {
		t.Errorf("disclosure = %+v", d)
	}
	if got.Disclosures[0].Posted || !got.Disclosures[0].CheckedOn.IsZero() {
		t.Errorf("unchecked item = %+v", got.Disclosures[0])
	}

	// An update audits exactly the changed fields.
	got.Phone = "0591-88886666"
	if err := db.UpdateUnit(ctx, got); err != nil {
		t.Fatal(err)
	}
	trail, err := db.AuditTrail(ctx, "units", window.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 2 || trail[0].Action != data.AuditInsert || trail[1].Action != data.AuditUpdate {
		t.Fatalf("trail = %+v", trail)
	}
	upd := trail[1]
	if upd.Before["phone"] != "" || upd.After["phone"] != "0591-88886666" || len(upd.After) != 1 {
		t.Errorf("update audit before=%v after=%v", upd.Before, upd.After)
	}
	if upd.Actor != "ceshi" || upd.Device != "test-pc" {
		t.Errorf("audit who = %s/%s", upd.Actor, upd.Device)
	}
	// Saving without a change writes nothing.
	if err := db.UpdateUnit(ctx, got); err != nil {
		t.Fatal(err)
	}
	if trail, _ = db.AuditTrail(ctx, "units", window.ID); len(trail) != 2 {
		t.Errorf("unchanged save wrote audit rows: %d", len(trail))
	}
}

func TestUnitValidationAndNames(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	err := db.CreateUnit(ctx, &data.Unit{Category: data.UnitDepartment})
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Field != "Name" || ve.Message != "单位名称不能为空" {
		t.Fatalf("err = %v", err)
	}
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县公安局"}); !errors.As(err, &ve) || ve.Field != "Category" {
		t.Errorf("missing category: %v", err)
	}
	a := &data.Unit{Name: "城关镇人民政府", Category: data.UnitTownship}
	if err := db.CreateUnit(ctx, a); err != nil {
		t.Fatal(err)
	}
	var ce *data.ConflictError
	if err := db.CreateUnit(ctx, &data.Unit{Name: "城关镇人民政府", Category: data.UnitTownship}); !errors.As(err, &ce) {
		t.Fatalf("duplicate active name: %v", err)
	}
	// Once retired, the name may be used again; the old unit keeps its record.
	if err := db.RetireUnit(ctx, a.ID, ""); err != nil {
		t.Fatal(err)
	}
	b := &data.Unit{Name: "城关镇人民政府", Category: data.UnitTownship}
	if err := db.CreateUnit(ctx, b); err != nil {
		t.Fatalf("name of a retired unit: %v", err)
	}
	old, err := db.Unit(ctx, a.ID)
	if err != nil || old.Status != data.UnitRetired {
		t.Fatalf("retired unit: %+v %v", old, err)
	}
	// A parent cycle is refused.
	child := &data.Unit{Name: "城关镇便民服务中心", Category: data.UnitWindow, ParentID: b.ID}
	if err := db.CreateUnit(ctx, child); err != nil {
		t.Fatal(err)
	}
	b.ParentID = child.ID
	if err := db.UpdateUnit(ctx, b); !errors.As(err, &ve) || ve.Field != "ParentID" {
		t.Errorf("cycle: %v", err)
	}
}

func TestUnitDeleteIsTombstoneAndRefusedWhenReferenced(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	parent := &data.Unit{Name: "县交通运输局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, parent); err != nil {
		t.Fatal(err)
	}
	child := &data.Unit{Name: "县公路事业发展中心", Category: data.UnitOther, ParentID: parent.ID}
	if err := db.CreateUnit(ctx, child); err != nil {
		t.Fatal(err)
	}
	var se *data.StateError
	if err := db.DeleteUnit(ctx, parent.ID); !errors.As(err, &se) {
		t.Fatalf("deleting a referenced unit: %v", err)
	}
	if err := db.DeleteUnit(ctx, child.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Unit(ctx, child.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted unit still found: %v", err)
	}
	var deletedAt *string
	if err := db.reader.QueryRow("SELECT deleted_at FROM units WHERE id = ?", child.ID).Scan(&deletedAt); err != nil || deletedAt == nil {
		t.Fatalf("tombstone missing: %v", err)
	}
	trail, err := db.AuditTrail(ctx, "units", child.ID)
	if err != nil || len(trail) != 2 || trail[1].Action != data.AuditDelete {
		t.Fatalf("delete audit: %+v %v", trail, err)
	}
	if err := db.DeleteUnit(ctx, child.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestUnitSearchByPinyinInitials(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	for _, n := range []string{"县公安局", "县教育局", "县卫生健康局"} {
		if err := db.CreateUnit(ctx, &data.Unit{Name: n, Category: data.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]string{"xgaj": "县公安局", "教育": "县教育局", "WSJK": "县卫生健康局"} {
		us, err := db.Units(ctx, data.UnitFilter{Search: q})
		if err != nil || len(us) != 1 || us[0].Name != want {
			t.Errorf("search %q: %v %v", q, us, err)
		}
	}
}

func TestPeople(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	p := &data.Person{Name: "李明", Role: data.RoleStaff, CanSeeIdentity: true, Active: true}
	if err := db.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePerson(ctx, &data.Person{Name: "", Role: data.RoleStaff}); err == nil {
		t.Error("empty name accepted")
	}
	p.Active = false
	if err := db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := db.Person(ctx, p.ID)
	if err != nil || got.Active || !got.CanSeeIdentity {
		t.Fatalf("person = %+v %v", got, err)
	}
	list, err := db.People(ctx, data.RoleStaff)
	if err != nil || len(list) != 1 {
		t.Fatalf("people: %v %v", list, err)
	}
	if err := db.DeletePerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ = db.People(ctx, ""); len(list) != 0 {
		t.Error("deleted person listed")
	}
}

func TestSettingsAndCalendarYears(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	s, err := db.Settings(ctx)
	if err != nil || s.HandleLimitDays != 15 || s.Prefix(data.DocNotice) != "效监通" {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	s.OfficeName = "某某县机关效能建设办公室"
	s.HandleLimitDays = 0
	var ve *data.ValidationError
	if err := db.SaveSettings(ctx, s); !errors.As(err, &ve) || ve.Field != "HandleLimitDays" {
		t.Fatalf("invalid settings: %v", err)
	}
	s.HandleLimitDays = 10
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if s2, _ := db.Settings(ctx); s2.OfficeName != s.OfficeName || s2.HandleLimitDays != 10 {
		t.Errorf("saved settings: %+v", s2)
	}
	trail, _ := db.AuditTrail(ctx, "settings", "office")
	if len(trail) != 1 || trail[0].After["OfficeName"] != "某某县机关效能建设办公室" {
		t.Errorf("settings audit: %+v", trail)
	}

	off, _ := data.ParseDayList(2027, "1-01; 2-06..2-12")
	y := &data.CalendarYear{Year: 2027, DaysOff: off}
	if err := db.SaveCalendarYear(ctx, y); err != nil {
		t.Fatal(err)
	}
	cal, err := db.Calendar(ctx)
	if err != nil || !cal.Known(2027) || cal.IsWorkday(data.NewDate(2027, 2, 8)) {
		t.Fatalf("calendar 2027: %v", err)
	}
	y.WorkDays = []data.Date{data.NewDate(2027, 2, 10)} // a Wednesday, and off
	if err := db.SaveCalendarYear(ctx, y); !errors.As(err, &ve) {
		t.Errorf("work day on a weekday accepted: %v", err)
	}
	if err := db.DeleteCalendarYear(ctx, 2027); err != nil {
		t.Fatal(err)
	}
	if cal, _ = db.Calendar(ctx); cal.Known(2027) {
		t.Error("2027 still known after delete")
	}
}
