package units

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"xiaoneng/app/apptest"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"

	"xiaoneng/data"
)

func TestCreateUnitWithParentAndChecklist(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	parent := apptest.MustUnit(t, db, "县人力资源和社会保障局", data.UnitDepartment)
	s := apptest.Show(t, w, "单位", New)

	w.Press(fyne.KeyN)
	test.Type(s.name, "县人社局社保服务窗口")
	test.Type(s.short, "社保窗口")
	s.category.SetSelected(string(data.UnitWindow))
	apptest.PickUnit(t, w.Window(), s.parent, "xrlzy")
	if id, _ := s.parent.Unit(); id != parent.ID {
		t.Fatalf("picker chose %q, want %s", id, parent.ID)
	}
	test.Type(s.principal, "赵建国")
	test.Type(s.phone, "0791-8888 1234")
	test.Tap(s.posted[0]) // 岗位责任制, checked today
	test.Tap(s.posted[3]) // 首问负责制, checked on a day typed
	s.checkedOn[3].SetText("")
	test.Type(s.checkedOn[3], "2026-11-18")
	if !s.dirty() {
		t.Fatal("the form is not marked as changed")
	}
	w.Press(fyne.KeyS)
	if s.dirty() {
		t.Fatalf("still unsaved after Ctrl+S: %v", apptest.Texts(s.form.Widget()))
	}

	list, err := db.Units(ctx, data.UnitFilter{Search: "社保服务窗口"})
	if err != nil || len(list) != 1 {
		t.Fatalf("units = %v, %v", list, err)
	}
	u, err := db.Unit(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.ShortName != "社保窗口" || u.Category != data.UnitWindow || u.ParentID != parent.ID ||
		u.Principal != "赵建国" || u.Phone != "0791-8888 1234" || u.Status != data.UnitActive {
		t.Errorf("saved unit = %+v", u)
	}
	for i, d := range u.Disclosures {
		switch i {
		case 0:
			if !d.Posted || d.CheckedOn != data.NewDate(2026, 11, 21) {
				t.Errorf("%s = %+v, want posted, checked 2026-11-21", d.Item, d)
			}
		case 3:
			if !d.Posted || d.CheckedOn != data.NewDate(2026, 11, 18) {
				t.Errorf("%s = %+v, want posted, checked 2026-11-18", d.Item, d)
			}
		default:
			if d.Posted || !d.CheckedOn.IsZero() {
				t.Errorf("%s = %+v, want unchecked", d.Item, d)
			}
		}
	}
	if got := len(s.table.Visible()); got != 2 {
		t.Errorf("table shows %d units, want 2", got)
	}
	if s.heading.Text != "县人社局社保服务窗口" {
		t.Errorf("heading = %q", s.heading.Text)
	}

	// Editing: the principal changes and an item is unticked.
	s.principal.SetText("")
	test.Type(s.principal, "钱卫东")
	test.Tap(s.posted[0])
	w.Press(fyne.KeyS)
	u, err = db.Unit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Principal != "钱卫东" || u.Disclosures[0].Posted || !u.Disclosures[3].Posted {
		t.Errorf("after the edit: principal %q, checklist %+v", u.Principal, u.Disclosures)
	}
}

func TestUnitValidationMessages(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	apptest.MustUnit(t, db, "县市场监督管理局", data.UnitDepartment)
	s := apptest.Show(t, w, "单位", New)

	w.Press(fyne.KeyN)
	s.category.SetSelected(string(data.UnitDepartment))
	test.Type(s.phone, "八八八八")
	s.form.Save()
	// Both problems at once, each under its field.
	if !apptest.Shows(s.form.Widget(), "单位名称不能为空") || !apptest.Shows(s.form.Widget(), "联系电话只能包含数字、空格和“-”") {
		t.Errorf("empty name and bad phone: form shows %v", apptest.Texts(s.form.Widget()))
	}
	s.phone.SetText("")

	test.Type(s.name, "县市场监督管理局")
	w.Press(fyne.KeyS)
	if !apptest.Shows(s.form.Widget(), "已有在用单位名为“县市场监督管理局”") {
		t.Errorf("duplicate name: form shows %v", apptest.Texts(s.form.Widget()))
	}
	test.Type(s.name, "城东分局")
	test.Type(s.phone, "八八八八")
	w.Press(fyne.KeyS)
	if !apptest.Shows(s.form.Widget(), "联系电话只能包含数字、空格和“-”") {
		t.Errorf("bad phone: form shows %v", apptest.Texts(s.form.Widget()))
	}
	s.phone.SetText("")
	test.Tap(s.posted[1])
	s.checkedOn[1].SetText("2026-11-31")
	w.Press(fyne.KeyS)
	if !apptest.Shows(s.form.Widget(), "“服务承诺制”的检查日期：日期“2026-11-31”不存在：2026年11月只有30天") {
		t.Errorf("bad date: form shows %v", apptest.Texts(s.form.Widget()))
	}
	list, err := db.Units(ctx, data.UnitFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("units after refused saves = %d, %v", len(list), err)
	}
}

func TestRetireReferencedUnitAndDeleteUnreferenced(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	old := apptest.MustUnit(t, db, "县城管执法局", data.UnitDepartment)
	merged := apptest.MustUnit(t, db, "县综合行政执法局", data.UnitDepartment)
	typo := apptest.MustUnit(t, db, "县公按局", data.UnitDepartment)
	c := &data.Complaint{ReceivedAt: apptest.FixedNow.Add(-48 * time.Hour), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Name: "张三丰", Phone: "13812345678"}, UnitID: old.ID,
		Category: "乱罚款", Subject: "摊位被罚款未开票据", Content: "城管队员罚款200元未开具票据"}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	s := apptest.Show(t, w, "单位", New)

	s.Open(old.ID)
	if s.remove.Visible() || !s.retire.Visible() {
		t.Fatalf("a referenced unit offers 删除 %v, 标记为已撤并 %v", s.remove.Visible(), s.retire.Visible())
	}
	if s.complaintsTab.Text != "投诉（1）" || len(s.complaints.Visible()) != 1 {
		t.Errorf("complaints tab %q with %d rows", s.complaintsTab.Text, len(s.complaints.Visible()))
	}
	if apptest.Shows(s.complaints.Widget(), "张三丰") {
		t.Error("the unit's history shows the complainant")
	}

	test.Tap(s.retire)
	d := apptest.TopOverlay(t, w.Window())
	into := apptest.Find[*kit.UnitPicker](t, d)
	test.Type(into, "县综合行政执法局") // the full name picks the unit
	apptest.TapButton(t, d, "标记为已撤并")
	u, err := db.Unit(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Status != data.UnitRetired || u.MergedIntoID != merged.ID {
		t.Fatalf("after 标记为已撤并: status %s, merged into %q", u.Status, u.MergedIntoID)
	}
	if s.status.Text != "已撤并（并入县综合行政执法局）" || !s.restore.Visible() || s.retire.Visible() {
		t.Errorf("status %q, 恢复 %v, 撤并 %v", s.status.Text, s.restore.Visible(), s.retire.Visible())
	}
	for _, u := range s.table.Visible() {
		if u.ID == old.ID {
			t.Error("the registry of units in use still lists the retired unit")
		}
	}
	s.statusFilter.SetSelected(string(data.UnitRetired))
	if got := s.table.Visible(); len(got) != 1 || got[0].ID != old.ID {
		t.Errorf("the 已撤并 filter shows %v", got)
	}
	s.categoryFilter.SetSelected(string(data.UnitTownship))
	if got := s.table.Visible(); len(got) != 0 {
		t.Errorf("已撤并 乡镇/街道 shows %v", got)
	}

	s.Open(typo.ID)
	if !s.remove.Visible() {
		t.Fatal("an unreferenced unit does not offer 删除")
	}
	test.Tap(s.remove)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "删除")
	if _, err := db.Unit(ctx, typo.ID); err == nil {
		t.Error("the unit was not deleted")
	}
	if s.unit != nil {
		t.Error("the form still shows the deleted unit")
	}
}

