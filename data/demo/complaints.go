package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
)

// complaint is a planned complaint: its registration and the workflow steps
// it went through up to the demo's today. References to other records in
// the steps (the handler unit, the master complaint) are plan keys, turned
// into record identities when the complaint is executed.
type complaint struct {
	key        string
	c          *data.Complaint // registration fields; the stored complaint once executed
	unit       *unitRec
	clerk      *data.Person // the member of staff who handles it
	steps      []data.Step
	out        outcome
	master     *complaint // 并单: the complaint this one repeats
	repeated   bool       // another complaint was merged into this one
	enterprise *unitRec   // 监测点反映: the enterprise that complained
	activityOn data.Date
	forced     bool // adjusted to make sure a state is present at today

	// What replaying the steps gives at today.
	state        data.ComplaintStatus
	alert        data.AlertLevel
	verification data.Verification
	verifiedAt   time.Time
	due          data.Date
}

// outcome is how the office decided on a complaint.
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

// planComplaints draws two years of complaints, day by day, and plans each
// one's life up to today.
func (g *gen) planComplaints(units []*unitRec, ppl people) ([]*complaint, error) {
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
	var out []*complaint
	last := g.today.AddDays(-1)
	for d := g.from; !d.After(last); d = d.AddDays(1) {
		mean := 3.5
		if !g.cal.IsWorkday(d) {
			mean = 1.0
		}
		n := g.count(mean)
		var day []*complaint
		for range n {
			tk := g.newComplaintRow(d, targets, enforcing, monitored, ppl, out)
			day = append(day, tk)
		}
		slices.SortStableFunc(day, func(a, b *complaint) int { return a.c.ReceivedAt.Compare(b.c.ReceivedAt) })
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
	if err := g.ensureComplaintStates(out, ppl); err != nil {
		return nil, err
	}
	return out, nil
}

// newComplaintRow registers what reached the office on day d.
func (g *gen) newComplaintRow(d data.Date, targets map[data.UnitCategory][]*unitRec, enforcing, monitored []*unitRec, ppl people, earlier []*complaint) *complaint {
	ch := choose(g, channelWeights)
	if !g.cal.IsWorkday(d) {
		ch = choose(g, offDayChannels)
	}
	tk := &complaint{c: &data.Complaint{Channel: ch}, clerk: pick(g, ppl.handlers())}
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

// receivedAt is when a complaint arrived on day d through channel ch.
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

// recentMaster finds a complaint of the last ten days that a new one could
// repeat: not itself a repeat, and not one the office turned away.
func (g *gen) recentMaster(earlier []*complaint, t time.Time) *complaint {
	var cands []*complaint
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
func (g *gen) repeatOf(tk, m *complaint) {
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
func (g *gen) compose(tk *complaint) {
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
func (g *gen) complainant(tk *complaint) {
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

// sourceRef numbers a complaint the way the body that passed it on did.
func (g *gen) sourceRef(tk *complaint) {
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
