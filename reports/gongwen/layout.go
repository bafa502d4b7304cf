package gongwen

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"xiaoneng/data"
)

// The page of GB/T 9704-2012 (党政机关公文格式), in millimetres from the
// page's top-left corner.
const (
	PageWidth    = 210.0 // A4
	PageHeight   = 297.0
	MarginTop    = 37.0 // 天头
	MarginLeft   = 28.0 // 订口
	BlockWidth   = 156.0
	BlockHeight  = 225.0
	LinesPerPage = 22
	CharsPerLine = 28
	LinePitch    = BlockHeight / LinesPerPage // 10.227 mm
	CharPitch    = BlockWidth / CharsPerLine  // 5.571 mm

	BodySize       = 16.0 // pt, 3号
	TitleSize      = 22.0 // pt, 2号
	PageNumberSize = 14.0 // pt, 4号
	FormSize       = 14.0 // pt, 4号: the text of form tables

	// MastheadGap is the distance from the text block's top to the top of
	// the 发文机关标志 (GB/T 9704-2012 7.2.2).
	MastheadGap = 35.0
	// RuleGap is the distance from the 发文字号 to the red rule (7.2.5).
	RuleGap = 4.0
	// PageNumberGap is the distance from the text block to the top of the
	// page number's 一字线 (7.5).
	PageNumberGap = 7.0
	// SealDiameter is the space left for the office's seal, stamped by hand:
	// no text but the 署名 and date it presses on comes within it.
	SealDiameter = 42.0
	// LetterTop is where the 信函格式's 发文机关标志 starts (GB/T 9704 10.1).
	LetterTop = 30.0

	ptToMM = 25.4 / 72
	// emAscent places a line's baseline in its em box: CJK fonts draw the
	// ideographic em box from 0.88 em above the baseline to 0.12 em below.
	emAscent = 0.88
)

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

var (
	Black = Color{0, 0, 0}
	// Red is the red of 版头 and rules (GB/T 9704 asks for red without a
	// value; this is the red printers match for 公文).
	Red = Color{230, 0, 18}
)

// Run is text drawn in one font on one baseline.
type Run struct {
	X, Y    float64 // the baseline origin of the first character, mm
	Top     float64 // the top of the em box, mm: where toolkits that place text by its top put it
	Role    Role
	Size    float64 // pt
	Text    string
	Glyphs  []float64 // the left edge of each character (one per rune), mm
	Spacing float64   // mm added after each character: the PDF's character spacing
	Color   Color
	Bold    bool // emboldened stand-in for 小标宋

	src source // where the text came from, for missing-glyph reports
}

// source names the part of the document a run prints.
type source struct {
	part   string // 标题, 正文第3段, 主送 …
	offset int    // the run's first character within the part, 0-based
}

// ShapeKind is what a Shape draws.
type ShapeKind int

const (
	ShapeLine   ShapeKind = iota // from (X1,Y1) to (X2,Y2)
	ShapeRect                    // corners (X1,Y1) and (X2,Y2)
	ShapeCircle                  // centre (X1,Y1), radius R
)

// Shape is a rule, a table border or the seal's place.
type Shape struct {
	Kind           ShapeKind
	X1, Y1, X2, Y2 float64
	R              float64
	Width          float64 // stroke, mm
	Color          Color
	Dash           bool
	// Guide shapes are drawn by the on-screen preview only: the seal's place,
	// which the printed page leaves blank for the real seal.
	Guide bool
}

// Page is one laid-out page.
type Page struct {
	Number int // the page number printed on it, 0 if none
	Runs   []Run
	Shapes []Shape
	// Seals are the places a seal is stamped: circles no text but the 署名
	// and date under them may enter.
	Seals []Shape
	// Part says what the page holds: "" for the document itself, "附页"
	// for a form's continuation sheet, "附件1" … for an attachment.
	Part string
}

