package store

import (
	"context"
	"os"
	"testing"
)

// BenchmarkCheck runs check on the ledger XIAONENG_BENCH_LEDGER names
// (data/benchledger, scripts/bench.sh), signed in as its 主任.
// Quick: the default check. Target: under 10 s at 1,000,000 complaints, and
// not growing with the ledger (the sizes it reads are bounded:
// check_quick.go). Full: check -full, which reads the whole file (167 s at
// 1,000,000 before the split): no target, run with -bench Check/Full.
func BenchmarkCheck(b *testing.B) {
	path := os.Getenv("XIAONENG_BENCH_LEDGER")
	if path == "" {
		b.Skip("XIAONENG_BENCH_LEDGER names a ledger made by data/benchledger (scripts/bench.sh)")
	}
	ctx := context.Background()
	db, err := Open(ctx, path, Options{Device: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SignIn(ctx, "zhuren", "xiaoneng2026"); err != nil {
		b.Fatal(err)
	}
	for _, full := range []bool{false, true} {
		name := "Quick"
		if full {
			name = "Full"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				r, err := db.CheckLedger(ctx, CheckOptions{Full: full})
				if err != nil || len(r.Problems) > 0 {
					b.Fatalf("%+v, %v", r, err)
				}
			}
		})
	}
}
