package actions

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Screen is 责任追究: the decisions against units and persons,
// filtered by target, measure, unit and the day decided, counted by measure;
// the selected decision in a form beside the list.
type Screen struct {
	w       host.Host
	records *kit.Records[*data.Action]
	table   *kit.Table[*data.Action]
	bases   map[string]store.ActionBasis // by decision

	target   string // 全部对象, or a data.TargetKind
	targets  map[string]*widget.Button
	measure  *widget.Select
	unit     *kit.UnitPicker
	year     *widget.Select
	from, to *kit.DateEntry
	counts   *kit.WrapLabel
	filters  *kit.Filters

	form    *parts.ActionForm
	heading *kit.WrapLabel
	remove  *widget.Button
}

// Choices of the filters that select everything.
const (
	anyTarget  = "全部对象"
	anyMeasure = "全部方式"
	anyYear    = "全部年份"
)

func New(w host.Host) *Screen {
	s := &Screen{w: w, target: anyTarget, targets: map[string]*widget.Button{}, bases: map[string]store.ActionBasis{}}
	s.table = kit.NewTable(s.columns(), s.match, nil)

	add := widget.NewButtonWithIcon("新建追究", fynetheme.ContentAddIcon(), s.Create)
	var chips []fyne.CanvasObject
	for _, t := range []string{anyTarget, string(data.TargetUnit), string(data.TargetPerson)} {
		label := t
		if t != anyTarget {
			label = "对" + t
		}
		b := widget.NewButton(label, func() { s.setTarget(t) })
		s.targets[t] = b
		chips = append(chips, b)
	}
	s.filters = kit.NewFilters(s.reload)
	s.measure = kit.FilterSelect(anyMeasure, data.Measures, func(string) { s.filters.Changed() })
	s.unit = kit.NewUnitPicker(func(q string) ([]*data.Unit, error) {
		return w.DB().Units(w.Context(), data.UnitFilter{Search: q, Limit: 50}) // retired units keep their decisions
	})
	s.unit.OnChanged = func(string, string) { s.filters.Changed() }
	s.year = widget.NewSelect([]string{anyYear}, s.yearChanged)
	s.year.PlaceHolder = "自定义"
	s.year.SetSelected(anyYear)
	s.from, s.to = kit.NewDateEntry(), kit.NewDateEntry()
	s.from.OnDateChanged = func(data.Date) { s.datesChanged() }
	s.to.OnDateChanged = func(data.Date) { s.datesChanged() }
	clearAll := widget.NewButtonWithIcon("清除条件", fynetheme.ContentClearIcon(), s.clearFilters)
	s.counts = kit.NewWrapLabel("")

	bar := container.NewHBox(add, widget.NewSeparator(), container.NewHBox(chips...), widget.NewLabel("追究方式"), s.measure)
	unitRow := container.NewBorder(nil, nil, widget.NewLabel("单位"), nil, s.unit)
	dates := container.NewHBox(widget.NewLabel("年度"), kit.Wide(110, s.year), widget.NewLabel("决定日期"), s.from,
		widget.NewLabel("至"), s.to, clearAll)

	s.form = parts.NewActionForm(w, s.saveAction, true)
	s.records = kit.NewRecords(w.Window(), s.table, s.form.Form, &s.form.Action, s.open)
	s.records.Reload, s.records.Fresh = s.reloadAll, func() { s.fill(nil) }
	s.remove = widget.NewButtonWithIcon("删除", fynetheme.DeleteIcon(), s.deleteAction)
	s.remove.Importance = widget.DangerImportance
	s.form.Form.AddButton(s.remove)
	s.heading = kit.NewWrapLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	right := container.NewBorder(s.heading, nil, nil, nil, s.form.Form.Widget())
	s.records.Lay(container.NewVBox(bar, unitRow, dates, s.counts), right, 0.63)
	kit.MarkChosen(s.targets, s.target)
	s.fill(nil)
	return s
}