// Pages is a laid-out document: everything the PDF and the on-screen preview
// draw, positioned in millimetres.
type Pages struct {
	Title   string    // PDF metadata: the document's title
	Author  string    // the issuing body
	Subject string    // the kind and number
	Created time.Time // fixed from the document's date, so output is reproducible
	Pages   []Page
	// Missing lists characters the fonts cannot print. RenderPDF refuses
	// pages with missing characters; the preview can mark them.
	Missing []MissingGlyph
	// Lines and Chars are the text grid the body was set on: 22 × 28, or
	// a little tighter when that keeps the closing from standing alone.
	Lines int
	Chars float64

	fonts *FontSet
}

// ParaStyle says how a paragraph is set.
type ParaStyle int

const (
	// ParaAuto detects headings: "一、" (黑体), "（一）" (楷体); "1." and
	// "（1）" stay in the body face as the standard asks.
	ParaAuto ParaStyle = iota
	ParaPlain
)

// Paragraph is one paragraph of body text, or a table (see table.go).
type Paragraph struct {
	Text  string
	Style ParaStyle
	Table *Table // when set, the paragraph is this table and Text is not printed
}

// FormRow is one row of a form's table.
type FormRow struct {
	Label string
	Value string // may hold several paragraphs separated by "\n"
	Lines int    // the row's minimum height in lines: room to write by hand
	Date  string // printed at the bottom right of the value: "年　月　日" or a date
	Flex  bool   // takes the page's spare height
	// Short rows give up lines first when the form would run past its
	// sheet: the value is cut with "（详见附页）" and printed whole on a
	// continuation sheet.
	Short bool
	// Seal: a seal is stamped here. The row leaves a 42 mm place clear of
	// all text but the value (the 署名) and the date it presses on.
	Seal bool
	// Beside is a second label and value in the same row: the row is split
	// in two halves (a seal's row: each half captioned by its label).
	Beside *FormRow
}

// Doc is a document ready to lay out.
type Doc struct {
	Kind        data.DocKind
	IssuingBody string // 发文机关标志 on the 版头, and the 署名 unless SignBody is set
	Number      string // 发文字号, "" for a draft
	Title       string
	Recipient   string // 主送; a trailing "：" is added
	Paragraphs  []Paragraph
	SignBody    string    // 署名
	Date        data.Date // 成文日期; zero prints blanks to fill by hand
	Notes       []string  // 附注, printed in brackets under the date
	CopyNote    string    // e.g. 本通知书一式两份…

	Form     []FormRow // the table of a form (交办单, 送达回证)
	FormNote string    // the explanation printed under the table
	// Copies are the parts of a document made in duplicate, one per label,
	// e.g. "第一联　存根", "第二联　送承办单位" (催办通知单).
	Copies []string
	// Receipt is where the recipient signs for the document: on the first
	// copy (the 存根 the office keeps), or at the foot of a letter's last
	// page.
	Receipt string

	// Draft is an unsigned document: every page carries a 草稿 mark and no
	// place is left for a seal, so it cannot pass for a signed one.
	Draft bool
	// The 版记 (GB/T 9704 7.4): 抄报 and 抄送, and in the 文件格式 the
	// 印发机关 and 印发日期 (the issuing body and the date).
	ReportTo string
	CopyTo   string
	// Attachments follow the body, each from a new page, listed under the
	// body in the 附件说明.
	Attachments []Attachment
}

// Attachment is a 附件: its title and its content.
type Attachment struct {
	Title      string
	Paragraphs []Paragraph
}

// KindReceipt is the 送达回证 printed with a document to prove delivery.
// It is not a numbered document kind of its own.
const KindReceipt data.DocKind = "送达回证"

type format int

const (
	formatRedHead format = iota // 文件格式: red 发文机关标志, 发文字号, red rule
	formatLetter                // 信函格式: 标志 30 mm from the top, red double lines
	formatForm                  // a ruled table
	formatCopies                // a short text made in duplicate
)

// formatOf is the form a kind is printed in. The notices and letters to
// one unit take the 信函格式, as many offices print them: its head leaves
// five more lines to the text than the 文件格式's, so a usual notice is one
// sheet. The 通报, published to all units, is a 文件.
func formatOf(kind data.DocKind) format {
	switch kind {
	case data.DocBulletin:
		return formatRedHead
	case data.DocAssignment, KindReceipt:
		return formatForm
	case data.DocReminder:
		return formatCopies
	}
	return formatLetter
}

