package gongwen

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"xiaoneng/data"
)

// The 文件格式 and 信函格式 documents: 版头, title, 主送, body, 附件说明,
// 署名 and date with the seal's place, 附注, attachments and the 版记.

// letter lays the document out on the standard grid and, when that leaves
// the closing on a page of its own, on a tighter one that brings it back
// (at most four lines a page and one character a line more); failing that,
// the standard grid's layout keeps the last lines of the body with the
// closing (see closingChain).
func (l *layouter) letter() {
	main := l.letterWith(gbFrame)
	if main == 1 {
		return
	}
	std := *l
	for _, f := range tightenings {
		l.pages = nil
		if l.letterWith(f) < main {
			return
		}
	}
	*l = std
}

// letterWith lays the document out on grid f and returns how many pages
// the document takes before its attachments.
func (l *layouter) letterWith(f frame) int {
	d := l.doc
	l.grid = f
	page := l.newPage()
	isLetter := formatOf(d.Kind) == formatLetter
	var first int
	if isLetter {
		first = l.letterHead(page, f)
	} else {
		first = l.redHead(page, f)
	}
	l.headSlot = first

	var items []item
	// 标题: 红色分隔线下空二行 (信函格式: 与其上最后一个要素相距二行)
	items = append(items, item{blank: true, keep: true}, item{blank: true, keep: true})
	items = append(items, l.titleItems(l.titleLines())...)
	// 主送: 标题下空一行，居左顶格，回行仍顶格，末尾全角冒号
	if r := strings.TrimSpace(d.Recipient); r != "" {
		if !strings.HasSuffix(r, "：") && !strings.HasSuffix(r, ":") {
			r += "："
		}
		items = append(items, item{blank: true})
		items = append(items, l.textItems(f, r, 0, ParaPlain, "主送")...)
	}
	body, chain := l.bodyItems(f)
	items = append(items, body...)
	note := l.attachmentNote(f)
	items = append(items, note...)
	after := len(d.Notes) > 0 || strings.TrimSpace(d.CopyNote) != ""
	// where the unit signs for it: left of the 署名 and date
	sign := l.signItems(f, after, receiptParts(d.Receipt))
	// the closing keeps the last lines of the body with it
	tail := items[len(items)-len(note)-chain:]
	for i := 1; i < len(tail); i++ {
		tail[i].keep = true
	}
	sign[0].keep = true
	items = append(items, sign...)
	for i, n := range d.Notes {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !strings.HasPrefix(n, "（") {
			n = "（" + n + "）"
		}
		items = append(items, l.textItems(f, n, 2, ParaPlain, fmt.Sprintf("附注第%d条", i+1))...)
	}
	if c := strings.TrimSpace(d.CopyNote); c != "" {
		items = append(items, l.textItems(f, c, 2, ParaPlain, "份数说明")...)
	}
	page, slot := l.flow(items, f, first, page)
	main := len(l.pages)

	if isLetter {
		l.letterFoot()
	}
	for i, a := range d.Attachments {
		page, slot = l.attachment(i, a)
	}
	l.foot(page, slot)
	l.numberPages(!isLetter)
	return main
}

// closing matches the formula that ends a notice or letter.
var closing = regexp.MustCompile(`^(特此(通知|通报|函告|函复|函达|报告|说明)|此复|专此函达)[。！]?$`)

// titleLines are the title's lines. A 监察建议书 titled "关于××的建议"
// gets its kind above the title.
func (l *layouter) titleLines() []string {
	d := l.doc
	lines := l.balanceTitle(d.Title)
	if d.Kind == data.DocProposal && !strings.Contains(d.Title, string(data.DocProposal)) {
		lines = append([]string{string(data.DocProposal)}, lines...)
	}
	return lines
}

// mastheadSize fits the 发文机关标志 on one line: at most 初号 (42 pt), and
// no wider than 150 mm.
func (l *layouter) mastheadSize(text string) float64 {
	w := l.width(Title, 1, text) // mm at 1 pt
	if w == 0 {
		return 42
	}
	return math.Min(42, math.Floor(150/w))
}

