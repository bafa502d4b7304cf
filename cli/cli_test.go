package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/demo/demotest"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// binary is the real xiaoneng, built once per test run (see demotest);
// the tests run it as a user would.
var binary string

func TestMain(m *testing.M) {
	demotest.Main(m, func() error {
		var err error
		binary, err = demotest.Binary()
		return err
	})
}

type result struct {
	code           int
	stdout, stderr string
}

// config is each test's own user configuration folder, so that commands
// without -db never reach the real user's ledger.
func config(t testing.TB) string {
	t.Helper()
	return t.TempDir()
}

// demoLedgers are the ledgers tests made with demo: commands on them sign
// in as its director, zhuren.
var demoLedgers sync.Map

// xiaoneng runs the binary with HOME's configuration in configDir, signed
// in as storetest's administrator (the demo's director on a demo ledger).
func xiaoneng(t testing.TB, configDir string, args ...string) result {
	t.Helper()
	return xiaonengEnv(t, configDir, nil, args...)
}

// xiaonengEnv is xiaoneng with more environment variables (NAME=value),
// which may name another user.
func xiaonengEnv(t testing.TB, configDir string, env []string, args ...string) result {
	t.Helper()
	login, password := storetest.Login, storetest.Password
	ledger := ""
	for i, a := range args {
		if a == "-db" && i+1 < len(args) {
			ledger = args[i+1]
		}
	}
	if _, ok := demoLedgers.Load(ledger); ok {
		login, password = demotest.Director, demotest.Password
	}
	r := xiaonengAs(t, configDir, append([]string{"XIAONENG_USER=" + login, "XIAONENG_PASSWORD=" + password}, env...), args...)
	if r.code == 0 && slices.Contains(args, "demo") {
		demoLedgers.Store(ledger, true)
	}
	return r
}

// xiaonengAs runs the binary with the environment env added.
func xiaonengAs(t testing.TB, configDir string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	// A Chinese desktop's locale: under C.UTF-8 (CI's) Fyne's lang package
	// logs "Error parsing user locale C" from its init, before main runs.
	cmd.Env = append(append(os.Environ(), "XDG_CONFIG_HOME="+configDir, "HOME="+configDir, "AppData="+configDir,
		"LC_ALL=zh_CN.UTF-8", "LANG=zh_CN.UTF-8"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("xiaoneng %v: %v", args, err)
	}
	return r
}

var han = regexp.MustCompile(`\p{Han}`)

// wantFailure checks a refusal: a non-zero exit and a Chinese sentence
// containing the given words on stderr.
func wantFailure(t testing.TB, r result, code int, words ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d (stderr %q)", r.code, code, r.stderr)
	}
	if !han.MatchString(r.stderr) {
		t.Errorf("stderr is not a Chinese sentence: %q", r.stderr)
	}
	for _, w := range words {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q does not say %q", r.stderr, w)
		}
	}
	if strings.Contains(r.stderr, "flag provided") || strings.Contains(r.stderr, "panic") {
		t.Errorf("stderr shows an untranslated error: %q", r.stderr)
	}
}

func wantOK(t testing.TB, r result) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit code %d, stderr %q", r.code, r.stderr)
	}
}

// snapshot is every file of a folder with its bytes, to prove a refused
// command changed nothing (SQLite's side files included).
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func wantUnchanged(t *testing.T, dir string, before map[string][]byte) {
	t.Helper()
	after := snapshot(t, dir)
	for path, b := range before {
		if a, ok := after[path]; !ok {
			t.Errorf("%s was removed", path)
		} else if !bytes.Equal(a, b) {
			t.Errorf("%s was changed", path)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			t.Errorf("%s was created", path)
		}
	}
}

// newLedger makes a ledger with "init -admin" in a folder of its own: its
// administrator is storetest's, with every role, whom the commands sign in
// as (xiaoneng sets the environment).
func newLedger(t testing.TB) (path string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "台账.db")
	wantOK(t, xiaoneng(t, config(t), "-db", path, "init", "-admin", storetest.Login, "-name", storetest.Name, "-roles", "受理员,督查员,领导,外勤"))
	return path
}

