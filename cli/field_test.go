package cli

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	byteorder "encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/demo/demotest"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

var withPassphrase = []string{PassphraseVariable + "=外勤口令"}

// openAs opens the ledger at path signed in as login, at the password
// cost of the binary the tests run: at another, signing in would hash the
// password again, a change these tests would see.
func openAs(t *testing.T, path, login, password string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{KDF: storetest.Options.KDF})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignIn(context.Background(), login, password); err != nil {
		t.Fatal(errors.Join(err, db.Close()))
	}
	return db
}

// ledgerRecords is a digest of every row of the ledger at path but what
// signing in writes (its audit rows and the time of the last sign-in), for
// a command that signs in and is to change nothing else. Each value goes
// in with its type and length: the demo county is 40,000 rows, read several
// times a test under the race detector, too many to format as text.
func ledgerRecords(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tables := []string{}
	rows, err := conn.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	field := func(tag byte, b []byte) {
		h.Write([]byte{tag})
		h.Write(byteorder.AppendUvarint(nil, uint64(len(b))))
		h.Write(b)
	}
	for _, table := range tables {
		field('T', []byte(table))
		q := "SELECT * FROM " + table
		switch table {
		case "audit_log":
			q = "SELECT id, at, actor, table_name, record_id, action, before, after FROM audit_log WHERE action NOT IN ('登录', '退出')"
		case "user_credentials":
			q = "SELECT user_id, password, failures, locked_until FROM user_credentials"
		}
		rows, err := conn.Query(q + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			h.Write([]byte{'R'})
			for _, v := range vals {
				switch v := v.(type) {
				case nil:
					field('N', nil)
				case int64:
					field('I', byteorder.BigEndian.AppendUint64(nil, uint64(v)))
				case float64:
					field('F', byteorder.BigEndian.AppendUint64(nil, math.Float64bits(v)))
				case string:
					field('S', []byte(v))
				case []byte:
					field('B', v)
				default:
					field('?', fmt.Appendf(nil, "%T %v", v, v))
				}
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			t.Fatal(err)
		}
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// wantSameRecords checks that the ledger at path holds the records it held
// when ledgerRecords gave before, and returns its records now.
func wantSameRecords(t *testing.T, path string, before [sha256.Size]byte) [sha256.Size]byte {
	t.Helper()
	after := ledgerRecords(t, path)
	if after != before {
		t.Errorf("%s was changed beyond signing in", path)
	}
	return after
}

// TestFieldCommands takes the demo county's round out to a laptop, works
// on both sides, and brings it home, every step a command: the preview
// changes nothing, the import holds the conflict, a second import says it
// was done, and what is refused changes nothing.
func TestFieldCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := config(t)
	officeDir, fieldDir := t.TempDir(), t.TempDir()
	office := filepath.Join(officeDir, "主台账.db")
	if err := os.Rename(demotest.Copy(t), office); err != nil {
		t.Fatal(err)
	}
	// The field ledger carries the demo's field accounts: the commands sign
	// in to both as its director (a 督查员 too), with the office password.
	field := filepath.Join(fieldDir, "外勤台账.db")
	demoLedgers.Store(office, true)
	demoLedgers.Store(field, true)
	db, err := store.Open(ctx, office, store.Options{KDF: storetest.Options.KDF})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignIn(ctx, demotest.Director, demotest.Password); err != nil {
		t.Fatal(err)
	}
	round, err := demo.FieldRound(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "出库.xnpkg")
	back := filepath.Join(t.TempDir(), "交回.xnpkg")
	run := func(args ...string) result { return xiaonengEnv(t, cfg, withPassphrase, args...) }

	// Without a passphrase and no terminal to type it on: refused.
	before := snapshot(t, officeDir)
	wantFailure(t, xiaonengEnv(t, cfg, []string{PassphraseVariable + "="}, "-db", office, "field", "out", "-round", round.ID, "-to", "外勤笔记本-1", "-o", out),
		1, PassphraseVariable)
	wantUnchanged(t, officeDir, before)
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused field out wrote its package")
	}
	wantFailure(t, run("-db", office, "field", "out", "-to", "外勤笔记本-1", "-o", out), 2, "-round")

	r := run("-db", office, "field", "out", "-round", round.ID, "-to", "外勤笔记本-1", "-o", out)
	wantOK(t, r)
	wantTestCost(t, out)
	for _, w := range []string{"出库包", "外勤笔记本-1", "检查记录"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("field out printed %q, without %q", r.stdout, w)
		}
	}
	wantFailure(t, run("-db", office, "field", "out", "-round", round.ID, "-to", "外勤笔记本-1", "-o", out), 1, "已存在")

	// A wrong passphrase makes no field ledger.
	wantFailure(t, xiaonengEnv(t, cfg, []string{PassphraseVariable + "=别的口令"}, "-db", field, "field", "init", out), 1, "口令")
	if _, err := os.Stat(field); err == nil {
		t.Fatal("a refused field init left a ledger")
	}
	r = run("-db", field, "field", "init", out)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已新建外勤台账") || !strings.Contains(r.stdout, round.Title) || !strings.Contains(r.stdout, "ducha、waiqin、zhuren") {
		t.Errorf("field init printed %q", r.stdout)
	}

	// The same rectification's deadline moved on both sides, and a visit
	// recorded in the field.
	fdb := openAs(t, field, "ducha", demotest.Password)
	open, err := fdb.Findings(ctx, data.FindingFilter{RectStatus: data.RectOpen})
	if err != nil || len(open) == 0 {
		t.Fatalf("the field ledger has %d rectifications in progress (%v)", len(open), err)
	}
	if _, err := fdb.ExtendRectification(ctx, open[0].ID, 10, "现场同意延期"); err != nil {
		t.Fatal(err)
	}
	v := &data.Visit{RoundID: round.ID, UnitID: round.UnitIDs[0], VisitedAt: demo.Today, Place: "一楼窗口", Summary: "外勤记下的检查"}
	if err := fdb.RecordVisit(ctx, v, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := fdb.Close(); err != nil {
		t.Fatal(err)
	}
	odb := openAs(t, office, "ducha", demotest.Password)
	if _, err := odb.ExtendRectification(ctx, open[0].ID, 5, "电话同意延期"); err != nil {
		t.Fatal(err)
	}
	if err := odb.Close(); err != nil {
		t.Fatal(err)
	}

	wantFailure(t, run("-db", office, "field", "back", "-o", back), 1, "主台账")
	wantOK(t, run("-db", field, "field", "back", "-o", back))

	// The preview changes nothing but for the sign-in's audit row, and
	// shows what the import will do.
	records := ledgerRecords(t, office)
	r = run("-db", office, "field", "in", back, "-dry-run")
	wantOK(t, r)
	records = wantSameRecords(t, office, records)
	for _, w := range []string{"新增2条", "检查记录", "冲突2处", "整改期限", "以上为预览"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("the preview %q does not say %q", r.stdout, w)
		}
	}
	// A package into the ledger that wrote it, or with the wrong
	// passphrase, is refused and changes nothing.
	fieldRecords := ledgerRecords(t, field)
	wantFailure(t, run("-db", field, "field", "in", back), 1, "应在主台账上导入")
	wantSameRecords(t, field, fieldRecords)
	wantFailure(t, xiaonengEnv(t, cfg, []string{PassphraseVariable + "=别的口令"}, "-db", office, "field", "in", back), 1, "口令")
	wantSameRecords(t, office, records)

	r = run("-db", office, "field", "in", back)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已导入，2处冲突待处理") {
		t.Errorf("field in printed %q", r.stdout)
	}
	records = ledgerRecords(t, office)
	r = run("-db", office, "field", "in", back)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "导入过") {
		t.Errorf("a second field in printed %q", r.stdout)
	}
	wantSameRecords(t, office, records)
	r = run("-db", office, "field", "conflicts")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "待处理的冲突2处") || !strings.Contains(r.stdout, "整改期限") {
		t.Errorf("field conflicts printed %q", r.stdout)
	}
	wantFailure(t, run("-db", office, "field", "sideways"), 2, "sideways")
}

