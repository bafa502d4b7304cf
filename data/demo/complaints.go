package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
)

// ticket is a planned complaint: its registration and the workflow steps
// it went through up to the demo's today. References to other records in
// the steps (the handler unit, the master ticket) are plan keys, turned
// into record identities when the ticket is executed.
type ticket struct {
	key        string
	c          *data.Complaint // registration fields; the stored ticket once executed
	unit       *unitRec
	clerk      *data.Person // the member of staff who handles it
	steps      []data.Step
	out        outcome
	master     *ticket  // 并单: the ticket this one repeats
	repeated   bool     // another ticket was merged into this one
	enterprise *unitRec // 监测点反映: the enterprise that complained
	activityOn data.Date
	forced     bool // adjusted to make sure a state is present at today

	// What replaying the steps gives at today.
	state        data.ComplaintStatus
	alert        data.AlertLevel
	verification data.Verification
	verifiedAt   time.Time
	due          data.Date
}

// outcome is how the office decided on a ticket.
type outcome int

const (
	outNormal outcome = iota
	outReject
	outTransfer
	outMerge
)

// channelWeights is the mix offices report: the phone first, then the
// 12345 hotline's transfers, visits and the internet.
var channelWeights = []weighted[data.Channel]{
	{data.ChannelPhone, 38}, {data.Channel12345, 22}, {data.ChannelVisit, 13}, {data.ChannelOnline, 13},
	{data.ChannelLetter, 6}, {data.ChannelSuperior, 3}, {data.ChannelMonitored, 3}, {data.ChannelMedia, 2},
}

// off-days: the phone is answered by the duty officer, visits wait.
var offDayChannels = []weighted[data.Channel]{
	{data.ChannelPhone, 30}, {data.Channel12345, 30}, {data.ChannelOnline, 35}, {data.ChannelMedia, 5},
}

// planTickets draws two years of complaints, day by day, and plans each
// one's life up to today.
func (g *gen) planTickets(units []*unitRec, ppl people) ([]*ticket, error) {
	targets := map[data.UnitCategory][]*unitRec{}
	var enforcing, monitored []*unitRec
	for _, u := range units {
		targets[u.cat()] = append(targets[u.cat()], u)
		if u.enforcer && u.cat() != data.UnitWindow {
			enforcing = append(enforcing, u)
		}
		if u.cat() == data.UnitMonitored {
			monitored = append(monitored, u)
		}
	}
	var out []*ticket
	last := g.today.AddDays(-1)
	for d := g.from; !d.After(last); d = d.AddDays(1) {
		mean := 3.5
		if !g.cal.IsWorkday(d) {
			mean = 1.0
		}
		n := g.count(mean)
		var day []*ticket
		for range n {
			tk := g.newTicket(d, targets, enforcing, monitored, ppl, out)
			day = append(day, tk)
		}
		slices.SortStableFunc(day, func(a, b *ticket) int { return a.c.ReceivedAt.Compare(b.c.ReceivedAt) })
		for _, tk := range day {
			tk.key = fmt.Sprintf("t%d", len(out))
			out = append(out, tk)
		}
	}
	for _, tk := range out {
		g.planFlow(tk, ppl)
		if err := g.replay(tk); err != nil {
			return nil, err
		}
	}
	if err := g.ensureTicketStates(out, ppl); err != nil {
		return nil, err
	}
	return out, nil
}

// newTicket registers what reached the office on day d.
func (g *gen) newTicket(d data.Date, targets map[data.UnitCategory][]*unitRec, enforcing, monitored []*unitRec, ppl people, earlier []*ticket) *ticket {
	ch := choose(g, channelWeights)
	if !g.cal.IsWorkday(d) {
		ch = choose(g, offDayChannels)
	}
	tk := &ticket{c: &data.Complaint{Channel: ch}, clerk: pick(g, ppl.handlers())}
	tk.c.ReceivedAt = g.receivedAt(d, ch)

	// A few repeat an earlier complaint of the last ten days: 并单.
	if ch != data.ChannelMonitored && g.chance(0.025) {
		if m := g.recentMaster(earlier, tk.c.ReceivedAt); m != nil {
			g.repeatOf(tk, m)
			return tk
		}
	}
	if ch == data.ChannelMonitored {
		tk.enterprise = pick(g, monitored)
		tk.unit = pick(g, enforcing)
	} else {
		tk.unit = g.pickTarget(targets, d)
	}
	g.compose(tk)
	switch {
	case ch == data.ChannelMonitored || ch == data.ChannelSuperior:
	case g.chance(0.04):
		tk.out = outReject
	case g.chance(0.05):
		tk.out = outTransfer
	}
	return tk
}

