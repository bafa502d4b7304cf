package store

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store/pgtest"
)

// ledgerContents is what a copy must keep of a ledger: the complaints with
// their history and files, the units, the figures and the audit trail.
func ledgerContents(t *testing.T, db *DB, ids []string) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out["units"] = units
	list, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out["complaints"] = list
	for _, id := range ids {
		ev, err := db.ComplaintEvents(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		files, err := db.Attachments(ctx, data.OwnerComplaint, id)
		if err != nil {
			t.Fatal(err)
		}
		trail, err := db.AuditTrail(ctx, "complaints", id)
		if err != nil {
			t.Fatal(err)
		}
		out["events "+id], out["files "+id], out["audit "+id] = ev, files, trail
	}
	stats, err := db.ComplaintStats(ctx, data.NewDate(2026, 1, 1), data.NewDate(2026, 12, 31), data.NewDate(2026, 11, 21))
	if err != nil {
		t.Fatal(err)
	}
	// The kept figures of the source may hold rows that went back to zero
	// (a complaint merged away), which a copy, counting afresh, does not.
	for _, m := range []map[string]ComplaintFigures{stats.ByUnit, stats.ByHandler, stats.ByMonth} {
		maps.DeleteFunc(m, func(_ string, c ComplaintFigures) bool { return c == ComplaintFigures{} })
	}
	maps.DeleteFunc(stats.ByCategory, func(_ data.Category, c ComplaintFigures) bool { return c == ComplaintFigures{} })
	maps.DeleteFunc(stats.ByChannel, func(_ data.Channel, c ComplaintFigures) bool { return c == ComplaintFigures{} })
	out["stats"] = stats
	counts, err := db.ComplaintMonthlyCounts(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	out["month counts"] = counts
	return out
}

// copyDestination opens the new ledger at path with nobody signed in, as a
// copy's destination must be (it has no users), with a fixed clock; it is
// closed when the test ends. Once a copy is in, signInTest signs in as the
// source's 测试员.
func copyDestination(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	db.SetClock(func() time.Time { return fixedNow })
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func sameContents(t *testing.T, what string, got, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("%s: %s\n%+v\nwant\n%+v", what, k, got[k], w)
		}
	}
}

