package app

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/widgets"
	"xiaoneng/data"
)

// visitEntry enters the visits of a round: a new visit with its findings,
// photos and the 制度公示 checklist, saved in one go, or the changes to a
// visit already recorded. For a day in the field, 保存并下一个 saves and
// starts the next planned unit not yet visited, keeping the day, the time
// and the inspectors.
type visitEntry struct {
	w       *Workbench
	round   *data.Round
	visit   *data.Visit // the visit being changed; nil while entering new ones
	onClose func()      // back to where the entry was opened from
	root    fyne.CanvasObject

	heading   *widget.Label
	progress  *widgets.WrapLabel
	lastSaved *widgets.WrapLabel
	form      *widgets.Form

	unit        *widgets.UnitPicker
	planned     *widget.Select
	plannedLeft []*data.Unit // planned units not yet visited
	day         *widgets.DateEntry
	clock       *widget.Entry
	place       *widget.Entry
	summary     *widgets.TextArea
	phone       *widget.Entry // 电话暗访 only
	answered    *widget.Select
	attitude    *widget.SelectEntry
	inspectors  *checkGrid
	people      *personOptions

	findings    []*findingEditor
	findingsBox *fyne.Container
	noFindings  *widgets.WrapLabel

	photos    []*data.Attachment
	strip     *photoStrip
	picker    *filePicker // the last file picker shown
	checkDisc *widget.Check
	posted    []*widget.Check
	discBox   *fyne.Container

	extraEdits      // findings, photos and the checklist; the form tracks its own fields
	next       bool // the save under way goes on to the next unit
	saved      int  // visits saved since the entry was opened

	cal         *data.Calendar
	rectDefault int // the office's default rectification period
}

// phoneRound says whether a round's visits are calls to service hotlines.
func phoneRound(r *data.Round) bool { return r.Kind == data.RoundPhoneCheck }

// newVisitEntry builds the entry for round r. With v set it changes that
// visit; otherwise it enters new visits, starting at unitID if given, or at
// the first planned unit not yet visited.
func newVisitEntry(w *Workbench, r *data.Round, v *data.Visit, unitID string, onClose func()) (*visitEntry, error) {
	e := &visitEntry{w: w, round: r, visit: v, onClose: onClose}
	var err error
	if e.cal, err = w.db.Calendar(w.ctx); err != nil {
		return nil, err
	}
	settings, err := w.db.Settings(w.ctx)
	if err != nil {
		return nil, err
	}
	e.rectDefault = settings.RectLimitDays
	people, err := w.db.People(w.ctx, "")
	if err != nil {
		return nil, err
	}
	keep := append(append([]string{r.LeaderID}, r.MemberIDs...), visitInspectors(v)...)
	e.people = newPersonOptions(people, keep)
	e.build()
	if err := e.loadPlan(); err != nil {
		return nil, err
	}
	if v != nil {
		e.fillVisit(v)
	} else {
		e.startNew(unitID)
	}
	return e, nil
}

func visitInspectors(v *data.Visit) []string {
	if v == nil {
		return nil
	}
	return v.InspectorIDs
}

