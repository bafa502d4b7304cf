package field

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

const passphrase = "外勤口令2026"

// exchangeFixture is an office ledger with a round of one unit and a
// visit with a finding, shown on the 外勤 screen of a test window.
type exchangeFixture struct {
	h       *apptest.Host
	office  *store.DB
	round   *data.Round
	visit   *data.Visit
	finding *data.Finding
	s       *Screen
	pkgs    string // the USB stick
}

func newExchange(t *testing.T) *exchangeFixture {
	t.Helper()
	x := &exchangeFixture{h: apptest.New(t), pkgs: t.TempDir()}
	x.office = x.h.DB()
	unit := apptest.MustUnit(t, x.office, "县市场监督管理局", data.UnitDepartment)
	x.round = apptest.MustRound(t, x.office, "2026年第四季度明察暗访", data.RoundKind("暗访"), nil, nil, unit)
	x.finding = &data.Finding{Category: data.Category("脱岗/纪律作风"), Description: "窗口工作人员脱岗", Disposition: data.DispositionOnSite}
	x.visit = apptest.MustVisit(t, x.office, x.round, unit, apptest.At(11, 2, 10), x.finding)
	x.s = apptest.Show(t, x.h, "外勤", New)
	return x
}

// checkOut writes the office's package through the store and makes the
// laptop's ledger from it.
func (x *exchangeFixture) checkOut(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	out := filepath.Join(x.pkgs, "出库.xnpkg")
	if _, err := x.office.WritePackageForLaptop(ctx, store.FieldOut{Rounds: []string{x.round.ID}, Laptop: "外勤笔记本-1",
		Path: out, Cipher: testCipher(passphrase)}); err != nil {
		t.Fatal(err)
	}
	opt := storetest.Options
	opt.Device = "laptop-1"
	field, _, err := store.CreateFieldLedger(ctx, filepath.Join(t.TempDir(), "外勤台账.db"), out, testCipher(passphrase), opt)
	if err != nil {
		t.Fatal(err)
	}
	// the office's test administrator, a 督查员 too, came with the package
	storetest.SignIn(t, field)
	field.SetClock(func() time.Time { return apptest.FixedNow })
	t.Cleanup(func() { field.Close() })
	return field
}

// back writes the laptop's return package to the stick.
func (x *exchangeFixture) back(t *testing.T, field *store.DB) string {
	t.Helper()
	path := filepath.Join(x.pkgs, "交回.xnpkg")
	if _, err := field.WriteReturnPackage(context.Background(), path, testCipher(passphrase)); err != nil {
		t.Fatal(err)
	}
	return path
}

// typePassphrase answers the passphrase dialog on top of the window.
func typePassphrase(t *testing.T, w fyne.Window, secret string) {
	t.Helper()
	d := apptest.TopOverlay(t, w)
	if !apptest.Shows(d, "口令") {
		t.Fatalf("no passphrase dialog: %v", apptest.Texts(d))
	}
	for _, e := range apptest.Entries(d) {
		e.SetText(secret)
	}
	apptest.TapButton(t, d, "确定")
}

// chooseFile answers the file chooser on top of the window with path.
func chooseFile(t *testing.T, w fyne.Window, path, button string) {
	t.Helper()
	d := apptest.TopOverlay(t, w)
	entries := apptest.Entries(d)
	entries[len(entries)-1].SetText(path)
	apptest.TapButton(t, d, button)
}

// importThroughScreen takes pkg through 导入外勤包…: the file, the
// passphrase and the preview, which is left on top of the window.
func (x *exchangeFixture) importThroughScreen(t *testing.T, pkg, secret string) {
	t.Helper()
	w := x.h.Window()
	x.s.tabs.Select(x.s.laptopsTab)
	apptest.TapButton(t, x.s.View(), "导入外勤包…")
	chooseFile(t, w, pkg, "打开")
	typePassphrase(t, w, secret)
	apptest.WaitJobs(t, x.h)
}

// ledgerFiles is the office ledger's files as bytes: the ledger and its
// WAL (SQLite's shared-memory index changes on reads too), and the
// folder's other files (the automatic backups' folder aside).
func (x *exchangeFixture) ledgerFiles(t *testing.T) map[string]string {
	t.Helper()
	files := storetest.Snapshot(t, filepath.Dir(x.office.Path()))
	delete(files, filepath.Base(x.office.Path())+"-shm")
	return files
}

