package cli

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xiaoneng/data/store/storetest"
)

// What the machine does to the ledger's file, as the command line tells
// it: a read-only folder, a full disk, another program writing. Each is
// its own Chinese sentence (never "damaged"), the "文件：" line names the
// ledger when the ledger is the trouble, and a refused command leaves the
// folder byte for byte as it was.

// unitsCSV writes a CSV of two units into a folder of its own.
func unitsCSV(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "单位名录.csv")
	csv := "单位名称,单位类别\n县档案馆,县直部门\n县林业局,县直部门\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestReadOnlyLedgerCommands(t *testing.T) {
	cfg := config(t)
	dir := storetest.SmallDisk(t, 8<<20)
	path := filepath.Join(dir, "台账.db")
	wantOK(t, xiaoneng(t, cfg, "-db", path, "init", "-admin", storetest.Login, "-name", storetest.Name, "-roles", "受理员"))
	wantOK(t, xiaoneng(t, cfg, "-db", path, "import", "units", unitsCSV(t)))
	storetest.ReadOnlyDir(t, dir)
	before := snapshot(t, dir)

	r := xiaoneng(t, cfg, "-db", path, "check")
	wantOK(t, r)
	if !strings.Contains(r.stderr, "台账文件是只读的") {
		t.Errorf("check does not say the ledger is read-only: %q", r.stderr)
	}
	r = xiaoneng(t, cfg, "-db", path, "export", "units", "-")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "县林业局") {
		t.Errorf("export of a read-only ledger: %q", r.stdout)
	}
	wantOK(t, xiaoneng(t, cfg, "-db", path, "backup", filepath.Join(t.TempDir(), "备份.db")))

	r = xiaoneng(t, cfg, "-db", path, "import", "units", unitsCSV(t))
	wantFailure(t, r, 1, "台账文件是只读的，只能查看，不能修改", "文件："+path)
	if strings.Contains(r.stderr, "损坏") {
		t.Errorf("a read-only ledger called damaged: %q", r.stderr)
	}
	wantUnchanged(t, dir, before)
}

func TestFullDiskCommands(t *testing.T) {
	cfg := config(t)
	dir := storetest.SmallDisk(t, 4<<20)
	path := filepath.Join(dir, "台账.db")
	wantOK(t, xiaoneng(t, cfg, "-db", path, "init", "-admin", storetest.Login, "-name", storetest.Name, "-roles", "受理员"))
	storetest.FillDisk(t, dir)
	before := snapshot(t, dir)

	r := xiaoneng(t, cfg, "-db", path, "check")
	wantOK(t, r)
	input := unitsCSV(t)
	r = xiaoneng(t, cfg, "-db", path, "import", "units", input)
	wantFailure(t, r, 1, "磁盘空间已满", "文件："+path)
	if strings.Contains(r.stderr, input) || strings.Contains(r.stderr, "损坏") {
		t.Errorf("the full disk is blamed on the input, or called damage: %q", r.stderr)
	}
	backup := filepath.Join(dir, "备份.db")
	r = xiaoneng(t, cfg, "-db", path, "backup", backup)
	wantFailure(t, r, 1, "磁盘空间已满", "文件："+backup)
	wantUnchanged(t, dir, before)
}

// An import waits for another program's long write instead of failing,
// and says it waits.
func TestImportWaitsForAnotherWriter(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(4 * time.Second)
		conn.ExecContext(ctx, "ROLLBACK") //nolint:errcheck // the import below fails if it did not end
	}()
	r := xiaoneng(t, cfg, "-db", path, "import", "units", unitsCSV(t))
	wantOK(t, r)
	if !strings.Contains(r.stderr, "正在等待") || !strings.Contains(r.stdout, "已导入2条单位") {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
}
