package audit

import (
	"context"

	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/xuri/excelize/v2"

	"xiaoneng/app/apptest"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/demo/demotest"
	"xiaoneng/data/store/storetest"
)

// The tests share the demo county's ledger of the test run (demotest).
func TestMain(m *testing.M) {
	kit.TypingPause = 0
	demotest.Main(m, func() error { apptest.Setup(); return nil })
}

// ledgerWithLog makes a ledger whose log has rows of several kinds by two
// users: the administrator adds a unit and exports, 李四 signs in (after
// changing the password the administrator set) and adds a unit.
func ledgerWithLog(t *testing.T) *apptest.Host {
	t.Helper()
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.MustUnit(t, db, "县教育局", data.UnitDepartment)
	if err := db.LogExport(ctx, "units", false); err != nil {
		t.Fatal(err)
	}
	lisi := &data.User{Login: "lisi", Name: "李四", Roles: []data.Role{data.InspectorRole, data.LeaderRole}}
	if err := db.CreateUser(ctx, lisi, "lisi-pass1"); err != nil {
		t.Fatal(err)
	}
	admin, _ := db.Session()
	if _, err := db.SignIn(ctx, "lisi", "lisi-pass1"); err != nil {
		t.Fatal(err)
	}
	if err := db.ChangePassword(ctx, "lisi-pass1", "lisi-pass2"); err != nil {
		t.Fatal(err)
	}
	apptest.MustUnit(t, db, "县人社局", data.UnitDepartment)
	db.Resume(admin)
	return w
}

func rows(s *Screen) []*data.AuditEntry { return s.table.Visible() }

func TestFiltersByKindUserAndText(t *testing.T) {
	w := ledgerWithLog(t)
	s := apptest.Show(t, w, "审计日志", New)
	all := rows(s)
	if len(all) < 6 || all[0].ID < all[len(all)-1].ID {
		t.Fatalf("%d rows, want the newest first", len(all))
	}

	s.kind.SetSelected(string(data.KindExport))
	got := rows(s)
	if len(got) != 1 || got[0].Action != data.AuditExport || got[0].Actor != storetest.Login {
		t.Errorf("导出: %+v", got)
	}

	s.kind.SetSelected(anyKind)
	s.user.SetSelected("李四（lisi）")
	got = rows(s)
	if len(got) == 0 {
		t.Fatal("李四: no rows")
	}
	kinds := map[data.AuditKind]bool{}
	for _, e := range got {
		if e.Actor != "lisi" {
			t.Errorf("李四's rows hold one by %s", e.Actor)
		}
		kinds[e.Action.Kind()] = true
	}
	if !kinds[data.KindSignIn] || !kinds[data.KindChange] {
		t.Errorf("李四's rows are of the kinds %v", kinds)
	}

	s.kind.SetSelected(string(data.KindChange))
	s.table.SetSearchText("人社")
	got = rows(s)
	if len(got) != 1 || got[0].Table != "units" || !strings.Contains(got[0].Changes(s.names), "单位名称：县人社局") {
		t.Errorf("李四's changes with 人社: %+v", got)
	}
	if !strings.Contains(s.count.Text, "共1条") {
		t.Errorf("count %q", s.count.Text)
	}

	// Enter on a row lists every row of its record.
	unit := got[0].RecordID
	s.clearFilters()
	row := rows(s)[3]
	if row.RecordID == "" {
		t.Fatalf("row 4 has no record: %+v", row)
	}
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 3).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.table.Query() != row.RecordID || len(rows(s)) == 0 {
		t.Fatalf("after Enter on %s %s the search is %q", row.Table, row.RecordID, s.table.Query())
	}
	s.table.SetSearchText(unit)
	for _, e := range rows(s) {
		if e.RecordID != unit {
			t.Errorf("the unit's rows hold one of %s %s", e.Table, e.RecordID)
		}
	}
}

// 导出Excel writes every row the filters keep, not only the page shown,
// oldest first, after writing the export's own 导出 row.
func TestExportWritesTheFilteredRows(t *testing.T) {
	w := ledgerWithLog(t)
	db := w.DB()
	ctx := context.Background()
	defer func(n int) { pageSize = n }(pageSize)
	pageSize = 2
	s := apptest.Show(t, w, "审计日志", New)
	s.user.SetSelected("李四（lisi）")
	want, err := db.AuditLog(ctx, data.AuditFilter{Actor: "lisi"})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) <= pageSize || len(rows(s)) != pageSize || !s.next.Visible() {
		t.Fatalf("李四 has %d rows, the page shows %d", len(want), len(rows(s)))
	}

	sheet := exportRows(t, w, s, "审计日志（李四（lisi））.xlsx")
	if len(sheet) != len(want)+1 || sheet[0][2] != "登录名" {
		t.Fatalf("exported %d rows for %d: %v", len(sheet)-1, len(want), sheet)
	}
	for i, r := range sheet[1:] {
		if r[2] != "lisi" || r[0] != fmt.Sprint(want[len(want)-1-i].ID) {
			t.Errorf("row %d: %v", i+1, r)
		}
	}
	last, err := db.AuditLog(ctx, data.AuditFilter{Limit: 1})
	if err != nil || len(last) != 1 || last[0].Action != data.AuditExport || last[0].Actor != storetest.Login || last[0].After["export"] != "audit" {
		t.Errorf("the last row of the log: %+v, %v", last, err)
	}
}

