package gongwen

import (
	"fmt"
	"math"
	"strings"
)

// Forms: a title, the number, and a ruled table of labels and values in
// 4号仿宋, on one sheet whatever the content: a value too long for the
// sheet is cut with "（详见附页）" and printed whole on a continuation
// sheet (附页), never split across the signature rows.

const (
	formPitch = 7.0 // mm between lines of a table cell at 4号
	formPadX  = 2.0 // mm between a cell's border and its text
	formPadY  = 1.2
	ruleThin  = 0.25 // mm: inner table rules
	ruleThick = 0.5  // mm: the table's border
	// seeAttached ends a value cut short on the sheet.
	seeAttached = "……（详见附页）"
)

// formCell is one label and value of a row, broken into lines.
type formCell struct {
	src     FormRow
	label   []Line
	value   []Line
	x, w    float64 // the cell's left edge and width, label column included
	labelW  float64 // 0 when the label is a caption above the value
	vf      frame   // the value's frame (top set when drawn)
	lines   int     // height in lines
	part    string
	cut     bool // the value was cut short: see the continuation sheet
	minimum int  // the fewest lines the value may be cut to
}

// formRow is a row of the table: one cell, or two side by side.
type formRow struct {
	cells []*formCell
	lines int
}

func (r *formRow) height() float64 { return float64(r.lines)*formPitch + 2*formPadY }

func (l *layouter) form() {
	d := l.doc
	f := gbFrame
	page := l.newPage()
	slot := 0
	for _, it := range l.titleItems(l.balanceTitle(d.Title)) {
		it.emit(page, f, slot)
		slot++
	}
	if d.Number != "" {
		sp := f.cell() - f.size*ptToMM
		w := l.lineWidth(Body, f.size, sp, d.Number)
		page.Runs = append(page.Runs, l.simple(f.right()-w, baseline(f.slotTop(slot), f.pitch, f.size), f.size, sp, Body, d.Number, Black, source{part: "编号"})...)
	}
	top, rows, noteItems, noteFrame := l.formPlan()
	y := top
	for ri, r := range rows {
		h := r.height()
		for ci, c := range r.cells {
			l.drawCell(page, c, y, h, r.lines)
			if ci > 0 {
				page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: c.x, Y1: y, X2: c.x, Y2: y + h, Width: ruleThin, Color: Black})
			}
		}
		if ri < len(rows)-1 {
			page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: f.left, Y1: y + h, X2: f.right(), Y2: y + h, Width: ruleThin, Color: Black})
		}
		y += h
	}
	page.Shapes = append(page.Shapes, Shape{Kind: ShapeRect, X1: f.left, Y1: top, X2: f.right(), Y2: y, Width: ruleThick, Color: Black})

	if len(noteItems) > 0 {
		nf := noteFrame
		nf.top = y + 3
		nf.lines = len(noteItems)
		l.flow(noteItems, nf, 0, page)
	}
	l.continuation(rows)
}

// formPlan breaks the form's rows and fits them to the sheet: the table's
// top, its rows, and the note under it with its frame.
func (l *layouter) formPlan() (top float64, rows []*formRow, noteItems []item, noteFrame frame) {
	d := l.doc
	f := gbFrame
	top = f.slotTop(len(l.balanceTitle(d.Title))+1) + 2
	em := FormSize * ptToMM
	labelW := 0.0
	for _, row := range d.Form {
		labelW = math.Max(labelW, l.width(Body, FormSize, row.Label))
	}
	// long labels wrap: the column is at most six characters wide
	labelW = math.Min(labelW, 6*em) + 2*formPadX

	rows = make([]*formRow, len(d.Form))
	for i, fr := range d.Form {
		row := &formRow{}
		switch {
		case fr.Beside == nil:
			row.cells = []*formCell{l.formCell(fr, f.left, f.width, labelW)}
		case fr.Seal || fr.Beside.Seal:
			row.cells = []*formCell{l.formCell(fr, f.left, f.width/2, 0), l.formCell(*fr.Beside, f.left+f.width/2, f.width/2, 0)}
		default:
			// the right half's labels as wide as they need
			right := math.Min(l.width(Body, FormSize, fr.Beside.Label), 6*em) + 2*formPadX
			row.cells = []*formCell{l.formCell(fr, f.left, f.width/2, labelW), l.formCell(*fr.Beside, f.left+f.width/2, f.width/2, right)}
		}
		rows[i] = row
	}

	// the note under the table, in 小四 (12 pt)
	noteFrame = frame{left: f.left, width: f.width, pitch: 6.5, size: 12}
	noteFrame.cells = noteFrame.width / (noteFrame.size * ptToMM)
	if n := strings.TrimSpace(d.FormNote); n != "" {
		noteItems = l.textItems(noteFrame, n, 2, ParaPlain, "说明")
	}
	bottom := f.top + BlockHeight
	room := bottom - float64(len(noteItems))*noteFrame.pitch - 3 - top
	l.fitForm(rows, room)
	return top, rows, noteItems, noteFrame
}

