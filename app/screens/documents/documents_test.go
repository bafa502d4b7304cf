package documents

import (
	"archive/zip"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// docFixture is a window-service centre visited by a round that found a
// problem to notify, and a leader who signs.
type docFixture struct {
	hall    *data.Unit
	round   *data.Round
	finding *data.Finding
}

func newDocFixture(t testing.TB, db *store.DB) docFixture {
	t.Helper()
	ctx := context.Background()
	leader := &data.Person{Name: "李明", Role: data.RoleLeader, Post: "主任", CanSign: true, Active: true}
	if err := db.CreatePerson(ctx, leader); err != nil {
		t.Fatal(err)
	}
	var f docFixture
	f.hall = apptest.MustUnit(t, db, "县政务服务中心", data.UnitWindow)
	f.round = apptest.MustRound(t, db, "2026年第四季度明察暗访", data.RoundCovert, nil, nil, f.hall)
	f.finding = &data.Finding{Category: "脱岗/纪律作风", Description: "窗口人员上班时间玩手机", StaffName: "王某", StaffPost: "窗口工作人员",
		Disposition: data.DispositionNotice, RectLimitDays: 10}
	apptest.MustVisit(t, db, f.round, f.hall, time.Date(2026, 11, 18, 9, 30, 0, 0, data.Zone), f.finding)
	return f
}

// A 监察通知书 from a finding, through its whole life on the 文书 screen:
// drafted from 问题整改, edited, signed (its number appears), delivered by
// 留置送达 (refused until the refusal and the witness are given), replied
// to and filed.
func TestDocumentLifeFromFinding(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	f := newDocFixture(t, db)

	// 问题整改's 制发监察通知书… on the finding
	parts.DraftFromFinding(w, f.finding)
	dlg := apptest.TopOverlay(t, w.Window())
	group := apptest.Find[*widget.CheckGroup](t, dlg)
	if len(group.Selected) != 1 || !strings.Contains(group.Selected[0], "窗口人员上班时间玩手机") {
		t.Fatalf("findings ticked: %v of %v", group.Selected, group.Options)
	}
	if !apptest.Shows(dlg, "2026-12-02") && apptest.Find[*widget.Select](t, dlg).Selected != string(data.DocNotice) {
		t.Errorf("dialog = %v", apptest.Texts(dlg))
	}
	apptest.TapButton(t, dlg, "保存")

	s := apptest.Show(t, w, "文书", New)
	follow(t, w, s)
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents: %v, %v", docs, err)
	}
	d, err := db.Document(ctx, docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != data.DocDraft || d.Title != "监察通知书" || d.RecipientUnitID != f.hall.ID ||
		len(d.FindingIDs) != 1 || d.FindingIDs[0] != f.finding.ID || d.RoundID != f.round.ID || d.ReplyDue != data.NewDate(2026, 12, 2) {
		t.Fatalf("draft %+v", d)
	}
	if s.doc == nil || s.doc.ID != d.ID || s.title.Text != d.Title || !strings.Contains(s.body.Text, "1.窗口工作人员王某上班时间玩手机。") {
		t.Fatalf("the draft is not open for editing: %+v", s.doc)
	}

	// Edit: a note under the date, saved with Ctrl+S.
	s.body.SetText(s.body.Text + "\n附注：联系人：张敏，电话：0591-12345678")
	if !w.Press(fyne.KeyS) {
		t.Fatal("Ctrl+S is not offered for a draft")
	}
	if d, err = db.Document(ctx, d.ID); err != nil || !strings.HasSuffix(d.Body, "附注：联系人：张敏，电话：0591-12345678") {
		t.Fatalf("after saving: %q, %v", d.Body, err)
	}

	// Sign: the only leader who may sign is offered; the number appears.
	apptest.TapButton(t, s.detail, "签发…")
	dlg = apptest.TopOverlay(t, w.Window())
	if sel := apptest.Find[*widget.Select](t, dlg); sel.Selected != "李明（主任）" {
		t.Errorf("signer offered %q of %v", sel.Selected, sel.Options)
	}
	apptest.TapButton(t, dlg, "保存")
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "效监通〔2026〕1号") {
		t.Errorf("no word of the number: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "确定")
	if d, err = db.Document(ctx, d.ID); err != nil || d.Status != data.DocSigned || d.Number != "效监通〔2026〕1号" || d.Signer != "李明" || d.SignedOn != data.NewDate(2026, 11, 21) {
		t.Fatalf("after signing: %+v, %v", d, err)
	}
	if !apptest.Shows(s.detail, "效监通〔2026〕1号 · 已签发") || s.form.Widget().Visible() && s.textStack.Objects[0].Visible() {
		t.Errorf("the signed document is still editable, or its number is not shown: %v", apptest.Texts(s.detail))
	}
	if apptest.Shows(s.detail, "签发…") {
		t.Error("签发 is still offered")
	}

	// Deliver by 留置送达: refused without the refusal and the witness.
	apptest.TapButton(t, s.detail, "送达…")
	dlg = apptest.TopOverlay(t, w.Window())
	var method *widget.Select
	apptest.Walk(dlg, func(o fyne.CanvasObject) {
		if sel, ok := o.(*widget.Select); ok && len(sel.Options) == len(data.DeliveryMethods) {
			method = sel
		}
	})
	method.SetSelected(data.DeliverLeft)
	es := apptest.Entries(dlg) // 受送达人, 送达人, 送达地点, 拒收事由, 见证人
	if len(es) != 5 || apptest.TextOf(es[1]) != "测试员" || es[3].Disabled() {
		t.Fatalf("delivery entries %d, deliverer %q", len(es), apptest.TextOf(es[1]))
	}
	test.Type(es[0], "陈某")
	apptest.TapButton(t, dlg, "保存")
	if !apptest.Shows(dlg, "留置送达须写明拒收事由和留置情况") {
		t.Errorf("留置送达 without a refusal note: %v", apptest.Texts(dlg))
	}
	test.Type(es[3], "受送达人以负责人不在为由拒绝签收，文书留置于其办公室。")
	apptest.TapButton(t, dlg, "保存")
	if !apptest.Shows(dlg, "留置送达须有见证人") {
		t.Errorf("留置送达 without a witness: %v", apptest.Texts(dlg))
	}
	test.Type(es[4], "刘某（社区工作人员）")
	apptest.TapButton(t, dlg, "保存")
	if d, err = db.Document(ctx, d.ID); err != nil || d.Status != data.DocDelivered || d.DeliveryMethod != data.DeliverLeft ||
		d.DeliveredTo != "陈某" || d.Witness != "刘某（社区工作人员）" || d.DeliveredOn != data.NewDate(2026, 11, 21) {
		t.Fatalf("after delivery: %+v, %v", d, err)
	}

	// Reply, then file.
	apptest.TapButton(t, s.detail, "登记回复…")
	dlg = apptest.TopOverlay(t, w.Window())
	test.Type(apptest.Entries(dlg)[0], "已对当事人批评教育，窗口实行AB岗。")
	apptest.TapButton(t, dlg, "保存")
	if d, err = db.Document(ctx, d.ID); err != nil || d.Status != data.DocReplied || d.ReplyContent != "已对当事人批评教育，窗口实行AB岗。" {
		t.Fatalf("after the reply: %+v, %v", d, err)
	}
	apptest.TapButton(t, s.detail, "归档…")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "保存")
	if d, err = db.Document(ctx, d.ID); err != nil || d.Status != data.DocArchived || d.ArchivedOn != data.NewDate(2026, 11, 21) {
		t.Fatalf("after filing: %+v, %v", d, err)
	}
	apptest.TapButton(t, s.View(), "已归档")
	if got := s.table.Visible(); len(got) != 1 || got[0].ID != d.ID {
		t.Errorf("已归档 lists %v", got)
	}
	s.tabs.SelectIndex(2) // 办理情况
	for _, want := range []string{"李明", "留置送达", "刘某（社区工作人员）", "已对当事人批评教育", "操作记录"} {
		if !apptest.Shows(s.detail, want) {
			t.Errorf("办理情况 does not show %q: %v", want, apptest.Texts(s.detail))
		}
	}
}

// A draft with fields left for its author is not signed until they are
// written.
func TestUnfilledDraftIsNotSigned(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	newDocFixture(t, db)
	s := apptest.Show(t, w, "文书", New)
	w.Press(fyne.KeyN)
	dlg := apptest.TopOverlay(t, w.Window())
	apptest.Find[*widget.Select](t, dlg).SetSelected(string(data.DocBulletin))
	apptest.TapButton(t, dlg, "保存")
	follow(t, w, s)
	if s.doc == nil || s.doc.Kind != data.DocBulletin || !strings.Contains(s.body.Text, "【请填写：正文】") {
		t.Fatalf("bulletin draft %+v", s.doc)
	}
	apptest.TapButton(t, s.detail, "签发…")
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "事项、正文") {
		t.Errorf("signing a draft with blanks: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "确定")
	if d, err := db.Document(ctx, s.doc.ID); err != nil || d.Status != data.DocDraft {
		t.Errorf("the draft was signed: %+v, %v", d, err)
	}
}

// The preview draws the very lines of the layout: each character at the
// position the PDF prints it, line by line.
func TestPreviewDrawsTheLayout(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	fonts := apptest.NeedFonts(t)
	f := newDocFixture(t, db)
	parts.DraftFromFinding(w, f.finding)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "保存")
	s := apptest.Show(t, w, "文书", New)
	follow(t, w, s)
	s.tabs.SelectIndex(1) // 预览
	p := s.preview
	if p.Pages == nil || p.Fonts != fonts {
		t.Fatalf("no pages previewed: %v", apptest.Texts(s.detail))
	}
	if !apptest.Shows(s.detail, "第1页，共") {
		t.Errorf("no page count: %v", apptest.Texts(s.detail))
	}
	// where the user prints, the fonts standing in for the standard ones
	if note := fonts.Substitutions(); note != "" && (!p.FontNote.Visible() || p.FontNote.Text != note) {
		t.Errorf("the preview does not say which fonts stand in: %q", p.FontNote.Text)
	}
	for page := range p.Pages.Pages {
		if page > 0 {
			apptest.TapButton(t, s.detail, "下一页")
		}
		compareLines(t, page, p)
	}
	// Zooming in draws the same lines larger.
	before := p.Scale.Mm
	apptest.TapButton(t, s.detail, "上一页")
	test.Tap(findIconButton(t, s.detail, "zoom-in"))
	if p.Scale.Mm <= before {
		t.Errorf("zoom in: %v → %v units per mm", before, p.Scale.Mm)
	}
	compareLines(t, 0, p)
}

func findIconButton(t *testing.T, o fyne.CanvasObject, icon string) *widget.Button {
	t.Helper()
	var found *widget.Button
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == "" && b.Icon != nil && strings.Contains(b.Icon.Name(), icon) && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no %s button", icon)
	}
	return found
}

