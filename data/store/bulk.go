package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"xiaoneng/data"
)

// Bulk writes: an import of thousands of records in one transaction.

// bulkCacheKiB is the writer's page cache while an import runs (2 MiB
// otherwise): the pages of thousands of complaints, their history and audit
// rows mostly stay in memory until the commit. Its temporary files —
// statement journals, sorts — are kept in memory too (temp_store): each
// statement of many rows journals every page it changes, as the references
// it checks could abort it, and in a file that was a system call a page,
// 190,000 of them, 0.6 s of the 8 s of CPU of an import of ten thousand
// complaints into a ledger of a hundred thousand. Its peak memory (the
// target is 300 MB) follows the cache: 1 GB with 256 MiB; with 64 MiB and
// the files on disk 290-300 MB; with 32 MiB 237 MiB, 249 MiB with the
// files in memory, at the same speed (16 MiB: 207 MiB on disk).
const bulkCacheKiB = 32 << 10

// bulkWrite runs fn in one write transaction that prepares each statement
// once, with the page cache of an import.
func (db *DB) bulkWrite(ctx context.Context, p data.Permission, fn func(*tx) error) error {
	s, err := db.allow(p)
	if err != nil {
		return err
	}
	return db.bulkWriteAs(ctx, s, fn)
}

// bulkWriteAs is bulkWrite as the user of s (nil: the program itself).
//
// On a file the references are checked once, at the end, for the rows the
// work added (checkReferences), not row by row: an INSERT of many rows
// with references checked at once keeps a statement journal, a copy of
// every page it changes in case it must be undone, and at a million
// complaints each statement changes pages of every index all over the
// file: 4 s of the CPU of an import of ten thousand. Bulk work adds records
// (an import, a copy) or marks them deleted (undoing an import), and any
// error of its statements (INSERT OR FAIL, insertVerb) undoes all of it.
func (db *DB) bulkWriteAs(ctx context.Context, s *session, fn func(*tx) error) error {
	if db.dialect.postgres {
		return db.writeAs(ctx, s, func(t *tx) error { // the server has no pragmas to change
			t.bulk()
			if err := fn(t); err != nil {
				return err
			}
			return t.flushAudit()
		})
	}
	var cache, temp int
	err := db.writer.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache)
	if err == nil {
		err = db.writer.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&temp)
	}
	if err != nil {
		return fmt.Errorf("store: bulk pragmas: %w", err)
	}
	// PRAGMA foreign_keys cannot change within a transaction: it is set
	// off before, and the references checked in it (checkReferences).
	set := func(ctx context.Context, pragmas ...string) error {
		for _, q := range pragmas {
			if _, err := db.writer.ExecContext(ctx, q); err != nil {
				// the writer's connection is dropped: the next opens with
				// the DSN's pragmas
				db.writer.SetMaxIdleConns(0)
				db.writer.SetMaxIdleConns(1)
				return fmt.Errorf("store: bulk pragmas: %w", err)
			}
		}
		return nil
	}
	if err := set(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -bulkCacheKiB), "PRAGMA temp_store = MEMORY", "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	err = db.writeAs(ctx, s, func(t *tx) error {
		t.bulk()
		marks, err := t.referenceMarks()
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
		if err := t.flushAudit(); err != nil {
			return err
		}
		return t.checkReferences(marks)
	})
	if rerr := set(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", cache), fmt.Sprintf("PRAGMA temp_store = %d", temp), "PRAGMA foreign_keys = ON"); rerr != nil {
		return errors.Join(err, rerr)
	}
	if err != nil {
		return err
	}
	// An import that outgrew the statistics has them gathered again at
	// once (statsIfGrown).
	return db.freshenStats(ctx, statsIfGrown)
}

// complaintInsertTriggers keep the search indexes and the figures as each
// complaint is added (migrations 0001, 0005, 0007 and 0008).
var complaintInsertTriggers = []string{"complaints_search_insert", "complaints_stats_insert", "complaints_count_insert"}

