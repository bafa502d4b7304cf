package pinyin

import (
	"testing"
)

func TestInitials(t *testing.T) {
	for name, want := range map[string]string{
		"县公安局":       "xgaj",
		"清溪县市场监督管理局": "qxxscjdglj",
		"110指挥中心":    "110zhzx",
		"ABC大厅":      "abcdt",
		"〇":          "l",
		"":           "",
	} {
		if got := Initials(name); got != want {
			t.Errorf("Initials(%q) = %q, want %q", name, got, want)
		}
	}
}
