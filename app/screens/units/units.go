package units

import (
	"errors"
	"fmt"
	"strings"
	"xiaoneng/app/parts"
	"xiaoneng/reports"
	"xiaoneng/reports/importer"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// Screen is the 单位 registry: a table filtered by category, the
// selected unit's form with its 制度公示 checklist, and its history.
type Screen struct {
	w       host.Host
	records *kit.Records[*data.Unit]
	table   *kit.Table[*data.Unit]
	all     []*data.Unit // the registry; the table shows those the filters keep

	categoryFilter, statusFilter *widget.Select

	unit    *data.Unit // the unit in the form; nil while a new one is entered
	heading *widget.Label
	form    *kit.Form

	name, short, principal, leader, contact, phone, hotline, address *widget.Entry
	note                                                             *kit.TextArea
	category                                                         *widget.Select
	parent                                                           *kit.UnitPicker
	status                                                           *widget.Label

	// The 制度公示 rows: a tick box and a date each, which the form does not
	// track itself; their handlers report changes with MarkDirty.
	posted    []*widget.Check
	checkedOn []*kit.DateEntry
	source    []*widget.Label
	filling   bool // the form is being filled from a record

	retire, restore, remove *widget.Button

	tabs                                  *container.AppTabs
	visitsTab, findingsTab, complaintsTab *container.TabItem
	documentsTab, actionsTab, tasksTab    *container.TabItem
	visits                                *kit.Table[*data.Visit]
	findings                              *kit.Table[*data.Finding]
	complaints                            *kit.Table[*data.Complaint]
	documents                             *kit.Table[*data.Document]
	actions                               *kit.Table[*data.Action]
	tasks                                 *kit.Table[*data.Task]
	cal                                   *data.Calendar
	warnDays                              int
}

func New(w host.Host) *Screen {
	s := &Screen{w: w}
	s.table = kit.NewTable([]kit.Column[*data.Unit]{
		{Title: "单位名称", Width: 210, Grow: true, Text: func(u *data.Unit) string { return u.Name }},
		{Title: "简称", Width: 100, Text: func(u *data.Unit) string { return u.ShortName }},
		{Title: "类别", Width: 110, Text: func(u *data.Unit) string { return string(u.Category) }},
		{Title: "上级单位", Width: 160, Text: func(u *data.Unit) string { return u.ParentName }},
		{Title: "主要负责人", Width: 100, Text: func(u *data.Unit) string { return u.Principal }},
		{Title: "联系电话", Width: 130, Text: func(u *data.Unit) string { return u.Phone }},
		{Title: "状态", Width: 70, Text: func(u *data.Unit) string { return string(u.Status) }},
	}, parts.MatchUnit, nil)
	// The category and status filters are drop-downs: seven categories as
	// chips do not fit beside the unit's form.
	s.categoryFilter = kit.FilterSelect(parts.AnyCategory, data.UnitCategories, func(string) { s.applyFilters() })
	s.statusFilter = widget.NewSelect([]string{anyStatus, string(data.UnitActive), string(data.UnitRetired)}, func(string) { s.applyFilters() })
	s.statusFilter.SetSelected(string(data.UnitActive))
	s.buildForm()
	s.records = kit.NewRecords(w.Window(), s.table, s.form, &s.unit, s.Open)
	s.records.What, s.records.Reload, s.records.Fresh = "单位信息", s.reload, func() { s.fill(nil) }
	s.buildHistory()
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.tabs = container.NewAppTabs(
		container.NewTabItem("单位信息", s.form.Widget()),
		s.visitsTab, s.findingsTab, s.complaintsTab, s.documentsTab, s.actionsTab, s.tasksTab)
	add := widget.NewButtonWithIcon("新建单位", fynetheme.ContentAddIcon(), s.Create)
	bar := container.NewHBox(add, widget.NewLabel("类别"), s.categoryFilter, widget.NewLabel("状态"), s.statusFilter)
	s.records.Lay(bar, container.NewBorder(s.heading, nil, nil, nil, s.tabs), 0.45)
	s.fill(nil)
	return s
}

func (s *Screen) buildForm() {
	s.form = kit.NewForm(s.saveUnit)
	s.form.SetCheck(func() error {
		u, err := s.edited()
		return errors.Join(err, u.Validate())
	})
	entry := func() *widget.Entry { return widget.NewEntry() }
	s.name, s.short, s.principal, s.leader = entry(), entry(), entry(), entry()
	s.contact, s.phone, s.hotline, s.address = entry(), entry(), entry(), entry()
	s.note = kit.NewTextArea(3, "")
	s.category = widget.NewSelect(kit.ChoiceLabels(data.UnitCategories), nil)
	s.category.PlaceHolder = "请选择"
	s.parent = kit.NewUnitPicker(parts.UnitSearch(s.w))
	s.status = widget.NewLabel("")

	s.form.Add(unitLabel("name"), "Name", s.name, true)
	s.form.Add(unitLabel("short_name"), "ShortName", s.short, false)
	s.form.Add(unitLabel("category"), "Category", s.category, true)
	s.form.Add(unitLabel("parent_id"), "ParentID", s.parent, false)
	s.form.Add(unitLabel("principal"), "Principal", s.principal, false)
	s.form.Add(unitLabel("leader_in_charge"), "LeaderInCharge", s.leader, false)
	s.form.Add(unitLabel("contact"), "Contact", s.contact, false)
	s.form.Add(unitLabel("phone"), "Phone", s.phone, false)
	s.form.Add(unitLabel("hotline"), "Hotline", s.hotline, false)
	s.form.Add(unitLabel("address"), "Address", s.address, false)
	s.form.Add(unitLabel("status"), "Status", s.status, false)
	s.form.Add(unitLabel("note"), "Note", s.note, false)

	hint := widget.NewLabel("已公示的打勾，并填写检查日期")
	s.form.Add("制度公示", "Disclosures", hint, false)
	for _, item := range data.DisclosureItems {
		check := widget.NewCheck("已公示", nil)
		date := kit.NewDateEntry()
		src := widget.NewLabel("")
		check.OnChanged = func(on bool) {
			if s.filling {
				return
			}
			// Ticking an item records that it was checked today unless a
			// date is there already.
			if d, err := date.Date(); on && err == nil && d.IsZero() {
				date.SetDate(host.Today())
			}
			s.checklistEdited()
		}
		date.OnDateChanged = func(data.Date) {
			if !s.filling {
				s.checklistEdited()
			}
		}
		s.posted = append(s.posted, check)
		s.checkedOn = append(s.checkedOn, date)
		s.source = append(s.source, src)
		s.form.Add(string(item), "Disclosures", container.NewBorder(nil, nil, container.NewHBox(check, widget.NewLabel("检查日期")), src, date), false)
	}

	s.retire = widget.NewButton("标记为已撤并…", s.retireDialog)
	s.restore = widget.NewButton("恢复为在用", s.restoreUnit)
	s.remove = widget.NewButtonWithIcon("删除", fynetheme.DeleteIcon(), s.deleteUnit)
	s.remove.Importance = widget.DangerImportance
	s.form.AddButton(s.remove)
	s.form.AddButton(s.restore)
	s.form.AddButton(s.retire)
}

func (s *Screen) checklistEdited() {
	s.form.MarkDirty()
	for i := range s.source {
		s.source[i].SetText(s.sourceText(i))
	}
}

// sourceText says where a checklist item's date came from: a visit, when it
// is still the visit's.
func (s *Screen) sourceText(i int) string {
	if s.unit == nil || i >= len(s.unit.Disclosures) {
		return ""
	}
	d := s.unit.Disclosures[i]
	if d.VisitID == "" {
		return ""
	}
	day, err := s.checkedOn[i].Date()
	if err != nil || !day.Equal(d.CheckedOn) || s.posted[i].Checked != d.Posted {
		return ""
	}
	return "（检查记录）"
}

func (s *Screen) buildHistory() {
	// A line of the history opens its record where it is worked on.
	s.visits = kit.NewTable(kit.Without(parts.VisitColumns(), "被检查单位"), nil, func(v *data.Visit) {
		parts.ShowVisit(s.w, v.ID, func() { s.Open(v.UnitID) })
	})
	s.findings = kit.NewTable(kit.Without(parts.FindingColumns(), "单位"), nil, func(f *data.Finding) {
		s.w.OpenFinding(f.ID)
	})
	s.complaints = kit.NewTable(kit.Without(parts.ComplaintColumns(func(c *data.Complaint) string {
		return parts.AlertText(c.Alert(s.cal, host.Today(), s.warnDays))
	}), "被投诉单位"), nil, func(c *data.Complaint) {
		s.w.OpenComplaint(c)
	})
	s.documents = kit.NewTable(parts.DocumentColumns(), nil, func(d *data.Document) { s.w.OpenDocument(d.ID) })
	s.actions = kit.NewTable(parts.ActionColumns(), nil, s.w.OpenAction)
	s.visitsTab = container.NewTabItem("检查记录", s.visits.Widget())
	s.findingsTab = container.NewTabItem("发现问题", s.findings.Widget())
	s.complaintsTab = container.NewTabItem("投诉", s.complaints.Widget())
	s.documentsTab = container.NewTabItem("文书", s.documents.Widget())
	s.actionsTab = container.NewTabItem("责任追究", s.actions.Widget())
	s.tasks = kit.NewTable(parts.TaskColumns(func(t *data.Task) string {
		return parts.TaskAlertText(t, s.cal, host.Today(), s.warnDays)
	}), nil, func(t *data.Task) { s.w.OpenTask(t.ID) })
	s.tasksTab = container.NewTabItem("督办事项", s.tasks.Widget())
}

func (s *Screen) View() fyne.CanvasObject { return s.records.Widget() }

// shown reloads the registry and the unit in the form.
func (s *Screen) Shown() { s.records.Reshow() }

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

const anyStatus = "全部状态"

func (s *Screen) reload() error {
	units, err := s.w.DB().Units(s.w.Context(), data.UnitFilter{})
	if err != nil {
		return err
	}
	s.all = units
	s.applyFilters()
	return nil
}

// applyFilters shows the units of the chosen category and status.
func (s *Screen) applyFilters() {
	if s.categoryFilter == nil || s.statusFilter == nil {
		return // still being built
	}
	cat, status := s.categoryFilter.Selected, s.statusFilter.Selected
	var rows []*data.Unit
	for _, u := range s.all {
		if (cat == parts.AnyCategory || string(u.Category) == cat) && (status == anyStatus || string(u.Status) == status) {
			rows = append(rows, u)
		}
	}
	s.table.SetRows(rows)
}

func (s *Screen) CreateLabel() string { return "新建单位" }

// create empties the form for a new unit (Ctrl+N).
func (s *Screen) Create() {
	s.records.Create(s.name)
}

func (s *Screen) Save()                     { s.records.Save() }
func (s *Screen) FocusSearch()              { s.records.FocusSearch() }
func (s *Screen) ConfirmLeave(leave func()) { s.records.ConfirmLeave(leave) }

func (s *Screen) dirty() bool { return s.records.Dirty() }

// open loads unit id into the form and its history into the tabs.
func (s *Screen) Open(id string) {
	u, err := s.w.DB().Unit(s.w.Context(), id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	s.fill(u)
	s.records.SelectShown()
	if err := s.loadHistory(u); err != nil {
		kit.ShowError(s.w.Window(), err)
	}
}

// fill shows u in the form; nil starts a new unit.
func (s *Screen) fill(u *data.Unit) {
	s.filling = true
	defer func() { s.filling = false }()
	s.unit = u
	if u == nil {
		u = &data.Unit{Status: data.UnitActive}
		s.heading.SetText("新建单位")
	} else {
		s.heading.SetText(u.Name)
	}
	s.name.SetText(u.Name)
	s.short.SetText(u.ShortName)
	kit.ShowChoice(s.category, u.Category)
	s.parent.SetUnit(u.ParentID, u.ParentName)
	s.principal.SetText(u.Principal)
	s.leader.SetText(u.LeaderInCharge)
	s.contact.SetText(u.Contact)
	s.phone.SetText(u.Phone)
	s.hotline.SetText(u.Hotline)
	s.address.SetText(u.Address)
	s.note.SetText(u.Note)
	s.status.SetText(s.statusText(u))
	for i := range data.DisclosureItems {
		var d data.Disclosure
		if i < len(u.Disclosures) {
			d = u.Disclosures[i]
		}
		s.posted[i].SetChecked(d.Posted)
		s.checkedOn[i].SetDate(d.CheckedOn)
	}
	for i := range s.source {
		s.source[i].SetText(s.sourceText(i))
	}
	s.form.MarkClean()

	saved := s.unit != nil
	kit.SetVisible(s.retire, saved && u.Status == data.UnitActive)
	kit.SetVisible(s.restore, saved && u.Status == data.UnitRetired)
	s.remove.Hide() // offered once the history shows nothing refers to the unit
	for _, tab := range []*container.TabItem{s.visitsTab, s.findingsTab, s.complaintsTab, s.documentsTab, s.actionsTab, s.tasksTab} {
		if saved {
			s.tabs.EnableItem(tab)
		} else {
			s.tabs.DisableItem(tab)
		}
	}
	if !saved {
		s.tabs.SelectIndex(0)
		s.setHistory(nil, nil, nil, nil, nil, nil)
	}
}

func (s *Screen) statusText(u *data.Unit) string {
	if u.Status != data.UnitRetired || u.MergedIntoID == "" {
		return string(u.Status)
	}
	if m, err := s.w.DB().Unit(s.w.Context(), u.MergedIntoID); err == nil {
		return fmt.Sprintf("已撤并（并入%s）", m.Name)
	}
	return string(u.Status)
}

// loadHistory fills the history tabs; a unit nothing refers to may be
// deleted, so 删除 is offered then.
func (s *Screen) loadHistory(u *data.Unit) error {
	ctx, db := s.w.Context(), s.w.DB()
	settings, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	if s.cal, err = db.Calendar(ctx); err != nil {
		return err
	}
	s.warnDays = settings.WarnDays
	visits, err := db.Visits(ctx, data.VisitFilter{UnitID: u.ID})
	if err != nil {
		return err
	}
	findings, err := db.Findings(ctx, data.FindingFilter{UnitID: u.ID})
	if err != nil {
		return err
	}
	complaints, err := db.Complaints(ctx, data.ComplaintFilter{UnitID: u.ID})
	if err != nil {
		return err
	}
	documents, err := db.Documents(ctx, data.DocumentFilter{RecipientUnitID: u.ID})
	if err != nil {
		return err
	}
	actions, err := db.Actions(ctx, data.ActionFilter{UnitID: u.ID})
	if err != nil {
		return err
	}
	children, err := db.Units(ctx, data.UnitFilter{ParentID: u.ID})
	if err != nil {
		return err
	}
	logs, err := db.ActivityLogs(ctx, u.ID, data.Date{}, data.Date{})
	if err != nil {
		return err
	}
	tasks, err := db.Tasks(ctx, data.TaskFilter{UnitID: u.ID})
	if err != nil {
		return err
	}
	appraisals, err := db.Appraisals(ctx, data.AppraisalFilter{UnitID: u.ID})
	if err != nil {
		return err
	}
	s.setHistory(visits, findings, complaints, documents, actions, tasks)
	unreferenced := len(visits)+len(findings)+len(complaints)+len(documents)+len(actions)+len(children)+len(logs)+len(tasks)+len(appraisals) == 0
	kit.SetVisible(s.remove, unreferenced)
	return nil
}

func (s *Screen) setHistory(visits []*data.Visit, findings []*data.Finding, complaints []*data.Complaint,
	documents []*data.Document, actions []*data.Action, tasks []*data.Task) {
	s.visits.SetRows(visits)
	s.findings.SetRows(findings)
	s.complaints.SetRows(complaints)
	s.documents.SetRows(documents)
	s.actions.SetRows(actions)
	s.tasks.SetRows(tasks)
	counted := func(tab *container.TabItem, title string, n int) {
		if n > 0 {
			title = fmt.Sprintf("%s（%d）", title, n)
		}
		tab.Text = title
	}
	counted(s.visitsTab, "检查记录", len(visits))
	counted(s.findingsTab, "发现问题", len(findings))
	counted(s.complaintsTab, "投诉", len(complaints))
	counted(s.documentsTab, "文书", len(documents))
	counted(s.actionsTab, "责任追究", len(actions))
	counted(s.tasksTab, "督办事项", len(tasks))
	s.tabs.Refresh()
}

// saveUnit writes the form to the ledger: a new unit, or the changes to
// the one shown.
func (s *Screen) saveUnit() error {
	u, err := s.edited()
	if err != nil {
		return err
	}
	if err := kit.CreateOrUpdate(s.w.Context(), s.unit == nil, u, s.w.DB().CreateUnit, s.w.DB().UpdateUnit); err != nil {
		return err
	}
	return s.records.Saved(u)
}

// edited is the unit as the form has it, and the error of a 制度公示 row
// that does not read.
func (s *Screen) edited() (*data.Unit, error) {
	u := kit.EditCopy(s.unit)
	if s.unit == nil {
		u.Status = data.UnitActive
	}
	u.Name = strings.TrimSpace(s.name.Text)
	u.ShortName = strings.TrimSpace(s.short.Text)
	u.Category = data.UnitCategory(s.category.Selected)
	u.ParentID, u.ParentName = s.parent.Unit()
	u.Principal = strings.TrimSpace(s.principal.Text)
	u.LeaderInCharge = strings.TrimSpace(s.leader.Text)
	u.Contact = strings.TrimSpace(s.contact.Text)
	u.Phone = strings.TrimSpace(s.phone.Text)
	u.Hotline = strings.TrimSpace(s.hotline.Text)
	u.Address = strings.TrimSpace(s.address.Text)
	u.Note = strings.TrimSpace(s.note.Text)
	disclosures, err := s.checklist()
	u.Disclosures = disclosures
	return u, err
}

// checklist reads the 制度公示 rows: the items ticked or dated, and those
// whose stored state is being cleared.
func (s *Screen) checklist() ([]data.Disclosure, error) {
	var out []data.Disclosure
	for i, item := range data.DisclosureItems {
		day, err := s.checkedOn[i].Date()
		if err != nil {
			return nil, data.Invalid("Disclosures", fmt.Sprintf("“%s”的检查日期：%s", item, err.Error()))
		}
		d := data.Disclosure{Item: item, Posted: s.posted[i].Checked, CheckedOn: day}
		if d.Posted && day.IsZero() {
			return nil, data.Invalid("Disclosures", fmt.Sprintf("“%s”已公示，请填写检查日期", item))
		}
		if day.After(host.Today()) {
			return nil, data.Invalid("Disclosures", fmt.Sprintf("“%s”的检查日期不能晚于今天", item))
		}
		var stored data.Disclosure
		if s.unit != nil && i < len(s.unit.Disclosures) {
			stored = s.unit.Disclosures[i]
		}
		if stored.Posted == d.Posted && stored.CheckedOn.Equal(d.CheckedOn) {
			continue // unchanged: its visit, if any, stays its source
		}
		if d.Posted || !day.IsZero() || stored.Posted || !stored.CheckedOn.IsZero() {
			out = append(out, d)
		}
	}
	return out, nil
}

// retireDialog marks the unit 已撤并, optionally naming the unit it was
// merged into. Its history stays with it.
func (s *Screen) retireDialog() {
	u := s.unit
	into := kit.NewUnitPicker(parts.UnitSearch(s.w))
	content := container.NewVBox(
		widget.NewLabel(fmt.Sprintf("将“%s”标记为已撤并。其检查、投诉等记录保留不变。", u.Name)),
		widget.NewForm(widget.NewFormItem("并入单位（可不填）", into)))
	d := dialog.NewCustomConfirm("标记为已撤并", "标记为已撤并", "取消", content, func(ok bool) {
		if !ok {
			return
		}
		s.ConfirmLeave(func() {
			id, _ := into.Unit()
			if err := s.w.DB().RetireUnit(s.w.Context(), u.ID, id); err != nil {
				kit.ShowError(s.w.Window(), err)
				return
			}
			s.refreshAfterChange(u.ID)
		})
	}, s.w.Window())
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
}

// restoreUnit puts a unit retired by mistake back into use.
func (s *Screen) restoreUnit() {
	s.ConfirmLeave(func() {
		u := *s.unit
		u.Status, u.MergedIntoID = data.UnitActive, ""
		u.Disclosures = nil
		if err := s.w.DB().UpdateUnit(s.w.Context(), &u); err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
		s.refreshAfterChange(u.ID)
	})
}

// deleteUnit removes a unit entered by mistake; the store refuses one that
// anything refers to.
func (s *Screen) deleteUnit() {
	u := s.unit
	s.records.Delete("删除单位", fmt.Sprintf("确定删除“%s”吗？删除仅用于误录入的单位。", u.Name), func() error {
		return s.w.DB().DeleteUnit(s.w.Context(), u.ID)
	})
}

func (s *Screen) refreshAfterChange(id string) {
	if err := s.reload(); err != nil {
		kit.ShowError(s.w.Window(), err)
	}
	s.Open(id)
}

// ExportSheet is the list as its filters keep it (导出Excel).
func (s *Screen) ExportSheet() (string, reports.Sheet) {
	return parts.ListName("单位", s.categoryFilter.Selected, s.statusFilter.Selected, parts.SearchFilter(s.table.Query())),
		reports.UnitSheet(s.table.Visible(), s.all)
}

// ImportKind: units are imported from the office's Excel 台账.
func (s *Screen) ImportKind() importer.Kind { return importer.Units }

// unitLabel is the label of a unit's column, as the exports and the
// 审计日志 show it too.
func unitLabel(column string) string { return data.FieldLabel("units", column) }
