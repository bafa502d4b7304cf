package kit

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// WaitForLedger waits off the UI thread, as long as ctx allows, until the
// ledger takes writes again; the shell sets it (the store's
// WaitForWriter). A window's writes do not queue behind an import or
// another program's write (store.Briefly): a form's save that found the
// ledger taken (data.ErrWriterBusy) waits through WaitForLedger with a
// notice and saves again.
var WaitForLedger func(ctx context.Context) error

// saveWhenFree waits for the ledger under a notice the user may cancel,
// then saves again; the notice is modal, so what was typed stays as it is
// meanwhile.
func (f *Form) saveWhenFree(busy error) {
	win, wait := f.window(), WaitForLedger
	if wait == nil || win == nil {
		f.ShowError(busy)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	finished := false
	text := NewWrapLabel("台账正被另一项工作（如导入）或其他程序占用。保存将在它结束后自动进行，填写的内容不会丢失。")
	d := dialog.NewCustom("正在等待保存", "取消保存", container.NewVBox(text, widget.NewProgressBarInfinite()), win)
	d.SetOnClosed(func() {
		cancel()
		if !finished {
			f.setFormMessage("未保存：已取消等待。填写的内容仍在，可稍后再按“保存”。")
		}
	})
	d.Resize(fyne.NewSize(440, d.MinSize().Height))
	d.Show()
	OffUI(func() {
		err := wait(ctx)
		fyne.Do(func() {
			if ctx.Err() != nil {
				return // cancelled: the notice's closing said so
			}
			finished = true
			d.Hide()
			if err != nil {
				f.ShowError(err)
				return
			}
			f.Save()
		})
	})
}

// window is the window the form is shown in, if any.
func (f *Form) window() fyne.Window {
	c := fyne.CurrentApp().Driver().CanvasForObject(f.root)
	if c == nil {
		return nil
	}
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		if w.Canvas() == c {
			return w
		}
	}
	return nil
}
