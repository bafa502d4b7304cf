package store

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"

	"xiaoneng/data"
)

// pngBytes is the start of a PNG file followed by n bytes of filler, enough
// for content sniffing.
func pngBytes(n int, fill byte) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	return append(b, bytes.Repeat([]byte{fill}, n)...)
}

func countRows(t *testing.T, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.reader.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRecordVisitWithFindingsAndPhotos(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := svUnit(t, db, "政务服务中心社保窗口", data.UnitWindow)
	p1, p2 := svPerson(t, db, "王强"), svPerson(t, db, "陈静")
	r := svRound(t, db, "2026年第三季度明察暗访", svDay(2026, 7, 1), u)

	// Monday 2026-09-28, just before the National Day holiday.
	v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: svAt(2026, 9, 28, 10), Place: "3号窗口",
		Summary: "上午十时暗访，窗口排队约二十人", InspectorIDs: []string{p2.ID, p1.ID}}
	onSite := svFinding("脸难看", data.DispositionOnSite, 0)
	notice := svFinding("事难办", data.DispositionNotice, 5)
	noticeDefault := svFinding("脱岗/纪律作风", data.DispositionNotice, 0)
	notice.StaffName, notice.StaffPost = "赵某", "窗口受理员"
	photo := pngBytes(1000, 7)
	photos := []*data.Attachment{
		{Name: `D:\暗访\IMG_0001.png`, Data: photo},
		{Name: "IMG_0001副本.png", Data: append([]byte(nil), photo...)},
		{Name: "现场.jpg", MIME: "image/jpeg", Data: pngBytes(500, 9)},
	}
	if err := db.RecordVisit(ctx, v, []*data.Finding{onSite, notice, noticeDefault}, photos); err != nil {
		t.Fatal(err)
	}

	got, err := db.Visit(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.UnitName != u.Name || got.FindingCount != 3 || got.Place != "3号窗口" || !got.VisitedAt.Equal(v.VisitedAt) {
		t.Errorf("visit = %+v", got)
	}
	if !reflect.DeepEqual(got.InspectorIDs, svSorted(p1.ID, p2.ID)) {
		t.Errorf("inspectors %v", got.InspectorIDs)
	}

	// Deadlines in working days across the National Day holiday: 5 working
	// days after 9-28 is Saturday 10-10 (a weekend day worked); the office's
	// default of 10 ends on 10-16.
	cases := []struct {
		f      *data.Finding
		status data.RectStatus
		due    string
		events []data.FindingEventKind
	}{
		{onSite, data.RectNone, "", []data.FindingEventKind{data.FindingRecorded}},
		{notice, data.RectOpen, "2026-10-10", []data.FindingEventKind{data.FindingRecorded, data.FindingOrdered}},
		{noticeDefault, data.RectOpen, "2026-10-16", []data.FindingEventKind{data.FindingRecorded, data.FindingOrdered}},
	}
	for _, c := range cases {
		f, err := db.Finding(ctx, c.f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.VisitID != v.ID || f.RoundID != r.ID || f.UnitID != u.ID || f.UnitName != u.Name || f.FoundOn.String() != "2026-09-28" {
			t.Errorf("%s: visit fields %+v", f.Category, f)
		}
		if f.RectStatus != c.status || f.RectDue.String() != c.due {
			t.Errorf("%s: %s due %s, want %s due %s", f.Category, f.RectStatus, f.RectDue, c.status, c.due)
		}
		events, err := db.FindingEvents(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []data.FindingEventKind
		for _, e := range events {
			kinds = append(kinds, e.Kind)
			if e.Actor != "测试员" || !e.At.Equal(fixedNow) {
				t.Errorf("event who/when %s %v", e.Actor, e.At)
			}
		}
		if !reflect.DeepEqual(kinds, c.events) {
			t.Errorf("%s: events %v, want %v", f.Category, kinds, c.events)
		}
		if trail, err := db.AuditTrail(ctx, "findings", f.ID); err != nil || len(trail) != 1 || trail[0].Action != data.AuditInsert {
			t.Errorf("%s: audit %+v %v", f.Category, trail, err)
		}
	}
	if f, _ := db.Finding(ctx, notice.ID); f.StaffName != "赵某" || f.StaffPost != "窗口受理员" || f.RectLimitDays != 5 {
		t.Errorf("staff/limit not kept: %+v", f)
	}
	if f, _ := db.Finding(ctx, noticeDefault.ID); f.RectLimitDays != 10 {
		t.Errorf("default limit %d, want 10", f.RectLimitDays)
	}

	// Photos: three attachments, the same bytes stored once.
	atts, err := db.Attachments(ctx, data.OwnerVisit, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 3 {
		t.Fatalf("%d attachments", len(atts))
	}
	if atts[0].Name != "IMG_0001.png" {
		t.Errorf("name %q", atts[0].Name)
	}
	if atts[0].SHA256 != atts[1].SHA256 || atts[0].MIME != "image/png" || atts[2].MIME != "image/jpeg" || atts[0].Size != int64(len(photo)) || atts[0].Data != nil {
		t.Errorf("attachments %+v", atts)
	}
	if n := countRows(t, db, "SELECT count(*) FROM blobs"); n != 2 {
		t.Errorf("%d blobs, want 2", n)
	}
	b, err := db.AttachmentData(ctx, atts[1].ID)
	if err != nil || !bytes.Equal(b, photo) {
		t.Errorf("data differs (%v)", err)
	}
	if _, err := db.AttachmentData(ctx, "no-such"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("missing attachment: %v", err)
	}
	if trail, err := db.AuditTrail(ctx, "attachments", atts[2].ID); err != nil || len(trail) != 1 || trail[0].After["sha256"] != atts[2].SHA256 {
		t.Errorf("attachment audit %+v %v", trail, err)
	}
}

func TestRecordVisitIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := svUnit(t, db, "县交通运输局", data.UnitDepartment)
	r := svRound(t, db, "专项督查", svDay(2026, 10, 1), u)
	bad := svFinding("其他", data.DispositionWarning, 0)
	bad.Description = "  "
	v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: svAt(2026, 10, 9, 9)}
	err := db.RecordVisit(ctx, v, []*data.Finding{svFinding("门难进", data.DispositionOnSite, 0), bad}, []*data.Attachment{{Name: "a.png", Data: pngBytes(10, 1)}})
	svInvalid(t, err, "Findings[1].Description")
	if data.UserMessage(err) != "第2个问题：问题描述不能为空" {
		t.Errorf("message %q", data.UserMessage(err))
	}
	// A bad photo fails inside the transaction: nothing of the visit stays.
	err = db.RecordVisit(ctx, v, []*data.Finding{svFinding("门难进", data.DispositionOnSite, 0)}, []*data.Attachment{{Name: "a.png", Data: pngBytes(10, 1)}, {Name: "空.png"}})
	svInvalid(t, err, "Attachments")
	for _, table := range []string{"visits", "findings", "finding_events", "attachments", "blobs"} {
		if n := countRows(t, db, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
	svInvalid(t, db.RecordVisit(ctx, &data.Visit{RoundID: r.ID, UnitID: "nope", VisitedAt: svAt(2026, 10, 9, 9)}, nil, nil), "UnitID")
	svInvalid(t, db.RecordVisit(ctx, &data.Visit{RoundID: "nope", UnitID: u.ID, VisitedAt: svAt(2026, 10, 9, 9)}, nil, nil), "RoundID")
	svInvalid(t, db.RecordVisit(ctx, &data.Visit{RoundID: r.ID, UnitID: u.ID}, nil, nil), "VisitedAt")
	if err := db.RetireUnit(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	svInvalid(t, db.RecordVisit(ctx, &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: svAt(2026, 10, 9, 9)}, nil, nil), "UnitID")
}

func TestVisitUpdatesDisclosures(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := &data.Unit{Name: "政务服务中心医保窗口", Category: data.UnitWindow,
		Disclosures: []data.Disclosure{{Item: "服务承诺制", Posted: true, CheckedOn: svDay(2026, 3, 3)}, {Item: "首问负责制", Posted: true, CheckedOn: svDay(2026, 3, 3)}}}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	r := svRound(t, db, "2026年第四季度明察", svDay(2026, 10, 1), u)
	v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: svAt(2026, 11, 10, 15),
		Disclosures: []data.Disclosure{{Item: "岗位责任制", Posted: true}, {Item: "服务承诺制", Posted: false}}}
	if err := db.RecordVisit(ctx, v, []*data.Finding{svFinding(data.FindingDisclosure, data.DispositionOnSite, 0)}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Unit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	byItem := map[data.DisclosureItem]data.Disclosure{}
	for _, d := range got.Disclosures {
		byItem[d.Item] = d
	}
	want := map[data.DisclosureItem]data.Disclosure{
		"岗位责任制": {Item: "岗位责任制", Posted: true, CheckedOn: svDay(2026, 11, 10), VisitID: v.ID},
		"服务承诺制": {Item: "服务承诺制", Posted: false, CheckedOn: svDay(2026, 11, 10), VisitID: v.ID},
		"首问负责制": {Item: "首问负责制", Posted: true, CheckedOn: svDay(2026, 3, 3)}, // not checked this time: unchanged
		"限时办结制": {Item: "限时办结制"},
	}
	for item, w := range want {
		if byItem[item] != w {
			t.Errorf("%s = %+v, want %+v", item, byItem[item], w)
		}
	}
	vv, err := db.Visit(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vv.Disclosures) != 2 || vv.Disclosures[0].Item != "岗位责任制" || vv.Disclosures[1].Posted {
		t.Errorf("visit disclosures %+v", vv.Disclosures)
	}
	// The change is audited on the checklist row.
	var rowID string
	if err := db.reader.QueryRow("SELECT id FROM unit_disclosures WHERE unit_id = ? AND item = '服务承诺制'", u.ID).Scan(&rowID); err != nil {
		t.Fatal(err)
	}
	trail, err := db.AuditTrail(ctx, "unit_disclosures", rowID)
	if err != nil || len(trail) != 2 || trail[1].After["posted"] != float64(0) || trail[1].After["visit_id"] != v.ID {
		t.Errorf("audit %+v %v", trail, err)
	}
	svInvalid(t, db.RecordVisit(ctx, &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: svAt(2026, 11, 11, 9),
		Disclosures: []data.Disclosure{{Item: "卫生制度"}}}, nil, nil), "Disclosures")
}

func TestUpdateAndDeleteVisit(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	a := svUnit(t, db, "县市场监管局", data.UnitDepartment)
	b := svUnit(t, db, "县卫健局", data.UnitDepartment)
	r := svRound(t, db, "随机抽查", svDay(2026, 10, 1), a, b)
	p := svPerson(t, db, "刘洋")

	clean := svVisit(t, db, r, a, svAt(2026, 11, 2, 9))
	clean.UnitID, clean.Place, clean.InspectorIDs = b.ID, "办公室", []string{p.ID}
	if err := db.UpdateVisit(ctx, clean); err != nil {
		t.Fatal(err)
	}
	got, err := db.Visit(ctx, clean.ID)
	if err != nil || got.UnitName != b.Name || got.Place != "办公室" || !reflect.DeepEqual(got.InspectorIDs, []string{p.ID}) {
		t.Fatalf("updated visit %+v %v", got, err)
	}
	trail, err := db.AuditTrail(ctx, "visits", clean.ID)
	if err != nil || len(trail) != 3 || trail[1].After["unit_id"] != b.ID || trail[2].After["visit_inspectors"] == nil {
		t.Errorf("audit %+v %v", trail, err)
	}

	f := svFinding("乱收费", data.DispositionNotice, 5)
	withFinding := svVisit(t, db, r, a, svAt(2026, 11, 3, 9), f)
	moved := *withFinding
	moved.UnitID = b.ID
	svState(t, db.UpdateVisit(ctx, &moved), "")
	moved = *withFinding
	moved.VisitedAt = svAt(2026, 11, 4, 9)
	svState(t, db.UpdateVisit(ctx, &moved), "")
	moved.VisitedAt = svAt(2026, 11, 3, 16) // same day, later hour: fine
	if err := db.UpdateVisit(ctx, &moved); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateVisit(ctx, &data.Visit{Record: data.Record{ID: "nope"}, RoundID: r.ID, UnitID: a.ID, VisitedAt: svAt(2026, 11, 3, 9)}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("missing visit: %v", err)
	}

	// Deleting tombstones the visit, its findings and their files.
	photoVisit := &data.Visit{RoundID: r.ID, UnitID: b.ID, VisitedAt: svAt(2026, 11, 5, 9)}
	g := svFinding("事难办", data.DispositionOnSite, 0)
	if err := db.RecordVisit(ctx, photoVisit, []*data.Finding{g}, []*data.Attachment{{Name: "a.png", Data: pngBytes(20, 3)}}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteVisit(ctx, photoVisit.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Visit(ctx, photoVisit.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted visit: %v", err)
	}
	if _, err := db.Finding(ctx, g.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("finding of deleted visit: %v", err)
	}
	if atts, err := db.Attachments(ctx, data.OwnerVisit, photoVisit.ID); err != nil || len(atts) != 0 {
		t.Errorf("attachments of deleted visit: %v %v", atts, err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM findings WHERE id = ? AND deleted_at IS NOT NULL", g.ID); n != 1 {
		t.Error("finding not kept as a tombstone")
	}
	for table, id := range map[string]string{"visits": photoVisit.ID, "findings": g.ID} {
		trail, err := db.AuditTrail(ctx, table, id)
		if err != nil || trail[len(trail)-1].Action != data.AuditDelete {
			t.Errorf("%s: no delete audit (%v)", table, err)
		}
	}
	if err := db.DeleteVisit(ctx, photoVisit.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}

	// A finding that led to an accountability action keeps its visit.
	act := &data.Action{TargetKind: data.TargetUnit, UnitID: a.ID, Measure: "效能告诫", FindingID: f.ID, DecidedOn: svDay(2026, 11, 10)}
	if err := db.CreateAction(ctx, act); err != nil {
		t.Fatal(err)
	}
	svState(t, db.DeleteVisit(ctx, withFinding.ID), "该检查记录或其发现问题已用于文书或责任追究，不能删除")
}

func TestVisitsFilter(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	a := svUnit(t, db, "甲窗口", data.UnitWindow)
	b := svUnit(t, db, "乙窗口", data.UnitWindow)
	r1 := svRound(t, db, "第三季度", svDay(2026, 7, 1), a, b)
	r2 := svRound(t, db, "第四季度", svDay(2026, 10, 1), a, b)
	v1 := svVisit(t, db, r1, a, svAt(2026, 9, 30, 23))
	v2 := svVisit(t, db, r2, a, svAt(2026, 10, 1, 0))
	v3 := svVisit(t, db, r2, b, svAt(2026, 10, 31, 17), svFinding("其他", data.DispositionOnSite, 0))
	ids := func(f data.VisitFilter) []string {
		t.Helper()
		vs, err := db.Visits(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, v := range vs {
			out = append(out, v.ID)
		}
		return out
	}
	for name, c := range map[string]struct {
		f    data.VisitFilter
		want []string
	}{
		"all, latest first": {data.VisitFilter{}, []string{v3.ID, v2.ID, v1.ID}},
		"round":             {data.VisitFilter{RoundID: r2.ID}, []string{v3.ID, v2.ID}},
		"unit":              {data.VisitFilter{UnitID: a.ID}, []string{v2.ID, v1.ID}},
		"October":           {data.VisitFilter{From: svDay(2026, 10, 1), To: svDay(2026, 10, 31)}, []string{v3.ID, v2.ID}},
		"September 30 only": {data.VisitFilter{From: svDay(2026, 9, 30), To: svDay(2026, 9, 30)}, []string{v1.ID}},
		"limit":             {data.VisitFilter{Limit: 1}, []string{v3.ID}},
	} {
		if got := ids(c.f); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	vs, err := db.Visits(ctx, data.VisitFilter{UnitID: b.ID})
	if err != nil || len(vs) != 1 || vs[0].FindingCount != 1 || vs[0].UnitName != "乙窗口" {
		t.Errorf("list row %+v %v", vs, err)
	}
}

// TestSupervisionCountedByHand checks the 通报 figures of supervision (the
// 督查检查 screen's coverage) against a fixture counted by hand.
func TestSupervisionCountedByHand(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	winA := svUnit(t, db, "政务服务中心公安窗口", data.UnitWindow)
	winB := svUnit(t, db, "政务服务中心税务窗口", data.UnitWindow)
	dept := svUnit(t, db, "县住建局", data.UnitDepartment)
	town := svUnit(t, db, "城关镇", data.UnitTownship)
	q3 := svRound(t, db, "第三季度明察暗访", svDay(2026, 7, 1), winA, winB, dept, town)

	// In the third quarter: winA twice, winB once, dept once (4 visits, 3
	// units: 2 windows, 1 department).
	f1 := svFinding("门难进", data.DispositionNotice, 5)
	f2 := svFinding("门难进", data.DispositionOnSite, 0)
	svVisit(t, db, q3, winA, svAt(2026, 7, 2, 9), f1, f2)
	f3 := svFinding("脸难看", data.DispositionNotice, 5)
	svVisit(t, db, q3, winA, svAt(2026, 8, 20, 9), f3)
	svVisit(t, db, q3, winB, svAt(2026, 9, 30, 16))
	f4 := svFinding(data.FindingDisclosure, data.DispositionWarning, 3)
	svVisit(t, db, q3, dept, svAt(2026, 7, 1, 8), f4)
	// Outside the quarter: not counted.
	svVisit(t, db, q3, town, svAt(2026, 10, 1, 9), svFinding("不作为", data.DispositionNotice, 5))
	svVisit(t, db, q3, town, svAt(2026, 6, 30, 17))
	// Deleted: not counted.
	gone := svVisit(t, db, q3, town, svAt(2026, 8, 1, 9), svFinding("乱收费", data.DispositionNotice, 5))
	if err := db.DeleteVisit(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	// f1 is rectified and re-checked; f3 is reported, not yet re-checked.
	if err := db.SubmitRectificationReport(ctx, f1.ID, svDay(2026, 7, 8), "已整改，增设取号机", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecheckFinding(ctx, f1.ID, svDay(2026, 7, 10), data.RecheckPassed, "李明", "", 0); err != nil {
		t.Fatal(err)
	}
	if err := db.SubmitRectificationReport(ctx, f3.ID, svDay(2026, 8, 25), "已开展文明服务培训", nil); err != nil {
		t.Fatal(err)
	}

	today := data.DateOf(fixedNow)
	c, err := db.SupervisionStats(ctx, svDay(2026, 7, 1), svDay(2026, 9, 30), today)
	if err != nil {
		t.Fatal(err)
	}
	// f4's three working days ran out in July: failed by the day counted.
	if want := (SupervisionCounts{Visits: 4, Units: 3, Findings: 4, RectDue: 3, RectDone: 1, RectFailed: 1}); c.Total != want {
		t.Errorf("quarter %+v, want %+v", c.Total, want)
	}
	if c.ByUnitCategory[data.UnitWindow].Units != 2 || c.ByUnitCategory[data.UnitDepartment].Units != 1 || len(c.ByUnitCategory) != 2 {
		t.Errorf("units by category %+v", c.ByUnitCategory)
	}
	if want := map[data.Category]int{"门难进": 2, "脸难看": 1, data.FindingDisclosure: 1}; !reflect.DeepEqual(c.FindingsByCategory, want) {
		t.Errorf("findings by category %v, want %v", c.FindingsByCategory, want)
	}
	// The whole year: town's October visit and finding join in.
	c, err = db.SupervisionStats(ctx, svDay(2026, 1, 1), svDay(2026, 12, 31), today)
	if err != nil {
		t.Fatal(err)
	}
	if c.Total.Visits != 6 || c.Total.Units != 4 || c.ByUnitCategory[data.UnitTownship].Units != 1 || c.Total.Findings != 5 || c.Total.RectDue != 4 {
		t.Errorf("year %+v", c.Total)
	}
	empty, err := db.SupervisionStats(ctx, svDay(2025, 1, 1), svDay(2025, 12, 31), today)
	if err != nil || empty.Total != (SupervisionCounts{}) {
		t.Errorf("empty year %+v %v", empty.Total, err)
	}
	_, err = db.SupervisionStats(ctx, svDay(2026, 9, 30), svDay(2026, 7, 1), today)
	svInvalid(t, err, "To")
}
