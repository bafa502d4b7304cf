package cli

import (
	"context"
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
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
)

// printLedger is a ledger with a round that found problems at two units
// (both notices signed), a round whose findings have no notice yet, and a
// draft with a character no font can print.
type printLedger struct {
	path                  string
	round, bare           *data.Round
	hallNotice, taxNotice *data.Document
	rare                  *data.Document
}

func newPrintLedger(t testing.TB) printLedger {
	t.Helper()
	l := printLedger{path: newLedger(t)}
	ctx := context.Background()
	db := openLedger(t, l.path)
	defer closeLedger(t, db)
	unit := func(name string) *data.Unit {
		u := &data.Unit{Name: name, Category: data.UnitDepartment}
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	hall, tax, land := unit("县政务服务中心"), unit("县税务局"), unit("县自然资源局")
	round := func(title string, visits ...func(r *data.Round)) *data.Round {
		r := &data.Round{Title: title, Kind: data.RoundCovert, Start: data.NewDate(2026, 10, 1), End: data.NewDate(2026, 12, 31)}
		if err := db.CreateRound(ctx, r); err != nil {
			t.Fatal(err)
		}
		for _, v := range visits {
			v(r)
		}
		return r
	}
	visit := func(u *data.Unit, day int, desc string) func(r *data.Round) {
		return func(r *data.Round) {
			v := &data.Visit{RoundID: r.ID, UnitID: u.ID, VisitedAt: time.Date(2026, 11, day, 10, 0, 0, 0, data.Zone), Summary: "窗口服务检查"}
			f := &data.Finding{Category: "事难办", Description: desc, Disposition: data.DispositionNotice, RectLimitDays: 10}
			if err := db.RecordVisit(ctx, v, []*data.Finding{f}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	l.round = round("2026年第四季度明察暗访", visit(hall, 2, "窗口人员上班时间玩手机"), visit(tax, 3, "办事指南未及时更新"))
	l.bare = round("2026年11月专项督查", visit(land, 4, "不动产登记窗口一次性告知不到位"), visit(tax, 5, "叫号系统故障未及时维修"))

	notices, _, err := documents.DraftNotices(ctx, db, l.round.ID, data.NewDate(2026, 11, 6))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateDocuments(ctx, notices); err != nil {
		t.Fatal(err)
	}
	signed := make([]*data.Document, len(notices))
	for i, d := range notices {
		if signed[i], err = db.SignDocument(ctx, d.ID, data.NewDate(2026, 11, 6), "李局长"); err != nil {
			t.Fatal(err)
		}
	}
	l.hallNotice, l.taxNotice = signed[0], signed[1]

	l.rare = &data.Document{Kind: data.DocBulletin, Title: "关于窗口服务情况的通报", Body: "县政务服务中心工作人员𠮷某热情服务，予以表扬。"}
	if err := db.CreateDocument(ctx, l.rare); err != nil {
		t.Fatal(err)
	}
	return l
}

// pdfText is what pdftotext reads from a PDF, without spaces and line
// breaks, and its page count.
func pdfText(t *testing.T, path string) (string, int) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("需要 pdftotext（scripts/test.sh 会安装）：sudo apt-get install poppler-utils")
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	text := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(out))
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	pages := 0
	for _, line := range strings.Split(string(info), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "Pages:" {
			pages, _ = strconv.Atoi(f[1])
		}
	}
	return text, pages
}

func squeezed(s string) string { return strings.Join(strings.Fields(s), "") }

// print -id prints one document with its title and number; print -kind
// -round the round's notices in one file.
func TestPrint(t *testing.T) {
	l := newPrintLedger(t)
	cfg := config(t)
	dir := t.TempDir()

	one := filepath.Join(dir, "通知书.pdf")
	r := xiaoneng(t, cfg, "-db", l.path, "print", "-id", l.hallNotice.ID, "-o", one)
	wantOK(t, r)
	if !strings.Contains(r.stdout, one) || !strings.Contains(r.stdout, "效监通〔2026〕1号") {
		t.Errorf("stdout %q", r.stdout)
	}
	text, _ := pdfText(t, one)
	for _, want := range []string{l.hallNotice.Number, squeezed(l.hallNotice.Title), "县政务服务中心：", "窗口人员上班时间玩手机", "2026年11月6日"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed notice lacks %q:\n%s", want, text)
		}
	}

	receipt := filepath.Join(dir, "送达回证.pdf")
	r = xiaoneng(t, cfg, "-db", l.path, "print", "-id", l.hallNotice.ID, "-receipt", "-o", receipt)
	wantOK(t, r)
	if text, _ = pdfText(t, receipt); !strings.Contains(text, "送达回证") || !strings.Contains(text, l.hallNotice.Number) || !strings.Contains(text, "□留置送达") {
		t.Errorf("the receipt:\n%s", text)
	}

	batch := filepath.Join(dir, "本轮通知书.pdf")
	r = xiaoneng(t, cfg, "-db", l.path, "print", "-kind", "监察通知书", "-round", l.round.ID, "-o", batch)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "2份监察通知书") {
		t.Errorf("stdout %q", r.stdout)
	}
	text, pages := pdfText(t, batch)
	first, second := strings.Index(text, l.hallNotice.Number), strings.Index(text, l.taxNotice.Number)
	if first < 0 || second < first || !strings.Contains(text, "县税务局：") {
		t.Errorf("the batch does not hold both notices in number order:\n%s", text)
	}
	_, onePages := pdfText(t, one)
	if pages < 2*onePages-1 || pages < 2 {
		t.Errorf("the batch has %d pages, one notice %d", pages, onePages)
	}
}

