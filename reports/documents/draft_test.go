package documents

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
	"xiaoneng/reports/gongwen"
)

// fixedNow is the test ledgers' clock: Saturday 2026-11-21 10:00.
var fixedNow = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

var today = data.DateOf(fixedNow)

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db := storetest.New(t)
	db.SetClock(func() time.Time { return fixedNow })
	return db
}

// fixture is a round that found problems at two units (one of them twice,
// on two days), one finding dealt with on the spot, and a complaint assigned
// to a third unit.
type fixture struct {
	db                   *store.DB
	hall, tax, land      *data.Unit
	round                *data.Round
	phone, guide, rude   *data.Finding // 县政务服务中心 (phone on 11-02, guide on 11-19), 县税务局
	onSite               *data.Finding // 县税务局, no notice needed
	complaint            *data.Complaint
	visitHall, visitTax2 *data.Visit
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: openDB(t)}
	unit := func(name string) *data.Unit {
		u := &data.Unit{Name: name, Category: data.UnitDepartment}
		if err := f.db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.hall, f.tax, f.land = unit("县政务服务中心"), unit("县税务局"), unit("县自然资源局")
	f.round = &data.Round{Title: "2026年第四季度明察暗访", Kind: data.RoundCovert, Start: data.NewDate(2026, 10, 1), End: data.NewDate(2026, 12, 31),
		UnitIDs: []string{f.hall.ID, f.tax.ID}}
	if err := f.db.CreateRound(ctx, f.round); err != nil {
		t.Fatal(err)
	}
	visit := func(u *data.Unit, at time.Time, fs ...*data.Finding) *data.Visit {
		v := &data.Visit{RoundID: f.round.ID, UnitID: u.ID, VisitedAt: at, Summary: "窗口服务检查"}
		if err := f.db.RecordVisit(ctx, v, fs, nil); err != nil {
			t.Fatal(err)
		}
		return v
	}
	f.phone = &data.Finding{Category: "脱岗/纪律作风", Description: "窗口人员上班时间玩手机。", StaffName: "王某", StaffPost: "窗口工作人员",
		Disposition: data.DispositionNotice, RectLimitDays: 5}
	f.visitHall = visit(f.hall, time.Date(2026, 11, 2, 9, 30, 0, 0, data.Zone), f.phone)
	f.rude = &data.Finding{Category: "脸难看", Description: "工作人员态度生硬", Disposition: data.DispositionNotice, RectLimitDays: 10}
	f.onSite = &data.Finding{Category: "事难办", Description: "叫号机故障", Disposition: data.DispositionOnSite}
	visit(f.tax, time.Date(2026, 11, 18, 15, 0, 0, 0, data.Zone), f.rude, f.onSite)
	f.guide = &data.Finding{Category: "事难办", Description: "办事指南未及时更新", Disposition: data.DispositionNotice, RectLimitDays: 10}
	f.visitTax2 = visit(f.hall, time.Date(2026, 11, 19, 10, 0, 0, 0, data.Zone), f.guide)

	f.complaint = &data.Complaint{ReceivedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, data.Zone), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Name: "张三丰", Phone: "13812345678"}, UnitID: f.land.ID, PersonName: "刘某", PersonPost: "窗口工作人员",
		Category: "事难办", Subject: "办理不动产登记多次往返", Content: "群众反映办理不动产转移登记时被要求补充材料三次，未一次性告知。"}
	if _, err := f.db.RegisterComplaint(ctx, f.complaint); err != nil {
		t.Fatal(err)
	}
	c, _, err := f.db.ApplyStep(ctx, f.complaint.ID, data.Step{Kind: data.EventAssign, At: time.Date(2026, 11, 3, 10, 0, 0, 0, data.Zone), HandlerUnitID: f.land.ID, LimitDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	f.complaint = c
	return f
}

func (f *fixture) draft(t *testing.T, req Request) *data.Document {
	t.Helper()
	d, _, err := Draft(context.Background(), f.db, req, today)
	if err != nil {
		t.Fatalf("Draft(%+v): %v", req, err)
	}
	return d
}

// A 监察通知书 drafted from two findings of one unit quotes both, says when
// the unit was inspected, asks for the report by the later deadline, and is
// linked to the findings and the round.
func TestNoticeFromFindings(t *testing.T) {
	f := newFixture(t)
	d := f.draft(t, Request{Kind: data.DocNotice, FindingIDs: []string{f.guide.ID, f.phone.ID}})
	if d.Title != "监察通知书" || d.Recipient != "县政务服务中心" || d.RecipientUnitID != f.hall.ID {
		t.Errorf("title %q, recipient %q", d.Title, d.Recipient)
	}
	want := []string{
		"2026年11月2日、11月19日，我办在2026年第四季度明察暗访中对你单位进行了检查。经查，你单位存在以下问题：",
		"1.窗口工作人员王某上班时间玩手机。",
		"2.办事指南未及时更新。",
		"请于2026年12月3日前将整改情况书面报告我办。",
		"特此通知。",
	}
	paras := strings.Split(d.Body, "\n")
	for _, w := range want {
		if !slices.Contains(paras, w) {
			t.Errorf("the body has no paragraph %q:\n%s", w, d.Body)
		}
	}
	// 2026-11-19 + 10 working days; the phone finding was due 2026-11-09.
	if d.ReplyDue != data.NewDate(2026, 12, 3) {
		t.Errorf("reply due %s", d.ReplyDue)
	}
	if d.RoundID != f.round.ID || d.VisitID != "" || !slices.Equal(sortedCopy(d.FindingIDs), sortedCopy([]string{f.phone.ID, f.guide.ID})) {
		t.Errorf("links: round %q visit %q findings %v", d.RoundID, d.VisitID, d.FindingIDs)
	}
	if u := Unfilled(d); len(u) != 0 {
		t.Errorf("fields left blank: %v", u)
	}
	if err := f.db.CreateDocument(context.Background(), d); err != nil {
		t.Fatalf("the draft does not save: %v", err)
	}

	one := f.draft(t, Request{Kind: data.DocNotice, FindingIDs: []string{f.rude.ID}})
	if one.VisitID == "" || !strings.Contains(one.Body, "2026年11月18日，我办") {
		t.Errorf("one finding: visit %q, body %s", one.VisitID, one.Body)
	}
	_, _, err := Draft(context.Background(), f.db, Request{Kind: data.DocNotice, FindingIDs: []string{f.rude.ID, f.phone.ID}}, today)
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Field != "FindingIDs" {
		t.Errorf("findings of two units: %v", err)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// Every kind drafts from what it is about; what the records cannot say is
// marked for the author, and Unfilled names it.
func TestEveryKindDrafts(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		req      Request
		title    string
		body     []string
		unfilled []string
	}{
		{Request{Kind: data.DocWarning, FindingIDs: []string{f.phone.ID}}, "关于对王某同志予以效能告诫的通知书",
			[]string{"经调查核实，2026年11月2日，我办在检查中发现你单位窗口工作人员王某上班时间玩手机。", "并于2026年11月27日前"}, nil},
		{Request{Kind: data.DocProposal, FindingIDs: []string{f.rude.ID}}, "关于进一步改进工作作风、提升服务效能的建议",
			[]string{"发现你单位存在问题1个。", "1.工作人员态度生硬。", "【请填写：建议】"}, []string{"建议"}},
		{Request{Kind: data.DocAssignment, ComplaintID: f.complaint.ID}, "效能投诉交办单",
			[]string{"于2026年11月17日前将办理结果书面反馈我办"}, nil},
		{Request{Kind: data.DocReminder, ComplaintID: f.complaint.ID}, "催办通知单",
			[]string{"2026年11月3日交你单位办理的" + f.complaint.Number + "号效能投诉（事由：办理不动产登记多次往返），办理期限已于2026年11月17日届满", "于2026年11月25日前"}, nil},
		{Request{Kind: data.DocTransfer, ComplaintID: f.complaint.ID}, "关于转办办理不动产登记多次往返的函",
			[]string{"2026年11月2日，我办收到群众反映办理不动产登记多次往返的投诉（编号" + f.complaint.Number + "）"}, []string{"受文机关"}},
		{Request{Kind: data.DocBulletin}, "关于【请填写：事项】的通报", []string{"【请填写：正文】"}, []string{"事项", "正文"}},
	} {
		d := f.draft(t, c.req)
		if d.Title != c.title {
			t.Errorf("%s: title %q, want %q", c.req.Kind, d.Title, c.title)
		}
		for _, w := range c.body {
			if !strings.Contains(d.Body, w) {
				t.Errorf("%s: body lacks %q:\n%s", c.req.Kind, w, d.Body)
			}
		}
		if got := Unfilled(d); !slices.Equal(got, c.unfilled) {
			t.Errorf("%s: unfilled %v, want %v", c.req.Kind, got, c.unfilled)
		}
		if c.req.ComplaintID != "" && d.ComplaintID != f.complaint.ID {
			t.Errorf("%s: not linked to the complaint", c.req.Kind)
		}
		if strings.Contains(d.Title+d.Body, "张三丰") || strings.Contains(d.Title+d.Body, "13812345678") {
			t.Errorf("%s: the draft names the complainant", c.req.Kind)
		}
		if err := f.db.CreateDocument(context.Background(), d); err != nil {
			t.Errorf("%s: the draft does not save: %v", c.req.Kind, err)
		}
	}
	if _, _, err := Draft(context.Background(), f.db, Request{Kind: data.DocAssignment}, today); !errors.As(err, new(*data.ValidationError)) {
		t.Errorf("交办单 without a complaint: %v", err)
	}
}

// The office's own wording from 设置 is what the next draft is written in;
// a field it names that the records do not give is left for the author.
func TestOfficeTemplateDrafts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Templates = map[data.DocKind]string{data.DocNotice: "标题：{{单位}}效能监察通知书\n主送：{{单位}}\n{{发现问题}}\n联系人：{{联系人}}\n请于{{整改期限}}前报告。"}
	if err := f.db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	d := f.draft(t, Request{Kind: data.DocNotice, FindingIDs: []string{f.rude.ID}})
	if d.Title != "县税务局效能监察通知书" || d.Body != "1.工作人员态度生硬。\n联系人：【请填写：联系人】\n请于2026年12月2日前报告。" {
		t.Errorf("title %q body %q", d.Title, d.Body)
	}
	if u := Unfilled(d); !slices.Equal(u, []string{"联系人"}) {
		t.Errorf("unfilled %v", u)
	}
}

// The round's notices: units with findings awaiting one, in the order
// visited; once drafted and saved, none are pending and the round's
// documents list them, signed ones first by number.
func TestRoundNotices(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	groups, err := PendingNotices(ctx, f.db, f.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || groups[0].UnitID != f.hall.ID || len(groups[0].Findings) != 2 || groups[1].UnitID != f.tax.ID || len(groups[1].Findings) != 1 {
		t.Fatalf("groups %+v", groups)
	}
	docs, _, err := DraftNotices(ctx, f.db, f.round.ID, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Recipient != "县政务服务中心" || docs[1].Recipient != "县税务局" || strings.Contains(docs[1].Body, "叫号机") {
		t.Fatalf("drafts %v", docs)
	}
	if err := f.db.CreateDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if groups, err = PendingNotices(ctx, f.db, f.round.ID); err != nil || len(groups) != 0 {
		t.Errorf("pending after drafting: %v, %v", groups, err)
	}
	if _, err := f.db.SignDocument(ctx, docs[1].ID, today, "李局长"); err != nil {
		t.Fatal(err)
	}
	list, err := RoundDocuments(ctx, f.db, f.round.ID, data.DocNotice)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != docs[1].ID || list[0].Number != "效监通〔2026〕1号" || list[1].ID != docs[0].ID {
		t.Errorf("round documents %v", list)
	}
	if err := f.db.VoidDocument(ctx, docs[1].ID, "主送单位有误"); err != nil {
		t.Fatal(err)
	}
	if list, err = RoundDocuments(ctx, f.db, f.round.ID, data.DocNotice); err != nil || len(list) != 1 {
		t.Errorf("a void notice is listed: %v, %v", list, err)
	}
	if groups, err = PendingNotices(ctx, f.db, f.round.ID); err != nil || len(groups) != 1 || groups[0].UnitID != f.tax.ID {
		t.Errorf("a unit whose notice was voided waits for a new one: %v, %v", groups, err)
	}
}

// A refusal of the engine reaches the user as its own Chinese sentence.
func TestRefusal(t *testing.T) {
	err := Refusal(&gongwen.GlyphError{Missing: []gongwen.MissingGlyph{{Rune: '𠀀', Where: "正文第1段第3字"}}})
	if msg := data.UserMessage(err); !strings.Contains(msg, "𠀀") || !strings.Contains(msg, "正文第1段第3字") {
		t.Errorf("glyph refusal says %q", msg)
	}
	err = Refusal(&gongwen.FontError{Missing: []gongwen.Role{gongwen.Body}})
	if msg := data.UserMessage(err); !strings.Contains(msg, "仿宋") {
		t.Errorf("font refusal says %q", msg)
	}
	other := errors.New("disk full")
	if Refusal(other) != other {
		t.Error("other errors are changed")
	}
}

// Every kind's default template gives a sample the editor of 设置 can
// preview, every field filled with its example.
func TestSampleEveryKind(t *testing.T) {
	settings := data.DefaultSettings()
	for _, kind := range append(slices.Clone(data.DocKinds), gongwen.KindReceipt) {
		doc, err := Sample(kind, gongwen.DefaultTemplate(kind), settings, today)
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			continue
		}
		text := doc.Title + doc.Recipient
		for _, p := range doc.Paragraphs {
			text += p.Text
		}
		for _, r := range doc.Form {
			text += r.Value
		}
		if strings.Contains(text, "【请填写") || strings.Contains(text, "{{") || doc.Title == "" {
			t.Errorf("%s sample: %q", kind, text)
		}
		if kind != gongwen.KindReceipt && doc.Number != data.FormatNumber(settings.Prefix(kind), 2026, 12) {
			t.Errorf("%s sample number %q", kind, doc.Number)
		}
	}
	doc, err := Sample(data.DocNotice, "标题：{{单位}}通知\n联系人：{{联系人}}", settings, today)
	if err != nil || doc.Title != "清溪县市场监督管理局通知" || doc.Paragraphs[0].Text != "联系人：【请填写：联系人】" {
		t.Errorf("custom sample %+v, %v", doc, err)
	}
	receipt, err := Sample(gongwen.KindReceipt, "标题：文书送达回证\n拒收的，由见证人签名。", settings, today)
	if err != nil || receipt.Title != "文书送达回证" || receipt.FormNote != "拒收的，由见证人签名。" {
		t.Errorf("receipt sample %+v, %v", receipt, err)
	}
	if _, err := Sample(data.DocNotice, "标题：{{单位", settings, today); !errors.As(err, new(*data.ValidationError)) {
		t.Errorf("a brace left open: %v", err)
	}
}

// The 督办通知单 of a task is a draft like any other: the office's
// template, filled from the task, one to each of its units.
func TestTaskNotices(t *testing.T) {
	task := &data.Task{Number: "DB2026-0001", Title: "城区背街小巷提升改造", Source: data.SourceStandingCommittee,
		Content: "完成12条背街小巷改造。", LeadUnitID: "lead", Due: data.NewDate(2026, 12, 31),
		Units: []data.TaskUnit{{UnitID: "lead", UnitName: "县住房和城乡建设局", Role: data.RoleLead},
			{UnitID: "fin", UnitName: "县财政局", Role: data.RoleResponsible}}}
	docs, err := TaskNotices(task, data.NewDate(2026, 11, 25), data.DefaultSettings())
	if err != nil || len(docs) != 2 {
		t.Fatalf("%d notices, %v", len(docs), err)
	}
	for i, d := range docs {
		u := task.Units[i]
		if d.Kind != data.DocTaskNotice || d.Title != "督办通知单" || d.Recipient != u.UnitName || d.RecipientUnitID != u.UnitID || !d.ReplyDue.IsZero() {
			t.Errorf("notice to %s: %+v", u.UnitName, d)
		}
		for _, want := range []string{task.NoticeBody(u.UnitID, data.NewDate(2026, 11, 25)), "于2026年12月31日前办结并报送办结报告", "特此通知。"} {
			if !strings.Contains(d.Body, want) {
				t.Errorf("notice to %s does not say %q:\n%s", u.UnitName, want, d.Body)
			}
		}
		if len(Unfilled(d)) != 0 {
			t.Errorf("notice to %s leaves %v to fill", u.UnitName, Unfilled(d))
		}
	}
}
