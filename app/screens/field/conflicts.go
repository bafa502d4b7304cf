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
	title, raised        *kit.WrapLabel
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
	v.table.OnSelected = v.show
	v.title = kit.NewWrapLabel("")
	v.title.TextStyle.Bold = true
	v.raised = kit.NewWrapLabel("")
	v.localHead, v.otherHead = widget.NewLabel(""), widget.NewLabel("")
	v.localHead.TextStyle.Bold, v.otherHead.TextStyle.Bold = true, true
	v.local, v.other = kit.NewWrapLabel(""), kit.NewWrapLabel("")
	v.local.MaxLines, v.other.MaxLines = 8, 8
	v.keepLocal = widget.NewButtonWithIcon("", fynetheme.ConfirmIcon(), func() { v.decide(data.KeepLocal, "") })
	v.takeOther = widget.NewButtonWithIcon("", fynetheme.ContentRedoIcon(), func() { v.decide(data.TakeIncoming, "") })
	v.edit = kit.NewTextArea(2, "另一个值")
	editBtn := widget.NewButtonWithIcon("改为此值", fynetheme.DocumentCreateIcon(), func() { v.decide(data.EditValue, v.edit.Text) })
	v.editRow = container.NewBorder(widget.NewLabel("或改为另一个值："), nil, nil, editBtn, v.edit)
	// the two values side by side, each with the button that keeps it
	side := func(head *widget.Label, value *kit.WrapLabel, b *widget.Button) fyne.CanvasObject {
		return container.NewBorder(head, container.NewHBox(b), nil, nil, value)
	}
	v.detail = container.NewVBox(v.title, v.raised, widget.NewSeparator(),
		container.NewGridWithColumns(2, side(v.localHead, v.local, v.keepLocal), side(v.otherHead, v.other, v.takeOther)),
		widget.NewSeparator(), v.editRow)
	v.none = kit.NewWrapLabel("没有待处理的冲突。")
	v.detail.Hide()
	right := container.NewVScroll(container.NewVBox(v.none, v.detail))
	split := container.NewHSplit(v.table.Widget(), right)
	split.Offset = 0.52
	intro := kit.NewWrapLabel("两边改了同一记录的同一项、值不同：逐项决定保留哪一个（或改为另一个值）。决定前台账保留本台账的值；两个值都留在记录的修改历史中，决定随下一个包带给对方，不会再次冲突。")
	v.tab = container.NewTabItem("待处理冲突", container.NewBorder(intro, nil, nil, nil, split))
	return v
}

func (v *conflictsView) columns() []kit.Column[data.FieldConflict] {
	here, there := v.sides()
	return []kit.Column[data.FieldConflict]{
		{Title: "记录", Width: 190, Grow: true, Shrink: true, Text: func(c data.FieldConflict) string { return c.TableLabel + " " + c.Title }},
		{Title: "项目", Width: 130, Shrink: true, Text: func(c data.FieldConflict) string { return c.FieldLabel }},
		{Title: here, Width: 90, Shrink: true, Text: func(c data.FieldConflict) string { return c.Local }},
		{Title: there, Width: 90, Shrink: true, Text: func(c data.FieldConflict) string { return c.Incoming }},
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
		// the first is shown without selecting its row: selecting scrolls
		// the table, which blanks one not laid out yet (a tab not shown)
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
	v.raised.SetText(fmt.Sprintf("%s导入%s时发现。", timeText(c.RaisedAt), c.Package))
	v.localHead.SetText(here + "的值")
	v.local.SetText(orNone(c.Local))
	v.otherHead.SetText(there + "的值" + incomingWho(c))
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
