package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data/store"
	"xiaoneng/reports/importer"
)

// importShown imports records of the kind the current screen shows.
func (w *Workbench) importShown() {
	if s, ok := w.currentScreen().(host.Importable); ok {
		w.importFile(s.ImportKind())
	}
}

// importFile asks for an .xlsx or .csv file, reads it in the background
// and shows the preview.
func (w *Workbench) importFile(kind importer.Kind) {
	kit.ChooseFile(w.win, "从Excel导入"+kind.Label(), kit.ChooseOpen, parts.SaveDir(), "", ".xlsx;.csv", nil, func(path string) {
		parts.LastSaveDir = filepath.Dir(path)
		var p *importer.Preview
		w.RunJob("读取“"+filepath.Base(path)+"”", func(ctx context.Context, _ func(done, total int)) error {
			var err error
			p, err = importer.Open(ctx, w.db, path, kind)
			return err
		}, func(err error) {
			if err == nil {
				newImportDialog(w, p).show()
			}
		})
	})
}

// importDialog is the preview of an import: each column of the file with
// the field it fills (changeable), every row with what the import does with
// it and, for a bad row, why; 导入 writes them all, only when no row is bad.
type importDialog struct {
	w       *Workbench
	p       *importer.Preview
	dlg     *dialog.CustomDialog
	source  *widget.Label
	summary *widget.Label
	problem *kit.WrapLabel
	selects []*widget.Select
	rows    *fyne.Container // holds the table of rows, rebuilt with the mapping
	table   *kit.Table[importer.Row]
	ok      *widget.Button
	busy    bool // a preview with another mapping is being made
}

// notImported is the choice that leaves a column out; requiredMark marks
// the fields a file must have.
const (
	notImported  = "（不导入）"
	requiredMark = " *"
)

