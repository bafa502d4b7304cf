package gongwen

import (
	"fmt"
	"math"
	"strings"
)

// The 文件格式 and 信函格式 in Word: the body, the 署名, the attachments,
// the tables and the 版记.

// letter writes the 文件格式 and 信函格式 documents.
func (x *docxWriter) letter() {
	l, d := x.l, x.d
	f := l.grid
	isLetter := formatOf(d.Kind) == formatLetter
	x.footer = true
	x.first = isLetter
	em := f.size * ptToMM
	name := strings.TrimSpace(d.IssuingBody)
	msize := l.mastheadSize(name)
	mem := msize * ptToMM
	// the 版头's height in the text block: as many lines as the body's
	// (twDown(f.pitch) each)
	head := float64(l.headSlot*twDown(f.pitch)) / twip
	x170 := (170 - BlockWidth) / 2
	if isLetter {
		// 标志 30 mm from the page's top, in a frame above the text block
		fmt.Fprintf(&x.b, `<w:p><w:pPr><w:framePr w:w="%d" w:h="%d" w:hRule="exact" w:wrap="notBeside" w:vAnchor="page" w:hAnchor="page" w:x="%d" w:y="%d"/><w:widowControl w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>%s</w:p>`,
			tw(BlockWidth), tw(mem), tw(MarginLeft), tw(LetterTop), tw(mem), x.runXML(wrun{text: name, role: Title, size: msize, color: Red}))
		// the text starts under the frame: the double line 4 mm below it,
		// the number 7/8 of a character under the line; in whole twips,
		// the rest of the 版头 down to its last line (the double line,
		// w:sz 18, is 3.74 pt: 2.25 pt, a gap and a line of 0.75 pt)
		x.p(para{exact: RuleGap, left: -x170, right: -x170,
			border: `<w:bottom w:val="thickThinSmallGap" w:sz="18" w:space="0" w:color="E60012"/>`}, wrun{size: 1})
		const double = 75
		rest := tw(head) - (tw(LetterTop) + tw(mem) - tw(MarginTop)) - twDown(RuleGap) - double
		number := min(twDown(1.35+em*7/8+em), rest)
		x.p(para{exact: (float64(number) + 0.5) / twip, align: "right"}, wrun{text: d.Number, size: f.size})
		if r := rest - number; r > 0 {
			x.blank((float64(r)+0.5)/twip, false)
		}
	} else {
		x.blank(MastheadGap, false)
		x.p(para{exact: mem + 0.3, align: "center"}, wrun{text: name, role: Title, size: msize, color: Red})
		numTop := 2 * f.pitch
		x.blank(numTop, false)
		const rule = 14 // the red rule under the number, in eighths of a point: it adds to the paragraph's height
		x.p(para{exact: (f.pitch+em)/2 + RuleGap, align: "center",
			border: fmt.Sprintf(`<w:bottom w:val="single" w:sz="%d" w:space="0" w:color="E60012"/>`, rule)}, wrun{text: d.Number, size: f.size})
		// the rest of the 版头 in whole twips: what is written above
		// adds up to exactly the lines it takes
		used := twDown(MastheadGap) + twDown(mem+0.3) + twDown(numTop) + twDown((f.pitch+em)/2+RuleGap) + rule*20/8
		if r := tw(head) - used; r > 0 {
			x.blank((float64(r)+0.5)/twip, false)
		}
	}
	// two lines, the title, a line, 主送
	x.blank(f.pitch, true)
	x.blank(f.pitch, true)
	x.titleLines(f, l.titleLines(), para{keepNext: true})
	if r := strings.TrimSpace(d.Recipient); r != "" {
		if !strings.HasSuffix(r, "：") && !strings.HasSuffix(r, ":") {
			r += "："
		}
		x.blank(f.pitch, false)
		x.p(para{exact: f.pitch, align: "both"}, wrun{text: r, size: f.size})
	}
	// the body; the closing and the last lines before it kept with the 署名
	type bp struct {
		text  string
		style ParaStyle
		table *Table
	}
	var paras []bp
	for _, p := range d.Paragraphs {
		if p.Table != nil {
			paras = append(paras, bp{table: p.Table})
			continue
		}
		for _, t := range strings.Split(p.Text, "\n") {
			if t = strings.TrimSpace(t); t != "" {
				paras = append(paras, bp{text: t, style: p.Style})
			}
		}
	}
	keepFrom := len(paras)
	for i := len(paras) - 1; i >= 0 && paras[i].table == nil; i-- {
		keepFrom = i
		if !closing.MatchString(paras[i].text) {
			break
		}
	}
	for i, p := range paras {
		if p.table != nil {
			x.table(f, p.table)
			continue
		}
		x.bodyPara(f, p.text, p.style, para{keepNext: i >= keepFrom, keepLines: i > keepFrom})
	}
	// 附件说明
	if as := d.Attachments; len(as) > 0 {
		x.blank(f.pitch, true)
		for i, a := range as {
			name := strings.TrimSpace(a.Title)
			if len(as) > 1 {
				name = fmt.Sprintf("%d.%s", i+1, name)
			}
			lead := "附件："
			if i > 0 {
				lead = ""
			}
			x.p(para{exact: f.pitch, left: 5 * f.cell(), hanging: 3 * f.cell(), keepNext: true, align: "left", tabs: []float64{5 * f.cell()}},
				wrun{text: lead, size: f.size}, wrun{text: name, size: f.size, tab: true})
		}
	}
	x.signature(f, receiptParts(d.Receipt))
	for _, n := range d.Notes {
		if n = strings.TrimSpace(n); n != "" {
			if !strings.HasPrefix(n, "（") {
				n = "（" + n + "）"
			}
			x.bodyPara(f, n, ParaPlain, para{})
		}
	}
	if c := strings.TrimSpace(d.CopyNote); c != "" {
		x.bodyPara(f, c, ParaPlain, para{})
	}
	end := x.contentEnd()
	for i, a := range d.Attachments {
		x.attachment(i, a)
	}
	x.foot(end)
}

