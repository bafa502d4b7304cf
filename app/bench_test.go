package app

import (
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
		db := storetest.Open(b, path)
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