// TestKeepEditingKeepsTheRowSelected: a click on another unit with unsaved
// changes asks first; 继续编辑 keeps the changes and marks the unit being
// edited in the registry again, not the row clicked.
func TestKeepEditingKeepsTheRowSelected(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	first := apptest.MustUnit(t, db, "安乐乡人民政府", data.UnitTownship)
	second := apptest.MustUnit(t, db, "城关镇人民政府", data.UnitTownship)
	s := apptest.Show(t, w, "单位", New)
	s.table.SortBy(0, false)

	grid := apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	if s.unit == nil || s.unit.ID != first.ID {
		t.Fatalf("the form shows %v, want %s", s.unit, first.Name)
	}
	test.Tap(s.posted[2]) // a checklist row: the form learns of it through MarkDirty
	if !s.dirty() {
		t.Fatal("ticking a 制度公示 item did not mark the form changed")
	}
	grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // to the second unit
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "继续编辑")
	if s.unit.ID != first.ID || !s.posted[2].Checked || !s.dirty() {
		t.Fatal("继续编辑 did not keep the unit and its change")
	}
	if sel, ok := s.table.Selected(); !ok || sel.ID != first.ID {
		t.Fatalf("the registry marks %s, not the unit being edited", selectedName(s))
	}

	grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "放弃修改")
	if s.unit.ID != second.ID || s.dirty() {
		t.Fatalf("放弃修改: the form shows %s, dirty %v", s.unit.Name, s.dirty())
	}
	if sel, ok := s.table.Selected(); !ok || sel.ID != second.ID {
		t.Fatalf("the registry marks %s after 放弃修改", selectedName(s))
	}
	u, err := db.Unit(context.Background(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Disclosures) > 2 && u.Disclosures[2].Posted {
		t.Fatal("the given-up change was saved")
	}
}

