package widgets

// Export returns the table as shown, for a spreadsheet or a printout of
// "this list": the column titles, and the text of every cell of the rows
// the search and chip keep, in display order.
func (t *Table[T]) Export() (titles []string, rows [][]string) {
	titles = make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.Title
	}
	for _, item := range t.Visible() {
		row := make([]string, len(t.cols))
		for i, c := range t.cols {
			row[i] = c.Text(item)
		}
		rows = append(rows, row)
	}
	return titles, rows
}
