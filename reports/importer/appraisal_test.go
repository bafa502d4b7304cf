package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// appraisalSheet writes rows as the first sheet of a workbook.
func appraisalSheet(t *testing.T, rows [][]any) *bytes.Buffer {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// An appraisal's results as offices keep them: a title above the header,
// counts or scores, a 合计 row skipped; what cannot be read says where.
func TestReadAppraisalSheet(t *testing.T) {
	rows, err := ReadAppraisalSheet(appraisalSheet(t, [][]any{
		{"2026年“万人评风”测评结果汇总表"},
		{"序号", "单位名称", "收回票数", "满意", "基本满意", "不满意", "满意率"},
		{1, "城关镇人民政府", 210, 150, 40, 15, "92.7%"},
		{2, "县市场监管局", 200, 120, 50, 30, "85%"},
		{3, "县税务局", "", 90, 8, 2, "98%"},
		{},
		{"", "合计", 410, 360, 98, 47, ""},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Line != 3 || rows[0].Ballots != 210 || rows[0].Satisfied != 150 || rows[1].UnitName != "县市场监管局" ||
		rows[2].Ballots != 0 || rows[2].Unsatisfied != 2 {
		t.Fatalf("rows %+v", rows)
	}
	rows, err = ReadAppraisalSheet(appraisalSheet(t, [][]any{
		{"单位", "得分"},
		{"城关镇人民政府", 91.5},
		{"县教育局", "88分"},
	}))
	if err != nil || len(rows) != 2 || !rows[0].HasScore || rows[0].Score != 91.5 || rows[1].Score != 88 || rows[1].Line != 3 {
		t.Fatalf("scored rows %+v, %v", rows, err)
	}
	for _, c := range []struct {
		rows [][]any
		msg  string
	}{
		{[][]any{{"名称", "票数"}, {"县税务局", 3}}, "未找到表头"},
		{[][]any{{"单位名称", "满意", "基本满意", "不满意"}, {"县税务局", "很多", 1, 1}}, "第2行“满意”列的“很多”不是票数"},
		{[][]any{{"单位名称", "得分"}}, "表头下没有单位的测评结果"},
	} {
		_, err := ReadAppraisalSheet(appraisalSheet(t, c.rows))
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%v: err %v, want %q", c.rows, err, c.msg)
		}
	}
	if _, err := ReadAppraisalSheet(strings.NewReader("不是表格")); err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Errorf("not a workbook: %v", err)
	}
}
