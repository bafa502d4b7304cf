package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
)

// Copying a whole ledger between engines: an office's file moved to its
// server, the server's ledger back into a file (a backup any laptop opens).

// derivedTables are kept by the destination's own triggers as the complaints
// arrive (or, on a file, rebuilt from them after the copy): the figures,
// the search indexes (the server's tables, its count of each bigram and its
// open complaints' terms; the file's are virtual tables, left out with
// their shadow tables) and the migrations each engine ran. The kept
// statistics are statTables.
var derivedTables = func() []string {
	out := []string{"schema_migrations", "complaint_month_counts", "complaint_bigrams", "complaint_trigrams", "complaint_bigram_counts",
		"complaint_open_terms"}
	for _, st := range statTables {
		out = append(out, st.table)
	}
	return out
}()

// derivedColumns are worked out by the destination likewise: the search
// key of each live complaint.
var derivedColumns = []string{"search_key"}

// CopyCounts are the rows of each table copied.
type CopyCounts map[string]int

// Copy copies the whole ledger src into dst, which must be empty, without
// users or audit rows (data.ErrNotEmpty otherwise): every record, every
// user with their credentials and key grants, the ledger's keys and every
// audit row with its hashes, in one transaction on dst, so that dst holds
// all of src or nothing. The rows of each table are counted on both sides
// before the transaction commits. dst keeps src's identity (meta, with its
// cipher suite, and replicas), so a ledger moved to the server is the same
// ledger, to its field laptops too: its users sign in with their passwords,
// the sealed identities open with their keys and the audit chain, which
// starts from the ledger's id, verifies. Copying needs src's user to be
// allowed to back the ledger up; dst is written by the program itself, and
// whoever was signed in on it is signed out (its users are src's now).
func Copy(ctx context.Context, src, dst *DB) (CopyCounts, error) {
	if _, err := src.allow(data.PermBackup); err != nil {
		return nil, err
	}
	empty, err := dst.emptyForCopy(ctx)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, fmt.Errorf("store: %w：%s", data.ErrNotEmpty, Redact(dst.path))
	}
	tables, err := dst.copyTables(ctx)
	if err != nil {
		return nil, err
	}
	counts := CopyCounts{}
	err = src.readTx(ctx, func(from *sql.Tx) error {
		return dst.bulkWriteAs(ctx, nil, func(t *tx) error {
			if dst.dialect.postgres { // checked at the commit
				if _, err := t.exec(dst.dialect.deferForeignKeys()); err != nil {
					return fmt.Errorf("store: copy: %w", err)
				}
			}
			// The destination's own identity gives way to src's: its meta,
			// and itself among the ledgers it knows (the field exchange's
			// replicas, src's own first).
			for _, table := range []string{"meta", "replicas"} {
				if _, err := t.exec("DELETE FROM " + table); err != nil {
					return fmt.Errorf("store: copy: %w", err)
				}
			}
			_, upkeep, err := t.deferComplaintUpkeep()
			if err != nil {
				return err
			}
			for _, table := range tables {
				cols, err := copyColumns(ctx, src, dst, table)
				if err != nil {
					return err
				}
				if counts[table], err = t.copyRows(ctx, from, table, cols); err != nil {
					return err
				}
			}
			if err := upkeep(); err != nil {
				return err
			}
			if err := t.flushAudit(); err != nil {
				return err
			}
			// a file's references are checked at the end of the bulk
			// work (checkReferences): a parent may come after its children
			if dst.dialect.postgres {
				if err := t.advanceIdentities(); err != nil {
					return err
				}
			}
			for _, table := range tables {
				var n int
				if err := from.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
					return fmt.Errorf("store: copy: count %s: %w", table, err)
				}
				var m int
				if err := t.queryRow("SELECT count(*) FROM " + table).Scan(&m); err != nil {
					return fmt.Errorf("store: copy: count %s: %w", table, err)
				}
				if n != m || n != counts[table] {
					return fmt.Errorf("store: 复制后表 %s 的记录数不一致（原有%d，复制%d，现有%d），已全部撤销", table, n, counts[table], m)
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	dst.mu.Lock()
	dst.sess = nil
	dst.mu.Unlock()
	if err := dst.loadLedger(ctx); err != nil { // src's identity and suite now
		return nil, err
	}
	return counts, nil
}

// emptyForCopy tells whether db may take a copy: no records, no users, no
// audit rows.
func (db *DB) emptyForCopy(ctx context.Context) (bool, error) {
	empty, err := db.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	var n int
	if err := db.reader.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM audit_log)").Scan(&n); err != nil {
		return false, fmt.Errorf("store: empty: %w", err)
	}
	return n == 0, nil
}

// copyTables are the tables of db a copy fills, in the order of their
// columns' catalog: every table but the derived ones and SQLite's own
// (its search indexes are virtual tables, with shadow tables).
func (db *DB) copyTables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT IN (SELECT name || '_' || s FROM sqlite_schema,
			(SELECT 'data' AS s UNION ALL SELECT 'idx' UNION ALL SELECT 'config' UNION ALL SELECT 'docsize' UNION ALL SELECT 'content')
			WHERE sql LIKE 'CREATE VIRTUAL TABLE%') ORDER BY name`
	if db.dialect.postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	names, err := queryStrings(ctx, db.reader, q)
	if err != nil {
		return nil, fmt.Errorf("store: copy: tables: %w", err)
	}
	return slices.DeleteFunc(names, func(n string) bool { return slices.Contains(derivedTables, n) }), nil
}

// copyColumns are the columns of table to copy: the server's columns where
// one side is the server (with the rowid that orders its lists, which
// SQLite has anyway), else the file's; derived ones left out.
func copyColumns(ctx context.Context, src, dst *DB, table string) ([]string, error) {
	side := dst
	if src.dialect.postgres {
		side = src
	}
	q := "SELECT name FROM pragma_table_info(?) ORDER BY cid"
	if side.dialect.postgres {
		q = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position"
	}
	cols, err := queryStrings(ctx, side.reader, q, table)
	if err != nil {
		return nil, fmt.Errorf("store: copy: columns of %s: %w", table, err)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("store: copy: no table %s in %s", table, side.dialect.name())
	}
	return slices.DeleteFunc(cols, func(c string) bool { return slices.Contains(derivedColumns, c) }), nil
}

// copyBatch is the most rows one statement of a copy inserts: within both
// engines' limits on placeholders.
const copyBatch = 200

// copyRows inserts every row of table that from holds, in batches, and
// returns how many.
func (t *tx) copyRows(ctx context.Context, from *sql.Tx, table string, cols []string) (int, error) {
	rows, err := from.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s", strings.Join(cols, ", "), table))
	if err != nil {
		return 0, fmt.Errorf("store: copy %s: %w", table, err)
	}
	defer rows.Close()
	batch := max(1, min(copyBatch, 30000/len(cols)))
	row := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	insert := func(args []any) error {
		n := len(args) / len(cols)
		q := fmt.Sprintf("%s INTO %s (%s) VALUES %s%s", t.insertVerb(), table, strings.Join(cols, ", "), row, strings.Repeat(", "+row, n-1))
		if _, err := t.exec(q, args...); err != nil {
			return fmt.Errorf("store: copy %s: %w", table, err)
		}
		return nil
	}
	var args []any
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return 0, fmt.Errorf("store: copy %s: %w", table, err)
		}
		args = append(args, vals...)
		n++
		if n%batch == 0 {
			if err := insert(args); err != nil {
				return 0, err
			}
			args = args[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: copy %s: %w", table, err)
	}
	if len(args) > 0 {
		if err := insert(args); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// advanceIdentities moves each identity column of the server's tables
// (the rowids and the audit log's ids) past the rows copied in, so that
// the next row gets the next number.
func (t *tx) advanceIdentities() error {
	var pairs []string
	err := eachRow(t.ctx, t.Tx, "identities", `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`, nil, func(r rowScanner) error {
		var table, col string
		if err := r.Scan(&table, &col); err != nil {
			return err
		}
		pairs = append(pairs, table, col)
		return nil
	})
	if err != nil {
		return err
	}
	for i := 0; i < len(pairs); i += 2 {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%[1]s', '%[2]s'), coalesce(max(%[2]s), 0) + 1, false) FROM %[1]s", pairs[i], pairs[i+1])
		if _, err := t.exec(q); err != nil {
			return fmt.Errorf("store: copy: identity of %s: %w", pairs[i], err)
		}
	}
	return nil
}

// backupToFile writes the server's ledger to a new ledger file at out, a
// copy that opens on any laptop; half a copy is never left there.
func (db *DB) backupToFile(ctx context.Context, out string) error {
	return atomicfile.Make(out, func(tmp string) error {
		file, err := Open(ctx, tmp, Options{Create: true, Device: db.device, KDF: db.kdf})
		if err != nil {
			return fmt.Errorf("store: backup: %w", err)
		}
		_, err = Copy(ctx, db, file)
		if err = errors.Join(err, file.Close()); err != nil {
			return err
		}
		return checkCopy(ctx, tmp)
	})
}
