package kit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

// today is the day the calendar highlights; tests fix it.
var today = data.Today

// DateEntry is an entry for one day, shown and typed as YYYY-MM-DD, with a
// button that opens a Chinese month calendar. Empty means "not set".
type DateEntry struct {
	widget.Entry

	// OnDateChanged is called when the text becomes a valid date or is
	// cleared (with the zero Date). Use it rather than Entry.OnChanged,
	// which the date entry uses itself.
	OnDateChanged func(data.Date)

	popup *widget.PopUp
	cal   *calendar
}

// NewDateEntry returns an empty date entry.
func NewDateEntry() *DateEntry {
	e := &DateEntry{}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = "年-月-日"
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := data.ParseDate(strings.TrimSpace(s))
		return err
	}
	e.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), e.ShowCalendar)
	e.Entry.OnChanged = func(string) {
		d, err := e.Date()
		if err == nil && e.OnDateChanged != nil {
			e.OnDateChanged(d)
		}
	}
	return e
}

// Date returns the day typed, the zero Date when empty, or the Chinese
// parse error of data.ParseDate.
func (e *DateEntry) Date() (data.Date, error) {
	s := strings.TrimSpace(e.Text)
	if s == "" {
		return data.Date{}, nil
	}
	return data.ParseDate(s)
}

// SetDate shows d (the zero Date clears the entry).
func (e *DateEntry) SetDate(d data.Date) {
	e.SetText(d.String())
}

// widestDate is the text a date entry must show whole.
const widestDate = "2026-11-21"

// MinSize leaves room for a whole date beside the validation mark and the
// calendar button: Fyne sizes an entry for its placeholder, so in a row of
// widgets (which gives each its minimum) the date was cut off once the ✓
// appeared. The sum mirrors Fyne's entry layout: the text with the inner
// padding on both sides, then the mark's icon and line spacing, then the
// button.
func (e *DateEntry) MinSize() fyne.Size {
	min := e.Entry.MinSize()
	th := e.Theme()
	w := fyne.MeasureText(widestDate, th.Size(theme.SizeNameText), e.TextStyle).Width +
		2*th.Size(theme.SizeNameInnerPadding) +
		th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNameLineSpacing)
	if e.ActionItem != nil {
		w += e.ActionItem.MinSize().Width
	}
	return fyne.NewSize(max(min.Width, w), min.Height)
}

// ShowCalendar opens the month calendar under the entry, at the typed day or
// today.
func (e *DateEntry) ShowCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	d, err := e.Date()
	if err != nil {
		d = data.Date{}
	}
	e.cal = newCalendar(d, func(picked data.Date) {
		e.popup.Hide()
		e.SetDate(picked)
	})
	e.popup = widget.NewPopUp(e.cal, c)
	e.popup.ShowAtRelativePosition(fyne.NewPos(0, e.Size().Height), e)
}

// calendar is a month grid in Chinese: "2026年11月", weeks from Monday
// (一 … 日), today and the selected day highlighted.
type calendar struct {
	widget.BaseWidget
	month    data.Date // first day of the shown month
	selected data.Date
	onPick   func(data.Date)

	title *widget.Label
	days  *fyne.Container
}

func newCalendar(selected data.Date, onPick func(data.Date)) *calendar {
	start := selected
	if start.IsZero() {
		start = today()
	}
	c := &calendar{month: data.NewDate(start.Year(), start.Month(), 1), selected: selected, onPick: onPick}
	c.title = widget.NewLabel("")
	c.title.Alignment = fyne.TextAlignCenter
	c.title.TextStyle.Bold = true
	c.days = container.NewGridWithColumns(7)
	c.ExtendBaseWidget(c)
	c.build()
	return c
}

func (c *calendar) CreateRenderer() fyne.WidgetRenderer {
	nav := func(icon fyne.Resource, text string, months int) *widget.Button {
		b := widget.NewButtonWithIcon(text, icon, func() { c.shift(months) })
		b.Importance = widget.LowImportance
		return b
	}
	header := container.NewBorder(nil, nil,
		container.NewHBox(nav(nil, "«", -12), nav(theme.NavigateBackIcon(), "", -1)),
		container.NewHBox(nav(theme.NavigateNextIcon(), "", 1), nav(nil, "»", 12)),
		c.title)
	week := container.NewGridWithColumns(7)
	for _, name := range []string{"一", "二", "三", "四", "五", "六", "日"} {
		l := widget.NewLabel(name)
		l.Alignment = fyne.TextAlignCenter
		l.TextStyle.Bold = true
		week.Add(l)
	}
	todayBtn := widget.NewButton("今天", func() { c.onPick(today()) })
	todayBtn.Importance = widget.LowImportance
	return widget.NewSimpleRenderer(container.NewVBox(header, week, c.days,
		container.NewHBox(layout.NewSpacer(), todayBtn)))
}

// shift moves the shown month by n months.
func (c *calendar) shift(n int) {
	c.month = data.NewDate(c.month.Year(), c.month.Month()+time.Month(n), 1)
	c.build()
}

// build fills the title and the day grid for the shown month.
func (c *calendar) build() {
	c.title.SetText(fmt.Sprintf("%d年%d月", c.month.Year(), int(c.month.Month())))
	lead := (int(c.month.Weekday()) + 6) % 7 // Monday first
	last := c.month.AddDays(40)
	last = data.NewDate(last.Year(), last.Month(), 1).AddDays(-1)
	objs := make([]fyne.CanvasObject, 0, 42)
	for range lead {
		objs = append(objs, layout.NewSpacer())
	}
	now := today()
	for day := 1; day <= last.Day(); day++ {
		d := data.NewDate(c.month.Year(), c.month.Month(), day)
		b := widget.NewButton(strconv.Itoa(day), func() { c.onPick(d) })
		switch {
		case d.Equal(c.selected):
			b.Importance = widget.HighImportance
		case d.Equal(now):
			b.Importance = widget.WarningImportance
		default:
			b.Importance = widget.LowImportance
		}
		objs = append(objs, b)
	}
	for len(objs) < 42 { // six rows always, so the popup keeps its size
		objs = append(objs, layout.NewSpacer())
	}
	c.days.Objects = objs
	c.days.Refresh()
}

// dayButton finds the button of a day of the shown month.
func (c *calendar) dayButton(day int) *widget.Button {
	for _, o := range c.days.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == strconv.Itoa(day) {
			return b
		}
	}
	return nil
}