// OneSheet reports whether a kind is always printed on one sheet (a
// continuation sheet aside): the slips and the 转办函.
func OneSheet(kind data.DocKind) bool {
	switch kind {
	case data.DocAssignment, data.DocReminder, data.DocTransfer, KindReceipt:
		return true
	}
	return false
}

// frame is a grid of lines the text flows on.
type frame struct {
	top   float64 // the top of line 0
	left  float64
	width float64
	lines int
	pitch float64
	cells float64 // characters per line
	size  float64 // pt
	tsize float64 // pt: the text of tables set on the frame
}

// gbFrame is the text block of GB/T 9704: 22 lines of 28 characters.
var gbFrame = frame{top: MarginTop, left: MarginLeft, width: BlockWidth, lines: LinesPerPage, pitch: LinePitch, cells: CharsPerLine, size: BodySize, tsize: FormSize}

// tighter is the grid with lines lines of cells characters on the same
// text block: the bounded tightening that keeps a closing from standing
// alone on a page.
func tighter(lines int, cells float64) frame {
	f := gbFrame
	f.lines, f.pitch, f.cells = lines, BlockHeight/float64(lines), cells
	return f
}

// tightenings are tried in order when the standard grid strands the
// closing: one or two more lines a page, then one more character a line,
// then up to 26 lines. A signed notice with three findings of two lines
// each needs the last; its leading (24.5 pt for 16 pt type) is still wider
// than Word's single spacing of 3号仿宋, which clerks squeeze to.
var tightenings = []frame{tighter(23, CharsPerLine), tighter(24, CharsPerLine), tighter(24, CharsPerLine+1), tighter(25, CharsPerLine+1), tighter(26, CharsPerLine+1)}

func (f frame) slotTop(slot int) float64 { return f.top + float64(slot)*f.pitch }
func (f frame) cell() float64            { return f.width / f.cells }
func (f frame) right() float64           { return f.left + f.width }

// baseline of text of size pt centred in the line whose top is top.
func baseline(top, pitch, size float64) float64 {
	em := size * ptToMM
	return top + (pitch-em)/2 + emAscent*em
}

// setter positions text with a font set.
type setter struct {
	fonts *FontSet
}

func (s setter) adv(role Role, r rune) float64 { return s.fonts.Face(role).Advance(r) }

func (s setter) width(role Role, size float64, text string) float64 {
	w := 0.0
	for _, r := range text {
		w += s.adv(role, r)
	}
	return w * size * ptToMM
}

// runs positions a line of text: x is the left edge of the first character,
// spacing the mm added after each. roles gives each rune's role; src is the
// source of the line's first rune.
func (s setter) runs(x, y, size, spacing float64, text string, roleAt func(i int) Role, color Color, src source) []Run {
	var out []Run
	em := size * ptToMM
	i := 0
	var cur *Run
	for _, r := range text {
		role := roleAt(i)
		if cur == nil || cur.Role != role {
			out = append(out, Run{X: x, Y: y, Top: y - emAscent*em, Role: role, Size: size, Spacing: spacing, Color: color,
				Bold: role == Title && s.fonts.Embolden(Title), src: source{part: src.part, offset: src.offset + i}})
			cur = &out[len(out)-1]
		}
		cur.Text += string(r)
		cur.Glyphs = append(cur.Glyphs, x)
		x += s.adv(role, r)*em + spacing
		i++
	}
	return out
}

// simple positions text in one role with natural spacing plus spacing.
func (s setter) simple(x, y, size, spacing float64, role Role, text string, color Color, src source) []Run {
	return s.runs(x, y, size, spacing, text, func(int) Role { return role }, color, src)
}

// lineWidth is the drawn width of text with spacing after each character
// but the last.
func (s setter) lineWidth(role Role, size, spacing float64, text string) float64 {
	n := len([]rune(text))
	if n == 0 {
		return 0
	}
	return s.width(role, size, text) + float64(n-1)*spacing
}

