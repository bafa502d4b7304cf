package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"xiaoneng/data"
)

// A search within a tab of the 效能投诉 screen: a state's complaints, or, for
// 临近到期 and 已超期, those of two states whose deadline is in bounds. Each
// live complaint's rows in the search indexes hold its state as a term
// (stateTerm, migration 0015), so the index finds the search's terms and
// the tab's states together:
//
//   - in a file, the FTS5 query of the terms gains the tab's states
//     (q.match), and FTS5 intersects its own lists of rowids: at 1M, 窗口's
//     221,440 rowids and 待受理's 32,640. Merged in SQL instead (complaints'
//     keys by state, migration 0014, against the index's rowids), each
//     rowid passed through SQLite's virtual machine: 35-41 ms for 待受理
//     and 办理中.
//   - on a server the GIN index intersects them (q.states), unless the
//     tab holds fewer complaints than the ledger's matches of a counted
//     term of two characters: at 100k, 多次往返 within 待受理 33-41 → 6-12
//     ms; a common word within a smaller tab is still found by checking the
//     tab's complaints, cheaper than rereading each index row the GIN
//     index finds.
//
// A state's results come in the index's order, newest key first, as a
// search of the whole ledger does. An alert's come most urgent first, as
// its list does: in a file, by the months of the deadlines the rows of a
// file's indexes also hold (deadlineTerms, migration 0017; tabKeys), and
// only the page's complaints are read, where sorting every match's
// complaint took 150 ms for 已超期 at 1M; on a server, by the deadlines
// kept beside the terms of the complaints an alert can hold (migration
// 0019; openKeys), where checking each overdue complaint's text took
// 786-888 ms for 已超期 at 1M.

// stateTerm is the term of a complaint's state in its rows of the search
// indexes, which a file's triggers write through xn_tab_terms (tabTerms,
// migration 0017); the server's xn_state_term writes it likewise.
func stateTerm(st data.ComplaintStatus) string { return "s" + string(st) }

// deadlineTerms are the terms of a complaint's deadline
// (data.Complaint.Deadline) in its rows of a file's search indexes while it
// is in a state that has one (migration 0017): m and its month, m202611,
// and m and its day, m20261119; m0 when it has none set.
func deadlineTerms(d data.Date) string {
	if d.IsZero() {
		return "m0"
	}
	return monthTerm(monthNumber(d)) + " " + dayTerm(d)
}

func monthTerm(m int) string { return fmt.Sprintf("m%04d%02d", m/12, m%12+1) }
func dayTerm(d data.Date) string {
	return fmt.Sprintf("m%04d%02d%02d", d.Year(), int(d.Month()), d.Day())
}

// monthNumber numbers a calendar month: year*12 + month-1.
func monthNumber(d data.Date) int { return d.Year()*12 + int(d.Month()) - 1 }

// firstDay is the first day of month m (monthNumber).
func firstDay(m int) data.Date { return data.NewDate(m/12, time.Month(m%12+1), 1) }

// tabTerms are the terms of a complaint's place in the tabs in its rows of
// a file's search indexes, which its triggers write through xn_tab_terms:
// its state, and its deadline in a state that has one.
func tabTerms(st data.ComplaintStatus, acceptDue, dueDate data.Date) string {
	if !st.HasDeadline() {
		return stateTerm(st)
	}
	c := data.Complaint{Status: st, AcceptDue: acceptDue, DueDate: dueDate}
	return stateTerm(st) + " " + deadlineTerms(c.Deadline())
}

// tabPart is the complaints of one state in a tab, those whose deadline
// (the column deadline) is within bounds (a condition on c, with its
// arguments: on or after from, when set, and before before) when bounds is
// set.
type tabPart struct {
	status       data.ComplaintStatus
	deadline     string
	bounds       string
	args         []any
	from, before data.Date
}

