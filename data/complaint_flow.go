package data

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Step is one workflow step applied to a complaint.
type Step struct {
	Kind          EventKind     // 受理 不予受理 转办 交办 延期 催办 反馈 核实 答复 回访 重办 并单 归档
	At            time.Time     // when it happened (zero = now)
	HandlerUnitID string        // 交办, 重办 (重办 may keep the current handler when empty)
	LimitDays     int           // 交办, 重办: working days (0 = the default for the channel); 延期: extra working days
	Method        string        // 催办/答复/回访: 电话, 书面, 当面, 短信, 网络 …
	Result        string        // 核实: a Verification; 回访: a Satisfaction
	Note          string        // reason / content / the unit's result text
	ApprovedBy    string        // 延期
	By            string        // 催办: who reminded (defaults to the actor)
	RelatedID     string        // 并单: the master complaint id
	TransferTo    string        // 转办: the competent body
	Attachments   []*Attachment // files of the step (the unit's written result at 反馈), kept with its event
}

// StepKinds are the steps a user can apply, in workflow order (登记 is not
// a step: it is RegisterComplaint).
var StepKinds = []EventKind{
	EventAccept, EventReject, EventTransfer, EventAssign, EventExtend, EventRemind, EventFeedback,
	EventVerify, EventReply, EventFollowUp, EventRework, EventMerge, EventArchive,
}

// ContactMethods are the usual ways of 催办, 答复 and 回访; the screens offer
// them, and another method may be typed.
var ContactMethods = []string{"电话", "书面", "当面", "短信", "网络"}

// nextSteps is the state machine: from each state, the steps allowed, in the
// order a screen should offer them. 交办 from 待受理 also records 受理; 回访
// 不满意 also records 重办, so 重办 is offered by hand only at 待核实, when the
// office does not accept the unit's result.
var nextSteps = map[ComplaintStatus][]EventKind{
	StatusPending:     {EventAccept, EventAssign, EventReject, EventTransfer, EventMerge},
	StatusAccepted:    {EventAssign, EventMerge},
	StatusHandling:    {EventFeedback, EventRemind, EventExtend, EventMerge},
	StatusVerifying:   {EventVerify, EventRework},
	StatusReplying:    {EventReply},
	StatusFollowUp:    {EventFollowUp},
	StatusClosed:      {EventArchive},
	StatusRejected:    {EventArchive},
	StatusTransferred: {EventArchive},
	StatusMerged:      {EventArchive},
	StatusArchived:    nil,
}

// NextSteps returns the steps allowed from status, in the order a screen
// should offer them; none for 已归档 or an unknown state.
func NextSteps(status ComplaintStatus) []EventKind {
	return append([]EventKind(nil), nextSteps[status]...)
}

// DefaultLimitDays is the 办理时限 a 交办 or 重办 gets when none is given:
// 12345 and 监测点 complaints have their own, shorter limits.
func DefaultLimitDays(s Settings, ch Channel) int {
	switch ch {
	case Channel12345:
		return s.Limit12345Days
	case ChannelMonitored:
		return s.MonitorReplyDays
	}
	return s.HandleLimitDays
}

// FlowEnv is what applying a step needs besides the complaint.
type FlowEnv struct {
	Calendar *Calendar
	Settings Settings
	Now      time.Time // the time of the change; a step without At happened now
	Actor    string    // who records the step
}

