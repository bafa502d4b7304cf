package rectification

import (
	"fmt"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// Screen is 问题整改: the findings with their rectification, filtered by
// where they stand (整改中, 临近到期, 已超期, 待复查, 已整改), unit, category and
// day found; the selected finding's history and the steps it allows now.
type Screen struct {
	w       host.Host
	records *kit.Records[*data.Finding]
	table   *kit.Table[*data.Finding]

	unit     *kit.UnitPicker
	category *widget.Select
	from, to *kit.DateEntry

	cal      *data.Calendar
	settings data.Settings
	today    data.Date
	alerts   map[data.Date]data.Alert // the alert of each deadline, computed once per load

	finding  *data.Finding
	heading  *kit.WrapLabel
	info     *fyne.Container
	timeline *fyne.Container
	actions  *fyne.Container // the steps the finding allows now
	links    *fyne.Container // to its visit and its unit
	detail   fyne.CanvasObject
	none     *widget.Label
	picker   *parts.FilePicker // the last file picker shown

	filters *kit.Filters
	loading *kit.WrapLabel
	loads   int // counts the loads, so that a late one is dropped
}

// allCategories is the category filter's choice for every category.
const allCategories = "全部类别"

func New(w host.Host) *Screen {
	s := &Screen{w: w, alerts: map[data.Date]data.Alert{}}
	// Where each rectification stands comes before the description: it is
	// what this list is read for; the unit and the description give up
	// width in a narrow pane, the columns after them scroll.
	s.table = kit.NewTable([]kit.Column[*data.Finding]{
		{Title: "发现日期", Width: 96, Text: func(f *data.Finding) string { return f.FoundOn.String() }},
		{Title: "单位", Width: 170, Grow: true, Shrink: true, Text: func(f *data.Finding) string { return f.UnitName }},
		{Title: "整改状态", Width: 80, Text: func(f *data.Finding) string { return string(f.RectStatus) }},
		{Title: "提醒", Width: 130, Text: s.alertOf},
		{Title: "问题描述", Width: 280, Grow: true, Text: func(f *data.Finding) string { return f.Description }},
		{Title: "整改期限", Width: 96, Text: func(f *data.Finding) string { return f.RectDue.String() }},
		{Title: "类别", Width: 110, Text: func(f *data.Finding) string { return string(f.Category) }},
		{Title: "处理方式", Width: 150, Text: func(f *data.Finding) string { return string(f.Disposition) }},
	}, nil, nil)
	s.table.AddChip("整改中", func(f *data.Finding) bool { return f.RectStatus == data.RectOpen })
	s.table.AddChip("临近到期", s.dueSoon)
	s.table.AddChip("已超期", s.overdue)
	s.table.AddChip("待复查", func(f *data.Finding) bool { return f.RectStatus == data.RectReported })
	s.table.AddChip("已整改", func(f *data.Finding) bool { return f.RectStatus == data.RectDone })
	s.table.RowTone = func(f *data.Finding) widget.Importance {
		switch {
		case s.overdue(f):
			return widget.DangerImportance
		case s.dueSoon(f):
			return widget.WarningImportance
		}
		return widget.MediumImportance
	}
	s.table.Remember("问题整改")

	s.filters = kit.NewFilters(s.reloadShowing)
	s.unit = kit.NewUnitPicker(parts.UnitSearch(w))
	s.unit.OnChanged = func(string, string) { s.filters.Changed() }
	s.category = kit.FilterSelect(allCategories, data.FindingCategories, nil)
	s.category.OnChanged = func(string) { s.filters.Changed() }
	s.from, s.to = kit.NewDateEntry(), kit.NewDateEntry()
	s.from.OnDateChanged = func(data.Date) { s.filters.Changed() }
	s.to.OnDateChanged = func(data.Date) { s.filters.Changed() }
	clearFilters := s.filters.ClearButton(func() {
		s.unit.SetUnit("", "")
		s.category.SetSelected(allCategories)
		s.from.SetDate(data.Date{})
		s.to.SetDate(data.Date{})
	})
	filters := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("单位"), container.NewHBox(widget.NewLabel("类别"), s.category), s.unit),
		container.NewHBox(widget.NewLabel("发现日期"), s.from, widget.NewLabel("至"), s.to, clearFilters))
	s.loading = kit.NewWrapLabel("")
	s.loading.Hide()

	s.heading = kit.NewWrapLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.info = container.New(layout.NewFormLayout())
	s.timeline = container.NewVBox()
	s.actions = container.NewHBox()
	s.links = container.NewHBox()
	s.none = kit.HintLabel("请在左侧列表中选择一个问题。")
	// The steps get a row of their own: the pane is half the window.
	s.detail = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, s.links, s.heading), s.actions, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewVBox(s.info,
			widget.NewLabelWithStyle("整改经过", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			s.timeline)))
	// A finding is not edited here, only taken through its steps: no form.
	s.records = kit.NewRecords(w.Window(), s.table, nil, &s.finding, s.Open)
	s.records.Reload = s.reload
	s.records.LayDetail(container.NewVBox(filters, s.loading), s.detail, s.none, 0.58)
	return s
}

