package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"xiaoneng/data"
)

// engineError stands for an error of the SQLite engine with a result code.
type engineError int

func (e engineError) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e engineError) Code() int     { return int(e) }

func TestClassifySQLite(t *testing.T) {
	for _, tc := range []struct {
		code int
		want error
	}{
		{sqlite3.SQLITE_CORRUPT, data.ErrDamaged},
		{sqlite3.SQLITE_CORRUPT_INDEX, data.ErrDamaged},
		{sqlite3.SQLITE_NOTADB, data.ErrNotLedger},
		{sqlite3.SQLITE_BUSY, data.ErrBusy},
		{sqlite3.SQLITE_BUSY_SNAPSHOT, data.ErrBusy},
		{sqlite3.SQLITE_LOCKED, data.ErrBusy},
		{sqlite3.SQLITE_FULL, data.ErrDiskFull},
		{sqlite3.SQLITE_READONLY, data.ErrReadOnly},
		{sqlite3.SQLITE_READONLY_DBMOVED, data.ErrReadOnly},
		{sqlite3.SQLITE_PERM, data.ErrReadOnly},
		{sqlite3.SQLITE_IOERR, data.ErrStorage},
		{sqlite3.SQLITE_IOERR_WRITE, data.ErrStorage},
		{sqlite3.SQLITE_IOERR_FSYNC, data.ErrStorage},
		{sqlite3.SQLITE_CANTOPEN, data.ErrStorage},
	} {
		engine := engineError(tc.code)
		err := classifySQLite(fmt.Errorf("store: commit: %w", engine), nil)
		if !errors.Is(err, tc.want) || !errors.Is(err, engine) {
			t.Errorf("code %d: %v, want %v wrapping the engine's error", tc.code, err, tc.want)
		}
		if got := data.UserMessage(err); got != tc.want.Error() {
			t.Errorf("code %d: the user is told %q", tc.code, got)
		}
	}
	// Errors that are not about the file stay as they are: a constraint
	// the store turns into a sentence of its own, the end of rows.
	for _, err := range []error{engineError(sqlite3.SQLITE_CONSTRAINT_UNIQUE), sql.ErrNoRows, context.Canceled} {
		if got := classifySQLite(err, nil); got != err {
			t.Errorf("%v classified as %v", err, got)
		}
	}
}