func (e *visitEntry) build() {
	e.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.progress = lowLabel("")
	e.lastSaved = widgets.NewWrapLabel("")
	e.lastSaved.Importance = widget.SuccessImportance
	e.lastSaved.Hide()

	e.form = widgets.NewForm(e.saveVisit)
	e.unit = widgets.NewUnitPicker(e.w.searchUnits)
	e.unit.OnChanged = func(id, _ string) { e.unitChosen(id) }
	e.planned = widget.NewSelect(nil, func(name string) {
		if e.filling {
			return
		}
		for _, u := range e.plannedLeft {
			if u.Name == name {
				e.unit.SetUnit(u.ID, u.Name)
				e.unitChosen(u.ID)
				return
			}
		}
	})
	e.planned.PlaceHolder = "从计划中选择"
	e.day = widgets.NewDateEntry()
	e.day.OnDateChanged = func(data.Date) { e.refreshDue() }
	e.clock = widget.NewEntry()
	e.clock.SetPlaceHolder("时:分")
	e.clock.Validator = func(s string) error {
		if _, _, err := parseClock(s); err != nil {
			return err
		}
		return nil
	}
	e.place = widget.NewEntry()
	e.place.SetPlaceHolder("如：3号窗口、不动产登记大厅")
	e.summary = multiLine(4, "现场看到的情况")
	e.inspectors = newCheckGrid(e.people.labels, e.edited)

	e.form.Add("被检查单位", "UnitID", e.unit, true)
	if e.visit == nil {
		e.form.Add("计划内未检查", "", e.planned, false)
	}
	e.form.Add("检查日期", "VisitedAt", e.day, true)
	e.form.Add("检查时间", "VisitedAt", e.clock, true)
	if phoneRound(e.round) {
		e.phone = widget.NewEntry()
		e.phone.SetPlaceHolder("所拨打的服务电话")
		e.answered = widget.NewSelect([]string{"已接听", "未接听"}, nil)
		e.answered.PlaceHolder = "请选择"
		e.attitude = widget.NewSelectEntry([]string{"热情规范", "一般", "态度生硬", "答复不清"})
		e.form.Add("拨打号码", "PhoneNumber", e.phone, false)
		e.form.Add("接听情况", "Answered", e.answered, true)
		e.form.Add("接听态度", "Attitude", e.attitude, false)
	} else {
		e.form.Add("检查地点", "Place", e.place, false)
	}
	e.form.Add("检查情况", "Summary", e.summary, false)
	e.form.Add("检查人员", "InspectorIDs", e.inspectors.box, false)

	if e.visit == nil {
		e.noFindings = lowLabel("未发现问题。发现问题时请点击“添加问题”。")
		e.findingsBox = container.NewVBox()
		add := widget.NewButtonWithIcon("添加问题", fynetheme.ContentAddIcon(), func() { e.addFinding() })
		e.form.Add("发现问题", "Findings", container.NewVBox(e.noFindings, e.findingsBox, container.NewHBox(add)), false)
		if !phoneRound(e.round) {
			e.strip = newPhotoStrip(e.w, "尚未添加照片", e.removePhoto)
			addPhotos := widget.NewButtonWithIcon("添加照片…", fynetheme.MediaPhotoIcon(), e.choosePhotos)
			e.form.Add("现场照片", "Attachments", container.NewVBox(e.strip.Widget(), container.NewHBox(addPhotos)), false)
		}
	}
	if !phoneRound(e.round) {
		e.checkDisc = widget.NewCheck("本次检查了制度公示情况（已公示的打勾）", func(on bool) {
			setVisible(e.discBox, on)
			e.edited()
		})
		e.discBox = container.NewGridWithColumns(4)
		for _, item := range data.DisclosureItems {
			c := widget.NewCheck(string(item), func(bool) { e.edited() })
			e.posted = append(e.posted, c)
			e.discBox.Add(c)
		}
		e.discBox.Hide()
		e.form.Add("制度公示", "Disclosures", container.NewVBox(e.checkDisc, e.discBox), false)
	}

	back := widget.NewButtonWithIcon("返回", fynetheme.NavigateBackIcon(), func() { e.confirmLeave(e.onClose) })
	if e.visit == nil {
		next := widget.NewButtonWithIcon("保存并下一个", fynetheme.MailForwardIcon(), e.saveAndNext)
		next.Importance = widget.HighImportance
		e.form.AddButton(next)
	}
	top := container.NewVBox(container.NewBorder(nil, nil, back, nil, e.heading), e.progress, e.lastSaved, widget.NewSeparator())
	e.root = container.NewBorder(top, nil, nil, nil, e.form.Widget())
}

// loadPlan reads which planned units are still to be visited.
func (e *visitEntry) loadPlan() error {
	left, err := e.w.db.UnvisitedUnits(e.w.ctx, e.round.ID)
	if err != nil {
		return err
	}
	e.plannedLeft = left
	names := make([]string, len(left))
	for i, u := range left {
		names[i] = u.Name
	}
	e.filling = true
	e.planned.Options = names
	e.planned.ClearSelected()
	e.filling = false
	if len(e.round.UnitIDs) == 0 {
		e.progress.SetText("本次督查活动未列出计划检查单位，请直接选择被检查单位。")
	} else {
		e.progress.SetText(fmt.Sprintf("本次督查活动计划检查%d个单位，已检查%d个，尚有%d个未检查。",
			len(e.round.UnitIDs), len(e.round.UnitIDs)-len(left), len(left)))
	}
	return nil
}

