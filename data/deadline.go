package data

// The deadline rule, the one every list, count, export and statistic of
// the ledger counts by: deadlines are counted in working days, a deadline
// is 临近到期 from the office's warning days (working days) before it,
// and it is missed (已超期) once a working day after it has begun. A
// complaint due on a Friday is not overdue on the Saturday; on the Monday it
// is. The store's queries take the rule as due-date bounds (AlertBounds),
// its kept figures as the first day a due date is missed (OverdueFrom).

// AlertLevel is how near something is to its deadline.
type AlertLevel string

const (
	AlertNone    AlertLevel = ""
	AlertDueSoon AlertLevel = "临近到期"
	AlertOverdue AlertLevel = "已超期"
)

// Alert is a deadline's alert on one day.
type Alert struct {
	Level           AlertLevel
	WorkdaysLeft    int  // working days after today up to the deadline (0: due today)
	OverdueWorkdays int  // working days past the deadline, up to and including today
	Accept          bool // the alert is on the 受理期限 of a complaint not yet accepted
}

// OverdueFrom is the first day deadline counts as missed: the first
// working day after it. Zero for no deadline.
func (c *Calendar) OverdueFrom(deadline Date) Date {
	if deadline.IsZero() {
		return Date{}
	}
	d, _ := c.AddWorkdays(deadline, 1)
	return d
}

// Missed says whether deadline is missed on day on.
func (c *Calendar) Missed(deadline, on Date) bool {
	return !deadline.IsZero() && !on.Before(c.OverdueFrom(deadline))
}

// AlertOn is the alert of deadline on day today; none for no deadline.
func (c *Calendar) AlertOn(deadline, today Date, warnDays int) Alert {
	if deadline.IsZero() {
		return Alert{}
	}
	if over, _ := c.WorkdaysBetween(deadline, today); over > 0 {
		return Alert{Level: AlertOverdue, OverdueWorkdays: over}
	}
	left, _ := c.WorkdaysBetween(today, deadline)
	left = max(left, 0) // the deadline has passed, but no working day since
	if left <= warnDays {
		return Alert{Level: AlertDueSoon, WorkdaysLeft: left}
	}
	return Alert{WorkdaysLeft: left}
}

// AlertBounds turns the rule into deadline bounds on day today, for
// queries: a deadline is 已超期 when it is before overdueBefore, and
// 临近到期 when it is on or after overdueBefore and before soonBefore.
func AlertBounds(cal *Calendar, today Date, warnDays int) (overdueBefore, soonBefore Date) {
	// Missed means some working day lies after the deadline and on or
	// before today, that is: the deadline is before the last working day
	// on or before today.
	overdueBefore = today
	for i := 0; i < 366 && !cal.IsWorkday(overdueBefore); i++ {
		overdueBefore = overdueBefore.AddDays(-1)
	}
	// At most warnDays working days left means the deadline comes before
	// the (warnDays+1)-th working day after today.
	soonBefore, _ = cal.AddWorkdays(today, warnDays+1)
	return overdueBefore, soonBefore
}
