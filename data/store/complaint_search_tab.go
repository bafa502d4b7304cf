package store

import (
	"context"
	"fmt"

	"xiaoneng/data"
)

// A search within a tab of the 效能投诉 screen, one state's complaints, in
// a file: the complaints of the state and those the index finds, both read
// in order of search_key, are merged, without reading a complaint. The
// state's keys come from complaints_status_key (migration 0014), an index
// that holds nothing else; the index's from its own ordered lists of rowids;
// SQLite merges two ordered selects joined by INTERSECT (MERGE (INTERSECT)
// in its plan) when the compound has an ORDER BY. At 1M, 待受理's 32,640 keys
// merged with 窗口's 221,440: the count 27 ms, the first 500 keys 1 ms.
// Before, the tab's complaints were each read and their text checked (the
// walk, searchWalks): 0.3 s for that count.
//
// The results come in the index's order, newest key first, as a search of
// the whole ledger does.

// indexDrivesShare is how much smaller than the tab the index's matches are
// for the search to read them (the index drives, as without a tab) rather
// than merge: reading a match's complaint costs about as much as merging
// 80 keys (8 µs against 0.1 µs at 1M), and a rare term, a complainant's
// name, within a tab of half a million, is found at once by its complaints.
const indexDrivesShare = 64

// searchWithinState tells whether search q within the filter f is a tab's
// (a state and nothing else) to be merged with the state's keys: in a file,
// for terms the index finds exactly (none checked on the complaints), unless
// the index finds few compared to the tab. It sets q.state when it is.
func (db *DB) searchWithinState(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) (bool, error) {
	f.Search, f.Limit, f.Offset = "", 0, 0
	if q.server || q.table == "" || len(q.verify) > 0 || f.Status == "" || f != (data.ComplaintFilter{Status: f.Status}) {
		return false, nil
	}
	within, err := db.CountComplaints(ctx, f) // the figures kept by month: no complaint read
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
	q.state = f.Status
	return true, nil
}

// stateKeys is the select of the keys of the live complaints in q.state
// that the index finds, in order (desc for newest first), and its
// arguments. The ORDER BY has SQLite merge both sides in their own order;
// the state's side reads complaints_status_key alone, the keys of live
// complaints (a deleted one has none).
func (q *complaintSearch) stateKeys(desc bool) (string, []any) {
	order := ""
	if desc {
		order = " DESC"
	}
	return `SELECT search_key AS key FROM complaints INDEXED BY complaints_status_key WHERE status = ? AND search_key IS NOT NULL
		INTERSECT SELECT rowid FROM ` + q.table + ` WHERE ` + q.table + ` MATCH ? ORDER BY 1` + order, []any{string(q.state), q.match}
}

// stateList is the FROM clause of a list of the complaints c of a search
// within a state, with its arguments: the page (limit, offset; all when
// limit is 0) of keys newest first, which the list reads by key. The page is
// taken among the keys: a limit outside would have SQLite sort every key
// the merge finds.
func (q *complaintSearch) stateList(limit, offset int) (string, []any) {
	keys, args := q.stateKeys(true)
	if limit > 0 {
		keys += fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
	}
	return " FROM (" + keys + ") k CROSS JOIN complaints c ON c.search_key = k.key", args
}

// countState counts the complaints a search within a state finds: the keys
// merged, no complaint read.
func (db *DB) countState(ctx context.Context, q *complaintSearch) (int, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, err
	}
	keys, args := q.stateKeys(false)
	var n int
	if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM ("+keys+")", args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, nil
}
