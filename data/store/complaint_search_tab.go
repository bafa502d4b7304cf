package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

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
// its list does: in a file, each state's part reads its keys and deadline
// from complaints_status_key (migration 0014), those the index finds
// (tabKeys), and only the page's complaints are read, where sorting every
// match's complaint took 150 ms for 已超期 at 1M; on a server the
// complaints the index finds are sorted.

// stateTerm is the term of a complaint's state in its rows of the search
// indexes, which a file's triggers write through xn_state_term (migration
// 0015); the server's function of that name writes it likewise.
func stateTerm(st data.ComplaintStatus) string { return "s" + string(st) }

// tabPart is the complaints of one state in a tab, those whose deadline
// (the column deadline) is within bounds (a condition on c, with its
// arguments) when bounds is set.
type tabPart struct {
	status   data.ComplaintStatus
	deadline string
	bounds   string
	args     []any
}

// searchWithinState makes search q within the filter f a search of the
// index for the tab's states too, when f is a tab's (a state or an alert,
// and nothing else). It tells whether an alert's list and count are to be
// read by the tab's keys in a file (q.tab set; tabList, countTab).
func (db *DB) searchWithinState(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) (bool, error) {
	if q.table == "" {
		return false, nil
	}
	tab, ok, err := db.tabOf(ctx, f)
	if err != nil || !ok {
		return false, err
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
		// before (searchWalks), the index finds the tab's few matches.
		walk, err := db.tabSmallerThanMatches(ctx, q, f)
		if err != nil || walk {
			return false, err
		}
		q.states = "{" + strings.Join(terms, ",") + "}"
		return false, nil
	}
	if tab[0].bounds != "" && len(q.verify) == 0 {
		q.tab = tab
		return true, nil
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
			tab = append(tab, tabPart{p.status, p.deadline, p.bounds, p.args})
		}
		return tab, true, nil
	}
	return nil, false, nil
}

// tabKeys is the select of the key and deadline (due) of each live
// complaint of an alert's tab q.tab that the index finds, and its
// arguments. Each part walks its state's keys with their deadlines in
// complaints_status_key alone, and keeps those among the rowids the index
// finds for the terms and that state, which SQLite gathers first. The
// key's test is written +c.search_key so that SQLite walks the state's keys
// rather than looking up each rowid the index finds in them: at 1M, 85,258
// keys of both states walked against 18,856 rowids of 窗口 looked up, a
// page of 临近到期 + 窗口 with its count 59-63 → 48-49 ms, and 已超期's
// unchanged.
func (q *complaintSearch) tabKeys() (string, []any) {
	var arms []string
	var args []any
	for _, p := range q.tab {
		arms = append(arms, "SELECT c.search_key AS key, "+p.deadline+" AS due FROM complaints c INDEXED BY complaints_status_key WHERE c.status = ? AND c.search_key IS NOT NULL AND "+
			p.bounds+" AND +c.search_key IN (SELECT rowid FROM "+q.table+" WHERE "+q.table+" MATCH ?)")
		args = append(append(append(args, string(p.status)), p.args...), "("+q.match+`) AND "`+stateTerm(p.status)+`"`)
	}
	return strings.Join(arms, " UNION ALL "), args
}

// tabList is the FROM clause of a list of the complaints c of a search
// within an alert's tab, the list's order and the arguments: the page
// (limit, offset; all when limit is 0) is taken among the keys by deadline,
// and only its complaints are read. Of complaints of the same deadline, the
// newest key comes first, as the newest received does in the alert's list.
func (q *complaintSearch) tabList(limit, offset int) (from, order string, args []any) {
	keys, args := q.tabKeys()
	page := ""
	if limit > 0 {
		page = fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
	}
	return " FROM (SELECT key FROM (" + keys + ") ORDER BY due, key DESC" + page + ") k CROSS JOIN complaints c ON c.search_key = k.key",
		tabOrder, args
}

// tabOrder is the order of an alert's complaints a search finds, as the
// order of their keys (tabKeys' due, key DESC).
const tabOrder = " ORDER BY " + deadlineOrder + ", c.search_key DESC"

// countTab counts the complaints a search within an alert's tab finds: no
// complaint read.
func (db *DB) countTab(ctx context.Context, q *complaintSearch) (int, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, err
	}
	keys, args := q.tabKeys()
	var n int
	if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM ("+keys+")", args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, nil
}

// tabPage is the page of complaints (f.Limit from f.Offset; all when
// f.Limit is 0) that a search within an alert's tab finds, and their count,
// from one pass over the keys: they are found, counted and sorted once, and
// only the page's complaints are read. A list and a count apart found them
// twice (已超期 + 窗口 at 1M: the keys alone take 35-40 ms).
func (db *DB) tabPage(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) ([]*data.Complaint, int, error) {
	where, whereArgs, err := db.complaintWhere(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	keys, args := q.tabKeys()
	page := ""
	if f.Limit > 0 {
		page = fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	var list []*data.Complaint
	total := 0
	err = db.read(ctx, data.PermRead, func(tx *sql.Tx) error {
		var pageKeys []string
		err := eachRow(ctx, tx, "complaints", "SELECT key, count(*) OVER () FROM ("+keys+") ORDER BY due, key DESC"+page, args, func(r rowScanner) error {
			var key int64
			if err := r.Scan(&key, &total); err != nil {
				return err
			}
			pageKeys = append(pageKeys, strconv.FormatInt(key, 10))
			return nil
		})
		switch {
		case err != nil:
			return err
		case len(pageKeys) == 0 && f.Offset > 0: // past the last page: counted apart
			return tx.QueryRowContext(ctx, "SELECT count(*) FROM ("+keys+")", args...).Scan(&total)
		case len(pageKeys) == 0:
			return nil
		}
		list, err = queryList(ctx, tx, "complaints", scanComplaint, complaintColumns+
			" FROM json_each(?) k CROSS JOIN complaints c ON c.search_key = k.value"+complaintJoins+" WHERE "+where+tabOrder,
			append([]any{"[" + strings.Join(pageKeys, ",") + "]"}, whereArgs...)...)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: complaints: %w", err)
	}
	return list, total, nil
}
