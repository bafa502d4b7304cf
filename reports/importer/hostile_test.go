package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// The hostile workbooks of issue 21, kept in testdata/hostile (made by
// `go test -run TestHostileWorkbooks -write-hostile`): each once took the
// program down. Both are refused in a Chinese sentence, reading little:
// their memory is measured by app/cli's BenchmarkImportMemory.
var writeHostile = flag.Bool("write-hostile", false, "write the hostile workbooks into testdata/hostile")

const (
	mergedWorkbook   = "testdata/hostile/merged-whole-sheet.xlsx" // 1.5 KB: one merged range A1:XFD1048576
	unpacksWorkbook  = "testdata/hostile/unpacks-961MB.xlsx"      // 1.4 MB: a sheet that unpacks to 961 MB
	unpackedSheetLen = 961 << 20
)

// workbookParts are the parts every workbook needs besides its sheet.
var workbookParts = map[string]string{
	"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
	"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="效能投诉" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
}

// workbookOf writes a workbook whose one sheet is sheet, written by
// writeSheet, deflated at level.
func workbookOf(t testing.TB, level int, writeSheet func(w io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, level) })
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, workbookParts[name])
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
	if err == nil {
		err = writeSheet(w)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`

func writeHostileWorkbooks(t *testing.T) {
	merged := workbookOf(t, flate.BestCompression, func(w io.Writer) error {
		_, err := io.WriteString(w, sheetHead+`<row r="1"><c r="A1" t="inlineStr"><is><t>收件时间</t></is></c><c r="B1" t="inlineStr"><is><t>被投诉单位</t></is></c></row>`+
			`</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`)
		return err
	})
	bomb := workbookOf(t, flate.BestCompression, func(w io.Writer) error {
		if _, err := io.WriteString(w, sheetHead); err != nil {
			return err
		}
		chunk := bytes.Repeat([]byte("<row/>"), 1<<20/6)
		for n := len(sheetHead); n < unpackedSheetLen-len(chunk); n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sheetData></worksheet>`)
		return err
	})
	for path, b := range map[string][]byte{mergedWorkbook: merged, unpacksWorkbook: bomb} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	han    = regexp.MustCompile(`\p{Han}`)
	quoted = regexp.MustCompile(`“[^”]*”`) // a file's name, a value from the file
)

// wantRefusal checks a refusal a user sees: a Chinese sentence, no English
// word of an error from inside, naming the file.
func wantRefusal(t *testing.T, err error, file string, words ...string) {
	t.Helper()
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a refusal in Chinese", err)
	}
	msg := data.UserMessage(err)
	plain := strings.NewReplacer("Excel", "", "CSV", "").Replace(quoted.ReplaceAllString(msg, ""))
	if !han.MatchString(msg) || regexp.MustCompile(`[A-Za-z]{3,}`).MatchString(plain) {
		t.Errorf("the user is told %q", msg)
	}
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("%q does not say %q", msg, w)
		}
	}
	if got, ok := data.FileOf(err); file != "" && (!ok || got != file) {
		t.Errorf("the error names %q, want %q", got, file)
	}
}

func TestHostileWorkbooks(t *testing.T) {
	if *writeHostile {
		writeHostileWorkbooks(t)
	}
	st, err := os.Stat(unpacksWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 2<<20 {
		t.Errorf("%s is %d bytes: not a small file", unpacksWorkbook, st.Size())
	}
	// One merged range over the whole sheet is one cell of a table of two:
	// nothing is filled beyond what the sheet holds.
	tab, err := ReadFile(mergedWorkbook, Complaints)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 1 || len(tab.Rows[0]) != 2 {
		t.Errorf("the table of the merged sheet: %d rows, %v", len(tab.Rows), tab.Rows)
	}
	_, err = ReadFile(unpacksWorkbook, Complaints)
	wantRefusal(t, err, unpacksWorkbook, "unpacks-961MB.xlsx", "不像是台账")
}

// varied is n Chinese characters that do not repeat in a pattern: text
// that compresses as real text does.
func varied(n int) string {
	var b strings.Builder
	x := uint32(2463534242)
	for range n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteRune(rune(0x4E00 + x%0x5000))
	}
	return b.String()
}

