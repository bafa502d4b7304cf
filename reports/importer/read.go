// Package importer reads the office's Excel and CSV 台账 of units and
// complaint tickets: it finds the header row (titles above it, headers
// merged over two rows), maps the columns to fields by their Chinese names,
// reads dates however they were typed, and shows every bad row with its
// reason before the store imports the lot in one transaction.
package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"xiaoneng/data"
)

// Table is a sheet as read: its rows of cell text, merged cells filled in.
// A cell holds what Excel stores, not what it shows: a date formatted as a
// date is its serial number, which the value readers turn back into a day.
type Table struct {
	File  string // the file's base name
	Sheet string // the worksheet, "" for CSV
	Rows  [][]string
	// Merged lists the merged ranges, 0-based and inclusive.
	Merged []Range
	// Encoding names how a CSV file was written: UTF-8, GBK, UTF-16.
	Encoding string
}

// Range is a rectangle of cells, 0-based, both ends included.
type Range struct{ Row1, Col1, Row2, Col2 int }

func (r Range) contains(row, col int) bool {
	return row >= r.Row1 && row <= r.Row2 && col >= r.Col1 && col <= r.Col2
}

// Cell returns the text at row, col ("" outside the table).
func (t *Table) Cell(row, col int) string {
	if row < 0 || row >= len(t.Rows) || col < 0 || col >= len(t.Rows[row]) {
		return ""
	}
	return t.Rows[row][col]
}

// maxFileSize refuses files far larger than any county's ledger before
// reading them into memory.
const maxFileSize = 200 << 20

// ReadFile reads a .xlsx or .csv file. An .xlsx workbook gives the sheet
// whose header matches kind best (the first sheet when none does).
func ReadFile(path string, kind Kind) (*Table, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxFileSize {
		return nil, data.Invalid("File", fmt.Sprintf("文件“%s”超过200MB，不像是台账，请检查", filepath.Base(path)))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return ReadXLSX(bytes.NewReader(b), name, kind)
	case ".csv", ".txt":
		return ReadCSV(b, name)
	case ".xls":
		return nil, data.Invalid("File", "不支持旧版Excel（.xls）文件：请在Excel中“另存为”Excel工作簿（.xlsx）后再导入")
	}
	return nil, data.Invalid("File", fmt.Sprintf("无法导入“%s”：只能导入Excel工作簿（.xlsx）或CSV文件（.csv）", name))
}

// maxSheetXML keeps a worksheet of up to 256 MiB of XML (some hundred
// thousand rows of the product's own export) in memory as it is stored:
// above excelize's default of 16 MiB (ten thousand exported tickets are 24
// MiB) it goes to a temporary file, and the merged ranges can then only be
// had by decoding the whole sheet at once (mergedRefs), a gigabyte for those
// ten thousand.
const maxSheetXML = 256 << 20

// ReadXLSX reads a workbook and picks the sheet that matches kind best.
func ReadXLSX(r io.Reader, name string, kind Kind) (*Table, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipXMLSizeLimit: maxSheetXML})
	if err != nil {
		return nil, data.Invalid("File", fmt.Sprintf("无法读取“%s”：文件不是Excel工作簿或已损坏", name))
	}
	defer f.Close()
	var best *Table
	bestScore := -1
	for _, sheet := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(sheet); err == nil && !visible {
			continue
		}
		t, err := readSheet(f, name, sheet)
		if err != nil {
			return nil, err
		}
		if len(t.Rows) == 0 {
			continue
		}
		_, score := findHeader(t, kind)
		if score > bestScore {
			best, bestScore = t, score
		}
	}
	if best == nil {
		return nil, data.Invalid("File", fmt.Sprintf("“%s”中没有内容", name))
	}
	return best, nil
}

func readSheet(f *excelize.File, name, sheet string) (*Table, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("importer: %s %s: %w", name, sheet, err)
	}
	t := &Table{File: name, Sheet: sheet, Rows: rows}
	refs, err := mergedRefs(f, sheet)
	if err != nil {
		return nil, fmt.Errorf("importer: %s %s: merged cells: %w", name, sheet, err)
	}
	for _, ref := range refs {
		first, last, _ := strings.Cut(ref, ":")
		if last == "" {
			last = first
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(first)
		c2, r2, err2 := excelize.CellNameToCoordinates(last)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("importer: %s %s: merged cell: %w", name, sheet, err)
		}
		t.Merged = append(t.Merged, Range{Row1: r1 - 1, Col1: c1 - 1, Row2: r2 - 1, Col2: c2 - 1})
	}
	t.fillMerged()
	t.trim()
	return t, nil
}

