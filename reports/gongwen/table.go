package gongwen

import (
	"fmt"
	"math"
	"strings"
)

// Tables in the body of a document (the figures of a 通报): a caption in
// 黑体 centred above, a header row in 黑体, the rows in 4号仿宋 (the frame's
// table size), ruled, each line of a row on a line of the grid so the text
// after the table stays on it. A table that runs onto another page repeats
// its header there. A column of names and other short text never wraps: it
// is as wide as its longest cell, and when the columns cannot all be, the
// table's text is set smaller (down to 5号).

// Align is how a column's text sits in its cells.
type Align int

const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// Table is a ruled table, given as a Paragraph of the body.
type Table struct {
	Caption string // e.g. 表1　效能投诉受理情况
	Header  []string
	Rows    [][]string
	// Widths are the columns' shares of the text block's width; nil shares
	// it by the columns' contents.
	Widths []float64
	Align  []Align // per column; AlignLeft when absent
}

const (
	tablePadX = 1.5  // mm between a rule and the text
	shortCell = 7.0  // em: cells up to this wide are not wrapped if the table can help it
	nameCell  = 20.0 // em: a column whose cells are all this short never wraps
	smallest  = 10.5 // pt: 5号, the smallest table text
)

// tableItems are the flow items of a table: its caption, its header and its
// rows, each row's lines kept together and every row after the first
// bringing the header along when it starts a page.
// tableGeometry is how a table is set on frame f: its text cleaned, the
// number of columns, the rules' x positions and the text size. ok is false
// for a table without columns.
type tableGeometry struct {
	t    *Table
	ncol int
	xs   []float64
	size float64
}

func (l *layouter) tableGeometry(f frame, t *Table) (g tableGeometry, ok bool) {
	g.t = cleanTable(t)
	g.ncol = len(g.t.Header)
	for _, r := range g.t.Rows {
		g.ncol = max(g.ncol, len(r))
	}
	if g.ncol == 0 {
		return g, false
	}
	g.size = f.tsize
	xs, fits := l.columnEdges(f, g.t, g.ncol, g.size)
	for !fits && g.size > smallest {
		g.size = math.Max(smallest, g.size-1.5)
		xs, fits = l.columnEdges(f, g.t, g.ncol, g.size)
	}
	g.xs = xs
	return g, true
}

// breakCells breaks a row's cells into lines for their columns.
func (l *layouter) breakCells(g tableGeometry, cells []string) [][]Line {
	em := g.size * ptToMM
	out := make([][]Line, g.ncol)
	for c := range g.ncol {
		text := ""
		if c < len(cells) {
			text = cells[c]
		}
		width := (g.xs[c+1] - g.xs[c] - 2*tablePadX) / em
		b := Breaker{Width: math.Max(width, 1), Advance: l.fonts.Face(Body).Advance}
		for _, para := range strings.Split(text, "\n") {
			out[c] = append(out[c], b.Break(para)...)
		}
	}
	return out
}

func (l *layouter) tableItems(f frame, t0 *Table, part string) []item {
	g, ok := l.tableGeometry(f, t0)
	if !ok {
		return nil
	}
	t, ncol, xs, tableSize := g.t, g.ncol, g.xs, g.size
	var items []item
	if c := strings.TrimSpace(t.Caption); c != "" {
		items = append(items, item{emit: func(p *Page, f frame, slot int) {
			w := l.width(Heading1, tableSize, c)
			y := baseline(f.slotTop(slot), f.pitch, tableSize)
			p.Runs = append(p.Runs, l.simple(f.left+(f.width-w)/2, y, tableSize, 0, Heading1, c, Black, source{part: part + "标题"})...)
		}})
	}
	breakCells := func(cells []string) [][]Line { return l.breakCells(g, cells) }
	rowItems := func(cells []string, role Role, header, last bool, src string) []item {
		lines := breakCells(cells)
		n := 1
		for _, ls := range lines {
			n = max(n, len(ls))
		}
		draw := func(p *Page, f frame, slot int) {
			top := f.slotTop(slot)
			bottom := top + float64(n)*f.pitch
			if header {
				p.Shapes = append(p.Shapes, Shape{Kind: ShapeLine, X1: xs[0], Y1: top, X2: xs[ncol], Y2: top, Width: ruleThick, Color: Black})
			}
			bw := ruleThin
			if last || header {
				bw = ruleThick
			}
			p.Shapes = append(p.Shapes, Shape{Kind: ShapeLine, X1: xs[0], Y1: bottom, X2: xs[ncol], Y2: bottom, Width: bw, Color: Black})
			for c := 0; c <= ncol; c++ {
				w := ruleThin
				if c == 0 || c == ncol {
					w = ruleThick
				}
				p.Shapes = append(p.Shapes, Shape{Kind: ShapeLine, X1: xs[c], Y1: top, X2: xs[c], Y2: bottom, Width: w, Color: Black})
			}
			for c, ls := range lines {
				align := AlignCenter
				if !header && c < len(t.Align) {
					align = t.Align[c]
				} else if !header {
					align = AlignLeft
				}
				// a cell of fewer lines than its row sits in the row's middle
				first := slot + (n-len(ls))/2
				for k, ln := range ls {
					w := l.lineWidth(role, tableSize, 0, ln.Text)
					x := xs[c] + tablePadX
					switch align {
					case AlignCenter:
						x = (xs[c] + xs[c+1] - w) / 2
					case AlignRight:
						x = xs[c+1] - tablePadX - w
					}
					y := baseline(f.slotTop(first+k), f.pitch, tableSize)
					p.Runs = append(p.Runs, l.simple(x, y, tableSize, 0, role, ln.Text, Black,
						source{part: fmt.Sprintf("%s%s第%d列", part, src, c+1), offset: ln.Start})...)
				}
			}
		}
		out := []item{{emit: draw}}
		for range n - 1 {
			out = append(out, item{keep: true})
		}
		return out
	}
	head := rowItems(t.Header, Heading1, true, len(t.Rows) == 0, "表头")
	for i := range head {
		head[i].keep = len(items) > 0 || i > 0 // the caption does not stand alone
	}
	items = append(items, head...)
	for i, r := range t.Rows {
		row := rowItems(r, Body, false, i == len(t.Rows)-1, fmt.Sprintf("第%d行", i+1))
		// the first row stays with the header; later ones bring it along
		row[0].keep = i == 0
		row[0].head = head
		items = append(items, row...)
	}
	return items
}

