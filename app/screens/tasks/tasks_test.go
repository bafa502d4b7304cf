package tasks

import (
	"context"
	"slices"
	"strings"
	"testing"
	"xiaoneng/app/apptest"
	"xiaoneng/app/host"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// all returns the visible objects of type T under o, in order.
func all[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	apptest.Walk(o, func(c fyne.CanvasObject) {
		if x, ok := c.(T); ok {
			out = append(out, x)
		}
	})
	return out
}

// stepInDialog opens the step labelled label on the task shown, lets fill
// complete its dialog, and saves it.
func stepInDialog(t *testing.T, w *apptest.Host, s *Screen, label string, fill func(dlg fyne.CanvasObject)) {
	t.Helper()
	apptest.TapButton(t, s.actions, label)
	dlg := apptest.TopOverlay(t, w.Window())
	fill(dlg)
	apptest.TapButton(t, dlg, "保存")
	if top := w.Window().Canvas().Overlays().Top(); top == dlg {
		t.Fatalf("%s: the dialog stayed open: %v", label, apptest.Texts(dlg))
	}
}

func storedTask(t *testing.T, db *store.DB, id string) *data.Task {
	t.Helper()
	x, err := db.Task(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// A task with two 责任单位 is registered through the form, handed over with
// its 督办通知单, signed by each unit, reported on, and closed after the
// office accepts the final report: every step through the screen.
func TestTaskThroughTheScreen(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	lead := apptest.MustUnit(t, db, "县发展和改革局", data.UnitDepartment)
	fin := apptest.MustUnit(t, db, "县财政局", data.UnitDepartment)
	hrs := apptest.MustUnit(t, db, "县人力资源和社会保障局", data.UnitDepartment)
	s := apptest.Show(t, w, "督办事项", New)

	if !w.Press(fyne.KeyN) {
		t.Fatal("no 新建督办事项 on Ctrl+N")
	}
	s.form.Save()
	if !apptest.Shows(s.form.Widget(), "请填写事项来源") || !apptest.Shows(s.form.Widget(), "请填写事项名称") ||
		!apptest.Shows(s.form.Widget(), "请填写督办内容") || !apptest.Shows(s.form.Widget(), "请填写牵头单位") {
		t.Errorf("an empty form saved or said %v", apptest.Texts(s.form.Widget()))
	}
	s.source.SetSelected(string(data.SourceStandingCommittee))
	test.Type(s.sourceRef, "县委常委会2026年第15次会议")
	test.Type(s.title, "城区背街小巷提升改造")
	test.Type(s.content, "对城区32条背街小巷实施改造")
	apptest.PickUnit(t, w.Window(), s.lead, "县发展")
	apptest.PickUnit(t, w.Window(), s.others.picker, "县财政")
	apptest.PickUnit(t, w.Window(), s.others.picker, "县人力")
	if got := s.others.ids(); !slices.Equal(got, []string{fin.ID, hrs.ID}) {
		t.Fatalf("责任单位 %v", got)
	}
	test.Type(s.due, "2026-12-31")
	apptest.TapButton(t, s.form.Widget(), "添加节点")
	test.Type(s.milestones.rows[0].title, "完成改造方案")
	test.Type(s.milestones.rows[0].due, "2026-12-10")
	if !s.dirty() {
		t.Error("the form is not dirty after typing")
	}
	apptest.TapButton(t, s.form.Widget(), "保存")
	tasks, err := db.Tasks(ctx, data.TaskFilter{})
	if err != nil || len(tasks) != 1 {
		t.Fatalf("%d tasks (%v); the form says %v", len(tasks), err, apptest.Texts(s.form.Widget()))
	}
	task := tasks[0]
	if task.LeadUnitID != lead.ID || len(task.UnitIDs) != 2 || task.Status != data.TaskRegistered || task.Number != "DB2026-0001" ||
		len(task.Milestones) != 1 || !task.RegisteredOn.Equal(data.DateOf(apptest.FixedNow)) {
		t.Fatalf("saved %+v", task)
	}
	if s.tabs.Selected() != s.stateTab || !apptest.Shows(s.View(), "DB2026-0001") {
		t.Errorf("after saving, the task's state is not shown")
	}

	// 交办 with notices: three drafts on the 文书 screen, one per unit.
	stepInDialog(t, w, s, "交办…", func(dlg fyne.CanvasObject) {
		if !apptest.Shows(dlg, "各单位应于2026-11-25前签收（3个工作日）") {
			t.Errorf("交办 dialog says %v", apptest.Texts(dlg))
		}
	})
	if info := apptest.TopOverlay(t, w.Window()); apptest.Shows(info, "已起草督办通知单3份") {
		info.Hide()
	} else {
		t.Errorf("after 交办: %v", apptest.Texts(info))
	}
	task = storedTask(t, db, task.ID)
	if task.Status != data.TaskAssigned {
		t.Fatalf("after 交办: %s", task.Status)
	}
	docs, err := db.Documents(ctx, data.DocumentFilter{Kind: data.DocTaskNotice})
	if err != nil || len(docs) != 3 {
		t.Fatalf("%d notices (%v)", len(docs), err)
	}
	for _, d := range docs {
		if !strings.Contains(d.Body, "城区背街小巷提升改造") || !strings.Contains(d.Body, "2026年11月25日前签收") || d.Recipient == "" {
			t.Errorf("notice to %s: %s", d.Recipient, d.Body)
		}
	}

	// A 签收 dated before the 交办 is refused under its date, in Chinese.
	apptest.TapButton(t, s.actions, "登记签收…")
	dlg := apptest.TopOverlay(t, w.Window())
	apptest.Find[*widget.Select](t, dlg).SetSelected(fin.Name)
	date := apptest.Find[*kit.DateEntry](t, dlg)
	date.SetText("")
	test.Type(date, "2026-11-01")
	test.Type(all[*widget.Entry](dlg)[0], "王芳")
	apptest.TapButton(t, dlg, "保存")
	if !apptest.Shows(dlg, "签收日期不能早于交办日期（2026-11-21）") {
		t.Errorf("an early 签收: %v", apptest.Texts(dlg))
	}
	apptest.TapButton(t, dlg, "取消")

	// 签收 by each unit, the lead last.
	for i, name := range []string{fin.Name, hrs.Name, lead.Name + "（牵头）"} {
		stepInDialog(t, w, s, "登记签收…", func(dlg fyne.CanvasObject) {
			unit := apptest.Find[*widget.Select](t, dlg)
			unit.SetSelected(name)
			test.Type(all[*widget.Entry](dlg)[0], "签收人"+string(rune('甲'+i)))
		})
	}
	task = storedTask(t, db, task.ID)
	if task.Status != data.TaskInProgress || len(task.Unsigned()) != 0 {
		t.Fatalf("after three signatures: %s, %d unsigned", task.Status, len(task.Unsigned()))
	}

	// A progress report: the percentage is checked as it is typed.
	stepInDialog(t, w, s, "报送进展…", func(dlg fyne.CanvasObject) {
		apptest.Find[*widget.Select](t, dlg).SetSelected(fin.Name)
		entries := apptest.Entries(dlg)
		test.Type(entries[0], "120")
		if !apptest.Shows(dlg, "请填写0至100之间的整数") {
			t.Errorf("120%% accepted: %v", apptest.Texts(dlg))
		}
		entries[0].SetText("")
		test.Type(entries[0], "60")
		test.Type(entries[1], "改造资金已落实")
	})
	if u, _ := storedTask(t, db, task.ID).Unit(fin.ID); u.Percent != 60 || !u.LastReportOn.Equal(data.DateOf(apptest.FixedNow)) {
		t.Errorf("progress of 县财政局: %d%% on %s", u.Percent, u.LastReportOn)
	}

	stepInDialog(t, w, s, "办结报告…", func(dlg fyne.CanvasObject) {
		test.Type(all[*kit.TextArea](dlg)[0], "32条背街小巷改造全部完成")
	})
	if got := storedTask(t, db, task.ID).Status; got != data.TaskReported {
		t.Fatalf("after the final report: %s", got)
	}
	stepInDialog(t, w, s, "验收…", func(dlg fyne.CanvasObject) {
		apptest.Find[*widget.RadioGroup](t, dlg).SetSelected(data.AcceptPassed)
	})
	if info := apptest.TopOverlay(t, w.Window()); apptest.Shows(info, "已办结销号") {
		info.Hide()
	} else {
		t.Errorf("after acceptance: %v", apptest.Texts(info))
	}
	task = storedTask(t, db, task.ID)
	if task.Status != data.TaskClosed || !task.ClosedOn.Equal(data.DateOf(apptest.FixedNow)) {
		t.Fatalf("after acceptance: %s %s", task.Status, task.ClosedOn)
	}
	events, err := db.TaskEvents(ctx, task.ID)
	if err != nil || len(events) != 8 {
		t.Errorf("%d events (%v)", len(events), err)
	}
	if len(s.actions.Objects) != 2 || !apptest.Shows(s.View(), "办结销号") {
		t.Errorf("a closed task offers %d buttons", len(s.actions.Objects))
	}
	s.tabs.Select(s.formTab)
	if !s.title.Disabled() || !s.lead.Disabled() {
		t.Error("a closed task's form is still editable")
	}
}

// The list's chips and 提醒 count working days; the 工作台 shows the task
// figures and lists the overdue task; the unit's history has its tasks; an
// overdue task offers 责任追究, recorded against the unit chosen.
func TestTaskAlertsDashboardAndAccountability(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	lead := apptest.MustUnit(t, db, "县人力资源和社会保障局", data.UnitDepartment)
	other := apptest.MustUnit(t, db, "县住房和城乡建设局", data.UnitDepartment)
	mk := func(title string, registered, due data.Date) *data.Task {
		x := &data.Task{Source: data.SourceInstruction, Title: title, Content: title + "的任务", LeadUnitID: lead.ID,
			UnitIDs: []string{other.ID}, Due: due, RegisteredOn: registered}
		if err := db.CreateTask(ctx, x); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AssignTask(ctx, x.ID, registered.AddDays(1), nil); err != nil {
			t.Fatal(err)
		}
		return x
	}
	late := mk("企业欠薪问题专项治理", data.NewDate(2026, 9, 21), data.NewDate(2026, 11, 13))
	soon := mk("城区背街小巷提升改造", data.NewDate(2026, 9, 28), data.NewDate(2026, 11, 25))
	mk("冬春农田水利建设", data.NewDate(2026, 11, 9), data.NewDate(2027, 3, 31))

	// the 工作台's 已超期 figure opens the list on its chip
	s := apptest.Show(t, w, "督办事项", New)
	s.ShowChip(host.TasksOverdue)
	if got := s.table.Visible(); len(got) != 1 || got[0].ID != late.ID {
		t.Errorf("已超期 lists %d tasks", len(got))
	}
	if got := s.alertOf(storedTask(t, db, soon.ID)); got != "剩3个工作日，2个单位逾期未签收" {
		t.Errorf("提醒 of the task due soon: %q", got)
	}

	s.Open(late.ID)
	apptest.TapButton(t, s.actions, "责任追究…")
	dlg := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(dlg, "督办 "+late.Number) {
		t.Errorf("the basis is not the task: %v", apptest.Texts(dlg))
	}
	apptest.Find[*widget.Select](t, dlg).SetSelected("通报批评")
	apptest.TapButton(t, dlg, "保存")
	list, err := db.TaskActions(ctx, late.ID)
	if err != nil || len(list) != 1 || list[0].UnitID != lead.ID || !strings.Contains(list[0].Reason, "超过办结期限未办结") {
		t.Fatalf("actions %+v (%v)", list, err)
	}

}
