package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"xiaoneng/data"
)

// The ledger on a PostgreSQL server, through pgx's database/sql driver, so
// that the store's transactions and queries are the same on both engines.

// classifyPostgres wraps an error of the server in the data error that
// says what it means to the user, by its SQLSTATE class; it leaves other
// errors (constraint violations the store checks for itself) as they are.
func classifyPostgres(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		var typed error
		switch {
		case pe.Code == "53100": // disk_full
			typed = data.ErrDiskFull
		case pe.Code == "25006" || pe.Code == "42501": // read_only_sql_transaction, insufficient_privilege
			typed = data.ErrReadOnly
		case pe.Code == "55P03" || pe.Code == "40P01": // lock_not_available, deadlock_detected
			typed = data.ErrBusy
		case pe.Code == "XX001" || pe.Code == "XX002": // data_corrupted, index_corrupted
			typed = data.ErrDamaged
		case strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "58"):
			typed = data.ErrStorage // connection lost, server shut down, I/O
		default:
			return err
		}
		return fmt.Errorf("%w: %w", typed, err)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w: %w", data.ErrServer, err)
	}
	return err
}

// openPostgres opens a pool of connections to the server at dsn whose
// queries take PostgreSQL's placeholders, whose write transactions take
// the ledger's lock, and whose errors are classified.
func openPostgres(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: 台账服务器地址有误：%s: %w", Redact(dsn), err)
	}
	// The ledger's queries are short, and a wrong guess of a search's rows
	// had the server compile one to machine code: 90 ms of JIT for a query
	// that ran in 20 (a phone's last four digits at 1M). Each is planned
	// for its own values: a plan kept for any values guesses how many
	// complaints hold a word, and read all 33,709 that hold 窗口 and 态度,
	// sorted, for the newest 500 (0.6 s instead of 30 ms). The address may
	// still ask for either.
	for param, value := range map[string]string{"jit": "off", "plan_cache_mode": "force_custom_plan"} {
		if _, ok := cfg.RuntimeParams[param]; !ok {
			cfg.RuntimeParams[param] = value
		}
	}
	return sql.OpenDB(classifying{
		Connector:  stdlib.GetConnector(*cfg),
		classify:   classifyPostgres,
		rewrite:    rebindPostgres,
		beginWrite: writerLock,
		intBools:   true,
	}), nil
}

// Redact is a server address without its password (in the user part or
// as a parameter), to show and log. It does not parse the address: one
// that does not parse is shown too.
func Redact(dsn string) string {
	i := strings.Index(dsn, "://")
	if i < 0 {
		return dsn
	}
	rest := dsn[i+3:]
	end := strings.IndexAny(rest, "/?")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		if user, _, ok := strings.Cut(rest[:at], ":"); ok {
			rest = user + ":xxxxx" + rest[at:]
		}
	}
	return dsn[:i+3] + passwordParam.ReplaceAllString(rest, "${1}xxxxx")
}

var passwordParam = regexp.MustCompile(`(?i)([?&]password=)[^&]*`)

// inspectPostgres looks at the database without changing it: empty (a
// new ledger may be made in it), a ledger and its version, or something
// else, which is refused.
func inspectPostgres(ctx context.Context, dsn string) (ledgerState, error) {
	conn, err := openPostgres(dsn)
	if err != nil {
		return ledgerState{}, err
	}
	defer conn.Close()
	var tables, marked int
	err = conn.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE table_name IN ('schema_migrations', 'meta'))
		FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&tables, &marked)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "3D000" { // invalid_catalog_name: no such database
		return ledgerState{}, fmt.Errorf("store: %w：%s", data.ErrNoLedger, Redact(dsn))
	}
	if err != nil {
		return ledgerState{}, fmt.Errorf("store: %s: %w", Redact(dsn), err)
	}
	switch {
	case tables == 0:
		return ledgerState{}, nil
	case marked < 2:
		return ledgerState{}, fmt.Errorf("store: %w：%s", data.ErrNotLedger, Redact(dsn))
	}
	var version int
	if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return ledgerState{}, fmt.Errorf("store: read schema version of %s: %w", Redact(dsn), err)
	}
	return ledgerState{version: version}, nil
}

// openServer opens the ledger in the server's database at dsn, migrating
// its schema to this version's; each migration is one transaction there
// (PostgreSQL changes its schema in transactions), so a failed one leaves
// the ledger as it was and no copy is written before.
func openServer(ctx context.Context, dsn string, opt Options, upTo int) (*DB, error) {
	state, err := inspectPostgres(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := state.check(dsn, opt); err != nil {
		return nil, err
	}
	newSuite, err := opt.newSuite()
	if err != nil {
		return nil, err
	}
	db := newDB(dsn, postgresDialect, opt)
	if db.writer, err = openPostgres(dsn); err != nil {
		return nil, err
	}
	db.writer.SetMaxOpenConns(1)
	if err := db.migrate(ctx, state.version, upTo, newSuite); err != nil {
		db.writer.Close()
		return nil, err
	}
	if db.reader, err = openPostgres(dsn); err != nil {
		db.writer.Close()
		return nil, err
	}
	// Each connection is a process of the server's, which maps the shared
	// buffers it reads page by page: a search of 多次往返 at 1M took 890 ms
	// in a new connection and 170 in the next; and database/sql closes
	// every idle connection beyond two.
	db.reader.SetMaxOpenConns(4)
	db.reader.SetMaxIdleConns(4)
	if err := db.loadLedger(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if err := db.afterSealMigration(ctx, state.version, upTo); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}