// redHead draws the 版头 of the 文件格式 and returns the first free slot
// of the text grid: 发文机关标志 35 mm below the block's top, the 发文字号
// two lines under it, the red rule 4 mm under the number.
func (l *layouter) redHead(p *Page, f frame) int {
	d := l.doc
	name := strings.TrimSpace(d.IssuingBody)
	size := l.mastheadSize(name)
	em := size * ptToMM
	top := f.top + MastheadGap
	w := l.width(Title, size, name)
	p.Runs = append(p.Runs, l.simple(f.left+(f.width-w)/2, top+emAscent*em, size, 0, Title, name, Red, source{part: "发文机关标志"})...)
	// 发文字号: 发文机关标志下空二行，居中
	numTop := top + em + 2*f.pitch
	if d.Number != "" {
		w := l.lineWidth(Body, f.size, f.cell()-f.size*ptToMM, d.Number)
		p.Runs = append(p.Runs, l.simple(f.left+(f.width-w)/2, baseline(numTop, f.pitch, f.size), f.size, f.cell()-f.size*ptToMM, Body, d.Number, Black, source{part: "发文字号"})...)
	}
	numBottom := numTop + (f.pitch+f.size*ptToMM)/2
	rule := numBottom + RuleGap
	p.Shapes = append(p.Shapes, Shape{Kind: ShapeLine, X1: f.left, Y1: rule, X2: f.right(), Y2: rule, Width: 0.6, Color: Red})
	return int(math.Ceil((rule - f.top) / f.pitch))
}

// letterHead draws the 版头 of the 信函格式 (GB/T 9704-2012 10.1): the
// 标志 30 mm from the page's top, a red double line (thick over thin) 4 mm
// below it, 170 mm long, and the 发文字号 flush right under it, its top 7/8
// of a 3号 character below the line. It returns the first slot of the
// grid below the number.
func (l *layouter) letterHead(p *Page, f frame) int {
	d := l.doc
	name := strings.TrimSpace(d.IssuingBody)
	size := l.mastheadSize(name)
	em := size * ptToMM
	w := l.width(Title, size, name)
	p.Runs = append(p.Runs, l.simple(f.left+(f.width-w)/2, LetterTop+emAscent*em, size, 0, Title, name, Red, source{part: "发文机关标志"})...)
	y := LetterTop + em + RuleGap
	x1, x2 := (PageWidth-170)/2, (PageWidth+170)/2
	p.Shapes = append(p.Shapes,
		Shape{Kind: ShapeLine, X1: x1, Y1: y, X2: x2, Y2: y, Width: 1.0, Color: Red},
		Shape{Kind: ShapeLine, X1: x1, Y1: y + 1.2, X2: x2, Y2: y + 1.2, Width: 0.3, Color: Red})
	bem := BodySize * ptToMM
	numTop := y + 1.2 + 0.15 + bem*7/8
	if d.Number != "" {
		sp := f.cell() - bem
		w := l.lineWidth(Body, BodySize, sp, d.Number)
		p.Runs = append(p.Runs, l.simple(f.right()-w, numTop+emAscent*bem, BodySize, sp, Body, d.Number, Black, source{part: "发文字号"})...)
	}
	// the first line of the grid whose text clears the number
	return int(math.Ceil((numTop + bem - f.top - (f.pitch-f.size*ptToMM)/2) / f.pitch))
}

// letterFoot draws the 信函格式's closing red double line (thin over
// thick) 20 mm above the bottom of the first page.
func (l *layouter) letterFoot() {
	p := &l.pages[0]
	y := PageHeight - 20
	x1, x2 := (PageWidth-170)/2, (PageWidth+170)/2
	p.Shapes = append(p.Shapes,
		Shape{Kind: ShapeLine, X1: x1, Y1: y - 1.2, X2: x2, Y2: y - 1.2, Width: 0.3, Color: Red},
		Shape{Kind: ShapeLine, X1: x1, Y1: y, X2: x2, Y2: y, Width: 1.0, Color: Red})
}

// titleItems are the title's lines, centred, each on a line of the grid.
func (l *layouter) titleItems(lines []string) []item {
	var items []item
	offset := 0
	for _, line := range lines {
		src := source{part: "标题", offset: offset}
		offset += len([]rune(line))
		items = append(items, item{keep: true, emit: func(p *Page, f frame, slot int) {
			w := l.width(Title, TitleSize, line)
			y := baseline(f.slotTop(slot), f.pitch, TitleSize)
			p.Runs = append(p.Runs, l.simple(f.left+(f.width-w)/2, y, TitleSize, 0, Title, line, Black, src)...)
		}})
	}
	return items
}

