package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"xiaoneng/data"
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the embedded NNNN_name.sql files in order; the ledger's
// version is the number of the last one applied. postgresMigrations are
// their twins for a ledger on a PostgreSQL server, of the same numbers and
// names (TestMigrationTwins).
var (
	migrations         = loadMigrations("migrations")
	postgresMigrations = loadMigrations("migrations/postgres")
)

func loadMigrations(dir string) []migration {
	entries, err := migrationFS.ReadDir(dir)
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("store: migration file without a number: " + e.Name())
		}
		b, err := migrationFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic(fmt.Sprintf("store: migrations must be numbered 1..n without gaps; found %s", m.name))
		}
	}
	return ms
}

// migrationSteps are the parts of migrations that SQL cannot do, run in
// the migration's transaction after its SQL: newSuite is the cipher suite
// a ledger gets when created (by this run of the migrations).
var migrationSteps = map[int]func(t *tx, newSuite string, created bool) error{
	// 0006: the day each complaint's due date counts as missed from needs the
	// calendar. The figures it counts late results by are counted again
	// after 0007.
	6: func(t *tx, _ string, _ bool) error {
		return t.refreshOverdueFrom(data.NewDate(1, 1, 1), data.NewDate(9999, 12, 31))
	},
	// 0007: the figures by month get the verdicts of 不满意, those by day
	// are new: both are counted from the complaints.
	7: func(t *tx, _ string, _ bool) error { return t.recountStats() },
	// 0009: on a server the complainants are masked here (the file's SQL
	// calls the program's xn_mask); the audit rows are chained.
	sealMigration: func(t *tx, newSuite string, created bool) error {
		if t.db.dialect.postgres {
			if err := t.maskLegacy(); err != nil {
				return err
			}
		}
		return chainExistingAudit(t, newSuite, created)
	},
}

// sealMigration is the migration that brought users, the sealed identity
// and the audit chain.
const sealMigration = 9

// migrate applies migrations from+1..to, each in its own transaction and
// recorded in schema_migrations.
func (db *DB) migrate(ctx context.Context, from, to int, newSuite string) error {
	ms := migrations
	if db.dialect.postgres {
		ms = postgresMigrations
		if len(ms) < to {
			return fmt.Errorf("store: 本程序缺少 PostgreSQL 的数据结构升级%d", len(ms)+1)
		}
	}
	for _, m := range ms[from:to] {
		if err := db.applyMigration(ctx, m, newSuite, from == 0); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration, newSuite string, created bool) error {
	sqlTx, release, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer release()
	defer sqlTx.Rollback()
	// Another program (another desktop, on the server) may have applied it
	// since this one looked: its write transaction came first.
	if applied, err := db.dialect.migrationApplied(ctx, sqlTx, m.version); err != nil || applied {
		return err
	}
	now := db.now().Format(data.TimeLayout)
	if m.version == 1 {
		stmts := []string{
			"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT",
			fmt.Sprintf("PRAGMA application_id = %d", applicationID),
		}
		if db.dialect.postgres {
			stmts = []string{"CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"}
		}
		for _, s := range stmts {
			if _, err := sqlTx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
	}
	if _, err := sqlTx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if m.version == 1 {
		if _, err := sqlTx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('ledger_id', ?), ('created_at', ?)", newID(), now); err != nil {
			return err
		}
	}
	if step := migrationSteps[m.version]; step != nil {
		if err := step(&tx{Tx: sqlTx, ctx: ctx, now: db.now(), device: db.device, db: db}, newSuite, created); err != nil {
			return err
		}
	}
	if _, err := sqlTx.ExecContext(ctx, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name, now); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// SchemaVersion is the number of the last migration applied to the ledger.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.reader.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// LatestVersion is the schema version this program writes.
func LatestVersion() int { return len(migrations) }

// backupBeforeMigration writes a consistent copy of the ledger beside it
// before its schema changes, and returns the copy's path.
func backupBeforeMigration(ctx context.Context, path string, version int) (string, error) {
	b, err := makeAutoBackup(ctx, path, nil, BackupBeforeMigration, data.Now())
	if err != nil {
		return "", fmt.Errorf("store: backup before migration from version %d: %w", version, err)
	}
	return b.Path, nil
}

// migrationApplied tells whether the ledger has migration version already,
// in the write transaction about to apply it.
func (d dialect) migrationApplied(ctx context.Context, t *sql.Tx, version int) (bool, error) {
	exists := "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
	if d.postgres {
		exists = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
	}
	var n int
	if err := t.QueryRowContext(ctx, exists).Scan(&n); err != nil || n == 0 {
		return false, err
	}
	err := t.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", version).Scan(&n)
	return n > 0, err
}
