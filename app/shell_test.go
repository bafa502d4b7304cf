package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/screens/complaints"
	"xiaoneng/app/screens/dashboard"
	"xiaoneng/app/screens/people"
	"xiaoneng/app/screens/settings"
	"xiaoneng/app/screens/units"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

func TestNavigationShowsEachScreen(t *testing.T) {
	w, _ := newTestBench(t)
	var titles []string
	for _, d := range w.defs {
		titles = append(titles, d.title)
	}
	// Screens of later work join between 单位 and 人员.
	if len(titles) < 4 || !slices.Equal(titles[:2], []string{"工作台", "单位"}) || !slices.Equal(titles[len(titles)-2:], []string{"人员", "设置"}) {
		t.Fatalf("navigation = %v", titles)
	}
	if got := w.Window().Title(); got != "效能台账 — 台账.db — 县机关效能建设办公室" {
		t.Errorf("title = %q", got)
	}
	if _, ok := w.currentScreen().(*dashboard.Screen); !ok {
		t.Fatalf("the window opens on %T, want the 工作台", w.currentScreen())
	}

	// Every registered screen shows when its entry is selected, in its
	// place beside the navigation column.
	for i, d := range w.defs {
		w.nav.Select(i)
		s := w.currentScreen()
		if s == nil || w.current != i || len(w.body.Objects) != 1 || w.body.Objects[0] != s.View() {
			t.Errorf("%s: not shown", d.title)
		}
	}
	for title, text := range map[string]string{"工作台": "今日待办", "单位": "单位名称", "人员": "姓名", "设置": "本办名称"} {
		for i, d := range w.defs {
			if d.title == title {
				w.nav.Select(i)
			}
		}
		if !apptest.Shows(w.Window().Content(), text) {
			t.Errorf("the %s screen does not show %s", title, text)
		}
	}
}

// The record items of the 文件 menu, and their shortcuts, are there only on
// screens that have them: never a menu item that does nothing.
func TestMenuFollowsTheScreen(t *testing.T) {
	w, _ := newTestBench(t)
	if got := menuLabels(w); !slices.Equal(got, []string{"打开台账…", "新建台账…", "连接单位服务器…", "打开外勤包…", "备份台账…", "锁定工作台", "退出登录（切换用户）", "退出"}) {
		t.Errorf("工作台 menu = %v", got)
	}
	for _, key := range []fyne.KeyName{fyne.KeyN, fyne.KeyS, fyne.KeyP, fyne.KeyF} {
		if press(w, key) {
			t.Errorf("Ctrl+%s does something on the 工作台", key)
		}
	}

	goTo[*units.Screen](t, w, "单位")
	if got := menuLabels(w); !slices.Equal(got, []string{"新建单位", "保存", "查找", "从Excel导入…", "最近的导入…", "导出Excel…", "打开台账…", "新建台账…", "连接单位服务器…", "打开外勤包…", "备份台账…", "锁定工作台", "退出登录（切换用户）", "退出"}) {
		t.Errorf("单位 menu = %v", got)
	}
	if press(w, fyne.KeyP) {
		t.Error("Ctrl+P does something on the 单位 screen, which has nothing to print")
	}
	if !press(w, fyne.KeyF) || w.Window().Canvas().Focused() == nil {
		t.Error("Ctrl+F does not focus the search box")
	}
	test.Type(w.Window().Canvas().Focused(), "人社")
	pressed := press(w, fyne.KeyN)
	if name, ok := w.Window().Canvas().Focused().(*widget.Entry); !pressed || !ok || name.Text != "" {
		t.Error("Ctrl+N does not start a new unit at its name")
	}
	set := goTo[*settings.Screen](t, w, "设置")
	apptest.Find[*container.AppTabs](t, set.View()).SelectIndex(2) // 数据与备份: nothing to save
	if press(w, fyne.KeyS) {
		t.Error("Ctrl+S is offered on the 数据与备份 tab")
	}
	apptest.Find[*container.AppTabs](t, set.View()).SelectIndex(1)
	if !press(w, fyne.KeyS) {
		t.Error("Ctrl+S is not offered on the 节假日安排 tab")
	}
	for _, m := range w.Window().MainMenu().Items {
		for _, it := range m.Items {
			if strings.ContainsAny(it.Label, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
				t.Errorf("menu item %q is not Chinese", it.Label)
			}
		}
	}
}

