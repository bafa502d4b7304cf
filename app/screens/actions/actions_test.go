package actions

import (
	"context"
	"errors"
	"testing"
	"time"
	"xiaoneng/app/apptest"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// counts is the line of counts by measure without the thin spaces where it
// may wrap.
func counts(s *Screen) string { return s.counts.Text }

func TestActionCreateViaForm(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.MustUnit(t, db, "县自然资源局", data.UnitDepartment)
	s := apptest.Show(t, w, "责任追究", New)

	w.Press(fyne.KeyN)
	f := s.form
	if s.heading.Text != "新建责任追究" || f.DecidedOn.Text != "2026-11-21" || f.DecidedBy.Text != "县机关效能建设办公室" {
		t.Fatalf("new decision: heading %q, decided %q by %q", s.heading.Text, f.DecidedOn.Text, f.DecidedBy.Text)
	}
	if f.Form.Valid() {
		t.Error("保存 is enabled before the target, unit and measure are chosen")
	}
	if !f.Person.Disabled() {
		t.Error("the person's name is open before 个人 is chosen")
	}
	f.Target.SetSelected(string(data.TargetPerson))
	apptest.PickUnit(t, w.Window(), f.Unit, "自然资源")
	test.Type(f.Person, "赵磊")
	test.Type(f.Post, "不动产登记窗口工作人员")
	f.Measure.SetSelected("诫勉谈话")
	test.Type(f.Reason, "上班时间玩手机，群众等候40分钟")
	f.DecidedOn.ShowCalendar()
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "18")
	test.Type(f.DocNumber, "效告〔2026〕3号")
	w.Press(fyne.KeyS)

	list, err := db.Actions(ctx, data.ActionFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("actions = %v, %v (form says %v)", list, err, apptest.Texts(f.Form.Widget()))
	}
	a := list[0]
	if a.TargetKind != data.TargetPerson || a.UnitName != "县自然资源局" || a.PersonName != "赵磊" ||
		a.PersonPost != "不动产登记窗口工作人员" || a.Measure != "诫勉谈话" || a.Reason != "上班时间玩手机，群众等候40分钟" ||
		!a.DecidedOn.Equal(data.NewDate(2026, 11, 18)) || a.DecidedBy != "县机关效能建设办公室" || a.DocNumber != "效告〔2026〕3号" ||
		a.FindingID != "" || a.ComplaintID != "" {
		t.Errorf("saved %+v", a)
	}
	if f.Form.Dirty() || s.heading.Text != "县自然资源局 赵磊：诫勉谈话" || !s.remove.Visible() {
		t.Errorf("after saving: dirty %v, heading %q, 删除 shown %v", f.Form.Dirty(), s.heading.Text, s.remove.Visible())
	}
	if len(s.table.Visible()) != 1 || counts(s) != "共 1 条：诫勉谈话1" {
		t.Errorf("list %d rows, counts %q", len(s.table.Visible()), counts(s))
	}
	if f.Basis.Text != "无（直接登记）" || f.OpenBasis.Visible() {
		t.Errorf("basis %q, its button shown %v", f.Basis.Text, f.OpenBasis.Visible())
	}

	// Edit: the decision becomes a 效能告诫 against the unit, whose
	// decisions name nobody.
	f.Measure.SetSelected("效能告诫")
	f.Target.SetSelected(string(data.TargetUnit))
	if f.Person.Text != "" || !f.Person.Disabled() || !f.Post.Disabled() {
		t.Errorf("a unit's decision keeps person %q (disabled %v)", f.Person.Text, f.Person.Disabled())
	}
	w.Press(fyne.KeyS)
	got, err := db.Action(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Measure != "效能告诫" || got.TargetKind != data.TargetUnit || got.PersonName != "" || got.PersonPost != "" || got.DocNumber != a.DocNumber {
		t.Errorf("edited %+v", got)
	}
	if list, _ := db.Actions(ctx, data.ActionFilter{}); len(list) != 1 {
		t.Errorf("%d decisions after an edit", len(list))
	}
}

func TestActionValidationInChinese(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.MustUnit(t, db, "县市场监管局", data.UnitDepartment)
	s := apptest.Show(t, w, "责任追究", New)
	f := s.form

	w.Press(fyne.KeyN)
	w.Press(fyne.KeyS)
	if !apptest.Shows(f.Form.Widget(), "请填写追究对象") || !apptest.Shows(f.Form.Widget(), "请填写单位") || !apptest.Shows(f.Form.Widget(), "请填写追究方式") {
		t.Errorf("empty form shows %v", apptest.Texts(f.Form.Widget()))
	}

	// A decision against a person must name the person.
	f.Target.SetSelected(string(data.TargetPerson))
	apptest.PickUnit(t, w.Window(), f.Unit, "市场监管")
	f.Measure.SetSelected("通报批评")
	w.Press(fyne.KeyS)
	if !apptest.Shows(f.Form.Widget(), "被追究人姓名不能为空") {
		t.Errorf("no name: form shows %v", apptest.Texts(f.Form.Widget()))
	}

	// A date that does not exist keeps 保存 disabled and says why.
	f.DecidedOn.SetText("2026-11-31")
	test.Type(f.Person, "钱伟")
	if f.Form.Valid() || !apptest.Shows(f.Form.Widget(), "2026-11-31") {
		t.Errorf("bad date: valid %v, form shows %v", f.Form.Valid(), apptest.Texts(f.Form.Widget()))
	}
	w.Press(fyne.KeyS)
	if list, err := db.Actions(ctx, data.ActionFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("refused saves stored %v, %v", list, err)
	}

	f.DecidedOn.SetText("2026-11-20")
	w.Press(fyne.KeyS)
	if list, err := db.Actions(ctx, data.ActionFilter{}); err != nil || len(list) != 1 || list[0].PersonName != "钱伟" {
		t.Fatalf("after corrections %v, %v", list, err)
	}
}

func TestActionFilters(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	land := apptest.MustUnit(t, db, "县自然资源局", data.UnitDepartment)
	town := apptest.MustUnit(t, db, "城关镇人民政府", data.UnitTownship)
	body := "县机关效能建设办公室"
	apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetPerson, UnitID: land.ID, PersonName: "赵磊", Measure: "诫勉谈话",
		Reason: "窗口推诿", DecidedOn: data.NewDate(2026, 11, 18), DecidedBy: body, DocNumber: "效告〔2026〕3号"})
	apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetUnit, UnitID: land.ID, Measure: "通报批评",
		Reason: "整改不到位", DecidedOn: data.NewDate(2026, 6, 2), DecidedBy: body})
	apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetUnit, UnitID: town.ID, Measure: "效能告诫",
		Reason: "便民服务中心无人值守", DecidedOn: data.NewDate(2025, 12, 30), DecidedBy: "县纪委监委"})
	apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetPerson, UnitID: town.ID, PersonName: "孙丽", PersonPost: "窗口负责人",
		Measure: "诫勉谈话", DecidedOn: data.NewDate(2025, 4, 1), DecidedBy: body})
	s := apptest.Show(t, w, "责任追究", New)

	if n := len(s.table.Visible()); n != 4 || counts(s) != "共 4 条：诫勉谈话2、效能告诫1、通报批评1" {
		t.Fatalf("all: %d rows, counts %q", n, counts(s))
	}
	if want := []string{anyYear, "2026年", "2025年"}; len(s.year.Options) != 3 || s.year.Options[1] != want[1] || s.year.Options[2] != want[2] {
		t.Errorf("years %v", s.year.Options)
	}

	apptest.PickUnit(t, w.Window(), s.unit, "自然资源")
	if n := len(s.table.Visible()); n != 2 || counts(s) != "共 2 条：诫勉谈话1、通报批评1" {
		t.Errorf("县自然资源局: %d rows, counts %q", n, counts(s))
	}
	for _, a := range s.table.Visible() {
		if a.UnitID != land.ID {
			t.Errorf("another unit's decision listed: %+v", a)
		}
	}
	test.Tap(s.targets[string(data.TargetPerson)])
	if rows := s.table.Visible(); len(rows) != 1 || rows[0].PersonName != "赵磊" || counts(s) != "共 1 条：诫勉谈话1" {
		t.Errorf("persons of 县自然资源局: %v, counts %q", rows, counts(s))
	}

	apptest.TapButton(t, s.View(), "清除条件")
	if n := len(s.table.Visible()); n != 4 || s.target != anyTarget {
		t.Errorf("cleared: %d rows, target %q", n, s.target)
	}
	s.year.SetSelected("2025年")
	if s.from.Text != "2025-01-01" || s.to.Text != "2025-12-31" || len(s.table.Visible()) != 2 {
		t.Errorf("2025: %s to %s, %d rows", s.from.Text, s.to.Text, len(s.table.Visible()))
	}
	s.from.SetText("2025-06-01")
	if s.year.Selected != "" || len(s.table.Visible()) != 1 || s.table.Visible()[0].UnitID != town.ID {
		t.Errorf("from 2025-06-01: year %q, rows %v", s.year.Selected, s.table.Visible())
	}
	s.measure.SetSelected("诫勉谈话")
	if n := len(s.table.Visible()); n != 0 || counts(s) != "共 0 条" {
		t.Errorf("诫勉谈话 since 2025-06-01 in 2025: %d rows, counts %q", n, counts(s))
	}

	// The search finds a decision by its document number or its person.
	apptest.TapButton(t, s.View(), "清除条件")
	w.Press(fyne.KeyF)
	test.Type(w.Window().Canvas().Focused(), "效告〔2026〕")
	if rows := s.table.Visible(); len(rows) != 1 || rows[0].PersonName != "赵磊" {
		t.Errorf("search by number: %v", rows)
	}
}

