package app

import (
	"context"
	"database/sql"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/app/screens/people"
)

// A save while another program holds the ledger does not freeze the window:
// it waits off the UI thread under a notice, the typing kept, and saves
// once the ledger is free; 取消保存 leaves the ledger as it was and the
// typing in the form.
func TestSaveWaitsForTheLedger(t *testing.T) {
	ctx := context.Background()
	w, db := newTestBench(t)
	apptest.QueueBackground(t)
	other, err := sql.Open("sqlite", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hold := func() {
		t.Helper()
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
	}
	release := func() {
		t.Helper()
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		t.Helper()
		list, err := db.People(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := count()
	screen := goTo[*people.Screen](t, w, "人员")
	// dirty asks the screen to leave, as the navigation would, and stays
	dirty := func() bool {
		left := false
		screen.ConfirmLeave(func() { left = true })
		if !left {
			apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "继续编辑")
		}
		return !left
	}
	typePerson := func(name string) *widget.Entry {
		press(w, fyne.KeyN)
		entry := w.Window().Canvas().Focused().(*widget.Entry)
		test.Type(entry, name)
		apptest.Find[*widget.Select](t, screen.View()).SetSelectedIndex(0) // 类别
		return entry
	}

	typePerson("王芳")
	hold()
	press(w, fyne.KeyS)
	notice := apptest.TopOverlay(t, w.Window())
	if !apptest.Shows(notice, "正在等待保存") {
		t.Fatalf("a save while another program holds the ledger shows %v", apptest.Texts(notice))
	}
	if n := count(); n != before {
		t.Fatalf("%d people while the ledger was held, %d before", n, before)
	}
	release()
	apptest.RunQueued()
	if n := count(); n != before+1 {
		t.Fatalf("%d people once the ledger was free, want %d", n, before+1)
	}
	if w.Window().Canvas().Overlays().Top() != nil {
		t.Error("the notice stays after the save")
	}
	if dirty() {
		t.Error("the form is still unsaved after the save")
	}

	entry := typePerson("李娜")
	hold()
	press(w, fyne.KeyS)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "取消保存")
	release()
	apptest.RunQueued()
	if n := count(); n != before+1 {
		t.Errorf("%d people after 取消保存, want %d", n, before+1)
	}
	if entry.Text != "李娜" || !dirty() {
		t.Errorf("after 取消保存 the form holds %q (unsaved: %v)", entry.Text, dirty())
	}
	if !apptest.Shows(screen.View(), "未保存：已取消等待") {
		t.Error("the form does not say the save was cancelled")
	}
}
