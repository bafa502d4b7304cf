package gongwen

import (
	"regexp"
	"strings"
	"unicode"
)

// Chinese line breaking with 标点禁则 (GB/T 9704-2012 and the W3C's
// Requirements for Chinese Text Layout).
//
// Measure. Widths are in em of the text's size. A CJK character or
// full-width mark is one em; with the default measure (CellWidth) ASCII
// letters, digits and spaces are half an em. A GB/T 9704 body line is 28 em
// (28 characters; two digits share one character's place). Layout passes the
// font's own advances instead, which for Chinese fonts are the same for
// CJK and digits.
//
// Rules. No line starts with a closing mark (，。、；：？！）》」』】〕”’% and
// the like) and none ends with an opening one (（《「『【〔“‘). A run of
// ASCII letters and digits with its inner separators (2026-11-21,
// 0571-88886666, 3.5, TS2026-0007, web and e-mail addresses), a number with its
// unit (2026年, 12号, 15个), a phone number with its area code in brackets,
// a document number (效监通〔2026〕12号), 第 with its number, and the
// two-character 省略号 and 破折号 are never split. A date written
// 2026年11月21日 may break between its parts, as Word and typesetters do.
//
// Policy. Lines are filled greedily. When the character that would start the
// next line may not start one and is a full-width punctuation mark, it is
// pulled back onto the line, which is then squeezed to the measure (29
// characters in the place of 28; GB/T 9704 lets punctuation be compressed).
// Otherwise characters are pushed forward to the previous allowed break and
// the line is stretched (27 characters, or fewer when a long number moved).
// A group longer than a whole line is broken where the line is full: the
// only case a rule gives way (Line.Forced). No character is ever dropped
// or repeated: the lines' texts joined give the paragraph back.
//
// No 孤字: a paragraph's last line never holds a single character (with
// its punctuation) when the line before can give it a companion: that line
// then ends one allowed break earlier and is stretched.

// Line is one line of a broken paragraph.
type Line struct {
	Text    string
	Start   int     // offset of the first character in the paragraph, in runes
	Indent  float64 // em before the first character (2 on a paragraph's first line)
	Width   float64 // natural width of Text in em
	Full    bool    // justified to both edges: every line but a paragraph's last
	Squeeze bool    // a punctuation mark was pulled back: wider than the measure
	Forced  bool    // broken inside a group longer than a line
	Gap     float64 // em added after each character but the last to justify (negative when squeezed)
}

// Positions returns the left edge of each character in em from the start of
// the measure (indent included), with the line justified.
func (l Line) Positions(advance func(rune) float64) []float64 {
	if advance == nil {
		advance = CellWidth
	}
	var xs []float64
	x := l.Indent
	for _, r := range l.Text {
		xs = append(xs, x)
		x += advance(r) + l.Gap
	}
	return xs
}

// Breaker breaks paragraphs into lines.
type Breaker struct {
	Width   float64            // the measure in em (28 for GB/T 9704 body text)
	Indent  float64            // first-line indent in em (2 for body paragraphs)
	Advance func(rune) float64 // advance in em; nil means CellWidth
	Keep    []string           // more strings never split, e.g. unit names in a title
}

// BreakLines breaks text into lines of perLine full-width characters with
// the default measure. Paragraphs are separated by "\n"; each starts with a
// two-character indent.
func BreakLines(text string, perLine int) []Line {
	b := Breaker{Width: float64(perLine), Indent: 2}
	var lines []Line
	for _, p := range strings.Split(text, "\n") {
		lines = append(lines, b.Break(p)...)
	}
	return lines
}

// CellWidth is the default measure: one em for CJK characters and
// full-width forms, half an em for everything else.
func CellWidth(r rune) float64 {
	if isWide(r) {
		return 1
	}
	return 0.5
}

