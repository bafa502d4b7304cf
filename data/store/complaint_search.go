package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"

	"xiaoneng/data"
)

// Chinese substring search over complaints: number, 事由, content and the
// name and short name of the unit complained about; and, for a user who
// holds the data key, the complainant's name, phone and ID number through
// their keyed hashes (identity.go), which the indexes hold beside the
// n-grams of the rest: a typed term matches its n-grams or the hash of it
// as a name, a phone number or an ID number.
//
// SQLite's trigram tokenizer cannot match two characters, and most Chinese
// words are two characters long. So the ledger keeps two content-less FTS5
// indexes, both written by triggers (migration 0005) through the functions
// registered below:
//
//   - complaint_bigrams holds every pair of adjacent characters, without
//     positions (detail=none): a two-character term is one lookup;
//   - complaint_trigrams holds every three adjacent characters with their
//     positions: a longer term is a phrase of its overlapping trigrams,
//     which matches exactly where the term occurs.
//
// Measured on 1,000,000 generated complaints, a bigram phrase index alone (one
// index, 280 MB) answered a rare long term made of common pairs 5–10 times
// slower than the trigram index; both indexes together take about 430 MB
// there, a quarter of the ledger.
//
// The FTS rowid is complaints.search_key, which orders complaints by receipt
// (eight keys a second, the next free one when taken): the first page of
// results, newest first, is read straight off the index without sorting
// every match. Deleted complaints leave the indexes. Each row also holds
// its complaint's state, for a search within a tab (complaint_search_tab.go).
//
// Terms separated by spaces must all match. A one-character term is checked
// on the complaints the other terms find; a search of one-character terms
// only reads the complaints themselves (see searchFrom).

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("xn_search_terms", -1, sqlSearchTerms)
	sqlite.MustRegisterDeterministicScalarFunction("xn_search_has", -1, sqlSearchHas)
	sqlite.MustRegisterDeterministicScalarFunction("xn_state_term", 1, sqlStateTerm)
	sqlite.MustRegisterDeterministicScalarFunction("xn_tab_terms", 3, sqlTabTerms)
	sqlite.MustRegisterDeterministicScalarFunction("xn_open_key", 4, sqlOpenKey)
}

// sqlStateTerm is xn_state_term(status): a complaint's state as a term of
// its index rows (stateTerm), as the server's function of that name writes
// it.
func sqlStateTerm(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	st, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("xn_state_term: state %v", args[0])
	}
	return stateTerm(data.ComplaintStatus(st)), nil
}

// sqlTabTerms is xn_tab_terms(status, accept_due, due_date): the terms of a
// complaint's place in the tabs (tabTerms), which migration 0017 writes.
func sqlTabTerms(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	st, acceptDue, dueDate, err := sqlDeadlines("xn_tab_terms", args)
	if err != nil {
		return nil, err
	}
	return tabTerms(st, acceptDue, dueDate), nil
}

// sqlOpenKey is xn_open_key(status, accept_due, due_date, search_key): a
// complaint's rowid in the twins of the search indexes (openKey), NULL when
// it is not there.
func sqlOpenKey(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	st, acceptDue, dueDate, err := sqlDeadlines("xn_open_key", args[:3])
	if err != nil {
		return nil, err
	}
	var key int64
	switch v := args[3].(type) {
	case nil:
	case int64:
		key = v
	default:
		return nil, fmt.Errorf("xn_open_key: search key %v", v)
	}
	rowid, ok, err := openKey(st, acceptDue, dueDate, key)
	if err != nil || !ok {
		return nil, err
	}
	return rowid, nil
}

// sqlDeadlines reads the arguments (status, accept_due, due_date) of the
// SQL function fn.
func sqlDeadlines(fn string, args []driver.Value) (st data.ComplaintStatus, acceptDue, dueDate data.Date, err error) {
	s, ok := args[0].(string)
	if !ok {
		return "", data.Date{}, data.Date{}, fmt.Errorf("%s: state %v", fn, args[0])
	}
	var dates [2]data.Date
	for i, a := range args[1:] {
		switch v := a.(type) {
		case nil:
		case string:
			if dates[i], err = data.ParseDate(v); err != nil {
				return "", data.Date{}, data.Date{}, fmt.Errorf("%s: %w", fn, err)
			}
		default:
			return "", data.Date{}, data.Date{}, fmt.Errorf("%s: deadline %v", fn, a)
		}
	}
	return data.ComplaintStatus(s), dates[0], dates[1], nil
}

