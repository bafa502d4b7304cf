package rounds

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
)

// A round is created with its team and planned units through the form; as
// visits are recorded the plan shows which units are left.
func TestCreateRoundWithTeamAndPlan(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	wang, chen := apptest.MustPerson(t, db, "王强"), apptest.MustPerson(t, db, "陈静")
	gone := apptest.MustPerson(t, db, "赵敏")
	gone.Active = false
	if err := db.UpdatePerson(ctx, gone); err != nil {
		t.Fatal(err)
	}
	market := apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	w1 := apptest.MustUnit(t, db, "县政务服务中心社保窗口", data.UnitWindow)
	w2 := apptest.MustUnit(t, db, "县政务服务中心公积金窗口", data.UnitWindow)
	apptest.MustUnit(t, db, "城关镇人民政府", data.UnitTownship)

	s := apptest.Show(t, w, "督查检查", New)
	if !w.Press(fyne.KeyN) || w.Window().Canvas().Focused() != s.title {
		t.Fatal("Ctrl+N does not start a new round at its title")
	}
	if slices.ContainsFunc(s.members.checks, func(c *widget.Check) bool { return c.Text == "赵敏" }) {
		t.Error("someone who has left is offered for the team")
	}
	test.Type(s.title, "2026年第四季度全面督查")
	s.kind.SetSelected(string(data.RoundFull))
	test.Type(s.start, "2026-10-08")
	test.Type(s.end, "2026-12-25")
	s.leader.SetSelected("王强")
	apptest.TapCheck(t, s.members.box, "陈静")
	apptest.PickUnit(t, w.Window(), s.plannedPick, "xscjd") // 县市场监督管理局 by its initials
	s.plannedCat.SetSelected(string(data.UnitWindow))
	if len(s.planned) != 3 || s.plannedPick.Text != "" {
		t.Fatalf("planned = %d units, picker %q", len(s.planned), s.plannedPick.Text)
	}
	test.Type(s.desc, "对县直部门和窗口单位开展全面督查。")
	w.Press(fyne.KeyS)
	if s.dirty() {
		t.Fatalf("not saved: %v", apptest.Texts(s.form.Widget()))
	}

	rounds, err := db.Rounds(ctx, data.RoundFilter{})
	if err != nil || len(rounds) != 1 {
		t.Fatalf("rounds = %v, %v", rounds, err)
	}
	r := rounds[0]
	if r.Title != "2026年第四季度全面督查" || r.Kind != data.RoundFull || r.Start != data.NewDate(2026, 10, 8) ||
		r.End != data.NewDate(2026, 12, 25) || r.LeaderID != wang.ID || r.Description != "对县直部门和窗口单位开展全面督查。" {
		t.Errorf("round = %+v", r)
	}
	if !slices.Equal(r.MemberIDs, []string{chen.ID}) {
		t.Errorf("team = %v", r.MemberIDs)
	}
	if !slices.Equal(r.UnitIDs, sortedIDs(market.ID, w1.ID, w2.ID)) {
		t.Errorf("planned = %v", r.UnitIDs)
	}
	if s.heading.Text != r.Title || !strings.Contains(s.planSummary.Text, "计划检查3个单位，已检查0个，尚有3个未检查") {
		t.Errorf("heading %q, plan %q", s.heading.Text, s.planSummary.Text)
	}

	// Two visits later, one unit is left; the list says so.
	apptest.MustVisit(t, db, r, w1, time.Date(2026, 11, 10, 9, 0, 0, 0, data.Zone))
	apptest.MustVisit(t, db, r, market, time.Date(2026, 11, 12, 14, 0, 0, 0, data.Zone))
	w.Leave()
	apptest.Show(t, w, "督查检查", New)
	if got := s.unvisited.Visible(); len(got) != 1 || got[0].ID != w2.ID {
		t.Errorf("unvisited = %v", got)
	}
	if s.planTab.Text != "计划进度（未检查1）" || s.visTab.Text != "检查记录（2）" {
		t.Errorf("tabs = %q, %q", s.planTab.Text, s.visTab.Text)
	}
	apptest.TapButton(t, s.View(), "计划未完成")
	if got := s.table.Visible(); len(got) != 1 || s.left[got[0].ID] != 1 {
		t.Errorf("计划未完成 = %v, left %v", got, s.left)
	}

	// Double-clicking the unit left opens the entry at it.
	s.detail.SelectIndex(2)
	grid := apptest.SelectRow(t, w.Window(), s.unvisited.Widget(), 0)
	grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.entry == nil {
		t.Fatal("the entry did not open")
	}
	if id, _ := s.entry.unit.Unit(); id != w2.ID {
		t.Errorf("entry opened at %s, want %s", id, w2.ID)
	}
}

// Editing a round asks before leaving, and a round with visits cannot be
// deleted.
func TestRoundEditAndDelete(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	u := apptest.MustUnit(t, db, "县交通运输局", data.UnitDepartment)
	kept := apptest.MustRound(t, db, "2026年第四季度暗访", data.RoundCovert, nil, nil, u)
	apptest.MustVisit(t, db, kept, u, time.Date(2026, 11, 3, 9, 0, 0, 0, data.Zone))
	mistake := apptest.MustRound(t, db, "误录的督查活动", data.RoundRandom, nil, nil)

	s := apptest.Show(t, w, "督查检查", New)
	s.table.SortBy(0, false) // by title: 2026… before 误录…
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	if s.round == nil || s.round.ID != kept.ID {
		t.Fatalf("round = %+v", s.round)
	}
	apptest.TapButton(t, s.form.Widget(), "删除")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "删除")
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "该督查活动已有1条检查记录，不能删除") {
		t.Errorf("refusal = %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "确定")

	s.removePlanned(u.ID)
	w.Leave()
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "继续编辑")
	if _, ok := w.Current().(*Screen); !ok || len(s.planned) != 0 {
		t.Fatal("继续编辑 did not keep the change")
	}
	w.Press(fyne.KeyS)
	if r, err := db.Round(ctx, kept.ID); err != nil || len(r.UnitIDs) != 0 {
		t.Fatalf("round after saving = %+v, %v", r, err)
	}

	s.open(mistake.ID)
	apptest.TapButton(t, s.form.Widget(), "删除")
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "删除")
	if _, err := db.Round(ctx, mistake.ID); err == nil {
		t.Fatal("the round entered by mistake is still there")
	}
	if got := s.table.Visible(); len(got) != 1 {
		t.Errorf("%d rounds listed", len(got))
	}
}
