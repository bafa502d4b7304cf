package data

import (
	"fmt"
	"slices"
	"strings"
)

// TaskStep is one step applied to a task; which fields count depends on
// Kind.
type TaskStep struct {
	Kind   TaskEventKind
	On     Date   // the day of the step
	UnitID string // 签收, 进展报告; 催办: the unit reminded, "" for all
	By     string // 签收: who signed for the unit
	// Text is the content of a 进展报告 or 办结报告, the reason of a 延期,
	// and a note otherwise.
	Text        string
	Percent     int    // 进展报告
	MilestoneID string // 节点完成; 延期 of a milestone ("" for the 办结期限)
	Due         Date   // 延期: the new deadline
	ApprovedBy  string // 延期
	Method      string // 催办
	Passed      bool   // 验收
	// Notices are the 督办通知单 of a 交办, drafts each to one of the
	// task's units, with their IDs: each unit is linked to its own.
	Notices []*Document
}

// TaskEnv is what applying a step needs besides the task.
type TaskEnv struct {
	Calendar *Calendar
	Settings Settings
	Today    Date
}

// Apply checks step s against the task's state and the step's fields and,
// when they allow it, moves the task on: its state, dates, units' 签收 and
// milestones. It returns the event to record and the years whose holidays
// had to be assumed counting a deadline. Checks that need the ledger (that
// the units still exist) are the store's. On error the task is unchanged.
func (t *Task) Apply(s TaskStep, env TaskEnv) (TaskEvent, Assumed, error) {
	if err := s.validate(); err != nil {
		return TaskEvent{}, nil, err
	}
	if err := t.CheckStep(s.Kind); err != nil {
		return TaskEvent{}, nil, err
	}
	// Work on a copy: the task changes only when every check has passed.
	next := t.clone()
	e, assumed, err := next.apply(s, env)
	if err != nil {
		return TaskEvent{}, nil, err
	}
	*t = *next
	e.TaskID, e.Kind = t.ID, s.Kind
	return e, assumed, nil
}

func (t *Task) clone() *Task {
	c := *t
	c.Units, c.Milestones, c.UnitIDs = slices.Clone(t.Units), slices.Clone(t.Milestones), slices.Clone(t.UnitIDs)
	return &c
}

