package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"xiaoneng/data"
)

// taskFixture is a ledger with a lead unit and two responsible units.
type taskFixture struct {
	db             *DB
	lead, fin, hrs *data.Unit
}

func newTaskFixture(t *testing.T) taskFixture {
	db := newTestDB(t)
	return taskFixture{db: db,
		lead: svUnit(t, db, "县发展和改革局", data.UnitDepartment),
		fin:  svUnit(t, db, "县财政局", data.UnitDepartment),
		hrs:  svUnit(t, db, "县人力资源和社会保障局", data.UnitDepartment),
	}
}

func (f taskFixture) newTask(title string, registered, due data.Date, ms ...data.Milestone) *data.Task {
	return &data.Task{Source: data.SourceStandingCommittee, SourceRef: "县委常委会2026年第12次会议", Title: title,
		Content: "推进" + title + "，按期完成各项任务。", LeadUnitID: f.lead.ID, UnitIDs: []string{f.fin.ID, f.hrs.ID},
		Due: due, Milestones: ms, Handler: "李明", RegisteredOn: registered}
}

func (f taskFixture) create(t *testing.T, task *data.Task) *data.Task {
	t.Helper()
	if err := f.db.CreateTask(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	return task
}

func (f taskFixture) load(t *testing.T, id string) *data.Task {
	t.Helper()
	x, err := f.db.Task(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func taskEventKinds(t *testing.T, db *DB, id string) []data.TaskEventKind {
	t.Helper()
	events, err := db.TaskEvents(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []data.TaskEventKind
	for _, e := range events {
		out = append(out, e.Kind)
	}
	return out
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A task from 立项 to 办结销号: numbers by year, 签收 by every unit within
// the 受理时限 in working days, quarterly progress, a refused final report,
// then an accepted one; every change audited.
func TestTaskLifecycle(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	task := f.create(t, f.newTask("优化营商环境三年行动", svDay(2026, 11, 2), svDay(2026, 12, 31),
		data.Milestone{Title: "制定实施方案", Due: svDay(2026, 11, 30)}))
	if task.Number != "DB2026-0001" || task.Status != data.TaskRegistered {
		t.Fatalf("number %s status %s", task.Number, task.Status)
	}
	second := f.create(t, f.newTask("政务服务“一网通办”", svDay(2026, 11, 3), svDay(2026, 12, 31)))
	if second.Number != "DB2026-0002" {
		t.Errorf("second number %s", second.Number)
	}
	got := f.load(t, task.ID)
	if len(got.Units) != 3 || got.Units[0].UnitID != f.lead.ID || got.Units[0].Role != data.RoleLead || got.LeadUnitName != f.lead.Name {
		t.Fatalf("units %+v", got.Units)
	}
	if !slices.Equal(svSorted(got.UnitIDs...), svSorted(f.fin.ID, f.hrs.ID)) || len(got.Milestones) != 1 || got.Milestones[0].Seq != 1 {
		t.Fatalf("unit ids %v milestones %+v", got.UnitIDs, got.Milestones)
	}
	if got.UnitNames() != "县发展和改革局（牵头）、县财政局、县人力资源和社会保障局" {
		t.Errorf("unit names %q", got.UnitNames())
	}

	svState(t, db.SignTask(ctx, task.ID, f.fin.ID, svDay(2026, 11, 4), "王芳"), "该督办事项尚未交办，不能签收")

	// 交办 on Tuesday 3 November: sign within 3 working days, by Friday 6.
	assumed, err := db.AssignTask(ctx, task.ID, svDay(2026, 11, 3), nil)
	mustOK(t, err)
	if assumed != nil {
		t.Errorf("assumed %v", assumed)
	}
	got = f.load(t, task.ID)
	if got.Status != data.TaskAssigned || !got.AssignedOn.Equal(svDay(2026, 11, 3)) {
		t.Fatalf("after 交办: %s %s", got.Status, got.AssignedOn)
	}
	for _, u := range got.Units {
		if !u.SignDue.Equal(svDay(2026, 11, 6)) {
			t.Errorf("%s sign due %s, want 2026-11-06", u.UnitName, u.SignDue)
		}
	}
	svState(t, db.ReportTaskProgress(ctx, task.ID, f.fin.ID, svDay(2026, 11, 4), 10, "已部署"), "县财政局尚未签收，请先登记签收")

	mustOK(t, db.SignTask(ctx, task.ID, f.lead.ID, svDay(2026, 11, 4), "张伟"))
	mustOK(t, db.SignTask(ctx, task.ID, f.fin.ID, svDay(2026, 11, 5), "王芳"))
	svState(t, db.SignTask(ctx, task.ID, f.fin.ID, svDay(2026, 11, 6), "王芳"), "县财政局已于2026-11-05签收")
	if got = f.load(t, task.ID); got.Status != data.TaskAssigned || len(got.Unsigned()) != 1 {
		t.Fatalf("with one unit unsigned: %s, unsigned %d", got.Status, len(got.Unsigned()))
	}
	if late := got.SignedLate(data.NewCalendar(), svDay(2026, 11, 9)); len(late) != 1 || late[0].UnitID != f.hrs.ID {
		t.Errorf("signed late %+v", late)
	}
	svInvalid(t, db.SignTask(ctx, task.ID, f.hrs.ID, svDay(2026, 11, 2), "赵敏"), "On")
	svInvalid(t, db.SignTask(ctx, task.ID, f.hrs.ID, svDay(2026, 11, 9), ""), "By")
	mustOK(t, db.SignTask(ctx, task.ID, f.hrs.ID, svDay(2026, 11, 9), "赵敏"))
	if got = f.load(t, task.ID); got.Status != data.TaskInProgress {
		t.Fatalf("all signed: %s", got.Status)
	}

	mustOK(t, db.ReportTaskProgress(ctx, task.ID, f.fin.ID, svDay(2026, 11, 10), 60, "资金已落实"))
	mustOK(t, db.ReportTaskProgress(ctx, task.ID, f.lead.ID, svDay(2026, 11, 12), 50, "方案初稿完成"))
	mustOK(t, db.ReportTaskProgress(ctx, task.ID, f.lead.ID, svDay(2026, 11, 13), 70, "方案征求意见"))
	svInvalid(t, db.ReportTaskProgress(ctx, task.ID, f.lead.ID, svDay(2026, 11, 13), 120, "超额"), "Percent")
	svInvalid(t, db.ReportTaskProgress(ctx, task.ID, f.lead.ID, svDay(2026, 11, 23), 80, "未来"), "On")
	got = f.load(t, task.ID)
	if u, _ := got.Unit(f.lead.ID); u.Percent != 70 || !u.LastReportOn.Equal(svDay(2026, 11, 13)) {
		t.Errorf("lead progress %d%% on %s", u.Percent, u.LastReportOn)
	}
	if u, _ := got.Unit(f.hrs.ID); u.Percent != 0 || !u.LastReportOn.IsZero() {
		t.Errorf("hrs progress %d%% on %s", u.Percent, u.LastReportOn)
	}

	ms := got.Milestones[0]
	mustOK(t, db.CompleteMilestone(ctx, task.ID, ms.ID, svDay(2026, 11, 20), "方案印发"))
	svState(t, db.CompleteMilestone(ctx, task.ID, ms.ID, svDay(2026, 11, 20), ""), "节点“制定实施方案”已于2026-11-20完成")

	mustOK(t, db.SubmitTaskReport(ctx, task.ID, svDay(2026, 11, 20), "各项任务已完成"))
	svState(t, db.ReportTaskProgress(ctx, task.ID, f.fin.ID, svDay(2026, 11, 20), 100, "完成"),
		"该督办事项已报送办结报告、正等待验收，不能进展报告")
	svInvalid(t, db.AcceptTask(ctx, task.ID, svDay(2026, 11, 20), false, ""), "Note")
	mustOK(t, db.AcceptTask(ctx, task.ID, svDay(2026, 11, 20), false, "配套政策尚未出台"))
	got = f.load(t, task.ID)
	if got.Status != data.TaskInProgress || !got.Failed || !got.ReportedOn.IsZero() {
		t.Fatalf("after a refused report: %s failed %v reported %s", got.Status, got.Failed, got.ReportedOn)
	}
	mustOK(t, db.SubmitTaskReport(ctx, task.ID, svDay(2026, 11, 21), "配套政策已出台"))
	svInvalid(t, db.AcceptTask(ctx, task.ID, svDay(2026, 11, 20), true, ""), "On")
	mustOK(t, db.AcceptTask(ctx, task.ID, svDay(2026, 11, 21), true, ""))
	got = f.load(t, task.ID)
	if got.Status != data.TaskClosed || !got.ClosedOn.Equal(svDay(2026, 11, 21)) {
		t.Fatalf("closed: %s %s", got.Status, got.ClosedOn)
	}
	svState(t, db.RemindTask(ctx, task.ID, "", svDay(2026, 11, 21), "电话", ""), "该督办事项已办结销号，不能催办")
	got.Title = "改名"
	svState(t, db.UpdateTask(ctx, got), "该督办事项已办结销号，不能修改")

	want := []data.TaskEventKind{"立项", "交办", "签收", "签收", "签收", "进展报告", "进展报告", "进展报告", "节点完成",
		"办结报告", "验收", "办结报告", "验收"}
	if kinds := taskEventKinds(t, db, task.ID); !slices.Equal(kinds, want) {
		t.Errorf("events %v\nwant %v", kinds, want)
	}
	events, err := db.TaskEvents(ctx, task.ID)
	mustOK(t, err)
	if e := events[4]; e.UnitName != f.hrs.Name || !strings.Contains(e.Note, "逾期签收") {
		t.Errorf("late signature event %+v", e)
	}
	if e := events[10]; e.Result != data.AcceptFailed || e.Note != "配套政策尚未出台" {
		t.Errorf("refusal event %+v", e)
	}

	// Every change has its audit row: the task's state, each unit's 签收.
	trail, err := db.AuditTrail(ctx, "tasks", task.ID)
	mustOK(t, err)
	if len(trail) < 6 || trail[0].Action != data.AuditInsert {
		t.Errorf("task audit %d rows", len(trail))
	}
	u, _ := got.Unit(f.hrs.ID)
	trail, err = db.AuditTrail(ctx, "task_units", u.ID)
	mustOK(t, err)
	if len(trail) != 3 || trail[2].After["signed_by"] != "赵敏" {
		t.Errorf("unit audit %+v", trail)
	}
}

// taskIn builds a task in the given state; the units sign on 4 November,
// the final report comes on 20 November.
func (f taskFixture) taskIn(t *testing.T, status data.TaskStatus) *data.Task {
	t.Helper()
	ctx := context.Background()
	db := f.db
	task := f.create(t, f.newTask(string(status)+"的事项", svDay(2026, 11, 2), svDay(2026, 12, 31),
		data.Milestone{Title: "第一阶段", Due: svDay(2026, 11, 30)}))
	steps := []func() error{
		func() error { _, err := db.AssignTask(ctx, task.ID, svDay(2026, 11, 3), nil); return err },
		func() error {
			for _, u := range []string{f.lead.ID, f.fin.ID, f.hrs.ID} {
				if err := db.SignTask(ctx, task.ID, u, svDay(2026, 11, 4), "签收人"); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { return db.SubmitTaskReport(ctx, task.ID, svDay(2026, 11, 20), "完成") },
		func() error { return db.AcceptTask(ctx, task.ID, svDay(2026, 11, 21), true, "") },
	}
	n := slices.Index(data.TaskStatuses, status)
	for _, step := range steps[:n] {
		mustOK(t, step())
	}
	got := f.load(t, task.ID)
	if got.Status != status {
		t.Fatalf("built %s, want %s", got.Status, status)
	}
	if status == data.TaskAssigned {
		// One unit signed: progress from it is allowed while the others sign.
		mustOK(t, db.SignTask(ctx, task.ID, f.lead.ID, svDay(2026, 11, 4), "张伟"))
		got = f.load(t, task.ID)
	}
	return got
}

// Each step is allowed exactly in the states data.TaskSteps lists, and the
// store refuses it with a StateError elsewhere, leaving the task unchanged.
func TestTaskTransitions(t *testing.T) {
	ctx := context.Background()
	// One ledger: each case works on a task of its own (data's tests go
	// through the machine itself; these, through the store).
	f := newTaskFixture(t)
	for _, status := range data.TaskStatuses {
		for _, kind := range []data.TaskEventKind{data.TaskEventAssigned, data.TaskEventSigned, data.TaskEventProgress,
			data.TaskEventMilestone, data.TaskEventExtended, data.TaskEventReminded, data.TaskEventReport, data.TaskEventAccepted} {
			t.Run(string(status)+"/"+string(kind), func(t *testing.T) {
				task := f.taskIn(t, status)
				db := f.db
				var err error
				switch kind {
				case data.TaskEventAssigned:
					_, err = db.AssignTask(ctx, task.ID, svDay(2026, 11, 21), nil)
				case data.TaskEventSigned:
					err = db.SignTask(ctx, task.ID, f.hrs.ID, svDay(2026, 11, 21), "赵敏")
				case data.TaskEventProgress:
					err = db.ReportTaskProgress(ctx, task.ID, f.lead.ID, svDay(2026, 11, 21), 40, "推进中")
				case data.TaskEventMilestone:
					err = db.CompleteMilestone(ctx, task.ID, task.Milestones[0].ID, svDay(2026, 11, 21), "")
				case data.TaskEventExtended:
					err = db.ExtendTask(ctx, task.ID, "", svDay(2026, 11, 21), svDay(2027, 3, 31), "资金未到位", "王县长")
				case data.TaskEventReminded:
					err = db.RemindTask(ctx, task.ID, f.fin.ID, svDay(2026, 11, 21), "电话", "请抓紧")
				case data.TaskEventReport:
					err = db.SubmitTaskReport(ctx, task.ID, svDay(2026, 11, 21), "已完成")
				case data.TaskEventAccepted:
					err = db.AcceptTask(ctx, task.ID, svDay(2026, 11, 21), true, "")
				}
				allowed := slices.Contains(data.TaskSteps(status), kind)
				var se *data.StateError
				switch {
				case allowed && err != nil:
					t.Fatalf("allowed step failed: %v", err)
				case !allowed && !errors.As(err, &se):
					t.Fatalf("refused step: err = %v, want a StateError", err)
				case !allowed:
					if !strings.Contains(se.Reason, "不能"+string(kind)) || (task.CheckStep(kind) == nil) {
						t.Errorf("reason %q", se.Reason)
					}
					after := f.load(t, task.ID)
					if after.Status != task.Status || after.UpdatedAt != task.UpdatedAt {
						t.Errorf("a refused step changed the task")
					}
				}
			})
		}
	}
}

func TestTaskValidation(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	base := func(mod func(*data.Task)) error {
		task := f.newTask("项目", svDay(2026, 11, 2), svDay(2026, 12, 31))
		mod(task)
		return db.CreateTask(ctx, task)
	}
	svInvalid(t, base(func(x *data.Task) { x.Title = " " }), "Title")
	svInvalid(t, base(func(x *data.Task) { x.Source = "县长办公会" }), "Source")
	svInvalid(t, base(func(x *data.Task) { x.Content = "" }), "Content")
	svInvalid(t, base(func(x *data.Task) { x.LeadUnitID = "" }), "LeadUnitID")
	svInvalid(t, base(func(x *data.Task) { x.UnitIDs = append(x.UnitIDs, f.lead.ID) }), "UnitIDs")
	svInvalid(t, base(func(x *data.Task) { x.UnitIDs = []string{f.fin.ID, f.fin.ID} }), "UnitIDs")
	svInvalid(t, base(func(x *data.Task) { x.Due = data.Date{} }), "Due")
	svInvalid(t, base(func(x *data.Task) { x.Due = svDay(2026, 10, 1) }), "Due")
	svInvalid(t, base(func(x *data.Task) { x.RegisteredOn = svDay(2026, 11, 23) }), "RegisteredOn")
	svInvalid(t, base(func(x *data.Task) {
		x.Milestones = []data.Milestone{{Title: "一", Due: svDay(2027, 1, 5)}}
	}), "Milestones")
	svInvalid(t, base(func(x *data.Task) {
		x.Milestones = []data.Milestone{{Title: "一", Due: svDay(2026, 12, 5)}, {Title: "二", Due: svDay(2026, 12, 1)}}
	}), "Milestones")
	svInvalid(t, base(func(x *data.Task) { x.Milestones = []data.Milestone{{Title: "", Due: svDay(2026, 12, 5)}} }), "Milestones")
	// Milestones alone are a deadline.
	mustOK(t, base(func(x *data.Task) {
		x.Due = data.Date{}
		x.Milestones = []data.Milestone{{Title: "完成", Due: svDay(2026, 12, 5)}}
	}))

	mustOK(t, db.RetireUnit(ctx, f.hrs.ID, ""))
	err := base(func(*data.Task) {})
	svInvalid(t, err, "UnitIDs")
	if !strings.Contains(err.Error(), "已撤并") {
		t.Errorf("retired unit: %v", err)
	}
	svInvalid(t, base(func(x *data.Task) { x.UnitIDs = []string{"no-such-unit"} }), "UnitIDs")
	for _, err := range []error{base(func(x *data.Task) { x.Title = "" })} {
		var ve *data.ValidationError
		if !errors.As(err, &ve) || !containsHan(ve.Message) {
			t.Errorf("message not in Chinese: %v", err)
		}
	}
}

// Before 交办 a task's units and milestones are edited freely (rows of
// units removed are deleted); after it they are what the units signed for.
func TestTaskUpdate(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	task := f.create(t, f.newTask("乡村振兴重点项目", svDay(2026, 11, 2), svDay(2026, 12, 31),
		data.Milestone{Title: "立项审批", Due: svDay(2026, 11, 30)}))
	extra := svUnit(t, db, "县农业农村局", data.UnitDepartment)

	x := f.load(t, task.ID)
	x.UnitIDs = []string{extra.ID, f.fin.ID}
	x.Milestones = append(x.Milestones, data.Milestone{Title: "开工建设", Due: svDay(2026, 12, 20)})
	x.Milestones[0].Title = "完成立项审批"
	mustOK(t, db.UpdateTask(ctx, x))
	got := f.load(t, task.ID)
	if !slices.Equal(svSorted(got.UnitIDs...), svSorted(extra.ID, f.fin.ID)) || len(got.Units) != 3 {
		t.Fatalf("units after edit %v", got.UnitIDs)
	}
	if len(got.Milestones) != 2 || got.Milestones[0].ID != x.Milestones[0].ID || got.Milestones[0].Title != "完成立项审批" || got.Milestones[1].Seq != 2 {
		t.Fatalf("milestones %+v", got.Milestones)
	}
	tasks, err := db.Tasks(ctx, data.TaskFilter{UnitID: f.hrs.ID})
	mustOK(t, err)
	if len(tasks) != 0 {
		t.Errorf("a unit removed from the task still lists it")
	}

	_, err = db.AssignTask(ctx, task.ID, svDay(2026, 11, 3), nil)
	mustOK(t, err)
	x = f.load(t, task.ID)
	x.Title = "乡村振兴重点项目建设"
	x.Handler = "周敏"
	mustOK(t, db.UpdateTask(ctx, x))
	if got := f.load(t, task.ID); got.Title != "乡村振兴重点项目建设" || got.Handler != "周敏" {
		t.Errorf("title %q handler %q", got.Title, got.Handler)
	}
	x = f.load(t, task.ID)
	x.UnitIDs = []string{f.fin.ID}
	svState(t, db.UpdateTask(ctx, x), "督办事项交办后，不能更改牵头单位和责任单位")
	x = f.load(t, task.ID)
	x.Due = svDay(2027, 1, 31)
	svState(t, db.UpdateTask(ctx, x), "督办事项交办后，办结期限只能通过延期变更")
	x = f.load(t, task.ID)
	x.Milestones[0].Due = svDay(2026, 12, 1)
	svState(t, db.UpdateTask(ctx, x), "督办事项交办后，不能更改节点，节点期限只能通过延期变更")
	x = f.load(t, task.ID)
	x.RegisteredOn = svDay(2025, 12, 1)
	svInvalid(t, db.UpdateTask(ctx, x), "RegisteredOn")

	svState(t, db.DeleteTask(ctx, task.ID), "督办事项交办后不能删除")
	svState(t, db.DeleteUnit(ctx, extra.ID), "")
	draft := f.create(t, f.newTask("误录事项", svDay(2026, 11, 2), svDay(2026, 12, 31)))
	mustOK(t, db.DeleteTask(ctx, draft.ID))
	if _, err := db.Task(ctx, draft.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted task: %v", err)
	}
}

// 延期 of the 办结期限 and of a milestone; a milestone pushed past the
// 办结期限 takes it along.
func TestTaskExtension(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	task := f.taskIn(t, data.TaskInProgress)
	ms := task.Milestones[0]
	svInvalid(t, db.ExtendTask(ctx, task.ID, "", svDay(2026, 11, 21), svDay(2026, 12, 1), "理由", "王县长"), "Due")
	svInvalid(t, db.ExtendTask(ctx, task.ID, "", svDay(2026, 11, 21), svDay(2027, 1, 31), "", "王县长"), "Reason")
	svInvalid(t, db.ExtendTask(ctx, task.ID, "", svDay(2026, 11, 21), svDay(2027, 1, 31), "理由", ""), "ApprovedBy")
	svInvalid(t, db.ExtendTask(ctx, task.ID, "", svDay(2026, 11, 23), svDay(2027, 1, 31), "理由", "王县长"), "On")
	mustOK(t, db.ExtendTask(ctx, task.ID, ms.ID, svDay(2026, 11, 20), svDay(2026, 12, 15), "审批流程较长", "王县长"))
	got := f.load(t, task.ID)
	if !got.Milestones[0].Due.Equal(svDay(2026, 12, 15)) || !got.Due.Equal(svDay(2026, 12, 31)) {
		t.Fatalf("milestone extended: %s, due %s", got.Milestones[0].Due, got.Due)
	}
	mustOK(t, db.ExtendTask(ctx, task.ID, ms.ID, svDay(2026, 11, 21), svDay(2027, 1, 15), "资金未到位", "王县长"))
	got = f.load(t, task.ID)
	if !got.Due.Equal(svDay(2027, 1, 15)) {
		t.Errorf("due after the milestone passed it: %s", got.Due)
	}
	events, err := db.TaskEvents(ctx, task.ID)
	mustOK(t, err)
	last := events[len(events)-1]
	if last.Kind != data.TaskEventExtended || last.ApprovedBy != "王县长" || last.MilestoneID != ms.ID || !last.DueDate.Equal(svDay(2027, 1, 15)) {
		t.Errorf("extension event %+v", last)
	}
}

// Deadlines count working days: 签收 within the 受理时限 skips the National
// Day holiday and counts the Saturday worked after it; 临近到期 and 已超期
// follow the complaint rule, the next milestone not reached before the 办结期限;
// the 工作台 counts agree with the tasks' own alerts.
func TestTaskDeadlinesAndAlerts(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	cal, err := db.Calendar(ctx)
	mustOK(t, err)

	// 交办 on 30 September: 1–7 October are off, the 8th and 9th are
	// working days and so is Saturday the 10th (调休上班).
	holiday := f.create(t, f.newTask("国庆前交办", svDay(2026, 9, 28), svDay(2026, 12, 31)))
	_, err = db.AssignTask(ctx, holiday.ID, svDay(2026, 9, 30), nil)
	mustOK(t, err)
	if u := f.load(t, holiday.ID).Units[0]; !u.SignDue.Equal(svDay(2026, 10, 10)) {
		t.Errorf("sign due %s, want 2026-10-10", u.SignDue)
	}

	today := svDay(2026, 11, 21) // Saturday
	mk := func(title string, due data.Date, ms ...data.Milestone) *data.Task {
		x := f.create(t, f.newTask(title, svDay(2026, 11, 2), due, ms...))
		_, err := db.AssignTask(ctx, x.ID, svDay(2026, 11, 3), nil)
		mustOK(t, err)
		return f.load(t, x.ID)
	}
	friday := mk("周五到期", svDay(2026, 11, 20))   // no working day since: due today at the latest
	thursday := mk("周四到期", svDay(2026, 11, 19)) // Friday was a working day after it
	soon := mk("下周三到期", svDay(2026, 11, 25))    // 3 working days left
	far := mk("下月到期", svDay(2026, 12, 31))      // no alert
	milestone := mk("节点超期", svDay(2026, 12, 31), data.Milestone{Title: "第一阶段", Due: svDay(2026, 11, 10)})
	for _, c := range []struct {
		task  *data.Task
		level data.AlertLevel
		left  int
		over  int
	}{
		{friday, data.AlertDueSoon, 0, 0},
		{thursday, data.AlertOverdue, 0, 1},
		{soon, data.AlertDueSoon, 3, 0},
		{far, data.AlertNone, 29, 0},
		{milestone, data.AlertOverdue, 0, 8},
	} {
		a := c.task.Alert(cal, today, 3)
		if a.Level != c.level || a.WorkdaysLeft != c.left || a.OverdueWorkdays != c.over {
			t.Errorf("%s: alert %+v, want %s left %d over %d", c.task.Title, a, c.level, c.left, c.over)
		}
	}
	if a := friday.Alert(cal, svDay(2026, 11, 23), 3); a.Level != data.AlertOverdue || a.OverdueWorkdays != 1 {
		t.Errorf("Monday after a Friday deadline: %+v", a)
	}
	if d := milestone.Deadline(); !d.Equal(svDay(2026, 11, 10)) {
		t.Errorf("deadline %s", d)
	}
	mustOK(t, db.CompleteMilestone(ctx, milestone.ID, milestone.Milestones[0].ID, svDay(2026, 11, 12), ""))
	milestone = f.load(t, milestone.ID)
	if a := milestone.Alert(cal, today, 3); a.Level != data.AlertNone {
		t.Errorf("after the milestone: %+v", a)
	}
	if milestone.Accountable(cal, today) {
		t.Error("a task whose milestone was late but which is on time now is not accountable")
	}
	if !thursday.Late(cal, today) || far.Late(cal, today) || !thursday.Accountable(cal, today) {
		t.Errorf("late: thursday %v far %v", thursday.Late(cal, today), far.Late(cal, today))
	}

	// A report awaiting acceptance has no alert; the 工作台 counts it apart.
	mustOK(t, db.SignTask(ctx, soon.ID, f.lead.ID, svDay(2026, 11, 4), "张伟"))
	mustOK(t, db.SignTask(ctx, soon.ID, f.fin.ID, svDay(2026, 11, 4), "王芳"))
	mustOK(t, db.SignTask(ctx, soon.ID, f.hrs.ID, svDay(2026, 11, 4), "赵敏"))
	mustOK(t, db.SubmitTaskReport(ctx, soon.ID, svDay(2026, 11, 20), "完成"))

	counts, err := db.TaskCounts(ctx, today, 3)
	mustOK(t, err)
	tasks, err := db.Tasks(ctx, data.TaskFilter{})
	mustOK(t, err)
	var want data.TaskCounts
	for _, x := range tasks {
		switch x.Alert(cal, today, 3).Level {
		case data.AlertDueSoon:
			want.DueSoon++
		case data.AlertOverdue:
			want.Overdue++
		}
		if x.Open() {
			want.Open++
		}
		if x.Status == data.TaskAssigned {
			want.Unsigned++
		}
		if x.Status == data.TaskReported {
			want.Reported++
		}
	}
	if counts != want || counts.Reported != 1 || counts.Overdue != 1 || counts.DueSoon != 1 || counts.Open != 5 {
		t.Errorf("counts %+v, tasks say %+v", counts, want)
	}
	open, err := db.Tasks(ctx, data.TaskFilter{OpenOnly: true})
	mustOK(t, err)
	if len(open) != counts.Open {
		t.Errorf("open list %d, count %d", len(open), counts.Open)
	}
}

// Units report every quarter: a task handed over before this quarter lists
// the units without a report in it.
func TestTaskQuarterlyReports(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	task := f.create(t, f.newTask("全年任务", svDay(2026, 8, 3), svDay(2026, 12, 31)))
	_, err := db.AssignTask(ctx, task.ID, svDay(2026, 8, 4), nil)
	mustOK(t, err)
	for _, u := range []string{f.lead.ID, f.fin.ID, f.hrs.ID} {
		mustOK(t, db.SignTask(ctx, task.ID, u, svDay(2026, 8, 5), "签收人"))
	}
	mustOK(t, db.ReportTaskProgress(ctx, task.ID, f.lead.ID, svDay(2026, 9, 30), 40, "三季度进展"))
	mustOK(t, db.ReportTaskProgress(ctx, task.ID, f.fin.ID, svDay(2026, 10, 9), 55, "四季度进展"))
	got := f.load(t, task.ID)
	var names []string
	for _, u := range got.NotReported(svDay(2026, 11, 21)) {
		names = append(names, u.UnitName)
	}
	if !slices.Equal(names, []string{f.lead.Name, f.hrs.Name}) {
		t.Errorf("not reported this quarter: %v", names)
	}
	if late := got.NotReported(svDay(2026, 9, 1)); len(late) != 0 {
		t.Errorf("handed over this quarter, yet %d units are due a report", len(late))
	}
}

// The 督办通知单 drafts of a 交办 are saved with it, each linked to its unit;
// one addressed elsewhere refuses the whole 交办.
func TestAssignTaskWithNotices(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	task := f.create(t, f.newTask("城区停车难治理", svDay(2026, 11, 2), svDay(2026, 12, 31)))
	other := svUnit(t, db, "县公安局", data.UnitDepartment)
	notice := func(u *data.Unit) *data.Document {
		return &data.Document{Kind: data.DocNotice, Title: "督办通知单", RecipientUnitID: u.ID, Recipient: u.Name, Body: "请按期办结。"}
	}
	_, err := db.AssignTask(ctx, task.ID, svDay(2026, 11, 3), []*data.Document{notice(f.lead), notice(other)})
	svInvalid(t, err, "Notices")
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	mustOK(t, err)
	if got := f.load(t, task.ID); got.Status != data.TaskRegistered || len(docs) != 0 {
		t.Fatalf("a refused 交办 left %s and %d documents", got.Status, len(docs))
	}
	_, err = db.AssignTask(ctx, task.ID, svDay(2026, 11, 3), []*data.Document{notice(f.lead), notice(f.fin), notice(f.hrs)})
	mustOK(t, err)
	got := f.load(t, task.ID)
	for _, u := range got.Units {
		d, err := db.Document(ctx, u.NoticeID)
		if err != nil || d.RecipientUnitID != u.UnitID || d.Status != data.DocDraft {
			t.Errorf("%s: notice %v (%v)", u.UnitName, d, err)
		}
	}
}

// An overdue or failed task offers 效能责任追究 against its units, recorded
// with the task and in its history; a task on time does not.
func TestHoldTaskAccountable(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	onTime := f.taskIn(t, data.TaskInProgress)
	action := func(unit string) *data.Action {
		return &data.Action{TargetKind: data.TargetUnit, UnitID: unit, Measure: "通报批评",
			Reason: "督办事项超期未办结", DecidedOn: svDay(2026, 11, 21), DecidedBy: "县效能办"}
	}
	svState(t, db.HoldTaskAccountable(ctx, onTime.ID, action(f.fin.ID)), "该督办事项未超期，也没有验收不通过的记录，不能据此追究责任")

	late := f.create(t, f.newTask("超期事项", svDay(2026, 10, 8), svDay(2026, 11, 10)))
	_, err := db.AssignTask(ctx, late.ID, svDay(2026, 10, 9), nil)
	mustOK(t, err)
	outsider := svUnit(t, db, "县公安局", data.UnitDepartment)
	svInvalid(t, db.HoldTaskAccountable(ctx, late.ID, action(outsider.ID)), "UnitID")
	a := action(f.fin.ID)
	mustOK(t, db.HoldTaskAccountable(ctx, late.ID, a))
	list, err := db.TaskActions(ctx, late.ID)
	mustOK(t, err)
	if len(list) != 1 || list[0].ID != a.ID || list[0].UnitName != f.fin.Name || list[0].Measure != "通报批评" {
		t.Fatalf("task actions %+v", list)
	}
	byUnit, err := db.Actions(ctx, data.ActionFilter{UnitID: f.fin.ID})
	mustOK(t, err)
	if len(byUnit) != 1 {
		t.Errorf("the unit's actions: %d", len(byUnit))
	}
	events, err := db.TaskEvents(ctx, late.ID)
	mustOK(t, err)
	if e := events[len(events)-1]; e.Kind != data.TaskEventAction || e.ActionID != a.ID || e.UnitID != f.fin.ID {
		t.Errorf("history %+v", e)
	}

	// A refused final report makes a task on time accountable too.
	mustOK(t, db.SubmitTaskReport(ctx, onTime.ID, svDay(2026, 11, 20), "完成"))
	mustOK(t, db.AcceptTask(ctx, onTime.ID, svDay(2026, 11, 21), false, "未达到预期目标"))
	mustOK(t, db.HoldTaskAccountable(ctx, onTime.ID, action(f.lead.ID)))
}

func TestTasksFilter(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	db := f.db
	a := f.taskIn(t, data.TaskInProgress)
	b := f.create(t, f.newTask("背街小巷改造", svDay(2026, 11, 5), svDay(2026, 12, 31)))
	b.UnitIDs = []string{f.fin.ID}
	mustOK(t, db.UpdateTask(ctx, b))
	for _, c := range []struct {
		filter data.TaskFilter
		want   []string
	}{
		{data.TaskFilter{}, []string{b.ID, a.ID}},
		{data.TaskFilter{Status: data.TaskRegistered}, []string{b.ID}},
		{data.TaskFilter{OpenOnly: true}, []string{a.ID}},
		{data.TaskFilter{UnitID: f.hrs.ID}, []string{a.ID}},
		{data.TaskFilter{UnitID: f.fin.ID}, []string{b.ID, a.ID}},
		{data.TaskFilter{Search: "小巷"}, []string{b.ID}},
		{data.TaskFilter{Search: a.Number}, []string{a.ID}},
		{data.TaskFilter{Year: 2025}, nil},
	} {
		list, err := db.Tasks(ctx, c.filter)
		mustOK(t, err)
		var ids []string
		for _, x := range list {
			ids = append(ids, x.ID)
			if len(x.Units) == 0 {
				t.Errorf("%s listed without its units", x.Number)
			}
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("%+v: %v, want %v", c.filter, ids, c.want)
		}
	}
}
