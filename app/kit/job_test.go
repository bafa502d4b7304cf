package kit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

// jobWindow is an empty window for jobs to run over.
func jobWindow(t *testing.T) fyne.Window {
	return newWindow(t, widget.NewLabel("工作台"), 600, 400)
}

func waitFor(t *testing.T, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("job did not finish")
	}
	return nil
}

func progressBar(t *testing.T, w fyne.Window) *widget.ProgressBar {
	t.Helper()
	bars := find[*widget.ProgressBar](w.Canvas(), nil)
	if len(bars) != 1 {
		t.Fatalf("%d progress bars visible", len(bars))
	}
	return bars[0]
}

func TestRunJobShowsProgressAndFinishes(t *testing.T) {
	w := jobWindow(t)
	step := make(chan struct{})
	reported := make(chan struct{})
	finished := make(chan error, 1)

	RunJob(w, "导入台账", func(ctx context.Context, progress func(done, total int)) error {
		for i := 1; i <= 3; i++ {
			<-step
			progress(i, 4)
			reported <- struct{}{}
		}
		<-step // hold the window open until the test has looked
		return nil
	}, func(err error) { finished <- err })

	if w.Canvas().Overlays().Top() == nil || !hasLabel(w.Canvas(), "正在处理，请稍候……") {
		t.Fatal("no job window")
	}
	if len(find[*widget.ProgressBarInfinite](w.Canvas(), nil)) != 1 {
		t.Fatal("no activity shown before the first progress report")
	}
	button(t, w.Canvas(), "取消")

	step <- struct{}{}
	<-reported
	if bar := progressBar(t, w); bar.Value != 1 || bar.Max != 4 {
		t.Fatalf("bar at %v of %v", bar.Value, bar.Max)
	}
	if !hasLabel(w.Canvas(), "已完成 1 / 4") {
		t.Fatal("progress text missing")
	}
	step <- struct{}{}
	<-reported
	step <- struct{}{}
	<-reported
	if bar := progressBar(t, w); bar.Value != 3 {
		t.Fatalf("bar at %v", bar.Value)
	}
	step <- struct{}{}
	if err := waitFor(t, finished); err != nil {
		t.Fatal(err)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("job window left open")
	}
}

func TestRunJobCancel(t *testing.T) {
	w := jobWindow(t)
	started := make(chan struct{})
	finished := make(chan error, 1)
	RunJob(w, "生成报表", func(ctx context.Context, progress func(done, total int)) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}, func(err error) { finished <- err })
	<-started
	cancel := button(t, w.Canvas(), "取消")
	test.Tap(cancel)
	err := waitFor(t, finished)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("done got %v", err)
	}
	if !cancel.Disabled() {
		t.Fatal("取消 still enabled after cancelling")
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("a cancelled job left a window (no error dialog expected)")
	}
}

func TestRunJobErrorShownInChinese(t *testing.T) {
	w := jobWindow(t)
	finished := make(chan error, 1)
	RunJob(w, "备份", func(context.Context, func(int, int)) error {
		return fmt.Errorf("store: backup: %w", data.ErrNotLedger)
	}, func(err error) { finished <- err })
	err := waitFor(t, finished)
	if !errors.Is(err, data.ErrNotLedger) {
		t.Fatalf("done got %v", err)
	}
	if !hasLabel(w.Canvas(), "不是效能台账数据文件") && !hasRichText(w.Canvas(), "不是效能台账数据文件") {
		t.Fatal("error dialog does not say the Chinese sentence")
	}
	button(t, w.Canvas(), "确定")

	// An unexpected error shows the generic sentence, not its details.
	w2 := jobWindow(t)
	RunJob(w2, "备份", func(context.Context, func(int, int)) error {
		return errors.New("open /x/y: permission denied")
	}, func(err error) { finished <- err })
	waitFor(t, finished)
	if !hasRichText(w2.Canvas(), "操作失败，请稍后重试；详细信息已写入日志") {
		t.Fatal("generic sentence not shown")
	}
	if hasRichText(w2.Canvas(), "permission denied") {
		t.Fatal("technical details shown to the user")
	}
}

func TestRunJobPanicBecomesError(t *testing.T) {
	w := jobWindow(t)
	finished := make(chan error, 1)
	RunJob(w, "统计", func(context.Context, func(int, int)) error {
		var m map[string]int
		//lint:ignore SA5000 the bug in a job whose panic is tested
		m["x"] = 1
		return nil
	}, func(err error) { finished <- err })
	if err := waitFor(t, finished); err == nil {
		t.Fatal("panic not reported")
	}
}

// TestRunJobManyReports checks that the last of many progress reports is
// always shown. What the reports cost is measured by BenchmarkRunJobReports
// (and, on a ledger, by app's BenchmarkLongJobUI100k).
func TestRunJobManyReports(t *testing.T) {
	w := jobWindow(t)
	finished := make(chan error, 1)
	looped, release := make(chan struct{}), make(chan struct{})
	RunJob(w, "导入", func(ctx context.Context, progress func(int, int)) error {
		for i := range 10_000 {
			progress(i+1, 10_000)
		}
		looped <- struct{}{}
		<-release
		return nil
	}, func(err error) { finished <- err })
	<-looped
	if bar := progressBar(t, w); bar.Value != 10_000 || !hasLabel(w.Canvas(), "已完成 10000 / 10000") {
		t.Fatalf("last report not shown: bar at %v", bar.Value)
	}
	close(release)
	if err := waitFor(t, finished); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRunJobReports measures one progress report of a job that
// reports very often: the window is not updated for each (each update lays
// out text).
func BenchmarkRunJobReports(b *testing.B) {
	w := newWindow(b, widget.NewLabel("工作台"), 600, 400)
	finished := make(chan error, 1)
	RunJob(w, "导入", func(ctx context.Context, progress func(int, int)) error {
		n := b.N
		b.ResetTimer()
		for i := range n {
			progress(i+1, n)
		}
		b.StopTimer()
		return nil
	}, func(err error) { finished <- err })
	if err := <-finished; err != nil {
		b.Fatal(err)
	}
}

func TestShowError(t *testing.T) {
	w := jobWindow(t)
	ShowError(w, fmt.Errorf("store: unit: %w", data.ErrNotFound))
	if !hasRichText(w.Canvas(), "记录不存在或已删除") {
		t.Fatal("message not shown")
	}
	if !hasLabel(w.Canvas(), "错误") && !hasRichText(w.Canvas(), "错误") {
		t.Fatal("dialog title not Chinese")
	}
	ShowError(w, nil) // nothing to say
}

// hasRichText reports whether a visible rich text (dialog message) shows s.
func hasRichText(c fyne.Canvas, s string) bool {
	return len(find(c, func(r *widget.RichText) bool { return r.String() == s })) > 0
}

func TestRunJobCancelledFailureIsQuiet(t *testing.T) {
	w := jobWindow(t)
	started := make(chan struct{})
	finished := make(chan error, 1)
	RunJob(w, "导出", func(ctx context.Context, _ func(int, int)) error {
		close(started)
		<-ctx.Done()
		return errors.New("sqlite: interrupted") // not wrapping ctx.Err()
	}, func(err error) { finished <- err })
	<-started
	test.Tap(button(t, w.Canvas(), "取消"))
	if err := waitFor(t, finished); err == nil {
		t.Fatal("done got no error")
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("an error dialog after the user cancelled")
	}
}