// formCell breaks one label and value into lines for a cell at x of width
// w; labelW 0 captions the value with its label instead of a label column.
func (l *layouter) formCell(fr FormRow, x, w, labelW float64) *formCell {
	em := FormSize * ptToMM
	c := &formCell{src: fr, x: x, w: w, labelW: labelW, part: fmt.Sprintf("“%s”栏", fr.Label)}
	lw := labelW - 2*formPadX
	if labelW == 0 {
		lw = w - 2*formPadX
	}
	lb := Breaker{Width: lw / em, Advance: l.fonts.Face(Body).Advance}
	c.label = lb.Break(fr.Label)
	c.vf = frame{left: x + labelW + formPadX, width: w - labelW - 2*formPadX, pitch: formPitch, size: FormSize}
	c.vf.cells = c.vf.width / em
	c.value = l.breakValue(c, fr.Value)
	c.minimum = 2
	c.lines = max(fr.Lines, len(c.label), len(c.value)+boolInt(fr.Date != ""), 1)
	if labelW == 0 {
		c.lines = max(fr.Lines, len(c.label)+len(c.value)+boolInt(fr.Date != ""))
	}
	if fr.Seal {
		// the seal's place clear of the caption, over the 署名 and date
		c.lines = max(c.lines, len(c.label)+int(math.Ceil((SealDiameter+1)/formPitch)))
	}
	return c
}

func (l *layouter) breakValue(c *formCell, value string) []Line {
	vb := Breaker{Width: c.vf.cells, Advance: l.fonts.Face(Body).Advance, Keep: l.keep()}
	var out []Line
	for _, para := range strings.Split(value, "\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		out = append(out, vb.Break(para)...)
	}
	return out
}

func (r *formRow) fit() {
	r.lines = 1
	for _, c := range r.cells {
		r.lines = max(r.lines, c.lines)
	}
}

// fitForm makes the rows fill room exactly: spare height goes to the
// flexible rows; an overflow is taken from the longest values, the Short
// ones first, each cut to what fits with "（详见附页）".
func (l *layouter) fitForm(rows []*formRow, room float64) {
	total := func() float64 {
		t := 0.0
		for _, r := range rows {
			r.fit()
			t += r.height()
		}
		return t
	}
	for pass := 0; pass < 2 && total() > room+1e-6; pass++ {
		for total() > room+1e-6 {
			// the longest value that may still give up a line
			var best *formCell
			for _, r := range rows {
				for _, c := range r.cells {
					if c.src.Seal || (pass == 0 && !c.src.Short) || len(c.value) <= c.minimum || c.lines < r.lines {
						continue
					}
					if best == nil || len(c.value) > len(best.value) {
						best = c
					}
				}
			}
			if best == nil {
				break
			}
			l.cutCell(best, len(best.value)-1)
		}
	}
	if spare := room - total(); spare > 0 {
		var flex []*formRow
		for _, r := range rows {
			for _, c := range r.cells {
				if c.src.Flex {
					flex = append(flex, r)
					break
				}
			}
		}
		if add := int(spare / formPitch / math.Max(1, float64(len(flex)))); add > 0 {
			for _, r := range flex {
				for _, c := range r.cells {
					if c.src.Flex {
						c.lines += add
					}
				}
			}
		}
		total()
	}
}

