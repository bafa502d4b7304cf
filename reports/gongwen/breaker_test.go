package gongwen

import (
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
)

func loadCorpus(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/paragraphs.txt")
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if p != "" {
			paras = append(paras, p)
		}
	}
	if len(paras) < 20 {
		t.Fatalf("corpus has %d paragraphs, want at least 20", len(paras))
	}
	return paras
}

// protected are groups the breaker must never split.
var protected = []*regexp.Regexp{
	regexp.MustCompile(`\d{4}-\d{1,2}-\d{1,2}`),
	regexp.MustCompile(`\d{3,4}-\d{7,8}`),
	regexp.MustCompile(`（\d{3,4}）\d{7,8}`),
	regexp.MustCompile(`\p{Han}{2,3}〔\d{4}〕\d+号`),
	regexp.MustCompile(`[A-Za-z0-9]+([-.:/_@,][A-Za-z0-9]+)*%?`),
	regexp.MustCompile(`\d+[年月日号个件次%]`),
	regexp.MustCompile(`……|——`),
	regexp.MustCompile(`[\w.]+@[\w.]+`),
}

// checkLines asserts every rule of the breaker on one paragraph.
func checkLines(t *testing.T, para string, lines []Line, width, indent float64) {
	t.Helper()
	const eps = 1e-9
	var joined strings.Builder
	for _, l := range lines {
		joined.WriteString(l.Text)
	}
	if joined.String() != para {
		t.Fatalf("characters lost or repeated:\n in: %s\nout: %s", para, joined.String())
	}
	rs := []rune(para)
	breaks := map[int]bool{}
	for i, l := range lines {
		lr := []rune(l.Text)
		if len(lr) == 0 {
			t.Fatalf("empty line %d in %q", i, para)
		}
		if i > 0 && l.Start != lines[i-1].Start+len([]rune(lines[i-1].Text)) {
			t.Errorf("line %d Start %d does not follow the previous line", i, l.Start)
		}
		ind := 0.0
		if i == 0 {
			ind = indent
		}
		if l.Indent != ind {
			t.Errorf("line %d indent %v, want %v", i, l.Indent, ind)
		}
		last := i == len(lines)-1
		prevForced := i > 0 && lines[i-1].Forced
		if i > 0 && !prevForced && strings.ContainsRune(noStart, lr[0]) {
			t.Errorf("line %d starts with %q: %s", i, lr[0], l.Text)
		}
		if !last && !l.Forced && strings.ContainsRune(noEnd, lr[len(lr)-1]) {
			t.Errorf("line %d ends with %q: %s", i, lr[len(lr)-1], l.Text)
		}
		if i > 0 && !prevForced {
			breaks[l.Start] = true
		}
		if l.Full == last {
			t.Errorf("line %d Full=%v, last=%v", i, l.Full, last)
		}
		avail := width - ind
		switch {
		case l.Forced:
		case l.Squeeze:
			if l.Width <= avail+eps || l.Width > avail+1+eps {
				t.Errorf("squeezed line %d has width %v for a measure of %v: %s", i, l.Width, avail, l.Text)
			}
			if !strings.ContainsRune(squeezable, lr[len(lr)-1]) {
				t.Errorf("squeezed line %d does not end with punctuation: %s", i, l.Text)
			}
		default:
			if l.Width > avail+eps {
				t.Errorf("line %d overflows: width %v > %v: %s", i, l.Width, avail, l.Text)
			}
			if !last && l.Width < avail-eps {
				// a short full line is only allowed when the next unbreakable
				// group could not fit
				next := lines[i+1]
				nr := []rune(next.Text)
				g := glue(rs, nil)
				w := l.Width
				j := 0
				for ; j < len(nr); j++ {
					w += CellWidth(nr[j])
					if next.Start+j+1 >= len(rs) || !g[next.Start+j+1] {
						break
					}
				}
				// or when the group pulled up would leave a 孤字 below
				widow := i == len(lines)-2 && lone(string(nr[min(j+1, len(nr)):]))
				if w <= avail+eps && !widow {
					t.Errorf("line %d is short (%v of %v) though %q fits: %s", i, l.Width, avail, next.Text, l.Text)
				}
			}
		}
		if l.Full || l.Squeeze {
			// justified: the last character's right edge is on the measure
			xs := l.Positions(CellWidth)
			right := xs[len(xs)-1] + CellWidth(lr[len(lr)-1])
			if math.Abs(right-width) > 1e-6 {
				t.Errorf("line %d ends at %v em, not %v: %s", i, right, width, l.Text)
			}
		}
	}
	if n := len(lines); n > 1 && lone(lines[n-1].Text) && lines[n-2].Width+lines[n-1].Width > 1.5*(width-indent) {
		t.Errorf("the last line holds a single character: %q", lines[n-1].Text)
	}
	for _, re := range protected {
		for _, m := range re.FindAllStringIndex(para, -1) {
			a := len([]rune(para[:m[0]]))
			b := a + len([]rune(para[m[0]:m[1]]))
			for k := a + 1; k < b; k++ {
				if breaks[k] {
					t.Errorf("%q split at %d in: %s", para[m[0]:m[1]], k, para)
				}
			}
		}
	}
}

