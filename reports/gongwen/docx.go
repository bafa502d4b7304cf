package gongwen

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode"
)

// The Word document (.docx) of a document: for the clerk's last change by
// hand, a proper 公文 that opens in Word and WPS laid out as the PDF: A4,
// the same margins, the 22 × 28 document grid (or the tighter grid the PDF
// took), the fonts by their Windows names, the red head, the number, the
// 署名 and date, the 版记. Text is in paragraphs and tables, on the grid,
// never in text boxes; line breaks are left to Word except in titles.
//
// No Go library that is served and kept up writes the document grid,
// East Asian fonts, odd and even footers and paragraph borders (the ones
// that do are paid for, unmaintained or unpublished), and a .docx is a zip
// of a few XML parts: they are written here.

// Windows names of the faces, with what Word takes when one is missing.
var docxFonts = [numRoles]struct{ name, alt string }{
	Body:       {"仿宋_GB2312", "仿宋"},
	Title:      {"方正小标宋简体", "黑体"},
	Heading1:   {"黑体", "SimHei"},
	Heading2:   {"楷体_GB2312", "楷体"},
	PageNumber: {"宋体", "SimSun"},
}

// WordFont is the Windows name of the face a role is set in, and the
// name Word takes when that one is missing.
func WordFont(r Role) (name, alt string) { return docxFonts[r].name, docxFonts[r].alt }

// twips per millimetre
const twip = 1440 / 25.4

func tw(mm float64) int { return int(math.Round(mm * twip)) }

// lineMM is the height of a line of frame f in the Word document: whole
// twips, and short enough that a page of f's lines fits the text block
// LibreOffice makes of the grid's lines (see sectPr). The tables of an
// attachment, 30 lines of 7.5 mm, take 424 twips a line rather than 425.
func (x *docxWriter) lineMM(f frame) float64 {
	g := x.l.grid
	n := twDown(f.pitch)
	if f.lines > 0 {
		n = min(n, g.lines*twDown(g.pitch)/f.lines)
	}
	return (float64(n) + 0.5) / twip // twDown gives n back
}

// twDown is mm in whole twips, rounded down: lines of an exact height
// must not add up to more than the text block.
func twDown(mm float64) int { return int(math.Floor(mm*twip + 1e-6)) }

// WriteDOCX writes doc as a Word document. fonts measure the text as the
// PDF does, so the Word document breaks its titles and tables and puts its
// 版记 where the PDF does.
func WriteDOCX(doc *Doc, fonts *FontSet, w io.Writer) error {
	l, err := lay(doc, fonts)
	if err != nil {
		return err
	}
	x := &docxWriter{l: l, d: l.doc}
	x.write()
	created := epoch
	if !l.doc.Date.IsZero() {
		created = l.doc.Date.Time()
	}
	return x.pack(w, created)
}

type docxWriter struct {
	l      *layouter
	d      *Doc
	b      strings.Builder // document.xml's body
	footer bool            // pages numbered
	first  bool            // the first page's own footer: the 信函格式's double line, no number
	top    float64         // margins, mm
	bottom float64
	halves bool // two copies on the halves of the sheet
}

// wrun is text in one face, for Word.
type wrun struct {
	text  string
	role  Role
	size  float64 // pt
	color Color
	bold  bool
	tab   bool // a tab before the text
	tight bool // a line of a table cell: a little closer, so Word never wraps it again
	// spacing between characters in twentieths of a point, when not the
	// grid's (charSpacing)
	spacing int
	joined  bool // text has its invisible characters (joined) already
}

// para is a paragraph's properties.
type para struct {
	align        string  // left, center, right, both
	left, right  float64 // indents, mm
	first        float64 // first-line indent, mm
	hanging      float64
	exact        float64 // line height, mm; 0: one line of the grid
	before       float64 // mm
	keepNext     bool
	keepLines    bool
	breakBefore  bool
	border       string    // w:pBdr content
	tabs         []float64 // left tab stops, mm from the left margin
	rightTab     float64   // a right tab stop, mm from the left margin (0: none)
	widowControl bool
}

func esc(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return ""
	}
	return b.String()
}