func (s *Screen) View() fyne.CanvasObject { return s.records.Widget() }

func (s *Screen) Shown() { s.reloadShowing() }

// Refresh shows what others changed (host.Refresher), as Shown does.
func (s *Screen) Refresh() { s.Shown() }

func (s *Screen) FocusSearch() { s.records.FocusSearch() }

// reloadShowing reloads the list and the finding shown.
func (s *Screen) reloadShowing() { s.records.Reshow() }

// reload reads the findings the filters select; the chips filter them on
// screen.
func (s *Screen) reload() error {
	if s.w.DB() == nil {
		return nil
	}
	ctx, db := s.w.Context(), s.w.DB()
	var err error
	if s.settings, err = db.Settings(ctx); err != nil {
		return err
	}
	if s.cal, err = db.Calendar(ctx); err != nil {
		return err
	}
	s.today = host.Today()
	s.alerts = map[data.Date]data.Alert{}
	f := data.FindingFilter{}
	f.UnitID, _ = s.unit.Unit()
	if c := s.category.Selected; c != allCategories {
		f.Category = data.FindingCategory(c)
	}
	// A date being typed is not a filter yet.
	if d, err := s.from.Date(); err == nil {
		f.From = d
	}
	if d, err := s.to.Date(); err == nil {
		f.To = d
	}
	// The newest findings show at once; the whole list (tens of thousands
	// in an old ledger) follows from the background, for the chips and the
	// search to work on.
	first := f
	first.Limit = firstPage
	findings, err := db.Findings(ctx, first)
	if err != nil {
		return err
	}
	s.loads++
	gen := s.loads
	s.table.SetRows(findings)
	if len(findings) < firstPage {
		s.loading.Hide()
		return nil
	}
	s.loading.SetText(fmt.Sprintf("已显示最近发现的%d个问题，正在载入全部……", len(findings)))
	s.loading.Show()
	kit.OffUI(func() {
		all, err := db.Findings(ctx, f)
		fyne.Do(func() {
			if gen != s.loads {
				return // the filters changed meanwhile
			}
			s.loading.Hide()
			if err != nil {
				kit.ShowError(s.w.Window(), err)
				return
			}
			s.table.SetRows(all)
		})
	})
	return nil
}

// firstPage is how many findings the list shows before the rest arrive.
const firstPage = 300

func (s *Screen) dueSoon(f *data.Finding) bool { return s.alert(f).Level == data.AlertDueSoon }

func (s *Screen) overdue(f *data.Finding) bool { return s.alert(f).Level == data.AlertOverdue }

// alert is the finding's deadline alert, computed once per deadline and load.
func (s *Screen) alert(f *data.Finding) data.Alert {
	if f.RectStatus != data.RectOpen {
		return data.Alert{}
	}
	a, ok := s.alerts[f.RectDue]
	if !ok {
		a = f.Alert(s.cal, s.today, s.settings.WarnDays)
		s.alerts[f.RectDue] = a
	}
	return a
}

// alertOf is the 提醒 column: how far a rectification in progress is from
// its deadline.
func (s *Screen) alertOf(f *data.Finding) string {
	if f.RectStatus == data.RectReported {
		return "待复查"
	}
	return parts.AlertText(s.alert(f))
}

