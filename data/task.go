package data

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// TaskSource is where a 督办事项 was decided.
type TaskSource string

const (
	SourceStandingCommittee TaskSource = "县委常委会"
	SourceExecutiveMeeting  TaskSource = "政府常务会"
	SourceInstruction       TaskSource = "领导批示"
	SourceMotion            TaskSource = "人大议案/政协提案"
	SourceOther             TaskSource = "其他"
)

// TaskSources lists the sources in the order screens offer them.
var TaskSources = []TaskSource{SourceStandingCommittee, SourceExecutiveMeeting, SourceInstruction, SourceMotion, SourceOther}

// TaskStatus is where a 督办事项 stands.
type TaskStatus string

const (
	TaskRegistered TaskStatus = "已立项" // recorded, not yet handed to the units
	TaskAssigned   TaskStatus = "待签收" // 交办: notices out, some unit has not signed
	TaskInProgress TaskStatus = "办理中" // every unit signed; progress reported quarterly
	TaskReported   TaskStatus = "待验收" // the lead unit's final report awaits the office
	TaskClosed     TaskStatus = "已办结" // accepted by the office: 办结销号
)

// TaskStatuses lists them in workflow order.
var TaskStatuses = []TaskStatus{TaskRegistered, TaskAssigned, TaskInProgress, TaskReported, TaskClosed}

// TaskRole is a unit's part in a task.
type TaskRole string

const (
	RoleLead        TaskRole = "牵头单位"
	RoleResponsible TaskRole = "责任单位"
)

// TaskUnit is one unit a task is handed to, with its 签收.
type TaskUnit struct {
	Record
	TaskID   string
	UnitID   string
	UnitName string // read only
	Role     TaskRole
	SignDue  Date   // 签收 within the office's 受理时限 after 交办
	SignedOn Date   // zero until the unit signs
	SignedBy string // who signed for the unit
	NoticeID string // the 督办通知单 sent to the unit, once 交办

	// Read only: the unit's latest progress report.
	LastReportOn Date
	Percent      int
}

// Signed reports whether the unit has signed for the task.
func (u TaskUnit) Signed() bool { return !u.SignedOn.IsZero() }

// Milestone is a dated stage of a task (节点).
type Milestone struct {
	Record
	TaskID string
	Seq    int // 1, 2, … in date order
	Title  string
	Due    Date
	DoneOn Date // zero until the office records it reached
}

// Task is a 督办事项: a task decided by the county's 党委 or 政府 whose
// delivery the office supervises.
type Task struct {
	Record
	Number       string // DB2026-0003, by year of 立项
	Year, Seq    int
	Source       TaskSource
	SourceRef    string // the meeting or instruction, e.g. 县委常委会2026年第12次会议
	Title        string
	Content      string
	LeadUnitID   string
	LeadUnitName string   // read only
	UnitIDs      []string // the 责任单位 besides the lead
	Due          Date     // 办结期限
	Milestones   []Milestone
	Handler      string // 承办人: the office's staff member who follows the task
	Status       TaskStatus
	RegisteredOn Date // 立项
	AssignedOn   Date // 交办
	ReportedOn   Date // the final report
	ClosedOn     Date // 办结销号

	// Units are the lead and the 责任单位 with their 签收 and latest
	// progress (read only; set UnitIDs and LeadUnitID to change them).
	Units []TaskUnit
	// Failed is set once the office has refused a final report (read only).
	Failed bool
}

// TaskEventKind names a step in a task's history.
type TaskEventKind string

const (
	TaskEventRegistered TaskEventKind = "立项"
	TaskEventAssigned   TaskEventKind = "交办"
	TaskEventSigned     TaskEventKind = "签收"
	TaskEventProgress   TaskEventKind = "进展报告"
	TaskEventMilestone  TaskEventKind = "节点完成"
	TaskEventExtended   TaskEventKind = "延期"
	TaskEventReminded   TaskEventKind = "催办"
	TaskEventReport     TaskEventKind = "办结报告"
	TaskEventAccepted   TaskEventKind = "验收"
	TaskEventAction     TaskEventKind = "责任追究"
)