func (s *Screen) columns() []kit.Column[*data.Action] {
	return []kit.Column[*data.Action]{
		{Title: "决定日期", Width: 100, Text: func(a *data.Action) string { return a.DecidedOn.String() }},
		{Title: "对象", Width: 52, Text: func(a *data.Action) string { return string(a.TargetKind) }},
		{Title: "单位", Width: 160, Text: func(a *data.Action) string { return a.UnitName }},
		{Title: "姓名/职务", Width: 170, Text: parts.PersonText},
		{Title: "追究方式", Width: 110, Text: func(a *data.Action) string { return string(a.Measure) }},
		{Title: "依据", Width: 260, Grow: true, Shrink: true, Text: s.basisOf},
		{Title: "决定机关", Width: 200, Text: func(a *data.Action) string { return a.DecidedBy }},
		{Title: "文号", Width: 150, Text: func(a *data.Action) string { return a.DocNumber }},
	}
}

func (s *Screen) basisOf(a *data.Action) string { return parts.BasisText(s.bases[a.ID]) }

// match finds a decision by the person, the unit, the reason, the document
// number, the deciding body or the basis.
func (s *Screen) match(a *data.Action, q string) bool {
	q = strings.ToLower(q)
	for _, text := range []string{a.PersonName, a.PersonPost, a.UnitName, a.Reason, a.DocNumber, a.DecidedBy, string(a.Measure), s.basisOf(a)} {
		if strings.Contains(strings.ToLower(text), q) {
			return true
		}
	}
	return false
}

func (s *Screen) View() fyne.CanvasObject { return s.records.Widget() }

// shown reloads the years, the list and the decision in the form, unless
// it is being edited.
func (s *Screen) Shown() { s.records.Reshow() }

// reloadAll reads the years with decisions and the decisions the filters
// select.
func (s *Screen) reloadAll() error {
	if err := s.loadYears(); err != nil {
		return err
	}
	return s.load()
}

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

func (s *Screen) CreateLabel() string { return "新建责任追究" }

// create empties the form for a new decision (Ctrl+N).
func (s *Screen) Create() {
	s.records.Create(s.form.Unit)
}

func (s *Screen) Save()                     { s.records.Save() }
func (s *Screen) FocusSearch()              { s.records.FocusSearch() }
func (s *Screen) ConfirmLeave(leave func()) { s.records.ConfirmLeave(leave) }

// loadYears offers the years with decisions in them, and this year.
func (s *Screen) loadYears() error {
	years, err := s.w.DB().ActionYears(s.w.Context())
	if err != nil {
		return err
	}
	if y := host.Today().Year(); !slices.Contains(years, y) {
		years = append([]int{y}, years...)
	}
	options := []string{anyYear}
	for _, y := range years {
		options = append(options, kit.YearText(y))
	}
	s.year.SetOptions(options)
	return nil
}

// yearChanged sets the date range to the year chosen.
func (s *Screen) yearChanged(label string) {
	if s.filters.Quiet() || s.to == nil {
		return
	}
	var from, to data.Date
	if y, err := strconv.Atoi(strings.TrimSuffix(label, "年")); err == nil {
		from, to = data.NewDate(y, 1, 1), data.NewDate(y, 12, 31)
	}
	s.filters.Set(func() {
		s.from.SetDate(from)
		s.to.SetDate(to)
	})
}

// datesChanged reloads for dates typed or picked, and shows the year they
// span, if they span exactly one.
func (s *Screen) datesChanged() {
	if s.filters.Quiet() {
		return
	}
	from, errFrom := s.from.Date()
	to, errTo := s.to.Date()
	label := ""
	switch {
	case errFrom != nil || errTo != nil:
	case from.IsZero() && to.IsZero():
		label = anyYear
	case from.Equal(data.NewDate(from.Year(), 1, 1)) && to.Equal(data.NewDate(from.Year(), 12, 31)):
		label = kit.YearText(from.Year())
	}
	s.filters.Set(func() {
		if slices.Contains(s.year.Options, label) {
			s.year.SetSelected(label)
		} else {
			s.year.ClearSelected()
		}
	})
}

func (s *Screen) setTarget(t string) {
	s.target = t
	kit.MarkChosen(s.targets, s.target)
	s.filters.Changed()
}

