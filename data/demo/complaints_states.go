package demo

import (
	"fmt"
	"slices"
	"time"

	"xiaoneng/data"
)

// Every state and alert the screens and statistics show, made sure of
// among the planned complaints.

// stateKey names a state at today, with 办理中 split by its alert.
type stateKey struct {
	status data.ComplaintStatus
	alert  data.AlertLevel
}

func (tk *complaint) stateKey() stateKey { return stateKey{tk.state, tk.alert} }

// wanted are the states (and alerts) the demo must show at today, with how
// many complaints at least: the screens and statistics must have each to show.
var wanted = []struct {
	k   stateKey
	min int
}{
	{stateKey{data.StatusPending, ""}, 2}, {stateKey{data.StatusAccepted, ""}, 2},
	{stateKey{data.StatusHandling, ""}, 3}, {stateKey{data.StatusHandling, data.AlertDueSoon}, 3},
	{stateKey{data.StatusHandling, data.AlertOverdue}, 4}, {stateKey{data.StatusVerifying, ""}, 2},
	{stateKey{data.StatusReplying, ""}, 2}, {stateKey{data.StatusFollowUp, ""}, 2},
	{stateKey{data.StatusClosed, ""}, 3}, {stateKey{data.StatusRejected, ""}, 2},
	{stateKey{data.StatusTransferred, ""}, 2}, {stateKey{data.StatusMerged, ""}, 2},
	{stateKey{data.StatusArchived, ""}, 3},
}

// ensureComplaintStates makes sure every state is present at today. Most are
// by the plan's own course; when chance left one out, the most recent
// suitable complaint is stopped at that state (its later steps had not
// happened yet) or decided the other way.
func (g *gen) ensureComplaintStates(complaints []*complaint, ppl people) error {
	count := map[stateKey]int{}
	for _, tk := range complaints {
		count[tk.stateKey()]++
	}
	minOf := map[stateKey]int{}
	for _, w := range wanted {
		minOf[w.k] = w.min
	}
	// spare: a complaint whose state can lose one without falling short.
	spare := func(tk *complaint) bool {
		return !tk.forced && !tk.repeated && count[tk.stateKey()] > minOf[tk.stateKey()]
	}
	overdueBefore, soonBefore := data.AlertBounds(g.cal, g.today, g.settings.WarnDays)
	recent := g.today.AddDays(-75)

	// A few complaints sit long past their deadline despite reminders: the
	// ones a 通报 would name.
	long := 0
	for _, tk := range complaints {
		if tk.alert == data.AlertOverdue && tk.due.Before(g.today.AddDays(-20)) {
			long++
		}
	}
	for long < 2 {
		tk, n := g.longOverdue(complaints, spare)
		if tk == nil {
			return fmt.Errorf("no complaint can be left long overdue")
		}
		count[tk.stateKey()]--
		tk.forced, tk.steps = true, tk.steps[:n]
		g.addOverdueReminder(tk, ppl)
		if err := g.replay(tk); err != nil {
			return err
		}
		count[tk.stateKey()]++
		long++
	}

	for _, w := range wanted {
		for count[w.k] < w.min {
			tk, n := g.candidate(complaints, w.k, spare, overdueBefore, soonBefore, recent)
			if tk == nil {
				return fmt.Errorf("no complaint can be brought to %s%s", w.k.status, w.k.alert)
			}
			count[tk.stateKey()]--
			tk.forced = true
			switch {
			case n >= 0:
				tk.steps = tk.steps[:n]
				if w.k.alert == data.AlertOverdue {
					g.addOverdueReminder(tk, ppl)
				}
			case w.k.status == data.StatusAccepted:
				tk.steps = []data.Step{{Kind: data.EventAccept, At: tk.steps[0].At}}
			default:
				g.redecide(tk, complaints, w.k.status, ppl)
			}
			if err := g.replay(tk); err != nil {
				return err
			}
			count[tk.stateKey()]++
			if tk.stateKey() != w.k {
				return fmt.Errorf("complaint %s forced to %v ends in %v", tk.key, w.k, tk.stateKey())
			}
		}
	}
	return nil
}

