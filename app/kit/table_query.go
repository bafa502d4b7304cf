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
