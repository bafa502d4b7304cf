package rounds

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// Screen is 督查检查: the 督查活动 with their team, planned units,
// visits and what is left of the plan; the 公务活动登记 of the monitoring
// points; and the coverage figures of a period. While visits are being
// entered, the entry takes the whole screen.
type Screen struct {
	w    host.Host
	root *fyne.Container // the tabs, or the visit entry
	tabs *container.AppTabs

	records *kit.Records[*data.Round]
	table   *kit.Table[*data.Round]
	left    map[string]int // planned units not yet visited, per round

	round   *data.Round // in the form; nil while a new one is entered
	heading *widget.Label
	detail  *container.AppTabs
	infoTab *container.TabItem
	visTab  *container.TabItem
	planTab *container.TabItem

	form     *kit.Form
	title    *widget.Entry
	kind     *widget.Select
	start    *kit.DateEntry
	end      *kit.DateEntry
	leader   *widget.Select
	members  *checkGrid
	desc     *kit.TextArea
	people   *parts.PersonOptions
	remove   *widget.Button
	newVisit *widget.Button
	notices  *widget.Button // the round's 监察通知书 (文书)

	planned        []*data.Unit
	plannedList    *widget.List
	plannedCount   *kit.WrapLabel
	plannedPick    *kit.UnitPicker
	plannedCat     *widget.Select
	kit.ExtraEdits // the planned units or the team; the form tracks the rest

	visits      *kit.Table[*data.Visit]
	unvisited   *kit.Table[*data.Unit]
	planSummary *kit.WrapLabel

	entry    *visitEntry // the visit entry while it is open
	activity *activityPanel
	coverage *coveragePanel
}

// noLeader is the leader select's choice for a round without one.
const noLeader = "（不指定）"

func New(w host.Host) *Screen {
	s := &Screen{w: w, left: map[string]int{}, people: parts.NewPersonOptions(nil, nil)}
	s.table = kit.NewTable([]kit.Column[*data.Round]{
		{Title: "督查活动", Width: 240, Grow: true, Text: func(r *data.Round) string { return r.Title }},
		{Title: "督查方式", Width: 90, Text: func(r *data.Round) string { return string(r.Kind) }},
		{Title: "开始日期", Width: 100, Text: func(r *data.Round) string { return r.Start.String() }},
		{Title: "结束日期", Width: 100, Text: func(r *data.Round) string { return r.End.String() }},
		{Title: "计划单位", Width: 80, Align: fyne.TextAlignTrailing, Text: func(r *data.Round) string { return countText(len(r.UnitIDs)) }},
		{Title: "未检查", Width: 70, Align: fyne.TextAlignTrailing, Text: func(r *data.Round) string {
			if len(r.UnitIDs) == 0 {
				return ""
			}
			return countText(s.left[r.ID])
		}},
	}, nil, nil)
	s.table.AddChip("本季度", func(r *data.Round) bool {
		from, to := parts.Quarter(host.Today())
		return overlaps(r, from, to)
	})
	s.table.AddChip("本年度", func(r *data.Round) bool {
		y := host.Today().Year()
		return overlaps(r, data.NewDate(y, 1, 1), data.NewDate(y, 12, 31))
	})
	s.table.AddChip("计划未完成", func(r *data.Round) bool { return s.left[r.ID] > 0 })
	s.buildForm()
	s.records = kit.NewRecords(w.Window(), s.table, s.form, &s.round, s.open)
	s.records.What, s.records.Extra = "督查活动", &s.ExtraEdits
	s.records.Reload, s.records.Fresh = s.reload, func() { s.fill(nil) }
	s.visits = kit.NewTable(parts.VisitColumns(), nil, func(v *data.Visit) { parts.ShowVisit(w, v.ID, s.refresh) })
	s.newVisit = widget.NewButtonWithIcon("登记检查记录", fynetheme.ContentAddIcon(), func() { s.startEntry("") })
	s.newVisit.Importance = widget.HighImportance
	hint := kit.NewWrapLabel("双击一条检查记录查看详情、照片和发现问题。")
	s.visTab = container.NewTabItem("检查记录", container.NewBorder(hint, nil, nil, nil, s.visits.Widget()))

	s.unvisited = kit.NewTable([]kit.Column[*data.Unit]{
		{Title: "单位名称", Width: 220, Grow: true, Text: func(u *data.Unit) string { return u.Name }},
		{Title: "类别", Width: 110, Text: func(u *data.Unit) string { return string(u.Category) }},
		{Title: "地址", Width: 200, Grow: true, Text: func(u *data.Unit) string { return u.Address }},
		{Title: "联系电话", Width: 130, Text: func(u *data.Unit) string { return u.Phone }},
	}, nil, func(u *data.Unit) { s.startEntry(u.ID) })
	s.planSummary = kit.NewWrapLabel("")
	s.planTab = container.NewTabItem("计划进度", container.NewBorder(
		container.NewVBox(s.planSummary, kit.NewWrapLabel("以下为计划检查但尚未登记检查记录的单位；双击一个单位开始登记。")),
		nil, nil, nil, s.unvisited.Widget()))

	s.infoTab = container.NewTabItem("活动信息", s.form.Widget())
	s.detail = container.NewAppTabs(s.infoTab, s.visTab, s.planTab)
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.notices = widget.NewButtonWithIcon("监察通知书…", fynetheme.DocumentIcon(), func() { parts.RoundNotices(w, s.round) })
	right := container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(s.notices, s.newVisit), s.heading), nil, nil, nil, s.detail)
	add := widget.NewButtonWithIcon("新建督查活动", fynetheme.ContentAddIcon(), s.Create)
	s.records.Lay(container.NewHBox(add), right, 0.45)

	s.activity = newActivityPanel(w)
	s.coverage = newCoveragePanel(w)
	s.tabs = container.NewAppTabs(
		container.NewTabItem("督查活动", s.records.Widget()),
		container.NewTabItem("公务活动登记", s.activity.root),
		container.NewTabItem("督查统计", s.coverage.root))
	s.tabs.OnSelected = func(*container.TabItem) { s.tabShown() }
	s.root = container.NewStack(s.tabs)
	s.fill(nil)
	return s
}

