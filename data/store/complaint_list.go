package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"xiaoneng/data"
)

// handlingStatus is written into queries as a literal, so that SQLite can
// use the partial index on due dates of complaints being handled.
const handlingStatus = "'" + string(data.StatusHandling) + "'"

// complaintWhere turns a filter, except its search, into SQL conditions on
// complaints c.
func (db *DB) complaintWhere(ctx context.Context, f data.ComplaintFilter) (string, []any, error) {
	w := where("c.deleted_at IS NULL")
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if f.Channel != "" {
		w.add("c.channel = ?", string(f.Channel))
	}
	if f.Category != "" {
		w.add("c.category = ?", string(f.Category))
	}
	if f.UnitID != "" {
		w.add("c.unit_id = ?", f.UnitID)
	}
	if f.HandlerUnitID != "" {
		w.add("c.handler_unit_id = ?", f.HandlerUnitID)
	}
	if !f.From.IsZero() {
		w.add("c.received_at >= ?", formatTime(f.From.Time()))
	}
	if !f.To.IsZero() {
		w.add("c.received_at < ?", formatTime(f.To.AddDays(1).Time()))
	}
	if f.Alert != data.AlertNone {
		bounds, err := db.alertBounds(ctx)
		if err != nil {
			return "", nil, err
		}
		cond, args, err := bounds.cond(f.Alert)
		if err != nil {
			return "", nil, err
		}
		w.add(cond, args...)
	}
	return w.sql(), w.args, nil
}

// alertBounds are the deadline bounds of complaints' alerts today, by the
// office's calendar and warning days.
func (db *DB) alertBounds(ctx context.Context) (complaintBounds, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return complaintBounds{}, err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return complaintBounds{}, err
	}
	return complaintAlertBounds(cal, db.today(), settings.WarnDays), nil
}

// alertOnly reports whether f lists the complaints of an alert and nothing
// narrower: a list whose first rows and count each part's index gives.
func alertOnly(f data.ComplaintFilter) bool {
	return f.Alert != data.AlertNone && f.Status == "" && f.Channel == "" && f.Category == "" && f.UnitID == "" &&
		f.HandlerUnitID == "" && f.From.IsZero() && f.To.IsZero() && parseComplaintSearch(f.Search, nil) == nil
}

// complaintBounds are the deadline bounds of complaints' alerts on a day
// (data.AlertBounds): a 办理期限 is watched the office's warning days ahead,
// a 受理期限 data.AcceptWarnDays ahead (data.Complaint.Alert).
type complaintBounds struct {
	overdueBefore, soonBefore, acceptSoonBefore data.Date
}

func complaintAlertBounds(cal *data.Calendar, today data.Date, warnDays int) complaintBounds {
	overdue, soon := data.AlertBounds(cal, today, warnDays)
	_, acceptSoon := data.AlertBounds(cal, today, data.AcceptWarnDays)
	return complaintBounds{overdue, soon, acceptSoon}
}

// cond is the condition that a complaint c's alert is level, with its
// parameters: by its due date while 办理中, its 受理期限 while 待受理
// (data.Complaint.Deadline).
func (b complaintBounds) cond(level data.AlertLevel) (string, []any, error) {
	parts, err := b.parts(level)
	if err != nil {
		return "", nil, err
	}
	return "(" + parts[0].cond + " OR " + parts[1].cond + ")", append(parts[0].args, parts[1].args...), nil
}

// alertPart is the complaints of one state whose alert is a level: the
// condition, its parameters, and the deadline they are ordered by. Each
// reads its own partial index (complaints_due, complaints_accept_due), which
// SQLite takes for a part alone and not for the two joined by OR.
type alertPart struct {
	cond     string
	args     []any
	deadline string
	// the state and the bounds of its deadline (from, when set, and
	// before), for a search within the tab (complaint_search_tab.go)
	status       data.ComplaintStatus
	from, before data.Date
}

