package gongwen

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"xiaoneng/data"
)

// onePageNotice is a short 监察通知书 that fits its first page.
func onePageNotice(t testing.TB) *Doc {
	t.Helper()
	d := sampleDoc(t, data.DocNotice)
	d.Paragraphs = []Paragraph{
		{Text: "2026年11月18日，我办督查组暗访发现，你单位3号窗口工作人员在工作时间玩手机游戏，对前来咨询的群众态度冷淡。"},
		{Text: "请于2026年12月5日前将整改情况书面报告我办。"},
	}
	d.CopyNote = "本通知书一式两份。"
	return d
}

func TestOnePageNoticeSize(t *testing.T) {
	fonts := testFonts(t)
	doc := onePageNotice(t)
	p, err := Layout(doc, fonts)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Pages) != 1 {
		t.Fatalf("the short notice takes %d pages", len(p.Pages))
	}
	var buf bytes.Buffer
	if err := RenderPDF(p, fonts, &buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("a one-page notice is %d bytes", buf.Len())
	if buf.Len() > 150*1024 {
		t.Errorf("a one-page notice is %d KB, want under 150 KB", buf.Len()/1024)
	}
}

// BenchmarkOnePageNotice lays out and renders a one-page 监察通知书.
func BenchmarkOnePageNotice(b *testing.B) {
	fonts := testFonts(b)
	doc := onePageNotice(b)
	for b.Loop() {
		p, err := Layout(doc, fonts)
		if err != nil {
			b.Fatal(err)
		}
		if err := RenderPDF(p, fonts, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBatch500 prints 500 监察通知书 (two pages each) into one PDF.
// Target: < 150 MB allocated (-benchmem), what the pages need; it was
// 680 MB when fpdf compressed each page with a compressor of its own.
func BenchmarkBatch500(b *testing.B) {
	fonts := testFonts(b)
	docs := make([]*Doc, 500)
	for i := range docs {
		d := sampleDoc(b, data.DocNotice)
		d.Number = data.FormatNumber("效监通", 2026, i+1)
		d.Recipient = fmt.Sprintf("清溪县第%d单位", i+1)
		docs[i] = d
	}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := RenderBatch(docs, fonts, &buf, nil); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KB")
}

// BenchmarkBreakUnbreakable: a paragraph that is one 4,000-character group (a
// pasted address or a number with no break allowed) broken at one character a
// line. Target < 3 ms: breaking costs each line its own length, so the
// fuzzer's longest inputs stay cheap (it was 54 ms when every line scanned
// the rest of the group).
func BenchmarkBreakUnbreakable(b *testing.B) {
	text := "https://" + string(bytes.Repeat([]byte("a"), 4000))
	br := Breaker{Width: 1, Indent: 2}
	for b.Loop() {
		if lines := br.Break(text); len(lines) < 2000 {
			b.Fatalf("%d lines", len(lines))
		}
	}
}

// BenchmarkFirstPrint is what a print costs before anything is kept in
// memory (every print of the command line, the GUI's first): the fonts
// found, loaded and checked, then a one-page notice laid out and rendered.
// Target < 40 ms, so that `print -id` stays under 90 ms as a whole process
// and the GUI's first print under 200 ms. With each font file read whole
// it took 34-44 ms and 65 MB under a load of 7; mapped, 23-32 ms and 31 MB
// (the fonts' 5 zlib compressors of fpdf are 12 of them); with a CFF face's
// outlines read from its CFF table alone, 18-38 ms and 17.8 MB (load 4).
func BenchmarkFirstPrint(b *testing.B) {
	testFonts(b) // skips without Chinese fonts
	doc := onePageNotice(b)
	for b.Loop() {
		fonts, err := ResolveFonts()
		if err != nil {
			b.Fatal(err)
		}
		p, err := Layout(doc, fonts)
		if err != nil {
			b.Fatal(err)
		}
		if err := RenderPDF(p, fonts, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
