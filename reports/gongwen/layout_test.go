package gongwen

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"xiaoneng/data"
)

// longNotice is a 监察通知书 long enough to fill its second page.
func longNotice(t testing.TB) *Doc {
	t.Helper()
	return longDoc(t, data.DocNotice)
}

// longDoc is a document of kind with 14 paragraphs of the corpus before
// its own.
func longDoc(t testing.TB, kind data.DocKind) *Doc {
	t.Helper()
	d := sampleDoc(t, kind)
	var paras []Paragraph
	for _, p := range loadCorpus(t.(*testing.T))[:14] {
		paras = append(paras, Paragraph{Text: p})
	}
	d.Paragraphs = append(paras, d.Paragraphs...)
	return d
}

const tol = 0.5 // mm

var pageNumbers = regexp.MustCompile(`—\d+—`)

func TestLayoutGrid(t *testing.T) {
	fonts := testFonts(t)
	p, err := Layout(longNotice(t), fonts)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Pages) < 3 {
		t.Fatalf("the long notice has %d pages, want at least 3", len(p.Pages))
	}
	pitch := BlockHeight / float64(p.Lines)
	first := baseline(MarginTop, pitch, BodySize)
	for pi, pg := range p.Pages {
		lines := map[float64]bool{}
		for _, r := range pg.Runs {
			if r.Role == PageNumber || r.src.part == "发文机关标志" || r.src.part == "发文字号" {
				continue
			}
			k := (r.Y - first) / pitch
			if r.Size == BodySize && math.Abs(k-math.Round(k)) > 1e-6 {
				t.Errorf("page %d: %q is off the line grid (line %.3f)", pi+1, r.Text, k)
			}
			if len(r.Glyphs) != utf8.RuneCountInString(r.Text) {
				t.Errorf("run %q has %d glyph positions", r.Text, len(r.Glyphs))
			}
			lines[math.Round(k)] = true
		}
		if pi == 1 && len(lines) != p.Lines {
			t.Errorf("page 2 is full but has %d lines, want %d", len(lines), p.Lines)
		}
		for k := range lines {
			if k < 0 || k >= float64(p.Lines) {
				t.Errorf("page %d has a line outside the text block (line %v)", pi+1, k)
			}
		}
	}
}

