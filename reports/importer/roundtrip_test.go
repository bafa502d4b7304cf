package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/reports"
)

// TestExportImportRoundTrip exports the demo county's units and tickets to
// Excel and imports the files into the same ledger: every row is found
// already there, in whatever state, and nothing is added.
func TestExportImportRoundTrip(t *testing.T) {
	if raceEnabled {
		t.Skip("生成演示县台账在竞态检测下需要十几分钟；不带 -race 运行此测试")
	}
	ctx := context.Background()
	db := newLedger(t)
	if err := demo.Fill(ctx, db, 1, nil); err != nil {
		t.Fatal(err)
	}
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	tickets, err := db.CountComplaints(ctx, data.ComplaintFilter{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		kind         Kind
		withIdentity bool
	}{{Units, false}, {Complaints, false}, {Complaints, true}} {
		var buf bytes.Buffer
		if err := reports.ExportXLSX(ctx, db, string(tc.kind), &buf, tc.withIdentity); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, string(tc.kind)+".xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Open(ctx, db, path, tc.kind)
		if err != nil {
			t.Fatal(err)
		}
		if p.MappingError != nil {
			t.Fatalf("%s: %v", tc.kind, p.MappingError)
		}
		for _, r := range p.Rows {
			if r.Status != RowExisting {
				t.Errorf("%s row %d: %s %s %v", tc.kind, r.Number, r.Status.Label(), r.Message, r.Cells)
				break
			}
		}
		res, err := p.Import(ctx, db)
		if err != nil || res.Added != 0 {
			t.Errorf("%s: %+v, %v", tc.kind, res, err)
		}
	}
	after, err := db.Units(ctx, data.UnitFilter{})
	if err != nil || len(after) != len(units) {
		t.Errorf("%d units after the round trip, %d before (%v)", len(after), len(units), err)
	}
	if n, err := db.CountComplaints(ctx, data.ComplaintFilter{}); err != nil || n != tickets {
		t.Errorf("%d tickets after the round trip, %d before (%v)", n, tickets, err)
	}
}
