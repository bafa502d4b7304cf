package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"xiaoneng/data"
)

// 督办事项: a task is registered (立项), handed to its units with a
// 督办通知单 each (交办), signed for by every unit (签收), reported on every
// quarter, and closed once the office accepts the lead unit's final report
// (办结销号). Each step is one method and one transaction, with its event.

// taskFields are a task's descriptive fields.
func taskFields(t *data.Task) []field {
	return []field{
		{"source", string(t.Source)}, {"source_ref", strings.TrimSpace(t.SourceRef)},
		{"title", strings.TrimSpace(t.Title)}, {"content", strings.TrimSpace(t.Content)},
		{"lead_unit_id", t.LeadUnitID}, {"due_date", t.Due}, {"handler", strings.TrimSpace(t.Handler)},
		{"registered_on", t.RegisteredOn},
	}
}

// checkTaskUnits refuses units that do not exist or are retired: a task is
// handed to bodies that still work.
func (t *tx) checkTaskUnits(task *data.Task) error {
	check := func(id, fieldName, role string) error {
		var name, status string
		err := t.queryRow("SELECT name, status FROM units WHERE id = ? AND deleted_at IS NULL", id).Scan(&name, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return data.Invalid(fieldName, "所选"+role+"不存在或已删除")
		}
		if err != nil {
			return fmt.Errorf("store: check unit: %w", err)
		}
		if status != string(data.UnitActive) {
			return data.Invalid(fieldName, fmt.Sprintf("“%s”已撤并，不能作为%s", name, role))
		}
		return nil
	}
	if err := check(task.LeadUnitID, "LeadUnitID", "牵头单位"); err != nil {
		return err
	}
	for _, id := range task.UnitIDs {
		if err := check(id, "UnitIDs", "责任单位"); err != nil {
			return err
		}
	}
	return nil
}

// CreateTask registers a task (立项): it gets the next number of the year
// of its 立项 date, DB2026-0001 onwards.
func (db *DB) CreateTask(ctx context.Context, task *data.Task) error {
	if task.RegisteredOn.IsZero() {
		task.RegisteredOn = db.today()
	}
	if err := task.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermTasks, func(t *tx) error {
		if err := t.officeOnly("登记督办事项"); err != nil {
			return err
		}
		if err := task.CheckEdit(nil, data.DateOf(t.now)); err != nil {
			return err
		}
		if err := t.checkTaskUnits(task); err != nil {
			return err
		}
		task.Year = task.RegisteredOn.Year()
		if err := t.queryRow("SELECT coalesce(max(seq), 0) + 1 FROM tasks WHERE year = ?", task.Year).Scan(&task.Seq); err != nil {
			return fmt.Errorf("store: task number: %w", err)
		}
		task.Number = fmt.Sprintf("DB%d-%04d", task.Year, task.Seq)
		task.Status = data.TaskRegistered
		task.AssignedOn, task.ReportedOn, task.ClosedOn, task.Failed = data.Date{}, data.Date{}, data.Date{}, false
		fields := append(taskFields(task), field{"number", task.Number}, field{"year", task.Year}, field{"seq", task.Seq},
			field{"status", string(task.Status)})
		if err := t.insert("tasks", &task.Record, fields); err != nil {
			return err
		}
		if err := t.syncTaskUnits(task); err != nil {
			return err
		}
		if err := t.syncMilestones(task); err != nil {
			return err
		}
		return t.addTaskEvent(&data.TaskEvent{TaskID: task.ID, Kind: data.TaskEventRegistered, On: task.RegisteredOn,
			DueDate: task.Due, Note: string(task.Source) + joinPrefix("：", task.SourceRef)})
	})
}

func joinPrefix(sep, s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return ""
	}
	return sep + s
}