func TestPDFPositions(t *testing.T) {
	fonts := testFonts(t)
	doc := longDoc(t, data.DocBulletin)
	path, p := renderFile(t, doc, fonts)
	if p.Lines != LinesPerPage {
		t.Fatalf("the long 通报 is set on %d lines a page, want %d", p.Lines, LinesPerPage)
	}
	pages := bboxPages(t, path)
	if len(pages) != len(p.Pages) {
		t.Fatalf("pdftotext sees %d pages, layout made %d", len(pages), len(p.Pages))
	}
	em := BodySize * ptToMM
	baseOf := func(w bboxWord, face *Face, size float64) float64 { return w.YMax + face.Descent()*size*ptToMM }
	// the face a word was set in, told by its box's height
	faceOf := func(w bboxWord, size float64) *Face {
		for _, r := range Roles {
			f := fonts.Face(r)
			if math.Abs(w.YMax-w.YMin-(f.Ascent()-f.Descent())*size*ptToMM) < 0.05 {
				return f
			}
		}
		t.Fatalf("no face has the height of %q", w.Text)
		return nil
	}
	blockBottom := MarginTop + BlockHeight

	// page 1: the 版头
	p1 := textLines(pages[0])
	head := p1[0][0]
	if head.Text != doc.IssuingBody {
		t.Fatalf("first text is %q, want the 发文机关标志", head.Text)
	}
	if math.Abs(head.YMin-(MarginTop+MastheadGap)) > 1 {
		t.Errorf("发文机关标志 top at %.2f mm, want %.2f", head.YMin, MarginTop+MastheadGap)
	}
	if c := (head.XMin + head.XMax) / 2; math.Abs(c-PageWidth/2+1) > tol && math.Abs(c-(MarginLeft+BlockWidth/2)) > tol {
		t.Errorf("发文机关标志 centred at %.2f mm", c)
	}
	num := p1[1][0]
	if num.Text != doc.Number || math.Abs((num.XMin+num.XMax)/2-(MarginLeft+BlockWidth/2)) > tol {
		t.Errorf("发文字号 %q centred at %.2f", num.Text, (num.XMin+num.XMax)/2)
	}
	title := p1[2][0]
	if c := (title.XMin + title.XMax) / 2; math.Abs(c-(MarginLeft+BlockWidth/2)) > tol {
		t.Errorf("title line %q centred at %.2f mm, want %.2f", title.Text, c, MarginLeft+BlockWidth/2)
	}
	var recipient bboxWord
	for _, l := range p1 {
		if strings.HasSuffix(l[0].Text, "：") && strings.HasPrefix(l[0].Text, doc.Recipient) {
			recipient = l[0]
		}
	}
	if recipient.Text == "" || math.Abs(recipient.XMin-MarginLeft) > tol {
		t.Errorf("主送 %q at x %.2f, want flush left at %.1f", recipient.Text, recipient.XMin, MarginLeft)
	}

	// page 2 is full: 22 lines of at most 28 characters on the grid
	var lines [][]bboxWord
	for _, l := range textLines(pages[1]) {
		if l[0].YMax < blockBottom+1 {
			lines = append(lines, l)
		}
	}
	if len(lines) != LinesPerPage {
		t.Fatalf("page 2 has %d lines in the text block, want %d", len(lines), LinesPerPage)
	}
	for i, l := range lines {
		text := ""
		for _, w := range l {
			text += w.Text
		}
		cells := 0.0
		for _, r := range text {
			cells += CellWidth(r)
		}
		if cells > CharsPerLine+1 {
			t.Errorf("line %d has %.1f characters: %s", i+1, cells, text)
		}
		x := l[0].XMin
		if math.Abs(x-MarginLeft) > tol && math.Abs(x-(MarginLeft+2*CharPitch)) > tol {
			t.Errorf("line %d starts at %.2f mm, want %.1f (or indented two characters): %s", i+1, x, MarginLeft, text)
		}
		if l[len(l)-1].XMax > MarginLeft+BlockWidth+tol {
			t.Errorf("line %d ends at %.2f mm, beyond the text block: %s", i+1, l[len(l)-1].XMax, text)
		}
		want := baseline(MarginTop+float64(i)*LinePitch, LinePitch, BodySize)
		if got := baseOf(l[0], faceOf(l[0], BodySize), BodySize); math.Abs(got-want) > 0.3 {
			t.Errorf("line %d baseline at %.2f mm, want %.2f", i+1, got, want)
		}
	}
	if top := lines[0][0].YMin; top < MarginTop || top > MarginTop+(LinePitch-em)/2+0.5 {
		t.Errorf("first line of page 2 starts at %.2f mm, want just under %.1f", top, MarginTop)
	}

	// page numbers: 7 mm below the block, odd right, even left, one character in
	pn := fonts.Face(PageNumber)
	pem := PageNumberSize * ptToMM
	for i, pg := range pages {
		var nl []bboxWord
		for _, l := range textLines(pg) {
			if l[0].YMin > blockBottom {
				nl = l
			}
		}
		if len(nl) == 0 {
			t.Fatalf("page %d has no page number", i+1)
		}
		text := ""
		for _, w := range nl {
			text += w.Text
		}
		if want := fmt.Sprintf("—%d—", i+1); text != want {
			t.Errorf("page %d number %q, want %q", i+1, text, want)
		}
		inkTop := baseOf(nl[0], pn, PageNumberSize) - pn.InkTop('—')*pem
		if math.Abs(inkTop-(blockBottom+PageNumberGap)) > 0.3 {
			t.Errorf("page %d: 一字线 top at %.2f mm, want %.2f", i+1, inkTop, blockBottom+PageNumberGap)
		}
		if (i+1)%2 == 1 {
			if right := nl[len(nl)-1].XMax; math.Abs(right-(MarginLeft+BlockWidth-pem)) > tol {
				t.Errorf("odd page %d number ends at %.2f mm, want %.2f", i+1, right, MarginLeft+BlockWidth-pem)
			}
		} else if left := nl[0].XMin; math.Abs(left-(MarginLeft+pem)) > tol {
			t.Errorf("even page %d number starts at %.2f mm, want %.2f", i+1, left, MarginLeft+pem)
		}
	}

	// the 版记 on the last page, an even one: the back of the last sheet
	if len(pages)%2 != 0 {
		t.Errorf("the 版记 is on page %d, an odd page", len(pages))
	}
	// 署名 and date, on the text's last page: the date ends four characters
	// from the right edge, the 署名 is centred above it on the line before
	var date, signer bboxWord
	for i := len(pages) - 1; i >= 0 && date.Text == ""; i-- {
		signer = bboxWord{}
		for _, l := range textLines(pages[i]) {
			switch {
			case l[0].Text == "2026年11月21日" && date.Text == "":
				date = l[0]
			case l[0].Text == doc.signer() && signer.Text == "":
				signer = l[0]
			}
		}
	}
	if date.Text == "" || signer.Text == "" {
		t.Fatalf("署名 or date not found")
	}
	if want := MarginLeft + BlockWidth - 4*CharPitch; math.Abs(date.XMax-want) > tol {
		t.Errorf("date ends at %.2f mm, want %.2f (four characters from the right edge)", date.XMax, want)
	}
	if math.Abs((signer.XMin+signer.XMax)/2-(date.XMin+date.XMax)/2) > tol {
		t.Errorf("署名 centred at %.2f, date at %.2f", (signer.XMin+signer.XMax)/2, (date.XMin+date.XMax)/2)
	}
	if d := date.YMax - signer.YMax; math.Abs(d-LinePitch) > 0.1 {
		t.Errorf("署名 is %.2f mm above the date, want one line (%.2f)", d, LinePitch)
	}
}

