package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"
	"xiaoneng/app/screens/documents"
	"xiaoneng/app/screens/stats"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// officeSizes are the windows of the office's laptops: 1366×768 less the
// taskbar, and 1280×720.
var officeSizes = []fyne.Size{{Width: 1366, Height: 728}, {Width: 1280, Height: 720}}

// forEachOfficeSize runs f on a workbench over a ledger filled by
// dashboardFixture, its window at each office size.
func forEachOfficeSize(t *testing.T, f func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size)) {
	for _, size := range officeSizes {
		t.Run(fmt.Sprintf("%v×%v", size.Width, size.Height), func(t *testing.T) {
			w, db := newTestBench(t)
			dashboardFixture(t, db)
			w.Window().Resize(size)
			w.show(0)
			f(t, w, db, size)
		})
	}
}

// layOut lays the window out again: a wrapped text knows its height only
// once it has its width, which a real window settles the next frame.
func layOut(w *Workbench, size fyne.Size) {
	w.Window().Resize(size.AddWidthHeight(1, 0))
	w.Window().Resize(size)
}

// outside lists the controls (buttons, inputs) that lie partly outside
// what shows of them, dialogs included: outside the window, or outside a
// scrolling area in the direction it does not scroll (a form's fields that
// scroll up and down but are cut off at the right cannot be reached). A
// button with a label (保存, 清空) must show without scrolling sideways.
func outside(w *Workbench) []string {
	type clip struct{ x0, y0, x1, y1 float32 }
	inf := float32(1e9)
	size := w.Window().Canvas().Size()
	var out []string
	var visit func(o fyne.CanvasObject, at fyne.Position, c, labelled clip)
	visit = func(o fyne.CanvasObject, at fyne.Position, c, labelled clip) {
		if o == nil || !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		s := o.Size()
		var name string
		switch x := o.(type) {
		case *widget.Button:
			name = "按钮“" + x.Text + "”"
			if x.Text != "" {
				c = labelled
			}
		case *widget.Select:
			name = "下拉框" + x.Selected
		case *kit.TextArea:
			name = "多行输入框" + x.PlaceHolder
		case *widget.Entry:
			name = "输入框" + x.PlaceHolder
		case *widget.Check:
			name = "勾选框" + x.Text
		}
		if name != "" && (at.X < c.x0-1 || at.Y < c.y0-1 || at.X+s.Width > c.x1+1 || at.Y+s.Height > c.y1+1) {
			out = append(out, fmt.Sprintf("%s 在(%.0f,%.0f)-(%.0f,%.0f)", name, at.X, at.Y, at.X+s.Width, at.Y+s.Height))
		}
		switch x := o.(type) {
		case *container.Scroll:
			inner := clip{max(c.x0, at.X), max(c.y0, at.Y), min(c.x1, at.X+s.Width), min(c.y1, at.Y+s.Height)}
			label := clip{max(labelled.x0, at.X), max(labelled.y0, at.Y), min(labelled.x1, at.X+s.Width), min(labelled.y1, at.Y+s.Height)}
			if x.Direction == container.ScrollVerticalOnly || x.Direction == container.ScrollBoth {
				inner.y0, inner.y1 = -inf, inf
				label.y0, label.y1 = -inf, inf
			}
			if x.Direction == container.ScrollHorizontalOnly || x.Direction == container.ScrollBoth {
				inner.x0, inner.x1 = -inf, inf
			}
			visit(x.Content, at.Subtract(x.Offset), inner, label)
		case *widget.Table, *widget.List, *widget.Entry, *kit.TextArea:
			return // they scroll what is inside them
		case *fyne.Container:
			for _, k := range x.Objects {
				visit(k, at, c, labelled)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				visit(k, at, c, labelled)
			}
		}
	}
	window := clip{0, 0, size.Width, size.Height}
	visit(w.Window().Content(), fyne.Position{}, window, window)
	for _, o := range w.Window().Canvas().Overlays().List() {
		visit(o, fyne.Position{}, window, window)
	}
	return out
}

// selectFirst selects the first row of a screen's list, as a click does.
func selectFirst(s screen) { apptest.TapFirstRow(s.View()) }

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
		for i, d := range w.defs {
			w.nav.Select(i)
			selectFirst(w.currentScreen())
			layOut(w, size)
			if min := w.Window().Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%s needs %v×%v", d.title, min.Width, min.Height)
			}
			if out := outside(w); len(out) > 0 {
				t.Errorf("%s: cut off at the window's edge: %v", d.title, out)
			}
		}
	})
}

// The 工作台 gives its list of what to do today the room: at least ten
// rows in view, below the figures.
func TestDashboardListHasTheRoom(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		d := w.currentScreen().(*dashboard)
		layOut(w, size)
		row := widget.NewLabel("中").MinSize().Height + 4
		if h := d.todo.Widget().Size().Height; h < 10*row {
			t.Errorf("今日待办 is %v pixels high: %.1f rows", h, h/row)
		}
	})
}

