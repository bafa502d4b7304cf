package kit

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The columns' widths: each column asks for its Width; the growing ones
// (Column.Grow) share what the table has to spare, in proportion to their
// widths; in a table too narrow the shrinking ones (Column.Shrink) give up
// width, down to half of it. A width the user dragged is kept as it is.
// The table scrolls sideways when the columns are still too wide.

// shrinkFloor is the share of its width a shrinking column keeps when the
// table is narrow.
const shrinkFloor = 0.5

// minColumnWidth is the narrowest a user can drag a column.
const minColumnWidth = 40

// Remember keeps the user's column widths and hidden columns under key (one
// per list, e.g. "效能投诉") in the application's preferences, and restores
// them now.
func (t *Table[T]) Remember(key string) {
	t.prefKey = key
	prefs := fyne.CurrentApp().Preferences()
	for _, kv := range strings.Split(prefs.String(t.prefName("widths")), "|") {
		title, w, ok := strings.Cut(kv, ":")
		if !ok {
			continue
		}
		if width, err := strconv.ParseFloat(w, 32); err == nil {
			if c := t.colIndex(title); c >= 0 {
				t.userWidth[c] = max(float32(width), minColumnWidth)
			}
		}
	}
	if hidden := prefs.String(t.prefName("hidden")); hidden != "" {
		var shown []int
		for i, c := range t.cols {
			if !slices.Contains(strings.Split(hidden, "|"), c.Title) {
				shown = append(shown, i)
			}
		}
		if len(shown) > 0 {
			t.shown = shown
		}
	}
	t.fitColumns(t.fitWidth)
}

func (t *Table[T]) prefName(what string) string { return "table." + t.prefKey + "." + what }

// save writes the user's columns to the preferences (when remembered).
func (t *Table[T]) save() {
	if t.prefKey == "" {
		return
	}
	var widths, hidden []string
	for c, w := range t.userWidth {
		widths = append(widths, t.cols[c].Title+":"+strconv.FormatFloat(float64(w), 'f', 0, 32))
	}
	slices.Sort(widths)
	for i, c := range t.cols {
		if !slices.Contains(t.shown, i) {
			hidden = append(hidden, c.Title)
		}
	}
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetString(t.prefName("widths"), strings.Join(widths, "|"))
	prefs.SetString(t.prefName("hidden"), strings.Join(hidden, "|"))
}

func (t *Table[T]) colIndex(title string) int {
	return slices.IndexFunc(t.cols, func(c Column[T]) bool { return c.Title == title })
}

// ColumnWidth is the width the column titled title has now (0 when hidden
// or unknown).
func (t *Table[T]) ColumnWidth(title string) float32 {
	c := t.colIndex(title)
	if c < 0 || !slices.Contains(t.shown, c) {
		return 0
	}
	return t.widths[c]
}

// ShownColumns lists the titles of the columns shown, in order.
func (t *Table[T]) ShownColumns() []string {
	out := make([]string, len(t.shown))
	for i, c := range t.shown {
		out[i] = t.cols[c].Title
	}
	return out
}

// SetColumnShown shows or hides the column titled title (the last column
// shown stays).
func (t *Table[T]) SetColumnShown(title string, on bool) {
	c := t.colIndex(title)
	if c < 0 || on == slices.Contains(t.shown, c) || !on && len(t.shown) == 1 {
		return
	}
	if on {
		t.shown = append(t.shown, c)
		slices.Sort(t.shown)
	} else {
		t.shown = slices.DeleteFunc(t.shown, func(i int) bool { return i == c })
	}
	t.save()
	t.fitColumns(t.fitWidth)
	t.grid.Refresh()
}

// ResetColumns shows every column at the widths the list gives them.
func (t *Table[T]) ResetColumns() {
	t.shown = t.shown[:0]
	for i := range t.cols {
		t.shown = append(t.shown, i)
	}
	clear(t.userWidth)
	t.save()
	t.fitColumns(t.fitWidth)
	t.grid.Refresh()
}