func TestPDFTextComplete(t *testing.T) {
	fonts := testFonts(t)
	for _, kind := range allKinds {
		t.Run(string(kind), func(t *testing.T) {
			doc := sampleDoc(t, kind)
			path, p := renderFile(t, doc, fonts)
			got := squash(run(t, "pdftotext", "-raw", path, "-"))
			want := runText(p)
			if got != want {
				t.Errorf("pdftotext gives back\n%s\nwant\n%s", got, want)
			}
			got = pageNumbers.ReplaceAllString(got, "")
			for _, s := range []string{doc.Title, doc.Number, squash(doc.Recipient)} {
				if !strings.Contains(got, squash(s)) {
					t.Errorf("the PDF text lacks %q", s)
				}
			}
			for _, para := range doc.Paragraphs {
				if !strings.Contains(got, squash(para.Text)) {
					t.Errorf("the PDF text lacks the paragraph %q", para.Text)
				}
			}
			if !doc.Date.IsZero() && kind != KindReceipt && !strings.Contains(got, "2026年11月21日") {
				t.Errorf("the PDF text lacks the date")
			}
		})
	}
}

func TestPDFFontsEmbeddedSubsets(t *testing.T) {
	fonts := testFonts(t)
	path, _ := renderFile(t, longNotice(t), fonts)
	out := run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni object ID
		n := len(f)
		if n < 7 || f[n-5] != "yes" || f[n-4] != "yes" || !strings.Contains(f[0], "+") {
			t.Errorf("font not embedded as a subset: %s", l)
		}
	}
}

func TestSameInputSameBytes(t *testing.T) {
	fonts := testFonts(t)
	for _, kind := range allKinds {
		var outs [2][]byte
		for i := range outs {
			p, err := Layout(sampleDoc(t, kind), fonts)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := RenderPDF(p, fonts, &buf); err != nil {
				t.Fatal(err)
			}
			outs[i] = buf.Bytes()
		}
		if !bytes.Equal(outs[0], outs[1]) {
			t.Errorf("%s: two renderings of the same document differ", kind)
		}
		if !bytes.Contains(outs[0], []byte("D:20261121")) {
			t.Errorf("%s: the creation date is not the document's date", kind)
		}
	}
}

