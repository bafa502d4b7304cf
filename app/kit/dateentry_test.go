package kit

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

func TestDateEntryParsesAndFormats(t *testing.T) {
	e := NewDateEntry()
	newWindow(t, e, 300, 100)
	var changes []string
	e.OnDateChanged = func(d data.Date) { changes = append(changes, d.String()) }

	if d, err := e.Date(); err != nil || !d.IsZero() {
		t.Fatalf("empty entry: %v, %v", d, err)
	}
	test.Type(e, "2026-11-21")
	d, err := e.Date()
	if err != nil || !d.Equal(data.NewDate(2026, 11, 21)) {
		t.Fatalf("Date() = %v, %v", d, err)
	}
	if changes[len(changes)-1] != "2026-11-21" {
		t.Fatalf("OnDateChanged got %v", changes)
	}
	if e.Validate() != nil {
		t.Fatal("valid date rejected by the validator")
	}

	e.SetText("2026-2-30")
	_, err = e.Date()
	if err == nil || !strings.Contains(err.Error(), "不存在：2026年2月只有28天") || !strings.Contains(err.Error(), "2026-2-30") {
		t.Fatalf("invalid date error %v", err)
	}
	if e.Validate() == nil {
		t.Fatal("validator accepted 2026-2-30")
	}
	e.SetText("21/11/2026")
	if _, err := e.Date(); err == nil {
		t.Fatal("dd/mm/yyyy accepted")
	}

	e.SetDate(data.NewDate(2027, 1, 5))
	if e.Text != "2027-01-05" {
		t.Fatalf("SetDate shows %q", e.Text)
	}
	e.SetDate(data.Date{})
	if e.Text != "" || changes[len(changes)-1] != "" {
		t.Fatalf("clearing: %q, changes %v", e.Text, changes)
	}
	e.SetText("2026-3-8") // single digits are accepted as typed
	if d, _ := e.Date(); !d.Equal(data.NewDate(2026, 3, 8)) {
		t.Fatalf("2026-3-8 read as %v", d)
	}
}

func openCalendar(t *testing.T, e *DateEntry) *calendar {
	t.Helper()
	test.Tap(e.ActionItem.(*widget.Button))
	if !popupShown(e.popup) || e.cal == nil {
		t.Fatal("calendar did not open")
	}
	return e.cal
}

func TestDateEntryCalendarIsChinese(t *testing.T) {
	fixToday(t, data.NewDate(2026, 11, 21))
	e := NewDateEntry()
	w := newWindow(t, e, 400, 500)
	cal := openCalendar(t, e)
	c := w.Canvas()

	if cal.title.Text != "2026年11月" {
		t.Fatalf("title %q", cal.title.Text)
	}
	for _, wd := range []string{"一", "二", "三", "四", "五", "六", "日"} {
		if !hasLabel(c, wd) {
			t.Fatalf("weekday header %s missing", wd)
		}
	}
	// 2026-11-01 is a Sunday: six empty cells before it in a week from Monday.
	first := -1
	for i, o := range cal.days.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == "1" {
			first = i
			break
		}
		if _, ok := o.(layout.SpacerObject); !ok {
			t.Fatalf("cell %d is %T", i, o)
		}
	}
	if first != 6 {
		t.Fatalf("1 November in column %d, want 6 (Sunday)", first)
	}
	if cal.dayButton(30) == nil || cal.dayButton(31) != nil {
		t.Fatal("November has 30 days")
	}
	if cal.dayButton(21).Importance != widget.WarningImportance {
		t.Fatal("today not highlighted")
	}
	if cal.dayButton(20).Importance != widget.LowImportance {
		t.Fatal("an ordinary day highlighted")
	}
	if !hasLabel(c, "2026年11月") {
		t.Fatal("month title not on screen")
	}
	button(t, c, "今天")
}

