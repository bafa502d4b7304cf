package reports

import (
	"context"
	"io"
	"math"

	"xiaoneng/data/store"
)

// StatsSheets are the statistics and the ranking of a period as worksheets:
// the summary, complaints by channel, category and month, supervision by kind
// of unit, accountability by measure, every unit's figures and the ranking.
func StatsSheets(s *Stats, a *Assessment) []Sheet {
	label := s.Period.Label()
	t := s.Complaints
	pct := func(r Rate) any {
		if !r.OK() {
			return nil
		}
		return r.Percent() / 100
	}
	summary := Sheet{Name: "概况", Title: label + "机关效能建设情况（统计截至" + s.AsOf.Chinese() + "）",
		Columns: []Column{{Title: "项目", Width: 28}, {Title: "数值", Width: 14, Percent: true}}}
	add := func(name string, v any) { summary.Rows = append(summary.Rows, []any{name, v}) }
	add("统计期间", s.Period.Span())
	add("登记群众投诉（件）", t.Received)
	add("其中：受理", t.Accepted)
	add("不予受理", t.Rejected)
	add("转有关部门办理", t.Transferred)
	add("交办", t.Assigned)
	add("办结", t.Concluded)
	add("在办", t.InProgress())
	add("超期", t.Overdue())
	add("其中：超期未办结", t.OverdueOpen)
	add("属实或部分属实", t.Substantiated)
	add("回访（件）", t.Surveyed())
	add("办结率", pct(s.ConcludedRate()))
	add("按期办结率", pct(s.OnTimeRate()))
	add("满意率", pct(s.SatisfiedRate()))
	add("督查活动（次）", s.Rounds)
	add("实地检查（次）", s.Supervision.Visits)
	add("检查单位（个）", s.Supervision.Units)
	add("发现问题（个）", s.Supervision.Findings)
	add("责令整改（个）", s.Supervision.RectDue)
	add("已整改（个）", s.Supervision.RectDone)
	add("整改不到位或逾期（个）", s.Supervision.RectFailed)
	add("整改率", pct(s.RectRate()))
	add("责任追究：单位（个次）", s.Actions.Units)
	add("责任追究：个人（人次）", s.Actions.Persons)

	counts := func(name, title string, list []Count) Sheet {
		sh := Sheet{Name: name, Columns: []Column{{Title: title}, {Title: "件数"}, {Title: "占比", Percent: true}}}
		for _, c := range list {
			sh.Rows = append(sh.Rows, []any{c.Name, c.N, pct(Rate{c.N, t.Received})})
		}
		return sh
	}
	monthly := Sheet{Name: "月度趋势", Columns: []Column{{Title: "月份", Text: true}, {Title: "登记"}, {Title: "办结"}}}
	for _, m := range s.Monthly {
		monthly.Rows = append(monthly.Rows, []any{m.Month, m.Received, m.Concluded})
	}
	kinds := Sheet{Name: "监督检查", Columns: cols("单位类别", "检查次数", "检查单位数", "发现问题", "责令整改", "已整改", "整改不到位或逾期")}
	for _, k := range s.ByUnitKind {
		kinds.Rows = append(kinds.Rows, []any{string(k.Category), k.Visits, k.Units, k.Findings, k.RectDue, k.RectDone, k.RectFailed})
	}
	measures := Sheet{Name: "责任追究", Columns: cols("追究方式", "单位（个次）", "个人（人次）", "合计")}
	for _, m := range s.ByMeasure {
		measures.Rows = append(measures.Rows, []any{string(m.Measure), m.Units, m.Persons, m.Total()})
	}
	units := Sheet{Name: "各单位情况", Columns: cols("单位", "类别", "被投诉（件）", "属实（件）", "满意", "不满意", "承办（件）", "超期（件）",
		"检查（次）", "发现问题", "责令整改", "已整改", "整改不到位", "责任追究")}
	for _, u := range s.Units {
		units.Rows = append(units.Rows, []any{u.Name, string(u.Category), u.Received, u.Substantiated, u.Satisfied, u.Dissatisfied, u.Handled,
			u.Overdue, u.Visits, u.Findings, u.RectDue, u.RectDone, u.RectFailed, u.Actions})
	}
	ranking := Sheet{Name: "考核排名", Title: label + "评议考核排名",
		Columns: cols("名次", "单位", "类别", "得分", "问题扣分", "属实投诉扣分", "超期扣分", "整改不到位扣分", "满意度扣分", "备注")}
	for _, sc := range a.Ranking {
		note := ""
		switch {
		case sc.Repeat:
			note = "连续两期黄牌"
		case sc.Yellow:
			note = "黄牌警告"
		}
		ranking.Rows = append(ranking.Rows, []any{sc.Rank, sc.Name, string(sc.Category), sc.Score, sc.LostFindings, sc.LostSubstantiated,
			sc.LostOverdue, sc.LostRectFailed, round2(sc.LostSatisfaction), note})
	}
	return []Sheet{summary, counts("投诉渠道", "投诉渠道", s.ByChannel), counts("投诉类别", "问题类别", s.ByCategory), monthly,
		kinds, measures, units, ranking}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// WriteStatsXLSX writes the statistics and ranking of period p as a
// workbook, as of the ledger's today.
func WriteStatsXLSX(ctx context.Context, db *store.DB, p Period, w io.Writer) error {
	s, err := ComputeStats(ctx, db, p, db.Today())
	if err != nil {
		return err
	}
	a, err := Assess(ctx, db, s)
	if err != nil {
		return err
	}
	return WriteXLSX(w, StatsSheets(s, a)...)
}