func TestActionDeleteAfterConfirmation(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	u := apptest.MustUnit(t, db, "县住建局", data.UnitDepartment)
	a := apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetUnit, UnitID: u.ID, Measure: "黄牌警告",
		DecidedOn: data.NewDate(2026, 11, 2), DecidedBy: "县机关效能建设办公室"})
	s := apptest.Show(t, w, "责任追究", New)
	if s.remove.Visible() {
		t.Error("删除 offered for a decision not yet saved")
	}
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	if s.form.Action == nil || s.form.Action.ID != a.ID || !s.remove.Visible() {
		t.Fatalf("selecting the row shows %+v", s.form.Action)
	}

	test.Tap(s.remove)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "取消")
	if _, err := db.Action(ctx, a.ID); err != nil {
		t.Fatalf("cancelled delete: %v", err)
	}

	test.Tap(s.remove)
	d := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(d, "县住建局：黄牌警告") {
		t.Errorf("the question shows %v", apptest.Texts(d))
	}
	apptest.TapButton(t, d, "删除")
	if _, err := db.Action(ctx, a.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted decision read: %v", err)
	}
	trail, err := db.AuditTrail(ctx, "actions", a.ID)
	if err != nil || len(trail) != 2 || trail[1].Action != data.AuditDelete {
		t.Errorf("audit trail %+v, %v", trail, err)
	}
	if len(s.table.Visible()) != 0 || counts(s) != "共 0 条" || s.heading.Text != "新建责任追究" {
		t.Errorf("after deleting: %d rows, counts %q, heading %q", len(s.table.Visible()), counts(s), s.heading.Text)
	}
}

