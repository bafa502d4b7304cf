package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
)

// The rule of what is kept: the newest of each of the last 7 days with
// backups and every backup made before something on them, then the
// newest of each of 9 weeks before.
func TestKeepAutoBackups(t *testing.T) {
	var list []AutoBackup
	start := time.Date(2026, 12, 6, 18, 0, 0, 0, data.Zone) // a Sunday
	for d := 0; d < 120; d++ {
		day := start.AddDate(0, 0, -d)
		list = append(list, AutoBackup{Kind: BackupDaily, At: day})
		// an import after the first backup of the day on every third day
		if d%3 == 0 {
			list = append(list, AutoBackup{Kind: BackupBeforeImport, At: day.Add(-time.Hour)})
		}
		list = append(list, AutoBackup{Kind: BackupDaily, At: day.Add(-8 * time.Hour)})
	}
	keep := keepAutoBackups(list, 7, 9)
	days, weeks, events := map[string]bool{}, map[string]bool{}, 0
	oldest := start
	for i, b := range list {
		if !keep[i] {
			continue
		}
		days[data.DateOf(b.At).String()] = true
		y, w := b.At.ISOWeek()
		weeks[time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, w*7).String()] = true
		if b.Kind == BackupBeforeImport {
			events++
		}
		if b.At.Before(oldest) {
			oldest = b.At
		}
	}
	// 7 days (Monday to Sunday: this week), and the Sundays of 8 weeks
	// before: nine weeks in all.
	if len(days) != 7+8 || len(weeks) != 9 {
		t.Errorf("kept %d days in %d weeks, want 15 days in 9 weeks", len(days), len(weeks))
	}
	if events != 3 {
		t.Errorf("kept %d backups made before imports in the last 7 days, want 3", events)
	}
	if oldest.Before(start.AddDate(0, 0, -63)) {
		t.Errorf("kept one from %s: more than nine weeks back", oldest)
	}
	if !keep[0] || !keep[1] || keep[2] {
		t.Error("a day's newest daily backup is not the one kept")
	}
}

// An automatic backup is checked and private; an import makes none (its
// batch can be undone instead); the backup can be restored over the ledger
// after saying what will be lost; the ledger replaced is kept as a backup
// and can be restored in turn.
func TestBackupAndRestore(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "台账.db")
	db, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县档案馆", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	backup, err := db.BackupNow(ctx, BackupDaily)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ImportUnits(ctx, []*data.Unit{{Name: "县林业局", Category: data.UnitDepartment}, {Name: "县水利局", Category: data.UnitDepartment}}, ImportOptions{Source: "单位.xlsx"})
	if err != nil || res.Added != 2 || res.Batch == 0 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	list, err := AutoBackups(path)
	if err != nil || len(list) != 1 || list[0].Kind != BackupDaily || list[0].Path != backup.Path || list[0].Size == 0 {
		t.Fatalf("automatic backups %+v, %v", list, err)
	}
	if st, err := os.Stat(backup.Path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the backup's mode: %v, %v", st.Mode(), err)
	}
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县气象局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}

	// While the ledger is open, restoring is refused and changes nothing.
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Restore(ctx, path, backup.Path)
	if !errors.Is(err, data.ErrLedgerInUse) {
		t.Fatalf("restore over an open ledger: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a refused restore changed the ledger")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	loss, err := RestoreLoss(ctx, path, backup.Path)
	if err != nil {
		t.Fatal(err)
	}
	if loss.OtherLedger || loss.Changes != 4 || loss.ByWhat["单位"] != 3 || loss.ByWhat["导入批次"] != 1 || !strings.Contains(loss.String(), "单位3处，导入批次1处") {
		t.Errorf("loss %+v: %s", loss, loss)
	}
	kept, err := Restore(ctx, path, backup.Path)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Kind != BackupBeforeRestore {
		t.Errorf("kept %+v", kept)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the restored ledger's mode: %v, %v", st.Mode(), err)
	}
	units := func() []string {
		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		signInTest(t, db)
		defer db.Close()
		list, err := db.Units(ctx, data.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range list {
			names = append(names, u.Name)
		}
		return names
	}
	if got := units(); len(got) != 1 || got[0] != "县档案馆" {
		t.Errorf("restored: %v", got)
	}
	// and back again
	if loss, err := RestoreLoss(ctx, path, kept.Path); err != nil || loss.Changes != 0 {
		t.Errorf("restoring what was kept loses %+v, %v", loss, err)
	}
	if _, err := Restore(ctx, path, kept.Path); err != nil {
		t.Fatal(err)
	}
	if got := units(); len(got) != 4 {
		t.Errorf("restored back: %v", got)
	}
	// Nothing is left in the folders but ledgers and their backups.
	for _, dir := range []string{filepath.Dir(path), AutoBackupDir(path)} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("left behind: %s", filepath.Join(dir, e.Name()))
			}
		}
	}
}

