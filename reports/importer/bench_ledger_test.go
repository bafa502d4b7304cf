package importer

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"xiaoneng/data/demo"
	"xiaoneng/data/store"
)

// BenchmarkImportExportedRows imports the product's own 29-column export of
// 10,000 complaints of another ledger into a benchmark ledger, as `xiaoneng
// import complaints` and the 导入 screen do it: read the file, preview (a
// dry run of every row), import. Target: under 3 s into any ledger up to
// 1M complaints, the process under 300 MB. The ledger and the file come from
// scripts/bench.sh (XIAONENG_BENCH_LEDGER, XIAONENG_BENCH_IMPORT); each
// round imports into a fresh copy of the ledger.
func BenchmarkImportExportedRows(b *testing.B) {
	ledger, file := os.Getenv("XIAONENG_BENCH_LEDGER"), os.Getenv("XIAONENG_BENCH_IMPORT")
	if ledger == "" || file == "" {
		b.Skip("XIAONENG_BENCH_LEDGER and XIAONENG_BENCH_IMPORT name a benchmark ledger and an export of another (scripts/bench.sh)")
	}
	ctx := context.Background()
	copyPath := filepath.Join(filepath.Dir(ledger), "import-bench.db")
	defer os.Remove(copyPath)
	for b.Loop() {
		b.StopTimer()
		copyFile(b, ledger, copyPath)
		b.StartTimer()
		db, err := store.Open(ctx, copyPath, store.Options{Device: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		// data/benchledger's ledger is the demo county's: its 主任
		if _, err := db.SignIn(ctx, demo.Users()[0], demo.Password); err != nil {
			b.Fatal(err)
		}
		p, err := Open(ctx, db, file, Complaints)
		if err != nil || !p.OK() {
			b.Fatalf("preview: %v", err)
		}
		res, err := p.Import(ctx, db)
		if err != nil || res.Added == 0 {
			b.Fatalf("%+v %v", res.Problems[:min(3, len(res.Problems))], err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