func TestBreakCorpus(t *testing.T) {
	var squeezed, pushed, full int
	for _, para := range loadCorpus(t) {
		lines := BreakLines(para, 28)
		checkLines(t, para, lines, 28, 2)
		for _, l := range lines {
			switch {
			case l.Squeeze:
				squeezed++
			case l.Full && l.Width+l.Indent < 28:
				pushed++
			case l.Full:
				full++
			}
		}
	}
	t.Logf("full lines: %d exact, %d squeezed, %d pushed", full, squeezed, pushed)
	if full == 0 || squeezed == 0 || pushed == 0 {
		t.Errorf("the corpus does not exercise every case: %d exact, %d squeezed, %d pushed", full, squeezed, pushed)
	}
}

func TestBreakCorpusOtherMeasures(t *testing.T) {
	for _, width := range []int{10, 17, 20, 31} {
		for _, para := range loadCorpus(t) {
			checkLines(t, para, BreakLines(para, width), float64(width), 2)
		}
	}
}

func han(n int) string { return strings.Repeat("效", n) }

func TestBreakRules(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		first string // the expected first line
	}{
		{"exact", han(30), han(26)},
		{"squeeze a comma", han(26) + "，" + han(5), han(26) + "，"},
		{"squeeze a closing quote", han(24) + "“效”" + han(3), han(24) + "“效”"},
		{"push an opening quote", han(25) + "“效”" + han(3), han(25)},
		{"push an opening bracket", han(25) + "（" + han(5) + "）", han(25)},
		{"squeeze a full stop and quote", han(25) + "。”" + han(3), han(25) + "。”"},
		{"push before a full stop and quote", han(26) + "。”" + han(3), han(25)},
		{"keep a date", han(22) + "2026-11-21" + han(3), han(22)},
		{"keep a phone number", han(23) + "0571-88886666", han(23)},
		{"keep a document number", han(20) + "效监通〔2026〕12号文件", han(20)},
		{"keep a number with its unit", han(25) + "15个工作日", han(25)},
		{"keep an ellipsis", han(25) + "……" + han(3), han(25)},
		{"keep a percentage", han(24) + "99.96%" + han(3), han(24)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := BreakLines(tt.text, 28)
			checkLines(t, tt.text, lines, 28, 2)
			if lines[0].Text != tt.first {
				t.Errorf("first line %q (%d), want %q", lines[0].Text, len([]rune(lines[0].Text)), tt.first)
			}
		})
	}
}

func TestBreakForced(t *testing.T) {
	url := "https://www.qingxi.gov.cn/" + strings.Repeat("a", 80)
	lines := BreakLines(url, 28)
	checkLines(t, url, lines, 28, 2)
	if !lines[0].Forced {
		t.Errorf("a group longer than the line must be broken and marked Forced")
	}
}

func TestBreakParagraphs(t *testing.T) {
	text := "第一段。\n\n第二段有内容。"
	lines := BreakLines(text, 28)
	if len(lines) != 3 || lines[1].Text != "" || lines[2].Text != "第二段有内容。" {
		t.Fatalf("paragraphs: %+v", lines)
	}
	for _, l := range lines {
		if l.Indent != 2 {
			t.Errorf("paragraph line %q not indented two characters", l.Text)
		}
	}
}

func TestBreakKeep(t *testing.T) {
	text := han(24) + "清溪县市场监督管理局"
	b := Breaker{Width: 28, Keep: []string{"清溪县市场监督管理局"}}
	lines := b.Break(text)
	if lines[0].Text != han(24) {
		t.Errorf("kept string split: %q", lines[0].Text)
	}
}