func (t *Task) apply(s TaskStep, env TaskEnv) (TaskEvent, Assumed, error) {
	cal, today := env.Calendar, env.Today
	switch s.Kind {
	case TaskEventAssigned:
		if err := checkStepDate("On", "交办日期", s.On, today, t.RegisteredOn, "立项日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		signDue, assumed := SignDue(cal, env.Settings, s.On)
		noticeOf := map[string]string{}
		for _, d := range s.Notices {
			if _, ok := t.Unit(d.RecipientUnitID); !ok {
				return TaskEvent{}, nil, Invalid("Notices", fmt.Sprintf("督办通知单“%s”的主送单位不是该督办事项的单位", d.Title))
			}
			if noticeOf[d.RecipientUnitID] != "" {
				return TaskEvent{}, nil, Invalid("Notices", fmt.Sprintf("“%s”有两份督办通知单", d.Recipient))
			}
			noticeOf[d.RecipientUnitID] = d.ID
		}
		for i := range t.Units {
			t.Units[i].SignDue, t.Units[i].NoticeID = signDue, noticeOf[t.Units[i].UnitID]
		}
		t.Status, t.AssignedOn = TaskAssigned, s.On
		return TaskEvent{On: s.On, DueDate: signDue,
			Note: joinNote(fmt.Sprintf("交%s办理，请于%s前签收", t.UnitNames(), signDue.Chinese()), assumed.Warning())}, assumed, nil

	case TaskEventSigned:
		i, err := t.unitIndex(s.UnitID)
		if err != nil {
			return TaskEvent{}, nil, err
		}
		u := &t.Units[i]
		if u.Signed() {
			return TaskEvent{}, nil, &StateError{Action: "签收", State: string(t.Status), Reason: fmt.Sprintf("%s已于%s签收", u.UnitName, u.SignedOn)}
		}
		if err := checkStepDate("On", "签收日期", s.On, today, t.AssignedOn, "交办日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		by := strings.TrimSpace(s.By)
		note := "签收人：" + by
		if cal.Missed(u.SignDue, s.On) {
			note += fmt.Sprintf("（签收期限%s，逾期签收）", u.SignDue)
		}
		u.SignedOn, u.SignedBy = s.On, by
		if len(t.Unsigned()) == 0 {
			t.Status = TaskInProgress
		}
		return TaskEvent{UnitID: u.UnitID, On: s.On, Note: note}, nil, nil

	case TaskEventProgress:
		i, err := t.unitIndex(s.UnitID)
		if err != nil {
			return TaskEvent{}, nil, err
		}
		u := t.Units[i]
		if !u.Signed() {
			return TaskEvent{}, nil, &StateError{Action: "报送进展", State: string(t.Status), Reason: u.UnitName + "尚未签收，请先登记签收"}
		}
		if err := checkStepDate("On", "报送日期", s.On, today, u.SignedOn, "签收日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		t.Units[i].LastReportOn, t.Units[i].Percent = s.On, s.Percent
		return TaskEvent{UnitID: u.UnitID, On: s.On, Percent: s.Percent, Note: strings.TrimSpace(s.Text)}, nil, nil

	case TaskEventMilestone:
		i, err := t.milestoneIndex(s.MilestoneID)
		if err != nil {
			return TaskEvent{}, nil, err
		}
		m := &t.Milestones[i]
		if !m.DoneOn.IsZero() {
			return TaskEvent{}, nil, &StateError{Action: "节点完成", State: string(t.Status), Reason: fmt.Sprintf("节点“%s”已于%s完成", m.Title, m.DoneOn)}
		}
		if err := checkStepDate("On", "完成日期", s.On, today, t.AssignedOn, "交办日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		text := fmt.Sprintf("第%d个节点“%s”完成（期限%s）", m.Seq, m.Title, m.Due)
		if cal.Missed(m.Due, s.On) {
			text += "，逾期完成"
		}
		m.DoneOn = s.On
		return TaskEvent{On: s.On, MilestoneID: m.ID, Note: joinNote(text, s.Text)}, nil, nil

	case TaskEventExtended:
		if err := checkStepDate("On", "延期日期", s.On, today, t.AssignedOn, "交办日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		e := TaskEvent{On: s.On, DueDate: s.Due, Note: strings.TrimSpace(s.Text), ApprovedBy: strings.TrimSpace(s.ApprovedBy), MilestoneID: s.MilestoneID}
		if s.MilestoneID == "" {
			if !s.Due.After(t.Due) {
				return TaskEvent{}, nil, Invalid("Due", fmt.Sprintf("延期后的期限应晚于原办结期限（%s）", t.Due))
			}
			t.Due = s.Due
			return e, nil, nil
		}
		i, err := t.milestoneIndex(s.MilestoneID)
		if err != nil {
			return TaskEvent{}, nil, err
		}
		m := &t.Milestones[i]
		switch {
		case !m.DoneOn.IsZero():
			return TaskEvent{}, nil, &StateError{Action: "延期", State: string(t.Status), Reason: fmt.Sprintf("节点“%s”已完成，无需延期", m.Title)}
		case !s.Due.After(m.Due):
			return TaskEvent{}, nil, Invalid("Due", fmt.Sprintf("延期后的期限应晚于该节点原期限（%s）", m.Due))
		case i+1 < len(t.Milestones) && s.Due.After(t.Milestones[i+1].Due):
			return TaskEvent{}, nil, Invalid("Due", fmt.Sprintf("延期后的期限不能晚于下一个节点的期限（%s），请先将下一个节点延期", t.Milestones[i+1].Due))
		}
		m.Due = s.Due
		if s.Due.After(t.Due) {
			t.Due = s.Due
		}
		e.Note = fmt.Sprintf("节点“%s”延期：%s", m.Title, strings.TrimSpace(s.Text))
		return e, nil, nil

	case TaskEventReminded:
		if s.UnitID != "" {
			if _, err := t.unitIndex(s.UnitID); err != nil {
				return TaskEvent{}, nil, err
			}
		}
		if err := checkStepDate("On", "催办日期", s.On, today, t.AssignedOn, "交办日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		return TaskEvent{UnitID: s.UnitID, On: s.On, Result: strings.TrimSpace(s.Method), Note: s.Text}, nil, nil

	case TaskEventReport:
		if err := checkStepDate("On", "报告日期", s.On, today, t.AssignedOn, "交办日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		t.Status, t.ReportedOn = TaskReported, s.On
		return TaskEvent{UnitID: t.LeadUnitID, On: s.On, Note: strings.TrimSpace(s.Text)}, nil, nil

	case TaskEventAccepted:
		if err := checkStepDate("On", "验收日期", s.On, today, t.ReportedOn, "办结报告日期"); err != nil {
			return TaskEvent{}, nil, err
		}
		result := AcceptPassed
		if s.Passed {
			t.Status, t.ClosedOn = TaskClosed, s.On
		} else {
			result = AcceptFailed
			t.Status, t.ReportedOn, t.Failed = TaskInProgress, Date{}, true
		}
		return TaskEvent{On: s.On, Result: result, Note: strings.TrimSpace(s.Text)}, nil, nil
	}
	return TaskEvent{}, nil, Invalid("Kind", fmt.Sprintf("“%s”不是督办事项的办理步骤", s.Kind))
}

// validate checks what a step of its kind must give, whatever the task.
func (s TaskStep) validate() error {
	if err := firstTooLong(textField{"By", "签收人", s.By, MaxName}, textField{"Content", "内容", s.Text, MaxText},
		textField{"ApprovedBy", "批准人", s.ApprovedBy, MaxName}, textField{"Method", "催办方式", s.Method, MaxCode}); err != nil {
		return err
	}
	switch s.Kind {
	case TaskEventAssigned:
		for _, d := range s.Notices {
			if d.Status != "" && d.Status != DocDraft {
				return Invalid("Notices", "督办通知单应先保存为草稿，签发后再送达")
			}
			if err := d.Validate(); err != nil {
				return err
			}
		}
	case TaskEventSigned:
		if blank(s.By) {
			return Invalid("By", "请填写签收人")
		}
	case TaskEventProgress:
		switch {
		case s.Percent < 0 || s.Percent > 100:
			return Invalid("Percent", "完成进度应在0%至100%之间")
		case blank(s.Text):
			return Invalid("Content", "请填写进展情况")
		}
	case TaskEventExtended:
		switch {
		case s.Due.IsZero():
			return Invalid("Due", "请填写延期后的期限")
		case blank(s.Text):
			return Invalid("Reason", "请填写延期理由")
		case blank(s.ApprovedBy):
			return Invalid("ApprovedBy", "请填写批准延期的领导")
		}
	case TaskEventReminded:
		if blank(s.Method) {
			return Invalid("Method", "请选择催办方式")
		}
	case TaskEventReport:
		if blank(s.Text) {
			return Invalid("Content", "请填写办结报告的内容")
		}
	case TaskEventAccepted:
		if !s.Passed && blank(s.Text) {
			return Invalid("Note", "请写明验收不通过的理由")
		}
	}
	return nil
}

// SignDue is the 签收期限 of a task handed over on day on: the office's
// 受理时限 in working days.
func SignDue(cal *Calendar, s Settings, on Date) (Date, Assumed) {
	return cal.AddWorkdays(on, s.AcceptLimitDays)
}

// UnitFor returns the task's unit id, or a validation error naming field
// when none is chosen or the unit is not one of the task's.
func (t *Task) UnitFor(id, field string) (TaskUnit, error) {
	if id == "" {
		return TaskUnit{}, Invalid(field, "请选择单位")
	}
	u, ok := t.Unit(id)
	if !ok {
		return u, Invalid(field, "所选单位不是该督办事项的牵头单位或责任单位")
	}
	return u, nil
}

func (t *Task) unitIndex(id string) (int, error) {
	if _, err := t.UnitFor(id, "UnitID"); err != nil {
		return -1, err
	}
	return slices.IndexFunc(t.Units, func(u TaskUnit) bool { return u.UnitID == id }), nil
}

func (t *Task) milestoneIndex(id string) (int, error) {
	i := slices.IndexFunc(t.Milestones, func(m Milestone) bool { return m.ID == id })
	if id == "" || i < 0 {
		return -1, Invalid("MilestoneID", "请选择该督办事项的一个节点")
	}
	return i, nil
}

// CheckEdit refuses what an edit of the task may not change: cur is the
// task as stored (nil for a new one), t the task as edited, today the
// office's day. A closed task is not changed; once handed over (交办) its
// units, deadline and milestones are what the units signed for, changed
// only through 延期; the 立项 date keeps the task's number's year.
func (t *Task) CheckEdit(cur *Task, today Date) error {
	if t.RegisteredOn.After(today) {
		return Invalid("RegisteredOn", "立项日期不能晚于今天")
	}
	if cur == nil {
		return nil
	}
	switch {
	case cur.Status == TaskClosed:
		return &StateError{Action: "修改", State: string(cur.Status), Reason: "该督办事项已办结销号，不能修改"}
	case t.RegisteredOn.Year() != cur.Year:
		return Invalid("RegisteredOn", fmt.Sprintf("立项日期不能改到%d年以外：编号%s按立项年份分配", cur.Year, cur.Number))
	case cur.Status == TaskRegistered:
		return nil
	}
	const after = "督办事项交办后，"
	refuse := func(why string) error {
		return &StateError{Action: "修改", State: string(cur.Status), Reason: after + why}
	}
	switch {
	case t.LeadUnitID != cur.LeadUnitID || !sameIDs(t.UnitIDs, cur.UnitIDs):
		return refuse("不能更改牵头单位和责任单位")
	case !t.Due.Equal(cur.Due):
		return refuse("办结期限只能通过延期变更")
	case !slices.EqualFunc(t.Milestones, cur.Milestones, func(x, y Milestone) bool {
		return strings.TrimSpace(x.Title) == y.Title && x.Due.Equal(y.Due)
	}):
		return refuse("不能更改节点，节点期限只能通过延期变更")
	case !t.RegisteredOn.Equal(cur.RegisteredOn):
		return refuse("不能更改立项日期")
	}
	return nil
}

// CheckDelete refuses to delete a task handed to its units: it has a
// history, and stays.
func (t *Task) CheckDelete() error {
	if t.Status != TaskRegistered {
		return &StateError{Action: "删除", State: string(t.Status), Reason: "督办事项交办后不能删除"}
	}
	return nil
}

func sameIDs(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