// epoch is the creation date of documents without a date of their own: a
// fixed one, so the same input gives the same bytes.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, data.Zone)

// Layout lays out doc to GB/T 9704-2012 with fonts.
func Layout(doc *Doc, fonts *FontSet) (*Pages, error) {
	l, err := lay(doc, fonts)
	if err != nil {
		return nil, err
	}
	doc = l.doc
	p := &Pages{
		Title:   doc.Title,
		Author:  doc.signer(),
		Subject: strings.TrimSpace(string(doc.Kind) + " " + doc.Number),
		Created: epoch,
		Pages:   l.pages,
		Lines:   l.grid.lines,
		Chars:   l.grid.cells,
		fonts:   fonts,
	}
	if !doc.Date.IsZero() {
		p.Created = doc.Date.Time()
	}
	p.Missing = missingGlyphs(p.Pages, fonts)
	return p, nil
}

// lay lays doc out: the layouter holds the pages and the choices made.
func lay(doc *Doc, fonts *FontSet) (*layouter, error) {
	doc = doc.cleaned()
	if err := doc.validate(); err != nil {
		return nil, err
	}
	l := &layouter{setter: setter{fonts}, doc: doc, grid: gbFrame}
	switch formatOf(doc.Kind) {
	case formatRedHead, formatLetter:
		l.letter()
	case formatForm:
		l.form()
	case formatCopies:
		l.copies()
	}
	if doc.Draft {
		l.draftMarks()
	}
	return l, nil
}

// cleaned is a copy of d with text pasted from elsewhere made printable:
// line ends unified, tabs as full-width spaces, and invisible control and
// zero-width characters (which no font draws) removed.
func (d *Doc) cleaned() *Doc {
	c := *d
	c.IssuingBody, c.Number, c.Title, c.Recipient = clean(d.IssuingBody), clean(d.Number), clean(d.Title), clean(d.Recipient)
	c.SignBody, c.CopyNote, c.FormNote, c.Receipt = clean(d.SignBody), clean(d.CopyNote), clean(d.FormNote), clean(d.Receipt)
	c.ReportTo, c.CopyTo = clean(d.ReportTo), clean(d.CopyTo)
	c.Paragraphs = cleanParagraphs(d.Paragraphs)
	c.Attachments = make([]Attachment, len(d.Attachments))
	for i, a := range d.Attachments {
		c.Attachments[i] = Attachment{Title: clean(a.Title), Paragraphs: cleanParagraphs(a.Paragraphs)}
	}
	c.Notes = make([]string, len(d.Notes))
	for i, n := range d.Notes {
		c.Notes[i] = clean(n)
	}
	c.Form = make([]FormRow, len(d.Form))
	for i, r := range d.Form {
		r.Label, r.Value, r.Date = clean(r.Label), clean(r.Value), clean(r.Date)
		if r.Beside != nil {
			b := *r.Beside
			b.Label, b.Value, b.Date = clean(b.Label), clean(b.Value), clean(b.Date)
			r.Beside = &b
		}
		c.Form[i] = r
	}
	c.Copies = make([]string, len(d.Copies))
	for i, l := range d.Copies {
		c.Copies[i] = clean(l)
	}
	return &c
}

func cleanParagraphs(ps []Paragraph) []Paragraph {
	out := make([]Paragraph, len(ps))
	for i, p := range ps {
		out[i] = Paragraph{Text: clean(p.Text), Style: p.Style, Table: p.Table}
	}
	return out
}

func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r == '\t':
			return '　'
		case r < 0x20, r == 0x7F, r == 0xFEFF, r >= 0x200B && r <= 0x200D, r == 0x2060:
			return -1
		}
		return r
	}, s)
}

func (d *Doc) signer() string {
	if s := strings.TrimSpace(d.SignBody); s != "" {
		return s
	}
	return strings.TrimSpace(d.IssuingBody)
}