// searchWithinState makes search q within the filter f a search of the
// index for the tab's states too, when f is a tab's (a state or an alert,
// and nothing else). It tells whether an alert's list and count are to be
// read by the tab's keys (q.tab set; tabList, countTab).
func (db *DB) searchWithinState(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) (bool, error) {
	if q.table == "" {
		return false, nil
	}
	tab, ok, err := db.tabOf(ctx, f)
	if err != nil || !ok {
		return false, err
	}
	if tab[0].bounds != "" && len(q.verify) == 0 {
		q.tab = tab
		return true, nil
	}
	var terms, quoted []string
	for _, p := range tab {
		terms = append(terms, stateTerm(p.status))
		quoted = append(quoted, `"`+stateTerm(p.status)+`"`)
	}
	if q.server {
		// The GIN index's rows are read and their arrays checked again
		// (15-40 µs each), where a walk checks a complaint's text (3-5 µs):
		// a tab smaller than the ledger's matches of the terms is walked as
		// before (searchWalks), the index finds the tab's few matches. A
		// term of two characters within a state is counted by state
		// (countOneBigram), and its list walks the state when it has many
		// matches (searchWalks).
		if _, one := q.oneBigram(); !one || tab[0].bounds != "" {
			walk, err := db.tabSmallerThanMatches(ctx, q, f)
			if err != nil || walk {
				return false, err
			}
		}
		q.states = "{" + strings.Join(terms, ",") + "}"
		return false, nil
	}
	q.states = "{" + strings.Join(terms, ",") + "}"
	q.match = "(" + q.match + ") AND (" + strings.Join(quoted, " OR ") + ")"
	return false, nil
}

// tabSmallerThanMatches tells whether the tab f lists holds fewer
// complaints than the server's index finds in the whole ledger for q, when
// the index can tell cheaply (a term of two characters, counted).
func (db *DB) tabSmallerThanMatches(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) (bool, error) {
	matches, known, err := db.indexMatches(ctx, q)
	if err != nil || !known {
		return false, err
	}
	f.Search, f.Limit, f.Offset = "", 0, 0
	within, err := db.CountComplaints(ctx, f)
	return within < matches, err
}

// tabOf is the tab of the 效能投诉 screen f lists, its search aside: a
// state or an alert and nothing else; ok is false when f is not a tab's.
func (db *DB) tabOf(ctx context.Context, f data.ComplaintFilter) (tab []tabPart, ok bool, err error) {
	f.Search, f.Limit, f.Offset = "", 0, 0
	switch {
	case f.Status != "" && f == data.ComplaintFilter{Status: f.Status}:
		return []tabPart{{status: f.Status}}, true, nil
	case f.Alert != data.AlertNone && f == data.ComplaintFilter{Alert: f.Alert}:
		bounds, err := db.alertBounds(ctx)
		if err != nil {
			return nil, false, err
		}
		parts, err := bounds.parts(f.Alert)
		if err != nil {
			return nil, false, err
		}
		for _, p := range parts {
			tab = append(tab, tabPart{p.status, p.deadline, p.bounds, p.args, p.from, p.before})
		}
		return tab, true, nil
	}
	return nil, false, nil
}

// tabKey is a complaint a search within an alert's tab finds: its key and
// its deadline.
type tabKey struct {
	key int64
	due string
}

// A search within an alert's tab in a file finds the tab's complaints by
// their deadlines' months and days (deadlineTerms, migration 0017). Its
// count is one FTS5 query of the terms and each part's state and
// deadlines (countTab). A page is read month by month from the earliest
// deadline until it is full, each match looked up for its deadline
// (tabKeys). Walking each state's keys against the rowids FTS5 finds
// instead took 35-40 ms for 已超期 + 窗口 at 1M, its 76,253 keys each looked
// up among 18,856 rowids.

// partMonths are the months part p of a search within an alert's tab
// reads: from first to last, cutFirst and cutLast when its bounds cut
// them; for a part open below (no from), first is its state's earliest
// deadline and max its latest. ok is false when it has none.
type partMonths struct {
	first, last       int
	cutFirst, cutLast bool
	max               int
	ok                bool
}

