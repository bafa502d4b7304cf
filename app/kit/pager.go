package kit

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Pager turns the pages of a list read from the ledger a page at a time
// (a million complaints are never read, nor drawn, at once): which page of
// how many, 上一页 and 下一页, all hidden while one page holds the list.
// Used on the UI thread.
type Pager struct {
	Size int    // the rows a page holds
	unit string // what the rows are counted in: 件, 份

	Page  int // the page shown, from 0
	Total int // the rows of every page

	info       *widget.Label
	prev, next *widget.Button
	box        *fyne.Container
}

// NewPager makes the pager of a list of size rows a page, counted in unit;
// turn reads the page asked for.
func NewPager(size int, unit string, turn func(page int)) *Pager {
	p := &Pager{Size: size, unit: unit, info: widget.NewLabel("")}
	p.prev = widget.NewButtonWithIcon("上一页", fynetheme.NavigateBackIcon(), func() { turn(p.Page - 1) })
	p.next = widget.NewButtonWithIcon("下一页", fynetheme.NavigateNextIcon(), func() { turn(p.Page + 1) })
	p.box = container.NewHBox(p.info, p.prev, p.next)
	p.Show(0, 0)
	return p
}

// Widget is the pager to place under or beside the list.
func (p *Pager) Widget() fyne.CanvasObject { return p.box }

// Reading says a page is being read.
func (p *Pager) Reading() {
	p.info.SetText("正在读取……")
	p.info.Show()
}

// Show shows page (from 0) of a list of total rows.
func (p *Pager) Show(page, total int) {
	p.Page, p.Total = page, total
	pages := p.pages()
	p.info.SetText("")
	if pages > 1 {
		p.info.SetText(fmt.Sprintf("第%d/%d页（每页%d%s）", page+1, pages, p.Size, p.unit))
	}
	SetVisible(p.info, pages > 1)
	SetVisible(p.prev, pages > 1)
	SetVisible(p.next, pages > 1)
	SetEnabled(p.prev, page > 0)
	SetEnabled(p.next, page+1 < pages)
}

// Paged tells whether the list is longer than a page.
func (p *Pager) Paged() bool { return p.pages() > 1 }

func (p *Pager) pages() int { return max((p.Total+p.Size-1)/p.Size, 1) }

// PageOf is page (from 0) of a list of total rows of size a page, the
// last when page lies past it (the list shrank meanwhile), and the offset
// of its first row. Safe off the UI thread.
func PageOf(page, total, size int) (int, int) {
	page = min(max(page, 0), max(total-1, 0)/size)
	return page, page * size
}