// columnEdges are the x positions of the rules between the columns: the
// text block shared by the widths given, or else by the columns' contents.
// Each column first gets room for its header (so 名次 and 得分 do not wrap)
// and for short cells, and the rest of the width goes where the text is
// longest.
// ok is false when the columns that never wrap do not fit.
func (l *layouter) columnEdges(f frame, t *Table, ncol int, tableSize float64) (xs []float64, ok bool) {
	shares := make([]float64, ncol)
	ok = true
	if len(t.Widths) == ncol {
		copy(shares, t.Widths)
	} else {
		em := tableSize * ptToMM
		pad := 2 * tablePadX / em
		want := make([]float64, ncol) // the widest line, within reason: long text wraps
		need := make([]float64, ncol) // the header's widest line
		// each text measured in the face it is printed in
		widest := func(role Role, s string, limit float64) float64 {
			w := 0.0
			for _, line := range strings.Split(s, "\n") {
				w = math.Max(w, math.Min(limit, l.width(role, tableSize, line)/em))
			}
			return w
		}
		for c := range ncol {
			if c < len(t.Header) {
				need[c] = widest(Heading1, t.Header[c], 6)
			}
			want[c] = math.Max(need[c], 1)
			longest := 0.0
			for _, r := range t.Rows {
				if c < len(r) {
					want[c] = math.Max(want[c], widest(Body, r[c], 12))
					longest = math.Max(longest, widest(Body, r[c], math.Inf(1)))
				}
			}
			// short text (a kind of unit, a remark) keeps to one line, and
			// so does a column of names; only long text gives up width
			need[c] = math.Max(need[c], math.Min(want[c], shortCell))
			if longest <= nameCell {
				want[c] = math.Max(want[c], longest)
				need[c] = want[c]
			}
			want[c] += pad
			need[c] = math.Min(need[c]+pad, want[c])
		}
		total, minimum := 0.0, 0.0
		for c := range ncol {
			total += want[c]
			minimum += need[c]
		}
		width := f.width / em
		ok = minimum <= width+1e-9
		switch {
		case total <= width || minimum >= width:
			copy(shares, want)
		default:
			// the headers fit; what is left goes to the columns wanting more
			for c := range ncol {
				shares[c] = need[c] + (width-minimum)*(want[c]-need[c])/(total-minimum)
			}
		}
	}
	total := 0.0
	for _, s := range shares {
		total += s
	}
	xs = make([]float64, ncol+1)
	xs[0] = f.left
	for c, s := range shares {
		xs[c+1] = xs[c] + f.width*s/total
	}
	xs[ncol] = f.right()
	return xs, ok
}

// cleanTable is a copy of t with its text made printable.
func cleanTable(t *Table) *Table {
	c := *t
	c.Caption = clean(t.Caption)
	c.Header = make([]string, len(t.Header))
	for i, h := range t.Header {
		c.Header[i] = strings.TrimSpace(clean(h))
	}
	c.Rows = make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		c.Rows[i] = make([]string, len(r))
		for j, v := range r {
			c.Rows[i][j] = strings.TrimSpace(clean(v))
		}
	}
	return &c
}
