package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
)

// roundPlan is a planned 督查活动 with its visits.
type roundPlan struct {
	r       *data.Round
	leader  *data.Person
	members []*data.Person
	units   []*unitRec
	visits  []*visitPlan
}

// visitPlan is a planned visit with its findings and photos.
type visitPlan struct {
	round      *roundPlan
	v          *data.Visit
	unit       *unitRec
	inspectors []*data.Person
	findings   []*findingPlan
	photos     []photo
}

// findingPlan is a planned finding and the steps of its rectification.
type findingPlan struct {
	visit  *visitPlan
	f      *data.Finding
	steps  []rectStep
	forced bool

	// Where it stands at today.
	state  data.RectStatus
	due    data.Date
	failed bool // a 复查 found it 整改不到位
}

// rectStep is a 整改报告 or a 复查.
type rectStep struct {
	report   bool
	on       data.Date
	content  string // report
	files    []photo
	result   data.RecheckResult
	by, note string
	newLimit int // after 整改不到位
}

// roundSpec is one round of the schedule.
type roundSpec struct {
	kind       data.RoundKind
	title      string
	start, end data.Date
	pools      []data.UnitCategory
	size       int
	desc       string
}

// specialTopics are the 专项督查 of the odd quarters, in order.
var specialTopics = []struct {
	title string
	pools []data.UnitCategory
	desc  string
}{
	{"春节前后作风纪律专项督查", []data.UnitCategory{data.UnitWindow, data.UnitDepartment, data.UnitTownship}, "重点检查节前节后在岗在位、值班值守和“四风”问题。"},
	{"优化营商环境涉企检查专项督查", []data.UnitCategory{data.UnitDepartment, data.UnitWindow}, "重点检查涉企检查备案、执法规范和惠企政策兑现情况。"},
	{"“一次性告知”“首问负责”落实情况专项督查", []data.UnitCategory{data.UnitWindow, data.UnitUtility}, "重点检查一次性告知单使用、首问负责登记和办事指南准确性。"},
	{"中介机构服务规范专项督查", []data.UnitCategory{data.UnitAgency, data.UnitWindow}, "重点检查中介服务收费公示、服务时限和与审批部门脱钩情况。"},
}

var quarterNames = []string{"第一季度", "第二季度", "第三季度", "第四季度"}