// line is one line of a page: its baseline and its text, read left to right.
type line struct {
	y    float64
	text string
	xs   []float64
}

// lines groups characters by baseline.
func lines(chars []parts.PlacedGlyph) []line {
	sort.SliceStable(chars, func(i, j int) bool {
		if math.Abs(chars[i].Y-chars[j].Y) > 0.05 {
			return chars[i].Y < chars[j].Y
		}
		return chars[i].X < chars[j].X
	})
	var out []line
	for _, c := range chars {
		if n := len(out); n > 0 && math.Abs(out[n-1].y-c.Y) <= 0.05 {
			out[n-1].text += c.Text
			out[n-1].xs = append(out[n-1].xs, c.X)
			continue
		}
		out = append(out, line{y: c.Y, text: c.Text, xs: []float64{c.X}})
	}
	return out
}

// compareLines reads the characters back from the canvas objects of the
// page shown (where each text object is, and its baseline) and compares
// them with the layout's runs.
func compareLines(t *testing.T, page int, p *parts.PagePreview) {
	t.Helper()
	mm := float64(p.Scale.Mm)
	var drawn []parts.PlacedGlyph
	for _, it := range p.Scale.Items {
		if it.Glyph == nil || it.Glyph.CopyOf {
			continue
		}
		txt := it.Obj.(*canvas.Text)
		_, base := fyne.CurrentApp().Driver().RenderedTextSize(txt.Text, txt.TextSize, txt.TextStyle, txt.FontSource)
		drawn = append(drawn, parts.PlacedGlyph{
			Text: txt.Text,
			X:    (float64(txt.Position().X) - parts.SheetMargin) / mm,
			Y:    (float64(txt.Position().Y+base) - parts.SheetMargin) / mm,
		})
	}
	var laid []parts.PlacedGlyph
	for _, r := range p.Pages.Pages[page].Runs {
		for i, ch := range []rune(r.Text) {
			if ch != ' ' && ch != '\u3000' {
				laid = append(laid, parts.PlacedGlyph{Text: string(ch), X: r.Glyphs[i], Y: r.Y})
			}
		}
	}
	got, want := lines(drawn), lines(laid)
	if len(got) != len(want) {
		t.Fatalf("page %d: %d lines drawn, %d laid out", page+1, len(got), len(want))
	}
	const tol = 0.1 // mm: float32 screen units
	for i := range want {
		if got[i].text != want[i].text || math.Abs(got[i].y-want[i].y) > tol {
			t.Errorf("page %d line %d: drawn %q at %.2f mm, laid out %q at %.2f mm", page+1, i+1, got[i].text, got[i].y, want[i].text, want[i].y)
			continue
		}
		for j := range want[i].xs {
			if math.Abs(got[i].xs[j]-want[i].xs[j]) > tol {
				t.Errorf("page %d line %d char %d: x %.2f mm, laid out %.2f", page+1, i+1, j+1, got[i].xs[j], want[i].xs[j])
				break
			}
		}
	}
	if len(want) < 5 {
		t.Errorf("page %d has only %d lines", page+1, len(want))
	}
}

