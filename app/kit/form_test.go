package kit

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// unitForm is a unit form as a screen builds it, saving to a real ledger.
type unitForm struct {
	form     *Form
	win      fyne.Window
	db       *store.DB
	name     *widget.Entry
	short    *widget.Entry
	category *widget.Select
	parent   *UnitPicker
	checked  *DateEntry
	note     *widget.Entry
	saved    []*data.Unit
}

func newUnitForm(t *testing.T) *unitForm {
	db, search := unitRegistry(t)
	f := &unitForm{db: db}
	f.name = widget.NewEntry()
	f.short = widget.NewEntry()
	var cats []string
	for _, c := range data.UnitCategories {
		cats = append(cats, string(c))
	}
	f.category = widget.NewSelect(cats, nil)
	f.parent = NewUnitPicker(search)
	f.checked = NewDateEntry()
	f.note = widget.NewMultiLineEntry()
	f.form = NewForm(func() error {
		parentID, _ := f.parent.Unit()
		u := &data.Unit{Name: f.name.Text, ShortName: f.short.Text, Category: data.UnitCategory(f.category.Selected),
			ParentID: parentID, Note: f.note.Text}
		if err := db.CreateUnit(context.Background(), u); err != nil {
			return err
		}
		f.saved = append(f.saved, u)
		return nil
	})
	f.form.Add("单位名称", "Name", f.name, true)
	f.form.Add("简称", "ShortName", f.short, false)
	f.form.Add("类别", "Category", f.category, true)
	f.form.Add("上级单位", "ParentID", f.parent, false)
	f.form.Add("核查日期", "CheckedOn", f.checked, false)
	f.form.Add("备注", "Note", f.note, false)
	f.win = newWindow(t, f.form.Widget(), 600, 700)
	return f
}

func (f *unitForm) message(field string) string {
	for _, ff := range f.form.fields {
		if ff.name == field {
			if !ff.msg.Visible() {
				return ""
			}
			return ff.msg.Text
		}
	}
	panic("no field " + field)
}

func (f *unitForm) formMessage() string {
	if !f.form.message.Visible() {
		return ""
	}
	return f.form.message.Text
}

func TestFormMarksRequiredFields(t *testing.T) {
	f := newUnitForm(t)
	stars := find(f.win.Canvas(), func(c *canvas.Text) bool { return c.Text == "*" })
	if len(stars) != 2 {
		t.Fatalf("%d red stars, want 2 (单位名称, 类别)", len(stars))
	}
	if stars[0].Color != theme.Color(theme.ColorNameError) {
		t.Fatal("star is not red")
	}
	for _, l := range []string{"单位名称", "简称", "类别", "上级单位", "核查日期", "备注"} {
		if !hasLabel(f.win.Canvas(), l) {
			t.Fatalf("label %s missing", l)
		}
	}
}

