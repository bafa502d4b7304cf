package gongwen

import (
	"strings"
	"testing"
)

// The Word document's text carries an invisible character at each
// boundary of Chinese and Latin letters or digits: a word joiner where the
// PDF never breaks, a zero-width space where it may; none inside a number.
func TestJoined(t *testing.T) {
	show := strings.NewReplacer(string(wordJoiner), "⁀", string(zeroSpace), "|")
	for in, want := range map[string]string{
		"2026年11月9日":        "2026⁀年|11⁀月|9⁀日",
		"调查处理68件，已办结":       "调查处理|68⁀件，已办结",
		"第3次":               "第⁀3⁀次",
		"TS2026-0465号":      "TS2026-0465⁀号",
		"满意率为91.3%。":        "满意率为|91.3%。",
		"效监通〔2026〕12号":      "效⁀监⁀通〔2026〕12⁀号",
		"12345转办":           "12345|转办",
		"（2026年7月1日至9月30日）": "（2026⁀年|7⁀月|1⁀日至|9⁀月|30⁀日）",
	} {
		if got := show.Replace(joined(in, nil)); got != want {
			t.Errorf("joined(%q) = %q, want %q", in, got, want)
		}
	}
}