// A 交办单 prints without the complainant; when the handler ticks the box
// for one output, that output carries the name and the complaint's record
// says who printed it and why.
func TestAssignmentPrintsIdentityOnlyWhenAsked(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.NeedFonts(t)
	opened := apptest.CapturePrints(t)
	ctx := context.Background()
	land := apptest.MustUnit(t, db, "县自然资源局", data.UnitDepartment)
	c := &data.Complaint{ReceivedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, data.Zone), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Name: "张三丰", Phone: "13812345678"}, UnitID: land.ID,
		Category: "事难办", Subject: "办理不动产登记多次往返", Content: "群众反映办理不动产转移登记时被要求补充材料三次。"}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	c, _, err := db.ApplyStep(ctx, c.ID, data.Step{Kind: data.EventAssign, At: time.Date(2026, 11, 3, 10, 0, 0, 0, data.Zone), HandlerUnitID: land.ID, LimitDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	parts.DraftFromComplaint(w, c, data.DocAssignment)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "保存")
	s := apptest.Show(t, w, "文书", New)
	follow(t, w, s)
	if s.doc == nil || s.doc.Kind != data.DocAssignment || s.doc.ComplaintID != c.ID {
		t.Fatalf("slip %+v", s.doc)
	}

	// a slip has its own sign-off row: no 送达回证; it saves as Word too
	var outputs []string
	apptest.Walk(s.actions, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok {
			outputs = append(outputs, b.Text)
		}
	})
	if slices.Contains(outputs, "打印送达回证…") || !slices.Contains(outputs, "另存为Word…") {
		t.Errorf("the slip's outputs: %v", outputs)
	}
	word := filepath.Join(t.TempDir(), "交办单.docx")
	if err := parts.WritePDF(w, ctx, parts.PrintOrder{Docs: []*data.Document{s.doc}}, word, nil); err != nil {
		t.Fatal(err)
	}
	if zr, err := zip.OpenReader(word); err != nil {
		t.Errorf("the Word document: %v", err)
	} else {
		zr.Close()
	}
	apptest.TapButton(t, s.detail, "打印…")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "继续")
	apptest.WaitJobs(t, w)
	files := opened()
	if len(files) != 1 {
		t.Fatalf("opened %v", files)
	}
	text, _ := apptest.PDFText(t, files[0])
	if strings.Contains(text, "张三丰") || !strings.Contains(text, "办理不动产登记多次往返") {
		t.Errorf("the default slip: %s", text)
	}

	apptest.TapButton(t, s.detail, "打印…")
	apptest.TapCheck(t, apptest.TopOverlay(t, w.Window()), "本次打印包含投诉人信息")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "继续")
	apptest.WaitJobs(t, w)
	files = opened()
	if !strings.HasSuffix(files[len(files)-1], "（含投诉人信息）.pdf") {
		t.Errorf("the file with the complainant is named %s", files[len(files)-1])
	}
	if text, _ = apptest.PDFText(t, files[len(files)-1]); !strings.Contains(text, "张三丰") {
		t.Errorf("the slip with the complainant: %s", text)
	}
	trail, err := db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := trail[len(trail)-1]
	if last.Action != data.AuditPrint || last.ActorName != "测试员" || !strings.Contains(last.After["purpose"].(string), "交办单") {
		t.Errorf("the disclosure is not recorded: %+v", last)
	}
	if d, err := db.Document(ctx, s.doc.ID); err != nil || d.WithIdentity {
		t.Errorf("the choice stuck to the document: %+v, %v", d, err)
	}
}

