package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xiaoneng/data"
)

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	s := Sheet{Name: "效能投诉", Title: "投诉清单",
		Columns: []Column{{Title: "编号", Text: true}, {Title: "收件时间"}, {Title: "到期日期"}, {Title: "事由"}, {Title: "办结率", Percent: true}, {Title: "天数"}},
		Rows: [][]any{
			{"TS2026-0007", time.Date(2026, 3, 5, 14, 30, 45, 0, data.Zone), data.NewDate(2026, 3, 20), "窗口人员态度生硬，多次往返仍未办结，请求处理", 0.959, 15},
			{"0591", "2026-03-06 09:15", "2026-03-21", "短", nil, "12"},
			{"TS2026-0009", time.Time{}, data.Date{}, "", 0.5, 0},
		}}
	if err := WriteXLSX(&buf, s, Sheet{Name: "a/b:c", Columns: cols("x")}); err != nil {
		t.Fatal(err)
	}
	book := bytes.Clone(buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "效能投诉,a－b－c" {
		t.Errorf("sheets %s", got)
	}
	get := func(cell string, raw bool) string {
		t.Helper()
		v, err := f.GetCellValue("效能投诉", cell, excelize.Options{RawCellValue: raw})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for cell, want := range map[string]string{
		"A1": "投诉清单", "A2": "编号", "B2": "收件时间", "A3": "TS2026-0007", "A4": "0591",
		"B3": "2026-03-05 14:30", "C3": "2026-03-20", "B4": "2026-03-06 09:15", "C4": "2026-03-21", "E3": "95.90%", "F4": "12", "B5": "", "C5": "",
	} {
		if got := get(cell, false); got != want {
			t.Errorf("%s shows %q, want %q", cell, got, want)
		}
	}
	// dates are numbers (days since 1899-12-30) formatted as dates, not text
	if got := get("C3", true); got != "46101" {
		t.Errorf("C3 holds %q, want the serial 46101", got)
	}
	if typ, err := f.GetCellType("效能投诉", "A4"); err != nil || typ == excelize.CellTypeNumber {
		t.Errorf("编号 0591 stored as %v, %v", typ, err)
	}
	for col, min := range map[string]float64{"A": 11, "B": 16, "D": 40} {
		if w, err := f.GetColWidth("效能投诉", col); err != nil || w < min {
			t.Errorf("column %s %g wide (%v), want at least %g", col, w, err, min)
		}
	}
	if merged, err := f.GetMergeCells("效能投诉"); err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "F1" {
		t.Errorf("title merge %v %v", merged, err)
	}
	// the header's filter covers every row, on the sheet and in the
	// workbook's name Excel filters by
	if names := f.GetDefinedName(); len(names) != 1 || names[0].Name != "_xlnm._FilterDatabase" || names[0].RefersTo != "'效能投诉'!$A$2:$F$5" {
		t.Errorf("defined names %+v", names)
	}
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer sheet.Close()
	xml, err := io.ReadAll(sheet)
	if err != nil || !regexp.MustCompile(`<autoFilter ref="\$?A\$?2:\$?F\$?5"`).Match(xml) {
		t.Errorf("the sheet's filter (%v):\n%s", err, xml)
	}
}

func TestStatsWorkbook(t *testing.T) {
	l := newStatsLedger(t)
	var buf bytes.Buffer
	if err := WriteStatsXLSX(context.Background(), l.db, QuarterPeriod(2026, 3), &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "概况,投诉渠道,投诉类别,月度趋势,监督检查,责任追究,各单位情况,考核排名" {
		t.Errorf("sheets %s", got)
	}
	rows, err := f.GetRows("概况")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[2:] {
		if len(r) == 2 {
			got[r[0]] = r[1]
		}
	}
	for k, want := range map[string]string{"登记群众投诉（件）": "9", "办结": "3", "超期": "2", "办结率": "50.00%", "满意率": "75.00%", "整改率": "33.33%", "检查单位（个）": "3"} {
		if got[k] != want {
			t.Errorf("概况 %s = %q, want %q", k, got[k], want)
		}
	}
	rank, err := f.GetRows("考核排名")
	if err != nil {
		t.Fatal(err)
	}
	if last := rank[len(rank)-1]; strings.Join(last, "|") != "6|城关镇人民政府|乡镇/街道|81|4|0|0|5|10|黄牌警告" {
		t.Errorf("last of the ranking %v", last)
	}
}