// deferComplaintUpkeep takes the upkeep of the search indexes and of the
// figures out of a bulk write until the returned function runs, in the same
// transaction. Done complaint by complaint it costs more than the rest of an
// import: FTS5 writes its pending terms to disk at the start of every
// statement that touches it, leaving ten thousand small segments to merge,
// and every complaint updates four rows of figures. The insert triggers are
// dropped meanwhile; the function brings every complaint added since into the
// indexes and the figures, a statement each, and restores the triggers.
// A rollback restores them as well. It returns the last rowid of the
// complaints there before.
func (t *tx) deferComplaintUpkeep() (int64, func() error, error) {
	var last int64
	if err := t.queryRow("SELECT coalesce(max(rowid), 0) FROM complaints").Scan(&last); err != nil {
		return 0, nil, fmt.Errorf("store: defer complaint upkeep: %w", err)
	}
	if t.db.dialect.postgres {
		return t.deferServerUpkeep(last)
	}
	triggers := make([]string, len(complaintInsertTriggers))
	for i, name := range complaintInsertTriggers {
		if err := t.queryRow("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", name).Scan(&triggers[i]); err != nil {
			return 0, nil, fmt.Errorf("store: defer complaint upkeep: trigger %s: %w", name, err)
		}
		if _, err := t.ExecContext(t.ctx, "DROP TRIGGER "+name); err != nil {
			return 0, nil, fmt.Errorf("store: defer complaint upkeep: %w", err)
		}
	}
	return last, func() error {
		if err := t.keyComplaintsAfter(last); err != nil {
			return err
		}
		if err := t.indexComplaintsAfter(last); err != nil {
			return err
		}
		for _, q := range figureUpkeep() {
			if _, err := t.ExecContext(t.ctx, q, last); err != nil {
				return fmt.Errorf("store: complaint upkeep after import: %w", err)
			}
		}
		for _, q := range triggers {
			if _, err := t.ExecContext(t.ctx, q); err != nil {
				return fmt.Errorf("store: complaint upkeep after import: %w", err)
			}
		}
		return nil
	}, nil
}

// indexComplaintsAfter writes the rows of the live complaints after rowid
// last in a file's search indexes and their twins at once, as the triggers
// of migration 0019 write a complaint's. They are written in the order of
// their rowids: FTS5 writes out its pending terms whenever a rowid is not
// above the last one, and the keys of imported complaints (by their
// receipt time) interleave with the ledger's, so in table order every
// complaint made a segment of its own and the merging of them took most
// of an import.
func (t *tx) indexComplaintsAfter(last int64) error {
	restore, err := t.bulkIndexing(append(append([]string{}, searchIndexes...), openIndexes...))
	if err != nil {
		return err
	}
	for _, q := range indexAfter {
		if _, err := t.ExecContext(t.ctx, q, last); err != nil {
			return fmt.Errorf("store: search index: %w", err)
		}
	}
	return restore()
}

// indexAfter are the statements that write the rows of the live complaints
// after rowid ?1 in a file's search indexes and their twins.
var indexAfter = func() []string {
	var out []string
	for _, ix := range []struct {
		n               int
		table, identity string
	}{{2, "complaint_bigrams", "t.bigrams"}, {3, "complaint_trigrams", "t.longer"}} {
		terms := fmt.Sprintf("xn_search_terms(%d, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || %s, '') || ' ' || xn_state_term(c.status)", ix.n, ix.identity)
		from := " FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id WHERE c.rowid > ?1 AND "
		out = append(out,
			"INSERT INTO "+ix.table+" (rowid, terms) SELECT c.search_key, "+terms+from+"c.search_key IS NOT NULL ORDER BY c.search_key",
			"INSERT INTO "+openTwins[ix.table]+" (rowid, terms) SELECT "+openKeySQL+", "+terms+from+openKeySQL+" IS NOT NULL ORDER BY 1")
	}
	return out
}()

// openKeySQL is a complaint c's rowid in the twins of the search indexes
// (openKey).
const openKeySQL = "xn_open_key(c.status, c.accept_due, c.due_date, c.search_key)"

// figureUpkeep are the statements that add the figures of the complaints
// after rowid ?1 at once, on either engine: what complaints_count_insert
// and complaints_stats_insert add one by one, summed.
func figureUpkeep() []string {
	return append([]string{`INSERT INTO complaint_month_counts AS m (month, status, channel, n)
		SELECT substr(received_at, 1, 7), status, channel, count(*) FROM complaints
		WHERE rowid > ?1 AND deleted_at IS NULL GROUP BY 1, 2, 3
		ON CONFLICT (month, status, channel) DO UPDATE SET n = m.n + excluded.n`}, statInserts("c.rowid > ?1")...)
}

// searchIndexes are the FTS5 indexes of complaints (migration 0005), and
// openIndexes their twins, of the complaints an alert can hold (migration
// 0019).
var (
	searchIndexes = []string{"complaint_bigrams", "complaint_trigrams"}
	openIndexes   = []string{openTwins[searchIndexes[0]], openTwins[searchIndexes[1]]}
)

