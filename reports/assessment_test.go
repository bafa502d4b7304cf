package reports

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"xiaoneng/data"
)

// TestAssessmentByHand scores the fixture's third quarter with the default
// weights (100 points; findings 2, substantiated 3, overdue 2, rectification
// failed 5, satisfaction 10; three yellow cards):
//
//	东城街道办事处   100
//	县供电公司       100
//	县自然资源局      98 = 100 − 2 (T3 overdue)
//	不动产登记窗口    93 = 100 − 2 (finding) − 5 (rectification failed)
//	县市场监督管理局  90 = 100 − 2 (finding) − 6 (T1, T2 substantiated) − 2 (T2 late)
//	城关镇人民政府    81 = 100 − 4 (two findings) − 5 (failed) − 10 (T4 不满意: 满意率 0%)
//
// The monitored enterprise is not ranked. The bottom three get a yellow
// card; 县市场监督管理局 was the only unit to lose points in the second
// quarter (T11 late and substantiated), so its card is its second running.
func TestAssessmentByHand(t *testing.T) {
	ctx := context.Background()
	l := newStatsLedger(t)
	s, err := ComputeStats(ctx, l.db, QuarterPeriod(2026, 3), l.db.Today())
	if err != nil {
		t.Fatal(err)
	}
	a, err := Assess(ctx, l.db, s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sc := range a.Ranking {
		flags := ""
		if sc.Yellow {
			flags += " 黄牌"
		}
		if sc.Repeat {
			flags += " 连续"
		}
		got = append(got, fmt.Sprintf("%d %s %g%s", sc.Rank, sc.Name, sc.Score, flags))
	}
	want := []string{
		"1 东城街道办事处 100", "1 县供电公司 100", "3 县自然资源局 98", "4 政务服务中心不动产登记窗口 93 黄牌",
		"5 县市场监督管理局 90 黄牌 连续", "6 城关镇人民政府 81 黄牌",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ranking\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	town := a.Ranking[5]
	if town.LostFindings != 4 || town.LostRectFailed != 5 || town.LostSatisfaction != 10 || town.LostSubstantiated != 0 || town.LostOverdue != 0 {
		t.Errorf("城关镇 lost %+v", town)
	}
	if f := a.Flagged(); len(f) != 3 || f[0].Name != "城关镇人民政府" {
		t.Errorf("flagged %v", f)
	}
	if a.Previous.Label() != "2026年第二季度" {
		t.Errorf("previous period %s", a.Previous.Label())
	}

	// The office's own weights: findings weigh more, one yellow card.
	settings, err := l.db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	settings.AssessmentWeights.Finding = 10
	settings.AssessmentWeights.YellowCards = 1
	if err := l.db.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	a, err = Assess(ctx, l.db, s)
	if err != nil {
		t.Fatal(err)
	}
	last := a.Ranking[len(a.Ranking)-1]
	if last.Name != "城关镇人民政府" || last.Score != 65 || len(a.Flagged()) != 1 {
		t.Errorf("with heavier findings: %s %g, %d flagged", last.Name, last.Score, len(a.Flagged()))
	}
	settings.AssessmentWeights.Base = 0
	var ve *data.ValidationError
	if err := l.db.SaveSettings(ctx, settings); !errors.As(err, &ve) || ve.Message != "考核基础分应在1至1000之间" {
		t.Errorf("a zero base was saved: %v", err)
	}
}

func TestFlagBottomTies(t *testing.T) {
	scores := []Score{{Score: 100}, {Score: 95, LostFindings: 5}, {Score: 90, LostFindings: 10}, {Score: 90, LostFindings: 10}}
	flagBottom(scores, 1)
	if scores[0].Yellow || scores[1].Yellow || !scores[2].Yellow || !scores[3].Yellow {
		t.Errorf("a tie at the cut: %+v", scores)
	}
	clean := []Score{{Score: 100}, {Score: 100}}
	flagBottom(clean, 3)
	if clean[0].Yellow || clean[1].Yellow {
		t.Error("a unit that lost no points was flagged")
	}
}

// TestAssessmentWithAppraisal scores a unit the public appraised by its 评议
// rather than by its complainants.
func TestAssessmentWithAppraisal(t *testing.T) {
	ctx := context.Background()
	l := newStatsLedger(t)
	round := &data.AppraisalRound{Title: "2026年第三季度群众评议", Kind: data.AppraisalPublic, From: data.NewDate(2026, 7, 1),
		To: data.NewDate(2026, 9, 30), HeldOn: data.NewDate(2026, 9, 30),
		Results: []data.AppraisalResult{{UnitID: l.street.ID, Satisfied: 4, Basic: 1, Unsatisfied: 5}, {UnitID: l.market.ID, Satisfied: 10}}}
	if err := l.db.CreateAppraisal(ctx, round); err != nil {
		t.Fatal(err)
	}
	s, err := ComputeStats(ctx, l.db, QuarterPeriod(2026, 3), l.db.Today())
	if err != nil {
		t.Fatal(err)
	}
	a, err := Assess(ctx, l.db, s)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Score{}
	for _, sc := range a.Ranking {
		got[sc.Name] = sc
	}
	// 东城街道: 50% satisfied in the 评议 → 5 points lost
	if sc := got["东城街道办事处"]; sc.Score != 95 || sc.Rank != 3 || sc.LostSatisfaction != 5 {
		t.Errorf("东城街道 %+v", sc)
	}
	// 市场监管局: fully satisfied in the 评议 (its complainants were too)
	if sc := got["县市场监督管理局"]; sc.Score != 90 || sc.LostSatisfaction != 0 {
		t.Errorf("市场监管局 %+v", sc)
	}
}
