package reports

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]string{
		"2026Q3": "2026-07-01..2026-09-30 2026年第三季度", "2026q1": "2026-01-01..2026-03-31 2026年第一季度",
		"2026年第四季度": "2026-10-01..2026-12-31 2026年第四季度", "2026": "2026-01-01..2026-12-31 2026年",
		"2026-07": "2026-07-01..2026-07-31 2026年7月", "2026年2月": "2026-02-01..2026-02-28 2026年2月",
		"2026-03-05..2026-04-20": "2026-03-05..2026-04-20 2026年3月5日至4月20日",
		"2025-12-20至2026-01-10":  "2025-12-20..2026-01-10 2025年12月20日至2026年1月10日",
	} {
		p, err := ParsePeriod(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := fmt.Sprintf("%s..%s %s", p.From, p.To, p.Label()); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{"2026Q5", "2026-13", "上季度", "2026-04-20..2026-03-05", ""} {
		if _, err := ParsePeriod(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	for in, want := range map[string]string{"2026Q1": "2025Q4 2025-10-01", "2026-01": "2025-12 2025-12-01", "2026": "2025 2025-01-01",
		"2026-03-05..2026-03-14": "custom 2026-02-23"} {
		p, _ := ParsePeriod(in)
		prev := p.Previous()
		if got := strings.Fields(want)[1]; prev.From.String() != got || prev.From.DaysUntil(prev.To) != p.From.DaysUntil(p.To) && p.Kind == PeriodCustom {
			t.Errorf("before %s: %s..%s", in, prev.From, prev.To)
		}
	}
}

// TestStatsByHand checks every figure of the third quarter of the fixture
// against the counts made by hand from its description.
func TestStatsByHand(t *testing.T) {
	ctx := context.Background()
	l := newStatsLedger(t)
	s, err := ComputeStats(ctx, l.db, QuarterPeriod(2026, 3), l.db.Today())
	if err != nil {
		t.Fatal(err)
	}
	// T1–T8 and T10 (T9 is a duplicate, T11 of the second quarter)
	want := store.ComplaintFigures{Received: 9, Accepted: 6, Rejected: 1, Transferred: 1, Assigned: 5, Concluded: 3, OnTime: 2, Late: 1,
		OverdueOpen: 1, Substantiated: 2, Satisfied: 3, Dissatisfied: 1}
	if s.Complaints != want {
		t.Errorf("complaints\n%+v, want\n%+v", s.Complaints, want)
	}
	if s.Complaints.InProgress() != 3 || s.Complaints.Overdue() != 2 || s.Complaints.Surveyed() != 4 {
		t.Errorf("in progress %d, overdue %d, surveyed %d", s.Complaints.InProgress(), s.Complaints.Overdue(), s.Complaints.Surveyed())
	}
	for _, r := range []struct {
		name string
		got  Rate
		want string
	}{{"办结率", s.ConcludedRate(), "50.0%"}, {"按期办结率", s.OnTimeRate(), "66.7%"}, {"满意率", s.SatisfiedRate(), "75.0%"}, {"整改率", s.RectRate(), "33.3%"}} {
		if r.got.String() != r.want {
			t.Errorf("%s %s, want %s", r.name, r.got, r.want)
		}
	}
	if got := fmt.Sprint(s.ByChannel); got != "[{电话 4} {来访 2} {来信 1} {网络 1} {12345转办 1} {上级交办 0} {媒体曝光 0} {监测点反映 0}]" {
		t.Errorf("by channel %s", got)
	}
	if got := fmt.Sprint(s.ByCategory); got != "[{脸难看 1} {事难办 2} {乱收费 1} {不作为 1} {慢作为 1} {推诿扯皮/办事拖拉 1} {执法不规范 1} {其他 1}]" {
		t.Errorf("by category %s", got)
	}
	if got := fmt.Sprint(s.Monthly); got != "[{2026-07 3 2} {2026-08 3 0} {2026-09 3 1}]" {
		t.Errorf("monthly %s", got)
	}

	if s.Rounds != 1 || s.Supervision != (store.SupervisionCounts{Visits: 4, Units: 3, Findings: 4, RectDue: 3, RectDone: 1, RectFailed: 2}) {
		t.Errorf("supervision: %d rounds, %+v", s.Rounds, s.Supervision)
	}
	if got := fmt.Sprint(s.ByUnitKind); got != "[{乡镇/街道 {1 1 2 2 1 1}} {县直部门 {2 1 1 0 0 0}} {窗口服务单位 {1 1 1 1 0 1}}]" {
		t.Errorf("by kind of unit %s", got)
	}
	if got := fmt.Sprint(s.Findings); got != "[{乱收费 1} {事难办 1} {脱岗/纪律作风 1} {门难进 1}]" {
		t.Errorf("findings %s", got)
	}
	if s.Actions != (store.ActionCounts{Units: 1, Persons: 2}) || fmt.Sprint(s.ByMeasure) != "[{诫勉谈话 {0 2}} {通报批评 {1 0}}]" {
		t.Errorf("actions %+v %v", s.Actions, s.ByMeasure)
	}

	units := map[string]UnitFigures{}
	for _, u := range s.Units {
		units[u.Name] = u
	}
	for name, want := range map[string]UnitFigures{
		"城关镇人民政府":       {Received: 2, Dissatisfied: 1, Handled: 1, Visits: 1, Findings: 2, RectDue: 2, RectDone: 1, RectFailed: 1, Actions: 1},
		"东城街道办事处":       {Received: 1},
		"县市场监督管理局":      {Received: 2, Substantiated: 2, Satisfied: 2, Handled: 2, Overdue: 1, Visits: 2, Findings: 1, Actions: 1},
		"县自然资源局":        {Received: 1, Handled: 1, Overdue: 1},
		"政务服务中心不动产登记窗口": {Received: 1, Visits: 1, Findings: 1, RectDue: 1, RectFailed: 1, Actions: 1},
		"县供电公司":         {Received: 2, Satisfied: 1, Handled: 1},
	} {
		got := units[name]
		got.UnitID, got.Name, got.Category = "", "", ""
		if got != want {
			t.Errorf("%s\n%+v, want\n%+v", name, got, want)
		}
	}
	if len(s.Units) != 6 {
		t.Errorf("%d units with figures: %v", len(s.Units), s.Units)
	}
	if s.Units[0].Name != "城关镇人民政府" || s.Units[len(s.Units)-1].Name != "县供电公司" {
		t.Errorf("units not in the registry's order: %v", s.Units)
	}

	// A month, and days within months, count the same complaints.
	aug, err := ComputeStats(ctx, l.db, MonthPeriod(2026, 8), l.db.Today())
	if err != nil {
		t.Fatal(err)
	}
	if aug.Complaints.Received != 3 || aug.Complaints.Rejected != 1 || aug.Complaints.Transferred != 1 || aug.Complaints.Dissatisfied != 1 {
		t.Errorf("August %+v", aug.Complaints)
	}
	days, err := CustomPeriod(data.NewDate(2026, 7, 10), data.NewDate(2026, 8, 4))
	if err != nil {
		t.Fatal(err)
	}
	part, err := ComputeStats(ctx, l.db, days, l.db.Today())
	if err != nil {
		t.Fatal(err)
	}
	// T2, T3, T4
	if part.Complaints.Received != 3 || part.Complaints.Late != 1 || part.Complaints.OverdueOpen != 1 || len(part.Monthly) != 2 {
		t.Errorf("07-10..08-04 %+v %v", part.Complaints, part.Monthly)
	}
}