// contentEnd is the slot after the text on the last page of the PDF
// before the attachments, for placing the 版记.
func (x *docxWriter) contentEnd() int {
	l := x.l
	pages := l.pages
	last := len(pages) - 1
	for last > 0 && pages[last].Part != "" {
		last--
	}
	if len(x.d.Attachments) == 0 {
		last -= l.footPages()
	}
	f := l.grid
	end := 0
	for _, r := range pages[max(last, 0)].Runs {
		if r.src.part == "页码" || r.src.part == "草稿标记" || r.src.part == "版记" || r.src.part == "发文机关标志" {
			continue
		}
		if s := int(math.Floor((r.Top - f.top + 0.01) / f.pitch)); s+1 > end {
			end = s + 1
		}
	}
	// the seal reaches below the date
	for _, s := range pages[max(last, 0)].Seals {
		if e := int(math.Ceil((s.Y1 + s.R - f.top) / f.pitch)); e > end {
			end = e
		}
	}
	return end
}

// signature writes the 署名 and date as the PDF sets them (signItems):
// blank lines for the seal, the 署名 centred over the date. beside are
// texts printed at the left on the same two lines (the 存根's receipt).
// It returns the blank lines above the 署名 and those due below the date.
func (x *docxWriter) signature(f frame, beside []string) (above, below int) {
	d := x.d
	at := x.l.signPlace(f)
	signer, date, signX, dateX := at.signer, at.date, at.signX, at.dateX
	above = 1
	if !d.Draft {
		above, below, _ = sealPlace(f.pitch, f.size*ptToMM)
	}
	for range above {
		x.p(para{exact: f.pitch, keepNext: true}, wrun{size: f.size})
	}
	left := func(i int) wrun {
		if i < len(beside) {
			return wrun{text: strings.TrimSpace(beside[i]), size: f.size}
		}
		return wrun{size: f.size}
	}
	x.p(para{exact: f.pitch, keepNext: true, align: "left", tabs: []float64{signX - f.left}}, left(0), wrun{text: signer, size: f.size, tab: true})
	x.p(para{exact: f.pitch, align: "left", tabs: []float64{dateX - f.left}}, left(1), wrun{text: date, size: f.size, tab: true})
	return above, below
}

