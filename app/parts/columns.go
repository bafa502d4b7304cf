package parts

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// The column sets of the record lists that several screens show: the
// 工作台's lists behind its figures and the unit's history tabs.

const TimeLayout = "2006-01-02 15:04"

// AlertText says how near a complaint is to its deadline: the 办理期限 of a
// complaint being handled, the 受理期限 of one not yet accepted.
func AlertText(a data.Alert) string {
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

// AlertTone colours a row by its alert: red past the deadline, amber near
// it (as the 工作台's figures are).
func AlertTone(a data.Alert) widget.Importance {
	switch a.Level {
	case data.AlertOverdue:
		return widget.DangerImportance
	case data.AlertDueSoon:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// ComplaintColumns lists complaints without the complainant, who is
// confidential; alert gives the 提醒 column (see AlertText). Where the
// complaint stands and its alert come first, so that a narrow window still
// shows them; the 事由 takes the spare width.
func ComplaintColumns(alert func(*data.Complaint) string) []kit.Column[*data.Complaint] {
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

func FindingColumns() []kit.Column[*data.Finding] {
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

func VisitColumns() []kit.Column[*data.Visit] {
	return []kit.Column[*data.Visit]{
		{Title: "检查时间", Width: 130, Text: func(v *data.Visit) string { return v.VisitedAt.In(data.Zone).Format(TimeLayout) }},
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

func DocumentColumns() []kit.Column[*data.Document] {
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

func ActionColumns() []kit.Column[*data.Action] {
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

// UnitSearch is what unit pickers search: units in use, by any part of the
// name or the pinyin initials.
func UnitSearch(w host.Host) func(string) ([]*data.Unit, error) {
	return func(q string) ([]*data.Unit, error) {
		return w.DB().Units(w.Context(), data.UnitFilter{Search: q, Status: data.UnitActive, Limit: 50})
	}
}

// TaskColumns lists tasks; alert gives the 提醒 column.
func TaskColumns(alert func(*data.Task) string) []kit.Column[*data.Task] {
	return []kit.Column[*data.Task]{
		{Title: "编号", Width: 110, Text: func(t *data.Task) string { return t.Number }},
		{Title: "事项名称", Width: 200, Grow: true, Text: func(t *data.Task) string { return t.Title }},
		{Title: "状态", Width: 70, Text: func(t *data.Task) string { return string(t.Status) }},
		{Title: "提醒", Width: 160, Text: alert},
		{Title: "办结期限", Width: 100, Text: func(t *data.Task) string { return t.Due.String() }},
		{Title: "牵头单位", Width: 150, Text: func(t *data.Task) string { return t.LeadUnitName }},
		{Title: "来源", Width: 120, Text: func(t *data.Task) string { return string(t.Source) }},
		{Title: "立项日期", Width: 100, Text: func(t *data.Task) string { return t.RegisteredOn.String() }},
	}
}

// TaskAlertText says how far an open task is from its deadline (its next
// milestone's, when that comes first), how many units have not signed in
// time, and whether a final report awaits acceptance or was refused.
func TaskAlertText(t *data.Task, cal *data.Calendar, today data.Date, warnDays int) string {
	var parts []string
	if a := AlertText(t.Alert(cal, today, warnDays)); a != "" {
		if !t.Deadline().Equal(t.Due) {
			a = "节点" + a
		}
		parts = append(parts, a)
	}
	if late := t.SignedLate(cal, today); t.Status == data.TaskAssigned && len(late) > 0 {
		parts = append(parts, fmt.Sprintf("%d个单位逾期未签收", len(late)))
	}
	switch {
	case t.Status == data.TaskReported:
		parts = append(parts, "办结报告待验收")
	case t.Failed && t.Open():
		parts = append(parts, "验收未通过")
	}
	return strings.Join(parts, "，")
}

// PersonText is 姓名（职务） of a decision against a person.
func PersonText(a *data.Action) string {
	if a.TargetKind != data.TargetPerson {
		return ""
	}
	if a.PersonPost == "" {
		return a.PersonName
	}
	return a.PersonName + "（" + a.PersonPost + "）"
}

// AnyCategory is the choice of a category filter that keeps every category.
const AnyCategory = "全部类别"

// MatchUnit finds a unit by any part of its name or short name, its pinyin
// initials, its parent or its principal.
func MatchUnit(u *data.Unit, q string) bool {
	lq := strings.ToLower(q)
	return strings.Contains(u.Name, q) || strings.Contains(u.ShortName, q) ||
		strings.Contains(u.Initials, lq) || strings.Contains(u.ParentName, q) || strings.Contains(u.Principal, q)
}

// Quarter is the first and last day of the quarter of day.
func Quarter(day data.Date) (from, to data.Date) {
	first := time.Month((int(day.Month())-1)/3*3 + 1)
	from = data.NewDate(day.Year(), first, 1)
	return from, data.NewDate(day.Year(), first+3, 1).AddDays(-1)
}