// receivedAt is when a ticket arrived on day d through channel ch.
func (g *gen) receivedAt(d data.Date, ch data.Channel) time.Time {
	switch ch {
	case data.ChannelOnline, data.ChannelMedia:
		return at(d, g.between(7*60, 23*60+30)).Add(time.Duration(g.rng.IntN(60)) * time.Second)
	case data.ChannelPhone:
		if !g.cal.IsWorkday(d) {
			return at(d, g.between(8*60+30, 17*60)).Add(time.Duration(g.rng.IntN(60)) * time.Second)
		}
	}
	return g.officeTime(d)
}

// targetWeights: which kinds of unit the public complains about.
var targetWeights = []weighted[data.UnitCategory]{
	{data.UnitWindow, 31}, {data.UnitDepartment, 21}, {data.UnitTownship, 17},
	{data.UnitUtility, 17}, {data.UnitAgency, 6}, {data.UnitOther, 8},
}

func (g *gen) pickTarget(targets map[data.UnitCategory][]*unitRec, d data.Date) *unitRec {
	cat := choose(g, targetWeights)
	var list []weighted[*unitRec]
	for _, u := range targets[cat] {
		if u.active(d) {
			list = append(list, weighted[*unitRec]{u, u.weight})
		}
	}
	return choose(g, list)
}

