package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store/pgtest"
)

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// newServerLedger creates a new, empty ledger on the test server and
// returns its address: a copy of one database that Open made once per test
// process, as newLedgerPath copies a file.
func newServerLedger(t testing.TB) string {
	t.Helper()
	dsn := pgtest.Server(t)
	templateOnce.Do(func() {
		templateName = fmt.Sprintf("ledger_%d", os.Getpid())
		if templateErr = pgtest.Create(templateName, ""); templateErr != nil {
			return
		}
		opt := testOptions
		opt.Create = true
		db, err := Open(context.Background(), pgtest.WithDatabase(dsn, templateName), opt)
		if err == nil {
			err = db.Close()
		}
		templateErr = err
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	ledger := pgtest.NewDatabase(t, templateName)
	// its own ledger id, as newLedgerPath gives a file
	pgtest.Exec(t, ledger, []any{newID()}, "UPDATE meta SET value = $1 WHERE key = 'ledger_id'", "UPDATE replicas SET ledger_id = $1 WHERE n = 1")
	return ledger
}

// TestRebindPostgres: placeholders become PostgreSQL's outside quotes and
// comments, numbered as SQLite numbers them.
func TestRebindPostgres(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1":                                      "SELECT 1",
		"a = ? AND b = ?":                               "a = $1 AND b = $2",
		"x > ?1 AND y < ?1 AND z = ?2":                  "x > $1 AND y < $1 AND z = $2",
		"a = ?2 AND b = ?":                              "a = $2 AND b = $3",
		"note = '为什么?' AND id = ?":                      "note = '为什么?' AND id = $1",
		`"odd?name" = ? -- why?` + "\n AND ?":           `"odd?name" = $1 -- why?` + "\n AND $2",
		"LIKE ? ESCAPE '\\' OR n LIKE ?":                "ILIKE $1 ESCAPE '\\' OR n ILIKE $2",
		"unliked LIKE 'LIKE' LIMIT -1 OFFSET 3":         "unliked ILIKE 'LIKE' LIMIT ALL OFFSET 3",
		"IN (SELECT value FROM json_each(?))":           "IN (SELECT value FROM json_array_elements_text($1))",
		"instr(' ' || terms || ' ', ?) > 0":             "strpos(' ' || terms || ' ', $1) > 0",
		"col?":                                          "col$1",
		"SET a = max(a, ?), b = min(coalesce(b, 0), ?)": "SET a = greatest(a, $1), b = least(coalesce(b, 0), $2)",
		"SELECT max(id), min(f(a, b)) FROM t":           "SELECT max(id), min(f(a, b)) FROM t",
		"max(',') + max  (x)":                           "max(',') + max  (x)",
	} {
		if got := rebindPostgres(in); got != want {
			t.Errorf("rebindPostgres(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMigrationTwins: every migration has its PostgreSQL twin, of the same
// number and name.
func TestMigrationTwins(t *testing.T) {
	if len(postgresMigrations) != len(migrations) {
		t.Errorf("%d migrations for SQLite, %d for PostgreSQL", len(migrations), len(postgresMigrations))
	}
	for i := range min(len(migrations), len(postgresMigrations)) {
		if migrations[i].name != postgresMigrations[i].name {
			t.Errorf("migration %d: %s for SQLite, %s for PostgreSQL", i+1, migrations[i].name, postgresMigrations[i].name)
		}
	}
}

// TestSchemasAgree: a new ledger has the same tables with the same columns
// in a file and on the server. The search indexes (FTS5 tables and their
// twins, with their shadow tables, in the file; tables of term arrays, the
// count of each bigram and the open complaints' terms on the server) and the rowid
// columns on the server, which stand for SQLite's implicit rowid, are the
// engines' own.
func TestSchemasAgree(t *testing.T) {
	ctx := context.Background()
	file, err := Open(ctx, newLedgerPath(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	server, err := Open(ctx, newServerLedger(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()

	lite := map[string]bool{}
	err = eachRow(ctx, file.reader, "schema", `SELECT m.name || '.' || p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'complaint_bigrams%' AND m.name NOT LIKE 'complaint_trigrams%'
			AND m.name NOT LIKE 'complaint_open_bigrams%' AND m.name NOT LIKE 'complaint_open_trigrams%'`, nil,
		func(r rowScanner) error {
			var c string
			err := r.Scan(&c)
			lite[c] = true
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	pg := map[string]bool{}
	err = eachRow(ctx, server.reader, "schema", `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name != 'rowid' AND table_name NOT IN ('complaint_bigrams', 'complaint_trigrams', 'complaint_bigram_counts',
			'complaint_open_terms')`, nil,
		func(r rowScanner) error {
			var c string
			err := r.Scan(&c)
			pg[c] = true
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) < 300 {
		t.Fatalf("only %d columns in SQLite", len(lite))
	}
	for c := range lite {
		if !pg[c] {
			t.Errorf("%s: in SQLite, not in PostgreSQL", c)
		}
	}
	for c := range pg {
		if !lite[c] {
			t.Errorf("%s: in PostgreSQL, not in SQLite", c)
		}
	}
}

// TestOpenServerRefusals: a server that does not answer, a database that
// does not exist, and a database of something else are each refused with
// their own sentence, and the other database is left alone.
func TestOpenServerRefusals(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, "postgres://xiaoneng@/xiaoneng?host="+t.TempDir()+"&connect_timeout=5", Options{})
	if !errors.Is(err, data.ErrServer) || data.UserMessage(err) != data.ErrServer.Error() {
		t.Errorf("no server: %v", err)
	}

	dsn := pgtest.Server(t)
	_, err = Open(ctx, pgtest.WithDatabase(dsn, "no_such_ledger"), Options{Create: true})
	if !errors.Is(err, data.ErrNoLedger) {
		t.Errorf("no database: err = %v, want ErrNoLedger", err)
	}

	other := pgtest.NewDatabase(t, "")
	conn, err := sql.Open("pgx", other)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec("CREATE TABLE contacts (name TEXT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, other, Options{Create: true}); !errors.Is(err, data.ErrNotLedger) {
		t.Errorf("another database: err = %v, want ErrNotLedger", err)
	}
	var tables int
	if err := conn.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&tables); err != nil || tables != 1 {
		t.Errorf("the other database has %d tables (%v)", tables, err)
	}

	// An empty database becomes a ledger only when asked to.
	empty := pgtest.NewDatabase(t, "")
	if _, err := Open(ctx, empty, Options{}); !errors.Is(err, data.ErrNotLedger) {
		t.Errorf("empty database without Create: err = %v, want ErrNotLedger", err)
	}
	db, err := Open(ctx, empty, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Error(err)
	}
	for in, want := range map[string]string{
		"postgres://xiaoneng:秘密@server/xiaoneng":                   "postgres://xiaoneng:xxxxx@server/xiaoneng",
		"postgres://xiaoneng@server:5432/xiaoneng?sslmode=require": "postgres://xiaoneng@server:5432/xiaoneng?sslmode=require",
		"postgresql://x@h/db?sslmode=require&Password=p@ss&a=1":    "postgresql://x@h/db?sslmode=require&Password=xxxxx&a=1",
		`C:\台账\台账.db`:                                              `C:\台账\台账.db`,
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestProbeServer: 测试连接 tells an empty database (a ledger would be
// made in it), the office's ledger, and a server that does not answer.
func TestProbeServer(t *testing.T) {
	ctx := context.Background()
	if got, err := Probe(ctx, pgtest.NewDatabase(t, "")); err != nil || !strings.Contains(got, "数据库为空") {
		t.Errorf("empty database: %q, %v", got, err)
	}
	if got, err := Probe(ctx, newServerLedger(t)); err != nil || got != fmt.Sprintf("连接成功：服务器上已有台账（数据结构版本%d）。", LatestVersion()) {
		t.Errorf("ledger: %q, %v", got, err)
	}
	_, err := Probe(ctx, "postgres://xiaoneng@/xiaoneng?host="+t.TempDir()+"&connect_timeout=5")
	if !errors.Is(err, data.ErrServer) {
		t.Errorf("no server: %v", err)
	}
}

// TestServerAddress: the address 连接单位服务器 builds, and its refusals.
func TestServerAddress(t *testing.T) {
	s := Server{Host: "192.168.1.20", Database: "xiaoneng", User: "xnb", Password: "p@ss/口令", TLS: true}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	dsn := s.DSN()
	if !strings.HasPrefix(dsn, "postgres://xnb:") || !strings.Contains(dsn, "@192.168.1.20:5432/xiaoneng?") || !strings.Contains(dsn, "sslmode=require") {
		t.Errorf("DSN %q", dsn)
	}
	if strings.Contains(Redact(dsn), "口令") || strings.Contains(Redact(dsn), "p%40ss") {
		t.Errorf("Redact(%q) = %q shows the password", dsn, Redact(dsn))
	}
	if got := (Server{Host: "::1", Port: "6543", Database: "x", User: "y"}).DSN(); !strings.HasPrefix(got, "postgres://y@[::1]:6543/x?") || !strings.Contains(got, "sslmode=disable") {
		t.Errorf("IPv6 DSN %q", got)
	}
	err := Server{Host: "a b", Port: "0", User: "用户"}.Validate()
	for _, want := range []string{"服务器地址只填计算机名或IP地址", "端口应为1到65535", "请填写数据库名", "用户名只能由字母、数字和下划线组成"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q lacks %q", err, want)
		}
	}
}

// TestRestoreRefusedOnServer: a backup file is not put in the place of the
// server's ledger (the desktop has no file there), nor an automatic backup
// made beside it; the refusal says what to do instead, and the ledger is
// as it was.
func TestRestoreRefusedOnServer(t *testing.T) {
	ctx := context.Background()
	db := newTestDBAt(t, newServerLedger(t))
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县政务服务中心", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "备份.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县信访局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	if _, err := RestoreLoss(ctx, db.Path(), backup); !errors.Is(err, errRestoreServer) {
		t.Errorf("RestoreLoss on the server: %v", err)
	}
	_, err := Restore(ctx, db.Path(), backup)
	if !errors.Is(err, errRestoreServer) || !strings.Contains(data.UserMessage(err), "pg_restore") {
		t.Fatalf("Restore on the server: %v", err)
	}
	if units, err := db.Units(ctx, data.UnitFilter{}); err != nil || len(units) != 2 {
		t.Errorf("the server's ledger after the refusal: %d units (%v)", len(units), err)
	}
	// nor is an automatic backup made beside it (the server backs it up)
	if _, err := db.BackupNow(ctx, BackupDaily); !errors.Is(err, errAutoBackupServer) {
		t.Errorf("BackupNow on the server: %v", err)
	}
}

// TestServerGrams: the server's n-grams (xn_grams and xn_search_terms,
// migration 0021) are the grams Go looks them up by (gramTerms), for runs of
// every length, white space (no-break and ideographic too), full-width and
// capital letters and missing fields.
func TestServerGrams(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, newServerLedger(t), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, fields := range [][]any{
		{"窗口工作人员态度生硬", "态度　生硬，对群众 不耐烦", nil},
		{"TS2026-0007", "Ｐｈｏｎｅ：0591-12345", "ab abc abcd"},
		{"一", "一二", "一二三", "一二三四", "一二三四五", ""},
		{"重复重复重复重复", "\t换行\n之后 ", "不\u00a0换\u3000行 ＡＢＣＤ"},
	} {
		args := strings.TrimSuffix(strings.Repeat("CAST(? AS TEXT), ", len(fields)), ", ")
		for _, c := range []struct {
			call string
			ns   []int
		}{
			{"xn_grams(ARRAY[3, 4], " + args + ")", []int{3, 4}},
			{"xn_grams(ARRAY[2], " + args + ")", []int{2}},
			{"xn_search_terms(2, " + args + ")", []int{2}},
			{"xn_search_terms(3, " + args + ")", []int{3}},
			{"xn_search_terms(4, " + args + ")", []int{4}},
		} {
			got, err := queryStrings(ctx, db.reader, "SELECT unnest("+c.call+")", fields...)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			var texts []string
			for _, f := range fields {
				if f, ok := f.(string); ok {
					texts = append(texts, f)
				}
			}
			want := goGrams(texts, c.ns...)
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("%q: %s gives %v, Go's grams %v", fields, c.call, got, want)
			}
		}
	}
}

// goGrams are the distinct n-grams of texts for each n of ns, sorted, as Go
// writes them (gramTerms, without the filler before each run).
func goGrams(texts []string, ns ...int) []string {
	var b strings.Builder
	for _, s := range texts {
		for _, n := range ns {
			gramTerms(&b, s, n)
		}
	}
	var out []string
	for _, g := range strings.Fields(b.String()) {
		if g != "z" && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// TestServerKeepsItsReadConnections: the read connections a busy moment
// opened stay for the next reads (each is a process of the server's, slow
// on its first reads), where database/sql would close all but two.
func TestServerKeepsItsReadConnections(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	db, err := Open(ctx, newServerLedger(t), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 4
	var begun, done sync.WaitGroup
	begun.Add(n)
	done.Add(n)
	errs := make(chan error, n)
	for range n {
		go func() {
			defer done.Done()
			tx, err := db.reader.BeginTx(ctx, db.dialect.readOptions())
			begun.Done()
			if err != nil {
				errs <- err
				return
			}
			begun.Wait() // all four at once
			errs <- tx.Rollback()
		}()
	}
	done.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if s := db.reader.Stats(); s.Idle != n || s.MaxIdleClosed != 0 {
		t.Errorf("after %d reads at once: %d connections idle, %d closed for being idle beyond the limit", n, s.Idle, s.MaxIdleClosed)
	}
}

// serverLedgerAt makes a server ledger at schema version, with a unit and
// three complaints registered, and returns its address, the unit's id and
// its index rows (serverIndexRows).
func serverLedgerAt(t *testing.T, version int) (dsn, unit, rows string) {
	t.Helper()
	ctx := context.Background()
	dsn = pgtest.NewDatabase(t, "")
	opt := testOptions
	opt.Create = true
	old, err := open(ctx, dsn, opt, version)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	signInTest(t, old)
	u := &data.Unit{Name: "县自然资源局", Category: data.UnitDepartment}
	if err := old.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		c := &data.Complaint{ReceivedAt: tm(fmt.Sprintf("2026-11-%02d 09:30", 2+i)), Channel: data.ChannelPhone, UnitID: u.ID,
			Category: "事难办", Subject: fmt.Sprintf("不动产登记多次往返第%d次", i+1),
			Content: strings.Repeat("群众反映办理不动产转移登记时被要求补充材料三次，未一次性告知。", 1+i)}
		c.Complainant.Name = "张三丰"
		if _, err := old.RegisterComplaint(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return dsn, u.ID, serverIndexRows(t, old)
}

// serverIndexRows are, as text, the server's index rows, its count of each
// bigram and its open complaints' rows.
func serverIndexRows(t *testing.T, db *DB) string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT rowid || ' ' || terms::TEXT FROM complaint_bigrams ORDER BY rowid",
		"SELECT rowid || ' ' || terms::TEXT FROM complaint_trigrams ORDER BY rowid",
		"SELECT gram || ' ' || state || ' ' || n FROM complaint_bigram_counts ORDER BY 1",
		"SELECT rowid || ' ' || terms::TEXT FROM complaint_open_terms ORDER BY rowid",
	} {
		rows, err := queryStrings(context.Background(), db.reader, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, strings.Join(rows, "\n"))
	}
	return strings.Join(out, "\n--\n")
}

// checkServerIndexKept registers a complaint and checks that the triggers
// keep the index rows and counts, and that the searches find what they
// should.
func checkServerIndexKept(t *testing.T, db *DB, unit string, searches ...string) {
	t.Helper()
	c := &data.Complaint{ReceivedAt: tm("2026-11-20 10:00"), Channel: data.ChannelPhone, UnitID: unit,
		Category: "事难办", Subject: "窗口态度生硬", Content: "窗口工作人员态度生硬。"}
	c.Complainant.Anonymous = true
	if _, err := db.RegisterComplaint(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	checkSearchKeys(t, db)
	for _, q := range searches {
		checkSearch(t, db, data.ComplaintFilter{Search: q})
	}
}

// TestNarrowIndexRowsMigration: migration 0020 writes the server's index
// rows anew with their arrays out of line, each row, bigram count and open
// complaint as it was, and their triggers keep them again afterwards.
func TestNarrowIndexRowsMigration(t *testing.T) {
	ctx := context.Background()
	dsn, unit, before := serverLedgerAt(t, 19)
	db, err := open(ctx, dsn, testOptions, 20)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	signInTest(t, db)
	if after := serverIndexRows(t, db); after != before || !strings.Contains(before, "\n--\n") {
		t.Errorf("the index rows, counts and open complaints changed:\nbefore %s\nafter %s", before, after)
	}
	for _, table := range []string{"complaint_bigrams", "complaint_trigrams"} {
		var options string
		if err := db.reader.QueryRowContext(ctx, "SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE relname = ?", table).Scan(&options); err != nil {
			t.Fatal(err)
		}
		if options != "toast_tuple_target=128" {
			t.Errorf("%s: options %q, want its arrays out of line", table, options)
		}
	}
	// (its searches of three characters or more need the next migration's
	// 4-grams)
	checkServerIndexKept(t, db, unit, "态度", "窗口")
}

// TestFourGramsMigration: migration 0021 adds each complaint's 4-grams to its
// row of the server's trigram index (and to its open row), the rest as it
// was, and the rows written since hold them too.
func TestFourGramsMigration(t *testing.T) {
	ctx := context.Background()
	dsn, unit, rows := serverLedgerAt(t, 20)
	before := strings.Split(rows, "\n--\n")
	db := openTestDB(t, dsn, false)
	defer db.Close()
	after := strings.Split(serverIndexRows(t, db), "\n--\n")
	if len(before) != 4 || before[0] != after[0] || before[2] != after[2] {
		t.Errorf("the bigram rows or counts changed")
	}
	// each trigram row: what it held, and the 4-grams of its complaint
	list, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil || len(list) != 3 {
		t.Fatalf("%d complaints, %v", len(list), err)
	}
	grams := map[string]string{} // by key
	for _, c := range list {
		var key int64
		if err := db.reader.QueryRowContext(ctx, "SELECT search_key FROM complaints WHERE id = ?", c.ID).Scan(&key); err != nil {
			t.Fatal(err)
		}
		grams[strconv.FormatInt(key, 10)] = strings.Join(goGrams([]string{c.Number, c.Subject, c.Content, "县自然资源局"}, 4), ",")
	}
	terms := func(row string) (string, map[string]bool) {
		key, arr, _ := strings.Cut(row, " ")
		set := map[string]bool{}
		for _, g := range strings.Split(strings.Trim(arr, "{}"), ",") {
			set[g] = true
		}
		return key, set
	}
	oldRows, newRows := strings.Split(before[1], "\n"), strings.Split(after[1], "\n")
	if len(oldRows) != 3 || len(newRows) != 3 {
		t.Fatalf("trigram rows: %d before, %d after", len(oldRows), len(newRows))
	}
	for i := range oldRows {
		key, was := terms(oldRows[i])
		newKey, is := terms(newRows[i])
		var added []string
		for g := range is {
			if !was[g] {
				added = append(added, g)
			}
		}
		slices.Sort(added)
		kept := 0
		for g := range was {
			if is[g] {
				kept++
			}
		}
		if newKey != key || kept != len(was) || strings.Join(added, ",") != grams[key] || grams[key] == "" {
			t.Errorf("row %s: added %v, want the complaint's 4-grams %v", key, added, grams[key])
		}
	}
	if before[3] == after[3] {
		t.Error("the open complaints' rows were not written again")
	}
	checkServerIndexKept(t, db, unit, "态度", "多次往返", "窗口工作", "工作人员态", "不动产转移登记", "多次往返第2次", "资源局")
}
