package data

import (
	"fmt"
	"slices"
	"strings"
)

// The rectification of a finding: ordered within a period of working days
// (限期整改: 无需整改 → 整改中), the unit's written report (整改报告:
// 整改中 → 待复查), and the office's re-check (复查): 已整改 closes it,
// 整改不到位 sends it back to 整改中 with a new period. An open
// rectification's deadline may be extended (延期).

// MaxRectDays bounds every rectification period and extension.
const MaxRectDays = 90

// rectSteps is the state machine: the steps each state allows.
var rectSteps = map[RectStatus][]FindingEventKind{
	RectNone:     {FindingOrdered},
	RectOpen:     {FindingReport, FindingExtended},
	RectReported: {FindingRecheck},
	RectDone:     nil,
}

// RectificationSteps returns the steps a rectification in status allows.
func RectificationSteps(status RectStatus) []FindingEventKind {
	return slices.Clone(rectSteps[status])
}

// RectStep is one step of a rectification; which fields count depends on
// Kind.
type RectStep struct {
	Kind FindingEventKind // 限期整改, 整改报告, 复查, 延期
	On   Date             // the day of the step; 延期 happens today
	// LimitDays is the period of 限期整改, the new period after 整改不到位,
	// or the working days 延期 adds.
	LimitDays int
	Text      string        // 整改报告: the report; 延期: the reason; otherwise a note
	Result    RecheckResult // 复查
	By        string        // 复查: who re-checked (the actor when blank)
}

// RectEnv is what applying a step needs besides the finding.
type RectEnv struct {
	Calendar *Calendar
	Today    Date
	Actor    string
}

// Apply checks step s against the finding's rectification and the step's
// fields and, when they allow it, moves the rectification on. It returns
// the event to record and the years whose holidays had to be assumed
// counting a deadline (noted on the event). On error the finding is
// unchanged.
func (f *Finding) Apply(s RectStep, env RectEnv) (FindingEvent, Assumed, error) {
	if err := s.validate(); err != nil {
		return FindingEvent{}, nil, err
	}
	if !slices.Contains(rectSteps[f.RectStatus], s.Kind) {
		return FindingEvent{}, nil, f.refuse(s.Kind)
	}
	e := FindingEvent{Kind: s.Kind, On: s.On, Note: strings.TrimSpace(s.Text)}
	var assumed Assumed
	switch s.Kind {
	case FindingOrdered:
		if err := checkStepDate("On", "限期整改日期", s.On, env.Today, f.FoundOn, "发现问题日期"); err != nil {
			return FindingEvent{}, nil, err
		}
		f.RectStatus, f.RectLimitDays = RectOpen, s.LimitDays
		f.RectDue, assumed = env.Calendar.AddWorkdays(s.On, s.LimitDays)
		e.LimitDays, e.DueDate = s.LimitDays, f.RectDue
	case FindingReport:
		if err := checkStepDate("On", "整改报告日期", s.On, env.Today, f.FoundOn, "发现问题日期"); err != nil {
			return FindingEvent{}, nil, err
		}
		f.RectStatus, f.ReportOn, f.ReportContent = RectReported, s.On, e.Note
	case FindingRecheck:
		if err := checkStepDate("On", "复查日期", s.On, env.Today, f.ReportOn, "整改报告日期"); err != nil {
			return FindingEvent{}, nil, err
		}
		by := strings.TrimSpace(s.By)
		if by == "" {
			by = env.Actor
		}
		f.RecheckOn, f.RecheckResult, f.RecheckBy = s.On, s.Result, by
		e.Result = string(s.Result)
		if s.Result == RecheckPassed {
			f.RectStatus, f.ClosedOn = RectDone, s.On
			break
		}
		f.RectStatus, f.RectLimitDays = RectOpen, s.LimitDays
		f.RectDue, assumed = env.Calendar.AddWorkdays(s.On, s.LimitDays)
		e.LimitDays, e.DueDate = s.LimitDays, f.RectDue
	case FindingExtended:
		e.On = env.Today
		f.RectLimitDays += s.LimitDays
		f.RectDue, assumed = env.Calendar.AddWorkdays(f.RectDue, s.LimitDays)
		e.LimitDays, e.DueDate = s.LimitDays, f.RectDue
	}
	e.Note = joinNote(e.Note, assumed.Warning())
	return e, assumed, nil
}

// validate checks what a step of its kind must give, whatever the state.
func (s RectStep) validate() error {
	if err := firstTooLong(textField{"Content", "内容", s.Text, MaxText}, textField{"By", "复查人", s.By, MaxName}); err != nil {
		return err
	}
	days := func(field string) error {
		if s.LimitDays < 1 || s.LimitDays > MaxRectDays {
			return Invalid(field, fmt.Sprintf("整改时限应在1至%d个工作日之间", MaxRectDays))
		}
		return nil
	}
	switch s.Kind {
	case FindingOrdered:
		return days("LimitDays")
	case FindingReport:
		if blank(s.Text) {
			return Invalid("Content", "整改报告内容不能为空")
		}
	case FindingRecheck:
		switch s.Result {
		case RecheckPassed:
		case RecheckFailed:
			if days("NewLimitDays") != nil {
				return Invalid("NewLimitDays", fmt.Sprintf("整改不到位的，请重新确定整改时限（1至%d个工作日）", MaxRectDays))
			}
		default:
			return Invalid("Result", "复查结果只能是“已整改”或“整改不到位”")
		}
	case FindingExtended:
		switch {
		case s.LimitDays < 1 || s.LimitDays > MaxRectDays:
			return Invalid("Days", fmt.Sprintf("延期天数应在1至%d个工作日之间", MaxRectDays))
		case blank(s.Text):
			return Invalid("Reason", "请填写延期理由")
		}
	default:
		return Invalid("Kind", fmt.Sprintf("“%s”不是整改步骤", s.Kind))
	}
	return nil
}

// refuse says why a step is not allowed in the finding's current state.
func (f *Finding) refuse(kind FindingEventKind) error {
	action := map[FindingEventKind]string{FindingOrdered: "下达限期整改", FindingReport: "登记整改报告",
		FindingRecheck: "复查", FindingExtended: "延期"}[kind]
	var why string
	switch f.RectStatus {
	case RectNone:
		why = "该问题无需整改，不能" + action + "；如需整改，请先下达限期整改"
	case RectOpen:
		why = "该问题正在整改中，不能" + action
	case RectReported:
		why = "该问题已提交整改报告、正等待复查，不能" + action
	case RectDone:
		if kind == FindingRecheck {
			action = "再次复查"
		}
		why = "该问题当前为“已整改”，不能" + action
	default:
		why = fmt.Sprintf("该问题当前为“%s”，不能%s", f.RectStatus, action)
	}
	return &StateError{Action: action, State: string(f.RectStatus), Reason: why}
}

// checkStepDate refuses a missing date, one after today, and one before an
// earlier step of the record.
func checkStepDate(field, label string, on, today, notBefore Date, beforeLabel string) error {
	switch {
	case on.IsZero():
		return Invalid(field, "请填写"+label)
	case on.After(today):
		return Invalid(field, label+"不能晚于今天")
	case !notBefore.IsZero() && on.Before(notBefore):
		return Invalid(field, fmt.Sprintf("%s不能早于%s（%s）", label, beforeLabel, notBefore))
	}
	return nil
}

// joinNote appends a warning to a user's note.
func joinNote(note, warning string) string {
	note = strings.TrimSpace(note)
	switch {
	case warning == "":
		return note
	case note == "":
		return warning
	}
	return note + "（" + warning + "）"
}