func (d *Doc) validate() error {
	switch {
	case strings.TrimSpace(d.Title) == "":
		return data.Invalid("Title", "文书标题不能为空")
	case formatOf(d.Kind) != formatForm && strings.TrimSpace(d.IssuingBody) == "":
		return data.Invalid("IssuingBody", "发文机关不能为空")
	case formatOf(d.Kind) == formatForm && len(d.Form) == 0:
		return data.Invalid("Form", "表格内容不能为空")
	}
	return nil
}

// layouter builds the pages of one document.
type layouter struct {
	setter
	doc   *Doc
	pages []Page
	grid  frame // the grid the body is set on
	// where the 信函格式 and 文件格式 put things, for the Word document: the
	// first slot after the 版头, and the 版记's lines, first slot, whether
	// it took a page of its own, and whether a blank page is before that
	headSlot             int
	footLines, footStart int
	footPage, footBlank  bool
}

// footPages is the number of pages the 版记 added after the text: its own,
// and a blank one before it.
func (l *layouter) footPages() int {
	switch {
	case l.footBlank:
		return 2
	case l.footPage:
		return 1
	}
	return 0
}

func (l *layouter) newPage() *Page {
	l.pages = append(l.pages, Page{})
	return &l.pages[len(l.pages)-1]
}

// item is one line of the text flow, placed on the grid when paginating.
type item struct {
	emit  func(p *Page, f frame, slot int)
	blank bool // an empty line, dropped at the top of a page
	keep  bool // stays on the page of the item before it
	// head are emitted before the item when it starts a page: a table's
	// header, repeated above its rows on the next page.
	head []item
}

// flow paginates items onto frames: the first page from slot first, every
// later page from slot 0. Items that keep with the previous one move
// together (so the 署名 block takes a line of the body with it).
// It returns the last page and the slot after the last item.
func (l *layouter) flow(items []item, f frame, first int, page *Page) (*Page, int) {
	slot := first
	for i := 0; i < len(items); {
		// the chain of items that must share a page
		j := i + 1
		for j < len(items) && items[j].keep {
			j++
		}
		if slot+(j-i) > f.lines && slot > 0 {
			// the chain does not fit: a chain longer than a page starts
			// anyway (and breaks), a shorter one moves to the next page
			if j-i <= f.lines {
				page = l.newPage()
				slot = 0
			}
		}
		for ; i < j; i++ {
			if slot >= f.lines {
				page = l.newPage()
				slot = 0
			}
			if slot == 0 && items[i].blank && !items[i].keep {
				continue
			}
			if slot == 0 && len(items[i].head) > 0 {
				for _, h := range items[i].head {
					if h.emit != nil {
						h.emit(page, f, slot)
					}
					slot++
				}
			}
			if items[i].emit != nil {
				items[i].emit(page, f, slot)
			}
			slot++
		}
	}
	return page, slot
}

// missingGlyphs finds every character the fonts cannot print and says where
// it is: the part of the document, the character, the page and line.
func missingGlyphs(pages []Page, fonts *FontSet) []MissingGlyph {
	var out []MissingGlyph
	for pi, p := range pages {
		// line numbers: distinct baselines from the top of the page
		var ys []float64
		for _, r := range p.Runs {
			ys = append(ys, math.Round(r.Y*10)/10)
		}
		sort.Float64s(ys)
		lineOf := func(y float64) int {
			y = math.Round(y*10) / 10
			n := 0
			for i, v := range ys {
				if i == 0 || v != ys[i-1] {
					n++
				}
				if v == y {
					return n
				}
			}
			return n
		}
		for _, r := range p.Runs {
			face := fonts.Face(r.Role)
			i := 0
			for _, c := range r.Text {
				if !printable(face, c) {
					out = append(out, MissingGlyph{
						Rune:  c,
						Where: fmt.Sprintf("%s第%d字（第%d页第%d行）", r.src.part, r.src.offset+i+1, pi+1, lineOf(r.Y)),
						Page:  pi + 1,
						X:     r.Glyphs[i],
						Y:     r.Y,
					})
				}
				i++
			}
		}
	}
	return out
}
