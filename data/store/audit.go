package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// The audit log is a hash chain. Each row carries prev_hash, the hash of
// the row before it (for the first row, a hash of the ledger's identity),
// and hash, the suite's hash (SM3 by default) of prev_hash and of the row's
// canonical content. A row changed afterwards no longer
// matches its hash; a row removed leaves the next one pointing at a hash no
// row has; a row inserted either fails its own hash or breaks the link of
// the row after it. VerifyAuditChain (run by Check too) names the first such
// row.
//
// What the chain cannot stop: whoever has the file and this program's
// source can rewrite a whole chain from the row they change onwards, or cut
// rows off its end. AuditHead is the chain's end as it stands; printed on
// each backup and check (the command line does), kept on paper or sent to
// the IT department, it lets an office see later that the chain it has is
// still the one it had.

// auditRow is one audit row as the chain hashes it. origin is the ledger
// a row came from, for rows a field package brought (with originID, the
// row's id there) and for the changes an import of a package made
// (originID NULL); NULL for this ledger's own.
type auditRow struct {
	id                                         int64
	at, actor, device, table, recordID, action string
	before, after                              sql.NullString
	origin                                     sql.NullString
	originID                                   sql.NullInt64
	prevHash, hash                             []byte
}

// appendCanonical appends the row's content as hashed: each field in a
// fixed order, NULL told apart from empty, and each value's length before
// it, so that no two rows give the same bytes. The id is left out: the links keep the
// order, and rows renumbered to make room for one inserted still match
// their own hashes, which tells the inserted row from them.
func (r *auditRow) appendCanonical(b []byte) []byte {
	put := func(s string, valid bool) {
		if !valid {
			b = append(b, 0)
			return
		}
		b = append(b, 1)
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, s := range []string{r.at, r.actor, r.device, r.table, r.recordID, r.action} {
		put(s, true)
	}
	put(r.before.String, r.before.Valid)
	put(r.after.String, r.after.Valid)
	put(r.origin.String, r.origin.Valid)
	put(strconv.FormatInt(r.originID.Int64, 10), r.originID.Valid)
	return b
}

// canonicalBuffers hold what rows are laid out in to be hashed, reused: an
// import hashes tens of thousands of rows, and a buffer grown afresh for
// each was two fifths of what chaining them cost.
var canonicalBuffers = sync.Pool{New: func() any { return new([]byte) }}

// chained is the row's hash after prev.
func (r *auditRow) chained(s seal.Suite, prev []byte) []byte {
	buf := canonicalBuffers.Get().(*[]byte)
	*buf = r.appendCanonical((*buf)[:0])
	sum := seal.Sum(s, prev, *buf)
	canonicalBuffers.Put(buf)
	return sum
}

// auditGenesis is the hash before the first row: the ledger's, so that a
// chain cannot pass for another ledger's.
func auditGenesis(s seal.Suite, ledgerID string) []byte {
	return seal.Sum(s, []byte("xiaoneng audit chain\x00"), []byte(ledgerID))
}

// auditColumns are the columns of an audit row as auditRow writes them.
const auditColumns = 13

// audit writes one audit row of this ledger's own in the current
// transaction. The actor is the signed-in user's login.
func (t *tx) audit(table, id string, action data.AuditAction, before, after map[string]any) error {
	return t.auditRow(auditEntry{at: t.nowText(), actor: t.login, device: t.device,
		table: table, id: id, action: string(action), before: before, after: after})
}

// auditEntry is an audit row to write. origin is the ledger a change came
// from, for rows a package brought (with originID, the row's id there) and
// for the changes an import made (originID 0); "" for this ledger's own.
type auditEntry struct {
	at, actor, device, table, id, action string
	before, after                        map[string]any
	rawBefore, rawAfter                  json.RawMessage // as another ledger wrote them
	origin                               string
	originID                             int64 // 0 for none: row ids start at 1
}

// auditRow writes an audit row, chained to the row before it: every row of
// the log, this ledger's own and those a package brought, goes through here.
func (t *tx) auditRow(e auditEntry) error {
	enc := func(m map[string]any, raw json.RawMessage) (sql.NullString, error) {
		if len(raw) > 0 && string(raw) != "null" {
			return sql.NullString{String: string(raw), Valid: true}, nil
		}
		if m == nil {
			return sql.NullString{}, nil
		}
		b, err := auditJSON(m)
		return sql.NullString{String: string(b), Valid: true}, err
	}
	r := auditRow{at: e.at, actor: e.actor, device: e.device, table: e.table, recordID: e.id, action: e.action,
		origin:   sql.NullString{String: e.origin, Valid: e.origin != ""},
		originID: sql.NullInt64{Int64: e.originID, Valid: e.originID != 0}}
	var err error
	if r.before, err = enc(e.before, e.rawBefore); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	if r.after, err = enc(e.after, e.rawAfter); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	if err := t.chain(&r); err != nil {
		return err
	}
	row := []any{r.id, r.at, r.actor, r.device, r.table, r.recordID, r.action, r.before, r.after, r.origin, r.originID, r.prevHash, r.hash}
	if t.stmts == nil {
		return t.insertAudits(row)
	}
	t.audits = append(t.audits, row...)
	if len(t.audits) < auditBatch*auditColumns {
		return nil
	}
	return t.flushAudit()
}

// chain gives r its id and hashes: the transaction reads the chain's end
// once (it holds the ledger's write lock — a file's, or on the server the
// advisory lock every write transaction takes before its first read,
// writerLock — so no other desktop adds rows until it ends), then keeps it
// as it adds rows. The chain stays one line however many write at once
// (TestDesktopsChainAuditAtOnce).
func (t *tx) chain(r *auditRow) error {
	if t.head == nil {
		end, err := t.chainEnd()
		if err != nil {
			return err
		}
		t.head = &auditRow{id: end.id, hash: end.hash}
	}
	r.id, r.prevHash = t.head.id+1, t.head.hash
	r.hash = r.chained(t.db.suite, r.prevHash)
	t.head.id, t.head.hash = r.id, r.hash
	return nil
}

// chainEnd is the audit chain's last row: its id and hash (0 and the
// genesis hash while the log is empty). Every change of the ledger moves it.
type chainEnd struct {
	id   int64
	hash []byte
}

func (e chainEnd) equal(o chainEnd) bool { return e.id == o.id && bytes.Equal(e.hash, o.hash) }

// chainEnd reads the end of the audit chain as the transaction has it.
func (t *tx) chainEnd() (chainEnd, error) {
	if t.head != nil {
		return chainEnd{t.head.id, t.head.hash}, nil
	}
	var e chainEnd
	err := t.queryRow("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&e.id, &e.hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		e.hash = auditGenesis(t.db.suite, t.db.ledgerID)
	case err != nil:
		return chainEnd{}, fmt.Errorf("store: audit chain: %w", err)
	}
	return e, nil
}

// insertAudits writes audit rows, their values one row after another.
func (t *tx) insertAudits(values []any) error {
	q := t.insertVerb() + " INTO audit_log(" + auditRowColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
		strings.Repeat(", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", len(values)/auditColumns-1)
	if _, err := t.exec(q, values...); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// chainExistingAudit is migration 9's step: it records the ledger's cipher
// suite (an existing ledger gets the default) and chains the audit rows
// already written, oldest first.
func chainExistingAudit(t *tx, newSuite string, created bool) error {
	name := seal.Default
	if created {
		name = newSuite
	}
	s, err := seal.ByName(name)
	if err != nil {
		return err
	}
	if _, err := t.exec("INSERT INTO meta(key, value) VALUES ('suite', ?)", name); err != nil {
		return err
	}
	var ledgerID string
	if err := t.queryRow("SELECT value FROM meta WHERE key = 'ledger_id'").Scan(&ledgerID); err != nil {
		return err
	}
	prev := auditGenesis(s, ledgerID)
	// In slices by id, so that no query is open while rows are updated.
	for after := int64(0); ; {
		rows, err := scanAuditRows(t.ctx, t.Tx, "WHERE id > ? ORDER BY id LIMIT 10000", after)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		for i := range rows {
			r := &rows[i]
			r.prevHash = prev
			r.hash = r.chained(s, prev)
			if _, err := t.exec("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", r.prevHash, r.hash, r.id); err != nil {
				return err
			}
			prev, after = r.hash, r.id
		}
	}
}

const auditRowColumns = "id, at, actor, device, table_name, record_id, action, before, after, origin, origin_id, prev_hash, hash"

func scanAuditRows(ctx context.Context, q querier, where string, args ...any) ([]auditRow, error) {
	return queryList(ctx, q, "audit rows", scanAuditRow, "SELECT "+auditRowColumns+" FROM audit_log "+where, args...)
}

func scanAuditRow(row rowScanner) (auditRow, error) {
	var r auditRow
	err := row.Scan(&r.id, &r.at, &r.actor, &r.device, &r.table, &r.recordID, &r.action, &r.before, &r.after, &r.origin, &r.originID, &r.prevHash, &r.hash)
	return r, err
}

// describe names a row for a person: its number, time, who and what, to
// which kind of record (as the user knows it: 投诉件, not complaint_events).
func (r *auditRow) describe() string {
	what := strings.TrimSpace(r.action + " " + data.RecordKind(r.table))
	return fmt.Sprintf("第%d条（%s %s %s）", r.id, strings.Replace(r.at, "T", " ", 1)[:min(len(r.at), 16)], r.actor, what)
}

// maxChainProblems bounds what one check reports of a broken chain.
const maxChainProblems = 10

// verifyAuditChain walks the whole chain, oldest first, and describes each
// place it is broken: a row changed, rows removed, a row inserted. After a
// break it takes up the chain again from the row it stopped at, so that
// later, separate breaks are found too.
func (db *DB) verifyAuditChain(ctx context.Context, q querier) ([]string, error) {
	return db.verifyAuditTail(ctx, q, 0)
}

// verifyAuditTail is verifyAuditChain over the last tail rows only (all of
// them for 0): the first of those is taken as linked to what was before it.
func (db *DB) verifyAuditTail(ctx context.Context, q querier, tail int64) ([]string, error) {
	var problems []string
	report := func(format string, args ...any) {
		problems = append(problems, "审计日志"+fmt.Sprintf(format, args...))
	}
	expect := auditGenesis(db.suite, db.ledgerID)
	var beforeLast []byte // the hash the last good row was chained to
	var last, suspect *auditRow
	after := int64(-1)
	if tail > 0 {
		var maxID int64
		if err := q.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM audit_log").Scan(&maxID); err != nil {
			return nil, fmt.Errorf("store: audit chain: %w", err)
		}
		if maxID > tail {
			after = maxID - tail
			first, err := scanAuditRows(ctx, q, "WHERE id > ? ORDER BY id LIMIT 1", after)
			if err != nil {
				return nil, err
			}
			if len(first) == 1 {
				expect = first[0].prevHash
			}
		}
	}
	for len(problems) < maxChainProblems {
		rows, err := scanAuditRows(ctx, q, "WHERE id > ? ORDER BY id LIMIT 10000", after)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			break
		}
		for i := range rows {
			r := &rows[i]
			after = r.id
			if suspect != nil {
				// the row before failed its own hash: if this one links past
				// it, it was inserted; if to it, it was changed
				switch {
				case bytes.Equal(r.prevHash, expect):
					report("%s是插入的，不属于原有记录", suspect.describe())
				default:
					report("%s被修改", suspect.describe())
					expect = r.prevHash
				}
				suspect = nil
			}
			if len(r.hash) == 0 {
				report("%s没有校验值，是绕过本程序写入的", r.describe())
				continue
			}
			selfOK := bytes.Equal(r.chained(db.suite, r.prevHash), r.hash)
			linked := bytes.Equal(r.prevHash, expect)
			switch {
			case selfOK && linked:
			case !selfOK && linked:
				report("%s被修改", r.describe())
			case !selfOK:
				suspect = r
				continue
			case last != nil && bytes.Equal(r.prevHash, beforeLast):
				report("%s是插入的，不属于原有记录", last.describe())
			case last == nil:
				report("%s之前的记录被删除", r.describe())
			default:
				report("%s与%s之间的记录被删除", last.describe(), r.describe())
			}
			beforeLast, expect, last = r.prevHash, r.hash, r
		}
	}
	if suspect != nil {
		report("%s被修改", suspect.describe())
	}
	return problems, nil
}