func (b complaintBounds) parts(level data.AlertLevel) ([2]alertPart, error) {
	part := func(status data.ComplaintStatus, deadline string, from, before data.Date) alertPart {
		bounds, args := deadline+" < ?", []any{before.String()}
		if !from.IsZero() {
			bounds, args = deadline+" >= ? AND "+bounds, []any{from.String(), before.String()}
		}
		return alertPart{"(c.status = '" + string(status) + "' AND c.deleted_at IS NULL AND " + bounds + ")", args, deadline, status, from, before}
	}
	switch level {
	case data.AlertOverdue:
		return [2]alertPart{part(data.StatusHandling, "c.due_date", data.Date{}, b.overdueBefore),
			part(data.StatusPending, "c.accept_due", data.Date{}, b.overdueBefore)}, nil
	case data.AlertDueSoon:
		return [2]alertPart{part(data.StatusHandling, "c.due_date", b.overdueBefore, b.soonBefore),
			part(data.StatusPending, "c.accept_due", b.overdueBefore, b.acceptSoonBefore)}, nil
	}
	return [2]alertPart{}, data.Invalid("Alert", fmt.Sprintf("“%s”不是到期提醒类别", level))
}

// count is the number of complaints whose alert is level, as an SQL
// expression with its parameters: a count of each part by its index.
func (b complaintBounds) count(level data.AlertLevel) (string, []any, error) {
	parts, err := b.parts(level)
	if err != nil {
		return "", nil, err
	}
	q := "((SELECT count(*) FROM complaints c WHERE " + parts[0].cond + ") + (SELECT count(*) FROM complaints c WHERE " + parts[1].cond + "))"
	return q, append(parts[0].args, parts[1].args...), nil
}

// firstRows is the condition that a complaint may be among the first n of
// level's list (deadlineOrder, then newest received): in each part, those
// whose deadline is at most the part's n-th (ties included), found by
// walking n entries of its index, instead of every complaint of the list read
// and sorted for a page of it.
func (b complaintBounds) firstRows(level data.AlertLevel, n int) (string, []any, error) {
	parts, err := b.parts(level)
	if err != nil {
		return "", nil, err
	}
	var arms []string
	var args []any
	for _, p := range parts {
		arms = append(arms, fmt.Sprintf(`SELECT c.rowid FROM complaints c WHERE %[1]s AND %[2]s <= coalesce(
			(SELECT %[2]s FROM complaints c WHERE %[1]s ORDER BY %[2]s LIMIT 1 OFFSET %[3]d), '9999-12-31')`, p.cond, p.deadline, n-1))
		args = append(args, p.args...)
		args = append(args, p.args...)
	}
	return "c.rowid IN (" + strings.Join(arms, " UNION ALL ") + ")", args, nil
}

const deadlineOrder = "CASE c.status WHEN '" + string(data.StatusPending) + "' THEN c.accept_due ELSE c.due_date END"

// overdueBefore is the bound of the deadlines missed today
// (data.AlertBounds): those before it.
func (db *DB) overdueBefore(ctx context.Context) (data.Date, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return data.Date{}, err
	}
	overdue, _ := data.AlertBounds(cal, db.today(), 0)
	return overdue, nil
}

// Complaints lists the complaints matching f, newest received first; the
// 临近到期 and 已超期 lists come most urgent first (earliest deadline).
func (db *DB) Complaints(ctx context.Context, f data.ComplaintFilter) ([]*data.Complaint, error) {
	return db.complaints(ctx, f, -1)
}

// complaints is Complaints knowing, when not below 0, how many rows of the
// server's index the search selects (countComplaints' candidates).
func (db *DB) complaints(ctx context.Context, f data.ComplaintFilter, candidates int) ([]*data.Complaint, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	q, args, err := db.complaintsQuery(ctx, f, candidates)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "complaints", scanComplaint, q, args...)
}

