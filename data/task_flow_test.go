package data

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func taskEnv() TaskEnv {
	return TaskEnv{Calendar: NewCalendar(), Settings: DefaultSettings(), Today: d("2026-11-21")}
}

// taskIn returns a task that has reached status through the machine, with
// one unit signed when it is 待签收.
func taskIn(t *testing.T, status TaskStatus) *Task {
	t.Helper()
	task := &Task{Record: Record{ID: "task"}, Number: "DB2026-0001", Year: 2026, Title: "营商环境提升", LeadUnitID: "lead",
		UnitIDs: []string{"fin", "hrs"}, Due: d("2026-12-31"), RegisteredOn: d("2026-11-02"), Status: TaskRegistered,
		Units: []TaskUnit{
			{Record: Record{ID: "u1"}, UnitID: "lead", UnitName: "县发展和改革局", Role: RoleLead},
			{Record: Record{ID: "u2"}, UnitID: "fin", UnitName: "县财政局", Role: RoleResponsible},
			{Record: Record{ID: "u3"}, UnitID: "hrs", UnitName: "县人力资源和社会保障局", Role: RoleResponsible},
		},
		Milestones: []Milestone{{Record: Record{ID: "m1"}, Seq: 1, Title: "第一阶段", Due: d("2026-11-30")}}}
	steps := []TaskStep{
		{Kind: TaskEventAssigned, On: d("2026-11-03")},
		{Kind: TaskEventSigned, UnitID: "lead", On: d("2026-11-04"), By: "张伟"},
		{Kind: TaskEventSigned, UnitID: "fin", On: d("2026-11-04"), By: "王芳"},
		{Kind: TaskEventSigned, UnitID: "hrs", On: d("2026-11-04"), By: "赵敏"},
		{Kind: TaskEventReport, On: d("2026-11-20"), Text: "完成"},
		{Kind: TaskEventAccepted, On: d("2026-11-21"), Passed: true},
	}
	n := map[TaskStatus]int{TaskRegistered: 0, TaskAssigned: 2, TaskInProgress: 4, TaskReported: 5, TaskClosed: 6}[status]
	for _, s := range steps[:n] {
		if _, _, err := task.Apply(s, taskEnv()); err != nil {
			t.Fatalf("reaching %s: %s: %v", status, s.Kind, err)
		}
	}
	if task.Status != status {
		t.Fatalf("reached %s, want %s", task.Status, status)
	}
	return task
}

// validTaskStep is a step of kind that the task's state may take.
func validTaskStep(kind TaskEventKind) TaskStep {
	on := d("2026-11-21")
	return map[TaskEventKind]TaskStep{
		TaskEventAssigned:  {Kind: kind, On: on},
		TaskEventSigned:    {Kind: kind, UnitID: "hrs", On: on, By: "赵敏"},
		TaskEventProgress:  {Kind: kind, UnitID: "lead", On: on, Percent: 40, Text: "推进中"},
		TaskEventMilestone: {Kind: kind, MilestoneID: "m1", On: on},
		TaskEventExtended:  {Kind: kind, On: on, Due: d("2027-03-31"), Text: "资金未到位", ApprovedBy: "王县长"},
		TaskEventReminded:  {Kind: kind, UnitID: "fin", On: on, Method: "电话", Text: "请抓紧"},
		TaskEventReport:    {Kind: kind, On: on, Text: "已完成"},
		TaskEventAccepted:  {Kind: kind, On: on, Passed: true},
	}[kind]
}