// 出库 from the screen: rounds ticked, the laptop named, the passphrase
// twice, the file; the laptop is then listed as out.
func TestCheckOutFromTheScreen(t *testing.T) {
	x := newExchange(t)
	w := x.h.Window()
	apptest.TapButton(t, x.s.View(), "出库…")
	d := apptest.TopOverlay(t, w)
	// No round ticked: refused in the store's words before anything is asked.
	apptest.TapButton(t, d, "写出外勤包…")
	if msg := apptest.TopOverlay(t, w); !apptest.Shows(msg, "请选择要带出的督查活动") {
		t.Fatalf("出库 without a round: %v", apptest.Texts(msg))
	}
	w.Canvas().Overlays().Top().Hide()
	d = apptest.TopOverlay(t, w)
	apptest.TapCheck(t, d, "2026年第四季度明察暗访（暗访，2026-10-01起）")
	if name := apptest.EntryWith(t, d, "外勤笔记本-1"); apptest.TextOf(name) != "外勤笔记本-1" {
		t.Errorf("proposed laptop %q", apptest.TextOf(name))
	}
	apptest.TapButton(t, d, "写出外勤包…")

	// Two different passphrases: asked again, nothing written.
	pw := apptest.TopOverlay(t, w)
	entries := apptest.Entries(pw)
	entries[0].SetText(passphrase)
	entries[1].SetText("外勤口令2025")
	apptest.TapButton(t, pw, "确定")
	if !apptest.Shows(apptest.TopOverlay(t, w), "两次输入的口令不一样") {
		t.Fatalf("a mistyped passphrase: %v", apptest.Texts(apptest.TopOverlay(t, w)))
	}
	w.Canvas().Overlays().Top().Hide() // the message read
	typePassphrase(t, w, passphrase)

	chooser := apptest.TopOverlay(t, w)
	if e := apptest.Entries(chooser); apptest.TextOf(e[len(e)-1]) != "外勤笔记本-1-出库-20261121.xnpkg" {
		t.Errorf("proposed file %q", apptest.TextOf(e[len(e)-1]))
	}
	apptest.TapButton(t, chooser, "保存")
	apptest.WaitJobs(t, x.h)
	out := filepath.Join(filepath.Dir(x.office.Path()), "外勤笔记本-1-出库-20261121.xnpkg")
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	if !apptest.Shows(apptest.TopOverlay(t, w), "已写出出库包（外勤笔记本-1，第1号）") {
		t.Errorf("after 出库: %v", apptest.Texts(apptest.TopOverlay(t, w)))
	}
	rows := x.s.laptops.Visible()
	if len(rows) != 1 || rows[0].Laptop != "外勤笔记本-1" || rows[0].Sent != 1 || lastExchange(rows[0]) != "2026-11-21 10:00 写出出库包" {
		t.Fatalf("laptops listed: %+v", rows)
	}
	// The package opens with the passphrase: a field ledger is made from it.
	field, pv, err := store.CreateFieldLedger(context.Background(), filepath.Join(t.TempDir(), "外勤.db"), out, testCipher(passphrase), storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	defer field.Close()
	if len(pv.Added) == 0 {
		t.Error("the package carried nothing")
	}
	// The next laptop's name is proposed for the next 出库.
	if got := x.s.freeLaptopName(); got != "外勤笔记本-2" {
		t.Errorf("next laptop %q", got)
	}
}

// 交回 imported from the screen: the preview says what will be added,
// changed and held, with not a byte written; the import writes it, after
// a backup, and shows the conflicts.
func TestImportWithPreview(t *testing.T) {
	x := newExchange(t)
	ctx := context.Background()
	field := x.checkOut(t)
	v, err := field.Visit(ctx, x.visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	v.Summary = "复查：窗口人员在岗"
	if err := field.UpdateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	x.conflictOnFinding(t, field)
	pkg := x.back(t, field)

	before := x.ledgerFiles(t)
	x.importThroughScreen(t, pkg, passphrase)
	preview := apptest.TopOverlay(t, x.h.Window())
	for _, want := range []string{"交回包（外勤笔记本-1，第1号）", "修改1条", "冲突1处", "台账尚未改动"} {
		if !apptest.Shows(preview, want) {
			t.Errorf("the preview does not say %q: %v", want, apptest.Texts(preview))
		}
	}
	lines := previewLines(mustPreview(t, x.office, pkg))
	if !hasLine(lines, "问题描述") || !hasLine(lines, "本台账：办公室改的描述") || !hasLine(lines, "外勤改的描述") {
		t.Errorf("preview lines: %+v", lines)
	}
	if !maps.Equal(before, x.ledgerFiles(t)) {
		t.Fatal("the preview wrote to the ledger")
	}

	apptest.TapButton(t, preview, "导入")
	apptest.WaitJobs(t, x.h)
	if !apptest.Shows(apptest.TopOverlay(t, x.h.Window()), "1处冲突待处理") {
		t.Errorf("after the import: %v", apptest.Texts(apptest.TopOverlay(t, x.h.Window())))
	}
	if got, _ := x.office.Visit(ctx, x.visit.ID); got.Summary != v.Summary {
		t.Errorf("the visit's summary is %q", got.Summary)
	}
	if list, err := store.AutoBackups(x.office.Path()); err != nil || len(list) != 1 || list[0].Kind != store.BackupBeforeFieldImport {
		t.Errorf("backups: %v (%v)", list, err)
	}
	if x.s.tabs.Selected() != x.s.conflicts.tab || x.s.conflicts.tab.Text != "待处理冲突（1）" {
		t.Errorf("the conflicts' tab %q is not shown", x.s.conflicts.tab.Text)
	}
	if x.h.ExchangeChanges == 0 {
		t.Error("the banner was not told")
	}
	rows := x.s.laptops.Visible()
	if len(rows) != 1 || rows[0].Conflicts != 1 || rows[0].Received != 1 {
		t.Errorf("laptops listed: %+v", rows)
	}

	// The same package again: said so, nothing written.
	before = x.ledgerFiles(t)
	x.importThroughScreen(t, pkg, passphrase)
	if !apptest.Shows(apptest.TopOverlay(t, x.h.Window()), "导入过") {
		t.Errorf("a package imported twice: %v", apptest.Texts(apptest.TopOverlay(t, x.h.Window())))
	}
	if !maps.Equal(before, x.ledgerFiles(t)) {
		t.Error("a package imported before changed the ledger")
	}
}

func mustPreview(t *testing.T, db *store.DB, pkg string) *data.FieldPreview {
	t.Helper()
	pv, err := db.PreviewPackage(context.Background(), pkg, testCipher(passphrase))
	if err != nil {
		t.Fatal(err)
	}
	return pv
}

func hasLine(lines []previewLine, text string) bool {
	for _, l := range lines {
		if strings.Contains(l.text, text) {
			return true
		}
	}
	return false
}

// conflictOnFinding changes the finding's description on both sides.
func (x *exchangeFixture) conflictOnFinding(t *testing.T, field *store.DB) {
	t.Helper()
	ctx := context.Background()
	for db, text := range map[*store.DB]string{x.office: "办公室改的描述", field: "外勤改的描述"} {
		f, err := db.Finding(ctx, x.finding.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.Description = text
		if err := db.UpdateFinding(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
}

// Conflicts decided from the screen, one by taking the field's value, one
// by typing a third: each through the store, each leaving the list, and
// the decisions travel back to the laptop without conflicting again.
func TestConflictsDecidedFromTheScreen(t *testing.T) {
	x := newExchange(t)
	ctx := context.Background()
	field := x.checkOut(t)
	x.conflictOnFinding(t, field)
	for db, text := range map[*store.DB]string{x.office: "办公室的检查情况", field: "外勤的检查情况"} {
		v, err := db.Visit(ctx, x.visit.ID)
		if err != nil {
			t.Fatal(err)
		}
		v.Summary = text
		if err := db.UpdateVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := x.office.ImportPackage(ctx, x.back(t, field), testCipher(passphrase)); err != nil {
		t.Fatal(err)
	}
	x.s.Shown()
	x.s.ShowConflicts()
	cv := x.s.conflicts
	if len(cv.list) != 2 || cv.tab.Text != "待处理冲突（2）" {
		t.Fatalf("conflicts listed: %+v", cv.list)
	}
	pane := cv.tab.Content
	for _, want := range []string{"主台账的值：", "外勤的值", "办公室改的描述", "外勤改的描述"} {
		if !apptest.Shows(pane, want) && cv.current.Field == "description" {
			t.Errorf("the conflict pane does not show %q: %v", want, apptest.Texts(pane))
		}
	}
	for range 2 {
		switch cv.current.Field {
		case "description":
			apptest.TapButton(t, pane, "采用外勤的值")
		case "summary":
			cv.edit.SetText(cv.edit.Text + "（两边核对后）")
			apptest.TapButton(t, pane, "改为此值")
		default:
			t.Fatalf("a conflict on %s", cv.current.Field)
		}
	}
	if len(cv.list) != 0 || !apptest.Shows(pane, "没有待处理的冲突") {
		t.Fatalf("after deciding: %+v", cv.list)
	}
	f, _ := x.office.Finding(ctx, x.finding.ID)
	v, _ := x.office.Visit(ctx, x.visit.ID)
	if f.Description != "外勤改的描述" || v.Summary != "外勤的检查情况（两边核对后）" {
		t.Errorf("decided: %q, %q", f.Description, v.Summary)
	}
	// The decisions go to the laptop and raise nothing there.
	more := filepath.Join(x.pkgs, "补充.xnpkg")
	if _, err := x.office.WritePackageForLaptop(ctx, store.FieldOut{Rounds: []string{x.round.ID}, Laptop: "外勤笔记本-1", Path: more, Cipher: testCipher(passphrase)}); err != nil {
		t.Fatal(err)
	}
	pv, err := field.ImportPackage(ctx, more, testCipher(passphrase))
	if err != nil || len(pv.Conflicts) != 0 {
		t.Fatalf("the laptop took the decisions with %+v (%v)", pv, err)
	}
	if got, _ := field.Visit(ctx, x.visit.ID); got.Summary != v.Summary {
		t.Errorf("the laptop's visit: %q", got.Summary)
	}
}

// A wrong passphrase is refused in the store's sentence, with the ledger's
// files unchanged and no preview shown.
func TestWrongPassphraseRefused(t *testing.T) {
	x := newExchange(t)
	field := x.checkOut(t)
	pkg := x.back(t, field)
	before := x.ledgerFiles(t)
	x.importThroughScreen(t, pkg, "别的口令")
	d := apptest.TopOverlay(t, x.h.Window())
	if !apptest.Shows(d, "口令不对，无法打开外勤包") || apptest.Shows(d, "预览") {
		t.Errorf("a wrong passphrase: %v", apptest.Texts(d))
	}
	if !maps.Equal(before, x.ledgerFiles(t)) {
		t.Error("the refused package changed the ledger")
	}
	// Another office's package is refused alike.
	other := newExchange(t)
	otherField := other.checkOut(t)
	foreign := other.back(t, otherField)
	x.importThroughScreen(t, foreign, passphrase)
	if d := apptest.TopOverlay(t, x.h.Window()); !apptest.Shows(d, "本台账没有外勤笔记本“外勤笔记本-1”这次出库的记录，不能导入此包") {
		t.Errorf("another office's package: %v", apptest.Texts(d))
	}
	if !maps.Equal(before, x.ledgerFiles(t)) {
		t.Error("another office's package changed the ledger")
	}
}

// On a field ledger the screen says whose it is and writes the return
// package (交回), which the office imports.
func TestFieldLedgerWritesItsReturn(t *testing.T) {
	x := newExchange(t)
	ctx := context.Background()
	field := x.checkOut(t)
	h := apptest.Over(t, field)
	s := apptest.Show(t, h, "外勤", New)
	if !apptest.Shows(s.View(), "外勤台账：主台账") || !apptest.Shows(s.View(), "外勤笔记本-1") || !apptest.Shows(s.View(), "尚未交回过") {
		t.Errorf("the field ledger's tab: %v", apptest.Texts(s.View()))
	}
	if apptest.Shows(s.View(), "出库") && s.officeBox.Visible() {
		t.Error("出库 offered on a field ledger")
	}
	v, _ := field.Visit(ctx, x.visit.ID)
	v.Place = "二楼综合窗口"
	if err := field.UpdateVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	apptest.TapButton(t, s.View(), "交回…")
	typePassphrase(t, h.Window(), passphrase)
	apptest.TapButton(t, apptest.TopOverlay(t, h.Window()), "保存")
	apptest.WaitJobs(t, h)
	back := filepath.Join(filepath.Dir(field.Path()), "外勤笔记本-1-交回-20261121.xnpkg")
	if !apptest.Shows(apptest.TopOverlay(t, h.Window()), back) {
		t.Errorf("after 交回: %v", apptest.Texts(apptest.TopOverlay(t, h.Window())))
	}
	if !apptest.Shows(s.View(), "已交回1次") || h.ExchangeChanges != 1 {
		t.Errorf("after 交回 the tab says %v", apptest.Texts(s.View()))
	}
	if _, err := x.office.ImportPackage(ctx, back, testCipher(passphrase)); err != nil {
		t.Fatal(err)
	}
	if got, _ := x.office.Visit(ctx, x.visit.ID); got.Place != "二楼综合窗口" {
		t.Errorf("the office's visit: %q", got.Place)
	}
}