// The 工作台's sentence on the year, and every wrapped text, break as
// printed Chinese does: no line starts with a closing mark, no number is
// split from its unit.
func TestDashboardSentenceBreaksByTheRules(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		d := w.currentScreen().(*dashboard)
		for _, width := range []float32{size.Width, size.Width - 300, size.Width - 500} {
			layOut(w, fyne.NewSize(width, size.Height))
			lines := drawnText(d.yearNote)
			if strings.Join(lines, "") != d.yearNote.Text {
				t.Fatalf("at %v px the lines %q are not the sentence", width, lines)
			}
			for i, l := range lines {
				if l != "" && strings.ContainsRune("，。、；：？！）", []rune(l)[0]) {
					t.Errorf("at %v px line %d starts with punctuation: %q", width, i, lines)
				}
				if i > 0 && isDigit(lastRune(lines[i-1])) && l != "" && (isDigit([]rune(l)[0]) || []rune(l)[0] == '件') {
					t.Errorf("at %v px a number is split: %q", width, lines)
				}
			}
		}
	})
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// drawnText are the lines a wrapped label draws.
func drawnText(l *kit.WrapLabel) []string {
	var out []string
	apptest.Walk(l, func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	})
	return out
}

// The ticket list shows where each ticket stands and its alert within the
// window, and colours the rows near or past a deadline; a ticket past its
// 受理期限 says so, in working days.
func TestTicketListShowsStateAndAlertInView(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		late := &data.Complaint{ReceivedAt: at(11, 10, 9), Channel: data.ChannelPhone, Complainant: data.Complainant{Anonymous: true},
			UnitID: apptest.MustUnit(t, db, "县林业局", data.UnitDepartment).ID, Category: "慢作为", Subject: "林权证办理无人受理", Content: "十一月十日投诉至今无人联系。"}
		if _, err := db.RegisterComplaint(context.Background(), late); err != nil {
			t.Fatal(err)
		}
		s := goTo[*complaintsScreen](t, w, "效能投诉")
		layOut(w, size)
		var shownWidth float32
		for _, title := range s.table.ShownColumns() {
			shownWidth += s.table.ColumnWidth(title)
			if title == "提醒" {
				break
			}
		}
		if grid := s.table.Widget().Size().Width; shownWidth > grid {
			t.Errorf("the 提醒 column ends at %v, the list is %v wide", shownWidth, grid)
		}
		rows := s.table.Visible()
		if len(rows) != 2 || s.alert(rows[1]) != "受理超期5个工作日" {
			t.Fatalf("待受理 lists %v, 提醒 %q", subjects(rows), s.alert(rows[len(rows)-1]))
		}
		if tone := s.table.RowTone(rows[1]); tone != widget.DangerImportance {
			t.Errorf("a ticket past its 受理期限 is not red: %v", tone)
		}
		s.showState(stateOverdue)
		for _, c := range s.table.Visible() {
			if s.table.RowTone(c) != widget.DangerImportance {
				t.Errorf("%s in 已超期 is not red", c.Number)
			}
		}
	})
}

// The same figure has one name everywhere: the tickets received are 登记
// on the 工作台 and on 统计考核, 受理 only the accepted ones.
func TestReceivedTicketsAreCalledTheSameEverywhere(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		d := w.currentScreen().(*dashboard)
		if !strings.Contains(d.yearNote.Text, "2026年共登记投诉5件，受理4件") {
			t.Errorf("工作台: %q", d.yearNote.Text)
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
	out := outside(w)
	if len(out) != 1 || !strings.Contains(out[0], "一个很宽的按钮") {
		t.Errorf("cut off: %v", out)
	}
	// A labelled button must show without scrolling sideways.
	w.Window().SetContent(container.NewHScroll(row))
	w.Window().Resize(fyne.NewSize(600, 400))
	if out := outside(w); len(out) != 1 {
		t.Errorf("a labelled button off to the side: %v", out)
	}
}

// A letter of thousands of characters opens in the ticket view at once, in
// a view of its own that scrolls, and the view fits the window.
func TestLongLetterOpensInItsOwnView(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		c := &data.Complaint{ReceivedAt: at(11, 20, 9), Channel: data.Channel12345, Complainant: data.Complainant{Name: "刘小红"},
			UnitID: apptest.MustUnit(t, db, "县林业局", data.UnitDepartment).ID, Category: "慢作为", Subject: "林权证办理多次往返", Content: letter5000}
		if _, err := db.RegisterComplaint(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		s := goTo[*complaintsScreen](t, w, "效能投诉")
		s.showTicket(c)
		layOut(w, size)
		var letter *kit.WrapLabel
		apptest.Walk(apptest.TopOverlay(t, w.Window()), func(o fyne.CanvasObject) {
			if l, ok := o.(*kit.WrapLabel); ok && l.Text == letter5000 {
				letter = l
			}
		})
		if letter == nil || letter.MaxLines == 0 {
			t.Fatal("the letter is not shown in a scrolling view")
		}
		if drawn := len(drawnText(letter)); drawn > letterLines+2 {
			t.Errorf("the letter's view draws %d lines for %d shown", drawn, letterLines)
		}
		if out := outside(w); len(out) > 0 {
			t.Errorf("cut off: %v", out)
		}
	})
}

