// Package field is the 外勤 screen: the exchange between the office ledger
// (主台账) and the field ledgers (外勤台账) on laptops. In the office: 出库
// (rounds written to a package for a laptop), the laptops out with their
// last exchange, and 导入外勤包 with its preview. On a field ledger: 交回
// (the package going back) and the office's refreshed packages, imported
// with the same preview. On both, the conflicts waiting for a person,
// decided field by field.
package field

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// Screen is the 外勤 screen.
type Screen struct {
	w    host.Host
	root *fyne.Container
	tabs *container.AppTabs

	// fc is the checkout this field ledger was made from; nil in an
	// office ledger.
	fc *data.FieldCheckout

	// the office's laptops, or the field ledger's own checkout
	laptopsTab *container.TabItem
	laptops    *kit.Table[*data.FieldCheckout]
	officeBox  fyne.CanvasObject
	fieldBox   fyne.CanvasObject
	fieldInfo  *kit.WrapLabel
	more       *widget.Button
	closeOut   *widget.Button

	conflicts *conflictsView
}

// New builds the 外勤 screen.
func New(w host.Host) *Screen {
	s := &Screen{w: w}
	// a ledger is an office's or a laptop's for good: the words follow
	fc, _, err := w.DB().FieldLedger(w.Context()) // nil in an office ledger
	if err != nil {
		fyne.LogError("reading the field ledger's checkout", err)
	}
	s.fc = fc
	s.laptops = kit.NewTable(laptopColumns(), nil, nil)
	s.laptops.OnSelected = func(*data.FieldCheckout) { s.updateButtons() }
	s.laptops.Remember("field.laptops")
	out := widget.NewButtonWithIcon("出库…", fynetheme.UploadIcon(), s.checkOut)
	out.Importance = widget.HighImportance
	s.more = widget.NewButtonWithIcon("给所选笔记本写补充包…", fynetheme.MailForwardIcon(), s.refreshSelected)
	s.closeOut = widget.NewButtonWithIcon("结束所选笔记本的出库…", fynetheme.ConfirmIcon(), s.closeSelected)
	in := widget.NewButtonWithIcon("导入外勤包…", fynetheme.DownloadIcon(), s.importPackage)
	s.officeBox = container.NewBorder(container.NewVBox(
		kit.NewWrapLabel("出库：选督查活动或单位，给外勤笔记本写一个加密的外勤包（存到U盘），笔记本用它新建外勤台账，离线工作。"+
			"交回的包在这里导入：先预览新增、修改和冲突，确认后才写入；导入前自动备份台账。"),
		kit.NewFlow(out, in, s.more, s.closeOut)), nil, nil, nil, s.laptops.Widget())

	s.fieldInfo = kit.NewWrapLabel("")
	back := widget.NewButtonWithIcon("交回…", fynetheme.UploadIcon(), s.writeBack)
	back.Importance = widget.HighImportance
	fieldIn := widget.NewButtonWithIcon("导入主台账的补充包…", fynetheme.DownloadIcon(), s.importPackage)
	s.fieldBox = container.NewVBox(s.fieldInfo,
		kit.NewWrapLabel("交回：写出本外勤台账自上次交换以来的全部内容（加密的外勤包），带回办公室在主台账导入。"+
			"包是累积的：丢了一个包，再交回一次即可；同一个包导入两次不会重复。"),
		kit.NewFlow(back, fieldIn))

	s.conflicts = newConflictsView(s)
	s.laptopsTab = container.NewTabItem("外勤笔记本", container.NewStack(s.officeBox, s.fieldBox))
	s.tabs = container.NewAppTabs(s.laptopsTab, s.conflicts.tab)
	s.root = container.NewStack(s.tabs)
	return s
}

func (s *Screen) View() fyne.CanvasObject { return s.root }

// Shown reads the checkouts and the conflicts again.
func (s *Screen) Shown() { s.reload() }