// bodyItems are the body's paragraphs, indented two characters. chain is
// how many items at the end go with the closing: the closing formulas
// (特此通知。) and at least two lines of the text before them, so that no
// page holds only the closing, the 署名 and the date (GB/T 9704 7.3.5).
func (l *layouter) bodyItems(f frame) (items []item, chain int) {
	type segment struct {
		lines   int
		closing bool
		table   bool
	}
	var segs []segment
	n, tables := 0, 0
	for _, para := range l.doc.Paragraphs {
		if para.Table != nil {
			tables++
			t := l.tableItems(f, para.Table, fmt.Sprintf("表%d", tables))
			items = append(items, t...)
			segs = append(segs, segment{lines: len(t), table: true})
			continue
		}
		for _, text := range strings.Split(para.Text, "\n") {
			if text = strings.TrimSpace(text); text == "" {
				continue
			}
			n++
			lines := l.textItems(f, text, 2, para.Style, fmt.Sprintf("正文第%d段", n))
			items = append(items, lines...)
			segs = append(segs, segment{lines: len(lines), closing: closing.MatchString(text)})
		}
	}
	need := 2
	for i := len(segs) - 1; i >= 0 && need > 0 && !segs[i].table; i-- {
		if segs[i].closing {
			chain += segs[i].lines
			continue
		}
		take := min(need, segs[i].lines)
		chain += take
		need -= take
	}
	return items, chain
}

// attachmentNote is the 附件说明 (GB/T 9704 7.3.4): a line below the body,
// "附件：" two characters in, the attachments numbered when there are
// several, each name's lines aligned after the colon.
func (l *layouter) attachmentNote(f frame) []item {
	as := l.doc.Attachments
	if len(as) == 0 {
		return nil
	}
	items := []item{{blank: true}}
	for i, a := range as {
		name := strings.TrimSpace(a.Title)
		if len(as) > 1 {
			name = fmt.Sprintf("%d.%s", i+1, name)
		}
		b := Breaker{Width: f.cells - 5, Advance: l.fonts.Face(Body).Advance}
		for k, ln := range b.Break(name) {
			first := i == 0 && k == 0
			items = append(items, item{emit: func(p *Page, f frame, slot int) {
				if first {
					lead := Line{Text: "附件：", Indent: 2}
					p.Runs = append(p.Runs, l.justified(f, slot, lead, func(int) Role { return Body }, source{part: "附件说明"})...)
				}
				ln := ln
				ln.Indent = 5
				p.Runs = append(p.Runs, l.justified(f, slot, ln, func(int) Role { return Body }, source{part: "附件说明", offset: ln.Start})...)
			}})
		}
	}
	return items
}

