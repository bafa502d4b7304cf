package kit

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
	"xiaoneng/data/store/storetest"
)

// TestStaleSaveOffersReload: a unit saved by someone else since the form
// read it is refused with the store's sentence; 暂不载入 leaves the user's
// text in the form; 重新载入 shows their version with the user's text kept
// in view under the fields (the fields changed, not the rest), and the next save, based on their version,
// goes through.
func TestStaleSaveOffersReload(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	u := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment, Phone: "0571-1000"}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	name, phone, note := widget.NewEntry(), widget.NewEntry(), widget.NewMultiLineEntry()
	var shown *data.Unit
	var f *Form
	open := func() {
		got, err := db.Unit(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		shown = got
		name.SetText(got.Name)
		phone.SetText(got.Phone)
		note.SetText(got.Note)
		f.MarkClean()
	}
	f = NewForm(func() error {
		e := *shown
		e.Phone, e.Note = phone.Text, note.Text
		return db.UpdateUnit(ctx, &e)
	})
	f.Add("名称", "Name", name, true)
	f.Add("电话", "Phone", phone, false)
	f.Add("备注", "Note", note, false)
	f.SetReload(open)
	win := newWindow(t, f.Widget(), 600, 500)
	open()

	theirs := func(p string) {
		other, err := db.Unit(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		other.Phone = p
		if err := db.UpdateUnit(ctx, other); err != nil {
			t.Fatal(err)
		}
	}
	theirs("0571-2000")
	phone.SetText("0571-3000")
	test.Type(note, "我的修改")
	f.Save()
	stale := find(win.Canvas(), func(l *WrapLabel) bool {
		return strings.HasPrefix(l.Text, "此记录已被他人修改（测试员，")
	})
	if len(stale) == 0 {
		t.Fatal("no 此记录已被他人修改 question")
	}
	test.Tap(button(t, win.Canvas(), "暂不载入"))
	if phone.Text != "0571-3000" || note.Text != "我的修改" || !f.Dirty() {
		t.Fatalf("暂不载入 changed the form: %q %q dirty %v", phone.Text, note.Text, f.Dirty())
	}
	if got, _ := db.Unit(ctx, u.ID); got.Phone != "0571-2000" || got.Note != "" {
		t.Fatalf("the refused save changed the ledger: %q %q", got.Phone, got.Note)
	}

	f.Save()
	test.Tap(button(t, win.Canvas(), "重新载入"))
	if phone.Text != "0571-2000" || note.Text != "" {
		t.Fatalf("重新载入 shows %q %q, want their version", phone.Text, note.Text)
	}
	kept := f.Kept()
	if kept != "电话：0571-3000\n备注：我的修改" {
		t.Fatalf("kept %q, want what was typed", kept)
	}
	if len(find(win.Canvas(), func(l *widget.Label) bool { return l.Text == kept })) == 0 {
		t.Fatal("what was typed is not on screen after the reload")
	}

	note.SetText("我的修改")
	f.Save()
	if got, _ := db.Unit(ctx, u.ID); got.Phone != "0571-2000" || got.Note != "我的修改" {
		t.Fatalf("save after the reload: %q %q", got.Phone, got.Note)
	}
	if f.Kept() != "" {
		t.Error("the kept text stays after a save")
	}
}