// A round's notices: drafted for every unit with open findings in one go,
// then printed into one PDF, each notice from a new page.
func TestRoundNoticesBatch(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.NeedFonts(t)
	opened := apptest.CapturePrints(t)
	ctx := context.Background()
	f := newDocFixture(t, db)
	tax := apptest.MustUnit(t, db, "县税务局", data.UnitDepartment)
	apptest.MustVisit(t, db, f.round, tax, time.Date(2026, 11, 19, 10, 0, 0, 0, data.Zone),
		&data.Finding{Category: "事难办", Description: "办事指南未及时更新", Disposition: data.DispositionNotice, RectLimitDays: 10})

	// 督查检查's 监察通知书… on the round
	parts.RoundNotices(w, f.round)
	dlg := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(dlg, "尚未制发监察通知书的单位2个：县政务服务中心（1个问题）、县税务局（1个问题）") {
		t.Errorf("batch dialog: %v", apptest.Texts(dlg))
	}
	apptest.TapButton(t, dlg, "为这些单位生成草稿")
	apptest.WaitJobs(t, w)
	docs, err := db.Documents(ctx, data.DocumentFilter{RoundID: f.round.ID, Kind: data.DocNotice})
	if err != nil || len(docs) != 2 {
		t.Fatalf("drafts: %v, %v", docs, err)
	}
	if !apptest.Shows(dlg, "均已制发") {
		t.Errorf("after drafting: %v", apptest.Texts(dlg))
	}
	apptest.TapButton(t, dlg, "合并打印（2份）")
	apptest.WaitJobs(t, w)
	files := opened()
	if len(files) != 1 {
		t.Fatalf("opened %v", files)
	}
	text, pages := apptest.PDFText(t, files[0])
	if !strings.Contains(text, "县政务服务中心：") || !strings.Contains(text, "县税务局：") || pages < 2 {
		t.Errorf("batch of %d pages: %s", pages, text)
	}
}

