//go:build !race

// The demo county's audit log, ten thousand rows and more, read and checked
// on one goroutine: scripts/test.sh runs it without the race detector,
// which would only slow it fourfold; the export's other tests run the
// same code under it.

package reports

import (
	"context"
	"regexp"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/demo/demotest"
)

// latinLabel finds a field shown by a name with Latin letters in it (a
// column's name: merged_into_id, OfficeName) rather than its label.
var latinLabel = regexp.MustCompile(`(^|；|（|，)[^：；（，]*[A-Za-z][^：；（，]*：`)

// What TestDemoAuditRowsReadInChinese looks for in each row, compiled once
// for the demo county's ten thousand rows and more.
var (
	lowerLatin = regexp.MustCompile(`[a-z]`)
	anID       = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`)
	mergedInto = regexp.MustCompile(`并入单位：空 → 清溪县`)
	aTime      = regexp.MustCompile(`时间：20\d\d-\d\d-\d\d \d\d:\d\d(；|$| →)`)
)

// Every audit row of the demo county reads in Chinese in the 审计日志's
// export: no field by its column's name, no record by its id where it has
// a name, no technical field (the clock) at all.
func TestDemoAuditRowsReadInChinese(t *testing.T) {
	db := demotest.Open(t)
	ctx := context.Background()
	sheet := auditSheet(ctx, db, data.AuditFilter{})
	n, merged, times := 0, 0, 0
	err := sheet.Each(func(row []any) error {
		n++
		changes, record, kind := row[9].(string), row[8].(string), row[7].(string)
		if latinLabel.MatchString(changes) {
			t.Errorf("row %v: a field by its column's name: %s", row[0], changes)
		}
		if lowerLatin.MatchString(kind) {
			t.Errorf("row %v: the record's kind %q", row[0], kind)
		}
		if record != "" && record == row[10] && row[7] != "用户" {
			t.Errorf("row %v: the record %s shown by its id", row[0], record)
		}
		if anID.MatchString(changes) {
			t.Errorf("row %v: an id among the changes: %s", row[0], changes)
		}
		if mergedInto.MatchString(changes) {
			merged++ // a reference, by the unit's name
		}
		if aTime.MatchString(changes) {
			times++ // a time as the ledger shows it
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if merged == 0 || times == 0 {
		t.Errorf("%d units merged into a named unit, %d times shown", merged, times)
	}
	if n < 1000 {
		t.Errorf("%d audit rows in the demo county", n)
	}
}
