package field

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
)

// 出库 by units from the screen: a unit ticked on the units' tab (found by
// part of its name; the tick stays when the filter changes), the package
// written; the office has made a round for it. The laptop's 写补充包 shows
// the unit ticked; 结束出库 ends the round made for it.
func TestCheckOutUnitsFromTheScreen(t *testing.T) {
	x := newExchange(t)
	ctx := context.Background()
	other := apptest.MustUnit(t, x.office, "县自然资源局", data.UnitDepartment)
	w := x.h.Window()
	apptest.TapButton(t, x.s.View(), "出库…")
	d := apptest.TopOverlay(t, w)
	tabs := apptest.Find[*container.AppTabs](t, d)
	tabs.SelectIndex(1)
	search := apptest.EntryWith(t, d, "按名称或拼音首字母筛选单位")
	search.SetText("自然")
	if got := checkLabels(t, d); !slices.Equal(got, []string{other.Name}) {
		t.Fatalf("units shown for 自然: %v", got)
	}
	apptest.TapCheck(t, d, other.Name)
	search.SetText("")
	group := checkGroupWith(t, d, other.Name)
	// the unit chosen comes first, ticked
	if !slices.Equal(group.Options, []string{other.Name, "县市场监督管理局"}) || !slices.Equal(group.Selected, []string{other.Name}) {
		t.Errorf("units %v, ticked %v", group.Options, group.Selected)
	}
	if tabs.Items[1].Text != "单位（已选1个）" || tabs.Items[0].Text != "督查活动" {
		t.Errorf("tabs %q, %q", tabs.Items[0].Text, tabs.Items[1].Text)
	}
	apptest.TapButton(t, d, "写出外勤包…")
	typePassphrase(t, w, passphrase)
	apptest.TapButton(t, apptest.TopOverlay(t, w), "保存")
	apptest.WaitJobs(t, x.h)
	if !apptest.Shows(apptest.TopOverlay(t, w), "已写出出库包（外勤笔记本-1，第1号）") || !apptest.Shows(apptest.TopOverlay(t, w), "2026年11月21日外勤笔记本-1按单位出库") {
		t.Fatalf("after 出库: %v", apptest.Texts(apptest.TopOverlay(t, w)))
	}
	w.Canvas().Overlays().Top().Hide()
	if _, err := os.Stat(filepath.Join(filepath.Dir(x.office.Path()), "外勤笔记本-1-出库-20261121.xnpkg")); err != nil {
		t.Fatal(err)
	}
	rows := x.s.laptops.Visible()
	if len(rows) != 1 || len(rows[0].Rounds) != 1 || !rows[0].Rounds[0].ForUnits {
		t.Fatalf("laptops listed: %+v", rows)
	}
	made, err := x.office.Round(ctx, rows[0].Rounds[0].ID)
	if err != nil || made.Kind != data.RoundFollowUp || !slices.Equal(made.UnitIDs, []string{other.ID}) {
		t.Fatalf("the round made for the unit: %+v (%v)", made, err)
	}

	// 写补充包 for it: the unit out is ticked.
	apptest.SelectRow(t, w, x.s.laptops.Widget(), 0)
	apptest.TapButton(t, x.s.View(), "给所选笔记本写补充包…")
	d = apptest.TopOverlay(t, w)
	tabs = apptest.Find[*container.AppTabs](t, d)
	if tabs.Items[1].Text != "单位（已选1个）" || tabs.Items[0].Text != "督查活动（已选1个）" {
		t.Errorf("the refresh's tabs %q, %q", tabs.Items[0].Text, tabs.Items[1].Text)
	}
	apptest.TapButton(t, d, "取消")

	apptest.TapButton(t, x.s.View(), "结束所选笔记本的出库…")
	apptest.TapButton(t, apptest.TopOverlay(t, w), "结束出库")
	if made, err = x.office.Round(ctx, made.ID); err != nil || made.End != made.Start {
		t.Errorf("the round made for the unit after 结束出库: %+v (%v)", made, err)
	}
	if rows := x.s.laptops.Visible(); len(rows) != 1 || !rows[0].Closed {
		t.Errorf("laptops listed: %+v", rows)
	}
}

// checkLabels lists the check boxes shown under o.
func checkLabels(t *testing.T, o fyne.CanvasObject) []string {
	t.Helper()
	var out []string
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if ch, ok := c.(*widget.Check); ok {
			out = append(out, ch.Text)
		}
	})
	return out
}

// checkGroupWith is the check group under o that offers label.
func checkGroupWith(t *testing.T, o fyne.CanvasObject, label string) *widget.CheckGroup {
	t.Helper()
	var found *widget.CheckGroup
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if g, ok := c.(*widget.CheckGroup); ok && slices.Contains(g.Options, label) {
			found = g
		}
	})
	if found == nil {
		t.Fatalf("no check group offers %q", label)
	}
	return found
}