func isWide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0xA4CF && r != 0x303F, // CJK radicals … Yi
		r >= 0xAC00 && r <= 0xD7A3,                // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,                // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,                // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60,                // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD:
		return true
	case r == '—', r == '…', r == '“', r == '”', r == '‘', r == '’', r == '·', r == '□', r == '■', r == '√', r == '○', r == '※', r == '№', r == '℃', r == '‰':
		return true
	}
	return false
}

const (
	// noStart may not begin a line.
	noStart = "，。、；：？！）》」』】〕〉］｝〗〙”’％‰℃°·,.;:?!)]}%"
	// noEnd may not end a line.
	noEnd = "（《「『【〔〈［｛〖〘“‘([{￥$£·"
	// squeezable marks may be pulled back onto a full line: full-width
	// punctuation whose glyph leaves half its em empty.
	squeezable = "，。、；：？！）》」』】〕〉］｝〗〙”’"
	// unitChars stay with the number before them.
	unitChars = "年月日时分秒号元角万亿件个次人项条家天名位户％%岁期批类份页"
	// joiners stay inside a run of letters and digits when letters or digits
	// are on both sides.
	joiners = "-./:_@~～–+#=&?\\"
)

var keepPatterns = []*regexp.Regexp{
	// a document number with its 代字: 效监通〔2026〕12号
	regexp.MustCompile(`\p{Han}{0,3}[〔［\[]\d{4}[〕］\]]第?\d+号`),
	// a phone number with its area code in brackets: （0571）88886666
	regexp.MustCompile(`[（(]\d{3,4}[）)]\d{7,8}`),
	// web addresses and e-mail addresses
	regexp.MustCompile(`(https?|ftp)://[!#-;=?-~]+|[\w.+-]+@[\w-]+(\.[\w-]+)+`),
}

