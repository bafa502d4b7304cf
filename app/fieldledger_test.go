package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"xiaoneng/app/apptest"
	"xiaoneng/app/screens/units"
	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// officePackage writes an office's 出库包 for 外勤笔记本-1 with passphrase
// 外勤口令2026.
func officePackage(t *testing.T) string {
	t.Helper()
	db := apptest.OpenDB(t)
	unit := apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	r := apptest.MustRound(t, db, "2026年第四季度明察暗访", data.RoundCovert, nil, nil, unit)
	pkg := filepath.Join(t.TempDir(), "出库.xnpkg")
	if _, err := db.WritePackageForLaptop(context.Background(), store.FieldOut{Rounds: []string{r.ID}, Laptop: "外勤笔记本-1",
		Path: pkg, Cipher: exchange.Passphrase{Secret: "外勤口令2026", WorkFactor: 10}}); err != nil {
		t.Fatal(err)
	}
	return pkg
}

// answer fills the last entries of the dialog on top with texts (the file
// name of a chooser, the passphrase) and taps button.
func answer(t *testing.T, w fyne.Window, button string, texts ...string) {
	t.Helper()
	d := apptest.TopOverlay(t, w)
	entries := apptest.Entries(d)
	for i, text := range texts {
		entries[len(entries)-len(texts)+i].SetText(text)
	}
	apptest.TapButton(t, d, button)
}

// saveAs answers the save chooser on top with path: its folder, then the
// file's name.
func saveAs(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	d := apptest.TopOverlay(t, w)
	entries := apptest.Entries(d)
	entries[0].SetText(filepath.Dir(path))
	apptest.TapButton(t, d, "转到")
	answer(t, w, "保存", filepath.Base(path))
}

// The first start offers to make a field ledger from a package, as `field
// init` does; a wrong passphrase makes none; the field ledger's banner is
// above every screen, and an office ledger has none.
func TestFieldLedgerFromThePackage(t *testing.T) {
	pkg := officePackage(t)
	w := newStartBench(t)
	w.showStart("", nil)
	path := filepath.Join(t.TempDir(), "外勤台账.db")

	apptest.TapButton(t, w.Window().Content(), "用外勤包新建外勤台账…")
	answer(t, w.Window(), "打开", pkg)
	answer(t, w.Window(), "确定", "别的口令")
	saveAs(t, w.Window(), path)
	waitJobs(t, w)
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "口令不对") {
		t.Fatalf("a wrong passphrase: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	if _, err := os.Stat(path); err == nil || w.DB() != nil {
		t.Fatal("a wrong passphrase made a ledger")
	}
	w.Window().Canvas().Overlays().Top().Hide()

	w.openFieldPackage()
	answer(t, w.Window(), "打开", pkg)
	answer(t, w.Window(), "确定", "外勤口令2026")
	saveAs(t, w.Window(), path)
	waitJobs(t, w)
	if w.DB() == nil || w.DB().Path() != path {
		t.Fatalf("no field ledger open at %s", path)
	}
	// the office's administrator (every role) came with the package
	signInThrough(t, w, storetest.Login, storetest.Password)
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "已新建外勤台账") {
		t.Errorf("after 打开外勤包: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	goTo[*units.Screen](t, w, "单位")
	content := w.Window().Content()
	if !w.banner.Box.Visible() || !apptest.Shows(content, "外勤台账：主台账“县机关效能建设办公室”的外勤笔记本-1，督查活动：2026年第四季度明察暗访；最近交换：") ||
		!apptest.Shows(content, "导入出库包") {
		t.Errorf("the banner: %v", apptest.Texts(w.banner.Box))
	}

	office, _ := newTestBench(t)
	if office.banner.Box.Visible() {
		t.Errorf("an office ledger has a banner: %v", apptest.Texts(office.banner.Box))
	}
}
