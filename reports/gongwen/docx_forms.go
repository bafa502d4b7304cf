package gongwen

import (
	"fmt"
	"math"
	"strings"
)

// The forms and the documents made in duplicate, in Word.

// form writes a form's table as formPlan fits it.
func (x *docxWriter) form() {
	l, d := x.l, x.d
	f := gbFrame
	x.titleLines(f, l.balanceTitle(d.Title), para{})
	x.p(para{exact: f.pitch, align: "right"}, wrun{text: d.Number, size: f.size})
	top, rows, note, nf := l.formPlan()
	x.blank(top-f.slotTop(len(l.balanceTitle(d.Title))+1), false)
	// the columns: every cell's edges
	edges := map[int]bool{tw(f.left): true, tw(f.right()): true}
	for _, r := range rows {
		for _, c := range r.cells {
			edges[tw(c.x)] = true
			edges[tw(c.x+c.w)] = true
			if c.labelW > 0 {
				edges[tw(c.x+c.labelW)] = true
			}
		}
	}
	var xs []int
	for e := range edges {
		xs = append(xs, e)
	}
	sortInts(xs)
	span := func(a, b float64) int {
		n := 0
		for i := 0; i+1 < len(xs); i++ {
			if xs[i] >= tw(a) && xs[i+1] <= tw(b) {
				n++
			}
		}
		return max(n, 1)
	}
	x.b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>`)
	x.b.WriteString(`<w:tblBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="12" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="12" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="12" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders>`)
	// a millimetre to spare on the right: Word and LibreOffice measure a
	// full line a hair wider than the PDF
	fmt.Fprintf(&x.b, `<w:tblCellMar><w:top w:w="%d" w:type="dxa"/><w:left w:w="%d" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`, tw(formPadY), tw(formPadX), tw(formPadX-1))
	for i := 0; i+1 < len(xs); i++ {
		fmt.Fprintf(&x.b, `<w:gridCol w:w="%d"/>`, xs[i+1]-xs[i])
	}
	x.b.WriteString("</w:tblGrid>")
	em := FormSize * ptToMM
	lineP := func(p para, runs ...wrun) {
		p.exact = formPitch
		x.p(p, runs...)
	}
	cell := func(a, b float64, vcenter bool, body func()) {
		fmt.Fprintf(&x.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, tw(b)-tw(a))
		if n := span(a, b); n > 1 {
			fmt.Fprintf(&x.b, `<w:gridSpan w:val="%d"/>`, n)
		}
		if vcenter {
			x.b.WriteString(`<w:vAlign w:val="center"/>`)
		}
		x.b.WriteString("</w:tcPr>")
		body()
		x.b.WriteString("</w:tc>")
	}
	for _, r := range rows {
		fmt.Fprintf(&x.b, `<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="%d" w:hRule="exact"/></w:trPr>`, tw(r.height()))
		for _, c := range r.cells {
			c := c
			if c.labelW > 0 {
				cell(c.x, c.x+c.labelW, true, func() {
					for _, ln := range c.label {
						lineP(para{align: "center"}, wrun{text: ln.Text, size: FormSize})
					}
				})
			}
			cell(c.x+c.labelW, c.x+c.w, false, func() {
				lines := r.lines
				var out []func()
				if c.labelW == 0 {
					for _, ln := range c.label {
						out = append(out, func() { lineP(para{align: "left"}, wrun{text: ln.Text, size: FormSize}) })
					}
				}
				first := len(out)
				dateW := l.lineWidth(Body, FormSize, 0, c.src.Date)
				dateX := c.x + c.w - formPadX - 2*em - dateW // from the page's left
				if c.src.Seal {
					first = lines - 1 - len(c.value)
					if c.src.Date == "" {
						first++
					}
				}
				for len(out) < first {
					out = append(out, func() { lineP(para{}, wrun{size: FormSize}) })
				}
				for _, ln := range c.value {
					text := ln.Text
					if c.src.Seal {
						w := l.lineWidth(Body, FormSize, 0, text)
						pos := math.Max(c.vf.left, math.Min(dateX+(dateW-w)/2, c.vf.left+c.vf.width-w)) - (c.x + c.labelW + formPadX)
						out = append(out, func() {
							lineP(para{align: "left", tabs: []float64{pos}}, wrun{text: text, size: FormSize, tab: true})
						})
						continue
					}
					align := "both"
					if !ln.Full {
						align = "left"
					}
					out = append(out, func() { lineP(para{align: align}, wrun{text: text, size: FormSize, tight: true}) })
				}
				if c.src.Date != "" {
					for len(out) < lines-1 {
						out = append(out, func() { lineP(para{}, wrun{size: FormSize}) })
					}
					pos := dateX - (c.x + c.labelW + formPadX)
					date := c.src.Date
					out = append(out, func() {
						lineP(para{align: "left", tabs: []float64{pos}}, wrun{text: date, size: FormSize, tab: true})
					})
				}
				if len(out) == 0 {
					out = append(out, func() { lineP(para{}, wrun{size: FormSize}) })
				}
				for _, o := range out {
					o()
				}
			})
		}
		x.b.WriteString("</w:tr>")
	}
	x.b.WriteString("</w:tbl>")
	if len(note) > 0 {
		x.p(para{exact: 3}, wrun{size: 1})
		x.p(para{exact: nf.pitch, first: 2 * nf.cell()}, wrun{text: strings.TrimSpace(d.FormNote), size: nf.size})
	}
	// the continuation sheet
	var cut []*formCell
	for _, r := range rows {
		for _, c := range r.cells {
			if c.cut {
				cut = append(cut, c)
			}
		}
	}
	if len(cut) == 0 {
		return
	}
	title := "附页"
	if n := d.Number; n != "" {
		title += "（" + n + "）"
	}
	x.p(para{exact: f.pitch, align: "center", breakBefore: true}, wrun{text: title, role: Title, size: TitleSize})
	x.p(para{exact: f.pitch}, wrun{size: f.size})
	for i, c := range cut {
		if i > 0 {
			x.p(para{exact: f.pitch}, wrun{size: f.size})
		}
		x.p(para{exact: f.pitch, align: "left"}, wrun{text: c.src.Label + "（全文）", role: Heading1, size: f.size})
		for _, t := range strings.Split(c.src.Value, "\n") {
			if t = strings.TrimSpace(t); t != "" {
				x.bodyPara(f, t, ParaPlain, para{})
			}
		}
	}
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// copies writes a document made in duplicate: both copies on the halves
// of the sheet, or one page each when the PDF has them so.
func (x *docxWriter) copies() {
	l, d := x.l, x.d
	f, ok := l.copyFrame()
	if !ok {
		f = gbFrame
		x.footer = true
	} else {
		x.top, x.bottom, x.halves = halfTop, 5, true
	}
	labels := d.Copies
	if len(labels) == 0 {
		labels = []string{""}
	}
	for i, label := range labels {
		used := 0.0
		p := func(q para, runs ...wrun) {
			q.exact = f.pitch
			x.p(q, runs...)
			used += f.pitch
		}
		if i > 0 && !ok {
			x.p(para{exact: f.pitch, breakBefore: true}, wrun{size: 1})
		}
		for _, ln := range l.balanceTitle(d.Title) {
			p(para{align: "center"}, wrun{text: ln, role: Title, size: TitleSize})
		}
		// the number flush right, whatever width Word gives it
		p(para{align: "left", rightTab: f.width},
			wrun{text: label, role: Heading2, size: f.size}, wrun{text: d.Number, size: f.size, tab: true})
		if r := strings.TrimSpace(d.Recipient); r != "" {
			if !strings.HasSuffix(r, "：") {
				r += "："
			}
			p(para{align: "left"}, wrun{text: r, size: f.size})
		}
		items, _ := l.bodyItems(f) // as many lines as the PDF's
		used += float64(len(items)) * f.pitch
		for _, bp := range d.Paragraphs {
			for _, t := range strings.Split(bp.Text, "\n") {
				if t = strings.TrimSpace(t); t != "" {
					x.bodyPara(f, t, bp.Style, para{})
				}
			}
		}
		var beside []string
		if i == 0 {
			beside = receiptParts(d.Receipt)
		}
		above, below := x.signature(f, beside)
		used += float64(above+2) * f.pitch
		if r := strings.TrimSpace(d.ReportTo); r != "" {
			for range below {
				p(para{}, wrun{size: f.size})
			}
			if !strings.HasSuffix(r, "。") {
				r += "。"
			}
			p(para{align: "left"}, wrun{text: "抄报：" + r, size: f.size})
		}
		if ok && i == 0 {
			// down to the cutting line, then to the second copy's top
			rest := PageHeight/2 - halfTop - used
			x.p(para{exact: math.Max(rest-0.3, 0.5),
				border: `<w:bottom w:val="dashed" w:sz="4" w:space="0" w:color="000000"/>`}, wrun{size: 1})
			x.p(para{exact: halfTop - 0.3}, wrun{size: 1})
		}
	}
}
