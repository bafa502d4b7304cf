package gongwen

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"xiaoneng/data"
)

func TestTitleBalanced(t *testing.T) {
	fonts := testFonts(t)
	l := &layouter{setter: setter{fonts}, doc: &Doc{Kind: data.DocNotice, Recipient: "清溪县市场监督管理局"}}
	maxW := BlockWidth / (TitleSize * ptToMM)
	for _, title := range []string{
		"关于清溪县市场监督管理局窗口服务存在问题的监察通知书",
		"关于对县社会保险窗口工作人员李某予以效能告诫的通知书",
		"关于进一步规范建设工程审批服务的建议",
		"关于2026年第三季度全县机关效能建设明察暗访情况暨部分单位工作人员纪律作风问题的通报",
		"效能投诉交办单",
	} {
		lines := l.balanceTitle(title)
		if strings.Join(lines, "") != title {
			t.Errorf("title changed: %v", lines)
		}
		min, max := math.Inf(1), 0.0
		for _, ln := range lines {
			w := 0.0
			for _, r := range ln {
				w += fonts.Face(Title).Advance(r)
			}
			if w > maxW+1e-9 {
				t.Errorf("title line %q is %.1f characters, wider than %.1f", ln, w, maxW)
			}
			if utf8.RuneCountInString(ln) < 2 {
				t.Errorf("title %q leaves a lone character: %v", title, lines)
			}
			min, max = math.Min(min, w), math.Max(max, w)
		}
		if len(lines) > 1 && max-min > 6 {
			t.Errorf("title lines unbalanced: %v", lines)
		}
		for _, ln := range lines[:len(lines)-1] {
			if strings.HasSuffix(ln, "监察通") || strings.HasSuffix(ln, "通知") && !strings.HasSuffix(title, ln) {
				t.Errorf("the kind's name is split: %v", lines)
			}
		}
		t.Log(lines)
	}
}