// The 回复逾期 chip (which the 工作台's figure opens) lists the documents
// whose reply is overdue. Overdue is counted in working days: on the
// Saturday (the tests' today), a reply due on the Friday is not overdue yet.
func TestDashboardOverdueReplies(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	f := newDocFixture(t, db)
	var docs []*data.Document
	for _, due := range []data.Date{data.NewDate(2026, 11, 19), data.NewDate(2026, 11, 20)} {
		d := &data.Document{Kind: data.DocNotice, Title: "监察通知书", Recipient: "县政务服务中心", RecipientUnitID: f.hall.ID,
			Body: "请整改。", ReplyDue: due}
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignDocument(ctx, d.ID, data.NewDate(2026, 11, 10), "李明"); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	s := apptest.Show(t, w, "文书", New)
	s.ShowChip(host.DocumentsReplyOverdue)
	if got := s.table.Visible(); len(got) != 1 || got[0].ID != docs[0].ID || s.alertOf(got[0]) != "回复逾期1个工作日" {
		t.Errorf("回复逾期 lists %v", got)
	}
}

// A visit's findings that wait for a notice are drafted from the visit's
// own window.
func TestNoticeFromVisit(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	f := newDocFixture(t, db)
	parts.ShowVisit(w, f.finding.VisitID, func() {})
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "制发监察通知书…")
	dlg := apptest.TopOverlay(t, w.Window())
	if group := apptest.Find[*widget.CheckGroup](t, dlg); len(group.Selected) != 1 {
		t.Fatalf("findings ticked: %v", group.Selected)
	}
	apptest.TapButton(t, dlg, "保存")
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil || len(docs) != 1 || docs[0].VisitID != f.finding.VisitID || docs[0].Kind != data.DocNotice {
		t.Fatalf("documents %v, %v", docs, err)
	}

	// Once the finding is closed, the visit no longer offers a notice.
	if err := db.SubmitRectificationReport(ctx, f.finding.ID, data.NewDate(2026, 11, 20), "已整改", nil); err != nil {
		t.Fatal(err)
	}
	parts.ShowVisit(w, f.finding.VisitID, func() {})
	if hasButton(apptest.TopOverlay(t, w.Window()), "制发监察通知书…") {
		t.Error("a visit without findings waiting still offers a notice")
	}
}