// 保存 is never greyed out: pressed on a form with problems, it shows every
// one of them at once under its field, and saves nothing.
func TestFormSaveShowsEveryProblemAtOnce(t *testing.T) {
	f := newUnitForm(t)
	save := button(t, f.win.Canvas(), "保存")
	if save.Disabled() {
		t.Fatal("保存 greyed out on an empty form")
	}
	if f.message("Name") != "" || f.message("Category") != "" {
		t.Fatal("an untouched form shows problems before 保存")
	}
	// A problem an input sees itself shows as it is typed.
	test.Type(f.checked, "2026-13-01")
	if f.message("CheckedOn") != "日期“2026-13-01”不存在：月份应在1至12之间" {
		t.Fatalf("bad date: %q", f.message("CheckedOn"))
	}
	test.Type(f.parent, "城关") // typed, not picked
	test.Tap(save)
	if len(f.saved) != 0 {
		t.Fatal("saved with problems")
	}
	want := map[string]string{"Name": "请填写单位名称", "Category": "请填写类别",
		"CheckedOn": "日期“2026-13-01”不存在：月份应在1至12之间", "ParentID": "请从列表中选择单位"}
	for field, msg := range want {
		if got := f.message(field); got != msg {
			t.Errorf("under %s: %q, want %q", field, got, msg)
		}
	}
	if f.formMessage() != "还有4处需要填写或修改，见各栏下的红字。" {
		t.Errorf("form message %q", f.formMessage())
	}
	if save.Disabled() {
		t.Fatal("保存 greyed out after a refused save")
	}
	// Each message goes as soon as its field is fixed.
	test.Type(f.name, "县医疗保障局")
	if f.message("Name") != "" || f.formMessage() != "还有3处需要填写或修改，见各栏下的红字。" {
		t.Fatalf("after the name: %q, %q", f.message("Name"), f.formMessage())
	}
	f.category.SetSelected(string(data.UnitDepartment))
	f.checked.SetText("2026-12-01")
	f.parent.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.parent.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	for field := range want {
		if m := f.message(field); m != "" {
			t.Errorf("%s still shows %q", field, m)
		}
	}
	if f.formMessage() != "" {
		t.Errorf("form message left: %q", f.formMessage())
	}
	test.Tap(save)
	if len(f.saved) != 1 || f.saved[0].Name != "县医疗保障局" {
		t.Fatalf("saved %v", f.saved)
	}
	if f.form.Dirty() {
		t.Fatal("form dirty after saving")
	}
}

// Every problem the record's validation finds shows at once, and with the
// validation given to the form, a message whose cause is fixed elsewhere
// (ticking 匿名 for the name) goes too.
func TestFormShowsAllOfAValidationAndRechecks(t *testing.T) {
	name, phone, id := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	anonymous := widget.NewCheck("匿名", nil)
	record := func() *data.Complaint {
		return &data.Complaint{ReceivedAt: fixedTime, Channel: data.ChannelPhone, UnitID: "u", Category: "慢作为",
			Subject: "事由", Content: "内容", Complainant: data.Complainant{Anonymous: anonymous.Checked, Name: name.Text,
				Phone: phone.Text, IDNumber: id.Text}}
	}
	f := NewForm(func() error { return record().Validate() })
	f.SetCheck(func() error { return record().Validate() })
	f.Add("投诉人", "Complainant.Anonymous", anonymous, false)
	f.Add("姓名", "Complainant.Name", name, false)
	f.Add("联系电话", "Complainant.Phone", phone, false)
	f.Add("身份证号", "Complainant.IDNumber", id, false)
	newWindow(t, f.Widget(), 500, 400)
	test.Type(phone, "电话号码")
	test.Type(id, "123")
	f.Save()
	msg := func(i int) string {
		if !f.fields[i].msg.Visible() {
			return ""
		}
		return f.fields[i].msg.Text
	}
	if msg(1) == "" || msg(2) == "" || msg(3) == "" {
		t.Fatalf("one save shows %q, %q, %q", msg(1), msg(2), msg(3))
	}
	anonymous.SetChecked(true)
	if msg(1) != "" {
		t.Errorf("the name's message stayed after ticking 匿名: %q", msg(1))
	}
	phone.SetText("13800000000")
	if msg(2) != "" || msg(3) != "身份证号码应为18位" {
		t.Errorf("after fixing the phone: %q, %q", msg(2), msg(3))
	}
}

var fixedTime = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

