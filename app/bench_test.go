package app

import (
	"maps"
	"slices"
	"testing"
	"time"
	"xiaoneng/app/screens/dashboard"

	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data/store/storetest"
)

// BenchmarkFirstWindow100k measures what stands between starting the
// program and its first window on a ledger of 100,000 complaints: opening the
// ledger and building the main window (open-ms, window-ms; target together
// < 1.5 s at 1M), then reading the 工作台's figures and its list of what
// needs action today, which arrive in the background with their places held
// (figures-ms, target < 100 ms). Fyne's GL start-up is not included: the test
// driver draws nothing.
func BenchmarkFirstWindow100k(b *testing.B) {
	path := apptest.BenchLedger(b, 100_000)
	a := test.NewTempApp(b)
	apptest.QueueBackground(b)
	var openTime, buildTime, figuresTime time.Duration
	for b.Loop() {
		start := time.Now()
		db := storetest.OpenUnsigned(b, path)
		apptest.BenchSignIn(b, db)
		db.SetClock(func() time.Time { return apptest.FixedNow })
		opened := time.Now()
		w := NewWorkbench(a, db)
		built := time.Now()
		apptest.RunQueued()
		figuresTime += time.Since(built)
		buildTime += built.Sub(opened)
		openTime += opened.Sub(start)
		b.StopTimer()
		if d, ok := w.currentScreen().(*dashboard.Screen); !ok || !apptest.ShowsRows(d.View()) {
			b.Fatal("the 工作台 shows nothing to do on a ledger of 100,000 complaints")
		}
		w.Window().Close()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(openTime.Milliseconds())/float64(b.N), "open-ms/op")
	b.ReportMetric(float64(buildTime.Milliseconds())/float64(b.N), "window-ms/op")
	b.ReportMetric(float64(figuresTime.Milliseconds())/float64(b.N), "figures-ms/op")
}

// BenchmarkScreens walks every screen of the navigation on a ledger of
// 100,000 complaints (XIAONENG_BENCH_LEDGER names a larger one), each built
// afresh as on its first visit, and reports the longest time the UI thread
// spends showing one (max-ui-ms; target < 100 ms at 1M) with the screen's
// name logged, and the longest wait for what a screen reads in the
// background (max-bg-ms). The test driver draws nothing: Fyne's rendering
// is not included.
func BenchmarkScreens(b *testing.B) {
	a := test.NewTempApp(b)
	apptest.QueueBackground(b)
	db := apptest.OpenBenchLedger(b, 100_000)
	db.SetClock(func() time.Time { return apptest.FixedNow })
	ui, bg := map[string]time.Duration{}, map[string]time.Duration{}
	for b.Loop() {
		w := NewWorkbench(a, db)
		apptest.RunQueued()
		for id, d := range w.defs {
			start := time.Now()
			w.show(id)
			shown := time.Now()
			apptest.RunQueued()
			ui[d.title] = max(ui[d.title], shown.Sub(start))
			bg[d.title] = max(bg[d.title], time.Since(shown))
		}
		b.StopTimer()
		w.Window().Close()
		b.StartTimer()
	}
	var maxUI, maxBG time.Duration
	for _, title := range slices.Sorted(maps.Keys(ui)) {
		b.Logf("%s: UI thread %v, background %v", title, ui[title].Round(time.Millisecond), bg[title].Round(time.Millisecond))
		maxUI, maxBG = max(maxUI, ui[title]), max(maxBG, bg[title])
	}
	b.ReportMetric(float64(maxUI.Microseconds())/1000, "max-ui-ms")
	b.ReportMetric(float64(maxBG.Microseconds())/1000, "max-bg-ms")
}
