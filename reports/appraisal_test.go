package reports

import "testing"

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