// Open shows finding id with its history and the steps it allows.
func (s *Screen) Open(id string) {
	ctx, db := s.w.Context(), s.w.DB()
	f, err := db.Finding(ctx, id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	events, err := db.FindingEvents(ctx, id)
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	var round string
	if f.RoundID != "" {
		r, err := db.Round(ctx, f.RoundID)
		if err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
		round = r.Title
	}
	if s.cal == nil {
		if err := s.reload(); err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
	}
	s.finding = f
	s.heading.SetText(fmt.Sprintf("%s：%s", f.UnitName, f.Category))
	s.fillInfo(f, round)
	if err := s.fillTimeline(events); err != nil {
		kit.ShowError(s.w.Window(), err)
	}
	s.fillActions(f)
	s.records.ShowDetail(true)
}

func (s *Screen) fillInfo(f *data.Finding, round string) {
	var objs []fyne.CanvasObject
	row := func(label, text string) {
		if text == "" {
			return
		}
		l := kit.NewWrapLabel(text)
		objs = append(objs, widget.NewLabel(label), l)
	}
	row("发现日期", f.FoundOn.String())
	row("督查活动", round)
	row("问题描述", f.Description)
	row("涉及人员", staffText(f))
	row("处理方式", string(f.Disposition))
	status := string(f.RectStatus)
	if a := s.alertOf(f); a != "" && a != status {
		status += "，" + a
	}
	row("整改状态", status)
	if f.RectStatus != data.RectNone {
		row("整改期限", fmt.Sprintf("%s（时限%d个工作日）", f.RectDue, f.RectLimitDays))
	}
	if !f.ReportOn.IsZero() {
		row("整改报告", f.ReportOn.String()+" "+f.ReportContent)
	}
	if !f.RecheckOn.IsZero() {
		row("复查", strings.TrimSpace(fmt.Sprintf("%s %s %s", f.RecheckOn, f.RecheckResult, f.RecheckBy)))
	}
	if !f.ClosedOn.IsZero() {
		row("销号日期", f.ClosedOn.String())
	}
	s.info.Objects = objs
	s.info.Refresh()
}

// staffText names the staff involved: 姓名（岗位）.
func staffText(f *data.Finding) string {
	switch {
	case f.StaffName != "" && f.StaffPost != "":
		return f.StaffName + "（" + f.StaffPost + "）"
	case f.StaffPost != "":
		return f.StaffPost
	}
	return f.StaffName
}

// fillTimeline lists the finding's steps, oldest first, with the files of
// each 整改报告.
func (s *Screen) fillTimeline(events []data.FindingEvent) error {
	var objs []fyne.CanvasObject
	for _, e := range events {
		head := widget.NewLabelWithStyle(fmt.Sprintf("%s  %s  %s", e.At.In(data.Zone).Format(parts.TimeLayout), e.Kind, e.Actor),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := kit.NewWrapLabel(eventText(e))
		objs = append(objs, head, body)
		if e.Kind == data.FindingReport {
			files, err := s.w.DB().Attachments(s.w.Context(), data.OwnerFindingEvent, e.ID)
			if err != nil {
				return err
			}
			if len(files) > 0 {
				strip := parts.NewPhotoStrip(s.w, "", nil)
				strip.Set(files)
				objs = append(objs, strip.Widget())
			}
		}
	}
	s.timeline.Objects = objs
	s.timeline.Refresh()
	return nil
}

// eventText says what a step of the rectification recorded.
func eventText(e data.FindingEvent) string {
	var parts []string
	switch e.Kind {
	case data.FindingRecorded:
		parts = append(parts, fmt.Sprintf("%s发现，处理方式：%s", e.On, e.Result))
	case data.FindingOrdered:
		parts = append(parts, fmt.Sprintf("%s下达限期整改，%d个工作日内整改，期限%s", e.On, e.LimitDays, e.DueDate))
	case data.FindingReport:
		parts = append(parts, fmt.Sprintf("单位于%s报送整改报告", e.On))
	case data.FindingRecheck:
		text := fmt.Sprintf("%s复查，结果：%s", e.On, e.Result)
		if e.LimitDays > 0 {
			text += fmt.Sprintf("；重新限期%d个工作日，期限%s", e.LimitDays, e.DueDate)
		}
		parts = append(parts, text)
	case data.FindingExtended:
		parts = append(parts, fmt.Sprintf("延期%d个工作日，新的期限%s", e.LimitDays, e.DueDate))
	}
	if e.Note != "" {
		parts = append(parts, e.Note)
	}
	return strings.Join(parts, "。")
}

// fillActions offers the steps the finding's state allows now.
func (s *Screen) fillActions(f *data.Finding) {
	var steps kit.Steps
	for _, k := range data.RectificationSteps(f.RectStatus) {
		switch k {
		case data.FindingOrdered:
			steps.Step("限期整改…", fynetheme.HistoryIcon(), s.orderDialog)
		case data.FindingReport:
			steps.Step("提交整改报告…", fynetheme.DocumentIcon(), s.reportDialog)
		case data.FindingExtended:
			steps.Step("延期…", fynetheme.MoreHorizontalIcon(), s.extendDialog)
		case data.FindingRecheck:
			steps.Step("复查…", fynetheme.ConfirmIcon(), s.recheckDialog)
		}
	}
	if f.RectStatus != data.RectDone {
		steps.Button(parts.DraftLabel(f), fynetheme.DocumentCreateIcon(), func() { parts.DraftFromFinding(s.w, f) })
	}
	steps.Show(s.actions)
	var links []fyne.CanvasObject
	if f.VisitID != "" {
		links = append(links, widget.NewButton("查看检查记录", func() { parts.ShowVisit(s.w, f.VisitID, s.reloadShowing) }))
	}
	links = append(links, widget.NewButton("查看单位", func() { s.w.OpenUnit(f.UnitID) }))
	s.links.Objects = links
	s.links.Refresh()
}

func (s *Screen) stepDialog(title string, form *kit.Form, intro string) *dialog.CustomDialog {
	return kit.ShowStepDialog(s.w.Window(), title, form, 620, intro)
}

// stepDone reloads after a step and tells of a deadline counted without
// the year's holiday calendar.
func (s *Screen) stepDone(d *dialog.CustomDialog, assumed data.Assumed) {
	d.Hide()
	s.reloadShowing()
	if w := assumed.Warning(); w != "" {
		dialog.ShowInformation("工作日计算提示", w, s.w.Window())
	}
}

func (s *Screen) intro() string {
	f := s.finding
	return fmt.Sprintf("%s %s：%s", f.FoundOn, f.UnitName, f.Description)
}

// daysEntry is a working-day count entry, 1 to 90.
func daysEntry(text string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(text)
	e.Validator = func(s string) error {
		_, err := parts.ParseRectDays(s, false)
		return err
	}
	return e
}

// duePreview shows the deadline n working days after from() as n is typed;
// update shows it afresh.
func (s *Screen) duePreview(days *widget.Entry, from func() data.Date, label string) (preview *kit.WrapLabel, update func()) {
	l := kit.NewWrapLabel("")
	update = func() {
		n, err := parts.ParseRectDays(days.Text, false)
		start := from()
		if err != nil || start.IsZero() {
			l.SetText("")
			return
		}
		due, assumed := s.cal.AddWorkdays(start, n)
		text := fmt.Sprintf("%s：%s", label, due)
		if w := assumed.Warning(); w != "" {
			text += "。" + w
		}
		l.SetText(text)
	}
	prev := days.OnChanged
	days.OnChanged = func(t string) {
		if prev != nil {
			prev(t)
		}
		update()
	}
	update()
	return l, update
}

// orderDialog puts a finding under rectification (限期整改).
func (s *Screen) orderDialog() {
	f := s.finding
	on := kit.NewDateEntry()
	on.SetDate(s.today)
	days := daysEntry(fmt.Sprint(s.settings.RectLimitDays))
	note := widget.NewEntry()
	note.SetPlaceHolder("如：下发监察通知书")
	preview, _ := s.duePreview(days, func() data.Date { return kit.DateOr(on) }, "整改期限")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		n, err := parts.ParseRectDays(days.Text, false)
		if err != nil {
			return data.Invalid("LimitDays", err.Error())
		}
		assumed, err := s.w.DB().OrderRectification(s.w.Context(), f.ID, day, n, note.Text)
		if err != nil {
			return err
		}
		s.stepDone(d, assumed)
		return nil
	})
	form.Add("下达日期", "On", on, true)
	form.Add("整改时限（工作日）", "LimitDays", days, true)
	form.Add("", "", preview, false)
	form.Add("说明", "Note", note, false)
	d = s.stepDialog("限期整改", form, s.intro())
}