// Acceptance results of a final report.
const (
	AcceptPassed = "通过"
	AcceptFailed = "不通过"
)

// TaskEvent is one step in the history of a task.
type TaskEvent struct {
	Record
	TaskID      string
	Kind        TaskEventKind
	At          time.Time
	Actor       string
	UnitID      string
	UnitName    string // read only
	On          Date   // the day the step refers to
	Percent     int    // 进展报告
	DueDate     Date   // 交办: 签收期限; 延期: the new 办结期限
	Result      string // 验收: 通过/不通过; 催办: the method
	Note        string // the report's content, the reason, …
	ApprovedBy  string // 延期: who approved it
	MilestoneID string
	ActionID    string // 责任追究: the decision recorded
}

// taskSteps is the state machine: the steps each state allows, in the order
// a screen offers them. 签收 by the last unit moves 待签收 to 办理中.
var taskSteps = map[TaskStatus][]TaskEventKind{
	TaskRegistered: {TaskEventAssigned},
	TaskAssigned:   {TaskEventSigned, TaskEventProgress, TaskEventMilestone, TaskEventReminded, TaskEventExtended},
	TaskInProgress: {TaskEventProgress, TaskEventMilestone, TaskEventReport, TaskEventReminded, TaskEventExtended},
	TaskReported:   {TaskEventAccepted},
	TaskClosed:     nil,
}

// TaskSteps returns the steps allowed in status, in the order a screen
// offers them.
func TaskSteps(status TaskStatus) []TaskEventKind {
	return slices.Clone(taskSteps[status])
}

// CheckStep refuses a step the task's state does not allow, saying why in
// Chinese.
func (t *Task) CheckStep(step TaskEventKind) error {
	if slices.Contains(taskSteps[t.Status], step) {
		return nil
	}
	var why string
	switch t.Status {
	case TaskRegistered:
		why = fmt.Sprintf("该督办事项尚未交办，不能%s", step)
	case TaskAssigned:
		why = fmt.Sprintf("该督办事项尚有单位未签收，不能%s", step)
	case TaskInProgress:
		why = fmt.Sprintf("该督办事项正在办理中，不能%s", step)
	case TaskReported:
		why = fmt.Sprintf("该督办事项已报送办结报告、正等待验收，不能%s", step)
	case TaskClosed:
		why = fmt.Sprintf("该督办事项已办结销号，不能%s", step)
	default:
		why = fmt.Sprintf("该督办事项当前为“%s”，不能%s", t.Status, step)
	}
	return &StateError{Action: string(step), State: string(t.Status), Reason: why}
}

// Unit returns the task's unit with id, if it is one of them.
func (t *Task) Unit(id string) (TaskUnit, bool) {
	for _, u := range t.Units {
		if u.UnitID == id {
			return u, true
		}
	}
	return TaskUnit{}, false
}

// Unsigned lists the units that have not signed yet.
func (t *Task) Unsigned() []TaskUnit {
	var out []TaskUnit
	for _, u := range t.Units {
		if !u.Signed() {
			out = append(out, u)
		}
	}
	return out
}

// UnitNames names the task's units, the lead first: 县发改局（牵头）、县财政局.
func (t *Task) UnitNames() string {
	names := make([]string, 0, len(t.Units))
	for _, u := range t.Units {
		if u.Role == RoleLead {
			names = append([]string{u.UnitName + "（牵头）"}, names...)
		} else {
			names = append(names, u.UnitName)
		}
	}
	return strings.Join(names, "、")
}

// Deadline is the date the task is measured against now: its next
// milestone not yet reached, else its 办结期限.
func (t *Task) Deadline() Date {
	for _, m := range t.Milestones {
		if m.DoneOn.IsZero() && !m.Due.IsZero() && (t.Due.IsZero() || !m.Due.After(t.Due)) {
			return m.Due
		}
	}
	return t.Due
}

