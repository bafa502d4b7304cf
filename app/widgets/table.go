// Package widgets holds the GUI parts every screen shares: the record table,
// the date entry, the unit picker, the form layer and the background-job
// helper. It knows the domain types but not the store: whatever needs data is
// handed a function.
package widgets

import (
	"fmt"
	"image/color"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Column describes one column of a Table.
type Column[T any] struct {
	Title string
	Width float32 // 0 takes a default width
	Text  func(T) string
	// Less orders two rows for this column; nil compares Text: numbers
	// numerically, then Latin text and dates (YYYY-MM-DD) character by
	// character ignoring case, then Chinese text in pinyin order, empty
	// cells last in either direction.
	Less  func(a, b T) bool
	Align fyne.TextAlign
}

// defaultColumnWidth fits about eight Chinese characters.
const defaultColumnWidth = 130

// Table is a record table: a search box, exclusive filter chips, a row count
// and a virtualised grid whose headers sort on click (▲/▼). A double click,
// or Enter on the selected row, opens the record. It is built for 100,000
// rows: the search text of every row and the sort keys are computed once per
// SetRows, filtering walks a presorted order.
type Table[T any] struct {
	// OnSelected is called when the user selects a row (click, arrow
	// keys, or the click before an open). Select, from code, does not call
	// it.
	OnSelected func(T)

	cols  []Column[T]
	match func(T, string) bool
	open  func(T)

	all   []T
	order []int // indexes into all, in display order (sorted or as given)
	view  []int // order after search and chip
	hay   []string
	query string

	chips []tableChip[T]
	chip  int // index into chips; -1 is 全部

	sortCol int // -1: rows as given
	desc    bool
	keys    map[int][]sortKey // per column, indexed like all
	sorted  map[int][]int     // per column, its ascending order

	sel int // index into all; -1 none

	search  *widget.Entry
	chipBar *fyne.Container
	allChip *widget.Button
	count   *widget.Label
	empty   *widget.Label
	grid    *tableGrid[T]
	root    *fyne.Container
}

type tableChip[T any] struct {
	label  string
	keep   func(T) bool
	button *widget.Button
}

// NewTable builds a table over cols. match decides whether a row fits the
// search text (already trimmed, never empty); nil matches the text of any
// column, ignoring case. open is called to open a record (double click or
// Enter); it may be nil for a table that only selects.
func NewTable[T any](cols []Column[T], match func(item T, query string) bool, open func(T)) *Table[T] {
	t := &Table[T]{cols: cols, match: match, open: open, chip: -1, sortCol: -1, sel: -1,
		keys: map[int][]sortKey{}, sorted: map[int][]int{}}

	t.search = widget.NewEntry()
	t.search.SetPlaceHolder("搜索（Ctrl+F）")
	t.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	t.search.OnChanged = func(s string) {
		t.query = strings.TrimSpace(s)
		t.refilter(true)
	}

	t.allChip = widget.NewButton("全部", func() { t.setChip(-1) })
	t.chipBar = container.NewHBox(t.allChip)
	t.chipBar.Hide()
	t.count = widget.NewLabel("")
	t.empty = widget.NewLabel("")
	t.empty.Alignment = fyne.TextAlignCenter
	t.empty.Importance = widget.LowImportance

	t.grid = newTableGrid(t)
	for i, c := range cols {
		w := c.Width
		if w <= 0 {
			w = defaultColumnWidth
		}
		t.grid.SetColumnWidth(i, w)
	}

	top := container.NewVBox(container.NewBorder(nil, nil, nil, t.count, t.search), t.chipBar)
	t.root = container.NewBorder(top, nil, nil, nil, container.NewStack(t.grid, container.NewCenter(t.empty)))
	t.updateChips()
	t.refilter(false)
	return t
}

// Widget is the table with its search box, chips and row count.
func (t *Table[T]) Widget() fyne.CanvasObject { return t.root }

// SetRows replaces the rows, keeping the sort, search text, chip and (when
// the same record is still there) the selection.
func (t *Table[T]) SetRows(rows []T) {
	var selected T
	hadSel := t.sel >= 0
	if hadSel {
		selected = t.all[t.sel]
	}
	t.all = rows
	t.hay = nil
	clear(t.keys)
	clear(t.sorted)
	t.sel = -1
	if hadSel {
		t.sel = t.indexOf(selected)
	}
	t.resort()
	t.refilter(false)
}

// indexOf finds item among the rows when T can be compared (pointers, IDs);
// otherwise the selection is dropped.
func (t *Table[T]) indexOf(item T) int {
	if !reflect.TypeFor[T]().Comparable() {
		return -1
	}
	for i, r := range t.all {
		if any(r) == any(item) {
			return i
		}
	}
	return -1
}

// AddChip adds an exclusive filter chip: when it is on, only rows for which
// keep is true are shown. 全部 turns chips off.
func (t *Table[T]) AddChip(label string, keep func(T) bool) {
	i := len(t.chips)
	b := widget.NewButton(label, func() { t.setChip(i) })
	t.chips = append(t.chips, tableChip[T]{label: label, keep: keep, button: b})
	t.chipBar.Add(b)
	if !t.chipBar.Visible() {
		t.chipBar.Show()
		t.root.Refresh() // the top grows by the chip row
	}
	t.updateChips()
}

// SetChip turns on the chip with the given label; "" or "全部" (or an unknown
// label) shows all rows.
func (t *Table[T]) SetChip(label string) {
	for i, c := range t.chips {
		if c.label == label {
			t.setChip(i)
			return
		}
	}
	t.setChip(-1)
}

func (t *Table[T]) setChip(i int) {
	if t.chip == i {
		return
	}
	t.chip = i
	t.updateChips()
	t.refilter(true)
}

func (t *Table[T]) updateChips() {
	t.allChip.Importance = widget.LowImportance
	if t.chip < 0 {
		t.allChip.Importance = widget.HighImportance
	}
	t.allChip.Refresh()
	for i, c := range t.chips {
		c.button.Importance = widget.LowImportance
		if i == t.chip {
			c.button.Importance = widget.HighImportance
		}
		c.button.Refresh()
	}
}

// Selected returns the selected row.
func (t *Table[T]) Selected() (T, bool) {
	if t.sel < 0 {
		var zero T
		return zero, false
	}
	return t.all[t.sel], true
}

// Select selects item's row, as if the user had clicked it, and scrolls it
// into view. It does not call OnSelected: code that selects knows what it
// selected, and a handler that asks the user (unsaved changes) must not ask
// again. When item is not among the rows shown under the current search
// and chip (or T is not comparable, see SetRows), no row is left selected
// and Select returns false, so the table never marks another record than
// the one the screen shows.
func (t *Table[T]) Select(item T) bool {
	row := -1
	if i := t.indexOf(item); i >= 0 {
		row = slices.Index(t.view, i)
	}
	if row < 0 {
		if t.sel >= 0 {
			t.sel = -1
			t.grid.Refresh()
		}
		return false
	}
	t.sel = t.view[row]
	t.grid.ScrollTo(widget.TableCellID{Row: row, Col: 0})
	t.grid.Refresh()
	return true
}

// Visible returns the rows shown, after search and chip, in display order:
// what an export or a printout of "this list" should contain.
func (t *Table[T]) Visible() []T {
	out := make([]T, len(t.view))
	for i, k := range t.view {
		out[i] = t.all[k]
	}
	return out
}

// FocusSearch puts the keyboard focus in the search box (Ctrl+F).
func (t *Table[T]) FocusSearch(w fyne.Window) {
	w.Canvas().Focus(t.search)
	t.search.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the old query
}

// SortBy sorts by column col (0-based), ascending or descending; a header
// click calls it with the other direction. col < 0 restores the given order.
func (t *Table[T]) SortBy(col int, desc bool) {
	if col >= len(t.cols) {
		return
	}
	t.sortCol, t.desc = col, desc
	t.resort()
	t.refilter(true)
}

func (t *Table[T]) headerTapped(col int) {
	t.SortBy(col, col == t.sortCol && !t.desc)
}

// refilter recomputes the view from order, search and chip. scrollTop is
// set for a new query or chip, whose results start at the top.
func (t *Table[T]) refilter(scrollTop bool) {
	var keep func(T) bool
	if t.chip >= 0 {
		keep = t.chips[t.chip].keep
	}
	q := t.query
	if q != "" && t.match == nil {
		t.buildHay()
		q = strings.ToLower(q)
	}
	view := t.view[:0]
	if cap(view) < len(t.order) {
		view = make([]int, 0, len(t.order))
	}
	for _, i := range t.order {
		item := t.all[i]
		if keep != nil && !keep(item) {
			continue
		}
		if q != "" {
			if t.match != nil {
				if !t.match(item, q) {
					continue
				}
			} else if !strings.Contains(t.hay[i], q) {
				continue
			}
		}
		view = append(view, i)
	}
	t.view = view
	if t.sel >= 0 && !slices.Contains(t.view, t.sel) {
		t.sel = -1
	}

	filtered := len(t.view) != len(t.all)
	if filtered {
		t.count.SetText(fmt.Sprintf("共 %d 条（全部 %d 条）", len(t.view), len(t.all)))
	} else {
		t.count.SetText(fmt.Sprintf("共 %d 条", len(t.view)))
	}
	switch {
	case len(t.view) > 0:
		t.empty.Hide()
	case filtered:
		t.empty.SetText("没有符合条件的记录")
		t.empty.Show()
	default:
		t.empty.SetText("暂无记录")
		t.empty.Show()
	}
	if scrollTop {
		// ScrollToTop can leave the grid blank after the content shrinks;
		// an explicit offset redraws it, headers included.
		t.grid.ScrollToOffset(fyne.Position{})
		return
	}
	t.grid.Refresh()
}

// buildHay lowers and joins every row's cell texts once, so that each
// keystroke in the search box is one substring test per row.
func (t *Table[T]) buildHay() {
	if t.hay != nil {
		return
	}
	t.hay = make([]string, len(t.all))
	var b strings.Builder
	for i, item := range t.all {
		b.Reset()
		for _, c := range t.cols {
			b.WriteString(c.Text(item))
			b.WriteByte(0)
		}
		t.hay[i] = strings.ToLower(b.String())
	}
}

func (t *Table[T]) selectView(row int) {
	if row < 0 || row >= len(t.view) {
		return
	}
	t.sel = t.view[row]
	t.grid.Refresh()
	if t.OnSelected != nil {
		t.OnSelected(t.all[t.sel])
	}
}

func (t *Table[T]) openView(row int) {
	if row < 0 || row >= len(t.view) {
		return
	}
	if t.sel != t.view[row] {
		t.selectView(row)
	}
	if t.open != nil {
		t.open(t.all[t.view[row]])
	}
}

// selectedView is the display row of the selection, or -1.
func (t *Table[T]) selectedView() int {
	if t.sel < 0 {
		return -1
	}
	return slices.Index(t.view, t.sel)
}

// headerText is the title with the sort arrow of the sorted column.
func (t *Table[T]) headerText(col int) string {
	title := t.cols[col].Title
	if col != t.sortCol {
		return title
	}
	if t.desc {
		return title + " ▼"
	}
	return title + " ▲"
}

// tableGrid is the virtualised grid: Fyne's Table with row selection and
// keyboard handling of our own (Fyne selects single cells and has no Enter).
type tableGrid[T any] struct {
	widget.Table
	owner *Table[T]
}

func newTableGrid[T any](owner *Table[T]) *tableGrid[T] {
	g := &tableGrid[T]{owner: owner}
	g.Length = func() (int, int) { return len(owner.view), len(owner.cols) }
	g.CreateCell = func() fyne.CanvasObject { return newTableCell(g) }
	g.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		c := o.(*tableCell[T])
		c.row = id.Row
		if id.Row >= len(owner.view) || id.Col >= len(owner.cols) {
			c.label.SetText("")
			return
		}
		col := owner.cols[id.Col]
		// Setting a label lays its text out again; scrolling and selecting
		// redraw many cells whose text did not change.
		if text := col.Text(owner.all[owner.view[id.Row]]); text != c.label.Text || col.Align != c.label.Alignment {
			c.label.Alignment = col.Align
			c.label.SetText(text)
		}
		if owner.view[id.Row] == owner.sel {
			c.bg.FillColor = theme.Color(theme.ColorNameSelection)
		} else {
			c.bg.FillColor = color.Transparent
		}
		c.bg.Refresh()
	}
	g.ShowHeaderRow = true
	g.CreateHeader = func() fyne.CanvasObject { return newTableHeader(g) }
	g.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		h := o.(*tableHeader[T])
		h.col = id.Col
		if id.Col >= 0 && id.Col < len(owner.cols) {
			h.label.Alignment = owner.cols[id.Col].Align // titles sit over their figures
			h.label.SetText(owner.headerText(id.Col))
		}
	}
	g.ExtendBaseWidget(g)
	return g
}

