package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"xiaoneng/data"
)

// BenchmarkRecordVisit enters a visit with three findings and two 2 MB
// photos (issue 5: under 200 ms). Every photo is new, so each save writes
// 4 MB of blobs.
func BenchmarkRecordVisit(b *testing.B) {
	ctx := context.Background()
	db := newTestDB(b)
	u := svUnit(b, db, "政务服务中心公安窗口", data.UnitWindow)
	p := svPerson(b, db, "王强")
	r := svRound(b, db, "2026年第四季度明察暗访", svDay(2026, 10, 1), u)
	photo := make([]byte, 2<<20)
	if _, err := rand.Read(photo); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		p1, p2 := append([]byte(nil), photo...), append([]byte(nil), photo...)
		binary.LittleEndian.PutUint64(p1, uint64(2*i))
		binary.LittleEndian.PutUint64(p2, uint64(2*i+1))
		v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: svAt(2026, 11, 20, 10), Place: "2号窗口",
			Summary: "窗口人员脱岗，群众等候", InspectorIDs: []string{p.ID}}
		findings := []*data.Finding{
			svFinding("脱岗/纪律作风", data.DispositionNotice, 5),
			svFinding("脸难看", data.DispositionOnSite, 0),
			svFinding("事难办", data.DispositionWarning, 10),
		}
		photos := []*data.Attachment{{Name: "IMG_1.jpg", Data: p1}, {Name: "IMG_2.jpg", Data: p2}}
		b.StartTimer()
		if err := db.RecordVisit(ctx, v, findings, photos); err != nil {
			b.Fatal(err)
		}
	}
}

// bulkFindings fills a ledger with n findings on n/4 visits to 150 units
// over two years, with rectifications in every state, written directly so
// that setting up takes seconds.
func bulkFindings(b *testing.B, db *DB, n int) {
	b.Helper()
	ctx := context.Background()
	var units []*data.Unit
	for i := range 150 {
		units = append(units, svUnit(b, db, fmt.Sprintf("测试单位%03d", i), data.UnitCategories[i%len(data.UnitCategories)]))
	}
	var rounds []*data.Round
	for q := range 8 {
		rounds = append(rounds, svRound(b, db, fmt.Sprintf("第%d季度明察暗访", q+1), svDay(2025, time.Month(1+3*(q%4)), 1).AddDays(365*(q/4))))
	}
	err := db.write(ctx, data.PermRead, func(t *tx) error {
		visit, err := t.PrepareContext(ctx, `INSERT INTO visits (id, created_at, updated_at, round_id, unit_id, visited_at) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer visit.Close()
		finding, err := t.PrepareContext(ctx, `INSERT INTO findings (id, created_at, updated_at, visit_id, unit_id, found_on, category,
			description, disposition, rect_status, rect_limit_days, rect_due, report_on, report_content, recheck_on, recheck_result, closed_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer finding.Close()
		start := svDay(2024, 11, 22)
		var visitID, unitID, stamp string
		var found data.Date
		for i := range n {
			if i%4 == 0 {
				found = start.AddDays(i * 730 / n)
				unitID = units[(i/4)%len(units)].ID
				visitID = newID()
				when := found.Time().Add(9 * time.Hour)
				stamp = when.Format(data.TimeLayout)
				quarter := (found.Year()-2025)*4 + (int(found.Month())-1)/3
				round := rounds[max(0, min(len(rounds)-1, quarter))].ID
				if _, err := visit.ExecContext(ctx, visitID, stamp, stamp, round, unitID, stamp); err != nil {
					return err
				}
			}
			status, limit, due := data.RectNone, 0, data.Date{}
			var report, recheck, closed data.Date
			var result string
			switch i % 5 {
			case 1, 2:
				status, limit, due = data.RectOpen, 10, found.AddDays(14)
			case 3:
				status, limit, due, report = data.RectReported, 10, found.AddDays(14), found.AddDays(10)
			case 4:
				status, limit, due, report, recheck, closed = data.RectDone, 10, found.AddDays(14), found.AddDays(10), found.AddDays(12), found.AddDays(12)
				result = string(data.RecheckPassed)
			}
			cat := data.FindingCategories[i%len(data.FindingCategories)]
			_, err := finding.ExecContext(ctx, newID(), stamp, stamp, visitID, unitID, found, string(cat),
				"窗口工作人员"+string(cat), string(data.Dispositions[i%len(data.Dispositions)]), string(status), limit, due,
				report, "", recheck, result, closed)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFindingsFirstPage opens the 问题整改 list (first page of 100) on
// a ledger of 50,000 findings (issue 5: under 100 ms), unfiltered and as
// the screen's common filters.
func BenchmarkFindingsFirstPage(b *testing.B) {
	ctx := context.Background()
	db := newTestDB(b)
	bulkFindings(b, db, 50000)
	units, err := db.Units(ctx, data.UnitFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	for name, f := range map[string]data.FindingFilter{
		"all":      {},
		"整改中":      {RectStatus: data.RectOpen},
		"待复查":      {RectStatus: data.RectReported},
		"overdue":  {Overdue: true},
		"category": {Category: "门难进"},
		"unit":     {UnitID: units[0].ID},
		"2026":     {From: svDay(2026, 1, 1), To: svDay(2026, 12, 31)},
	} {
		f.Limit = 100
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				list, err := db.Findings(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				if len(list) == 0 {
					b.Fatal("empty page")
				}
			}
		})
	}
	b.Run("工作台 counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.RectificationCounts(ctx, svDay(2026, 11, 21), 3); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("supervision of a year", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.SupervisionStats(ctx, svDay(2026, 1, 1), svDay(2026, 12, 31), svDay(2026, 11, 21)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