// The first problem is brought into view, with the cursor in it, and the
// buttons stay in view whatever the messages add.
func TestFormTakesTheUserToTheFirstProblem(t *testing.T) {
	var entries []*widget.Entry
	f := NewForm(func() error { return nil })
	for i := range 30 {
		e := widget.NewEntry()
		entries = append(entries, e)
		f.Add(fmt.Sprintf("第%d项", i+1), fmt.Sprintf("F%d", i), e, i == 25)
	}
	w := newWindow(t, f.Widget(), 500, 400)
	save := button(t, w.Canvas(), "保存")
	f.Save()
	if w.Canvas().Focused() != entries[25] {
		t.Fatal("the cursor is not in the field to fill")
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(entries[25])
	if at.Y < 0 || at.Y+entries[25].Size().Height > 400 {
		t.Errorf("the field to fill is at y=%v, out of the 400-pixel window", at.Y)
	}
	b := fyne.CurrentApp().Driver().AbsolutePositionForObject(save)
	if b.Y+save.Size().Height > 400 {
		t.Errorf("保存 is at y=%v, out of the window", b.Y)
	}
}

// The mouse wheel scrolls the form wherever the pointer is, over a one-line
// entry too (whose own scroller used to swallow it).
func TestFormWheelScrollsOverAnInput(t *testing.T) {
	var entries []*widget.Entry
	f := NewForm(func() error { return nil })
	for i := range 30 {
		e := widget.NewEntry()
		entries = append(entries, e)
		f.Add(fmt.Sprintf("第%d项", i+1), fmt.Sprintf("F%d", i), e, false)
	}
	w := newWindow(t, f.Widget(), 500, 400)
	over := fyne.CurrentApp().Driver().AbsolutePositionForObject(entries[2]).Add(fyne.NewPos(20, 10))
	test.Scroll(w.Canvas(), over, 0, -120)
	if f.scroll.Offset.Y <= 0 {
		t.Fatal("the wheel over an entry did not scroll the form")
	}
}

func TestFormStoreErrorsUnderTheirField(t *testing.T) {
	f := newUnitForm(t)
	test.Type(f.name, "县公安局") // already in the registry
	f.category.SetSelected(string(data.UnitDepartment))
	f.form.Save()
	if len(f.saved) != 0 {
		t.Fatal("duplicate saved")
	}
	if m := f.message("Name"); m != "已有在用单位名为“县公安局”" {
		t.Fatalf("message under 单位名称 = %q", m)
	}
	if strings.Contains(f.formMessage(), "县公安局") {
		t.Fatal("field error also shown as a form error")
	}
	if !f.form.Dirty() {
		t.Fatal("failed save marked the form clean")
	}
	// Editing the field clears its store message.
	test.Type(f.name, "交警大队")
	if f.message("Name") != "" {
		t.Fatal("store message stayed after editing")
	}

	// A too-long short name: the store's ValidationError names ShortName.
	f.short.SetText("这是一个超过二十个字的非常非常非常非常长的单位简称")
	f.form.Save()
	if m := f.message("ShortName"); m != "单位简称不能超过20个字" {
		t.Fatalf("message under 简称 = %q", m)
	}
	if f.message("Name") != "" {
		t.Fatal("message under the wrong field")
	}
}

func TestFormShowErrorKinds(t *testing.T) {
	f := newUnitForm(t)
	f.form.ShowError(&data.StateError{Action: "交办", State: "已办结"})
	if f.formMessage() != "当前状态为“已办结”，不能交办" {
		t.Fatalf("state error: %q", f.formMessage())
	}
	f.form.ShowError(fmt.Errorf("store: save: %w", data.Invalid("Category", "请选择单位类别")))
	if f.message("Category") != "请选择单位类别" || strings.Contains(f.formMessage(), "类别") {
		t.Fatalf("wrapped validation error: %q / %q", f.message("Category"), f.formMessage())
	}
	f.form.ShowError(errors.Join(data.Invalid("Name", "单位名称不能为空"), data.Invalid("Category", "请选择单位类别")))
	if f.message("Name") != "单位名称不能为空" || f.message("Category") != "请选择单位类别" {
		t.Fatalf("joined errors: %q / %q", f.message("Name"), f.message("Category"))
	}
	f.form.ShowError(data.Invalid("Elsewhere", "某项不正确"))
	if f.formMessage() != "某项不正确" {
		t.Fatalf("validation error for an unknown field: %q", f.formMessage())
	}
	f.form.ShowError(errors.New("store: disk I/O error"))
	if f.formMessage() != "操作失败，请稍后重试；详细信息已写入日志" {
		t.Fatalf("unexpected error shown as %q", f.formMessage())
	}
	// What the store says about the ledger's file is said in Chinese.
	f.form.ShowError(fmt.Errorf("store: commit: %w", fmt.Errorf("%w: %w", data.ErrDiskFull, errors.New("database or disk is full (13)"))))
	if f.formMessage() != data.ErrDiskFull.Error() {
		t.Fatalf("a full disk shown as %q", f.formMessage())
	}
	f.form.ShowError(&data.ConflictError{Field: "Name", Message: "名称重复"})
	if f.message("Name") != "名称重复" {
		t.Fatal("conflict not under its field")
	}
}

func TestFormSaveWithMissingFieldsSaysWhich(t *testing.T) {
	f := newUnitForm(t)
	f.form.Save() // Ctrl+S on an empty form
	if f.message("Name") != "请填写单位名称" || f.message("Category") != "请填写类别" {
		t.Fatalf("messages %q, %q", f.message("Name"), f.message("Category"))
	}
	if len(f.saved) != 0 {
		t.Fatal("onSave called with required fields empty")
	}
}

func TestFormDirtyAndMarkClean(t *testing.T) {
	f := newUnitForm(t)
	var flips []bool
	f.form.OnDirtyChanged = func(d bool) { flips = append(flips, d) }
	// Loading a record fires change listeners; the screen then marks clean.
	f.name.SetText("县公安局")
	f.parent.SetUnit("x", "城关镇")
	f.form.MarkClean()
	if f.form.Dirty() {
		t.Fatal("dirty after MarkClean")
	}
	test.Type(f.note, "备注文字")
	if !f.form.Dirty() {
		t.Fatal("typing did not make the form dirty")
	}
	f.form.MarkClean()
	check := widget.NewCheck("已撤并", nil)
	f.form.Add("状态", "Status", check, false)
	check.SetChecked(true)
	if !f.form.Dirty() {
		t.Fatal("ticking a check box did not make the form dirty")
	}
	if len(flips) < 3 || flips[len(flips)-1] != true {
		t.Fatalf("OnDirtyChanged %v", flips)
	}
}

func TestFormChainsExistingOnChanged(t *testing.T) {
	e := widget.NewEntry()
	var seen string
	e.OnChanged = func(s string) { seen = s }
	f := NewForm(func() error { return nil })
	f.Add("事由", "Subject", e, true)
	newWindow(t, f.Widget(), 400, 300)
	test.Type(e, "推诿扯皮")
	if seen != "推诿扯皮" || !f.Dirty() || !f.Valid() {
		t.Fatalf("seen %q, dirty %v, valid %v", seen, f.Dirty(), f.Valid())
	}
}

func confirmButtons(t *testing.T, w fyne.Window) (giveUp, keep *widget.Button) {
	t.Helper()
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog shown")
	}
	if !hasLabel(w.Canvas(), "有未保存的修改，确定放弃吗？") {
		t.Fatal("dialog text missing")
	}
	keep = button(t, w.Canvas(), "继续编辑")
	if keep.Importance != widget.HighImportance {
		t.Error("继续编辑, the safe answer, is not the highlighted one")
	}
	return button(t, w.Canvas(), "放弃修改"), keep
}