func (x *docxWriter) runXML(r wrun) string {
	f := docxFonts[r.role]
	var b strings.Builder
	b.WriteString("<w:r><w:rPr>")
	fmt.Fprintf(&b, `<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>`, f.name, f.name, f.name, f.name)
	if r.bold {
		b.WriteString("<w:b/>")
	}
	if r.color != Black {
		fmt.Fprintf(&b, `<w:color w:val="%02X%02X%02X"/>`, r.color.R, r.color.G, r.color.B)
	}
	size := r.size
	if size == 0 {
		size = BodySize
	}
	// the spacing that puts the grid's characters on a line, on every run:
	// LibreOffice does not take it from the document's defaults
	spacing := x.charSpacing()
	if r.spacing != 0 {
		spacing = r.spacing
	}
	if r.tight {
		spacing = min(spacing, -10)
	}
	fmt.Fprintf(&b, `<w:spacing w:val="%d"/>`, spacing)
	fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(math.Round(size*2)), int(math.Round(size*2)))
	// Latin text in English: see joined
	b.WriteString(`<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>`)
	if r.tab {
		b.WriteString("<w:tab/>")
	}
	if r.text != "" {
		text := r.text
		if !r.joined {
			text = joined(text, x.l.keep())
		}
		fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t>`, esc(text))
	}
	b.WriteString("</w:r>")
	return b.String()
}

func (x *docxWriter) pPr(p para) string {
	var b strings.Builder
	b.WriteString("<w:pPr>")
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.keepLines {
		b.WriteString("<w:keepLines/>")
	}
	if p.breakBefore {
		b.WriteString("<w:pageBreakBefore/>")
	}
	if !p.widowControl {
		b.WriteString(`<w:widowControl w:val="0"/>`)
	}
	if p.border != "" {
		b.WriteString("<w:pBdr>" + p.border + "</w:pBdr>")
	}
	if len(p.tabs) > 0 || p.rightTab > 0 {
		b.WriteString("<w:tabs>")
		for _, t := range p.tabs {
			fmt.Fprintf(&b, `<w:tab w:val="left" w:pos="%d"/>`, tw(t))
		}
		if p.rightTab > 0 {
			fmt.Fprintf(&b, `<w:tab w:val="right" w:pos="%d"/>`, tw(p.rightTab))
		}
		b.WriteString("</w:tabs>")
	}
	// every line's height is its own (exact): LibreOffice would put the
	// lines on the grid's pitch, rounded up to whole twips
	b.WriteString(`<w:snapToGrid w:val="0"/>`)
	line := ""
	if p.exact > 0 {
		line = fmt.Sprintf(` w:line="%d" w:lineRule="exact"`, twDown(p.exact))
	}
	fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="0"%s/>`, tw(p.before), line)
	ind := fmt.Sprintf(` w:left="%d" w:right="%d"`, tw(p.left), tw(p.right))
	switch {
	case p.first > 0:
		ind += fmt.Sprintf(` w:firstLine="%d"`, tw(p.first))
	case p.hanging > 0:
		ind += fmt.Sprintf(` w:hanging="%d"`, tw(p.hanging))
	}
	b.WriteString("<w:ind" + ind + "/>")
	align := p.align
	if align == "" {
		align = "both"
	}
	fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, align)
	b.WriteString("</w:pPr>")
	return b.String()
}

// p writes a paragraph.
func (x *docxWriter) p(p para, runs ...wrun) {
	x.b.WriteString("<w:p>")
	x.b.WriteString(x.pPr(p))
	for _, r := range runs {
		x.b.WriteString(x.runXML(r))
	}
	x.b.WriteString("</w:p>")
}

// blank writes an empty line of height h mm.
func (x *docxWriter) blank(h float64, keep bool) {
	x.p(para{exact: h, keepNext: keep}, wrun{size: 1})
}

func (x *docxWriter) write() {
	x.top, x.bottom = MarginTop, PageHeight-MarginTop-BlockHeight
	switch formatOf(x.d.Kind) {
	case formatRedHead, formatLetter:
		x.letter()
	case formatForm:
		x.form()
	case formatCopies:
		x.copies()
	}
}