// reportDialog records the unit's 整改报告 with its files.
func (s *Screen) reportDialog() {
	f := s.finding
	on := kit.NewDateEntry()
	on.SetDate(s.today)
	content := kit.NewTextArea(5, "整改报告的主要内容：采取的措施、整改结果")
	var files []*data.Attachment
	var strip *parts.PhotoStrip
	strip = parts.NewPhotoStrip(s.w, "无附件", func(i int) {
		files = append(files[:i], files[i+1:]...)
		strip.Set(files)
	})
	strip.Set(nil)
	add := widget.NewButtonWithIcon("添加附件…", fynetheme.ContentAddIcon(), func() {
		s.picker = parts.PickFiles(s.w.Window(), "添加整改报告附件", parts.ReportExts, func(picked []*data.Attachment) {
			files = append(files, picked...)
			strip.Set(files)
		})
	})
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		if err := s.w.DB().SubmitRectificationReport(s.w.Context(), f.ID, day, content.Text, files); err != nil {
			return err
		}
		s.stepDone(d, nil)
		return nil
	})
	form.Add("报告日期", "On", on, true)
	form.Add("报告内容", "Content", content, true)
	form.Add("附件", "Attachments", container.NewVBox(strip.Widget(), container.NewHBox(add)), false)
	intro := s.intro()
	if s.overdue(f) {
		intro += fmt.Sprintf("\n整改期限为%s，已超期。", f.RectDue)
	}
	d = s.stepDialog("提交整改报告", form, intro)
}

