package kit

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// totalsRows is 1 when the table adds a column up (and has rows), else 0.
func (t *Table[T]) totalsRows() int {
	if len(t.view) == 0 {
		return 0
	}
	for _, c := range t.shown {
		if t.cols[c].Sum {
			return 1
		}
	}
	return 0
}

// totalText is the 合计 row's cell at display column i (column c): the sum
// of a Sum column over the rows shown, 合计 in the first column.
func (t *Table[T]) totalText(i, c int) string {
	col := t.cols[c]
	if !col.Sum {
		if i == 0 {
			return "合计"
		}
		return ""
	}
	var sum float64
	for _, r := range t.view {
		if f, ok := parseNumber(strings.TrimSpace(col.Text(t.all[r]))); ok {
			sum += f
		}
	}
	return strconv.FormatFloat(sum, 'f', -1, 64)
}

// rowColor is the background of a row (index into all): the selection's,
// or its tone's, or none.
func (t *Table[T]) rowColor(i int) color.Color {
	if t.isSelected(i) {
		return theme.Color(theme.ColorNameSelection)
	}
	if t.RowTone == nil {
		return color.Transparent
	}
	var name fyne.ThemeColorName
	switch t.RowTone(t.all[i]) {
	case widget.DangerImportance:
		name = theme.ColorNameError
	case widget.WarningImportance:
		name = theme.ColorNameWarning
	default:
		return color.Transparent
	}
	r, g, b, _ := theme.Color(name).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x38}
}

// SelectedRows are the rows selected (with Ctrl and Shift, several), in
// display order.
func (t *Table[T]) SelectedRows() []T {
	var out []T
	for _, i := range t.view {
		if t.isSelected(i) {
			out = append(out, t.all[i])
		}
	}
	return out
}

// SelectAll selects every row shown.
func (t *Table[T]) SelectAll() {
	for _, i := range t.view {
		t.marked[i] = true
	}
	t.grid.Refresh()
}

// CopyText is rows as tab-separated text with the shown columns' titles
// first: what Excel and WPS paste as cells. Tabs and line breaks inside a
// cell become spaces.
func (t *Table[T]) CopyText(rows []T) string {
	clean := strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")
	var b strings.Builder
	line := func(cells []string) {
		for i, s := range cells {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(clean.Replace(s))
		}
		b.WriteString("\r\n")
	}
	line(t.ShownColumns())
	for _, r := range rows {
		cells := make([]string, len(t.shown))
		for i, c := range t.shown {
			cells[i] = t.cols[c].Text(r)
		}
		line(cells)
	}
	return b.String()
}

// copyRows puts rows on the clipboard as CopyText.
func (t *Table[T]) copyRows(rows []T) {
	if len(rows) > 0 {
		fyne.CurrentApp().Clipboard().SetContent(t.CopyText(rows))
	}
}

// copyMenu offers to copy the rows selected or all the rows shown.
func (t *Table[T]) copyMenu(at fyne.Position) {
	c := fyne.CurrentApp().Driver().CanvasForObject(t.grid)
	if c == nil {
		return
	}
	selected := t.SelectedRows()
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(fmt.Sprintf("复制选中的%d行（Ctrl+C）", len(selected)), func() { t.copyRows(selected) }),
		fyne.NewMenuItem(fmt.Sprintf("复制列表全部%d行", len(t.view)), func() { t.copyRows(t.Visible()) }),
		fyne.NewMenuItem("全选（Ctrl+A）", t.SelectAll),
	}
	items[0].Disabled = len(selected) == 0
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, at)
}

// TypedShortcut copies the rows selected (Ctrl+C) and selects every row
// (Ctrl+A).
func (g *tableGrid[T]) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutCopy:
		g.owner.copyRows(g.owner.SelectedRows())
	case *fyne.ShortcutSelectAll:
		g.owner.SelectAll()
	}
}