// A backup that is not whole is refused, and the ledger is left as it was.
func TestRestoreRefusesDamagedBackup(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "台账.db")
	db, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县档案馆", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "备份.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(backup, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = Restore(ctx, path, backup)
	if msg := data.UserMessage(err); !errors.Is(err, data.ErrDamaged) || !strings.Contains(msg, "损坏") {
		t.Errorf("restoring a cut backup: %v (%q)", err, msg)
	}
	if f, _ := data.FileOf(err); f != backup {
		t.Errorf("the error names %q, want the backup", f)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the ledger changed")
	}
	if list, _ := AutoBackups(path); len(list) != 0 {
		t.Errorf("a refused restore made backups: %v", list)
	}
}

// The day's backup is made once a day, while the ledger is open.
func TestDailyBackup(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "台账.db")
	db, err := Open(ctx, path, Options{Create: true, AutoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	list, err := AutoBackups(path)
	if err != nil || len(list) != 1 || list[0].Kind != BackupDaily {
		t.Fatalf("after opening: %+v, %v", list, err)
	}
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	defer db.Close()
	if made, err := db.DailyBackup(ctx); err != nil || made {
		t.Errorf("a second backup the same day: %v, %v", made, err)
	}
}

// A ledger too damaged to open is replaced by its backup, and kept as it
// was (its bytes) among the automatic backups.
func TestRestoreOverDamagedLedger(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "台账.db")
	db, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县档案馆", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "备份.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	damaged := []byte(strings.Repeat("损坏", 3000))
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	if loss, err := RestoreLoss(ctx, path, backup); err != nil || !loss.Damaged || !strings.Contains(loss.String(), "当前台账已损坏") {
		t.Errorf("the loss over a damaged ledger: %+v, %v", loss, err)
	}
	kept, err := Restore(ctx, path, backup)
	if err != nil {
		t.Fatalf("restoring over a damaged ledger: %v", err)
	}
	if b, err := os.ReadFile(kept.Path); err != nil || string(b) != string(damaged) {
		t.Errorf("the damaged ledger was not kept as it was: %v", err)
	}
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	defer db.Close()
	if units, err := db.Units(ctx, data.UnitFilter{}); err != nil || len(units) != 1 {
		t.Errorf("restored: %d units, %v", len(units), err)
	}
}

// The workbench is told of each automatic backup made or failed, so that
// a failure shows until a backup succeeds.
func TestBackupOutcomeIsTold(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "台账.db")
	// a file where the backups' folder goes: the backup cannot be written
	if err := os.WriteFile(filepath.Join(dir, autoBackupFolder), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	told := make(chan error, 4)
	open := func() *DB {
		db, err := Open(ctx, path, Options{Create: true, AutoBackup: true, OnBackup: func(err error) { told <- err }})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	if err := <-told; err == nil {
		t.Error("a backup that could not be written was told as made")
	} else if msg := data.UserMessage(err); !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("the failure says %q, not a Chinese sentence", msg)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, autoBackupFolder)); err != nil {
		t.Fatal(err)
	}
	db = open()
	defer db.Close()
	if err := <-told; err != nil {
		t.Errorf("the backup made after the folder was freed was told as failed: %v", err)
	}
}