// extendDialog moves the deadline back for a reason.
func (s *Screen) extendDialog() {
	f := s.finding
	days := daysEntry("")
	reason := kit.NewTextArea(2, "")
	preview, _ := s.duePreview(days, func() data.Date { return f.RectDue }, "延期后的期限")
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		n, err := parts.ParseRectDays(days.Text, false)
		if err != nil {
			return data.Invalid("Days", err.Error())
		}
		assumed, err := s.w.DB().ExtendRectification(s.w.Context(), f.ID, n, reason.Text)
		if err != nil {
			return err
		}
		s.stepDone(d, assumed)
		return nil
	})
	form.Add("延期（工作日）", "Days", days, true)
	form.Add("", "", preview, false)
	form.Add("延期理由", "Reason", reason, true)
	d = s.stepDialog("延期", form, s.intro()+fmt.Sprintf("\n当前整改期限：%s", f.RectDue))
}

// recheckDialog records the 复查: 已整改 closes the finding, 整改不到位 sets
// a new deadline.
func (s *Screen) recheckDialog() {
	f := s.finding
	on := kit.NewDateEntry()
	on.SetDate(s.today)
	by := widget.NewEntry()
	by.SetText(s.w.DB().Actor())
	note := kit.NewTextArea(2, "")
	days := daysEntry(fmt.Sprint(s.settings.RectLimitDays))
	days.Disable()
	preview, showDue := s.duePreview(days, func() data.Date { return kit.DateOr(on) }, "新的整改期限")
	const hint = "复查结果为“整改不到位”的，重新确定整改时限。"
	preview.SetText(hint)
	result := widget.NewRadioGroup([]string{string(data.RecheckPassed), string(data.RecheckFailed)}, func(r string) {
		failed := r == string(data.RecheckFailed)
		kit.SetEnabled(days, failed)
		if failed {
			showDue()
		} else {
			preview.SetText(hint)
		}
	})
	result.Horizontal = true
	var d *dialog.CustomDialog
	form := kit.NewForm(func() error {
		day, err := on.Date()
		if err != nil {
			return data.Invalid("On", err.Error())
		}
		n := 0
		if result.Selected == string(data.RecheckFailed) {
			if n, err = parts.ParseRectDays(days.Text, false); err != nil {
				return data.Invalid("NewLimitDays", err.Error())
			}
		}
		assumed, err := s.w.DB().RecheckFinding(s.w.Context(), f.ID, day, data.RecheckResult(result.Selected), by.Text, note.Text, n)
		if err != nil {
			return err
		}
		s.stepDone(d, assumed)
		return nil
	})
	form.Add("复查日期", "On", on, true)
	form.Add("复查结果", "Result", result, true)
	form.Add("新的整改时限（工作日）", "NewLimitDays", days, false)
	form.Add("", "", preview, false)
	form.Add("复查人", "By", by, false)
	form.Add("复查情况", "Note", note, false)
	intro := s.intro() + fmt.Sprintf("\n整改报告（%s）：%s", f.ReportOn, f.ReportContent)
	d = s.stepDialog("复查", form, intro)
}

// ShowChip shows the list on its chip labelled chip (临近到期, 已超期).
func (s *Screen) ShowChip(chip string) { s.table.SetChip(chip) }
