package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"xiaoneng/data"
)

func countUnits(t *testing.T, path string) int {
	t.Helper()
	db := openLedger(t, path)
	defer closeLedger(t, db)
	units, err := db.Units(context.Background(), data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(units)
}

func TestImportUnitsCommand(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	csv := "单位名录\r\n单位名称,单位类别,主管部门\r\n县人力资源和社会保障局,县直部门,\r\n政务服务中心社保窗口,窗口,县人力资源和社会保障局\r\n县卫生健康局,卫生系统,\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "单位名录.csv")
	if err := os.WriteFile(file, []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	r := xiaoneng(t, cfg, "-db", path, "import", "units", file)
	wantFailure(t, r, 1, "第5行（“单位类别”列）：单位类别“卫生系统”无法识别", "有1行不能导入，未写入任何记录")
	if !strings.Contains(r.stdout, "（GBK编码）") || !strings.Contains(r.stdout, "共3行：新增2行，已在台账中0行，跳过0行（空行、合计行等），有错误1行。") {
		t.Errorf("stdout %q", r.stdout)
	}
	if n := countUnits(t, path); n != 0 {
		t.Fatalf("a refused import wrote %d units", n)
	}

	fixed, err := simplifiedchinese.GBK.NewEncoder().String(strings.Replace(csv, "卫生系统", "县直部门", 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	r = xiaoneng(t, cfg, "-db", path, "import", "units", file)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已导入3条单位。") || !strings.Contains(r.stdout, "列的对应：单位名称、单位类别、主管部门→上级单位") {
		t.Errorf("stdout %q", r.stdout)
	}
	r = xiaoneng(t, cfg, "-db", path, "import", "units", file)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已导入0条单位，3条已在台账中，未重复导入。") {
		t.Errorf("again: stdout %q", r.stdout)
	}
	if n := countUnits(t, path); n != 3 {
		t.Errorf("%d units after importing twice", n)
	}

	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "people", file), 2, "没有“people”这类数据可导入")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "units", filepath.Join(t.TempDir(), "无此文件.xlsx")), 1, "找不到")
	old := filepath.Join(t.TempDir(), "台账.xls")
	if err := os.WriteFile(old, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "units", old), 1, "另存为", ".xlsx")
}

