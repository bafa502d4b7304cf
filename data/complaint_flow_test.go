package data

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

var (
	flowNow  = time.Date(2026, 11, 21, 10, 0, 0, 0, Zone)
	received = time.Date(2026, 9, 1, 9, 30, 0, 0, Zone)
	stepAt   = time.Date(2026, 11, 2, 10, 0, 0, 0, Zone)
)

func flowEnv() FlowEnv {
	return FlowEnv{Calendar: NewCalendar(), Settings: DefaultSettings(), Now: flowNow, Actor: "测试员"}
}

// complaintIn returns a complaint that has plausibly reached status.
func complaintIn(status ComplaintStatus) *Complaint {
	c := &Complaint{Record: Record{ID: "complaint"}, Number: "TS2026-0001", ReceivedAt: received, Channel: ChannelPhone,
		Status: status, Round: 1, UnitID: "unit"}
	at := received.Add(time.Hour)
	if status != StatusPending && status != StatusRejected && status != StatusTransferred {
		c.AcceptedAt = at
	}
	switch status {
	case StatusHandling, StatusVerifying, StatusReplying, StatusFollowUp, StatusClosed:
		c.HandlerUnitID, c.AssignedAt, c.LimitDays, c.DueDate = "handler", at, 15, NewDate(2026, 9, 22)
	}
	switch status {
	case StatusVerifying, StatusReplying, StatusFollowUp, StatusClosed:
		c.FedBackAt, c.Feedback = at.Add(time.Hour), "已整改"
	}
	return c
}

// validSteps are well-formed steps of every kind.
var validSteps = map[EventKind]Step{
	EventAccept:   {Kind: EventAccept},
	EventReject:   {Kind: EventReject, Note: "不属于效能投诉受理范围"},
	EventTransfer: {Kind: EventTransfer, TransferTo: "县信访局"},
	EventAssign:   {Kind: EventAssign, HandlerUnitID: "handler2", LimitDays: 5},
	EventExtend:   {Kind: EventExtend, LimitDays: 2, Note: "需现场核查", ApprovedBy: "李主任"},
	EventRemind:   {Kind: EventRemind, Method: "电话"},
	EventFeedback: {Kind: EventFeedback, Note: "已约谈窗口负责人并整改"},
	EventVerify:   {Kind: EventVerify, Result: string(VerifiedTrue)},
	EventReply:    {Kind: EventReply, Method: "电话", Note: "已告知处理结果"},
	EventFollowUp: {Kind: EventFollowUp, Method: "电话", Result: string(Satisfied)},
	EventRework:   {Kind: EventRework, Note: "办理结果不实"},
	EventMerge:    {Kind: EventMerge, RelatedID: "master"},
	EventArchive:  {Kind: EventArchive},
}

func TestValidStepsCoverEveryKind(t *testing.T) {
	if len(validSteps) != len(StepKinds) {
		t.Fatalf("%d sample steps for %d kinds", len(validSteps), len(StepKinds))
	}
}

// allowed is the state machine written out independently of nextSteps: the
// steps from each state, in screen order, and the state each leads to.
var allowed = map[ComplaintStatus][]struct {
	kind EventKind
	to   ComplaintStatus
}{
	StatusPending: {{EventAccept, StatusAccepted}, {EventAssign, StatusHandling}, {EventReject, StatusRejected},
		{EventTransfer, StatusTransferred}, {EventMerge, StatusMerged}},
	StatusAccepted:    {{EventAssign, StatusHandling}, {EventMerge, StatusMerged}},
	StatusHandling:    {{EventFeedback, StatusVerifying}, {EventRemind, StatusHandling}, {EventExtend, StatusHandling}, {EventMerge, StatusMerged}},
	StatusVerifying:   {{EventVerify, StatusReplying}, {EventRework, StatusHandling}},
	StatusReplying:    {{EventReply, StatusFollowUp}},
	StatusFollowUp:    {{EventFollowUp, StatusClosed}},
	StatusClosed:      {{EventArchive, StatusArchived}},
	StatusRejected:    {{EventArchive, StatusArchived}},
	StatusTransferred: {{EventArchive, StatusArchived}},
	StatusMerged:      {{EventArchive, StatusArchived}},
	StatusArchived:    nil,
}