// startNew empties the entry for a new visit to unitID, or to the first
// planned unit not yet visited. The day, time and inspectors stay as they
// are after a save: the next visit is the same team on the same day.
func (e *visitEntry) startNew(unitID string) {
	e.filling = true
	e.heading.SetText("登记检查记录 — " + e.round.Title)
	if e.saved == 0 {
		e.day.SetDate(today())
		if e.round.End.Before(today()) && !e.round.End.IsZero() {
			e.day.SetDate(e.round.End) // entering an old round from notes
		}
		e.clock.SetText(data.Now().Format("15:04"))
		e.inspectors.SetSelected(e.people.labelsOf(append([]string{e.round.LeaderID}, e.round.MemberIDs...)))
	}
	e.place.SetText("")
	e.summary.SetText("")
	if e.phone != nil {
		e.phone.SetText("")
		e.answered.ClearSelected()
		e.attitude.SetText("")
	}
	e.findings = nil
	e.findingsBox.Objects = nil
	e.findingsBox.Refresh()
	e.noFindings.Show()
	e.photos = nil
	if e.strip != nil {
		e.strip.set(nil)
	}
	if e.checkDisc != nil {
		e.checkDisc.SetChecked(false)
	}
	e.filling = false

	var name string
	switch {
	case unitID != "":
		if u, err := e.w.db.Unit(e.w.ctx, unitID); err == nil {
			name = u.Name
		} else {
			unitID = ""
		}
	case len(e.plannedLeft) > 0:
		unitID, name = e.plannedLeft[0].ID, e.plannedLeft[0].Name
	}
	e.unit.SetUnit(unitID, name)
	e.unitChosen(unitID)
	e.extraDirty = false
	e.form.MarkClean()
}

// fillVisit shows a recorded visit for changing.
func (e *visitEntry) fillVisit(v *data.Visit) {
	e.filling = true
	defer func() { e.filling = false }()
	e.heading.SetText(fmt.Sprintf("修改检查记录 — %s", v.UnitName))
	e.unit.SetUnit(v.UnitID, v.UnitName)
	e.day.SetDate(data.DateOf(v.VisitedAt))
	e.clock.SetText(v.VisitedAt.In(data.Zone).Format("15:04"))
	e.place.SetText(v.Place)
	e.summary.SetText(v.Summary)
	if e.phone != nil {
		e.phone.SetText(v.PhoneNumber)
		showChoice(e.answered, v.Answered)
		e.attitude.SetText(v.Attitude)
	}
	e.inspectors.SetSelected(e.people.labelsOf(v.InspectorIDs))
	if e.checkDisc != nil {
		e.checkDisc.SetChecked(len(v.Disclosures) > 0)
		for i, item := range data.DisclosureItems {
			e.posted[i].SetChecked(slices.ContainsFunc(v.Disclosures, func(d data.Disclosure) bool { return d.Item == item && d.Posted }))
		}
	}
	if v.FindingCount > 0 {
		e.progress.SetText(fmt.Sprintf("该检查记录有%d个发现问题，被检查单位和检查日期不能修改。", v.FindingCount))
	}
	e.extraDirty = false
	e.form.MarkClean()
}

// unitChosen prepares the entry for the unit picked: its checklist as it
// stands, and its hotline for a call.
func (e *visitEntry) unitChosen(id string) {
	if id == "" {
		return
	}
	u, err := e.w.db.Unit(e.w.ctx, id)
	if err != nil {
		widgets.ShowError(e.w.win, err)
		return
	}
	e.filling = true
	defer func() { e.filling = false }()
	if e.phone != nil && strings.TrimSpace(e.phone.Text) == "" {
		e.phone.SetText(u.Hotline)
	}
	for i := range e.posted {
		e.posted[i].SetChecked(i < len(u.Disclosures) && u.Disclosures[i].Posted)
	}
	for _, p := range e.plannedLeft {
		if p.ID == id {
			e.planned.SetSelected(p.Name)
			return
		}
	}
	e.planned.ClearSelected()
}

