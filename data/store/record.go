package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// tx is a write transaction with the identity and the time of the change:
// every row it touches gets the same timestamp.
type tx struct {
	*sql.Tx
	ctx    context.Context
	now    time.Time
	actor  string // the user's name, written on records and their events
	login  string // the user's login, written on audit rows
	device string
	db     *DB
	sess   *session  // the signed-in user; nil for the program's own writes
	head   *auditRow // the end of the audit chain, once read
	// undo runs if the transaction does not commit: what the session
	// took for stored in it is forgotten.
	undo []func()
	// stmts, when set by bulk, keeps each statement prepared for the rest
	// of the transaction: a transaction writing thousands of records would
	// otherwise spend a third of its time parsing the same SQL again.
	stmts map[string]*sql.Stmt
	// audits, in a bulk transaction, holds audit rows not yet written:
	// they go in batches, one statement for many rows, since each
	// statement costs more than the row it writes.
	audits []any
	// tick is this transaction's change counter (0 until the first change):
	// every field it changes gets a version with it.
	tick int64
}

// selfReplica is this ledger's own number in its clocks (replicas.n).
const selfReplica = "1"

// counter returns the transaction's change counter: the ledger's next,
// taken on its first change, so that the versions of one transaction's
// changes follow every earlier one's.
func (t *tx) counter() (int64, error) {
	if t.tick == 0 {
		if err := t.queryRow("UPDATE replicas SET seen = seen + 1 WHERE n = 1 RETURNING seen").Scan(&t.tick); err != nil {
			return 0, fmt.Errorf("store: change counter: %w", err)
		}
	}
	return t.tick, nil
}

// stampFields gives each field named a new version: the one it had, with
// this ledger's change of this transaction.
func (t *tx) stampFields(c *exchange.Clock, names ...string) error {
	n, err := t.counter()
	if err != nil {
		return err
	}
	for _, name := range names {
		c.Set(name, c.Field(name).With(selfReplica, n))
	}
	return nil
}

// bulk makes the transaction prepare each statement once and write its
// audit rows in batches; flushAudit writes the last batch.
func (t *tx) bulk() { t.stmts = map[string]*sql.Stmt{} }

// insertVerb begins the INSERTs of many rows. In bulk work on a file a
// failing row stops the statement where it is (OR FAIL), the work being
// undone whole, rather than undoing the statement (ABORT), which keeps a
// statement journal (see bulkWriteAs).
func (t *tx) insertVerb() string {
	if t.stmts != nil && !t.db.dialect.postgres {
		return "INSERT OR FAIL"
	}
	return "INSERT"
}

// auditBatch is the number of audit rows one statement writes in bulk.
const auditBatch = 256

// flushAudit writes the audit rows a bulk transaction holds.
func (t *tx) flushAudit() error {
	if len(t.audits) == 0 {
		return nil
	}
	err := t.insertAudits(t.audits)
	t.audits = t.audits[:0]
	return err
}