func TestEveryStepFromEveryState(t *testing.T) {
	for _, status := range ComplaintStatuses {
		var want []EventKind
		to := map[EventKind]ComplaintStatus{}
		for _, a := range allowed[status] {
			want = append(want, a.kind)
			to[a.kind] = a.to
		}
		if got := NextSteps(status); !reflect.DeepEqual(got, want) {
			t.Errorf("NextSteps(%s) = %v, want %v", status, got, want)
		}
		for _, kind := range StepKinds {
			t.Run(fmt.Sprintf("%s/%s", status, kind), func(t *testing.T) {
				c := complaintIn(status)
				before := *c
				s := validSteps[kind]
				s.At = stepAt
				events, _, err := c.Apply(s, flowEnv())
				wantTo, ok := to[kind]
				if !ok {
					var se *StateError
					if !errors.As(err, &se) {
						t.Fatalf("err = %v, want a StateError", err)
					}
					wantReason := fmt.Sprintf("当前状态为“%s”，不能%s", status, kind)
					if se.Reason != wantReason || se.Error() != wantReason || se.State != string(status) || se.Action != string(kind) {
						t.Errorf("refusal = %+v, want reason %q", se, wantReason)
					}
					if *c != before {
						t.Error("a refused step changed the complaint")
					}
					return
				}
				if err != nil {
					t.Fatalf("allowed step refused: %v", err)
				}
				if c.Status != wantTo {
					t.Errorf("status %s, want %s", c.Status, wantTo)
				}
				if len(events) == 0 || events[len(events)-1].Kind != kind {
					t.Fatalf("events %+v do not end with %s", events, kind)
				}
				for _, e := range events {
					if e.ComplaintID != "complaint" || !e.At.Equal(stepAt) || e.Actor != "测试员" {
						t.Errorf("event %s: id %q at %v actor %q", e.Kind, e.ComplaintID, e.At, e.Actor)
					}
				}
				if kind == EventAssign && status == StatusPending {
					if len(events) != 2 || events[0].Kind != EventAccept || !c.AcceptedAt.Equal(stepAt) {
						t.Errorf("交办 from 待受理 should record 受理 first: %+v", events)
					}
				} else if len(events) != 1 {
					t.Errorf("%d events, want 1", len(events))
				}
			})
		}
	}
}

func TestUnknownStepKind(t *testing.T) {
	_, _, err := complaintIn(StatusPending).Apply(Step{Kind: EventRegister}, flowEnv())
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != "Kind" {
		t.Fatalf("登记 as a step: err = %v", err)
	}
}

