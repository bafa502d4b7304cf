package field

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

// checkOut is 出库: rounds or units, the laptop's name and the passphrase,
// then the file the package goes to.
func (s *Screen) checkOut() { s.showCheckOut(nil) }

// refreshSelected writes a refreshed package (补充包) for the laptop
// selected: the office's changes since, and the rounds or units added.
func (s *Screen) refreshSelected() {
	c, ok := s.laptops.Selected()
	if !ok {
		return
	}
	s.showCheckOut(c)
}

// showCheckOut shows the 出库 dialog: for a new laptop (c nil, a name
// proposed), or for laptop c already out, its rounds and units ticked.
func (s *Screen) showCheckOut(c *data.FieldCheckout) {
	win := s.w.Window()
	ctx := s.w.Context()
	rounds, err := s.w.DB().Rounds(ctx, data.RoundFilter{})
	if err != nil {
		kit.ShowError(win, err)
		return
	}
	slices.SortStableFunc(rounds, func(a, b *data.Round) int { return b.Start.Compare(a.Start) })
	roundList := newTickList("督查活动")
	unitList := newTickList("单位")
	var laptop string
	if c == nil {
		laptop = s.freeLaptopName()
	} else {
		laptop = c.Laptop
		for _, r := range c.Rounds {
			roundList.chosen[r.ID] = true
			if !r.ForUnits {
				continue
			}
			// the units out one by one are the units of the round made for them
			tr, err := s.w.DB().Round(ctx, r.ID)
			if err != nil {
				fyne.LogError("reading the round made for units", err)
				continue
			}
			for _, id := range tr.UnitIDs {
				unitList.chosen[id] = true
			}
		}
	}
	for _, r := range rounds {
		roundList.add(r.ID, fmt.Sprintf("%s（%s，%s起）", r.Title, r.Kind, r.Start))
	}
	roundList.show()
	showUnits := func(search string) {
		units, err := s.w.DB().Units(ctx, data.UnitFilter{Search: strings.TrimSpace(search)})
		if err != nil {
			kit.ShowError(win, err)
			return
		}
		unitList.clear()
		for _, u := range units {
			label := u.Name
			if u.Status == data.UnitRetired {
				label += "（已撤并）"
			}
			unitList.add(u.ID, label)
		}
		unitList.show()
	}
	showUnits("")
	search := widget.NewEntry()
	search.SetPlaceHolder("按名称或拼音首字母筛选单位")
	search.OnChanged = showUnits

	name := widget.NewEntry()
	name.SetPlaceHolder("外勤笔记本-1")
	name.SetText(laptop)
	intro := "选择要带出的督查活动或单位：其人员、近一年的检查、未整改的问题和需要现场核实的投诉（不含投诉人身份）随包带出。"
	if c != nil {
		intro = "给已出库的" + laptop + "写补充包：带上主台账自上次以来的修改；可再勾选要加带的督查活动或单位。"
	}
	roundsTab := container.NewTabItem("", roundList.scroll)
	unitsTab := container.NewTabItem("", container.NewBorder(container.NewVBox(
		kit.NewWrapLabel("按单位出库：主台账为所选单位建一个“回访复查”督查活动（出库时建立，可在“督查检查”中修改），外勤在这些单位的检查记在它下面。"),
		search), nil, nil, nil, unitList.scroll))
	tabs := container.NewAppTabs(roundsTab, unitsTab)
	titles := func() {
		roundsTab.Text, unitsTab.Text = roundList.title(), unitList.title()
		tabs.Refresh()
	}
	roundList.onChange, unitList.onChange = titles, titles
	titles()

	form := widget.NewForm(widget.NewFormItem("外勤笔记本", name))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm("出库", "写出外勤包…", "取消", container.NewBorder(kit.NewWrapLabel(intro), form, nil, nil, tabs), func(ok bool) {
		if !ok {
			return
		}
		out := store.FieldOut{Rounds: roundList.ids(), Units: unitList.ids(), Laptop: strings.TrimSpace(name.Text)}
		if err := out.Validate(); err != nil {
			d.Show()
			kit.ShowError(win, err)
			return
		}
		s.writeOut(out)
	}, win)
	d.Resize(fyne.NewSize(680, 620))
	d.Show()
}

// tickList is a list of records to tick, which may show only some of them
// (units filtered by name): the ticks stay on those not shown.
type tickList struct {
	what     string // 单位
	group    *widget.CheckGroup
	scroll   *container.Scroll
	chosen   map[string]bool // by id
	labels   []string        // shown
	byLabel  map[string]string
	setting  bool
	onChange func()
}

func newTickList(what string) *tickList {
	l := &tickList{what: what, chosen: map[string]bool{}, byLabel: map[string]string{}}
	l.group = widget.NewCheckGroup(nil, l.changed)
	l.scroll = container.NewVScroll(l.group)
	l.scroll.SetMinSize(fyne.NewSize(0, 200))
	return l
}

func (l *tickList) clear() { l.labels, l.byLabel = nil, map[string]string{} }

func (l *tickList) add(id, label string) {
	l.labels = append(l.labels, label)
	l.byLabel[label] = id
}

// show puts the records added on the list, those chosen first and
// ticked: among a county's hundreds of units the user sees what is chosen.
func (l *tickList) show() {
	var ticked, rest []string
	for _, label := range l.labels {
		if l.chosen[l.byLabel[label]] {
			ticked = append(ticked, label)
		} else {
			rest = append(rest, label)
		}
	}
	l.labels = append(slices.Clone(ticked), rest...)
	l.setting = true
	l.group.Options = l.labels
	l.group.SetSelected(ticked)
	l.setting = false
	l.scroll.ScrollToTop()
}

// changed follows a tick: the records shown are chosen as ticked.
func (l *tickList) changed(ticked []string) {
	if l.setting {
		return
	}
	for _, label := range l.labels {
		l.chosen[l.byLabel[label]] = slices.Contains(ticked, label)
	}
	if l.onChange != nil {
		l.onChange()
	}
}

func (l *tickList) ids() []string {
	var out []string
	for id, on := range l.chosen {
		if on {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// title is the tab's: 单位（已选2个）.
func (l *tickList) title() string {
	if n := len(l.ids()); n > 0 {
		return fmt.Sprintf("%s（已选%d个）", l.what, n)
	}
	return l.what
}

// freeLaptopName proposes 外勤笔记本-N, the first not out now.
func (s *Screen) freeLaptopName() string {
	out := map[string]bool{}
	list, err := s.w.DB().FieldCheckouts(s.w.Context())
	if err != nil {
		fyne.LogError("listing the laptops out", err)
	}
	for _, c := range list {
		if !c.Closed {
			out[c.Laptop] = true
		}
	}
	for n := 1; ; n++ {
		if name := fmt.Sprintf("外勤笔记本-%d", n); !out[name] {
			return name
		}
	}
}
