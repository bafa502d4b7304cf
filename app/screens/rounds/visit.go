package rounds

import (
	"fmt"
	"slices"
	"strings"
	"time"
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

// visitEntry enters the visits of a round: a new visit with its findings,
// photos and the 制度公示 checklist, saved in one go, or the changes to a
// visit already recorded. For a day in the field, 保存并下一个 saves and
// starts the next planned unit not yet visited, keeping the day, the time
// and the inspectors.
type visitEntry struct {
	w       host.Host
	round   *data.Round
	visit   *data.Visit // the visit being changed; nil while entering new ones
	onClose func()      // back to where the entry was opened from
	root    fyne.CanvasObject

	heading   *widget.Label
	progress  *kit.WrapLabel
	lastSaved *kit.WrapLabel
	form      *kit.Form

	unit        *kit.UnitPicker
	planned     *widget.Select
	plannedLeft []*data.Unit // planned units not yet visited
	day         *kit.DateEntry
	clock       *widget.Entry
	place       *widget.Entry
	summary     *kit.TextArea
	phone       *widget.Entry // 电话暗访 only
	answered    *widget.Select
	attitude    *widget.SelectEntry
	inspectors  *checkGrid
	people      *parts.PersonOptions

	findings    []*parts.FindingEditor
	findingsBox *fyne.Container
	noFindings  *kit.WrapLabel

	photos    []*data.Attachment
	strip     *parts.PhotoStrip
	picker    *parts.FilePicker // the last file picker shown
	checkDisc *widget.Check
	posted    []*widget.Check
	discBox   *fyne.Container

	kit.ExtraEdits      // findings, photos and the checklist; the form tracks its own fields
	next           bool // the save under way goes on to the next unit
	saved          int  // visits saved since the entry was opened

	cal         *data.Calendar
	rectDefault int // the office's default rectification period
}

// phoneRound says whether a round's visits are calls to service hotlines.
func phoneRound(r *data.Round) bool { return r.Kind == data.RoundPhoneCheck }

// newVisitEntry builds the entry for round r. With v set it changes that
// visit; otherwise it enters new visits, starting at unitID if given, or at
// the first planned unit not yet visited.
func newVisitEntry(w host.Host, r *data.Round, v *data.Visit, unitID string, onClose func()) (*visitEntry, error) {
	e := &visitEntry{w: w, round: r, visit: v, onClose: onClose}
	var err error
	if e.cal, err = w.DB().Calendar(w.Context()); err != nil {
		return nil, err
	}
	settings, err := w.DB().Settings(w.Context())
	if err != nil {
		return nil, err
	}
	e.rectDefault = settings.RectLimitDays
	people, err := w.DB().People(w.Context(), "")
	if err != nil {
		return nil, err
	}
	keep := append(append([]string{r.LeaderID}, r.MemberIDs...), visitInspectors(v)...)
	e.people = parts.NewPersonOptions(people, keep)
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
	e.progress = kit.NewWrapLabel("")
	e.lastSaved = kit.NewWrapLabel("")
	e.lastSaved.Importance = widget.SuccessImportance
	e.lastSaved.Hide()

	e.form = kit.NewForm(e.saveVisit)
	e.form.SetReload(func() {
		v, err := e.w.DB().Visit(e.w.Context(), e.visit.ID)
		if err != nil {
			kit.ShowError(e.w.Window(), err)
			return
		}
		e.visit = v
		e.fillVisit(v)
	})
	e.unit = kit.NewUnitPicker(parts.UnitSearch(e.w))
	e.unit.OnChanged = func(id, _ string) { e.unitChosen(id) }
	e.planned = widget.NewSelect(nil, func(name string) {
		if e.Filling {
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
	e.day = kit.NewDateEntry()
	e.day.OnDateChanged = func(data.Date) { e.refreshDue() }
	e.clock = widget.NewEntry()
	e.clock.SetPlaceHolder("时:分")
	e.clock.Validator = func(s string) error {
		if _, _, err := kit.ParseClock(s); err != nil {
			return err
		}
		return nil
	}
	e.place = widget.NewEntry()
	e.place.SetPlaceHolder("如：3号窗口、不动产登记大厅")
	e.summary = kit.NewTextArea(4, "现场看到的情况")
	e.inspectors = newCheckGrid(e.people.Labels, e.Edited)

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
		e.noFindings = kit.NewWrapLabel("未发现问题。发现问题时请点击“添加问题”。")
		e.findingsBox = container.NewVBox()
		add := widget.NewButtonWithIcon("添加问题", fynetheme.ContentAddIcon(), func() { e.addFinding() })
		e.form.Add("发现问题", "Findings", container.NewVBox(e.noFindings, e.findingsBox, container.NewHBox(add)), false)
		if !phoneRound(e.round) {
			e.strip = parts.NewPhotoStrip(e.w, "尚未添加照片", e.removePhoto)
			addPhotos := widget.NewButtonWithIcon("添加照片…", fynetheme.MediaPhotoIcon(), e.choosePhotos)
			e.form.Add("现场照片", "Attachments", container.NewVBox(e.strip.Widget(), container.NewHBox(addPhotos)), false)
		}
	}
	if !phoneRound(e.round) {
		e.checkDisc = widget.NewCheck("本次检查了制度公示情况（已公示的打勾）", func(on bool) {
			kit.SetVisible(e.discBox, on)
			e.Edited()
		})
		e.discBox = container.NewGridWithColumns(4)
		for _, item := range data.DisclosureItems {
			c := widget.NewCheck(string(item), func(bool) { e.Edited() })
			e.posted = append(e.posted, c)
			e.discBox.Add(c)
		}
		e.discBox.Hide()
		e.form.Add("制度公示", "Disclosures", container.NewVBox(e.checkDisc, e.discBox), false)
	}

	back := widget.NewButtonWithIcon("返回", fynetheme.NavigateBackIcon(), func() { e.ConfirmLeave(e.onClose) })
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
	left, err := e.w.DB().UnvisitedUnits(e.w.Context(), e.round.ID)
	if err != nil {
		return err
	}
	e.plannedLeft = left
	names := make([]string, len(left))
	for i, u := range left {
		names[i] = u.Name
	}
	e.Filling = true
	e.planned.Options = names
	e.planned.ClearSelected()
	e.Filling = false
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
	e.Filling = true
	e.heading.SetText("登记检查记录 — " + e.round.Title)
	if e.saved == 0 {
		e.day.SetDate(host.Today())
		if e.round.End.Before(host.Today()) && !e.round.End.IsZero() {
			e.day.SetDate(e.round.End) // entering an old round from notes
		}
		e.clock.SetText(data.Now().Format("15:04"))
		e.inspectors.SetSelected(e.people.LabelsOf(append([]string{e.round.LeaderID}, e.round.MemberIDs...)))
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
		e.strip.Set(nil)
	}
	if e.checkDisc != nil {
		e.checkDisc.SetChecked(false)
	}
	e.Filling = false

	var name string
	switch {
	case unitID != "":
		if u, err := e.w.DB().Unit(e.w.Context(), unitID); err == nil {
			name = u.Name
		} else {
			unitID = ""
		}
	case len(e.plannedLeft) > 0:
		unitID, name = e.plannedLeft[0].ID, e.plannedLeft[0].Name
	}
	e.unit.SetUnit(unitID, name)
	e.unitChosen(unitID)
	e.ExtraDirty = false
	e.form.MarkClean()
}

// fillVisit shows a recorded visit for changing.
func (e *visitEntry) fillVisit(v *data.Visit) {
	e.Filling = true
	defer func() { e.Filling = false }()
	e.heading.SetText(fmt.Sprintf("修改检查记录 — %s", v.UnitName))
	e.unit.SetUnit(v.UnitID, v.UnitName)
	e.day.SetDate(data.DateOf(v.VisitedAt))
	e.clock.SetText(v.VisitedAt.In(data.Zone).Format("15:04"))
	e.place.SetText(v.Place)
	e.summary.SetText(v.Summary)
	if e.phone != nil {
		e.phone.SetText(v.PhoneNumber)
		kit.ShowChoice(e.answered, v.Answered)
		e.attitude.SetText(v.Attitude)
	}
	e.inspectors.SetSelected(e.people.LabelsOf(v.InspectorIDs))
	if e.checkDisc != nil {
		e.checkDisc.SetChecked(len(v.Disclosures) > 0)
		for i, item := range data.DisclosureItems {
			e.posted[i].SetChecked(slices.ContainsFunc(v.Disclosures, func(d data.Disclosure) bool { return d.Item == item && d.Posted }))
		}
	}
	if v.FindingCount > 0 {
		e.progress.SetText(fmt.Sprintf("该检查记录有%d个发现问题，被检查单位和检查日期不能修改。", v.FindingCount))
	}
	e.ExtraDirty = false
	e.form.MarkClean()
}

// unitChosen prepares the entry for the unit picked: its checklist as it
// stands, and its hotline for a call.
func (e *visitEntry) unitChosen(id string) {
	if id == "" {
		return
	}
	u, err := e.w.DB().Unit(e.w.Context(), id)
	if err != nil {
		kit.ShowError(e.w.Window(), err)
		return
	}
	e.Filling = true
	defer func() { e.Filling = false }()
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
	if day.After(host.Today()) {
		return nil, nil, data.Invalid("VisitedAt", "检查日期不能晚于今天")
	}
	h, m, err := kit.ParseClock(e.clock.Text)
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
	v.InspectorIDs = e.people.IdsOf(e.inspectors.Selected())
	v.Disclosures = nil
	if e.checkDisc != nil && e.checkDisc.Checked {
		for i, item := range data.DisclosureItems {
			v.Disclosures = append(v.Disclosures, data.Disclosure{Item: item, Posted: e.posted[i].Checked})
		}
	}
	var findings []*data.Finding
	for i, fe := range e.findings {
		f, err := fe.Finding(i, len(e.findings))
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
		if err := e.w.DB().UpdateVisit(e.w.Context(), v); err != nil {
			return err
		}
		e.ExtraDirty = false
		e.onClose()
		return nil
	}
	if err := e.w.DB().RecordVisit(e.w.Context(), v, findings, e.photos); err != nil {
		return err
	}
	e.saved++
	result := "未发现问题"
	if len(findings) > 0 {
		result = fmt.Sprintf("发现问题%d个", len(findings))
	}
	e.lastSaved.SetText(fmt.Sprintf("已保存：%s %s，%s。", v.VisitedAt.In(data.Zone).Format(parts.TimeLayout), v.UnitName, result))
	e.lastSaved.Show()
	if err := e.loadPlan(); err != nil {
		return err
	}
	if !e.next {
		e.ExtraDirty = false
		e.onClose()
		return nil
	}
	e.startNew("")
	e.w.Window().Canvas().Focus(e.summary)
	if len(e.plannedLeft) == 0 && len(e.round.UnitIDs) > 0 {
		dialog.ShowInformation("计划已完成", "本次督查活动计划检查的单位均已登记检查记录。如还检查了计划外单位，请继续选择单位登记。", e.w.Window())
	}
	return nil
}

// saveAndNext saves the visit and starts the next planned unit.
func (e *visitEntry) saveAndNext() {
	e.next = true
	defer func() { e.next = false }()
	e.form.Save()
}

func (e *visitEntry) dirty() bool { return e.form.Dirty() || e.ExtraDirty }

// confirmLeave asks before an unsaved visit is given up.
func (e *visitEntry) ConfirmLeave(leave func()) {
	if !e.dirty() {
		leave()
		return
	}
	d := dialog.NewConfirm("未保存的检查记录", "检查记录尚未保存，确定放弃吗？", func(ok bool) {
		if ok {
			e.ExtraDirty = false
			e.form.MarkClean()
			leave()
		}
	}, e.w.Window())
	d.SetConfirmText("放弃")
	d.SetDismissText("继续登记")
	d.Show()
}

func (e *visitEntry) addFinding() *parts.FindingEditor {
	fe := parts.NewFindingEditor(e.cal, e.rectDefault, e.visitDay, func(fe *parts.FindingEditor) {
		i := slices.Index(e.findings, fe)
		if i < 0 {
			return
		}
		e.findings = slices.Delete(e.findings, i, i+1)
		e.layoutFindings()
	})
	fe.OnEdit = func() { e.ExtraDirty = true }
	e.findings = append(e.findings, fe)
	e.ExtraDirty = true
	e.layoutFindings()
	e.w.Window().Canvas().Focus(fe.Description)
	return fe
}

func (e *visitEntry) layoutFindings() {
	objs := make([]fyne.CanvasObject, len(e.findings))
	for i, fe := range e.findings {
		fe.SetNumber(i + 1)
		objs[i] = fe.Root
	}
	e.findingsBox.Objects = objs
	e.findingsBox.Refresh()
	kit.SetVisible(e.noFindings, len(e.findings) == 0)
}

// refreshDue recomputes the deadlines shown under the findings when the
// day changes.
func (e *visitEntry) refreshDue() {
	for _, fe := range e.findings {
		fe.ShowDue()
	}
}

func (e *visitEntry) choosePhotos() {
	e.picker = parts.PickFiles(e.w.Window(), "添加现场照片", parts.PictureExts, func(files []*data.Attachment) {
		e.photos = append(e.photos, files...)
		e.ExtraDirty = true
		e.strip.Set(e.photos)
	})
}

func (e *visitEntry) removePhoto(i int) {
	if i < 0 || i >= len(e.photos) {
		return
	}
	e.photos = slices.Delete(e.photos, i, i+1)
	e.ExtraDirty = true
	e.strip.Set(e.photos)
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
