//go:build !race

package store_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// The crash test's field imports: the ledger has a round out on a laptop
// (a field ledger beside it), and the child imports, in order, the
// laptop's 交回 packages into the office and the office's refreshed
// packages into the field ledger. Both sides changed the same finding's
// description since the checkout, so every package holds a conflict.
// After each kill: every package acknowledged is in whole, the package cut
// short is in whole or not at all (its visits and its record go together),
// one conflict is held, not one a package; the next trial imports the
// package cut short again, once.

const (
	crashPackages = 20 // packages each way
	crashBatch    = 25 // visits in each
	laptopFile    = "外勤台账.db"
)

// crashCipher is a passphrase at a cost the test affords.
var crashCipher = exchange.Passphrase{Secret: "外勤口令2026", WorkFactor: 10}

// backPackage and morePackage are the paths of the k-th 交回 and 补充包.
func backPackage(dir string, k int) string {
	return filepath.Join(dir, fmt.Sprintf("交回%02d.xnpkg", k))
}

func morePackage(dir string, k int) string {
	return filepath.Join(dir, fmt.Sprintf("补充%02d.xnpkg", k))
}

// setupFieldCrash takes a round of the ledger db (at path) out to a
// laptop, makes the field ledger beside it, and writes the packages each
// side will import: batch k of each side's visits and its own description
// of the same finding, then its package k.
func setupFieldCrash(t *testing.T, db *store.DB, path string) {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Dir(path)
	u := newUnit("县政务服务中心")
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	r := &data.Round{Title: "2026年第四季度明察暗访", Kind: data.RoundCovert, Start: data.NewDate(2026, 11, 2), UnitIDs: []string{u.ID}}
	if err := db.CreateRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	f := &data.Finding{Category: "脱岗/纪律作风", Description: "窗口无人", Disposition: data.DispositionOnSite}
	if err := db.RecordVisit(ctx, &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: time.Date(2026, 11, 3, 10, 0, 0, 0, data.Zone), Summary: "暗访"},
		[]*data.Finding{f}, nil); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "出库.xnpkg")
	if _, err := db.WritePackageForLaptop(ctx, store.FieldOut{Rounds: []string{r.ID}, Laptop: "外勤笔记本-1", Path: out, Cipher: crashCipher}); err != nil {
		t.Fatal(err)
	}
	opt := storetest.Options
	opt.Device = "laptop-1"
	field, _, err := store.CreateFieldLedger(ctx, filepath.Join(dir, laptopFile), out, crashCipher, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer field.Close()
	if _, err := field.SignIn(ctx, storetest.Login, storetest.Password); err != nil {
		t.Fatal(err)
	}
	batch := func(side *store.DB, who string, k int) {
		for j := range crashBatch {
			v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: time.Date(2026, 11, 4+k, 9, j, 0, 0, data.Zone), Summary: fmt.Sprintf("%s%d-%d", who, k, j)}
			var photos []*data.Attachment
			if j == 0 {
				photos = []*data.Attachment{{Name: "现场.png", Data: append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{byte(k), byte(len(who))}, 32<<10)...)}}
			}
			if err := side.RecordVisit(ctx, v, nil, photos); err != nil {
				t.Fatal(err)
			}
		}
		mine, err := side.Finding(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		mine.Description = fmt.Sprintf("%s第%d次改的描述", who, k)
		if err := side.UpdateFinding(ctx, mine); err != nil {
			t.Fatal(err)
		}
	}
	for k := range crashPackages {
		batch(db, "主台账", k)
		if _, err := db.WritePackageForLaptop(ctx, store.FieldOut{Rounds: []string{r.ID}, Laptop: "外勤笔记本-1", Path: morePackage(dir, k), Cipher: crashCipher}); err != nil {
			t.Fatal(err)
		}
		batch(field, "外勤", k)
		if _, err := field.WriteReturnPackage(ctx, backPackage(dir, k), crashCipher); err != nil {
			t.Fatal(err)
		}
	}
}

// crashFieldChild is the child's side of the field imports.
type crashFieldChild struct {
	dir    string
	office *store.DB
	laptop *store.DB // opened when first needed
}

// received is how many of the other side's packages the ledger of side
// has imported: the office counts the laptop's; the laptop's first package
// from the office was the one it was made from.
func received(ctx context.Context, db *store.DB, side string) (int, error) {
	if side == "laptop" {
		fc, ok, err := db.FieldLedger(ctx)
		if err != nil || !ok {
			return 0, fmt.Errorf("the laptop's ledger is no field ledger (%v)", err)
		}
		return int(fc.Received) - 1, nil
	}
	list, err := db.FieldCheckouts(ctx)
	if err != nil || len(list) != 1 {
		return 0, fmt.Errorf("checkouts %v: %w", list, err)
	}
	return int(list[0].Received), nil
}

