package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
)

// rectFixture is a unit visited on Monday 2026-09-28 with one finding
// pointed out on the spot (无需整改).
type rectFixture struct {
	unit  *data.Unit
	round *data.Round
	visit *data.Visit
	f     *data.Finding
}

func newRectFixture(t *testing.T, db *DB) rectFixture {
	t.Helper()
	u := svUnit(t, db, "政务服务中心不动产窗口", data.UnitWindow)
	r := svRound(t, db, "2026年第三季度明察暗访", svDay(2026, 7, 1), u)
	f := svFinding("推诿扯皮/办事拖拉", data.DispositionOnSite, 0)
	v := svVisit(t, db, r, u, svAt(2026, 9, 28, 10), f)
	return rectFixture{u, r, v, f}
}

func rectState(t *testing.T, db *DB, id string) *data.Finding {
	t.Helper()
	f, err := db.Finding(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func eventKinds(t *testing.T, db *DB, id string) []data.FindingEventKind {
	t.Helper()
	events, err := db.FindingEvents(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []data.FindingEventKind
	for _, e := range events {
		out = append(out, e.Kind)
	}
	return out
}

func TestAddAndUpdateFinding(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	fx := newRectFixture(t, db)
	f := &data.Finding{VisitID: fx.visit.ID, Category: "乱收费", Description: "收取资料复印费", Disposition: data.DispositionNotice, RectLimitDays: 5}
	if err := db.AddFinding(ctx, f); err != nil {
		t.Fatal(err)
	}
	got := rectState(t, db, f.ID)
	if got.UnitID != fx.unit.ID || got.FoundOn.String() != "2026-09-28" || got.RoundID != fx.round.ID || got.RectDue.String() != "2026-10-10" {
		t.Errorf("added finding %+v", got)
	}
	if v, err := db.Visit(ctx, fx.visit.ID); err != nil {
		t.Fatal(err)
	} else if v.FindingCount != 2 {
		t.Errorf("visit now has %d findings", v.FindingCount)
	}
	if err := db.AddFinding(ctx, &data.Finding{Category: "其他", Description: "x", Disposition: data.DispositionOnSite}); err == nil {
		t.Error("finding without a visit accepted")
	}
	if err := db.AddFinding(ctx, &data.Finding{VisitID: "nope", Category: "其他", Description: "x", Disposition: data.DispositionOnSite}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("unknown visit: %v", err)
	}

	// UpdateFinding changes the description, never the rectification.
	got.Description = "收取资料复印费每份2元"
	got.StaffName = "钱某"
	got.RectStatus, got.RectDue = data.RectDone, svDay(2030, 1, 1)
	if err := db.UpdateFinding(ctx, got); err != nil {
		t.Fatal(err)
	}
	again := rectState(t, db, f.ID)
	if again.Description != "收取资料复印费每份2元" || again.StaffName != "钱某" || again.RectStatus != data.RectOpen || again.RectDue.String() != "2026-10-10" {
		t.Errorf("after update %+v", again)
	}
	trail, err := db.AuditTrail(ctx, "findings", f.ID)
	if err != nil || len(trail) != 2 || len(trail[1].After) != 2 || trail[1].Before["description"] != "收取资料复印费" {
		t.Errorf("audit %+v %v", trail, err)
	}
	got.Description = ""
	svInvalid(t, db.UpdateFinding(ctx, got), "Description")
}

func TestRectificationFullCycle(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	fx := newRectFixture(t, db)
	id := fx.f.ID

	// 无需整改: nothing to report, extend or re-check.
	svState(t, db.SubmitRectificationReport(ctx, id, svDay(2026, 10, 9), "已整改", nil), "")
	_, err := db.ExtendRectification(ctx, id, 5, "材料未齐")
	svState(t, err, "")
	_, err = db.RecheckFinding(ctx, id, svDay(2026, 10, 9), data.RecheckPassed, "李明", "", 0)
	svState(t, err, "该问题无需整改，不能复查；如需整改，请先下达限期整改")

	// 无需整改 → 整改中: 5 working days from 9-28 is 10-10.
	_, err = db.OrderRectification(ctx, id, svDay(2026, 9, 28), 0, "")
	svInvalid(t, err, "LimitDays")
	_, err = db.OrderRectification(ctx, id, svDay(2026, 9, 27), 5, "")
	svInvalid(t, err, "On")
	_, err = db.OrderRectification(ctx, id, svDay(2026, 11, 23), 5, "")
	svInvalid(t, err, "On")
	assumed, err := db.OrderRectification(ctx, id, svDay(2026, 9, 28), 5, "下发监察通知书")
	if err != nil || len(assumed) != 0 {
		t.Fatalf("order: %v %v", assumed, err)
	}
	f := rectState(t, db, id)
	if f.RectStatus != data.RectOpen || f.RectDue.String() != "2026-10-10" || f.RectLimitDays != 5 {
		t.Fatalf("after order %+v", f)
	}
	_, err = db.OrderRectification(ctx, id, svDay(2026, 9, 28), 5, "")
	svState(t, err, "该问题正在整改中，不能下达限期整改")

	// 延期 (整改中 only): 3 more working days from 10-10 is 10-14.
	_, err = db.ExtendRectification(ctx, id, 3, " ")
	svInvalid(t, err, "Reason")
	_, err = db.ExtendRectification(ctx, id, 0, "需采购设备")
	svInvalid(t, err, "Days")
	if _, err := db.ExtendRectification(ctx, id, 3, "需采购设备"); err != nil {
		t.Fatal(err)
	}
	if f = rectState(t, db, id); f.RectDue.String() != "2026-10-14" || f.RectLimitDays != 8 || f.RectStatus != data.RectOpen {
		t.Fatalf("after extension %+v", f)
	}

	// 整改中 → 待复查, with the report's files on its event.
	_, err = db.RecheckFinding(ctx, id, svDay(2026, 10, 9), data.RecheckPassed, "李明", "", 0)
	svState(t, err, "该问题正在整改中，不能复查")
	svInvalid(t, db.SubmitRectificationReport(ctx, id, svDay(2026, 10, 13), "  ", nil), "Content")
	svInvalid(t, db.SubmitRectificationReport(ctx, id, svDay(2026, 9, 1), "已整改", nil), "On")
	report := []*data.Attachment{{Name: "整改报告.pdf", Data: []byte("%PDF-1.4 整改报告")}}
	if err := db.SubmitRectificationReport(ctx, id, svDay(2026, 10, 13), "已在窗口公示办事指南", report); err != nil {
		t.Fatal(err)
	}
	if f = rectState(t, db, id); f.RectStatus != data.RectReported || f.ReportOn.String() != "2026-10-13" || f.ReportContent != "已在窗口公示办事指南" {
		t.Fatalf("after report %+v", f)
	}
	svState(t, db.SubmitRectificationReport(ctx, id, svDay(2026, 10, 13), "再次报告", nil), "该问题已提交整改报告、正等待复查，不能登记整改报告")
	_, err = db.ExtendRectification(ctx, id, 3, "x")
	svState(t, err, "")
	events, err := db.FindingEvents(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	reportEvent := events[len(events)-1]
	if reportEvent.Kind != data.FindingReport || reportEvent.On.String() != "2026-10-13" {
		t.Fatalf("last event %+v", reportEvent)
	}
	if atts, err := db.Attachments(ctx, data.OwnerFindingEvent, reportEvent.ID); err != nil || len(atts) != 1 || atts[0].MIME != "application/pdf" {
		t.Errorf("report files %+v %v", atts, err)
	}

	// 待复查 → 整改不到位 → 整改中 with a new deadline counted from the re-check.
	_, err = db.RecheckFinding(ctx, id, svDay(2026, 10, 15), data.RecheckFailed, "李明", "指南未更新", 0)
	svInvalid(t, err, "NewLimitDays")
	_, err = db.RecheckFinding(ctx, id, svDay(2026, 10, 12), data.RecheckFailed, "李明", "", 5)
	svInvalid(t, err, "On")
	_, err = db.RecheckFinding(ctx, id, svDay(2026, 10, 15), "通过", "李明", "", 0)
	svInvalid(t, err, "Result")
	if _, err := db.RecheckFinding(ctx, id, svDay(2026, 10, 15), data.RecheckFailed, "李明", "指南未更新", 5); err != nil {
		t.Fatal(err)
	}
	f = rectState(t, db, id)
	if f.RectStatus != data.RectOpen || f.RectDue.String() != "2026-10-22" || f.RecheckResult != data.RecheckFailed || f.RecheckBy != "李明" || !f.ClosedOn.IsZero() {
		t.Fatalf("after failed re-check %+v", f)
	}

	// A second report, then 已整改 closes it.
	if err := db.SubmitRectificationReport(ctx, id, svDay(2026, 10, 20), "指南已更新", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecheckFinding(ctx, id, svDay(2026, 10, 21), data.RecheckPassed, "", "", 0); err != nil {
		t.Fatal(err)
	}
	f = rectState(t, db, id)
	if f.RectStatus != data.RectDone || f.ClosedOn.String() != "2026-10-21" || f.RecheckBy != "测试员" || f.RecheckResult != data.RecheckPassed {
		t.Fatalf("after passed re-check %+v", f)
	}

	// 已整改 is final.
	_, err = db.RecheckFinding(ctx, id, svDay(2026, 10, 22), data.RecheckPassed, "李明", "", 0)
	svState(t, err, "该问题当前为“已整改”，不能再次复查")
	_, err = db.ExtendRectification(ctx, id, 3, "x")
	svState(t, err, "该问题当前为“已整改”，不能延期")
	svState(t, db.SubmitRectificationReport(ctx, id, svDay(2026, 10, 22), "x", nil), "")
	_, err = db.OrderRectification(ctx, id, svDay(2026, 10, 22), 5, "")
	svState(t, err, "")

	want := []data.FindingEventKind{data.FindingRecorded, data.FindingOrdered, data.FindingExtended,
		data.FindingReport, data.FindingRecheck, data.FindingReport, data.FindingRecheck}
	if got := eventKinds(t, db, id); !reflect.DeepEqual(got, want) {
		t.Errorf("history %v, want %v", got, want)
	}
	// Each step is one audited change of the finding and one audited event.
	trail, err := db.AuditTrail(ctx, "findings", id)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 7 { // insert + order, extend, report, recheck, report, recheck
		t.Errorf("%d audit rows on the finding, want 7", len(trail))
	}
	if last := trail[len(trail)-1]; last.Before["rect_status"] != "待复查" || last.After["rect_status"] != "已整改" || last.After["closed_on"] != "2026-10-21" {
		t.Errorf("last audit %+v", last)
	}
	if n := countRows(t, db, `SELECT count(*) FROM audit_log WHERE table_name = 'finding_events' AND action = '新增'
		AND record_id IN (SELECT id FROM finding_events WHERE finding_id = ?)`, id); n != 7 {
		t.Errorf("%d event audit rows, want 7", n)
	}
}

func TestRectificationDeadlineWithoutCalendar(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	fx := newRectFixture(t, db)
	// 2026-12-28 + 5 working days reaches into 2027, which has no holiday
	// arrangement yet: the step goes through and says what it assumed.
	clock := svAt(2027, 1, 4, 9)
	db.SetClock(func() time.Time { return clock })
	assumed, err := db.OrderRectification(ctx, fx.f.ID, svDay(2026, 12, 28), 5, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(assumed, data.Assumed{2027}) {
		t.Errorf("assumed %v", assumed)
	}
	f := rectState(t, db, fx.f.ID)
	if f.RectDue.String() != "2027-01-04" {
		t.Errorf("due %s", f.RectDue)
	}
	events, err := db.FindingEvents(ctx, fx.f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if note := events[len(events)-1].Note; !strings.Contains(note, "2027年的节假日安排尚未录入") {
		t.Errorf("the assumption is not on record: %q", note)
	}
}

func TestFindingsFilterCountsAndOverdue(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	a := svUnit(t, db, "甲窗口", data.UnitWindow)
	b := svUnit(t, db, "乙部门", data.UnitDepartment)
	q3 := svRound(t, db, "第三季度", svDay(2026, 7, 1), a, b)
	q4 := svRound(t, db, "第四季度", svDay(2026, 10, 1), a, b)

	// Deadlines five working days after each visit; today is Friday 11-20.
	overdue := svFinding("门难进", data.DispositionNotice, 5)  // 11-12 → 11-19
	dueToday := svFinding("事难办", data.DispositionNotice, 5) // 11-13 → 11-20
	dueSoon := svFinding("事难办", data.DispositionNotice, 5)  // 11-18 → 11-25
	later := svFinding("慢作为", data.DispositionNotice, 5)    // 11-19 → 11-26
	reported := svFinding("乱收费", data.DispositionNotice, 5) // 11-02 → 11-09, reported
	onSite := svFinding("脸难看", data.DispositionOnSite, 0)   // 无需整改
	oldOne := svFinding("门难进", data.DispositionNotice, 5)   // 08-03, closed
	v1 := svVisit(t, db, q4, a, svAt(2026, 11, 12, 9), overdue)
	svVisit(t, db, q4, b, svAt(2026, 11, 13, 9), dueToday)
	svVisit(t, db, q4, a, svAt(2026, 11, 18, 9), dueSoon)
	svVisit(t, db, q4, b, svAt(2026, 11, 19, 9), later, onSite)
	svVisit(t, db, q4, a, svAt(2026, 11, 2, 9), reported)
	svVisit(t, db, q3, a, svAt(2026, 8, 3, 9), oldOne)
	if err := db.SubmitRectificationReport(ctx, reported.ID, svDay(2026, 11, 6), "已清退", nil); err != nil {
		t.Fatal(err)
	}
	if err := db.SubmitRectificationReport(ctx, oldOne.ID, svDay(2026, 8, 6), "已整改", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecheckFinding(ctx, oldOne.ID, svDay(2026, 8, 7), data.RecheckPassed, "李明", "", 0); err != nil {
		t.Fatal(err)
	}

	c, err := db.RectificationCounts(ctx, svDay(2026, 11, 20), 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := (data.RectificationCounts{Open: 4, Reported: 1, Overdue: 1, DueSoon: 2}); c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}

	ids := func(f data.FindingFilter) []string {
		t.Helper()
		fs, err := db.Findings(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range fs {
			out = append(out, x.ID)
		}
		return out
	}
	// The store's clock says Saturday 11-21: the deadline of Thursday 11-19
	// is missed; Friday's only from Monday, when a working day after it begins.
	for name, c := range map[string]struct {
		f    data.FindingFilter
		want []string
	}{
		"newest first":       {data.FindingFilter{}, []string{later.ID, onSite.ID, dueSoon.ID, dueToday.ID, overdue.ID, reported.ID, oldOne.ID}},
		"overdue":            {data.FindingFilter{Overdue: true}, []string{overdue.ID}},
		"in progress by due": {data.FindingFilter{RectStatus: data.RectOpen}, []string{overdue.ID, dueToday.ID, dueSoon.ID, later.ID}},
		"awaiting re-check":  {data.FindingFilter{RectStatus: data.RectReported}, []string{reported.ID}},
		"unit":               {data.FindingFilter{UnitID: b.ID}, []string{later.ID, onSite.ID, dueToday.ID}},
		"round":              {data.FindingFilter{RoundID: q3.ID}, []string{oldOne.ID}},
		"visit":              {data.FindingFilter{VisitID: v1.ID}, []string{overdue.ID}},
		"category":           {data.FindingFilter{Category: "门难进"}, []string{overdue.ID, oldOne.ID}},
		"period":             {data.FindingFilter{From: svDay(2026, 11, 13), To: svDay(2026, 11, 18)}, []string{dueSoon.ID, dueToday.ID}},
		"second page":        {data.FindingFilter{Limit: 2, Offset: 2}, []string{dueSoon.ID, dueToday.ID}},
	} {
		got := ids(c.f)
		if name == "newest first" || name == "unit" || name == "second page" {
			// later and onSite share a day and a creation time: their order
			// is by id, so compare that pair as a set.
			got, c.want = normalisePair(got, later.ID, onSite.ID), normalisePair(c.want, later.ID, onSite.ID)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	fs, err := db.Findings(ctx, data.FindingFilter{VisitID: v1.ID})
	if err != nil || fs[0].UnitName != "甲窗口" || fs[0].RoundID != q4.ID {
		t.Errorf("list row %+v %v", fs, err)
	}
}

// normalisePair orders two ids that may come in either order.
func normalisePair(ids []string, a, b string) []string {
	out := append([]string(nil), ids...)
	for i := 0; i+1 < len(out); i++ {
		if (out[i] == a && out[i+1] == b) || (out[i] == b && out[i+1] == a) {
			if a < b {
				out[i], out[i+1] = a, b
			} else {
				out[i], out[i+1] = b, a
			}
		}
	}
	return out
}