// receiptParts are the two lines of a receipt (签收人, 签收时间), printed
// left of the 署名 and the date.
func receiptParts(receipt string) []string {
	var out []string
	for _, p := range strings.Split(receipt, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sealPlace says how the 署名 block leaves room for the seal on a grid of
// pitch p with text of em mm: blank lines above the 署名 and below the date,
// and where the seal's centre is, in mm below the top of the 署名's line.
// The seal (SealDiameter) presses on the 署名 and date, which sit in its
// lower half, and keeps clear of the text above and below; its top is
// within a line of the text (GB/T 9704 7.3.5.1).
func sealPlace(p, em float64) (above, below int, centre float64) {
	const r, gap = SealDiameter / 2, 0.5
	for extra := 0; ; extra++ {
		for above = 2; above <= 2+extra; above++ {
			below = extra - (above - 2)
			lo := (p+em)/2 + gap + r - float64(above+1)*p
			hi := float64(2+below)*p + (p-em)/2 - gap - r
			if lo <= hi {
				return above, below, math.Min(math.Max(0, lo), hi)
			}
		}
	}
}

// signAt is where the 署名 and 成文日期 stand on a frame (signPlace).
type signAt struct {
	signer, date string
	sp           float64 // the letter spacing they are set with, mm
	signX, dateX float64 // where each begins, mm
	dateW        float64 // the date's width, mm
}

// signPlace places the 署名 and 成文日期 on frame f as signItems describes;
// the Word document puts them there too.
func (l *layouter) signPlace(f frame) signAt {
	d := l.doc
	date := d.Date.Chinese()
	if date == "" {
		date = "　　年　　月　　日"
	}
	signer := d.signer()
	sp := f.cell() - f.size*ptToMM
	dateW := l.lineWidth(Body, f.size, sp, date)
	signW := l.lineWidth(Body, f.size, sp, signer)
	var dateX, signX float64
	if d.Draft {
		signX = f.right() - 2*f.cell() - signW
		dateX = signX + 2*f.cell()
		if dateX+dateW > f.right()-2*f.cell() {
			dateX = f.right() - 2*f.cell() - dateW
			signX = math.Min(signX, dateX-2*f.cell())
		}
	} else {
		dateX = f.right() - 4*f.cell() - dateW
		signX = math.Max(f.left, math.Min(dateX+(dateW-signW)/2, f.right()-signW))
	}
	return signAt{signer: signer, date: date, sp: sp, signX: signX, dateX: dateX, dateW: dateW}
}

// signItems are the 署名 and 成文日期 (GB/T 9704-2012 7.3.5). Signed: the
// date right-aligned four characters from the right edge, the 署名
// centred above it, blank lines around them for the 42 mm seal (see
// sealPlace); after says whether text follows the date. A draft leaves no
// room for a seal: the 署名 a line under the text, two characters from
// the right edge, the date under it two characters further right (7.3.5.2).
// beside are printed at the left edge on the 署名's and the date's lines:
// the line the recipient signs on.
func (l *layouter) signItems(f frame, after bool, beside []string) []item {
	d := l.doc
	at := l.signPlace(f)
	signer, date, sp, signX, dateX, dateW := at.signer, at.date, at.sp, at.signX, at.dateX, at.dateW
	above, below, centre := 1, 0, 0.0
	if !d.Draft {
		above, below, centre = sealPlace(f.pitch, f.size*ptToMM)
	}
	var items []item
	for range above {
		items = append(items, item{blank: true, keep: true})
	}
	left := func(p *Page, f frame, slot, i int) {
		if i < len(beside) {
			p.Runs = append(p.Runs, l.simple(f.left, baseline(f.slotTop(slot), f.pitch, f.size), f.size, sp, Body, beside[i], Black, source{part: "签收栏"})...)
		}
	}
	items = append(items,
		item{keep: true, emit: func(p *Page, f frame, slot int) {
			left(p, f, slot, 0)
			top := f.slotTop(slot)
			p.Runs = append(p.Runs, l.simple(signX, baseline(top, f.pitch, f.size), f.size, sp, Body, signer, Black, source{part: "署名"})...)
			if !d.Draft {
				seal := Shape{Kind: ShapeCircle, X1: dateX + dateW/2, Y1: top + centre, R: SealDiameter / 2, Width: 0.3, Color: Red, Dash: true, Guide: true}
				p.Shapes = append(p.Shapes, seal)
				p.Seals = append(p.Seals, seal)
			}
		}},
		item{keep: true, emit: func(p *Page, f frame, slot int) {
			left(p, f, slot, 1)
			p.Runs = append(p.Runs, l.simple(dateX, baseline(f.slotTop(slot), f.pitch, f.size), f.size, sp, Body, date, Black, source{part: "成文日期"})...)
		}},
	)
	if after {
		for range below {
			items = append(items, item{blank: true, keep: true})
		}
	}
	return items
}

// attachment lays out attachment i from a new page (GB/T 9704 8): "附件"
// and its number in 3号黑体 on the first line, flush left, the title
// centred on the third, then its content. A table-only attachment is set
// in 小四 on a closer pitch, so a long ranking takes fewer pages. It
// returns the last page and the slot (of the body grid) after the
// content.
func (l *layouter) attachment(i int, a Attachment) (*Page, int) {
	d := l.doc
	f := gbFrame
	page := l.newPage()
	label := "附件"
	if len(d.Attachments) > 1 {
		label += fmt.Sprint(i + 1)
	}
	page.Part = label
	part := label
	page.Runs = append(page.Runs, l.simple(f.left, baseline(f.slotTop(0), f.pitch, f.size), f.size, f.cell()-f.size*ptToMM, Heading1, label, Black, source{part: part})...)
	slot := 2
	for _, it := range l.titleItems(l.balanceTitle(a.Title)) {
		it.emit(page, f, slot)
		slot++
	}
	slot++
	tablesOnly := len(a.Paragraphs) > 0
	for _, p := range a.Paragraphs {
		tablesOnly = tablesOnly && p.Table != nil
	}
	cf := f
	first := slot
	if tablesOnly {
		cf = compactFrame
		first = int(math.Ceil((f.slotTop(slot) - cf.top) / cf.pitch))
	}
	var items []item
	n, tables := 0, 0
	for _, para := range a.Paragraphs {
		if para.Table != nil {
			tables++
			items = append(items, l.tableItems(cf, para.Table, fmt.Sprintf("%s表%d", part, tables))...)
			continue
		}
		for _, text := range strings.Split(para.Text, "\n") {
			if text = strings.TrimSpace(text); text != "" {
				n++
				items = append(items, l.textItems(cf, text, 2, para.Style, fmt.Sprintf("%s第%d段", part, n))...)
			}
		}
	}
	page, end := l.flow(items, cf, first, page)
	// the slot of the body grid below the content
	return page, int(math.Ceil((cf.slotTop(end) - f.top) / f.pitch))
}

// compactFrame sets the tables of an attachment: 小四 on a 7.5 mm pitch.
var compactFrame = frame{top: MarginTop, left: MarginLeft, width: BlockWidth, lines: int(BlockHeight / 7.5), pitch: 7.5, cells: BlockWidth / (12 * ptToMM), size: 12, tsize: 12}

// foot prints, at the foot of the last page, the 版记 (GB/T 9704 7.4): 抄报 and 抄送 in 4号仿宋, one
// character in from each side; in the 文件格式 the 印发机关 and 印发日期
// under them, between rules (thick above and below, thin between), the
// last rule on the block's bottom edge. The 信函格式 prints its 版记 without
// 印发 line and rules (10.1). The foot goes to a new page when the last one
// has no room for it below the text and the seal.
//
// That bottom edge is the one of the document's last face (7.4.1), and a
// document is printed on both sides: the 版记 is on an even page, the back
// of the last sheet, however short the text (栾照钧's reading of the
// standard). One that would fall on an odd page goes over to the next; if
// that odd page held nothing but the 版记, it is left blank, and the blank
// page and the 版记's page are not numbered (7.5).
func (l *layouter) foot(page *Page, slot int) {
	d := l.doc
	f := gbFrame
	size := FormSize
	em := size * ptToMM
	type footLine struct {
		label, text string
		indent      float64 // mm: a wrapped line aligns after the label
		right       string  // printed flush right (the 印发日期)
	}
	var lines []footLine
	wrap := func(label, text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		if !strings.HasSuffix(text, "。") {
			text += "。"
		}
		b := Breaker{Width: (f.width-2*f.cell())/em - 3, Advance: l.fonts.Face(Body).Advance}
		for i, ln := range b.Break(text) {
			if i == 0 {
				lines = append(lines, footLine{label: label, text: ln.Text})
			} else {
				lines = append(lines, footLine{text: ln.Text, indent: l.width(Body, size, label)})
			}
		}
	}
	wrap("抄报：", d.ReportTo)
	wrap("抄送：", d.CopyTo)
	copies := len(lines)
	redHead := formatOf(d.Kind) == formatRedHead
	if redHead {
		date := d.Date.Chinese()
		if date == "" {
			date = "　　年　　月　　日"
		}
		lines = append(lines, footLine{text: d.signer(), right: date + "印发"})
	}
	if len(lines) == 0 {
		return
	}
	start := f.lines - len(lines)
	clearTop := 0.0
	for _, s := range page.Seals {
		clearTop = math.Max(clearTop, s.Y1+s.R)
	}
	l.footLines, l.footStart, l.footPage, l.footBlank = len(lines), start, false, false
	if slot > start || f.slotTop(start)+(f.pitch-em)/2 < clearTop {
		page = l.newPage()
		l.footPage = true
	}
	if len(l.pages)%2 == 1 {
		l.footBlank = l.footPage
		page = l.newPage()
		l.footPage = true
	}
	x := f.left + f.cell()
	right := f.right() - f.cell()
	for i, ln := range lines {
		s := start + i
		y := baseline(f.slotTop(s), f.pitch, size)
		src := source{part: "版记"}
		if t := ln.label + ln.text; t != "" {
			page.Runs = append(page.Runs, l.simple(x+ln.indent, y, size, 0, Body, t, Black, src)...)
		}
		if ln.right != "" {
			w := l.width(Body, size, ln.right)
			page.Runs = append(page.Runs, l.simple(right-w, y, size, 0, Body, ln.right, Black, src)...)
		}
	}
	if !redHead {
		return
	}
	rule := func(y, w float64) {
		page.Shapes = append(page.Shapes, Shape{Kind: ShapeLine, X1: f.left, Y1: y, X2: f.right(), Y2: y, Width: w, Color: Black})
	}
	rule(f.slotTop(start), 0.35)
	if copies > 0 {
		rule(f.slotTop(f.lines-1), 0.25)
	}
	rule(f.slotTop(f.lines), 0.35)
}

// draftMarks puts a red 草稿 mark in a box at the top right of every page,
// above the text block.
func (l *layouter) draftMarks() {
	const size = BodySize
	em := size * ptToMM
	text := "草　稿"
	for i := range l.pages {
		p := &l.pages[i]
		w := l.width(Heading1, size, text)
		x2 := MarginLeft + BlockWidth
		x1 := x2 - w - 6
		y1, y2 := 6.0, 6+em+4
		p.Shapes = append(p.Shapes, Shape{Kind: ShapeRect, X1: x1, Y1: y1, X2: x2, Y2: y2, Width: 0.6, Color: Red})
		p.Runs = append(p.Runs, l.simple(x1+3, y1+2+emAscent*em, size, 0, Heading1, text, Red, source{part: "草稿标记"})...)
	}
}