// openLedger opens a ledger in this process, signed in as the commands
// are, to put records in it.
func openLedger(t testing.TB, path string) *store.DB {
	t.Helper()
	if _, ok := demoLedgers.Load(path); !ok {
		return storetest.Open(t, path)
	}
	db := storetest.OpenUnsigned(t, path)
	if _, err := db.SignIn(context.Background(), demotest.Director, demotest.Password); err != nil {
		t.Fatal(err)
	}
	return db
}

// demoCopy is a copy of the demo county the tests share (demotest), whose
// commands sign in as its director.
func demoCopy(t testing.TB) string {
	t.Helper()
	path := demotest.Copy(t)
	demoLedgers.Store(path, true)
	return path
}

func closeLedger(t testing.TB, db *store.DB) {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestInit(t *testing.T) {
	cfg := config(t)
	path := filepath.Join(t.TempDir(), "新建", "台账.db")
	r := xiaoneng(t, cfg, "-db", path, "init")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已新建空台账") || !strings.Contains(r.stdout, "init -admin") {
		t.Errorf("stdout %q", r.stdout)
	}
	// Without a user nobody can sign in: the commands say what to do, and
	// change nothing.
	before := snapshot(t, filepath.Dir(path))
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "check"), 1, "还没有用户", "init -admin")
	wantUnchanged(t, filepath.Dir(path), before)
	r = xiaoneng(t, cfg, "-db", path, "init", "-admin", storetest.Login, "-name", storetest.Name, "-roles", "受理员")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已创建管理员 ceshi（测试员）：管理员、受理员") || !regexp.MustCompile(`恢复码（只显示这一次）：[0-9A-Z]{5}(-[0-9A-Z]{5}){4}`).MatchString(r.stdout) {
		t.Errorf("init -admin: stdout %q", r.stdout)
	}
	wantOK(t, xiaoneng(t, cfg, "-db", path, "check"))
	// A second first administrator is refused.
	before = snapshot(t, filepath.Dir(path))
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "init", "-admin", "other"), 1, "已有用户")
	wantUnchanged(t, filepath.Dir(path), before)
	wantOK(t, xiaoneng(t, cfg, "-db", path, "check", "-full"))

	// Init again leaves the ledger as it is, records and bytes.
	db := openLedger(t, path)
	if err := db.CreateUnit(context.Background(), &data.Unit{Name: "县财政局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	closeLedger(t, db)
	dir := filepath.Dir(path)
	before = snapshot(t, dir)
	r = xiaoneng(t, cfg, "-db", path, "init")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "保持原样") {
		t.Errorf("stdout %q", r.stdout)
	}
	wantUnchanged(t, dir, before)
}

func TestDefaultLedger(t *testing.T) {
	cfg := config(t)
	wantOK(t, xiaoneng(t, cfg, "init", "-admin", storetest.Login))
	if _, err := os.Stat(filepath.Join(cfg, "xiaoneng", "台账.db")); err != nil {
		t.Fatalf("init without -db did not make the default ledger: %v", err)
	}
	r := xiaoneng(t, cfg, "check")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "台账完好") {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestCheckRefusesWhatIsNotALedger(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "笔记.txt")
	if err := os.WriteFile(text, []byte("这不是台账，只是一段文字。"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "空文件.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "别的程序.db")
	conn, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')"); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	for _, path := range []string{text, empty, foreign, dir} {
		for _, args := range [][]string{
			{"check"}, {"init"}, {"demo"}, {"backup", filepath.Join(dir, "备份.db")},
			{"export", "units", filepath.Join(dir, "单位.json")}, {"workdays", "2026-09-28", "5"},
		} {
			if path == empty && (args[0] == "init" || args[0] == "demo") {
				continue // an empty file is where a new ledger may be made
			}
			r := xiaoneng(t, config(t), append([]string{"-db", path}, args...)...)
			wantFailure(t, r, 1, "不是效能台账数据文件")
		}
	}
	wantUnchanged(t, dir, before)
}

func TestCheckCorruptedLedger(t *testing.T) {
	path := newLedger(t)
	db := openLedger(t, path)
	ctx := context.Background()
	for i := range 200 {
		if err := db.CreateUnit(ctx, &data.Unit{Name: fmt.Sprintf("第%d个单位", i), Category: data.UnitOther, Note: strings.Repeat("备注", 50)}); err != nil {
			t.Fatal(err)
		}
	}
	closeLedger(t, db)
	var root, pageSize int64
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'units'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	// Scribble over the units table's root page: the file still looks like
	// a ledger, but its units can no longer be read.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, int(pageSize)-16), (root-1)*pageSize+8); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	// the quick check finds it, and so does the full one
	r := xiaoneng(t, config(t), "-db", path, "check")
	wantFailure(t, r, 1, "损坏")
	r = xiaoneng(t, config(t), "-db", path, "check", "-full")
	wantFailure(t, r, 1, "损坏")
	// A command that reads the damaged table says what the workbench says.
	r = xiaoneng(t, config(t), "-db", path, "export", "units", "-")
	wantFailure(t, r, 1, data.UserMessage(fmt.Errorf("store: units: %w", data.ErrDamaged)))
}

func TestNewerLedgerRefused(t *testing.T) {
	path := newLedger(t)
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, '0999_future.sql', '2030-01-01T00:00:00.000+08:00')"); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	before := snapshot(t, dir)
	for _, args := range [][]string{{"check"}, {"init"}, {"demo"}, {"export", "units", filepath.Join(dir, "单位.json")}} {
		r := xiaoneng(t, config(t), append([]string{"-db", path}, args...)...)
		wantFailure(t, r, 1, "更新版本")
	}
	wantUnchanged(t, dir, before)
}