// bulkHashBytes is how many bytes of new terms an FTS5 index holds in
// memory while an import writes it (1 MiB otherwise): ten thousand
// complaints of real length make 10-20 MB of them, and each time the
// memory fills FTS5 writes a segment of its own.
const bulkHashBytes = 64 << 20

// bulkIndexing makes the FTS5 indexes named take an import's terms as one
// segment each, left unmerged, until the returned function restores their
// settings (in the same transaction). Merging the new segment with the
// index's others took a third of the upkeep of an import, and FTS5 does
// that work anyway, a few pages at a time, in the writes that follow
// (automerge) — or all at once when a level reaches crisismerge's count
// of segments, which one segment an import keeps far off.
func (t *tx) bulkIndexing(indexes []string) (func() error, error) {
	type setting struct {
		set   string
		value int64
	}
	var restore []setting
	for _, ix := range indexes {
		for _, opt := range []struct {
			name      string
			def, bulk int64
		}{{"automerge", 4, 0}, {"hashsize", 1 << 20, bulkHashBytes}} {
			was := opt.def
			err := t.QueryRowContext(t.ctx, fmt.Sprintf("SELECT v FROM %s_config WHERE k = ?", ix), opt.name).Scan(&was)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("store: search index settings: %w", err)
			}
			set := fmt.Sprintf("INSERT INTO %[1]s (%[1]s, rank) VALUES ('%s', ?)", ix, opt.name)
			if _, err := t.ExecContext(t.ctx, set, opt.bulk); err != nil {
				return nil, fmt.Errorf("store: search index settings: %w", err)
			}
			restore = append(restore, setting{set, was})
		}
	}
	return func() error {
		for _, r := range restore {
			if _, err := t.ExecContext(t.ctx, r.set, r.value); err != nil {
				return fmt.Errorf("store: search index settings: %w", err)
			}
		}
		return nil
	}, nil
}

// keyComplaintsAfter gives each live complaint added after rowid last
// without a search key its key, in the order they were added (a copy's;
// an import keys its complaints as it writes them).
func (t *tx) keyComplaintsAfter(last int64) error {
	rows, err := t.QueryContext(t.ctx, "SELECT rowid, received_at FROM complaints WHERE rowid > ? AND deleted_at IS NULL AND search_key IS NULL ORDER BY rowid", last)
	if err != nil {
		return fmt.Errorf("store: search keys: %w", err)
	}
	type complaint struct {
		rowid int64
		at    time.Time
	}
	var list []complaint
	for rows.Next() {
		var tk complaint
		if err := rows.Scan(&tk.rowid, scanTime{&tk.at}); err != nil {
			rows.Close()
			return fmt.Errorf("store: search keys: %w", err)
		}
		list = append(list, tk)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: search keys: %w", err)
	}
	for _, tk := range list {
		key, err := t.freeSearchKey(tk.at, nil)
		if err != nil {
			return err
		}
		if _, err := t.exec("UPDATE complaints SET search_key = ? WHERE rowid = ?", key, tk.rowid); err != nil {
			return fmt.Errorf("store: search keys: %w", err)
		}
	}
	return nil
}

// freeSearchKey is the search key of a complaint received at at, as the
// insert trigger gives it (migration 0009): the first key of the second it
// was received in, or the next free one. given holds the keys given to
// complaints not yet written.
func (t *tx) freeSearchKey(at time.Time, given map[int64]bool) (int64, error) {
	key := at.Unix() * 8
	for ; ; key++ {
		if given[key] {
			continue
		}
		var taken bool
		if err := t.queryRow("SELECT EXISTS (SELECT 1 FROM complaints WHERE search_key = ?)", key).Scan(&taken); err != nil {
			return 0, fmt.Errorf("store: search keys: %w", err)
		}
		if !taken {
			return key, nil
		}
	}
}

// reads is what a transaction's lookups read through: in a bulk
// transaction, statements prepared once (t.prepared), so that a query run
// for each of ten thousand records is not parsed ten thousand times.
func (t *tx) reads() querier {
	if t.stmts != nil {
		return preparedReads{t}
	}
	return t.Tx
}

// preparedReads runs queries through the transaction's prepared statements.
type preparedReads struct{ t *tx }

func (p preparedReads) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.t.prepared(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p preparedReads) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.t.queryRow(query, args...)
}
