package store

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"testing"
	"time"

	"xiaoneng/data"
)

// Helpers shared by the supervision tests.

func svUnit(t testing.TB, db *DB, name string, cat data.UnitCategory) *data.Unit {
	t.Helper()
	u := &data.Unit{Name: name, Category: cat}
	if err := db.CreateUnit(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func svPerson(t testing.TB, db *DB, name string) *data.Person {
	t.Helper()
	p := &data.Person{Name: name, Role: data.RoleInspector, Active: true}
	if err := db.CreatePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func svRound(t testing.TB, db *DB, title string, start data.Date, units ...*data.Unit) *data.Round {
	t.Helper()
	r := &data.Round{Title: title, Kind: data.RoundCovert, Start: start, End: start.AddDays(90)}
	for _, u := range units {
		r.UnitIDs = append(r.UnitIDs, u.ID)
	}
	if err := db.CreateRound(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

// at is a time on a day in the office's zone.
func svAt(y int, m time.Month, d, hour int) time.Time {
	return time.Date(y, m, d, hour, 0, 0, 0, data.Zone)
}

func svDay(y int, m time.Month, d int) data.Date { return data.NewDate(y, m, d) }

// mkVisit records a visit without photos.
func svVisit(t testing.TB, db *DB, r *data.Round, u *data.Unit, when time.Time, findings ...*data.Finding) *data.Visit {
	t.Helper()
	v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: when, Summary: "窗口秩序检查"}
	if err := db.RecordVisit(context.Background(), v, findings, nil); err != nil {
		t.Fatal(err)
	}
	return v
}

func svFinding(cat data.Category, d data.Disposition, limit int) *data.Finding {
	return &data.Finding{Category: cat, Description: "窗口工作人员" + string(cat), Disposition: d, RectLimitDays: limit}
}

func svState(t *testing.T, err error, reason string) {
	t.Helper()
	var se *data.StateError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a StateError", err)
	}
	if reason != "" && se.Error() != reason {
		t.Errorf("reason %q, want %q", se.Error(), reason)
	}
}

func svInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError on %s", err, field)
	}
	if ve.Field != field {
		t.Errorf("invalid field %s (%s), want %s", ve.Field, ve.Message, field)
	}
}

func svSorted(ids ...string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	return out
}

func TestRoundLifecycle(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	a := svUnit(t, db, "县自然资源局", data.UnitDepartment)
	b := svUnit(t, db, "政务服务中心不动产登记窗口", data.UnitWindow)
	c := svUnit(t, db, "城关镇", data.UnitTownship)
	p1, p2 := svPerson(t, db, "李明"), svPerson(t, db, "张华")

	r := &data.Round{Title: "2026年第三季度明察暗访", Kind: data.RoundCovert, Start: svDay(2026, 7, 1), End: svDay(2026, 9, 30),
		LeaderID: p1.ID, MemberIDs: []string{p1.ID, p2.ID}, UnitIDs: []string{a.ID, b.ID}}
	if err := db.CreateRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := db.Round(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != r.Title || got.Kind != data.RoundCovert || got.Start != r.Start || got.End != r.End || got.LeaderID != p1.ID {
		t.Errorf("round = %+v", got)
	}
	if !reflect.DeepEqual(got.MemberIDs, svSorted(p1.ID, p2.ID)) || !reflect.DeepEqual(got.UnitIDs, svSorted(a.ID, b.ID)) {
		t.Errorf("members %v units %v", got.MemberIDs, got.UnitIDs)
	}

	// Changing the plan is audited on the round.
	got.UnitIDs = []string{a.ID, c.ID}
	got.MemberIDs = []string{p2.ID}
	if err := db.UpdateRound(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := db.Round(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.UnitIDs, svSorted(a.ID, c.ID)) || !reflect.DeepEqual(again.MemberIDs, []string{p2.ID}) {
		t.Errorf("after update: members %v units %v", again.MemberIDs, again.UnitIDs)
	}
	trail, err := db.AuditTrail(ctx, "rounds", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var unitChange *data.AuditEntry
	for i := range trail {
		if _, ok := trail[i].After["round_units"]; ok {
			unitChange = &trail[i]
		}
	}
	if trail[0].Action != data.AuditInsert || unitChange == nil || len(unitChange.After["round_units"].([]any)) != 2 {
		t.Fatalf("trail = %+v", trail)
	}

	// Bad input and references.
	svInvalid(t, db.CreateRound(ctx, &data.Round{Kind: data.RoundOpen, Start: svDay(2026, 1, 1)}), "Title")
	svInvalid(t, db.CreateRound(ctx, &data.Round{Title: "抽查", Kind: data.RoundOpen, Start: svDay(2026, 1, 1), UnitIDs: []string{"no-such-unit"}}), "UnitIDs")
	svInvalid(t, db.CreateRound(ctx, &data.Round{Title: "抽查", Kind: data.RoundOpen, Start: svDay(2026, 1, 1), MemberIDs: []string{"no-such-person"}}), "MemberIDs")
}

func TestRoundsFilterAndDelete(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := svUnit(t, db, "县人社局", data.UnitDepartment)
	q2 := &data.Round{Title: "2026年第二季度随机抽查", Kind: data.RoundRandom, Start: svDay(2026, 4, 1), End: svDay(2026, 6, 30)}
	q3 := &data.Round{Title: "2026年第三季度明察暗访", Kind: data.RoundCovert, Start: svDay(2026, 7, 1), End: svDay(2026, 9, 30), UnitIDs: []string{u.ID}}
	span := &data.Round{Title: "跨年度全面督查", Kind: data.RoundFull, Start: svDay(2025, 12, 1), End: svDay(2026, 1, 31)}
	old := &data.Round{Title: "2025年第三季度明察暗访", Kind: data.RoundCovert, Start: svDay(2025, 7, 1), End: svDay(2025, 9, 30)}
	for _, r := range []*data.Round{q2, q3, span, old} {
		if err := db.CreateRound(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	titles := func(f data.RoundFilter) []string {
		t.Helper()
		rs, err := db.Rounds(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Title)
		}
		return out
	}
	if got := titles(data.RoundFilter{Year: 2026}); !reflect.DeepEqual(got, []string{q3.Title, q2.Title, span.Title}) {
		t.Errorf("2026 = %v", got)
	}
	if got := titles(data.RoundFilter{Kind: data.RoundCovert}); !reflect.DeepEqual(got, []string{q3.Title, old.Title}) {
		t.Errorf("暗访 = %v", got)
	}
	if got := titles(data.RoundFilter{Search: "第三季度", Year: 2025}); !reflect.DeepEqual(got, []string{old.Title}) {
		t.Errorf("search = %v", got)
	}
	rs, err := db.Rounds(ctx, data.RoundFilter{Search: "2026年第三"})
	if err != nil || len(rs) != 1 || !reflect.DeepEqual(rs[0].UnitIDs, []string{u.ID}) {
		t.Fatalf("list does not carry the plan: %+v %v", rs, err)
	}

	// A round with visits stays; one without is tombstoned.
	v := svVisit(t, db, q3, u, svAt(2026, 7, 15, 9))
	svState(t, db.DeleteRound(ctx, q3.ID), "该督查活动已有1条检查记录，不能删除；如确属误录，请先删除其检查记录")
	if err := db.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteRound(ctx, q3.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Round(ctx, q3.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted round: err = %v", err)
	}
	if got := titles(data.RoundFilter{Year: 2026}); len(got) != 2 {
		t.Errorf("deleted round still listed: %v", got)
	}
	var deletedAt *string
	if err := db.reader.QueryRow("SELECT deleted_at FROM rounds WHERE id = ?", q3.ID).Scan(&deletedAt); err != nil || deletedAt == nil {
		t.Errorf("no tombstone: %v", err)
	}
	if trail, err := db.AuditTrail(ctx, "rounds", q3.ID); err != nil || trail[len(trail)-1].Action != data.AuditDelete {
		t.Errorf("no delete audit: %v", err)
	}
}

func TestUnvisitedUnits(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	a := svUnit(t, db, "政务服务中心公安窗口", data.UnitWindow)
	b := svUnit(t, db, "政务服务中心税务窗口", data.UnitWindow)
	c := svUnit(t, db, "县住建局", data.UnitDepartment)
	other := svUnit(t, db, "县水务公司", data.UnitUtility)
	r := svRound(t, db, "2026年第四季度明察暗访", svDay(2026, 10, 1), a, b, c)
	r2 := svRound(t, db, "2026年第四季度专项督查", svDay(2026, 10, 1), a)

	names := func() []string {
		t.Helper()
		us, err := db.UnvisitedUnits(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range us {
			out = append(out, u.Name)
		}
		return out
	}
	if got := names(); len(got) != 3 {
		t.Fatalf("before any visit: %v", got)
	}
	v := svVisit(t, db, r, b, svAt(2026, 10, 12, 9))
	svVisit(t, db, r2, a, svAt(2026, 10, 12, 10)) // another round's visit does not count
	svVisit(t, db, r, other, svAt(2026, 10, 12, 11))
	if got := names(); !reflect.DeepEqual(got, []string{"县住建局", "政务服务中心公安窗口"}) {
		t.Errorf("after visits: %v", got)
	}
	if err := db.DeleteVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if got := names(); len(got) != 3 {
		t.Errorf("a deleted visit still counts: %v", got)
	}
	if _, err := db.UnvisitedUnits(ctx, "no-such-round"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("unknown round: err = %v", err)
	}
}