func (db *DB) monthsOf(ctx context.Context, rd querier, p tabPart) (partMonths, error) {
	m := partMonths{last: monthNumber(p.before.AddDays(-1)), cutLast: p.before.Day() != 1, ok: true}
	if !p.from.IsZero() {
		m.first, m.cutFirst = monthNumber(p.from), p.from.Day() != 1
		return m, nil
	}
	// the state's partial index of deadlines (complaints_due,
	// complaints_accept_due) gives each end; its condition is written as
	// that index's, which SQLite matches as written. Asked for min() and
	// max(), SQLite read the whole index (8 ms for 办理中 at 1M).
	end := "SELECT " + p.deadline + " FROM complaints c WHERE c.status = '" + string(p.status) + "' AND c.deleted_at IS NULL AND " +
		p.deadline + " IS NOT NULL ORDER BY " + p.deadline
	var lo, hi sql.NullString
	if err := rd.QueryRowContext(ctx, "SELECT ("+end+" LIMIT 1), ("+end+" DESC LIMIT 1)").Scan(&lo, &hi); err != nil {
		return m, fmt.Errorf("store: complaints: %w", err)
	}
	if !lo.Valid {
		return partMonths{}, nil // no deadline at all: none is in the tab
	}
	first, err := data.ParseDate(lo.String)
	if err != nil {
		return m, fmt.Errorf("store: complaints: deadline %q: %w", lo.String, err)
	}
	last, err := data.ParseDate(hi.String)
	if err != nil {
		return m, fmt.Errorf("store: complaints: deadline %q: %w", hi.String, err)
	}
	m.first, m.max = monthNumber(first), monthNumber(last)
	return m, nil
}

// partMatch is the FTS5 query of q's matches in part p's state whose
// deadline's month is among months (all of the state's when there is none).
func (q *complaintSearch) partMatch(p tabPart, months ...int) string {
	match := "(" + q.match + `) AND "` + stateTerm(p.status) + `"`
	if len(months) == 0 {
		return match
	}
	var terms []string
	for _, m := range months {
		terms = append(terms, `"`+monthTerm(m)+`"`)
	}
	return "(" + match + ") AND (" + strings.Join(terms, " OR ") + ")"
}

// partKeys are the complaints of part p that the index finds for q with
// their deadline in months, each looked up for its deadline.
func (q *complaintSearch) partKeys(ctx context.Context, rd querier, p tabPart, months ...int) ([]tabKey, error) {
	var keys []tabKey
	args := append(append([]any{string(p.status)}, p.args...), q.partMatch(p, months...))
	err := eachRow(ctx, rd, "complaints", "SELECT c.search_key, "+p.deadline+" FROM complaints c INDEXED BY complaints_status_key WHERE c.status = ? AND c.search_key IS NOT NULL AND "+
		p.bounds+" AND c.search_key IN (SELECT rowid FROM "+q.table+" WHERE "+q.table+" MATCH ?)", args, func(r rowScanner) error {
		var k tabKey
		if err := r.Scan(&k.key, &k.due); err != nil {
			return err
		}
		keys = append(keys, k)
		return nil
	})
	return keys, err
}

// countTab counts the complaints a search within an alert's tab finds: one
// FTS5 query of the search's terms and each part's state and deadlines
// (termsOf). Looking up the deadline of each match of a month the bounds
// cut took as long as the rest (10.7 ms for the 3,825 of 窗口 due in
// November 2026, 办理中, at 1M).
func (db *DB) countTab(ctx context.Context, rd querier, q *complaintSearch) (int, error) {
	if q.server {
		where, args := q.openWhere()
		var n int
		if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM complaint_open_terms s WHERE "+where, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: count complaints: %w", err)
		}
		return n, nil
	}
	var parts []string
	for _, p := range q.tab {
		m, err := db.monthsOf(ctx, rd, p)
		if err != nil {
			return 0, err
		}
		if m.ok {
			parts = append(parts, p.termsOf(m))
		}
	}
	if len(parts) == 0 {
		return 0, nil
	}
	return q.countMatches(ctx, rd, "("+q.match+") AND ("+strings.Join(parts, " OR ")+")")
}

