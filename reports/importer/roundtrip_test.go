package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/demo/demotest"
	"xiaoneng/data/store"
	"xiaoneng/reports"
)

func TestMain(m *testing.M) { demotest.Main(m) }

// exportPreview exports kind from the ledger from to an Excel file (with
// the complainants' identities or without) and opens it for import into to.
func exportPreview(t *testing.T, from, to *store.DB, kind Kind, withIdentity bool) *Preview {
	t.Helper()
	ctx := context.Background()
	var buf bytes.Buffer
	if err := reports.ExportXLSX(ctx, from, string(kind), &buf, withIdentity); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), string(kind)+".xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Open(ctx, to, path, kind)
	if err != nil {
		t.Fatal(err)
	}
	return p
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
	for _, kind := range []Kind{Units, Complaints} {
		p := exportPreview(t, from, to, kind, true)
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