// TestDemoField makes the demo's field ledger and brings its day home: the
// office sees the day's work and the deadline both sides moved. A second
// demo -field in the same folder overwrites nothing.
func TestDemoField(t *testing.T) {
	t.Parallel()
	cfg := config(t)
	dir := t.TempDir()
	field := filepath.Join(dir, "外勤台账.db")
	run := func(args ...string) result { return xiaonengEnv(t, cfg, withPassphrase, args...) }
	demoLedgers.Store(filepath.Join(dir, demoOfficeFile), true)
	r := run("-db", field, "demo", "-field")
	wantOK(t, r)
	for _, w := range []string{demoOfficeFile, demoPackageFile, "外勤一天的工作：检查记录2条，发现问题1个，照片2张", "field back"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("demo -field printed %q, without %q", r.stdout, w)
		}
	}
	back := filepath.Join(t.TempDir(), "交回.xnpkg")
	wantOK(t, run("-db", field, "field", "back", "-o", back))
	r = run("-db", filepath.Join(dir, demoOfficeFile), "field", "in", back, "-dry-run")
	wantOK(t, r)
	for _, w := range []string{"新增", "现场照片1.png", "冲突2处", "整改期限"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("the demo's return previews as %q, without %q", r.stdout, w)
		}
	}
	before := snapshot(t, dir)
	wantFailure(t, run("-db", field, "demo", "-field"), 1, "已存在")
	wantUnchanged(t, dir, before)
}