// The pages go on from the last row shown (by the log's key, not an
// offset): a row written while a page is shown shifts nothing, and 上一页
// shows the page before again.
func TestPagesGoOnFromTheLastRowShown(t *testing.T) {
	w := ledgerWithLog(t)
	db := w.DB()
	ctx := context.Background()
	defer func(n int) { pageSize = n }(pageSize)
	pageSize = 2
	log, err := db.AuditLog(ctx, data.AuditFilter{})
	if err != nil || len(log) < 3*pageSize {
		t.Fatalf("%d rows in the log (%v)", len(log), err)
	}
	scr := apptest.Show(t, w, "审计日志", New)
	page := func() []int64 {
		var out []int64
		for _, e := range rows(scr) {
			out = append(out, e.ID)
		}
		return out
	}
	want := func(k int) []int64 {
		var out []int64
		for _, e := range log[k*pageSize : (k+1)*pageSize] {
			out = append(out, e.ID)
		}
		return out
	}
	if got := page(); !slices.Equal(got, want(0)) {
		t.Fatalf("page 1: %v, want %v", got, want(0))
	}
	scr.next.OnTapped()
	if got := page(); !slices.Equal(got, want(1)) {
		t.Fatalf("page 2: %v, want %v", got, want(1))
	}
	if err := db.LogExport(ctx, "units", false); err != nil { // a row newer than every page
		t.Fatal(err)
	}
	scr.next.OnTapped()
	if got := page(); !slices.Equal(got, want(2)) {
		t.Errorf("page 3 after a row was written: %v, want %v", got, want(2))
	}
	scr.prev.OnTapped()
	if got := page(); !slices.Equal(got, want(1)) {
		t.Errorf("back to page 2: %v, want %v", got, want(1))
	}
	if !strings.Contains(scr.count.Text, "第2/") {
		t.Errorf("count %q", scr.count.Text)
	}
}

// exportRows exports the rows the filters keep as the user does, to file
// in a new folder, and reads the workbook back.
func exportRows(t *testing.T, w *apptest.Host, s *Screen, file string) [][]string {
	t.Helper()
	dir := t.TempDir()
	c := s.Export()
	c.Enter(dir)
	c.Confirm()
	apptest.WaitJobs(t, w)
	f, err := excelize.OpenFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, err := f.GetRows("审计日志")
	if err != nil {
		t.Fatal(err)
	}
	return sheet
}

// The chain's state: intact, then the row changed behind the program's back
// named.
func TestChainStateShown(t *testing.T) {
	w := ledgerWithLog(t)
	s := apptest.Show(t, w, "审计日志", New)
	if !strings.HasPrefix(s.chain.Text, "审计日志完整") {
		t.Fatalf("chain: %q", s.chain.Text)
	}
	exec(t, w.DB().Path(), "UPDATE audit_log SET actor = 'someone' WHERE id = 3")
	s.verify()
	if !strings.Contains(s.chain.Text, "第3条") || !strings.Contains(s.chain.Text, "被修改") {
		t.Errorf("chain after a change: %q", s.chain.Text)
	}
}

// exec runs a statement on the ledger file behind the store's back, as
// someone with the file and a SQLite tool could.
func exec(t *testing.T, path, statement string) {
	t.Helper()
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(statement); err != nil {
		t.Fatal(err)
	}
}

// A unit's edit reads “单位名称：旧 → 新” on the screen and in the export,
// and no field shows by its column's name; a unit merged into another
// names it.
func TestChangesReadByLabel(t *testing.T) {
	w := ledgerWithLog(t)
	db := w.DB()
	ctx := context.Background()
	u := apptest.MustUnit(t, db, "县统计局", data.UnitDepartment)
	u.Name = "县统计局（县普查中心）"
	if err := db.UpdateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	s := apptest.Show(t, w, "审计日志", New)
	shown := strings.Join(apptest.Texts(s.table.Widget()), "\n")
	for _, want := range []string{"单位名称：县统计局 → 县统计局（县普查中心）", "县统计局（县普查中心）"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the screen does not show %q:\n%s", want, shown)
		}
	}
	for _, column := range []string{"name", "category", "status", "clock", "units", "office"} {
		if strings.Contains(shown, column) {
			t.Errorf("the screen shows %q:\n%s", column, shown)
		}
	}

	sheet := exportRows(t, w, s, "审计日志.xlsx")
	found := false
	for _, r := range sheet[1:] {
		if len(r) > 9 && r[9] == "单位名称：县统计局 → 县统计局（县普查中心）" && r[7] == "单位" && r[8] == "县统计局（县普查中心）" {
			found = true
		}
		if len(r) > 9 && regexp.MustCompile(`(^|；)[^：；]*[A-Za-z_][^：；]*：`).MatchString(r[9]) {
			t.Errorf("a field by its column's name: %v", r)
		}
	}
	if !found {
		t.Errorf("the export has no row of the rename: %v", sheet)
	}
}