// UpdateTask saves a task's changed fields. Once handed over (交办) its
// units, deadline and milestones are what the units signed for: they change
// only through 延期. A closed task is not changed.
func (db *DB) UpdateTask(ctx context.Context, task *data.Task) error {
	if err := task.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermTasks, func(t *tx) error {
		cur, err := loadTask(t.ctx, t.Tx, task.ID)
		if err != nil {
			return err
		}
		if err := task.CheckEdit(cur, data.DateOf(t.now)); err != nil {
			return err
		}
		if err := t.checkTaskUnits(task); err != nil {
			return err
		}
		if _, err := t.update("tasks", &task.Record, taskFields(task)); err != nil {
			return err
		}
		if cur.Status != data.TaskRegistered {
			return nil
		}
		if err := t.syncTaskUnits(task); err != nil {
			return err
		}
		return t.syncMilestones(task)
	})
}

// syncTaskUnits makes the task's unit rows the lead and the 责任单位 given:
// rows of units no longer listed are deleted, a unit moving between lead
// and responsible changes role.
func (t *tx) syncTaskUnits(task *data.Task) error {
	want := map[string]data.TaskRole{task.LeadUnitID: data.RoleLead}
	for _, id := range task.UnitIDs {
		want[id] = data.RoleResponsible
	}
	have := map[string]string{} // unit id → row id
	err := eachRow(t.ctx, t, "task units", "SELECT id, unit_id FROM task_units WHERE task_id = ? AND deleted_at IS NULL", []any{task.ID}, func(row rowScanner) error {
		var id, unit string
		if err := row.Scan(&id, &unit); err != nil {
			return err
		}
		have[unit] = id
		return nil
	})
	if err != nil {
		return err
	}
	for _, unit := range sortedKeys(have) {
		rowID := have[unit]
		role, ok := want[unit]
		if !ok {
			if err := t.tombstone("task_units", rowID); err != nil {
				return err
			}
			continue
		}
		if _, err := t.update("task_units", &data.Record{ID: rowID}, []field{{"role", string(role)}}); err != nil {
			return err
		}
	}
	for _, unit := range append([]string{task.LeadUnitID}, task.UnitIDs...) {
		if _, ok := have[unit]; ok {
			continue
		}
		var rec data.Record
		if err := t.insert("task_units", &rec, []field{{"task_id", task.ID}, {"unit_id", unit}, {"role", string(want[unit])}}); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// syncMilestones makes the stored milestones those of the task, in order:
// a milestone given with its ID is updated, one without is added, stored
// ones not given are deleted.
func (t *tx) syncMilestones(task *data.Task) error {
	stored, err := queryStrings(t.ctx, t.Tx, "SELECT id FROM task_milestones WHERE task_id = ? AND deleted_at IS NULL", task.ID)
	if err != nil {
		return err
	}
	kept := map[string]bool{}
	for i := range task.Milestones {
		m := &task.Milestones[i]
		m.TaskID, m.Seq = task.ID, i+1
		fields := []field{{"task_id", task.ID}, {"seq", m.Seq}, {"title", strings.TrimSpace(m.Title)}, {"due_date", m.Due}}
		if m.ID != "" && slices.Contains(stored, m.ID) {
			kept[m.ID] = true
			if _, err := t.update("task_milestones", &m.Record, fields); err != nil {
				return err
			}
			continue
		}
		m.ID = ""
		if err := t.insert("task_milestones", &m.Record, fields); err != nil {
			return err
		}
	}
	for _, id := range stored {
		if !kept[id] {
			if err := t.tombstone("task_milestones", id); err != nil {
				return err
			}
		}
	}
	return nil
}

// DeleteTask removes a task registered by mistake (a tombstone stays). A
// task handed to its units has a history and stays.
func (db *DB) DeleteTask(ctx context.Context, id string) error {
	return db.write(ctx, data.PermTasks, func(t *tx) error {
		cur, err := loadTask(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		if err := cur.CheckDelete(); err != nil {
			return err
		}
		return t.tombstone("tasks", id)
	})
}

// addTaskEvent writes one step of a task's history, stamped with the
// transaction's time and user.
func (t *tx) addTaskEvent(e *data.TaskEvent) error {
	e.At, e.Actor = t.now, t.actor
	return t.insert("task_events", &e.Record, []field{
		{"task_id", e.TaskID}, {"kind", string(e.Kind)}, {"at", e.At}, {"actor", e.Actor},
		{"unit_id", ref(e.UnitID)}, {"on_date", e.On}, {"percent", e.Percent}, {"due_date", e.DueDate},
		{"result", e.Result}, {"note", strings.TrimSpace(e.Note)}, {"approved_by", strings.TrimSpace(e.ApprovedBy)},
		{"milestone_id", ref(e.MilestoneID)}, {"action_id", ref(e.ActionID)},
	})
}

const taskSelect = "SELECT " + recordColumns + `, number, year, seq, source, source_ref, title, content,
	lead_unit_id, coalesce((SELECT name FROM units WHERE id = lead_unit_id), ''), due_date, handler, status,
	registered_on, assigned_on, reported_on, closed_on,
	EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = tasks.id AND e.kind = '验收' AND e.result = '不通过' AND e.deleted_at IS NULL)
	FROM tasks`

func scanTask(row interface{ Scan(...any) error }) (*data.Task, error) {
	x := &data.Task{}
	dest := append(recordDest(&x.Record), &x.Number, &x.Year, &x.Seq, &x.Source, &x.SourceRef, &x.Title, &x.Content,
		&x.LeadUnitID, &x.LeadUnitName, &x.Due, &x.Handler, &x.Status,
		&x.RegisteredOn, &x.AssignedOn, &x.ReportedOn, &x.ClosedOn, &x.Failed)
	return x, row.Scan(dest...)
}

// loadTask reads one live task with its units and milestones.
func loadTask(ctx context.Context, q querier, id string) (*data.Task, error) {
	x, err := queryByID(ctx, q, "task", scanTask, taskSelect+" WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return nil, err
	}
	if err := fillTaskParts(ctx, q, []*data.Task{x}, "task_id = ?", id); err != nil {
		return nil, err
	}
	return x, nil
}

// fillTaskParts reads the units (with their latest progress) and the
// milestones of tasks, selected by the condition cond on task_id.
func fillTaskParts(ctx context.Context, q querier, tasks []*data.Task, cond string, args ...any) error {
	byID := make(map[string]*data.Task, len(tasks))
	for _, x := range tasks {
		byID[x.ID] = x
		x.Units, x.Milestones, x.UnitIDs = nil, nil, nil
	}
	if err := eachRow(ctx, q, "task units", "SELECT "+prefixed("tu")+`, tu.task_id, tu.unit_id, u.name, tu.role,
		tu.sign_due, tu.signed_on, tu.signed_by, coalesce(tu.notice_id, ''),
		p.on_date, coalesce(p.percent, 0)
		FROM task_units tu JOIN units u ON u.id = tu.unit_id
		LEFT JOIN (SELECT task_id, unit_id, on_date, percent,
			row_number() OVER (PARTITION BY task_id, unit_id ORDER BY on_date DESC, at DESC, rowid DESC) AS n
			FROM task_events WHERE kind = '进展报告' AND deleted_at IS NULL AND `+cond+`) p
			ON p.task_id = tu.task_id AND p.unit_id = tu.unit_id AND p.n = 1
		WHERE tu.deleted_at IS NULL AND tu.`+cond+`
		ORDER BY tu.role = '牵头单位' DESC, tu.rowid`, append(append([]any{}, args...), args...), func(row rowScanner) error {
		var u data.TaskUnit
		if err := row.Scan(append(recordDest(&u.Record), &u.TaskID, &u.UnitID, &u.UnitName, &u.Role,
			&u.SignDue, &u.SignedOn, &u.SignedBy, &u.NoticeID, &u.LastReportOn, &u.Percent)...); err != nil {
			return err
		}
		if x := byID[u.TaskID]; x != nil {
			x.Units = append(x.Units, u)
			if u.Role == data.RoleResponsible {
				x.UnitIDs = append(x.UnitIDs, u.UnitID)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return eachRow(ctx, q, "milestones", "SELECT "+recordColumns+`, task_id, seq, title, due_date, done_on
		FROM task_milestones WHERE deleted_at IS NULL AND `+cond+` ORDER BY task_id, seq`, args, func(row rowScanner) error {
		var m data.Milestone
		if err := row.Scan(append(recordDest(&m.Record), &m.TaskID, &m.Seq, &m.Title, &m.Due, &m.DoneOn)...); err != nil {
			return err
		}
		if x := byID[m.TaskID]; x != nil {
			x.Milestones = append(x.Milestones, m)
		}
		return nil
	})
}

// Task returns one task with its units, their 签收 and latest progress, and
// its milestones.
func (db *DB) Task(ctx context.Context, id string) (*data.Task, error) {
	return readOne(ctx, db, loadTask, id)
}

// Tasks lists the tasks f selects, with their units and milestones, the
// latest registered first.
func (db *DB) Tasks(ctx context.Context, f data.TaskFilter) ([]*data.Task, error) {
	w := where("deleted_at IS NULL")
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.OpenOnly {
		w.add("status IN (?, ?)", string(data.TaskAssigned), string(data.TaskInProgress))
	}
	if f.UnitID != "" {
		w.add("id IN (SELECT task_id FROM task_units WHERE unit_id = ? AND deleted_at IS NULL)", f.UnitID)
	}
	if f.Year != 0 {
		w.add("year = ?", f.Year)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		like := "%" + escapeLike(s) + "%"
		w.add(`(title LIKE ? ESCAPE '\' OR number LIKE ? ESCAPE '\' OR content LIKE ? ESCAPE '\')`, like, like, like)
	}
	var out []*data.Task
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var err error
		out, err = queryList(ctx, q, "tasks", scanTask, taskSelect+" WHERE "+w.sql()+" ORDER BY registered_on DESC, year DESC, seq DESC", w.args...)
		if err != nil || len(out) == 0 {
			return err
		}
		// The parts of the tasks listed: one query each, whatever their number.
		return fillTaskParts(ctx, q, out, "task_id IN (SELECT id FROM tasks WHERE "+w.sql()+")", w.args...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// TaskEvents returns the history of a task, oldest first.
func (db *DB) TaskEvents(ctx context.Context, id string) ([]data.TaskEvent, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "task events", scanTaskEvent, "SELECT "+prefixed("e")+`, e.task_id, e.kind, e.at, e.actor,
		coalesce(e.unit_id, ''), coalesce(u.name, ''), e.on_date, e.percent, e.due_date, e.result, e.note, e.approved_by,
		coalesce(e.milestone_id, ''), coalesce(e.action_id, '')
		FROM task_events e LEFT JOIN units u ON u.id = e.unit_id
		WHERE e.task_id = ? AND e.deleted_at IS NULL ORDER BY e.at, e.rowid`, id)
}

func scanTaskEvent(row rowScanner) (data.TaskEvent, error) {
	var e data.TaskEvent
	err := row.Scan(append(recordDest(&e.Record), &e.TaskID, &e.Kind, scanTime{&e.At}, &e.Actor,
		&e.UnitID, &e.UnitName, &e.On, &e.Percent, &e.DueDate, &e.Result, &e.Note, &e.ApprovedBy,
		&e.MilestoneID, &e.ActionID)...)
	return e, err
}

// taskStep takes one step of a task in one transaction: it loads the
// task, applies the step (data.Task.Apply), lets then (when not nil) check
// and write what needs the ledger, saves what the step changed and records
// its event. It returns the years whose holidays were assumed counting a
// deadline.
func (db *DB) taskStep(ctx context.Context, id string, s data.TaskStep, then func(t *tx, task *data.Task) error) (data.Assumed, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var assumed data.Assumed
	err = db.write(ctx, data.PermTasks, func(t *tx) error {
		task, err := loadTask(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		env := data.TaskEnv{Calendar: cal, Today: data.DateOf(t.now)}
		if env.Settings, err = readSettings(t.ctx, t.Tx); err != nil {
			return err
		}
		e, a, err := task.Apply(s, env)
		if err != nil {
			return err
		}
		assumed = a
		if then != nil {
			if err := then(t, task); err != nil {
				return err
			}
		}
		if err := t.saveTaskState(task); err != nil {
			return err
		}
		return t.addTaskEvent(&e)
	})
	if err != nil {
		return nil, err
	}
	return assumed, nil
}

// saveTaskState writes what the steps change: the task's state, dates and
// deadline, its units' 签收 and notices, its milestones' deadlines and
// completion.
func (t *tx) saveTaskState(task *data.Task) error {
	if _, err := t.update("tasks", &task.Record, []field{
		{"status", string(task.Status)}, {"assigned_on", task.AssignedOn}, {"reported_on", task.ReportedOn},
		{"closed_on", task.ClosedOn}, {"due_date", task.Due},
	}); err != nil {
		return err
	}
	for _, u := range task.Units {
		if _, err := t.update("task_units", &data.Record{ID: u.ID}, []field{
			{"sign_due", u.SignDue}, {"signed_on", u.SignedOn}, {"signed_by", u.SignedBy}, {"notice_id", ref(u.NoticeID)},
		}); err != nil {
			return err
		}
	}
	for i := range task.Milestones {
		m := &task.Milestones[i]
		if _, err := t.update("task_milestones", &m.Record, []field{{"due_date", m.Due}, {"done_on", m.DoneOn}}); err != nil {
			return err
		}
	}
	return nil
}

// AssignTask hands a registered task to its units (交办) on day on: each
// unit is to sign for it within the office's 受理时限 in working days, and
// the notices given (督办通知单 drafts, each addressed to one of the task's
// units) are saved with the task, each linked to its unit. It returns the
// years whose holidays had to be assumed counting the 签收期限.
func (db *DB) AssignTask(ctx context.Context, id string, on data.Date, notices []*data.Document) (data.Assumed, error) {
	for _, d := range notices {
		if d.ID == "" {
			d.ID = newID() // the task's units are linked to their notices by it
		}
	}
	return db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventAssigned, On: on, Notices: notices}, func(t *tx, task *data.Task) error {
		if err := t.checkTaskUnits(task); err != nil {
			return err
		}
		for _, d := range notices {
			if err := t.checkDocumentRefs(d); err != nil {
				return err
			}
			d.Status = data.DocDraft
			if err := t.insert("documents", &d.Record, append(draftFields(d), field{"status", string(data.DocDraft)})); err != nil {
				return err
			}
		}
		return nil
	})
}

// SignTask records a unit's 签收 of a task handed to it, by whom; once the
// last unit has signed the task is 办理中.
func (db *DB) SignTask(ctx context.Context, id, unitID string, on data.Date, by string) error {
	_, err := db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventSigned, UnitID: unitID, On: on, By: by}, nil)
	return err
}

// ReportTaskProgress records a unit's progress report (units report every
// quarter): the day, what was done and how far along the task is.
func (db *DB) ReportTaskProgress(ctx context.Context, id, unitID string, on data.Date, percent int, content string) error {
	_, err := db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventProgress, UnitID: unitID, On: on, Percent: percent, Text: content}, nil)
	return err
}

// CompleteMilestone records that a milestone of a task was reached on day on.
func (db *DB) CompleteMilestone(ctx context.Context, id, milestoneID string, on data.Date, note string) error {
	_, err := db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventMilestone, MilestoneID: milestoneID, On: on, Text: note}, nil)
	return err
}

// ExtendTask moves a deadline back on day on, with the reason and who
// approved it: the 办结期限 when milestoneID is "", else that milestone's
// (and the 办结期限 with it when the milestone's new date falls after it).
func (db *DB) ExtendTask(ctx context.Context, id, milestoneID string, on, due data.Date, reason, approvedBy string) error {
	_, err := db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventExtended, MilestoneID: milestoneID, On: on, Due: due,
		Text: reason, ApprovedBy: approvedBy}, nil)
	return err
}

