package tasks

import (
	"fmt"
	"slices"
	"strings"
	"xiaoneng/app/parts"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// unitList is the 责任单位 of the form: units added by name or pinyin
// initials, each with a button to take it off.
type unitList struct {
	w       host.Host
	units   []*data.Unit
	rows    *fyne.Container
	picker  *kit.UnitPicker
	box     *fyne.Container
	enabled bool
	changed func()
}

func newUnitList(w host.Host, changed func()) *unitList {
	l := &unitList{w: w, rows: container.NewVBox(), enabled: true, changed: changed}
	l.picker = kit.NewUnitPicker(parts.UnitSearch(w))
	l.picker.PlaceHolder = "输入名称或拼音首字母添加责任单位"
	l.picker.OnChanged = func(id, name string) {
		if id == "" {
			return
		}
		if !slices.ContainsFunc(l.units, func(u *data.Unit) bool { return u.ID == id }) {
			l.units = append(l.units, &data.Unit{Record: data.Record{ID: id}, Name: name})
			l.refresh()
			l.changed()
		}
		l.picker.SetUnit("", "")
	}
	l.box = container.NewVBox(l.rows, l.picker)
	return l
}

func (l *unitList) set(units []*data.Unit) {
	l.units = units
	l.refresh()
}

func (l *unitList) ids() []string {
	out := make([]string, len(l.units))
	for i, u := range l.units {
		out[i] = u.ID
	}
	return out
}

func (l *unitList) setEnabled(on bool) {
	l.enabled = on
	kit.SetVisible(l.picker, on)
	l.refresh()
}

func (l *unitList) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(l.units))
	for _, u := range l.units {
		name := widget.NewLabel(u.Name)
		if !l.enabled {
			objs = append(objs, name)
			continue
		}
		id := u.ID
		rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
			l.units = slices.DeleteFunc(l.units, func(x *data.Unit) bool { return x.ID == id })
			l.refresh()
			l.changed()
		})
		rm.Importance = widget.LowImportance
		objs = append(objs, container.NewBorder(nil, nil, nil, rm, name))
	}
	if len(objs) == 0 && !l.enabled {
		objs = append(objs, kit.NewWrapLabel("无"))
	}
	l.rows.Objects = objs
	l.rows.Refresh()
	l.box.Refresh()
}

// milestoneList edits a task's milestones: what is to be done by when, in
// date order.
type milestoneList struct {
	rows    []*milestoneRow
	list    *fyne.Container
	add     *widget.Button
	bar     *fyne.Container // 添加节点 and its hint
	none    *widget.Label   // 无, for a task handed over without milestones
	box     *fyne.Container
	enabled bool
	changed func()
}

type milestoneRow struct {
	m     data.Milestone // the stored milestone (its ID and completion)
	title *widget.Entry
	due   *kit.DateEntry
}

func newMilestoneList(changed func()) *milestoneList {
	l := &milestoneList{list: container.NewVBox(), enabled: true, changed: changed}
	l.add = widget.NewButtonWithIcon("添加节点", fynetheme.ContentAddIcon(), func() {
		l.rows = append(l.rows, l.newRow(data.Milestone{}))
		l.refresh()
		l.changed()
	})
	hint := widget.NewLabel("不分节点的，填写办结期限即可")
	hint.Importance = widget.LowImportance
	l.bar = container.NewHBox(l.add, hint)
	l.none = widget.NewLabel("无")
	l.box = container.NewVBox(l.list, l.bar, l.none)
	return l
}

func (l *milestoneList) newRow(m data.Milestone) *milestoneRow {
	r := &milestoneRow{m: m, title: widget.NewEntry(), due: kit.NewDateEntry()}
	r.title.SetText(m.Title)
	r.title.SetPlaceHolder("节点内容")
	r.due.SetDate(m.Due)
	r.title.OnChanged = func(string) { l.changed() }
	r.due.OnDateChanged = func(data.Date) { l.changed() }
	return r
}

func (l *milestoneList) set(ms []data.Milestone) {
	l.rows = nil
	for _, m := range ms {
		l.rows = append(l.rows, l.newRow(m))
	}
	l.refresh()
}

func (l *milestoneList) setEnabled(on bool) {
	l.enabled = on
	kit.SetVisible(l.bar, on)
	l.refresh()
}

func (l *milestoneList) refresh() {
	objs := make([]fyne.CanvasObject, 0, len(l.rows))
	for i, r := range l.rows {
		kit.SetEnabled(r.title, l.enabled)
		kit.SetEnabled(r.due, l.enabled)
		var tail fyne.CanvasObject = r.due
		if l.enabled {
			row := r
			rm := widget.NewButtonWithIcon("", fynetheme.ContentRemoveIcon(), func() {
				l.rows = slices.DeleteFunc(l.rows, func(x *milestoneRow) bool { return x == row })
				l.refresh()
				l.changed()
			})
			rm.Importance = widget.LowImportance
			tail = container.NewHBox(tail, rm)
		}
		objs = append(objs, container.NewBorder(nil, nil, widget.NewLabel(fmt.Sprintf("%d.", i+1)), tail, r.title))
	}
	l.list.Objects = objs
	l.list.Refresh()
	kit.SetVisible(l.none, !l.enabled && len(l.rows) == 0)
	l.box.Refresh()
}

// read returns the milestones as entered; a date that does not parse is
// named with its row.
func (l *milestoneList) read() ([]data.Milestone, error) {
	out := make([]data.Milestone, 0, len(l.rows))
	for i, r := range l.rows {
		due, err := r.due.Date()
		if err != nil {
			return nil, data.Invalid("Milestones", fmt.Sprintf("第%d个节点的期限：%s", i+1, err.Error()))
		}
		m := r.m
		m.Title, m.Due = strings.TrimSpace(r.title.Text), due
		out = append(out, m)
	}
	return out, nil
}

// The steps.
