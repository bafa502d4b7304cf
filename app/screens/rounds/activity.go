package rounds

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data"
)

// activityPanel is the 公务活动登记 of the monitoring-point enterprises:
// the enterprises with how often officials came, the selected one's log,
// and the form of an entry.
type activityPanel struct {
	w    host.Host
	root fyne.CanvasObject

	units  *kit.Table[*data.Unit]
	counts map[string]int
	latest map[string]data.Date

	unit    *data.Unit        // the enterprise shown
	log     *data.ActivityLog // in the form; nil while a new one is entered
	logs    *kit.Table[*data.ActivityLog]
	heading *widget.Label
	detail  fyne.CanvasObject
	none    *widget.Label

	form     *kit.Form
	on       *kit.DateEntry
	agency   *widget.Entry
	officers *widget.Entry
	purpose  *widget.Select
	basis    *widget.Entry
	filled   *widget.Check
	note     *kit.TextArea
	remove   *widget.Button
}

func newActivityPanel(w host.Host) *activityPanel {
	p := &activityPanel{w: w, counts: map[string]int{}, latest: map[string]data.Date{}}
	p.units = kit.NewTable([]kit.Column[*data.Unit]{
		{Title: "监测点企业", Width: 200, Grow: true, Text: func(u *data.Unit) string { return u.Name }},
		{Title: "登记次数", Width: 80, Align: fyne.TextAlignTrailing, Text: func(u *data.Unit) string { return fmt.Sprintf("%d次", p.counts[u.ID]) }},
		{Title: "最近一次", Width: 100, Text: func(u *data.Unit) string { return p.latest[u.ID].String() }},
	}, parts.MatchUnit, nil)
	p.units.OnSelected = func(u *data.Unit) {
		if p.unit != nil && p.unit.ID == u.ID {
			return
		}
		p.form.ConfirmLeave(w.Window(), func() { p.show(u) })
	}

	p.logs = kit.NewTable([]kit.Column[*data.ActivityLog]{
		{Title: "日期", Width: 100, Text: func(a *data.ActivityLog) string { return a.On.String() }},
		{Title: "执法检查机关", Width: 160, Text: func(a *data.ActivityLog) string { return a.Agency }},
		{Title: "执法人员", Width: 120, Text: func(a *data.ActivityLog) string { return a.Officers }},
		{Title: "事由", Width: 80, Text: func(a *data.ActivityLog) string { return string(a.Purpose) }},
		{Title: "执法依据", Width: 180, Grow: true, Shrink: true, Text: func(a *data.ActivityLog) string { return a.Basis }},
		{Title: "登记表", Width: 70, Text: func(a *data.ActivityLog) string {
			if a.FormFilled {
				return "已填写"
			}
			return "未填写"
		}},
		{Title: "企业投诉", Width: 80, Text: func(a *data.ActivityLog) string {
			if a.ComplaintID != "" {
				return "已投诉"
			}
			return ""
		}},
	}, nil, nil)
	p.logs.OnSelected = func(a *data.ActivityLog) {
		if p.log != nil && p.log.ID == a.ID {
			return
		}
		p.form.ConfirmLeave(w.Window(), func() { p.fill(a) })
	}

	p.form = kit.NewForm(p.saveLog)
	p.form.SetReload(func() {
		id := p.log.ID
		if err := p.reload(); err != nil {
			kit.ShowError(w.Window(), err)
			return
		}
		logs, err := p.w.DB().ActivityLogs(p.w.Context(), p.unit.ID, data.Date{}, data.Date{})
		if err != nil {
			kit.ShowError(w.Window(), err)
			return
		}
		for _, a := range logs {
			if a.ID == id {
				p.fill(a)
				return
			}
		}
		p.fill(nil)
	})
	p.on = kit.NewDateEntry()
	p.agency, p.officers, p.basis = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	p.agency.SetPlaceHolder("如：县市场监督管理局")
	p.officers.SetPlaceHolder("执法人员姓名、证件号")
	p.basis.SetPlaceHolder("所依据的法律法规或文件")
	p.purpose = widget.NewSelect(kit.ChoiceLabels(data.ActivityPurposes), nil)
	p.purpose.PlaceHolder = "请选择"
	p.filled = widget.NewCheck("已填写公务活动登记表", nil)
	p.note = kit.NewTextArea(2, "")
	p.form.Add("日期", "On", p.on, true)
	p.form.Add("执法检查机关", "Agency", p.agency, true)
	p.form.Add("执法人员", "Officers", p.officers, false)
	p.form.Add("事由类别", "Purpose", p.purpose, true)
	p.form.Add("执法依据", "Basis", p.basis, false)
	p.form.Add("登记表", "FormFilled", p.filled, false)
	p.form.Add("备注", "Note", p.note, false)
	p.remove = widget.NewButtonWithIcon("删除", fynetheme.DeleteIcon(), p.deleteLog)
	p.remove.Importance = widget.DangerImportance
	p.form.AddButton(p.remove)

	p.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("新增登记", fynetheme.ContentAddIcon(), func() {
		p.form.ConfirmLeave(w.Window(), func() {
			p.fill(nil)
			w.Window().Canvas().Focus(p.agency)
		})
	})
	hint := kit.NewWrapLabel("政府部门进入监测点企业检查、评比、执收执罚的，应填写公务活动登记表。企业对其中不作为、慢作为、乱作为的投诉，3个工作日内答复。")
	top := container.NewVBox(container.NewBorder(nil, nil, nil, add, p.heading), hint)
	split := container.NewVSplit(p.logs.Widget(), p.form.Widget())
	split.Offset = 0.45
	p.detail = container.NewBorder(top, nil, nil, nil, split)
	p.detail.Hide()
	p.none = kit.HintLabel("请在左侧选择一个监测点企业。")
	right := container.NewStack(container.NewCenter(p.none), p.detail)
	outer := container.NewHSplit(p.units.Widget(), right)
	outer.Offset = 0.33
	p.root = outer
	p.fill(nil)
	return p
}

