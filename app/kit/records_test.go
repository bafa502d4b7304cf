package kit

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// peopleRegister is a register of people as a screen builds it on Records:
// a list, a form of the name, a tick beside the form that the form does not
// track (an ExtraEdits), on a real ledger.
type peopleRegister struct {
	t       *testing.T
	db      *store.DB
	records *Records[*data.Person]
	table   *Table[*data.Person]
	form    *Form
	name    *widget.Entry
	signs   *widget.Check // beside the form: counted through ExtraEdits
	ExtraEdits

	person  *data.Person // shown; nil while a new one is entered
	opened  []string     // the names open showed, in order
	reloads int
}

func newPeopleRegister(t *testing.T) *peopleRegister {
	ctx := context.Background()
	db := storetest.New(t)
	for _, name := range []string{"李明", "王芳", "张伟"} {
		if err := db.CreatePerson(ctx, &data.Person{Name: name, Role: data.RoleStaff, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	r := &peopleRegister{t: t, db: db}
	r.table = NewTable([]Column[*data.Person]{
		{Title: "姓名", Width: 120, Grow: true, Text: func(p *data.Person) string { return p.Name }},
		{Title: "可签发", Width: 80, Text: func(p *data.Person) string {
			if p.CanSign {
				return "是"
			}
			return ""
		}},
	}, nil, nil)
	r.form = NewForm(func() error {
		p := EditCopy(r.person)
		p.Name, p.Role, p.Active, p.CanSign = r.name.Text, data.RoleStaff, true, r.signs.Checked
		if err := CreateOrUpdate(ctx, r.person == nil, p, db.CreatePerson, db.UpdatePerson); err != nil {
			return err
		}
		return r.records.Saved(p)
	})
	r.name = widget.NewEntry()
	r.form.Add("姓名", "Name", r.name, true)
	r.signs = widget.NewCheck("可以签发文书", func(bool) { r.Edited() })
	r.records = NewRecords(nil, r.table, r.form, &r.person, r.open)
	r.records.What, r.records.Extra = "人员", &r.ExtraEdits
	r.records.Reload = func() error {
		r.reloads++
		people, err := db.People(ctx, "")
		r.table.SetRows(people)
		return err
	}
	r.records.Fresh = func() { r.fill(nil) }
	r.records.Lay(nil, container.NewBorder(nil, r.signs, nil, nil, r.form.Widget()), 0.5)
	r.records.win = newWindow(t, r.records.Widget(), 900, 500)
	r.fill(nil)
	if err := r.records.Reload(); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *peopleRegister) open(id string) {
	ShowRead(r.records.win, func(p *data.Person) {
		r.opened = append(r.opened, p.Name)
		r.fill(p)
	})(r.db.Person(context.Background(), id))
}

func (r *peopleRegister) fill(p *data.Person) {
	r.Filling = true
	defer func() { r.Filling = false }()
	r.person = p
	if p == nil {
		p = &data.Person{}
	}
	r.name.SetText(p.Name)
	r.signs.SetChecked(p.CanSign)
	r.ExtraDirty = false
	r.form.MarkClean()
}

// row is the row of the list that shows name.
func (r *peopleRegister) row(name string) *tableCell[*data.Person] {
	r.t.Helper()
	i := slices.IndexFunc(r.table.Visible(), func(p *data.Person) bool { return p.Name == name })
	cs := find(r.records.win.Canvas(), func(c *tableCell[*data.Person]) bool { return c.row == i && c.label.Text == name })
	if i < 0 || len(cs) == 0 {
		r.t.Fatalf("no row shows %s", name)
	}
	return cs[0]
}

// marked is the name of the row the list marks, "" for none.
func (r *peopleRegister) marked() string {
	if p, ok := r.table.Selected(); ok {
		return p.Name
	}
	return ""
}

func (r *peopleRegister) answer(text string) {
	r.t.Helper()
	if !hasLabel(r.records.win.Canvas(), "人员有未保存的修改，确定放弃吗？") {
		r.t.Fatal("no question naming the record")
	}
	test.Tap(button(r.t, r.records.win.Canvas(), text))
}

func TestRecordsOpensTheRowChosenAndAsksBeforeLeavingChanges(t *testing.T) {
	r := newPeopleRegister(t)
	test.Tap(r.row("王芳"))
	if r.person == nil || r.name.Text != "王芳" || r.marked() != "王芳" {
		t.Fatalf("the form shows %q, the list marks %q", r.name.Text, r.marked())
	}
	test.Tap(r.row("王芳"))
	if len(r.opened) != 1 {
		t.Fatalf("choosing the row shown opened it again: %v", r.opened)
	}

	// A change in the form: another row asks; 继续编辑 keeps the change and
	// marks the record shown again, not the row clicked.
	r.name.SetText("王芳红")
	test.Tap(r.row("张伟"))
	r.answer("继续编辑")
	if r.name.Text != "王芳红" || !r.records.Dirty() || r.marked() != "王芳" {
		t.Fatalf("继续编辑: the form shows %q (dirty %v), the list marks %q", r.name.Text, r.records.Dirty(), r.marked())
	}
	test.Tap(r.row("张伟"))
	r.answer("放弃修改")
	if r.name.Text != "张伟" || r.records.Dirty() || r.marked() != "张伟" {
		t.Fatalf("放弃修改: the form shows %q (dirty %v), the list marks %q", r.name.Text, r.records.Dirty(), r.marked())
	}

	// A change beside the form counts too, once the record is filled.
	r.signs.SetChecked(true)
	left := false
	r.records.ConfirmLeave(func() { left = true })
	r.answer("放弃修改")
	if !left || r.records.Dirty() || r.ExtraDirty {
		t.Fatalf("放弃修改 of a change beside the form: left %v, dirty %v", left, r.records.Dirty())
	}

	// 新建 with nothing changed starts at once, the cursor in the first field.
	r.records.Create(r.name)
	if r.person != nil || r.name.Text != "" || r.records.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("新建: the form shows %q", r.name.Text)
	}
	if r.records.win.Canvas().Focused() != r.name {
		t.Fatal("新建 did not put the cursor in the first field")
	}
}

func TestRecordsSavedReshowAndDelete(t *testing.T) {
	ctx := context.Background()
	r := newPeopleRegister(t)
	test.Tap(r.row("李明"))
	id := r.person.ID

	// Saved: the ledger has the change, the list shows it, the form is
	// clean and shows the record read afresh.
	r.name.SetText("李明华")
	r.signs.SetChecked(true)
	r.records.Save()
	p, err := r.db.Person(ctx, id)
	if err != nil || p.Name != "李明华" || !p.CanSign {
		t.Fatalf("saved %+v, %v", p, err)
	}
	if r.records.Dirty() || r.marked() != "李明华" || r.opened[len(r.opened)-1] != "李明华" {
		t.Fatalf("after saving: dirty %v, marked %q, opened %v", r.records.Dirty(), r.marked(), r.opened)
	}

	// Reshow shows a change made elsewhere, but not over the user's own.
	p.Name = "李明"
	if err := r.db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	r.records.Reshow()
	if r.name.Text != "李明" {
		t.Fatalf("Reshow: the form shows %q", r.name.Text)
	}
	r.name.SetText("李明甲")
	reloads := r.reloads
	r.records.Reshow()
	if r.name.Text != "李明甲" || r.reloads != reloads+1 {
		t.Fatalf("Reshow over unsaved changes: the form shows %q, reloads %d", r.name.Text, r.reloads-reloads)
	}
	r.fill(p)

	// Delete asks, deletes, empties the form and reads the list again.
	r.records.Delete("删除人员", "确定删除“李明”吗？", func() error { return r.db.DeletePerson(ctx, id) })
	test.Tap(button(t, r.records.win.Canvas(), "删除"))
	if _, err := r.db.Person(ctx, id); err == nil {
		t.Fatal("the person is still in the ledger")
	}
	if r.person != nil || slices.ContainsFunc(r.table.Visible(), func(p *data.Person) bool { return p.ID == id }) {
		t.Fatalf("after deleting: the form shows %v, the list %d rows", r.person, len(r.table.Visible()))
	}
}

func TestRecordsDetailWithoutForm(t *testing.T) {
	table := NewTable([]Column[*data.Person]{{Title: "姓名", Width: 120, Text: func(p *data.Person) string { return p.Name }}}, nil, nil)
	var shown *data.Person
	opened := 0
	r := NewRecords(nil, table, nil, &shown, func(string) { opened++ })
	none, detail := widget.NewLabel("请在左侧列表中选择一个人员。"), widget.NewLabel("详情")
	r.LayDetail(nil, detail, none, 0.5)
	r.win = newWindow(t, r.Widget(), 600, 300)
	if !none.Visible() || detail.Visible() {
		t.Fatal("the detail shows before a record is chosen")
	}
	r.ShowDetail(true)
	if none.Visible() || !detail.Visible() {
		t.Fatal("ShowDetail(true) does not show the detail")
	}
	left := false
	r.ConfirmLeave(func() { left = true })
	r.Save()
	if !left || r.Dirty() || r.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a screen without a form asked before leaving")
	}
	// Reshow with none shown reads the list but opens nothing.
	r.Reload = func() error { return nil }
	r.Reshow()
	if opened != 0 {
		t.Fatal("Reshow opened a record when none was shown")
	}
}

func TestFiltersReloadOnceWhenSetTogether(t *testing.T) {
	loads := 0
	f := NewFilters(func() { loads++ })
	a, b := widget.NewSelect([]string{"全部", "甲"}, nil), NewDateEntry()
	a.OnChanged = func(string) { f.Changed() }
	b.OnDateChanged = func(data.Date) { f.Changed() }
	a.SetSelected("甲")
	if loads != 1 {
		t.Fatalf("a filter changed: %d loads", loads)
	}
	clear := f.ClearButton(func() {
		if !f.Quiet() {
			t.Error("not quiet while set")
		}
		a.SetSelected("全部")
		b.SetDate(data.NewDate(2026, 1, 1))
	})
	newWindow(t, clear, 200, 100)
	test.Tap(clear)
	if loads != 2 || a.Selected != "全部" || f.Quiet() {
		t.Fatalf("清除条件: %d loads, %q", loads-1, a.Selected)
	}
}
