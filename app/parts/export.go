package parts

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/reports"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// ExportList asks where to save e's list as a workbook.
func ExportList(w host.Host, e host.Exporter) *kit.FileChooser {
	name, sheet := e.ExportSheet()
	// a sheet read as it is written (Each) is given when its list is not empty
	if len(sheet.Rows) == 0 && sheet.Each == nil {
		dialog.ShowInformation("导出Excel", "列表中没有可导出的记录。", w.Window())
		return nil
	}
	return SaveAs(w, "导出Excel", name+".xlsx", ".xlsx", func(ctx context.Context, path string) error {
		if err := w.DB().LogExport(ctx, name, false); err != nil {
			return err
		}
		return atomicfile.Write(path, func(f io.Writer) error { return reports.WriteXLSX(f, stopping(ctx, sheet)) })
	})
}

// stopping is sheet with the rows it reads as it is written (Each) ended
// when ctx is: the job's 取消 stops an export of a million complaints, whose
// sheet was made before the job and reads with the screen's context.
func stopping(ctx context.Context, sheet reports.Sheet) reports.Sheet {
	if each := sheet.Each; each != nil {
		sheet.Each = func(yield func([]any) error) error {
			return each(func(row []any) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				return yield(row)
			})
		}
	}
	return sheet
}

// showSaved tells where a file (a workbook, a PDF) was saved, with a
// button to open it.
func showSaved(w host.Host, path string) {
	where := widget.NewEntry()
	where.SetText(path)
	var d dialog.Dialog
	open := widget.NewButton("打开", func() {
		d.Hide()
		if err := OpenInViewer(path, func(err error) { fyne.LogError("opening "+path, err) }); err != nil {
			fyne.LogError("opening "+path, err)
			with := "Excel或WPS"
			switch strings.ToLower(filepath.Ext(path)) {
			case ".pdf":
				with = "PDF阅读器"
			case ".docx":
				with = "Word或WPS"
			}
			dialog.ShowInformation("无法打开", fmt.Sprintf("未能打开“%s”，请在文件夹中找到它后用%s打开。", filepath.Base(path), with), w.Window())
		}
	})
	d = dialog.NewCustom("已保存", "关闭", container.NewVBox(widget.NewLabel("文件已保存到："), where, container.NewCenter(open)), w.Window())
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// ListName names a list after what its filters keep: 单位（窗口服务单位，在用，
// 搜索“教育”）. Choices that keep everything (全部…) are left out.
func ListName(what string, filters ...string) string {
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

// DaysFilter is a range of days as ListName shows it: 2026-11-01至2026-11-30,
// 2026-11-01起, 至2026-11-30, or "" for none.
func DaysFilter(from, to data.Date) string {
	switch {
	case !from.IsZero() && !to.IsZero():
		return from.String() + "至" + to.String()
	case !from.IsZero():
		return from.String() + "起"
	case !to.IsZero():
		return "至" + to.String()
	}
	return ""
}

// SearchFilter is a search as ListName shows it.
func SearchFilter(q string) string {
	if q == "" {
		return ""
	}
	return "搜索“" + q + "”"
}

// ShownSheet is a table of figures as shown.
func ShownSheet[T any](name string, t *kit.Table[T]) reports.Sheet {
	titles, rows := t.Export()
	return TextSheet(name, titles, rows)
}

// TextSheet is a worksheet of texts: numbers kept as written (编号, phone
// numbers) stay text.
func TextSheet(name string, titles []string, rows [][]string) reports.Sheet {
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

// SaveAs asks where to save a file named name (a title: what a file name
// may not hold is replaced), confirming before one is replaced, then writes it with write in the background, and offers to
// open it.
func SaveAs(w host.Host, title, name, ext string, write func(ctx context.Context, path string) error) *kit.FileChooser {
	return kit.ChooseFile(w.Window(), title, kit.ChooseSave, SaveDir(), fileName(name), ext, nil, func(path string) {
		LastSaveDir = filepath.Dir(path)
		run := func() {
			w.RunJob(title, func(ctx context.Context, progress func(done, total int)) error {
				return write(ctx, path)
			}, func(err error) {
				if err == nil {
					showSaved(w, path)
				}
			})
		}
		if _, err := os.Stat(path); err == nil {
			kit.ConfirmAction(w.Window(), "文件已存在", "替换", fmt.Sprintf("“%s”已存在，要替换它吗？", filepath.Base(path)), func(ok bool) {
				if ok {
					run()
				}
			})
			return
		}
		run()
	})
}