func countText(n int) string { return fmt.Sprintf("%d个", n) }

// overlaps says whether a round's period touches from..to.
func overlaps(r *data.Round, from, to data.Date) bool {
	end := r.End
	if end.IsZero() {
		end = r.Start
	}
	return !r.Start.After(to) && !end.Before(from)
}

func (s *Screen) buildForm() {
	s.form = kit.NewForm(s.saveRound)
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("如：2026年第四季度明察暗访")
	s.kind = widget.NewSelect(kit.ChoiceLabels(data.RoundKinds), nil)
	s.kind.PlaceHolder = "请选择"
	s.start, s.end = kit.NewDateEntry(), kit.NewDateEntry()
	s.leader = widget.NewSelect(nil, nil)
	s.leader.PlaceHolder = noLeader
	s.members = newCheckGrid(nil, s.Edited)
	s.desc = kit.NewTextArea(3, "")

	s.plannedCount = kit.NewWrapLabel("")
	s.plannedList = widget.NewList(
		func() int { return len(s.planned) },
		func() fyne.CanvasObject {
			cat := widget.NewLabel("窗口服务单位")
			cat.Importance = widget.LowImportance
			rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), nil)
			rm.Importance = widget.LowImportance
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, container.NewHBox(cat, rm), name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.planned) {
				return
			}
			u := s.planned[id]
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(u.Name)
			right := row.Objects[1].(*fyne.Container)
			right.Objects[0].(*widget.Label).SetText(string(u.Category))
			right.Objects[1].(*widget.Button).OnTapped = func() { s.removePlanned(u.ID) }
		})
	s.plannedList.OnSelected = func(widget.ListItemID) { s.plannedList.UnselectAll() }
	listBox := canvas.NewRectangle(color.Transparent)
	listBox.SetMinSize(fyne.NewSize(0, 220))
	s.plannedPick = kit.NewUnitPicker(parts.UnitSearch(s.w))
	s.plannedPick.OnChanged = func(id, _ string) {
		if id == "" {
			return
		}
		if u, err := s.w.DB().Unit(s.w.Context(), id); err == nil {
			s.addPlanned(u)
		} else {
			kit.ShowError(s.w.Window(), err)
		}
		s.plannedPick.SetUnit("", "")
	}
	s.plannedCat = widget.NewSelect(kit.ChoiceLabels(data.UnitCategories), func(c string) {
		if c == "" || s.Filling {
			return
		}
		s.addCategory(data.UnitCategory(c))
		s.Filling = true
		s.plannedCat.ClearSelected()
		s.Filling = false
	})
	s.plannedCat.PlaceHolder = "按类别全部添加"
	clearAll := widget.NewButton("清空", func() {
		s.planned = nil
		s.plannedEdited()
	})
	planned := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.plannedCat, clearAll), s.plannedPick),
		s.plannedCount,
		container.NewStack(listBox, s.plannedList))

	s.form.Add("活动名称", "Title", s.title, true)
	s.form.Add("督查方式", "Kind", s.kind, true)
	s.form.Add("开始日期", "Start", s.start, true)
	s.form.Add("结束日期", "End", s.end, false)
	s.form.Add("带队领导", "LeaderID", s.leader, false)
	s.form.Add("检查组成员", "MemberIDs", s.members.box, false)
	s.form.Add("计划检查单位", "UnitIDs", planned, false)
	s.form.Add("说明", "Description", s.desc, false)

	s.remove = widget.NewButtonWithIcon("删除", fynetheme.DeleteIcon(), s.deleteRound)
	s.remove.Importance = widget.DangerImportance
	s.form.AddButton(s.remove)
}

