package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"xiaoneng/data"
)

// Import batches: each import that writes is one batch, and the records it
// added are tied to it (import_batch_records), so that 撤销导入 removes
// exactly those — a safety net whose cost is that of the import, where a
// copy of the whole ledger before every import cost minutes at a million
// complaints. An import adds records and changes none: a complaint or unit
// already in the ledger is left as it is (the remembered column mapping,
// a preference, stays too). Undoing deletes what it added, as a person
// deletes a record (a tombstone, audited; the audit chain only grows), and
// is refused while later work depends on it: a complaint of the batch handled
// or changed since, a record made since that refers to one of the batch (a
// document, a complaint merged into it, a unit's subordinate, an attachment).

// ImportBatch is one import that wrote records.
type ImportBatch struct {
	ID       int64
	Kind     string // "units" or "complaints": the table it added to
	Source   string // the file's name
	At       time.Time
	Actor    string // who imported (login)
	Added    int
	UndoneAt time.Time // zero while it stands
	UndoneBy string
}

// KindLabel names what the batch added for a person.
func (b ImportBatch) KindLabel() string { return data.RecordKind(b.Kind) }

// importBatchChunk is the number of records tied to a batch by one
// statement (three parameters each, under SQLite's limit).
const importBatchChunk = 300

// recordBatch records the import as a batch: the records of table ids
// gives (what it added, as the user counts them) and the others it wrote
// with them, by table. It returns the batch's number. The batch's audit
// row is the import's last: every audit row after it is later work.
func (t *tx) recordBatch(table, source string, ids []string, with map[string][]string) (int64, error) {
	var id int64
	err := t.queryRow("INSERT INTO import_batches (kind, source, at, actor, added) VALUES (?, ?, ?, ?, ?) RETURNING id",
		table, source, t.nowText(), t.login, len(ids)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: import batch: %w", err)
	}
	tie := func(table string, ids []string) error {
		for chunk := range slices.Chunk(ids, importBatchChunk) {
			args := make([]any, 0, 3*len(chunk))
			for _, r := range chunk {
				args = append(args, id, table, r)
			}
			q := t.insertVerb() + " INTO import_batch_records (batch_id, table_name, record_id) VALUES (?, ?, ?)" + strings.Repeat(", (?, ?, ?)", len(chunk)-1)
			if _, err := t.exec(q, args...); err != nil {
				return fmt.Errorf("store: import batch: %w", err)
			}
		}
		return nil
	}
	if err := tie(table, ids); err != nil {
		return 0, err
	}
	for _, other := range sortedKeys(with) {
		if err := tie(other, with[other]); err != nil {
			return 0, err
		}
	}
	return id, t.audit("import_batches", strconv.FormatInt(id, 10), data.AuditInsert, nil,
		map[string]any{"kind": table, "source": source, "added": len(ids)})
}

const batchSelect = `SELECT id, kind, source, at, actor, added, undone_at, coalesce(undone_by, '') FROM import_batches`

func scanBatch(row rowScanner) (ImportBatch, error) {
	var b ImportBatch
	err := row.Scan(&b.ID, &b.Kind, &b.Source, scanTime{&b.At}, &b.Actor, &b.Added, scanTime{&b.UndoneAt}, &b.UndoneBy)
	return b, err
}

// ImportBatches lists the latest imports, newest first, at most limit.
func (db *DB) ImportBatches(ctx context.Context, limit int) ([]ImportBatch, error) {
	q, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, q, "import batches", scanBatch, batchSelect+" ORDER BY id DESC LIMIT ?", limit)
}

// importPermissions are what undoing a batch of each kind needs: what
// importing it needed.
var importPermissions = map[string]data.Permission{"units": data.PermRegistry, "complaints": data.PermComplaints}

// UndoImport deletes the records import batch id added, in one
// transaction, and marks the batch undone; it returns the batch as it now
// stands. It is refused, in Chinese and with the ledger unchanged, when
// the batch is unknown or undone already, or when later work depends on
// what it added (see dependsOnBatch).
func (db *DB) UndoImport(ctx context.Context, id int64) (ImportBatch, error) {
	if _, err := db.allow(data.PermRead); err != nil {
		return ImportBatch{}, err
	}
	b, err := queryByID(ctx, db.reader, "import batch", scanBatch, batchSelect+" WHERE id = ?", strconv.FormatInt(id, 10))
	if errors.Is(err, data.ErrNotFound) {
		return ImportBatch{}, &data.StateError{Action: "撤销导入", Reason: fmt.Sprintf("没有第%d批导入；请用 import list 或导入记录查看各批的编号", id)}
	}
	if err != nil {
		return ImportBatch{}, err
	}
	perm, ok := importPermissions[b.Kind]
	if !ok {
		return ImportBatch{}, fmt.Errorf("store: import batch %d of %q", id, b.Kind)
	}
	err = db.bulkWrite(ctx, perm, func(t *tx) error {
		if b.Kind == "complaints" {
			if err := t.officeOnly("撤销导入"); err != nil {
				return err
			}
		}
		// read again in the transaction: another window may have undone it
		if b, err = scanBatch(t.queryRow(batchSelect+" WHERE id = ?", id)); err != nil {
			return fmt.Errorf("store: import batch: %w", err)
		}
		if !b.UndoneAt.IsZero() {
			return &data.StateError{Action: "撤销导入", Reason: fmt.Sprintf("第%d批导入已于%s由%s撤销", id, b.UndoneAt.Format("2006年1月2日15:04"), b.UndoneBy)}
		}
		if err := t.dependsOnBatch(b); err != nil {
			return err
		}
		ids, err := queryStrings(t.ctx, t.Tx, "SELECT record_id FROM import_batch_records WHERE batch_id = ? AND table_name = ? ORDER BY record_id", b.ID, b.Kind)
		if err != nil {
			return err
		}
		for _, r := range ids {
			if b.Kind == "complaints" {
				// The key a complaint is found by when the same rows are imported
				// again is the import's bookkeeping (technical, kept out of
				// the 审计日志): freed, so that they can be.
				if _, err := t.exec("UPDATE complaints SET import_key = NULL WHERE id = ?", r); err != nil {
					return fmt.Errorf("store: undo import: %w", err)
				}
			}
			if err := t.tombstone(b.Kind, r); err != nil {
				return err
			}
		}
		if _, err := t.exec("UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?", t.nowText(), t.login, b.ID); err != nil {
			return fmt.Errorf("store: undo import: %w", err)
		}
		b.UndoneAt, b.UndoneBy = t.now, t.login
		return t.audit("import_batches", strconv.FormatInt(b.ID, 10), data.AuditUpdate,
			map[string]any{"undone_at": nil}, map[string]any{"undone_at": t.nowText(), "undone_by": t.login})
	})
	return b, err
}

