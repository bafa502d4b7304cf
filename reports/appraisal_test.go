package reports

import (
	"context"
	"strings"
	"testing"

	"xiaoneng/data"
)

// The 通报 names the units the public was least satisfied with, lowest
// first, and says nothing of 评议 in a period without any.
func TestAppraisalSentence(t *testing.T) {
	s := &Stats{Period: QuarterPeriod(2026, 3), Units: []UnitFigures{
		{Name: "县税务局", Appraisal: 0.98, Appraised: true},
		{Name: "县水利局", Appraisal: 0.716, Appraised: true},
		{Name: "县公安局"},
		{Name: "城关镇", Appraisal: 0.9, Appraised: true},
		{Name: "县残联", Appraisal: 0.753, Appraised: true},
	}}
	want := "2026年第三季度，群众评议、民主评议等共测评单位4个，平均满意率83.7%；群众满意率最低的单位是县水利局（71.6%）、县残联（75.3%）、城关镇（90.0%）。"
	if got := AppraisalSentence(s); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	s.Units = s.Units[2:3]
	if got := AppraisalSentence(s); got != "" {
		t.Errorf("without 评议: %q", got)
	}
}

// The 通报 of a quarter with a 群众评议 quotes the least satisfied units
// under 四、评议考核情况.
func TestBulletinQuotesLowestSatisfaction(t *testing.T) {
	ctx := context.Background()
	l := newStatsLedger(t)
	round := &data.AppraisalRound{Title: "2026年第三季度群众评议", Kind: data.AppraisalPublic, From: data.NewDate(2026, 7, 1),
		To: data.NewDate(2026, 9, 30), Results: []data.AppraisalResult{
			{UnitID: l.street.ID, Satisfied: 4, Basic: 1, Unsatisfied: 5}, {UnitID: l.market.ID, Satisfied: 9, Unsatisfied: 1}}}
	if err := l.db.CreateAppraisal(ctx, round); err != nil {
		t.Fatal(err)
	}
	doc, _ := bulletinOf(t, l, QuarterPeriod(2026, 3))
	var texts []string
	for _, p := range doc.Paragraphs {
		texts = append(texts, p.Text)
	}
	all := strings.Join(texts, "\n")
	want := "2026年第三季度，群众评议、民主评议等共测评单位2个，平均满意率70.0%；群众满意率最低的单位是东城街道办事处（50.0%）、县市场监督管理局（90.0%）。"
	head, tail, ok := strings.Cut(all, "四、评议考核情况")
	if !ok || strings.Contains(head, want) || !strings.Contains(strings.SplitN(tail, "五、点名通报", 2)[0], want) {
		t.Errorf("the 通报 does not quote the appraisal under 四:\n%s", all)
	}
}

// A unit's assessment score moves with its 评议: entered, then corrected.
func TestScoreMovesWithAppraisal(t *testing.T) {
	ctx := context.Background()
	l := newStatsLedger(t)
	scoreOf := func() float64 {
		t.Helper()
		s, err := ComputeStats(ctx, l.db, QuarterPeriod(2026, 3), l.db.Today())
		if err != nil {
			t.Fatal(err)
		}
		a, err := Assess(ctx, l.db, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range a.Ranking {
			if sc.UnitID == l.street.ID {
				return sc.Score
			}
		}
		t.Fatal("the street is not ranked")
		return 0
	}
	before := scoreOf()
	round := &data.AppraisalRound{Title: "2026年第三季度群众评议", Kind: data.AppraisalPublic, From: data.NewDate(2026, 7, 1),
		To: data.NewDate(2026, 9, 30), Results: []data.AppraisalResult{{UnitID: l.street.ID, Satisfied: 6, Basic: 0, Unsatisfied: 4}}}
	if err := l.db.CreateAppraisal(ctx, round); err != nil {
		t.Fatal(err)
	}
	appraised := scoreOf()
	round.Results[0].Satisfied, round.Results[0].Unsatisfied = 9, 1
	if err := l.db.UpdateAppraisal(ctx, round); err != nil {
		t.Fatal(err)
	}
	corrected := scoreOf()
	// Satisfaction weighs 10 points: 60% satisfied loses 4, 90% loses 1.
	if appraised != before-4 || corrected != before-1 {
		t.Errorf("score %v, then %v after a 60%% 评议, %v after 90%%", before, appraised, corrected)
	}
}
