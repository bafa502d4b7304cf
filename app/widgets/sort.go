package widgets

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// sortKey is a cell's text prepared for comparison once, so that sorting
// 100,000 rows does not format or collate inside the comparisons.
type sortKey struct {
	kind byte // keyNumber, keyText or keyEmpty: numbers sort before text, empty cells last
	num  float64
	text []byte // collation key
}

const (
	keyNumber byte = iota
	keyText
	keyEmpty
)

// makeKeys computes the keys of texts. Chinese text collates in pinyin
// order, as users know it from Excel; dates in YYYY-MM-DD collate in date
// order because their digits and hyphens compare position by position.
func makeKeys(n int, text func(i int) string) []sortKey {
	coll := collate.New(language.SimplifiedChinese)
	var buf collate.Buffer
	keys := make([]sortKey, n)
	for i := range keys {
		s := strings.TrimSpace(text(i))
		if s == "" {
			keys[i].kind = keyEmpty
			continue
		}
		if f, ok := parseNumber(s); ok {
			keys[i] = sortKey{kind: keyNumber, num: f}
			continue
		}
		keys[i] = sortKey{kind: keyText, text: slices.Clone(coll.KeyFromString(&buf, s))}
		buf.Reset()
	}
	return keys
}

// parseNumber reads a cell that is a number, allowing thousands separators
// and a percent sign (办结率 95.5%).
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSuffix(strings.ReplaceAll(s, ",", ""), "%")
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// compareKeys orders a before b; desc reverses the order except that empty
// cells stay last.
func compareKeys(a, b sortKey, desc bool) int {
	if a.kind == keyEmpty || b.kind == keyEmpty {
		return cmp.Compare(emptyRank(a), emptyRank(b))
	}
	var c int
	switch {
	case a.kind != b.kind:
		c = cmp.Compare(a.kind, b.kind)
	case a.kind == keyNumber:
		c = cmp.Compare(a.num, b.num)
	default:
		c = bytes.Compare(a.text, b.text)
	}
	if desc {
		return -c
	}
	return c
}

// resort recomputes the display order for the current sort column.
func (t *Table[T]) resort() {
	order := make([]int, len(t.all))
	for i := range order {
		order[i] = i
	}
	if t.sortCol >= 0 {
		col, desc := t.cols[t.sortCol], t.desc
		if col.Less != nil {
			slices.SortStableFunc(order, func(a, b int) int {
				x, y := t.all[a], t.all[b]
				if desc {
					x, y = y, x
				}
				switch {
				case col.Less(x, y):
					return -1
				case col.Less(y, x):
					return 1
				}
				return 0
			})
		} else {
			keys, ok := t.keys[t.sortCol]
			if !ok {
				keys = makeKeys(len(t.all), func(i int) string { return col.Text(t.all[i]) })
				t.keys[t.sortCol] = keys
			}
			slices.SortStableFunc(order, func(a, b int) int { return compareKeys(keys[a], keys[b], desc) })
		}
	}
	t.order = order
}

func emptyRank(k sortKey) int {
	if k.kind == keyEmpty {
		return 1
	}
	return 0
}
