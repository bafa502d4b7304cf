package kit

import (
	"context"
	"errors"
	"fmt"
	"log"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

// RunJob runs work in a goroutine behind a modal window titled title, with a
// progress bar and a 取消 button that cancels work's context. work reports
// progress through progress(done, total) as often as it likes; the window
// is updated in half-percent steps, through fyne.Do. When work ends the
// window closes; an error other than cancellation is shown as a Chinese
// sentence (details in the log), and done, if not nil, runs on the UI
// thread with work's error (context.Canceled when the user cancelled).
func RunJob(w fyne.Window, title string, work func(ctx context.Context, progress func(done, total int)) error, done func(err error)) {
	ctx, cancel := context.WithCancel(context.Background())

	status := widget.NewLabel("正在处理，请稍候……")
	waiting := widget.NewProgressBarInfinite()
	bar := widget.NewProgressBar()
	bar.Hide()
	var cancelBtn *widget.Button
	var cancelled atomic.Bool // by the user
	cancelBtn = widget.NewButton("取消", func() {
		cancelled.Store(true)
		cancelBtn.Disable()
		status.SetText("正在取消……")
		cancel()
	})
	content := container.NewVBox(status, waiting, bar, container.NewCenter(cancelBtn))
	d := dialog.NewCustomWithoutButtons(title, content, w)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()

	var (
		mu        sync.Mutex
		cur, of   int
		shownStep = -1 // the half-percent step on screen
		pending   atomic.Bool
	)
	step := func(n, total int) int {
		if total <= 0 {
			return 0
		}
		return min(max(n, 0), total) * 200 / total
	}
	progress := func(n, total int) {
		// A job may report thousands of times a second: the window moves in
		// half-percent steps (200 updates at most, and the last report), and
		// never has a second update queued while one is pending.
		mu.Lock()
		cur, of = n, total
		same := step(n, total) == shownStep && n != total
		mu.Unlock()
		if same || !pending.CompareAndSwap(false, true) {
			return
		}
		fyne.Do(func() {
			mu.Lock()
			n, total := cur, of
			shownStep = step(n, total)
			mu.Unlock()
			pending.Store(false)
			if total <= 0 || ctx.Err() != nil {
				return
			}
			if !bar.Visible() {
				waiting.Stop()
				waiting.Hide()
				bar.Show()
				content.Refresh()
			}
			bar.Max = float64(total)
			bar.SetValue(float64(min(n, total)))
			status.SetText(fmt.Sprintf("已完成 %d / %d", n, total))
		})
	}

	go func() {
		err := runWork(ctx, work, progress)
		cancel()
		fyne.Do(func() {
			waiting.Stop()
			d.Hide()
			switch {
			case errors.Is(err, context.Canceled), err != nil && cancelled.Load():
				// Whatever a cancelled job fails with, the user asked for it.
				log.Printf("job %q: cancelled: %v", title, err)
			case err != nil:
				ShowError(w, fmt.Errorf("%s: %w", title, err))
			}
			if done != nil {
				done(err)
			}
		})
	}()
}

// runWork calls work, turning a panic into an error so that a bug in a job
// closes its window and is reported instead of killing the program.
func runWork(ctx context.Context, work func(context.Context, func(int, int)) error, progress func(int, int)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("job panic: %v\n%s", r, debug.Stack())
			err = fmt.Errorf("job panic: %v", r)
		}
	}()
	return work(ctx, progress)
}

// ShowError tells the user what went wrong in one Chinese sentence
// (data.UserMessage) and writes the details to the log.
func ShowError(w fyne.Window, err error) {
	if err == nil {
		return
	}
	log.Printf("error: %v", err)
	dialog.ShowError(errors.New(data.UserMessage(err)), w)
}

// OffUI runs slow work (decoding pictures, reading long lists, counting
// figures) off the UI thread; the work hands its result to the UI through
// fyne.Do. Tests run it in place: Fyne's test driver runs fyne.Do on the
// calling goroutine, not on a UI thread.
var OffUI = func(work func()) { go work() }
