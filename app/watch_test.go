package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/app/screens/units"
	"xiaoneng/data"
	"xiaoneng/data/store/storetest"
)

// TestOpenListFollowsOtherDesktops: a unit another program registers in
// the same ledger (another desktop on the server; here the same file)
// appears in the open 单位 list without the user doing anything; a form
// with unsaved changes keeps them.
func TestOpenListFollowsOtherDesktops(t *testing.T) {
	refreshes := make(chan func(), 16)
	oldEvery, oldUI := watchEvery, onUI
	watchEvery, onUI = 20*time.Millisecond, func(f func()) { refreshes <- f }
	t.Cleanup(func() { watchEvery, onUI = oldEvery, oldUI })
	w, db := newTestBench(t)
	t.Cleanup(w.follow.Stop)
	s := goTo[*units.Screen](t, w, "单位")
	if apptest.Shows(w.Window().Content(), "县医疗保障局") {
		t.Fatal("the new ledger already has the unit")
	}

	ctx := context.Background()
	other := storetest.Open(t, db.Path()) // another program, its user signed in
	defer other.Close()
	if err := other.CreateUnit(ctx, &data.Unit{Name: "县医疗保障局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	select {
	case refresh := <-refreshes:
		refresh()
	case <-time.After(10 * time.Second):
		t.Fatal("no refresh after another program wrote the ledger")
	}
	if !apptest.Shows(w.Window().Content(), "县医疗保障局") {
		t.Fatal("the 单位 list does not show the unit the other program registered")
	}

	// The form's unsaved changes stay through a refresh.
	if !apptest.TapFirstRow(s.View()) {
		t.Fatal("no row to open")
	}
	var name *widget.Entry
	for _, e := range apptest.Entries(s.View()) {
		if e, ok := e.(*widget.Entry); ok && e.Text == "县医疗保障局" {
			name = e
		}
	}
	if name == nil {
		t.Fatal("the unit opened is not in the form")
	}
	test.Type(name, "（改）")
	typed := name.Text
	if err := other.CreateUnit(ctx, &data.Unit{Name: "县信访局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); !apptest.Shows(w.Window().Content(), "县信访局"); {
		select {
		case refresh := <-refreshes:
			refresh()
		case <-time.After(time.Until(deadline)):
			t.Fatal("no refresh after the second unit")
		}
	}
	if name.Text != typed || typed == "县医疗保障局" {
		t.Errorf("the refresh left %q in the form, want what was being typed", name.Text)
	}
}