// parseClock reads HH:MM.
func parseClock(s string) (hour, minute int, err error) {
	t, perr := time.Parse("15:04", strings.TrimSpace(strings.ReplaceAll(s, "：", ":")))
	if perr != nil {
		return 0, 0, errors.New("时间格式应为“时:分”，例如09:30")
	}
	return t.Hour(), t.Minute(), nil
}

// visitDay is the day typed, or the zero Date.
func (e *visitEntry) visitDay() data.Date {
	d, err := e.day.Date()
	if err != nil {
		return data.Date{}
	}
	return d
}

// collect reads the entry into a visit and its findings.
func (e *visitEntry) collect() (*data.Visit, []*data.Finding, error) {
	v := &data.Visit{RoundID: e.round.ID}
	if e.visit != nil {
		cp := *e.visit
		v = &cp
	}
	v.UnitID, v.UnitName = e.unit.Unit()
	day, err := e.day.Date()
	if err != nil {
		return nil, nil, data.Invalid("VisitedAt", err.Error())
	}
	if day.After(today()) {
		return nil, nil, data.Invalid("VisitedAt", "检查日期不能晚于今天")
	}
	h, m, err := parseClock(e.clock.Text)
	if err != nil {
		return nil, nil, data.Invalid("VisitedAt", err.Error())
	}
	v.VisitedAt = day.Time().Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	v.Place = strings.TrimSpace(e.place.Text)
	v.Summary = strings.TrimSpace(e.summary.Text)
	if e.phone != nil {
		v.PhoneNumber = strings.TrimSpace(e.phone.Text)
		v.Answered = e.answered.Selected
		v.Attitude = strings.TrimSpace(e.attitude.Text)
	}
	v.InspectorIDs = e.people.idsOf(e.inspectors.Selected())
	v.Disclosures = nil
	if e.checkDisc != nil && e.checkDisc.Checked {
		for i, item := range data.DisclosureItems {
			v.Disclosures = append(v.Disclosures, data.Disclosure{Item: item, Posted: e.posted[i].Checked})
		}
	}
	var findings []*data.Finding
	for i, fe := range e.findings {
		f, err := fe.finding(i, len(e.findings))
		if err != nil {
			return nil, nil, err
		}
		findings = append(findings, f)
	}
	return v, findings, nil
}

// saveVisit records the visit (the form's 保存, and 保存并下一个).
func (e *visitEntry) saveVisit() error {
	v, findings, err := e.collect()
	if err != nil {
		return err
	}
	if e.visit != nil {
		if err := e.w.db.UpdateVisit(e.w.ctx, v); err != nil {
			return err
		}
		e.extraDirty = false
		e.onClose()
		return nil
	}
	if err := e.w.db.RecordVisit(e.w.ctx, v, findings, e.photos); err != nil {
		return err
	}
	e.saved++
	result := "未发现问题"
	if len(findings) > 0 {
		result = fmt.Sprintf("发现问题%d个", len(findings))
	}
	e.lastSaved.SetText(fmt.Sprintf("已保存：%s %s，%s。", v.VisitedAt.In(data.Zone).Format(timeLayout), v.UnitName, result))
	e.lastSaved.Show()
	if err := e.loadPlan(); err != nil {
		return err
	}
	if !e.next {
		e.extraDirty = false
		e.onClose()
		return nil
	}
	e.startNew("")
	e.w.win.Canvas().Focus(e.summary)
	if len(e.plannedLeft) == 0 && len(e.round.UnitIDs) > 0 {
		dialog.ShowInformation("计划已完成", "本次督查活动计划检查的单位均已登记检查记录。如还检查了计划外单位，请继续选择单位登记。", e.w.win)
	}
	return nil
}

// saveAndNext saves the visit and starts the next planned unit.
func (e *visitEntry) saveAndNext() {
	e.next = true
	defer func() { e.next = false }()
	e.form.Save()
}

func (e *visitEntry) dirty() bool { return e.form.Dirty() || e.extraDirty }

// confirmLeave asks before an unsaved visit is given up.
func (e *visitEntry) confirmLeave(leave func()) {
	if !e.dirty() {
		leave()
		return
	}
	d := dialog.NewConfirm("未保存的检查记录", "检查记录尚未保存，确定放弃吗？", func(ok bool) {
		if ok {
			e.extraDirty = false
			e.form.MarkClean()
			leave()
		}
	}, e.w.win)
	d.SetConfirmText("放弃")
	d.SetDismissText("继续登记")
	d.Show()
}

