package gongwen

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"xiaoneng/data"
)

func tableDoc(rows int) *Doc {
	t := &Table{
		Caption: "表1　各单位效能投诉办理情况",
		Header:  []string{"序号", "单位", "受理件数", "办结率"},
		Align:   []Align{AlignCenter, AlignLeft, AlignRight, AlignRight},
	}
	for i := range rows {
		t.Rows = append(t.Rows, []string{fmt.Sprint(i + 1), fmt.Sprintf("清溪县第%d服务窗口", i+1), fmt.Sprint(100 + i), "95.9%"})
	}
	// a long name wraps onto a second line of its row
	t.Rows[2][1] = "清溪县政务服务中心不动产登记和交易税费综合受理窗口"
	return &Doc{
		Kind: data.DocBulletin, IssuingBody: "清溪县机关效能建设办公室", Title: "关于2026年第三季度机关效能建设情况的通报",
		Recipient: "各乡镇人民政府，县直各单位",
		Paragraphs: []Paragraph{
			{Text: "现将2026年第三季度各单位效能投诉办理情况通报如下。"},
			{Table: t},
			{Text: "请各单位对照检查，认真整改。"},
		},
		Date: data.NewDate(2026, 10, 15),
	}
}

func TestTableLayout(t *testing.T) {
	fonts := testFonts(t)
	doc := tableDoc(40)
	pdf, p := renderFile(t, doc, fonts)
	if len(p.Pages) < 3 {
		t.Fatalf("%d pages for a table of 40 rows", len(p.Pages))
	}
	text := runText(p)
	for _, want := range []string{"表1各单位效能投诉办理情况", "序号单位受理件数办结率1清溪县第1服务窗口10095.9%",
		"清溪县政务服务中心不动产登记和交易税费综合受理窗口", "40清溪县第40服务窗口13995.9%", "请各单位对照检查，认真整改。"} {
		if !strings.Contains(text, want) {
			t.Errorf("laid-out text lacks %q", want)
		}
	}
	// every page after the first that continues the table starts with its header
	for i, pg := range p.Pages[1:] {
		if strings.Contains(pageText(pg), "服务窗口") && !strings.HasPrefix(pageText(pg), "序号单位受理件数办结率") {
			t.Errorf("page %d continues the table without its header: %.40s", i+2, pageText(pg))
		}
	}
	// the rows sit on the grid: every baseline of the table is a body line's
	for _, pg := range p.Pages {
		for _, r := range pg.Runs {
			if r.Size != FormSize || r.Role == PageNumber {
				continue
			}
			slot := (r.Y - baseline(MarginTop, LinePitch, FormSize)) / LinePitch
			if math.Abs(slot-math.Round(slot)) > 1e-6 {
				t.Errorf("%q off the grid: slot %.3f", r.Text, slot)
			}
			if r.X < MarginLeft-1e-6 || r.X+runWidth(fonts, r) > MarginLeft+BlockWidth+1e-6 {
				t.Errorf("%q outside the text block: x %.1f", r.Text, r.X)
			}
		}
	}
	// pdftotext gives every cell back, the header once per page of the table
	out := squash(run(t, "pdftotext", "-layout", pdf, "-"))
	if n := strings.Count(out, "序号"); n != len(p.Pages)-boolInt(!strings.Contains(pageText(p.Pages[len(p.Pages)-1]), "服务窗口")) {
		t.Errorf("header printed %d times on %d pages", n, len(p.Pages))
	}
	for i := range 40 {
		if !strings.Contains(out, fmt.Sprintf("清溪县第%d服务窗口", i+1)) && i != 2 {
			t.Errorf("row %d missing from the PDF's text", i+1)
		}
	}
}

func pageText(pg Page) string {
	var b strings.Builder
	for _, r := range pg.Runs {
		b.WriteString(r.Text)
	}
	return squash(b.String())
}

// runWidth is the drawn width of a run.
func runWidth(fonts *FontSet, r Run) float64 {
	rs := []rune(r.Text)
	if len(rs) == 0 {
		return 0
	}
	return r.Glyphs[len(rs)-1] - r.X + fonts.Face(r.Role).Advance(rs[len(rs)-1])*r.Size*ptToMM
}