func TestFormConfirmLeave(t *testing.T) {
	f := newUnitForm(t)
	left := 0
	f.form.ConfirmLeave(f.win, func() { left++ })
	if left != 1 || f.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a clean form asked before leaving")
	}

	test.Type(f.name, "县")
	f.form.ConfirmLeave(f.win, func() { left++ })
	_, keep := confirmButtons(t, f.win)
	test.Tap(keep)
	if left != 1 || !f.form.Dirty() {
		t.Fatal("继续编辑 left the form")
	}

	f.form.ConfirmLeave(f.win, func() { left++ })
	giveUp, _ := confirmButtons(t, f.win)
	test.Tap(giveUp)
	if left != 2 || f.form.Dirty() {
		t.Fatalf("放弃修改: left %d, dirty %v", left, f.form.Dirty())
	}
}

func TestFormAddButton(t *testing.T) {
	f := newUnitForm(t)
	deleted := false
	f.form.AddButton(widget.NewButton("删除", func() { deleted = true }))
	test.Tap(button(t, f.win.Canvas(), "删除"))
	if !deleted {
		t.Fatal("extra button not wired")
	}
	objs := f.form.buttons.Objects
	if objs[len(objs)-1] != f.form.save {
		t.Fatal("保存 is not the last button")
	}
}