// TestSavedUnitSelectedInRegistry: after saving a new unit the registry
// marks it, as the form shows it.
func TestSavedUnitSelectedInRegistry(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.MustUnit(t, db, "县财政局", data.UnitDepartment)
	s := apptest.Show(t, w, "单位", New)
	w.Press(fyne.KeyN)
	test.Type(s.name, "县统计局")
	s.category.SetSelected(string(data.UnitDepartment))
	w.Press(fyne.KeyS)
	if s.unit == nil {
		t.Fatalf("not saved: %v", apptest.Texts(s.form.Widget()))
	}
	if sel, ok := s.table.Selected(); !ok || sel.ID != s.unit.ID {
		t.Fatalf("the registry marks %s, not the saved unit", selectedName(s))
	}
}

// selectedName is the name of the unit the registry marks, for messages.
func selectedName(s *Screen) string {
	if u, ok := s.table.Selected(); ok {
		return u.Name
	}
	return "（无）"
}

// The documents and decisions of a unit's history open where they are
// worked on.
func TestUnitHistoryOpensDocumentsAndActions(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	u := apptest.MustUnit(t, db, "县自然资源局", data.UnitDepartment)
	doc := &data.Document{Kind: data.DocNotice, Title: "关于限期整改窗口纪律问题的监察通知书", RecipientUnitID: u.ID,
		Recipient: u.Name, Body: "经查……请限期整改。", ReplyDue: data.NewDate(2026, 12, 10)}
	if err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	a := apptest.MustAction(t, db, &data.Action{TargetKind: data.TargetPerson, UnitID: u.ID, PersonName: "赵磊", Measure: "诫勉谈话",
		Reason: "窗口推诿", DecidedOn: data.NewDate(2026, 11, 18), DecidedBy: "县效能办"})

	s := apptest.Show(t, w, "单位", New)
	s.Open(u.ID)
	if s.documentsTab.Text != "文书（1）" || s.actionsTab.Text != "责任追究（1）" {
		t.Fatalf("tabs %q, %q", s.documentsTab.Text, s.actionsTab.Text)
	}
	s.tabs.Select(s.documentsTab)
	apptest.SelectRow(t, w.Window(), s.documents.Widget(), 0).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := w.LastOpened(); got != "OpenDocument "+doc.ID {
		t.Fatalf("Enter on the document asks for %q", got)
	}

	s = apptest.Show(t, w, "单位", New)
	s.Open(u.ID)
	s.tabs.Select(s.actionsTab)
	apptest.SelectRow(t, w.Window(), s.actions.Widget(), 0).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := w.LastOpened(); got != "OpenAction "+a.ID {
		t.Fatalf("Enter on the decision asks for %q", got)
	}
}

