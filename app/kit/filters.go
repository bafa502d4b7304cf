package kit

import (
	"fyne.io/fyne/v2/widget"
)

// Filters are the filters above a list (drop-downs, a unit, dates): each
// reports its change with Changed, which reads the list again, except
// while Set changes several at once and reads it once at the end.
type Filters struct {
	reload func()
	quiet  bool
}

// NewFilters makes the filters of a list that reload reads.
func NewFilters(reload func()) *Filters { return &Filters{reload: reload} }

// Changed reads the list again for a filter changed by the user.
func (f *Filters) Changed() {
	if !f.quiet {
		f.reload()
	}
}

// Quiet says whether Set is changing filters: a filter whose change moves
// another (a year sets the dates) does nothing then.
func (f *Filters) Quiet() bool { return f.quiet }

// Set changes filters together with set, then reads the list once.
func (f *Filters) Set(set func()) {
	f.quiet = true
	set()
	f.quiet = false
	f.reload()
}

// ClearButton is 清除条件, which sets every filter back with clear.
func (f *Filters) ClearButton(clear func()) *widget.Button {
	return widget.NewButton("清除条件", func() { f.Set(clear) })
}
