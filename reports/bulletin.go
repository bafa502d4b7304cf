package reports

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/documents"
	"xiaoneng/reports/gongwen"
)

// The 通报 of a period: the figures in the sentences offices publish, the
// tables, the 评议考核 ranking, and the units named for complaints handled past
// their due date or rectification not done. It is laid out as a 通报 of the
// documents issue (GB/T 9704, 文件格式), from the office's template of the
// kind: the template's title, recipient and any wording of its own around
// the figures, which stand where the template says {{正文}}.

// BulletinRecipient is the 主送 of a 通报 when the office's template names none.
const BulletinRecipient = "各乡镇人民政府、街道办事处，县直各单位"

// bodyMark stands for the figures in the filled template until they are
// laid out.
const bodyMark = "〔通报正文〕"

// channelPhrase is how a 通报 names the complaints of a channel.
var channelPhrase = map[data.Channel]string{
	data.ChannelPhone: "电话投诉", data.ChannelVisit: "来访", data.ChannelLetter: "来信", data.ChannelOnline: "网络投诉",
	data.Channel12345: "12345热线转办", data.ChannelSuperior: "上级交办", data.ChannelMedia: "媒体曝光", data.ChannelMonitored: "监测点反映",
}

// BulletinDocument is the 通报 of s and a as a document of the ledger: the
// office's template filled, the figures where it says {{正文}}, the tables
// as 附件 after the body (each a table of |…| rows under its 【附件】 line).
// It is a draft: signing it gives it its 发文字号.
func BulletinDocument(s *Stats, a *Assessment, settings data.Settings) (*data.Document, error) {
	tpl := gongwen.Context{Settings: settings, Templates: settings.Templates}.Template(data.DocBulletin)
	draft, err := gongwen.Compose(tpl, map[string]string{
		"事项": s.Period.Label() + "机关效能建设情况",
		"主送": BulletinRecipient,
		"正文": bodyMark,
	})
	if err != nil {
		return nil, err
	}
	body, attachments := bulletinBody(s, a)
	var lines []string
	placed := false
	for _, line := range strings.Split(draft.Body, "\n") {
		if before, after, ok := strings.Cut(line, bodyMark); ok {
			if strings.TrimSpace(before) != "" {
				lines = append(lines, before)
			}
			lines = append(lines, body...)
			if strings.TrimSpace(after) != "" {
				lines = append(lines, after)
			}
			placed = true
			continue
		}
		lines = append(lines, line)
	}
	if !placed {
		lines = append(lines, body...)
	}
	lines = append(lines, attachments...)
	d := &data.Document{
		Kind:        data.DocBulletin,
		Status:      data.DocDraft,
		Title:       draft.Title,
		Recipient:   draft.Recipient,
		Body:        strings.Join(lines, "\n"),
		IssuingBody: strings.TrimSpace(settings.IssuingBody),
	}
	if d.Title == "" {
		d.Title = "关于" + s.Period.Label() + "机关效能建设情况的通报"
	}
	return d, nil
}

// BulletinDoc is the 通报 of s and a ready to lay out, numbered number and
// dated date; without a number it is a draft.
func BulletinDoc(s *Stats, a *Assessment, settings data.Settings, number string, date data.Date) (*gongwen.Doc, error) {
	d, err := BulletinDocument(s, a, settings)
	if err != nil {
		return nil, err
	}
	d.Number, d.SignedOn = number, date
	if number != "" {
		d.Status = data.DocSigned
	}
	return gongwen.FromDocument(d, gongwen.Context{Settings: settings, Templates: settings.Templates})
}

// PeriodBulletin is the draft 通报 of period p with the figures as of the
// ledger's today.
func PeriodBulletin(ctx context.Context, db *store.DB, p Period) (*data.Document, error) {
	settings, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	s, err := ComputeStats(ctx, db, p, db.Today())
	if err != nil {
		return nil, err
	}
	a, err := Assess(ctx, db, s)
	if err != nil {
		return nil, err
	}
	return BulletinDocument(s, a, settings)
}

