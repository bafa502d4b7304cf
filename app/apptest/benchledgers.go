package apptest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// benchLedgers holds the ledgers the benchmarks generate, once per process:
// 100,000 complaints written through the store's own methods take minutes.
// TestMain removes them.
var benchLedgers = struct {
	sync.Mutex
	dir   string
	paths map[int]string
}{paths: map[int]string{}}

func RemoveBenchLedgers() {
	benchLedgers.Lock()
	defer benchLedgers.Unlock()
	if benchLedgers.dir != "" {
		if err := os.RemoveAll(benchLedgers.dir); err != nil {
			fmt.Fprintln(os.Stderr, "removing the benchmark ledgers:", err)
		}
	}
}

// OpenBenchLedger opens BenchLedger(n) signed in (BenchSignIn); it is
// closed when the benchmark ends.
func OpenBenchLedger(b testing.TB, n int) *store.DB {
	b.Helper()
	db := storetest.OpenUnsigned(b, BenchLedger(b, n))
	b.Cleanup(func() {
		if err := db.Close(); err != nil {
			b.Error(err)
		}
	})
	BenchSignIn(b, db)
	return db
}

// BenchSignIn signs in on a benchmark ledger: as the demo county's director
// on one XIAONENG_BENCH_LEDGER names (data/benchledger makes the demo
// county's), as the test administrator on a generated one.
func BenchSignIn(b testing.TB, db *store.DB) {
	b.Helper()
	if os.Getenv("XIAONENG_BENCH_LEDGER") == "" {
		storetest.SignIn(b, db)
		return
	}
	if _, err := db.SignIn(context.Background(), demo.Users()[0], demo.Password); err != nil {
		b.Fatal(err)
	}
}

// BenchLedger returns a ledger with n complaints over 2025–2026 among 200
// units, in the states an office's ledger has: most old complaints finished
// (transferred, rejected, merged, or through 回访 to 归档), recent ones
// pending or being handled, some overdue. XIAONENG_BENCH_LEDGER names a
// ledger generated before, to spare the minutes of generating it again.
func BenchLedger(b testing.TB, n int) string {
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
	path := filepath.Join(benchLedgers.dir, fmt.Sprintf("complaints-%d.db", n))
	start := time.Now()
	if err := generateComplaints(path, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d complaints in %v", n, time.Since(start).Round(time.Second))
	benchLedgers.paths[n] = path
	return path
}

func generateComplaints(path string, n int) error {
	ctx := context.Background()
	db, err := openBenchLedger(ctx, path)
	if err != nil {
		return err
	}
	db.SetClock(func() time.Time { return FixedNow })
	r := rand.New(rand.NewPCG(uint64(n), 2026))
	cats := []data.UnitCategory{data.UnitTownship, data.UnitDepartment, data.UnitDepartment, data.UnitWindow, data.UnitWindow, data.UnitUtility}
	units := make([]*data.Unit, 200)
	for i := range units {
		units[i] = &data.Unit{Name: fmt.Sprintf("第%d号基准单位", i+1), Category: cats[i%len(cats)]}
		if err := db.CreateUnit(ctx, units[i]); err != nil {
			return err
		}
	}
	masters := map[string]string{} // per unit, the complaint duplicates merge into
	first := time.Date(2025, 1, 2, 9, 0, 0, 0, data.Zone)
	span := FixedNow.Add(-24 * time.Hour).Sub(first)
	recent := FixedNow.AddDate(0, 0, -30)
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
				return fmt.Errorf("complaint %d %s: %w", i, s.Kind, err)
			}
		}
	}
	return db.Close()
}

