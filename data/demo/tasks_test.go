package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// checkTasks checks that the demo county has tasks in every state at its
// today, with the alerts, late signature, refused report, notices and 责任追究
// the screens show.
func checkTasks(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	today := data.DateOf(Today)
	cal, err := db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := db.Tasks(ctx, data.TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[data.TaskStatus]int{}
	alerts := map[data.AlertLevel]int{}
	var signedLate, failed, notReported, extended, withAction int
	for _, x := range tasks {
		states[x.Status]++
		alerts[x.Alert(cal, today, 3).Level]++
		if len(x.SignedLate(cal, today)) > 0 {
			signedLate++
		}
		if x.Failed {
			failed++
		}
		if len(x.NotReported(today)) > 0 {
			notReported++
		}
		if x.Status != data.TaskRegistered {
			for _, u := range x.Units {
				d, err := db.Document(ctx, u.NoticeID)
				if err != nil || d.Kind != data.DocTaskNotice || d.Number == "" || d.RecipientUnitID != u.UnitID {
					t.Errorf("%s: the notice to %s is %+v (%v)", x.Number, u.UnitName, d, err)
				}
			}
		}
		events, err := db.TaskEvents(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Kind == data.TaskEventExtended {
				extended++
			}
		}
		actions, err := db.TaskActions(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		withAction += min(len(actions), 1)
	}
	for _, s := range data.TaskStatuses {
		if states[s] == 0 {
			t.Errorf("no task %s (%v)", s, states)
		}
	}
	if alerts[data.AlertDueSoon] == 0 || alerts[data.AlertOverdue] < 2 {
		t.Errorf("alerts %v", alerts)
	}
	if signedLate == 0 || failed == 0 || notReported == 0 || extended == 0 || withAction == 0 {
		t.Errorf("signed late %d, failed %d, not reported this quarter %d, extended %d, with 责任追究 %d",
			signedLate, failed, notReported, extended, withAction)
	}
	counts, err := db.TaskCounts(ctx, today, 3)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Overdue != alerts[data.AlertOverdue] || counts.DueSoon != alerts[data.AlertDueSoon] || counts.Reported != states[data.TaskReported] {
		t.Errorf("counts %+v, alerts %v", counts, alerts)
	}
}

// checkAppraisals checks the demo's appraisal rounds.
func checkAppraisals(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	rounds, err := db.Appraisals(ctx, data.AppraisalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	unitRounds, warned, marked := 0, 0, 0
	for _, r := range rounds {
		if !r.Kind.ByPost() && len(r.Results) >= 20 {
			unitRounds++
		}
		for _, p := range r.Posts {
			switch p.Mark {
			case data.MarkWarned:
				warned++
				if _, err := db.Action(ctx, p.ActionID); err != nil {
					t.Errorf("the warning of %s has no 责任追究: %v", p.Holder, err)
				}
			case data.MarkModel, data.MarkExcellent:
				marked++
			}
		}
	}
	if unitRounds < 2 || warned != 2 || marked != 5 {
		t.Errorf("%d rounds of units, %d posts warned, %d marked", unitRounds, warned, marked)
	}
	ranking, err := db.AppraisalRanking(ctx, data.NewDate(2026, 1, 1), data.NewDate(2026, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	if len(ranking) < 20 || ranking[0].Rate >= 0.85 || ranking[len(ranking)-1].Rate < 0.9 {
		t.Errorf("2026 ranking of %d units from %.3f to %.3f", len(ranking), ranking[0].Rate, ranking[len(ranking)-1].Rate)
	}
}

// The tasks and rounds planned depend on the seed only.
func TestTaskPlanDependsOnTheSeedOnly(t *testing.T) {
	sum := func(p *plan) [32]byte {
		h := sha256.New()
		for _, x := range p.tasks {
			fmt.Fprintln(h, x.t.Title, x.lead.u.Name, x.clerk.Name, x.signer.Name)
			for _, s := range x.steps {
				fmt.Fprintln(h, s.kind, s.on, s.by, s.percent, s.text)
			}
		}
		for _, a := range p.appraisals {
			fmt.Fprintln(h, a.r.Title, a.r.Results, a.r.Posts, a.warn)
		}
		var out [32]byte
		copy(out[:], h.Sum(nil))
		return out
	}
	a, b, c := sum(planOf(t, 7)), sum(planOf(t, 7)), sum(planOf(t, 8))
	if a != b {
		t.Error("the same seed planned different tasks or appraisals")
	}
	if a == c {
		t.Error("seeds 7 and 8 planned the same tasks and appraisals")
	}
}