// IssueBulletin registers the 通报 of period p in the ledger and signs it
// today: it gets the next 发文字号 of the kind. A period whose 通报 was
// issued already (and not voided) is refused, the ledger unchanged.
func IssueBulletin(ctx context.Context, db *store.DB, p Period, signer string) (*data.Document, error) {
	d, err := PeriodBulletin(ctx, db, p)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(signer) == "" {
		return nil, data.Invalid("Signer", "签发人不能为空")
	}
	issued, err := db.Documents(ctx, data.DocumentFilter{Kind: data.DocBulletin, Search: d.Title})
	if err != nil {
		return nil, err
	}
	for _, o := range issued {
		if o.Title == d.Title && o.Number != "" && o.Status != data.DocVoid {
			return nil, &data.StateError{Action: "签发通报", State: string(o.Status),
				Reason: fmt.Sprintf("《%s》已于%s签发（%s），不再重复签发；重印请用文书ID %s", o.Title, o.SignedOn.Chinese(), o.Number, o.ID)}
		}
	}
	if err := db.CreateDocument(ctx, d); err != nil {
		return nil, err
	}
	return db.SignDocument(ctx, d.ID, db.Today(), signer)
}

// RenderBulletin writes the draft 通报 of period p as a PDF, with the
// figures as of the ledger's today and dated today: marked 草稿 until it
// is issued (IssueBulletin) and has its number.
func RenderBulletin(ctx context.Context, db *store.DB, p Period, w io.Writer) error {
	d, err := PeriodBulletin(ctx, db, p)
	if err != nil {
		return err
	}
	d.SignedOn = db.Today()
	settings, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	doc, err := gongwen.FromDocument(d, gongwen.Context{Settings: settings, Templates: settings.Templates})
	if err != nil {
		return err
	}
	fonts, err := documents.Fonts(settings)
	if err != nil {
		return err
	}
	return documents.WritePDF([]*gongwen.Doc{doc}, fonts, w, nil)
}

// BulletinFigures are the 通报's sentences on the complaints and on the
// supervision of period (ParsePeriod's form), those past their due date
// counted on day asOf (ComputeStats), for a 通报 in the office's own words
// around them (demo.Figures).
func BulletinFigures(ctx context.Context, db *store.DB, period string, asOf data.Date) (complaints, supervision string, err error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return "", "", err
	}
	s, err := ComputeStats(ctx, db, p, asOf)
	if err != nil {
		return "", "", err
	}
	return ComplaintSentence(s), SupervisionSentence(s), nil
}

