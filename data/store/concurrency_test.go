package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store/pgtest"
)

// The tests of several desktops on one ledger: on the server, or on a file
// opened by several programs, each its own DB with its own user.

// desktops opens n more handles on db's ledger, as n other desktops, each
// signed in as a user of its own (desk1 桌面1, …, holding every role), whom
// db's administrator adds.
func desktops(t *testing.T, db *DB, n int) []*DB {
	t.Helper()
	var out []*DB
	for i := range n {
		login := fmt.Sprintf("desk%d", i+1)
		if _, err := db.UserByLogin(context.Background(), login); errors.Is(err, data.ErrNotFound) {
			addTestUser(t, db, login, fmt.Sprintf("桌面%d", i+1), data.Roles...)
		} else if err != nil {
			t.Fatal(err)
		}
		opt := testOptions
		opt.Device = fmt.Sprintf("pc-%d", i+1)
		d, err := Open(context.Background(), db.Path(), opt)
		if err != nil {
			t.Fatal(err)
		}
		d.SetClock(func() time.Time { return fixedNow })
		signInAs(t, d, login)
		t.Cleanup(func() {
			if err := d.Close(); err != nil {
				t.Error(err)
			}
		})
		out = append(out, d)
	}
	return out
}

// checkSequence fails unless seqs are 1..len(seqs), each once.
func checkSequence(t *testing.T, what string, seqs []int) {
	t.Helper()
	slices.Sort(seqs)
	for i, s := range seqs {
		if s != i+1 {
			t.Fatalf("%s numbers %v, want 1..%d without gaps or duplicates", what, seqs, len(seqs))
		}
	}
}