// candidate finds the complaint to bring to state k: the most recent one that
// went through the step ending in k, with n the number of steps to keep;
// n < 0 when the complaint must be decided anew (or re-accepted) instead.
func (g *gen) candidate(complaints []*complaint, k stateKey, spare func(*complaint) bool, overdueBefore, soonBefore, recent data.Date) (*complaint, int) {
	var best *complaint
	bestN := -1
	var bestAt time.Time
	consider := func(tk *complaint, n int, at time.Time) {
		if best == nil || at.After(bestAt) {
			best, bestN, bestAt = tk, n, at
		}
	}
	for _, tk := range complaints {
		if !spare(tk) {
			continue
		}
		normal := tk.out == outNormal
		switch k.status {
		case data.StatusPending:
			if normal {
				consider(tk, 0, tk.c.ReceivedAt)
			}
			continue
		case data.StatusAccepted:
			if normal && len(tk.steps) > 0 && data.DateOf(tk.c.ReceivedAt).After(g.today.AddDays(-5)) {
				consider(tk, -1, tk.c.ReceivedAt)
			}
			continue
		case data.StatusRejected, data.StatusTransferred, data.StatusMerged:
			// Recent, but with days enough for the decision to have been made.
			if d := data.DateOf(tk.c.ReceivedAt); normal && d.After(g.today.AddDays(-40)) && d.Before(g.today.AddDays(-5)) {
				consider(tk, -1, tk.c.ReceivedAt)
			}
			continue
		}
		for i, s := range tk.steps {
			ok := false
			switch k.status {
			case data.StatusHandling:
				if s.Kind != data.EventAssign {
					continue
				}
				due := g.addWork(data.DateOf(s.At), s.LimitDays)
				switch k.alert {
				case data.AlertOverdue:
					ok = due.Before(overdueBefore) && data.DateOf(s.At).After(recent)
				case data.AlertDueSoon:
					ok = !due.Before(overdueBefore) && due.Before(soonBefore)
				default:
					ok = !due.Before(soonBefore)
				}
			case data.StatusVerifying:
				ok = s.Kind == data.EventFeedback
			case data.StatusReplying:
				ok = s.Kind == data.EventVerify
			case data.StatusFollowUp:
				ok = s.Kind == data.EventReply
			case data.StatusClosed:
				ok = s.Kind == data.EventFollowUp && s.Result != string(data.Dissatisfied)
			case data.StatusArchived:
				ok = s.Kind == data.EventArchive
			}
			if ok {
				consider(tk, i+1, s.At)
			}
		}
	}
	return best, bestN
}

// longOverdue finds a complaint assigned one to two months ago whose handler
// could have stayed silent: the steps up to its 交办 are kept.
func (g *gen) longOverdue(complaints []*complaint, spare func(*complaint) bool) (*complaint, int) {
	var best *complaint
	bestN := 0
	for _, tk := range complaints {
		if !spare(tk) || tk.c.Channel == data.Channel12345 {
			continue
		}
		for i, s := range tk.steps {
			if s.Kind != data.EventAssign {
				continue
			}
			due := g.addWork(data.DateOf(s.At), s.LimitDays)
			if due.Before(g.today.AddDays(-25)) && due.After(g.today.AddDays(-60)) && (best == nil || s.At.After(best.steps[bestN-1].At)) {
				best, bestN = tk, i+1
			}
		}
	}
	return best, bestN
}

// addOverdueReminder adds the 催办 an office makes the day after a missed
// deadline, when that day has come.
func (g *gen) addOverdueReminder(tk *complaint, ppl people) {
	last := tk.steps[len(tk.steps)-1]
	due := g.addWork(data.DateOf(last.At), last.LimitDays)
	at := g.onDay(g.addWork(due, 1), last.At)
	if at.After(g.now) {
		return
	}
	tk.steps = append(tk.steps, data.Step{Kind: data.EventRemind, At: at, Method: "书面", By: pick(g, ppl.handlers()).Name, Note: remindNotes[1]})
	if again := g.onDay(g.addWork(due, 6), at); !again.After(g.now) {
		tk.steps = append(tk.steps, data.Step{Kind: data.EventRemind, At: again, Method: "电话", By: tk.clerk.Name, Note: remindNotes[2]})
	}
}

// redecide plans a recent complaint as turned away, forwarded, or merged
// into an earlier one on the same matter.
func (g *gen) redecide(tk *complaint, complaints []*complaint, status data.ComplaintStatus, ppl people) {
	switch status {
	case data.StatusRejected:
		tk.out = outReject
	case data.StatusTransferred:
		tk.out = outTransfer
	case data.StatusMerged:
		i := slices.Index(complaints, tk)
		m := g.recentMaster(complaints[:i], tk.c.ReceivedAt)
		for j := i - 1; m == nil && j >= 0; j-- {
			if complaints[j].out == outNormal {
				m = complaints[j]
			}
		}
		g.repeatOf(tk, m)
	}
	g.planFlow(tk, ppl)
}