func TestMissingGlyphReported(t *testing.T) {
	fonts := testFonts(t)
	doc := sampleDoc(t, data.DocNotice)
	rare := ""
	for _, r := range "喆镕䶮㵘" {
		if !fonts.Face(Body).Has(r) {
			rare = string(r)
			break
		}
	}
	doc.Recipient = "清溪县𠮷祥镇人民政府"
	doc.Paragraphs[1].Text = "投诉人张" + rare + "反映" + doc.Paragraphs[1].Text
	p, err := Layout(doc, fonts)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, m := range p.Missing {
		found = append(found, m.String())
	}
	t.Log(found)
	want := []struct {
		r     rune
		where string
	}{{'𠮷', "主送第4字（第1页"}}
	if rare != "" {
		want = append(want, struct {
			r     rune
			where string
		}{[]rune(rare)[0], "正文第2段第5字（第"})
	}
	for _, w := range want {
		ok := false
		for _, m := range p.Missing {
			if m.Rune == w.r && strings.Contains(m.Where, w.where) && m.Page > 0 {
				ok = true
			}
		}
		if !ok {
			t.Errorf("missing %q at %s not reported: %v", w.r, w.where, found)
		}
	}
	err = RenderPDF(p, fonts, &bytes.Buffer{})
	var ge *GlyphError
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "𠮷") || !strings.Contains(err.Error(), "主送") {
		t.Errorf("RenderPDF with missing glyphs: %v", err)
	}
	ms := fonts.Missing(Body, "第一段\n清溪县𠮷祥镇")
	if len(ms) != 1 || ms[0].Rune != '𠮷' || ms[0].Where != "第2段第4字" {
		t.Errorf("FontSet.Missing: %v", ms)
	}
}

func TestSignatureKeepsABodyLine(t *testing.T) {
	fonts := testFonts(t)
	for n := 1; n <= 40; n++ {
		doc := sampleDoc(t, data.DocNotice)
		doc.Paragraphs = nil
		doc.CopyNote = ""
		for i := 0; i < n; i++ {
			doc.Paragraphs = append(doc.Paragraphs, Paragraph{Text: strings.Repeat("效", 20)})
		}
		p, err := Layout(doc, fonts)
		if err != nil {
			t.Fatal(err)
		}
		for pi, pg := range p.Pages {
			signY, dateY := -1.0, -1.0
			bodyAbove := false
			for _, r := range pg.Runs {
				switch r.src.part {
				case "署名":
					signY = r.Y
				case "成文日期":
					dateY = r.Y
				}
			}
			if signY < 0 && dateY < 0 {
				continue
			}
			if signY < 0 || dateY < 0 {
				t.Errorf("%d paragraphs: 署名 and date split across pages", n)
				continue
			}
			for _, r := range pg.Runs {
				if strings.HasPrefix(r.src.part, "正文") && r.Y < signY {
					bodyAbove = true
				}
			}
			if !bodyAbove {
				t.Errorf("%d paragraphs: page %d has the 署名 without a line of the body", n, pi+1)
			}
			if dateY > MarginTop+BlockHeight {
				t.Errorf("%d paragraphs: the date is below the text block", n)
			}
		}
	}
}

func TestEveryKindLaysOut(t *testing.T) {
	fonts := testFonts(t)
	shots := os.Getenv("GONGWEN_SHOTS") // a folder to save PNGs of every kind in, for looking at
	for _, kind := range allKinds {
		t.Run(string(kind), func(t *testing.T) {
			doc := sampleDoc(t, kind)
			path, p := renderFile(t, doc, fonts)
			if len(p.Missing) > 0 {
				t.Fatalf("missing glyphs: %v", p.Missing)
			}
			for pi, pg := range p.Pages {
				for _, r := range pg.Runs {
					for i, x := range r.Glyphs {
						if x < MarginLeft-tol-20 || x > PageWidth-MarginLeft+tol {
							t.Errorf("page %d: %q glyph %d at x %.1f mm, off the page's text area", pi+1, r.Text, i, x)
						}
					}
					if r.Y < 0 || r.Y > PageHeight-10 {
						t.Errorf("page %d: %q at y %.1f mm", pi+1, r.Text, r.Y)
					}
				}
			}
			if shots != "" {
				if err := os.MkdirAll(shots, 0o755); err != nil {
					t.Fatal(err)
				}
				run(t, "pdftoppm", "-r", "60", "-png", path, filepath.Join(shots, string(kind)))
			}
		})
	}
}