// termsOf is the FTS5 condition on the terms of a complaint of part p
// (months m): its state and, for a part open below, none of the deadlines
// from its bound on (none set; the days of the month it cuts, the later
// months), else one of the deadlines within its bounds (whole months, and
// the days of a month they cut).
func (p tabPart) termsOf(m partMonths) string {
	var terms []string
	days := func(mo int) { // of month mo, those within the bounds
		d := firstDay(mo)
		if d.Before(p.from) {
			d = p.from
		}
		for ; d.Before(p.before) && monthNumber(d) == mo; d = d.AddDays(1) {
			terms = append(terms, `"`+dayTerm(d)+`"`)
		}
	}
	state := `"` + stateTerm(p.status) + `"`
	if p.from.IsZero() {
		terms = append(terms, `"m0"`)
		if m.cutLast {
			for d := p.before; monthNumber(d) == m.last; d = d.AddDays(1) {
				terms = append(terms, `"`+dayTerm(d)+`"`)
			}
		}
		for mo := m.last + 1; mo <= m.max; mo++ {
			terms = append(terms, `"`+monthTerm(mo)+`"`)
		}
		return "(" + state + " NOT (" + strings.Join(terms, " OR ") + "))"
	}
	for mo := m.first; mo <= m.last; mo++ {
		if mo == m.first && m.cutFirst || mo == m.last && m.cutLast {
			days(mo)
		} else {
			terms = append(terms, `"`+monthTerm(mo)+`"`)
		}
	}
	return "(" + state + " AND (" + strings.Join(terms, " OR ") + "))"
}

// countMatches counts the rows of q's index FTS5 finds for match.
func (q *complaintSearch) countMatches(ctx context.Context, rd querier, match string) (int, error) {
	var n int
	if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM "+q.table+" WHERE "+q.table+" MATCH ?", match).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, nil
}

// tabKeys are the first want complaints (all when want is 0) a search
// within an alert's tab finds, most urgent first (the alert's order; of
// the same deadline, the newest key first), read month by month; fromEnd,
// at least the last want, read from the latest month back.
func (db *DB) tabKeys(ctx context.Context, rd querier, q *complaintSearch, want int, fromEnd bool) ([]tabKey, error) {
	months := make([]partMonths, len(q.tab))
	first, last, have := 0, 0, false
	for i, p := range q.tab {
		m, err := db.monthsOf(ctx, rd, p)
		if err != nil {
			return nil, err
		}
		if months[i] = m; !m.ok {
			continue
		}
		if !have || m.first < first {
			first = m.first
		}
		if !have || m.last > last {
			last = m.last
		}
		have = true
	}
	var keys []tabKey
	for n := 0; have && n <= last-first && (want == 0 || len(keys) < want); n++ {
		mo := first + n
		if fromEnd {
			mo = last - n
		}
		for i, p := range q.tab {
			if m := months[i]; m.ok && mo >= m.first && mo <= m.last {
				found, err := q.partKeys(ctx, rd, p, mo)
				if err != nil {
					return nil, err
				}
				keys = append(keys, found...)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].due != keys[j].due {
			return keys[i].due < keys[j].due
		}
		return keys[i].key > keys[j].key
	})
	return keys, nil
}

