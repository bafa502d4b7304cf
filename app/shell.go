// Package app is the 效能台账 workbench: the main window, its navigation
// and the screens of the office's daily work.
package app

import (
	"context"
	"strings"
	"sync/atomic"
	"time"
	"xiaoneng/app/screens/actions"
	"xiaoneng/app/screens/appraisals"
	"xiaoneng/app/screens/audit"
	"xiaoneng/app/screens/complaints"
	"xiaoneng/app/screens/dashboard"
	"xiaoneng/app/screens/documents"
	"xiaoneng/app/screens/field"
	"xiaoneng/app/screens/people"
	"xiaoneng/app/screens/rectification"
	"xiaoneng/app/screens/rounds"
	"xiaoneng/app/screens/settings"
	"xiaoneng/app/screens/stats"
	"xiaoneng/app/screens/tasks"
	"xiaoneng/app/screens/units"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// screen is one entry of the navigation column.
type screen = host.Screen

// screenDef registers a screen in the navigation column.
type screenDef struct {
	title string
	icon  fyne.Resource
	build func(host.Host) screen
	// perms are the permissions of which a user needs one to see the
	// screen; none: reading the ledger.
	perms []data.Permission
}

// navigation is the navigation column, in order. A screen is listed here
// once it exists; the screens of later work (督查检查 and 问题整改 after
// 单位, then 效能投诉, 文书, 责任追究, 统计考核) each join with one line.
func navigation() []screenDef {
	return []screenDef{
		{"工作台", fynetheme.HomeIcon(), func(h host.Host) screen { return dashboard.New(h) }, nil},
		{"单位", fynetheme.StorageIcon(), func(h host.Host) screen { return units.New(h) }, nil},
		{"督查检查", fynetheme.SearchIcon(), func(h host.Host) screen { return rounds.New(h) }, nil},
		{"问题整改", fynetheme.ErrorIcon(), func(h host.Host) screen { return rectification.New(h) }, nil},
		{"效能投诉", fynetheme.MailComposeIcon(), func(h host.Host) screen { return complaints.New(h) }, nil},
		{"文书", fynetheme.DocumentIcon(), func(h host.Host) screen { return documents.New(h) }, nil},
		{"督办事项", fynetheme.ListIcon(), func(h host.Host) screen { return tasks.New(h) }, nil},
		{"评议", fynetheme.GridIcon(), func(h host.Host) screen { return appraisals.New(h) }, nil},
		{"责任追究", fynetheme.WarningIcon(), func(h host.Host) screen { return actions.New(h) }, nil},
		{"统计考核", fynetheme.InfoIcon(), func(h host.Host) screen { return stats.New(h) }, nil},
		{"外勤", fynetheme.MailSendIcon(), func(h host.Host) screen { return field.New(h) },
			[]data.Permission{data.PermSupervision, data.PermFieldWork}},
		{"审计日志", fynetheme.HistoryIcon(), func(h host.Host) screen { return audit.New(h) }, []data.Permission{data.PermAudit}},
		{"人员", fynetheme.AccountIcon(), func(h host.Host) screen { return people.New(h) }, nil},
		{"设置", fynetheme.SettingsIcon(), func(h host.Host) screen { return settings.New(h) },
			[]data.Permission{data.PermSettings, data.PermUsers, data.PermBackup}},
	}
}

// Workbench is the main window over one open ledger.
type Workbench struct {
	app fyne.App
	win fyne.Window
	db  *store.DB
	ctx context.Context

	defs    []screenDef
	screens []screen // built on first selection, per ledger
	current int
	nav     *widget.List
	body    *fyne.Container
	office  string // the office name in the title bar
	// banner says, on a field ledger, which office and rounds it belongs
	// to and when it last exchanged; hidden on an office ledger.
	banner *kit.Banner

	// running counts the background jobs under way: the ledger is not
	// closed under them.
	running atomic.Int32
	// startPath is the ledger the program was started with, for the
	// first-start choices; closeErr is what closing the ledger at the end
	// returned.
	startPath string
	closeErr  error
	// follow refreshes the screen shown after changes made elsewhere.
	follow parts.Follower
	// login is this desktop's way to the office's server (server.go).
	login *host.ServerLogin
	// backupNote says in the status bar that automatic backups fail.
	backupNote *widget.Label

	session
}

// defaultWindow is the size the main window opens at.
var defaultWindow = fyne.NewSize(1240, 640)

// NewWorkbench builds the main window over db. With a nil db the window
// offers to create or open a ledger (see showStart).
func NewWorkbench(a fyne.App, db *store.DB) *Workbench {
	// the window's writes never queue on its UI thread (kit.Form waits off it)
	w := &Workbench{app: a, ctx: store.Briefly(context.Background()), current: -1, defs: navigation()}
	w.login = host.NewServerLogin(a.Preferences(), host.SecretsDir(a))
	w.follow = parts.Follower{Every: watchEvery, UI: onUI, Changed: w.refreshShown}
	w.now = time.Now
	w.win = a.NewWindow("效能台账")
	// Smaller than the work area of a 1280×720 screen with its taskbar (and
	// so of the common 1366×768 laptop): the window opens whole on any office
	// screen; a larger screen maximises it.
	w.win.Resize(defaultWindow)
	w.win.SetCloseIntercept(w.quit)
	w.body = container.NewStack()
	w.backupNote = widget.NewLabel("")
	w.backupNote.Importance = widget.DangerImportance
	w.backupNote.Truncation = fyne.TextTruncateEllipsis
	w.backupNote.Hide()
	w.nav = widget.NewList(
		func() int { return len(w.defs) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(fynetheme.HomeIcon()), widget.NewLabel("统计考核"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(w.defs[id].icon)
			row.Objects[1].(*widget.Label).SetText(w.defs[id].title)
		})
	w.nav.OnSelected = func(id widget.ListItemID) {
		if id == w.current {
			return
		}
		w.leaveThen(func() { w.show(id) }, func() { w.selectNav(w.current) })
	}
	if db != nil {
		w.setLedger(db)
	} else {
		w.showStart("", nil)
	}
	return w
}

// Window is the main window.
func (w *Workbench) Window() fyne.Window { return w.win }

// DB is the open ledger, or nil while none is open. A screen asks for it
// when the user does something: that counts as activity for the idle lock.
func (w *Workbench) DB() *store.DB {
	w.touch()
	return w.db
}

// Context is the context of the ledger's calls.
func (w *Workbench) Context() context.Context { return w.ctx }

// MenuChanged rebuilds the menu bar for the screen shown.
func (w *Workbench) MenuChanged() { w.setMenu() }

// SettingsChanged shows the saved office name in the title bar.
func (w *Workbench) SettingsChanged() { w.refreshTitle() }

// setLedger makes db the open ledger (closing the one before) and shows
// its 工作台 when a user is signed in to it, else the sign-in (showGate).
func (w *Workbench) setLedger(db *store.DB) {
	w.follow.Stop()
	if w.db != nil && w.db != db {
		if err := w.db.Close(); err != nil {
			fyne.LogError("closing the previous ledger", err)
		}
	}
	if w.lock != nil {
		w.lock.Hide()
		w.lock = nil
	}
	w.db, kit.WaitForLedger = db, db.WaitForWriter
	if w.signedIn() {
		w.showWorkbench()
		return
	}
	w.showGate()
}

// refreshTitle shows "效能台账 — 文件名 — 办公室名称" (read again after the
// settings are saved).
func (w *Workbench) refreshTitle() {
	title := []string{"效能台账"}
	if w.db != nil {
		title = append(title, parts.LedgerName(w.db.Path()))
	}
	if w.signedIn() {
		if s, err := w.db.Settings(w.ctx); err != nil {
			fyne.LogError("reading the office name", err)
		} else {
			w.office = s.OfficeName
			title = append(title, s.OfficeName)
		}
	}
	w.win.SetTitle(strings.Join(title, " — "))
}

// show selects screen id, building it on first use.
func (w *Workbench) show(id int) {
	if w.screens[id] == nil {
		w.screens[id] = w.defs[id].build(w)
	}
	w.current = id
	w.selectNav(id)
	s := w.screens[id]
	w.body.Objects = []fyne.CanvasObject{s.View()}
	w.body.Refresh()
	s.Shown()
	w.setMenu()
}

// showScreen selects the screen with the given navigation title, asking
// first if the current one has unsaved changes, then runs then (if not
// nil) with the screen.
func (w *Workbench) showScreen(title string, then func(screen)) {
	for id, d := range w.defs {
		if d.title == title {
			w.leaveThen(func() {
				w.show(id)
				if then != nil {
					then(w.screens[id])
				}
			}, func() {})
			return
		}
	}
}

// showOn shows the screen titled title and, once shown, runs do on it: the
// one way a link elsewhere lands on a record or a list there.
func showOn[S screen](w *Workbench, title string, do func(S)) {
	w.showScreen(title, func(sc screen) {
		if s, ok := sc.(S); ok {
			do(s)
		}
	})
}

// openOn is showOn for a screen with a form: do runs once the form's
// unsaved changes are given up, so that opening a record never drops them
// unasked.
func openOn[S interface {
	screen
	host.Leaver
}](w *Workbench, title string, do func(S)) {
	showOn(w, title, func(s S) { s.ConfirmLeave(func() { do(s) }) })
}

// selectNav marks id in the navigation column without triggering a switch.
func (w *Workbench) selectNav(id int) {
	handler := w.nav.OnSelected
	w.nav.OnSelected = nil
	if id >= 0 {
		w.nav.Select(id)
	} else {
		w.nav.UnselectAll()
	}
	w.nav.OnSelected = handler
}

// leaveThen runs leave once the current screen agrees to be left; stay
// runs when the user chooses to stay.
func (w *Workbench) leaveThen(leave, stay func()) {
	cur := w.currentScreen()
	l, ok := cur.(host.Leaver)
	if !ok {
		leave()
		return
	}
	left := false
	l.ConfirmLeave(func() { left = true; leave() })
	if !left {
		// The question is being asked: until it is answered the selection
		// stays where it was.
		stay()
	}
}

func (w *Workbench) currentScreen() screen {
	if w.current < 0 || w.screens == nil {
		return nil
	}
	return w.screens[w.current]
}

// setMenu builds the menu bar for the current screen: the record items
// (new, save, print, search) are there only when the screen offers them.
func (w *Workbench) setMenu() {
	var items []*fyne.MenuItem
	if w.signedIn() {
		s := w.currentScreen()
		items = host.MenuItems(s)
		if _, ok := s.(host.Importable); ok {
			items = append(items, fyne.NewMenuItem("从Excel导入…", w.importShown), fyne.NewMenuItem("最近的导入…", w.showImports))
		}
		if _, ok := s.(host.Exporter); ok && w.db.May(data.PermExport) {
			items = append(items, fyne.NewMenuItem("导出Excel…", func() { w.exportShown() }))
		}
		if len(items) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
	}
	items = append(items,
		fyne.NewMenuItem("打开台账…", w.openLedgerDialog),
		fyne.NewMenuItem("新建台账…", w.newLedgerDialog),
		fyne.NewMenuItem("连接单位服务器…", func() { parts.ShowServerDialog(w) }),
		fyne.NewMenuItem("打开外勤包…", w.openFieldPackage))
	if w.signedIn() {
		if w.db.May(data.PermBackup) {
			items = append(items, fyne.NewMenuItem("备份台账…", w.Backup))
		}
		items = append(items, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("锁定工作台", w.lockNow), fyne.NewMenuItem("退出登录（切换用户）", w.signOut))
	}
	quit := fyne.NewMenuItem("退出", w.quit)
	quit.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(), quit)

	file := fyne.NewMenu("文件", items...)
	help := fyne.NewMenu("帮助", fyne.NewMenuItem("关于效能台账", w.showAbout))
	w.win.SetMainMenu(fyne.NewMainMenu(file, help))
}

// RunJob runs work in the background with a progress window
// (kit.RunJob), counting it as running until done has run.
func (w *Workbench) RunJob(title string, work func(ctx context.Context, progress func(done, total int)) error, done func(err error)) {
	w.running.Add(1)
	kit.RunJob(w.win, title, work, func(err error) {
		defer w.running.Add(-1)
		done(err)
	})
}

// quit closes the window once unsaved changes are dealt with and no
// background job is using the ledger.
func (w *Workbench) quit() {
	if w.running.Load() > 0 {
		dialog.ShowInformation("请稍候", "后台任务尚未完成，请等待其完成或取消后再退出。", w.win)
		return
	}
	w.leaveThen(func() {
		w.follow.Stop()
		if w.db != nil {
			w.closeErr = w.db.Close()
			w.db = nil
		}
		w.win.Close()
	}, func() {})
}
