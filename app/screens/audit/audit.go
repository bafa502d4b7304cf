// Package audit is the 审计日志 screen: who did what when, as the audit
// chain records it, for the roles data's permission table lets read it.
package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/data/store"
	"xiaoneng/reports"
)

// pageSize is how many rows a page of the log shows: the log only grows,
// so the screen reads it a page at a time.
var pageSize = 500

// Screen is 审计日志: the audit rows newest first, a page at a time,
// filtered by kind, user, days and text; the state of the chain (intact,
// or where it was changed); and the export of the rows the filters keep.
type Screen struct {
	w     host.Host
	root  fyne.CanvasObject
	table *kit.Table[*data.AuditEntry]
	names data.RecordNames // of the records the rows shown refer to

	kind, user *widget.Select
	from, to   *kit.DateEntry
	query      string
	logins     map[string]string // the user filter's choices: label → login

	chain      *kit.WrapLabel
	count      *widget.Label
	prev, next *widget.Button
	export     *widget.Button

	filter   data.AuditFilter   // the filters of the rows shown
	page     int                // from 0
	starts   []int64            // each page's Before, to the page after the one shown
	total    int                // rows the filters keep
	loading  bool               // filters being set in code: one load after
	loads    kit.Latest         // the list's loads: the last started shows
	checking context.CancelFunc // the chain's check under way
	typing   kit.Pause          // the search of the text being typed
}

const (
	anyKind = "全部类别"
	anyUser = "全部用户"
)

func New(w host.Host) *Screen {
	s := &Screen{w: w}
	s.table = kit.NewTable([]kit.Column[*data.AuditEntry]{
		{Title: "序号", Width: 70, Align: fyne.TextAlignTrailing, Text: func(e *data.AuditEntry) string { return fmt.Sprint(e.ID) }},
		{Title: "时间", Width: 150, Text: func(e *data.AuditEntry) string { return e.At.In(data.Zone).Format("2006-01-02 15:04:05") }},
		{Title: "用户", Width: 140, Text: actorText},
		{Title: "类别", Width: 80, Text: func(e *data.AuditEntry) string { return string(e.Action.Kind()) }},
		{Title: "操作", Width: 80, Text: func(e *data.AuditEntry) string { return string(e.Action) }},
		{Title: "对象", Width: 80, Text: func(e *data.AuditEntry) string { return data.RecordKind(e.Table) }},
		{Title: "内容", Width: 300, Grow: true, Shrink: true, Text: func(e *data.AuditEntry) string { return e.Changes(s.names) }},
		{Title: "记录", Width: 120, Shrink: true, Text: func(e *data.AuditEntry) string { return e.RecordName(s.names) }},
		{Title: "设备", Width: 100, Text: func(e *data.AuditEntry) string { return e.Device }},
	}, nil, s.showRecord)
	s.table.Remember("审计日志")
	s.table.QueryWith("搜索登录名、姓名、设备、记录或内容（Ctrl+F）", s.searchTyped)

	s.kind = kit.FilterSelect(anyKind, data.AuditKinds, func(string) { s.reload(0) })
	s.user = widget.NewSelect([]string{anyUser}, func(string) { s.reload(0) })
	s.user.SetSelected(anyUser)
	s.from, s.to = kit.NewDateEntry(), kit.NewDateEntry()
	s.from.OnDateChanged = func(data.Date) { s.reload(0) }
	s.to.OnDateChanged = func(data.Date) { s.reload(0) }
	clearAll := widget.NewButtonWithIcon("清除条件", fynetheme.ContentClearIcon(), s.clearFilters)
	filters := container.NewHBox(widget.NewLabel("类别"), s.kind, widget.NewLabel("用户"), s.user,
		widget.NewLabel("日期"), kit.Wide(dateWidth, s.from), widget.NewLabel("至"), kit.Wide(dateWidth, s.to), clearAll)

	s.chain = kit.NewWrapLabel("")
	verify := widget.NewButtonWithIcon("重新校验", fynetheme.ViewRefreshIcon(), s.verify)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, verify, s.chain), filters)

	s.count = widget.NewLabel("")
	s.prev = widget.NewButtonWithIcon("上一页", fynetheme.NavigateBackIcon(), func() { s.reload(s.page - 1) })
	s.next = widget.NewButtonWithIcon("下一页", fynetheme.NavigateNextIcon(), func() { s.reload(s.page + 1) })
	s.export = widget.NewButtonWithIcon("导出Excel…", fynetheme.DocumentSaveIcon(), func() { s.Export() })
	bottom := container.NewHBox(s.count, s.prev, s.next, layout.NewSpacer(), kit.HintLabel("双击一行查看该记录的全部日志；日志只增不删，程序中无法修改"), s.export)
	s.root = container.NewBorder(top, bottom, nil, nil, s.table.Widget())
	return s
}