func (e *visitEntry) addFinding() *findingEditor {
	fe := newFindingEditor(e.cal, e.rectDefault, e.visitDay, func(fe *findingEditor) {
		i := slices.Index(e.findings, fe)
		if i < 0 {
			return
		}
		e.findings = slices.Delete(e.findings, i, i+1)
		e.layoutFindings()
	})
	fe.onEdit = func() { e.extraDirty = true }
	e.findings = append(e.findings, fe)
	e.extraDirty = true
	e.layoutFindings()
	e.w.win.Canvas().Focus(fe.description)
	return fe
}

func (e *visitEntry) layoutFindings() {
	objs := make([]fyne.CanvasObject, len(e.findings))
	for i, fe := range e.findings {
		fe.setNumber(i + 1)
		objs[i] = fe.root
	}
	e.findingsBox.Objects = objs
	e.findingsBox.Refresh()
	setVisible(e.noFindings, len(e.findings) == 0)
}

// refreshDue recomputes the deadlines shown under the findings when the
// day changes.
func (e *visitEntry) refreshDue() {
	for _, fe := range e.findings {
		fe.showDue()
	}
}

func (e *visitEntry) choosePhotos() {
	e.picker = pickFiles(e.w.win, "添加现场照片", pictureExts, func(files []*data.Attachment) {
		e.photos = append(e.photos, files...)
		e.extraDirty = true
		e.strip.set(e.photos)
	})
}

func (e *visitEntry) removePhoto(i int) {
	if i < 0 || i >= len(e.photos) {
		return
	}
	e.photos = slices.Delete(e.photos, i, i+1)
	e.extraDirty = true
	e.strip.set(e.photos)
}

// findingEditor enters one 发现问题 of a visit.
type findingEditor struct {
	root        *fyne.Container
	title       *widget.Label
	category    *widget.Select
	description *widgets.TextArea
	staffName   *widget.Entry
	staffPost   *widget.Entry
	disposition *widget.Select
	days        *widget.Entry
	due         *widgets.WrapLabel
	onEdit      func()

	cal         *data.Calendar
	rectDefault int
	day         func() data.Date // the day the period counts from
}

// newFindingEditor returns an editor whose period counts from day();
// onRemove, if set, gives it a 删除此问题 button.
func newFindingEditor(cal *data.Calendar, rectDefault int, day func() data.Date, onRemove func(*findingEditor)) *findingEditor {
	fe := &findingEditor{cal: cal, rectDefault: rectDefault, day: day}
	edited := func() {
		if fe.onEdit != nil {
			fe.onEdit()
		}
	}
	fe.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	fe.category = widget.NewSelect(choiceLabels(data.FindingCategories), func(string) { edited() })
	fe.category.PlaceHolder = "请选择问题类别"
	fe.description = multiLine(2, "问题描述")
	fe.description.OnChanged = func(string) { edited() }
	fe.staffName, fe.staffPost = widget.NewEntry(), widget.NewEntry()
	fe.staffName.SetPlaceHolder("姓名（如知道）")
	fe.staffPost.SetPlaceHolder("岗位")
	fe.staffName.OnChanged = func(string) { edited() }
	fe.staffPost.OnChanged = func(string) { edited() }
	fe.days = widget.NewEntry()
	fe.days.SetPlaceHolder("工作日")
	fe.days.Validator = func(s string) error {
		_, err := parseRectDays(s, true)
		return err
	}
	fe.days.OnChanged = func(string) { fe.showDue(); edited() }
	fe.disposition = widget.NewSelect(choiceLabels(data.Dispositions), func(d string) {
		// A 监察通知书 always sets a period: offer the office's default.
		if data.Disposition(d) == data.DispositionNotice && strings.TrimSpace(fe.days.Text) == "" {
			fe.days.SetText(strconv.Itoa(fe.rectDefault))
		}
		edited()
	})
	fe.disposition.PlaceHolder = "请选择处理方式"
	fe.due = lowLabel("不填整改时限即无需整改。")

	grid := container.New(layout.NewFormLayout(),
		widget.NewLabel("问题类别"), fe.category,
		widget.NewLabel("问题描述"), fe.description,
		widget.NewLabel("涉及人员"), container.NewGridWithColumns(2, fe.staffName, fe.staffPost),
		widget.NewLabel("处理方式"), fe.disposition,
		widget.NewLabel("整改时限"), container.NewBorder(nil, nil, nil, widget.NewLabel("个工作日"), fe.days),
		layout.NewSpacer(), fe.due,
	)
	if onRemove == nil {
		fe.root = container.NewVBox(grid)
		return fe
	}
	remove := widget.NewButtonWithIcon("删除此问题", fynetheme.DeleteIcon(), func() { onRemove(fe) })
	remove.Importance = widget.LowImportance
	fe.root = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, remove, fe.title), grid)
	return fe
}