// prepared returns the transaction's prepared statement for query; the
// transaction closes it when it ends.
func (t *tx) prepared(query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.PrepareContext(t.ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

// write runs fn in one immediate transaction on the writer connection, as
// the signed-in user, if the user's roles allow p.
func (db *DB) write(ctx context.Context, p data.Permission, fn func(*tx) error) error {
	s, err := db.allow(p)
	if err != nil {
		return err
	}
	return db.writeAs(ctx, s, fn)
}

// writeAs runs fn in one immediate transaction as the user of s; with s
// nil, as the program itself (a sign-in that failed, say), whose rows
// name fn's own actor.
func (db *DB) writeAs(ctx context.Context, s *session, fn func(*tx) error) error {
	sqlTx, release, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer release()
	t := &tx{Tx: sqlTx, ctx: ctx, now: db.now(), device: db.device, db: db, sess: s}
	if s != nil {
		t.actor, t.login = s.user.Name, s.user.Login
	}
	if err := fn(t); err != nil {
		for _, u := range t.undo {
			u()
		}
		if rbErr := sqlTx.Rollback(); rbErr != nil {
			return errors.Join(err, rbErr)
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		for _, u := range t.undo {
			u()
		}
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// readOne loads record id and its parts in one read transaction, so they
// are read from one snapshot of the ledger.
func readOne[T any](ctx context.Context, db *DB, load func(context.Context, querier, string) (T, error), id string) (T, error) {
	var v T
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var err error
		v, err = load(ctx, q, id)
		return err
	})
	return v, err
}

// reads is the pool of read connections, if the signed-in user's roles
// allow p: for a method that reads with a single query.
func (db *DB) reads(p data.Permission) (*sql.DB, error) {
	if _, err := db.allow(p); err != nil {
		return nil, err
	}
	return db.reader, nil
}

// read runs fn in one read-only transaction, so the queries of one method
// see one snapshot, if the signed-in user's roles allow p.
func (db *DB) read(ctx context.Context, p data.Permission, fn func(*sql.Tx) error) error {
	if _, err := db.allow(p); err != nil {
		return err
	}
	return db.readTx(ctx, fn)
}

// readTx is read for the program itself, whoever is signed in.
func (db *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	sqlTx, err := db.reader.BeginTx(ctx, db.dialect.readOptions())
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	defer sqlTx.Rollback() //nolint:errcheck // read-only: nothing to undo
	return fn(sqlTx)
}

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	if t.stmts != nil {
		st, err := t.prepared(query)
		if err != nil {
			return nil, err
		}
		return st.ExecContext(t.ctx, args...)
	}
	return t.ExecContext(t.ctx, query, args...)
}

func (t *tx) queryRow(query string, args ...any) *sql.Row {
	if t.stmts != nil {
		if st, err := t.prepared(query); err == nil {
			return st.QueryRowContext(t.ctx, args...)
		}
		// a statement that does not prepare fails again below, where
		// sql.Row carries the error to Scan
	}
	return t.QueryRowContext(t.ctx, query, args...)
}

// field is one column of a record and its value.
type field struct {
	col string
	val any
}

// fieldValue turns Go values into what SQLite stores, so that values read
// back compare equal to values about to be written: empty references and
// zero dates and times become NULL.
func fieldValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return x
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case int:
		return int64(x)
	case int64:
		return x
	case float64:
		return x
	case []byte:
		return x
	case data.Date:
		if x.IsZero() {
			return nil
		}
		return x.String()
	case time.Time:
		return formatTime(x)
	case ref:
		if x == "" {
			return nil
		}
		return string(x)
	case derived:
		return fieldValue(x.v)
	default:
		panic(fmt.Sprintf("store: no column type for %T", v))
	}
}

// ref is a reference to another record: "" is stored as NULL.
type ref string

// derived is a value worked out from the record's others (a complaint's
// search key): written to its column, left out of the audit row.
type derived struct{ v any }

func formatTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(data.Zone).Format(data.TimeLayout)
}

// scanTime reads a stored timestamp (or NULL) into a time.Time.
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(src any) error {
	var str string
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
		return nil
	case string:
		str = v
	case []byte:
		str = string(v)
	default:
		return fmt.Errorf("store: cannot scan %T into a time", src)
	}
	t, err := time.Parse(time.RFC3339Nano, str)
	if err != nil {
		return fmt.Errorf("store: bad time %q: %w", str, err)
	}
	*s.t = t.In(data.Zone)
	return nil
}

// recordColumns are the columns every record table starts with.
const recordColumns = "id, created_at, updated_at, updated_by, device, deleted_at, version"

// recordDest lists the scan destinations of recordColumns.
func recordDest(r *data.Record) []any {
	return []any{&r.ID, scanTime{&r.CreatedAt}, scanTime{&r.UpdatedAt}, &r.UpdatedBy, &r.Device, scanTime{&r.DeletedAt}, &r.Version}
}

