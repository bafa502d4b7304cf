package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"xiaoneng/data"
)

// The server's search of its index tables (migration 0005's twins of the
// FTS5 indexes): their rows hold each complaint's terms as an array, which
// a GIN index finds; what the GIN index cannot tell — how many rows a term
// has, which are newest, whether the 4-grams of a term of five characters
// or more lie together — is found here.

// serverWhere is the condition on the server's index rows s (and, with
// recheck, for a term checked (indexedTerm), on its complaint c): each
// indexed term's grams are all there or one of its identity hashes is (what
// the GIN index finds); and a term checked is in the complaint, unless a
// hash found it.
// Without recheck it selects the candidates. The check names no s.terms:
// a condition on the array above the index scan had every candidate's
// array decompressed again (0.5 s for 多次往返's 31,345 at 1M); the rows its
// hashes find are looked up once instead.
func (q *complaintSearch) serverWhere(recheck bool) ([]string, []any) {
	var cond []string
	var args []any
	for _, it := range q.indexed {
		c, a := "s.terms @> ?", []any{it.grams}
		if it.tokens != "" {
			c, a = "(s.terms @> ? OR s.terms && ?)", append(a, it.tokens)
		}
		cond, args = append(cond, c), append(args, a...)
		if it.checked && recheck {
			c, a = q.held(it)
			cond, args = append(cond, c), append(args, a...)
		}
	}
	if q.states != "" {
		cond, args = append(cond, "s.terms && ?"), append(args, q.states)
	}
	return cond, args
}

// serverCount is the query that counts the server's index rows
// serverWhere(false) selects, all of them or, when limit is not 0, at least
// limit+1 if there are more (serverMatches).
func (q *complaintSearch) serverCount(limit int) (string, []any) {
	held, args, hashed, hashedArgs := q.serverMatches(false)
	query := "SELECT count(*) FROM (" + held + ") AS x"
	if limit > 0 {
		query = fmt.Sprintf("SELECT count(*) FROM (%s LIMIT %d) AS x", held, limit+1)
	}
	if hashed == "" {
		return "SELECT (" + query + ")", args
	}
	return "SELECT (" + query + ") + (SELECT count(*) FROM (" + hashed + ") AS y)", append(args, hashedArgs...)
}

// serverMatches is, in two queries of their rowids, the server's index rows
// serverWhere(recheck) selects: those holding the grams of every term, which
// one read of the GIN index finds, and those that hold the identity hashes
// of a term (a name's few) without them (hashed empty when no term has
// any). Each term's grams or hashes (serverWhere) had the index read once
// per term and their rows joined: 195 ms against 54 for 窗口 态度 at 1M.
// With recheck, a term checked (indexedTerm) is checked on the complaint c
// (of unit u).
func (q *complaintSearch) serverMatches(recheck bool) (held string, heldArgs []any, hashed string, hashedArgs []any) {
	var grams, tokens []string
	for _, it := range q.indexed {
		grams = append(grams, strings.Split(strings.Trim(it.grams, "{}"), ",")...)
		if it.tokens != "" {
			tokens = append(tokens, strings.Split(strings.Trim(it.tokens, "{}"), ",")...)
		}
	}
	all := "{" + strings.Join(grams, ",") + "}"
	from := "SELECT s.rowid FROM " + q.table + " s"
	cond, args := []string{"s.terms @> ?"}, []any{all}
	if q.states != "" {
		cond, args = append(cond, "s.terms && ?"), append(args, q.states)
	}
	if recheck && q.hasChecked() {
		from += " JOIN complaints c ON c.search_key = s.rowid LEFT JOIN units u ON u.id = c.unit_id"
		for _, it := range q.indexed {
			if it.checked {
				c, a := q.held(it)
				cond, args = append(cond, c), append(args, a...)
			}
		}
	}
	held, heldArgs = from+" WHERE "+strings.Join(cond, " AND "), args
	if len(tokens) == 0 {
		return held, heldArgs, "", nil
	}
	cond, args = q.serverWhere(recheck)
	cond = append([]string{"s.terms && ?", "NOT s.terms @> ?"}, cond...)
	hashedArgs = append([]any{"{" + strings.Join(tokens, ",") + "}", all}, args...)
	return held, heldArgs, from + " WHERE " + strings.Join(cond, " AND "), hashedArgs
}

// serverPaged tells whether the server reads the page and count of search
// q under f together from its index (serverPage): a search of the whole
// ledger with no term of one character, unless it is a term of two
// characters that many complaints hold. That is counted from
// complaint_bigram_counts, and its newest complaints are found by reading
// them newest first; a name is one that few hold (fewCandidates).
func (db *DB) serverPaged(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) (bool, error) {
	f.Search, f.Limit, f.Offset = "", 0, 0
	if !q.server || q.table == "" || len(q.verify) > 0 || f != (data.ComplaintFilter{}) {
		return false, nil
	}
	if _, one := q.oneBigram(); one {
		return db.fewCandidates(ctx, q)
	}
	return true, nil
}