// 登记投诉 shows every problem at once under its field, keeps 保存 enabled
// and in view, calls a date that does not exist so, and ticking 匿名 turns
// the identity fields off (and the name's message goes).
func TestRegisterFormShowsEveryProblemAtOnce(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		s := goTo[*complaintsScreen](t, w, "效能投诉")
		s.Create()
		r := s.register
		dlg := apptest.TopOverlay(t, w.Window())
		r.identity[1].SetText("电话号码")  // phone
		r.identity[2].SetText("12345") // ID number
		r.when.day.SetText("2026-13-45")
		save := findButton(t, dlg, "保存")
		test.Tap(save)
		layOut(w, size)
		for _, want := range []string{"日期“2026-13-45”不存在", "请选择投诉渠道", "投诉人姓名不能为空", "投诉人电话只能包含数字",
			"身份证号码应为18位", "请选择被投诉单位", "请选择投诉类别", "事由不能为空", "投诉内容不能为空"} {
			if !apptest.Shows(dlg, want) {
				t.Errorf("after one 保存 the form does not show %q: %v", want, apptest.Texts(dlg))
			}
		}
		if save.Disabled() {
			t.Error("保存 greyed out")
		}
		if out := outside(w); len(out) > 0 {
			t.Errorf("cut off: %v", out)
		}
		if w.Window().Canvas().Focused() != fyne.Focusable(r.when.day) {
			t.Errorf("the cursor is not in the first field to fix: %T", w.Window().Canvas().Focused())
		}
		test.Tap(r.anonymous)
		for _, e := range r.identity {
			if !e.Disabled() {
				t.Fatal("匿名 left an identity field enabled")
			}
		}
		if apptest.Shows(dlg, "投诉人姓名不能为空") {
			t.Error("the name's message stayed after ticking 匿名")
		}
		if n, err := db.CountComplaints(context.Background(), data.ComplaintFilter{}); err != nil || n != 5 {
			t.Errorf("a refused form changed the ledger: %d tickets, %v", n, err)
		}
	})
}

// The list is the user's Excel: 导出Excel writes every column of the
// tickets the tab and filters keep (content, result, 回访 included, the
// complainant left out), named after the filters; rows copy as
// tab-separated text; a column hidden stays hidden the next time.
func TestTicketListIsTheUsersExcel(t *testing.T) {
	forEachOfficeSize(t, func(t *testing.T, w *Workbench, db *store.DB, size fyne.Size) {
		s := goTo[*complaintsScreen](t, w, "效能投诉")
		s.showState(stateAll)
		s.channel.SetSelected(string(data.ChannelPhone))
		name, sheet := s.ExportSheet()
		if name != "效能投诉（渠道电话）" || len(sheet.Rows) != 5 {
			t.Fatalf("export %q with %d rows", name, len(sheet.Rows))
		}
		var titles []string
		for _, c := range sheet.Columns {
			titles = append(titles, c.Title)
		}
		for _, want := range []string{"投诉内容", "办理结果", "核实结论", "满意度", "归档时间"} {
			if !slices.Contains(titles, want) {
				t.Errorf("the export has no %s: %v", want, titles)
			}
		}
		for _, hidden := range []string{"投诉人", "联系电话", "身份证号"} {
			if slices.Contains(titles, hidden) {
				t.Errorf("the export shows the complainant's %s", hidden)
			}
		}
		s.table.SelectAll()
		tsv := s.table.CopyText(s.table.SelectedRows())
		if lines := strings.Split(strings.TrimSuffix(tsv, "\r\n"), "\r\n"); len(lines) != 6 || !strings.HasPrefix(lines[0], "编号\t收件日期\t状态\t提醒") {
			t.Errorf("copied %q", tsv)
		}
		s.table.SetColumnShown("渠道", false)
		again := newComplaintsScreen(w)
		if slices.Contains(again.table.ShownColumns(), "渠道") {
			t.Error("a hidden column shows again in a new list")
		}
	})
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
		cs := goTo[*complaintsScreen](t, w, "效能投诉")
		cs.showTicket(c)
		apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "归档…")
		if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "尚未送达") {
			t.Errorf("归档 does not warn of the 交办单: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
		}
	})
}