// Apply checks step s against the complaint's state and the step's fields,
// moves the complaint on, and returns the events to record: more than one when
// a step implies another (交办 from 待受理 also 受理s; 回访 不满意 also 重办s).
// It also returns the years whose holidays had to be assumed when counting
// a due date. Checks that need the ledger (that the handler unit and the
// master complaint exist) are the store's. On error the complaint is unchanged.
func (c *Complaint) Apply(s Step, env FlowEnv) ([]ComplaintEvent, Assumed, error) {
	if !oneOf(s.Kind, StepKinds) {
		return nil, nil, Invalid("Kind", fmt.Sprintf("“%s”不是投诉办理步骤", s.Kind))
	}
	if !oneOf(s.Kind, nextSteps[c.Status]) {
		return nil, nil, &StateError{Action: string(s.Kind), State: string(c.Status),
			Reason: fmt.Sprintf("当前状态为“%s”，不能%s", c.Status, s.Kind)}
	}
	at := s.At
	if at.IsZero() {
		at = env.Now
	}
	at = at.In(Zone).Truncate(time.Millisecond)
	if at.After(env.Now) {
		return nil, nil, Invalid("At", string(s.Kind)+"时间不能晚于当前时间")
	}
	if at.Before(c.ReceivedAt) {
		return nil, nil, Invalid("At", string(s.Kind)+"时间不能早于收件时间")
	}
	// The timeline is in time order; a step dated before the one it follows
	// is a typing mistake.
	if last := c.lastStepAt(); at.Before(last) {
		return nil, nil, Invalid("At", fmt.Sprintf("%s时间不能早于上一步骤的时间（%s）", s.Kind, last.Format("2006-01-02 15:04")))
	}
	if err := s.validate(c, env.Settings); err != nil {
		return nil, nil, err
	}

	// Every check is done: from here on the step cannot fail.
	f := flow{c: c, env: env, at: at}
	switch s.Kind {
	case EventAccept:
		f.accept(s.Note)
	case EventReject:
		c.RejectReason = strings.TrimSpace(s.Note)
		c.Status = StatusRejected
		f.record(ComplaintEvent{Kind: EventReject, Note: c.RejectReason})
	case EventTransfer:
		c.TransferTo = strings.TrimSpace(s.TransferTo)
		c.Status = StatusTransferred
		f.record(ComplaintEvent{Kind: EventTransfer, TransferTo: c.TransferTo, Note: s.Note})
	case EventAssign:
		if c.Status == StatusPending {
			f.accept("")
		}
		f.assign(EventAssign, s.HandlerUnitID, s.LimitDays, s.Note)
	case EventExtend:
		base := c.DueDate
		if base.IsZero() {
			base = DateOf(at)
		}
		due, assumed := env.Calendar.AddWorkdays(base, s.LimitDays)
		f.assume(assumed)
		c.DueDate = due
		c.LimitDays += s.LimitDays
		f.record(ComplaintEvent{Kind: EventExtend, LimitDays: s.LimitDays, DueDate: due,
			ApprovedBy: strings.TrimSpace(s.ApprovedBy), Note: strings.TrimSpace(s.Note)})
	case EventRemind:
		by := strings.TrimSpace(s.By)
		if by == "" {
			by = env.Actor
		}
		f.record(ComplaintEvent{Kind: EventRemind, Method: strings.TrimSpace(s.Method), By: by, Note: s.Note})
	case EventFeedback:
		c.FedBackAt = at
		c.Feedback = strings.TrimSpace(s.Note)
		c.Status = StatusVerifying
		f.record(ComplaintEvent{Kind: EventFeedback, Note: c.Feedback})
	case EventVerify:
		c.Verification = Verification(s.Result)
		c.Status = StatusReplying
		f.record(ComplaintEvent{Kind: EventVerify, Result: s.Result, Note: s.Note})
	case EventReply:
		c.RepliedAt = at
		c.Status = StatusFollowUp
		f.record(ComplaintEvent{Kind: EventReply, Method: strings.TrimSpace(s.Method), Note: s.Note})
	case EventFollowUp:
		c.Satisfaction = Satisfaction(s.Result)
		c.Verdict = c.Satisfaction
		f.record(ComplaintEvent{Kind: EventFollowUp, Method: strings.TrimSpace(s.Method), Result: s.Result, Note: s.Note})
		if c.Satisfaction == Dissatisfied {
			f.rework("", 0, "回访不满意，重新办理")
		} else {
			c.ClosedAt = at
			c.Status = StatusClosed
		}
	case EventRework:
		f.rework(s.HandlerUnitID, s.LimitDays, s.Note)
	case EventMerge:
		c.MergedIntoID = s.RelatedID
		c.Status = StatusMerged
		f.record(ComplaintEvent{Kind: EventMerge, RelatedID: s.RelatedID, Note: s.Note})
	case EventArchive:
		c.ArchivedAt = at
		c.Status = StatusArchived
		f.record(ComplaintEvent{Kind: EventArchive, Note: s.Note})
	}
	return f.events, f.assumed, nil
}

// flow collects the changes and events of one Apply.
type flow struct {
	c       *Complaint
	env     FlowEnv
	at      time.Time
	events  []ComplaintEvent
	assumed Assumed
}

func (f *flow) record(e ComplaintEvent) {
	e.ComplaintID, e.At, e.Actor = f.c.ID, f.at, f.env.Actor
	if e.Round == 0 {
		e.Round = f.c.Round
	}
	f.events = append(f.events, e)
}

func (f *flow) assume(years Assumed) {
	for _, y := range years {
		f.assumed = f.assumed.add(y)
	}
}

func (f *flow) accept(note string) {
	f.c.AcceptedAt = f.at
	f.c.Status = StatusAccepted
	f.record(ComplaintEvent{Kind: EventAccept, Note: note})
}

