package data

import (
	"errors"
	"strings"
	"testing"
)

func TestTaskSteps(t *testing.T) {
	for _, c := range []struct {
		status  TaskStatus
		allowed []TaskEventKind
		refused TaskEventKind
		reason  string
	}{
		{TaskRegistered, []TaskEventKind{TaskEventAssigned}, TaskEventSigned, "该督办事项尚未交办，不能签收"},
		{TaskAssigned, []TaskEventKind{TaskEventSigned, TaskEventProgress, TaskEventReminded, TaskEventExtended}, TaskEventReport, "该督办事项尚有单位未签收，不能办结报告"},
		{TaskInProgress, []TaskEventKind{TaskEventProgress, TaskEventReport, TaskEventMilestone}, TaskEventAccepted, "该督办事项正在办理中，不能验收"},
		{TaskReported, []TaskEventKind{TaskEventAccepted}, TaskEventProgress, "该督办事项已报送办结报告、正等待验收，不能进展报告"},
		{TaskClosed, nil, TaskEventReminded, "该督办事项已办结销号，不能催办"},
	} {
		task := &Task{Status: c.status}
		for _, k := range c.allowed {
			if err := task.CheckStep(k); err != nil {
				t.Errorf("%s: %s refused: %v", c.status, k, err)
			}
		}
		err := task.CheckStep(c.refused)
		var se *StateError
		if !errors.As(err, &se) || se.Error() != c.reason || se.State != string(c.status) {
			t.Errorf("%s: %s gives %v, want %q", c.status, c.refused, err, c.reason)
		}
	}
	steps := TaskSteps(TaskInProgress)
	steps[0] = "篡改"
	if TaskSteps(TaskInProgress)[0] == "篡改" {
		t.Error("TaskSteps hands out the table itself")
	}
}

// Deadlines and alerts count working days: a Friday deadline is not
// overdue on the Saturday, only once Monday has begun; the next milestone
// not reached comes before the 办结期限.
func TestTaskAlertInWorkingDays(t *testing.T) {
	cal := NewCalendar()
	task := &Task{Status: TaskInProgress, Due: NewDate(2026, 11, 20), AssignedOn: NewDate(2026, 9, 1)}
	for _, c := range []struct {
		today Date
		want  Alert
	}{
		{NewDate(2026, 11, 16), Alert{Level: AlertDueSoon, WorkdaysLeft: 4}},
		{NewDate(2026, 11, 21), Alert{Level: AlertDueSoon}},
		{NewDate(2026, 11, 23), Alert{Level: AlertOverdue, OverdueWorkdays: 1}},
	} {
		if got := task.Alert(cal, c.today, 4); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.today, got, c.want)
		}
	}
	// The National Day holiday does not count: due 30 September, on
	// 9 October only the 8th and 9th have passed.
	task.Due = NewDate(2026, 9, 30)
	if got := task.Alert(cal, NewDate(2026, 10, 9), 3); got.OverdueWorkdays != 2 {
		t.Errorf("after the holiday: %+v", got)
	}
	task.Due = NewDate(2026, 12, 31)
	task.Milestones = []Milestone{{Title: "方案", Due: NewDate(2026, 11, 10), DoneOn: NewDate(2026, 11, 9)}, {Title: "施工", Due: NewDate(2026, 11, 18)}}
	if d := task.Deadline(); !d.Equal(NewDate(2026, 11, 18)) {
		t.Errorf("deadline %s", d)
	}
	if !task.Accountable(cal, NewDate(2026, 11, 23)) || task.Late(cal, NewDate(2026, 11, 23)) {
		t.Error("a milestone overdue makes the task accountable, not late")
	}
	task.Status = TaskReported
	if a := task.Alert(cal, NewDate(2026, 11, 23), 3); a.Level != AlertNone {
		t.Errorf("a task awaiting acceptance has an alert: %+v", a)
	}
	task.Status, task.ClosedOn = TaskClosed, NewDate(2027, 1, 4)
	if !task.Late(cal, NewDate(2027, 3, 1)) {
		t.Error("closed after its 办结期限, yet not late")
	}
}

func TestTaskValidate(t *testing.T) {
	ok := func() *Task {
		return &Task{Source: SourceInstruction, Title: "事项", Content: "内容", LeadUnitID: "a", UnitIDs: []string{"b"},
			RegisteredOn: NewDate(2026, 11, 2), Due: NewDate(2026, 12, 31)}
	}
	if err := ok().Validate(); err != nil {
		t.Fatal(err)
	}
	for field, mod := range map[string]func(*Task){
		"Source":       func(x *Task) { x.Source = "" },
		"Title":        func(x *Task) { x.Title = strings.Repeat("长", 101) },
		"LeadUnitID":   func(x *Task) { x.LeadUnitID = "" },
		"UnitIDs":      func(x *Task) { x.UnitIDs = []string{"a"} },
		"Due":          func(x *Task) { x.Due = NewDate(2026, 11, 1) },
		"RegisteredOn": func(x *Task) { x.RegisteredOn = Date{} },
		"Milestones":   func(x *Task) { x.Milestones = []Milestone{{Title: "晚", Due: NewDate(2027, 1, 1)}} },
	} {
		x := ok()
		mod(x)
		var ve *ValidationError
		if err := x.Validate(); !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestNoticeBody(t *testing.T) {
	task := &Task{Number: "DB2026-0008", Title: "城区背街小巷提升改造", Content: "对32条背街小巷实施改造。",
		Source: SourceStandingCommittee, SourceRef: "县委常委会2026年第15次会议", LeadUnitID: "lead",
		Units: []TaskUnit{{UnitID: "lead", UnitName: "县城管局", Role: RoleLead}, {UnitID: "b", UnitName: "县住建局", Role: RoleResponsible},
			{UnitID: "c", UnitName: "凤栖街道", Role: RoleResponsible}},
		Milestones: []Milestone{{Title: "完成方案", Due: NewDate(2026, 12, 10)}}}
	lead := task.NoticeBody("lead", NewDate(2026, 11, 25))
	for _, want := range []string{"根据县委常委会2026年第15次会议部署", "（督办编号：DB2026-0008）交由你单位牵头办理，县住建局、凤栖街道配合。",
		"督办内容：对32条背街小巷实施改造。", "工作节点：1.完成方案，2026年12月10日前完成。", "请于2026年11月25日前签收。"} {
		if !strings.Contains(lead, want) {
			t.Errorf("lead's notice lacks %q:\n%s", want, lead)
		}
	}
	if other := task.NoticeBody("b", NewDate(2026, 11, 25)); !strings.Contains(other, "交由县城管局牵头办理，你单位为责任单位。") {
		t.Errorf("responsible unit's notice:\n%s", other)
	}
}

func TestAppraisalRate(t *testing.T) {
	for _, c := range []struct {
		r    AppraisalResult
		rate float64
		ok   bool
	}{
		{AppraisalResult{Satisfied: 80, Basic: 15, Unsatisfied: 5, Ballots: 104}, 0.95, true},
		{AppraisalResult{Score: 88.5, HasScore: true}, 0.885, true},
		{AppraisalResult{Satisfied: 1, Score: 10, HasScore: true}, 1, true}, // the ballots, when there are any
		{AppraisalResult{}, 0, false},
	} {
		rate, ok := c.r.Rate()
		if ok != c.ok || rate < c.rate-1e-9 || rate > c.rate+1e-9 {
			t.Errorf("%+v: %v %v, want %v %v", c.r, rate, ok, c.rate, c.ok)
		}
	}
}
