package kit

// Export returns the table as shown, for a spreadsheet or a printout of
// "this list": the titles of the columns shown, the text of their cells in
// the rows the search and chip keep, in display order, and the 合计 row
// when the table adds up.
func (t *Table[T]) Export() (titles []string, rows [][]string) {
	titles = t.ShownColumns()
	for _, item := range t.Visible() {
		row := make([]string, len(t.shown))
		for i, c := range t.shown {
			row[i] = t.cols[c].Text(item)
		}
		rows = append(rows, row)
	}
	if t.totalsRows() > 0 {
		row := make([]string, len(t.shown))
		for i, c := range t.shown {
			row[i] = t.totalText(i, c)
		}
		rows = append(rows, row)
	}
	return titles, rows
}