// sqlSearchTerms is xn_search_terms(n, field, …): the n-gram terms of the
// fields for an FTS5 index (NULL fields are skipped).
func sqlSearchTerms(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) < 1 {
		return nil, fmt.Errorf("xn_search_terms: gram size missing")
	}
	n, ok := args[0].(int64)
	if !ok || n < 2 || n > 3 {
		return nil, fmt.Errorf("xn_search_terms: gram size %v", args[0])
	}
	var b strings.Builder
	for _, a := range args[1:] {
		if s, ok := a.(string); ok {
			gramTerms(&b, s, int(n))
		}
	}
	return b.String(), nil
}

// sqlSearchHas is xn_search_has(term, field, …): whether one of the fields
// contains the (folded) term, checked the way the indexes match it.
func sqlSearchHas(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) < 1 {
		return nil, fmt.Errorf("xn_search_has: term missing")
	}
	term, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("xn_search_has: term %v", args[0])
	}
	for _, a := range args[1:] {
		if s, ok := a.(string); ok && strings.Contains(foldString(s), term) {
			return int64(1), nil
		}
	}
	return int64(0), nil
}

// gramTerms appends to b the n-grams of every run of s (runs are separated
// by white space), each written as one term that the FTS5 ascii tokenizer
// keeps whole. Trigrams get a filler term before each run so that a phrase
// never spans two runs or two fields; bigrams are never read as phrases.
func gramTerms(b *strings.Builder, s string, n int) {
	run := make([]rune, 0, len(s))
	flush := func() {
		if len(run) >= n {
			if n > 2 {
				b.WriteString(" z")
			}
			// each gram takes up to 3 characters of 6 hex digits, and x's
			b.Grow(len(run) * (7*n + 1))
			for i := 0; i+n <= len(run); i++ {
				b.WriteByte(' ')
				writeGram(b, run[i:i+n])
			}
		}
		run = run[:0]
	}
	for _, r := range s {
		r = foldRune(r)
		if unicode.IsSpace(r) {
			flush()
			continue
		}
		run = append(run, r)
	}
	flush()
}

// writeGram writes an n-gram as the hex code points of its characters
// joined by x (态度 → 6001x5ea6): ASCII letters and digits only, whatever
// the characters, punctuation included.
func writeGram(b *strings.Builder, g []rune) {
	var buf [32]byte // written without allocating: an index holds millions
	out := buf[:0]
	for i, r := range g {
		if i > 0 {
			out = append(out, 'x')
		}
		out = strconv.AppendInt(out, int64(r), 16)
	}
	b.Write(out)
}

// foldRune makes a search ignore letter case and full-width forms: Ｔ, ｔ
// and T all match t, and an ideographic space separates like a space.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

func foldString(s string) string { return strings.Map(foldRune, s) }

// complaintSearch is a parsed search: the index to read (none when every
// term is one character), its FTS5 query, and the shorter terms checked on
// the complaints the index finds.
type complaintSearch struct {
	table  string
	match  string
	verify []verifyTerm
	// On a PostgreSQL server the index rows hold their terms as an array
	// (migration 0005's twin): indexed are the terms the index finds,
	// each as the array of its grams, which a row must contain, or of its
	// identity hashes, one of which it may contain instead.
	server  bool
	indexed []indexedTerm
	// walk has the search read the complaints and check each for the
	// terms (walkWhere) instead of reading the index (searchWalks): when
	// the other filters select few complaints, and, for a list on the
	// server, when many complaints hold the terms.
	walk bool
	// tab is the parts of an alert's tab a search within it in a file
	// reads the keys and deadlines of (complaint_search_tab.go).
	tab []tabPart
	// states is the array of the state terms of the tab searched within,
	// one of which the index rows found must hold: on the server a
	// condition of serverWhere's, in a file already in match.
	states string
}

// indexedTerm is a term the index finds on the server: its grams and
// identity hashes as arrays (tokens empty when it has none). A long term
// (three characters or more) is found in the trigram index, whose rows on
// the server hold 4-grams too (migration 0021): a term of three or four
// characters is its one gram, and one of five or more is found by its
// 4-grams, which carry no positions, and checked on the complaint.
type indexedTerm struct {
	term, grams, tokens string
	long, checked       bool
}

// bigram is a two-character term's one gram, as complaint_bigram_counts
// keys it.
func (it indexedTerm) bigram() string { return strings.Trim(it.grams, "{}") }