// dateWidth fits a typed date with the entry's mark and calendar button.
const dateWidth = 190

// showRecord searches the log for a row's record (a double click, or
// Enter): its every row, and those that name it, such as a merge.
func (s *Screen) showRecord(e *data.AuditEntry) {
	if e.RecordID != "" {
		s.table.SetSearchText(e.RecordID)
	}
}

// actorText names who acted: 王建国（wangjg）, or what was written before
// users existed (a name, a device).
func actorText(e *data.AuditEntry) string {
	if e.ActorName == "" {
		return e.Actor
	}
	return e.ActorName + "（" + e.Actor + "）"
}

func (s *Screen) View() fyne.CanvasObject { return s.root }

// Shown reads the users for the filter, the first page and the chain's state.
func (s *Screen) Shown() {
	s.loadUsers()
	s.reload(0)
	s.verify()
}

func (s *Screen) FocusSearch() { s.table.FocusSearch(s.w.Window()) }

// loadUsers fills the user filter, keeping its choice.
func (s *Screen) loadUsers() {
	users, err := s.w.DB().Users(s.w.Context())
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	s.logins = map[string]string{}
	options := []string{anyUser}
	for _, u := range users {
		label := u.Display()
		s.logins[label] = u.Login
		options = append(options, label)
	}
	chosen := s.user.Selected
	s.loading = true
	s.user.SetOptions(options)
	if _, ok := s.logins[chosen]; !ok {
		chosen = anyUser
	}
	s.user.SetSelected(chosen)
	s.loading = false
}

func (s *Screen) clearFilters() {
	s.loading = true
	s.kind.SetSelected(anyKind)
	s.user.SetSelected(anyUser)
	s.from.SetDate(data.Date{})
	s.to.SetDate(data.Date{})
	s.table.SetSearchText("")
	s.loading = false
	s.reload(0)
}

// searchTyped searches the log once the typing pauses.
func (s *Screen) searchTyped(text string) {
	s.query = text
	s.typing.After(func() { s.reload(0) })
}

// currentFilter is the store query of the filters (a date being typed is
// not one yet), without the page.
func (s *Screen) currentFilter() data.AuditFilter {
	var f data.AuditFilter
	if k := s.kind.Selected; k != anyKind {
		f.Kind = data.AuditKind(k)
	}
	f.Actor = s.logins[s.user.Selected]
	if d, err := s.from.Date(); err == nil {
		f.From = d
	}
	if d, err := s.to.Date(); err == nil {
		f.To = d
	}
	f.Text = s.query
	return f
}