// schedule lays out the rounds of 2025 and 2026: 明察 and 暗访 every
// quarter, a 专项督查 or 随机抽查 every quarter, a 全面督查 each year and a
// 回访复查 after each half year.
func (g *gen) schedule() []roundSpec {
	var out []roundSpec
	face := []data.UnitCategory{data.UnitWindow, data.UnitDepartment, data.UnitTownship}
	public := []data.UnitCategory{data.UnitWindow, data.UnitUtility, data.UnitTownship, data.UnitOther}
	special := 0
	for _, year := range []int{2025, 2026} {
		for q := range 4 {
			m := time.Month(3*q + 1)
			qn := fmt.Sprintf("%d年%s", year, quarterNames[q])
			open := g.workday(data.NewDate(year, m, 8+g.between(0, 6)))
			out = append(out, roundSpec{data.RoundOpen, qn + "机关效能明察", open, open.AddDays(14), face, g.between(8, 10),
				"按照年度督查计划，对部分县直部门、窗口单位和乡镇进行明察，检查工作纪律、制度公示和办件情况。"})
			covert := g.workday(data.NewDate(year, m+1, 3+g.between(0, 5)))
			out = append(out, roundSpec{data.RoundCovert, qn + "作风效能暗访", covert, covert.AddDays(20), public, g.between(10, 13),
				"检查组以办事群众身份，不打招呼、直奔现场，暗访窗口服务和工作纪律。"})
			third := g.workday(data.NewDate(year, m+2, 2+g.between(0, 6)))
			if q%2 == 0 {
				t := specialTopics[special%len(specialTopics)]
				special++
				if strings.HasPrefix(t.title, "春节") {
					third = g.workday(data.NewDate(year, time.January, 12+g.between(0, 3)))
				}
				out = append(out, roundSpec{data.RoundSpecial, fmt.Sprintf("%d年%s", year, t.title), third, third.AddDays(18), t.pools, g.between(7, 9), t.desc})
			} else {
				out = append(out, roundSpec{data.RoundRandom, qn + "窗口服务随机抽查", third, third.AddDays(10),
					[]data.UnitCategory{data.UnitWindow, data.UnitUtility, data.UnitAgency}, g.between(6, 8),
					"采取“双随机”方式抽取被检查单位和检查人员，检查窗口服务质量。"})
			}
		}
		full := g.workday(data.NewDate(year, time.November, 2+g.between(0, 8)))
		out = append(out, roundSpec{data.RoundFull, fmt.Sprintf("%d年度机关效能建设全面督查", year), full, full.AddDays(35),
			[]data.UnitCategory{data.UnitDepartment, data.UnitWindow, data.UnitTownship, data.UnitUtility, data.UnitOther}, 30,
			"对县直部门、乡镇（街道）、窗口单位和公用事业单位机关效能建设情况进行全面督查，逐一检查制度公示清单。"})
	}
	for _, h := range []struct {
		title string
		start data.Date
	}{
		{"2025年上半年督查发现问题整改回访复查", data.NewDate(2025, time.July, 14)},
		{"2025年下半年督查发现问题整改回访复查", data.NewDate(2026, time.January, 12)},
		{"2026年上半年督查发现问题整改回访复查", data.NewDate(2026, time.July, 13)},
	} {
		out = append(out, roundSpec{data.RoundFollowUp, h.title, g.workday(h.start), g.workday(h.start).AddDays(12), nil, 0,
			"对前期督查发现问题的整改落实情况进行回访复查，防止问题反弹。"})
	}
	slices.SortStableFunc(out, func(a, b roundSpec) int { return a.start.Compare(b.start) })
	return slices.DeleteFunc(out, func(s roundSpec) bool { return s.start.Before(g.from) })
}

// planRounds plans the rounds, their visits and findings.
func (g *gen) planRounds(units []*unitRec, ppl people) []*roundPlan {
	pools := map[data.UnitCategory][]*unitRec{}
	for _, u := range units {
		pools[u.cat()] = append(pools[u.cat()], u)
	}
	posted := map[*unitRec][]bool{}
	for _, u := range units {
		p := make([]bool, len(data.DisclosureItems))
		for i, d := range u.u.Disclosures {
			p[i] = d.Posted
		}
		posted[u] = p
	}
	var out []*roundPlan
	var withFindings []*unitRec // units found wanting, for the 回访复查
	for _, s := range g.schedule() {
		rp := &roundPlan{r: &data.Round{Title: s.title, Kind: s.kind, Start: s.start, End: s.end, Description: s.desc}}
		rp.leader = pick(g, []*data.Person{ppl.staff[2], ppl.staff[2], ppl.leaders[1]})
		rp.members = append(rp.members, rp.leader)
		for _, p := range sample(g, ppl.staff[:6], 2) {
			if p != rp.leader {
				rp.members = append(rp.members, p)
			}
		}
		rp.members = append(rp.members, sample(g, ppl.inspectors, 2)...)
		if s.kind == data.RoundFull || g.chance(0.3) {
			rp.members = append(rp.members, pick(g, ppl.invited))
		}
		if s.kind == data.RoundFollowUp {
			rp.units = sample(g, dedupe(withFindings), min(8, len(dedupe(withFindings))))
			withFindings = nil
		} else {
			rp.units = g.pickUnits(pools, s)
		}
		for _, u := range rp.units {
			day := s.start.AddDays(g.between(0, s.start.DaysUntil(s.end)))
			day = g.workday(day)
			if day.After(s.end) || !day.Before(g.today) || !u.active(day) {
				continue // planned, not yet visited
			}
			vp := g.planVisit(rp, u, day, posted[u])
			if len(vp.findings) > 0 {
				withFindings = append(withFindings, u)
			}
			rp.visits = append(rp.visits, vp)
		}
		slices.SortStableFunc(rp.visits, func(a, b *visitPlan) int { return a.v.VisitedAt.Compare(b.v.VisitedAt) })
		out = append(out, rp)
	}
	g.ensureRectStates(out)
	return out
}