// importNext imports into side's ledger the next package of the other
// side, announced first and acknowledged once done, and imports it once
// more, which must change nothing; once all are in, the last is repeated.
func (c *crashFieldChild) importNext(ctx context.Context, side string, say func(string), fail func(string, error)) {
	db, pkg := c.office, backPackage
	if side == "laptop" {
		if c.laptop == nil {
			l, err := store.Open(ctx, filepath.Join(c.dir, laptopFile), store.Options{KDF: storetest.Options.KDF})
			if err != nil {
				fail("open the field ledger", err)
			}
			if _, err := l.SignIn(ctx, storetest.Login, storetest.Password); err != nil {
				fail("sign in on the field ledger", err)
			}
			c.laptop = l
		}
		db, pkg = c.laptop, morePackage
	}
	k, err := received(ctx, db, side)
	if err != nil {
		fail("packages received", err)
	}
	repeat := k >= crashPackages
	k = min(k, crashPackages-1)
	w := fmt.Sprintf("fieldin %s %d", side, k)
	say("begin " + w)
	pv, err := db.ImportPackage(ctx, pkg(c.dir, k), crashCipher)
	if err != nil {
		fail(w, err)
	}
	if pv.Imported != repeat || (!repeat && len(pv.Conflicts) != 1) {
		fail(w, fmt.Errorf("imported before %v, %d conflicts", pv.Imported, len(pv.Conflicts)))
	}
	say("ack " + w)
	if pv, err = db.ImportPackage(ctx, pkg(c.dir, k), crashCipher); err != nil || !pv.Imported {
		fail(w+" again", fmt.Errorf("imported before %v: %w", pv != nil && pv.Imported, err))
	}
}

// verifyFieldAfterCrash checks the field imports of both ledgers after a
// kill, and the field ledger's own check and automatic backups.
func verifyFieldAfterCrash(t *testing.T, office *store.DB, path string, trial int, acked map[string]bool, inFlight string) {
	t.Helper()
	ctx := context.Background()
	laptop, err := store.Open(ctx, filepath.Join(filepath.Dir(path), laptopFile), store.Options{KDF: storetest.Options.KDF})
	if err != nil {
		t.Fatalf("trial %d: the field ledger does not open: %v", trial, err)
	}
	defer laptop.Close()
	if _, err := laptop.SignIn(ctx, storetest.Login, storetest.Password); err != nil {
		t.Fatal(err)
	}
	if problems, err := laptop.Check(ctx, true); err != nil || len(problems) > 0 {
		t.Fatalf("trial %d: check of the field ledger: %v %v", trial, problems, err)
	}
	for side, db := range map[string]*store.DB{"office": office, "laptop": laptop} {
		n, err := received(ctx, db, side)
		if err != nil {
			t.Fatal(err)
		}
		theirs := map[string]string{"office": "外勤", "laptop": "主台账"}[side]
		visits, err := db.Visits(ctx, data.VisitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, v := range visits {
			if strings.HasPrefix(v.Summary, theirs) {
				got++
			}
		}
		if got != n*crashBatch {
			t.Errorf("trial %d: %s has %d of the other side's visits after %d packages of %d: half a package", trial, side, got, n, crashBatch)
		}
		for w := range acked {
			if ks, ok := strings.CutPrefix(w, "fieldin "+side+" "); ok {
				if k, _ := strconv.Atoi(ks); n < k+1 {
					t.Errorf("trial %d: %s acknowledged package %d and has %d", trial, side, k, n)
				}
			}
		}
		if ks, ok := strings.CutPrefix(inFlight, "fieldin "+side+" "); ok {
			if k, _ := strconv.Atoi(ks); n != k && n != k+1 && !(n == crashPackages && k == crashPackages-1) {
				t.Errorf("trial %d: %s was importing package %d and has %d", trial, side, k, n)
			}
		}
		held, err := db.Conflicts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(n, 1); len(held) != want {
			t.Errorf("trial %d: %s holds %d conflicts after %d packages, want %d", trial, side, len(held), n, want)
		}
	}
	list, err := store.AutoBackups(laptop.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range list {
		wantWholeCopy(t, b.Path)
	}
}

// fieldImportsDone says how far the field imports went, for the log.
func fieldImportsDone(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	var parts []string
	for _, side := range []string{"office", "laptop"} {
		p := path
		if side == "laptop" {
			p = filepath.Join(filepath.Dir(path), laptopFile)
		}
		db, err := store.Open(ctx, p, store.Options{KDF: storetest.Options.KDF})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignIn(ctx, storetest.Login, storetest.Password); err != nil {
			t.Fatal(err)
		}
		n, err := received(ctx, db, side)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%s %d/%d", side, n, crashPackages))
	}
	return strings.Join(parts, ", ")
}