func TestDesktopsRegisterAtOnce(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	const n, each = 4, 5
	var mu sync.Mutex
	var seqs []int
	var wg sync.WaitGroup
	for i, d := range desktops(t, f.db, n) {
		wg.Go(func() {
			for j := range each {
				c := &data.Complaint{ReceivedAt: tm("2026-11-20 09:00"), Channel: data.ChannelPhone, Complainant: data.Complainant{Anonymous: true},
					UnitID: f.unit, Category: "事难办", Subject: fmt.Sprintf("桌面%d第%d件", i+1, j+1), Content: "多次往返。"}
				if _, err := d.RegisterComplaint(ctx, c); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seqs = append(seqs, c.Seq)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seqs) != n*each {
		t.Fatalf("%d complaints registered, want %d", len(seqs), n*each)
	}
	checkSequence(t, "complaint", seqs)
	list, err := f.db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != n*each {
		t.Errorf("%d complaints stored, want %d", len(list), n*each)
	}
}

func TestDesktopsSignAtOnce(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	const n, each = 4, 4
	var drafts []*data.Document
	for i := range n * each {
		drafts = append(drafts, createDraft(t, db, f.draft(data.DocNotice, fmt.Sprintf("监察通知书%d", i+1))))
	}
	var mu sync.Mutex
	var seqs []int
	var wg sync.WaitGroup
	for i, d := range desktops(t, db, n) {
		wg.Go(func() {
			for _, draft := range drafts[i*each : (i+1)*each] {
				signed, err := d.SignDocument(ctx, draft.ID, data.NewDate(2026, 11, 20), "李明")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seqs = append(seqs, signed.Seq)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seqs) != n*each {
		t.Fatalf("%d documents signed, want %d", len(seqs), n*each)
	}
	checkSequence(t, "document", seqs)
}

// TestStaleSaveRefused: a save based on a version someone else has saved
// over is refused with who and when, and changes nothing; the reloaded
// record saves.
func TestStaleSaveRefused(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment, Phone: "0571-1000"}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.Version != 1 {
		t.Fatalf("new unit at version %d, want 1", u.Version)
	}
	other := desktops(t, db, 1)[0]
	mine, err := db.Unit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := other.Unit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Phone = "0571-2000"
	if err := other.UpdateUnit(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	if theirs.Version != 2 {
		t.Errorf("saved unit at version %d, want 2", theirs.Version)
	}
	mine.Phone, mine.Note = "0571-3000", "我的修改"
	err = db.UpdateUnit(ctx, mine)
	var stale *data.StaleError
	if !errors.As(err, &stale) {
		t.Fatalf("stale save: err = %v, want StaleError", err)
	}
	if msg := data.UserMessage(err); msg != "此记录已被他人修改（桌面1，2026-11-21 10:00）" {
		t.Errorf("message %q", msg)
	}
	got, err := db.Unit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Phone != "0571-2000" || got.Note != "" || got.Version != 2 {
		t.Errorf("after the refused save: phone %q, note %q, version %d", got.Phone, got.Note, got.Version)
	}
	trail, err := db.AuditTrail(ctx, "units", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 2 {
		t.Errorf("%d audit rows, want the creation and their save", len(trail))
	}
	// Reloaded, with what the user typed put back, it saves.
	got.Note = mine.Note
	if err := db.UpdateUnit(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 3 {
		t.Errorf("version %d after the save, want 3", got.Version)
	}
}

// TestNoLostUpdate: desktops saving the same record at once, each from the
// version they read: one save wins, the others are refused.
func TestNoLostUpdate(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	u := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	const n = 4
	ds := desktops(t, db, n)
	read := make([]*data.Unit, n)
	for i, d := range ds {
		var err error
		if read[i], err = d.Unit(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		read[i].Note = fmt.Sprintf("桌面%d的备注", i+1)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, d := range ds {
		wg.Go(func() { errs[i] = d.UpdateUnit(ctx, read[i]) })
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		var stale *data.StaleError
		switch {
		case err == nil && won < 0:
			won = i
		case err == nil:
			t.Errorf("桌面%d and 桌面%d both saved", won+1, i+1)
		case !errors.As(err, &stale):
			t.Errorf("桌面%d: %v", i+1, err)
		}
	}
	got, err := db.Unit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if won < 0 || got.Note != read[won].Note || got.Version != 2 {
		t.Errorf("stored note %q at version %d; the save that won: 桌面%d", got.Note, got.Version, won+1)
	}
}

// TestDesktopsCreateAtOnce: desktops opening a new ledger on the server at
// the same moment each find it made, by whichever came first. (A new file
// is created by one program only: the second finds it there and is
// refused.)
func TestDesktopsCreateAtOnce(t *testing.T) {
	path := pgtest.NewDatabase(t, "")
	const n = 4
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			db, err := Open(context.Background(), path, Options{Create: true})
			if err == nil {
				err = db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("desktop %d: %v", i+1, err)
		}
	}
	db := openTestDB(t, path, false)
	if v, err := db.SchemaVersion(context.Background()); err != nil || v != LatestVersion() {
		t.Errorf("version %d (%v)", v, err)
	}
}

// TestDesktopsChainAuditAtOnce: desktops writing at the same moment on the
// server — complaints with a named complainant (sealed, hashed for search),
// units, sign-ins and reveals, each writing audit rows — leave one linear
// audit chain: the rows numbered without a gap, each chained to the one
// before, the chain verified; no write refused for a clash at the chain's
// tail (every write transaction takes the ledger's lock before it reads
// the tail).
func TestDesktopsChainAuditAtOnce(t *testing.T) {
	if pgtest.OnServer() {
		chainAtOnce(t, newTestDB(t))
		return
	}
	t.Run("server", func(t *testing.T) { chainAtOnce(t, newTestDBAt(t, newServerLedger(t))) })
	t.Run("file", func(t *testing.T) { chainAtOnce(t, newTestDB(t)) })
}

func chainAtOnce(t *testing.T, db *DB) {
	ctx := context.Background()
	unit := &data.Unit{Name: "县政务服务中心", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	const n, each = 4, 6
	ds := desktops(t, db, n)
	var before int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM audit_log").Scan(&before); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i, d := range ds {
		wg.Go(func() {
			for j := range each {
				var err error
				switch j % 3 {
				case 0:
					c := &data.Complaint{ReceivedAt: tm("2026-11-20 09:00"), Channel: data.ChannelPhone,
						Complainant: data.Complainant{Name: fmt.Sprintf("张%d%d", i, j), Phone: "13800001111"},
						UnitID:      unit.ID, Category: "事难办", Subject: fmt.Sprintf("桌面%d第%d件", i+1, j+1), Content: "多次往返。"}
					if _, err = d.RegisterComplaint(ctx, c); err == nil {
						_, err = d.RevealComplainant(ctx, c.ID)
					}
				case 1:
					err = d.CreateUnit(ctx, &data.Unit{Name: fmt.Sprintf("桌面%d的单位%d", i+1, j+1), Category: data.UnitDepartment})
				default:
					_, err = d.SignIn(ctx, fmt.Sprintf("desk%d", i+1), testPassword)
				}
				if err != nil {
					t.Errorf("桌面%d: %v", i+1, err)
					return
				}
			}
		})
	}
	wg.Wait()
	var rows, first, last int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*), min(id), max(id) FROM audit_log").Scan(&rows, &first, &last); err != nil {
		t.Fatal(err)
	}
	if rows <= before+n*each || first != 1 || last != rows {
		t.Errorf("%d audit rows (%d before), ids %d..%d: want one row per id from 1", rows, before, first, last)
	}
	var forks int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.prev_hash = a.hash AND b.id != a.id + 1").Scan(&forks); err != nil {
		t.Fatal(err)
	}
	if forks != 0 {
		t.Errorf("%d rows chained to a row other than the one before them", forks)
	}
	if broken, err := db.VerifyAuditChain(ctx); err != nil || len(broken) != 0 {
		t.Errorf("the chain after desktops wrote at once: %v %v", broken, err)
	}
}
