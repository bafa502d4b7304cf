package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// benchLedgers holds the ledgers the benchmarks generate, once per process:
// 100,000 tickets written through the store's own methods take minutes.
// TestMain removes them.
var benchLedgers = struct {
	sync.Mutex
	dir   string
	paths map[int]string
}{paths: map[int]string{}}

func removeBenchLedgers() {
	benchLedgers.Lock()
	defer benchLedgers.Unlock()
	if benchLedgers.dir != "" {
		if err := os.RemoveAll(benchLedgers.dir); err != nil {
			fmt.Fprintln(os.Stderr, "removing the benchmark ledgers:", err)
		}
	}
}

// benchLedger returns a ledger with n tickets over 2025–2026 among 200
// units, in the states an office's ledger has: most old tickets finished
// (transferred, rejected, merged, or through 回访 to 归档), recent ones
// pending or being handled, some overdue. XIAONENG_BENCH_LEDGER names a
// ledger generated before, to spare the minutes of generating it again.
func benchLedger(b *testing.B, n int) string {
	b.Helper()
	if p := os.Getenv("XIAONENG_BENCH_LEDGER"); p != "" {
		return p
	}
	benchLedgers.Lock()
	defer benchLedgers.Unlock()
	if p, ok := benchLedgers.paths[n]; ok {
		return p
	}
	if benchLedgers.dir == "" {
		// Shared memory spares the generation an fsync per transaction.
		base := os.TempDir()
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			base = "/dev/shm"
		}
		dir, err := os.MkdirTemp(base, "xiaoneng-app-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchLedgers.dir = dir
	}
	path := filepath.Join(benchLedgers.dir, fmt.Sprintf("tickets-%d.db", n))
	start := time.Now()
	if err := generateTickets(path, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d tickets in %v", n, time.Since(start).Round(time.Second))
	benchLedgers.paths[n] = path
	return path
}

func generateTickets(path string, n int) error {
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{Actor: "基准测试", Device: "bench", Create: true})
	if err != nil {
		return err
	}
	db.SetClock(func() time.Time { return apptest.FixedNow })
	r := rand.New(rand.NewPCG(uint64(n), 2026))
	cats := []data.UnitCategory{data.UnitTownship, data.UnitDepartment, data.UnitDepartment, data.UnitWindow, data.UnitWindow, data.UnitUtility}
	units := make([]*data.Unit, 200)
	for i := range units {
		units[i] = &data.Unit{Name: fmt.Sprintf("第%d号基准单位", i+1), Category: cats[i%len(cats)]}
		if err := db.CreateUnit(ctx, units[i]); err != nil {
			return err
		}
	}
	masters := map[string]string{} // per unit, the ticket duplicates merge into
	first := time.Date(2025, 1, 2, 9, 0, 0, 0, data.Zone)
	span := apptest.FixedNow.Add(-24 * time.Hour).Sub(first)
	recent := apptest.FixedNow.AddDate(0, 0, -30)
	for i := range n {
		received := first.Add(time.Duration(float64(span) * float64(i) / float64(n)))
		u := units[r.IntN(len(units))]
		c := &data.Complaint{ReceivedAt: received, Channel: data.Channels[r.IntN(len(data.Channels))],
			Complainant: data.Complainant{Name: "王建华", Phone: "13907910000"}, UnitID: u.ID,
			Category: data.Categories[r.IntN(len(data.Categories))], Subject: "窗口办事多次往返仍未办结",
			Content: fmt.Sprintf("反映到%s办理业务，工作人员未一次性告知所需材料，往返三次仍未办结。", u.Name)}
		if _, err := db.RegisterComplaint(ctx, c); err != nil {
			return err
		}
		step := received
		next := func() time.Time { step = step.Add(time.Hour); return step }
		var steps []data.Step
		switch p := r.IntN(100); {
		case received.After(recent) && p < 15:
			// still 待受理
		case received.After(recent) && p < 85:
			steps = []data.Step{{Kind: data.EventAssign, At: next(), HandlerUnitID: u.ID, LimitDays: 3 + r.IntN(13)}}
		case p < 40:
			steps = []data.Step{{Kind: data.EventTransfer, At: next(), TransferTo: "县信访局"}}
		case p < 70:
			steps = []data.Step{{Kind: data.EventReject, At: next(), Note: "不属于效能投诉受理范围"}}
		case p < 90 && masters[u.ID] != "":
			steps = []data.Step{{Kind: data.EventMerge, At: next(), RelatedID: masters[u.ID]}}
		default:
			verdict := data.Satisfied
			if r.IntN(10) == 0 {
				verdict = data.FairlySatisfied
			}
			steps = []data.Step{
				{Kind: data.EventAssign, At: next(), HandlerUnitID: u.ID},
				{Kind: data.EventFeedback, At: next(), Note: "已当面向群众说明并办结"},
				{Kind: data.EventVerify, At: next(), Result: string(data.VerifiedPartly)},
				{Kind: data.EventReply, At: next(), Method: "电话"},
				{Kind: data.EventFollowUp, At: next(), Method: "电话", Result: string(verdict)},
				{Kind: data.EventArchive, At: next()},
			}
			masters[u.ID] = c.ID
		}
		for _, s := range steps {
			if _, _, err := db.ApplyStep(ctx, c.ID, s); err != nil {
				return fmt.Errorf("ticket %d %s: %w", i, s.Kind, err)
			}
		}
	}
	return db.Close()
}

// BenchmarkFirstWindow100k measures what stands between starting the
// program and its first window on a ledger of 100,000 tickets: opening the
// ledger and building the main window with the 工作台's figures and its
// list of what needs action today. (Fyne's GL start-up is not included: the
// test driver draws nothing.)
func BenchmarkFirstWindow100k(b *testing.B) {
	path := benchLedger(b, 100_000)
	a := test.NewTempApp(b)
	ctx := context.Background()
	var openTime, buildTime time.Duration
	for b.Loop() {
		start := time.Now()
		db, err := store.Open(ctx, path, store.Options{Actor: "基准测试", Device: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		db.SetClock(func() time.Time { return apptest.FixedNow })
		opened := time.Now()
		w := NewWorkbench(a, db)
		buildTime += time.Since(opened)
		openTime += opened.Sub(start)
		b.StopTimer()
		if d, ok := w.currentScreen().(*dashboard); !ok || d.todo == nil || len(d.todo.Visible()) == 0 {
			b.Fatal("the 工作台 shows nothing to do on a ledger of 100,000 tickets")
		}
		w.Window().Close()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(openTime.Milliseconds())/float64(b.N), "open-ms/op")
	b.ReportMetric(float64(buildTime.Milliseconds())/float64(b.N), "window-ms/op")
}