// Leaving a screen with unsaved changes asks first; staying keeps the
// screen and its changes.
func TestLeavingUnsavedChangesAsks(t *testing.T) {
	w, _ := newTestBench(t)
	goTo[*people.Screen](t, w, "人员")
	press(w, fyne.KeyN) // a new person, the cursor in the name
	name := w.Window().Canvas().Focused().(*widget.Entry)
	test.Type(name, "王芳")
	w.nav.Select(0) // 工作台
	if _, ok := w.currentScreen().(*people.Screen); !ok {
		t.Fatal("left the 人员 screen without asking")
	}
	d := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(d, "有未保存的修改") {
		t.Fatalf("dialog says %v", apptest.Texts(d))
	}
	apptest.TapButton(t, d, "继续编辑")
	if _, ok := w.currentScreen().(*people.Screen); !ok || name.Text != "王芳" {
		t.Fatal("继续编辑 did not keep the screen and the typing")
	}
	if w.nav.Length() == 0 {
		t.Fatal("no navigation")
	}

	w.nav.Select(0)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "放弃修改")
	if _, ok := w.currentScreen().(*dashboard.Screen); !ok {
		t.Fatalf("放弃修改 did not leave: on %T", w.currentScreen())
	}
}

// A complaint opened from another screen (查看投诉 on 责任追究, a line of
// 今日待办) shows on 效能投诉 after the unsaved changes are asked about, its
// complainant masked for a user not allowed to see them.
func TestOpenComplaintMasksTheComplainant(t *testing.T) {
	w, db := newTestBench(t)
	u := apptest.MustUnit(t, db, "县城管执法局", data.UnitDepartment)
	c := &data.Complaint{ReceivedAt: apptest.FixedNow.Add(-72 * time.Hour), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Name: "张三丰", Phone: "13812345678"}, UnitID: u.ID,
		Category: "乱罚款", Subject: "摊位被罚款未开票据", Content: "城管队员罚款200元未开具票据"}
	if _, err := db.RegisterComplaint(context.Background(), c); err != nil {
		t.Fatal(err)
	}

	goTo[*people.Screen](t, w, "人员")
	press(w, fyne.KeyN)
	test.Type(w.Window().Canvas().Focused().(*widget.Entry), "王芳")
	w.OpenComplaint(c)
	if _, ok := w.currentScreen().(*people.Screen); !ok {
		t.Fatal("left the screen with unsaved changes without asking")
	}
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "放弃修改")
	if _, ok := w.currentScreen().(*complaints.Screen); !ok {
		t.Fatalf("the complaint shows on %T", w.currentScreen())
	}
	view := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(view, "摊位被罚款未开票据") || apptest.Shows(view, "张三丰") ||
		apptest.Shows(view, "13812345678") || !apptest.Shows(view, "张**") || !apptest.Shows(view, "138****5678") {
		t.Errorf("the complaint's view shows %v", apptest.Texts(view))
	}
}

func TestAboutShowsVersionLedgerAndFont(t *testing.T) {
	w, db := newTestBench(t)
	info := w.aboutInfo()
	if info[0][0] != "版本" || info[0][1] == "" {
		t.Errorf("version = %v", info[0])
	}
	if info[1][1] != db.Path() {
		t.Errorf("ledger = %q, want %q", info[1][1], db.Path())
	}
	if info[2][1] == "" {
		t.Error("no font named")
	}
	w.showAbout()
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), db.Path()) {
		t.Error("关于 does not show the ledger path")
	}
}

// Every screen fits a 1280×720 screen (the smallest an office laptop has):
// a screen wider or taller than that would push the window past the
// display's edge, with its buttons out of reach.
func TestEveryScreenFitsASmallDisplay(t *testing.T) {
	w, _ := newTestBench(t)
	for i, d := range w.defs {
		w.nav.Select(i)
		if min := w.Window().Content().MinSize(); min.Width > 1280 || min.Height > 720 {
			t.Errorf("%s needs %v×%v", d.title, min.Width, min.Height)
		}
	}
}
