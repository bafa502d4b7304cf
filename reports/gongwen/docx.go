package gongwen

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
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
