package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"xiaoneng/app/screens/complaints"
	"xiaoneng/app/screens/units"

	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
	"xiaoneng/reports/importer"
)

// previewOf reads file for the preview, as 从Excel导入 does after the
// chooser.
func previewOf(t *testing.T, w *Workbench, path string, kind importer.Kind) *importDialog {
	t.Helper()
	p, err := importer.Open(context.Background(), w.DB(), path, kind)
	if err != nil {
		t.Fatal(err)
	}
	d := newImportDialog(w, p)
	d.show()
	return d
}

// waitRemap makes the preview with a new mapping.
func waitRemap(t *testing.T, d *importDialog) {
	t.Helper()
	apptest.RunQueued()
	if d.busy {
		t.Fatal("the preview with the new mapping was not made")
	}
}

func TestImportPreviewAndImport(t *testing.T) {
	apptest.QueueBackground(t)
	w, db := newTestBench(t)
	ctx := context.Background()
	apptest.MustUnit(t, db, "县人力资源和社会保障局", data.UnitDepartment)
	s := goTo[*units.Screen](t, w, "单位")
	if !slices.Contains(menuLabels(w), "从Excel导入…") {
		t.Errorf("单位 menu %v", menuLabels(w))
	}
	path := filepath.Join(t.TempDir(), "单位名录.csv")
	csv := "单位名称,类别,负责人,电话\n政务服务中心社保窗口,窗口,陈明,0591-2345678\n县人力资源和社会保障局,县直部门,王强,\n县卫生健康局,卫生系统,林芳,\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	d := previewOf(t, w, path, importer.Units)
	if d.summary.Text != "共3行：新增1行，已在台账中1行，跳过0行，有错误1行" || !d.problem.Visible() || !d.ok.Disabled() ||
		!strings.Contains(d.problem.Text, "第4行“类别”列：单位类别“卫生系统”无法识别，应为乡镇/街道、县直部门") {
		t.Errorf("summary %q, problem %q shown %v, 导入 enabled %v", d.summary.Text, d.problem.Text, d.problem.Visible(), !d.ok.Disabled())
	}
	// the table opens on the bad rows, with the reason in its column
	_, rows := d.table.Export()
	if len(rows) != 1 || rows[0][0] != "4" || rows[0][1] != "有错误" || !strings.HasPrefix(rows[0][2], "“类别”列：单位类别“卫生系统”无法识别") {
		t.Errorf("bad rows %v", rows)
	}
	if got := []string{d.selects[0].Selected, d.selects[1].Selected, d.selects[2].Selected, d.selects[3].Selected}; !slices.Equal(got,
		[]string{"单位名称 *", "单位类别 *", "主要负责人", "联系电话"}) {
		t.Errorf("mapping shown %v", got)
	}
	d.dlg.Hide()

	// put right in the file; 负责人 is this office's contact person
	if err := os.WriteFile(path, []byte(strings.Replace(csv, "卫生系统", "县直部门", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	d = previewOf(t, w, path, importer.Units)
	if d.ok.Disabled() || d.summary.Text != "共3行：新增2行，已在台账中1行，跳过0行，有错误0行" {
		t.Fatalf("clean file: %q, 导入 disabled %v", d.summary.Text, d.ok.Disabled())
	}
	d.selects[2].SetSelected("联系人")
	waitRemap(t, d)
	if d.p.Mapping[2] != "contact" || d.ok.Disabled() {
		t.Fatalf("remapped %v", d.p.Mapping)
	}
	// two columns for one field: refused until put right
	d.selects[3].SetSelected("单位名称 *")
	waitRemap(t, d)
	if !d.ok.Disabled() || !strings.Contains(d.problem.Text, "只能选一列") {
		t.Errorf("a field from two columns: %q", d.problem.Text)
	}
	d.selects[3].SetSelected("联系电话")
	waitRemap(t, d)

	test.Tap(d.ok)
	waitJobs(t, w)
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "已导入2条单位，1条已在台账中，未重复导入。") {
		t.Errorf("confirmation %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	units, err := db.Units(ctx, data.UnitFilter{Search: "社保窗口"})
	if err != nil || len(units) != 1 || units[0].Contact != "陈明" || units[0].Principal != "" || units[0].Category != data.UnitWindow {
		t.Fatalf("imported %+v, %v", units, err)
	}
	// the registry shown again holds the new units
	if !apptest.Shows(s.View(), "政务服务中心社保窗口") {
		t.Errorf("the 单位 screen shows %v", apptest.Texts(s.View()))
	}
	// the mapping chosen is offered for the next file with these headers
	d = previewOf(t, w, path, importer.Units)
	if d.selects[2].Selected != "联系人" || d.summary.Text != "共3行：新增0行，已在台账中3行，跳过0行，有错误0行" || !d.ok.Disabled() {
		t.Errorf("again: %q, %q", d.selects[2].Selected, d.summary.Text)
	}
}

// 导出Excel and 从Excel导入 are in the menu of the screens that offer them
// (units: TestExportShownList of app/screens/units).
func TestExportAndImportOffered(t *testing.T) {
	w, _ := newTestBench(t)
	goTo[*complaints.Screen](t, w, "效能投诉")
	if !slices.Contains(menuLabels(w), "导出Excel…") || !slices.Contains(menuLabels(w), "从Excel导入…") {
		t.Errorf("效能投诉 menu %v", menuLabels(w))
	}
}

// An import is undone from its summary (撤销本次导入…) and from 文件 → 最近的导入…,
// after asking; the list says which batches are undone, and the screen
// shown loses the records.
func TestImportUndone(t *testing.T) {
	apptest.QueueBackground(t)
	w, db := newTestBench(t)
	ctx := context.Background()
	s := goTo[*units.Screen](t, w, "单位")
	path := filepath.Join(t.TempDir(), "单位名录.csv")
	if err := os.WriteFile(path, []byte("单位名称,类别\n县林业局,县直部门\n县水利局,县直部门\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	imported := func(batch string) {
		t.Helper()
		d := previewOf(t, w, path, importer.Units)
		test.Tap(d.ok)
		waitJobs(t, w)
		top := apptest.TopOverlay(t, w.Window())
		if !apptest.Shows(top, "已导入2条单位。") || !apptest.Shows(top, "本次导入为第"+batch+"批；导入错了可以撤销（文件 → 最近的导入…中也可以）。") {
			t.Fatalf("summary %v", apptest.Texts(top))
		}
		if !apptest.Shows(s.View(), "县林业局") {
			t.Errorf("the 单位 screen shows %v", apptest.Texts(s.View()))
		}
	}
	undone := func(batch string) {
		t.Helper()
		confirm := apptest.TopOverlay(t, w.Window())
		if !apptest.Shows(confirm, "撤销导入") {
			t.Fatalf("no question before undoing: %v", apptest.Texts(confirm))
		}
		apptest.TapButton(t, confirm, "是")
		waitJobs(t, w)
		if top := apptest.TopOverlay(t, w.Window()); !apptest.Shows(top, "已撤销第"+batch+"批导入，删除了该批新增的2条单位。") {
			t.Fatalf("after undo %v", apptest.Texts(top))
		}
		if list, err := db.Units(ctx, data.UnitFilter{}); err != nil || len(list) != 0 {
			t.Fatalf("%d units after undo, %v", len(list), err)
		}
		if apptest.Shows(s.View(), "县林业局") {
			t.Errorf("the 单位 screen still shows the units undone")
		}
		w.Window().Canvas().Overlays().Top().Hide()
	}

	imported("1")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "撤销本次导入…")
	undone("1")

	imported("2")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "关闭")
	if !slices.Contains(menuLabels(w), "最近的导入…") {
		t.Fatalf("单位 menu %v", menuLabels(w))
	}
	w.showImports()
	list := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(list, "已于") || !strings.Contains(strings.Join(apptest.Texts(list), "\n"), "第2批") {
		t.Errorf("recent imports %v", apptest.Texts(list))
	}
	apptest.TapButton(t, list, "撤销…")
	undone("2")
}
