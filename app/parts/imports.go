package parts

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/data/store"
)

// Imports from Excel are batches the user can undo (store.UndoImport):
// from the summary an import ends with, and from the list of recent
// imports (文件 → 最近的导入…).

// recentImports is how many of the latest imports the list shows.
const recentImports = 50

// ImportDone shows what an import did (summary) with 撤销本次导入 for its
// batch; changed runs once the batch is undone (the screen shown reloads).
func ImportDone(h host.Host, summary string, batch int64, changed func()) {
	var dlg *dialog.CustomDialog
	undo := widget.NewButton("撤销本次导入…", func() {
		confirmUndo(h, batch, "本次导入", func() {
			dlg.Hide()
			changed()
		})
	})
	body := container.NewVBox(widget.NewLabel(summary),
		widget.NewLabel(fmt.Sprintf("本次导入为第%d批；导入错了可以撤销（文件 → 最近的导入…中也可以）。", batch)))
	dlg = dialog.NewCustomWithoutButtons("导入完成", body, h.Window())
	dlg.SetButtons([]fyne.CanvasObject{undo, widget.NewButton("关闭", func() { dlg.Hide() })})
	dlg.Show()
}

// confirmUndo asks before undoing batch (named what), undoes it in the
// background and says so; changed runs after.
func confirmUndo(h host.Host, batch int64, what string, changed func()) {
	msg := fmt.Sprintf("撤销%s（第%d批）将删除它新增的全部记录，删除记入审计日志。\n该批的记录导入后已被办理、修改或引用时不能撤销。确定撤销吗？", what, batch)
	dialog.ShowConfirm("撤销导入", msg, func(ok bool) {
		if !ok {
			return
		}
		var b store.ImportBatch
		h.RunJob(fmt.Sprintf("正在撤销第%d批导入", batch), func(ctx context.Context, _ func(done, total int)) error {
			var err error
			b, err = h.DB().UndoImport(ctx, batch)
			return err
		}, func(err error) {
			if err != nil {
				return // RunJob said why
			}
			// first: hiding a dialog hides those above it too
			changed()
			dialog.ShowInformation("已撤销导入", fmt.Sprintf("已撤销第%d批导入，删除了该批新增的%d条%s。", b.ID, b.Added, b.KindLabel()), h.Window())
		})
	}, h.Window())
}

// ShowImports lists the latest imports, newest first, each with 撤销 while
// it stands; changed runs after one is undone.
func ShowImports(h host.Host, changed func()) {
	list, err := h.DB().ImportBatches(h.Context(), recentImports)
	if err != nil {
		dialog.ShowError(err, h.Window())
		return
	}
	var dlg *dialog.CustomDialog
	rows := container.NewVBox()
	if len(list) == 0 {
		rows.Add(widget.NewLabel("还没有从Excel导入过。"))
	}
	for _, b := range list {
		text := fmt.Sprintf("第%d批  %s  %s %d条  %s  %s导入", b.ID, b.At.Format("2006-01-02 15:04"), b.KindLabel(), b.Added, b.Source, b.Actor)
		var action fyne.CanvasObject
		if b.UndoneAt.IsZero() {
			action = widget.NewButton("撤销…", func() {
				confirmUndo(h, b.ID, "这批导入", func() {
					dlg.Hide()
					changed()
				})
			})
		} else {
			action = widget.NewLabel(fmt.Sprintf("已于%s由%s撤销", b.UndoneAt.Format("2006-01-02 15:04"), b.UndoneBy))
		}
		rows.Add(container.NewHBox(widget.NewLabel(text), layout.NewSpacer(), action))
	}
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(760, 360))
	dlg = dialog.NewCustom("最近的导入", "关闭", scroll, h.Window())
	dlg.Show()
}
