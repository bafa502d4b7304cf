package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"xiaoneng/data/store"
)

// fill makes a demo ledger under t.TempDir().
func fill(t *testing.T, seed int64) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "演示.db"), store.Options{Actor: "测试员", Device: "test-pc", Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	begin := time.Now()
	if err := Fill(context.Background(), db, seed, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("Fill(seed %d) took %v", seed, time.Since(begin))
	return db
}

func TestFillRuns(t *testing.T) {
	fill(t, 1)
}