// assign gives the complaint to a handler with a due date counted in working
// days from the day of the step.
func (f *flow) assign(kind EventKind, handler string, limit int, note string) {
	if limit == 0 {
		limit = DefaultLimitDays(f.env.Settings, f.c.Channel)
	}
	due, assumed := f.env.Calendar.AddWorkdays(DateOf(f.at), limit)
	f.assume(assumed)
	f.c.HandlerUnitID = handler
	f.c.AssignedAt = f.at
	f.c.LimitDays = limit
	f.c.DueDate = due
	f.c.Status = StatusHandling
	f.record(ComplaintEvent{Kind: kind, HandlerUnitID: handler, LimitDays: limit, DueDate: due, Note: strings.TrimSpace(note)})
}

// rework starts a new round with the given handler (the current one when
// empty). The complaint's result fields describe the current round, so the
// last round's are cleared; its events keep them.
func (f *flow) rework(handler string, limit int, note string) {
	if handler == "" {
		handler = f.c.HandlerUnitID
	}
	f.c.Round++
	f.c.FedBackAt, f.c.Feedback, f.c.Verification = time.Time{}, "", ""
	f.c.RepliedAt, f.c.Satisfaction, f.c.ClosedAt = time.Time{}, "", time.Time{}
	f.assign(EventRework, handler, limit, note)
}

// validate checks the fields a step of this kind needs.
func (s Step) validate(c *Complaint, set Settings) error {
	if err := firstTooLong(textField{"Note", stepNoteLabel(s.Kind), s.Note, MaxText},
		textField{"ApprovedBy", "批准人", s.ApprovedBy, MaxName}, textField{"By", "催办人", s.By, MaxName}); err != nil {
		return err
	}
	limitErr := func(what string) error {
		return Invalid("LimitDays", fmt.Sprintf("%s应在1至%d个工作日之间", what, set.MaxLimitDays))
	}
	switch s.Kind {
	case EventReject:
		if blank(s.Note) {
			return Invalid("Note", "请填写不予受理的理由")
		}
	case EventTransfer:
		switch {
		case blank(s.TransferTo):
			return Invalid("TransferTo", "请填写转办的有权处理机关")
		case tooLong(s.TransferTo, 60):
			return Invalid("TransferTo", "转办机关名称不能超过60个字")
		}
	case EventAssign:
		switch {
		case s.HandlerUnitID == "":
			return Invalid("HandlerUnitID", "请选择承办单位")
		case s.LimitDays < 0 || s.LimitDays > set.MaxLimitDays:
			return limitErr("办理时限")
		}
	case EventExtend:
		switch {
		case s.LimitDays < 1 || s.LimitDays > set.MaxLimitDays:
			return limitErr("延期天数")
		case blank(s.Note):
			return Invalid("Note", "请填写延期理由")
		case blank(s.ApprovedBy):
			return Invalid("ApprovedBy", "请填写延期批准人")
		}
	case EventRemind:
		if err := checkMethod(s.Method, "催办"); err != nil {
			return err
		}
	case EventFeedback:
		if blank(s.Note) {
			return Invalid("Note", "请填写承办单位的办理结果")
		}
	case EventVerify:
		if !oneOf(Verification(s.Result), Verifications) {
			return Invalid("Result", "请选择核实结论：属实、部分属实、不属实或无法核实")
		}
	case EventReply:
		if err := checkMethod(s.Method, "答复"); err != nil {
			return err
		}
	case EventFollowUp:
		if !oneOf(Satisfaction(s.Result), Satisfactions) {
			return Invalid("Result", "请选择回访满意度：满意、基本满意或不满意")
		}
		if tooLong(s.Method, 20) {
			return Invalid("Method", "回访方式不能超过20个字")
		}
	case EventRework:
		switch {
		case s.HandlerUnitID == "" && c.HandlerUnitID == "":
			return Invalid("HandlerUnitID", "请选择重办的承办单位")
		case s.LimitDays < 0 || s.LimitDays > set.MaxLimitDays:
			return limitErr("办理时限")
		}
	case EventMerge:
		switch {
		case s.RelatedID == "":
			return Invalid("RelatedID", "请选择要并入的主投诉")
		case s.RelatedID == c.ID:
			return Invalid("RelatedID", "不能并入本投诉")
		}
	}
	return nil
}

// stepNoteLabel is what a step's note is, for the message that it is too
// long.
func stepNoteLabel(k EventKind) string {
	switch k {
	case EventReject:
		return "不予受理理由"
	case EventExtend:
		return "延期理由"
	case EventFeedback:
		return "办理结果"
	case EventReply:
		return "答复内容"
	}
	return "说明"
}