// A unit opened from another screen (the shell's OpenUnit shows 单位 and
// opens it) lists the tasks it leads or shares in its 督办事项 tab, a task
// opens from there, and a unit with tasks cannot be deleted.
func TestUnitHistoryListsItsTasks(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	lead := apptest.MustUnit(t, db, "县人力资源和社会保障局", data.UnitDepartment)
	other := apptest.MustUnit(t, db, "县住房和城乡建设局", data.UnitDepartment)
	apptest.MustUnit(t, db, "县林业局", data.UnitDepartment)
	for i, title := range []string{"企业欠薪问题专项治理", "城区背街小巷提升改造", "冬春农田水利建设"} {
		x := &data.Task{Source: data.SourceInstruction, Title: title, Content: title + "的任务", LeadUnitID: lead.ID,
			UnitIDs: []string{other.ID}, Due: data.NewDate(2026, 12, 10+i), RegisteredOn: data.NewDate(2026, 11, 2)}
		if err := db.CreateTask(ctx, x); err != nil {
			t.Fatal(err)
		}
	}

	for _, u := range []*data.Unit{lead, other} {
		s := apptest.Show(t, w, "单位", New)
		s.Open(u.ID)
		if s.tasksTab.Text != "督办事项（3）" || len(s.tasks.Visible()) != 3 || s.remove.Visible() {
			t.Errorf("%s: tab %q, %d rows, 删除 shown %v", u.Name, s.tasksTab.Text, len(s.tasks.Visible()), s.remove.Visible())
		}
	}
	s := apptest.Show(t, w, "单位", New)
	s.Open(other.ID)
	s.tabs.Select(s.tasksTab)
	apptest.SelectRow(t, w.Window(), s.tasks.Widget(), 0).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := w.LastOpened(); got != "OpenTask "+s.tasks.Visible()[0].ID {
		t.Errorf("Enter on a task asks for %q", got)
	}
}

// 导出Excel saves the list as its filters keep it, every column of the
// units, named after the filters applied.
func TestExportShownList(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.MustUnit(t, db, "县教育局", data.UnitDepartment)
	u := apptest.MustUnit(t, db, "县教育局招生窗口", data.UnitWindow)
	u.Phone = "05912345678"
	if err := db.UpdateUnit(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	s := apptest.Show(t, w, "单位", New)
	s.categoryFilter.SetSelected(string(data.UnitWindow))
	dir := t.TempDir()
	c := parts.ExportList(w, s)
	c.Enter(dir)
	c.Confirm()
	apptest.WaitJobs(t, w)
	f, err := excelize.OpenFile(filepath.Join(dir, "单位（窗口服务单位，在用）.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("单位")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[0]) != 13 || rows[0][0] != "单位名称" || rows[1][0] != "县教育局招生窗口" || rows[0][7] != "联系电话" || rows[1][7] != "05912345678" {
		t.Errorf("exported %v", rows)
	}
}
