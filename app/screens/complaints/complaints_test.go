package complaints

import (
	"context"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"xiaoneng/app/host"
	"xiaoneng/data"
)

// The register searches as soon as a word is typed, and the step forms
// start at the store's clock.
func init() {
	kit.TypingPause = 0
	clockNow = func() time.Time { return apptest.FixedNow }
}

func subjects(list []*data.Complaint) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.Subject)
	}
	return out
}

func TestComplaintRegisterTabsAndFilters(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.DashboardFixture(t, db)
	s := apptest.Show(t, w, "效能投诉", New)

	if s.state != statePending || len(s.table.Visible()) != 1 {
		t.Fatalf("opens on %s with %v", s.state, subjects(s.table.Visible()))
	}
	for label, want := range map[string]string{statePending: "待受理（1）", stateHandling: "办理中（3）",
		stateDueSoon: "临近到期（1）", stateOverdue: "已超期（1）", string(data.StatusClosed): "已办结（1）", stateAll: "全部（5）"} {
		if got := s.buttons[label].Text; got != want {
			t.Errorf("tab %s reads %q, want %q", label, got, want)
		}
	}

	test.Tap(s.buttons[stateHandling])
	if got := s.table.Visible(); len(got) != 3 {
		t.Fatalf("办理中 lists %v", subjects(got))
	}
	s.category.SetSelected("乱收费")
	if got := s.table.Visible(); len(got) != 0 {
		t.Errorf("办理中 乱收费 lists %v", subjects(got))
	}
	s.category.SetSelected(parts.AnyCategory)
	s.channel.SetSelected(string(data.ChannelPhone))
	if got := s.table.Visible(); len(got) != 3 {
		t.Errorf("办理中 by phone lists %v", subjects(got))
	}
	test.Type(s.unit, "城关镇人民政府") // the full name picks the unit
	if got := s.table.Visible(); len(got) != 2 {
		t.Errorf("办理中 of 城关镇人民政府 lists %v", subjects(got))
	}

	apptest.TapButton(t, s.root, "清除条件")
	test.Tap(s.buttons[stateAll])
	if got := s.table.Visible(); len(got) != 5 {
		t.Fatalf("全部 lists %v", subjects(got))
	}
	test.Type(s.from, "2026-11-16")
	test.Type(s.to, "2026-11-16")
	if got := s.table.Visible(); len(got) != 1 || got[0].Subject != "低保申请材料被退回三次" {
		t.Errorf("received on 2026-11-16: %v", subjects(got))
	}
	apptest.TapButton(t, s.root, "清除条件")

	w.Press(fyne.KeyF)
	test.Type(w.Window().Canvas().Focused(), "宅基地")
	if got := s.table.Visible(); len(got) != 1 {
		t.Errorf("search 宅基地 finds %v", subjects(got))
	}
}

func TestComplaintViewMasksTheComplainant(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.DashboardFixture(t, db)
	s := apptest.Show(t, w, "效能投诉", New)
	s.ShowState(stateOverdue)
	c := s.table.Visible()[0]
	s.OpenComplaint(c)
	view := apptest.TopOverlay(t, w.Window())
	all := strings.Join(apptest.Texts(view), "\n")
	for _, want := range []string{c.Number, "刘** 138****0000", "县自然资源局", "宅基地审批超期未办", "已超期", "15个工作日"} {
		if !strings.Contains(all, want) {
			t.Errorf("complaint view lacks %q: %s", want, all)
		}
	}
	if strings.Contains(all, "刘小红") || strings.Contains(all, "13800000000") {
		t.Error("the complaint view shows the complainant's identity")
	}
	tabs := apptest.Find[*container.AppTabs](t, view)
	if tabs.Items[1].Text != "办理经过（3）" {
		t.Errorf("timeline tab reads %q", tabs.Items[1].Text)
	}
	tabs.SelectIndex(1)
	all = strings.Join(apptest.Texts(view), "\n")
	for _, step := range []string{"登记", "受理", "交办", "承办单位：县自然资源局；时限：15个工作日"} {
		if !strings.Contains(all, step) {
			t.Errorf("timeline lacks %q: %s", step, all)
		}
	}
}

