package kit

import "strings"

// QueryWith makes the search box hand its text (trimmed) to query instead
// of filtering the rows the table holds: for a list read from the store a
// page at a time, which only the store can search whole. The table then
// shows the rows SetRows gives it. placeholder says what the store
// searches.
func (t *Table[T]) QueryWith(placeholder string, query func(text string)) {
	t.search.SetPlaceHolder(placeholder)
	t.query = ""
	t.search.OnChanged = func(s string) { query(strings.TrimSpace(s)) }
	t.refilter(true)
}

// SetSearchText puts text in the search box, as if typed.
func (t *Table[T]) SetSearchText(text string) { t.search.SetText(text) }

// Query is the search typed (trimmed).
func (t *Table[T]) Query() string { return strings.TrimSpace(t.search.Text) }

// ChipsWith makes the chips hand their label ("" for 全部) to query instead
// of filtering the rows the table holds, as QueryWith does the search: for
// a list read from the store a page at a time. The chips are added with no
// keep function.
func (t *Table[T]) ChipsWith(query func(chip string)) { t.chipQuery = query }

// Chip is the label of the chip that is on; "" for 全部.
func (t *Table[T]) Chip() string {
	if t.chip < 0 {
		return ""
	}
	return t.chips[t.chip].label
}

// SetTotal gives the count of the whole list the rows are a page of, for
// the count above the table; a negative total counts the rows again.
func (t *Table[T]) SetTotal(total int) {
	t.total = total
	t.refilter(false)
}

// Waiting says the rows are being read: an empty table says so, not 暂无记录,
// until SetRows gives it rows.
func (t *Table[T]) Waiting() {
	t.waiting = true
	t.refilter(false)
}