// RemindTask records a 催办 of a task: of one unit, or of all when unitID
// is "".
func (db *DB) RemindTask(ctx context.Context, id, unitID string, on data.Date, method, note string) error {
	_, err := db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventReminded, UnitID: unitID, On: on, Method: method, Text: note}, nil)
	return err
}

// SubmitTaskReport records the lead unit's final report (办结报告): the task
// awaits the office's acceptance.
func (db *DB) SubmitTaskReport(ctx context.Context, id string, on data.Date, content string) error {
	_, err := db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventReport, On: on, Text: content}, nil)
	return err
}

// AcceptTask records the office's verdict on the final report: 通过 closes
// the task (办结销号); 不通过 sends it back to 办理中, the reason recorded,
// and makes the task one its units may be held to account for.
func (db *DB) AcceptTask(ctx context.Context, id string, on data.Date, passed bool, note string) error {
	_, err := db.taskStep(ctx, id, data.TaskStep{Kind: data.TaskEventAccepted, On: on, Passed: passed, Text: note}, nil)
	return err
}

// HoldTaskAccountable records a 效能责任追究 against one of a task's units
// (or a person of it) on the ground that the task is late or its final
// report was refused; the decision is linked to the task and noted in its
// history.
func (db *DB) HoldTaskAccountable(ctx context.Context, id string, a *data.Action) error {
	if err := a.Validate(); err != nil {
		return err
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, data.PermTasks, func(t *tx) error {
		task, err := loadTask(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		if err := task.CheckAccountable(cal, data.DateOf(t.now)); err != nil {
			return err
		}
		u, err := task.UnitFor(a.UnitID, "UnitID")
		if err != nil {
			return err
		}
		if err := t.checkActionRefs(a); err != nil {
			return err
		}
		if err := t.insert("actions", &a.Record, append(actionFields(a), field{"task_id", task.ID})); err != nil {
			return err
		}
		who := u.UnitName
		if a.TargetKind == data.TargetPerson {
			who = u.UnitName + a.PersonName
		}
		return t.addTaskEvent(&data.TaskEvent{TaskID: task.ID, Kind: data.TaskEventAction, UnitID: a.UnitID, On: a.DecidedOn,
			Result: string(a.Measure), Note: fmt.Sprintf("对%s予以%s：%s", who, a.Measure, strings.TrimSpace(a.Reason)), ActionID: a.ID})
	})
}

// TaskActions lists the 责任追究 decisions resting on a task, the latest first.
func (db *DB) TaskActions(ctx context.Context, id string) ([]*data.Action, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "task actions", scanAction, actionSelect+" WHERE a.task_id = ? AND a.deleted_at IS NULL ORDER BY a.decided_on DESC, a.created_at DESC", id)
}

