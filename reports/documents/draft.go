// Package documents writes the drafts of the office's documents from the
// ledger's records (a 监察通知书 from a visit's findings, a 交办单 from a
// complaint …) and assembles stored documents for printing: what the 文书
// screen and the print command share. The page itself is reports/gongwen's.
//
// A draft is the kind's template (the office's own from 设置, else the
// default) with its named fields filled from the records. A field the
// records cannot fill is left as a visible 【请填写：字段】 for the author,
// and a document still carrying one is not signed (Unfilled).
package documents

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/gongwen"
)

// Request says what a draft is written from.
type Request struct {
	Kind        data.DocKind
	UnitID      string   // the unit it is addressed to; "" takes the findings' or the complaint's
	FindingIDs  []string // the findings it is about
	ComplaintID string   // the complaint it is about
	Due         data.Date
}

// Source is what a draft quotes.
type Source struct {
	Unit      *data.Unit // nil for a body outside the registry
	Findings  []*data.Finding
	Rounds    map[string]string // round id → title, for the findings' rounds
	Complaint *data.Complaint
	Task      *data.Task // a 督办通知单's task, to the Unit
	SignDue   data.Date  // the 签收期限 a 督办通知单 gives
}

// Load reads the records a request names.
func Load(ctx context.Context, db *store.DB, req Request) (*Source, error) {
	src := &Source{Rounds: map[string]string{}}
	for _, id := range req.FindingIDs {
		f, err := db.Finding(ctx, id)
		if err != nil {
			return nil, err
		}
		src.Findings = append(src.Findings, f)
		if _, ok := src.Rounds[f.RoundID]; !ok && f.RoundID != "" {
			r, err := db.Round(ctx, f.RoundID)
			if err != nil {
				return nil, err
			}
			src.Rounds[f.RoundID] = r.Title
		}
	}
	if req.ComplaintID != "" {
		c, err := db.Complaint(ctx, req.ComplaintID)
		if err != nil {
			return nil, err
		}
		src.Complaint = c
	}
	unitID := req.UnitID
	if unitID == "" {
		unitID = defaultUnit(req.Kind, src)
	}
	for _, f := range src.Findings {
		if f.UnitID != src.Findings[0].UnitID || (unitID != "" && f.UnitID != unitID) {
			return nil, data.Invalid("FindingIDs", "一份文书所依据的问题应属于主送单位")
		}
	}
	if unitID != "" {
		u, err := db.Unit(ctx, unitID)
		if err != nil {
			return nil, err
		}
		src.Unit = u
	}
	slices.SortStableFunc(src.Findings, func(a, b *data.Finding) int { return a.FoundOn.Compare(b.FoundOn) })
	return src, nil
}

// defaultUnit is whom a kind is addressed to when the request does not
// say: the findings' unit, or for a complaint the unit that handles it (交办单,
// 催办通知单) or the one complained about.
func defaultUnit(kind data.DocKind, src *Source) string {
	if len(src.Findings) > 0 {
		return src.Findings[0].UnitID
	}
	c := src.Complaint
	switch {
	case c == nil, kind == data.DocTransfer, kind == data.DocBulletin:
		return ""
	case (kind == data.DocAssignment || kind == data.DocReminder) && c.HandlerUnitID != "":
		return c.HandlerUnitID
	}
	return c.UnitID
}

// DefaultDue is the reply deadline a kind asks for when its author does not
// set one: the findings' rectification deadline (or the office's default
// time limit) for a 监察通知书, the complaint's due date for a 交办单, a few
// working days for a 催办通知单 or a 效能告诫通知书. 转办函 and 通报 ask for
// no reply.
func DefaultDue(kind data.DocKind, src *Source, settings data.Settings, cal *data.Calendar, today data.Date) (data.Date, data.Assumed) {
	after := func(n int) (data.Date, data.Assumed) { return cal.AddWorkdays(today, n) }
	switch kind {
	case data.DocNotice:
		var due data.Date
		for _, f := range src.Findings {
			if f.RectDue.After(due) {
				due = f.RectDue
			}
		}
		if !due.IsZero() && !due.Before(today) {
			return due, nil
		}
		return after(settings.RectLimitDays)
	case data.DocWarning:
		return after(5)
	case data.DocProposal:
		return after(20)
	case data.DocReminder:
		return after(3)
	case data.DocAssignment:
		// The complaint's own deadline, even when past: the slip must not
		// promise the unit more time than the complaint gives.
		if c := src.Complaint; c != nil {
			if !c.DueDate.IsZero() {
				return c.DueDate, nil
			}
			if c.LimitDays > 0 {
				return after(c.LimitDays)
			}
		}
		return after(settings.HandleLimitDays)
	}
	return data.Date{}, nil
}