// Each step is taken exactly in the states TaskSteps lists; elsewhere it is
// refused with a StateError and the task is left as it was.
func TestEveryTaskStepFromEveryState(t *testing.T) {
	after := map[TaskEventKind]TaskStatus{TaskEventAssigned: TaskAssigned, TaskEventReport: TaskReported, TaskEventAccepted: TaskClosed}
	for _, status := range TaskStatuses {
		for _, kind := range []TaskEventKind{TaskEventAssigned, TaskEventSigned, TaskEventProgress, TaskEventMilestone,
			TaskEventExtended, TaskEventReminded, TaskEventReport, TaskEventAccepted} {
			task := taskIn(t, status)
			before := task.clone()
			e, _, err := task.Apply(validTaskStep(kind), taskEnv())
			if !slices.Contains(TaskSteps(status), kind) {
				var se *StateError
				if !errors.As(err, &se) || se.Reason == "" {
					t.Errorf("%s from %s: %v, want a StateError", kind, status, err)
				}
				if !reflect.DeepEqual(task, before) {
					t.Errorf("%s from %s: a refused step changed the task", kind, status)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s from %s: %v", kind, status, err)
				continue
			}
			if e.Kind != kind || e.TaskID != task.ID {
				t.Errorf("%s from %s: event %+v", kind, status, e)
			}
			want := status
			if to, ok := after[kind]; ok {
				want = to
			}
			if kind == TaskEventSigned {
				want = TaskAssigned // 县财政局 is still to sign
			}
			if task.Status != want {
				t.Errorf("%s from %s: %s, want %s", kind, status, task.Status, want)
			}
		}
	}
}

func TestTaskStepDetails(t *testing.T) {
	task := taskIn(t, TaskAssigned)
	for _, u := range task.Units {
		if !u.SignDue.Equal(d("2026-11-06")) {
			t.Errorf("%s to sign by %s, want three working days after 交办", u.UnitName, u.SignDue)
		}
	}
	// A signature after the 签收期限 says so, by the deadline rule.
	e, _, err := task.Apply(TaskStep{Kind: TaskEventSigned, UnitID: "fin", On: d("2026-11-09"), By: "王芳"}, taskEnv())
	if err != nil || !strings.Contains(e.Note, "逾期签收") || task.Status != TaskAssigned {
		t.Errorf("late signature: %+v, %v, %s", e, err, task.Status)
	}
	// The last signature puts the task in hand.
	signed := task.clone()
	if _, _, err := signed.Apply(TaskStep{Kind: TaskEventSigned, UnitID: "hrs", On: d("2026-11-09"), By: "赵敏"}, taskEnv()); err != nil || signed.Status != TaskInProgress {
		t.Errorf("all signed: %v, %s", err, signed.Status)
	}
	for _, tc := range []struct {
		step  TaskStep
		field string
	}{
		{TaskStep{Kind: TaskEventSigned, UnitID: "hrs", On: d("2026-11-05")}, "By"},
		{TaskStep{Kind: TaskEventSigned, UnitID: "nobody", On: d("2026-11-05"), By: "某人"}, "UnitID"},
		{TaskStep{Kind: TaskEventSigned, UnitID: "hrs", On: d("2026-11-02"), By: "赵敏"}, "On"}, // before 交办
		{TaskStep{Kind: TaskEventSigned, UnitID: "hrs", On: d("2026-11-23"), By: "赵敏"}, "On"}, // after today
		{TaskStep{Kind: TaskEventProgress, UnitID: "lead", On: d("2026-11-05"), Percent: 101, Text: "超了"}, "Percent"},
		{TaskStep{Kind: TaskEventExtended, On: d("2026-11-05"), Due: d("2026-12-30"), Text: "理由", ApprovedBy: "王县长"}, "Due"},
		{TaskStep{Kind: TaskEventExtended, MilestoneID: "m1", On: d("2026-11-05"), Due: d("2027-01-15"), Text: "理由", ApprovedBy: "王县长"}, ""},
		{TaskStep{Kind: TaskEventMilestone, MilestoneID: "m9", On: d("2026-11-05")}, "MilestoneID"},
	} {
		x := task.clone()
		_, _, err := x.Apply(tc.step, taskEnv())
		var ve *ValidationError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%+v: %v", tc.step, err)
		case tc.field != "" && (!errors.As(err, &ve) || ve.Field != tc.field):
			t.Errorf("%+v: %v, want %s refused", tc.step, err, tc.field)
		case tc.field != "" && !reflect.DeepEqual(x, task):
			t.Errorf("%+v: the refused step changed the task", tc.step)
		}
	}
	// A milestone moved past the 办结期限 moves it too.
	x := task.clone()
	if _, _, err := x.Apply(TaskStep{Kind: TaskEventExtended, MilestoneID: "m1", On: d("2026-11-05"), Due: d("2027-01-15"),
		Text: "理由", ApprovedBy: "王县长"}, taskEnv()); err != nil || !x.Due.Equal(d("2027-01-15")) || !x.Milestones[0].Due.Equal(d("2027-01-15")) {
		t.Errorf("milestone extended: %v, due %s, milestone %s", err, x.Due, x.Milestones[0].Due)
	}

	// A refused final report sends the task back, and makes it accountable.
	reported := taskIn(t, TaskReported)
	if _, _, err := reported.Apply(TaskStep{Kind: TaskEventAccepted, On: d("2026-11-21")}, taskEnv()); err == nil {
		t.Error("a refusal without a reason was taken")
	}
	e, _, err = reported.Apply(TaskStep{Kind: TaskEventAccepted, On: d("2026-11-21"), Text: "资料不全"}, taskEnv())
	if err != nil || e.Result != AcceptFailed || reported.Status != TaskInProgress || !reported.ReportedOn.IsZero() ||
		!reported.Failed || !reported.Accountable(NewCalendar(), d("2026-11-21")) {
		t.Errorf("refused report: %+v, %v, %+v", e, err, reported)
	}
}

func TestTaskEdits(t *testing.T) {
	today := d("2026-11-21")
	registered := taskIn(t, TaskRegistered)
	next := registered.clone()
	next.Due, next.UnitIDs = d("2027-01-31"), []string{"fin"}
	if err := next.CheckEdit(registered, today); err != nil || registered.CheckDelete() != nil {
		t.Errorf("a registered task is edited and deleted freely: %v", err)
	}
	next.RegisteredOn = d("2026-11-22")
	if err := next.CheckEdit(nil, today); err == nil {
		t.Error("a task registered tomorrow")
	}
	assigned := taskIn(t, TaskAssigned)
	for what, change := range map[string]func(*Task){
		"units":     func(x *Task) { x.UnitIDs = []string{"fin"} },
		"deadline":  func(x *Task) { x.Due = d("2027-01-31") },
		"milestone": func(x *Task) { x.Milestones[0].Title = "第一阶段（调整）" },
		"立项日期":      func(x *Task) { x.RegisteredOn = d("2026-11-01") },
	} {
		next := assigned.clone()
		change(next)
		var se *StateError
		if err := next.CheckEdit(assigned, today); !errors.As(err, &se) {
			t.Errorf("the %s of a task handed over changed: %v", what, err)
		}
	}
	title := assigned.clone()
	title.Title = "营商环境全面提升"
	if err := title.CheckEdit(assigned, today); err != nil || assigned.CheckDelete() == nil {
		t.Errorf("a task handed over: title %v, deleted", err)
	}
}