func TestMissingLedger(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "没有这个.db")
	for _, args := range [][]string{
		{"check"}, {"backup", filepath.Join(dir, "备份.db")}, {"export", "complaints", filepath.Join(dir, "投诉.json")},
	} {
		r := xiaoneng(t, config(t), append([]string{"-db", missing}, args...)...)
		wantFailure(t, r, 1, "台账文件不存在", missing)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("files were made for a missing ledger: %v %v", entries, err)
	}
	// workdays falls back to the shipped calendar and says so.
	r := xiaoneng(t, config(t), "-db", missing, "workdays", "2026-09-28", "5")
	wantOK(t, r)
	if r.stdout != "2026-10-10\n" || !strings.Contains(r.stderr, "台账文件不存在") {
		t.Errorf("workdays with a missing ledger: %q %q", r.stdout, r.stderr)
	}
}

func TestBackupWhileAnotherConnectionWrites(t *testing.T) {
	path := newLedger(t)
	ctx := context.Background()
	db := openLedger(t, path)
	unit := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment, Note: "已提交"}
	if err := db.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	closeLedger(t, db)

	// Another program holds the write lock with a change it will not
	// commit. Signing in writes an audit row, so the backup waits for the
	// lock (a second here; the workbench holds it for milliseconds), then
	// copies what is committed.
	conn, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE units SET note = '未提交' WHERE id = ?", unit.ID); err != nil {
		t.Fatal(err)
	}
	rolledBack := make(chan error)
	go func() {
		time.Sleep(time.Second)
		rolledBack <- tx.Rollback()
	}()

	out := filepath.Join(t.TempDir(), "备份", "台账-备份.db")
	cfg := config(t)
	r := xiaoneng(t, cfg, "-db", path, "backup", out)
	wantOK(t, r)
	if err := <-rolledBack; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.stdout, "审计日志共") || !strings.Contains(r.stdout, "校验值") {
		t.Errorf("backup does not print the audit chain's head: %q", r.stdout)
	}
	if !strings.Contains(r.stdout, out) {
		t.Errorf("stdout %q does not name the backup", r.stdout)
	}
	wantOK(t, xiaoneng(t, cfg, "-db", out, "check"))
	units := exportRows(t, cfg, out, "units")
	if len(units) != 1 || units[0]["note"] != "已提交" {
		t.Errorf("backup holds %v, want the committed unit only", units)
	}

	// An existing file is never overwritten.
	before := snapshot(t, filepath.Dir(out))
	r = xiaoneng(t, cfg, "-db", path, "backup", out)
	wantFailure(t, r, 1, "已存在")
	wantUnchanged(t, filepath.Dir(out), before)
}