// FindingsLedger returns a ledger with n findings, generated once per
// process in the benchmarks' directory (removed by TestMain).
func FindingsLedger(b testing.TB, n int) string {
	b.Helper()
	benchLedgers.Lock()
	defer benchLedgers.Unlock()
	key := -n // the complaints' ledgers are keyed by their positive count
	if p, ok := benchLedgers.paths[key]; ok {
		return p
	}
	if benchLedgers.dir == "" {
		base := os.TempDir()
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			base = "/dev/shm" // spares the generation an fsync per transaction
		}
		dir, err := os.MkdirTemp(base, "xiaoneng-app-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchLedgers.dir = dir
	}
	path := filepath.Join(benchLedgers.dir, fmt.Sprintf("findings-%d.db", n))
	start := time.Now()
	if err := generateFindings(path, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d findings in %v", n, time.Since(start).Round(time.Second))
	benchLedgers.paths[key] = path
	return path
}

// generateFindings writes n findings through the store, five to a visit,
// over the two years before the fixed clock among 150 units, in the states
// an office's ledger has: most old rectifications re-checked and closed, a
// few reported or overdue; recent ones in progress.
func generateFindings(path string, n int) error {
	ctx := context.Background()
	db, err := openBenchLedger(ctx, path)
	if err != nil {
		return err
	}
	db.SetClock(func() time.Time { return FixedNow })
	units := make([]*data.Unit, 150)
	for i := range units {
		units[i] = &data.Unit{Name: fmt.Sprintf("第%d号基准单位", i+1), Category: data.UnitCategories[i%len(data.UnitCategories)]}
		if err := db.CreateUnit(ctx, units[i]); err != nil {
			return err
		}
	}
	inspector := &data.Person{Name: "王强", Role: data.RoleInspector, Active: true}
	if err := db.CreatePerson(ctx, inspector); err != nil {
		return err
	}
	var rounds []*data.Round // a quarter each, from the first finding's
	first := data.DateOf(FixedNow).AddDays(-730)
	for q := data.NewDate(first.Year(), 1+3*((first.Month()-1)/3), 1); !q.After(data.DateOf(FixedNow)); q = data.NewDate(q.Year(), q.Month()+3, 1) {
		r := &data.Round{Title: fmt.Sprintf("%d年第%d季度明察暗访", q.Year(), (q.Month()+2)/3), Kind: data.RoundCovert,
			Start: q, End: data.NewDate(q.Year(), q.Month()+3, 1).AddDays(-1)}
		if err := db.CreateRound(ctx, r); err != nil {
			return err
		}
		rounds = append(rounds, r)
	}
	today := data.DateOf(FixedNow)
	span := FixedNow.Add(-24 * time.Hour).Sub(first.Time())
	for v := 0; v*5 < n; v++ {
		at := first.Time().Add(time.Duration(float64(span) * float64(v*5) / float64(n))).Add(9 * time.Hour)
		day := data.DateOf(at)
		var round *data.Round
		for _, r := range rounds {
			if !day.Before(r.Start) && !day.After(r.End) {
				round = r
			}
		}
		visit := &data.Visit{RoundID: round.ID, UnitID: units[v%len(units)].ID, VisitedAt: at, Place: "综合窗口",
			Summary: "窗口服务情况检查", InspectorIDs: []string{inspector.ID}}
		var findings []*data.Finding
		for k := range min(5, n-v*5) {
			i := v*5 + k
			cat := data.FindingCategories[i%len(data.FindingCategories)]
			f := &data.Finding{Category: cat, Description: "窗口工作人员" + string(cat) + "，群众反映强烈",
				Disposition: data.Dispositions[i%len(data.Dispositions)]}
			if i%5 != 0 { // four in five are given a deadline
				f.RectLimitDays = 10
			}
			findings = append(findings, f)
		}
		if err := db.RecordVisit(ctx, visit, findings, nil); err != nil {
			return fmt.Errorf("visit %d: %w", v, err)
		}
		old := day.DaysUntil(today) > 60
		for k, f := range findings {
			if f.RectStatus != data.RectOpen {
				continue
			}
			// Old: 85 in 100 closed, 5 reported, 10 overdue; recent: a
			// third each in progress, reported, closed.
			p := (v*5 + k) * 37 % 100
			report, close := p < 90, p < 85
			if !old {
				report, close = p < 66, p < 33
			}
			if !report {
				continue
			}
			on := minDate(day.AddDays(10), today)
			if err := db.SubmitRectificationReport(ctx, f.ID, on, "已按要求完成整改，建立窗口考勤制度", nil); err != nil {
				return fmt.Errorf("report %d: %w", v*5+k, err)
			}
			if close {
				if _, err := db.RecheckFinding(ctx, f.ID, minDate(on.AddDays(3), today), data.RecheckPassed, "", "", 0); err != nil {
					return fmt.Errorf("recheck %d: %w", v*5+k, err)
				}
			}
		}
	}
	return db.Close()
}

func minDate(a, b data.Date) data.Date {
	if a.After(b) {
		return b
	}
	return a
}

// openBenchLedger creates the ledger at path signed in as storetest's
// administrator, with every role.
func openBenchLedger(ctx context.Context, path string) (*store.DB, error) {
	opt := storetest.Options
	opt.Create = true
	db, err := store.Open(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	if _, err := db.CreateFirstAdmin(ctx, &data.User{Login: storetest.Login, Name: storetest.Name, Roles: data.Roles}, storetest.Password); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}