func TestFormLeavesOutComplainant(t *testing.T) {
	fonts := testFonts(t)
	d := sampleDocument(t, data.DocAssignment)
	ctx := Context{Settings: testSettings(), Complaint: testComplaint()}
	for _, with := range []bool{false, true} {
		d.WithIdentity = with
		doc, err := FromDocument(d, ctx)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Layout(doc, fonts)
		if err != nil {
			t.Fatal(err)
		}
		text := runText(p)
		has := strings.Contains(text, "刘建国") || strings.Contains(text, "13805711234")
		if has != with {
			t.Errorf("WithIdentity=%v: complainant printed = %v", with, has)
		}
	}
}

func TestRemindersInDuplicate(t *testing.T) {
	fonts := testFonts(t)
	p, err := Layout(sampleDoc(t, data.DocReminder), fonts)
	if err != nil {
		t.Fatal(err)
	}
	text := runText(p)
	for _, s := range []string{"第一联存根", "第二联送承办单位", "签收人："} {
		if !strings.Contains(text, squash(s)) {
			t.Errorf("催办通知单 lacks %q", s)
		}
	}
	if strings.Count(text, "催办通知单") != 2 || strings.Count(text, "签收人：") != 1 {
		t.Errorf("催办通知单 is not in duplicate with one receipt line: %s", text)
	}
	if len(p.Pages) != 1 {
		t.Errorf("the two copies take %d pages, want both halves of one", len(p.Pages))
	}
}

func TestLongFormOneSheet(t *testing.T) {
	fonts := testFonts(t)
	doc := sampleDoc(t, data.DocAssignment)
	var content string
	for i := range doc.Form {
		if doc.Form[i].Label == "投诉内容" {
			doc.Form[i].Value = strings.Repeat(doc.Form[i].Value, 12)
			content = doc.Form[i].Value
		}
	}
	path, p := renderFile(t, doc, fonts)
	if len(p.Pages) < 2 || p.Pages[1].Part != "附页" {
		t.Fatalf("a long 交办单 has %d pages, want the slip and its continuation sheet", len(p.Pages))
	}
	pages := bboxPages(t, path)
	slip, rest := "", ""
	for _, w := range pages[0] {
		slip += w.Text
	}
	for _, pg := range pages[1:] {
		for _, w := range pg {
			rest += w.Text
		}
	}
	for _, want := range []string{"（详见附页）", "承办单位签收", "交办单位（盖章）"} {
		if !strings.Contains(slip, want) {
			t.Errorf("the slip lacks %q", want)
		}
	}
	if !strings.Contains(rest, squash(content)) {
		t.Errorf("the continuation sheet lacks the whole 投诉内容")
	}
	for _, pg := range p.Pages {
		for _, r := range pg.Runs {
			if r.Role != PageNumber && r.Y > MarginTop+BlockHeight {
				t.Errorf("%q below the text block at %.1f mm", r.Text, r.Y)
			}
		}
	}
}

