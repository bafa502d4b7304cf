package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"xiaoneng/data"
)

func TestRegisterComplaint(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-09-30 15:20")
	if c.Number != "TS2026-0001" || c.Year != 2026 || c.Seq != 1 || c.Status != data.StatusPending || c.Round != 1 {
		t.Errorf("registered %s %d/%d %s round %d", c.Number, c.Year, c.Seq, c.Status, c.Round)
	}
	// 3 working days after 9-30 over National Day: 10-08, 10-09, 10-10 (a worked Saturday).
	if c.AcceptDue.String() != "2026-10-10" {
		t.Errorf("accept due %s", c.AcceptDue)
	}
	got, err := f.db.Complaint(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// read back masked; the identity itself only RevealComplainant gives
	if got.UnitName != f.unitName || got.Complainant.Name != "张**" || got.Complainant.Phone != "138****5678" ||
		!got.ReceivedAt.Equal(tm("2026-09-30 15:20")) || got.AcceptDue.String() != "2026-10-10" || got.Subject != c.Subject {
		t.Errorf("read back %+v", got)
	}

	events, err := f.db.ComplaintEvents(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Kind != data.EventRegister || !events[0].At.Equal(c.ReceivedAt) || events[0].Actor != "测试员" {
		t.Fatalf("events %+v", events)
	}

	// The audit log has the registration, and the identity only masked.
	trail, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 1 || trail[0].Action != data.AuditInsert || trail[0].After["number"] != "TS2026-0001" || trail[0].After["status"] != "待受理" {
		t.Fatalf("trail %+v", trail)
	}
	if trail[0].After["complainant_name_mask"] != "张**" || trail[0].After["complainant_phone_mask"] != "138****5678" ||
		trail[0].After["complainant_address_mask"] != "***" || trail[0].After["complainant_sealed"] != "（已加密）" {
		t.Errorf("identity audit %+v", trail[0].After)
	}
	for _, e := range trail {
		if s := fmt.Sprint(e.Before, e.After); strings.Contains(s, "张三丰") || strings.Contains(s, "13812345678") || strings.Contains(s, "解放路") {
			t.Errorf("audit row leaks the identity: %s", s)
		}
	}
	if evTrail, err := f.db.AuditTrail(ctx, "complaint_events", events[0].ID); err != nil || len(evTrail) != 1 || evTrail[0].After["kind"] != "登记" {
		t.Errorf("event audit %+v %v", evTrail, err)
	}

	// Refusals name the field in Chinese and write nothing.
	var ve *data.ValidationError
	_, err = f.db.RegisterComplaint(ctx, &data.Complaint{ReceivedAt: tm("2026-11-01 09:00"), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Anonymous: true}, UnitID: "no-such-unit", Category: "其他", Subject: "x", Content: "y"})
	if !errors.As(err, &ve) || ve.Field != "UnitID" || ve.Message != "被投诉单位不存在或已删除，请重新选择" {
		t.Errorf("unknown unit: %v", err)
	}
	_, err = f.db.RegisterComplaint(ctx, &data.Complaint{ReceivedAt: tm("2026-11-22 09:00"), Channel: data.ChannelPhone,
		Complainant: data.Complainant{Anonymous: true}, UnitID: f.unit, Category: "其他", Subject: "x", Content: "y"})
	if !errors.As(err, &ve) || ve.Field != "ReceivedAt" {
		t.Errorf("future receipt: %v", err)
	}
	if n, err := f.db.CountComplaints(ctx, data.ComplaintFilter{}); err != nil || n != 1 {
		t.Errorf("%d complaints after refusals (%v)", n, err)
	}
}

func TestComplaintNumbering(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	a := f.register(t, "2026-01-05 09:00")
	b := f.register(t, "2026-03-01 09:00")
	old := f.register(t, "2025-12-30 16:00") // registered late: numbered in its own year
	c := f.register(t, "2026-02-01 09:00")
	for _, tc := range []struct{ got, want string }{{a.Number, "TS2026-0001"}, {b.Number, "TS2026-0002"}, {old.Number, "TS2025-0001"}, {c.Number, "TS2026-0003"}} {
		if tc.got != tc.want {
			t.Errorf("number %s, want %s", tc.got, tc.want)
		}
	}
	// A deleted complaint keeps its number: the next one does not reuse it.
	if err := f.db.DeleteComplaint(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Complaint(ctx, c.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted complaint: %v", err)
	}
	if d := f.register(t, "2026-04-01 09:00"); d.Number != "TS2026-0004" {
		t.Errorf("after delete: %s, want TS2026-0004", d.Number)
	}
	if e := f.register(t, "2025-06-01 09:00"); e.Number != "TS2025-0002" {
		t.Errorf("2025 again: %s", e.Number)
	}
	if trail, err := f.db.AuditTrail(ctx, "complaints", c.ID); err != nil || trail[len(trail)-1].Action != data.AuditDelete {
		t.Errorf("delete audit %v %v", trail, err)
	}

	// Concurrent registrations queue on the writer: no gaps, no duplicates.
	var wg sync.WaitGroup
	numbers := make([]string, 12)
	errs := make([]error, 12)
	for i := range numbers {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := &data.Complaint{ReceivedAt: tm("2026-05-01 09:00"), Channel: data.ChannelOnline, Complainant: data.Complainant{Anonymous: true},
				UnitID: f.unit, Category: "其他", Subject: "并发登记", Content: "并发登记"}
			_, errs[i] = f.db.RegisterComplaint(ctx, c)
			numbers[i] = c.Number
		}(i)
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, n := range numbers {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		seen[n] = true
	}
	for seq := 5; seq <= 16; seq++ {
		if n := fmt.Sprintf("TS2026-%04d", seq); !seen[n] {
			t.Errorf("%s missing among %v", n, numbers)
		}
	}
}

// storeSteps are valid steps of every kind for a complaint of the fixture.
func (f *complaintFixture) storeSteps(master string) map[data.EventKind]data.Step {
	return map[data.EventKind]data.Step{
		data.EventAccept:   {Kind: data.EventAccept},
		data.EventReject:   {Kind: data.EventReject, Note: "不属于效能投诉受理范围"},
		data.EventTransfer: {Kind: data.EventTransfer, TransferTo: "县信访局"},
		data.EventAssign:   {Kind: data.EventAssign, HandlerUnitID: f.h1, LimitDays: 5},
		data.EventExtend:   {Kind: data.EventExtend, LimitDays: 2, Note: "需现场核查", ApprovedBy: "李主任"},
		data.EventRemind:   {Kind: data.EventRemind, Method: "电话"},
		data.EventFeedback: {Kind: data.EventFeedback, Note: "已约谈窗口负责人并整改"},
		data.EventVerify:   {Kind: data.EventVerify, Result: string(data.VerifiedPartly)},
		data.EventReply:    {Kind: data.EventReply, Method: "电话", Note: "已告知处理结果"},
		data.EventFollowUp: {Kind: data.EventFollowUp, Method: "电话", Result: string(data.Satisfied)},
		data.EventRework:   {Kind: data.EventRework, Note: "办理结果不实"},
		data.EventMerge:    {Kind: data.EventMerge, RelatedID: master},
		data.EventArchive:  {Kind: data.EventArchive},
	}
}

// pathTo lists the steps that take a new complaint to status.
func pathTo(status data.ComplaintStatus, steps map[data.EventKind]data.Step) []data.Step {
	handled := []data.Step{steps[data.EventAssign], steps[data.EventFeedback], steps[data.EventVerify], steps[data.EventReply], steps[data.EventFollowUp]}
	switch status {
	case data.StatusPending:
		return nil
	case data.StatusAccepted:
		return []data.Step{steps[data.EventAccept]}
	case data.StatusHandling:
		return handled[:1]
	case data.StatusVerifying:
		return handled[:2]
	case data.StatusReplying:
		return handled[:3]
	case data.StatusFollowUp:
		return handled[:4]
	case data.StatusClosed:
		return handled
	case data.StatusRejected:
		return []data.Step{steps[data.EventReject]}
	case data.StatusTransferred:
		return []data.Step{steps[data.EventTransfer]}
	case data.StatusMerged:
		return []data.Step{steps[data.EventMerge]}
	case data.StatusArchived:
		return []data.Step{steps[data.EventReject], steps[data.EventArchive]}
	}
	panic("no path to " + status)
}

// wantAfter is the state each allowed step leads to (data's tests hold the
// full table; here the store must agree with it).
var wantAfter = map[data.EventKind]data.ComplaintStatus{
	data.EventAccept: data.StatusAccepted, data.EventAssign: data.StatusHandling, data.EventReject: data.StatusRejected,
	data.EventTransfer: data.StatusTransferred, data.EventMerge: data.StatusMerged, data.EventFeedback: data.StatusVerifying,
	data.EventRemind: data.StatusHandling, data.EventExtend: data.StatusHandling, data.EventVerify: data.StatusReplying,
	data.EventRework: data.StatusHandling, data.EventReply: data.StatusFollowUp, data.EventFollowUp: data.StatusClosed,
	data.EventArchive: data.StatusArchived,
}

func TestEveryStepFromEveryStateInTheStore(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	master := f.register(t, "2026-11-02 09:00")
	steps := f.storeSteps(master.ID)
	fresh := func(status data.ComplaintStatus) *data.Complaint {
		c := f.register(t, "2026-11-20 09:00")
		if p := pathTo(status, steps); len(p) > 0 {
			c = f.apply(t, c.ID, p...)
		}
		if c.Status != status {
			t.Fatalf("path to %s ended in %s", status, c.Status)
		}
		return c
	}
	for _, status := range data.ComplaintStatuses {
		refusedOn := fresh(status)
		allowed := data.NextSteps(status)
		for _, kind := range data.StepKinds {
			t.Run(fmt.Sprintf("%s/%s", status, kind), func(t *testing.T) {
				isAllowed := false
				for _, k := range allowed {
					isAllowed = isAllowed || k == kind
				}
				if !isAllowed {
					before, err := f.db.ComplaintEvents(ctx, refusedOn.ID)
					if err != nil {
						t.Fatal(err)
					}
					c, _, err := f.db.ApplyStep(ctx, refusedOn.ID, steps[kind])
					var se *data.StateError
					if !errors.As(err, &se) || c != nil {
						t.Fatalf("got %v, %v; want a StateError", c, err)
					}
					if want := fmt.Sprintf("当前状态为“%s”，不能%s", status, kind); data.UserMessage(err) != want {
						t.Errorf("message %q, want %q", data.UserMessage(err), want)
					}
					after, err := f.db.ComplaintEvents(ctx, refusedOn.ID)
					if err != nil || len(after) != len(before) {
						t.Errorf("a refused step wrote events: %d → %d (%v)", len(before), len(after), err)
					}
					return
				}
				c := fresh(status)
				got, _, err := f.db.ApplyStep(ctx, c.ID, steps[kind])
				if err != nil {
					t.Fatal(err)
				}
				stored, err := f.db.Complaint(ctx, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != wantAfter[kind] || stored.Status != wantAfter[kind] {
					t.Errorf("status %s (stored %s), want %s", got.Status, stored.Status, wantAfter[kind])
				}
				events, err := f.db.ComplaintEvents(ctx, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if last := events[len(events)-1]; last.Kind != kind || last.Actor != "测试员" || !last.At.Equal(fixedNow) {
					t.Errorf("last event %+v", last)
				}
				// Every event has its audit row.
				for _, e := range events {
					if trail, err := f.db.AuditTrail(ctx, "complaint_events", e.ID); err != nil || len(trail) != 1 || trail[0].Action != data.AuditInsert {
						t.Errorf("event %s audit %+v %v", e.Kind, trail, err)
					}
				}
			})
		}
	}
}

func TestStepAuditRows(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	before, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.apply(t, c.ID, data.Step{Kind: data.EventAssign, At: tm("2026-11-03 10:00"), HandlerUnitID: f.h1, LimitDays: 10})
	trail, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != len(before)+1 {
		t.Fatalf("%d audit rows after 交办, want %d", len(trail), len(before)+1)
	}
	upd := trail[len(trail)-1]
	if upd.Action != data.AuditUpdate || upd.Before["status"] != "待受理" || upd.After["status"] != "办理中" ||
		upd.After["handler_unit_id"] != f.h1 || upd.After["due_date"] != "2026-11-17" || upd.Actor != "ceshi" || upd.Device != "test-pc" {
		t.Errorf("交办 audit %+v", upd)
	}
	// 催办 changes nothing on the complaint: its record is the event alone.
	f.apply(t, c.ID, data.Step{Kind: data.EventRemind, Method: "书面", By: "王科长"})
	if again, err := f.db.AuditTrail(ctx, "complaints", c.ID); err != nil || len(again) != len(trail) {
		t.Errorf("催办 touched the complaint: %d rows (%v)", len(again), err)
	}
	events, err := f.db.ComplaintEvents(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := make([]data.EventKind, len(events))
	for i, e := range events {
		kinds[i] = e.Kind
	}
	if !reflect.DeepEqual(kinds, []data.EventKind{data.EventRegister, data.EventAccept, data.EventAssign, data.EventRemind}) {
		t.Fatalf("events %v", kinds)
	}
	if e := events[2]; e.HandlerUnitID != f.h1 || e.HandlerUnitName != f.h1Name || e.LimitDays != 10 || e.DueDate.String() != "2026-11-17" {
		t.Errorf("交办 event %+v", e)
	}
	if e := events[3]; e.Method != "书面" || e.By != "王科长" || !e.At.Equal(fixedNow) {
		t.Errorf("催办 event %+v", e)
	}
	for _, e := range events {
		trail, err := f.db.AuditTrail(ctx, "complaint_events", e.ID)
		if err != nil || len(trail) != 1 || trail[0].After["kind"] != string(e.Kind) {
			t.Errorf("event %s audit %+v %v", e.Kind, trail, err)
		}
	}
}

func TestDeadlinesInTheStore(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)

	c := f.register(t, "2026-09-25 09:00") // first day of the Mid-Autumn break
	got := f.apply(t, c.ID, data.Step{Kind: data.EventAssign, At: tm("2026-09-28 10:00"), HandlerUnitID: f.h1, LimitDays: 5})
	if got.DueDate.String() != "2026-10-10" || got.HandlerUnitName != f.h1Name || got.LimitDays != 5 {
		t.Errorf("交办 9-28 +5: due %s handler %q", got.DueDate, got.HandlerUnitName)
	}
	got = f.apply(t, c.ID, data.Step{Kind: data.EventExtend, At: tm("2026-10-09 16:00"), LimitDays: 3, Note: "涉及多部门", ApprovedBy: "李主任"})
	if got.DueDate.String() != "2026-10-14" || got.LimitDays != 8 {
		t.Errorf("延期 +3: due %s limit %d", got.DueDate, got.LimitDays)
	}
	got = f.apply(t, c.ID,
		data.Step{Kind: data.EventFeedback, At: tm("2026-10-14 11:00"), Note: "已整改"},
		data.Step{Kind: data.EventRework, At: tm("2026-10-15 09:00"), HandlerUnitID: f.h2, LimitDays: 10, Note: "整改不到位，改由住建局办理"})
	if got.DueDate.String() != "2026-10-29" || got.Round != 2 || got.HandlerUnitID != f.h2 || got.Status != data.StatusHandling {
		t.Errorf("重办 10-15 +10: due %s round %d handler %s %s", got.DueDate, got.Round, got.HandlerUnitName, got.Status)
	}

	spring := f.register(t, "2026-02-12 09:00")
	got = f.apply(t, spring.ID, data.Step{Kind: data.EventAssign, At: tm("2026-02-13 10:00"), HandlerUnitID: f.h1, LimitDays: 3})
	if got.DueDate.String() != "2026-02-25" {
		t.Errorf("交办 2-13 +3: due %s, want 2026-02-25", got.DueDate)
	}

	// A 12345 complaint gets its shorter default limit.
	hotline := f.register(t, "2026-11-16 09:00", func(c *data.Complaint) { c.Channel = data.Channel12345; c.SourceRef = "12345-2026-118822" })
	got = f.apply(t, hotline.ID, data.Step{Kind: data.EventAssign, At: tm("2026-11-16 10:00"), HandlerUnitID: f.h1})
	if got.DueDate.String() != "2026-11-23" || got.LimitDays != 5 {
		t.Errorf("12345 default: due %s limit %d", got.DueDate, got.LimitDays)
	}
	// The office's own settings apply.
	s, err := f.db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.HandleLimitDays, s.MaxLimitDays = 10, 20
	if err := f.db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	plain := f.register(t, "2026-11-16 09:00")
	if got = f.apply(t, plain.ID, data.Step{Kind: data.EventAssign, At: tm("2026-11-16 10:00"), HandlerUnitID: f.h1}); got.LimitDays != 10 || got.DueDate.String() != "2026-11-30" {
		t.Errorf("office default 10: due %s", got.DueDate)
	}
	_, _, err = f.db.ApplyStep(ctx, plain.ID, data.Step{Kind: data.EventExtend, LimitDays: 21, Note: "x", ApprovedBy: "y"})
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Message != "延期天数应在1至20个工作日之间" {
		t.Errorf("延期 beyond the maximum: %v", err)
	}
}

func TestDissatisfiedFollowUpKeepsHistory(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-10-09 09:00")
	got := f.apply(t, c.ID,
		data.Step{Kind: data.EventAccept, At: tm("2026-10-09 10:00")},
		data.Step{Kind: data.EventAssign, At: tm("2026-10-09 11:00"), HandlerUnitID: f.h1, LimitDays: 5},
		data.Step{Kind: data.EventFeedback, At: tm("2026-10-15 09:00"), Note: "已退还多收费用"},
		data.Step{Kind: data.EventVerify, At: tm("2026-10-16 09:00"), Result: string(data.VerifiedTrue), Note: "经调阅票据属实"},
		data.Step{Kind: data.EventReply, At: tm("2026-10-19 09:00"), Method: "电话", Note: "告知处理结果"},
		data.Step{Kind: data.EventFollowUp, At: tm("2026-11-02 09:00"), Method: "电话", Result: string(data.Dissatisfied), Note: "费用尚未退还"})
	if got.Status != data.StatusHandling || got.Round != 2 || got.DueDate.String() != "2026-11-23" || got.HandlerUnitID != f.h1 || got.Satisfaction != "" {
		t.Fatalf("after 不满意: %s round %d due %s handler %s satisfaction %q", got.Status, got.Round, got.DueDate, got.HandlerUnitID, got.Satisfaction)
	}
	got = f.apply(t, c.ID,
		data.Step{Kind: data.EventFeedback, At: tm("2026-11-10 09:00"), Note: "费用已退还到账"},
		data.Step{Kind: data.EventVerify, At: tm("2026-11-11 09:00"), Result: string(data.VerifiedTrue)},
		data.Step{Kind: data.EventReply, At: tm("2026-11-12 09:00"), Method: "短信"},
		data.Step{Kind: data.EventFollowUp, At: tm("2026-11-13 09:00"), Method: "电话", Result: string(data.Satisfied)},
		data.Step{Kind: data.EventArchive, At: tm("2026-11-16 09:00")})
	if got.Status != data.StatusArchived || !got.ClosedAt.Equal(tm("2026-11-13 09:00")) || got.Satisfaction != data.Satisfied ||
		got.Feedback != "费用已退还到账" || got.Verification != data.VerifiedTrue || !got.ArchivedAt.Equal(tm("2026-11-16 09:00")) {
		t.Errorf("closed complaint %+v", got)
	}
	events, err := f.db.ComplaintEvents(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var trace []string
	for _, e := range events {
		trace = append(trace, fmt.Sprintf("%d:%s%s", e.Round, e.Kind, e.Result))
	}
	want := []string{"1:登记", "1:受理", "1:交办", "1:反馈", "1:核实属实", "1:答复", "1:回访不满意", "2:重办",
		"2:反馈", "2:核实属实", "2:答复", "2:回访满意", "2:归档"}
	if !reflect.DeepEqual(trace, want) {
		t.Errorf("history\n got %v\nwant %v", trace, want)
	}
	if events[3].Note != "已退还多收费用" || events[7].DueDate.String() != "2026-11-23" || events[7].HandlerUnitName != f.h1Name {
		t.Errorf("first round's feedback %q, rework %+v", events[3].Note, events[7])
	}
}

func TestAssumedCalendarYear(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-19 09:00")
	got, assumed, err := f.db.ApplyStep(ctx, c.ID, data.Step{Kind: data.EventAssign, At: tm("2026-11-20 09:00"), HandlerUnitID: f.h1, LimitDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(assumed, data.Assumed{2027}) || !strings.Contains(assumed.Warning(), "2027年的节假日安排尚未录入") {
		t.Errorf("assumed %v: %q", assumed, assumed.Warning())
	}
	if got.DueDate.String() != "2027-01-01" {
		t.Errorf("due %s", got.DueDate)
	}
	// Once the office enters 2027, New Year's Day is off and nothing is assumed.
	y := &data.CalendarYear{Year: 2027, DaysOff: []data.Date{day("2027-01-01")}}
	if err := f.db.SaveCalendarYear(ctx, y); err != nil {
		t.Fatal(err)
	}
	got, assumed, err = f.db.ApplyStep(ctx, c.ID, data.Step{Kind: data.EventExtend, LimitDays: 1, Note: "节假日", ApprovedBy: "李主任"})
	if err != nil || len(assumed) != 0 || got.DueDate.String() != "2027-01-04" {
		t.Errorf("with 2027 entered: due %s assumed %v (%v)", got.DueDate, assumed, err)
	}
}

func TestUpdateComplaint(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	f.apply(t, c.ID, data.Step{Kind: data.EventAccept, At: tm("2026-11-03 09:00")})
	edit, err := f.db.Complaint(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit.Subject = "办理不动产登记多次往返、未一次性告知"
	edit.Complainant = edit.Complainant.Masked() // the form showed the masked identity
	edit.Complainant.Phone = "13900001111"       // and the user typed a new phone
	edit.Status, edit.Number, edit.HandlerUnitID = data.StatusClosed, "TS2026-9999", f.h2
	edit.ReceivedAt = tm("2026-11-02 08:30")
	trailBefore, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.UpdateComplaint(ctx, edit); err != nil {
		t.Fatal(err)
	}
	got, err := f.db.Complaint(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != edit.Subject || got.Status != data.StatusAccepted || got.Number != "TS2026-0001" || got.HandlerUnitID != "" {
		t.Errorf("after edit: %s %s %s handler %q", got.Subject, got.Status, got.Number, got.HandlerUnitID)
	}
	if !got.ReceivedAt.Equal(tm("2026-11-02 08:30")) {
		t.Errorf("received %v", got.ReceivedAt)
	}
	trail, err := f.db.AuditTrail(ctx, "complaints", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	added := trail[len(trailBefore):]
	// one change, one audit row: the identity in it only masked, and the
	// masked name and address sent back as shown not recorded as edits
	if len(added) != 1 || added[0].After["subject"] != edit.Subject || added[0].Before["complainant_phone_mask"] != "138****5678" ||
		added[0].After["complainant_phone_mask"] != "139****1111" || added[0].After["complainant_sealed"] != "（已加密）" || len(added[0].After) != 4 {
		t.Errorf("edit audit %+v", added)
	}
	if p, err := f.db.RevealComplainant(ctx, c.ID); err != nil || p.Name != "张三丰" || p.Phone != "13900001111" || p.Address != "城关镇解放路12号" {
		t.Errorf("identity after editing a masked form: %+v %v", p, err)
	}
	events, err := f.db.ComplaintEvents(ctx, c.ID)
	if err != nil || !events[0].At.Equal(tm("2026-11-02 08:30")) {
		t.Errorf("登记 event not moved with the receipt: %v %v", events, err)
	}

	var ve *data.ValidationError
	edit.ReceivedAt = tm("2025-12-31 09:00")
	if err := f.db.UpdateComplaint(ctx, edit); !errors.As(err, &ve) || ve.Field != "ReceivedAt" {
		t.Errorf("moving to another year: %v", err)
	}
	edit.ReceivedAt = tm("2026-11-04 09:00") // after its 受理
	if err := f.db.UpdateComplaint(ctx, edit); !errors.As(err, &ve) || ve.Message != "收件时间不能晚于已办理步骤的时间" {
		t.Errorf("receipt after 受理: %v", err)
	}
}

func TestMergeRules(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	master := f.register(t, "2026-11-02 09:00")
	dup := f.register(t, "2026-11-03 09:00")
	third := f.register(t, "2026-11-04 09:00")
	other := f.register(t, "2026-11-05 09:00")

	got := f.apply(t, dup.ID, data.Step{Kind: data.EventMerge, RelatedID: master.ID, Note: "同一事项重复反映"})
	if got.Status != data.StatusMerged || got.MergedIntoID != master.ID || got.MergedIntoNo != master.Number {
		t.Errorf("merged %+v", got)
	}
	events, err := f.db.ComplaintEvents(ctx, dup.ID)
	if err != nil || events[1].RelatedID != master.ID || events[1].RelatedNumber != master.Number {
		t.Errorf("并单 event %+v %v", events, err)
	}

	var ve *data.ValidationError
	if _, _, err := f.db.ApplyStep(ctx, third.ID, data.Step{Kind: data.EventMerge, RelatedID: dup.ID}); !errors.As(err, &ve) ||
		ve.Message != "所选投诉本身已并入其他投诉，请并入最终的主投诉" {
		t.Errorf("into a merged complaint: %v", err)
	}
	if _, _, err := f.db.ApplyStep(ctx, third.ID, data.Step{Kind: data.EventMerge, RelatedID: "nothing"}); !errors.As(err, &ve) || ve.Field != "RelatedID" {
		t.Errorf("into nothing: %v", err)
	}
	var se *data.StateError
	if _, _, err := f.db.ApplyStep(ctx, master.ID, data.Step{Kind: data.EventMerge, RelatedID: other.ID}); !errors.As(err, &se) ||
		!strings.Contains(se.Reason, "已有1件投诉并入本投诉") {
		t.Errorf("merging a master: %v", err)
	}
	if err := f.db.DeleteComplaint(ctx, master.ID); !errors.As(err, &se) {
		t.Errorf("deleting a master: %v", err)
	}
	if err := f.db.DeleteComplaint(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.db.ApplyStep(ctx, third.ID, data.Step{Kind: data.EventMerge, RelatedID: other.ID}); !errors.As(err, &ve) {
		t.Errorf("into a deleted complaint: %v", err)
	}
	if _, _, err := f.db.ApplyStep(ctx, other.ID, data.Step{Kind: data.EventAccept}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("step on a deleted complaint: %v", err)
	}
}

func TestAssignChecksTheHandler(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	var ve *data.ValidationError
	if _, _, err := f.db.ApplyStep(ctx, c.ID, data.Step{Kind: data.EventAssign, HandlerUnitID: "no-such-unit"}); !errors.As(err, &ve) ||
		ve.Message != "承办单位不存在或已删除，请重新选择" {
		t.Errorf("unknown handler: %v", err)
	}
	if err := f.db.RetireUnit(ctx, f.h2, f.h1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.db.ApplyStep(ctx, c.ID, data.Step{Kind: data.EventAssign, HandlerUnitID: f.h2}); !errors.As(err, &ve) ||
		ve.Message != "承办单位已撤并，请选择在用的单位" {
		t.Errorf("retired handler: %v", err)
	}
	if got, err := f.db.Complaint(ctx, c.ID); err != nil || got.Status != data.StatusPending {
		t.Errorf("a refused 交办 changed the complaint: %v %v", got, err)
	}
}

// A complaint a ledger holds from before 1990 (imported before that was
// refused) is edited with its receipt time left as it was; moving its time
// to another day before 1990 is refused, the complaint left as it was.
func TestEditComplaintReceivedBefore1990(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	exec(t, f.db, "UPDATE complaints SET received_at = ?, year = 1988 WHERE id = ?", formatTime(tm("1988-05-03 09:00")), c.ID)
	edit, err := f.db.Complaint(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit.Complainant = edit.Complainant.Masked()
	edit.Subject = "窗口人员推诿"
	if err := f.db.UpdateComplaint(ctx, edit); err != nil {
		t.Fatalf("an edit of a complaint of 1988: %v", err)
	}
	edit.ReceivedAt = tm("1988-05-04 09:00")
	if err := f.db.UpdateComplaint(ctx, edit); data.UserMessage(err) != "收件时间不能早于1990年，请检查年份" {
		t.Errorf("its time moved within 1988: %v", err)
	}
	got, err := f.db.Complaint(ctx, c.ID)
	if err != nil || got.Subject != "窗口人员推诿" || !got.ReceivedAt.Equal(tm("1988-05-03 09:00")) {
		t.Errorf("after the refusal: %+v, %v", got, err)
	}
}
