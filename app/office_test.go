package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"
	"xiaoneng/app/screens/complaints"
	"xiaoneng/app/screens/dashboard"
	"xiaoneng/app/screens/documents"
	"xiaoneng/app/screens/stats"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
	"xiaoneng/data/store"
)

// forEachOfficeSize runs f on a workbench over a ledger filled by
// dashboardFixture, its window at each office size.
func forEachOfficeSize(t *testing.T, f func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size)) {
	for _, size := range apptest.OfficeSizes {
		t.Run(fmt.Sprintf("%v×%v", size.Width, size.Height), func(t *testing.T) {
			w, db := newTestBench(t)
			apptest.DashboardFixture(t, db)
			w.Window().Resize(size)
			w.show(0)
			f(t, w, db, size)
		})
	}
}

// selectFirst selects the first row of a screen's list, as a click does,
// and says whether the row was then shown selected.
func selectFirst(s screen) bool { return apptest.TapFirstRow(s.View()) }

// Every screen fits the office's laptops, with a record selected: its
// minimum size is within the window, and no button or input is cut off at
// the window's edge (what scrolls is reachable by scrolling).
func TestEveryScreenFitsAnOfficeLaptop(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		forest := apptest.MustUnit(t, db, "县林业局", data.UnitDepartment)
		apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetUnit, UnitID: forest.ID,
			Measure: data.Measures[0], DecidedOn: data.NewDate(2026, 11, 2), Reason: "督查发现问题整改不力"})
		posts := &data.AppraisalRound{Title: "2026年关键岗位公务员评议", Kind: data.AppraisalKeyPosts,
			From: data.NewDate(2026, 1, 1), To: data.NewDate(2026, 10, 31), HeldOn: data.NewDate(2026, 11, 10)}
		for _, p := range []string{"行政审批服务岗", "综合受理窗口", "林权登记岗"} {
			posts.Posts = append(posts.Posts, data.AppraisalPost{UnitID: forest.ID, Post: p, Holder: "吴思清",
				Duties: "负责办理林木采伐许可、林权登记等审批事项", Score: 90.5, HasScore: true})
		}
		if err := db.CreateAppraisal(context.Background(), posts); err != nil {
			t.Fatal(err)
		}
		apptest.MustPerson(t, db, "吴思清")
		if err := db.CreateTask(context.Background(), &data.Task{Source: data.SourceInstruction, Title: "林权登记提速",
			Content: "林权登记办理时限压缩至5个工作日", LeadUnitID: forest.ID, Due: data.NewDate(2026, 12, 31),
			RegisteredOn: data.NewDate(2026, 11, 2)}); err != nil {
			t.Fatal(err)
		}
		// a laptop out, for 外勤's list
		rounds, err := db.Rounds(context.Background(), data.RoundFilter{})
		if err != nil || len(rounds) == 0 {
			t.Fatal(rounds, err)
		}
		if _, err := db.WritePackageForLaptop(context.Background(), store.FieldOut{Rounds: []string{rounds[0].ID}, Laptop: "外勤笔记本-1",
			Path: filepath.Join(t.TempDir(), "出库.xnpkg"), Cipher: exchange.Passphrase{Secret: "外勤口令", WorkFactor: 10}}); err != nil {
			t.Fatal(err)
		}
		// The screens without a record list: the others are looked at with
		// their first record selected.
		noList := map[string]bool{"统计考核": true, "设置": true}
		for i, d := range w.defs {
			w.nav.Select(i)
			if !noList[d.title] && !selectFirst(w.currentScreen()) {
				t.Errorf("%s: a click on the first row of its list selected nothing", d.title)
			}
			apptest.LayOut(w.Window(), size)
			if min := w.Window().Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%s needs %v×%v", d.title, min.Width, min.Height)
			}
			if out := apptest.Outside(w.Window()); len(out) > 0 {
				t.Errorf("%s: cut off at the window's edge: %v", d.title, out)
			}
		}
	})
}

