//go:build !race

// TestWorkbookBounds parses workbooks as large as the importer's bounds
// allow, and one row or column more, on one goroutine: the importer has no
// other. The race detector would only make it several times slower, so
// scripts/test.sh runs it without; the package's other tests read
// workbooks through the same code under the detector.

package importer

import (
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What every bound refuses, each in its own words, with the file named.
func TestWorkbookBounds(t *testing.T) {
	t.Parallel() // beside the demo county's round trips, the package's longest
	dir := t.TempDir()
	write := func(name string, level int, sheet string) string {
		path := filepath.Join(dir, name)
		b := workbookOf(t, level, func(w io.Writer) error {
			_, err := io.WriteString(w, sheetHead+sheet+`</worksheet>`)
			return err
		})
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cell := func(ref, text string) string {
		return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, text)
	}
	var rows strings.Builder
	for r := 1; r <= maxRows+1; r++ {
		fmt.Fprintf(&rows, `<row r="%d">%s</row>`, r, cell(fmt.Sprintf("A%d", r), "县档案馆"))
	}
	var wide strings.Builder
	for c := 0; c <= maxColumns; c++ {
		wide.WriteString(`<c t="inlineStr"><is><t>列</t></is></c>`)
	}
	for _, tc := range []struct {
		name, sheet string
		words       []string
	}{
		{"rows.xlsx", rows.String() + `</sheetData>`, []string{fmt.Sprintf("超过%d行", maxRows)}},
		{"wide.xlsx", `<row r="1">` + wide.String() + `</row></sheetData>`, []string{fmt.Sprintf("超过%d列", maxColumns)}},
		{"far.xlsx", `<row r="1">` + cell("XFD1", "远") + `</row></sheetData>`, []string{fmt.Sprintf("超过%d列", maxColumns)}},
		{"token.xlsx", `<row r="1">` + cell("A1", varied(maxToken/3+1)) + `</row></sheetData>`, []string{"超过1MB"}},
		{"deep.xlsx", strings.Repeat("<x>", maxDepth+1) + strings.Repeat("</x>", maxDepth+1) + `</sheetData>`, []string{"已损坏"}},
		{"badref.xlsx", `<row r="1"><c r="1A"/></row></sheetData>`, []string{"已损坏"}},
		{"shared.xlsx", `<row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData>`, []string{"已损坏"}},
		{"backwards.xlsx", `<row r="5"/><row r="2"/></sheetData>`, []string{"已损坏"}},
	} {
		path := write(tc.name, flate.BestSpeed, tc.sheet)
		_, err := ReadFile(path, Complaints)
		t.Run(tc.name, func(t *testing.T) { wantRefusal(t, err, path, append(tc.words, tc.name)...) })
	}
	// A cut or foreign file is called damaged, never in English.
	for name, content := range map[string][]byte{"empty.xlsx": nil, "text.xlsx": []byte("不是表格"), "cut.xlsx": workbookOf(t, flate.BestSpeed, func(w io.Writer) error {
		_, err := io.WriteString(w, sheetHead)
		return err
	})[:300]} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(path, Units)
		t.Run(name, func(t *testing.T) { wantRefusal(t, err, path, "不是Excel工作簿或已损坏") })
	}
}