// bulletinBody is the figures of the period: the paragraphs under the
// headings 一、 to 五、, and the tables as attachments (lines of the
// stored body, see gongwen.SplitBody).
func bulletinBody(s *Stats, a *Assessment) (body, attachments []string) {
	para := func(format string, args ...any) {
		body = append(body, fmt.Sprintf(format, args...))
	}
	var names []string
	table := func(title string, header []string, rows [][]string) int {
		names = append(names, title)
		attachments = append(attachments, "【附件】"+title, gongwen.TableText(header, rows))
		return len(names)
	}
	label := s.Period.Label()
	if s.Period.Kind != PeriodCustom {
		para("现将%s（%s）机关效能建设有关情况通报如下：", label, s.Period.Span())
	} else {
		para("现将%s机关效能建设有关情况通报如下：", label)
	}

	para("一、效能投诉受理办理情况")
	para("%s", ComplaintSentence(s))
	if s.Complaints.Received > 0 {
		var rows [][]string
		for _, c := range s.ByChannel {
			if c.N > 0 {
				rows = append(rows, []string{c.Name, strconv.Itoa(c.N), Rate{c.N, s.Complaints.Received}.String()})
			}
		}
		rows = append(rows, []string{"合计", strconv.Itoa(s.Complaints.Received), "100.0%"})
		n := table(label+"效能投诉受理渠道", []string{"投诉渠道", "件数", "占比"}, rows)
		rows = nil
		for _, c := range s.ByCategory {
			rows = append(rows, []string{c.Name, strconv.Itoa(c.N), Rate{c.N, s.Complaints.Received}.String()})
		}
		m := table(label+"效能投诉反映问题类别", []string{"问题类别", "件数", "占比"}, rows)
		para("各渠道受理件数见附件%d，反映问题类别见附件%d。", n, m)
	}

	para("二、监督检查情况")
	para("%s", SupervisionSentence(s))
	if len(s.ByUnitKind) > 0 {
		var rows [][]string
		for _, k := range s.ByUnitKind {
			rows = append(rows, []string{string(k.Category), strconv.Itoa(k.Visits), strconv.Itoa(k.Units), strconv.Itoa(k.Findings),
				strconv.Itoa(k.RectDue), strconv.Itoa(k.RectDone)})
		}
		sv := s.Supervision
		rows = append(rows, []string{"合计", strconv.Itoa(sv.Visits), strconv.Itoa(sv.Units), strconv.Itoa(sv.Findings), strconv.Itoa(sv.RectDue), strconv.Itoa(sv.RectDone)})
		n := table(label+"监督检查情况（按单位类别）", []string{"单位类别", "检查次数", "检查单位数", "发现问题", "责令整改", "已整改"}, rows)
		para("各类单位检查情况见附件%d。", n)
	}

	para("三、效能责任追究情况")
	para("%s", ActionSentence(s))

	para("四、评议考核情况")
	w := a.Weights
	var rows [][]string
	for _, sc := range a.Ranking {
		note := ""
		switch {
		case sc.Repeat:
			note = "连续两期黄牌"
		case sc.Yellow:
			note = "黄牌警告"
		}
		rows = append(rows, []string{strconv.Itoa(sc.Rank), sc.Name, string(sc.Category), formatScore(sc.Score), note})
	}
	n := table(label+"评议考核排名", []string{"名次", "单位", "类别", "得分", "备注"}, rows)
	para("根据各单位%s效能投诉、监督检查、问题整改和群众满意度情况，以%g分为基础，每发现一个问题扣%g分，每件属实投诉扣%g分，每件超期办理投诉扣%g分，每项整改不到位扣%g分，群众满意度%g分按满意率折算，对%d个单位进行了评议考核，排名见附件%d。",
		label, w.Base, w.Finding, w.Substantiated, w.Overdue, w.RectFailed, w.Satisfaction, len(a.Ranking), n)
	if flagged := a.Flagged(); len(flagged) > 0 {
		var names, repeat []string
		for _, f := range flagged {
			names = append(names, f.Name)
			if f.Repeat {
				repeat = append(repeat, f.Name)
			}
		}
		sentence := fmt.Sprintf("对考核排名靠后的%s给予黄牌警告", strings.Join(names, "、"))
		if len(repeat) > 0 {
			sentence += fmt.Sprintf("；其中%s已连续两期排名靠后", strings.Join(repeat, "、"))
		}
		para("%s。", sentence)
	}
	if t := AppraisalSentence(s); t != "" {
		para("%s", t)
	}

	para("五、点名通报")
	named := false
	if overdue := unitsWith(s.Units, func(u UnitFigures) int { return u.Overdue }, "件"); len(overdue) > 0 {
		para("（一）投诉办理超期。%s。", strings.Join(overdue, "、"))
		named = true
	}
	if failed := unitsWith(s.Units, func(u UnitFigures) int { return u.RectFailed }, "个"); len(failed) > 0 {
		n := "（二）"
		if !named {
			n = "（一）"
		}
		para("%s问题整改不到位。%s。", n, strings.Join(failed, "、"))
		named = true
	}
	if named {
		para("请以上单位认真查找原因，切实抓好整改。")
	} else {
		para("%s无投诉办理超期和问题整改不到位的单位。", label)
	}
	return body, attachments
}