// Field is a named field templates may use.
type Field struct {
	Name    string
	Help    string // what it is filled with
	Example string // shown in the template preview of 设置
}

// Fields are the named fields drafts are filled with, for the template
// editor of 设置.
var Fields = []Field{
	{"单位", "主送单位的名称", "清溪县市场监督管理局"},
	{"事由", "问题的类别，或投诉件的事由", "存在“事难办”“脸难看”问题"},
	{"检查情况", "何时在哪次督查中检查了该单位", "2026年11月18日，我办在2026年第四季度明察暗访中对你单位进行了检查。"},
	{"发现问题", "所依据的问题，每个问题一段，编号1. 2. …", "1.企业开办窗口未落实一次性告知制度，群众多次往返补交材料。\n2.窗口工作人员王某上班时间玩手机。"},
	{"整改期限", "整改情况报送期限（回复期限）", "2026年12月5日"},
	{"办理期限", "办理结果函告期限（回复期限）", "2026年12月18日"},
	{"办结期限", "交办件的办结期限（回复期限）", "2026年11月24日"},
	{"催办期限", "催办后反馈办理结果的期限（回复期限）", "2026年11月27日"},
	{"事项", "建议或通报的事项", "进一步改进工作作风、提升服务效能"},
	{"基本情况", "监察建议所依据的情况", "2026年11月18日，我办在2026年第四季度明察暗访中对你单位进行了检查，发现问题2个。"},
	{"建议", "监察建议的内容（起草时填写）", "一是全面梳理办事指南；二是严格落实一次性告知制度。"},
	{"告诫对象", "被告诫的人（某某同志）或单位", "王某同志"},
	{"事实", "告诫所依据的事实", "2026年11月18日，我办在检查中发现你单位窗口工作人员王某上班时间玩手机。"},
	{"受文机关", "转办的有权处理机关", "县公安局"},
	{"收件日期", "投诉件的收件日期", "2026年11月2日"},
	{"投诉编号", "投诉件的编号", "TS2026-0007"},
	{"投诉内容", "投诉件的内容（转办函用）", "群众反映某小区夜间施工噪音扰民。"},
	{"承办单位", "投诉件的承办单位", "清溪县自然资源局"},
	{"交办日期", "投诉件的交办日期", "2026年11月3日"},
	{"到期日期", "投诉件的办理期限", "2026年11月24日"},
	{"主送", "通报的主送机关", "各乡镇人民政府、街道办事处，县直各单位"},
	{"正文", "通报的正文（起草时填写）", "现将有关情况通报如下：……"},
	{"发文机关", "设置中的发文机关署名", "清溪县机关效能建设办公室"},
}

// bulletinRecipients is whom a 通报 goes to unless its author says otherwise.
const bulletinRecipients = "各乡镇人民政府、街道办事处，县直各单位"

