package gongwen

import (
	"fmt"
	"math"
	"strings"
)

// Forms: a title, the number, and a ruled table of labels and values in
// 4号仿宋, filling the text block.

const (
	formPitch = 7.0 // mm between lines of a table cell at 4号
	formPadX  = 2.0 // mm between a cell's border and its text
	formPadY  = 1.2
	ruleThin  = 0.25 // mm: inner table rules
	ruleThick = 0.5  // mm: the table's border
)

// formRow is a row broken into lines for the table.
type formRow struct {
	label []Line
	value []Line
	date  string
	lines int // height in lines
	flex  bool
	part  string
}

func (l *layouter) form() {
	d := l.doc
	f := gbFrame
	page := l.newPage()
	slot := 0
	for _, it := range l.titleItems(d.Title) {
		it.emit(page, f, slot)
		slot++
	}
	if d.Number != "" {
		sp := f.cell() - f.size*ptToMM
		w := l.lineWidth(Body, f.size, sp, d.Number)
		page.Runs = append(page.Runs, l.simple(f.right()-w, baseline(f.slotTop(slot), f.pitch, f.size), f.size, sp, Body, d.Number, Black, source{part: "编号"})...)
	}
	slot++
	top := f.slotTop(slot) + 2

	em := FormSize * ptToMM
	labelW := 0.0
	for _, row := range d.Form {
		labelW = math.Max(labelW, l.width(Body, FormSize, row.Label))
	}
	// long labels wrap: the column is at most six characters wide
	labelW = math.Min(labelW, 6*em) + 2*formPadX
	valueW := f.width - labelW
	labelFrame := frame{left: f.left + formPadX, width: labelW - 2*formPadX, pitch: formPitch, size: FormSize}
	labelFrame.cells = labelFrame.width / em
	valueFrame := frame{left: f.left + labelW + formPadX, width: valueW - 2*formPadX, pitch: formPitch, size: FormSize}
	valueFrame.cells = valueFrame.width / em

	rows := make([]formRow, len(d.Form))
	total := 0.0
	for i, fr := range d.Form {
		r := formRow{date: fr.Date, flex: fr.Flex, part: fmt.Sprintf("“%s”栏", fr.Label)}
		lb := Breaker{Width: labelFrame.cells, Advance: l.fonts.Face(Body).Advance}
		r.label = lb.Break(fr.Label)
		vb := Breaker{Width: valueFrame.cells, Advance: l.fonts.Face(Body).Advance, Keep: l.keep()}
		for _, para := range strings.Split(fr.Value, "\n") {
			if strings.TrimSpace(para) == "" && fr.Value == "" {
				continue
			}
			r.value = append(r.value, vb.Break(para)...)
		}
		r.lines = max(fr.Lines, len(r.label), len(r.value)+boolInt(r.date != ""), 1)
		rows[i] = r
		total += float64(r.lines)*formPitch + 2*formPadY
	}

	// the note under the table, in 小四 (12 pt)
	noteFrame := frame{left: f.left, width: f.width, pitch: 6.5, size: 12}
	noteFrame.cells = noteFrame.width / (noteFrame.size * ptToMM)
	var noteItems []item
	if n := strings.TrimSpace(d.FormNote); n != "" {
		noteItems = l.textItems(noteFrame, n, 2, ParaPlain, "说明")
	}
	noteH := float64(len(noteItems)) * noteFrame.pitch
	bottom := f.top + BlockHeight
	// spare height goes to the flexible rows when the table fits one page
	if spare := bottom - noteH - 3 - top - total; spare > 0 {
		var flex []int
		for i, r := range rows {
			if r.flex {
				flex = append(flex, i)
			}
		}
		if add := int(spare / formPitch / math.Max(1, float64(len(flex)))); add > 0 {
			for _, i := range flex {
				rows[i].lines += add
			}
		}
	}

	y := top
	segTop := top
	closeSegment := func(p *Page, yEnd float64) {
		p.Shapes = append(p.Shapes, Shape{Kind: ShapeRect, X1: f.left, Y1: segTop, X2: f.right(), Y2: yEnd, Width: ruleThick, Color: Black})
	}
	for ri, r := range rows {
		done := 0 // lines of the row already placed
		for first := true; first || done < r.lines; first = false {
			room := int((bottom - y - 2*formPadY) / formPitch)
			n := r.lines - done
			if n > room {
				if room < 2 && y > segTop {
					closeSegment(page, y)
					page = l.newPage()
					y, segTop = f.top, f.top
					continue
				}
				n = room
			}
			rowTop := y
			h := float64(n)*formPitch + 2*formPadY
			// label, centred in the row's first part
			if done == 0 {
				lt := rowTop + formPadY + (float64(n)-float64(len(r.label)))*formPitch/2
				for i, ln := range r.label {
					page.Runs = append(page.Runs, l.centred(labelFrame, lt+float64(i)*formPitch, ln.Text, source{part: r.part + "名称"})...)
				}
			} else {
				page.Runs = append(page.Runs, l.centred(labelFrame, rowTop+formPadY, "（续）", source{part: r.part + "名称"})...)
			}
			for k := done; k < done+n && k < len(r.value); k++ {
				ln := r.value[k]
				vf := valueFrame
				vf.top = rowTop + formPadY - float64(done)*formPitch
				page.Runs = append(page.Runs, l.justified(vf, k, ln, func(int) Role { return Body }, source{part: r.part, offset: ln.Start})...)
			}
			if r.date != "" && done+n == r.lines {
				w := l.lineWidth(Body, FormSize, 0, r.date)
				bl := baseline(rowTop+formPadY+float64(n-1)*formPitch, formPitch, FormSize)
				page.Runs = append(page.Runs, l.simple(f.right()-formPadX-2*em-w, bl, FormSize, 0, Body, r.date, Black, source{part: r.part})...)
			}
			page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: f.left + labelW, Y1: rowTop, X2: f.left + labelW, Y2: rowTop + h, Width: ruleThin, Color: Black})
			if ri < len(rows)-1 || done+n < r.lines {
				page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: f.left, Y1: rowTop + h, X2: f.right(), Y2: rowTop + h, Width: ruleThin, Color: Black})
			}
			y += h
			done += n
			if done < r.lines {
				closeSegment(page, y)
				page = l.newPage()
				y, segTop = f.top, f.top
			}
		}
	}
	closeSegment(page, y)

	if len(noteItems) > 0 {
		nf := noteFrame
		nf.top = y + 3
		nf.lines = int((bottom-nf.top)/nf.pitch + 1e-6)
		if nf.lines < 1 {
			page = l.newPage()
			nf.top = f.top
			nf.lines = int(BlockHeight / nf.pitch)
		}
		l.flow(noteItems, nf, 0, page)
	}
	if len(l.pages) > 1 {
		l.numberPages(true)
	}
}