func TestImportExportReportCommands(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	dir := t.TempDir()
	db := openLedger(t, path)
	for _, n := range []string{"县市场监督管理局", "县自然资源局"} {
		if err := db.CreateUnit(context.Background(), &data.Unit{Name: n, Category: data.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
	}
	closeLedger(t, db)

	// a workbook of three complaints of the third quarter, one of them bad
	f := excelize.NewFile()
	rows := [][]any{
		{"收件日期", "来源", "被投诉单位", "事由", "办结日期", "满意度"},
		{"2026-07-03", "来电", "县市场监督管理局", "窗口态度生硬", "2026-07-10", "满意"},
		{46220, "来访", "县自然资源局", "不动产登记超时", "", ""},
		{"2026/8/5", "电话", "县不存在局", "单位不存在", "", ""},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	book := filepath.Join(dir, "投诉台账.xlsx")
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "import", "complaints", book), 1, "第4行（“被投诉单位”列）：被投诉单位“县不存在局”不在单位名录中")
	if err := f.RemoveRow("Sheet1", 4); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	r := xiaoneng(t, cfg, "-db", path, "import", "complaints", book)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已导入2条效能投诉。") {
		t.Errorf("stdout %q", r.stdout)
	}

	// export to Excel and import it back: nothing added
	out := filepath.Join(dir, "导出", "投诉.xlsx")
	r = xiaoneng(t, cfg, "-db", path, "export", "complaints", out)
	wantOK(t, r)
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	head, err := x.GetRows("效能投诉")
	x.Close()
	if err != nil || len(head) != 3 || head[0][0] != "编号" || head[2][2] != "电话" || head[2][0] != "TS2026-0001" {
		t.Fatalf("exported %v %v", head, err)
	}
	r = xiaoneng(t, cfg, "-db", path, "import", "complaints", out)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已导入0条效能投诉，2条已在台账中，未重复导入。") {
		t.Errorf("round trip: stdout %q", r.stdout)
	}

	// the quarter's statistics and 通报
	xlsx := filepath.Join(dir, "2026年第三季度.xlsx")
	r = xiaoneng(t, cfg, "-db", path, "report", "-period", "2026Q3", "-o", xlsx)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已生成2026年第三季度统计表") {
		t.Errorf("stdout %q", r.stdout)
	}
	s, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.GetCellValue("概况", "B4")
	s.Close()
	if err != nil || v != "2" {
		t.Errorf("complaints received in the workbook: %q %v", v, err)
	}
	pdf := filepath.Join(dir, "通报.pdf")
	r = xiaoneng(t, cfg, "-db", path, "report", "-period", "2026Q3", "-o", pdf)
	wantOK(t, r)
	pdfText := func(file string) string {
		t.Helper()
		text, err := exec.Command("pdftotext", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext（bash scripts/test.sh 会安装它）：%v", err)
		}
		return strings.Join(strings.Fields(string(text)), "")
	}
	if s := pdfText(pdf); !strings.Contains(s, "共登记群众投诉2件，其中电话投诉1件、来访1件；另有1件尚待受理；已办结1件，办结率100.0%") || !strings.Contains(s, "草稿") {
		t.Errorf("the draft 通报 says %s", s)
	}
	if !strings.Contains(r.stdout, "通报草稿") || !strings.Contains(r.stdout, "字体：") && !strings.Contains(r.stdout, "-sign") {
		t.Errorf("stdout %q", r.stdout)
	}
	// signed: registered among the documents with its number, once
	signed := filepath.Join(dir, "通报（签发）.pdf")
	r = xiaoneng(t, cfg, "-db", path, "report", "-period", "2026Q3", "-sign", "张明", "-o", signed)
	wantOK(t, r)
	if s := pdfText(signed); !strings.Contains(s, "效通〔") || strings.Contains(s, "草稿") || !strings.Contains(s, "附件：1.") {
		t.Errorf("the signed 通报 says %s", s)
	}
	if !strings.Contains(r.stdout, "已签发《关于2026年第三季度机关效能建设情况的通报》效通〔") {
		t.Errorf("stdout %q", r.stdout)
	}
	before := snapshot(t, dir)
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "report", "-period", "2026Q3", "-sign", "张明", "-o", filepath.Join(dir, "again.pdf")), 1, "已于", "不再重复签发")
	wantUnchanged(t, dir, before)
	// and as a Word document
	docx := filepath.Join(dir, "通报.docx")
	wantOK(t, xiaoneng(t, cfg, "-db", path, "report", "-period", "2026Q3", "-o", docx))
	if b, err := os.ReadFile(docx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("the Word document: %v", err)
	}

	wantFailure(t, xiaoneng(t, cfg, "-db", path, "report", "-period", "2026Q5", "-o", pdf), 2, "统计期间“2026Q5”无法识别")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "report", "-period", "2026", "-o", filepath.Join(dir, "x.doc")), 2, ".pdf", ".docx", ".xlsx")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "report", "-period", "2026", "-sign", "张明", "-o", xlsx), 2, "-sign")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "report", "-o", pdf), 2, "-period")
	wantFailure(t, xiaoneng(t, cfg, "-db", path, "report", "-period", "2026"), 2, "-o")
}

// Two people complaining of the same matter at the same hour are two
// complaints: both are imported, and the summary lists them as possible
// 并单, as the workbench does.
func TestImportTwoComplainantsOfOneMatter(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	db := openLedger(t, path)
	if err := db.CreateUnit(context.Background(), &data.Unit{Name: "县人力资源和社会保障局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	closeLedger(t, db)
	f := excelize.NewFile()
	rows := [][]any{
		{"收件时间", "来源", "投诉人", "被投诉单位", "事由"},
		{"2026-11-03 09:00", "电话", "王芳", "县人力资源和社会保障局", "社保热线无人接听"},
		{"2026-11-03 09:00", "电话", "李强", "县人力资源和社会保障局", "社保热线无人接听"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	book := filepath.Join(t.TempDir(), "投诉台账.xlsx")
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	r := xiaoneng(t, cfg, "-db", path, "import", "complaints", book)
	wantOK(t, r)
	for _, want := range []string{"已导入2条效能投诉。", "以下1件投诉与尚未办结的投诉相似", "第3行（TS2026-0002）与第2行相似"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout %q does not say %q", r.stdout, want)
		}
	}
}
