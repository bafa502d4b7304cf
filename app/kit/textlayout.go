package kit

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"xiaoneng/reports/gongwen"
)

// Chinese text on screen is broken into lines by the printed documents' own
// breaker (gongwen.Breaker: 标点禁则, numbers kept with their units, no
// character dropped), measured with Fyne's text measurer. Each character is
// measured once per style and size: Fyne's own wrapping measures ever
// shorter substrings of a paragraph, which costs seconds on a letter of a
// few thousand characters.

// textLine is one line of wrapped text.
type textLine struct {
	text  string
	start int     // offset of the first character in the whole text, in runes
	runes int     // characters on the line (the paragraph's "\n" not counted)
	width float32 // natural width in pixels
	end   bool    // the last line of its paragraph
}

// advanceKey is the measure a table of advances is for.
type advanceKey struct {
	style fyne.TextStyle
	size  float32
}

var advances = struct {
	sync.Mutex
	byKey map[advanceKey]map[rune]float32
}{byKey: map[advanceKey]map[rune]float32{}}

// runeAdvances returns a function measuring single characters in style at
// size, caching each answer for the process.
func runeAdvances(style fyne.TextStyle, size float32) func(rune) float32 {
	key := advanceKey{style, size}
	advances.Lock()
	table := advances.byKey[key]
	if table == nil {
		table = map[rune]float32{}
		advances.byKey[key] = table
	}
	advances.Unlock()
	return func(r rune) float32 {
		advances.Lock()
		w, ok := table[r]
		advances.Unlock()
		if ok {
			return w
		}
		if r == '\t' {
			w = fyne.MeasureText("    ", size, style).Width
		} else {
			w = fyne.MeasureText(string(r), size, style).Width
		}
		advances.Lock()
		table[r] = w
		advances.Unlock()
		return w
	}
}

// wrapLines breaks text into lines no wider than width pixels (a
// punctuation mark the rules pull back onto a full line may hang past it by
// its own width, as 标点悬挂 in print). Paragraphs are separated by "\n"; an
// empty paragraph is an empty line. width <= 0 breaks at "\n" only. keep
// lists strings never broken.
func wrapLines(text string, width float32, style fyne.TextStyle, size float32, keep ...string) []textLine {
	adv := runeAdvances(style, size)
	em := float64(size)
	b := gongwen.Breaker{Advance: func(r rune) float64 { return float64(adv(r)) / em }, Keep: keep}
	if width > 0 {
		b.Width = max(float64(width)/em, 1)
	}
	var lines []textLine
	start := 0
	for p := range strings.SplitSeq(text, "\n") {
		n := len([]rune(p))
		if width <= 0 || p == "" {
			lines = append(lines, textLine{text: p, start: start, runes: n, width: measureRunes(p, adv), end: true})
		} else {
			broken := b.Break(p)
			for i, l := range broken {
				lines = append(lines, textLine{text: l.Text, start: start + l.Start, runes: len([]rune(l.Text)),
					width: float32(l.Width * em), end: i == len(broken)-1})
			}
		}
		start += n + 1
	}
	return lines
}

func measureRunes(s string, adv func(rune) float32) float32 {
	var w float32
	for _, r := range s {
		w += adv(r)
	}
	return w
}