// bodyPara writes a paragraph of body text on grid f: indented two
// characters, its heading (if any) in the heading face. Each of the PDF's
// lines is a run with the character spacing that puts exactly its
// characters on a line in Word and LibreOffice (lineSpacing).
func (x *docxWriter) bodyPara(f frame, text string, style ParaStyle, p para) {
	end, role := 0, Body
	if style == ParaAuto {
		end, role = heading(text)
	}
	p.first = 2 * f.cell()
	p.exact = x.lineMM(f)
	rs := []rune(text)
	keep := x.l.keep()
	out, at := joinedAt(rs, keep)
	g := glue(rs, keep)
	lines := x.l.breaker(f, 2).Break(text)
	var runs []wrun
	add := func(a, b int, role Role, sp int) {
		if a >= b {
			return
		}
		if n := len(runs); n > 0 && runs[n-1].role == role && runs[n-1].spacing == sp {
			runs[n-1].text += string(out[at[a]:at[b]])
			return
		}
		runs = append(runs, wrun{text: string(out[at[a]:at[b]]), role: role, size: f.size, spacing: sp, joined: true})
	}
	for i, ln := range lines {
		a, b := ln.Start, ln.Start+len([]rune(ln.Text))
		sp := x.lineSpacing(f, ln, rs, g, i == len(lines)-1)
		add(a, min(b, end), role, sp)
		add(max(a, end), b, Body, sp)
	}
	x.p(p, runs...)
}

// lineSpacing is the character spacing, in twentieths of a point, for a
// line the PDF set from rs: the grid's (charSpacing) when that puts the
// same characters on a line of Word or LibreOffice, else the nearest that
// does, for the squeezed line that takes a punctuation mark back and the
// stretched one that a number and its unit left. Word spaces every
// character, the invisible ones (joined) too; LibreOffice (7.4) does not
// space the character before an invisible one nor the last of a run of
// one script: the spacing must suit both counts.
func (x *docxWriter) lineSpacing(f frame, ln Line, rs []rune, g []bool, last bool) int {
	adv := x.l.fonts.Face(Body).Advance
	a := ln.Start
	b := a + len([]rune(ln.Text))
	natural := 0.0
	for _, r := range rs[a:b] {
		natural += adv(r) * f.size
	}
	avail := (f.width - ln.Indent*f.cell()) / ptToMM
	n, k, lost := b-a, 0, 1
	for i := a + 1; i <= b && i < len(rs); i++ {
		inv := invisibleAt(rs, g, i) != 0
		if inv {
			k++
		}
		if inv || isWide(rs[i-1]) != isWide(rs[i]) {
			lost++
		}
	}
	next := 0.0
	if !last && b < len(rs) {
		next = adv(rs[b]) * f.size
	}
	const slack = 0.3 // pt: what the two measure differently
	ok := func(sp int) bool {
		s := float64(sp) / 20
		for _, c := range []int{n - lost, n + k} {
			if natural+s*float64(c) > avail-slack || next > 0 && natural+next+s*float64(c+1) <= avail+slack {
				return false
			}
		}
		return true
	}
	def := x.charSpacing()
	for d := 0; d <= 40; d++ {
		for _, sp := range []int{def - d, def + d} {
			if ok(sp) {
				return sp
			}
		}
	}
	return def
}

// Invisible characters that make Word and LibreOffice break a line where
// the PDF does. LibreOffice (7.4) ignores w:autoSpaceDE and w:autoSpaceDN
// and puts a fifth of an em between a Chinese character and a letter or
// digit next to it (2026年 set as 2026 年), unless one of the two is not a
// letter or digit; so every such boundary gets one of these: a word
// joiner where the PDF never breaks (76件, 第3), a zero-width space where
// it may (处理|68). Inside a run of letters and digits neither is needed:
// the runs' Latin language (en-US) has LibreOffice break those by Unicode's
// rules, not anywhere as it breaks Chinese.
const (
	wordJoiner = '\u2060'
	zeroSpace  = '\u200B'
)

// invisibleAt is the invisible character joined puts before rs[i], or 0.
// g is glue(rs, keep).
func invisibleAt(rs []rune, g []bool, i int) rune {
	prev, r := rs[i-1], rs[i]
	switch {
	case latinAlnum(prev) && wideAlnum(r) || wideAlnum(prev) && latinAlnum(r):
		if g[i] {
			return wordJoiner
		}
		return zeroSpace
	case g[i] && wideAlnum(prev) && wideAlnum(r):
		// kept together (a document number's 代字)
		return wordJoiner
	}
	return 0
}

// joined is text with the invisible characters that keep Word and
// LibreOffice to the PDF's line breaks (invisibleAt); keep as for the
// Breaker.
func joined(text string, keep []string) string {
	out, _ := joinedAt([]rune(text), keep)
	return string(out)
}