func (s *Screen) clearFilters() {
	s.filters.Set(func() {
		s.target = anyTarget
		kit.MarkChosen(s.targets, s.target)
		s.measure.SetSelected(anyMeasure)
		s.unit.SetUnit("", "")
		s.year.SetSelected(anyYear)
		s.from.SetDate(data.Date{})
		s.to.SetDate(data.Date{})
	})
}

// reload lists the decisions the filters select.
func (s *Screen) reload() {
	if s.counts == nil || s.w.DB() == nil {
		return // still being built
	}
	if err := s.load(); err != nil {
		kit.ShowError(s.w.Window(), err)
	}
}

func (s *Screen) load() error {
	var f data.ActionFilter
	f.UnitID, _ = s.unit.Unit()
	if m := s.measure.Selected; m != anyMeasure {
		f.Measure = data.Measure(m)
	}
	// A date being typed is not a filter yet.
	if d, err := s.from.Date(); err == nil {
		f.From = d
	}
	if d, err := s.to.Date(); err == nil {
		f.To = d
	}
	list, err := s.w.DB().Actions(s.w.Context(), f)
	if err != nil {
		return err
	}
	if s.target != anyTarget {
		list = slices.DeleteFunc(list, func(a *data.Action) bool { return string(a.TargetKind) != s.target })
	}
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	if s.bases, err = s.w.DB().ActionBases(s.w.Context(), ids); err != nil {
		return err
	}
	s.table.SetRows(list)
	text, items := measureCounts(list)
	s.counts.Keep = items
	s.counts.SetText(text)
	return nil
}

// measureCounts is "共 N 条：诫勉谈话3、效能告诫5", the measures from mildest
// to gravest, and the items, which a line never breaks.
func measureCounts(list []*data.Action) (string, []string) {
	n := map[data.Measure]int{}
	for _, a := range list {
		n[a.Measure]++
	}
	var parts []string
	for _, m := range data.Measures {
		if n[m] > 0 {
			parts = append(parts, fmt.Sprintf("%s%d", m, n[m]))
		}
	}
	text := fmt.Sprintf("共 %d 条", len(list))
	if len(parts) > 0 {
		text += "：" + strings.Join(parts, "、")
	}
	return text, parts
}

// Open shows decision a in the form.
func (s *Screen) Open(a *data.Action) { s.open(a.ID) }

// open shows decision id in the form, read afresh; one gone meanwhile
// leaves the form empty.
func (s *Screen) open(id string) {
	fresh, err := s.w.DB().Action(s.w.Context(), id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		s.fill(nil)
		return
	}
	s.fill(fresh)
}

// fill shows a in the form; nil starts a new decision.
func (s *Screen) fill(a *data.Action) {
	if a == nil {
		s.heading.SetText("新建责任追究")
	} else {
		s.heading.SetText(actionTitle(a))
	}
	var basis store.ActionBasis
	if a != nil {
		basis = s.bases[a.ID]
	}
	s.form.Fill(a, basis, parts.IssuingBody(s.w))
	s.form.SetOptions(s.table.Visible())
	kit.SetVisible(s.remove, a != nil)
}

// actionTitle names a decision: 县自然资源局 赵磊：诫勉谈话.
func actionTitle(a *data.Action) string {
	who := a.UnitName
	if a.TargetKind == data.TargetPerson {
		who += " " + a.PersonName
	}
	return who + "：" + string(a.Measure)
}

// saveAction writes the form: a new decision or the changes to the one
// shown.
func (s *Screen) saveAction() error {
	a, err := s.form.Read()
	if err != nil {
		return err
	}
	if err := kit.CreateOrUpdate(s.w.Context(), a.ID == "", a, s.w.DB().CreateAction, s.w.DB().UpdateAction); err != nil {
		return err
	}
	return s.records.Saved(a)
}

// deleteAction removes a decision entered by mistake, after asking.
func (s *Screen) deleteAction() {
	a := s.form.Action
	if a == nil {
		return
	}
	msg := fmt.Sprintf("确定删除“%s”这条责任追究记录吗？删除仅用于误录入的记录，删除后可在审计日志中查到。", actionTitle(a))
	s.records.Delete("删除责任追究", msg, func() error {
		return s.w.DB().DeleteAction(s.w.Context(), a.ID)
	})
}