func (s *Screen) View() fyne.CanvasObject { return s.root }

// shown reloads the rounds, the round in the form and the other tabs.
func (s *Screen) Shown() {
	if s.entry != nil {
		return // the entry keeps what is being typed
	}
	s.records.Reshow()
	if s.round == nil && !s.dirty() {
		if err := s.loadPeople(nil); err != nil {
			kit.ShowError(s.w.Window(), err)
		}
	}
	s.tabShown()
}

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

// tabShown refreshes the tab selected, when it is not the rounds'.
func (s *Screen) tabShown() {
	switch s.tabs.SelectedIndex() {
	case 1:
		s.activity.Shown()
	case 2:
		s.coverage.Shown()
	}
}

// refresh reloads after a visit changed elsewhere (the detail dialog).
func (s *Screen) refresh() { s.records.Reshow() }

func (s *Screen) reload() error {
	rounds, err := s.w.DB().Rounds(s.w.Context(), data.RoundFilter{})
	if err != nil {
		return err
	}
	left := make(map[string]int, len(rounds))
	for _, r := range rounds {
		if len(r.UnitIDs) == 0 {
			continue
		}
		units, err := s.w.DB().UnvisitedUnits(s.w.Context(), r.ID)
		if err != nil {
			return err
		}
		left[r.ID] = len(units)
	}
	s.left = left
	s.table.SetRows(rounds)
	return nil
}

// loadPeople offers the people for leader and team, keeping those of r
// who have since left.
func (s *Screen) loadPeople(r *data.Round) error {
	people, err := s.w.DB().People(s.w.Context(), "")
	if err != nil {
		return err
	}
	var keep []string
	if r != nil {
		keep = append([]string{r.LeaderID}, r.MemberIDs...)
	}
	s.people = parts.NewPersonOptions(people, keep)
	s.Filling = true
	defer func() { s.Filling = false }()
	s.leader.Options = append([]string{noLeader}, s.people.Labels...)
	s.leader.Refresh()
	s.members.setOptions(s.people.Labels)
	return nil
}

func (s *Screen) CreateLabel() string { return "新建督查活动" }

// create empties the form for a new round (Ctrl+N).
func (s *Screen) Create() {
	s.ConfirmLeave(func() {
		s.tabs.SelectIndex(0)
		if err := s.loadPeople(nil); err != nil {
			kit.ShowError(s.w.Window(), err)
		}
		s.fill(nil)
		s.w.Window().Canvas().Focus(s.title)
	})
}

// save saves what is being edited (Ctrl+S): the visit entry when it is
// open, else the tab's form.
func (s *Screen) Save() {
	switch {
	case s.entry != nil:
		s.entry.form.Save()
	case s.tabs.SelectedIndex() == 1:
		s.activity.form.Save()
	case s.tabs.SelectedIndex() == 0:
		s.form.Save()
	}
}

func (s *Screen) FocusSearch() {
	switch {
	case s.entry != nil:
	case s.tabs.SelectedIndex() == 1:
		s.activity.logs.FocusSearch(s.w.Window())
	default:
		s.tabs.SelectIndex(0)
		s.records.FocusSearch()
	}
}

