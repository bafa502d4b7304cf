//go:build linux

package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// peakImport runs xiaoneng import complaints file on the ledger at path and
// returns its result and the process's peak resident memory in MB. GNU
// time measures it: the rusage Go's exec reports counts the parent's memory
// too (the child starts sharing the test process's memory, and the kernel
// keeps that high-water mark across exec), which the race detector makes
// hundreds of MB.
func peakImport(t testing.TB, path, file string) (result, float64) {
	t.Helper()
	peakFile := filepath.Join(t.TempDir(), "peak")
	cmd := exec.Command("/usr/bin/time", "-f", "%M", "-o", peakFile, binary, "-db", path, "import", "complaints", file)
	cmd.Env = append(os.Environ(), "LC_ALL=zh_CN.UTF-8", "LANG=zh_CN.UTF-8",
		"XIAONENG_USER="+storetest.Login, "XIAONENG_PASSWORD="+storetest.Password)
	out, err := cmd.Output()
	r := result{stdout: string(out)}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code, r.stderr = exit.ExitCode(), string(exit.Stderr)
	} else if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(peakFile)
	if err != nil {
		t.Fatal(err)
	}
	// the last line: a failed command's line "Command exited with non-zero status" comes first
	lines := strings.Fields(strings.TrimSpace(string(b)))
	kb, err := strconv.ParseFloat(lines[len(lines)-1], 64)
	if err != nil {
		t.Fatalf("/usr/bin/time wrote %q", b)
	}
	return r, kb / 1024
}

// Importing either hostile workbook of issue 21 (one merged range over the
// whole sheet; 1.4 MB unpacking to 961 MB) stays far under 200 MB and is
// refused in Chinese naming the file, the ledger unchanged: the first is a
// table of one row (a header and nothing under it), the second is refused
// unread.
func TestHostileWorkbooksPeakMemory(t *testing.T) {
	for _, file := range []string{"merged-whole-sheet.xlsx", "unpacks-961MB.xlsx"} {
		path := newLedger(t)
		r, peak := peakImport(t, path, filepath.Join("..", "..", "reports", "importer", "testdata", "hostile", file))
		t.Logf("%s: peak %.0f MB", file, peak)
		wantFailure(t, r, exitFailed, file)
		// the command's sign-in is in the audit log; nothing else was written
		db := openLedger(t, path)
		if n, err := db.CountComplaints(context.Background(), data.ComplaintFilter{}); err != nil || n != 0 {
			t.Errorf("%s: %d complaints after a refused import (%v)", file, n, err)
		}
		closeLedger(t, db)
		if peak > 200 {
			t.Errorf("%s: peak memory %.0f MB, want under 200 MB", file, peak)
		}
	}
}

// BenchmarkImportMemory imports a workbook of 100,000 complaints of 40 units
// with the command line and reports the process's peak memory (peak-MB).
func BenchmarkImportMemory(b *testing.B) {
	const n = 100_000
	units := make([]string, 40)
	for i := range units {
		units[i] = fmt.Sprintf("县第%d局", i+1)
	}
	file := complaintWorkbook(b, n, units)
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "台账.db")
		db, err := store.Open(context.Background(), path, store.Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		for _, u := range units {
			if err := db.CreateUnit(context.Background(), &data.Unit{Name: u, Category: data.UnitDepartment}); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		r, peak := peakImport(b, path, file)
		if r.code != 0 {
			b.Fatalf("import: %d %s", r.code, r.stderr)
		}
		b.ReportMetric(peak, "peak-MB")
	}
}

// complaintWorkbook writes a workbook of n complaints, streamed.
func complaintWorkbook(b *testing.B, n int, units []string) string {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"编号", "收件时间", "投诉渠道", "投诉人", "联系电话", "被投诉单位", "投诉类别", "事由", "投诉内容", "承办单位", "办结日期", "满意度"}); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		at := start.Add(time.Duration(i) * 29 * time.Minute)
		row := []any{fmt.Sprintf("XT-%06d", i+1), at, string(data.Channels[i%len(data.Channels)]), "王芳", "13905918888", units[i%len(units)],
			string(data.Categories[i%len(data.Categories)]), "窗口办事多次往返", "反映到窗口办理业务，往返三次仍未办结，工作人员未一次性告知所需材料。", units[(i+1)%len(units)], nil, nil}
		if i%5 != 0 {
			row[10], row[11] = at.Add(96*time.Hour), "满意"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "投诉10万件.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}