// VerifyAuditChain walks the whole audit chain and describes each place
// where it was changed, or rows removed or inserted (the first ten); an
// intact chain gives none. The 审计日志 shows it; Check runs it too.
func (db *DB) VerifyAuditChain(ctx context.Context) ([]string, error) {
	if _, err := db.allow(data.PermAudit); err != nil {
		return nil, err
	}
	return db.verifyAuditChain(ctx, db.reader)
}

// AuditHead is the end of the audit chain: how many rows, the last one's
// number and the first 16 hexadecimal digits of its hash, grouped by four.
type AuditHead struct {
	Rows   int64
	LastID int64
	Hash   string
}

func (h AuditHead) String() string {
	if h.Rows == 0 {
		return "审计日志为空"
	}
	return fmt.Sprintf("审计日志共%d条，末条第%d条，校验值 %s", h.Rows, h.LastID, h.Hash)
}

// AuditChainHead returns the end of the audit chain.
func (db *DB) AuditChainHead(ctx context.Context) (AuditHead, error) {
	q, err := db.reads(data.PermRead)
	if err != nil {
		return AuditHead{}, err
	}
	var h AuditHead
	var hash []byte
	err = q.QueryRowContext(ctx, "SELECT count(*), coalesce(max(id), 0), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log").Scan(&h.Rows, &h.LastID, &hash)
	if err != nil {
		return AuditHead{}, fmt.Errorf("store: audit head: %w", err)
	}
	x := strings.ToUpper(hex.EncodeToString(hash))
	for i := 0; i < 16 && i < len(x); i += 4 {
		if i > 0 {
			h.Hash += "-"
		}
		h.Hash += x[i : i+4]
	}
	return h, nil
}