// serverPage is ComplaintPage for a search the server pages from its index
// (serverPaged): one read of the index finds every match, counts them and
// sorts out the page's keys (newest first), and only the page's complaints
// are read. Counting the matches, then reading the complaints newest first
// for the page's terms, took 49 + 43 ms for 窗口 态度 at 1M.
func (db *DB) serverPage(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) ([]*data.Complaint, int, error) {
	held, args, hashed, hashedArgs := q.serverMatches(true)
	matches := held
	if hashed != "" {
		matches, args = held+" UNION ALL "+hashed, append(args, hashedArgs...)
	}
	// rowid + 0: the planner does not see that the count needs every
	// match first, and for a short page walked the whole index table by
	// key, newest first, testing each row's array (8 s for 窗口 态度 at 1M)
	query := "SELECT rowid, count(*) OVER () FROM (" + matches + ") AS x ORDER BY rowid + 0 DESC"
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	var list []*data.Complaint
	total := 0
	err := db.read(ctx, data.PermRead, func(tx *sql.Tx) error {
		// The planner guesses that a GIN index finds 0.5% of its table,
		// and started two workers to sort a name's 4 matches (30 ms of 34).
		if _, err := tx.ExecContext(ctx, "SET LOCAL max_parallel_workers_per_gather = 0"); err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		var page []string
		err := eachRow(ctx, tx, "complaints", query, args, func(r rowScanner) error {
			var key int64
			if err := r.Scan(&key, &total); err != nil {
				return err
			}
			page = append(page, strconv.FormatInt(key, 10))
			return nil
		})
		if err != nil {
			return err
		}
		if len(page) == 0 {
			// a page past the last has no row to count on
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ("+matches+") AS x", args...).Scan(&total); err != nil {
				return fmt.Errorf("store: count complaints: %w", err)
			}
			return nil
		}
		list, err = queryList(ctx, tx, "complaints", scanComplaint, complaintColumns+
			" FROM unnest(CAST(? AS BIGINT[])) AS k (value) JOIN complaints c ON c.search_key = k.value"+complaintJoins+
			" WHERE c.deleted_at IS NULL ORDER BY c.search_key DESC", "{"+strings.Join(page, ",")+"}")
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// fewCandidateRows is the most candidates a search on the server takes
// its newest-first order from (fewCandidates); tests lower it to have the
// server walk a small ledger.
var fewCandidateRows = 2000

// fewCandidates tells whether the server's index holds at most
// fewCandidateRows rows for q. The server's planner cannot tell a rare word
// from a common one when it chooses how to find the newest matches: it
// walks the index by key, newest first, which finds a common word's first
// 500 at once and reads the whole index for a rare one (a complainant's
// name: 7 s at 1M). For few candidates the order is taken from those the
// n-gram index finds (searchOrder's few), 13 ms for that name.
func (db *DB) fewCandidates(ctx context.Context, q *complaintSearch) (bool, error) {
	if !q.server || q.table == "" {
		return false, nil
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return false, err
	}
	if it, ok := q.oneBigram(); ok {
		n, err := q.countOneBigram(ctx, rd, it)
		return n <= fewCandidateRows, err
	}
	query, args := q.serverCount(fewCandidateRows)
	var n int
	if err := rd.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("store: search: %w", err)
	}
	return n <= fewCandidateRows, nil
}

// oneBigram is the one term the server's index finds q by when it is a
// term of two characters, whose complaints the server counts by state as it
// indexes them (complaint_bigram_counts, migrations 0013 and 0018).
func (q *complaintSearch) oneBigram() (indexedTerm, bool) {
	if !q.server || q.table != "complaint_bigrams" || len(q.indexed) != 1 {
		return indexedTerm{}, false
	}
	return q.indexed[0], true
}

// countOneBigram counts the live complaints the server's index finds for
// the two-character term it, of the states of q.states (all when there is
// none): those holding its bigram, as counted, and those its identity
// hashes alone find (a name's few).
func (q *complaintSearch) countOneBigram(ctx context.Context, rd querier, it indexedTerm) (int, error) {
	query, args := "SELECT coalesce((SELECT sum(n) FROM complaint_bigram_counts WHERE gram = ?), 0)", []any{it.bigram()}
	if q.states != "" {
		query, args = "SELECT coalesce((SELECT sum(n) FROM complaint_bigram_counts WHERE gram = ? AND state = ANY(?)), 0)", append(args, q.states)
	}
	if it.tokens != "" {
		query += " + (SELECT count(*) FROM complaint_bigrams WHERE terms && ? AND NOT terms @> ?"
		args = append(args, it.tokens, it.grams)
		if q.states != "" {
			query, args = query+" AND terms && ?", append(args, q.states)
		}
		query += ")"
	}
	var n int
	if err := rd.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, nil
}
