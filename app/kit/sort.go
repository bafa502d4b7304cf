package kit

import (
	"bytes"
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// sortKey is a cell's text prepared for comparison once, so that sorting
// 100,000 rows does not format or collate inside the comparisons.
type sortKey struct {
	kind byte // numbers sort first, then Latin text, then Chinese text, empty cells last
	num  float64
	text []byte // lower-cased ASCII, or a collation key
}

const (
	keyNumber byte = iota
	keyASCII
	keyText
	keyEmpty
)

// makeKeys computes the keys of texts. Chinese text collates in pinyin
// order, as users know it from Excel. Plain ASCII (dates in YYYY-MM-DD,
// numbers like TS2026-0007) compares byte by byte, ignoring case, which is
// date order for dates and much faster than collating. Columns repeat
// values (units, states), so each distinct text is collated once per
// worker; the texts are read on the calling goroutine and collated on all
// cores.
func makeKeys(n int, text func(i int) string) []sortKey {
	texts := make([]string, n)
	for i := range texts {
		texts[i] = strings.TrimSpace(text(i))
	}
	keys := make([]sortKey, n)
	workers := min(runtime.GOMAXPROCS(0), max(n/5000, 1))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() { fillKeys(keys[lo:hi], texts[lo:hi]) })
	}
	wg.Wait()
	return keys
}

// fillKeys computes keys for texts, with its own collator (they are not
// safe for concurrent use).
func fillKeys(keys []sortKey, texts []string) {
	coll := collate.New(language.SimplifiedChinese)
	var buf collate.Buffer
	seen := map[string][]byte{}
	for i, s := range texts {
		switch f, isNum := parseNumber(s); {
		case s == "":
			keys[i].kind = keyEmpty
		case isNum:
			keys[i] = sortKey{kind: keyNumber, num: f}
		case isASCII(s):
			keys[i] = sortKey{kind: keyASCII, text: []byte(strings.ToLower(s))}
		default:
			k, ok := seen[s]
			if !ok {
				k = slices.Clone(coll.KeyFromString(&buf, s))
				buf.Reset()
				seen[s] = k
			}
			keys[i] = sortKey{kind: keyText, text: k}
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// parseNumber reads a cell that is a number, allowing thousands separators
// and a percent sign (办结率 95.5%).
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSuffix(strings.ReplaceAll(s, ",", ""), "%")
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// compareKeys orders a before b: numbers, Latin text, Chinese text, then
// empty cells.
func compareKeys(a, b sortKey) int {
	if a.kind != b.kind {
		return cmp.Compare(a.kind, b.kind)
	}
	switch a.kind {
	case keyNumber:
		return cmp.Compare(a.num, b.num)
	case keyASCII, keyText:
		return bytes.Compare(a.text, b.text)
	}
	return 0
}

// resort sets the display order for the current sort column. The
// ascending order of a column is computed once per SetRows; descending is
// derived from it in linear time, so a second click on a header is cheap.
func (t *Table[T]) resort() {
	if t.sortCol < 0 {
		order := make([]int, len(t.all))
		for i := range order {
			order[i] = i
		}
		t.order = order
		return
	}
	asc, same, empties := t.ascending(t.sortCol)
	if !t.desc {
		t.order = asc
		return
	}
	t.order = reverseGroups(asc, same, empties)
}

// ascending returns the column's ascending order (ties in row order), an
// equality test on row indexes, and how many rows at the end are empty
// cells (which stay last in both directions).
func (t *Table[T]) ascending(col int) (order []int, same func(a, b int) bool, empties int) {
	c := t.cols[col]
	if c.Less != nil {
		same = func(a, b int) bool { return !c.Less(t.all[a], t.all[b]) && !c.Less(t.all[b], t.all[a]) }
	}
	keys := t.keys[col]
	if c.Less == nil {
		if keys == nil {
			keys = makeKeys(len(t.all), func(i int) string { return c.Text(t.all[i]) })
			t.keys[col] = keys
		}
		same = func(a, b int) bool { return compareKeys(keys[a], keys[b]) == 0 }
	}
	if order = t.sorted[col]; order == nil {
		order = make([]int, len(t.all))
		for i := range order {
			order[i] = i
		}
		if c.Less != nil {
			slices.SortStableFunc(order, func(a, b int) int {
				switch {
				case c.Less(t.all[a], t.all[b]):
					return -1
				case c.Less(t.all[b], t.all[a]):
					return 1
				}
				return 0
			})
		} else {
			// An unstable sort with the row index as the last key is stable,
			// and much faster than a stable sort.
			slices.SortFunc(order, func(a, b int) int {
				if c := compareKeys(keys[a], keys[b]); c != 0 {
					return c
				}
				return cmp.Compare(a, b)
			})
		}
		t.sorted[col] = order
	}
	if keys != nil {
		for empties < len(order) && keys[order[len(order)-1-empties]].kind == keyEmpty {
			empties++
		}
	}
	return order, same, empties
}

// reverseGroups returns asc in descending order: runs of equal rows keep
// their (row) order, and the last empties rows stay last.
func reverseGroups(asc []int, same func(a, b int) bool, empties int) []int {
	out := make([]int, 0, len(asc))
	end := len(asc) - empties
	for end > 0 {
		start := end - 1
		for start > 0 && same(asc[start-1], asc[end-1]) {
			start--
		}
		out = append(out, asc[start:end]...)
		end = start
	}
	return append(out, asc[len(asc)-empties:]...)
}
