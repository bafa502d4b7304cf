//go:build !race

// These tests export the whole demo county and import it again, on one
// goroutine: the importer has no other. The race detector would only make
// them several times slower, so scripts/test.sh runs them without; the
// package's other tests import through the same code under the detector.

package importer

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"testing"
	"time"
	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/demo/demotest"
	"xiaoneng/data/store"
	"xiaoneng/reports"
)

// TestExportImportRoundTrip exports the demo county's units and complaints to
// Excel and imports the files into the same ledger: every row is found
// already there, in whatever state, and nothing is added.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel() // waits for the shared demo county (demotest)
	ctx := context.Background()
	db := demotest.Open(t)
	db.SetClock(func() time.Time { return demo.Today })
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	complaints, err := db.CountComplaints(ctx, data.ComplaintFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind         Kind
		withIdentity bool
	}{{Units, false}, {Complaints, false}, {Complaints, true}} {
		p := exportPreview(t, db, db, tc.kind, tc.withIdentity)
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
	if n, err := db.CountComplaints(ctx, data.ComplaintFilter{}); err != nil || n != complaints {
		t.Errorf("%d complaints after the round trip, %d before (%v)", n, complaints, err)
	}
}

// TestDemoCountyIntoEmptyLedger exports the demo county's units and
// complaints (every state, duplicates merged) with identities, imports them
// into an empty ledger, and exports that: the same workbooks, row for row
// (two complaints received the same minute may trade places: the list orders
// them by when they were entered).
func TestDemoCountyIntoEmptyLedger(t *testing.T) {
	t.Parallel() // waits for the shared demo county (demotest)
	ctx := context.Background()
	from := demotest.Open(t)
	from.SetClock(func() time.Time { return demo.Today })
	to := newLedger(t)
	to.SetClock(func() time.Time { return demo.Today })
	export := func(db *store.DB, kind Kind) *Table {
		t.Helper()
		var buf bytes.Buffer
		if err := reports.ExportXLSX(ctx, db, string(kind), &buf, true); err != nil {
			t.Fatal(err)
		}
		tab, err := ReadXLSX(bytes.NewReader(buf.Bytes()), int64(buf.Len()), string(kind)+".xlsx", kind)
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	for _, kind := range []Kind{Units, Complaints} {
		p := exportPreview(t, from, to, kind, true)
		bad := 0
		for _, r := range p.Rows {
			if r.Status != RowNew && r.Status != RowSkipped {
				if bad++; bad <= 5 {
					t.Errorf("%s row %d: %s %s %v", kind, r.Number, r.Status.Label(), r.Message, r.Cells)
				}
			}
		}
		if bad > 0 {
			t.Fatalf("%s: %d rows would not import", kind, bad)
		}
		if _, err := p.Import(ctx, to); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	sorted := func(t *Table) *Table {
		slices.SortFunc(t.Rows, func(a, b []string) int { return slices.Compare(a, b) })
		return t
	}
	for _, kind := range []Kind{Units, Complaints} {
		want, got := sorted(export(from, kind)), sorted(export(to, kind))
		if len(got.Rows) != len(want.Rows) {
			t.Errorf("%s: %d rows exported again, %d first", kind, len(got.Rows), len(want.Rows))
		}
		diffs := 0
		for i := range min(len(got.Rows), len(want.Rows)) {
			if !reflect.DeepEqual(got.Rows[i], want.Rows[i]) {
				if diffs++; diffs <= 5 {
					t.Errorf("%s row %d:\n got %q\nwant %q", kind, i+1, got.Rows[i], want.Rows[i])
				}
			}
		}
		if diffs > 0 {
			t.Errorf("%s: %d rows differ", kind, diffs)
		}
	}
}