// exportRows runs export and decodes the array.
func exportRows(t *testing.T, cfg, ledger, kind string, extra ...string) []map[string]any {
	t.Helper()
	out := filepath.Join(t.TempDir(), kind+".json")
	r := xiaoneng(t, cfg, append([]string{"-db", ledger, "export", kind, out}, extra...)...)
	wantOK(t, r)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatalf("export %s is not a JSON array: %v", kind, err)
	}
	return rows
}

var identityKeys = []string{"complainant_name", "complainant_phone", "complainant_id_number", "complainant_address", "complainant_unit"}

func TestExport(t *testing.T) {
	path := newLedger(t)
	ctx := context.Background()
	db := openLedger(t, path)
	dept := &data.Unit{Name: "县住房和城乡建设局", Category: data.UnitDepartment}
	window := &data.Unit{Name: "县政务服务中心不动产窗口", Category: data.UnitWindow}
	for _, u := range []*data.Unit{dept, window} {
		if u == window {
			u.ParentID = dept.ID
		}
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	c := &data.Complaint{ReceivedAt: time.Now().Add(-time.Hour), Channel: data.ChannelVisit, UnitID: window.ID, Category: "推诿扯皮/办事拖拉",
		Subject: "不动产登记来回跑了三趟", Content: "材料每次只说一部分。",
		Complainant: data.Complainant{Name: "周八", Phone: "13912345678", IDNumber: "33010219800101001X", Address: "清溪镇新街1号", Unit: "清溪镇农技站"}}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	closeLedger(t, db)
	cfg := config(t)

	for _, kind := range []string{"units", "complaints", "rounds", "visits", "findings", "documents", "actions"} {
		rows := exportRows(t, cfg, path, kind)
		for _, row := range rows {
			if _, ok := row["id"].(string); !ok {
				t.Errorf("%s row without id: %v", kind, row)
			}
		}
		switch kind {
		case "units":
			if len(rows) != 2 {
				t.Fatalf("%d units", len(rows))
			}
			for _, row := range rows {
				for _, k := range []string{"name", "category", "parent", "status"} {
					if _, ok := row[k]; !ok {
						t.Errorf("unit without %s: %v", k, row)
					}
				}
				if row["name"] == window.Name && row["parent"] != dept.Name {
					t.Errorf("window's parent = %v", row["parent"])
				}
			}
		case "complaints":
			if len(rows) != 1 {
				t.Fatalf("%d complaints", len(rows))
			}
			row := rows[0]
			for _, k := range []string{"number", "received_at", "channel", "unit", "category", "status", "handler_unit",
				"assigned_at", "due_date", "closed_at", "overdue", "satisfaction"} {
				if _, ok := row[k]; !ok {
					t.Errorf("complaint without %s", k)
				}
			}
			for _, k := range identityKeys {
				if _, ok := row[k]; ok {
					t.Errorf("%s exported without -with-identity", k)
				}
			}
			if row["number"] != c.Number || row["status"] != "待受理" || row["unit"] != window.Name || row["channel"] != "来访" {
				t.Errorf("complaint row %v", row)
			}
		default:
			if len(rows) != 0 {
				t.Errorf("%s: %d rows from a ledger without any", kind, len(rows))
			}
		}
	}

	// -with-identity after the arguments, -db after the command.
	out := filepath.Join(t.TempDir(), "投诉-实名.json")
	wantOK(t, xiaoneng(t, cfg, "export", "complaints", out, "-with-identity", "-db", path))
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var named []map[string]any
	if err := json.Unmarshal(b, &named); err != nil {
		t.Fatal(err)
	}
	if len(named) != 1 || named[0]["complainant_name"] != "周八" || named[0]["complainant_id_number"] != "33010219800101001X" {
		t.Errorf("export -with-identity: %v", named)
	}

	// "-" writes to stdout.
	r := xiaoneng(t, cfg, "-db", path, "export", "units", "-")
	wantOK(t, r)
	var units []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &units); err != nil || len(units) != 2 {
		t.Errorf("export to stdout: %v, %q", err, r.stdout)
	}

	// A missing folder is made.
	deep := filepath.Join(t.TempDir(), "导出", "2026", "单位.json")
	wantOK(t, xiaoneng(t, cfg, "-db", path, "export", "units", deep))
	if _, err := os.Stat(deep); err != nil {
		t.Error(err)
	}

	// Refusals change nothing: not the ledger, not the folder of the output.
	ledgerDir, outDir := filepath.Dir(path), t.TempDir()
	ledgerBefore, outBefore := snapshot(t, ledgerDir), snapshot(t, outDir)
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "export", "people", filepath.Join(outDir, "x.json")), 2, "people", "complaints")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "export", "units", path), 1, "台账文件本身")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "export", "units"), 2, "缺少参数")
	wantUnchanged(t, ledgerDir, ledgerBefore)
	wantUnchanged(t, outDir, outBefore)
}