func newImportDialog(w *Workbench, p *importer.Preview) *importDialog {
	d := &importDialog{w: w, p: p}
	d.source = widget.NewLabel("")
	d.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.problem = kit.NewWrapLabel("")
	d.problem.Importance = widget.DangerImportance

	labels := []string{notImported}
	for _, f := range importer.Fields(p.Kind) {
		label := f.Label
		if f.Required {
			label += requiredMark
		}
		labels = append(labels, label)
	}
	var cols []fyne.CanvasObject
	for i, title := range p.Header.Titles {
		sel := widget.NewSelect(labels, nil)
		sel.SetSelected(fieldLabel(p.Kind, p.Mapping[i], labels))
		sel.OnChanged = func(string) { d.remap() }
		d.selects = append(d.selects, sel)
		head := widget.NewLabelWithStyle(columnTitle(title, i), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		head.Truncation = fyne.TextTruncateEllipsis
		cols = append(cols, container.NewGridWrap(fyne.NewSize(170, 80), container.NewVBox(head, sel)))
	}
	mapping := container.NewHScroll(container.NewHBox(cols...))
	mapping.SetMinSize(fyne.NewSize(600, 90))

	d.rows = container.NewStack()
	d.ok = widget.NewButtonWithIcon("导入", fynetheme.ConfirmIcon(), d.run)
	d.ok.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("取消", fynetheme.CancelIcon(), func() { d.dlg.Hide() })
	hint := kit.NewWrapLabel("请核对每一列对应的内容。有错误的行须在原文件中改正后重新导入；导入时已在台账中的记录不会重复添加。")
	top := container.NewVBox(d.source, widget.NewLabel("列的对应（表头 → 导入为）"), mapping, d.summary, d.problem)
	content := container.NewBorder(top, container.NewVBox(hint, container.NewHBox(layout.NewSpacer(), cancel, d.ok)), nil, nil, d.rows)
	d.dlg = dialog.NewCustomWithoutButtons("从Excel导入"+p.Kind.Label(), content, w.win)
	d.fill()
	return d
}

// columnTitle names a column in the mapping: its title, or its letter
// when it has none.
func columnTitle(title string, i int) string {
	if strings.TrimSpace(title) != "" {
		return title
	}
	return fmt.Sprintf("第%d列", i+1)
}

func fieldLabel(kind importer.Kind, key string, labels []string) string {
	if key == "" {
		return notImported
	}
	for i, f := range importer.Fields(kind) {
		if f.Key == key {
			return labels[i+1]
		}
	}
	return notImported
}

func (d *importDialog) show() {
	d.dlg.Resize(fyne.NewSize(min(d.w.win.Canvas().Size().Width-40, 1180), min(d.w.win.Canvas().Size().Height-40, 740)))
	d.dlg.Show()
}

// fill shows the preview.
func (d *importDialog) fill() {
	p := d.p
	where := fmt.Sprintf("文件：%s", p.Table.File)
	if p.Table.Sheet != "" {
		where += fmt.Sprintf("　工作表：%s", p.Table.Sheet)
	}
	if p.Table.Encoding != "" {
		where += fmt.Sprintf("　编码：%s", p.Table.Encoding)
	}
	d.source.SetText(fmt.Sprintf("%s　第%d行为表头", where, p.Header.Row+1))
	if p.MappingError != nil {
		d.summary.SetText(fmt.Sprintf("共%d行，列的对应需要修改后才能检查各行", len(p.Rows)))
		d.problem.SetText(p.MappingError.Error())
		d.problem.Show()
	} else {
		d.summary.SetText(fmt.Sprintf("共%d行：新增%d行，已在台账中%d行，跳过%d行，有错误%d行", len(p.Rows), p.New, p.Present, p.Skipped, p.Bad))
		if p.Bad > 0 {
			d.problem.SetText(badRows(p))
			d.problem.Show()
		} else {
			d.problem.Hide()
		}
	}
	if p.OK() && p.New > 0 && !d.busy {
		d.ok.Enable()
	} else {
		d.ok.Disable()
	}
	d.table = d.rowTable()
	d.rows.Objects = []fyne.CanvasObject{d.table.Widget()}
	d.rows.Refresh()
	if p.Bad > 0 {
		d.table.SetChip("有错误")
	}
}

// shownProblems is how many bad rows the preview spells out above the
// table; the table lists them all.
const shownProblems = 5

// badRows says which rows are bad and why, the first few in full.
func badRows(p *importer.Preview) string {
	lines := []string{fmt.Sprintf("有%d行有错误，导入会被拒绝；请在原文件中改正后重新选择文件：", p.Bad)}
	for _, r := range p.Rows {
		if r.Status != importer.RowBad {
			continue
		}
		if len(lines) > shownProblems {
			lines = append(lines, fmt.Sprintf("……其余%d行见下表", p.Bad-shownProblems))
			break
		}
		where := fmt.Sprintf("第%d行", r.Number)
		if r.Column != "" {
			where += "“" + r.Column + "”列"
		}
		lines = append(lines, where+"："+r.Message)
	}
	return strings.Join(lines, "\n")
}

// rowTable lists the rows: number, fate, reason, then the mapped columns.
func (d *importDialog) rowTable() *kit.Table[importer.Row] {
	p := d.p
	cols := []kit.Column[importer.Row]{
		{Title: "行号", Width: 60, Align: fyne.TextAlignTrailing, Text: func(r importer.Row) string { return strconv.Itoa(r.Number) },
			Less: func(a, b importer.Row) bool { return a.Number < b.Number }},
		{Title: "状态", Width: 70, Text: func(r importer.Row) string { return r.Status.Label() }},
		{Title: "原因", Width: 340, Grow: true, Text: func(r importer.Row) string {
			if r.Column != "" {
				return "“" + r.Column + "”列：" + r.Message
			}
			return r.Message
		}},
	}
	for i, key := range p.Mapping {
		if key == "" {
			continue
		}
		cols = append(cols, kit.Column[importer.Row]{Title: columnTitle(p.Header.Titles[i], i), Width: 130, Text: func(r importer.Row) string {
			if i < len(r.Cells) {
				return strings.ReplaceAll(importer.Shown(key, r.Cells[i]), "\n", " ")
			}
			return ""
		}})
	}
	t := kit.NewTable(cols, func(r importer.Row, q string) bool {
		return strings.Contains(r.Message, q) || strings.Contains(strings.Join(r.Cells, " "), q)
	}, nil)
	for _, s := range []importer.RowStatus{importer.RowBad, importer.RowNew, importer.RowExisting, importer.RowSkipped} {
		t.AddChip(s.Label(), func(r importer.Row) bool { return r.Status == s })
	}
	t.SetRows(p.Rows)
	return t
}

// mapping is the mapping the selects say.
func (d *importDialog) mapping() importer.Mapping {
	m := make(importer.Mapping, len(d.selects))
	fields := importer.Fields(d.p.Kind)
	for i, sel := range d.selects {
		for _, f := range fields {
			if strings.TrimSuffix(sel.Selected, requiredMark) == f.Label {
				m[i] = f.Key
			}
		}
	}
	return m
}

// remap checks the file again with the mapping chosen.
func (d *importDialog) remap() {
	m := d.mapping()
	d.busy = true
	d.ok.Disable()
	d.summary.SetText("正在检查……")
	p, db, ctx := d.p, d.w.db, d.w.ctx
	kit.OffUI(func() {
		np, err := p.Remap(ctx, db, m)
		fyne.Do(func() {
			d.busy = false
			if err != nil {
				kit.ShowError(d.w.win, err)
				d.fill()
				return
			}
			d.p = np
			d.fill()
		})
	})
}

// run imports the file in the background, all or nothing.
func (d *importDialog) run() {
	p := d.p
	var res store.ImportResult
	d.w.RunJob("正在导入"+p.Kind.Label(), func(ctx context.Context, _ func(done, total int)) error {
		var err error
		res, err = p.Import(ctx, d.w.db)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		d.dlg.Hide()
		d.w.show(d.w.current) // the records it added
		parts.ImportDone(d.w, importer.Summary(p.Kind, res), res.Batch, func() { d.w.show(d.w.current) })
	})
}

// showImports lists the latest imports, each with 撤销 while it stands.
func (w *Workbench) showImports() { parts.ShowImports(w, func() { w.show(w.current) }) }