// FocusGained and FocusLost keep Fyne's cell focus marker off: the grid
// selects rows, and a marker on another cell would look like a second
// selection.
func (g *tableGrid[T]) FocusGained() {}
func (g *tableGrid[T]) FocusLost()   {}

// TypedKey moves the row selection with the arrow keys and opens the
// selected record with Enter.
func (g *tableGrid[T]) TypedKey(ev *fyne.KeyEvent) {
	t := g.owner
	row := t.selectedView()
	move := func(to int) {
		to = max(0, min(to, len(t.view)-1))
		t.selectView(to)
		g.ScrollTo(widget.TableCellID{Row: to, Col: 0})
	}
	page := max(1, int(g.Size().Height/g.rowHeight())-1)
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		t.openView(row)
	case fyne.KeyDown:
		move(row + 1)
	case fyne.KeyUp:
		move(max(row-1, 0))
	case fyne.KeyPageDown:
		move(row + page)
	case fyne.KeyPageUp:
		move(row - page)
	case fyne.KeyHome:
		move(0)
	case fyne.KeyEnd:
		move(len(t.view) - 1)
	}
	// Fyne's own keys move a cell cursor of its own, which would scroll
	// away from the selected row: not passed on.
}

func (g *tableGrid[T]) rowHeight() float32 {
	h := newTableCell(g).MinSize().Height + theme.Padding()
	return max(h, 1)
}