// TestFormMarkDirtyForCompositeRow builds a row the form cannot track (a
// tick box and its date in one container) and reports its changes with
// MarkDirty, as the 制度公示 checklist does.
func TestFormMarkDirtyForCompositeRow(t *testing.T) {
	f := newUnitForm(t)
	var flips []bool
	f.form.OnDirtyChanged = func(d bool) { flips = append(flips, d) }
	filling := false
	posted := widget.NewCheck("已公示", nil)
	checked := NewDateEntry()
	posted.OnChanged = func(bool) {
		if !filling {
			f.form.MarkDirty()
		}
	}
	checked.OnDateChanged = func(data.Date) {
		if !filling {
			f.form.MarkDirty()
		}
	}
	f.form.Add("首问负责制", "Disclosures", container.NewHBox(posted, checked), false)

	filling = true // loading a record
	posted.SetChecked(true)
	checked.SetDate(data.NewDate(2026, 11, 2))
	filling = false
	f.form.MarkClean()
	if f.form.Dirty() {
		t.Fatal("dirty after loading")
	}

	test.Tap(posted) // untick
	if !f.form.Dirty() || !slices.Equal(flips, []bool{true}) {
		t.Fatalf("untick: dirty %v, flips %v", f.form.Dirty(), flips)
	}
	f.form.MarkDirty() // already dirty: no second notice
	if len(flips) != 1 {
		t.Fatalf("flips %v", flips)
	}
	f.form.MarkClean()
	checked.SetText("2026-11-20")
	if !f.form.Dirty() {
		t.Fatal("changing the row's date did not make the form dirty")
	}

	// The leave warning sees the change.
	left := false
	f.form.ConfirmLeave(f.win, func() { left = true })
	if left {
		t.Fatal("left with the row changed")
	}
	giveUp, _ := confirmButtons(t, f.win)
	test.Tap(giveUp)
	if !left || f.form.Dirty() {
		t.Fatal("放弃修改 did not leave clean")
	}
}

// TestFormTracksAnInputGivenRoom: a date entry wrapped to keep a minimum
// width is still checked, required and tracked; a container of several
// inputs is not looked into.
func TestFormTracksAnInputGivenRoom(t *testing.T) {
	due := NewDateEntry()
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(170, 0))
	posted, checked := widget.NewCheck("已公示", nil), NewDateEntry()
	f := NewForm(func() error { return nil })
	f.Add("办结期限", "Due", container.NewStack(room, due), true)
	f.Add("首问负责制", "Disclosures", container.NewHBox(posted, widget.NewLabel("检查日期"), checked), false)
	newWindow(t, f.Widget(), 500, 300)
	f.Save()
	if msg := f.fields[0].msg; !msg.Visible() || msg.Text != "请填写办结期限" {
		t.Fatal("no message under the wrapped required date")
	}
	test.Type(due, "2026-13-01")
	if msg := f.fields[0].msg; !msg.Visible() || !strings.Contains(msg.Text, "不存在") || !f.Dirty() {
		t.Fatalf("a bad wrapped date: %q, dirty %v", msg.Text, f.Dirty())
	}
	due.SetText("2026-12-01")
	if f.fields[0].msg.Visible() || !f.Valid() {
		t.Fatal("a good wrapped date still shows a problem")
	}
	f.MarkClean()
	checked.SetText("不是日期") // in a row of several inputs: not the form's to check
	posted.SetChecked(true)
	if !f.Valid() || f.Dirty() {
		t.Fatal("the form looked into a row of several inputs")
	}
}