func TestBatch(t *testing.T) {
	fonts := testFonts(t)
	docs := []*Doc{longNotice(t), sampleDoc(t, data.DocBulletin), sampleDoc(t, data.DocAssignment)}
	var pagesPer []int
	for _, d := range docs {
		p, err := Layout(d, fonts)
		if err != nil {
			t.Fatal(err)
		}
		pagesPer = append(pagesPer, len(p.Pages))
	}
	var buf bytes.Buffer
	var calls [][2]int
	err := RenderBatch(docs, fonts, &buf, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if n := 2*len(docs) + 1; len(calls) != n || calls[n-1] != [2]int{n, n} {
		t.Errorf("progress calls %v", calls)
	}
	path := filepath.Join(t.TempDir(), "batch.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pages := bboxPages(t, path)
	total := 0
	for _, n := range pagesPer {
		total += n
	}
	if len(pages) != total {
		t.Fatalf("batch has %d pages, want %d", len(pages), total)
	}
	// the second document starts on a new page numbered 1
	second := textLines(pages[pagesPer[0]])
	if second[0][0].Text != docs[1].IssuingBody {
		t.Errorf("the second document does not start on a new page: %q", second[0][0].Text)
	}
	numbers := ""
	for _, w := range second[len(second)-1] {
		numbers += w.Text
	}
	if numbers != "—1—" {
		t.Errorf("the second document's first page is numbered %q, want —1—", numbers)
	}
	// a document with a missing glyph names the document
	bad := sampleDoc(t, data.DocWarning)
	bad.Recipient = "𠮷"
	err = RenderBatch([]*Doc{docs[1], bad}, fonts, &bytes.Buffer{}, nil)
	var ge *GlyphError
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "第2份") {
		t.Errorf("batch with a missing glyph: %v", err)
	}
}

func TestRenderRefusesOtherFonts(t *testing.T) {
	fonts := testFonts(t)
	p, err := Layout(sampleDoc(t, data.DocNotice), fonts)
	if err != nil {
		t.Fatal(err)
	}
	other := *fonts
	if err := RenderPDF(p, &other, &bytes.Buffer{}); err == nil {
		t.Error("pages laid out with one font set rendered with another")
	}
}

func TestLayoutValidates(t *testing.T) {
	fonts := testFonts(t)
	doc := sampleDoc(t, data.DocNotice)
	doc.Title = " "
	_, err := Layout(doc, fonts)
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Field != "Title" {
		t.Errorf("Layout without a title: %v", err)
	}
}

func TestPastedTextCleaned(t *testing.T) {
	fonts := testFonts(t)
	doc := sampleDoc(t, data.DocNotice)
	doc.Paragraphs[0].Text = "\ufeff经查，\t你单位\u200b存在问题。\r"
	p, err := Layout(doc, fonts)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Missing) > 0 {
		t.Errorf("invisible characters reported missing: %v", p.Missing)
	}
	found := false
	for _, r := range p.Pages[0].Runs {
		found = found || r.Text == "经查，　你单位存在问题。"
	}
	if !found {
		t.Errorf("pasted text not cleaned: %s", runText(p))
	}
	if !strings.Contains(doc.Paragraphs[0].Text, "\t") {
		t.Error("Layout changed the caller's document")
	}
}

// TestFootOnEvenPage lays out a 通报 growing a line of text at a time: its
// 版记 is always on the last page, an even one, the back of the last sheet
// (GB/T 9704 7.4.1: the last face of a document printed on both sides),
// even when the text would leave room for it on an odd page; a page between
// that the 版记 would otherwise have had to itself is left blank, and then
// neither it nor the 版记's page is numbered (7.5). Both cases must come up.
func TestFootOnEvenPage(t *testing.T) {
	fonts := testFonts(t)
	base := sampleDoc(t, data.DocBulletin)
	onOddText, blank := 0, 0
	for n := range 60 {
		doc := *base
		doc.Paragraphs = slices.Clone(base.Paragraphs)
		for i := range n {
			doc.Paragraphs = append(doc.Paragraphs, Paragraph{Text: fmt.Sprintf("第%d段，各单位要对照本通报反映的问题认真开展自查自纠。", i+1)})
		}
		p, err := Layout(&doc, fonts)
		if err != nil {
			t.Fatal(err)
		}
		pages := p.Pages
		last := len(pages) - 1
		parts := func(pg Page) map[string]bool {
			m := map[string]bool{}
			for _, r := range pg.Runs {
				m[r.src.part] = true
			}
			return m
		}
		if len(pages)%2 != 0 {
			t.Errorf("%d lines more: the 版记 is on page %d, an odd page", n, len(pages))
		}
		for i, pg := range pages {
			if parts(pg)["版记"] != (i == last) {
				t.Errorf("%d lines more: page %d of %d holds the 版记: %v", n, i+1, len(pages), parts(pg)["版记"])
			}
		}
		before := parts(pages[last-1])
		delete(before, "页码")
		delete(before, "草稿标记")
		if len(before) == 0 {
			// a blank page before the 版记's: neither numbered
			blank++
			for i, pg := range pages {
				if numbered := pg.Number != 0; numbered != (i < last-1) {
					t.Errorf("%d lines more: page %d of %d numbered %d", n, i+1, len(pages), pg.Number)
				}
			}
			continue
		}
		for i, pg := range pages {
			if pg.Number != i+1 {
				t.Errorf("%d lines more: page %d numbered %d", n, i+1, pg.Number)
			}
		}
		if !parts(pages[last])["署名"] {
			onOddText++ // the text ended on the odd page before
		}
	}
	if onOddText == 0 || blank == 0 {
		t.Errorf("the 版记 went over an odd page of text %d times and over a blank page %d times: want both", onOddText, blank)
	}
}
