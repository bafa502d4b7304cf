// Package importer reads the office's Excel and CSV 台账 of units and
// complaint complaints: it finds the header row (titles above it, headers
// merged over two rows), maps the columns to fields by their Chinese names,
// reads dates however they were typed, and shows every bad row with its
// reason before the store imports the lot in one transaction.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

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

// ReadFile reads a .xlsx or .csv file. An .xlsx workbook gives the sheet
// whose header matches kind best (the first sheet when none does). What
// the file holds is bounded (limits.go); errors name the file.
func ReadFile(path string, kind Kind) (*Table, error) {
	t, err := readFile(path, kind)
	if err != nil {
		return nil, &data.FileError{Path: path, Err: err}
	}
	return t, nil
}

func readFile(path string, kind Kind) (*Table, error) {
	name := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".xlsx", ".xlsm", ".csv", ".txt":
	case ".xls":
		return nil, data.Invalid("File", "不支持旧版Excel（.xls）文件：请在Excel中“另存为”Excel工作簿（.xlsx）后再导入")
	default:
		return nil, data.Invalid("File", fmt.Sprintf("无法导入“%s”：只能导入Excel工作簿（.xlsx）或CSV文件（.csv）", name))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, data.Invalid("File", fmt.Sprintf("“%s”是文件夹，不是文件", name))
	}
	if st.Size() > maxFileSize {
		return nil, data.Invalid("File", fmt.Sprintf("文件“%s”超过%dMB，不像是台账，请检查", name, maxFileSize>>20))
	}
	if ext == ".csv" || ext == ".txt" {
		return ReadCSV(f, st.Size(), name)
	}
	return ReadXLSX(f, st.Size(), name, kind)
}

// ReadXLSX reads a workbook of size bytes and picks the visible sheet
// that matches kind best: each sheet's first rows are scored when there
// are several, and only the best is read whole.
func ReadXLSX(r io.ReaderAt, size int64, name string, kind Kind) (*Table, error) {
	wb, err := openWorkbook(r, size, name)
	if err != nil {
		return nil, err
	}
	var visible []sheetRef
	for _, s := range wb.sheets {
		if !s.hidden {
			visible = append(visible, s)
		}
	}
	if len(visible) == 0 {
		return nil, data.Invalid("File", fmt.Sprintf("“%s”中没有内容", name))
	}
	best, bestScore := visible[0], -1
	if len(visible) > 1 {
		for _, s := range visible {
			head, err := wb.readSheet(s, headerScanRows+1)
			if err != nil {
				return nil, err
			}
			if len(head.Rows) == 0 {
				continue
			}
			if _, score := findHeader(head, kind); score > bestScore {
				best, bestScore = s, score
			}
		}
	}
	t, err := wb.readSheet(best, 0)
	if err != nil {
		return nil, err
	}
	if len(t.Rows) == 0 {
		return nil, data.Invalid("File", fmt.Sprintf("“%s”中没有内容", name))
	}
	return t, nil
}

// trim normalises line ends and drops trailing empty rows and cells.
func (t *Table) trim() {
	for i, row := range t.Rows {
		for j, c := range row {
			if strings.ContainsRune(c, '\r') || c != strings.TrimSpace(c) {
				row[j] = strings.TrimSpace(strings.ReplaceAll(c, "\r", ""))
			}
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

// sniffSize is how much of a text file tells its encoding and separator.
const sniffSize = 1 << 20

// ReadCSV reads a CSV file of size bytes as Excel saves it: UTF-8 with or without a byte
// order mark, GBK (Chinese Excel's "CSV (逗号分隔)"), or UTF-16 with tabs
// (its "Unicode 文本"). It streams: what it keeps is bounded as a
// workbook's table is, and a record is at most maxRecordBytes long.
func ReadCSV(r io.Reader, size int64, name string) (*Table, error) {
	// A small file's encoding and separator are told from the whole of it,
	// without a megabyte's buffer (the fuzzer reads tens of thousands).
	sniff := int(min(max(size, 16), sniffSize))
	br := bufio.NewReaderSize(r, sniff)
	head, err := br.Peek(sniff)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	var text io.Reader = br
	enc := "UTF-8"
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := br.Discard(3); err != nil {
			return nil, err
		}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		text, enc = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), "UTF-16"
	case !validUTF8Prefix(head):
		text, enc = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), "GBK"
	}
	guard := &recordGuard{r: text}
	// The first line tells the separator: up to 64 KB of text, or the
	// whole of a small file (decoded, at most twice its size).
	lineSize := int(min(max(2*size, 16), 64<<10))
	tr := bufio.NewReaderSize(guard, lineSize)
	first, _ := tr.Peek(lineSize)
	line, _, _ := bytes.Cut(first, []byte("\n"))
	cr := csv.NewReader(tr)
	cr.Comma = sniffDelimiter(string(line))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &Table{File: name, Encoding: enc}
	b := newTableBuilder(t)
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			var long *recordTooLong
			switch {
			case errors.As(err, &long):
				return nil, tooBig(name, fmt.Sprintf("第%d行超过%dMB（可能缺少配对的引号）", i+1, maxRecordBytes>>20))
			case errors.As(err, &pe):
				return nil, data.Invalid("File", fmt.Sprintf("“%s”第%d行格式有误，无法读取", name, pe.StartLine))
			}
			return nil, data.Invalid("File", fmt.Sprintf("无法识别“%s”的文字编码", name))
		}
		guard.mark = cr.InputOffset()
		if err := b.set(i, rec); err != nil {
			return nil, err
		}
	}
	t.trim()
	return t, nil
}

// validUTF8Prefix tells whether b is UTF-8, but for a character cut off at
// its end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// recordTooLong stops a CSV record longer than maxRecordBytes: the CSV
// reader would keep all of it in memory (an opening quote never closed
// makes the rest of the file one cell).
type recordTooLong struct{}

func (*recordTooLong) Error() string { return "importer: record too long" }

// recordGuard passes text on, failing once more than maxRecordBytes are
// read past the end of the last record (mark, the reader's offset; what
// the readers between buffer is far less).
type recordGuard struct {
	r      io.Reader
	passed int64
	mark   int64
}

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.passed-g.mark > maxRecordBytes {
		return 0, &recordTooLong{}
	}
	n, err := g.r.Read(p)
	g.passed += int64(n)
	return n, err
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