func checkMethod(m, step string) error {
	switch {
	case blank(m):
		return Invalid("Method", "请选择"+step+"方式")
	case tooLong(m, 20):
		return Invalid("Method", step+"方式不能超过20个字")
	}
	return nil
}

// lastStepAt is the time of the latest milestone of the current round.
func (c *Complaint) lastStepAt() time.Time {
	last := c.ReceivedAt
	for _, t := range []time.Time{c.AcceptedAt, c.AssignedAt, c.FedBackAt, c.RepliedAt, c.ClosedAt} {
		if t.After(last) {
			last = t
		}
	}
	return last
}

// Deadline is the deadline a complaint is watched against now: the
// acceptance deadline while it waits to be accepted (待受理), its due date
// while it is being handled (办理中); none in other states (HasDeadline).
func (c *Complaint) Deadline() Date {
	switch {
	case !c.Status.HasDeadline():
		return Date{}
	case c.Status == StatusPending:
		return c.AcceptDue
	}
	return c.DueDate
}

// HasDeadline tells whether a complaint is watched against a deadline in
// state s (Deadline), set or not.
func (s ComplaintStatus) HasDeadline() bool { return s == StatusPending || s == StatusHandling }

// AcceptWarnDays are the warning days of a 受理期限: a complaint not yet
// accepted is 临近到期 only on its last day, the acceptance limit being
// itself a few days.
const AcceptWarnDays = 0

// Alert says whether a complaint is near or past its deadline (Deadline) on
// day today, by the deadline rule (Calendar.AlertOn): warnDays before a
// 办理期限, AcceptWarnDays before a 受理期限, and then Accept is set.
func (c *Complaint) Alert(cal *Calendar, today Date, warnDays int) Alert {
	if c.Status == StatusPending && !c.AcceptDue.IsZero() {
		a := cal.AlertOn(c.AcceptDue, today, AcceptWarnDays)
		a.Accept = true
		return a
	}
	return cal.AlertOn(c.Deadline(), today, warnDays)
}

// MissedDue says whether the complaint missed its 办理时限 as of day today:
// it is still being handled once its due date is missed, or the unit's
// result came in on a day the due date was already missed. The figures of
// 统计与通报 count these complaints as 超期 (late, or still open past it).
func (c *Complaint) MissedDue(cal *Calendar, today Date) bool {
	switch {
	case c.DueDate.IsZero():
		return false
	case c.Status == StatusHandling:
		return cal.Missed(c.DueDate, today)
	}
	return !c.FedBackAt.IsZero() && cal.Missed(c.DueDate, DateOf(c.FedBackAt))
}

// ComplaintCounts are the figures of the 工作台: complaints in each open state,
// and the ones near or past their deadline (Complaint.Alert).
type ComplaintCounts struct {
	Pending   int // 待受理
	Accepted  int // 待交办
	Handling  int // 办理中
	DueSoon   int // 待受理 or 办理中, and 临近到期
	Overdue   int // 待受理 or 办理中, and 已超期
	Verifying int // 待核实
	Replying  int // 待答复
	FollowUp  int // 待回访
	Closed    int // 已办结 (not yet archived)
}

// MaskName keeps the first character of a name and hides the rest:
// 张三丰 → 张**.
func MaskName(s string) string {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(s)
	return string(first) + strings.Repeat("*", max(n-1, 1))
}

// MaskPhone keeps the first three and last four digits of a phone number:
// 13812345678 → 138****5678. Short numbers keep less.
func MaskPhone(s string) string {
	return maskMiddle(strings.TrimSpace(s), 3, 4)
}

// MaskIDNumber keeps the first three and last two characters of an ID number.
func MaskIDNumber(s string) string {
	return maskMiddle(strings.TrimSpace(s), 3, 2)
}

// maskMiddle hides all but head leading and tail trailing characters; a
// string too short for that keeps only its first character.
func maskMiddle(s string, head, tail int) string {
	r := []rune(s)
	switch {
	case len(r) == 0:
		return ""
	case len(r) <= head+tail:
		return string(r[0]) + strings.Repeat("*", len(r)-1)
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}

// maskedText stands for a hidden address or work unit.
const maskedText = "***"

// Masked returns the complainant as screens show it before the identity is
// revealed: name and numbers partly hidden, address and work unit hidden.
func (p Complainant) Masked() Complainant {
	m := Complainant{Anonymous: p.Anonymous, Name: MaskName(p.Name), Phone: MaskPhone(p.Phone), IDNumber: MaskIDNumber(p.IDNumber)}
	if strings.TrimSpace(p.Address) != "" {
		m.Address = maskedText
	}
	if strings.TrimSpace(p.Unit) != "" {
		m.Unit = maskedText
	}
	return m
}