// cutCell cuts c's value to n lines, the last ending with seeAttached.
func (l *layouter) cutCell(c *formCell, n int) {
	rs := []rune(strings.ReplaceAll(c.src.Value, "\n", ""))
	lo, hi := 0, len(rs)
	for lo < hi { // the longest prefix that fits with the mark
		mid := (lo + hi + 1) / 2
		if len(l.breakValue(c, string(rs[:mid])+seeAttached)) <= n {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	c.value = l.breakValue(c, string(rs[:lo])+seeAttached)
	c.cut = true
	c.lines = len(c.value) + boolInt(c.src.Date != "")
	if c.labelW == 0 {
		c.lines += len(c.label)
	}
	c.lines = max(c.lines, len(c.label))
}

// drawCell prints a cell whose row starts at y, h mm and lines lines high.
func (l *layouter) drawCell(page *Page, c *formCell, y, h float64, lines int) {
	em := FormSize * ptToMM
	body := func(int) Role { return Body }
	if c.labelW > 0 {
		lf := frame{left: c.x + formPadX, width: c.labelW - 2*formPadX, pitch: formPitch, size: FormSize}
		lt := y + formPadY + (float64(lines)-float64(len(c.label)))*formPitch/2
		for i, ln := range c.label {
			page.Runs = append(page.Runs, l.centred(lf, lt+float64(i)*formPitch, ln.Text, source{part: c.part + "名称"})...)
		}
		page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: c.x + c.labelW, Y1: y, X2: c.x + c.labelW, Y2: y + h, Width: ruleThin, Color: Black})
	} else {
		// a caption at the top left of the cell
		for i, ln := range c.label {
			bl := baseline(y+formPadY+float64(i)*formPitch, formPitch, FormSize)
			page.Runs = append(page.Runs, l.simple(c.x+formPadX, bl, FormSize, 0, Body, ln.Text, Black, source{part: c.part + "名称"})...)
		}
	}
	vf := c.vf
	vf.top = y + formPadY
	first := 0
	if c.labelW == 0 {
		first = len(c.label)
	}
	dateW := l.lineWidth(Body, FormSize, 0, c.src.Date)
	dateX := c.x + c.w - formPadX - 2*em - dateW
	if c.src.Seal {
		// the 署名 centred over the date at the cell's foot, the seal on
		// both, its top clear of the caption
		first = lines - 1 - len(c.value)
		if c.src.Date == "" {
			first++
		}
	}
	for k, ln := range c.value {
		if c.src.Seal {
			w := l.lineWidth(Body, FormSize, 0, ln.Text)
			x := math.Max(vf.left, math.Min(dateX+(dateW-w)/2, vf.left+vf.width-w))
			page.Runs = append(page.Runs, l.simple(x, baseline(vf.slotTop(first+k), formPitch, FormSize), FormSize, 0, Body, ln.Text, Black, source{part: c.part, offset: ln.Start})...)
			continue
		}
		page.Runs = append(page.Runs, l.justified(vf, first+k, ln, body, source{part: c.part, offset: ln.Start})...)
	}
	dateLine := lines - 1
	if c.src.Date != "" {
		bl := baseline(vf.slotTop(dateLine), formPitch, FormSize)
		page.Runs = append(page.Runs, l.simple(dateX, bl, FormSize, 0, Body, c.src.Date, Black, source{part: c.part})...)
	}
	if c.src.Seal {
		// on the 署名 and date, clear of the caption above and the row's foot
		captionBottom := y + formPadY + float64(len(c.label))*formPitch
		cy := math.Max(captionBottom+0.5+SealDiameter/2, math.Min(vf.slotTop(first), y+h-SealDiameter/2-0.5))
		cx := dateX + dateW/2
		cx = math.Min(math.Max(cx, c.x+SealDiameter/2+1), c.x+c.w-SealDiameter/2-1)
		seal := Shape{Kind: ShapeCircle, X1: cx, Y1: cy, R: SealDiameter / 2, Width: 0.3, Color: Red, Dash: true, Guide: true}
		if !l.doc.Draft {
			page.Shapes = append(page.Shapes, seal)
			page.Seals = append(page.Seals, seal)
		}
	}
}