// prefixed returns recordColumns qualified with a table alias.
func prefixed(alias string) string {
	cols := strings.Split(recordColumns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// masks name the columns written to the audit log only as their mask
// shows them (a complainant's identity): the log must not leak what
// screens mask.
type masks map[string]func(string) string

// audited is how a column's value goes into the audit row.
func (m masks) audited(col string, v any) any {
	if mask, ok := m[col]; ok && v != nil {
		return mask(fmt.Sprint(v))
	}
	return v
}

// insert writes a new record with its common columns and its audit row.
// It fills r's identity and times.
func (t *tx) insert(table string, r *data.Record, fields []field) error {
	return t.insertRows(table, []*data.Record{r}, [][]field{fields}, nil)
}

// insertMasked is insert with masked columns.
func (t *tx) insertMasked(table string, r *data.Record, fields []field, m masks) error {
	return t.insertRows(table, []*data.Record{r}, [][]field{fields}, m)
}

// insertRows writes new records of one table in one statement, each with
// its audit row. The rows give the same columns in the same order. It
// fills each record's identity and times.
func (t *tx) insertRows(table string, recs []*data.Record, rows [][]field, m masks) error {
	if len(recs) == 0 {
		return nil
	}
	n, err := t.counter()
	if err != nil {
		return err
	}
	// A new record's fields all have the version of its creation.
	clock := exchange.Clock{Base: exchange.Vector{selfReplica: n}}.String()
	cols := []string{"id", "created_at", "updated_at", "updated_by", "device", "clock"}
	for _, f := range rows[0] {
		cols = append(cols, f.col)
	}
	args := make([]any, 0, len(recs)*len(cols))
	afters := make([]map[string]any, len(recs))
	for i, r := range recs {
		if r.ID == "" {
			r.ID = newID()
		}
		// version is the column's default, 1
		r.CreatedAt, r.UpdatedAt, r.UpdatedBy, r.Device, r.Version = t.now, t.now, t.actor, t.device, 1
		args = append(args, r.ID, formatTime(t.now), formatTime(t.now), t.actor, t.device, clock)
		after := make(map[string]any, len(rows[i]))
		for _, f := range rows[i] {
			v := fieldValue(f.val)
			args = append(args, v)
			if _, ok := f.val.(derived); ok {
				continue
			}
			if v != nil && v != "" {
				after[f.col] = m.audited(f.col, v)
			}
		}
		afters[i] = after
	}
	row := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	q := fmt.Sprintf("%s INTO %s (%s) VALUES %s%s", t.insertVerb(), table, strings.Join(cols, ", "), row, strings.Repeat(", "+row, len(recs)-1))
	if _, err := t.exec(q, args...); err != nil {
		return fmt.Errorf("store: insert into %s: %w", table, err)
	}
	for i, r := range recs {
		if err := t.audit(table, r.ID, data.AuditInsert, nil, afters[i]); err != nil {
			return err
		}
	}
	return nil
}

// update writes the fields of record id that differ from what is stored,
// with the audit row of the change; it returns whether anything changed.
// A missing or deleted record is data.ErrNotFound.
func (t *tx) update(table string, r *data.Record, fields []field) (bool, error) {
	return t.updateMasked(table, r, fields, nil)
}

// updateMasked is update with masked columns. A masked column sent back
// as its mask shows the stored value is not an edit: the screen showed
// the mask, and the stored value stays.
//
// A record read at a version older than the stored one is refused with
// data.StaleError: saving it would undo what someone else saved since. A
// record without a version (0) is the store's own, read in this
// transaction.
func (t *tx) updateMasked(table string, r *data.Record, fields []field, m masks) (bool, error) {
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = f.col
	}
	current := make([]any, len(fields))
	var version int64
	var by string
	var at time.Time
	dest := []any{&version, &by, scanTime{&at}}
	for i := range current {
		dest = append(dest, &current[i])
	}
	var stored string
	dest = append(dest, &stored)
	q := fmt.Sprintf("SELECT version, updated_by, updated_at, %s, coalesce(clock, '') FROM %s WHERE id = ? AND deleted_at IS NULL", strings.Join(cols, ", "), table)
	if err := t.queryRow(q, r.ID).Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("store: %s %s: %w", table, r.ID, data.ErrNotFound)
		}
		return false, fmt.Errorf("store: read %s: %w", table, err)
	}
	if r.Version != 0 && r.Version != version {
		return false, fmt.Errorf("store: %s %s: %w", table, r.ID, &data.StaleError{By: by, At: at})
	}
	before, after := map[string]any{}, map[string]any{}
	var sets, changed []string
	var args []any
	for i, f := range fields {
		v := fieldValue(f.val)
		if b, ok := current[i].([]byte); ok {
			current[i] = string(b)
		}
		if current[i] == v || (current[i] != nil && current[i] != "" && m[f.col] != nil && v == m.audited(f.col, current[i])) {
			continue
		}
		before[f.col], after[f.col] = m.audited(f.col, current[i]), m.audited(f.col, v)
		sets = append(sets, f.col+" = ?")
		args = append(args, v)
		changed = append(changed, f.col)
	}
	if len(sets) == 0 {
		return false, nil
	}
	clock, err := exchange.ParseClock(stored)
	if err != nil {
		return false, fmt.Errorf("store: %s %s: %w", table, r.ID, err)
	}
	if err := t.stampFields(&clock, changed...); err != nil {
		return false, err
	}
	r.UpdatedAt, r.UpdatedBy, r.Device, r.Version = t.now, t.actor, t.device, version+1
	sets = append(sets, "updated_at = ?", "updated_by = ?", "device = ?", "clock = ?", "version = version + 1")
	args = append(args, formatTime(t.now), t.actor, t.device, clock.String(), r.ID)
	q = fmt.Sprintf("UPDATE %s SET %s WHERE id = ?", table, strings.Join(sets, ", "))
	if _, err := t.exec(q, args...); err != nil {
		return false, fmt.Errorf("store: update %s: %w", table, err)
	}
	return true, t.audit(table, r.ID, data.AuditUpdate, before, after)
}