// parseComplaintSearch is parseComplaintSearch for the ledger's engine and
// the signed-in user's identity hashes.
func (db *DB) parseComplaintSearch(s string) *complaintSearch {
	q := parseComplaintSearch(s, db.searchTokens())
	if q != nil && db.dialect.postgres {
		q.server = true
	}
	return q
}

// verifyTerm is a term checked on a complaint, with the identity hash it may
// also match (two characters of a name).
type verifyTerm struct {
	term, token string
}

// parseComplaintSearch turns the text typed in a search box into a query;
// nil when there is nothing to search for. tokens, when not nil, gives the
// identity hashes a term may match.
func parseComplaintSearch(s string, tokens func(term string) []string) *complaintSearch {
	var single, short, long []string
	seen := map[string]bool{}
	for _, term := range strings.FieldsFunc(foldString(s), unicode.IsSpace) {
		if seen[term] {
			continue
		}
		seen[term] = true
		switch utf8.RuneCountInString(term) {
		case 1:
			single = append(single, term)
		case 2:
			short = append(short, term)
		default:
			long = append(long, term)
		}
	}
	if tokens == nil {
		tokens = func(string) []string { return nil }
	}
	var indexed []indexedTerm
	array := func(list []string) string { return "{" + strings.Join(list, ",") + "}" }
	phrases := func(terms []string, n int) string {
		var q []string
		for _, t := range terms {
			var b strings.Builder
			gramTerms(&b, t, n)
			// the phrase is the term's grams without the filler
			phrase := strings.TrimPrefix(strings.TrimPrefix(b.String(), " z"), " ")
			alt := []string{`"` + phrase + `"`}
			it := indexedTerm{term: t, grams: array(strings.Fields(phrase)), long: n > 2}
			if runes := utf8.RuneCountInString(t); n > 2 && runes > 3 {
				// the server's 4-grams (migration 0021)
				var b4 strings.Builder
				gramTerms(&b4, t, 4)
				it.grams, it.checked = array(strings.Fields(strings.TrimPrefix(b4.String(), " z"))), runes > 4
			}
			if tok := tokens(t); len(tok) > 0 {
				it.tokens = array(tok)
			}
			indexed = append(indexed, it)
			for _, tok := range tokens(t) {
				alt = append(alt, `"`+tok+`"`)
			}
			if len(alt) == 1 {
				q = append(q, alt[0])
			} else {
				q = append(q, "("+strings.Join(alt, " OR ")+")")
			}
		}
		return strings.Join(q, " AND ")
	}
	verify := func(terms ...[]string) []verifyTerm {
		var out []verifyTerm
		for _, list := range terms {
			for _, t := range list {
				v := verifyTerm{term: t}
				if tok := tokens(t); len(tok) > 0 {
					v.token = tok[0]
				}
				out = append(out, v)
			}
		}
		return out
	}
	switch {
	case len(long) > 0:
		match := phrases(long, 3)
		return &complaintSearch{table: "complaint_trigrams", match: match, verify: verify(short, single), indexed: indexed}
	case len(short) > 0:
		match := phrases(short, 2)
		return &complaintSearch{table: "complaint_bigrams", match: match, verify: verify(single), indexed: indexed}
	case len(single) > 0:
		return &complaintSearch{verify: verify(single)}
	}
	return nil
}

// searchTokens is what parseComplaintSearch asks for the identity hashes
// of a term: nil when the signed-in user holds no data key.
func (db *DB) searchTokens() func(string) []string {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.sess == nil || db.sess.searchKey == nil {
		return nil
	}
	key := db.sess.searchKey
	return func(term string) []string { return queryTokens(db.suite, key, term) }
}

// searchFrom is the FROM clause of a search: the index drives, newest key
// first, and each key finds its complaint through complaints_search_key. A
// search for single characters reads the complaints newest first and checks
// each: slow on a large ledger when the character is rare, which is why
// the screens ask for two characters. A walk (q.walk) reads the complaints
// too, those its other filters select.
func (q *complaintSearch) searchFrom() string {
	switch {
	case q.table == "" || q.walk:
		return " FROM complaints c"
	case q.server: // CROSS JOIN fixes the order of the join in SQLite only
		return " FROM " + q.table + " s JOIN complaints c ON c.search_key = s.rowid"
	}
	return " FROM " + q.table + " s CROSS JOIN complaints c ON c.search_key = s.rowid"
}

// searchOrder is the newest-first order of the search's results; few says
// the server is to sort the candidates its n-gram index found rather than
// read its index by key (fewCandidates): s.rowid + 0 is not the key.
func (q *complaintSearch) searchOrder(few bool) string {
	switch {
	case q.table == "" || q.walk: // the list's own order, by its indexes
		return " ORDER BY c.received_at DESC, c.rowid DESC"
	case few:
		return " ORDER BY s.rowid + 0 DESC"
	}
	return " ORDER BY s.rowid DESC"
}

