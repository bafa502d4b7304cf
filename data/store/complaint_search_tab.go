package store

import (
	"context"
	"fmt"
	"strings"

	"xiaoneng/data"
)

// A search within a tab of the 效能投诉 screen, in a file: the keys of the
// tab's complaints and those the index finds, both read in order of
// search_key, are merged, without reading a complaint. A tab is a state's
// complaints, or, for 临近到期 and 已超期, those of two states whose
// deadline is in bounds; complaints_status_key (migration 0014) holds each
// state's keys in order with both deadlines, and nothing else is read for
// them; the index gives its rowids in order. SQLite merges ordered selects
// joined by UNION ALL and INTERSECT (MERGE in its plan) when the compound
// has an ORDER BY. At 1M, 待受理's 32,640 keys merged with 窗口's 221,440:
// the count 27-33 ms, the first 500 keys 1 ms. Before, the tab's
// complaints were each read and their text checked (the walk, searchWalks):
// 0.3 s for that count.
//
// A state's results come in the index's order, newest key first, as a
// search of the whole ledger does; an alert's, most urgent first, as its
// list does, sorted from the complaints the merge finds.
//
// On a server, whose GIN index yields no keys in order, each index row
// holds its complaint's state as a term (stateTerm, migration 0015): the
// index finds the tab's states and the search's terms together (q.states),
// and a state's count reads no complaint.

// stateTerm is the term of a complaint's state in its rows of the server's
// search indexes: xn_state_term of migration 0015.
func stateTerm(st data.ComplaintStatus) string { return "s" + string(st) }

// tabPart is the complaints of one state in a tab, those whose deadline is
// within bounds (a condition on c's due_date or accept_due, with its
// arguments) when bounds is set.
type tabPart struct {
	status data.ComplaintStatus
	bounds string
	args   []any
}

// indexDrivesShare is how much smaller than the tab the index's matches are
// for the search to read them (the index drives, as without a tab) rather
// than merge: reading a match's complaint costs about as much as merging
// 80 keys (8 µs against 0.1 µs at 1M), and a rare term, a complainant's
// name, within a tab of half a million, is found at once by its complaints.
const indexDrivesShare = 64

// searchWithinState tells whether search q within the filter f is a tab's
// (a state or an alert, and nothing else) to be merged with the tab's keys:
// in a file, for terms the index finds exactly (none checked on the
// complaints), unless the index finds few compared to the tab. It sets
// q.tab when it is. On a server it sets q.states to the tab's states and
// tells false: the index finds the tab's complaints itself.
func (db *DB) searchWithinState(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) (bool, error) {
	if q.table == "" || !q.server && len(q.verify) > 0 {
		return false, nil
	}
	tab, ok, err := db.tabOf(ctx, f)
	if err != nil || !ok {
		return false, err
	}
	if q.server {
		terms := make([]string, len(tab))
		for i, p := range tab {
			terms[i] = stateTerm(p.status)
		}
		q.states = "{" + strings.Join(terms, ",") + "}"
		return false, nil
	}
	f.Search, f.Limit, f.Offset = "", 0, 0
	within, err := db.CountComplaints(ctx, f) // kept figures, or the alert's indexes: no complaint read
	if err != nil {
		return false, err
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return false, err
	}
	// the matches counted up to the share only: a common word's 221,440
	// are not counted to tell they are many
	few := within / indexDrivesShare
	var n int
	query := "SELECT count(*) FROM (SELECT 1 FROM " + q.table + " WHERE " + q.table + " MATCH ? LIMIT ?)"
	if err := rd.QueryRowContext(ctx, query, q.match, few+1).Scan(&n); err != nil {
		return false, fmt.Errorf("store: search: %w", err)
	}
	if n <= few {
		return false, nil
	}
	q.tab = tab
	return true, nil
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
			tab = append(tab, tabPart{p.status, p.bounds, p.args})
		}
		return tab, true, nil
	}
	return nil, false, nil
}

// tabKeys is the select of the keys of the live complaints in q.tab that
// the index finds, in order (desc for newest first), and its arguments. The
// ORDER BY has SQLite merge every side in its own order; the tab's sides
// read complaints_status_key alone, the keys of live complaints (a deleted
// one has none).
func (q *complaintSearch) tabKeys(desc bool) (string, []any) {
	var arms []string
	var args []any
	for _, p := range q.tab {
		arm := "SELECT c.search_key AS key FROM complaints c INDEXED BY complaints_status_key WHERE c.status = ? AND c.search_key IS NOT NULL"
		args = append(args, string(p.status))
		if p.bounds != "" {
			arm += " AND " + p.bounds
			args = append(args, p.args...)
		}
		arms = append(arms, arm)
	}
	order := ""
	if desc {
		order = " DESC"
	}
	return strings.Join(arms, " UNION ALL ") + " INTERSECT SELECT rowid FROM " + q.table + " WHERE " + q.table +
		" MATCH ? ORDER BY 1" + order, append(args, q.match)
}

// tabList is the FROM clause of a list of the complaints c of a search
// within a tab, the list's order and the arguments. A state's list takes
// the page (limit, offset; all when limit is 0) among the keys, newest
// first, and reads those (paged): a limit outside would have SQLite sort
// every key the merge finds. An alert's is sorted by deadline from the
// complaints the merge finds, its page taken by the caller; of complaints
// of the same deadline received in the same second, which the list by
// deadline leaves in any order, the last written comes first.
func (q *complaintSearch) tabList(limit, offset int) (from, order string, args []any, paged bool) {
	if q.tab[0].bounds != "" {
		keys, args := q.tabKeys(false)
		return " FROM (" + keys + ") k CROSS JOIN complaints c ON c.search_key = k.key",
			" ORDER BY " + deadlineOrder + ", c.received_at DESC, c.rowid DESC", args, false
	}
	keys, args := q.tabKeys(true)
	if limit > 0 {
		keys += fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
	}
	return " FROM (" + keys + ") k CROSS JOIN complaints c ON c.search_key = k.key", " ORDER BY c.search_key DESC", args, true
}

// countTab counts the complaints a search within a tab finds: the keys
// merged, no complaint read.
func (db *DB) countTab(ctx context.Context, q *complaintSearch) (int, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, err
	}
	keys, args := q.tabKeys(false)
	var n int
	if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM ("+keys+")", args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, nil
}
