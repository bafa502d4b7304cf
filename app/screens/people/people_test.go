package people

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
)

func TestPeopleCreateAndEdit(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	s := apptest.Show(t, w, "人员", New)

	w.Press(fyne.KeyN)
	if !s.active.Checked {
		t.Error("a new person is not 在职 by default")
	}
	test.Type(s.name, "李明华")
	s.role.SetSelected(string(data.RoleInspector))
	test.Type(s.post, "效能监察专员")
	test.Type(s.organization, "县政协")
	test.Type(s.phone, "13907910001")
	test.Tap(s.canSeeIdentity)
	test.Type(s.note, "退休干部，负责窗口单位暗访")
	w.Press(fyne.KeyS)

	people, err := db.People(ctx, "")
	if err != nil || len(people) != 1 {
		t.Fatalf("people = %v, %v", people, err)
	}
	p := people[0]
	if p.Name != "李明华" || p.Role != data.RoleInspector || p.Post != "效能监察专员" || p.Organization != "县政协" ||
		p.Phone != "13907910001" || p.CanSign || !p.CanSeeIdentity || !p.Active || p.Note != "退休干部，负责窗口单位暗访" {
		t.Errorf("saved = %+v", p)
	}
	if len(s.table.Visible()) != 1 || s.heading.Text != "李明华" {
		t.Errorf("table %d rows, heading %q", len(s.table.Visible()), s.heading.Text)
	}

	// Edit: she becomes a leader who signs, and later leaves.
	s.role.SetSelected(string(data.RoleLeader))
	test.Tap(s.canSign)
	test.Tap(s.active)
	w.Press(fyne.KeyS)
	p, err = db.Person(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != data.RoleLeader || !p.CanSign || p.Active {
		t.Errorf("edited = %+v", p)
	}

	// Validation in Chinese.
	w.Press(fyne.KeyN)
	test.Type(s.name, "周")
	s.role.SetSelected(string(data.RoleStaff))
	test.Type(s.phone, "无")
	w.Press(fyne.KeyS)
	if !apptest.Shows(s.form.Widget(), "联系电话只能包含数字、空格和“-”") {
		t.Errorf("form shows %v", apptest.Texts(s.form.Widget()))
	}
	if people, _ := db.People(ctx, ""); len(people) != 1 {
		t.Errorf("%d people after a refused save", len(people))
	}
}

func TestPersonDeletedOnlyAfterConfirmation(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	p := &data.Person{Name: "误录人员", Role: data.RoleStaff, Active: true}
	if err := db.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	s := apptest.Show(t, w, "人员", New)
	s.open(p.ID)
	test.Tap(s.remove)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "取消")
	if _, err := db.Person(ctx, p.ID); err != nil {
		t.Fatalf("deleted although cancelled: %v", err)
	}
	test.Tap(s.remove)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "删除")
	if _, err := db.Person(ctx, p.ID); err == nil {
		t.Fatal("not deleted")
	}
	if len(s.table.Visible()) != 0 {
		t.Error("the table still lists the person")
	}
}

// Another row chosen with unsaved changes asks first: 继续编辑 keeps the
// changes and the list marks the person in the form again; 放弃修改 opens
// the row chosen.
func TestChoosingAnotherPersonAsksAboutChanges(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	apptest.MustPerson(t, db, "王芳")
	apptest.MustPerson(t, db, "李娜")
	s := apptest.Show(t, w, "人员", New)
	rows := s.table.Visible()
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 0)
	first := s.person
	if first == nil || first.ID != rows[0].ID {
		t.Fatalf("the first row opened %+v", first)
	}
	s.post.SetText("科员")
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 1)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "继续编辑")
	if sel, ok := s.table.Selected(); !ok || sel.ID != first.ID || s.person.ID != first.ID || s.post.Text != "科员" {
		t.Fatalf("继续编辑: list marks %v, form shows %s with post %q", sel, s.person.Name, s.post.Text)
	}
	apptest.SelectRow(t, w.Window(), s.table.Widget(), 1)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "放弃修改")
	if s.person.ID != rows[1].ID || s.post.Text != "" {
		t.Errorf("放弃修改: the form shows %s with post %q", s.person.Name, s.post.Text)
	}
	if p, err := db.Person(context.Background(), first.ID); err != nil || p.Post != "" {
		t.Errorf("the changes given up were saved: %+v (%v)", p, err)
	}
}