// recentMaster finds a ticket of the last ten days that a new one could
// repeat: not itself a repeat, and not one the office turned away.
func (g *gen) recentMaster(earlier []*ticket, t time.Time) *ticket {
	var cands []*ticket
	for i := len(earlier) - 1; i >= 0 && t.Sub(earlier[i].c.ReceivedAt) < 10*24*time.Hour; i-- {
		if e := earlier[i]; e.out == outNormal && e.c.Channel != data.ChannelMonitored {
			cands = append(cands, e)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return pick(g, cands)
}

// repeatOf makes tk a second report of m's matter, by someone else.
func (g *gen) repeatOf(tk, m *ticket) {
	tk.master, tk.unit, tk.out = m, m.unit, outMerge
	m.repeated = true
	c, mc := tk.c, m.c
	c.Category, c.PersonName, c.PersonPost = mc.Category, mc.PersonName, mc.PersonPost
	c.Subject = mc.Subject
	c.Content = pick(g, []string{"再次反映：", "有群众反映同一问题：", "此前已有人反映，现再次反映："}) + mc.Content
	g.complainant(tk)
	g.sourceRef(tk)
}

// compose writes the complaint: category, 事由 and content.
func (g *gen) compose(tk *ticket) {
	c, u := tk.c, tk.unit
	var b behaviour
	if tk.enterprise != nil {
		c.Category = choose(g, []weighted[data.Category]{{"乱检查", 40}, {"乱罚款", 15}, {"吃拿卡要报", 10}, {"慢作为", 15}, {"不作为", 10}, {"乱作为", 10}})
		b = pick(g, behaviours[c.Category])
	} else if extra := unitBehaviours[u.u.Name]; len(extra) > 0 && g.chance(0.5) {
		x := pick(g, extra)
		c.Category, b = x.cat, x.b
	} else {
		weights := unitCategoryWeights[u.cat()]
		if u.enforcer {
			weights = append(slices.Clone(weights), enforcerWeights...)
		}
		c.Category = choose(g, weights)
		b = pick(g, behaviours[c.Category])
	}

	staff := pick(g, staffWords)
	if g.chance(0.3) {
		c.PersonName = g.person()
		c.PersonPost = g.postAt(u)
		staff = c.PersonPost + c.PersonName
	}
	incident := data.DateOf(c.ReceivedAt).AddDays(-g.between(0, 6))
	opening := fmt.Sprintf(pick(g, openings), int(incident.Month()), incident.Day())
	detail := strings.NewReplacer(
		"{go}", pick(g, goers), "{me}", pick(g, []string{"我", "本人", "我家"}),
		"{unit}", u.u.Name, "{svc}", pick(g, u.services), "{staff}", staff,
	).Replace(b.detail)
	if tk.enterprise != nil {
		detail = strings.NewReplacer("{me}", "我公司", "我们厂里", "我公司", "我家", "我公司").Replace(detail)
	}
	consequence, demand := pick(g, consequences), pick(g, demands)
	if !strings.Contains(b.detail, "{go}") {
		consequence = pick(g, plainConsequences) // nobody queued or travelled
	}

	prefix := pick(g, []string{"反映", "反映", "投诉", ""})
	if c.Category == "吃拿卡要报" || c.Category == "乱收费" {
		prefix = pick(g, []string{"举报", "反映"})
	}
	c.Subject = prefix + u.short() + b.subject

	switch c.Channel {
	case data.Channel12345:
		c.Content = "来电人反映：" + opening + detail + "。" + consequence + "\n诉求：" + demand
	case data.ChannelSuperior:
		c.Content = "市机关效能建设办公室转来群众来信，反映：" + opening + detail + "。" + consequence + demand + "\n请依规办理，并将办理结果报市效能办。"
	case data.ChannelMedia:
		c.Content = "网民在“清溪网事”问政平台发帖反映：" + opening + detail + "。" + consequence + "该帖浏览量较大，请及时调查处理并在平台回复。"
	case data.ChannelMonitored:
		tk.activityOn = g.workday(incident)
		c.Content = fmt.Sprintf("我公司系县机关效能建设监测点企业。%s%s。%s%s", opening, detail, consequence, demand)
	default:
		c.Content = opening + detail + "。" + consequence + demand
	}
	g.complainant(tk)
	g.sourceRef(tk)
}

// postAt is the post of a member of staff at a unit, as complainants name it.
func (g *gen) postAt(u *unitRec) string {
	switch u.cat() {
	case data.UnitWindow:
		return pick(g, []string{"窗口工作人员", "窗口负责人", "受理员"})
	case data.UnitTownship:
		return pick(g, []string{"乡镇干部", "便民服务中心工作人员", "驻村干部"})
	case data.UnitUtility:
		return pick(g, []string{"营业厅工作人员", "抄表员", "抢修人员", "客户经理"})
	case data.UnitAgency:
		return pick(g, []string{"业务员", "项目负责人"})
	case data.UnitOther:
		return pick(g, []string{"工作人员", "收费员", "护士"})
	}
	if u.enforcer {
		return pick(g, []string{"执法队员", "执法人员", "科员"})
	}
	return pick(g, []string{"科员", "股长", "工作人员"})
}

// anonymity per channel: letters and the internet are often anonymous.
var anonymity = map[data.Channel]float64{
	data.ChannelPhone: 0.08, data.Channel12345: 0.04, data.ChannelVisit: 0, data.ChannelOnline: 0.25,
	data.ChannelLetter: 0.3, data.ChannelSuperior: 0.2, data.ChannelMedia: 0.6, data.ChannelMonitored: 0,
}

// complainant fills in who complained.
func (g *gen) complainant(tk *ticket) {
	c := tk.c
	p := &c.Complainant
	if tk.enterprise != nil {
		e := tk.enterprise.u
		*p = data.Complainant{Name: e.Contact, Phone: e.Phone, Unit: e.Name, Address: e.Address}
		return
	}
	if g.chance(anonymity[c.Channel]) {
		p.Anonymous = true
		if g.chance(0.6) && c.Channel != data.ChannelMedia {
			p.Phone = g.mobile()
		}
		return
	}
	p.Name = g.person()
	p.Phone = g.mobile()
	if g.chance(0.5) || c.Channel == data.ChannelLetter {
		p.Address = g.address()
	}
	if (c.Channel == data.ChannelVisit || c.Channel == data.ChannelLetter) && g.chance(0.4) {
		p.IDNumber = g.idNumber(g.between(1950, 2002))
	}
	if g.chance(0.3) {
		p.Unit = pick(g, employers)
	}
}

// sourceRef numbers a ticket the way the body that passed it on did.
func (g *gen) sourceRef(tk *ticket) {
	c := tk.c
	d := data.DateOf(c.ReceivedAt)
	switch c.Channel {
	case data.Channel12345:
		c.SourceRef = fmt.Sprintf("GD%04d%02d%02d%05d", d.Year(), int(d.Month()), d.Day(), g.between(100, 99999))
	case data.ChannelSuperior:
		c.SourceRef = fmt.Sprintf("市效投交〔%d〕%d号", d.Year(), g.between(1, 60))
	case data.ChannelMedia:
		c.SourceRef = fmt.Sprintf("清溪网事-%d%05d", d.Year(), g.between(1, 30000))
	}
}

// flowPlan collects a ticket's steps in time order; the first step dated
// after the demo's now ends the plan (the rest had not happened yet).
type flowPlan struct {
	g    *gen
	tk   *ticket
	last time.Time
	done bool
}

func (f *flowPlan) add(s data.Step) bool {
	if f.done || s.At.After(f.g.now) {
		f.done = true
		return false
	}
	if !s.At.After(f.last) {
		s.At = f.last.Add(time.Duration(f.g.between(5, 40)) * time.Minute)
	}
	f.tk.steps = append(f.tk.steps, s)
	f.last = s.At
	return true
}

// planFlow plans a ticket's steps for its outcome.
func (g *gen) planFlow(tk *ticket, ppl people) {
	tk.steps = nil
	f := &flowPlan{g: g, tk: tk, last: tk.c.ReceivedAt}
	decided := g.after(tk.c.ReceivedAt, 0, 2)
	switch tk.out {
	case outReject:
		if f.add(data.Step{Kind: data.EventReject, At: decided, Note: pick(g, rejectReasons)}) {
			g.archiveBatch(f, true)
		}
		return
	case outTransfer:
		to, note := g.transferFor(tk)
		if f.add(data.Step{Kind: data.EventTransfer, At: decided, TransferTo: to, Note: note}) {
			g.archiveBatch(f, true)
		}
		return
	case outMerge:
		note := "与{master}号投诉件反映同一事项，并入该件一并办理。"
		if f.add(data.Step{Kind: data.EventMerge, At: g.after(tk.c.ReceivedAt, 0, 1), RelatedID: tk.master.key, Note: note}) {
			g.archiveBatch(f, true)
		}
		return
	}

	if g.chance(0.03) {
		decided = g.after(tk.c.ReceivedAt, 3, 5) // a busy week: accepted late
	}
	assignAt := decided
	if g.chance(0.55) {
		f.add(data.Step{Kind: data.EventAccept, At: decided, Note: pick(g, []string{"", "符合受理条件，予以受理。", "属于效能投诉受理范围。"})})
		assignAt = g.after(decided, 0, 1)
	}
	handler := tk.unit
	if p := tk.unit.parent; p != nil && p.active(data.DateOf(assignAt)) && g.chance(0.25) {
		handler = p
	}
	limit := g.limitFor(tk)
	if !f.add(data.Step{Kind: data.EventAssign, At: assignAt, HandlerUnitID: handler.key, LimitDays: limit,
		Note: pick(g, []string{"请认真调查核实，按时反馈办理结果。", "请依规调查处理，注意保护投诉人信息。", ""})}) {
		return
	}
	due := g.addWork(data.DateOf(assignAt), limit)
	v := choose(g, []weighted[data.Verification]{{data.VerifiedTrue, 30}, {data.VerifiedPartly, 22}, {data.VerifiedFalse, 36}, {data.VerifiedUncertain, 12}})

	earliest := data.DateOf(assignAt).AddDays(1)
	if limit >= 15 && g.chance(0.05) {
		extDay := g.addWork(due, -g.between(2, 4))
		days := pick(g, []int{10, 15})
		if f.add(data.Step{Kind: data.EventExtend, At: g.onDay(extDay, f.last), LimitDays: days,
			Note: pick(g, extendNotes), ApprovedBy: pick(g, ppl.leaders).Name}) {
			earliest = due
			due = g.addWork(due, days)
			limit += days
		}
	}
	if !g.handle(f, assignAt, earliest, limit, due, v, ppl, "") {
		return
	}
	if g.chance(0.06) {
		reworkAt := g.after(f.last, 1, 2)
		rl := 10
		if tk.c.Channel == data.Channel12345 || tk.c.Channel == data.ChannelMonitored {
			rl = 0
		}
		if !f.add(data.Step{Kind: data.EventRework, At: reworkAt, LimitDays: rl, Note: pick(g, reworkNotes)}) {
			return
		}
		if rl == 0 {
			rl = data.DefaultLimitDays(g.settings, tk.c.Channel)
		}
		if !g.handle(f, reworkAt, data.DateOf(reworkAt).AddDays(1), rl, g.addWork(data.DateOf(reworkAt), rl), v, ppl, "已按要求补充调查核实过程及佐证材料。") {
			return
		}
	}
	sat := g.closeOut(f, v, true)
	if sat == data.Dissatisfied {
		// 回访不满意 reopens the ticket with the channel's limit (the
		// workflow records the 重办 itself).
		rl := data.DefaultLimitDays(g.settings, tk.c.Channel)
		reopened := f.last
		if !g.handle(f, reopened, data.DateOf(reopened).AddDays(1), rl, g.addWork(data.DateOf(reopened), rl), v, ppl, "针对投诉人回访时提出的意见，已重新调查处理，并与投诉人当面沟通。") {
			return
		}
		sat = g.closeOut(f, v, false)
	}
	if sat != "" && sat != data.Dissatisfied {
		g.archiveBatch(f, false)
	}
}

// limitFor is the 办理时限 the office gives a ticket.
func (g *gen) limitFor(tk *ticket) int {
	switch tk.c.Channel {
	case data.Channel12345:
		return g.settings.Limit12345Days
	case data.ChannelMonitored:
		return g.settings.MonitorReplyDays
	}
	switch tk.c.Category {
	case "吃拿卡要报", "乱作为":
		return pick(g, []int{20, 30})
	}
	if g.chance(0.2) {
		return 10
	}
	return g.settings.HandleLimitDays
}

// handle plans the handler's work from `from`: reminders when it is late,
// then its feedback (ending with after, for a second round). It reports
// whether the feedback had happened by now.
func (g *gen) handle(f *flowPlan, from time.Time, earliest data.Date, limit int, due data.Date, v data.Verification, ppl people, after string) bool {
	late := g.chance(0.13)
	var day data.Date
	if late {
		day = g.addWork(due, g.between(1, 8))
	} else {
		day = g.addWork(data.DateOf(from), g.between(max(1, limit*3/10), limit))
	}
	if day.Before(earliest) {
		day = g.workday(earliest)
	}
	if late || day.After(due) {
		remind := g.addWork(due, 1)
		method := pick(g, []string{"电话", "电话", "书面"})
		note := remindNotes[0]
		if method == "书面" {
			note = remindNotes[1]
		}
		if !f.add(data.Step{Kind: data.EventRemind, At: g.onDay(remind, f.last), Method: method, By: pick(g, ppl.handlers()).Name, Note: note}) {
			return false
		}
		if second := g.addWork(due, 4); day.After(second) {
			if !f.add(data.Step{Kind: data.EventRemind, At: g.onDay(second, f.last), Method: "书面", By: f.tk.clerk.Name, Note: remindNotes[2]}) {
				return false
			}
		}
	}
	return f.add(data.Step{Kind: data.EventFeedback, At: g.onDay(day, f.last), Note: g.feedbackText(f.tk, v) + after})
}

// feedbackText is the handler unit's written result.
func (g *gen) feedbackText(tk *ticket, v data.Verification) string {
	var list []string
	switch v {
	case data.VerifiedTrue:
		list = feedbackTrue
	case data.VerifiedPartly:
		list = feedbackPartly
	case data.VerifiedFalse:
		list = feedbackFalse
	default:
		list = feedbackUncertain
	}
	text := fmt.Sprintf(pick(g, list), g.behaviourOf(tk))
	if v.Substantiated() {
		text += pick(g, remedies)
	}
	return text
}

// behaviourOf is the 事由 without its "反映 unit" lead.
func (g *gen) behaviourOf(tk *ticket) string {
	return strings.TrimPrefix(subjectCore(tk), tk.unit.short())
}

// subjectCore is the 事由 without its "反映" (投诉, 举报) lead, for quoting.
func subjectCore(tk *ticket) string {
	s := tk.c.Subject
	for _, p := range []string{"反映", "投诉", "举报"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// transferFor says where a ticket that is not the office's to handle goes:
// misconduct to the 纪委监委, a utility's service to its regulator, the
// rest to the bodies that oversee them.
func (g *gen) transferFor(tk *ticket) (to, note string) {
	u := tk.unit
	switch tk.c.Category {
	case "吃拿卡要报", "乱作为", "乱罚款", "执法不规范":
		return "县纪委监委信访室", "反映内容涉及公职人员违纪违法问题，按管辖规定转县纪委监委处理。"
	}
	name := u.u.Name
	switch {
	case strings.Contains(name, "移动") || strings.Contains(name, "电信") || strings.Contains(name, "联通") || strings.Contains(name, "广电"):
		return "市通信管理局", "反映事项属于电信服务质量问题，按职责转行业主管部门处理。"
	case strings.Contains(name, "供电"):
		return "县发展和改革局", "反映事项属于供电服务监管范围，转县能源主管部门处理。"
	case strings.Contains(name, "水") || strings.Contains(name, "天然气"):
		return "县住房和城乡建设局", "反映事项属于城市供水供气服务监管范围，转行业主管部门处理。"
	case strings.Contains(name, "公共交通") || strings.Contains(name, "客运"):
		return "县交通运输局", "反映事项属于公共交通服务监管范围，转行业主管部门处理。"
	case strings.Contains(name, "邮政"):
		return "市邮政管理局", "反映事项属于邮政服务监管范围，转行业主管部门处理。"
	case strings.Contains(name, "医院") || strings.Contains(name, "疾病") || strings.Contains(name, "妇幼"):
		return "县卫生健康局", "反映事项属于医疗服务质量问题，转卫生健康主管部门处理。"
	case strings.Contains(name, "中学") || strings.Contains(name, "小学"):
		return "县教育局", "反映事项属于学校管理问题，转教育主管部门处理。"
	case u.cat() == data.UnitAgency:
		return "县市场监督管理局", "反映事项属于中介服务合同和收费纠纷，转市场监管部门依法处理。"
	case u.cat() == data.UnitTownship && g.chance(0.5):
		return "县信访局", "反映事项涉及征地拆迁补偿历史遗留问题，转县信访局按信访程序办理。"
	}
	return pick(g, []string{"县信访局", "市12345政务服务便民热线"}), "反映事项不属于机关效能投诉受理范围，按职责转有权处理机关办理。"
}

var verifyNotes = map[data.Verification][]string{
	data.VerifiedTrue:      {"经核实，承办单位调查结论属实，处理措施得当。", "经复核承办单位调查材料，投诉反映问题属实。"},
	data.VerifiedPartly:    {"经核实，投诉反映问题部分属实，承办单位已作相应处理。"},
	data.VerifiedFalse:     {"经复核监控录像和办件记录，投诉反映问题不属实。", "承办单位调查过程规范，投诉反映问题与事实不符。"},
	data.VerifiedUncertain: {"因缺少具体线索，投诉反映问题无法核实，已要求承办单位加强日常管理。"},
}

// closeOut plans 核实, 答复 and 回访, and returns the satisfaction given
// ("" when the 回访 had not happened by now).
func (g *gen) closeOut(f *flowPlan, v data.Verification, firstRound bool) data.Satisfaction {
	tk := f.tk
	verifyAt := g.after(f.last, 1, 3)
	if !f.add(data.Step{Kind: data.EventVerify, At: verifyAt, Result: string(v), Note: pick(g, verifyNotes[v])}) {
		return ""
	}
	tk.verification, tk.verifiedAt = v, verifyAt
	method := g.contactMethod(tk)
	reply := "已告知投诉人调查处理结果。"
	switch {
	case method == "网络":
		reply = "已在网络平台公开答复办理结果。"
	case v.Substantiated():
		reply = pick(g, []string{"已告知投诉人调查核实情况及对相关人员的处理结果，投诉人表示认可。", "已向投诉人反馈处理结果，并转达承办单位的道歉。"})
	case v == data.VerifiedFalse:
		reply = pick(g, []string{"已向投诉人说明调查情况及相关政策规定。", "已向投诉人解释说明，办理程序符合规定。"})
	}
	if !f.add(data.Step{Kind: data.EventReply, At: g.after(f.last, 0, 2), Method: method, Note: reply}) {
		return ""
	}
	weights := map[data.Verification][]weighted[data.Satisfaction]{
		data.VerifiedTrue:      {{data.Satisfied, 86}, {data.FairlySatisfied, 11}, {data.Dissatisfied, 3}},
		data.VerifiedPartly:    {{data.Satisfied, 70}, {data.FairlySatisfied, 22}, {data.Dissatisfied, 8}},
		data.VerifiedFalse:     {{data.Satisfied, 55}, {data.FairlySatisfied, 30}, {data.Dissatisfied, 15}},
		data.VerifiedUncertain: {{data.Satisfied, 50}, {data.FairlySatisfied, 35}, {data.Dissatisfied, 15}},
	}[v]
	if !firstRound {
		weights = []weighted[data.Satisfaction]{{data.Satisfied, 60}, {data.FairlySatisfied, 40}}
	}
	sat := choose(g, weights)
	note := map[data.Satisfaction]string{
		data.Satisfied:       "投诉人对处理结果表示满意。",
		data.FairlySatisfied: "投诉人表示基本满意，希望今后加强管理。",
		data.Dissatisfied:    pick(g, dissatisfiedNotes),
	}[sat]
	if !f.add(data.Step{Kind: data.EventFollowUp, At: g.after(f.last, 1, 4), Method: g.contactMethod(tk), Result: string(sat), Note: note}) {
		return ""
	}
	return sat
}

// contactMethod is how the office reaches the complainant.
func (g *gen) contactMethod(tk *ticket) string {
	p := tk.c.Complainant
	switch {
	case p.Phone == "" && p.Address != "":
		return "书面"
	case p.Phone == "":
		return "网络"
	case tk.c.Channel == data.ChannelVisit && g.chance(0.3):
		return "当面"
	}
	return choose(g, []weighted[string]{{"电话", 80}, {"短信", 12}, {"书面", 8}})
}

// archiveBatch files a finished ticket the way offices do: closed tickets
// in the first week of the next month, the ones turned away at the start
// of the next quarter.
func (g *gen) archiveBatch(f *flowPlan, quarterly bool) {
	d := data.DateOf(f.last)
	next := data.NewDate(d.Year(), d.Month()+1, 1)
	if quarterly {
		next = data.NewDate(d.Year(), ((d.Month()-1)/3+1)*3+1, 1)
	}
	day := g.addWork(next.AddDays(-1), g.between(2, 6))
	f.add(data.Step{Kind: data.EventArchive, At: g.officeTime(day), Note: pick(g, []string{"", "材料齐全，归档。", "按月归档。"})})
}

// replay runs the planned steps through the workflow's own rules, as the
// store will, and records where the ticket stands at today.
func (g *gen) replay(tk *ticket) error {
	c, err := g.replayed(tk, len(tk.steps))
	if err != nil {
		return err
	}
	tk.state, tk.due, tk.alert = c.Status, c.DueDate, ""
	if c.Status == data.StatusHandling {
		tk.alert = c.Alert(g.cal, g.today, g.settings.WarnDays).Level
	}
	if c.Verification == "" {
		tk.verification, tk.verifiedAt = "", time.Time{}
	}
	return nil
}

// replayed applies the first n steps to a copy of the registered ticket.
// The workflow refusing one is a mistake in the plan.
func (g *gen) replayed(tk *ticket, n int) (*data.Complaint, error) {
	c := *tk.c
	c.Status, c.Round = data.StatusPending, 1
	env := data.FlowEnv{Calendar: g.cal, Settings: g.settings, Now: g.now, Actor: tk.clerk.Name}
	for _, s := range tk.steps[:n] {
		if _, _, err := c.Apply(s, env); err != nil {
			return nil, fmt.Errorf("plan of ticket %s (%s): %s at %s: %w", tk.key, tk.c.Subject, s.Kind, s.At.Format(time.DateTime), err)
		}
	}
	return &c, nil
}

// stateKey names a state at today, with 办理中 split by its alert.
type stateKey struct {
	status data.ComplaintStatus
	alert  data.AlertLevel
}

func (tk *ticket) stateKey() stateKey { return stateKey{tk.state, tk.alert} }

// wanted are the states (and alerts) the demo must show at today, with how
// many tickets at least: the screens and statistics must have each to show.
var wanted = []struct {
	k   stateKey
	min int
}{
	{stateKey{data.StatusPending, ""}, 2}, {stateKey{data.StatusAccepted, ""}, 2},
	{stateKey{data.StatusHandling, ""}, 3}, {stateKey{data.StatusHandling, data.AlertDueSoon}, 3},
	{stateKey{data.StatusHandling, data.AlertOverdue}, 4}, {stateKey{data.StatusVerifying, ""}, 2},
	{stateKey{data.StatusReplying, ""}, 2}, {stateKey{data.StatusFollowUp, ""}, 2},
	{stateKey{data.StatusClosed, ""}, 3}, {stateKey{data.StatusRejected, ""}, 2},
	{stateKey{data.StatusTransferred, ""}, 2}, {stateKey{data.StatusMerged, ""}, 2},
	{stateKey{data.StatusArchived, ""}, 3},
}

// ensureTicketStates makes sure every state is present at today. Most are
// by the plan's own course; when chance left one out, the most recent
// suitable ticket is stopped at that state (its later steps had not
// happened yet) or decided the other way.
func (g *gen) ensureTicketStates(tickets []*ticket, ppl people) error {
	count := map[stateKey]int{}
	for _, tk := range tickets {
		count[tk.stateKey()]++
	}
	minOf := map[stateKey]int{}
	for _, w := range wanted {
		minOf[w.k] = w.min
	}
	// spare: a ticket whose state can lose one without falling short.
	spare := func(tk *ticket) bool {
		return !tk.forced && !tk.repeated && count[tk.stateKey()] > minOf[tk.stateKey()]
	}
	overdueBefore, soonBefore := data.AlertBounds(g.cal, g.today, g.settings.WarnDays)
	recent := g.today.AddDays(-75)

	// A few tickets sit long past their deadline despite reminders: the
	// ones a 通报 would name.
	long := 0
	for _, tk := range tickets {
		if tk.alert == data.AlertOverdue && tk.due.Before(g.today.AddDays(-20)) {
			long++
		}
	}
	for long < 2 {
		tk, n := g.longOverdue(tickets, spare)
		if tk == nil {
			return fmt.Errorf("no ticket can be left long overdue")
		}
		count[tk.stateKey()]--
		tk.forced, tk.steps = true, tk.steps[:n]
		g.addOverdueReminder(tk, ppl)
		if err := g.replay(tk); err != nil {
			return err
		}
		count[tk.stateKey()]++
		long++
	}

	for _, w := range wanted {
		for count[w.k] < w.min {
			tk, n := g.candidate(tickets, w.k, spare, overdueBefore, soonBefore, recent)
			if tk == nil {
				return fmt.Errorf("no ticket can be brought to %s%s", w.k.status, w.k.alert)
			}
			count[tk.stateKey()]--
			tk.forced = true
			switch {
			case n >= 0:
				tk.steps = tk.steps[:n]
				if w.k.alert == data.AlertOverdue {
					g.addOverdueReminder(tk, ppl)
				}
			case w.k.status == data.StatusAccepted:
				tk.steps = []data.Step{{Kind: data.EventAccept, At: tk.steps[0].At}}
			default:
				g.redecide(tk, tickets, w.k.status, ppl)
			}
			if err := g.replay(tk); err != nil {
				return err
			}
			count[tk.stateKey()]++
			if tk.stateKey() != w.k {
				return fmt.Errorf("ticket %s forced to %v ends in %v", tk.key, w.k, tk.stateKey())
			}
		}
	}
	return nil
}

// candidate finds the ticket to bring to state k: the most recent one that
// went through the step ending in k, with n the number of steps to keep;
// n < 0 when the ticket must be decided anew (or re-accepted) instead.
func (g *gen) candidate(tickets []*ticket, k stateKey, spare func(*ticket) bool, overdueBefore, soonBefore, recent data.Date) (*ticket, int) {
	var best *ticket
	bestN := -1
	var bestAt time.Time
	consider := func(tk *ticket, n int, at time.Time) {
		if best == nil || at.After(bestAt) {
			best, bestN, bestAt = tk, n, at
		}
	}
	for _, tk := range tickets {
		if !spare(tk) {
			continue
		}
		normal := tk.out == outNormal
		switch k.status {
		case data.StatusPending:
			if normal {
				consider(tk, 0, tk.c.ReceivedAt)
			}
			continue
		case data.StatusAccepted:
			if normal && len(tk.steps) > 0 && data.DateOf(tk.c.ReceivedAt).After(g.today.AddDays(-5)) {
				consider(tk, -1, tk.c.ReceivedAt)
			}
			continue
		case data.StatusRejected, data.StatusTransferred, data.StatusMerged:
			// Recent, but with days enough for the decision to have been made.
			if d := data.DateOf(tk.c.ReceivedAt); normal && d.After(g.today.AddDays(-40)) && d.Before(g.today.AddDays(-5)) {
				consider(tk, -1, tk.c.ReceivedAt)
			}
			continue
		}
		for i, s := range tk.steps {
			ok := false
			switch k.status {
			case data.StatusHandling:
				if s.Kind != data.EventAssign {
					continue
				}
				due := g.addWork(data.DateOf(s.At), s.LimitDays)
				switch k.alert {
				case data.AlertOverdue:
					ok = due.Before(overdueBefore) && data.DateOf(s.At).After(recent)
				case data.AlertDueSoon:
					ok = !due.Before(overdueBefore) && due.Before(soonBefore)
				default:
					ok = !due.Before(soonBefore)
				}
			case data.StatusVerifying:
				ok = s.Kind == data.EventFeedback
			case data.StatusReplying:
				ok = s.Kind == data.EventVerify
			case data.StatusFollowUp:
				ok = s.Kind == data.EventReply
			case data.StatusClosed:
				ok = s.Kind == data.EventFollowUp && s.Result != string(data.Dissatisfied)
			case data.StatusArchived:
				ok = s.Kind == data.EventArchive
			}
			if ok {
				consider(tk, i+1, s.At)
			}
		}
	}
	return best, bestN
}

// longOverdue finds a ticket assigned one to two months ago whose handler
// could have stayed silent: the steps up to its 交办 are kept.
func (g *gen) longOverdue(tickets []*ticket, spare func(*ticket) bool) (*ticket, int) {
	var best *ticket
	bestN := 0
	for _, tk := range tickets {
		if !spare(tk) || tk.c.Channel == data.Channel12345 {
			continue
		}
		for i, s := range tk.steps {
			if s.Kind != data.EventAssign {
				continue
			}
			due := g.addWork(data.DateOf(s.At), s.LimitDays)
			if due.Before(g.today.AddDays(-25)) && due.After(g.today.AddDays(-60)) && (best == nil || s.At.After(best.steps[bestN-1].At)) {
				best, bestN = tk, i+1
			}
		}
	}
	return best, bestN
}

// addOverdueReminder adds the 催办 an office makes the day after a missed
// deadline, when that day has come.
func (g *gen) addOverdueReminder(tk *ticket, ppl people) {
	last := tk.steps[len(tk.steps)-1]
	due := g.addWork(data.DateOf(last.At), last.LimitDays)
	at := g.onDay(g.addWork(due, 1), last.At)
	if at.After(g.now) {
		return
	}
	tk.steps = append(tk.steps, data.Step{Kind: data.EventRemind, At: at, Method: "书面", By: pick(g, ppl.handlers()).Name, Note: remindNotes[1]})
	if again := g.onDay(g.addWork(due, 6), at); !again.After(g.now) {
		tk.steps = append(tk.steps, data.Step{Kind: data.EventRemind, At: again, Method: "电话", By: tk.clerk.Name, Note: remindNotes[2]})
	}
}

// redecide plans a recent ticket as turned away, forwarded, or merged
// into an earlier one on the same matter.
func (g *gen) redecide(tk *ticket, tickets []*ticket, status data.ComplaintStatus, ppl people) {
	switch status {
	case data.StatusRejected:
		tk.out = outReject
	case data.StatusTransferred:
		tk.out = outTransfer
	case data.StatusMerged:
		i := slices.Index(tickets, tk)
		m := g.recentMaster(tickets[:i], tk.c.ReceivedAt)
		for j := i - 1; m == nil && j >= 0; j-- {
			if tickets[j].out == outNormal {
				m = tickets[j]
			}
		}
		g.repeatOf(tk, m)
	}
	g.planFlow(tk, ppl)
}
