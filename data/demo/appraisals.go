package demo

import (
	"math"
	"slices"

	"xiaoneng/data"
)

// The county's 评议: a 群众评议 of 2025, a 网络评议 of the windows in the
// first half of 2026, a 民主评议 of the first three quarters, and a
// 关键岗位评议 whose bottom holders were warned. Most units are well
// regarded; a few are not, so that a 通报 has someone to name.

// appraisalPlan is one planned round.
type appraisalPlan struct {
	r      *data.AppraisalRound
	units  []*unitRec // the unit of each result, in order
	posts  []*unitRec // the unit of each post, in order
	warn   []int      // the posts whose holders are warned
	warnOn data.Date
	clerk  *data.Person
}

// planAppraisals draws the rounds.
func (g *gen) planAppraisals(units []*unitRec, ppl people) []*appraisalPlan {
	d := data.NewDate
	of := func(on data.Date, cats ...data.UnitCategory) []*unitRec {
		var out []*unitRec
		for _, u := range units {
			if slices.Contains(cats, u.cat()) && u.active(on) {
				out = append(out, u)
			}
		}
		return out
	}
	clerk := ppl.staff[0]
	var out []*appraisalPlan

	ballotRound := func(kind data.AppraisalKind, title string, from, to, held data.Date, list []*unitRec) {
		p := &appraisalPlan{r: &data.AppraisalRound{Title: title, Kind: kind, From: from, To: to, HeldOn: held,
			Note: "测评票由特邀监察员、政风行风监督员和服务对象填写，现场收回统计。"}, clerk: clerk}
		low := map[int]bool{}
		for range 3 {
			low[g.rng.IntN(len(list))] = true
		}
		for i, u := range list {
			rate := float64(g.between(880, 985)) / 1000
			if low[i] {
				rate = float64(g.between(700, 820)) / 1000
			}
			ballots := g.between(120, 260)
			counted := ballots - g.between(0, 6)
			good := int(math.Round(float64(counted) * rate))
			satisfied := int(math.Round(float64(good) * float64(g.between(65, 85)) / 100))
			p.r.Results = append(p.r.Results, data.AppraisalResult{Ballots: ballots, Satisfied: satisfied,
				Basic: good - satisfied, Unsatisfied: counted - good})
			p.units = append(p.units, u)
		}
		out = append(out, p)
	}
	ballotRound(data.AppraisalPublic, "2025年度群众评议机关作风", d(2025, 1, 1), d(2025, 12, 31), d(2026, 1, 16),
		of(d(2025, 12, 31), data.UnitTownship, data.UnitDepartment, data.UnitWindow))

	online := &appraisalPlan{r: &data.AppraisalRound{Title: "2026年上半年窗口单位网络评议", Kind: data.AppraisalOnline,
		From: d(2026, 1, 1), To: d(2026, 6, 30), HeldOn: d(2026, 7, 10),
		Note: "通过县政务服务网和“清溪发布”公众号开展网上测评，按百分制计分。"}, clerk: clerk}
	for _, u := range of(d(2026, 6, 30), data.UnitWindow, data.UnitUtility) {
		score := float64(g.between(840, 975)) / 10
		if g.chance(0.08) {
			score = float64(g.between(700, 790)) / 10
		}
		online.r.Results = append(online.r.Results, data.AppraisalResult{Score: score, HasScore: true})
		online.units = append(online.units, u)
	}
	out = append(out, online)

	ballotRound(data.AppraisalDemocratic, "2026年前三季度民主评议政风行风", d(2026, 1, 1), d(2026, 9, 30), d(2026, 10, 16),
		of(d(2026, 9, 30), data.UnitTownship, data.UnitDepartment))

	posts := &appraisalPlan{r: &data.AppraisalRound{Title: "2026年关键岗位公务员评议", Kind: data.AppraisalKeyPosts,
		From: d(2026, 1, 1), To: d(2026, 10, 31), HeldOn: d(2026, 11, 10),
		Note: "各单位公开关键岗位及其职责，由服务对象和特邀监察员评分。"}, warnOn: d(2026, 11, 18), clerk: clerk}
	windows := of(d(2026, 10, 31), data.UnitWindow, data.UnitDepartment)
	for _, i := range g.rng.Perm(len(windows))[:14] {
		u := windows[i]
		service := pick(g, u.services)
		posts.r.Posts = append(posts.r.Posts, data.AppraisalPost{Post: postFor(u), Holder: g.person(),
			Duties: "负责" + service + "的受理和办理", Score: float64(g.between(640, 985)) / 10, HasScore: true})
		posts.posts = append(posts.posts, u)
	}
	order := make([]int, len(posts.r.Posts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return -cmpFloat(posts.r.Posts[a].Score, posts.r.Posts[b].Score)
	})
	for rank, i := range order {
		switch {
		case rank < 2:
			posts.r.Posts[i].Mark = data.MarkModel
		case rank < 5:
			posts.r.Posts[i].Mark = data.MarkExcellent
		case rank >= len(order)-2:
			posts.warn = append(posts.warn, i)
		}
	}
	out = append(out, posts)
	return out
}

// postFor names the key post of a unit: its counter, or its approval desk.
func postFor(u *unitRec) string {
	if u.cat() == data.UnitWindow {
		return "综合受理窗口"
	}
	return "行政审批服务岗"
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