// centred places a line of a table's label column centred in f, on the
// line whose top is top; a squeezed line fills the column.
func (l *layouter) centred(f frame, top float64, text string, src source) []Run {
	w := l.lineWidth(Body, f.size, 0, text)
	x, sp := f.left+(f.width-w)/2, 0.0
	if n := len([]rune(text)); w > f.width && n > 1 {
		x, sp = f.left, (f.width-l.width(Body, f.size, text))/float64(n-1)
	}
	return l.simple(x, baseline(top, f.pitch, f.size), f.size, sp, Body, text, Black, src)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Half-page parts of a document made in duplicate: 13 lines of 3号 text on
// a 9 mm pitch in each half of the A4, with a dashed cutting line between.
var halfFrames = [2]frame{
	{top: 18, left: MarginLeft, width: BlockWidth, lines: 13, pitch: 9, cells: CharsPerLine, size: BodySize},
	{top: PageHeight/2 + 18, left: MarginLeft, width: BlockWidth, lines: 13, pitch: 9, cells: CharsPerLine, size: BodySize},
}

// copies lays out a short document made in duplicate (催办通知单): each
// copy labelled, both on one page cut in half when they fit, otherwise one
// page each.
func (l *layouter) copies() {
	d := l.doc
	labels := d.Copies
	if len(labels) == 0 {
		labels = []string{""}
	}
	parts := make([][]item, len(labels))
	fits := len(labels) == 2
	for i, label := range labels {
		parts[i] = l.copyItems(label, i == 0)
		if len(parts[i]) > halfFrames[i%2].lines {
			fits = false
		}
	}
	if fits {
		page := l.newPage()
		for i, items := range parts {
			for slot, it := range items {
				if it.emit != nil {
					it.emit(page, halfFrames[i], slot)
				}
			}
		}
		page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: 10, Y1: PageHeight / 2, X2: PageWidth - 10, Y2: PageHeight / 2, Width: ruleThin, Color: Black, Dash: true})
		return
	}
	for _, items := range parts {
		l.flow(items, gbFrame, 0, l.newPage())
	}
	if len(l.pages) > 1 {
		l.numberPages(true)
	}
}

// copyItems are the lines of one copy: title, copy label and number, 主送,
// body, 署名 and date, and on the first copy the receipt line.
func (l *layouter) copyItems(label string, first bool) []item {
	d := l.doc
	items := l.titleItems(d.Title)
	items = append(items, item{emit: func(p *Page, f frame, slot int) {
		sp := f.cell() - f.size*ptToMM
		bl := baseline(f.slotTop(slot), f.pitch, f.size)
		if label != "" {
			p.Runs = append(p.Runs, l.simple(f.left, bl, f.size, sp, Heading2, label, Black, source{part: "联次"})...)
		}
		if d.Number != "" {
			w := l.lineWidth(Body, f.size, sp, d.Number)
			p.Runs = append(p.Runs, l.simple(f.right()-w, bl, f.size, sp, Body, d.Number, Black, source{part: "编号"})...)
		}
	}})
	if r := strings.TrimSpace(d.Recipient); r != "" {
		if !strings.HasSuffix(r, "：") {
			r += "："
		}
		items = append(items, l.textItems(gbFrame, r, 0, ParaPlain, "主送")...)
	}
	items = append(items, l.bodyItems(gbFrame)...)
	items = append(items, l.signItems(false)...)
	if first && strings.TrimSpace(d.Receipt) != "" {
		items = append(items, l.textItems(gbFrame, strings.TrimSpace(d.Receipt), 0, ParaPlain, "签收栏")...)
	}
	return items
}
