package store

import (
	"context"
	"database/sql"
	"fmt"
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
// its list does, read from the complaints an alert can hold (待受理 and
// 办理中 with a deadline) apart, by their deadlines, and only the page's
// complaints are read (migration 0019):
//
//   - in a file, from the twins of the search indexes, whose rowids order
//     them by deadline (openKey): FTS5 counts each part's matches within a
//     range of rowids and reads a page of them. Found by the terms of their
//     deadlines' months and days (migration 0017) and each looked up for its
//     deadline, the first page of 已超期 + 窗口 at 1M took 38 ms and its
//     middle page 120-130 ms.
//   - on a server, from its table of those complaints with their deadlines
//     and terms (openWhere), where checking each overdue complaint's text
//     took 786-888 ms for 已超期 + 窗口 at 1M.

// stateTerm is the term of a complaint's state in its rows of the search
// indexes, which the triggers write through xn_state_term (migrations 0015
// and 0019).
func stateTerm(st data.ComplaintStatus) string { return "s" + string(st) }

// tabTerms are the terms of a complaint's place in the tabs that the
// search indexes held from migration 0017 to 0019, which migration 0017
// writes through xn_tab_terms as it upgrades an older file: its state,
// and its deadline in a state that has one, m and its month and m and its
// day (m202611 m20261119), m0 when none is set.
func tabTerms(st data.ComplaintStatus, acceptDue, dueDate data.Date) string {
	if !st.HasDeadline() {
		return stateTerm(st)
	}
	c := data.Complaint{Status: st, AcceptDue: acceptDue, DueDate: dueDate}
	d := c.Deadline()
	if d.IsZero() {
		return stateTerm(st) + " m0"
	}
	return fmt.Sprintf("%s m%04d%02d m%04d%02d%02d", stateTerm(st), d.Year(), int(d.Month()), d.Year(), int(d.Month()), d.Day())
}

// openKeyBits are the bits of a complaint's key in its rowid in the twins
// of the search indexes (openKey): keys, eight a second from 1970, fit for
// receipts 272 years either side of it (data.Complaint.Validate keeps them
// after 1990); the day of the deadline takes the bits above.
const openKeyBits = 37

// openKeyMid is the key written as 0 in a rowid's low bits.
const openKeyMid = 1<<(openKeyBits-1) - 1

// openKey is the rowid of a complaint in the twins of a file's search
// indexes (migration 0019, xn_open_key): the day of its deadline
// (data.Complaint.Deadline), then its key, newest first, the order the
// alerts list it in. ok is false when it is not there: not live (no key),
// not in a state that has a deadline, none set.
func openKey(st data.ComplaintStatus, acceptDue, dueDate data.Date, key int64) (int64, bool, error) {
	c := data.Complaint{Status: st, AcceptDue: acceptDue, DueDate: dueDate}
	if key == 0 || !st.HasDeadline() || c.Deadline().IsZero() {
		return 0, false, nil
	}
	if key > openKeyMid || key <= openKeyMid-1<<openKeyBits {
		return 0, false, fmt.Errorf("store: search key %d out of range", key)
	}
	return openBound(c.Deadline()) | (openKeyMid - key), true, nil
}

// openBound is the least rowid of the complaints due on day d in the twins
// of the search indexes.
func openBound(d data.Date) int64 {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400 << openKeyBits
}

// keyOfOpen is the key of a complaint whose rowid in the twins is rowid.
func keyOfOpen(rowid int64) int64 { return openKeyMid - rowid&(1<<openKeyBits-1) }

// openTwins are the twins of the search indexes (migration 0019).
var openTwins = map[string]string{"complaint_bigrams": "complaint_open_bigrams", "complaint_trigrams": "complaint_open_trigrams"}

// tabPart is the complaints of one state in an alert's tab, those whose
// deadline is on or after from (when set) and before before.
type tabPart struct {
	status       data.ComplaintStatus
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
	if f.Alert != data.AlertNone && len(q.verify) == 0 {
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
		if _, one := q.oneBigram(); !one || f.Alert != data.AlertNone {
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
			tab = append(tab, tabPart{p.status, p.from, p.before})
		}
		return tab, true, nil
	}
	return nil, false, nil
}

// countTab counts the complaints a search within an alert's tab finds.
func (db *DB) countTab(ctx context.Context, rd querier, q *complaintSearch) (int, error) {
	var query string
	var args []any
	if q.server {
		where, a := q.openWhere()
		query, args = "SELECT count(*) FROM complaint_open_terms s WHERE "+where, a
	} else {
		arms, a := q.openArms()
		query, args = "SELECT count(*) FROM ("+arms+")", a
	}
	var n int
	if err := rd.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, nil
}

// tabList is the FROM clause of a list of the complaints c a search within
// an alert's tab finds, the list's order and the arguments: the page
// (f.Limit from f.Offset; all when f.Limit is 0), whose complaints alone
// are read.
func (db *DB) tabList(ctx context.Context, rd querier, q *complaintSearch, f data.ComplaintFilter) (from, order string, args []any, err error) {
	order = " ORDER BY " + deadlineOrder + ", c.search_key DESC"
	page, err := q.pageKeys(ctx, rd, f)
	if err != nil {
		return "", "", nil, err
	}
	if q.server {
		return " FROM unnest(CAST(? AS BIGINT[])) AS k (value) JOIN complaints c ON c.search_key = k.value", order,
			[]any{"{" + strings.Join(page, ",") + "}"}, nil
	}
	return " FROM json_each(?) k CROSS JOIN complaints c ON c.search_key = k.value", order, []any{"[" + strings.Join(page, ",") + "]"}, nil
}

// pageKeys are the keys of the page (f.Limit from f.Offset; all when
// f.Limit is 0) of the complaints a search within an alert's tab finds,
// most urgent first (the alert's order; of the same deadline, the newest
// key first).
func (q *complaintSearch) pageKeys(ctx context.Context, rd querier, f data.ComplaintFilter) ([]string, error) {
	var query string
	var args []any
	if q.server {
		where, a := q.openWhere()
		query, args = "SELECT s.rowid FROM complaint_open_terms s WHERE "+where+" ORDER BY s.deadline, s.rowid DESC", a
	} else {
		arms, a := q.openArms()
		query, args = "SELECT rowid FROM ("+arms+") ORDER BY rowid", a
	}
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	var page []string
	err := eachRow(ctx, rd, "complaints", query, args, func(r rowScanner) error {
		var key int64
		if err := r.Scan(&key); err != nil {
			return err
		}
		if !q.server {
			key = keyOfOpen(key)
		}
		page = append(page, strconv.FormatInt(key, 10))
		return nil
	})
	return page, err
}

// openArms is a query of the rowids, in the twins of a file's search
// indexes, of the complaints a search within an alert's tab finds: for
// each part, the search's terms and the part's state within the rowids of
// its deadlines (openBound).
func (q *complaintSearch) openArms() (string, []any) {
	twin := openTwins[q.table]
	var arms []string
	var args []any
	for _, p := range q.tab {
		arm := "SELECT rowid FROM " + twin + " WHERE " + twin + " MATCH ? AND rowid < ?"
		args = append(args, "("+q.match+`) AND "`+stateTerm(p.status)+`"`, openBound(p.before))
		if !p.from.IsZero() {
			arm += " AND rowid >= ?"
			args = append(args, openBound(p.from))
		}
		arms = append(arms, arm)
	}
	return strings.Join(arms, " UNION ALL "), args
}

// openWhere is the condition on the server's open complaints s
// (complaint_open_terms) that a search within an alert's tab finds, and its
// arguments: the GIN index finds the search's terms among them; the
// candidates of a term checked (indexedTerm) are checked on their
// complaint, as in a search of the whole ledger.
func (q *complaintSearch) openWhere() (string, []any) {
	cond, args := q.serverWhere(false)
	for _, it := range q.indexed {
		if it.checked {
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
		from, order, args, err := db.tabList(ctx, tx, q, f)
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