// Open reports whether the task is with the units (交办 and not yet
// reported): the states deadlines are watched in.
func (t *Task) Open() bool { return t.Status == TaskAssigned || t.Status == TaskInProgress }

// Alert says whether an open task is near or past its deadline on day
// today, by the deadline rule (Calendar.AlertOn).
func (t *Task) Alert(cal *Calendar, today Date, warnDays int) Alert {
	if !t.Open() {
		return Alert{}
	}
	return cal.AlertOn(t.Deadline(), today, warnDays)
}

// Late reports whether the task missed its 办结期限: still open or awaiting
// acceptance once it is missed, or closed on a day it was already missed.
func (t *Task) Late(cal *Calendar, today Date) bool {
	if t.Due.IsZero() || t.Status == TaskRegistered {
		return false
	}
	end := today
	if t.Status == TaskClosed {
		end = t.ClosedOn
	}
	return cal.Missed(t.Due, end)
}

// Accountable reports whether the office may hold a unit of the task to
// account (效能责任追究): the task is late, or a final report was refused.
func (t *Task) Accountable(cal *Calendar, today Date) bool {
	return t.Failed || t.Late(cal, today) || t.Alert(cal, today, 0).Level == AlertOverdue
}

// CheckAccountable refuses a 效能责任追究 resting on a task that is neither
// late nor refused at acceptance.
func (t *Task) CheckAccountable(cal *Calendar, today Date) error {
	if !t.Accountable(cal, today) {
		return &StateError{Action: "责任追究", State: string(t.Status), Reason: "该督办事项未超期，也没有验收不通过的记录，不能据此追究责任"}
	}
	return nil
}

// SignedLate lists the units that have not signed by their 签收期限 as of
// today, by the deadline rule.
func (t *Task) SignedLate(cal *Calendar, today Date) []TaskUnit {
	var out []TaskUnit
	for _, u := range t.Units {
		if !u.Signed() && cal.Missed(u.SignDue, today) {
			out = append(out, u)
		}
	}
	return out
}

// QuarterOf returns the first day of the quarter of d.
func QuarterOf(d Date) Date {
	return NewDate(d.Year(), time.Month((int(d.Month())-1)/3*3+1), 1)
}

// NotReported lists the units of a task in progress that have not reported
// progress this quarter (units report every quarter). A task handed over
// this quarter is not yet due a report.
func (t *Task) NotReported(today Date) []TaskUnit {
	if !t.Open() {
		return nil
	}
	q := QuarterOf(today)
	if !t.AssignedOn.Before(q) {
		return nil
	}
	var out []TaskUnit
	for _, u := range t.Units {
		if u.LastReportOn.Before(q) {
			out = append(out, u)
		}
	}
	return out
}