func TestWorkdays(t *testing.T) {
	cfg := config(t)
	for _, tc := range []struct{ from, n, want string }{
		{"2026-09-28", "5", "2026-10-10"}, // across National Day, ending on a Saturday worked
		{"2026-10-10", "-5", "2026-09-28"},
		{"2026-2-13", "1", "2026-02-14"}, // a Saturday worked before the Spring Festival
		{"2026-02-14", "1", "2026-02-24"},
		{"2026-11-21", "0", "2026-11-21"},
	} {
		r := xiaoneng(t, cfg, "workdays", tc.from, tc.n)
		wantOK(t, r)
		if r.stdout != tc.want+"\n" || r.stderr != "" {
			t.Errorf("workdays %s %s = %q (stderr %q), want %s", tc.from, tc.n, r.stdout, r.stderr, tc.want)
		}
	}

	// A year without a calendar is counted Monday to Friday, with a warning.
	r := xiaoneng(t, cfg, "workdays", "2027-03-01", "1")
	wantOK(t, r)
	if r.stdout != "2027-03-02\n" || !strings.Contains(r.stderr, "2027年的节假日安排尚未录入") {
		t.Errorf("workdays in 2027: %q, stderr %q", r.stdout, r.stderr)
	}

	// With -db the office's own calendar applies.
	path := newLedger(t)
	db := openLedger(t, path)
	off, err := data.ParseDayList(2027, "3-02..3-03")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCalendarYear(context.Background(), &data.CalendarYear{Year: 2027, DaysOff: off}); err != nil {
		t.Fatal(err)
	}
	closeLedger(t, db)
	r = xiaoneng(t, cfg, "-db", path, "workdays", "2027-03-01", "1")
	wantOK(t, r)
	if r.stdout != "2027-03-04\n" || r.stderr != "" {
		t.Errorf("workdays with the ledger's 2027: %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestBadInput(t *testing.T) {
	path := newLedger(t)
	dir := filepath.Dir(path)
	out := filepath.Join(dir, "out.json")
	cfg := config(t)
	before := snapshot(t, dir)
	for _, tc := range []struct {
		args  []string
		code  int
		words []string
	}{
		{[]string{"frobnicate"}, 2, []string{"没有“frobnicate”这个命令"}},
		{[]string{"check", "-x"}, 2, []string{"没有“-x”这个选项"}},
		{[]string{"check", "多余"}, 2, []string{"多了参数"}},
		{[]string{"-db"}, 2, []string{"-db 后面缺少台账文件名"}},
		{[]string{"check", "-seed", "3"}, 2, []string{"不接受选项 -seed"}},
		{[]string{"check", "-with-identity"}, 2, []string{"不接受选项 -with-identity"}},
		{[]string{"demo", "-seed", "七"}, 2, []string{"不是整数"}},
		{[]string{"demo", "-seed"}, 2, []string{"缺少数字"}},
		{[]string{"backup"}, 2, []string{"缺少参数"}},
		{[]string{"export"}, 2, []string{"缺少参数"}},
		{[]string{"export", "units", out, "more"}, 2, []string{"多了参数"}},
		{[]string{"export", "投诉", out}, 2, []string{"没有“投诉”这类数据可导出"}},
		{[]string{"workdays", "2026-13-01", "5"}, 2, []string{"日期“2026-13-01”不存在：月份应在1至12之间"}},
		{[]string{"workdays", "明天", "5"}, 2, []string{"格式不正确"}},
		{[]string{"workdays", "2026/09/28", "5"}, 2, []string{"格式不正确"}},
		{[]string{"workdays", "2026-09-28", "五"}, 2, []string{"“五”不是整数"}},
		{[]string{"workdays", "2026-09-28", "99999"}, 2, []string{"天数应在"}},
		{[]string{"workdays", "2026-09-28"}, 2, []string{"缺少参数"}},
	} {
		r := xiaoneng(t, cfg, append([]string{"-db", path}, tc.args...)...)
		wantFailure(t, r, tc.code, tc.words...)
		if r.stdout != "" {
			t.Errorf("%v wrote to stdout: %q", tc.args, r.stdout)
		}
	}
	wantUnchanged(t, dir, before)
}

func TestHelp(t *testing.T) {
	cfg := config(t)
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"export", "-h"}} {
		r := xiaoneng(t, cfg, args...)
		wantOK(t, r)
		for _, w := range []string{"用法", "init", "demo", "check", "backup", "export", "workdays", "-with-identity", filepath.Join(cfg, "xiaoneng", "台账.db")} {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%v: usage does not mention %q", args, w)
			}
		}
	}
}