// reload reads page (from 0) of the rows the filters keep, and their
// count, in the background; a load started later wins. A page is read by
// the key it starts below (data.AuditFilter.Before), so the page after the
// last of a long log costs what the first does, and a row written meanwhile
// does not shift the pages.
func (s *Screen) reload(page int) {
	if s.to == nil || s.loading || s.w.DB() == nil {
		return // still being built, or filters being set
	}
	f := s.currentFilter()
	if page < 0 || page >= len(s.starts) {
		page = 0 // a page is reached from the one before or after it
	}
	pf := f
	pf.Limit = pageSize
	if page > 0 {
		pf.Before = s.starts[page]
	}
	ctx, latest := s.loads.Start(s.w.Context())
	db := s.w.DB()
	s.count.SetText("正在读取……")
	kit.OffUI(func() {
		n, err := db.CountAudit(ctx, f)
		var rows []data.AuditEntry
		if err == nil {
			rows, err = db.AuditLog(ctx, pf)
		}
		var names data.RecordNames
		if err == nil {
			names, err = db.AuditNames(ctx, rows)
		}
		fyne.Do(func() {
			if !latest() {
				return // the filters changed meanwhile
			}
			if err != nil {
				s.count.SetText("")
				if !errors.Is(err, context.Canceled) {
					kit.ShowError(s.w.Window(), err)
				}
				return
			}
			list := make([]*data.AuditEntry, len(rows))
			for i := range rows {
				list[i] = &rows[i]
			}
			s.filter, s.page, s.total, s.names = f, page, n, names
			s.starts = append(s.starts[:page], pf.Before)
			if len(rows) > 0 {
				s.starts = append(s.starts, rows[len(rows)-1].ID)
			}
			s.table.SetRows(list)
			s.showCount()
		})
	})
}

// showCount says how many rows the filters keep and which page is shown.
func (s *Screen) showCount() {
	pages := max((s.total+pageSize-1)/pageSize, 1)
	if pages == 1 {
		s.count.SetText(fmt.Sprintf("共%d条", s.total))
	} else {
		s.count.SetText(fmt.Sprintf("共%d条，第%d/%d页（每页%d条，最新的在前）", s.total, s.page+1, pages, pageSize))
	}
	kit.SetVisible(s.prev, pages > 1)
	kit.SetVisible(s.next, pages > 1)
	kit.SetEnabled(s.prev, s.page > 0)
	kit.SetEnabled(s.next, s.page+1 < pages)
	kit.SetEnabled(s.export, s.total > 0)
}

// verify checks the whole chain in the background and says whether it is
// intact or where it was changed.
func (s *Screen) verify() {
	if s.checking != nil {
		s.checking()
	}
	ctx, cancel := context.WithCancel(s.w.Context())
	s.checking = cancel
	db := s.w.DB()
	s.chain.Importance = widget.MediumImportance
	s.chain.SetText("正在校验审计日志……")
	kit.OffUI(func() {
		problems, err := db.VerifyAuditChain(ctx)
		var head store.AuditHead
		if err == nil {
			head, err = db.AuditChainHead(ctx)
		}
		fyne.Do(func() {
			if ctx.Err() == nil { // not overtaken by a check started later
				s.showChain(head, problems, err)
			}
		})
	})
}

func (s *Screen) showChain(head store.AuditHead, problems []string, err error) {
	switch {
	case err != nil:
		s.chain.Importance = widget.DangerImportance
		s.chain.SetText("未能校验审计日志：" + data.UserMessage(err))
	case len(problems) > 0:
		s.chain.Importance = widget.DangerImportance
		for i, p := range problems {
			problems[i] = strings.TrimPrefix(p, "审计日志") // the sentence says it once
		}
		s.chain.SetText("审计日志被绕过本程序改动过：" + strings.Join(problems, "；") + "。请与备份或上次记下的校验值核对，并报告单位负责人。")
	default:
		s.chain.Importance = widget.SuccessImportance
		s.chain.SetText("审计日志完整，未被改动：" + head.String() + "。")
	}
}

// listName names the export after the filters applied.
func (s *Screen) listName() string {
	f := s.filter
	var filters []string
	if f.Kind != "" {
		filters = append(filters, string(f.Kind))
	}
	if f.Actor != "" {
		filters = append(filters, s.user.Selected)
	}
	filters = append(filters, parts.DaysFilter(f.From, f.To))
	filters = append(filters, parts.SearchFilter(f.Text))
	return parts.ListName("审计日志", filters...)
}

// Export asks where to save the rows the filters keep, every page, as a
// workbook; the export writes its own 导出 row in the log first.
func (s *Screen) Export() *kit.FileChooser {
	f := s.filter
	return parts.SaveAs(s.w, "导出审计日志", s.listName()+".xlsx", ".xlsx", func(ctx context.Context, path string) error {
		return atomicfile.Write(path, func(out io.Writer) error { return reports.ExportAuditXLSX(ctx, s.w.DB(), f, out) })
	})
}