func TestStepFieldsRequired(t *testing.T) {
	cases := []struct {
		status ComplaintStatus
		step   Step
		field  string
		msg    string
	}{
		{StatusPending, Step{Kind: EventReject, Note: "  "}, "Note", "请填写不予受理的理由"},
		{StatusPending, Step{Kind: EventTransfer}, "TransferTo", "请填写转办的有权处理机关"},
		{StatusPending, Step{Kind: EventAssign, LimitDays: 5}, "HandlerUnitID", "请选择承办单位"},
		{StatusAccepted, Step{Kind: EventAssign, HandlerUnitID: "h", LimitDays: 31}, "LimitDays", "办理时限应在1至30个工作日之间"},
		{StatusAccepted, Step{Kind: EventAssign, HandlerUnitID: "h", LimitDays: -1}, "LimitDays", "办理时限应在1至30个工作日之间"},
		{StatusHandling, Step{Kind: EventExtend, Note: "x", ApprovedBy: "y"}, "LimitDays", "延期天数应在1至30个工作日之间"},
		{StatusHandling, Step{Kind: EventExtend, LimitDays: 3, ApprovedBy: "y"}, "Note", "请填写延期理由"},
		{StatusHandling, Step{Kind: EventExtend, LimitDays: 3, Note: "x"}, "ApprovedBy", "请填写延期批准人"},
		{StatusHandling, Step{Kind: EventRemind}, "Method", "请选择催办方式"},
		{StatusHandling, Step{Kind: EventFeedback}, "Note", "请填写承办单位的办理结果"},
		{StatusHandling, Step{Kind: EventMerge}, "RelatedID", "请选择要并入的主投诉"},
		{StatusHandling, Step{Kind: EventMerge, RelatedID: "complaint"}, "RelatedID", "不能并入本投诉"},
		{StatusVerifying, Step{Kind: EventVerify, Result: "基本属实"}, "Result", "请选择核实结论：属实、部分属实、不属实或无法核实"},
		{StatusReplying, Step{Kind: EventReply}, "Method", "请选择答复方式"},
		{StatusFollowUp, Step{Kind: EventFollowUp, Result: "一般"}, "Result", "请选择回访满意度：满意、基本满意或不满意"},
		{StatusVerifying, Step{Kind: EventRework, LimitDays: 40}, "LimitDays", "办理时限应在1至30个工作日之间"},
		{StatusHandling, Step{Kind: EventRemind, Method: "电话", At: flowNow.Add(time.Minute)}, "At", "催办时间不能晚于当前时间"},
		{StatusHandling, Step{Kind: EventRemind, Method: "电话", At: received.Add(-time.Minute)}, "At", "催办时间不能早于收件时间"},
		{StatusHandling, Step{Kind: EventRemind, Method: "电话", At: received.Add(time.Minute)}, "At", "催办时间不能早于上一步骤的时间（2026-09-01 10:30）"},
	}
	for _, tc := range cases {
		c := complaintIn(tc.status)
		before := *c
		_, _, err := c.Apply(tc.step, flowEnv())
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field || ve.Message != tc.msg {
			t.Errorf("%s from %s: err = %v, want %s: %s", tc.step.Kind, tc.status, err, tc.field, tc.msg)
		}
		if *c != before {
			t.Errorf("%s from %s: an invalid step changed the complaint", tc.step.Kind, tc.status)
		}
	}
	// 重办 without a handler of its own keeps the one it had; with none at all it must name one.
	c := complaintIn(StatusVerifying)
	c.HandlerUnitID = ""
	var ve *ValidationError
	if _, _, err := c.Apply(Step{Kind: EventRework, At: stepAt}, flowEnv()); !errors.As(err, &ve) || ve.Field != "HandlerUnitID" {
		t.Errorf("重办 without any handler: err = %v", err)
	}
}

func at(day string) time.Time {
	return d(day).Time().Add(9 * time.Hour)
}

func TestAssignDueDatesAcrossHolidays(t *testing.T) {
	cases := []struct {
		on      string
		limit   int
		channel Channel
		want    string
	}{
		{"2026-09-28", 5, ChannelPhone, "2026-10-10"},     // National Day; Saturday 10-10 is worked
		{"2026-02-13", 3, ChannelPhone, "2026-02-25"},     // 2-14 worked, 2-15..2-23 off
		{"2026-09-18", 1, ChannelPhone, "2026-09-20"},     // Sunday 9-20 is worked
		{"2026-04-30", 2, ChannelPhone, "2026-05-07"},     // 5-01..5-05 off: 5-06, 5-07
		{"2026-05-08", 1, ChannelPhone, "2026-05-09"},     // Saturday 5-09 is worked
		{"2026-11-02", 0, ChannelPhone, "2026-11-23"},     // default 15
		{"2026-11-02", 0, Channel12345, "2026-11-09"},     // 12345: 5
		{"2026-11-02", 0, ChannelMonitored, "2026-11-05"}, // 监测点: 3
	}
	for _, tc := range cases {
		c := complaintIn(StatusAccepted)
		c.Channel = tc.channel
		c.ReceivedAt = at(tc.on).Add(-48 * time.Hour)
		c.AcceptedAt = time.Time{}
		events, assumed, err := c.Apply(Step{Kind: EventAssign, At: at(tc.on), HandlerUnitID: "h", LimitDays: tc.limit}, flowEnv())
		if err != nil {
			t.Fatalf("%s +%d: %v", tc.on, tc.limit, err)
		}
		if c.DueDate.String() != tc.want || events[0].DueDate.String() != tc.want {
			t.Errorf("交办 on %s with %d (%s): due %s (event %s), want %s", tc.on, tc.limit, tc.channel, c.DueDate, events[0].DueDate, tc.want)
		}
		if len(assumed) != 0 {
			t.Errorf("%s: assumed %v in a known year", tc.on, assumed)
		}
		if tc.limit != 0 && c.LimitDays != tc.limit {
			t.Errorf("limit %d", c.LimitDays)
		}
	}
}