// auditEntryColumns read an audit row for people, with the name of the
// user who wrote it.
const auditEntryColumns = `SELECT a.id, a.at, a.actor, coalesce(us.name, ''), a.device, a.table_name, a.record_id, a.action,
	coalesce(a.before, ''), coalesce(a.after, '') FROM audit_log a LEFT JOIN users us ON us.login = a.actor`

func scanAuditEntry(row rowScanner) (data.AuditEntry, error) {
	var e data.AuditEntry
	var before, after string
	if err := row.Scan(&e.ID, scanTime{&e.At}, &e.Actor, &e.ActorName, &e.Device, &e.Table, &e.RecordID, &e.Action, &before, &after); err != nil {
		return e, err
	}
	var err error
	if e.Before, err = decodeAudit(before); err != nil {
		return e, err
	}
	e.After, err = decodeAudit(after)
	return e, err
}

// AuditTrail returns the audit rows of one record, oldest first.
func (db *DB) AuditTrail(ctx context.Context, table, recordID string) ([]data.AuditEntry, error) {
	q, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, q, "audit trail", scanAuditEntry, auditEntryColumns+" WHERE a.table_name = ? AND a.record_id = ? ORDER BY a.id", table, recordID)
}

// auditWhere turns a filter into conditions on audit_log a.
func auditWhere(f data.AuditFilter) *conds {
	w := where("1 = 1")
	if f.Actor != "" {
		w.add("a.actor = ?", f.Actor)
	}
	if f.Table != "" {
		w.add("a.table_name = ?", f.Table)
	}
	if f.RecordID != "" {
		w.add("a.record_id = ?", f.RecordID)
	}
	if f.Kind != "" {
		actions := f.Kind.Actions()
		marks := make([]string, len(actions))
		for i, a := range actions {
			marks[i] = "?"
			w.args = append(w.args, string(a))
		}
		w.list = append(w.list, "a.action IN ("+strings.Join(marks, ", ")+")")
	}
	if f.Text != "" {
		like := "%" + escapeLike(f.Text) + "%"
		w.add(`(a.actor LIKE ? ESCAPE '\' OR a.device LIKE ? ESCAPE '\' OR a.record_id LIKE ? ESCAPE '\' OR a.action LIKE ? ESCAPE '\'
			OR a.before LIKE ? ESCAPE '\' OR a.after LIKE ? ESCAPE '\'
			OR a.actor IN (SELECT login FROM users WHERE name LIKE ? ESCAPE '\'))`, like, like, like, like, like, like, like)
	}
	w.dayBounds("a.at", f.From, f.To)
	if f.Before > 0 {
		w.add("a.id < ?", f.Before)
	}
	return w
}