// tableCell draws one cell; a tap selects its row, a double tap opens it.
type tableCell[T any] struct {
	widget.BaseWidget
	grid  *tableGrid[T]
	row   int
	bg    *canvas.Rectangle
	label *widget.Label
}

func newTableCell[T any](g *tableGrid[T]) *tableCell[T] {
	c := &tableCell[T]{grid: g, bg: canvas.NewRectangle(color.Transparent), label: widget.NewLabel("")}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func (c *tableCell[T]) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.label))
}

func (c *tableCell[T]) Tapped(*fyne.PointEvent) {
	c.grid.owner.selectView(c.row)
	c.focusGrid()
}

func (c *tableCell[T]) DoubleTapped(*fyne.PointEvent) {
	c.focusGrid()
	c.grid.owner.openView(c.row)
}

// focusGrid gives the keyboard to the grid (the cell is what was clicked,
// and the driver takes focus away from whatever is not focusable).
func (c *tableCell[T]) focusGrid() {
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c.grid); cv != nil {
		cv.Focus(c.grid)
	}
}

// tableHeader is a column title; a tap sorts by its column.
type tableHeader[T any] struct {
	widget.BaseWidget
	grid  *tableGrid[T]
	col   int
	label *widget.Label
}

func newTableHeader[T any](g *tableGrid[T]) *tableHeader[T] {
	h := &tableHeader[T]{grid: g, label: widget.NewLabel("")}
	h.label.TextStyle.Bold = true
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.ExtendBaseWidget(h)
	return h
}

func (h *tableHeader[T]) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(h.label)
}

func (h *tableHeader[T]) Tapped(*fyne.PointEvent) {
	if h.col >= 0 {
		h.grid.owner.headerTapped(h.col)
	}
}
