//go:build !race

// Laying out and converting dozens of documents from one goroutine, which
// the race detector would slow tenfold for nothing: scripts/test.sh runs
// this test without it.

package reports

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"xiaoneng/data"
	"xiaoneng/data/demo"
	"xiaoneng/data/demo/demotest"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
	"xiaoneng/reports/pdftext"
)

// printed is one document of the demo county, printed.
type printed struct {
	name   string // file name without extension
	what   string // for messages
	doc    *gongwen.Doc
	pages  *gongwen.Pages
	stored *data.Document // nil for a 送达回证 or the 通报 of report
}

// TestPrintDemoCounty prints several documents of every kind from the demo
// county, short and long, drafts among them, their 送达回证 and the 通报 of
// report, and checks the paper against issue 14 from the PDF: a notice
// with up to three findings on one sheet (every notice of the county is
// laid out for that); no page with only the closing,
// 署名 and date; no paragraph ending in a lone character; the slips and
// the 转办函 on one sheet (a continuation sheet aside); every seal's place
// 42 mm clear of text; 草稿 on every page of a draft; the 版记 where the
// kind has one. Each is also saved as a Word document, and LibreOffice
// (one soffice run for all) must give back the same text and page count.
func TestPrintDemoCounty(t *testing.T) {
	for _, tool := range []string{"pdftotext", "soffice"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("需要 %s（bash scripts/test.sh 会安装 poppler-utils 和 libreoffice-writer-nogui）", tool)
		}
	}
	ctx := context.Background()
	db := demotest.Open(t)
	db.SetClock(func() time.Time { return demo.Today })
	settings, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := documents.Fonts(settings)
	if err != nil {
		t.Fatal(err)
	}
	p, err := documents.NewPrinter(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var list []printed
	add := func(what string, d *data.Document, doc *gongwen.Doc) {
		pages, err := gongwen.Layout(doc, fonts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		list = append(list, printed{name: fmt.Sprintf("%02d", len(list)), what: what, doc: doc, pages: pages, stored: d})
	}
	for _, kind := range data.DocKinds {
		var docs []*data.Document
		for _, d := range all {
			if d.Kind == kind && d.Status != data.DocVoid {
				docs = append(docs, d)
			}
		}
		slices.SortStableFunc(docs, func(a, b *data.Document) int { return len(a.Body) - len(b.Body) })
		// the shortest, the longest, two between, and a draft
		picks := map[int]bool{0: true, len(docs) - 1: true, len(docs) / 3: true, 2 * len(docs) / 3: true}
		if i := slices.IndexFunc(docs, func(d *data.Document) bool { return d.Status == data.DocDraft }); i >= 0 {
			picks[i] = true
		}
		for i := range docs {
			oneSheet := kind == data.DocNotice || kind == data.DocWarning
			if !picks[i] && !oneSheet {
				continue
			}
			// the list leaves out the findings a notice is about
			d, err := db.Document(ctx, docs[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := p.Doc(ctx, d)
			if err != nil {
				t.Fatalf("%s %s: %v", kind, d.Number, err)
			}
			what := fmt.Sprintf("%s %s（%s）", kind, d.Number, d.Status)
			if !picks[i] {
				// every other notice is laid out, not printed: one sheet
				// when it should be
				pages, err := gongwen.Layout(doc, fonts)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				checkSheets(t, printed{what: what, doc: doc, pages: pages, stored: d})
				continue
			}
			add(what, d, doc)
			if gongwen.HasReceipt(kind) && d.Number != "" && len(list)%2 == 0 {
				r, err := p.Receipt(ctx, d)
				if err != nil {
					t.Fatal(err)
				}
				add("送达回证 of "+d.Number, nil, r)
			}
		}
	}
	// the 通报 of report, a draft and signed
	b, err := PeriodBulletin(ctx, db, QuarterPeriod(2026, 3))
	if err != nil {
		t.Fatal(err)
	}
	b.SignedOn = db.Today()
	for _, number := range []string{"", "效通〔2026〕9号"} {
		b.Number = number
		if number != "" {
			b.Status = data.DocSigned
		}
		doc, err := gongwen.FromDocument(b, gongwen.Context{Settings: settings})
		if err != nil {
			t.Fatal(err)
		}
		add("通报 of report "+number, nil, doc)
	}

	dir := t.TempDir()
	if keep := os.Getenv("XN_SHOTS"); keep != "" {
		dir = keep
	}
	var docxs []string
	for _, pr := range list {
		var pdf, word bytes.Buffer
		if err := gongwen.RenderPDF(pr.pages, fonts, &pdf); err != nil {
			t.Fatalf("%s: %v", pr.what, err)
		}
		if err := gongwen.WriteDOCX(pr.doc, fonts, &word); err != nil {
			t.Fatalf("%s: %v", pr.what, err)
		}
		for ext, b := range map[string][]byte{".pdf": pdf.Bytes(), ".docx": word.Bytes()} {
			if err := os.WriteFile(filepath.Join(dir, pr.name+ext), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		docxs = append(docxs, filepath.Join(dir, pr.name+".docx"))
	}
	t.Logf("%d documents printed", len(list))

	for _, pr := range list {
		checkPaper(t, pr, pdftext.Pages(t, filepath.Join(dir, pr.name+".pdf")))
	}

	// every Word document through LibreOffice, in one run, with the faces
	// the PDF was printed in standing for the Windows fonts it names
	lo := filepath.Join(dir, "lo")
	profile := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "profile"))
	cmd := exec.Command("soffice", append([]string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", lo}, docxs...)...)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+fontAliases(t, fonts))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, pr := range list {
		ours := filepath.Join(dir, pr.name+".pdf")
		theirs := filepath.Join(lo, pr.name+".pdf")
		if _, err := os.Stat(theirs); err != nil {
			t.Errorf("%s: LibreOffice made no PDF of the Word document", pr.what)
			continue
		}
		a, b := layoutText(t, ours), layoutText(t, theirs)
		if a != b {
			t.Errorf("%s (%s): the Word document's text differs from the PDF's:\n%s", pr.what, pr.name, firstDifference(a, b))
		}
		if n, m := pageCount(t, ours), pageCount(t, theirs); n != m {
			t.Errorf("%s: the PDF has %d pages, the Word document %d", pr.what, n, m)
		}
	}
}

// fontAliases writes a fontconfig file that gives LibreOffice, for each
// font a Word document names, the face the PDF printed that role in.
func fontAliases(t *testing.T, fonts *gongwen.FontSet) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>`)
	for _, r := range gongwen.Roles {
		name, alt := gongwen.WordFont(r)
		for _, n := range []string{name, alt} {
			fmt.Fprintf(&b, `<match target="pattern"><test name="family"><string>%s</string></test><edit name="family" mode="assign" binding="strong"><string>%s</string></edit></match>`, n, fonts.Face(r).Family)
		}
	}
	b.WriteString(`</fontconfig>`)
	path := filepath.Join(t.TempDir(), "fonts.conf")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkPaper checks one printed document from its PDF's words.
func checkPaper(t *testing.T, pr printed, pages [][]pdftext.Word) {
	t.Helper()
	d := pr.doc
	kind := d.Kind
	if len(pages) != len(pr.pages.Pages) {
		t.Fatalf("%s: the PDF has %d pages, the layout %d", pr.what, len(pages), len(pr.pages.Pages))
	}
	checkSheets(t, pr)
	date := d.Date.Chinese()
	signer := strings.TrimSpace(d.SignBody)
	if signer == "" {
		signer = strings.TrimSpace(d.IssuingBody)
	}
	closingRE := regexp.MustCompile(`^(特此\p{Han}{2}|此复)。?$`)
	for pi, words := range pages {
		lines := wordLines(words)
		// no page with only the closing, the 署名 and the date
		for li, ln := range lines {
			// the 署名 (the 发文机关标志 above the text says the same)
			if ln.text != signer || ln.y < gongwen.MarginTop+gongwen.MastheadGap+20 && pi == 0 || gongwen.OneSheet(kind) || kind == gongwen.KindReceipt {
				continue
			}
			body := 0
			for _, above := range lines[:li] {
				if above.y > gongwen.MarginTop-1 && !closingRE.MatchString(above.text) {
					body++
				}
			}
			if body == 0 {
				t.Errorf("%s: page %d holds the 署名 without a line of the body", pr.what, pi+1)
			}
		}
		// no 孤字: a line of the text block, flush left, with one character
		if !gongwen.OneSheet(kind) && kind != gongwen.KindReceipt && pr.pages.Pages[pi].Part == "" {
			for _, ln := range lines {
				if ln.y < gongwen.MarginTop || ln.y > gongwen.MarginTop+gongwen.BlockHeight || math.Abs(ln.x-gongwen.MarginLeft) > 0.5 {
					continue
				}
				n := 0
				for _, r := range ln.text {
					if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
						n++
					}
				}
				if n == 1 {
					t.Errorf("%s: page %d has a line of one character: %q", pr.what, pi+1, ln.text)
				}
			}
		}
		// the 草稿 mark on every page of a draft
		text := ""
		for _, ln := range lines {
			text += ln.text
		}
		if d.Draft != strings.Contains(strings.ReplaceAll(text, "　", ""), "草稿") {
			t.Errorf("%s: page %d: draft %v, 草稿 shown %v", pr.what, pi+1, d.Draft, !d.Draft)
		}
		// every seal's place 42 mm clear of all text but what it presses on
		seals := pr.pages.Pages[pi].Seals
		if d.Draft && len(seals) > 0 {
			t.Errorf("%s: a draft leaves a place for a seal", pr.what)
		}
		for _, s := range seals {
			if s.R*2 < gongwen.SealDiameter {
				t.Errorf("%s: a seal's place of %.1f mm", pr.what, s.R*2)
			}
			for _, w := range words {
				if pressedOn(w.Text, signer, date) || !overlaps(w, s) {
					continue
				}
				t.Errorf("%s: page %d: %q is within the seal's place at (%.1f, %.1f)", pr.what, pi+1, w.Text, s.X1, s.Y1)
			}
		}
	}
	if !d.Draft && kind != gongwen.KindReceipt && formHasSeal(kind) {
		n := 0
		for _, pg := range pr.pages.Pages {
			n += len(pg.Seals)
		}
		if n == 0 {
			t.Errorf("%s: no place for the seal", pr.what)
		}
	}
	// the 版记
	last := ""
	for _, w := range pages[len(pages)-1] {
		last += w.Text
	}
	switch {
	case kind == data.DocBulletin && !strings.Contains(last, "印发"):
		t.Errorf("%s: no 印发机关 and 印发日期 on the last page", pr.what)
	case kind == data.DocReminder && strings.Count(last, "抄报：") != 2 && d.ReportTo != "":
		t.Errorf("%s: 抄报 not on both copies", pr.what)
	case d.CopyTo != "" && !strings.Contains(last, "抄送："):
		t.Errorf("%s: no 抄送", pr.what)
	}
}

// checkSheets checks from the layout that a notice with up to three
// findings, a 效能告诫通知书, the slips and the 转办函 are one sheet (a
// continuation sheet aside).
func checkSheets(t *testing.T, pr printed) {
	t.Helper()
	kind := pr.doc.Kind
	main := 0 // pages of the document itself, before attachments and continuation sheets
	for _, pg := range pr.pages.Pages {
		if pg.Part == "" {
			main++
		}
	}
	if pr.stored != nil && (kind == data.DocNotice && len(pr.stored.FindingIDs) <= 3 || kind == data.DocWarning) && main != 1 {
		t.Errorf("%s: %d pages, want one", pr.what, main)
	}
	if gongwen.OneSheet(kind) {
		for i, pg := range pr.pages.Pages[1:] {
			if pg.Part != "附页" {
				t.Errorf("%s: page %d is not a continuation sheet", pr.what, i+2)
			}
		}
		if main != 1 {
			t.Errorf("%s: the sheet takes %d pages", pr.what, main)
		}
	}
}

// formHasSeal: kinds whose paper has a place for the office's seal.
func formHasSeal(kind data.DocKind) bool { return kind != gongwen.KindReceipt }

// pressedOn: text a seal may press on: the 署名, the date, and the blanks
// of a date written by hand.
func pressedOn(text, signer, date string) bool {
	t := strings.ReplaceAll(text, "　", "")
	return t == signer || t == strings.ReplaceAll(date, " ", "") || regexp.MustCompile(`^[0-9年月日时]*$`).MatchString(t) ||
		t == "签收人：" || strings.HasPrefix(t, "签收") && len([]rune(t)) <= 5
}

func overlaps(w pdftext.Word, s gongwen.Shape) bool {
	cx := math.Max(w.XMin, math.Min(s.X1, w.XMax))
	cy := math.Max(w.YMin, math.Min(s.Y1, w.YMax))
	return math.Hypot(cx-s.X1, cy-s.Y1) < s.R-0.3
}

type textLine struct {
	text string
	x, y float64 // the first word's left edge and top
}

func wordLines(words []pdftext.Word) []textLine {
	var lines []textLine
	var bottoms []float64
	for _, w := range words {
		i := slices.IndexFunc(bottoms, func(b float64) bool { return math.Abs(b-w.YMax) < 0.6 })
		if i < 0 {
			lines = append(lines, textLine{text: w.Text, x: w.XMin, y: w.YMin})
			bottoms = append(bottoms, w.YMax)
			continue
		}
		lines[i].text += w.Text
		lines[i].x = math.Min(lines[i].x, w.XMin)
	}
	slices.SortStableFunc(lines, func(a, b textLine) int { return int(math.Copysign(1, a.y-b.y)) })
	return lines
}

// layoutText is the PDF's text in reading order by position, without
// spaces.
func layoutText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// the invisible characters the Word document steers line breaks with
	// are not text
	text := strings.NewReplacer("\f", "", "\u2060", "", "\u200b", "").Replace(string(out))
	return strings.Join(strings.Fields(text), "")
}

// firstDifference shows where two texts part: the PDF's and the Word
// document's text around the first character that differs.
func firstDifference(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	around := func(rs []rune) string { return string(rs[max(0, i-30):min(len(rs), i+30)]) }
	return fmt.Sprintf("PDF:  …%s…\nWord: …%s…", around(ra), around(rb))
}

func pageCount(t *testing.T, pdf string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count for %s", pdf)
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