// A round without notices prints drafts written from its open findings,
// and the ledger keeps no trace of them.
func TestPrintRoundWithoutNotices(t *testing.T) {
	l := newPrintLedger(t)
	out := filepath.Join(t.TempDir(), "草稿.pdf")
	r := xiaoneng(t, config(t), "-db", l.path, "print", "-kind", "监察通知书", "-round", l.bare.ID, "-o", out)
	wantOK(t, r)
	if !strings.Contains(r.stdout, "2个单位") || !strings.Contains(r.stdout, "未保存") {
		t.Errorf("stdout %q", r.stdout)
	}
	text, _ := pdfText(t, out)
	for _, want := range []string{"县自然资源局：", "不动产登记窗口一次性告知不到位", "县税务局：", "叫号系统故障未及时维修"} {
		if !strings.Contains(text, want) {
			t.Errorf("the drafts lack %q", want)
		}
	}
	db := openLedger(t, l.path)
	defer closeLedger(t, db)
	docs, err := db.Documents(context.Background(), data.DocumentFilter{RoundID: l.bare.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 0 {
		t.Errorf("printing saved %d documents", len(docs))
	}

	r = xiaoneng(t, config(t), "-db", l.path, "print", "-kind", "效能告诫通知书", "-round", l.bare.ID, "-o", out)
	wantFailure(t, r, exitFailed, "2026年11月专项督查", "没有可打印的效能告诫通知书")
}

// Refusals are Chinese sentences with a non-zero exit, and leave no file.
func TestPrintRefusals(t *testing.T) {
	l := newPrintLedger(t)
	cfg := config(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "文书.pdf")
	for _, c := range []struct {
		args  []string
		code  int
		words []string
	}{
		{[]string{"-id", "00000000-0000-0000-0000-000000000000", "-o", out}, exitFailed, []string{"没有ID为", "文书", "export documents"}},
		{[]string{"-id", "不是ID", "-o", out}, exitFailed, []string{"没有ID为“不是ID”的文书"}},
		{[]string{"-kind", "监察通知书", "-round", "no-such-round", "-o", out}, exitFailed, []string{"没有ID为", "督查活动", "export rounds"}},
		{[]string{"-kind", "公函", "-round", l.round.ID, "-o", out}, exitUsage, []string{"没有“公函”这种文书", "监察通知书"}},
		{[]string{"-kind", "监察通知书", "-o", out}, exitUsage, []string{"-round"}},
		{[]string{"-id", l.hallNotice.ID}, exitUsage, []string{"-o"}},
		{[]string{"-id", l.hallNotice.ID, "-round", l.round.ID, "-o", out}, exitUsage, []string{"不能同时使用"}},
		{[]string{"-id", l.hallNotice.ID, "-o", l.path}, exitUsage, []string{".pdf", ".docx"}},
		{[]string{"-kind", "监察通知书", "-round", l.round.ID, "-o", filepath.Join(dir, "合并.docx")}, exitUsage, []string{"合并打印只能输出 PDF"}},
		{[]string{"-id", l.rare.ID, "-o", out}, exitFailed, []string{"𠮷", "正文第1段第12字", "第1页"}},
		{[]string{"-id"}, exitUsage, []string{"缺少文书ID"}},
		{[]string{"-id", l.rare.ID, "-receipt", "-o", out}, exitFailed, []string{"不用送达回证"}},
		{[]string{"-kind", "监察通知书", "-round", l.round.ID, "-receipt", "-o", out}, exitUsage, []string{"须与 -id 同用"}},
		{[]string{"-id", l.hallNotice.ID, "-receipt=是", "-o", out}, exitUsage, []string{"-receipt 不带值"}},
	} {
		r := xiaoneng(t, cfg, append([]string{"-db", l.path, "print"}, c.args...)...)
		wantFailure(t, r, c.code, c.words...)
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("print %v left %s", c.args, out)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("refused prints left %d files", len(entries))
	}
}

// Printing from a ledger that does not exist says so and creates nothing.
func TestPrintMissingLedger(t *testing.T) {
	dir := t.TempDir()
	r := xiaoneng(t, config(t), "-db", filepath.Join(dir, "无.db"), "print", "-id", "x", "-o", filepath.Join(dir, "x.pdf"))
	wantFailure(t, r, exitFailed, data.ErrNoLedger.Error())
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("the folder holds %d files (%v)", len(entries), err)
	}
}

// pageNumber is the "— 1 —" at the foot of a page (spaces squeezed out),
// which pdftotext puts in the middle of a paragraph running on to the next
// page.
var pageNumber = regexp.MustCompile(`—\d+—`)

// inOrder checks that each part appears in text after the one before,
// spaces and line breaks aside.
func inOrder(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	rest := pageNumber.ReplaceAllString(text, "")
	for _, p := range parts {
		i := strings.Index(rest, squeezed(p))
		if i < 0 {
			t.Errorf("%s: %q missing (or out of order) in the printed text", what, p)
			continue
		}
		rest = rest[i+len(squeezed(p)):]
	}
}

// expected is what a printed document shows, in reading order: its number,
// title, 主送, every paragraph and the date; for a form (交办单) every
// piece of text in its table, whose cells pdftotext reads in its own order.
func expected(doc *gongwen.Doc) (ordered, anywhere []string) {
	if len(doc.Form) > 0 {
		anywhere = []string{doc.Title, doc.Number}
		for _, row := range doc.Form {
			anywhere = append(anywhere, strings.FieldsFunc(row.Value, unicode.IsSpace)...)
		}
		return nil, anywhere
	}
	if doc.Number != "" && doc.Kind != data.DocTransfer {
		ordered = append(ordered, doc.Number)
	}
	ordered = append(ordered, doc.Title)
	if doc.Recipient != "" {
		ordered = append(ordered, doc.Recipient+"：")
	}
	for _, p := range doc.Paragraphs {
		ordered = append(ordered, p.Text)
	}
	if len(doc.Copies) == 0 && !doc.Date.IsZero() {
		ordered = append(ordered, doc.Date.Chinese())
	}
	return ordered, nil
}

func checkPrinted(t *testing.T, what, text string, doc *gongwen.Doc) {
	t.Helper()
	ordered, anywhere := expected(doc)
	inOrder(t, what, text, ordered...)
	for _, piece := range anywhere {
		inOrder(t, what, text, piece)
	}
}

// Every kind the demo county issued prints from the command line with all
// of its text, as pdftotext reads it back; so do a 送达回证 of a document
// left with a witness (留置送达), a draft, and a round's notices together.
func TestPrintEveryKindFromTheDemoCounty(t *testing.T) {
	t.Parallel() // waits for the shared demo county (demotest)
	cfg := config(t)
	path := demoCopy(t)
	ctx := context.Background()
	db := openLedger(t, path)
	defer closeLedger(t, db)
	p, err := documents.NewPrinter(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	print := func(what string, args ...string) (string, int) {
		t.Helper()
		out := filepath.Join(dir, what+".pdf")
		wantOK(t, xiaoneng(t, cfg, append([]string{"-db", path, "print", "-o", out}, args...)...))
		return pdfText(t, out)
	}
	for _, kind := range data.DocKinds {
		i := slices.IndexFunc(all, func(d *data.Document) bool { return d.Kind == kind && d.Number != "" && d.Status != data.DocVoid })
		if i < 0 {
			t.Errorf("the demo county issued no %s", kind)
			continue
		}
		doc, err := p.Doc(ctx, all[i])
		if err != nil {
			t.Fatalf("%s %s: %v", kind, all[i].Number, err)
		}
		text, pages := print(string(kind), "-id", all[i].ID)
		checkPrinted(t, string(kind)+" "+all[i].Number, text, doc)
		if pages < 1 {
			t.Errorf("%s: no pages", kind)
		}
	}

	i := slices.IndexFunc(all, func(d *data.Document) bool { return d.DeliveryMethod == data.DeliverLeft && gongwen.HasReceipt(d.Kind) })
	j := slices.IndexFunc(all, func(d *data.Document) bool { return d.Status == data.DocDraft && d.Kind != data.DocAssignment })
	if i < 0 || j < 0 {
		t.Fatalf("the demo has no document left with a witness (%d) or no draft (%d)", i, j)
	}
	left := all[i]
	text, _ := print("送达回证", "-id", left.ID, "-receipt")
	inOrder(t, "送达回证", text, "送达回证", left.Number, left.Recipient, "■留置送达", left.RefusalNote, left.Witness)
	draft, err := p.Doc(ctx, all[j])
	if err != nil {
		t.Fatal(err)
	}
	text, _ = print("草稿", "-id", all[j].ID)
	// the 草稿 mark tops every page, inside a paragraph that runs over
	checkPrinted(t, "draft "+string(all[j].Kind), strings.ReplaceAll(text, "草稿", ""), draft)

	rounds, err := db.Rounds(ctx, data.RoundFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rounds {
		notices, err := documents.RoundDocuments(ctx, db, r.ID, data.DocNotice)
		if err != nil {
			t.Fatal(err)
		}
		if len(notices) < 3 {
			continue
		}
		text, pages := print("本轮通知书", "-kind", string(data.DocNotice), "-round", r.ID)
		var want []string
		for _, d := range notices {
			doc, err := p.Doc(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			ordered, _ := expected(doc)
			want = append(want, ordered...)
		}
		inOrder(t, "notices of "+r.Title, text, want...)
		if pages < len(notices) {
			t.Errorf("%d notices in %d pages", len(notices), pages)
		}
		return
	}
	t.Error("no demo round has three notices")
}

// BenchmarkPrintProcess is `xiaoneng print -id` as a user runs it, the
// whole process: start, open the ledger, find and load the fonts, lay the
// notice out and write the PDF safely (synced, renamed into place). Target:
// under 90 ms. The fonts' index survives between runs (the user's cache
// folder), as it does on an office's computer after the first print.
func BenchmarkPrintProcess(b *testing.B) {
	l := newPrintLedger(b)
	cfg := config(b)
	out := filepath.Join(b.TempDir(), "通知书.pdf")
	wantOK(b, xiaoneng(b, cfg, "-db", l.path, "print", "-id", l.hallNotice.ID, "-o", out))
	for b.Loop() {
		wantOK(b, xiaoneng(b, cfg, "-db", l.path, "print", "-id", l.hallNotice.ID, "-o", out))
	}
}