// TaskCounts returns the 工作台 figures for 督办事项 on day today: tasks with
// the units, those still awaiting a signature, those whose deadline (the
// next milestone not reached, else the 办结期限) is within warnDays working
// days or past, and final reports awaiting acceptance. The alert rule is
// data.Task.Alert's.
func (db *DB) TaskCounts(ctx context.Context, today data.Date, warnDays int) (data.TaskCounts, error) {
	var c data.TaskCounts
	cal, err := db.Calendar(ctx)
	if err != nil {
		return c, err
	}
	overdueBefore, soonBefore := data.AlertBounds(cal, today, warnDays)
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return c, err
	}
	err = rd.QueryRowContext(ctx, `WITH d AS (
		SELECT status, coalesce((SELECT min(m.due_date) FROM task_milestones m
			WHERE m.task_id = t.id AND m.done_on IS NULL AND m.deleted_at IS NULL
			AND (t.due_date IS NULL OR m.due_date <= t.due_date)), t.due_date) AS deadline
		FROM tasks t WHERE t.deleted_at IS NULL AND t.status IN ('待签收', '办理中', '待验收'))
		SELECT coalesce(sum(status IN ('待签收', '办理中')), 0),
			coalesce(sum(status = '待签收'), 0),
			coalesce(sum(status IN ('待签收', '办理中') AND deadline >= ?1 AND deadline < ?2), 0),
			coalesce(sum(status IN ('待签收', '办理中') AND deadline < ?1), 0),
			coalesce(sum(status = '待验收'), 0)
		FROM d`, overdueBefore.String(), soonBefore.String()).Scan(&c.Open, &c.Unsigned, &c.DueSoon, &c.Overdue, &c.Reported)
	if err != nil {
		return c, fmt.Errorf("store: task counts: %w", err)
	}
	return c, nil
}
