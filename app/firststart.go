package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/assets"
	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/store"
	"xiaoneng/reports"
)

// demoSeed makes the demo county the same every time it is generated, so
// that training material and screenshots match what users see.
const demoSeed = 2026

// demoFileName is the demo ledger's file, beside the office's own: the
// demo county must never be mixed into the real ledger.
const demoFileName = "演示台账.db"

// showStart fills the window with the first-start choices: create an empty
// ledger at path, open the demo county, or open another file. openErr,
// when not nil, is why the ledger at path could not be opened.
func (w *Workbench) showStart(path string, openErr error) {
	w.startPath = path
	w.screens = nil
	w.current = -1
	w.win.SetTitle("效能台账")

	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(96, 96))
	title := canvas.NewText("欢迎使用效能台账", theme.Color(theme.ColorNameForeground))
	title.TextSize = 2 * theme.TextSize()
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter

	var status *kit.WrapLabel
	switch {
	case openErr != nil && store.IsServer(path):
		status = kit.NewWrapLabel(fmt.Sprintf("无法打开单位服务器上的台账：\n%s\n%s", store.Redact(path), data.UserMessage(openErr)))
	case openErr != nil:
		status = kit.NewWrapLabel(fmt.Sprintf("无法打开台账文件：\n%s\n%s", path, data.UserMessage(openErr)))
	case path != "":
		status = kit.NewWrapLabel(fmt.Sprintf("尚未找到台账文件：\n%s\n请选择新建一个空台账、连接单位服务器，或先打开演示台账熟悉操作。", path))
	default:
		status = kit.NewWrapLabel("尚未打开台账。")
	}
	status.Alignment = fyne.TextAlignCenter

	var buttons []fyne.CanvasObject
	if path != "" && openErr == nil {
		create := widget.NewButton("新建空台账", func() { w.createLedger(path) })
		create.Importance = widget.HighImportance
		buttons = append(buttons, create)
	} else {
		buttons = append(buttons, widget.NewButton("新建台账…", w.newLedgerDialog))
	}
	buttons = append(buttons,
		widget.NewButton("打开演示台账", w.openDemo),
		widget.NewButton("打开其他台账…", w.openLedgerDialog),
		widget.NewButton("连接单位服务器…", func() { parts.ShowServerDialog(w) }),
		// a laptop going out starts from the office's package
		widget.NewButton("用外勤包新建外勤台账…", w.openFieldPackage))

	box := container.NewVBox(container.NewCenter(icon), title, status, container.NewGridWithColumns(1, buttons...))
	w.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 500), box)))
	w.setMenu()
}

// demoPath is where the demo ledger lives: beside the office's ledger.
func (w *Workbench) demoPath() string {
	if w.db == nil && w.startPath != "" {
		return filepath.Join(filepath.Dir(w.startPath), demoFileName)
	}
	return filepath.Join(w.ledgerDir(), demoFileName)
}

// openDemo opens the demo county, generating it first (with a progress
// bar) when it does not exist yet.
func (w *Workbench) openDemo() {
	path := w.demoPath()
	if _, err := os.Stat(path); err == nil {
		w.openLedger(path, false, nil)
		return
	}
	var db *store.DB
	w.RunJob("正在生成演示台账", func(ctx context.Context, progress func(done, total int)) error {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("创建文件夹 %s: %w", filepath.Dir(path), err)
		}
		var err error
		if db, err = store.Open(ctx, path, store.Options{Create: true}); err != nil {
			return err
		}
		if err = demo.Fill(ctx, db, demoSeed, reports.BulletinFigures, progress); err != nil {
			// A half-filled demo would mislead: drop it, so the next try starts clean.
			err = errors.Join(err, db.Close(), removeLedger(path))
			db = nil
		}
		return err
	}, func(err error) {
		if err != nil { // RunJob has told the user
			return
		}
		w.setLedger(db)
	})
}

// removeLedger deletes a ledger file this program has just created, with
// SQLite's companion files.
func removeLedger(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