func isAlnum(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ'
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// glue marks where a break is forbidden: glue[i] means no break between
// rs[i-1] and rs[i]. glue[0] is unused.
func glue(rs []rune, keep []string) []bool {
	n := len(rs)
	g := make([]bool, n+1)
	for i := 1; i < n; i++ {
		prev, cur := rs[i-1], rs[i]
		switch {
		case strings.ContainsRune(noStart, cur), strings.ContainsRune(noEnd, prev):
			g[i] = true
		case isAlnum(prev) && isAlnum(cur):
			g[i] = true
		case isDigit(prev) && strings.ContainsRune(unitChars, cur):
			g[i] = true
		case prev == '第' && isDigit(cur):
			g[i] = true
		case prev == cur && (cur == '…' || cur == '—'):
			g[i] = true
		case cur == ' ' || cur == '　':
			// a space ends the line it follows rather than indenting the next
			g[i] = true
		}
		// a joiner between letters or digits belongs to the run
		if i+1 < n && strings.ContainsRune(joiners, cur) && isAlnum(prev) && isAlnum(rs[i+1]) {
			g[i], g[i+1] = true, true
		}
		if i+1 < n && cur == ' ' && isDigit(prev) && isDigit(rs[i+1]) {
			g[i+1] = true
		}
	}
	s := string(rs)
	spans := func(start, end int) { // byte offsets → rune indexes
		a := len([]rune(s[:start]))
		b := a + len([]rune(s[start:end]))
		for i := a + 1; i < b; i++ {
			g[i] = true
		}
	}
	for _, re := range keepPatterns {
		for _, m := range re.FindAllStringIndex(s, -1) {
			spans(m[0], m[1])
		}
	}
	for _, k := range keep {
		if k == "" {
			continue
		}
		for off := 0; ; {
			j := strings.Index(s[off:], k)
			if j < 0 {
				break
			}
			spans(off+j, off+j+len(k))
			off += j + len(k)
		}
	}
	return g
}

// Break breaks one paragraph (no "\n") into lines.
func (b *Breaker) Break(paragraph string) []Line {
	adv := b.Advance
	if adv == nil {
		adv = CellWidth
	}
	rs := []rune(paragraph)
	n := len(rs)
	if n == 0 {
		return []Line{{Indent: b.Indent}}
	}
	widths := make([]float64, n)
	for i, r := range rs {
		widths[i] = adv(r)
	}
	g := glue(rs, b.Keep)
	// sum[i] is the width of rs[:i] and brk[i] the first allowed break at or
	// after i, so that each line costs its own length: scanning a group to
	// its end on every line made a long unbreakable run quadratic.
	sum := make([]float64, n+1)
	for i, wd := range widths {
		sum[i+1] = sum[i] + wd
	}
	brk := make([]int, n+1)
	brk[n] = n
	for i := n - 1; i >= 0; i-- {
		brk[i] = i
		if g[i] {
			brk[i] = brk[i+1]
		}
	}
	const eps = 1e-9
	var lines []Line
	for pos := 0; pos < n; {
		indent := 0.0
		if pos == 0 {
			indent = b.Indent
		}
		avail := b.Width - indent
		// k: how many characters fit from pos
		k, w := pos, 0.0
		for k < n && w+widths[k] <= avail+eps {
			w += widths[k]
			k++
		}
		line := Line{Start: pos, Indent: indent}
		end := k
		switch {
		case k == n:
			// the paragraph's last line
		case k == pos:
			end = pos + 1 // not even one character fits: it goes alone
			line.Forced = true
		case !g[k]:
			line.Full = true
		case strings.ContainsRune(squeezable, rs[k]) && widths[k] <= 1+eps && (k+1 == n || !g[k+1]):
			end = k + 1
			line.Full, line.Squeeze = k+1 < n, true
		default:
			j := k - 1
			for j > pos && g[j] {
				j--
			}
			// the group that does not fit: from j to the next allowed break
			if j > pos && sum[brk[k]]-sum[j] <= b.Width+eps {
				end = j
			} else {
				line.Forced = true
			}
			line.Full = true
		}
		line.Text = string(rs[pos:end])
		line.Width = sum[end] - sum[pos]
		// a full line is justified; a squeezed one, even a paragraph's last,
		// is compressed to the measure
		if (line.Full || line.Width > avail+eps) && end-pos > 1 {
			line.Gap = (avail - line.Width) / float64(end-pos-1)
		}
		lines = append(lines, line)
		pos = end
	}
	if k := len(lines); k > 1 && lone(lines[k-1].Text) {
		b.widow(lines, rs, widths, g)
	}
	return lines
}

// lone reports whether a last line holds one character and nothing but
// punctuation besides: a 孤字.
func lone(text string) bool {
	n := 0
	for _, r := range text {
		if !strings.ContainsRune(noStart, r) && !strings.ContainsRune(noEnd, r) && r != ' ' && r != '　' {
			n++
		}
	}
	return n <= 1
}

// widow gives the lone last line of lines a companion: the line before
// ends at the allowed break before its last character (or group), if
// that leaves it more than half full.
func (b *Breaker) widow(lines []Line, rs []rune, widths []float64, g []bool) {
	const eps = 1e-9
	k := len(lines)
	prev := lines[k-2]
	start, end := prev.Start, prev.Start+len([]rune(prev.Text))
	j := end - 1
	for j > start && g[j] {
		j--
	}
	if j <= start {
		return
	}
	// the remaining line must fit the measure
	w := 0.0
	for _, wd := range widths[j:] {
		w += wd
	}
	if w > b.Width+eps {
		return
	}
	avail := b.Width - prev.Indent
	pw := 0.0
	for _, wd := range widths[start:j] {
		pw += wd
	}
	if pw < avail/2 {
		return
	}
	p := Line{Text: string(rs[start:j]), Start: start, Indent: prev.Indent, Width: pw, Full: true, Forced: prev.Forced}
	if j-start > 1 {
		p.Gap = (avail - pw) / float64(j-start-1)
	}
	last := Line{Text: string(rs[j:]), Start: j, Width: w}
	if w > b.Width+eps && len(rs)-j > 1 {
		last.Gap = (b.Width - w) / float64(len(rs)-j-1)
	}
	lines[k-2], lines[k-1] = p, last
}