// searchWhere is the search's condition and arguments; terms checked on the
// complaints need units u joined.
func (q *complaintSearch) searchWhere() (string, []any) {
	var cond []string
	var args []any
	switch {
	case q.walk:
		cond, args = q.walkWhere()
	case q.table != "" && q.server:
		cond, args = q.serverWhere(true)
	case q.table != "":
		cond = append(cond, "s."+q.table+" MATCH ?")
		args = append(args, q.match)
	}
	for _, v := range q.verify {
		has, a := q.has(v.term)
		if v.token == "" {
			cond, args = append(cond, has), append(args, a...)
			continue
		}
		cond = append(cond, `(`+has+`
			OR instr(' ' || (SELECT coalesce(bigrams, '') FROM complaint_identity_terms WHERE complaint_id = c.id) || ' ', ?) > 0)`)
		args = append(append(args, a...), " "+v.token+" ")
	}
	return strings.Join(cond, " AND "), args
}

// searchedFields are what a search reads of a complaint c and its unit u.
const searchedFields = "c.number, c.subject, c.content, u.name, u.short_name"

// has is the condition that one of the complaint's searched fields holds
// term (folded), and its arguments: a file searches the fields joined by a
// line break, which no term holds, the server each (joined, they were copied
// for it: 107 against 65 ms for 待受理 at 1M). A term without ASCII is
// searched as it is, by instr or strpos: folding only makes characters
// ASCII, and folding each field took 20 µs a complaint on the server
// (translate) and 10 in a file (xn_search_has: 0.35 s for 待受理 at 1M).
// A term with ASCII is folded in the file by xn_search_has, and on the
// server matched by a pattern of every form that folds into it.
func (q *complaintSearch) has(term string) (string, []any) {
	ascii := strings.IndexFunc(term, func(r rune) bool { return r < utf8.RuneSelf }) >= 0
	switch {
	case q.server:
		f, arg := "strpos(%s, ?) > 0", any(term)
		if ascii {
			f, arg = "%s ~ ?", foldPattern(term)
		}
		var each []string
		var args []any
		for _, field := range strings.Split(searchedFields, ", ") {
			each, args = append(each, fmt.Sprintf(f, field)), append(args, arg)
		}
		return "(" + strings.Join(each, " OR ") + ")", args
	case ascii:
		return "xn_search_has(?, " + searchedFields + ")", []any{term}
	}
	return "instr(" + sqliteJoined + ", ?) > 0", []any{term}
}

// sqliteJoined is searchedFields joined by line breaks in SQLite, where a
// NULL joined makes the whole NULL.
var sqliteJoined = func() string {
	var parts []string
	for _, f := range strings.Split(searchedFields, ", ") {
		parts = append(parts, "coalesce("+f+", '')")
	}
	return strings.Join(parts, " || char(10) || ")
}()

// foldPattern is a regular expression of PostgreSQL's matching the text
// whose folding (foldRune) holds term: an ASCII character also in its
// full-width form, a letter also as a capital. Every character is written
// as its code point, so none is taken for an operator.
func foldPattern(term string) string {
	var b strings.Builder
	for _, r := range term {
		forms := []rune{r}
		if r >= 0x21 && r <= 0x7E {
			forms = append(forms, r+0xFEE0)
		}
		if r >= 'a' && r <= 'z' {
			forms = append(forms, r-'a'+'A', r-'a'+'A'+0xFEE0)
		}
		if len(forms) > 1 {
			b.WriteByte('[')
		}
		for _, f := range forms {
			if f > 0xFFFF {
				fmt.Fprintf(&b, `\U%08x`, f)
			} else {
				fmt.Fprintf(&b, `\u%04x`, f)
			}
		}
		if len(forms) > 1 {
			b.WriteByte(']')
		}
	}
	return b.String()
}

// walkWhere is the condition of a walk (q.walk) on the complaints c: each
// indexed term held by the complaint, among those the index holds (live).
// The key's test is written +c.search_key so that SQLite does not take it
// for a range of its index and read every complaint by key (3.6 s for 待受理
// at 1M) rather than by the other filters'.
func (q *complaintSearch) walkWhere() ([]string, []any) {
	cond := []string{"+c.search_key IS NOT NULL"}
	var args []any
	for _, it := range q.indexed {
		c, a := q.held(it)
		cond, args = append(cond, c), append(args, a...)
	}
	return cond, args
}

