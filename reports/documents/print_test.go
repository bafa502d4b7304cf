package documents

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"

	"xiaoneng/data"
	"xiaoneng/reports/gongwen"
)

var (
	fontsOnce sync.Once
	fontSet   *gongwen.FontSet
	fontsErr  error
)

// testFonts resolves the installed fonts once; without any Chinese font
// the printing tests are skipped with what to install.
func testFonts(t testing.TB) *gongwen.FontSet {
	t.Helper()
	fontsOnce.Do(func() { fontSet, fontsErr = Fonts(data.DefaultSettings()) })
	if fontsErr != nil {
		t.Fatalf("未安装公文字体（scripts/test.sh 会安装）：%v", fontsErr)
	}
	return fontSet
}

// pdfText prints docs and returns the PDF's text as pdftotext gives it, and
// its page count.
func pdfText(t *testing.T, docs []*gongwen.Doc) (string, int) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("需要 pdftotext（scripts/test.sh 会安装）：sudo apt-get install poppler-utils")
	}
	var buf bytes.Buffer
	if err := WritePDF(docs, testFonts(t), &buf, nil); err != nil {
		t.Fatalf("WritePDF: %v", err)
	}
	path := filepath.Join(t.TempDir(), "文书.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("KEEP_PDF") != "" {
		keep := filepath.Join(os.Getenv("KEEP_PDF"), strings.ReplaceAll(t.Name()+"-"+docs[0].Title, "/", "_")+".pdf")
		if err := os.WriteFile(keep, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	info, err := exec.Command("pdfinfo", path).Output()
	pages := 0
	if err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if f := strings.Fields(line); len(f) == 2 && f[0] == "Pages:" {
				pages = atoi(f[1])
			}
		}
	}
	// A paragraph runs on past the page number "— 1 —" at the foot.
	return pageNumber.ReplaceAllString(string(out), ""), pages
}

var pageNumber = regexp.MustCompile(`(?m)^\s*— \d+ —\s*$`)

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// squeeze drops every space and line break: what is compared is the
// characters and their order, not where lines break.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// inOrder checks that each part appears in text after the one before.
func inOrder(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	rest := squeeze(text)
	for _, p := range parts {
		i := strings.Index(rest, squeeze(p))
		if i < 0 {
			t.Errorf("%s: %q missing (or out of order) in the printed text", what, p)
			continue
		}
		rest = rest[i+len(squeeze(p)):]
	}
}

// expected lists what a printed document must show, in reading order:
// 版头, number, title, 主送, every paragraph, 署名 and date — or, for a
// form, every filled row after the title.
func expected(doc *gongwen.Doc) []string {
	parts := []string{doc.Title}
	if doc.Number != "" && doc.Kind != data.DocTransfer {
		parts = append([]string{doc.Number}, parts...)
	}
	if doc.Recipient != "" && len(doc.Form) == 0 {
		parts = append(parts, doc.Recipient+"：")
	}
	for _, p := range doc.Paragraphs {
		parts = append(parts, p.Text)
	}
	if len(doc.Form) == 0 && len(doc.Copies) == 0 && !doc.Date.IsZero() {
		parts = append(parts, doc.Date.Chinese())
	}
	return parts
}

// A signed notice prints with its number and every paragraph; its 送达回证
// names it; a batch holds each document from a new page.
func TestPrintFixture(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	docs, _, err := DraftNotices(ctx, f.db, f.round.ID, today)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.CreateDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	signed, err := f.db.SignDocument(ctx, docs[0].ID, today, "李局长")
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPrinter(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := p.Doc(ctx, signed)
	if err != nil {
		t.Fatal(err)
	}
	text, pages := pdfText(t, []*gongwen.Doc{doc})
	inOrder(t, "notice", text, append([]string{"县机关效能建设办公室"}, expected(doc)...)...)
	// two findings, signed with the seal's place: one sheet
	if !strings.Contains(text, "效监通〔2026〕1号") || pages != 1 {
		t.Errorf("number or pages (%d) wrong:\n%s", pages, text)
	}

	receipt, err := p.Receipt(ctx, signed)
	if err != nil {
		t.Fatal(err)
	}
	text, _ = pdfText(t, []*gongwen.Doc{receipt})
	inOrder(t, "receipt", text, "送达回证", signed.Title, "效监通〔2026〕1号", "县政务服务中心")

	draft, err := f.db.Document(ctx, docs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	batch, err := p.Docs(ctx, []*data.Document{signed, draft})
	if err != nil {
		t.Fatal(err)
	}
	text, pages = pdfText(t, batch)
	inOrder(t, "batch", text, append(expected(batch[0]), expected(batch[1])...)...)
	want := 0
	for _, d := range batch {
		lp, err := gongwen.Layout(d, testFonts(t))
		if err != nil {
			t.Fatal(err)
		}
		want += len(lp.Pages)
	}
	if pages != want {
		t.Errorf("batch of two notices has %d pages, want %d (each from a new page)", pages, want)
	}
	if err := WritePDF(nil, testFonts(t), &bytes.Buffer{}, nil); !errors.As(err, new(*data.StateError)) {
		t.Errorf("an empty batch: %v", err)
	}
}

// A 交办单 leaves the complainant out unless this one output includes it.
func TestAssignmentIdentity(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := f.draft(t, Request{Kind: data.DocAssignment, ComplaintID: f.complaint.ID})
	p, err := NewPrinter(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := p.Doc(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, []*gongwen.Doc{doc})
	if strings.Contains(text, "张三丰") || strings.Contains(text, "13812345678") {
		t.Error("the slip names the complainant by default")
	}
	inOrder(t, "slip", text, "效能投诉交办单", f.complaint.Number, "县自然资源局", "办理不动产登记多次往返")
	with := *d
	with.WithIdentity = true
	doc, err = p.Doc(ctx, &with)
	if err != nil {
		t.Fatal(err)
	}
	if text, _ = pdfText(t, []*gongwen.Doc{doc}); !strings.Contains(squeeze(text), "张三丰") {
		t.Error("the complainant is missing when asked for")
	}
}

// The office's default 监察通知书, signed (so with the seal's place), with
// three findings of two lines each keeps to one sheet.
func TestDefaultNoticeThreeFindingsOneSheet(t *testing.T) {
	template := strings.Replace(gongwen.DefaultTemplate(data.DocNotice), "{{发现问题}}",
		"{{发现问题}}\n3.服务大厅导办台无人值守，群众咨询无人答复，现场等候时间较长。", 1)
	doc, err := Sample(data.DocNotice, template, data.DefaultSettings(), data.NewDate(2026, 11, 21))
	if err != nil {
		t.Fatal(err)
	}
	doc.Draft = false
	text, pages := pdfText(t, []*gongwen.Doc{doc})
	if !strings.Contains(squeeze(text), "3.服务大厅导办台无人值守") {
		t.Fatalf("the sample has no third finding:\n%s", text)
	}
	if pages != 1 {
		t.Errorf("a signed notice with three findings takes %d pages", pages)
	}
}