func TestActionRecordedFromFindingOpensIt(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	fx := apptest.NewRectFixture(t, db)

	// What the 问题整改 screen would hand over for the overdue finding.
	saved := false
	parts.RecordAction(w, w.Window(), data.Action{TargetKind: data.TargetPerson, UnitID: fx.Overdue.UnitID, UnitName: "县政务服务中心",
		PersonName: "李娜", FindingID: fx.Overdue.ID, Reason: fx.Overdue.Description}, func() { saved = true })
	d := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(d, "【脱岗/纪律作风】窗口人员上班时间玩手机") {
		t.Errorf("the dialog shows %v", apptest.Texts(d))
	}
	apptest.Find[*widget.Select](t, d).SetSelected("效能告诫")
	apptest.TapButton(t, d, "保存")
	if !saved {
		t.Fatalf("not saved; the dialog shows %v", apptest.Texts(d))
	}
	list, err := db.Actions(ctx, data.ActionFilter{FindingID: fx.Overdue.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("decisions on the finding %v, %v", list, err)
	}
	a := list[0]
	if a.PersonName != "李娜" || a.Measure != "效能告诫" || !a.DecidedOn.Equal(host.Today()) || a.DecidedBy != "县机关效能建设办公室" ||
		a.Reason != "窗口人员上班时间玩手机" {
		t.Errorf("recorded %+v", a)
	}

	s := apptest.Show(t, w, "责任追究", New)
	if rows := s.table.Visible(); len(rows) != 1 || s.basisOf(rows[0]) != "【脱岗/纪律作风】窗口人员上班时间玩手机" {
		t.Fatalf("list %v", rows)
	}
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	if !s.form.OpenBasis.Visible() || s.form.OpenBasis.Text != "查看问题" {
		t.Fatalf("basis button %q shown %v", s.form.OpenBasis.Text, s.form.OpenBasis.Visible())
	}
	test.Tap(s.form.OpenBasis)
	if got := w.LastOpened(); got != "OpenFinding "+fx.Overdue.ID {
		t.Errorf("查看问题 asks for %q", got)
	}
}

func TestActionBasisOpensComplaint(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	u := apptest.MustUnit(t, db, "县城管执法局", data.UnitDepartment)
	c := &data.Complaint{ReceivedAt: apptest.FixedNow.Add(-72 * time.Hour), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Name: "张三丰", Phone: "13812345678"}, UnitID: u.ID,
		Category: "乱罚款", Subject: "摊位被罚款未开票据", Content: "城管队员罚款200元未开具票据"}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetUnit, UnitID: u.ID, Measure: "通报批评", ComplaintID: c.ID,
		DecidedOn: data.NewDate(2026, 11, 20), DecidedBy: "县机关效能建设办公室"})
	s := apptest.Show(t, w, "责任追究", New)
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	if want := c.Number + " 摊位被罚款未开票据"; s.form.Basis.Text != want || s.form.OpenBasis.Text != "查看投诉" {
		t.Fatalf("basis %q (%q), want %q", s.form.Basis.Text, s.form.OpenBasis.Text, want)
	}

	// The complaint opens on 效能投诉 (the shell asks first about unsaved
	// changes: TestLeavingUnsavedChangesAsks).
	test.Tap(s.form.OpenBasis)
	if got := w.LastOpened(); got != "OpenComplaint "+c.ID {
		t.Errorf("查看投诉 asks for %q", got)
	}
}

