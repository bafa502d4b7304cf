package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data/atomicfile"
	"xiaoneng/reports"
)

// exporter is a screen whose list can be saved as a workbook: the shell
// offers 导出Excel in the 文件 menu while such a screen is selected. A
// registry's list exports every column of its records (the content, the
// result and the 回访 of a ticket included), not only those on screen, for
// the rows its search and filters keep; a table of figures exports as
// shown. name says what the list holds: the filters applied.
type exporter interface {
	exportSheet() (name string, sheet reports.Sheet)
}

func (s *unitsScreen) exportSheet() (string, reports.Sheet) {
	return listName("单位", s.categoryFilter.Selected, s.statusFilter.Selected, searchFilter(s.table.Query())),
		reports.UnitSheet(s.table.Visible(), s.all)
}

func (s *complaintsScreen) exportSheet() (string, reports.Sheet) {
	return s.listName(), reports.ComplaintSheet(s.table.Visible(), s.cal, today(), false)
}

func (s *statsScreen) exportSheet() (string, reports.Sheet) {
	switch s.tabs.SelectedIndex() {
	case 2:
		name := s.period.Label() + "各单位情况"
		return name, shownSheet(name, s.units)
	case 3:
		name := s.period.Label() + "考核排名"
		return name, shownSheet(name, s.ranking)
	}
	name := s.period.Label() + "监督检查"
	if s.stats == nil {
		return name, reports.Sheet{}
	}
	return name, textSheet(name, kindTitles, kindRows(s.stats))
}

// shownSheet is a table of figures as shown.
func shownSheet[T any](name string, t *widgets.Table[T]) reports.Sheet {
	titles, rows := t.Export()
	return textSheet(name, titles, rows)
}

// textSheet is a worksheet of texts: numbers kept as written (编号, phone
// numbers) stay text.
func textSheet(name string, titles []string, rows [][]string) reports.Sheet {
	sheet := reports.Sheet{Name: name, Columns: make([]reports.Column, len(titles))}
	for i, t := range titles {
		sheet.Columns[i] = reports.Column{Title: t, Text: textColumn(t)}
	}
	for _, r := range rows {
		cells := make([]any, len(r))
		for i, v := range r {
			cells[i] = v
		}
		sheet.Rows = append(sheet.Rows, cells)
	}
	return sheet
}

// listName names a list after what its filters keep: 单位（窗口服务单位，在用，
// 搜索“教育”）. Choices that keep everything (全部…) are left out.
func listName(what string, filters ...string) string {
	var kept []string
	for _, f := range filters {
		if f != "" && !strings.HasPrefix(f, "全部") {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return what
	}
	return what + "（" + strings.Join(kept, "，") + "）"
}

// searchFilter is a search as listName shows it.
func searchFilter(q string) string {
	if q == "" {
		return ""
	}
	return "搜索“" + q + "”"
}

// exportShown asks where to save the current screen's list as a workbook.
func (w *Workbench) exportShown() *fileChooser {
	e, ok := w.currentScreen().(exporter)
	if !ok {
		return nil
	}
	name, sheet := e.exportSheet()
	if len(sheet.Rows) == 0 {
		dialog.ShowInformation("导出Excel", "列表中没有可导出的记录。", w.win)
		return nil
	}
	return w.saveAs("导出Excel", fileName(name)+".xlsx", ".xlsx", func(ctx context.Context, path string) error {
		return atomicfile.Write(path, func(f io.Writer) error { return reports.WriteXLSX(f, sheet) })
	})
}

// textColumn reports whether a column holds codes written with digits
// that must not turn into numbers.
func textColumn(title string) bool {
	for _, k := range []string{"编号", "电话", "热线", "号码", "文号", "身份证"} {
		if strings.Contains(title, k) {
			return true
		}
	}
	return false
}

// fileName makes a file name of a title.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) {
			return '－'
		}
		return r
	}, s)
}

// showSaved tells where a file (a workbook, a PDF) was saved, with a
// button to open it.
func (w *Workbench) showSaved(path string) {
	where := widget.NewEntry()
	where.SetText(path)
	var d dialog.Dialog
	open := widget.NewButton("打开", func() {
		d.Hide()
		if err := openInViewer(path, func(err error) { fyne.LogError("opening "+path, err) }); err != nil {
			fyne.LogError("opening "+path, err)
			with := "Excel或WPS"
			switch strings.ToLower(filepath.Ext(path)) {
			case ".pdf":
				with = "PDF阅读器"
			case ".docx":
				with = "Word或WPS"
			}
			dialog.ShowInformation("无法打开", fmt.Sprintf("未能打开“%s”，请在文件夹中找到它后用%s打开。", filepath.Base(path), with), w.win)
		}
	})
	d = dialog.NewCustom("已保存", "关闭", container.NewVBox(widget.NewLabel("文件已保存到："), where, container.NewCenter(open)), w.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}
