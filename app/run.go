package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/native"
	"xiaoneng/app/parts"
	"xiaoneng/app/theme"
	"xiaoneng/assets"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// AppID is the application's identity, as in FyneApp.toml.
const AppID = "cn.gov.xiaoneng.ledger"

// Run shows the workbench over the ledger at dbPath until the user quits.
// When there is no ledger at dbPath the window offers to create an empty
// one there or to open the demo county. Unless the ledger was given
// (-db), a desktop connected to the office's server opens its ledger
// there.
func Run(dbPath string, given bool) error {
	if err := checkGraphics(); err != nil {
		return err
	}
	a := fyneapp.NewWithID(AppID)
	a.Settings().SetTheme(theme.New())
	a.SetIcon(assets.Icon)
	w := NewWorkbench(a, nil)
	w.startPath = dbPath
	// Without a Chinese font the window shows boxes: say what to install
	// where it can be read (the system's message box draws Chinese with
	// Windows' own font linking; elsewhere the terminal, and a dialog whose
	// install command at least is legible).
	fontHint := theme.MissingFont()
	if fontHint != "" {
		fmt.Fprintln(os.Stderr, fontHint)
		if native.Alert("缺少中文字体", fontHint) {
			fontHint = ""
		}
	}
	a.Lifecycle().SetOnStarted(func() {
		w.watchIdle()
		w.openOrStart(w.login.StartPath(dbPath, given))
		if fontHint != "" {
			dialog.ShowInformation("缺少中文字体", fontHint, w.win)
		}
	})
	w.win.ShowAndRun()
	w.follow.Stop()
	if w.db != nil { // the program ended another way than through quit
		w.closeErr = w.db.Close()
	}
	return w.closeErr
}

// openOrStart opens the ledger at path, or shows the first-start choices
// when there is none.
func (w *Workbench) openOrStart(path string) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && !store.IsServer(path) {
		w.showStart(path, nil)
		return
	}
	w.openLedger(path, false, nil)
}

// openLedger opens (or creates) the ledger at path off the UI thread, since
// opening may migrate a large ledger, and makes it the open one; then runs
// after it is shown (it may be nil). On failure the ledger open before stays.
func (w *Workbench) openLedger(path string, create bool, then func()) {
	var db *store.DB
	w.RunJob("正在打开台账", func(ctx context.Context, _ func(done, total int)) error {
		if create && !store.IsServer(path) {
			// The default ledger's folder may not exist yet on a new machine.
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return fmt.Errorf("创建文件夹 %s: %w", filepath.Dir(path), err)
			}
		}
		var err error
		db, err = store.Open(ctx, path, w.ledgerOptions(path, create))
		return err
	}, func(err error) {
		if err != nil { // RunJob has told the user
			if w.db == nil {
				w.showStart(path, err)
			}
			return
		}
		w.afterSignIn = then
		w.setLedger(db)
		if db.BackupPath != "" {
			dialog.ShowInformation("台账已升级",
				fmt.Sprintf("台账已升级到本版本的格式，升级前的副本保存在：\n%s", db.BackupPath), w.win)
		}
	})
}

// ledgerOptions are the workbench's for the ledger at path: the day's
// automatic backup is made while the workbench is open; one that fails is
// said in the status bar until one succeeds (the next hour tries again).
func (w *Workbench) ledgerOptions(path string, create bool) store.Options {
	return store.Options{Create: create, AutoBackup: true,
		OnBackup: func(err error) { fyne.Do(func() { w.showBackupOutcome(path, err) }) }}
}

// openLedgerDialog lets the user pick another ledger file to open.
func (w *Workbench) openLedgerDialog() {
	kit.ChooseFile(w.win, "打开台账", kit.ChooseOpen, w.ledgerDir(), "", ".db", nil, func(path string) {
		w.leaveThen(func() { w.openLedger(path, false, nil) }, func() {})
	})
}

// newLedgerDialog creates an empty ledger in a new file and opens it at the
// 设置 screen, where the office enters its name first.
func (w *Workbench) newLedgerDialog() {
	kit.ChooseFile(w.win, "新建台账", kit.ChooseSave, w.ledgerDir(), "效能台账.db", ".db", kit.MustNotExist, func(path string) {
		w.leaveThen(func() { w.createLedger(path) }, func() {})
	})
}

func (w *Workbench) createLedger(path string) {
	w.openLedger(path, true, func() { w.showScreen("设置", nil) })
}

// ledgerDir is where file choosers start: beside the open ledger, or the
// folder of the path the program was started with.
func (w *Workbench) ledgerDir() string {
	if w.db != nil {
		return filepath.Dir(w.db.Path())
	}
	if w.startPath != "" {
		if dir := filepath.Dir(w.startPath); kit.DirExists(dir) {
			return dir
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return "."
}

// Backup asks where to write a backup, proposing the backup folder.
// RestoreBackup closes the ledger, puts the backup in its place
// (store.Restore keeps the ledger as an automatic backup first) and opens
// it again — restored, or as it was when the restore was refused.
func (w *Workbench) RestoreBackup(backup string) {
	if err := w.db.Allow(data.PermBackup); err != nil {
		kit.ShowError(w.win, err)
		return
	}
	path := w.db.Path()
	w.leaveThen(func() {
		w.follow.Stop()
		if err := w.db.Close(); err != nil {
			fyne.LogError("closing the ledger to restore a backup", err)
		}
		var kept store.AutoBackup
		w.RunJob("正在恢复备份", func(ctx context.Context, _ func(done, total int)) error {
			var err error
			kept, err = store.Restore(ctx, path, backup)
			return err
		}, func(err error) {
			w.openLedger(path, false, func() {
				if err == nil && kept.Path != "" {
					dialog.ShowInformation("已恢复备份", fmt.Sprintf("已用备份恢复台账。恢复前的台账已保存为：\n%s", kept.Path), w.win)
				}
			})
		})
	}, func() {})
}

func (w *Workbench) Backup() {
	dir := host.BackupFolder(w)
	if !kit.DirExists(dir) {
		dir = filepath.Dir(w.db.Path())
	}
	kit.ChooseFile(w.win, "备份台账", kit.ChooseSave, dir, parts.BackupName(dir, host.Today()), ".db", kit.MustNotExist, w.backupTo)
}

// backupTo writes a copy of the open ledger to path.
func (w *Workbench) backupTo(path string) {
	db := w.db
	w.RunJob("正在备份台账", func(ctx context.Context, _ func(done, total int)) error {
		return db.Backup(ctx, path)
	}, func(err error) {
		if err != nil { // RunJob has told the user
			return
		}
		dialog.ShowInformation("备份完成", "台账已备份到：\n"+path, w.win)
	})
}

// showBackupOutcome says in the status bar that the automatic backup of the
// ledger at path failed, and why, until one succeeds: the office must not
// learn from a lost disk that its backups stopped weeks ago.
func (w *Workbench) showBackupOutcome(path string, err error) {
	if w.db == nil || w.db.Path() != path {
		return // told by a ledger closed since
	}
	if err == nil {
		w.backupNote.Hide()
		return
	}
	fyne.LogError("automatic backup", err)
	w.backupNote.SetText(fmt.Sprintf("自动备份失败（%s）：%s 台账本身未受影响；请检查备份所在的磁盘，或在“设置 → 备份与恢复”中立即备份。",
		w.now().Format("1月2日15:04"), data.UserMessage(err)))
	w.backupNote.Show()
}