// TestCopyBetweenEngines: a ledger copied from a file to the server and
// back is the same ledger, its search and its numbers going on; its users
// sign in with their passwords, its sealed complainants open and are found
// by name, and its audit chain verifies and goes on; a destination that is
// not empty (records, or users) is refused, and a copy that fails
// half-way leaves the destination as it was.
func TestCopyBetweenEngines(t *testing.T) {
	ctx := context.Background()
	pgtest.Server(t)
	f := newComplaintFixture(t)
	src := f.db
	a := f.register(t, "2026-03-02 09:00")
	f.apply(t, a.ID, data.Step{Kind: data.EventAccept}, data.Step{Kind: data.EventAssign, HandlerUnitID: f.h1, LimitDays: 5},
		data.Step{Kind: data.EventFeedback, Note: "已约谈窗口负责人并整改"})
	b := f.register(t, "2026-05-06 14:30", func(c *data.Complaint) { c.Subject = "窗口工作人员态度生硬" })
	gone := f.register(t, "2026-06-01 08:00")
	if err := src.DeleteComplaint(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	merged := &data.Complaint{ReceivedAt: tm("2026-07-01 10:00"), Channel: data.ChannelLetter, Complainant: data.Complainant{Name: "李四"},
		UnitID: f.unit, Category: "事难办", Subject: "再次反映", Content: "同一问题。"}
	if _, err := src.RegisterMerged(ctx, merged, b.ID, &data.Attachment{Name: "来信.pdf", Data: []byte("%PDF-1.4 来信扫描件")}); err != nil {
		t.Fatal(err)
	}
	ids := []string{a.ID, b.ID, merged.ID}
	want := ledgerContents(t, src, ids)

	// To the other engine, and back.
	other := newServerLedger
	if src.dialect.postgres {
		other = newLedgerPath
	}
	mid := copyDestination(t, other(t))
	counts, err := Copy(ctx, src, mid)
	if err != nil {
		t.Fatal(err)
	}
	if counts["complaints"] != 4 || counts["audit_log"] == 0 || counts["blobs"] != 1 || counts["users"] != 1 ||
		counts["user_credentials"] != 1 || counts["key_grants"] != 1 || counts["ledger_keys"] != 1 || counts["seal_keys"] == 0 {
		t.Errorf("copied %v", counts)
	}
	signInTest(t, mid)
	sameContents(t, "copied from "+src.dialect.name()+" to "+mid.dialect.name(), ledgerContents(t, mid, ids), want)
	back := copyDestination(t, newTestLedger(t))
	if _, err := Copy(ctx, mid, back); err != nil {
		t.Fatal(err)
	}
	signInTest(t, back)
	sameContents(t, "copied back to "+back.dialect.name(), ledgerContents(t, back, ids), want)
	for _, db := range []*DB{mid, back} {
		if problems, err := db.Check(ctx, true); err != nil || len(problems) != 0 {
			t.Errorf("check of the copy in %s: %v %v", db.dialect.name(), problems, err)
		}
		if broken, err := db.VerifyAuditChain(ctx); err != nil || len(broken) != 0 {
			t.Errorf("audit chain of the copy in %s: %v %v", db.dialect.name(), broken, err)
		}
		if who, err := db.RevealComplainant(ctx, merged.ID); err != nil || who.Name != "李四" {
			t.Errorf("%s: the sealed complainant opens as %+v (%v)", db.dialect.name(), who, err)
		}
		for term, id := range map[string]string{"态度": b.ID, "李四": merged.ID} {
			found, err := db.Complaints(ctx, data.ComplaintFilter{Search: term})
			if err != nil || len(found) != 1 || found[0].ID != id {
				t.Errorf("%s: search for %s in the copy: %v (%v)", db.dialect.name(), term, found, err)
			}
		}
		var srcID, id string
		if err := src.reader.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'ledger_id'").Scan(&srcID); err != nil {
			t.Fatal(err)
		}
		if err := db.reader.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'ledger_id'").Scan(&id); err != nil {
			t.Fatal(err)
		}
		if id != srcID {
			t.Errorf("%s: ledger id %s, want %s", db.dialect.name(), id, srcID)
		}
		// The next complaint takes the next number, and the copy's audit rows
		// and lists go on in order.
		c := &data.Complaint{ReceivedAt: tm("2026-11-20 09:00"), Channel: data.ChannelPhone, Complainant: data.Complainant{Anonymous: true},
			UnitID: f.unit, Category: "事难办", Subject: "复制后登记", Content: "复制后登记的投诉。"}
		if _, err := db.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.Number != "TS2026-0005" {
			t.Errorf("%s: next number %s, want TS2026-0005", db.dialect.name(), c.Number)
		}
		if err := db.UpdateComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
		if broken, err := db.VerifyAuditChain(ctx); err != nil || len(broken) != 0 {
			t.Errorf("audit chain of the copy in %s after its own changes: %v %v", db.dialect.name(), broken, err)
		}
	}

	// Not into a ledger that has records, nor into one that has users.
	if _, err := Copy(ctx, src, back); !errors.Is(err, data.ErrNotEmpty) {
		t.Errorf("copy into a ledger with records: err = %v, want ErrNotEmpty", err)
	}
	if _, err := Copy(ctx, src, newTestDB(t)); !errors.Is(err, data.ErrNotEmpty) {
		t.Errorf("copy into a ledger with users: err = %v, want ErrNotEmpty", err)
	}
	// All or nothing: a setting already there clashes with the source's,
	// after the units and complaints are in.
	if err := src.write(ctx, data.PermSettings, func(t *tx) error {
		_, err := t.exec("INSERT INTO settings (key, value, updated_at) VALUES ('zz_clash', 'a', '2026-11-21T10:00:00+08:00')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	dst := copyDestination(t, other(t))
	if err := dst.writeAs(ctx, nil, func(t *tx) error {
		_, err := t.exec("INSERT INTO settings (key, value, updated_at) VALUES ('zz_clash', 'b', '2026-11-21T10:00:00+08:00')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := Copy(ctx, src, dst); err == nil {
		t.Fatal("a copy whose rows clash succeeded")
	}
	if empty, err := dst.Empty(ctx); err != nil || !empty {
		t.Errorf("after the failed copy the destination has records (%v)", err)
	}
}

// TestBackupOfServerOpensAsFile: the server's backup is a ledger file.
func TestBackupOfServerOpensAsFile(t *testing.T) {
	ctx := context.Background()
	db := newTestDBAt(t, newServerLedger(t))
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县政务服务中心", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "服务器备份.db")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	file := openTestDB(t, out, false) // the server's users sign in to the file
	defer file.Close()
	units, err := file.Units(ctx, data.UnitFilter{})
	if err != nil || len(units) != 1 || units[0].Name != "县政务服务中心" {
		t.Fatalf("backup has units %v (%v)", units, err)
	}
	if problems, err := file.Check(ctx, true); err != nil || len(problems) != 0 {
		t.Errorf("check of the backup: %v %v", problems, err)
	}
}

// TestCopyCarriesTheFieldExchange: an office ledger with a laptop out,
// moved to the other engine, is the same office to the laptop: the
// checkout, its packages and the ledgers it knows come along, and the
// laptop's return package imports into the copy.
func TestCopyCarriesTheFieldExchange(t *testing.T) {
	ctx := context.Background()
	pgtest.Server(t)
	fp := newFieldPair(t)
	other := newServerLedger
	if fp.office.dialect.postgres {
		other = newLedgerPath
	}
	moved := copyDestination(t, other(t))
	counts, err := Copy(ctx, fp.office, moved)
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, moved)
	for _, table := range []string{"replicas", "field_checkouts", "field_checkout_records", "field_packages"} {
		if counts[table] == 0 {
			t.Errorf("no %s copied: %v", table, counts)
		}
	}
	outs, err := moved.FieldCheckouts(ctx)
	if err != nil || len(outs) != 1 || outs[0].Laptop != "外勤笔记本-1" {
		t.Fatalf("checkouts in the copy: %+v (%v)", outs, err)
	}
	v, err := fp.field.Visit(ctx, fp.visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	v.Summary = "外勤复查：已整改"
	if err := fp.field.UpdateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	back := fp.pkg()
	if _, err := fp.field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	if _, err := moved.ImportPackage(ctx, back, testCipher); err != nil {
		t.Fatalf("the laptop's package into the moved ledger: %v", err)
	}
	if got, err := moved.Visit(ctx, fp.visit.ID); err != nil || got.Summary != v.Summary {
		t.Errorf("moved ledger's visit %q (%v)", got.Summary, err)
	}
}