// Values fills the named fields from src: every field of Fields that the
// records give, the rest left out (see Compose).
func Values(kind data.DocKind, src *Source, due data.Date, settings data.Settings) map[string]string {
	v := map[string]string{"发文机关": settings.IssuingBody, "主送": bulletinRecipients}
	set := func(name, value string) {
		if strings.TrimSpace(value) != "" {
			v[name] = value
		}
	}
	if src.Unit != nil {
		set("单位", src.Unit.Name)
	}
	if !due.IsZero() {
		for _, f := range []string{"整改期限", "办理期限", "办结期限", "催办期限"} {
			v[f] = due.Chinese()
		}
	}
	if kind == data.DocProposal {
		set("事项", "进一步改进工作作风、提升服务效能")
	}
	if fs := src.Findings; len(fs) > 0 {
		set("事由", categoryReason(fs))
		set("检查情况", inspection(fs, src.Rounds)+"。")
		set("基本情况", fmt.Sprintf("%s，发现你单位存在问题%d个。", inspection(fs, src.Rounds), len(fs)))
		set("发现问题", findingList(fs))
		set("事实", facts(fs))
		set("告诫对象", warned(fs, src.Unit))
	}
	if c := src.Complaint; c != nil {
		received := data.DateOf(c.ReceivedAt).Chinese()
		set("投诉编号", c.Number)
		set("收件日期", received)
		set("投诉内容", c.Content)
		set("受文机关", c.TransferTo)
		set("承办单位", c.HandlerUnitName)
		if !c.AssignedAt.IsZero() {
			set("交办日期", data.DateOf(c.AssignedAt).Chinese())
		}
		if !c.DueDate.IsZero() {
			set("到期日期", c.DueDate.Chinese())
		}
		if len(src.Findings) == 0 {
			set("事由", c.Subject)
			verified := ""
			if c.Verification != "" {
				verified = "，经调查核实" + string(c.Verification)
			}
			set("检查情况", fmt.Sprintf("%s，我办收到群众反映你单位%s的投诉（编号%s）%s。", received, c.Subject, c.Number, verified))
			set("基本情况", fmt.Sprintf("%s，我办收到群众反映你单位%s的投诉（编号%s）%s。", received, c.Subject, c.Number, verified))
			set("发现问题", fmt.Sprintf("1.%s号效能投诉反映的“%s”问题%s。", c.Number, c.Subject, strings.TrimPrefix(verified, "，")))
			if c.Verification != "" {
				set("事实", fmt.Sprintf("%s号效能投诉反映的“%s”问题%s。", c.Number, c.Subject, c.Verification))
			}
			if c.PersonName != "" && kind == data.DocWarning {
				set("告诫对象", c.PersonName+"同志")
			}
		}
	}
	if t := src.Task; t != nil && src.Unit != nil {
		set("事项", t.Title)
		set("正文", t.NoticeBody(src.Unit.ID, src.SignDue))
		if due.IsZero() {
			set("办结期限", t.Due.Chinese())
		}
	}
	if _, ok := v["告诫对象"]; !ok && src.Unit != nil {
		v["告诫对象"] = src.Unit.Name
	}
	if _, ok := v["受文机关"]; !ok && src.Unit != nil {
		v["受文机关"] = src.Unit.Name
	}
	if _, ok := v["承办单位"]; !ok && src.Unit != nil {
		v["承办单位"] = src.Unit.Name
	}
	return v
}

// Blank marks a field the records could not fill, for the author to write.
func Blank(field string) string { return "【请填写：" + field + "】" }

var reBlank = regexp.MustCompile(`【请填写：([^】]*)】`)

