package demo

import (
	"fmt"
	"strings"
	"time"

	"xiaoneng/data"
)

// How a planned complaint was handled up to the demo's today: its steps,
// their texts and deadlines, and its replay through data's workflow.

// flowPlan collects a complaint's steps in time order; the first step dated
// after the demo's now ends the plan (the rest had not happened yet).
type flowPlan struct {
	g    *gen
	tk   *complaint
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

// planFlow plans a complaint's steps for its outcome.
func (g *gen) planFlow(tk *complaint, ppl people) {
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
		// 回访不满意 reopens the complaint with the channel's limit (the
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

// limitFor is the 办理时限 the office gives a complaint.
func (g *gen) limitFor(tk *complaint) int {
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
func (g *gen) feedbackText(tk *complaint, v data.Verification) string {
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
func (g *gen) behaviourOf(tk *complaint) string {
	return strings.TrimPrefix(subjectCore(tk), tk.unit.short())
}

// subjectCore is the 事由 without its "反映" (投诉, 举报) lead, for quoting.
func subjectCore(tk *complaint) string {
	s := tk.c.Subject
	for _, p := range []string{"反映", "投诉", "举报"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// transferFor says where a complaint that is not the office's to handle goes:
// misconduct to the 纪委监委, a utility's service to its regulator, the
// rest to the bodies that oversee them.
func (g *gen) transferFor(tk *complaint) (to, note string) {
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
func (g *gen) contactMethod(tk *complaint) string {
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

// archiveBatch files a finished complaint the way offices do: closed complaints
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
// store will, and records where the complaint stands at today.
func (g *gen) replay(tk *complaint) error {
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

// replayed applies the first n steps to a copy of the registered complaint.
// The workflow refusing one is a mistake in the plan.
func (g *gen) replayed(tk *complaint, n int) (*data.Complaint, error) {
	c := *tk.c
	c.Status, c.Round = data.StatusPending, 1
	env := data.FlowEnv{Calendar: g.cal, Settings: g.settings, Now: g.now, Actor: tk.clerk.Name}
	for _, s := range tk.steps[:n] {
		if _, _, err := c.Apply(s, env); err != nil {
			return nil, fmt.Errorf("plan of complaint %s (%s): %s at %s: %w", tk.key, tk.c.Subject, s.Kind, s.At.Format(time.DateTime), err)
		}
	}
	return &c, nil
}
