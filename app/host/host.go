// Package host is what a screen of the workbench knows of the window it is
// shown in: the Host (the window, the open ledger, background jobs and the
// way to the other screens) and the interfaces through which a screen
// offers the shell its menu items. Screens import host, never each other;
// the shell (package app) implements Host and registers the screens.
package host

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports"
	"xiaoneng/reports/importer"
)

// Host is the workbench as a screen sees it.
type Host interface {
	Window() fyne.Window
	// DB is the open ledger.
	DB() *store.DB
	// Context is the context of the ledger's calls.
	Context() context.Context
	// RunJob runs work in the background with a progress window
	// (kit.RunJob); the ledger is not closed under it before done has run.
	RunJob(title string, work func(ctx context.Context, progress func(done, total int)) error, done func(err error))
	// MenuChanged rebuilds the menu bar: a screen whose offers changed
	// (保存 comes and goes with a tab) calls it.
	MenuChanged()
	// SettingsChanged shows the office name saved in the settings in the
	// title bar.
	SettingsChanged()
	// Backup asks where to write a backup of the ledger and writes it.
	Backup()
	// RestoreBackup puts the backup at path in the ledger's place (the
	// user has been told what will be lost): the ledger is closed,
	// restored and opened again.
	RestoreBackup(path string)
	// Server is this desktop's way to the office's server.
	Server() *ServerLogin
	// ConnectServer opens the office's ledger on server s (asking first
	// about unsaved changes) and keeps s for the next start; the error is
	// an address it could not keep.
	ConnectServer(s store.Server) error
	// ExchangeChanged follows a field package written or imported: a
	// field ledger's banner says when it last exchanged.
	ExchangeChanged()

	Navigator
}

// Navigator opens the other screens: each call selects a screen (asking
// first when the one shown has unsaved changes) and shows a record or a
// list there. A screen reaches another only through these.
type Navigator interface {
	OpenUnit(id string)
	// EditVisit opens a recorded visit for changing on 督查检查.
	EditVisit(v *data.Visit)
	OpenFinding(id string)
	// ShowFindings shows 问题整改 with its chip labelled chip chosen.
	ShowFindings(chip string)
	// OpenComplaint shows a complaint's view on 效能投诉.
	OpenComplaint(c *data.Complaint)
	// ShowComplaints shows the 效能投诉 register on the tab labelled state
	// (one of the Complaint… constants).
	ShowComplaints(state string)
	// ShowComplaintsIn shows the register over the days from..to, on the
	// tab labelled state ("" keeps the tab).
	ShowComplaintsIn(from, to data.Date, state string)
	OpenDocument(id string)
	// ShowDocuments shows 文书 with its chip labelled chip chosen.
	ShowDocuments(chip string)
	OpenTask(id string)
	// ShowTasks shows 督办事项 with its chip labelled chip chosen.
	ShowTasks(chip string)
	OpenAction(a *data.Action)
	// EditCalendarYear shows the 节假日安排 of year in 设置.
	EditCalendarYear(year int)
}

// The tabs of the 效能投诉 register that other screens open it on.
const (
	ComplaintsAll      = "全部"
	ComplaintsPending  = "待受理"
	ComplaintsHandling = "办理中"
	ComplaintsDueSoon  = "临近到期"
	ComplaintsOverdue  = "已超期"
)

// The chips of the lists that other screens open them on: 文书 (ShowDocuments),
// 督办事项 (ShowTasks) and 问题整改 (ShowFindings).
const (
	DocumentsReplyOverdue = "回复逾期"
	TasksUnsigned         = "待签收"
	TasksDueSoon          = "临近到期"
	TasksOverdue          = "已超期"
	TasksReported         = "待验收"
	FindingsDueSoon       = "临近到期"
	FindingsOverdue       = "已超期"
)

// Screen is one entry of the navigation column.
type Screen interface {
	// View is the screen's content; it is built once per ledger.
	View() fyne.CanvasObject
	// Shown reloads what the screen shows from the ledger; the shell calls
	// it each time the screen is selected.
	Shown()
}

// Refresher is a screen whose lists follow what others change (another
// desktop on the office's server, the command line on the same file):
// while it is shown, the shell calls Refresh when the ledger changed, which
// reloads what it shows and leaves a form with unsaved changes as it is
// (what Shown does on the screens that offer it).
type Refresher interface{ Refresh() }

// What a screen may offer beyond showing itself. The shell puts the matching
// item in the 文件 menu, with its shortcut, only while a screen offering it
// is selected, so that no menu item is ever there without doing something.
type (
	Creator interface {
		CreateLabel() string // e.g. 新建单位
		Create()             // Ctrl+N
	}
	Searcher interface{ FocusSearch() } // Ctrl+F
	Saver    interface{ Save() }        // Ctrl+S
	Printer  interface{ Print() }       // Ctrl+P
	// SaveGate is a Saver whose 保存 applies to part of the screen (the tab
	// shown): the item is offered only while it has something to save.
	SaveGate interface{ CanSave() bool }
	// Leaver asks before the screen is left with unsaved changes: leave is
	// called at once when there are none, after the user agrees otherwise.
	Leaver interface{ ConfirmLeave(leave func()) }
	// Exporter is a screen whose list can be saved as a workbook (导出Excel).
	// A registry's list exports every column of its records (the content,
	// the result and the 回访 of a complaint included), not only those on
	// screen, for the rows its search and filters keep; a table of figures
	// exports as shown. name says what the list holds: the filters applied.
	Exporter interface {
		ExportSheet() (name string, sheet reports.Sheet)
	}
	// Importable is a screen whose records can be imported from the
	// office's Excel 台账 (从Excel导入).
	Importable interface{ ImportKind() importer.Kind }
)

// Today is the office's current day; tests fix it to the store's clock.
var Today = data.Today

// MenuItems are the record items of the 文件 menu that s offers (new, save,
// print, search), each with its shortcut.
func MenuItems(s Screen) []*fyne.MenuItem {
	var items []*fyne.MenuItem
	if c, ok := s.(Creator); ok {
		items = append(items, shortcutItem(c.CreateLabel(), fyne.KeyN, c.Create))
	}
	if sv, ok := s.(Saver); ok {
		if g, gated := s.(SaveGate); !gated || g.CanSave() {
			items = append(items, shortcutItem("保存", fyne.KeyS, sv.Save))
		}
	}
	if p, ok := s.(Printer); ok {
		items = append(items, shortcutItem("打印…", fyne.KeyP, p.Print))
	}
	if f, ok := s.(Searcher); ok {
		items = append(items, shortcutItem("查找", fyne.KeyF, f.FocusSearch))
	}
	return items
}

func shortcutItem(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
	item := fyne.NewMenuItem(label, action)
	item.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	return item
}

// BackupFolder is the settings' backup folder, or the ledger's own.
func BackupFolder(w Host) string {
	s, err := w.DB().Settings(w.Context())
	if err == nil && s.BackupDir != "" {
		return s.BackupDir
	}
	if err != nil {
		fyne.LogError("reading the backup folder", err)
	}
	return filepath.Dir(w.DB().Path())
}
