package widgets

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"testing"

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

func TestFormSaveDisabledUntilRequiredFilled(t *testing.T) {
	f := newUnitForm(t)
	save := button(t, f.win.Canvas(), "保存")
	if !save.Disabled() {
		t.Fatal("保存 enabled on an empty form")
	}
	test.Type(f.name, "县医疗保障局")
	if !save.Disabled() {
		t.Fatal("保存 enabled with 类别 empty")
	}
	f.category.SetSelected(string(data.UnitDepartment))
	if save.Disabled() {
		t.Fatal("保存 still disabled with every required field filled")
	}
	f.name.SetText("   ")
	if !save.Disabled() {
		t.Fatal("blank name counts as filled")
	}
	f.name.SetText("县医疗保障局")

	// An invalid optional field disables saving too, and says why.
	test.Type(f.checked, "2026-13-01")
	if !save.Disabled() || f.message("CheckedOn") == "" {
		t.Fatalf("bad date: disabled=%v, message %q", save.Disabled(), f.message("CheckedOn"))
	}
	f.checked.SetText("2026-12-01")
	if save.Disabled() || f.message("CheckedOn") != "" {
		t.Fatal("fixed date still blocks saving")
	}
	test.Type(f.parent, "城关") // typed, not picked
	if !save.Disabled() || f.message("ParentID") != "请从列表中选择单位" {
		t.Fatalf("unpicked unit: %q", f.message("ParentID"))
	}
	f.parent.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.parent.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if save.Disabled() || f.message("ParentID") != "" {
		t.Fatal("picking the unit did not clear the error")
	}

	test.Tap(save)
	if len(f.saved) != 1 || f.saved[0].Name != "县医疗保障局" || f.saved[0].ParentID == "" {
		t.Fatalf("saved %+v", f.saved)
	}
	got, err := f.db.Unit(context.Background(), f.saved[0].ID)
	if err != nil || got.Name != "县医疗保障局" || got.Category != data.UnitDepartment {
		t.Fatalf("store has %+v, %v", got, err)
	}
	if f.form.Dirty() {
		t.Fatal("form dirty after saving")
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
	if f.formMessage() != "" {
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
	if f.message("Category") != "请选择单位类别" || f.formMessage() != "" {
		t.Fatalf("wrapped validation error: %q / %q", f.message("Category"), f.formMessage())
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
	if f.formMessage() != "请填写：单位名称、类别" {
		t.Fatalf("message %q", f.formMessage())
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
	return button(t, w.Canvas(), "放弃修改"), button(t, w.Canvas(), "继续编辑")
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
	w := newWindow(t, f.Widget(), 500, 300)
	save := button(t, w.Canvas(), "保存")

	if !save.Disabled() {
		t.Fatal("保存 enabled with the wrapped required date empty")
	}
	test.Type(due, "2026-13-01")
	if !save.Disabled() || !f.Dirty() {
		t.Fatalf("a bad wrapped date: 保存 disabled %v, dirty %v", save.Disabled(), f.Dirty())
	}
	if msg := f.fields[0].msg; !msg.Visible() || msg.Text == "" {
		t.Fatal("no message under the wrapped date")
	}
	due.SetText("2026-12-01")
	if save.Disabled() {
		t.Fatal("a good wrapped date still blocks saving")
	}
	f.MarkClean()
	checked.SetText("不是日期") // in a row of several inputs: not the form's to check
	posted.SetChecked(true)
	if save.Disabled() || f.Dirty() {
		t.Fatal("the form looked into a row of several inputs")
	}
}