// unitCount counts the live units, to show a refused change changed nothing.
func unitCount(t *testing.T, db *DB) int {
	t.Helper()
	units, err := db.Units(context.Background(), data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(units)
}

// TestStorageErrorsAreTyped provokes what the engine reports about the
// file through the store's own methods: each comes out as data's typed
// error, with its sentence, and leaves the ledger unchanged.
func TestStorageErrorsAreTyped(t *testing.T) {
	ctx := context.Background()
	newUnit := func(name string) *data.Unit { return &data.Unit{Name: name, Category: data.UnitOther} }

	t.Run("busy", func(t *testing.T) {
		defer func(d, n time.Duration) { busyTimeout, waitNotice = d, n }(busyTimeout, waitNotice)
		busyTimeout, waitNotice = 50*time.Millisecond, 100*time.Millisecond
		db := newFileDB(t)
		var notices []bool
		var mu sync.Mutex
		db.SetWaitNotice(func(waiting bool) {
			mu.Lock()
			notices = append(notices, waiting)
			mu.Unlock()
		})
		// Another program writes to the ledger and keeps its transaction
		// open for longer than SQLite waits.
		other, err := sql.Open("sqlite", db.Path())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		conn, err := other.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		// A write that may not wait that long gives up, and writes nothing.
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		err = db.CreateUnit(short, newUnit("县档案馆"))
		cancel()
		if err == nil {
			t.Fatal("a write went ahead while another program held the ledger")
		}
		if n := unitCount(t, db); n != 0 {
			t.Errorf("%d units after a write that gave up", n)
		}
		// A write that may wait goes ahead once the other program is done,
		// and the user was told it waited.
		go func() {
			time.Sleep(500 * time.Millisecond)
			conn.ExecContext(ctx, "ROLLBACK") //nolint:errcheck // the test fails below if it did not end
		}()
		if err := db.CreateUnit(ctx, newUnit("县档案馆")); err != nil {
			t.Fatalf("a write waiting for another program: %v", err)
		}
		if n := unitCount(t, db); n != 1 {
			t.Errorf("%d units after the write", n)
		}
		mu.Lock()
		defer mu.Unlock()
		if want := []bool{true, false, true, false}; !slices.Equal(notices, want) {
			t.Errorf("notices %v, want %v", notices, want)
		}
	})

	t.Run("full", func(t *testing.T) {
		db := newFileDB(t)
		if err := db.CreateUnit(ctx, newUnit("县档案馆")); err != nil {
			t.Fatal(err)
		}
		// The file may not grow: as when the disk is full.
		var pages int
		if err := db.writer.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if _, err := db.writer.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
			t.Fatal(err)
		}
		var err error
		for i := 0; i < 200 && err == nil; i++ {
			u := newUnit(fmt.Sprintf("第%d个单位", i))
			u.Note = strings.Repeat("备注", 500)
			err = db.CreateUnit(ctx, u)
		}
		if !errors.Is(err, data.ErrDiskFull) {
			t.Fatalf("err = %v, want ErrDiskFull", err)
		}
		if got := data.UserMessage(err); got != data.ErrDiskFull.Error() {
			t.Errorf("the user is told %q", got)
		}
	})

	t.Run("read-only", func(t *testing.T) {
		db := newFileDB(t)
		if _, err := db.writer.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUnit(ctx, newUnit("县档案馆")); !errors.Is(err, data.ErrReadOnly) {
			t.Fatalf("err = %v, want ErrReadOnly", err)
		}
		if n := unitCount(t, db); n != 0 {
			t.Errorf("%d units after a refused write", n)
		}
	})

	t.Run("damaged", func(t *testing.T) {
		path := damagedLedger(t)
		db, err := Open(ctx, path, testOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		signInTest(t, db) // the users' table is sound
		_, err = db.Units(ctx, data.UnitFilter{})
		if !errors.Is(err, data.ErrDamaged) {
			t.Fatalf("err = %v, want ErrDamaged", err)
		}
		if got := data.UserMessage(err); got != data.ErrDamaged.Error() {
			t.Errorf("the user is told %q", got)
		}
	})
}

// damagedLedger writes a ledger whose units table's root page is
// scribbled over: the file still opens as a ledger, but its units cannot
// be read.
func damagedLedger(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := newFileDB(t)
	for i := range 200 {
		if err := db.CreateUnit(ctx, &data.Unit{Name: fmt.Sprintf("第%d个单位", i), Category: data.UnitOther, Note: strings.Repeat("备注", 50)}); err != nil {
			t.Fatal(err)
		}
	}
	var root, pageSize int64
	if err := db.reader.QueryRowContext(ctx, "SELECT rootpage FROM sqlite_schema WHERE name = 'units'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.reader.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Repeat("\xA5", int(pageSize)-16)), (root-1)*pageSize+8); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// A SQLite connection keeps its statements prepared for the next query of
// the same text: a text being read (its rows open) is read again on a
// statement of its own, a kept statement follows a change of the schema,
// and a full cache starts again.
func TestKeptStatements(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	db := newTestDB(t)
	c, err := db.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "CREATE TEMP TABLE kept (n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 3; n++ {
		if _, err := c.ExecContext(ctx, "INSERT INTO kept (n) VALUES (?)", n); err != nil {
			t.Fatal(err)
		}
	}
	read := func(query string) []int {
		t.Helper()
		rows, err := c.QueryContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	const all = "SELECT n FROM kept ORDER BY n"
	rows, err := c.QueryContext(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	var outer []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, n)
		if inner := read(all); !slices.Equal(inner, []int{1, 2, 3}) {
			t.Errorf("read again while being read: %v", inner)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil || !slices.Equal(outer, []int{1, 2, 3}) {
		t.Errorf("read: %v (%v)", outer, err)
	}
	if got := read(all); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("read once more: %v", got)
	}

	if _, err := c.ExecContext(ctx, "UPDATE kept SET n = n * 10"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, "DROP TABLE kept"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, "CREATE TEMP TABLE kept (m INTEGER, n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(ctx, "INSERT INTO kept (m, n) VALUES (?, ?)", 0, 4); err != nil {
		t.Fatal(err)
	}
	if got := read(all); !slices.Equal(got, []int{4}) {
		t.Errorf("after the table was made again: %v", got)
	}

	for i := range keptStatements + 10 {
		if got := read(fmt.Sprintf("SELECT n + %d FROM kept", i)); !slices.Equal(got, []int{4 + i}) {
			t.Fatalf("text %d: %v", i, got)
		}
	}
	if err := c.Raw(func(dc any) error {
		if n := len(dc.(*conn).kept); n == 0 || n > keptStatements {
			t.Errorf("%d statements kept, want 1 to %d", n, keptStatements)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
