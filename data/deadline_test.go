package data

import (
	"testing"
	"time"
)

// A deadline on a Friday is missed on the Monday, not on the Saturday; one
// before a holiday only on the first working day after it.
func TestMissedFromTheFirstWorkingDayAfter(t *testing.T) {
	cal := NewCalendar()
	cases := []struct{ deadline, firstMissed string }{
		{"2026-11-13", "2026-11-16"}, // Friday → Monday
		{"2026-11-10", "2026-11-11"}, // Tuesday → Wednesday
		{"2026-09-30", "2026-10-08"}, // before National Day → the first working day after it
		{"2026-10-09", "2026-10-10"}, // → a worked Saturday (调休)
		{"2026-11-14", "2026-11-16"}, // a Saturday deadline → Monday
	}
	for _, tc := range cases {
		deadline, first := d(tc.deadline), d(tc.firstMissed)
		if got := cal.OverdueFrom(deadline); !got.Equal(first) {
			t.Errorf("OverdueFrom(%s) = %s, want %s", deadline, got, first)
		}
		for day := deadline.AddDays(-3); day.Before(first.AddDays(3)); day = day.AddDays(1) {
			want := !day.Before(first)
			if got := cal.Missed(deadline, day); got != want {
				t.Errorf("Missed(%s, %s) = %v, want %v", deadline, day, got, want)
			}
			if got := cal.AlertOn(deadline, day, 3).Level == AlertOverdue; got != want {
				t.Errorf("AlertOn(%s, %s) overdue = %v, want %v", deadline, day, got, want)
			}
		}
	}
	if cal.Missed(Date{}, d("2026-11-16")) || cal.AlertOn(Date{}, d("2026-11-16"), 3) != (Alert{}) {
		t.Error("no deadline is missed or alerts")
	}
}

// A complaint not yet accepted is watched against its acceptance deadline, a
// complaint being handled against its due date; the others have none.
func TestComplaintDeadlines(t *testing.T) {
	cal := NewCalendar()
	pending := complaintIn(StatusPending)
	pending.AcceptDue = d("2026-11-13")
	// 临近到期 only on the last day of the 受理期限 (AcceptWarnDays).
	for day, want := range map[string]AlertLevel{"2026-11-12": AlertNone, "2026-11-13": AlertDueSoon, "2026-11-14": AlertDueSoon,
		"2026-11-16": AlertOverdue} {
		if got := pending.Alert(cal, d(day), 3); got.Level != want || !got.Accept {
			t.Errorf("not accepted, acceptance due 2026-11-13, on %s: %+v, want %q", day, got, want)
		}
	}
	handling := complaintIn(StatusHandling)
	handling.AcceptDue, handling.DueDate = d("2026-10-01"), d("2026-11-20")
	if got := handling.Deadline(); !got.Equal(handling.DueDate) {
		t.Errorf("a complaint being handled is watched against %s", got)
	}
	for _, s := range []ComplaintStatus{StatusAccepted, StatusVerifying, StatusClosed, StatusMerged, StatusArchived} {
		c := complaintIn(s)
		c.AcceptDue, c.DueDate = d("2026-01-05"), d("2026-01-20")
		if !c.Deadline().IsZero() || c.Alert(cal, d("2026-11-20"), 3) != (Alert{}) {
			t.Errorf("a %s complaint has a deadline or an alert", s)
		}
	}
}

func TestMissedDue(t *testing.T) {
	cal := NewCalendar()
	due := d("2026-11-13") // a Friday
	at := func(day string) time.Time { return d(day).Time().Add(15 * time.Hour) }
	cases := []struct {
		name  string
		c     Complaint
		today string
		want  bool
	}{
		{"handling, due today", Complaint{Status: StatusHandling, DueDate: due}, "2026-11-13", false},
		{"handling, on the Saturday after", Complaint{Status: StatusHandling, DueDate: due}, "2026-11-14", false},
		{"handling, on the Monday after", Complaint{Status: StatusHandling, DueDate: due}, "2026-11-16", true},
		{"fed back on the due day", Complaint{Status: StatusVerifying, DueDate: due, FedBackAt: at("2026-11-13")}, "2026-11-30", false},
		{"fed back on the Sunday after", Complaint{Status: StatusClosed, DueDate: due, FedBackAt: at("2026-11-15")}, "2026-11-30", false},
		{"fed back on the Monday after", Complaint{Status: StatusClosed, DueDate: due, FedBackAt: at("2026-11-16")}, "2026-11-30", true},
		{"not yet assigned", Complaint{Status: StatusPending, AcceptDue: due}, "2026-11-30", false},
		{"rejected", Complaint{Status: StatusRejected}, "2026-11-30", false},
	}
	for _, tc := range cases {
		if got := tc.c.MissedDue(cal, d(tc.today)); got != tc.want {
			t.Errorf("%s: missed = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Tasks, rectifications and documents awaiting a reply are watched by the
// same rule as complaints.
func TestEveryDeadlineAlertsAlike(t *testing.T) {
	cal := NewCalendar()
	for deadline := d("2026-09-20"); deadline.Before(d("2026-10-20")); deadline = deadline.AddDays(1) {
		task := &Task{Status: TaskInProgress, Due: deadline}
		finding := &Finding{RectStatus: RectOpen, RectDue: deadline}
		doc := &Document{Status: DocDelivered, ReplyDue: deadline}
		complaint := &Complaint{Status: StatusHandling, DueDate: deadline}
		for today := deadline.AddDays(-10); today.Before(deadline.AddDays(10)); today = today.AddDays(1) {
			want := cal.AlertOn(deadline, today, 3)
			for what, got := range map[string]Alert{
				"complaint": complaint.Alert(cal, today, 3), "task": task.Alert(cal, today, 3),
				"rectification": finding.Alert(cal, today, 3), "reply": doc.ReplyAlert(cal, today, 3),
			} {
				if got != want {
					t.Fatalf("%s due %s on %s: %+v, want %+v", what, deadline, today, got, want)
				}
			}
			if task.Late(cal, today) != (want.Level == AlertOverdue) {
				t.Fatalf("task due %s on %s: late %v, alert %+v", deadline, today, task.Late(cal, today), want)
			}
		}
	}
	// Not awaiting anything: no alert.
	replied := &Document{Status: DocReplied, ReplyDue: d("2026-01-05"), RepliedOn: d("2026-01-04")}
	done := &Finding{RectStatus: RectDone, RectDue: d("2026-01-05")}
	if replied.ReplyAlert(cal, d("2026-11-20"), 3) != (Alert{}) || done.Alert(cal, d("2026-11-20"), 3) != (Alert{}) {
		t.Error("a replied document or a rectified finding has an alert")
	}
}