func TestComplaintViewShowsTheAlert(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.DashboardFixture(t, db)
	s := apptest.Show(t, w, "效能投诉", New)
	s.ShowState(stateDueSoon)
	s.OpenComplaint(s.table.Visible()[0])
	if view := apptest.TopOverlay(t, w.Window()); !apptest.Shows(view, "临近到期（剩1个工作日，期限2026-11-23）") {
		t.Errorf("due soon: %v", apptest.Texts(view))
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "关闭")
	s.ShowState(stateOverdue)
	c := s.table.Visible()[0]
	cal, err := db.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := parts.AlertText(c.Alert(cal, host.Today(), 3))
	s.OpenComplaint(c)
	if view := apptest.TopOverlay(t, w.Window()); want != "已超期16个工作日" || !apptest.Shows(view, want) {
		t.Errorf("overdue (%s): %v", want, apptest.Texts(view))
	}
}

// At a million complaints the tabs' counts run to six digits: the tabs
// wrap onto a second row rather than widen the screen past an office
// laptop's (1280 pixels less the navigation), every tab in sight.
func TestTabsWithLargeCountsFitALaptop(t *testing.T) {
	w := apptest.New(t)
	s := apptest.Show(t, w, "效能投诉", New)
	n := 123456
	s.setCounts(data.ComplaintCounts{Pending: n, Accepted: n, Handling: n, DueSoon: n, Overdue: n, Verifying: n,
		Replying: n, FollowUp: n, Closed: n}, 1000000)
	size := fyne.NewSize(1100, 680)
	apptest.LayOut(w.Window(), size)
	if min := w.Window().Content().MinSize(); min.Width > size.Width {
		t.Errorf("the register needs %v pixels across", min.Width)
	}
	if out := apptest.Outside(w.Window()); len(out) > 0 {
		t.Errorf("out of sight: %v", out)
	}
	if b := s.buttons[stateAll]; b.Text != "全部（1000000）" || !b.Visible() {
		t.Errorf("全部 reads %q", b.Text)
	}
}

// The register reads a page at a time with its count, in the background:
// the tab's count and 共 N 条 are the whole list's, 下一页 reads the next
// page, a search selects in the ledger, and 导出Excel writes every page.
func TestRegisterTurnsPages(t *testing.T) {
	prev := pageSize
	pageSize = 2
	t.Cleanup(func() { pageSize = prev })
	w := apptest.New(t)
	db := w.DB()
	apptest.DashboardFixture(t, db)
	apptest.QueueBackground(t)
	s := apptest.Show(t, w, "效能投诉", New)
	s.ShowState(stateAll)
	if !apptest.Shows(s.View(), "正在读取……") {
		t.Errorf("before the reading: %v", apptest.Texts(s.View()))
	}
	apptest.RunQueued()
	first := s.table.Visible()
	if len(first) != 2 || s.buttons[stateAll].Text != "全部（5）" || !apptest.Shows(s.View(), "共 5 条") || !apptest.Shows(s.View(), "第1/3页（每页2件）") {
		t.Fatalf("the first page: %v, %v", subjects(first), apptest.Texts(s.View()))
	}
	apptest.TapButton(t, s.View(), "下一页")
	apptest.RunQueued()
	second := s.table.Visible()
	if len(second) != 2 || !apptest.Shows(s.View(), "第2/3页") || second[0].ID == first[0].ID || second[0].ID == first[1].ID {
		t.Errorf("the second page: %v after %v, %v", subjects(second), subjects(first), apptest.Texts(s.View()))
	}
	if _, sheet := s.ExportSheet(); len(sheetRows(t, sheet)) != 5 {
		t.Errorf("the export of the list is not every page: %d rows", len(sheetRows(t, sheet)))
	}
	// another tab starts at its first page
	s.ShowState(stateHandling)
	apptest.RunQueued()
	if got := s.table.Visible(); len(got) != 2 || !apptest.Shows(s.View(), "第1/2页") || !apptest.Shows(s.View(), "共 3 条") {
		t.Errorf("办理中: %v, %v", subjects(got), apptest.Texts(s.View()))
	}
}