// ComplaintSentence is the 通报's sentence on complaints: 共登记群众投诉196件，其中
// 电话投诉126件、来访41件、来信29件；已办结188件，办结率95.9%…… The complaints
// received are 登记, as on every screen: 受理 is the step that accepts one.
func ComplaintSentence(s *Stats) string {
	t := s.Complaints
	label := s.Period.Label()
	if t.Received == 0 {
		return label + "，未登记群众投诉。"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s，共登记群众投诉%d件", label, t.Received)
	var parts []string
	for _, c := range s.ByChannel {
		if c.N > 0 {
			parts = append(parts, fmt.Sprintf("%s%d件", channelPhrase[data.Channel(c.Name)], c.N))
		}
	}
	fmt.Fprintf(&b, "，其中%s", strings.Join(parts, "、"))
	var not []string
	if t.Rejected > 0 {
		not = append(not, fmt.Sprintf("不予受理%d件", t.Rejected))
	}
	if t.Transferred > 0 {
		not = append(not, fmt.Sprintf("转有关部门办理%d件", t.Transferred))
	}
	if len(not) > 0 {
		fmt.Fprintf(&b, "；经审查，%s", strings.Join(not, "、"))
	}
	if n := t.Received - t.Accepted - t.Rejected - t.Transferred; n > 0 {
		fmt.Fprintf(&b, "；另有%d件尚待受理", n)
	}
	fmt.Fprintf(&b, "；已办结%d件，办结率%s", t.Concluded, s.ConcludedRate())
	if t.Concluded > 0 {
		fmt.Fprintf(&b, "，按期办结率%s", s.OnTimeRate())
	}
	if n := t.InProgress(); n > 0 {
		fmt.Fprintf(&b, "；其余%d件正在办理中", n)
	}
	b.WriteString("。")
	if n := t.Overdue(); n > 0 {
		fmt.Fprintf(&b, "超期办理%d件", n)
		if t.OverdueOpen > 0 {
			fmt.Fprintf(&b, "，其中截至%s仍未办结%d件", s.AsOf.Chinese(), t.OverdueOpen)
		}
		b.WriteString("。")
	}
	if t.Substantiated > 0 {
		fmt.Fprintf(&b, "经调查核实，反映问题属实或部分属实的%d件。", t.Substantiated)
	}
	if n := t.Surveyed(); n > 0 {
		fmt.Fprintf(&b, "回访投诉人%d件，满意率%s。", n, s.SatisfiedRate())
	}
	return b.String()
}

// SupervisionSentence is the sentence on visits and findings, counting the
// units visited by kind as offices do (检查乡镇/街道3个、县直部门5个).
func SupervisionSentence(s *Stats) string {
	sv := s.Supervision
	label := s.Period.Label()
	if sv.Visits == 0 && sv.Findings == 0 {
		return label + "，未开展实地检查。"
	}
	var b strings.Builder
	b.WriteString(label + "，")
	if s.Rounds > 0 {
		fmt.Fprintf(&b, "共开展督查活动%d次，", s.Rounds)
	}
	fmt.Fprintf(&b, "实地检查%d次，检查单位%d个", sv.Visits, sv.Units)
	var kinds []string
	for _, k := range s.ByUnitKind {
		if k.Units > 0 {
			kinds = append(kinds, fmt.Sprintf("%s%d个", k.Category, k.Units))
		}
	}
	if len(kinds) > 1 {
		fmt.Fprintf(&b, "（其中%s）", strings.Join(kinds, "、"))
	}
	fmt.Fprintf(&b, "，发现问题%d个", sv.Findings)
	if len(s.Findings) > 0 {
		var top []string
		for i, f := range s.Findings {
			if i == 5 {
				break
			}
			top = append(top, fmt.Sprintf("%s%d个", f.Name, f.N))
		}
		fmt.Fprintf(&b, "，主要是%s", strings.Join(top, "、"))
	}
	if sv.RectDue > 0 {
		fmt.Fprintf(&b, "；责令整改的%d个问题中已整改%d个，整改率%s", sv.RectDue, sv.RectDone, s.RectRate())
		if sv.RectFailed > 0 {
			fmt.Fprintf(&b, "，整改不到位或逾期未整改%d个", sv.RectFailed)
		}
	}
	b.WriteString("。")
	return b.String()
}

// ActionSentence is the sentence on 责任追究.
func ActionSentence(s *Stats) string {
	label := s.Period.Label()
	if s.Actions.Total() == 0 {
		return label + "，未作出效能责任追究决定。"
	}
	var who []string
	if s.Actions.Units > 0 {
		who = append(who, fmt.Sprintf("%d个（次）单位", s.Actions.Units))
	}
	if s.Actions.Persons > 0 {
		who = append(who, fmt.Sprintf("%d名（次）责任人", s.Actions.Persons))
	}
	var measures []string
	for _, m := range s.ByMeasure {
		var parts []string
		if m.Units > 0 {
			parts = append(parts, fmt.Sprintf("%d个单位", m.Units))
		}
		if m.Persons > 0 {
			parts = append(parts, fmt.Sprintf("%d人", m.Persons))
		}
		measures = append(measures, string(m.Measure)+strings.Join(parts, "、"))
	}
	return fmt.Sprintf("%s，共对%s进行了效能责任追究，其中%s。", label, strings.Join(who, "、"), strings.Join(measures, "，"))
}

// unitsWith names the units with a count, most first: 县自然资源局（2件）.
func unitsWith(units []UnitFigures, n func(UnitFigures) int, word string) []string {
	var list []UnitFigures
	for _, u := range units {
		if n(u) > 0 {
			list = append(list, u)
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return n(list[i]) > n(list[j]) })
	out := make([]string, len(list))
	for i, u := range list {
		out[i] = fmt.Sprintf("%s（%d%s）", u.Name, n(u), word)
	}
	return out
}

// formatScore writes a score to one decimal, without a trailing zero: 98,
// 92.5, 83.2 (for 83.18).
func formatScore(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