func TestExtendAndReworkMoveTheDueDate(t *testing.T) {
	env := flowEnv()
	c := complaintIn(StatusAccepted)
	if _, _, err := c.Apply(Step{Kind: EventAssign, At: at("2026-09-28"), HandlerUnitID: "h", LimitDays: 5}, env); err != nil {
		t.Fatal(err)
	}
	// 10-10 is a worked Saturday, 10-11 a Sunday: two more days are 10-12 and 10-13.
	events, _, err := c.Apply(Step{Kind: EventExtend, At: at("2026-10-09"), LimitDays: 2, Note: "需调取监控", ApprovedBy: "李主任"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.DueDate.String() != "2026-10-13" || c.LimitDays != 7 || c.Status != StatusHandling {
		t.Errorf("after 延期: due %s, limit %d, %s", c.DueDate, c.LimitDays, c.Status)
	}
	if e := events[0]; e.LimitDays != 2 || e.DueDate.String() != "2026-10-13" || e.ApprovedBy != "李主任" || e.Note != "需调取监控" {
		t.Errorf("延期 event %+v", e)
	}
	if _, _, err := c.Apply(Step{Kind: EventFeedback, At: at("2026-10-13"), Note: "已整改"}, env); err != nil {
		t.Fatal(err)
	}
	// The office does not accept the result: 重办 from 10-14 with 5 days.
	events, _, err = c.Apply(Step{Kind: EventRework, At: at("2026-10-14"), LimitDays: 5, Note: "整改不到位"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.DueDate.String() != "2026-10-21" || c.Round != 2 || c.HandlerUnitID != "h" || c.Feedback != "" || !c.FedBackAt.IsZero() {
		t.Errorf("after 重办: due %s, round %d, handler %s, feedback %q", c.DueDate, c.Round, c.HandlerUnitID, c.Feedback)
	}
	if e := events[0]; e.Round != 2 || e.HandlerUnitID != "h" || e.DueDate.String() != "2026-10-21" {
		t.Errorf("重办 event %+v", e)
	}
}

func TestDissatisfiedFollowUpReworks(t *testing.T) {
	c := complaintIn(StatusFollowUp)
	c.Verification, c.RepliedAt = VerifiedPartly, received.Add(5*time.Hour)
	events, _, err := c.Apply(Step{Kind: EventFollowUp, At: at("2026-11-02"), Method: "电话", Result: string(Dissatisfied), Note: "仍未解决"}, flowEnv())
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Kind != EventFollowUp || events[0].Result != "不满意" || events[0].Round != 1 ||
		events[1].Kind != EventRework || events[1].Round != 2 {
		t.Fatalf("events %+v", events)
	}
	// The default limit for a phone complaint is 15 working days.
	if c.Status != StatusHandling || c.Round != 2 || c.DueDate.String() != "2026-11-23" || c.HandlerUnitID != "handler" || c.LimitDays != 15 {
		t.Errorf("complaint after 不满意: %s round %d due %s handler %s limit %d", c.Status, c.Round, c.DueDate, c.HandlerUnitID, c.LimitDays)
	}
	if c.Satisfaction != "" || c.Verification != "" || !c.ClosedAt.IsZero() || !c.RepliedAt.IsZero() {
		t.Errorf("last round's results still on the complaint: %+v", c)
	}

	closed := complaintIn(StatusFollowUp)
	if _, _, err := closed.Apply(Step{Kind: EventFollowUp, At: stepAt, Result: string(FairlySatisfied)}, flowEnv()); err != nil {
		t.Fatal(err)
	}
	if closed.Status != StatusClosed || !closed.ClosedAt.Equal(stepAt) || closed.Satisfaction != FairlySatisfied {
		t.Errorf("基本满意: %s closed %v", closed.Status, closed.ClosedAt)
	}
}

func TestStepDefaults(t *testing.T) {
	c := complaintIn(StatusHandling)
	events, _, err := c.Apply(Step{Kind: EventRemind, Method: "书面"}, flowEnv())
	if err != nil {
		t.Fatal(err)
	}
	if e := events[0]; !e.At.Equal(flowNow) || e.By != "测试员" || e.Method != "书面" {
		t.Errorf("催办 defaults: %+v", e)
	}
	events, _, err = c.Apply(Step{Kind: EventRemind, Method: "电话", By: "王科长"}, flowEnv())
	if err != nil || events[0].By != "王科长" {
		t.Errorf("催办 by: %v %+v", err, events)
	}
}

func TestAssumedYearWithoutCalendar(t *testing.T) {
	env := flowEnv()
	env.Now = time.Date(2027, 3, 1, 9, 0, 0, 0, Zone)
	c := complaintIn(StatusAccepted)
	_, assumed, err := c.Apply(Step{Kind: EventAssign, HandlerUnitID: "h", LimitDays: 5}, env)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(assumed, Assumed{2027}) || assumed.Warning() == "" {
		t.Errorf("assumed %v", assumed)
	}
	if c.DueDate.String() != "2027-03-08" {
		t.Errorf("due %s, want Monday to Friday count 2027-03-08", c.DueDate)
	}
	// A due date that runs from 2026 into 2027 assumes 2027 too.
	c = complaintIn(StatusAccepted)
	_, assumed, err = c.Apply(Step{Kind: EventAssign, At: at("2026-11-20"), HandlerUnitID: "h", LimitDays: 30}, flowEnv())
	if err != nil || !reflect.DeepEqual(assumed, Assumed{2027}) {
		t.Errorf("2026→2027: assumed %v (%v), due %s", assumed, err, c.DueDate)
	}
}

func TestAlerts(t *testing.T) {
	cal := NewCalendar()
	c := complaintIn(StatusHandling)
	c.DueDate = d("2026-10-10") // a worked Saturday after National Day
	cases := []struct {
		today string
		want  Alert
	}{
		{"2026-09-28", Alert{WorkdaysLeft: 5}},
		{"2026-09-29", Alert{WorkdaysLeft: 4}},
		{"2026-09-30", Alert{Level: AlertDueSoon, WorkdaysLeft: 3}}, // 10-08, 10-09, 10-10
		{"2026-10-05", Alert{Level: AlertDueSoon, WorkdaysLeft: 3}},
		{"2026-10-09", Alert{Level: AlertDueSoon, WorkdaysLeft: 1}},
		{"2026-10-10", Alert{Level: AlertDueSoon, WorkdaysLeft: 0}},
		{"2026-10-11", Alert{Level: AlertDueSoon, WorkdaysLeft: 0}}, // Sunday: no working day lost yet
		{"2026-10-12", Alert{Level: AlertOverdue, OverdueWorkdays: 1}},
		{"2026-10-16", Alert{Level: AlertOverdue, OverdueWorkdays: 5}},
		{"2026-10-18", Alert{Level: AlertOverdue, OverdueWorkdays: 5}},
	}
	for _, tc := range cases {
		if got := c.Alert(cal, d(tc.today), 3); got != tc.want {
			t.Errorf("on %s: %+v, want %+v", tc.today, got, tc.want)
		}
	}
	for _, s := range []ComplaintStatus{StatusPending, StatusVerifying, StatusClosed} {
		other := complaintIn(s)
		other.DueDate = d("2026-01-05")
		if got := other.Alert(cal, d("2026-11-20"), 3); got != (Alert{}) {
			t.Errorf("%s complaint has alert %+v", s, got)
		}
	}
}

// AlertBounds must classify every due date as Alert does, across holidays,
// 调休 and weekends.
// A complaint not yet accepted is alerted on its 受理期限, in working days: due
// on its last day, overdue once a working day after it has begun.
func TestAlertOnTheAcceptanceDeadline(t *testing.T) {
	cal := NewCalendar()
	c := complaintIn(StatusPending)
	c.AcceptDue = d("2026-10-09") // Friday before the worked Saturday 10-10
	cases := []struct {
		today string
		want  Alert
	}{
		{"2026-10-08", Alert{WorkdaysLeft: 1, Accept: true}},
		{"2026-10-09", Alert{Level: AlertDueSoon, WorkdaysLeft: 0, Accept: true}},
		{"2026-10-10", Alert{Level: AlertOverdue, OverdueWorkdays: 1, Accept: true}}, // a worked Saturday
		{"2026-10-11", Alert{Level: AlertOverdue, OverdueWorkdays: 1, Accept: true}},
		{"2026-10-13", Alert{Level: AlertOverdue, OverdueWorkdays: 3, Accept: true}},
	}
	for _, tc := range cases {
		if got := c.Alert(cal, d(tc.today), 3); got != tc.want {
			t.Errorf("on %s: %+v, want %+v", tc.today, got, tc.want)
		}
	}
	c.Status = StatusAccepted
	if got := c.Alert(cal, d("2026-10-13"), 3); got != (Alert{}) {
		t.Errorf("an accepted complaint is alerted on its 受理期限: %+v", got)
	}
}

func TestAlertBoundsAgreeWithAlert(t *testing.T) {
	cal := NewCalendar()
	c := complaintIn(StatusHandling)
	for today := d("2026-01-01"); today.Before(d("2026-12-31")); today = today.AddDays(1) {
		for _, warn := range []int{0, 3} {
			overdueBefore, soonBefore := AlertBounds(cal, today, warn)
			for due := today.AddDays(-20); due.Before(today.AddDays(20)); due = due.AddDays(1) {
				c.DueDate = due
				var byBounds AlertLevel
				switch {
				case due.Before(overdueBefore):
					byBounds = AlertOverdue
				case due.Before(soonBefore):
					byBounds = AlertDueSoon
				}
				if got := c.Alert(cal, today, warn).Level; got != byBounds {
					t.Fatalf("today %s due %s warn %d: Alert %q, bounds %q", today, due, warn, got, byBounds)
				}
			}
		}
	}
}

func TestMasking(t *testing.T) {
	cases := []struct{ got, want string }{
		{MaskName("张三丰"), "张**"},
		{MaskName("李四"), "李*"},
		{MaskName("王"), "王*"},
		{MaskName(""), ""},
		{MaskName("欧阳娜娜"), "欧***"},
		{MaskPhone("13812345678"), "138****5678"},
		{MaskPhone("0591-87654321"), "059******4321"},
		{MaskPhone("110"), "1**"},
		{MaskPhone(""), ""},
		{MaskIDNumber("350102199001011234"), "350*************34"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	p := Complainant{Name: "张三丰", Phone: "13812345678", IDNumber: "350102199001011234", Address: "城关镇解放路12号", Unit: "县一中"}
	want := Complainant{Name: "张**", Phone: "138****5678", IDNumber: "350*************34", Address: "***", Unit: "***"}
	if got := p.Masked(); got != want {
		t.Errorf("Masked() = %+v", got)
	}
	if got := (Complainant{Anonymous: true}).Masked(); got != (Complainant{Anonymous: true}) {
		t.Errorf("anonymous masked = %+v", got)
	}
}
