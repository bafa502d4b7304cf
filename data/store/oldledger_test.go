package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// oldLedger makes at path a ledger of schema version upTo holding what fill
// writes. The write path writes columns an old schema lacks (the exchange's
// clocks), so fill writes into a ledger of this version, and its rows are
// copied, column by column the old schema has, into the old one.
func oldLedger(t *testing.T, ctx context.Context, path string, upTo int, opt Options, fill func(db *DB)) {
	t.Helper()
	newPath := filepath.Join(t.TempDir(), "new.db")
	opt.Create = true
	db, err := Open(ctx, newPath, opt)
	if err != nil {
		t.Fatal(err)
	}
	fill(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	old, err := open(ctx, path, opt, upTo)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	conn, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS new", newPath); err != nil {
		t.Fatal(err)
	}
	tables, err := queryStrings(ctx, conn, `SELECT name FROM main.sqlite_schema WHERE type = 'table'
		AND name NOT IN ('schema_migrations', 'meta') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'complaint_%grams%'
		AND sql NOT LIKE 'CREATE VIRTUAL%'`)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		cols, err := queryStrings(ctx, conn, fmt.Sprintf("SELECT o.name FROM pragma_table_info('%s', 'main') o JOIN pragma_table_info('%s', 'new') n USING (name)", table, table))
		if err != nil {
			t.Fatal(err)
		}
		if len(cols) == 0 {
			continue
		}
		list := strings.Join(cols, ", ")
		// Rows the old schema's triggers already made (figures) are replaced.
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("INSERT OR REPLACE INTO main.%s (%s) SELECT %s FROM new.%s", table, list, list, table)); err != nil {
			t.Fatalf("copy %s into the old ledger: %v", table, err)
		}
	}
}
