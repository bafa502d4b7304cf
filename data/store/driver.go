package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"xiaoneng/data"
)

// The store's connections go through a thin layer over the SQLite driver
// that turns what the database engine reports about the file — damaged,
// locked by another program, disk full, read-only, unreadable — into
// data's typed errors, whose Chinese sentences every screen and the command
// line show. Every query and commit passes through it, so no store method
// can leak a bare driver error. Another driver (PostgreSQL) joins by
// giving its own classify function.

// classifySQLite wraps an error of the SQLite engine in the data error that
// says what it means to the user; it leaves other errors as they are.
// full tells whether the disk is full, for an error of reading or writing
// that does not say why: SQLite reports a full disk as such only when the
// file itself cannot grow, not when its shared-memory index (-shm) cannot.
func classifySQLite(err error, full func() bool) error {
	var se interface{ Code() int } // *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	var typed error
	switch se.Code() & 0xff { // the primary code; extended codes add detail
	case sqlite3.SQLITE_CORRUPT:
		typed = data.ErrDamaged
	case sqlite3.SQLITE_NOTADB:
		typed = data.ErrNotLedger
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		typed = data.ErrBusy
	case sqlite3.SQLITE_FULL:
		typed = data.ErrDiskFull
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		typed = data.ErrReadOnly
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_PROTOCOL:
		typed = data.ErrStorage
		if full != nil && full() {
			typed = data.ErrDiskFull
		}
	default:
		return err
	}
	return fmt.Errorf("%w: %w", typed, err)
}

// ledgerErrors classifies the errors of the SQLite connections to the
// ledger at path, naming it in those about its file. On a ledger opened
// read-only, a refused write says why it was opened so (readOnly).
func ledgerErrors(path string, readOnly error) func(error) error {
	full := func() bool { return diskFull(path) }
	return func(err error) error {
		err = classifySQLite(err, full)
		if readOnly != nil && errors.Is(err, data.ErrReadOnly) {
			err = fmt.Errorf("%w: %w", readOnly, err)
		}
		if _, named := data.FileOf(err); !named && isFileError(err) {
			err = &data.FileError{Path: path, Err: err}
		}
		return err
	}
}

// isFileError tells whether err is one of what the storage reports about a
// file.
func isFileError(err error) bool {
	for _, e := range []error{data.ErrDamaged, data.ErrNotLedger, data.ErrBusy, data.ErrDiskFull, data.ErrReadOnly, data.ErrStorage} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// openSQLite opens a pool of SQLite connections to the ledger at path,
// through dsn, whose errors are classified and name the ledger; readOnly
// is why the ledger was opened read-only, if it was.
func openSQLite(path, dsn string, readOnly error) (*sql.DB, error) {
	classify := ledgerErrors(path, readOnly)
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, classify(err)
	}
	return sql.OpenDB(classifying{Connector: base, classify: classify, keep: keptStatements}), nil
}

// classifying is a connector whose connections, statements, transactions
// and rows pass every error through classify. The driver's connections and
// statements are expected to take contexts (ConnBeginTx, StmtExecContext,
// StmtQueryContext), as modernc.org/sqlite's and pgx's do.
type classifying struct {
	driver.Connector
	classify func(error) error
	// rewrite, when set, gives the engine its form of each query (see
	// dialect.go); beginWrite, when set, gives the statements that run
	// first in every transaction
	// that is not read-only.
	rewrite    func(string) string
	beginWrite func(ctx context.Context) []string
	// intBools passes true and false as 1 and 0: the store's flags are
	// integers, as SQLite keeps a bool, in BIGINT columns on the server,
	// whose driver will not write a bool there.
	intBools bool
	// keep is how many prepared statements each connection keeps for the
	// next query of the same text (0: none; pgx keeps its own).
	keep int
}

// keptStatements is how many statements a SQLite connection keeps
// prepared: the store's queries are a few hundred texts, and SQLite's
// compiling of one (the triggers of a write included) cost a third of
// filling the demo county when every query was compiled anew.
const keptStatements = 200

func (c classifying) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, c.classify(err)
	}
	cn := &conn{c: dc, classify: c.classify, rewrite: c.rewrite, beginWrite: c.beginWrite, intBools: c.intBools, keep: c.keep}
	if c.keep > 0 {
		cn.kept = map[string]*keptStmt{}
	}
	return cn, nil
}

type conn struct {
	c          driver.Conn
	classify   func(error) error
	rewrite    func(string) string
	beginWrite func(ctx context.Context) []string
	intBools   bool
	keep       int
	kept       map[string]*keptStmt // by the query's text
}

// keptStmt is a statement a connection keeps prepared; busy while its
// rows are open, when the same text is prepared afresh.
type keptStmt struct {
	s    driver.Stmt
	busy bool
}