// joinedAt is rs joined, and where each rune of rs (and the end) is in it:
// the invisible character before rs[i] ends the text up to at[i].
func joinedAt(rs []rune, keep []string) (out []rune, at []int) {
	g := glue(rs, keep)
	at = make([]int, len(rs)+1)
	for i, r := range rs {
		if i > 0 {
			if c := invisibleAt(rs, g, i); c != 0 {
				out = append(out, c)
			}
		}
		at[i] = len(out)
		out = append(out, r)
	}
	at[len(rs)] = len(out)
	return out, at
}

// latinAlnum: a letter or digit LibreOffice sets in the Latin script.
func latinAlnum(r rune) bool { return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// wideAlnum: a Chinese character or full-width letter or digit.
func wideAlnum(r rune) bool { return isWide(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// titleLines writes a title as the PDF breaks it: one paragraph a line,
// each on a line of the grid.
func (x *docxWriter) titleLines(f frame, lines []string, p para) {
	for _, ln := range lines {
		q := p
		q.align, q.exact = "center", f.pitch
		x.p(q, wrun{text: ln, role: Title, size: TitleSize, tight: true})
	}
}

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
	if l.footPage && len(x.d.Attachments) == 0 {
		last--
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
	l, d := x.l, x.d
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
	last := len(pages) - 1
	if x.l.footPage {
		last--
	}
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

// sectPr is the section: A4, the margins, the grid, the footers.
func (x *docxWriter) sectPr() string {
	l := x.l
	f := l.grid
	var b strings.Builder
	b.WriteString("<w:sectPr>")
	if x.d.Draft {
		b.WriteString(`<w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="even" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH1"/>`)
	}
	if x.footer {
		b.WriteString(`<w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="even" r:id="rIdF2"/>`)
		if x.first {
			b.WriteString(`<w:footerReference w:type="first" r:id="rIdF3"/>`)
		} else {
			b.WriteString(`<w:footerReference w:type="first" r:id="rIdF1"/>`)
		}
	}
	// LibreOffice cuts the text block to whole lines of the grid (and
	// moves lines of another pitch off it): the grid's pitch is the
	// lines' (whole twips), the bottom margin leaves the grid's lines
	// (35 mm give or take a few tenths), and lines of other frames are no
	// taller than that block holds (lineMM). The two copies on half
	// sheets, on a pitch of their own, have no grid.
	grid := twDown(f.pitch)
	bottom := tw(x.bottom)
	if !x.halves {
		// and a twip a line more: LibreOffice rounds each line's height
		// to hundredths of a millimetre
		bottom = tw(PageHeight) - tw(x.top) - f.lines*(grid+1)
	}
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, tw(PageWidth), tw(PageHeight))
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		tw(x.top), tw(PageWidth-MarginLeft-BlockWidth), bottom, tw(MarginLeft), tw(6), tw(PageHeight-MarginTop-BlockHeight-PageNumberGap-7))
	b.WriteString(`<w:pgNumType w:start="1"/>`)
	if x.first || x.footer {
		b.WriteString("<w:titlePg/>")
	}
	// the line grid; the characters a line holds come from their spacing
	// (charSpacing): LibreOffice spreads a 3号 character over two cells of
	// a character grid narrower than it, where Word would squeeze it
	if x.halves {
		fmt.Fprintf(&b, `<w:docGrid w:linePitch="%d"/>`, grid)
	} else {
		fmt.Fprintf(&b, `<w:docGrid w:type="lines" w:linePitch="%d"/>`, grid)
	}
	b.WriteString("</w:sectPr>")
	return b.String()
}

// charSpacing is the spacing between characters, in twentieths of a point,
// that puts the grid's characters on a line of body text: 28 of 3号 in
// 156 mm take a little less than their width each.
func (x *docxWriter) charSpacing() int {
	f := x.l.grid
	return -int(math.Ceil((BodySize-f.cell()/ptToMM)*20 + 0.5))
}

func (x *docxWriter) footerXML(align string, number bool, rule bool) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:ftr ` + nsW + `>`)
	switch {
	case rule:
		// the 信函格式's closing double line, 20 mm above the page's foot
		x170 := (170 - BlockWidth) / 2
		p := para{exact: 0.8, left: -x170, right: -x170,
			border: `<w:bottom w:val="thinThickSmallGap" w:sz="18" w:space="0" w:color="E60012"/>`}
		b.WriteString("<w:p>" + x.pPr(p) + x.runXML(wrun{size: 1}) + "</w:p>")
		p2 := para{exact: 20 - (PageHeight - MarginTop - BlockHeight - PageNumberGap - 7) + 7}
		if p2.exact > 0 {
			b.WriteString("<w:p>" + x.pPr(p2) + x.runXML(wrun{size: 1}) + "</w:p>")
		}
	case number:
		em := PageNumberSize * ptToMM
		p := para{align: align, exact: 7}
		if align == "right" {
			p.right = em
		} else {
			p.left = em
		}
		r := func(t string) string { return x.runXML(wrun{text: t, role: PageNumber, size: PageNumberSize}) }
		fld := func(s string) string {
			return strings.Replace(x.runXML(wrun{role: PageNumber, size: PageNumberSize}), "</w:r>", s+"</w:r>", 1)
		}
		b.WriteString("<w:p>" + x.pPr(p) + r("— ") + fld(`<w:fldChar w:fldCharType="begin"/>`) +
			fld(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) + fld(`<w:fldChar w:fldCharType="separate"/>`) +
			r("1") + fld(`<w:fldChar w:fldCharType="end"/>`) + r(" —") + "</w:p>")
	default:
		b.WriteString("<w:p/>")
	}
	b.WriteString("</w:ftr>")
	return b.String()
}

func (x *docxWriter) headerXML() string {
	em := BodySize * ptToMM
	p := para{align: "right", exact: em + 3,
		border: `<w:top w:val="single" w:sz="12" w:space="1" w:color="E60012"/><w:left w:val="single" w:sz="12" w:space="4" w:color="E60012"/><w:bottom w:val="single" w:sz="12" w:space="1" w:color="E60012"/><w:right w:val="single" w:sz="12" w:space="4" w:color="E60012"/>`}
	p.left = BlockWidth - x.l.width(Heading1, BodySize, "草　稿") - 4
	return xmlHead + `<w:hdr ` + nsW + `><w:p>` + x.pPr(p) + x.runXML(wrun{text: "草　稿", role: Heading1, size: BodySize, color: Red}) + `</w:p></w:hdr>`
}

const (
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW     = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
)

func (x *docxWriter) stylesXML() string {
	f := docxFonts[Body]
	return xmlHead + `<w:styles ` + nsW + `><w:docDefaults><w:rPrDefault><w:rPr>` +
		fmt.Sprintf(`<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>`, f.name, f.name, f.name, f.name) +
		fmt.Sprintf(`<w:kern w:val="0"/><w:spacing w:val="%d"/>`, x.charSpacing()) + `<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:kinsoku/><w:overflowPunct/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:jc w:val="both"/><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}

func fontTableXML() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:fonts ` + nsW + `>`)
	seen := map[string]bool{}
	for _, f := range docxFonts {
		if seen[f.name] {
			continue
		}
		seen[f.name] = true
		fmt.Fprintf(&b, `<w:font w:name="%s"><w:altName w:val="%s"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`, f.name, f.alt)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}

const settingsXML = xmlHead + `<w:settings ` + nsW + `><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

func (x *docxWriter) pack(w io.Writer, created time.Time) error {
	doc := xmlHead + `<w:document ` + nsW + `><w:body>` + x.b.String() + x.sectPr() + `</w:body></w:document>`
	rels := xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
		`<Relationship Id="rIdF1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
		`<Relationship Id="rIdF2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
		`<Relationship Id="rIdF3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer3.xml"/>` +
		`<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		`</Relationships>`
	when := created.UTC().Format("2006-01-02T15:04:05Z")
	core := xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(x.d.Title) + `</dc:title><dc:creator>` + esc(x.d.signer()) + `</dc:creator><dc:subject>` + esc(strings.TrimSpace(string(x.d.Kind)+" "+x.d.Number)) + `</dc:subject>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + when + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + when + `</dcterms:modified></cp:coreProperties>`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
			`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
			`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/footer3.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`</Relationships>`},
		{"docProps/core.xml", core},
		{"word/_rels/document.xml.rels", rels},
		{"word/document.xml", doc},
		{"word/styles.xml", x.stylesXML()},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", fontTableXML()},
		{"word/footer1.xml", x.footerXML("right", x.footer, false)},
		{"word/footer2.xml", x.footerXML("left", x.footer, false)},
		{"word/footer3.xml", x.footerXML("", false, x.first)},
		{"word/header1.xml", x.headerXML()},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return fmt.Errorf("gongwen: writing %s: %w", p.name, err)
		}
		if _, err := io.WriteString(fw, p.body); err != nil {
			return fmt.Errorf("gongwen: writing %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("gongwen: writing the Word document: %w", err)
	}
	return nil
}
