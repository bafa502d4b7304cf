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

	"xiaoneng/data/atomicfile"
	"xiaoneng/reports"
)

// exporter is a screen whose list can be saved as a workbook as shown:
// its columns, and the rows its search and filters keep. The shell offers
// 导出Excel in the 文件 menu while such a screen is selected.
type exporter interface {
	exportList() (name string, titles []string, rows [][]string)
}

func (s *unitsScreen) exportList() (string, []string, [][]string) {
	titles, rows := s.table.Export()
	return "单位", titles, rows
}

func (s *complaintsScreen) exportList() (string, []string, [][]string) {
	titles, rows := s.table.Export()
	return "效能投诉（" + s.state + "）", titles, rows
}

func (s *statsScreen) exportList() (string, []string, [][]string) {
	switch s.tabs.SelectedIndex() {
	case 2:
		titles, rows := s.units.Export()
		return s.period.Label() + "各单位情况", titles, rows
	case 3:
		titles, rows := s.ranking.Export()
		return s.period.Label() + "考核排名", titles, rows
	}
	if s.stats == nil {
		return "", nil, nil
	}
	return s.period.Label() + "监督检查", kindTitles, kindRows(s.stats)
}

// exportShown asks where to save the current screen's list as a workbook.
func (w *Workbench) exportShown() *fileChooser {
	e, ok := w.currentScreen().(exporter)
	if !ok {
		return nil
	}
	name, titles, rows := e.exportList()
	if len(rows) == 0 {
		dialog.ShowInformation("导出Excel", "列表中没有可导出的记录。", w.win)
		return nil
	}
	sheet := reports.Sheet{Name: name, Columns: make([]reports.Column, len(titles))}
	for i, t := range titles {
		// numbers kept as written (编号, phone numbers) stay text
		sheet.Columns[i] = reports.Column{Title: t, Text: textColumn(t)}
	}
	for _, r := range rows {
		cells := make([]any, len(r))
		for i, v := range r {
			cells[i] = v
		}
		sheet.Rows = append(sheet.Rows, cells)
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

// showSaved tells where a file was saved, with a button to open it.
func (w *Workbench) showSaved(path string) {
	if strings.EqualFold(filepath.Ext(path), ".pdf") {
		w.openPDF(path)
		return
	}
	where := widget.NewEntry()
	where.SetText(path)
	var d dialog.Dialog
	open := widget.NewButton("打开", func() {
		d.Hide()
		if err := openInViewer(path, func(err error) { fyne.LogError("opening "+path, err) }); err != nil {
			fyne.LogError("opening "+path, err)
			dialog.ShowInformation("无法打开", fmt.Sprintf("未能打开“%s”，请在文件夹中找到它后用Excel或WPS打开。", filepath.Base(path)), w.win)
		}
	})
	d = dialog.NewCustom("已保存", "关闭", container.NewVBox(widget.NewLabel("文件已保存到："), where, container.NewCenter(open)), w.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}