// A CSV file's bounds: a record that never ends (an opening quote never
// closed) and too many rows are refused, reading little.
func TestCSVBounds(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"quote.csv": "单位名称,单位类别\n\"县档案馆," + strings.Repeat("很长的备注", maxRecordBytes/15+1) + "\n",
		"rows.csv":  "单位名称,单位类别\n" + strings.Repeat("县档案馆,县直部门\n", maxRows),
		"wide.csv":  strings.Repeat("列,", maxColumns+1) + "\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(path, Units)
		t.Run(name, func(t *testing.T) { wantRefusal(t, err, path, name, "超出一次导入的上限") })
	}
}

// A CSV file with a header and no rows is refused before the ledger is
// touched: no remembered mapping, no audit row, not a byte changed.
func TestHeaderOnlyCSV(t *testing.T) {
	ctx := context.Background()
	db := newLedger(t)
	addUnits(t, db, "县档案馆")
	path := filepath.Join(t.TempDir(), "单位名录.csv")
	if err := os.WriteFile(path, []byte("单位名称,单位类别,主管部门\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(ctx, db, path, Units)
	if err != nil {
		t.Fatal(err)
	}
	before := ledgerBytes(t, db)
	_, err = p.Import(ctx, db)
	wantRefusal(t, err, "", "表头下没有可导入的行", "未写入任何记录")
	if !maps.Equal(before, ledgerBytes(t, db)) {
		t.Error("the ledger changed")
	}
	// The store itself adds nothing for no rows: the mapping is not
	// remembered either.
	res, err := db.ImportUnits(ctx, nil, store.ImportOptions{Source: "空.csv", Mapping: store.ImportMapping{Signature: "x", Columns: map[string]string{"单位名称": "name"}}})
	if err != nil || res.Added != 0 {
		t.Fatalf("an import of nothing: %+v, %v", res, err)
	}
	if !maps.Equal(before, ledgerBytes(t, db)) {
		t.Error("an import of nothing changed the ledger")
	}
}

// ledgerBytes is the ledger's file and its write-ahead log (the shared
// memory index changes as it is read).
func ledgerBytes(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	out := storetest.Snapshot(t, filepath.Dir(db.Path()))
	for name := range out {
		if strings.HasSuffix(name, "-shm") {
			delete(out, name)
		}
	}
	return out
}

// BenchmarkReadWorkbook100k reads a workbook of 100,000 complaints of twelve
// columns (the reader's share of importing one) and reports the heap the
// table holds once read (table-MB) and the most the heap held while
// reading (peak-MB, sampled).
func BenchmarkReadWorkbook100k(b *testing.B) {
	var rows strings.Builder
	cell := func(ref, text string) string {
		return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, text)
	}
	heads := []string{"编号", "收件时间", "投诉渠道", "投诉人", "联系电话", "被投诉单位", "投诉类别", "事由", "投诉内容", "承办单位", "办结日期", "满意度"}
	rows.WriteString(`<row r="1">`)
	for c, h := range heads {
		rows.WriteString(cell(fmt.Sprintf("%c1", 'A'+c), h))
	}
	rows.WriteString(`</row>`)
	for r := 2; r <= 100_001; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for c, v := range []string{fmt.Sprintf("XT-%06d", r), "46000.5", "来电", "王芳", "13905918888", fmt.Sprintf("县第%d局", r%40),
			"事难办", "窗口办事多次往返", "反映到窗口办理业务，往返三次仍未办结，工作人员未一次性告知所需材料。", fmt.Sprintf("县第%d局", (r+1)%40), "46004.5", "满意"} {
			rows.WriteString(cell(fmt.Sprintf("%c%d", 'A'+c, r), v))
		}
		rows.WriteString(`</row>`)
	}
	book := workbookOf(b, flate.DefaultCompression, func(w io.Writer) error {
		_, err := io.WriteString(w, sheetHead+rows.String()+`</sheetData></worksheet>`)
		return err
	})
	rows.Reset()
	b.ResetTimer()
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		peak := before.HeapInuse
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapInuse)
				}
			}
		}()
		tab, err := ReadXLSX(bytes.NewReader(book), int64(len(book)), "投诉.xlsx", Complaints)
		close(stop)
		<-done
		if err != nil || len(tab.Rows) != 100_001 {
			b.Fatalf("%v", err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "table-MB")
		b.ReportMetric(float64(peak-before.HeapInuse)/(1<<20), "peak-MB")
		runtime.KeepAlive(tab)
	}
}