// AuditLog lists the audit rows f selects, newest first: the 审计日志.
func (db *DB) AuditLog(ctx context.Context, f data.AuditFilter) ([]data.AuditEntry, error) {
	q, err := db.reads(data.PermAudit)
	if err != nil {
		return nil, err
	}
	w := auditWhere(f)
	query := auditEntryColumns + " WHERE " + w.sql() + " ORDER BY a.id DESC"
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return queryList(ctx, q, "audit log", scanAuditEntry, query, w.args...)
}

// EachAudit calls fn with each audit row f selects (Limit aside), oldest
// first, as it is read: an export of a long log is written without holding
// it.
func (db *DB) EachAudit(ctx context.Context, f data.AuditFilter, fn func(data.AuditEntry) error) error {
	q, err := db.reads(data.PermAudit)
	if err != nil {
		return err
	}
	w := auditWhere(f)
	return eachRow(ctx, q, "audit log", auditEntryColumns+" WHERE "+w.sql()+" ORDER BY a.id", w.args, func(row rowScanner) error {
		e, err := scanAuditEntry(row)
		if err != nil {
			return err
		}
		return fn(e)
	})
}

// CountAudit counts the audit rows f selects (Limit aside).
func (db *DB) CountAudit(ctx context.Context, f data.AuditFilter) (int, error) {
	q, err := db.reads(data.PermAudit)
	if err != nil {
		return 0, err
	}
	w := auditWhere(f)
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM audit_log a WHERE "+w.sql(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count audit: %w", err)
	}
	return n, nil
}

func decodeAudit(s string) (map[string]any, error) {
	if s == "" {
		return nil, nil
	}
	m := map[string]any{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("store: audit row: %w", err)
	}
	return m, nil
}