// shown reloads the enterprises and the log shown.
func (p *activityPanel) Shown() {
	if err := p.reload(); err != nil {
		kit.ShowError(p.w.Window(), err)
	}
}

func (p *activityPanel) reload() error {
	units, err := p.w.DB().Units(p.w.Context(), data.UnitFilter{Category: data.UnitMonitored})
	if err != nil {
		return err
	}
	logs, err := p.w.DB().ActivityLogs(p.w.Context(), "", data.Date{}, data.Date{})
	if err != nil {
		return err
	}
	counts, latest := map[string]int{}, map[string]data.Date{}
	var mine []*data.ActivityLog
	for _, a := range logs {
		counts[a.UnitID]++
		if a.On.After(latest[a.UnitID]) {
			latest[a.UnitID] = a.On
		}
		if p.unit != nil && a.UnitID == p.unit.ID {
			mine = append(mine, a)
		}
	}
	p.counts, p.latest = counts, latest
	p.units.SetRows(units)
	if p.unit != nil {
		p.logs.SetRows(mine)
		p.heading.SetText(fmt.Sprintf("%s（登记%d次）", p.unit.Name, len(mine)))
	}
	return nil
}

// show selects enterprise u: its log, and the form for a new entry.
func (p *activityPanel) show(u *data.Unit) {
	p.unit = u
	p.none.Hide()
	p.detail.Show()
	p.fill(nil)
	if err := p.reload(); err != nil {
		kit.ShowError(p.w.Window(), err)
	}
}

// fill shows a in the form; nil starts a new entry dated today.
func (p *activityPanel) fill(a *data.ActivityLog) {
	p.log = a
	if a == nil {
		a = &data.ActivityLog{On: host.Today()}
	}
	p.on.SetDate(a.On)
	p.agency.SetText(a.Agency)
	p.officers.SetText(a.Officers)
	kit.ShowChoice(p.purpose, a.Purpose)
	p.basis.SetText(a.Basis)
	p.filled.SetChecked(a.FormFilled)
	p.note.SetText(a.Note)
	kit.SetVisible(p.remove, p.log != nil)
	p.form.MarkClean()
}

func (p *activityPanel) saveLog() error {
	if p.unit == nil {
		return data.Invalid("UnitID", "请先在左侧选择监测点企业")
	}
	a := &data.ActivityLog{}
	if p.log != nil {
		cp := *p.log
		a = &cp
	}
	a.UnitID = p.unit.ID
	var err error
	if a.On, err = p.on.Date(); err != nil {
		return data.Invalid("On", err.Error())
	}
	if a.On.After(host.Today()) {
		return data.Invalid("On", "日期不能晚于今天")
	}
	a.Agency = strings.TrimSpace(p.agency.Text)
	a.Officers = strings.TrimSpace(p.officers.Text)
	a.Purpose = data.ActivityPurpose(p.purpose.Selected)
	a.Basis = strings.TrimSpace(p.basis.Text)
	a.FormFilled = p.filled.Checked
	a.Note = strings.TrimSpace(p.note.Text)
	if err := kit.CreateOrUpdate(p.w.Context(), p.log == nil, a, p.w.DB().CreateActivityLog, p.w.DB().UpdateActivityLog); err != nil {
		return err
	}
	if err := p.reload(); err != nil {
		return err
	}
	p.fill(a)
	return nil
}

func (p *activityPanel) deleteLog() {
	a := p.log
	msg := fmt.Sprintf("确定删除%s“%s”的这条登记吗？删除仅用于误录入的登记。", a.On, a.Agency)
	kit.ConfirmDelete(p.w.Window(), "删除公务活动登记", msg, func() error {
		return p.w.DB().DeleteActivityLog(p.w.Context(), a.ID)
	}, func() error {
		p.fill(nil)
		return p.reload()
	})
}