// sample draws n distinct elements of list, keeping their order.
func sample[T any](g *gen, list []T, n int) []T {
	idx := g.rng.Perm(len(list))[:min(n, len(list))]
	slices.Sort(idx)
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

func dedupe(list []*unitRec) []*unitRec {
	var out []*unitRec
	for _, u := range list {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// pickUnits draws a round's units from its pools, busy ones more often.
func (g *gen) pickUnits(pools map[data.UnitCategory][]*unitRec, s roundSpec) []*unitRec {
	var cands []*unitRec
	for _, c := range s.pools {
		for _, u := range pools[c] {
			if u.active(s.start) {
				cands = append(cands, u)
			}
		}
	}
	var out []*unitRec
	for len(out) < min(s.size, len(cands)) {
		var list []weighted[*unitRec]
		for _, u := range cands {
			if !slices.Contains(out, u) {
				list = append(list, weighted[*unitRec]{u, 2 + u.weight/4})
			}
		}
		out = append(out, choose(g, list))
	}
	return out
}

// findingChance is how often a visit of each kind finds something.
var findingChance = map[data.RoundKind]float64{
	data.RoundOpen: 0.3, data.RoundCovert: 0.45, data.RoundSpecial: 0.4, data.RoundRandom: 0.35,
	data.RoundFull: 0.3, data.RoundFollowUp: 0.08,
}

// planVisit plans one visit: when, where, what was seen and found.
func (g *gen) planVisit(rp *roundPlan, u *unitRec, day data.Date, posted []bool) *visitPlan {
	vp := &visitPlan{round: rp, unit: u}
	vp.inspectors = sample(g, rp.members, g.between(2, 3))
	vp.v = &data.Visit{VisitedAt: g.officeTime(day), Place: g.placeAt(u)}
	kind := rp.r.Kind

	// 全面督查 and 明察 go through the 制度公示 checklist.
	var missing []string
	if (kind == data.RoundFull || kind == data.RoundOpen) && u.cat() != data.UnitMonitored {
		for i, item := range data.DisclosureItems {
			switch {
			case !posted[i] && g.chance(0.5):
				posted[i] = true
			case posted[i] && g.chance(0.04):
				posted[i] = false
			}
			vp.v.Disclosures = append(vp.v.Disclosures, data.Disclosure{Item: item, Posted: posted[i]})
			if !posted[i] {
				missing = append(missing, string(item))
			}
		}
	}
	if len(missing) > 0 {
		vp.findings = append(vp.findings, g.newFinding(vp, data.FindingDisclosure, "未公示"+strings.Join(missing, "、"), false))
	}
	if g.chance(findingChance[kind]) {
		for range choose(g, []weighted[int]{{1, 70}, {2, 25}, {3, 5}}) {
			cat := choose(g, findingCategoryWeights)
			if cat == data.FindingDisclosure {
				cat = "其他"
			}
			t := pick(g, findingTexts[cat])
			if slices.ContainsFunc(vp.findings, func(f *findingPlan) bool { return f.f.Description == t.desc }) {
				continue
			}
			vp.findings = append(vp.findings, g.newFinding(vp, cat, t.desc, t.personal))
		}
	}
	vp.v.Summary = g.visitSummary(kind, len(vp.findings))
	if len(vp.findings) > 0 && (kind == data.RoundCovert || g.chance(0.3)) {
		for i := range g.between(1, 2) {
			vp.photos = append(vp.photos, photo{fmt.Sprintf("现场照片_%s_%d.png", day.String(), i+1), g.rng.Uint64()})
		}
	}
	return vp
}

func (g *gen) placeAt(u *unitRec) string {
	switch u.cat() {
	case data.UnitWindow:
		return pick(g, []string{fmt.Sprintf("一楼大厅%d号窗口", g.between(1, 24)), fmt.Sprintf("二楼%d号窗口", g.between(25, 40)), "综合受理区", "咨询导办台"})
	case data.UnitTownship:
		return pick(g, []string{"便民服务大厅", "镇（乡）政府机关办公楼", "党政办公室"})
	case data.UnitUtility:
		return pick(g, []string{"营业厅", "客户服务中心", "抢修值班室"})
	case data.UnitAgency:
		return "经营场所"
	case data.UnitOther:
		return pick(g, []string{"服务大厅", "门诊大厅", "收费处"})
	}
	return pick(g, []string{"机关办公楼", "行政审批股", "办公室"})
}

func (g *gen) visitSummary(kind data.RoundKind, findings int) string {
	var s string
	switch kind {
	case data.RoundCovert:
		s = "检查组以办事群众身份进入现场，暗访窗口人员在岗在位、服务态度和办事流程。"
	case data.RoundFollowUp:
		s = "检查组对照前期问题清单，逐项回访复查整改落实情况。"
	case data.RoundFull:
		s = fmt.Sprintf("检查组听取情况汇报，逐项检查制度公示清单，查阅办件台账，抽查办件%d件。", g.between(5, 20))
	default:
		s = fmt.Sprintf("检查组查看了在岗在位、制度公示和办件台账，抽查办件%d件。", g.between(3, 15))
	}
	if findings == 0 {
		if kind == data.RoundFollowUp {
			return s + "前期问题已整改到位，未发现反弹。"
		}
		return s + "未发现问题。"
	}
	return s + fmt.Sprintf("发现问题%d个，已当场向单位负责人指出。", findings)
}

// dispositionWeights: what the office decides about a finding.
var dispositionWeights = []weighted[data.Disposition]{
	{data.DispositionOnSite, 42}, {data.DispositionNotice, 36}, {data.DispositionWarning, 10},
	{data.DispositionBulletin, 8}, {data.DispositionReferral, 2}, {data.DispositionOther, 2},
}

func (g *gen) newFinding(vp *visitPlan, cat data.Category, desc string, personal bool) *findingPlan {
	f := &data.Finding{Category: cat, Description: desc, Disposition: choose(g, dispositionWeights)}
	if personal {
		f.StaffName, f.StaffPost = g.person(), g.postAt(vp.unit)
	} else if f.Disposition == data.DispositionWarning || f.Disposition == data.DispositionReferral {
		f.Disposition = data.DispositionNotice // a warning is given to someone
	}
	switch f.Disposition {
	case data.DispositionNotice, data.DispositionWarning, data.DispositionBulletin:
		f.RectLimitDays = pick(g, []int{g.settings.RectLimitDays, g.settings.RectLimitDays, 5, 15})
	}
	fp := &findingPlan{visit: vp, f: f}
	g.planRect(fp, false)
	return fp
}

// planRect plans a finding's rectification up to today: the unit's report
// (on time, mostly), the 复查, and after an 整改不到位 a second round.
func (g *gen) planRect(fp *findingPlan, forceFail bool) {
	fp.steps, fp.failed = nil, false
	found := data.DateOf(fp.visit.v.VisitedAt)
	if fp.f.RectLimitDays == 0 {
		fp.state = data.RectNone
		return
	}
	from, limit := found, fp.f.RectLimitDays
	fp.state, fp.due = data.RectOpen, g.addWork(from, limit)
	for attempt := 1; attempt <= 2; attempt++ {
		var report data.Date
		if g.chance(0.15) {
			report = g.addWork(fp.due, g.between(2, 10))
		} else {
			report = g.addWork(from, g.between(max(1, limit-6), limit))
		}
		if !report.Before(g.today) {
			return
		}
		var files []photo
		if g.chance(0.3) {
			files = []photo{{"整改后现场照片.png", g.rng.Uint64()}}
		}
		fp.steps = append(fp.steps, rectStep{report: true, on: report, content: pick(g, rectReports), files: files})
		fp.state = data.RectReported
		recheck := g.addWork(report, g.between(2, 8))
		if !recheck.Before(g.today) {
			return
		}
		by := fp.visit.round.leader.Name
		if attempt == 1 && (forceFail || g.chance(0.15)) {
			newLimit := g.between(5, 10)
			fp.steps = append(fp.steps, rectStep{on: recheck, result: data.RecheckFailed, by: by, note: pick(g, recheckFailNotes), newLimit: newLimit})
			fp.state, fp.failed = data.RectOpen, true
			from, limit = recheck, newLimit
			fp.due = g.addWork(recheck, newLimit)
			continue
		}
		fp.steps = append(fp.steps, rectStep{on: recheck, result: data.RecheckPassed, by: by, note: pick(g, recheckPassNotes)})
		fp.state = data.RectDone
		return
	}
}

// rectKey is where a rectification stands at today, overdue apart.
type rectKey struct {
	state   data.RectStatus
	overdue bool
	failed  bool
}

func (fp *findingPlan) key(cal *data.Calendar, today data.Date) rectKey {
	return rectKey{fp.state, fp.state == data.RectOpen && cal.Missed(fp.due, today), fp.failed}
}

// ensureRectStates makes sure every rectification state is present at
// today, overdue ones and ones that failed a 复查 first included.
func (g *gen) ensureRectStates(rounds []*roundPlan) {
	var all []*findingPlan
	for _, r := range rounds {
		for _, v := range r.visits {
			all = append(all, v.findings...)
		}
	}
	has := func(want func(rectKey) bool, n int) bool {
		c := 0
		for _, fp := range all {
			if want(fp.key(g.cal, g.today)) {
				c++
			}
		}
		return c >= n
	}
	// latest returns the most recent unforced finding meeting ok.
	latest := func(ok func(*findingPlan) bool) *findingPlan {
		var best *findingPlan
		for _, fp := range all {
			if !fp.forced && ok(fp) && (best == nil || !fp.visit.v.VisitedAt.Before(best.visit.v.VisitedAt)) {
				best = fp
			}
		}
		return best
	}
	overdue := func(k rectKey) bool { return k.overdue }
	for i := 0; i < 10 && !has(overdue, 3); i++ {
		// A unit that never reported: keep none of its steps.
		fp := latest(func(fp *findingPlan) bool {
			return fp.f.RectLimitDays > 0 && g.addWork(data.DateOf(fp.visit.v.VisitedAt), fp.f.RectLimitDays).Before(g.today.AddDays(-7))
		})
		if fp == nil {
			break
		}
		fp.forced, fp.steps, fp.state, fp.failed = true, nil, data.RectOpen, false
		fp.due = g.addWork(data.DateOf(fp.visit.v.VisitedAt), fp.f.RectLimitDays)
	}
	if !has(func(k rectKey) bool { return k.state == data.RectReported }, 1) {
		if fp := latest(func(fp *findingPlan) bool { return fp.state == data.RectDone && !fp.failed }); fp != nil {
			fp.forced, fp.steps, fp.state = true, fp.steps[:len(fp.steps)-1], data.RectReported
		}
	}
	if !has(func(k rectKey) bool { return k.state == data.RectDone && k.failed }, 1) {
		if fp := latest(func(fp *findingPlan) bool {
			return fp.state == data.RectDone && fp.visit.v.VisitedAt.Before(g.now.AddDate(0, -3, 0))
		}); fp != nil {
			fp.forced = true
			g.planRect(fp, true)
		}
	}
	if !has(func(k rectKey) bool { return k.state == data.RectOpen && !k.overdue }, 1) {
		if fp := latest(func(fp *findingPlan) bool { return fp.f.RectLimitDays > 0 }); fp != nil {
			fp.forced, fp.steps, fp.state, fp.failed = true, nil, data.RectOpen, false
			fp.due = g.addWork(data.DateOf(fp.visit.v.VisitedAt), fp.f.RectLimitDays)
		}
	}
}