// reMergeCell finds the merged ranges in a worksheet's XML.
var reMergeCell = regexp.MustCompile(`<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"`)

// mergedRefs lists the merged ranges of a sheet (A1:N1). They sit after the
// cells in the worksheet's XML, so they are found in its text: excelize's
// GetMergeCells decodes the whole sheet into memory first, which takes
// longer than reading its rows.
func mergedRefs(f *excelize.File, sheet string) ([]string, error) {
	raw, ok := sheetXML(f, sheet)
	if !ok {
		cells, err := f.GetMergeCells(sheet, true)
		if err != nil {
			return nil, err
		}
		refs := make([]string, len(cells))
		for i, c := range cells {
			refs[i] = c.GetStartAxis() + ":" + c.GetEndAxis()
		}
		return refs, nil
	}
	i := bytes.LastIndex(raw, []byte("sheetData>"))
	if i < 0 {
		i = 0
	}
	var refs []string
	for _, m := range reMergeCell.FindAllSubmatch(raw[i:], -1) {
		refs = append(refs, string(m[1]))
	}
	return refs, nil
}

// sheetXML is the XML of a worksheet as stored in the workbook, found
// through the workbook's relationships.
func sheetXML(f *excelize.File, sheet string) ([]byte, bool) {
	load := func(path string) []byte {
		v, ok := f.Pkg.Load(path)
		if !ok {
			return nil
		}
		b, _ := v.([]byte)
		return b
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(load("xl/workbook.xml"), &wb) != nil || xml.Unmarshal(load("xl/_rels/workbook.xml.rels"), &rels) != nil {
		return nil, false
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				target := strings.TrimPrefix(r.Target, "/")
				if !strings.HasPrefix(target, "xl/") {
					target = "xl/" + target
				}
				if b := load(target); b != nil {
					return b, true
				}
			}
		}
	}
	return nil, false
}

// fillMerged copies the value of each merged range into all of its cells:
// a header over two columns names both, a unit merged down over three
// tickets is the unit of each.
func (t *Table) fillMerged() {
	for _, m := range t.Merged {
		v := t.Cell(m.Row1, m.Col1)
		for r := m.Row1; r <= m.Row2; r++ {
			for len(t.Rows) <= r {
				t.Rows = append(t.Rows, nil)
			}
			for c := m.Col1; c <= m.Col2; c++ {
				for len(t.Rows[r]) <= c {
					t.Rows[r] = append(t.Rows[r], "")
				}
				t.Rows[r][c] = v
			}
		}
	}
}

// trim drops trailing empty rows and cells and normalises line ends.
func (t *Table) trim() {
	for i, row := range t.Rows {
		for j, c := range row {
			row[j] = strings.TrimSpace(strings.ReplaceAll(c, "\r", ""))
		}
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		t.Rows[i] = row
	}
	for len(t.Rows) > 0 && len(t.Rows[len(t.Rows)-1]) == 0 {
		t.Rows = t.Rows[:len(t.Rows)-1]
	}
}

// ReadCSV reads a CSV file as Excel saves it: UTF-8 with or without a byte
// order mark, GBK (Chinese Excel's "CSV (逗号分隔)"), or UTF-16 with tabs
// (its "Unicode 文本").
func ReadCSV(b []byte, name string) (*Table, error) {
	text, enc, err := decodeText(b)
	if err != nil {
		return nil, data.Invalid("File", fmt.Sprintf("无法识别“%s”的文字编码", name))
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, data.Invalid("File", fmt.Sprintf("“%s”第%d行格式有误，无法读取", name, pe.StartLine))
		}
		return nil, fmt.Errorf("importer: %s: %w", name, err)
	}
	t := &Table{File: name, Rows: rows, Encoding: enc}
	t.trim()
	return t, nil
}

// decodeText turns the bytes of a text file into a string, detecting the
// encoding: a byte order mark says UTF-8 or UTF-16; valid UTF-8 is UTF-8;
// anything else is taken as GBK, which is what Chinese Windows writes.
func decodeText(b []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return string(b[3:]), "UTF-8", nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		s, _, err := transform.Bytes(dec, b)
		return string(s), "UTF-16", err
	case utf8.Valid(b):
		return string(b), "UTF-8", nil
	}
	s, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), b)
	return string(s), "GBK", err
}

// sniffDelimiter picks the separator the first line uses most: comma, tab
// or semicolon.
func sniffDelimiter(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(line, ",")
	for _, d := range []rune{'\t', ';'} {
		if c := strings.Count(line, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}