// reload shows the ledger as it is now.
func (s *Screen) reload() {
	ctx := s.w.Context()
	fc, _, err := s.w.DB().FieldLedger(ctx) // nil in an office ledger
	if err != nil {
		kit.ShowError(s.w.Window(), err)
		return
	}
	s.fc = fc
	kit.SetVisible(s.officeBox, fc == nil)
	kit.SetVisible(s.fieldBox, fc != nil)
	if fc != nil {
		s.laptopsTab.Text = "本外勤台账"
		s.fieldInfo.SetText(fieldLedgerText(fc))
	} else {
		s.laptopsTab.Text = "外勤笔记本"
		list, err := s.w.DB().FieldCheckouts(ctx)
		if err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
		s.laptops.SetRows(list)
	}
	s.conflicts.reload()
	s.tabs.Refresh()
	s.updateButtons()
}

// changed follows a package written or imported: the lists and the
// shell's banner show the exchange.
func (s *Screen) changed() {
	s.reload()
	s.w.ExchangeChanged()
}

func (s *Screen) updateButtons() {
	c, ok := s.laptops.Selected()
	kit.SetEnabled(s.more, ok && !c.Closed)
	kit.SetEnabled(s.closeOut, ok && !c.Closed)
}

// ShowConflicts selects the conflicts' tab.
func (s *Screen) ShowConflicts() { s.tabs.Select(s.conflicts.tab) }

func laptopColumns() []kit.Column[*data.FieldCheckout] {
	return []kit.Column[*data.FieldCheckout]{
		{Title: "外勤笔记本", Width: 130, Text: func(c *data.FieldCheckout) string { return c.Laptop }},
		{Title: "督查活动", Width: 220, Grow: true, Shrink: true, Text: func(c *data.FieldCheckout) string { return roundTitles(c.Rounds) }},
		{Title: "出库时间", Width: 130, Text: func(c *data.FieldCheckout) string { return timeText(c.CreatedAt) }},
		{Title: "出库人", Width: 80, Text: func(c *data.FieldCheckout) string { return c.CreatedBy }},
		{Title: "最近交换", Width: 230, Text: lastExchange},
		{Title: "已写出", Width: 70, Align: fyne.TextAlignTrailing, Text: func(c *data.FieldCheckout) string { return fmt.Sprintf("%d个包", c.Sent) }},
		{Title: "已导入", Width: 70, Align: fyne.TextAlignTrailing, Text: func(c *data.FieldCheckout) string { return fmt.Sprintf("%d个包", c.Received) }},
		{Title: "待处理冲突", Width: 90, Align: fyne.TextAlignTrailing, Text: func(c *data.FieldCheckout) string { return fmt.Sprint(c.Conflicts) }},
		{Title: "状态", Width: 70, Text: func(c *data.FieldCheckout) string {
			if c.Closed {
				return "已结束"
			}
			return "在外"
		}},
	}
}

// FieldLedgerText says which office and rounds a field ledger belongs to
// and when it last exchanged: the shell's banner and this screen say it
// alike.
func FieldLedgerText(fc *data.FieldCheckout) string {
	return fmt.Sprintf("外勤台账：主台账“%s”的%s，督查活动：%s；最近交换：%s。", fc.OfficeName, fc.Laptop, roundTitles(fc.Rounds), lastExchange(fc))
}

func fieldLedgerText(fc *data.FieldCheckout) string {
	text := FieldLedgerText(fc)
	if fc.Sent == 0 {
		return text + "\n尚未交回过。"
	}
	return text + fmt.Sprintf("\n已交回%d次。", fc.Sent)
}

func lastExchange(c *data.FieldCheckout) string {
	if c.LastExchange.IsZero() {
		return "尚无"
	}
	return timeText(c.LastExchange) + " " + c.LastPackage
}

func timeText(t time.Time) string { return t.In(data.Zone).Format("2006-01-02 15:04") }

func roundTitles(rs []data.FieldRound) string {
	titles := make([]string, len(rs))
	for i, r := range rs {
		titles[i] = r.Title
	}
	return strings.Join(titles, "、")
}
