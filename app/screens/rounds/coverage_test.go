package rounds

import (
	"context"
	"testing"
	"time"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
)

// The coverage figures of a hand-counted quarter, as the 通报 sentence and
// the tables say them.
func TestCoverageFigures(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	dept1 := apptest.MustUnit(t, db, "县财政局", data.UnitDepartment)
	dept2 := apptest.MustUnit(t, db, "县教育体育局", data.UnitDepartment)
	win := apptest.MustUnit(t, db, "县政务服务中心医保窗口", data.UnitWindow)
	town := apptest.MustUnit(t, db, "城关镇人民政府", data.UnitTownship)
	r := apptest.MustRound(t, db, "2026年第四季度明察暗访", data.RoundCovert, nil, nil)
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 9, 0, 0, 0, data.Zone) }
	finding := func(cat data.Category, d data.Disposition, days int) *data.Finding {
		return &data.Finding{Category: cat, Description: "检查发现" + string(cat), Disposition: d, RectLimitDays: days}
	}
	// In the quarter: 4 visits to 3 units (2 县直部门, 1 窗口服务单位);
	// 3 findings, 2 ordered to rectify, 1 of them closed.
	apptest.MustVisit(t, db, r, dept1, at(10, 12))
	apptest.MustVisit(t, db, r, dept1, at(11, 3), finding("脱岗/纪律作风", data.DispositionNotice, 5))
	apptest.MustVisit(t, db, r, dept2, at(11, 4))
	v := apptest.MustVisit(t, db, r, win, at(11, 5), finding("事难办", data.DispositionNotice, 5), finding("事难办", data.DispositionOnSite, 0))
	fs, err := db.Findings(ctx, data.FindingFilter{VisitID: v.ID, RectStatus: data.RectOpen})
	if err != nil || len(fs) != 1 {
		t.Fatalf("findings = %v, %v", fs, err)
	}
	if err := db.SubmitRectificationReport(ctx, fs[0].ID, data.NewDate(2026, 11, 10), "已整改", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecheckFinding(ctx, fs[0].ID, data.NewDate(2026, 11, 12), data.RecheckPassed, "", "", 0); err != nil {
		t.Fatal(err)
	}
	// Outside it: the last quarter.
	apptest.MustVisit(t, db, r, town, at(9, 28), finding("门难进", data.DispositionOnSite, 0))

	s := apptest.Show(t, w, "督查检查", New)
	s.tabs.SelectIndex(2)
	c := s.coverage
	if c.from.Text != "2026-10-01" || c.to.Text != "2026-12-31" {
		t.Fatalf("period = %s..%s, want this quarter", c.from.Text, c.to.Text)
	}
	// What the 通报 of the quarter says, as of the test's today: the
	// notice's five working days from 11-03 have passed.
	want := "2026年第四季度，共开展督查活动1次，实地检查4次，检查单位3个（其中县直部门2个、窗口服务单位1个），" +
		"发现问题3个，主要是事难办2个、脱岗/纪律作风1个；责令整改的2个问题中已整改1个，整改率50.0%，整改不到位或逾期未整改1个。"
	if c.summary.Text != want {
		t.Errorf("summary =\n%s\nwant\n%s", c.summary.Text, want)
	}
	if !apptest.Shows(c.units, "县直部门") || !apptest.Shows(c.units, "2个") || !apptest.Shows(c.findings, "事难办") {
		t.Errorf("tables = %v / %v", apptest.Texts(c.units), apptest.Texts(c.findings))
	}

	apptest.TapButton(t, c.root, "上季度")
	if want := "2026年第三季度，实地检查1次，检查单位1个，发现问题1个，主要是门难进1个。"; c.summary.Text != want {
		t.Errorf("last quarter = %s", c.summary.Text)
	}
	c.from.SetText("2026-12-01")
	if want := "结束日期不能早于开始日期"; c.summary.Text != want {
		t.Errorf("inverted period = %s", c.summary.Text)
	}
	c.to.SetText("2026-12-31")
	if want := "2026年12月，未开展实地检查。"; c.summary.Text != want {
		t.Errorf("December = %s", c.summary.Text)
	}
	c.to.SetText("2026-12-20")
	if want := "2026年12月1日至12月20日，未开展实地检查。"; c.summary.Text != want {
		t.Errorf("December to the 20th = %s", c.summary.Text)
	}
}
