package app

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// The column sets of the record lists that several screens show: the
// 工作台's lists behind its figures and the unit's history tabs.

const timeLayout = "2006-01-02 15:04"

// alertText says how near a ticket is to its deadline: the 办理期限 of a
// ticket being handled, the 受理期限 of one not yet accepted.
func alertText(a data.Alert) string {
	switch {
	case a.Level == data.AlertOverdue && a.Accept:
		return fmt.Sprintf("受理超期%d个工作日", a.OverdueWorkdays)
	case a.Level == data.AlertDueSoon && a.Accept:
		return "今日须决定是否受理"
	case a.Level == data.AlertOverdue:
		return fmt.Sprintf("已超期%d个工作日", a.OverdueWorkdays)
	case a.Level == data.AlertDueSoon:
		if a.WorkdaysLeft == 0 {
			return "今日到期"
		}
		return fmt.Sprintf("剩%d个工作日", a.WorkdaysLeft)
	}
	return ""
}

// alertTone colours a row by its alert: red past the deadline, amber near
// it (as the 工作台's figures are).
func alertTone(a data.Alert) widget.Importance {
	switch a.Level {
	case data.AlertOverdue:
		return widget.DangerImportance
	case data.AlertDueSoon:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// complaintColumns lists tickets without the complainant, who is
// confidential; alert gives the 提醒 column (see alertText). Where the
// ticket stands and its alert come first, so that a narrow window still
// shows them; the 事由 takes the spare width.
func complaintColumns(alert func(*data.Complaint) string) []kit.Column[*data.Complaint] {
	return []kit.Column[*data.Complaint]{
		{Title: "编号", Width: 110, Text: func(c *data.Complaint) string { return c.Number }},
		{Title: "收件日期", Width: 96, Text: func(c *data.Complaint) string { return data.DateOf(c.ReceivedAt).String() }},
		{Title: "状态", Width: 70, Text: func(c *data.Complaint) string { return string(c.Status) }},
		{Title: "提醒", Width: 160, Text: alert},
		{Title: "被投诉单位", Width: 170, Grow: true, Shrink: true, Text: func(c *data.Complaint) string { return c.UnitName }},
		{Title: "事由", Width: 260, Grow: true, Text: func(c *data.Complaint) string { return c.Subject }},
		{Title: "类别", Width: 100, Text: func(c *data.Complaint) string { return string(c.Category) }},
		{Title: "渠道", Width: 86, Text: func(c *data.Complaint) string { return string(c.Channel) }},
		{Title: "承办单位", Width: 150, Grow: true, Shrink: true, Text: func(c *data.Complaint) string { return c.HandlerUnitName }},
		{Title: "办理期限", Width: 96, Text: func(c *data.Complaint) string { return c.DueDate.String() }},
	}
}

func findingColumns() []kit.Column[*data.Finding] {
	return []kit.Column[*data.Finding]{
		{Title: "发现日期", Width: 100, Text: func(f *data.Finding) string { return f.FoundOn.String() }},
		{Title: "单位", Width: 170, Text: func(f *data.Finding) string { return f.UnitName }},
		{Title: "类别", Width: 110, Text: func(f *data.Finding) string { return string(f.Category) }},
		{Title: "问题描述", Width: 280, Grow: true, Text: func(f *data.Finding) string { return f.Description }},
		{Title: "处理方式", Width: 150, Text: func(f *data.Finding) string { return string(f.Disposition) }},
		{Title: "整改状态", Width: 90, Text: func(f *data.Finding) string { return string(f.RectStatus) }},
		{Title: "整改期限", Width: 100, Text: func(f *data.Finding) string { return f.RectDue.String() }},
	}
}

func visitColumns() []kit.Column[*data.Visit] {
	return []kit.Column[*data.Visit]{
		{Title: "检查时间", Width: 130, Text: func(v *data.Visit) string { return v.VisitedAt.In(data.Zone).Format(timeLayout) }},
		{Title: "被检查单位", Width: 170, Text: func(v *data.Visit) string { return v.UnitName }},
		{Title: "地点", Width: 110, Text: func(v *data.Visit) string { return v.Place }},
		{Title: "检查情况", Width: 240, Grow: true, Shrink: true, Text: func(v *data.Visit) string { return v.Summary }},
		{Title: "发现问题", Width: 80, Align: fyne.TextAlignTrailing, Text: func(v *data.Visit) string {
			if v.FindingCount == 0 {
				return "未发现问题"
			}
			return strconv.Itoa(v.FindingCount) + "个"
		}},
	}
}

func documentColumns() []kit.Column[*data.Document] {
	return []kit.Column[*data.Document]{
		{Title: "文号", Width: 160, Text: func(d *data.Document) string { return d.Number }},
		{Title: "种类", Width: 120, Text: func(d *data.Document) string { return string(d.Kind) }},
		{Title: "标题", Width: 280, Grow: true, Text: func(d *data.Document) string { return d.Title }},
		{Title: "主送", Width: 160, Text: func(d *data.Document) string { return d.Recipient }},
		{Title: "状态", Width: 80, Text: func(d *data.Document) string { return string(d.Status) }},
		{Title: "成文日期", Width: 100, Text: func(d *data.Document) string { return d.SignedOn.String() }},
		{Title: "回复期限", Width: 100, Text: func(d *data.Document) string { return d.ReplyDue.String() }},
	}
}

func actionColumns() []kit.Column[*data.Action] {
	return []kit.Column[*data.Action]{
		{Title: "决定日期", Width: 100, Text: func(a *data.Action) string { return a.DecidedOn.String() }},
		{Title: "追究对象", Width: 170, Text: func(a *data.Action) string {
			if a.TargetKind == data.TargetPerson {
				return a.PersonName + "（" + a.UnitName + "）"
			}
			return a.UnitName
		}},
		{Title: "追究方式", Width: 110, Text: func(a *data.Action) string { return string(a.Measure) }},
		{Title: "事由", Width: 280, Grow: true, Shrink: true, Text: func(a *data.Action) string { return a.Reason }},
		{Title: "决定机关", Width: 150, Text: func(a *data.Action) string { return a.DecidedBy }},
		{Title: "文号", Width: 160, Text: func(a *data.Action) string { return a.DocNumber }},
	}
}