// attachment writes attachment i from a new page.
func (x *docxWriter) attachment(i int, a Attachment) {
	l, d := x.l, x.d
	f := gbFrame
	label := "附件"
	if len(d.Attachments) > 1 {
		label += fmt.Sprint(i + 1)
	}
	x.p(para{exact: f.pitch, breakBefore: true, align: "left", keepNext: true}, wrun{text: label, role: Heading1, size: f.size})
	x.p(para{exact: f.pitch, keepNext: true}, wrun{size: f.size})
	x.titleLines(f, l.balanceTitle(a.Title), para{keepNext: true})
	x.p(para{exact: f.pitch, keepNext: true}, wrun{size: f.size})
	tablesOnly := len(a.Paragraphs) > 0
	for _, p := range a.Paragraphs {
		tablesOnly = tablesOnly && p.Table != nil
	}
	cf := f
	if tablesOnly {
		cf = compactFrame
	}
	for _, p := range a.Paragraphs {
		if p.Table != nil {
			x.table(cf, p.Table)
			continue
		}
		for _, t := range strings.Split(p.Text, "\n") {
			if t = strings.TrimSpace(t); t != "" {
				x.bodyPara(cf, t, p.Style, para{})
			}
		}
	}
}

func cellBorders(thick bool) string {
	sz := 4
	if thick {
		sz = 8
	}
	return fmt.Sprintf(`<w:top w:val="single" w:sz="%d" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="%d" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="%d" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="%d" w:space="0" w:color="000000"/>`, sz, sz, sz, sz)
}

// table writes a ruled table as the PDF sets it on frame f: its columns,
// its text size, each row as many lines high, the header repeated on each
// page.
func (x *docxWriter) table(f frame, t *Table) {
	l := x.l
	g, ok := l.tableGeometry(f, t)
	if !ok {
		return
	}
	if c := strings.TrimSpace(g.t.Caption); c != "" {
		x.p(para{exact: f.pitch, align: "center", keepNext: true}, wrun{text: c, role: Heading1, size: g.size})
	}
	x.b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>`)
	x.b.WriteString(`<w:tblBorders>` + strings.ReplaceAll(cellBorders(true), "w:left", "w:left") + `<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>`)
	fmt.Fprintf(&x.b, `<w:tblCellMar><w:left w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`, tw(tablePadX), tw(tablePadX))
	for c := range g.ncol {
		fmt.Fprintf(&x.b, `<w:gridCol w:w="%d"/>`, tw(g.xs[c+1]-g.xs[c]))
	}
	x.b.WriteString("</w:tblGrid>")
	row := func(cells []string, header bool) {
		lines := l.breakCells(g, cells)
		n := 1
		for _, ls := range lines {
			n = max(n, len(ls))
		}
		x.b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
		if header {
			x.b.WriteString("<w:tblHeader/>")
		}
		fmt.Fprintf(&x.b, `<w:trHeight w:val="%d" w:hRule="exact"/></w:trPr>`, n*twDown(x.lineMM(f)))
		for c := range g.ncol {
			text := ""
			if c < len(cells) {
				text = cells[c]
			}
			align := "left"
			switch {
			case header:
				align = "center"
			case c < len(g.t.Align) && g.t.Align[c] == AlignRight:
				align = "right"
			case c < len(g.t.Align) && g.t.Align[c] == AlignCenter:
				align = "center"
			}
			fmt.Fprintf(&x.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`, tw(g.xs[c+1]-g.xs[c]))
			role := Body
			if header {
				role = Heading1
			}
			x.p(para{exact: x.lineMM(f), align: align}, wrun{text: text, role: role, size: g.size})
			x.b.WriteString("</w:tc>")
		}
		x.b.WriteString("</w:tr>")
	}
	row(g.t.Header, true)
	for _, r := range g.t.Rows {
		row(r, false)
	}
	x.b.WriteString("</w:tbl>")
}

