package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
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

func TestMain(m *testing.M) { demotest.Main(m) }

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
	if n, err := db.CountComplaints(ctx, data.ComplaintFilter{}); err != nil || n != complaints {
		t.Errorf("%d complaints after the round trip, %d before (%v)", n, complaints, err)
	}
}

// TestExportImportIntoAnotherLedger exports concluded and archived complaints
// (closed, not accepted, transferred, a duplicate merged into another) and
// imports them into an empty ledger: every complaint arrives in its state,
// the duplicate merged into the same master, and the year's figures agree.
func TestExportImportIntoAnotherLedger(t *testing.T) {
	ctx := context.Background()
	from := newLedger(t)
	addUnits(t, from, "县自然资源局", "县市场监督管理局")
	units, err := from.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) time.Time { return time.Date(2026, 9, day, hour, 0, 0, 0, data.Zone) }
	register := func(day int, subject string, steps ...data.Step) *data.Complaint {
		t.Helper()
		c := &data.Complaint{ReceivedAt: at(day, 9), Channel: data.ChannelPhone, UnitID: units[0].ID,
			Complainant: data.Complainant{Name: "王芳", Phone: "13905918888"}, Category: "事难办", Subject: subject, Content: subject + "。"}
		if _, err := from.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
		for _, s := range steps {
			if _, _, err := from.ApplyStep(ctx, c.ID, s); err != nil {
				t.Fatalf("%s %s: %v", subject, s.Kind, err)
			}
		}
		return c
	}
	archive := data.Step{Kind: data.EventArchive, At: at(28, 10)}
	master := register(1, "不动产登记多次往返",
		data.Step{Kind: data.EventAssign, At: at(1, 10), HandlerUnitID: units[0].ID},
		data.Step{Kind: data.EventFeedback, At: at(4, 10), Note: "已一次性告知"},
		data.Step{Kind: data.EventVerify, At: at(5, 10), Result: string(data.VerifiedTrue)},
		data.Step{Kind: data.EventReply, At: at(6, 10), Method: "电话"},
		data.Step{Kind: data.EventFollowUp, At: at(7, 10), Method: "电话", Result: string(data.Satisfied)}, archive)
	register(2, "咨询社保政策", data.Step{Kind: data.EventReject, At: at(2, 10), Note: "属政策咨询"}, archive)
	register(3, "反映市场价格问题", data.Step{Kind: data.EventTransfer, At: at(3, 10), TransferTo: "县市场监督管理局"}, archive)
	dup := &data.Complaint{ReceivedAt: at(2, 15), Channel: data.ChannelVisit, UnitID: units[0].ID,
		Complainant: data.Complainant{Name: "李强"}, Category: "事难办", Subject: "不动产登记又一次往返", Content: "同一事项。"}
	if _, err := from.RegisterMerged(ctx, dup, master.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := from.ApplyStep(ctx, dup.ID, archive); err != nil {
		t.Fatal(err)
	}

	to := newLedger(t)
	dir := t.TempDir()
	for _, kind := range []Kind{Units, Complaints} {
		var buf bytes.Buffer
		if err := reports.ExportXLSX(ctx, from, string(kind), &buf, true); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, string(kind)+".xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Open(ctx, to, path, kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Rows {
			if r.Status != RowNew {
				t.Errorf("%s row %d: %s %s", kind, r.Number, r.Status.Label(), r.Message)
			}
		}
		if _, err := p.Import(ctx, to); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	states := func(db *store.DB) map[string]string {
		t.Helper()
		list, err := db.Complaints(ctx, data.ComplaintFilter{})
		if err != nil {
			t.Fatal(err)
		}
		subjects := map[string]string{}
		for _, c := range list {
			subjects[c.ID] = c.Subject
		}
		out := map[string]string{}
		for _, c := range list {
			out[c.Subject] = fmt.Sprintf("%s 并入%s", c.Status, subjects[c.MergedIntoID])
		}
		return out
	}
	if got, want := states(to), states(from); !reflect.DeepEqual(got, want) {
		t.Errorf("imported %v, exported %v", got, want)
	}
	want, err := from.ComplaintYearFigures(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := to.ComplaintYearFigures(ctx, 2026); err != nil || got != want {
		t.Errorf("year figures %+v (%v), exported ledger's %+v", got, err, want)
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
	dir := t.TempDir()
	for _, kind := range []Kind{Units, Complaints} {
		var buf bytes.Buffer
		if err := reports.ExportXLSX(ctx, from, string(kind), &buf, true); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, string(kind)+".xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := Open(ctx, to, path, kind)
		if err != nil {
			t.Fatal(err)
		}
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