// held is the condition that complaint c holds the indexed term it: in its
// text, or as one of its identity hashes, which the server looks up once
// in its index and a file reads in the complaint's own row of them.
func (q *complaintSearch) held(it indexedTerm) (string, []any) {
	c, args := q.has(it.term)
	if it.tokens == "" {
		return c, args
	}
	if q.server {
		return "(" + c + " OR c.search_key = ANY(ARRAY(SELECT rowid FROM " + q.table + " WHERE terms && ?)))", append(args, it.tokens)
	}
	col := "bigrams"
	if it.long {
		col = "longer"
	}
	var hashes []string
	for _, tok := range strings.Split(strings.Trim(it.tokens, "{}"), ",") {
		hashes = append(hashes, "instr(' ' || t."+col+" || ' ', ?) > 0")
		args = append(args, " "+tok+" ")
	}
	return "(" + c + " OR EXISTS (SELECT 1 FROM complaint_identity_terms t WHERE t.complaint_id = c.id AND (" +
		strings.Join(hashes, " OR ") + ")))", args
}

// countSearchOnly counts the matches of a search that has no other filter,
// or on the server only a state (q.states), from the index alone (it holds
// live complaints only, with their states): reading every match's complaint
// would take ten times as long for a common word. ok is false when the
// filter needs the complaints.
func (db *DB) countSearchOnly(ctx context.Context, q *complaintSearch, f data.ComplaintFilter) (n int, ok bool, err error) {
	f.Search, f.Limit, f.Offset = "", 0, 0
	inState := q.states != "" && f == data.ComplaintFilter{Status: f.Status}
	if f != (data.ComplaintFilter{}) && !inState || q.table == "" || len(q.verify) > 0 || q.server && q.hasChecked() {
		return 0, false, nil
	}
	if n, known, err := db.indexMatches(ctx, q); known || err != nil {
		return n, known, err
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, false, err
	}
	query, args := q.serverCount(0)
	if err := rd.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, true, nil
}

// indexMatches counts the complaints q's index finds when that is cheap
// (known): a file's FTS5 counts any query from its lists of rowids (the
// terms checked on the complaints aside), the server a term of two
// characters from its counts (complaint_bigram_counts).
func (db *DB) indexMatches(ctx context.Context, q *complaintSearch) (n int, known bool, err error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, false, err
	}
	if q.server {
		it, ok := q.oneBigram()
		if !ok {
			return 0, false, nil
		}
		n, err := q.countOneBigram(ctx, rd, it)
		return n, err == nil, err
	}
	if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM "+q.table+" WHERE "+q.table+" MATCH ?", q.match).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, true, nil
}

// narrowRows is the most complaints a search's other filters may select
// for it to check each of them (walk) when the server cannot tell cheaply
// how many its index finds.
var narrowRows = 50_000

// searchWalks tells whether search q within the other filters of f reads
// the complaints those filters select (q.walk) rather than its index:
// when they are fewer than the index finds (a tab of 32,640 complaints
// 待受理 searched for 窗口 joined its 221,440 matches to the complaints, 2.2
// s on the server and 0.7-3.4 s in a file at 1M); and, for a list (list)
// on the server, when many complaints hold the terms (not few,
// fewCandidates).
func (db *DB) searchWalks(ctx context.Context, q *complaintSearch, f data.ComplaintFilter, list, few bool) (bool, error) {
	if q.table == "" {
		return false, nil
	}
	if q.states != "" {
		// within a tab the index finds the tab's matches; on a server, a
		// state's newest are found at once walking it when they are many,
		// while a walk of an alert, listed by deadline, reads it whole
		return q.server && list && !few && f.Alert == data.AlertNone, nil
	}
	if list && q.server && !few {
		return true, nil
	}
	f.Search, f.Limit, f.Offset = "", 0, 0
	if f == (data.ComplaintFilter{}) {
		return false, nil
	}
	within, err := db.CountComplaints(ctx, f)
	if err != nil {
		return false, err
	}
	matches, known, err := db.indexMatches(ctx, q)
	switch {
	case err != nil:
		return false, err
	case known:
		return within < matches, nil
	case list && few:
		return within < fewCandidateRows, nil
	}
	return within <= narrowRows, nil
}

// hasChecked tells whether a term the server's index finds is checked on
// the complaints.
func (q *complaintSearch) hasChecked() bool {
	for _, it := range q.indexed {
		if it.checked {
			return true
		}
	}
	return false
}