func (s *Screen) dirty() bool { return s.records.Dirty() }

// confirmLeave asks before unsaved changes are given up: a visit being
// entered, a round or a 公务活动登记 being edited.
func (s *Screen) ConfirmLeave(leave func()) {
	if s.entry != nil {
		s.entry.ConfirmLeave(func() {
			s.closeEntry()
			leave()
		})
		return
	}
	s.activity.form.ConfirmLeave(s.w.Window(), func() { s.records.ConfirmLeave(leave) })
}

// open loads round id into the form, its visits and what is left of its
// plan.
func (s *Screen) open(id string) {
	r, err := s.w.DB().Round(s.w.Context(), id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	if err := s.loadPeople(r); err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	planned := make([]*data.Unit, 0, len(r.UnitIDs))
	for _, uid := range r.UnitIDs {
		u, err := s.w.DB().Unit(s.w.Context(), uid)
		if err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
		planned = append(planned, u)
	}
	visits, err := s.w.DB().Visits(s.w.Context(), data.VisitFilter{RoundID: id})
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	left, err := s.w.DB().UnvisitedUnits(s.w.Context(), id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	s.fill(r)
	s.setPlanned(planned)
	s.ExtraDirty = false
	s.visits.SetRows(visits)
	s.unvisited.SetRows(left)
	s.visTab.Text = fmt.Sprintf("检查记录（%d）", len(visits))
	s.planTab.Text = "计划进度"
	if len(left) > 0 {
		s.planTab.Text = fmt.Sprintf("计划进度（未检查%d）", len(left))
	}
	s.planSummary.SetText(planText(r, visits, left))
	s.remove.Show()
	s.detail.Refresh()
}

// planText sums up a round's progress against its plan.
func planText(r *data.Round, visits []*data.Visit, left []*data.Unit) string {
	units := map[string]bool{}
	findings := 0
	for _, v := range visits {
		units[v.UnitID] = true
		findings += v.FindingCount
	}
	done := fmt.Sprintf("已登记检查记录%d条，涉及单位%d个，发现问题%d个。", len(visits), len(units), findings)
	if len(r.UnitIDs) == 0 {
		return "本次督查活动未列出计划检查单位。" + done
	}
	if len(left) == 0 {
		return fmt.Sprintf("计划检查%d个单位，已全部检查。", len(r.UnitIDs)) + done
	}
	return fmt.Sprintf("计划检查%d个单位，已检查%d个，尚有%d个未检查。", len(r.UnitIDs), len(r.UnitIDs)-len(left), len(left)) + done
}

// fill shows r in the form; nil starts a new round.
func (s *Screen) fill(r *data.Round) {
	s.Filling = true
	defer func() { s.Filling = false }()
	s.round = r
	saved := r != nil
	if !saved {
		r = &data.Round{}
		s.heading.SetText("新建督查活动")
	} else {
		s.heading.SetText(r.Title)
	}
	s.title.SetText(r.Title)
	kit.ShowChoice(s.kind, r.Kind)
	s.start.SetDate(r.Start)
	s.end.SetDate(r.End)
	if l := s.people.LabelsOf([]string{r.LeaderID}); len(l) > 0 {
		s.leader.SetSelected(l[0])
	} else {
		s.leader.ClearSelected()
	}
	s.members.SetSelected(s.people.LabelsOf(r.MemberIDs))
	s.desc.SetText(r.Description)
	if !saved {
		s.setPlanned(nil)
		s.visits.SetRows(nil)
		s.unvisited.SetRows(nil)
		s.visTab.Text, s.planTab.Text = "检查记录", "计划进度"
		s.remove.Hide()
		s.detail.SelectIndex(0)
	}
	kit.SetVisible(s.newVisit, saved)
	kit.SetVisible(s.notices, saved)
	for _, tab := range []*container.TabItem{s.visTab, s.planTab} {
		if saved {
			s.detail.EnableItem(tab)
		} else {
			s.detail.DisableItem(tab)
		}
	}
	s.ExtraDirty = false
	s.form.MarkClean()
}

// The planned units of the round in the form.

func (s *Screen) setPlanned(units []*data.Unit) {
	s.planned = units
	slices.SortStableFunc(s.planned, func(a, b *data.Unit) int {
		if c := strings.Compare(categoryRank(a.Category), categoryRank(b.Category)); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	s.plannedCount.SetText(fmt.Sprintf("已列入计划%d个单位。输入名称或拼音首字母添加单位。", len(s.planned)))
	s.plannedList.Refresh()
}

// categoryRank orders categories as the registry lists them.
func categoryRank(c data.UnitCategory) string {
	return fmt.Sprintf("%02d", slices.Index(data.UnitCategories, c)+1)
}

func (s *Screen) plannedEdited() {
	s.Edited()
	s.setPlanned(s.planned)
}

func (s *Screen) addPlanned(u *data.Unit) {
	if slices.ContainsFunc(s.planned, func(p *data.Unit) bool { return p.ID == u.ID }) {
		return
	}
	s.planned = append(s.planned, u)
	s.plannedEdited()
}

func (s *Screen) removePlanned(id string) {
	s.planned = slices.DeleteFunc(s.planned, func(u *data.Unit) bool { return u.ID == id })
	s.plannedEdited()
}

// addCategory puts every unit in use of category c into the plan (a 全面督查
// covers a whole category).
func (s *Screen) addCategory(c data.UnitCategory) {
	units, err := s.w.DB().Units(s.w.Context(), data.UnitFilter{Category: c, Status: data.UnitActive})
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	for _, u := range units {
		if !slices.ContainsFunc(s.planned, func(p *data.Unit) bool { return p.ID == u.ID }) {
			s.planned = append(s.planned, u)
		}
	}
	s.plannedEdited()
}

// saveRound writes the form: a new round, or the changes to the one shown.
func (s *Screen) saveRound() error {
	r := kit.EditCopy(s.round)
	r.Title = strings.TrimSpace(s.title.Text)
	r.Kind = data.RoundKind(s.kind.Selected)
	var err error
	if r.Start, err = s.start.Date(); err != nil {
		return data.Invalid("Start", err.Error())
	}
	if r.End, err = s.end.Date(); err != nil {
		return data.Invalid("End", err.Error())
	}
	r.LeaderID = ""
	if ids := s.people.IdsOf([]string{s.leader.Selected}); len(ids) > 0 {
		r.LeaderID = ids[0]
	}
	r.MemberIDs = s.people.IdsOf(s.members.Selected())
	r.UnitIDs = make([]string, len(s.planned))
	for i, u := range s.planned {
		r.UnitIDs[i] = u.ID
	}
	r.Description = strings.TrimSpace(s.desc.Text)
	if err := kit.CreateOrUpdate(s.w.Context(), s.round == nil, r, s.w.DB().CreateRound, s.w.DB().UpdateRound); err != nil {
		return err
	}
	return s.records.Saved(r)
}

// deleteRound removes a round entered by mistake; the store refuses one
// with visits or documents.
func (s *Screen) deleteRound() {
	r := s.round
	s.records.Delete("删除督查活动", fmt.Sprintf("确定删除“%s”吗？删除仅用于误录入的督查活动。", r.Title), func() error {
		return s.w.DB().DeleteRound(s.w.Context(), r.ID)
	})
}

// startEntry opens the visit entry for the round shown, at unitID or at
// the next planned unit not yet visited.
func (s *Screen) startEntry(unitID string) {
	if s.round == nil {
		return
	}
	s.ConfirmLeave(func() { s.openEntry(s.round, nil, unitID) })
}

// openEntry shows the visit entry for round r (changing v when set).
func (s *Screen) openEntry(r *data.Round, v *data.Visit, unitID string) {
	e, err := newVisitEntry(s.w, r, v, unitID, func() {
		s.closeEntry()
		s.refresh()
	})
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	s.entry = e
	s.root.Objects = []fyne.CanvasObject{e.root}
	s.root.Refresh()
	s.w.Window().Canvas().Focus(e.summary)
}

// closeEntry puts the tabs back in place of the entry.
func (s *Screen) closeEntry() {
	s.entry = nil
	s.root.Objects = []fyne.CanvasObject{s.tabs}
	s.root.Refresh()
}

// EditVisit opens a recorded visit for changing, in its round.
func (s *Screen) EditVisit(v *data.Visit) {
	r, err := s.w.DB().Round(s.w.Context(), v.RoundID)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	s.tabs.SelectIndex(0)
	s.open(r.ID)
	s.openEntry(r, v, "")
}