// EachComplaint calls fn with each complaint Complaints(f) lists, in the same
// order, as it is read: an export of a million complaints holds one at a time.
// An error of fn ends the reading and is returned.
func (db *DB) EachComplaint(ctx context.Context, f data.ComplaintFilter, fn func(*data.Complaint) error) error {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return err
	}
	q, args, err := db.complaintsQuery(ctx, f, -1)
	if err != nil {
		return err
	}
	return eachRow(ctx, rd, "complaints", q, args, func(row rowScanner) error {
		c, err := scanComplaint(row)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// complaintsQuery is the query of the complaints f selects, in their order;
// candidates, when not below 0, is how many rows of the server's index its
// search selects (fewCandidates otherwise counts them).
func (db *DB) complaintsQuery(ctx context.Context, f data.ComplaintFilter, candidates int) (string, []any, error) {
	where, args, err := db.complaintWhere(ctx, f)
	if err != nil {
		return "", nil, err
	}
	from, order := " FROM complaints c", " ORDER BY c.received_at DESC, c.rowid DESC"
	if search := db.parseComplaintSearch(f.Search); search != nil {
		byKeys, err := db.searchWithinState(ctx, search, f)
		if err != nil {
			return "", nil, err
		}
		if byKeys { // an alert's keys (complaint_search_tab.go)
			rd, err := db.reads(data.PermRead)
			if err != nil {
				return "", nil, err
			}
			from, order, a, err := db.tabList(ctx, rd, search, f)
			if err != nil {
				return "", nil, err
			}
			return complaintColumns + from + complaintJoins + " WHERE " + where + order, append(a, args...), nil
		}
		few := candidates >= 0 && candidates <= fewCandidateRows
		if candidates < 0 {
			if few, err = db.fewCandidates(ctx, search); err != nil {
				return "", nil, err
			}
		}
		if search.walk, err = db.searchWalks(ctx, search, f, true, few); err != nil {
			return "", nil, err
		}
		cond, a := search.searchWhere()
		from, order, where, args = search.searchFrom(), search.searchOrder(few), cond+" AND "+where, append(a, args...)
	}
	if f.Alert != data.AlertNone || f.ByDeadline {
		order = " ORDER BY " + deadlineOrder + ", c.received_at DESC"
	}
	if alertOnly(f) && f.Limit > 0 {
		bounds, err := db.alertBounds(ctx)
		if err != nil {
			return "", nil, err
		}
		first, a, err := bounds.firstRows(f.Alert, f.Limit+max(f.Offset, 0))
		if err != nil {
			return "", nil, err
		}
		where, args = first+" AND "+where, append(a, args...)
	}
	q := complaintColumns + from + complaintJoins + " WHERE " + where + order
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	return q, args, nil
}

// ComplaintPage lists the page of complaints f selects (f.Limit from
// f.Offset, in the order of Complaints) and counts every complaint it
// selects: what a list of the 效能投诉 screen shows. A search within an
// alert's tab finds its complaints once for both (tabPage), and so does the
// server's search of the whole ledger (serverPage).
func (db *DB) ComplaintPage(ctx context.Context, f data.ComplaintFilter) ([]*data.Complaint, int, error) {
	// a search within an alert's tab reads the tab's keys once for both, and
	// a server's search of the whole ledger its index once; on a server the
	// list and the count of any other each decide how to search
	// (searchWithinState reads a figure or two there)
	if search := db.parseComplaintSearch(f.Search); search != nil {
		var byKeys, paged bool
		var err error
		if !search.server || f.Alert != data.AlertNone {
			byKeys, err = db.searchWithinState(ctx, search, f)
		} else {
			paged, err = db.serverPaged(ctx, search, f)
		}
		switch {
		case err != nil:
			return nil, 0, err
		case byKeys:
			return db.tabPage(ctx, search, f)
		case paged:
			return db.serverPage(ctx, search, f)
		}
	}
	n, candidates, err := db.countComplaints(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	known := -1
	if candidates {
		known = n
	}
	list, err := db.complaints(ctx, f, known)
	if err != nil {
		return nil, 0, err
	}
	return list, n, nil
}

// CountComplaints counts the complaints matching f (Limit and Offset aside).
// A count by state and channel alone, such as the register's 全部, is the
// sum of the figures kept by month (complaint_month_counts): some hundred
// rows, not a million complaints.
func (db *DB) CountComplaints(ctx context.Context, f data.ComplaintFilter) (int, error) {
	n, _, err := db.countComplaints(ctx, f)
	return n, err
}

// countComplaints is CountComplaints, telling too whether the count is that
// of the rows of the server's index f's search selects (candidates): a count
// of its index alone (countSearchOnly), which the list then need not make
// again to choose its way (fewCandidates).
func (db *DB) countComplaints(ctx context.Context, f data.ComplaintFilter) (int, bool, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, false, err
	}
	if alertOnly(f) {
		bounds, err := db.alertBounds(ctx)
		if err != nil {
			return 0, false, err
		}
		q, args, err := bounds.count(f.Alert)
		if err != nil {
			return 0, false, err
		}
		var n int
		if err := rd.QueryRowContext(ctx, "SELECT "+q, args...).Scan(&n); err != nil {
			return 0, false, fmt.Errorf("store: count complaints: %w", err)
		}
		return n, false, nil
	}
	if f.Category == "" && f.UnitID == "" && f.HandlerUnitID == "" && f.From.IsZero() && f.To.IsZero() &&
		f.Alert == data.AlertNone && parseComplaintSearch(f.Search, db.searchTokens()) == nil {
		var n int
		err := rd.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM complaint_month_counts
			WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR channel = ?2)`, string(f.Status), string(f.Channel)).Scan(&n)
		if err != nil {
			return 0, false, fmt.Errorf("store: count complaints: %w", err)
		}
		return n, false, nil
	}
	where, args, err := db.complaintWhere(ctx, f)
	if err != nil {
		return 0, false, err
	}
	from := " FROM complaints c"
	if search := db.parseComplaintSearch(f.Search); search != nil {
		if byKeys, err := db.searchWithinState(ctx, search, f); byKeys || err != nil {
			if err != nil {
				return 0, false, err
			}
			n, err := db.countTab(ctx, rd, search)
			return n, false, err
		}
		if n, ok, err := db.countSearchOnly(ctx, search, f); ok || err != nil {
			return n, ok && search.server, err
		}
		if search.walk, err = db.searchWalks(ctx, search, f, false, false); err != nil {
			return 0, false, err
		}
		cond, a := search.searchWhere()
		from, where, args = search.searchFrom()+" LEFT JOIN units u ON u.id = c.unit_id", cond+" AND "+where, append(a, args...)
	}
	var n int
	if err := rd.QueryRowContext(ctx, "SELECT count(*)"+from+" WHERE "+where, args...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, false, nil
}

// ComplaintCounts returns the figures of the 工作台 on day today.
func (db *DB) ComplaintCounts(ctx context.Context, today data.Date) (data.ComplaintCounts, error) {
	var n data.ComplaintCounts
	cal, err := db.Calendar(ctx)
	if err != nil {
		return n, err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return n, err
	}
	bounds := complaintAlertBounds(cal, today, settings.WarnDays)
	soon, soonArgs, err := bounds.count(data.AlertDueSoon)
	if err != nil {
		return n, err
	}
	overdue, overdueArgs, err := bounds.count(data.AlertOverdue)
	if err != nil {
		return n, err
	}
	err = db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		rows, err := q.QueryContext(ctx, "SELECT status, sum(n) FROM complaint_month_counts GROUP BY status")
		if err != nil {
			return err
		}
		defer rows.Close()
		byStatus := map[data.ComplaintStatus]*int{
			data.StatusPending: &n.Pending, data.StatusAccepted: &n.Accepted, data.StatusHandling: &n.Handling,
			data.StatusVerifying: &n.Verifying, data.StatusReplying: &n.Replying, data.StatusFollowUp: &n.FollowUp,
			data.StatusClosed: &n.Closed,
		}
		for rows.Next() {
			var status data.ComplaintStatus
			var count int
			if err := rows.Scan(&status, &count); err != nil {
				return err
			}
			if p := byStatus[status]; p != nil {
				*p = count
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return q.QueryRowContext(ctx, "SELECT "+soon+", "+overdue, append(soonArgs, overdueArgs...)...).Scan(&n.DueSoon, &n.Overdue)
	})
	if err != nil {
		return data.ComplaintCounts{}, fmt.Errorf("store: complaint counts: %w", err)
	}
	return n, nil
}

// MonthCount is the number of complaints received in one month of a year that
// are now in one state and came by one channel.
type MonthCount struct {
	Month   int
	Status  data.ComplaintStatus
	Channel data.Channel
	N       int
}

// ComplaintMonthlyCounts counts the complaints received in year by month,
// state and channel (combinations without complaints are left out). Deleted
// complaints do not count.
func (db *DB) ComplaintMonthlyCounts(ctx context.Context, year int) ([]MonthCount, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	var out []MonthCount
	if err := eachRow(ctx, rd, "monthly counts", `SELECT month, status, channel, n FROM complaint_month_counts
		WHERE month BETWEEN ? AND ? AND n > 0 ORDER BY month, status, channel`,
		[]any{fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year)}, func(row rowScanner) error {
			var m MonthCount
			var month string
			if err := row.Scan(&month, &m.Status, &m.Channel, &m.N); err != nil {
				return err
			}
			var err error
			if m.Month, err = strconv.Atoi(month[len(month)-2:]); err != nil {
				return fmt.Errorf("month %q: %w", month, err)
			}
			out = append(out, m)
			return nil
		}); err != nil {
		return nil, err
	}
	return out, nil
}