// hasButton reports whether a visible button labelled label is under o.
func hasButton(o fyne.CanvasObject, label string) bool {
	found := false
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == label {
			found = true
		}
	})
	return found
}

// Files left for the viewer are cleared after a day.
func TestSweepPrintDir(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	if err := parts.SweepPrintDir(apptest.FixedNow); err != nil {
		t.Fatalf("no folder yet: %v", err)
	}
	if err := os.MkdirAll(parts.PrintDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	old, recent := filepath.Join(parts.PrintDir(), "旧.pdf"), filepath.Join(parts.PrintDir(), "新.pdf")
	for _, p := range []string{old, recent} {
		if err := os.WriteFile(p, []byte("%PDF"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(old, apptest.FixedNow.Add(-25*time.Hour), apptest.FixedNow.Add(-25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(recent, apptest.FixedNow.Add(-time.Hour), apptest.FixedNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := parts.SweepPrintDir(apptest.FixedNow); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("a day-old file is kept: %v", err)
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("a recent file is gone: %v", err)
	}
}

// follow opens on s the document a dialog asked the 文书 screen for, as
// the shell does.
func follow(t *testing.T, w *apptest.Host, s *Screen) {
	t.Helper()
	id, ok := strings.CutPrefix(w.LastOpened(), "OpenDocument ")
	if !ok {
		t.Fatalf("the 文书 screen is asked for %q", w.LastOpened())
	}
	s.Open(id)
}

// The list arrives after the screen is shown: it is read in the background
// a page at a time, the screen saying so meanwhile, with the count of the
// whole list; the pages turn, and the chips and the search select in the
// ledger, not among the rows of the page.
func TestListArrivesAfterTheScreen(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	f := newDocFixture(t, db)
	prevPage, prevDelay := pageSize, kit.TypingPause
	pageSize, kit.TypingPause = 2, 0
	t.Cleanup(func() { pageSize, kit.TypingPause = prevPage, prevDelay })
	var drafts []*data.Document
	for i := range 4 {
		d := &data.Document{Kind: data.DocNotice, Title: fmt.Sprintf("第%d份监察通知书", i+1), Recipient: "县政务服务中心",
			RecipientUnitID: f.hall.ID, Body: "请整改。"}
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		drafts = append(drafts, d)
	}
	if _, err := db.SignDocument(ctx, drafts[0].ID, data.NewDate(2026, 11, 10), "李明"); err != nil {
		t.Fatal(err)
	}

	apptest.QueueBackground(t)
	s := apptest.Show(t, w, "文书", New)
	if len(s.table.Visible()) != 0 || !apptest.Shows(s.View(), "正在读取……") {
		t.Fatalf("before the reading: %d rows, %v", len(s.table.Visible()), apptest.Texts(s.View()))
	}
	apptest.RunQueued()
	if got := s.table.Visible(); len(got) != 2 || !apptest.Shows(s.View(), "共 4 条") || !apptest.Shows(s.View(), "第1/2页") {
		t.Fatalf("the first page: %d rows, %v", len(got), apptest.Texts(s.View()))
	}
	if apptest.Shows(s.View(), "正在读取……") {
		t.Errorf("still reading: %v", apptest.Texts(s.View()))
	}
	first := s.table.Visible()

	apptest.TapButton(t, s.View(), "下一页")
	apptest.RunQueued()
	second := s.table.Visible()
	if len(second) != 2 || !apptest.Shows(s.View(), "第2/2页") || slices.ContainsFunc(second, func(d *data.Document) bool {
		return slices.ContainsFunc(first, func(e *data.Document) bool { return e.ID == d.ID })
	}) {
		t.Errorf("the second page: %v after %v, %v", titlesOf(second), titlesOf(first), apptest.Texts(s.View()))
	}

	// 已签发 holds one document, wherever it stood among the pages.
	apptest.TapButton(t, s.View(), string(data.DocSigned))
	apptest.RunQueued()
	if got := s.table.Visible(); len(got) != 1 || got[0].ID != drafts[0].ID || !apptest.Shows(s.View(), "共 1 条") || s.pager.Paged() {
		t.Errorf("已签发 lists %v: %v", titlesOf(got), apptest.Texts(s.View()))
	}
	apptest.TapButton(t, s.View(), "全部")
	s.table.SetSearchText("第3份")
	apptest.RunQueued()
	if got := s.table.Visible(); len(got) != 1 || got[0].ID != drafts[2].ID {
		t.Errorf("the search lists %v", titlesOf(got))
	}
}

func titlesOf(docs []*data.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Title)
	}
	return out
}

// BenchmarkFirstPrint is the program's first print of a notice: the fonts
// found and loaded afresh (a font folder not seen before, as when the
// program has just started), the notice read, laid out, rendered and
// written under a temporary name and renamed. Target < 200 ms.
func BenchmarkFirstPrint(b *testing.B) {
	w := apptest.New(b)
	db := w.DB()
	ctx := context.Background()
	apptest.NeedFonts(b)
	f := newDocFixture(b, db)
	d := &data.Document{Kind: data.DocNotice, Title: "监察通知书", Recipient: "县政务服务中心", RecipientUnitID: f.hall.ID,
		Body:     "2026年11月18日，我办督查组暗访发现，你单位3号窗口工作人员在工作时间玩手机游戏，对前来咨询的群众态度冷淡。\n请于2026年12月5日前将整改情况书面报告我办。",
		ReplyDue: data.NewDate(2026, 12, 5)}
	if err := db.CreateDocument(ctx, d); err != nil {
		b.Fatal(err)
	}
	if _, err := db.SignDocument(ctx, d.ID, data.NewDate(2026, 11, 20), "李明"); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "通知书.pdf")
	for b.Loop() {
		b.StopTimer()
		set, err := db.Settings(ctx)
		if err != nil {
			b.Fatal(err)
		}
		set.FontDir = b.TempDir()
		if err := db.SaveSettings(ctx, set); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := parts.WritePDF(w, ctx, parts.PrintOrder{Docs: []*data.Document{d}}, out, nil); err != nil {
			b.Fatal(err)
		}
	}
}