// continuation prints the values cut short on the sheet in full, on a
// continuation sheet (附页) after it.
func (l *layouter) continuation(rows []*formRow) {
	var items []item
	f := gbFrame
	for _, r := range rows {
		for _, c := range r.cells {
			if !c.cut {
				continue
			}
			if len(items) > 0 {
				items = append(items, item{blank: true})
			}
			head := c.src.Label + "（全文）"
			items = append(items, item{emit: func(p *Page, f frame, slot int) {
				p.Runs = append(p.Runs, l.simple(f.left, baseline(f.slotTop(slot), f.pitch, f.size), f.size, f.cell()-f.size*ptToMM, Heading1, head, Black, source{part: "附页"})...)
			}})
			for _, para := range strings.Split(c.src.Value, "\n") {
				if para = strings.TrimSpace(para); para != "" {
					items = append(items, l.textItems(f, para, 2, ParaPlain, c.part+"全文")...)
				}
			}
		}
	}
	if len(items) == 0 {
		return
	}
	page := l.newPage()
	page.Part = "附页"
	title := "附页"
	if n := l.doc.Number; n != "" {
		title += "（" + n + "）"
	}
	page.Runs = append(page.Runs, l.simple(f.left+(f.width-l.width(Title, TitleSize, title))/2, baseline(f.slotTop(0), f.pitch, TitleSize), TitleSize, 0, Title, title, Black, source{part: "附页"})...)
	l.flow(items, f, 2, page)
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

// halfTop and halfHeight place the copies of a document made in
// duplicate on the two halves of the A4, with a dashed cutting line
// between them.
const (
	halfTop    = 12.0
	halfHeight = PageHeight/2 - halfTop - 8
)

// copies lays out a short document made in duplicate (催办通知单): each
// copy labelled, both on one sheet cut in half. The pitch closes up (to 8
// mm, then the text to 4号) as far as the copies need; only a text too
// long for that takes a page for each copy.
func (l *layouter) copies() {
	d := l.doc
	labels := d.Copies
	if len(labels) == 0 {
		labels = []string{""}
	}
	if f, ok := l.copyFrame(); ok {
		page := l.newPage()
		for i, label := range labels {
			hf := f
			hf.top = float64(i)*PageHeight/2 + halfTop
			items := l.copyItems(hf, label, i == 0)
			hf.lines = len(items)
			l.flow(items, hf, 0, page)
		}
		page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: 10, Y1: PageHeight / 2, X2: PageWidth - 10, Y2: PageHeight / 2, Width: ruleThin, Color: Black, Dash: true})
		return
	}
	for i, label := range labels {
		l.flow(l.copyItems(gbFrame, label, i == 0), gbFrame, 0, l.newPage())
	}
	if len(l.pages) > 1 {
		l.numberPages(true)
	}
}

// copyFrame is the frame both copies of a document made in duplicate are
// set on, one in each half of the sheet; ok is false when they do not fit.
func (l *layouter) copyFrame() (f frame, ok bool) {
	labels := l.doc.Copies
	if len(labels) != 2 {
		return f, false
	}
	for _, size := range []float64{BodySize, FormSize} {
		f = frame{left: MarginLeft, width: BlockWidth, size: size, pitch: 9, tsize: FormSize, cells: CharsPerLine}
		if size != BodySize {
			f.cells = math.Floor(BlockWidth / (size * ptToMM))
		}
		for range 3 { // the pitch decides the blank lines around the seal, which decide the pitch
			n := 0
			for i, label := range labels {
				n = max(n, len(l.copyItems(f, label, i == 0)))
			}
			f.pitch = math.Min(9, halfHeight/float64(n))
		}
		if f.pitch >= 8 {
			return f, true
		}
	}
	return f, false
}

// copyItems are the lines of one copy on frame f: title, copy label and
// number, 主送, body, 署名 and date with the seal's place, 抄报; on the
// first copy the receipt, beside the 署名 and date.
func (l *layouter) copyItems(f frame, label string, first bool) []item {
	d := l.doc
	items := l.titleItems(l.balanceTitle(d.Title))
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
		items = append(items, l.textItems(f, r, 0, ParaPlain, "主送")...)
	}
	body, _ := l.bodyItems(f)
	items = append(items, body...)
	report := strings.TrimSpace(d.ReportTo)
	var beside []string
	if first {
		// the recipient signs on the 存根, left of the 署名 and date
		beside = receiptParts(d.Receipt)
	}
	items = append(items, l.signItems(f, report != "", beside)...)
	if report != "" {
		if !strings.HasSuffix(report, "。") {
			report += "。"
		}
		items = append(items, l.textItems(f, "抄报："+report, 0, ParaPlain, "抄报")...)
	}
	return items
}