func (fe *findingEditor) setNumber(n int) { fe.title.SetText(fmt.Sprintf("问题%d", n)) }

// parseRectDays reads a rectification period: blank is none (when
// allowed), else 1 to data.MaxRectDays working days.
func parseRectDays(s string, blankOK bool) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" && blankOK {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > data.MaxRectDays {
		return 0, fmt.Errorf("整改时限应为1至%d之间的整数", data.MaxRectDays)
	}
	return n, nil
}

// showDue says which day the period ends on, and whether the holiday
// calendar of that year is missing.
func (fe *findingEditor) showDue() {
	n, err := parseRectDays(fe.days.Text, true)
	day := fe.day()
	switch {
	case err != nil:
		fe.due.SetText(err.Error())
	case n == 0:
		fe.due.SetText("不填整改时限即无需整改。")
	case day.IsZero():
		fe.due.SetText(fmt.Sprintf("自检查之日起%d个工作日内整改。", n))
	default:
		due, assumed := fe.cal.AddWorkdays(day, n)
		text := fmt.Sprintf("整改期限：%s（自检查之日起%d个工作日）", due, n)
		if w := assumed.Warning(); w != "" {
			text += "。" + w
		}
		fe.due.SetText(text)
	}
}

// finding reads the editor; i and n number the message of a bad period.
func (fe *findingEditor) finding(i, n int) (*data.Finding, error) {
	days, err := parseRectDays(fe.days.Text, true)
	if err != nil {
		msg := err.Error()
		if n > 1 {
			msg = fmt.Sprintf("第%d个问题：%s", i+1, msg)
		}
		return nil, data.Invalid(fmt.Sprintf("Findings[%d].RectLimitDays", i), msg)
	}
	return &data.Finding{
		Category:      data.FindingCategory(fe.category.Selected),
		Description:   strings.TrimSpace(fe.description.Text),
		StaffName:     strings.TrimSpace(fe.staffName.Text),
		StaffPost:     strings.TrimSpace(fe.staffPost.Text),
		Disposition:   data.Disposition(fe.disposition.Selected),
		RectLimitDays: days,
	}, nil
}

// checkGrid is a set of check boxes that wraps onto as many rows as the
// width needs: a CheckGroup keeps them in one row or one column, which for
// a county's dozens of inspectors is far too wide or too tall.
type checkGrid struct {
	box       *fyne.Container
	checks    []*widget.Check
	onChanged func()
	quiet     bool // being set from a record
}

func newCheckGrid(options []string, onChanged func()) *checkGrid {
	g := &checkGrid{onChanged: onChanged}
	g.box = container.NewGridWrap(fyne.NewSize(0, 0))
	g.setOptions(options)
	return g
}

// setOptions replaces the check boxes, keeping what was ticked.
func (g *checkGrid) setOptions(options []string) {
	selected := g.Selected()
	g.checks = g.checks[:0]
	cell := fyne.NewSize(0, 0)
	objs := make([]fyne.CanvasObject, len(options))
	for i, o := range options {
		c := widget.NewCheck(o, func(bool) {
			if !g.quiet && g.onChanged != nil {
				g.onChanged()
			}
		})
		cell = cell.Max(c.MinSize())
		g.checks = append(g.checks, c)
		objs[i] = c
	}
	g.box.Layout = layout.NewGridWrapLayout(cell.Max(fyne.NewSize(100, 0)))
	g.box.Objects = objs
	g.setSelected(selected)
	g.box.Refresh()
}

// Selected lists the labels ticked, in the order offered.
func (g *checkGrid) Selected() []string {
	var out []string
	for _, c := range g.checks {
		if c.Checked {
			out = append(out, c.Text)
		}
	}
	return out
}