// tombstone marks record id deleted; it stays in its table.
// The deletion's version includes every change of the record's fields,
// and those held in conflicts on it: whoever deleted it had seen them (an
// edit it had not seen makes the deletion a conflict when the two meet),
// and a deletion held for a person is decided by it.
func (t *tx) tombstone(table, id string) error {
	var stored string
	err := t.queryRow(fmt.Sprintf("SELECT coalesce(clock, '') FROM %s WHERE id = ? AND deleted_at IS NULL", table), id).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %s %s: %w", table, id, data.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: delete from %s: %w", table, err)
	}
	clock, err := exchange.ParseClock(stored)
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", table, id, err)
	}
	held, err := t.heldOn(table, id)
	if err != nil {
		return err
	}
	n, err := t.counter()
	if err != nil {
		return err
	}
	clock.Set(exchange.DeletedField, clock.Knowledge().Merge(held).With(selfReplica, n))
	_, err = t.exec(fmt.Sprintf("UPDATE %s SET deleted_at = ?, updated_at = ?, updated_by = ?, device = ?, clock = ? WHERE id = ?", table),
		formatTime(t.now), formatTime(t.now), t.actor, t.device, clock.String(), id)
	if err != nil {
		return fmt.Errorf("store: delete from %s: %w", table, err)
	}
	// A deletion held for a person (the other side deleted the record) is
	// decided by this one, whose version includes it.
	_, err = t.exec("UPDATE field_conflicts SET decided_at = ?, decided_by = ?, decision = ? WHERE table_name = ? AND record_id = ? AND field = ? AND decided_at IS NULL",
		t.nowText(), t.actor, "本台账也删除了该记录", table, id, exchange.DeletedField)
	if err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	return t.audit(table, id, data.AuditDelete, map[string]any{"deleted_at": nil}, map[string]any{"deleted_at": formatTime(t.now)})
}

// nowText is the transaction's time as stored.
func (t *tx) nowText() string { return t.now.In(data.Zone).Format(data.TimeLayout) }

// setLinks replaces the set of ids linked to owner in a link table and
// records the change in the audit row of the owner.
func (t *tx) setLinks(table, ownerCol, otherCol, ownerTable, ownerID string, ids []string) error {
	old, err := t.links(table, ownerCol, otherCol, ownerID)
	if err != nil {
		return err
	}
	if strings.Join(old, ",") == strings.Join(sortedUnique(ids), ",") {
		return nil
	}
	if err := t.replaceLinks(table, ownerCol, otherCol, ownerID, ids); err != nil {
		return err
	}
	// The set is a field of its owner, named after the link table.
	var stored string
	if err := t.queryRow(fmt.Sprintf("SELECT coalesce(clock, '') FROM %s WHERE id = ?", ownerTable), ownerID).Scan(&stored); err != nil {
		return fmt.Errorf("store: %s %s: %w", ownerTable, ownerID, err)
	}
	clock, err := exchange.ParseClock(stored)
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", ownerTable, ownerID, err)
	}
	if err := t.stampFields(&clock, table); err != nil {
		return err
	}
	if _, err := t.exec(fmt.Sprintf("UPDATE %s SET clock = ? WHERE id = ?", ownerTable), clock.String(), ownerID); err != nil {
		return fmt.Errorf("store: %s: %w", ownerTable, err)
	}
	return t.audit(ownerTable, ownerID, data.AuditUpdate, map[string]any{table: old}, map[string]any{table: sortedUnique(ids)})
}

// replaceLinks writes the rows of a link set.
func (t *tx) replaceLinks(table, ownerCol, otherCol, ownerID string, ids []string) error {
	if _, err := t.exec(fmt.Sprintf("DELETE FROM %s WHERE %s = ?", table, ownerCol), ownerID); err != nil {
		return fmt.Errorf("store: %s: %w", table, err)
	}
	for _, id := range sortedUnique(ids) {
		if _, err := t.exec(fmt.Sprintf("INSERT INTO %s (%s, %s) VALUES (?, ?)", table, ownerCol, otherCol), ownerID, id); err != nil {
			return fmt.Errorf("store: %s: %w", table, err)
		}
	}
	return nil
}

