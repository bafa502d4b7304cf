//go:build !race

// Every character's initial against go-pinyin, two hundred thousand of
// them on one goroutine: scripts/test.sh runs it without the race
// detector, which would only make it five times slower.

package pinyin

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	gopinyin "github.com/mozillazg/go-pinyin"
)

var update = flag.Bool("update", false, "write initials.txt from go-pinyin")

// lastRune is past the last character go-pinyin knows (U+32389).
const lastRune = 0x33000

// goPinyin is go-pinyin's initial of r, as the store asked it before.
func goPinyin(r rune) string {
	a := gopinyin.NewArgs()
	a.Style = gopinyin.FirstLetter
	a.Fallback = func(r rune, _ gopinyin.Args) []string {
		return []string{strings.ToLower(string(r))}
	}
	var b strings.Builder
	for _, p := range gopinyin.Pinyin(string(r), a) {
		if len(p) > 0 {
			b.WriteString(p[0])
		}
	}
	return b.String()
}

// Every character has the initial go-pinyin gives it.
func TestInitialsAreGoPinyins(t *testing.T) {
	if *update {
		writeInitials(t)
	}
	wrong := 0
	for r := rune(0); r < lastRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		if got, want := initial(r), goPinyin(r); got != want {
			if wrong++; wrong <= 10 {
				t.Errorf("%U %c: %q, go-pinyin %q", r, r, got, want)
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d characters differ from go-pinyin (go test -run TestInitialsAreGoPinyins -update writes initials.txt anew)", wrong)
	}
}

// writeInitials writes initials.txt: the runs of characters whose initial
// is not the character itself in lower case, a run going on over up to
// maxGap characters between that stand for themselves.
func writeInitials(t *testing.T) {
	const maxGap = 8
	var b strings.Builder
	first, letters, gap := rune(-1), "", 0
	for r := rune(0); r < lastRune; r++ {
		want := goPinyin(r)
		lower := strings.ToLower(string(r))
		_, size := utf8.DecodeRuneInString(lower)
		if !utf8.ValidRune(r) || want == lower[:size] {
			gap++
			continue
		}
		if len(want) != 1 || want[0] < 'a' || want[0] > 'z' {
			t.Fatalf("%U: initial %q is not a letter", r, want)
		}
		switch {
		case first >= 0 && gap <= maxGap:
			letters += strings.Repeat(".", gap)
		default:
			if first >= 0 {
				fmt.Fprintf(&b, "%X %s\n", first, letters)
			}
			first, letters = r, ""
		}
		letters += want
		gap = 0
	}
	fmt.Fprintf(&b, "%X %s\n", first, letters)
	if err := os.WriteFile("initials.txt", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