// Validate checks a task before it is saved.
func (t *Task) Validate() error {
	switch {
	case !oneOf(t.Source, TaskSources):
		return Invalid("Source", "请选择督办事项来源")
	case tooLong(t.SourceRef, 100):
		return Invalid("SourceRef", "来源依据不能超过100个字")
	case blank(t.Title):
		return Invalid("Title", "督办事项名称不能为空")
	case tooLong(t.Title, 100):
		return Invalid("Title", "督办事项名称不能超过100个字")
	case blank(t.Content):
		return Invalid("Content", "请填写督办内容")
	case tooLong(t.Content, 4000):
		return Invalid("Content", "督办内容不能超过4000个字")
	case t.LeadUnitID == "":
		return Invalid("LeadUnitID", "请选择牵头单位")
	case slices.Contains(t.UnitIDs, t.LeadUnitID):
		return Invalid("UnitIDs", "牵头单位不必再列为责任单位")
	case len(t.UnitIDs) > 50:
		return Invalid("UnitIDs", "责任单位不能超过50个")
	case t.RegisteredOn.IsZero():
		return Invalid("RegisteredOn", "请填写立项日期")
	case t.Due.IsZero() && len(t.Milestones) == 0:
		return Invalid("Due", "请填写办结期限，或列出各节点及其期限")
	case !t.Due.IsZero() && t.Due.Before(t.RegisteredOn):
		return Invalid("Due", "办结期限不能早于立项日期")
	case tooLong(t.Handler, 20):
		return Invalid("Handler", "承办人不能超过20个字")
	}
	seen := map[string]bool{}
	for _, id := range t.UnitIDs {
		if id == "" {
			return Invalid("UnitIDs", "责任单位不能为空")
		}
		if seen[id] {
			return Invalid("UnitIDs", "同一单位不能重复列为责任单位")
		}
		seen[id] = true
	}
	var prev Date
	for i, m := range t.Milestones {
		n := i + 1
		switch {
		case blank(m.Title):
			return Invalid("Milestones", fmt.Sprintf("请填写第%d个节点的内容", n))
		case tooLong(m.Title, 100):
			return Invalid("Milestones", fmt.Sprintf("第%d个节点的内容不能超过100个字", n))
		case m.Due.IsZero():
			return Invalid("Milestones", fmt.Sprintf("请填写第%d个节点的期限", n))
		case m.Due.Before(t.RegisteredOn):
			return Invalid("Milestones", fmt.Sprintf("第%d个节点的期限不能早于立项日期", n))
		case !t.Due.IsZero() && m.Due.After(t.Due):
			return Invalid("Milestones", fmt.Sprintf("第%d个节点的期限（%s）不能晚于办结期限（%s）", n, m.Due, t.Due))
		case !prev.IsZero() && m.Due.Before(prev):
			return Invalid("Milestones", "各节点应按期限先后排列")
		}
		prev = m.Due
	}
	return nil
}

// TaskFilter selects tasks; zero fields select all.
type TaskFilter struct {
	Status   TaskStatus
	UnitID   string // tasks the unit leads or is responsible for
	Year     int    // the year of 立项
	Search   string // part of the title, number or content
	OpenOnly bool   // 待签收 and 办理中
}

// TaskCounts are the 工作台 figures for 督办事项.
type TaskCounts struct {
	Open     int // 待签收 and 办理中
	Unsigned int // 待签收
	DueSoon  int // open, deadline within the warning days
	Overdue  int // open, past the deadline
	Reported int // 待验收
}

// NoticeBody is what the 督办通知单 to the task's unit unitID says of the
// task: where it was decided, who leads it and who shares it, what is to be
// done and by which milestones, and by when the unit is to sign for it. The
// office's template adds the requirements around it.
func (t *Task) NoticeBody(unitID string, signDue Date) string {
	var lead string
	var others []string
	for _, u := range t.Units {
		if u.Role == RoleLead {
			lead = u.UnitName
		} else if u.UnitID != unitID {
			others = append(others, u.UnitName)
		}
	}
	var who string
	if unitID == t.LeadUnitID {
		who = "交由你单位牵头办理"
		if len(others) > 0 {
			who += "，" + strings.Join(others, "、") + "配合"
		}
	} else {
		who = "交由" + lead + "牵头办理，你单位为责任单位"
	}
	from := string(t.Source)
	if ref := strings.TrimSpace(t.SourceRef); ref != "" {
		from = ref
	}
	paras := []string{
		fmt.Sprintf("根据%s部署，现将“%s”（督办编号：%s）%s。", from, t.Title, t.Number, who),
		"督办内容：" + strings.TrimSpace(t.Content),
	}
	if len(t.Milestones) > 0 {
		ms := make([]string, len(t.Milestones))
		for i, m := range t.Milestones {
			ms[i] = fmt.Sprintf("%d.%s，%s前完成", i+1, m.Title, m.Due.Chinese())
		}
		paras = append(paras, "工作节点："+strings.Join(ms, "；")+"。")
	}
	if !signDue.IsZero() {
		paras = append(paras, fmt.Sprintf("请于%s前签收。", signDue.Chinese()))
	}
	return strings.Join(paras, "\n")
}