func TestActionBasisText(t *testing.T) {
	for _, c := range []struct {
		b    store.ActionBasis
		want string
	}{
		{store.ActionBasis{}, ""},
		{store.ActionBasis{FindingID: "f", FindingCategory: "门难进", FindingDescription: "大厅入口无导引标识"}, "【门难进】大厅入口无导引标识"},
		{store.ActionBasis{ComplaintID: "c", ComplaintNumber: "TS2026-0007", ComplaintSubject: "窗口推诿", ComplaintDeleted: true},
			"TS2026-0007 窗口推诿（已删除）"},
		{store.ActionBasis{FindingID: "f", FindingCategory: "脸难看", FindingDescription: "态度生硬",
			ComplaintID: "c", ComplaintNumber: "TS2026-0008", ComplaintSubject: "态度生硬"}, "【脸难看】态度生硬；TS2026-0008 态度生硬"},
		{store.ActionBasis{TaskID: "t", TaskNumber: "DB2026-0003", TaskTitle: "城区停车难治理"}, "督办 DB2026-0003 城区停车难治理"},
		{store.ActionBasis{AppraisalID: "r", AppraisalTitle: "2026年关键岗位公务员评议"}, "2026年关键岗位公务员评议"},
	} {
		if got := parts.BasisText(c.b); got != c.want {
			t.Errorf("parts.BasisText(%+v) = %q, want %q", c.b, got, c.want)
		}
	}
}
