package kit

import (
	"errors"
	"image/color"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/data"
)

// pickerRows is how many matches the dropdown shows without scrolling.
const pickerRows = 8

// UnitPicker is an entry for choosing a unit: as the user types any part of
// the name or short name, or the pinyin initials ("xgaj" for 县公安局), a
// dropdown lists the matches; a tap (or the arrow keys and Enter) picks one.
// Typed text that is not a picked unit is invalid ("请从列表中选择单位").
//
// The search runs on the UI thread at each keystroke: the unit registry of a
// county holds hundreds of rows, an indexed query takes a millisecond.
type UnitPicker struct {
	widget.Entry

	// OnChanged is called when the picked unit changes; ("", "") when the
	// text no longer names a picked unit.
	OnChanged func(id, name string)

	search   func(query string) ([]*data.Unit, error)
	id, name string
	setting  bool // SetText from inside: not the user typing

	results []*data.Unit
	hi      int // highlighted match, moved by the arrow keys; -1 none
	popup   *widget.PopUp
	list    *matchList

	formHook func() // the Form's change listener
}

// NewUnitPicker returns a picker that finds units with search (typically
// the store's unit list filtered by data.UnitFilter.Search).
func NewUnitPicker(search func(query string) ([]*data.Unit, error)) *UnitPicker {
	p := &UnitPicker{search: search, hi: -1}
	p.ExtendBaseWidget(p)
	p.PlaceHolder = "输入名称或拼音首字母"
	p.Validator = func(s string) error {
		if strings.TrimSpace(s) != "" && p.id == "" {
			return errors.New("请从列表中选择单位")
		}
		return nil
	}
	p.Entry.OnChanged = p.textChanged
	p.list = newMatchList(p)
	return p
}

// Unit returns the picked unit's ID and name; ("", "") when none is picked.
func (p *UnitPicker) Unit() (id, name string) { return p.id, p.name }

// SetUnit shows a picked unit (loading a record); ("", "") clears. It does
// not call OnChanged.
func (p *UnitPicker) SetUnit(id, name string) {
	if id == "" {
		name = ""
	}
	p.id, p.name = id, name
	p.setText(name)
	p.Validate()
	p.hidePopup()
	if p.formHook != nil {
		p.formHook()
	}
}

func (p *UnitPicker) setText(s string) {
	p.setting = true
	defer func() { p.setting = false }()
	p.SetText(s)
}

// textChanged runs the search for what the user typed.
func (p *UnitPicker) textChanged(s string) {
	if p.setting {
		return
	}
	if p.id != "" {
		p.id, p.name = "", ""
		p.changed()
	}
	q := strings.TrimSpace(s)
	if q == "" {
		p.results = nil
		p.hidePopup()
	} else {
		p.find(q)
	}
	p.Validate()
	if p.formHook != nil {
		p.formHook()
	}
}

// find searches and shows the matches. A text that is exactly one unit's
// name picks that unit: typing the full name is as good as choosing it.
func (p *UnitPicker) find(q string) {
	units, err := p.search(q)
	if err != nil {
		log.Printf("unit picker: search %q: %v", q, err)
		p.results = nil
		p.hidePopup()
		return
	}
	p.results, p.hi = units, -1
	var exact *data.Unit
	for _, u := range units {
		if u.Name == q {
			if exact != nil {
				exact = nil
				break
			}
			exact = u
		}
	}
	if exact != nil {
		p.id, p.name = exact.ID, exact.Name
		p.changed()
	}
	p.showPopup()
}

// pick chooses a match.
func (p *UnitPicker) pick(u *data.Unit) {
	p.hidePopup()
	changed := p.id != u.ID
	p.id, p.name = u.ID, u.Name
	p.setText(u.Name)
	p.CursorColumn = len([]rune(u.Name))
	p.Validate()
	if changed {
		p.changed()
	}
	if p.formHook != nil {
		p.formHook()
	}
}

func (p *UnitPicker) changed() {
	if p.OnChanged != nil {
		p.OnChanged(p.id, p.name)
	}
}

