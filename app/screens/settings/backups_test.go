package settings

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// 设置 → 备份与恢复 lists the automatic backups with their dates, kinds
// and sizes, saves how many are kept, and restores the one chosen only
// after saying what will be lost.
func TestBackupsTab(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.MustUnit(t, db, "县档案馆", data.UnitDepartment)
	b, err := db.BackupNow(ctx, store.BackupBeforeImport)
	if err != nil {
		t.Fatal(err)
	}
	apptest.MustUnit(t, db, "县林业局", data.UnitDepartment)
	s := apptest.Show(t, w, "设置", New)
	s.tabs.Select(s.backups.tab)
	if s.CanSave() {
		t.Error("Ctrl+S offered on the backups' tab, which saves by its own button")
	}
	tab := s.backups.tab.Content
	if len(s.backups.items) != 1 || !apptest.Shows(tab, "导入前") || !apptest.Shows(tab, "自动备份共1份") {
		t.Fatalf("the tab shows %v", apptest.Texts(tab))
	}
	if s.backups.days.Text != "7" || s.backups.weeks.Text != "9" {
		t.Errorf("kept: %q days, %q weeks", s.backups.days.Text, s.backups.weeks.Text)
	}

	s.backups.days.SetText("")
	test.Type(s.backups.days, "3")
	s.backups.weeks.SetText("")
	test.Type(s.backups.weeks, "4")
	apptest.TapButton(t, tab, "保存")
	if set, err := db.Settings(ctx); err != nil || set.BackupDays != 3 || set.BackupWeeks != 4 {
		t.Errorf("saved %d days, %d weeks (%v)", set.BackupDays, set.BackupWeeks, err)
	}
	s.backups.weeks.SetText("")
	test.Type(s.backups.weeks, "500")
	apptest.TapButton(t, tab, "保存")
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "每周备份应保留0至104周") {
		t.Errorf("a refused count: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	w.Window().Canvas().Overlays().Remove(apptest.TopOverlay(t, w.Window()))

	if !s.backups.restore.Disabled() {
		t.Error("恢复 is offered with no backup chosen")
	}
	s.backups.list.Select(0)
	apptest.TapButton(t, tab, "恢复所选备份…")
	ask := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(ask, "台账有1处改动将会丢失：单位1处") && !strings.Contains(strings.Join(apptest.Texts(ask), ""), "单位1处") {
		t.Fatalf("the question says %v", apptest.Texts(ask))
	}
	if len(w.Opened) != 0 {
		t.Fatalf("restored before the user agreed: %v", w.Opened)
	}
	apptest.TapButton(t, ask, "恢复")
	if got := w.LastOpened(); got != "RestoreBackup "+b.Path {
		t.Errorf("asked the workbench for %q", got)
	}
}