// dependsOnBatch refuses the undoing of batch b when later work depends
// on what it wrote: a record of it changed or deleted since (an audit row
// on it after the batch's own, which is the import's last), or a record
// not of the batch that refers to one of it — through any reference the
// schema declares (its foreign keys, the one home of who refers to whom),
// or as an attachment's owner.
func (t *tx) dependsOnBatch(b ImportBatch) error {
	kind := data.RecordKind(b.Kind)
	refuse := func(n int, what string) error {
		return &data.StateError{Action: "撤销导入", Reason: fmt.Sprintf("第%d批导入的%s%s（%d条），不能撤销；如确需删除，请逐条处理", b.ID, kind, what, n)}
	}
	var last int64
	if err := t.queryRow("SELECT id FROM audit_log WHERE table_name = 'import_batches' AND record_id = ? AND action = ?",
		strconv.FormatInt(b.ID, 10), string(data.AuditInsert)).Scan(&last); err != nil {
		return fmt.Errorf("store: undo import: the batch's audit row: %w", err)
	}
	var n int
	if err := t.queryRow(`SELECT count(DISTINCT r.record_id) FROM import_batch_records r
		JOIN audit_log a ON a.table_name = r.table_name AND a.record_id = r.record_id
		WHERE r.batch_id = ? AND a.id > ?`, b.ID, last).Scan(&n); err != nil {
		return fmt.Errorf("store: undo import: %w", err)
	}
	if n > 0 {
		return refuse(n, "导入后已被办理、修改或删除")
	}
	refs, err := t.referencesTo(b.Kind)
	if err != nil {
		return err
	}
	for _, r := range refs {
		cond := ""
		if r.live {
			cond += " AND x.deleted_at IS NULL"
		}
		if r.record {
			// what the import wrote with them (a complaint's history, a unit
			// under another of the file) is the batch's own
			cond += ` AND x.id NOT IN (SELECT record_id FROM import_batch_records WHERE batch_id = ?1 AND table_name = '` + r.table + `')`
		}
		q := fmt.Sprintf(`SELECT count(*) FROM "%s" x WHERE x."%s" IN (SELECT record_id FROM import_batch_records WHERE batch_id = ?1 AND table_name = ?2)%s`,
			r.table, r.col, cond)
		if err := t.queryRow(q, b.ID, b.Kind).Scan(&n); err != nil {
			return fmt.Errorf("store: undo import: %w", err)
		}
		if n > 0 {
			return refuse(n, fmt.Sprintf("导入后已被%s记录引用", data.RecordKind(r.table)))
		}
	}
	if err := t.queryRow(`SELECT count(*) FROM attachments WHERE owner_id IN (SELECT record_id FROM import_batch_records WHERE batch_id = ?)
		AND deleted_at IS NULL`, b.ID).Scan(&n); err != nil {
		return fmt.Errorf("store: undo import: %w", err)
	}
	if n > 0 {
		return refuse(n, "导入后已添加附件")
	}
	return nil
}

// reference is a column of a table that refers to records of another.
type reference struct {
	table, col   string
	live, record bool // the table has deleted_at; its rows are records (an id)
}

// referencesTo lists the columns of the ledger's tables that the schema
// declares as referring to table (its foreign keys).
func (t *tx) referencesTo(table string) ([]reference, error) {
	var out []reference
	err := eachRow(t.ctx, t.Tx, "references", `SELECT s.name, f."from",
		EXISTS (SELECT 1 FROM pragma_table_info(s.name) c WHERE c.name = 'deleted_at'),
		EXISTS (SELECT 1 FROM pragma_table_info(s.name) c WHERE c.name = 'id')
		FROM `+t.db.dialect.tables()+` s, pragma_foreign_key_list(s.name) f
		WHERE f."table" = ? ORDER BY 1, 2`, []any{table}, func(row rowScanner) error {
		var r reference
		if err := row.Scan(&r.table, &r.col, &r.live, &r.record); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}