func (p *UnitPicker) showPopup() {
	c := fyne.CurrentApp().Driver().CanvasForObject(p)
	if c == nil {
		return
	}
	p.list.list.Refresh()
	if len(p.results) == 0 {
		p.list.empty.Show()
	} else {
		p.list.empty.Hide()
	}
	rows := min(max(len(p.results), 1), pickerRows)
	size := fyne.NewSize(max(p.Size().Width, 320), float32(rows)*p.list.rowHeight()+theme.Padding())
	if p.popup == nil {
		p.popup = widget.NewPopUp(p.list, c)
		p.popup.Hide() // a new pop-up counts as visible before it is shown
	}
	if !p.popup.Visible() {
		p.popup.ShowAtRelativePosition(fyne.NewPos(0, p.Size().Height), p)
		// While the dropdown is up, keys go to the overlay's focus; the list
		// hands typing back to the entry.
		c.Focus(p.list)
	}
	p.popup.Resize(size)
	p.list.list.ScrollToTop()
}

func (p *UnitPicker) hidePopup() {
	if p.popup != nil && p.popup.Visible() {
		p.popup.Hide()
	}
	p.hi = -1
}

// TypedKey opens the dropdown with the down arrow; other keys edit the text.
func (p *UnitPicker) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyDown && strings.TrimSpace(p.Text) != "" {
		p.find(strings.TrimSpace(p.Text))
		p.listKey(ev)
		return
	}
	p.Entry.TypedKey(ev)
}

// listKey handles a key typed while the dropdown has the focus. Enter picks
// only a match highlighted with the arrow keys: input methods on X11 leak the
// Enter that commits a composition, and that must not pick a unit.
func (p *UnitPicker) listKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		p.highlight(min(p.hi+1, len(p.results)-1))
	case fyne.KeyUp:
		p.highlight(max(p.hi-1, 0))
	case fyne.KeyReturn, fyne.KeyEnter:
		if p.hi >= 0 && p.hi < len(p.results) {
			p.pick(p.results[p.hi])
		}
	case fyne.KeyEscape:
		p.hidePopup()
	case fyne.KeyTab:
		// Leaving the field: the dropdown holds the focus, so close it and
		// move on from the entry.
		p.hidePopup()
		if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
			c.FocusNext()
		}
	default:
		p.Entry.TypedKey(ev)
	}
}

func (p *UnitPicker) highlight(i int) {
	if i < 0 || i >= len(p.results) {
		return
	}
	p.hi = i
	p.list.list.Refresh()
	p.list.list.ScrollTo(i)
}

// matchList is the dropdown. It takes the keyboard focus while shown and
// forwards typing to the picker.
type matchList struct {
	widget.BaseWidget
	picker *UnitPicker
	list   *widget.List
	empty  *widget.Label
}

func newMatchList(p *UnitPicker) *matchList {
	m := &matchList{picker: p, empty: widget.NewLabel("没有匹配的单位")}
	m.empty.Importance = widget.LowImportance
	m.list = widget.NewList(
		func() int { return len(p.results) },
		func() fyne.CanvasObject {
			cat := widget.NewLabel("")
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(canvas.NewRectangle(color.Transparent), container.NewBorder(nil, nil, nil, cat, name))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.results) {
				return
			}
			u := p.results[i]
			st := o.(*fyne.Container)
			bg := st.Objects[0].(*canvas.Rectangle)
			row := st.Objects[1].(*fyne.Container)
			text := u.Name
			if u.ShortName != "" && u.ShortName != u.Name {
				text += "（" + u.ShortName + "）"
			}
			row.Objects[0].(*widget.Label).SetText(text)
			row.Objects[1].(*widget.Label).SetText(string(u.Category))
			if i == p.hi {
				bg.FillColor = theme.Color(theme.ColorNameSelection)
			} else {
				bg.FillColor = color.Transparent
			}
			bg.Refresh()
		})
	m.list.OnSelected = func(i widget.ListItemID) {
		m.list.UnselectAll()
		if i < len(p.results) {
			p.pick(p.results[i])
		}
	}
	m.ExtendBaseWidget(m)
	return m
}

func (m *matchList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(m.list, container.NewCenter(m.empty)))
}

// rowHeight is the height of one match in the list, separator included.
func (m *matchList) rowHeight() float32 {
	return m.list.CreateItem().MinSize().Height + theme.Padding()
}

func (m *matchList) FocusGained()                  {}
func (m *matchList) FocusLost()                    {}
func (m *matchList) TypedRune(r rune)              { m.picker.TypedRune(r) }
func (m *matchList) TypedKey(ev *fyne.KeyEvent)    { m.picker.listKey(ev) }
func (m *matchList) TypedShortcut(s fyne.Shortcut) { m.picker.TypedShortcut(s) }