// heldOn is every change the conflicts held on a record bring: this ledger
// has seen them, though it has not taken them.
func (t *tx) heldOn(table, id string) (exchange.Vector, error) {
	held := exchange.Vector{}
	err := eachRow(t.ctx, t.Tx, "conflicts", "SELECT incoming_clock FROM field_conflicts WHERE table_name = ? AND record_id = ? AND decided_at IS NULL",
		[]any{table, id}, func(r rowScanner) error {
			var raw string
			if err := r.Scan(&raw); err != nil {
				return err
			}
			var v exchange.Vector
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				return err
			}
			held = held.Merge(v)
			return nil
		})
	return held, err
}

// mergeClock writes versions only: the record's values are already the
// other side's (the same value changed on both sides), so no audit row.
func (t *tx) mergeClock(table, id string, c exchange.Clock) error {
	if _, err := t.exec(fmt.Sprintf("UPDATE %s SET clock = ? WHERE id = ?", table), c.String(), id); err != nil {
		return fmt.Errorf("store: versions of %s: %w", table, err)
	}
	return nil
}

// put is a change of a record whose versions are given rather than
// stamped: brought by a package, or a person's decision of a conflict
// (whose version the caller makes from both sides' and this ledger's
// counter).
type put struct {
	table, id string
	insert    bool   // a record this ledger does not have yet
	createdAt string // for an insert
	fields    []field
	// before holds the values fields replace, for the audit row.
	before map[string]any
	links  map[string][]string // sets of links by link table
	// deleted is set when the record's deletion changes: the time it was
	// deleted, or "" when it is kept after all.
	deleted   *string
	clock     exchange.Clock
	updatedAt string // who last changed it where, as the change says
	updatedBy string
	device    string
	origin    string // the ledger the change came from; "" for a decision
	masks     masks
}

// putRecord writes a put with its audit row: the third way into a record
// beside insert/update and tombstone, sharing their columns and audit.
func (t *tx) putRecord(p put) error {
	if p.updatedAt == "" {
		p.updatedAt, p.updatedBy, p.device = t.nowText(), t.actor, t.device
	}
	after := map[string]any{}
	for _, f := range p.fields {
		after[f.col] = p.masks.audited(f.col, fieldValue(f.val))
	}
	action := data.AuditUpdate
	if p.insert {
		action = data.AuditInsert
		cols := []string{"id", "created_at", "updated_at", "updated_by", "device", "clock", "deleted_at"}
		var deleted any
		if p.deleted != nil && *p.deleted != "" {
			deleted = *p.deleted
		}
		args := []any{p.id, p.createdAt, p.updatedAt, p.updatedBy, p.device, p.clock.String(), deleted}
		for _, f := range p.fields {
			cols = append(cols, f.col)
			args = append(args, fieldValue(f.val))
		}
		q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (?%s)", p.table, strings.Join(cols, ", "), strings.Repeat(", ?", len(cols)-1))
		if _, err := t.exec(q, args...); err != nil {
			return fmt.Errorf("store: insert into %s: %w", p.table, err)
		}
	} else {
		// A change brought by a package is a save like any other: a form
		// that read the record before it is stale.
		sets := []string{"updated_at = ?", "updated_by = ?", "device = ?", "clock = ?", "version = version + 1"}
		args := []any{p.updatedAt, p.updatedBy, p.device, p.clock.String()}
		for _, f := range p.fields {
			sets = append(sets, f.col+" = ?")
			args = append(args, fieldValue(f.val))
		}
		if p.deleted != nil {
			var deleted any
			if *p.deleted != "" {
				deleted = *p.deleted
				action = data.AuditDelete
			}
			sets = append(sets, "deleted_at = ?")
			args = append(args, deleted)
			after["deleted_at"] = deleted
		}
		args = append(args, p.id)
		if _, err := t.exec(fmt.Sprintf("UPDATE %s SET %s WHERE id = ?", p.table, strings.Join(sets, ", ")), args...); err != nil {
			return fmt.Errorf("store: update %s: %w", p.table, err)
		}
	}
	for _, l := range sortedKeys(p.links) {
		spec := linkOf(p.table, l)
		if err := t.replaceLinks(l, spec.ownerCol, spec.otherCol, p.id, p.links[l]); err != nil {
			return err
		}
		after[l] = sortedUnique(p.links[l])
	}
	before := p.before
	if p.insert {
		before = nil
	}
	return t.auditRow(auditEntry{at: t.nowText(), actor: t.login, device: t.device,
		table: p.table, id: p.id, action: string(action), before: before, after: after, origin: p.origin})
}

func (t *tx) links(table, ownerCol, otherCol, ownerID string) ([]string, error) {
	return queryStrings(t.ctx, t.Tx, fmt.Sprintf("SELECT %s FROM %s WHERE %s = ? ORDER BY %s", otherCol, table, ownerCol, otherCol), ownerID)
}