// foot writes the receipt line and the 版记 at the foot of the last page,
// as foot placed them: a blank block down to their first line, or a new
// page. end is the slot after the text of the body's last page.
func (x *docxWriter) foot(end int) {
	l, d := x.l, x.d
	if l.footLines == 0 {
		return
	}
	f := gbFrame
	size := FormSize
	switch {
	case l.footPage:
		if l.footBlank {
			// the numbered pages end here; the blank page and the 版记's
			// are a section of their own, without numbers (GB/T 9704 7.5)
			x.b.WriteString(`<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="1" w:lineRule="exact"/>` +
				`<w:rPr><w:sz w:val="2"/></w:rPr>` + x.sectPr(true) + `</w:pPr></w:p>`)
			x.p(para{exact: f.pitch}, wrun{size: size})
		}
		// a line less than the PDF's, for the rules' widths (as below)
		x.p(para{exact: f.pitch, breakBefore: true}, wrun{size: size})
		for range l.footStart - 2 {
			x.p(para{exact: f.pitch}, wrun{size: size})
		}
	case len(d.Attachments) > 0:
		// after a table of the attachment: as many lines as the PDF leaves
		if gap := l.footStart - x.attachmentEnd(); gap > 0 {
			x.blank(float64(gap)*f.pitch-0.5, false)
		}
	default:
		// one line less than the PDF's gap: a line more in Word still
		// keeps the 版记 on the page
		if gap := l.footStart - end - 1; gap > 0 {
			x.blank(float64(gap)*f.pitch, false)
		}
	}
	redHead := formatOf(d.Kind) == formatRedHead
	thick := `w:val="single" w:sz="8" w:space="1" w:color="000000"`
	thin := `w:val="single" w:sz="6" w:space="1" w:color="000000"`
	var lines []struct {
		text, right string
		hang        float64
	}
	add := func(text, right string, hang float64) {
		lines = append(lines, struct {
			text, right string
			hang        float64
		}{text, right, hang})
	}
	for _, c := range []struct{ label, text string }{{"抄报：", d.ReportTo}, {"抄送：", d.CopyTo}} {
		if t := strings.TrimSpace(c.text); t != "" {
			if !strings.HasSuffix(t, "。") {
				t += "。"
			}
			add(c.label+t, "", l.width(Body, size, c.label))
		}
	}
	copies := len(lines)
	if redHead {
		date := d.Date.Chinese()
		if date == "" {
			date = "　　年　　月　　日"
		}
		add(d.signer(), date+"印发", 0)
	}
	first := 0
	for i, ln := range lines {
		p := para{exact: f.pitch, align: "left", left: f.cell(), right: f.cell(), keepNext: i < len(lines)-1}
		if ln.hang > 0 {
			p.left += ln.hang
			p.hanging = ln.hang
		}
		if redHead {
			var bd string
			if i == first {
				bd += "<w:top " + thick + "/>"
			} else if i == len(lines)-1 && copies > first {
				bd += "<w:top " + thin + "/>"
			}
			if i == len(lines)-1 {
				bd += "<w:bottom " + thick + "/>"
			}
			p.border = bd
		}
		runs := []wrun{{text: ln.text, size: size}}
		if ln.right != "" {
			// the 印发日期 flush right, on a right tab stop
			runs = append(runs, wrun{text: ln.right, size: size, tab: true})
			p.rightTab = f.width - 2*f.cell()
		}
		x.p(p, runs...)
	}
}

// attachmentEnd is the slot of the body grid after the last attachment's
// content on the last page.
func (x *docxWriter) attachmentEnd() int {
	pages := x.l.pages
	last := len(pages) - 1 - x.l.footPages()
	end := 0
	for _, r := range pages[last].Runs {
		if r.src.part == "页码" || r.src.part == "草稿标记" || r.src.part == "版记" {
			continue
		}
		if s := int(math.Ceil((r.Y - MarginTop) / LinePitch)); s > end {
			end = s
		}
	}
	return end
}
