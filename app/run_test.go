package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

func TestBackupThroughTheChooser(t *testing.T) {
	w, db := newTestBench(t)
	ctx := context.Background()
	apptest.MustUnit(t, db, "县行政审批局", data.UnitDepartment)
	dir := t.TempDir()
	set, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.BackupDir = dir
	if err := db.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}

	w.Backup()
	chooser := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(chooser, dir) && apptest.Find[*widget.Entry](t, chooser).Text != dir {
		t.Errorf("the chooser does not start in the backup folder %s", dir)
	}
	apptest.TapButton(t, chooser, "保存")
	waitJobs(t, w)
	out := filepath.Join(dir, "台账-备份-20261121.db")
	copyDB := storetest.Open(t, out) // fails the test unless it opens and the user signs in
	defer copyDB.Close()
	units, err := copyDB.Units(ctx, data.UnitFilter{})
	if err != nil || len(units) != 1 || units[0].Name != "县行政审批局" {
		t.Errorf("backup holds %v, %v", units, err)
	}
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), out) {
		t.Errorf("no confirmation naming %s", out)
	}
}

func TestChooserRefusesToOverwriteForANewLedger(t *testing.T) {
	w, _ := newTestBench(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "效能台账.db")
	if err := os.WriteFile(existing, []byte("旧文件"), 0o644); err != nil {
		t.Fatal(err)
	}
	var chosen string
	c := kit.ChooseFile(w.Window(), "新建台账", kit.ChooseSave, dir, "效能台账.db", ".db", kit.MustNotExist, func(p string) { chosen = p })
	if len(c.Entries()) != 1 || c.Entries()[0].Name() != "效能台账.db" {
		t.Errorf("the chooser lists %v", c.Entries())
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "保存")
	if chosen != "" {
		t.Fatalf("chose the existing file %s", chosen)
	}
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "已存在") {
		t.Errorf("no reason given: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "确定")
	c.NameEntry().SetText("")
	test.Type(c.NameEntry(), "城关县台账")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "保存")
	if want := filepath.Join(dir, "城关县台账.db"); chosen != want {
		t.Errorf("chose %q, want %q", chosen, want)
	}
}

func TestOpenAnotherLedgerFromTheMenu(t *testing.T) {
	w, _ := newTestBench(t)
	other := apptest.OpenDB(t)
	apptest.MustUnit(t, other, "另一个台账里的单位", data.UnitOther)
	w.openLedgerDialog()
	chooser := apptest.TopOverlay(t, w.Window())
	list := apptest.Find[*widget.Entry](t, chooser) // the folder path
	list.SetText(filepath.Dir(other.Path()))
	apptest.TapButton(t, chooser, "转到")
	apptest.TapButton(t, chooser, "打开")
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "请先在列表中选择一个台账文件") {
		t.Fatalf("opening nothing: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "确定")
	chooser = apptest.TopOverlay(t, w.Window())
	var name *widget.Entry
	apptest.Walk(chooser, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			name = e // the last entry is the file name
		}
	})
	test.Type(name, filepath.Base(other.Path()))
	apptest.TapButton(t, chooser, "打开")
	waitJobs(t, w)
	if w.DB().Path() != other.Path() {
		t.Fatalf("open ledger = %s, want %s", w.DB().Path(), other.Path())
	}
	if !strings.Contains(w.Window().Title(), filepath.Base(other.Path())) {
		t.Errorf("title = %q", w.Window().Title())
	}
}

// Restoring a backup closes the ledger, puts the backup in its place,
// keeps the ledger as it was among the automatic backups and opens the
// restored ledger.
func TestRestoreBackup(t *testing.T) {
	w, db := newTestBench(t)
	ctx := context.Background()
	apptest.MustUnit(t, db, "县档案馆", data.UnitDepartment)
	b, err := db.BackupNow(ctx, store.BackupBeforeImport)
	if err != nil {
		t.Fatal(err)
	}
	apptest.MustUnit(t, db, "县林业局", data.UnitDepartment)
	w.RestoreBackup(b.Path)
	waitJobs(t, w)
	if w.DB() == db {
		t.Fatal("the ledger was not opened again")
	}
	signInThrough(t, w, storetest.Login, storetest.Password)
	units, err := w.DB().Units(ctx, data.UnitFilter{})
	if err != nil || len(units) != 1 || units[0].Name != "县档案馆" {
		t.Errorf("restored ledger holds %v, %v", units, err)
	}
	list, err := store.AutoBackups(w.DB().Path())
	if err != nil || len(list) < 2 || list[0].Kind != store.BackupBeforeRestore {
		t.Fatalf("automatic backups %+v, %v", list, err)
	}
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), list[0].Path) {
		t.Errorf("no word of where the ledger replaced is: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
}
