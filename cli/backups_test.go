package cli

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// An import makes no backup of its own (its batch can be undone); backups
// lists the day's; restore says what would be lost and does nothing
// without -yes; with -yes it restores, keeping the ledger replaced; the
// ledger is then as the backup.
func TestBackupsAndRestore(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	db := openLedger(t, path)
	if err := db.CreateUnit(context.Background(), &data.Unit{Name: "县档案馆", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BackupNow(context.Background(), store.BackupDaily); err != nil {
		t.Fatal(err)
	}
	closeLedger(t, db)
	csv := filepath.Join(t.TempDir(), "单位.csv")
	if err := os.WriteFile(csv, []byte("单位名称,单位类别\n县林业局,县直部门\n县水利局,县直部门\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := xiaoneng(t, cfg, "-db", path, "import", "units", csv)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "本次导入为第1批；如需撤销：xiaoneng import undo -batch 1") || strings.Contains(r.stdout, "备份") {
		t.Errorf("import does not name its batch: %q", r.stdout)
	}
	r = xiaoneng(t, cfg, "-db", path, "backups")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "共1份") || !strings.Contains(r.stdout, "每日") {
		t.Fatalf("backups: %q", r.stdout)
	}
	list, err := store.AutoBackups(path)
	if err != nil || len(list) != 1 {
		t.Fatalf("%v %v", list, err)
	}

	before := snapshot(t, filepath.Dir(path))
	r = xiaoneng(t, cfg, "-db", path, "restore", list[0].Path)
	wantFailure(t, r, exitFailed, "加 -yes")
	if !strings.Contains(r.stdout, "台账有5处改动将会丢失：单位2处，导入批次1处，用户1处，设置1处") {
		t.Errorf("restore does not say what would be lost: %q", r.stdout)
	}
	wantUnchanged(t, filepath.Dir(path), before)
	r = xiaoneng(t, cfg, "-db", path, "restore", list[0].Path, "-yes")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "恢复前的台账已保存为") {
		t.Errorf("restore: %q", r.stdout)
	}
	db = openLedger(t, path)
	units, err := db.Units(context.Background(), data.UnitFilter{})
	closeLedger(t, db)
	if err != nil || len(units) != 1 {
		t.Errorf("restored ledger: %d units, %v", len(units), err)
	}
	wantOK(t, xiaoneng(t, cfg, "-db", path, "check"))
}

// A demo fill cut short is what check reports and demo refuses, each
// saying what to do.
func TestCheckFindsDemoCutShort(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	db := openLedger(t, path)
	ctx := context.Background()
	// what a demo killed after its first records leaves
	if err := db.BeginFill(ctx, "演示县数据"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUnit(ctx, &data.Unit{Name: "清溪县教育局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	closeLedger(t, db)
	r := xiaoneng(t, cfg, "-db", path, "check")
	wantFailure(t, r, exitFailed, "演示县数据于", "没有完成", "删除该台账文件后重新生成演示数据")
	before := snapshot(t, filepath.Dir(path))
	r = xiaoneng(t, cfg, "-db", path, "demo")
	wantFailure(t, r, exitFailed, data.ErrFillCutShort.Error())
	wantUnchanged(t, filepath.Dir(path), before)
}

// The case itself: demo killed a tenth of the way leaves a ledger
// that check calls cut short and demo refuses to fill over, each saying
// what to do.
func TestDemoKilledHalfway(t *testing.T) {
	cfg := config(t)
	path := filepath.Join(t.TempDir(), "演示.db")
	cmd := exec.Command(binary, "-db", path, "demo")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+cfg, "HOME="+cfg, "LC_ALL=zh_CN.UTF-8", "LANG=zh_CN.UTF-8")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	tenth := false
	for !tenth && sc.Scan() {
		tenth = strings.Contains(sc.Text(), "已完成 10%")
	}
	if !tenth {
		t.Fatal("demo ended before a tenth of the way")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()                    //nolint:errcheck // killed: its exit says so
	demoLedgers.Store(path, true) // its users were made first
	r := xiaoneng(t, cfg, "-db", path, "check")
	wantFailure(t, r, exitFailed, "演示县数据于", "没有完成（被中断）", "删除该台账文件后重新生成演示数据")
	r = xiaoneng(t, cfg, "-db", path, "demo")
	wantFailure(t, r, exitFailed, data.ErrFillCutShort.Error())
}