// fitColumns shares width among the columns shown (width 0: each takes
// its own).
func (t *Table[T]) fitColumns(width float32) {
	t.keepDraggedWidths()
	t.fitWidth = width
	want := func(c int) float32 {
		if w, ok := t.userWidth[c]; ok {
			return w
		}
		if w := t.cols[c].Width; w > 0 {
			return w
		}
		return defaultColumnWidth
	}
	dragged := func(c int) bool {
		_, ok := t.userWidth[c]
		return ok
	}
	var total, growing, shrinking float32
	for _, c := range t.shown {
		total += want(c)
		if dragged(c) {
			continue
		}
		if t.cols[c].Grow {
			growing += want(c)
		}
		if t.cols[c].Shrink {
			shrinking += want(c)
		}
	}
	pad := theme.Padding()
	// The gaps between columns, and room for the vertical scroll bar.
	avail := width - float32(len(t.shown)-1)*pad - theme.ScrollBarSmallSize()*2
	spare := avail - total
	scale := func(c int) float32 {
		switch {
		case width <= 0 || dragged(c):
		case spare > 0 && t.cols[c].Grow:
			return 1 + spare/growing
		case spare < 0 && t.cols[c].Shrink:
			return max(1+spare/shrinking, shrinkFloor)
		}
		return 1
	}
	clear(t.widths)
	for i, c := range t.shown {
		w := want(c) * scale(c)
		w = float32(int(w))
		t.widths[c] = w
		t.grid.SetColumnWidth(i, w)
	}
}

// keepDraggedWidths keeps the widths the user dragged: Fyne's table resizes
// a column when the gap between two headers is dragged, and keeps the width
// to itself.
func (t *Table[T]) keepDraggedWidths() {
	changed := false
	for i, c := range t.shown {
		if w, ok := t.grid.columnWidth(i); ok && w != t.widths[c] {
			t.userWidth[c], t.widths[c] = max(w, minColumnWidth), w
			changed = true
		}
	}
	if changed {
		t.save()
	}
}

// columnWidth is the width Fyne's table has for display column i. The
// table keeps the widths in an unexported map, read here by reflection
// (which may read, never write, what a package keeps unexported); a test
// fails if a new Fyne moves it.
func (g *tableGrid[T]) columnWidth(i int) (float32, bool) {
	m := reflect.ValueOf(&g.Table).Elem().FieldByName("columnWidths")
	if m.Kind() != reflect.Map || m.IsNil() {
		return 0, false
	}
	v := m.MapIndex(reflect.ValueOf(i))
	if !v.IsValid() {
		return 0, false
	}
	return float32(v.Float()), true
}

// MouseMoved, MouseOut and MouseDown pass the pointer to Fyne's table (its
// headers' gaps resize the columns) and keep a width dragged.
func (g *tableGrid[T]) MouseMoved(ev *desktop.MouseEvent) {
	g.owner.keepDraggedWidths()
	g.Table.MouseMoved(ev)
}

func (g *tableGrid[T]) MouseOut() {
	g.owner.keepDraggedWidths()
	g.Table.MouseOut()
}

func (g *tableGrid[T]) MouseDown(ev *desktop.MouseEvent) {
	g.owner.keepDraggedWidths()
	g.Table.MouseDown(ev)
}

// TappedSecondary offers to hide or show each column, and to restore them
// all.
func (h *tableHeader[T]) TappedSecondary(ev *fyne.PointEvent) {
	t := h.grid.owner
	c := fyne.CurrentApp().Driver().CanvasForObject(h)
	if c == nil {
		return
	}
	var items []*fyne.MenuItem
	for i, col := range t.cols {
		on := slices.Contains(t.shown, i)
		item := fyne.NewMenuItem(col.Title, func() { t.SetColumnShown(col.Title, !on) })
		item.Checked = on
		items = append(items, item)
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("显示全部列并恢复列宽", t.ResetColumns))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, ev.AbsolutePosition)
}