// The same figure has one name everywhere: the complaints received are 登记
// on the 工作台 and on 统计考核, 受理 only the accepted ones.
func TestReceivedComplaintsAreCalledTheSameEverywhere(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		d := w.currentScreen().(*dashboard.Screen)
		if !apptest.Shows(d.View(), "2026年共登记投诉5件，受理4件") {
			t.Errorf("工作台: %v", apptest.Texts(d.View()))
		}
		// the figures are worked out in place (apptest.Setup)
		s := goTo[*stats.Screen](t, w, "统计考核")
		if !apptest.Shows(s.View(), "登记投诉") || apptest.Shows(s.View(), "受理群众投诉") {
			t.Errorf("统计考核: %v", apptest.Texts(s.View()))
		}
	})
}

// The check above sees a button cut off at the right of a scroll that only
// scrolls up and down, and a labelled one off to the side of one that
// scrolls sideways; not an input or an icon there.
func TestOutsideSeesAButtonCutOff(t *testing.T) {
	w, _ := newTestBench(t)
	wide := widget.NewButton("一个很宽的按钮", nil)
	row := container.NewGridWrap(fyne.NewSize(900, 36), wide)
	sideways := container.NewGridWrap(fyne.NewSize(900, 36), widget.NewButton("", nil), widget.NewEntry())
	w.Window().SetContent(container.NewGridWithColumns(2, container.NewVScroll(row), container.NewHScroll(sideways)))
	w.Window().Resize(fyne.NewSize(1000, 400))
	out := apptest.Outside(w.Window())
	if len(out) != 1 || !strings.Contains(out[0], "一个很宽的按钮") {
		t.Errorf("cut off: %v", out)
	}
	// A labelled button must show without scrolling sideways.
	w.Window().SetContent(container.NewHScroll(row))
	w.Window().Resize(fyne.NewSize(600, 400))
	if out := apptest.Outside(w.Window()); len(out) != 1 {
		t.Errorf("a labelled button off to the side: %v", out)
	}
}

// Details: 另存为PDF asks under its own title; the 交办单 dialog offers no
// 督查问题; 归档 warns of a 交办单 never delivered; the unsaved-changes
// question has 继续编辑 as its highlighted answer.
func TestDetailsOfTheWorkbench(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		ctx := context.Background()
		list, err := db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusHandling})
		if err != nil || len(list) == 0 {
			t.Fatal(list, err)
		}
		c := list[0]
		parts.DraftFromComplaint(w, c, data.DocAssignment)
		dlg := apptest.TopOverlay(t, w.Window())
		if apptest.Shows(dlg, "未公示服务承诺制") || apptest.Shows(dlg, "3号窗口工作人员离岗") || !apptest.Shows(dlg, "交办单依据投诉件") {
			t.Errorf("the 交办单 dialog offers findings: %v", apptest.Texts(dlg))
		}
		apptest.TapButton(t, dlg, "保存")
		docs, err := db.Documents(ctx, data.DocumentFilter{ComplaintID: c.ID})
		if err != nil || len(docs) != 1 {
			t.Fatal(docs, err)
		}
		ds := w.currentScreen().(*documents.Screen)
		apptest.TapButton(t, ds.View(), "另存为PDF…")
		if title := apptest.TopOverlay(t, w.Window()).(*widget.PopUp); title == nil || !apptest.Shows(title, "交办单另存为PDF") {
			t.Errorf("另存为PDF asks %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
		}
		apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "取消")

		// Through to 归档 with the 交办单 still a draft.
		for _, st := range []data.Step{{Kind: data.EventFeedback, At: apptest.FixedNow.Add(-5 * time.Hour), Note: "已办结"},
			{Kind: data.EventVerify, At: apptest.FixedNow.Add(-4 * time.Hour), Result: string(data.VerifiedFalse)},
			{Kind: data.EventReply, At: apptest.FixedNow.Add(-3 * time.Hour), Method: "电话"},
			{Kind: data.EventFollowUp, At: apptest.FixedNow.Add(-2 * time.Hour), Method: "电话", Result: string(data.Satisfied)}} {
			if _, _, err := db.ApplyStep(ctx, c.ID, st); err != nil {
				t.Fatal(err)
			}
		}
		cs := goTo[*complaints.Screen](t, w, "效能投诉")
		cs.OpenComplaint(c)
		apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "归档…")
		if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "尚未送达") {
			t.Errorf("归档 does not warn of the 交办单: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
		}
	})
}