// TestFieldInKilled kills `field in` at moments through an import of 400
// visits and 40 photos of 1 MB: the office then has all of the package or
// none of it, never a part, passes check, and imports it whole afterwards.
func TestFieldInKilled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := config(t)
	dir := t.TempDir()
	// the packages at the tests' cost: the command reads the cost a
	// package was written with
	cipher := exchange.Passphrase{Secret: strings.TrimPrefix(withPassphrase[0], PassphraseVariable+"="), WorkFactor: exchange.TestWorkFactor}
	office := filepath.Join(dir, "主台账.db")
	odb := storetest.Open(t, office)
	u := &data.Unit{Name: "县政务服务中心", Category: data.UnitWindow}
	if err := odb.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	r := &data.Round{Title: "2026年第四季度明察暗访", Kind: data.RoundCovert, Start: data.NewDate(2026, 11, 2), End: data.NewDate(2026, 12, 31), UnitIDs: []string{u.ID}}
	if err := odb.CreateRound(ctx, r); err != nil {
		t.Fatal(err)
	}
	out, back := filepath.Join(dir, "出库.xnpkg"), filepath.Join(dir, "交回.xnpkg")
	if _, err := odb.WritePackageForLaptop(ctx, store.FieldOut{Rounds: []string{r.ID}, Laptop: "外勤笔记本-1", Path: out, Cipher: cipher}); err != nil {
		t.Fatal(err)
	}
	if err := odb.Close(); err != nil {
		t.Fatal(err)
	}
	fdb, _, err := store.CreateFieldLedger(ctx, filepath.Join(dir, "外勤台账.db"), out, cipher, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SignInAs(t, fdb, storetest.Login)
	const visits, photos = 400, 40
	for i := range visits {
		v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: demo.Today, Place: fmt.Sprintf("%d号窗口", i%6+1), Summary: fmt.Sprintf("第%d次检查", i+1)}
		var files []*data.Attachment
		if i < photos {
			b := make([]byte, 1<<20)
			if _, err := rand.Read(b); err != nil {
				t.Fatal(err)
			}
			files = append(files, &data.Attachment{Name: fmt.Sprintf("IMG_%d.jpg", i), Data: b})
		}
		if err := fdb.RecordVisit(ctx, v, nil, files); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fdb.WriteReturnPackage(ctx, back, cipher); err != nil {
		t.Fatal(err)
	}
	if err := fdb.Close(); err != nil {
		t.Fatal(err)
	}
	count := func(path string) int {
		db := openAs(t, path, storetest.Login, storetest.Password)
		defer db.Close()
		list, err := db.Visits(ctx, data.VisitFilter{RoundID: r.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	fresh := func() string {
		ledger := filepath.Join(t.TempDir(), "主台账.db")
		b, err := os.ReadFile(office)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ledger, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return ledger
	}
	// The whole import, timed, gives the moments to kill it at.
	ledger := fresh()
	start := time.Now()
	wantOK(t, xiaonengEnv(t, cfg, withPassphrase, "-db", ledger, "field", "in", back))
	took := time.Since(start)
	if n := count(ledger); n != visits {
		t.Fatalf("the import gives %d visits, want %d", n, visits)
	}
	outcomes := map[int]int{}
	for _, part := range []float64{0.3, 0.6, 0.8, 0.95} {
		d := time.Duration(part * float64(took))
		ledger := fresh()
		cmd := exec.Command(binary, "-db", ledger, "field", "in", back)
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+cfg, "HOME="+cfg, "LC_ALL=zh_CN.UTF-8", "LANG=zh_CN.UTF-8", withPassphrase[0],
			"XIAONENG_USER="+storetest.Login, "XIAONENG_PASSWORD="+storetest.Password)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(d)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		// Killed, or done just before: either way it exits.
		var exit *exec.ExitError
		if err := cmd.Wait(); err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		n := count(ledger)
		if n != 0 && n != visits {
			t.Fatalf("killed after %v of %v, the office has %d of the package's %d visits", d, took, n, visits)
		}
		outcomes[n]++
		wantOK(t, xiaoneng(t, cfg, "-db", ledger, "check"))
		if n == 0 {
			wantOK(t, xiaonengEnv(t, cfg, withPassphrase, "-db", ledger, "field", "in", back))
			if n := count(ledger); n != visits {
				t.Fatalf("after a killed import, importing again gives %d visits, want %d", n, visits)
			}
		}
	}
	t.Logf("the import took %v; killed: %d left nothing, %d had committed", took, outcomes[0], outcomes[visits])
}

// TestFieldOutUnits takes units out one by one (-unit), beside a round
// (-round) in a refreshed package: the office makes a round for them on
// which the laptop's visit comes home. An unknown unit, or neither option,
// is refused and changes nothing.
func TestFieldOutUnits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := config(t)
	officeDir, fieldDir := t.TempDir(), t.TempDir()
	office := filepath.Join(officeDir, "主台账.db")
	if err := os.Rename(demotest.Copy(t), office); err != nil {
		t.Fatal(err)
	}
	field := filepath.Join(fieldDir, "外勤台账.db")
	demoLedgers.Store(office, true)
	demoLedgers.Store(field, true)
	db := openAs(t, office, demotest.Director, demotest.Password)
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil || len(units) < 3 {
		t.Fatalf("%d units (%v)", len(units), err)
	}
	round, err := demo.FieldRound(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) result { return xiaonengEnv(t, cfg, withPassphrase, args...) }
	out, back, more := filepath.Join(t.TempDir(), "出库.xnpkg"), filepath.Join(t.TempDir(), "交回.xnpkg"), filepath.Join(t.TempDir(), "补充.xnpkg")

	wantFailure(t, run("-db", office, "field", "out", "-to", "外勤笔记本-2", "-o", out), 2, "-unit")
	records := ledgerRecords(t, office)
	wantFailure(t, run("-db", office, "field", "out", "-unit", units[0].ID+",没有这个单位", "-to", "外勤笔记本-2", "-o", out), 1, "所选单位中有已删除或不存在的单位")
	wantSameRecords(t, office, records)
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused field out wrote its package")
	}

	r := run("-db", office, "field", "out", "-unit", units[0].ID+", "+units[1].ID, "-to", "外勤笔记本-2", "-o", out)
	wantOK(t, r)
	title := "外勤笔记本-2按单位出库"
	for _, w := range []string{"出库包", "按单位带出的单位", title} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("field out -unit printed %q, without %q", r.stdout, w)
		}
	}
	r = run("-db", field, "field", "init", out)
	wantOK(t, r)
	if !strings.Contains(r.stdout, title) {
		t.Errorf("field init printed %q", r.stdout)
	}
	fdb := openAs(t, field, "ducha", demotest.Password)
	fc, ok, err := fdb.FieldLedger(ctx)
	if err != nil || !ok || len(fc.Rounds) != 1 || !fc.Rounds[0].ForUnits {
		t.Fatalf("the field ledger's checkout %+v (%v)", fc, err)
	}
	trip := fc.Rounds[0].ID
	v := &data.Visit{RoundID: trip, UnitID: units[1].ID, VisitedAt: demo.Today, Place: "一楼窗口", Summary: "按单位出库后的复查"}
	if err := fdb.RecordVisit(ctx, v, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := fdb.Close(); err != nil {
		t.Fatal(err)
	}
	wantOK(t, run("-db", field, "field", "back", "-o", back))
	wantOK(t, run("-db", office, "field", "in", back))

	// a round and a third unit for the same laptop: a refreshed package
	r = run("-db", office, "field", "out", "-round", round.ID, "-unit", units[2].ID, "-to", "外勤笔记本-2", "-o", more)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "补充包") {
		t.Errorf("a second field out printed %q", r.stdout)
	}
	wantOK(t, run("-db", field, "field", "in", more))

	odb := openAs(t, office, demotest.Director, demotest.Password)
	defer odb.Close()
	home, err := odb.Visit(ctx, v.ID)
	if err != nil || home.RoundID != trip {
		t.Fatalf("the field's visit at home: %+v (%v)", home, err)
	}
	tr, err := odb.Round(ctx, trip)
	if err != nil || tr.Kind != data.RoundFollowUp || len(tr.UnitIDs) != 3 {
		t.Errorf("the round made for the units: %+v (%v)", tr, err)
	}
	fdb = openAs(t, field, "ducha", demotest.Password)
	defer fdb.Close()
	if fc, ok, err := fdb.FieldLedger(ctx); err != nil || !ok || len(fc.Rounds) != 2 {
		t.Errorf("the field ledger's rounds after the refresh: %+v (%v)", fc, err)
	}
	if _, err := fdb.Unit(ctx, units[2].ID); err != nil {
		t.Errorf("the unit added is not on the laptop: %v", err)
	}
}
