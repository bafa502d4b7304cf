package field

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// conflictsView is 待处理冲突: every conflict held for a person, field by
// field, this ledger's value beside the other side's; a decision (keep
// this one, take the other, or type a third) goes through the store as
// the command line's does, and the conflict leaves the list.
type conflictsView struct {
	s     *Screen
	tab   *container.TabItem
	table *kit.Table[data.FieldConflict]
	list  []data.FieldConflict

	none                 *kit.WrapLabel
	detail               *fyne.Container
	title                *kit.WrapLabel
	localHead, otherHead *widget.Label
	local, other         *kit.WrapLabel
	keepLocal, takeOther *widget.Button
	edit                 *kit.TextArea
	editRow              *fyne.Container
	current              data.FieldConflict
}

func newConflictsView(s *Screen) *conflictsView {
	v := &conflictsView{s: s}
	v.table = kit.NewTable(v.columns(), nil, nil)
	v.table.Remember("field.conflicts")
	v.table.OnSelected = v.show
	v.title = kit.NewWrapLabel("")
	v.title.TextStyle.Bold = true
	v.localHead, v.otherHead = widget.NewLabel(""), widget.NewLabel("")
	v.localHead.TextStyle.Bold, v.otherHead.TextStyle.Bold = true, true
	v.local, v.other = kit.NewWrapLabel(""), kit.NewWrapLabel("")
	v.local.MaxLines, v.other.MaxLines = 6, 6
	v.keepLocal = widget.NewButtonWithIcon("", fynetheme.ConfirmIcon(), func() { v.decide(data.KeepLocal, "") })
	v.takeOther = widget.NewButtonWithIcon("", fynetheme.ContentRedoIcon(), func() { v.decide(data.TakeIncoming, "") })
	v.edit = kit.NewTextArea(2, "另一个值")
	editBtn := widget.NewButtonWithIcon("改为此值", fynetheme.DocumentCreateIcon(), func() { v.decide(data.EditValue, v.edit.Text) })
	v.editRow = container.NewBorder(widget.NewLabel("或改为另一个值："), nil, nil, editBtn, v.edit)
	v.detail = container.NewVBox(v.title, widget.NewSeparator(),
		v.localHead, v.local, v.otherHead, v.other,
		kit.NewFlow(v.keepLocal, v.takeOther), v.editRow)
	v.none = kit.NewWrapLabel("没有待处理的冲突。")
	v.detail.Hide()
	right := container.NewVScroll(container.NewVBox(v.none, v.detail))
	split := container.NewHSplit(v.table.Widget(), right)
	split.Offset = 0.55
	intro := kit.NewWrapLabel("两边改了同一记录的同一项、值不同：逐项决定保留哪一个（或改为另一个值）。决定前台账保留本台账的值；两个值都留在记录的修改历史中，决定随下一个包带给对方，不会再次冲突。")
	v.tab = container.NewTabItem("待处理冲突", container.NewBorder(intro, nil, nil, nil, split))
	return v
}

func (v *conflictsView) columns() []kit.Column[data.FieldConflict] {
	return []kit.Column[data.FieldConflict]{
		{Title: "类别", Width: 90, Text: func(c data.FieldConflict) string { return c.TableLabel }},
		{Title: "记录", Width: 200, Grow: true, Shrink: true, Text: func(c data.FieldConflict) string { return c.Title }},
		{Title: "项目", Width: 90, Text: func(c data.FieldConflict) string { return c.FieldLabel }},
		{Title: "本台账的值", Width: 150, Shrink: true, Text: func(c data.FieldConflict) string { return c.Local }},
		{Title: "对方的值", Width: 150, Shrink: true, Text: func(c data.FieldConflict) string { return c.Incoming }},
		{Title: "发现时间", Width: 130, Text: func(c data.FieldConflict) string { return timeText(c.RaisedAt) }},
	}
}

// sides names this ledger and the other side as the user knows them.
func (v *conflictsView) sides() (here, there string) {
	if v.s.fc != nil {
		return "本外勤台账", "主台账"
	}
	return "主台账", "外勤"
}

// reload lists the conflicts waiting; the tab's title counts them.
func (v *conflictsView) reload() {
	list, err := v.s.w.DB().Conflicts(v.s.w.Context())
	if err != nil {
		kit.ShowError(v.s.w.Window(), err)
		return
	}
	v.list = list
	v.table.SetRows(list)
	v.tab.Text = "待处理冲突"
	if len(list) > 0 {
		v.tab.Text = fmt.Sprintf("待处理冲突（%d）", len(list))
	}
	if c, ok := v.table.Selected(); ok {
		v.show(c)
		return
	}
	if len(list) > 0 {
		v.table.Select(list[0])
		v.show(list[0])
		return
	}
	v.detail.Hide()
	v.none.Show()
}

// show puts a conflict in the pane beside the list.
func (v *conflictsView) show(c data.FieldConflict) {
	v.current = c
	here, there := v.sides()
	v.title.SetText(fmt.Sprintf("%s  %s：%s", c.TableLabel, c.Title, c.FieldLabel))
	v.localHead.SetText(here + "的值：")
	v.local.SetText(orNone(c.Local))
	v.otherHead.SetText(there + "的值" + incomingWho(c) + "：")
	v.other.SetText(orNone(c.Incoming))
	v.keepLocal.SetText("保留" + here + "的值")
	v.takeOther.SetText("采用" + there + "的值")
	v.edit.SetText(c.Incoming)
	kit.SetVisible(v.editRow, c.Editable)
	v.none.Hide()
	v.detail.Show()
}

func orNone(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}

// decide records the decision of the conflict shown.
func (v *conflictsView) decide(choice data.ConflictChoice, value string) {
	if v.current.ID == "" {
		return
	}
	if err := v.s.w.DB().DecideConflict(v.s.w.Context(), v.current.ID, choice, value); err != nil {
		kit.ShowError(v.s.w.Window(), err)
		return
	}
	v.current = data.FieldConflict{}
	v.s.reload()
}
