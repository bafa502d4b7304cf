package importer

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"regexp"
	"testing"

	"xiaoneng/data"
)

// wantReadRefusal checks what a reader returns for any input: a table
// within the bounds, or a refusal in Chinese (no error from inside, no
// English word but the file's name).
func wantReadRefusal(t *testing.T, tab *Table, err error) {
	t.Helper()
	if err != nil {
		var ve *data.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("not a refusal in Chinese: %v", err)
		}
		if regexp.MustCompile(`[A-Za-z]{3,}`).MatchString(quoted.ReplaceAllString(ve.Message, "")) && !regexp.MustCompile(`Excel|CSV`).MatchString(ve.Message) {
			t.Fatalf("the user is told %q", ve.Message)
		}
		return
	}
	cells := 0
	for _, r := range tab.Rows {
		cells += len(r)
		if len(r) > maxColumns {
			t.Fatalf("a row of %d cells", len(r))
		}
	}
	if len(tab.Rows) > maxRows || cells > maxCells {
		t.Fatalf("%d rows, %d cells", len(tab.Rows), cells)
	}
}

// FuzzReadXLSX: whatever a file holds, the workbook reader returns a
// bounded table or a Chinese refusal, and never takes the program down.
func FuzzReadXLSX(f *testing.F) {
	// testdata/fuzz/FuzzReadXLSX holds the hostile workbook of one merged
	// range; these are two small sound ones.
	for _, sheet := range []string{
		`<row r="1"><c r="A1" t="inlineStr"><is><t>收件时间</t></is></c><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>46000.5</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells>`,
		`<row><c><v>1</v></c><c t="b"><v>1</v></c></row></sheetData>`,
	} {
		f.Add(workbookOf(f, flate.BestSpeed, func(w io.Writer) error {
			_, err := io.WriteString(w, sheetHead+sheet+`</worksheet>`)
			return err
		}))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadXLSX(bytes.NewReader(b), int64(len(b)), "投诉台账.xlsx", Complaints)
		wantReadRefusal(t, tab, err)
	})
}

// FuzzReadCSV: the same for a CSV file, in any encoding.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"单位名称,单位类别\r\n县档案馆,县直部门\r\n",
		"\xEF\xBB\xBF单位名称;单位类别\n\"县档案馆\";\"县直\"\"部门\"\"\"\n",
		"单位名称\t单位类别\n县档案馆\t县直部门",
		"\"未闭合的引号,县直部门\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Add(utf16le("单位名称\t单位类别\r\n县档案馆\t县直部门\r\n"))
	f.Add([]byte{0xB5, 0xA5, 0xCE, 0xBB, 0xC3, 0xFB, 0xB3, 0xC6, 0x2C, 0x0A}) // 单位名称, in GBK
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := ReadCSV(bytes.NewReader(b), int64(len(b)), "单位名录.csv")
		wantReadRefusal(t, tab, err)
	})
}