// prepared returns the statement the connection keeps for query,
// preparing it first if need be; ok is false when it keeps none free for
// it. A connection is used by one goroutine at a time (database/sql).
func (c *conn) prepared(ctx context.Context, query string) (k *keptStmt, ok bool, err error) {
	if c.kept == nil {
		return nil, false, nil
	}
	if kept, found := c.kept[query]; found {
		return kept, !kept.busy, nil
	}
	if len(c.kept) >= c.keep {
		// a full cache starts again: the store's texts are far fewer
		// than keep, but for the lists' IN (?, ?, …) of every length
		for q, old := range c.kept {
			if !old.busy {
				if err := old.s.Close(); err != nil {
					return nil, false, c.classify(err)
				}
				delete(c.kept, q)
			}
		}
	}
	s, err := c.c.(driver.ConnPrepareContext).PrepareContext(ctx, c.query(query))
	if err != nil {
		return nil, false, c.classify(err)
	}
	k = &keptStmt{s: s}
	c.kept[query] = k
	return k, true, nil
}

// args are the arguments as the engine takes them (intBools).
func (c *conn) args(args []driver.NamedValue) []driver.NamedValue {
	if !c.intBools {
		return args
	}
	return boolsAsIntegers(args)
}

// boolsAsIntegers is args with each bool 1 or 0 (a copy if any is a bool).
func boolsAsIntegers(args []driver.NamedValue) []driver.NamedValue {
	out := args
	for i, a := range args {
		b, ok := a.Value.(bool)
		if !ok {
			continue
		}
		if &out[0] == &args[0] {
			out = append([]driver.NamedValue(nil), args...)
		}
		out[i].Value = int64(0)
		if b {
			out[i].Value = int64(1)
		}
	}
	return out
}

// query is the engine's form of query.
func (c *conn) query(query string) string {
	if c.rewrite == nil {
		return query
	}
	return c.rewrite(query)
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	s, err := c.c.Prepare(c.query(query))
	if err != nil {
		return nil, c.classify(err)
	}
	return &stmt{s, c.classify, c.intBools}, nil
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	p, ok := c.c.(driver.ConnPrepareContext)
	if !ok {
		return c.Prepare(query)
	}
	s, err := p.PrepareContext(ctx, c.query(query))
	if err != nil {
		return nil, c.classify(err)
	}
	return &stmt{s, c.classify, c.intBools}, nil
}

func (c *conn) Close() error {
	var errs []error
	for _, k := range c.kept {
		errs = append(errs, k.s.Close())
	}
	c.kept = nil
	return c.classify(errors.Join(append(errs, c.c.Close())...))
}

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	t, err := c.c.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, c.classify(err)
	}
	if c.beginWrite != nil && !opts.ReadOnly {
		for _, q := range c.beginWrite(ctx) {
			if _, err := c.ExecContext(ctx, q, nil); err != nil {
				return nil, errors.Join(err, c.classify(t.Rollback()))
			}
		}
	}
	return &driverTx{t, c.classify}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, ok, err := c.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	if ok {
		r, err := k.s.(driver.StmtExecContext).ExecContext(ctx, c.args(args))
		if err != nil {
			return nil, c.classify(err)
		}
		return r, nil
	}
	e, ok := c.c.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := e.ExecContext(ctx, c.query(query), c.args(args))
	if err != nil {
		return nil, c.classify(err)
	}
	return r, nil
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, ok, err := c.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	if ok {
		r, err := k.s.(driver.StmtQueryContext).QueryContext(ctx, c.args(args))
		if err != nil {
			return nil, c.classify(err)
		}
		k.busy = true
		return &rows{r: r, classify: c.classify, done: func() { k.busy = false }}, nil
	}
	q, ok := c.c.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := q.QueryContext(ctx, c.query(query), c.args(args))
	if err != nil {
		return nil, c.classify(err)
	}
	return &rows{r: r, classify: c.classify}, nil
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.c.(driver.Pinger); ok {
		return c.classify(p.Ping(ctx))
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.c.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.c.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

type stmt struct {
	s        driver.Stmt
	classify func(error) error
	intBools bool
}

func (s *stmt) Close() error  { return s.classify(s.s.Close()) }
func (s *stmt) NumInput() int { return s.s.NumInput() }

// Exec and Query are the old interface, which database/sql does not call
// when the context ones are there.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.intBools {
		args = boolsAsIntegers(args)
	}
	r, err := s.s.(driver.StmtExecContext).ExecContext(ctx, args)
	if err != nil {
		return nil, s.classify(err)
	}
	return r, nil
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.intBools {
		args = boolsAsIntegers(args)
	}
	r, err := s.s.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, s.classify(err)
	}
	return &rows{r: r, classify: s.classify}, nil
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// driverTx is a transaction of the driver (tx is the store's own).
type driverTx struct {
	t        driver.Tx
	classify func(error) error
}

func (t *driverTx) Commit() error   { return t.classify(t.t.Commit()) }
func (t *driverTx) Rollback() error { return t.classify(t.t.Rollback()) }

type rows struct {
	r        driver.Rows
	classify func(error) error
	done     func() // when closed: the kept statement is free again
}

func (r *rows) Columns() []string { return r.r.Columns() }

func (r *rows) Close() error {
	err := r.r.Close()
	if r.done != nil {
		r.done()
		r.done = nil
	}
	return r.classify(err)
}

func (r *rows) Next(dest []driver.Value) error { return r.classify(r.r.Next(dest)) }