func TestDateEntryPickDay(t *testing.T) {
	fixToday(t, data.NewDate(2026, 11, 21))
	e := NewDateEntry()
	newWindow(t, e, 400, 500)
	var picked data.Date
	e.OnDateChanged = func(d data.Date) { picked = d }

	cal := openCalendar(t, e)
	test.Tap(cal.dayButton(5))
	if e.Text != "2026-11-05" || !picked.Equal(data.NewDate(2026, 11, 5)) {
		t.Fatalf("picked %q / %v", e.Text, picked)
	}
	if popupShown(e.popup) {
		t.Fatal("calendar still open after picking")
	}

	// Reopened, it shows the typed day's month with that day selected.
	cal = openCalendar(t, e)
	if cal.dayButton(5).Importance != widget.HighImportance || cal.dayButton(21).Importance != widget.WarningImportance {
		t.Fatal("selected day and today not both marked")
	}
	cal.shift(1)
	if cal.title.Text != "2026年12月" || cal.dayButton(31) == nil {
		t.Fatalf("next month: %q", cal.title.Text)
	}
	cal.shift(1)
	if cal.title.Text != "2027年1月" {
		t.Fatalf("across the year: %q", cal.title.Text)
	}
	cal.shift(-12)
	if cal.title.Text != "2026年1月" {
		t.Fatalf("a year back: %q", cal.title.Text)
	}
	test.Tap(cal.dayButton(31))
	if e.Text != "2026-01-31" {
		t.Fatalf("picked %q", e.Text)
	}

	// February of a leap year, through the navigation buttons.
	e.SetText("2028-02-10")
	cal = openCalendar(t, e)
	if cal.title.Text != "2028年2月" || cal.dayButton(29) == nil || cal.dayButton(30) != nil {
		t.Fatalf("February 2028: %q", cal.title.Text)
	}
	test.Tap(button(t, fyne.CurrentApp().Driver().CanvasForObject(e), "今天"))
	if e.Text != "2026-11-21" {
		t.Fatalf("今天 picked %q", e.Text)
	}
}

func TestDateEntryCalendarOpensAtTodayWhenInvalid(t *testing.T) {
	fixToday(t, data.NewDate(2026, 11, 21))
	e := NewDateEntry()
	newWindow(t, e, 400, 500)
	e.SetText("不是日期")
	if cal := openCalendar(t, e); cal.title.Text != "2026年11月" {
		t.Fatalf("title %q", cal.title.Text)
	}
}

// TestDateEntryRoomForWholeDate puts date entries in a row, which gives
// each its minimum width, and checks that the typed date is drawn whole
// inside the entry's text area, left of the ✓ mark and the calendar button.
func TestDateEntryRoomForWholeDate(t *testing.T) {
	from, to := NewDateEntry(), NewDateEntry()
	row := container.NewHBox(widget.NewLabel("发现日期"), from, widget.NewLabel("至"), to)
	w := newWindow(t, row, 800, 100)
	from.SetText("2026-11-21")
	to.SetText("2026-01-08")
	w.Content().Refresh()

	th := from.Theme()
	text := fyne.MeasureText("2026-11-21", th.Size(fynetheme.SizeNameText), fyne.TextStyle{}).Width
	icons := th.Size(fynetheme.SizeNameInlineIcon) + from.ActionItem.MinSize().Width
	if min := from.MinSize().Width; min < text+icons {
		t.Fatalf("MinSize width %v < text %v + mark and button %v", min, text, icons)
	}
	if from.Size().Width != from.MinSize().Width {
		t.Fatalf("the row gave the entry %v, not its minimum %v", from.Size().Width, from.MinSize().Width)
	}

	d := fyne.CurrentApp().Driver()
	for _, e := range []*DateEntry{from, to} {
		var drawn *canvas.Text
		var mark, viewport fyne.CanvasObject
		walkEntry(e, func(o fyne.CanvasObject) {
			if tx, ok := o.(*canvas.Text); ok && tx.Text == e.Text {
				drawn = tx
			}
			switch fmt.Sprintf("%T", o) {
			case "*widget.validationStatus":
				mark = o
			case "*widget.Scroll": // clips the text
				viewport = o
			}
		})
		if drawn == nil || mark == nil || !mark.Visible() || viewport == nil {
			t.Fatalf("%s: text drawn %v, ✓ mark %v, viewport %v", e.Text, drawn != nil, mark != nil, viewport != nil)
		}
		textEnd := d.AbsolutePositionForObject(drawn).X + fyne.MeasureText(drawn.Text, drawn.TextSize, drawn.TextStyle).Width
		clip := d.AbsolutePositionForObject(viewport).X + viewport.Size().Width
		markStart := d.AbsolutePositionForObject(mark).X
		if textEnd > clip || textEnd > markStart {
			t.Fatalf("%s: text ends at %v, its viewport at %v, the ✓ starts at %v", e.Text, textEnd, clip, markStart)
		}
	}
}

// walkEntry calls fn for every object drawn inside widget o.
func walkEntry(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walkEntry(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			walkEntry(c, fn)
		}
	}
}
