package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"xiaoneng/data"
)

// BenchmarkFieldExchange is issue 19's benchmark: a laptop brings home a
// round of 2,000 visits with photos of 1 MB each (random bytes, as
// incompressible as a phone's JPEG). "write" is the laptop's 交回 package;
// "import" is the office importing it, into a fresh copy of the office
// ledger each time (the copy is not timed). Targets: under 10 s each for
// 500 photos. peak-heap-MB is the most heap in use above what was in use
// before the operation, sampled every 5 ms: it must not grow with the
// number of photos (files stream one at a time), so the benchmark runs with
// 100 and with 500.
//
// It writes about 3 GB of files; run it alone, once:
//
//	nice -n 10 go test -tags ci -run '^$' -bench FieldExchange -benchtime 1x ./data/store/
func BenchmarkFieldExchange(b *testing.B) {
	for _, photos := range []int{100, 500} {
		b.Run(fmt.Sprintf("visits=2000/photos=%d", photos), func(b *testing.B) {
			fx := newFieldBench(b, 2000, photos)
			b.Run("write", func(b *testing.B) {
				var peak heapPeak
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					path := filepath.Join(fx.dir, fmt.Sprintf("交回%d.xnpkg", i))
					peak.start()
					b.StartTimer()
					if _, err := fx.field.WriteReturnPackage(context.Background(), path, testCipher); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					peak.stop()
					if err := os.Remove(path); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				peak.report(b)
			})
			b.Run("import", func(b *testing.B) {
				var peak heapPeak
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					office := fx.officeCopy(b, i)
					peak.start()
					b.StartTimer()
					pv, err := office.ImportPackage(context.Background(), fx.back, testCipher)
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					peak.stop()
					if len(pv.Added) < fx.visits || pv.Files != fx.photos {
						b.Fatalf("imported %d records and %d files, want %d visits and %d files", len(pv.Added), pv.Files, fx.visits, fx.photos)
					}
					if err := office.Close(); err != nil {
						b.Fatal(err)
					}
					if err := removeLedgerFiles(office.path); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				peak.report(b)
			})
		})
	}
}

// fieldBench is a laptop that recorded a round's visits and photos, the
// office ledger it came from, and its 交回 package.
type fieldBench struct {
	dir            string
	field          *DB
	office         *DB    // the office ledger, as it was at 出库
	back           string // a 交回 package with everything
	visits, photos int
}

func newFieldBench(b *testing.B, visits, photos int) *fieldBench {
	b.Helper()
	ctx := context.Background()
	fx := &fieldBench{dir: b.TempDir(), visits: visits, photos: photos}
	office := newTestDB(b)
	fx.office = office
	var units []*data.Unit
	for i := range 20 {
		units = append(units, svUnit(b, office, fmt.Sprintf("测试单位%02d", i), data.UnitWindow))
	}
	r := svRound(b, office, "2026年度机关效能建设全面督查", svDay(2026, 11, 2), units...)
	out := filepath.Join(fx.dir, "出库.xnpkg")
	if _, err := office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{r.ID}, Laptop: "外勤笔记本-1", Path: out, Cipher: testCipher}); err != nil {
		b.Fatal(err)
	}
	field, _, err := createTestField(b, filepath.Join(fx.dir, "外勤台账.db"), out, "laptop-1")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { field.Close() })
	fx.field = field
	photo := make([]byte, 1<<20)
	for i := range visits {
		v := &data.Visit{RoundID: r.ID, UnitID: units[i%len(units)].ID, VisitedAt: svAt(2026, 11, 2+i%19, 9+i%8),
			Place: fmt.Sprintf("%d号窗口", 1+i%6), Summary: fmt.Sprintf("第%d次检查：窗口服务规范，制度公示齐全。", i+1)}
		var files []*data.Attachment
		if i < photos {
			if _, err := rand.Read(photo); err != nil {
				b.Fatal(err)
			}
			files = append(files, &data.Attachment{Name: fmt.Sprintf("IMG_%04d.jpg", i), Data: append([]byte(nil), photo...)})
		}
		if err := field.RecordVisit(ctx, v, nil, files); err != nil {
			b.Fatal(err)
		}
	}
	fx.back = filepath.Join(fx.dir, "交回.xnpkg")
	if _, err := field.WriteReturnPackage(ctx, fx.back, testCipher); err != nil {
		b.Fatal(err)
	}
	return fx
}

// officeCopy opens a fresh copy of the office ledger as it was at 出库.
func (fx *fieldBench) officeCopy(b *testing.B, i int) *DB {
	b.Helper()
	path := filepath.Join(fx.dir, fmt.Sprintf("主台账%d.db", i))
	if err := fx.office.Backup(context.Background(), path); err != nil {
		b.Fatal(err)
	}
	db := openTestDB(b, path, false)
	db.SetClock(func() time.Time { return fixedNow })
	return db
}

// heapPeak samples the heap in use while an operation runs.
type heapPeak struct {
	peak uint64
	done chan struct{}
	wg   sync.WaitGroup
}

func (h *heapPeak) start() {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapInuse
	h.done = make(chan struct{})
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > base && m.HeapInuse-base > h.peak {
				h.peak = m.HeapInuse - base
			}
			select {
			case <-h.done:
				return
			case <-t.C:
			}
		}
	}()
}

func (h *heapPeak) stop() {
	close(h.done)
	h.wg.Wait()
}

func (h *heapPeak) report(b *testing.B) {
	b.ReportMetric(float64(h.peak)/(1<<20), "peak-heap-MB")
}
