// Package pinyin gives the pinyin initials of a name ("县公安局" → "xgaj"),
// which the unit picker matches against.
//
// The letters are github.com/mozillazg/go-pinyin's (its first reading of
// each character), kept in initials.txt: that package fills a map of
// 41,923 readings when a program starts, 3–6 ms of every command of a
// program that needs the initials only when a unit is saved. The test
// checks the file against go-pinyin for every character it knows and
// writes it anew with -update.
package pinyin

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// initialsFile holds a line for each run of characters whose initial is
// not the character itself in lower case: the first character's code
// point in hex, a space, and the initials of the run, "." for a character
// between that stands for itself.
//
//go:embed initials.txt
var initialsFile string

// run is a line of initialsFile.
type run struct {
	first   rune
	letters string
}

// runs are initialsFile's lines, read on first use.
var runs = sync.OnceValue(func() []run {
	var out []run
	for line := range strings.Lines(initialsFile) {
		hex, letters, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		first, err := strconv.ParseInt(hex, 16, 32)
		if err != nil {
			panic("pinyin: initials.txt: " + err.Error())
		}
		out = append(out, run{rune(first), letters})
	}
	return out
})

// Initials returns the pinyin initials of name, lower case; a character
// that is not Chinese stands for itself, in lower case.
func Initials(name string) string {
	var b strings.Builder
	for _, r := range name {
		b.WriteString(initial(r))
	}
	return b.String()
}

// initial is r's initial.
func initial(r rune) string {
	rs := runs()
	i := sort.Search(len(rs), func(i int) bool { return rs[i].first > r }) - 1
	if i >= 0 && int(r-rs[i].first) < len(rs[i].letters) {
		if at := int(r - rs[i].first); rs[i].letters[at] != '.' {
			return rs[i].letters[at : at+1]
		}
	}
	lower := strings.ToLower(string(r))
	_, size := utf8.DecodeRuneInString(lower)
	return lower[:size]
}
