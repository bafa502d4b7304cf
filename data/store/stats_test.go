package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"xiaoneng/data"
)

// checkStatCounts compares the figures the triggers keep, by month and by
// day, with the complaints.
func checkStatCounts(t *testing.T, db *DB) {
	t.Helper()
	query := func(q string) []string {
		rows, err := db.reader.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var period, dim, key string
			var n [11]int
			if err := rows.Scan(&period, &dim, &key, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7], &n[8], &n[9], &n[10]); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(period, dim, key, n))
		}
		return out
	}
	for _, st := range statTables {
		kept := query(`SELECT ` + st.period + `, dim, key, ` + statColumns + ` FROM ` + st.table + `
			WHERE received != 0 OR accepted != 0 OR assigned != 0 ORDER BY 1, 2, 3`)
		counted := query(fmt.Sprintf(`SELECT substr(c.received_at, 1, %d), d.dim, `+statKey+` AS k, `+statCounters+`
			FROM complaints c, `+statDimsOf+`
			WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL AND `+statKey+` IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, st.prefix))
		if !reflect.DeepEqual(kept, counted) {
			t.Errorf("%s kept by the triggers\n%v\ndiffer from the complaints\n%v", st.table, kept, counted)
		}
		var stray int
		if err := db.reader.QueryRow(`SELECT count(*) FROM ` + st.table + ` WHERE received = 0 AND (accepted != 0 OR rejected != 0
			OR transferred != 0 OR assigned != 0 OR concluded != 0 OR on_time != 0 OR late != 0 OR substantiated != 0
			OR satisfied != 0 OR dissatisfied != 0)`).Scan(&stray); err != nil {
			t.Fatal(err)
		}
		if stray != 0 {
			t.Errorf("%d rows of %s count milestones of no complaint", stray, st.table)
		}
	}
}

// statFixture runs complaints through every kind of step, edit, merge and
// deletion, then returns the ledger.
func statFixture(t *testing.T) *complaintFixture {
	t.Helper()
	ctx := context.Background()
	f := newComplaintFixture(t)
	t.Cleanup(func() { checkStatCounts(t, f.db) })
	at := func(s string) data.Step { return data.Step{At: tm(s)} }
	step := func(kind data.EventKind, when string, mod ...func(*data.Step)) data.Step {
		s := at(when)
		s.Kind = kind
		for _, m := range mod {
			m(&s)
		}
		return s
	}
	handler := func(id string) func(*data.Step) { return func(s *data.Step) { s.HandlerUnitID = id } }
	result := func(r string) func(*data.Step) { return func(s *data.Step) { s.Result = r } }
	note := func(n string) func(*data.Step) { return func(s *data.Step) { s.Note = n; s.Method = "电话" } }

	// 1. concluded on time, substantiated, satisfied (September)
	a := f.register(t, "2026-09-01 09:00")
	f.apply(t, a.ID, step(data.EventAssign, "2026-09-01 10:00", handler(f.h1)), step(data.EventFeedback, "2026-09-10 10:00", note("已整改")),
		step(data.EventVerify, "2026-09-11 10:00", result("属实")), step(data.EventReply, "2026-09-11 11:00", note("已答复")),
		step(data.EventFollowUp, "2026-09-12 10:00", result("满意"), note("")))
	// 2. late result, then 不满意: reopened with a new round, handled by h2
	b := f.register(t, "2026-09-15 09:00", func(c *data.Complaint) { c.Channel = data.ChannelVisit; c.Category = "脸难看" })
	f.apply(t, b.ID, step(data.EventAssign, "2026-09-15 10:00", handler(f.h1)), step(data.EventFeedback, "2026-10-30 10:00", note("已处理")),
		step(data.EventVerify, "2026-10-30 11:00", result("部分属实")), step(data.EventReply, "2026-10-30 12:00", note("已答复")),
		step(data.EventFollowUp, "2026-10-31 10:00", result("不满意"), note("")))
	f.apply(t, b.ID, step(data.EventFeedback, "2026-11-02 10:00", note("重新处理")), step(data.EventRework, "2026-11-03 10:00", handler(f.h2), note("另行交办")))
	// 3. being handled past its due date (October)
	c := f.register(t, "2026-10-08 09:00", func(c *data.Complaint) { c.Channel = data.Channel12345 })
	f.apply(t, c.ID, step(data.EventAssign, "2026-10-08 10:00", handler(f.h2)))
	// 3b. its result in late, not yet verified
	late := f.register(t, "2026-10-09 08:00", func(c *data.Complaint) { c.Category = "慢作为" })
	f.apply(t, late.ID, step(data.EventAssign, "2026-10-09 09:00", handler(f.h1), func(s *data.Step) { s.LimitDays = 3 }),
		step(data.EventFeedback, "2026-10-20 10:00", note("已处理")))
	// 4. rejected, then archived; 5. transferred
	d := f.register(t, "2026-10-09 09:00")
	f.apply(t, d.ID, step(data.EventReject, "2026-10-09 10:00", note("不属于受理范围")), step(data.EventArchive, "2026-10-10 10:00"))
	e := f.register(t, "2026-10-20 09:00", func(c *data.Complaint) { c.Category = "乱收费" })
	f.apply(t, e.ID, step(data.EventTransfer, "2026-10-20 10:00", func(s *data.Step) { s.TransferTo = "县信访局" }))
	// 6. a duplicate merged into complaint 1, then archived: counted under 1
	dup := f.register(t, "2026-09-02 09:00")
	f.apply(t, dup.ID, step(data.EventMerge, "2026-09-02 10:00", func(s *data.Step) { s.RelatedID = a.ID }), step(data.EventArchive, "2026-09-03 10:00"))
	// 7. registered by mistake and deleted
	gone := f.register(t, "2026-10-21 09:00")
	if err := f.db.DeleteComplaint(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	// 8. edited: moved to another unit, category and month
	moved := f.register(t, "2026-11-02 09:00")
	moved.UnitID, moved.Category, moved.ReceivedAt = f.h1, "不作为", tm("2026-10-31 09:00")
	if err := f.db.UpdateComplaint(ctx, moved); err != nil {
		t.Fatal(err)
	}
	f.apply(t, moved.ID, step(data.EventAccept, "2026-11-02 10:00"))
	// 9. extended and fed back in time after the extension (November)
	ext := f.register(t, "2026-11-03 09:00", func(c *data.Complaint) { c.Channel = data.ChannelLetter })
	f.apply(t, ext.ID, step(data.EventAssign, "2026-11-03 10:00", handler(f.unit), func(s *data.Step) { s.LimitDays = 3 }),
		step(data.EventExtend, "2026-11-05 10:00", func(s *data.Step) { s.LimitDays = 5; s.Note = "情况复杂"; s.ApprovedBy = "王主任" }),
		step(data.EventFeedback, "2026-11-12 10:00", note("已办结")))
	return f
}

func TestComplaintStatsKeptAndCounted(t *testing.T) {
	ctx := context.Background()
	f := statFixture(t)
	today := data.DateOf(fixedNow)

	full, err := f.db.ComplaintStats(ctx, day("2026-09-01"), day("2026-11-30"), today)
	if err != nil {
		t.Fatal(err)
	}
	// counted by hand: a, b, c, late, d, e, moved, ext (the duplicate and the deleted complaint do not count)
	want := ComplaintFigures{Received: 8, Accepted: 6, Rejected: 1, Transferred: 1, Assigned: 5, Concluded: 1, OnTime: 1, Late: 1,
		OverdueOpen: 1, Substantiated: 1, Satisfied: 1, Dissatisfied: 1}
	if full.Total != want {
		t.Errorf("total\n%+v, want\n%+v", full.Total, want)
	}
	if got := full.ByHandler[f.h2]; got.Assigned != 2 || got.OverdueOpen != 1 || got.Dissatisfied != 1 || got.Late != 0 {
		t.Errorf("handler h2 %+v", got)
	}
	if got := full.ByHandler[f.h1]; got.Assigned != 2 || got.Late != 1 || got.Concluded != 1 {
		t.Errorf("handler h2 %+v", got)
	}
	if got := full.ByChannel[data.ChannelVisit]; got.Received != 1 || got.Dissatisfied != 1 {
		t.Errorf("visits %+v", got)
	}
	if got := full.ByMonth["2026-10"]; got.Received != 5 || got.OverdueOpen != 1 || got.Late != 1 {
		t.Errorf("October %+v", got)
	}
	if got := full.ByUnit[f.h1]; got.Received != 1 || got.Accepted != 1 {
		t.Errorf("unit h1 %+v", got)
	}
	if got := full.ByCategory["慢作为"]; got.Received != 1 || got.Late != 1 {
		t.Errorf("unit h1 %+v", got)
	}

	// Days of a month counted from the complaints add up with whole months.
	parts := ComplaintFigures{}
	for _, p := range [][2]string{{"2026-09-01", "2026-09-14"}, {"2026-09-15", "2026-10-20"}, {"2026-10-21", "2026-11-30"}} {
		s, err := f.db.ComplaintStats(ctx, day(p[0]), day(p[1]), today)
		if err != nil {
			t.Fatal(err)
		}
		parts.add(s.Total)
	}
	if parts != full.Total {
		t.Errorf("parts add up to\n%+v, not\n%+v", parts, full.Total)
	}
	sept, err := f.db.ComplaintStats(ctx, day("2026-09-02"), day("2026-09-30"), today)
	if err != nil {
		t.Fatal(err)
	}
	if sept.Total.Received != 1 || sept.Total.Dissatisfied != 1 {
		t.Errorf("September from the 2nd: %+v", sept.Total)
	}
	if _, err := f.db.ComplaintStats(ctx, day("2026-09-02"), day("2026-09-01"), today); err == nil {
		t.Error("a period ending before it starts was counted")
	}
}

func TestSupervisionAndActionStats(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	town := &data.Unit{Name: "城关镇人民政府", Category: data.UnitTownship}
	dept := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment}
	for _, u := range []*data.Unit{town, dept} {
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	round := &data.Round{Title: "2026年第三季度明察暗访", Kind: data.RoundCovert, Start: day("2026-07-01"), End: day("2026-09-30")}
	if err := db.CreateRound(ctx, round); err != nil {
		t.Fatal(err)
	}
	visit := func(u *data.Unit, when string, findings ...*data.Finding) {
		t.Helper()
		v := &data.Visit{RoundID: round.ID, UnitID: u.ID, VisitedAt: tm(when)}
		for _, f := range findings {
			f.UnitID = u.ID
		}
		if err := db.RecordVisit(ctx, v, findings, nil); err != nil {
			t.Fatal(err)
		}
	}
	finding := func(cat data.Category) *data.Finding {
		return &data.Finding{Category: cat, Description: "工作人员上班时间玩手机", Disposition: data.DispositionNotice}
	}
	f1, f2, f3 := finding("脱岗/纪律作风"), finding("脱岗/纪律作风"), finding("事难办")
	visit(town, "2026-07-10 09:30", f1, f2)
	visit(town, "2026-08-10 09:30")
	visit(dept, "2026-09-10 09:30", f3)
	visit(dept, "2026-10-10 09:30", finding("其他")) // outside the quarter
	// f1 rectified; f2 failed at re-check; f3 past its deadline (a
	// 监察通知书 orders rectification within the default 10 working days)
	for _, f := range []*data.Finding{f1, f2} {
		if err := db.SubmitRectificationReport(ctx, f.ID, day("2026-07-15"), "已整改", nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.RecheckFinding(ctx, f1.ID, day("2026-07-20"), data.RecheckPassed, "", "", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecheckFinding(ctx, f2.ID, day("2026-07-20"), data.RecheckFailed, "", "", 60); err != nil {
		t.Fatal(err)
	}

	s, err := db.SupervisionStats(ctx, day("2026-07-01"), day("2026-09-30"), data.DateOf(fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	want := SupervisionCounts{Visits: 3, Units: 2, Findings: 3, RectDue: 3, RectDone: 1, RectFailed: 2}
	if s.Rounds != 1 || s.Total != want {
		t.Errorf("quarter: %d rounds, %+v", s.Rounds, s.Total)
	}
	if got := s.ByUnitCategory[data.UnitTownship]; got != (SupervisionCounts{Visits: 2, Units: 1, Findings: 2, RectDue: 2, RectDone: 1, RectFailed: 1}) {
		t.Errorf("townships %+v", got)
	}
	if s.FindingsByCategory["脱岗/纪律作风"] != 2 || s.FindingsByCategory["事难办"] != 1 || len(s.FindingsByCategory) != 2 {
		t.Errorf("by category %v", s.FindingsByCategory)
	}
	if got := s.ByUnit[dept.ID]; got != (SupervisionCounts{Visits: 1, Units: 1, Findings: 1, RectDue: 1, RectFailed: 1}) {
		t.Errorf("department %+v", got)
	}

	for _, a := range []*data.Action{
		{TargetKind: data.TargetUnit, UnitID: town.ID, Measure: "通报批评", DecidedOn: day("2026-08-01")},
		{TargetKind: data.TargetPerson, UnitID: town.ID, PersonName: "刘某", Measure: "诫勉谈话", DecidedOn: day("2026-08-02")},
		{TargetKind: data.TargetPerson, UnitID: dept.ID, PersonName: "陈某", Measure: "诫勉谈话", DecidedOn: day("2026-09-30")},
		{TargetKind: data.TargetUnit, UnitID: dept.ID, Measure: "黄牌警告", DecidedOn: day("2026-10-01")},
	} {
		if err := db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	as, err := db.ActionStats(ctx, day("2026-07-01"), day("2026-09-30"))
	if err != nil {
		t.Fatal(err)
	}
	if as.Total != (ActionCounts{Units: 1, Persons: 2}) || as.ByMeasure["诫勉谈话"] != (ActionCounts{Persons: 2}) ||
		as.ByUnit[town.ID] != (ActionCounts{Units: 1, Persons: 1}) || len(as.ByMeasure) != 2 {
		t.Errorf("actions %+v", as)
	}
}

// BenchmarkComplaintStatsYear counts a year of a generated ledger of
// 100,000 complaints, and with XN_BENCH_1M=1 of 1,000,000 (target: under 1 s).
func BenchmarkComplaintStatsYear(b *testing.B) {
	sizes := []int{100_000}
	if os.Getenv("XN_BENCH_1M") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	b.Cleanup(removeBenchLedgers)
	ctx := context.Background()
	for _, n := range sizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			db, err := Open(ctx, benchLedger(b, n), testOptions)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			today := data.DateOf(benchToday)
			var received int
			for b.Loop() {
				s, err := db.ComplaintStats(ctx, day("2025-01-01"), day("2025-12-31"), today)
				if err != nil {
					b.Fatal(err)
				}
				received = s.Total.Received
			}
			b.ReportMetric(float64(received), "complaints/year")
		})
	}
}

// A result is late when it comes in on a day the due date is missed: on
// the Monday after a Friday due date, not on the Saturday. When the office
// corrects the year's holidays, the complaints' figures follow.
func TestLateCountedInWorkingDays(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	t.Cleanup(func() { checkStatCounts(t, f.db) })
	fedBack := func(on string) *data.Complaint {
		c := f.register(t, "2026-11-09 08:00")
		// four working days from Monday 11-09: due Friday 11-13
		return f.apply(t, c.ID, data.Step{Kind: data.EventAssign, At: tm("2026-11-09 09:00"), HandlerUnitID: f.h1, LimitDays: 4},
			data.Step{Kind: data.EventFeedback, At: tm(on), Note: "已处理"})
	}
	saturday, monday := fedBack("2026-11-14 10:00"), fedBack("2026-11-16 10:00")
	if !saturday.DueDate.Equal(day("2026-11-13")) {
		t.Fatalf("due %s", saturday.DueDate)
	}
	cal, err := f.db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	today := data.DateOf(fixedNow)
	if saturday.MissedDue(cal, today) || !monday.MissedDue(cal, today) {
		t.Fatalf("missed: Saturday's %v, Monday's %v", saturday.MissedDue(cal, today), monday.MissedDue(cal, today))
	}
	late := func() int {
		t.Helper()
		s, err := f.db.ComplaintStats(ctx, day("2026-11-01"), day("2026-11-30"), today)
		if err != nil {
			t.Fatal(err)
		}
		return s.Total.Late
	}
	if n := late(); n != 1 {
		t.Errorf("%d late, want Monday's only", n)
	}

	// The office makes Monday 11-16 a day off: Monday's result was in time.
	y := data.BuiltinYears()[1]
	if y.Year != 2026 {
		t.Fatalf("built-in year %d", y.Year)
	}
	y.DaysOff = append(y.DaysOff, day("2026-11-16"))
	if err := f.db.SaveCalendarYear(ctx, &y); err != nil {
		t.Fatal(err)
	}
	if n := late(); n != 0 {
		t.Errorf("%d late after Monday became a day off", n)
	}
	checkStatCounts(t, f.db)
	if err := f.db.DeleteCalendarYear(ctx, 2026); err != nil {
		t.Fatal(err)
	}
	if n := late(); n != 1 {
		t.Errorf("%d late with the shipped year again", n)
	}
}

// Migration 0006 fills the day each due date counts as missed from and
// counts the kept figures again by it.
func TestMigrationFillsOverdueFrom(t *testing.T) {
	ctx := context.Background()
	f := statFixture(t)
	// As the complaints were before the migration: no overdue_from, figures
	// counted in calendar days.
	for _, q := range []string{
		"UPDATE complaints SET overdue_from = NULL",
		"UPDATE complaint_stats SET late = late + 1, on_time = 0",
	} {
		if _, err := f.db.writer.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	// 0006 fills overdue_from; 0007 counts the figures again by it.
	err := f.db.write(ctx, data.PermSettings, func(t *tx) error {
		if err := migrationSteps[6](t, "", false); err != nil {
			return err
		}
		return migrationSteps[7](t, "", false)
	})
	if err != nil {
		t.Fatal(err)
	}
	var missing int
	if err := f.db.reader.QueryRowContext(ctx, "SELECT count(*) FROM complaints WHERE due_date IS NOT NULL AND overdue_from IS NULL").Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if missing != 0 {
		t.Errorf("%d complaints with a due date lack overdue_from", missing)
	}
	// statFixture's cleanup compares the kept figures with the complaints.
}

// A ledger of the version before 0007, with a complaint a verdict of 不满意
// reopened: the migration finds the verdict in its history, and the
// figures of every period count it as dissatisfied.
func TestMigrationKeepsVerdicts(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	// Three complaints written at version 6 (RegisterComplaint writes today's
	// schema); their figures as its triggers kept them.
	var rows []string
	ids := []string{"c1", "c2", "c3"}
	for i, at := range []string{"2026-09-01T09:00:00.000+08:00", "2026-09-02T09:00:00.000+08:00", "2026-10-15T09:00:00.000+08:00"} {
		rows = append(rows, fmt.Sprintf(`INSERT INTO complaints (id, created_at, updated_at, updated_by, device, number, year, seq,
			received_at, channel, complainant_name, unit_id, category, subject, content, status, accept_due)
			VALUES ('%s', '%[2]s', '%[2]s', '测试员', 'test-pc', 'TS2026-%04[3]d', 2026, %[3]d, '%[2]s', '电话', '林芳', '%[4]s', '乱检查',
				'同一事项反复检查', '一个月内检查三次，影响经营。', '待受理', '2026-12-01')`, ids[i], at, i+1, oldUnitID))
	}
	oldLedger(t, path, 6, rows...)
	old, err := open(ctx, path, Options{}, 6)
	if err != nil {
		t.Fatal(err)
	}
	// What the workflow of version 6 left: the first complaint closed
	// satisfied, the second reopened by 不满意, the third never surveyed.
	for _, q := range []string{
		`UPDATE complaints SET status = '已办结', accepted_at = received_at, assigned_at = received_at, handler_unit_id = unit_id,
			fed_back_at = received_at, replied_at = received_at, closed_at = received_at, satisfaction = '满意' WHERE id = ?1`,
		`UPDATE complaints SET status = '办理中', accepted_at = received_at, assigned_at = received_at, handler_unit_id = unit_id,
			round = 2, due_date = '2026-12-31' WHERE id = ?2`,
		`INSERT INTO complaint_events (id, created_at, updated_at, complaint_id, kind, at, result)
			VALUES ('e1', '2026-09-01', '2026-09-01', ?1, '回访', '2026-09-10T10:00:00+08:00', '满意'),
				('e2', '2026-09-02', '2026-09-02', ?2, '回访', '2026-09-08T10:00:00+08:00', '基本满意'),
				('e3', '2026-09-02', '2026-09-02', ?2, '回访', '2026-09-20T10:00:00+08:00', '不满意')`,
	} {
		if _, err := old.writer.ExecContext(ctx, q, ids[0], ids[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := openTestDB(t, path, false)
	defer db.Close()
	db.SetClock(func() time.Time { return fixedNow })
	checkStatCounts(t, db)
	for i, want := range []data.Satisfaction{data.Satisfied, data.Dissatisfied, ""} {
		c, err := db.Complaint(ctx, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if c.Verdict != want {
			t.Errorf("complaint %d: verdict %q, want %q", i+1, c.Verdict, want)
		}
	}
	for _, period := range [][2]string{{"2026-09-01", "2026-09-30"}, {"2026-09-02", "2026-10-20"}, {"2026-01-01", "2026-12-31"}} {
		s, err := db.ComplaintStats(ctx, day(period[0]), day(period[1]), data.DateOf(fixedNow))
		if err != nil {
			t.Fatal(err)
		}
		if s.Total.Dissatisfied != 1 || s.ByUnit[oldUnitID].Dissatisfied != 1 {
			t.Errorf("%v: %d dissatisfied (%d of the unit), want 1", period, s.Total.Dissatisfied, s.ByUnit[oldUnitID].Dissatisfied)
		}
	}
	y, err := db.ComplaintYearFigures(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if y.Received != 3 || y.Surveyed != 2 || y.Satisfied != 1 {
		t.Errorf("year figures %+v, want 3 received, 2 surveyed, 1 satisfied", y)
	}
}
