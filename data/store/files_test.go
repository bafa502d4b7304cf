package store_test

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// What the machine does to the ledger's file — a folder that cannot be
// written, a full disk — is told apart from damage, in the words of each,
// naming the ledger, and leaves the ledger as it was.

func newUnit(name string) *data.Unit {
	return &data.Unit{Name: name, Category: data.UnitOther}
}

// A new ledger, its companion files and its backups are readable by the
// user only: they hold complainants' identities.
func TestLedgerFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("on Windows the user's profile folder restricts the ledger")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "xiaoneng")
	path := filepath.Join(dir, "台账.db")
	db, err := store.Open(ctx, path, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	storetest.SignIn(t, db)
	defer db.Close()
	if err := db.CreateUnit(ctx, newUnit("县档案馆")); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "备份.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", backup} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", filepath.Base(p), st.Mode(), err)
		}
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the folder made for the ledger: %v, %v; want 0700", st.Mode(), err)
	}
}

// A ledger in a folder that cannot be written opens read-only: it can be
// read, checked and copied; a change is refused with a sentence saying the
// ledger is read-only, naming it; the folder is left byte for byte as it
// was, without even SQLite's companion files.
func TestReadOnlyLedger(t *testing.T) {
	ctx := context.Background()
	dir := storetest.SmallDisk(t, 8<<20)
	path := filepath.Join(dir, "台账.db")
	db, err := store.Open(ctx, path, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	storetest.SignIn(t, db)
	if err := db.CreateUnit(ctx, newUnit("县档案馆")); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	storetest.ReadOnlyDir(t, dir)
	before := storetest.Snapshot(t, dir)

	db, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("a read-only ledger does not open: %v", err)
	}
	storetest.SignIn(t, db)
	if ro, why := db.ReadOnly(); !ro || !errors.Is(why, data.ErrLedgerReadOnly) {
		t.Errorf("ReadOnly() = %v, %v", ro, why)
	}
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil || len(units) != 1 {
		t.Errorf("reading: %d units, %v", len(units), err)
	}
	if problems, err := db.Check(ctx, false); err != nil || len(problems) != 0 {
		t.Errorf("check: %v, %v", problems, err)
	}
	backup := filepath.Join(t.TempDir(), "备份.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Errorf("a backup of a read-only ledger: %v", err)
	}
	err = db.CreateUnit(ctx, newUnit("县林业局"))
	if !errors.Is(err, data.ErrLedgerReadOnly) {
		t.Fatalf("a change: %v, want ErrLedgerReadOnly", err)
	}
	if msg := data.UserMessage(err); !strings.Contains(msg, "只读") {
		t.Errorf("the user is told %q", msg)
	}
	if file, ok := data.FileOf(err); !ok || file != path {
		t.Errorf("the error names %q, want the ledger", file)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if after := storetest.Snapshot(t, dir); !maps.Equal(before, after) {
		t.Errorf("the read-only folder changed: %d files before, %d after", len(before), len(after))
	}
}

// On a full disk a ledger says so — not that it is damaged — for a change
// and for opening alike; it can still be looked at, and is unchanged.
func TestFullDisk(t *testing.T) {
	ctx := context.Background()
	dir := storetest.SmallDisk(t, 4<<20)
	path := filepath.Join(dir, "台账.db")
	db, err := store.Open(ctx, path, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	storetest.SignIn(t, db)
	if err := db.CreateUnit(ctx, newUnit("县档案馆")); err != nil {
		t.Fatal(err)
	}
	filler := storetest.FillDisk(t, dir)
	// Change after change until the ledger's file can grow no more.
	for i := 0; err == nil && i < 10000; i++ {
		u := newUnit(strings.Repeat("单", 40) + string(rune('一'+i)))
		u.Note = strings.Repeat("备注", 2000)
		err = db.CreateUnit(ctx, u)
	}
	if !errors.Is(err, data.ErrDiskFull) {
		t.Fatalf("a change on a full disk: %v, want ErrDiskFull", err)
	}
	if file, ok := data.FileOf(err); !ok || file != path {
		t.Errorf("the error names %q, want the ledger", file)
	}
	want, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil && !errors.Is(err, data.ErrDiskFull) {
		t.Fatal(err)
	}

	// Opened again, the disk still full: the ledger can be looked at, and
	// a change says the disk is full.
	db, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("opening on a full disk: %v (%s)", err, data.UserMessage(err))
	}
	storetest.SignIn(t, db)
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil || len(units) != len(want) {
		t.Errorf("reading on a full disk: %d units, %v; want %d", len(units), err, len(want))
	}
	err = db.CreateUnit(ctx, newUnit("县林业局"))
	if msg := data.UserMessage(err); !strings.Contains(msg, "磁盘空间已满") {
		t.Errorf("a change on a full disk: %q", msg)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// A backup to the full disk fails, names the backup, and leaves
	// nothing behind.
	db, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.SignIn(t, db)
	defer db.Close()
	before := storetest.Snapshot(t, dir)
	backup := filepath.Join(dir, "备份.db")
	err = db.Backup(ctx, backup)
	if msg := data.UserMessage(err); !strings.Contains(msg, "磁盘空间已满") {
		t.Errorf("a backup to a full disk: %v (%q)", err, msg)
	}
	if file, ok := data.FileOf(err); !ok || file != backup {
		t.Errorf("the error names %q, want the backup", file)
	}
	if after := storetest.Snapshot(t, dir); !maps.Equal(before, after) {
		t.Errorf("a failed backup left %d files, %d before", len(after), len(before))
	}

	// With room again, the ledger takes changes.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	db2, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.SignIn(t, db2)
	defer db2.Close()
	if err := db2.CreateUnit(ctx, newUnit("县林业局")); err != nil {
		t.Errorf("a change with room again: %v", err)
	}
}