// TestDemo looks at the demo county the tests share, which the demo
// command filled (see demotest): what it printed, and what it filled.
func TestDemo(t *testing.T) {
	t.Parallel() // waits for the shared demo county (demotest)
	b := demotest.Built(t)
	t.Logf("demo -seed %d: %s", demotest.Seed, b.Took.Round(time.Millisecond))
	if !strings.Contains(b.Stdout, "已生成演示县台账") {
		t.Errorf("stdout %q", b.Stdout)
	}
	if lines := strings.Count(b.Stderr, "\n"); lines > 15 {
		t.Errorf("demo printed %d lines of progress, want it sparing", lines)
	}
	path := demoCopy(t)
	cfg := config(t)
	wantOK(t, xiaoneng(t, cfg, "-db", path, "check"))

	start := time.Now()
	complaints := exportRows(t, cfg, path, "complaints")
	t.Logf("export of %d complaints: %s", len(complaints), time.Since(start).Round(time.Millisecond))
	if len(complaints) < 1500 {
		t.Errorf("demo has %d complaints, want at least 1,500", len(complaints))
	}
	statuses := map[string]int{}
	for _, c := range complaints {
		statuses[c["status"].(string)]++
		for _, k := range identityKeys {
			if _, ok := c[k]; ok {
				t.Fatalf("%s exported without -with-identity", k)
			}
		}
	}
	var seen []string
	for s := range statuses {
		seen = append(seen, s)
	}
	sort.Strings(seen)
	t.Logf("statuses: %v", statuses)
	if len(seen) < 8 {
		t.Errorf("demo complaints are in %d states only: %v", len(seen), seen)
	}
	if units := exportRows(t, cfg, path, "units"); len(units) < 150 {
		t.Errorf("demo has %d units, want at least 150", len(units))
	}
	for _, kind := range []string{"rounds", "visits", "findings", "documents", "actions"} {
		if rows := exportRows(t, cfg, path, kind); len(rows) == 0 {
			t.Errorf("demo has no %s", kind)
		}
	}

	// A second demo into the same ledger is refused, and changes nothing.
	dir := filepath.Dir(path)
	before := snapshot(t, dir)
	r := xiaoneng(t, cfg, "-db", path, "demo")
	wantFailure(t, r, 1, "台账中已有记录")
	wantUnchanged(t, dir, before)
}

func TestGUILedger(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/配置")
	t.Setenv("HOME", "/家")
	def, err := DefaultLedgerPath()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && def != "/配置/xiaoneng/台账.db" {
		t.Errorf("DefaultLedgerPath = %s", def)
	}
	for _, tc := range []struct {
		args []string
		path string
		gui  bool
	}{
		{nil, def, true},
		{[]string{"-db", "/tmp/a.db"}, "/tmp/a.db", true},
		{[]string{"-db=/tmp/b.db"}, "/tmp/b.db", true},
		{[]string{"init"}, "", false},
		{[]string{"-db", "/tmp/a.db", "check"}, "", false},
		{[]string{"-h"}, "", false},
		{[]string{"-db"}, "", false},
		{[]string{"-bogus"}, "", false},
	} {
		path, gui, err := GUILedger(tc.args)
		if err != nil || path != tc.path || gui != tc.gui {
			t.Errorf("GUILedger(%q) = %q, %v, %v; want %q, %v", tc.args, path, gui, err, tc.path, tc.gui)
		}
	}
}