// tabList is the FROM clause of a list of the complaints c a search within
// an alert's tab finds, the list's order and the arguments: the page
// (f.Limit from f.Offset; all when f.Limit is 0) of the keys tabKeys finds,
// whose complaints alone are read. A page in the later half of total
// (unknown when below 0) is read from the latest deadline back: the last
// page of 已超期 + 窗口 at 1M took 160-190 ms read from the earliest.
func (db *DB) tabList(ctx context.Context, rd querier, q *complaintSearch, f data.ComplaintFilter, total int) (from, order string, args []any, err error) {
	order = " ORDER BY " + deadlineOrder + ", c.search_key DESC"
	if q.server {
		page, err := q.openKeys(ctx, rd, f)
		if err != nil {
			return "", "", nil, err
		}
		return " FROM unnest(CAST(? AS BIGINT[])) AS k (value) JOIN complaints c ON c.search_key = k.value", order,
			[]any{"{" + strings.Join(page, ",") + "}"}, nil
	}
	off := max(f.Offset, 0)
	var keys []tabKey
	if f.Limit > 0 && total >= 0 && off > total/2 {
		if keys, err = db.tabKeys(ctx, rd, q, total-off, true); err != nil {
			return "", "", nil, err
		}
		keys = keys[max(len(keys)-(total-off), 0):]
	} else {
		want := 0
		if f.Limit > 0 {
			want = off + f.Limit
		}
		if keys, err = db.tabKeys(ctx, rd, q, want, false); err != nil {
			return "", "", nil, err
		}
		keys = keys[min(off, len(keys)):]
	}
	if f.Limit > 0 {
		keys = keys[:min(f.Limit, len(keys))]
	}
	page := make([]string, len(keys))
	for i, k := range keys {
		page[i] = strconv.FormatInt(k.key, 10)
	}
	return " FROM json_each(?) k CROSS JOIN complaints c ON c.search_key = k.value", order, []any{"[" + strings.Join(page, ",") + "]"}, nil
}

// On a server, a search within an alert's tab reads the live complaints
// 待受理 and 办理中 apart, each with its state, its deadline and its terms
// (complaint_open_terms, migration 0019): the GIN index finds the search's
// matches among them, and the tab's are those whose deadline is within the
// bounds of their state's part. A long term's candidates are checked on
// their complaint, as in a search of the whole ledger.

// openWhere is the condition on the server's open complaints s that a
// search within an alert's tab finds, and its arguments.
func (q *complaintSearch) openWhere() (string, []any) {
	cond, args := q.serverWhere(false)
	for _, it := range q.indexed {
		if it.long {
			c, a := q.held(it)
			cond = append(cond, "EXISTS (SELECT 1 FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.search_key = s.rowid AND "+c+")")
			args = append(args, a...)
		}
	}
	var parts []string
	for _, p := range q.tab {
		part := "s.status = ? AND s.deadline < ?"
		args = append(args, string(p.status), p.before.String())
		if !p.from.IsZero() {
			part += " AND s.deadline >= ?"
			args = append(args, p.from.String())
		}
		parts = append(parts, "("+part+")")
	}
	return strings.Join(append(cond, "("+strings.Join(parts, " OR ")+")"), " AND "), args
}

// openKeys are the keys of the page (f.Limit from f.Offset; all when
// f.Limit is 0) of the complaints a search within an alert's tab finds on
// a server, most urgent first (the alert's order; of the same deadline,
// the newest key first).
func (q *complaintSearch) openKeys(ctx context.Context, rd querier, f data.ComplaintFilter) ([]string, error) {
	where, args := q.openWhere()
	query := "SELECT s.rowid FROM complaint_open_terms s WHERE " + where + " ORDER BY s.deadline, s.rowid DESC"
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	var page []string
	err := eachRow(ctx, rd, "complaints", query, args, func(r rowScanner) error {
		var key int64
		if err := r.Scan(&key); err != nil {
			return err
		}
		page = append(page, strconv.FormatInt(key, 10))
		return nil
	})
	return page, err
}

// tabPage is the page of complaints (f.Limit from f.Offset; all when
// f.Limit is 0) a search within an alert's tab finds and their count, read
// in one transaction.
func (db *DB) tabPage(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) ([]*data.Complaint, int, error) {
	where, whereArgs, err := db.complaintWhere(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var list []*data.Complaint
	total := 0
	err = db.read(ctx, data.PermRead, func(tx *sql.Tx) error {
		var err error
		if total, err = db.countTab(ctx, tx, q); err != nil || total <= max(f.Offset, 0) {
			return err
		}
		from, order, args, err := db.tabList(ctx, tx, q, f, total)
		if err != nil {
			return err
		}
		list, err = queryList(ctx, tx, "complaints", scanComplaint, complaintColumns+from+complaintJoins+" WHERE "+where+order, append(args, whereArgs...)...)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}