// SetSelected ticks exactly the labels given, without calling onChanged.
func (g *checkGrid) SetSelected(labels []string) {
	g.quiet = true
	defer func() { g.quiet = false }()
	g.setSelected(labels)
}

func (g *checkGrid) setSelected(labels []string) {
	for _, c := range g.checks {
		c.SetChecked(slices.Contains(labels, c.Text))
	}
}

// personOptions turns people into the labels of a check group or select:
// their names, with the post added where two share a name. People who have
// left are offered only where they are already chosen.
type personOptions struct {
	labels []string
	ids    map[string]string // label → ID
	names  map[string]string // ID → label
}

func newPersonOptions(people []*data.Person, keep []string) *personOptions {
	o := &personOptions{ids: map[string]string{}, names: map[string]string{}}
	count := map[string]int{}
	for _, p := range people {
		count[p.Name]++
	}
	for _, p := range people {
		label := p.Name
		if count[p.Name] > 1 {
			label = fmt.Sprintf("%s（%s）", p.Name, cmpOr(p.Post, string(p.Role)))
		}
		o.names[p.ID] = label
		if p.Active || slices.Contains(keep, p.ID) {
			o.labels = append(o.labels, label)
			o.ids[label] = p.ID
		}
	}
	return o
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (o *personOptions) labelsOf(ids []string) []string {
	var out []string
	for _, id := range ids {
		if l, ok := o.names[id]; ok && o.ids[l] == id && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func (o *personOptions) idsOf(labels []string) []string {
	var out []string
	for _, l := range labels {
		if id, ok := o.ids[l]; ok {
			out = append(out, id)
		}
	}
	return out
}

// namesOf lists people by name for display.
func (o *personOptions) namesOf(ids []string) string {
	var out []string
	for _, id := range ids {
		if l, ok := o.names[id]; ok {
			out = append(out, l)
		}
	}
	return strings.Join(out, "、")
}

// showVisit shows a recorded visit: what was seen, its photos and its
// findings, with what may be done to it. changed runs after the visit was
// changed or deleted.
func (w *Workbench) showVisit(id string, changed func()) {
	v, err := w.db.Visit(w.ctx, id)
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	r, err := w.db.Round(w.ctx, v.RoundID)
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	people, err := w.db.People(w.ctx, "")
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	findings, err := w.db.Findings(w.ctx, data.FindingFilter{VisitID: id})
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	photos, err := w.db.Attachments(w.ctx, data.OwnerVisit, id)
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	names := newPersonOptions(people, nil)

	var d *dialog.CustomDialog
	info := widget.NewForm()
	row := func(label, text string) { appendText(info, label, text) }
	row("督查活动", r.Title)
	row("被检查单位", v.UnitName)
	row("检查时间", v.VisitedAt.In(data.Zone).Format(timeLayout))
	row("检查地点", v.Place)
	row("拨打号码", v.PhoneNumber)
	row("接听情况", strings.Trim(v.Answered+"，"+v.Attitude, "，"))
	row("检查人员", names.namesOf(v.InspectorIDs))
	row("检查情况", v.Summary)
	row("制度公示", disclosureText(v.Disclosures))
	result := "未发现问题"
	if len(findings) > 0 {
		result = fmt.Sprintf("发现问题%d个", len(findings))
	}
	row("检查结果", result)

	strip := newPhotoStrip(w, "无现场照片", nil)
	strip.set(photos)
	addPhotos := widget.NewButtonWithIcon("添加照片…", fynetheme.MediaPhotoIcon(), func() {
		pickFiles(w.win, "添加现场照片", pictureExts, func(files []*data.Attachment) {
			if err := w.db.AddVisitPhotos(w.ctx, id, files); err != nil {
				widgets.ShowError(w.win, err)
				return
			}
			all, err := w.db.Attachments(w.ctx, data.OwnerVisit, id)
			if err != nil {
				widgets.ShowError(w.win, err)
				return
			}
			strip.set(all)
		})
	})

	table := widgets.NewTable(findingColumns(), nil, func(f *data.Finding) {
		d.Hide()
		w.openFinding(f.ID)
	})
	table.SetRows(findings)

	addFinding := widget.NewButtonWithIcon("补充问题…", fynetheme.ContentAddIcon(), func() {
		d.Hide()
		w.addFindingDialog(v, func() {
			changed()
			w.showVisit(id, changed)
		})
	})
	edit := widget.NewButtonWithIcon("修改…", fynetheme.DocumentCreateIcon(), func() {
		d.Hide()
		w.editVisit(v)
	})
	remove := widget.NewButtonWithIcon("删除检查记录", fynetheme.DeleteIcon(), func() {
		msg := fmt.Sprintf("确定删除对“%s”的这次检查吗？其发现问题和照片将一并删除。删除仅用于误录入的记录。", v.UnitName)
		confirmDelete(w.win, "删除检查记录", msg, func() error {
			return w.db.DeleteVisit(w.ctx, id)
		}, func() error {
			d.Hide()
			changed()
			return nil
		})
	})
	remove.Importance = widget.DangerImportance
	buttons := container.NewHBox(remove, layout.NewSpacer(), w.visitNoticeButton(v, findings, func() { d.Hide() }), edit, addFinding)
	pictures := container.NewBorder(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("现场照片（点击查看原图）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), addPhotos),
		nil, nil, nil, container.NewVScroll(strip.Widget()))
	top := container.NewHSplit(container.NewVScroll(info), pictures)
	top.Offset = 0.55
	bottom := container.NewBorder(
		widget.NewLabelWithStyle("发现问题（双击打开整改情况）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, table.Widget())
	split := container.NewVSplit(top, bottom)
	split.Offset = 0.62
	body := container.NewBorder(nil, buttons, nil, nil, split)
	d = dialog.NewCustom("检查记录", "关闭", body, w.win)
	size := w.win.Canvas().Size()
	d.Resize(fyne.NewSize(max(size.Width*0.85, 700), max(size.Height*0.9, 500)))
	d.Show()
}

// disclosureText sums up a visit's 制度公示 checklist.
func disclosureText(ds []data.Disclosure) string {
	if len(ds) == 0 {
		return ""
	}
	var posted, missing []string
	for _, d := range ds {
		if d.Posted {
			posted = append(posted, string(d.Item))
		} else {
			missing = append(missing, string(d.Item))
		}
	}
	var parts []string
	if len(posted) > 0 {
		parts = append(parts, "已公示："+strings.Join(posted, "、"))
	}
	if len(missing) > 0 {
		parts = append(parts, "未公示："+strings.Join(missing, "、"))
	}
	return strings.Join(parts, "\n")
}

// addFindingDialog records a further finding on a visit already saved.
func (w *Workbench) addFindingDialog(v *data.Visit, done func()) {
	cal, err := w.db.Calendar(w.ctx)
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	settings, err := w.db.Settings(w.ctx)
	if err != nil {
		widgets.ShowError(w.win, err)
		return
	}
	day := data.DateOf(v.VisitedAt)
	fe := newFindingEditor(cal, settings.RectLimitDays, func() data.Date { return day }, nil)
	message := widgets.NewWrapLabel("")
	message.Importance = widget.DangerImportance
	message.Hide()
	var d *dialog.CustomDialog
	save := widget.NewButtonWithIcon("保存", fynetheme.DocumentSaveIcon(), func() {
		f, err := fe.finding(0, 1)
		if err == nil {
			f.VisitID = v.ID
			err = w.db.AddFinding(w.ctx, f)
		}
		if err != nil {
			setMessageLabel(message, data.UserMessage(err))
			return
		}
		d.Hide()
		done()
	})
	save.Importance = widget.HighImportance
	cancel := widget.NewButton("取消", func() { d.Hide() })
	content := container.NewVBox(
		widget.NewLabel(fmt.Sprintf("%s %s", v.VisitedAt.In(data.Zone).Format(timeLayout), v.UnitName)),
		fe.root, message, container.NewHBox(layout.NewSpacer(), cancel, save))
	d = dialog.NewCustomWithoutButtons("补充发现问题", content, w.win)
	d.Resize(fyne.NewSize(640, d.MinSize().Height))
	d.Show()
}

// setMessageLabel shows msg in l, or hides l when msg is empty.
func setMessageLabel(l *widgets.WrapLabel, msg string) {
	l.SetText(msg)
	setVisible(l, msg != "")
}