// Unfilled lists the fields of a draft still marked 【请填写：…】: a
// document is not signed with one left.
func Unfilled(d *data.Document) []string {
	var out []string
	for _, m := range reBlank.FindAllStringSubmatch(d.Title+"\n"+d.Recipient+"\n"+d.Body, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// Compose writes the draft of kind from src with the office's template: a
// document ready for CreateDocument, addressed, linked to its records, with
// its reply deadline.
func Compose(kind data.DocKind, src *Source, due data.Date, settings data.Settings) (*data.Document, error) {
	if !slices.Contains(data.DocKinds, kind) {
		return nil, data.Invalid("Kind", "请选择文书种类")
	}
	if kind == data.DocAssignment && src.Complaint == nil {
		return nil, data.Invalid("ComplaintID", "交办单须依据一件效能投诉")
	}
	template := gongwen.Context{Templates: settings.Templates}.Template(kind)
	known := Values(kind, src, due, settings)
	values := map[string]string{}
	for _, name := range gongwen.TemplateFields(template) {
		if v, ok := known[name]; ok {
			values[name] = v
		} else {
			values[name] = Blank(name)
		}
	}
	draft, err := gongwen.Compose(template, values)
	if err != nil {
		return nil, err
	}
	d := &data.Document{Kind: kind, Title: draft.Title, Recipient: draft.Recipient, Body: draft.Body, ReplyDue: due}
	if src.Unit != nil {
		d.RecipientUnitID = src.Unit.ID
	}
	if d.Recipient == "" {
		// A form (交办单) names its recipient in the table, not in a 主送 line.
		switch {
		case kind == data.DocBulletin:
		case src.Unit != nil:
			d.Recipient = src.Unit.Name
		default:
			d.Recipient = Blank("主送")
		}
	}
	if d.Title == "" {
		d.Title = string(kind)
	}
	if d.Body == "" {
		d.Body = Blank("正文")
	}
	rounds, visits := map[string]bool{}, map[string]bool{}
	for _, f := range src.Findings {
		d.FindingIDs = append(d.FindingIDs, f.ID)
		rounds[f.RoundID], visits[f.VisitID] = true, true
	}
	if len(rounds) == 1 {
		d.RoundID = src.Findings[0].RoundID
	}
	if len(visits) == 1 {
		d.VisitID = src.Findings[0].VisitID
	}
	if src.Complaint != nil {
		d.ComplaintID = src.Complaint.ID
	}
	return d, nil
}

// TaskNotices drafts the 督办通知单 of task t to each of its units, asking
// them to sign by signDue, in the office's wording (settings): no reply
// deadline, since the units answer through the task's own steps.
func TaskNotices(t *data.Task, signDue data.Date, settings data.Settings) ([]*data.Document, error) {
	var out []*data.Document
	for _, u := range t.Units {
		src := &Source{Unit: &data.Unit{Record: data.Record{ID: u.UnitID}, Name: u.UnitName}, Task: t, SignDue: signDue}
		d, err := Compose(data.DocTaskNotice, src, data.Date{}, settings)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Draft loads what req names and composes its draft, with the default
// deadline unless req sets one. The draft is not saved.
func Draft(ctx context.Context, db *store.DB, req Request, today data.Date) (*data.Document, data.Assumed, error) {
	settings, err := db.Settings(ctx)
	if err != nil {
		return nil, nil, err
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, nil, err
	}
	src, err := Load(ctx, db, req)
	if err != nil {
		return nil, nil, err
	}
	due, assumed := req.Due, data.Assumed(nil)
	if due.IsZero() {
		due, assumed = DefaultDue(req.Kind, src, settings, cal, today)
	}
	d, err := Compose(req.Kind, src, due, settings)
	if err != nil {
		return nil, nil, err
	}
	return d, assumed, nil
}

// categoryReason is a notice's 事由 from its findings' categories.
func categoryReason(fs []*data.Finding) string {
	var cats []string
	for _, f := range fs {
		if c := "“" + string(f.Category) + "”"; f.Category != "" && !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	switch {
	case len(cats) == 0:
		return "存在效能问题"
	case len(cats) > 2:
		return "存在" + strings.Join(cats[:2], "") + "等问题"
	}
	return "存在" + strings.Join(cats, "") + "问题"
}

// inspection says when and in which rounds the unit was inspected, e.g.
// "2026年11月2日、11月19日，我办在2026年第四季度明察暗访中对你单位进行了检查".
func inspection(fs []*data.Finding, rounds map[string]string) string {
	var order []string
	days := map[string][]data.Date{}
	for _, f := range fs {
		if _, ok := days[f.RoundID]; !ok {
			order = append(order, f.RoundID)
		}
		if !slices.ContainsFunc(days[f.RoundID], f.FoundOn.Equal) {
			days[f.RoundID] = append(days[f.RoundID], f.FoundOn)
		}
	}
	parts := make([]string, 0, len(order))
	for _, id := range order {
		var ds []string
		for i, d := range days[id] {
			switch {
			case i > 0 && d.Year() == days[id][i-1].Year():
				ds = append(ds, fmt.Sprintf("%d月%d日", d.Month(), d.Day()))
			default:
				ds = append(ds, d.Chinese())
			}
		}
		where := "检查"
		if t := rounds[id]; t != "" {
			where = t
		}
		parts = append(parts, fmt.Sprintf("%s，我办在%s中对你单位进行了检查", strings.Join(ds, "、"), where))
	}
	return strings.Join(parts, "；")
}

// findingList is the numbered list of findings, one paragraph each.
func findingList(fs []*data.Finding) string {
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = fmt.Sprintf("%d.%s。", i+1, f.Statement())
	}
	return strings.Join(lines, "\n")
}

// facts is what a 效能告诫通知书 states: what was found, on whom.
func facts(fs []*data.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s，我办在检查中发现你单位%s。", f.FoundOn.Chinese(), f.Statement())
	}
	return b.String()
}

// warned is whom a 效能告诫通知书 warns: the one person the findings name,
// or else the unit.
func warned(fs []*data.Finding, u *data.Unit) string {
	var names []string
	for _, f := range fs {
		if f.StaffName != "" && !slices.Contains(names, f.StaffName) {
			names = append(names, f.StaffName)
		}
	}
	switch {
	case len(names) == 1:
		return names[0] + "同志"
	case len(names) > 1:
		return strings.Join(names, "、") + "等同志"
	case u != nil:
		return u.Name
	}
	return ""
}
