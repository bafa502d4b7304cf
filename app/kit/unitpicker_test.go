package kit

import (
	"context"
	"errors"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// unitRegistry opens a ledger with a few units and returns it with a search
// function as the screens wire it.
func unitRegistry(t *testing.T) (*store.DB, func(string) ([]*data.Unit, error)) {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t)
	for _, u := range []*data.Unit{
		{Name: "县公安局", ShortName: "公安局", Category: data.UnitDepartment},
		{Name: "县市场监督管理局", ShortName: "市场监管局", Category: data.UnitDepartment},
		{Name: "县公安局户政窗口", Category: data.UnitWindow},
		{Name: "城关镇", Category: data.UnitTownship},
		{Name: "县自来水公司", ShortName: "水司", Category: data.UnitUtility},
	} {
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return db, func(q string) ([]*data.Unit, error) {
		return db.Units(ctx, data.UnitFilter{Search: q, Status: data.UnitActive, Limit: 20})
	}
}

// dropdownShown reports whether the picker's dropdown is on its canvas.
func dropdownShown(p *UnitPicker) bool { return popupShown(p.popup) }

func resultNames(p *UnitPicker) []string {
	var names []string
	for _, u := range p.results {
		names = append(names, u.Name)
	}
	return names
}

type pickerEvent struct{ id, name string }

func newPicker(t *testing.T) (*UnitPicker, fyne.Window, *[]pickerEvent) {
	_, search := unitRegistry(t)
	p := NewUnitPicker(search)
	var events []pickerEvent
	p.OnChanged = func(id, name string) { events = append(events, pickerEvent{id, name}) }
	w := newWindow(t, p, 400, 400)
	return p, w, &events
}

func TestUnitPickerMatchesPinyinInitials(t *testing.T) {
	p, w, events := newPicker(t)
	test.Type(p, "scjg")
	if got := resultNames(p); !slices.Equal(got, []string{"县市场监督管理局"}) { // short name 市场监管局
		t.Fatalf("scjg matched %v", got)
	}
	p.SetText("")
	test.Type(p, "xgaj")
	if got := resultNames(p); !slices.Equal(got, []string{"县公安局", "县公安局户政窗口"}) { // xgajhzck
		t.Fatalf("xgaj matched %v", got)
	}
	if !dropdownShown(p) {
		t.Fatal("dropdown not shown")
	}
	if !hasLabel(w.Canvas(), "县公安局（公安局）") || !hasLabel(w.Canvas(), "县直部门") {
		t.Fatal("match not listed with short name and category")
	}
	if id, _ := p.Unit(); id != "" || p.Validate() == nil {
		t.Fatal("typed initials count as a picked unit")
	}

	// While the dropdown is up it has the keyboard: arrows choose, Enter picks.
	if w.Canvas().Focused() != p.list {
		t.Fatal("dropdown does not hold the focus")
	}
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	id, name := p.Unit()
	if id == "" || name != "县公安局" || p.Text != "县公安局" {
		t.Fatalf("picked %q %q, text %q", id, name, p.Text)
	}
	if dropdownShown(p) {
		t.Fatal("dropdown still open after picking")
	}
	if p.Validate() != nil {
		t.Fatal("picked unit invalid")
	}
	if len(*events) != 1 || (*events)[0] != (pickerEvent{id, "县公安局"}) {
		t.Fatalf("OnChanged %v", *events)
	}
}

func TestUnitPickerMatchesChineseSubstrings(t *testing.T) {
	p, _, events := newPicker(t)
	test.Type(p, "公安")
	if got := resultNames(p); !slices.Equal(got, []string{"县公安局", "县公安局户政窗口"}) {
		t.Fatalf("公安 matched %v", got)
	}
	test.Type(p.list, "局户") // typing goes on through the dropdown
	if p.Text != "公安局户" || !slices.Equal(resultNames(p), []string{"县公安局户政窗口"}) {
		t.Fatalf("text %q matched %v", p.Text, resultNames(p))
	}
	// Choosing a row (what a tap does) picks it.
	p.SetText("县")
	idx := slices.Index(resultNames(p), "县自来水公司")
	if idx < 0 {
		t.Fatalf("县 matched %v", resultNames(p))
	}
	p.list.list.Select(idx)
	if _, name := p.Unit(); name != "县自来水公司" || p.Text != "县自来水公司" {
		t.Fatalf("tap picked %q (%q)", name, p.Text)
	}
	// Short names match too.
	p.SetText("水司")
	if got := resultNames(p); !slices.Equal(got, []string{"县自来水公司"}) {
		t.Fatalf("水司 matched %v", got)
	}
	if id, _ := p.Unit(); id != "" {
		t.Fatal("editing the text kept the old unit")
	}
	if last := (*events)[len(*events)-1]; last != (pickerEvent{}) {
		t.Fatalf("clearing not reported: %v", *events)
	}
}

func TestUnitPickerExactNamePicks(t *testing.T) {
	p, _, events := newPicker(t)
	test.Type(p, "城关镇") // as an input method commits it
	if id, name := p.Unit(); id == "" || name != "城关镇" {
		t.Fatalf("full name not taken: %q %q", id, name)
	}
	if p.Validate() != nil || len(*events) != 1 {
		t.Fatalf("validate %v, events %v", p.Validate(), *events)
	}
}

func TestUnitPickerLeakedEnterDoesNotPick(t *testing.T) {
	p, _, events := newPicker(t)
	test.Type(p, "县")
	// An input method's Enter arrives without any arrow key before it.
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if id, _ := p.Unit(); id != "" || len(*events) != 0 {
		t.Fatal("a bare Enter picked a unit")
	}
	if p.Text != "县" {
		t.Fatalf("Enter changed the text to %q", p.Text)
	}
	// Backspace typed into the dropdown edits the entry.
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if p.Text != "" || dropdownShown(p) {
		t.Fatalf("backspace: %q, dropdown %v", p.Text, dropdownShown(p))
	}
	if p.Validate() != nil {
		t.Fatal("an empty picker is not an error (required-ness is the form's)")
	}
}

func TestUnitPickerNoMatchAndEscape(t *testing.T) {
	p, _, _ := newPicker(t)
	test.Type(p, "不存在的单位")
	if len(p.results) != 0 || !dropdownShown(p) || !p.list.empty.Visible() {
		t.Fatal("no-match notice not shown")
	}
	if err := p.Validate(); err == nil || err.Error() != "请从列表中选择单位" {
		t.Fatalf("validation %v", err)
	}
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if dropdownShown(p) {
		t.Fatal("Escape did not close the dropdown")
	}
}

func TestUnitPickerSetUnit(t *testing.T) {
	p, _, events := newPicker(t)
	p.SetUnit("u-1", "县公安局")
	if id, name := p.Unit(); id != "u-1" || name != "县公安局" || p.Text != "县公安局" {
		t.Fatalf("SetUnit: %q %q %q", id, name, p.Text)
	}
	if len(*events) != 0 || dropdownShown(p) {
		t.Fatal("SetUnit reported a change or searched")
	}
	p.SetUnit("", "残留")
	if id, name := p.Unit(); id != "" || name != "" || p.Text != "" {
		t.Fatal("SetUnit(\"\") did not clear")
	}
}

func TestUnitPickerSearchError(t *testing.T) {
	p := NewUnitPicker(func(string) ([]*data.Unit, error) { return nil, errors.New("store: units: disk I/O error") })
	newWindow(t, p, 400, 300)
	test.Type(p, "县")
	if dropdownShown(p) {
		t.Fatal("dropdown shown after a failed search")
	}
	if p.Validate() == nil {
		t.Fatal("text without a unit accepted")
	}
}

func TestUnitPickerTabLeavesTheField(t *testing.T) {
	_, search := unitRegistry(t)
	p := NewUnitPicker(search)
	next := widget.NewEntry()
	w := newWindow(t, container.NewVBox(p, next), 400, 400)
	w.Canvas().Focus(p)
	test.Type(p, "城关")
	if !dropdownShown(p) {
		t.Fatal("dropdown not shown")
	}
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if dropdownShown(p) {
		t.Fatal("Tab left the dropdown open")
	}
	if w.Canvas().Focused() != next {
		t.Fatalf("focus on %T after Tab", w.Canvas().Focused())
	}
}
