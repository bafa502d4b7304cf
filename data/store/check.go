package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xiaoneng/data"
)

// Problem is one thing Check found wrong: what, and what the user should
// do about it, each a Chinese sentence.
type Problem struct {
	Found, Todo string
}

func (p Problem) String() string { return p.Found + "。" + p.Todo }

// What the user is told to do about each sort of problem.
const (
	todoRestore = "请先用 backup 另存一份副本，再用最近的备份恢复（设置 → 备份与恢复，或命令 restore），或联系技术人员"
	todoRecount = "统计、通报和工作台上的数字可能不对；请运行 check -recount 按记录重新计算"
	todoRefill  = "台账中只有部分演示数据；请删除该台账文件后重新生成演示数据"
	todoUpgrade = "请重新打开台账，让本程序更新数据结构"
	todoAudit   = "审计日志被绕过本程序改动过：请与备份或上次检查时记下的审计日志校验值核对，并报告单位负责人"
)

// problemUnscrubbed is what check says while the plain text of identities
// sealed in an upgrade may still lie in the file (scrubAfterSealing).
var problemUnscrubbed = Problem{"投诉人身份已加密，但文件中旧的明文尚未清除", "请关闭其他打开本台账的程序后重新打开台账"}

// maxIntegrityMessages is how many of the integrity check's findings are
// listed: a badly damaged file yields thousands, and the first say enough.
const maxIntegrityMessages = 20

// Check verifies what a cautious user needs to trust the ledger (see
// CheckLedger): the problems found, an empty list for a sound ledger.
func (db *DB) Check(ctx context.Context, full bool) ([]Problem, error) {
	r, err := db.CheckLedger(ctx, CheckOptions{Full: full})
	return r.Problems, err
}

// CheckOptions say how CheckLedger runs.
type CheckOptions struct {
	// Full reads everything: SQLite's integrity_check (every page, every
	// index against its table), every reference, every kept figure against
	// the complaints, the whole audit chain. Without it the check is quick:
	// its cost does not grow with the ledger (quickCheck).
	Full bool
	// Progress, if set, is told of each step as it begins, in Chinese.
	Progress func(step string)
}

// CheckReport is what a check found and, for a quick one, what it did not
// look at whole.
type CheckReport struct {
	Problems []Problem
	// Unchecked names, a Chinese phrase each, what the quick check read
	// only a sample of, or not at all: check -full reads them.
	Unchecked []string
}

// CheckLedger verifies the file's integrity, the references between
// records, the schema version, the figures kept for statistics against the
// complaints, the audit chain (the first row changed, removed or inserted),
// that no fill was cut short and that no plain identity is left from an
// upgrade. A file that fails its integrity check is not read further: what
// it holds cannot be trusted for the other checks.
//
// The full check reads the whole file: 167 s for a ledger of a million
// complaints. The quick one (the default) reads the small tables whole and
// samples the bulk ones, in a bounded time (quickCheck); on the server it
// samples the figures and the chain.
func (db *DB) CheckLedger(ctx context.Context, opt CheckOptions) (CheckReport, error) {
	if _, err := db.allow(data.PermRead); err != nil {
		return CheckReport{}, err
	}
	step := func(s string) {
		if opt.Progress != nil {
			opt.Progress(s)
		}
	}
	var r CheckReport
	var err error
	if opt.Full {
		r.Problems, err = db.check(ctx, true, step)
	} else {
		r, err = db.quickCheck(ctx, step)
	}
	if err != nil || len(r.Problems) > 0 && strings.HasPrefix(r.Problems[0].Found, "文件损坏") {
		return r, err
	}
	step("检查数据结构版本、生成和清除记录")
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return r, err
	}
	if v != LatestVersion() {
		// the checks below read the current schema
		r.Problems = append(r.Problems, Problem{fmt.Sprintf("数据结构版本为%d，应为%d", v, LatestVersion()), todoUpgrade})
		return r, nil
	}
	err = db.readTx(ctx, func(q *sql.Tx) error {
		p, err := checkFill(ctx, q)
		r.Problems = append(r.Problems, p...)
		return err
	})
	if err != nil {
		return r, fmt.Errorf("store: check: %w", err)
	}
	var scrub int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM meta WHERE key = 'scrub_pending'").Scan(&scrub); err != nil {
		return r, fmt.Errorf("store: check: %w", err)
	}
	if scrub > 0 {
		r.Problems = append(r.Problems, problemUnscrubbed)
	}
	return r, nil
}

// check is the full check of the file, the references, the figures and
// the audit chain, for the program itself, whoever is signed in; the
// schema version is CheckLedger's. SQLite's integrity_check compares each
// index with its table, which its quick_check does not (for 100,000
// complaints 11 s instead of 6).
func (db *DB) check(ctx context.Context, full bool, step func(string)) ([]Problem, error) {
	pragma := "quick_check"
	if full {
		pragma = "integrity_check"
	}
	var msgs []string
	if !db.dialect.postgres { // the server checks its pages and every reference itself
		step("检查文件的每一页和每个索引")
		var err error
		if msgs, err = queryStrings(ctx, db.reader, fmt.Sprintf("PRAGMA %s(%d)", pragma, maxIntegrityMessages)); err != nil {
			return nil, fmt.Errorf("store: check: %w", err)
		}
	}
	var problems []Problem
	for _, m := range msgs {
		if m = strings.TrimSpace(m); m != "ok" {
			problems = append(problems, Problem{"文件损坏：" + m, todoRestore})
		}
	}
	if len(problems) > 0 {
		return problems, nil
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != LatestVersion() {
		return nil, err
	}
	err = db.readTx(ctx, func(q *sql.Tx) error {
		if !db.dialect.postgres {
			step("核对记录之间的引用")
			p, err := checkReferences(ctx, q, "")
			problems = append(problems, p...)
			if err != nil {
				return err
			}
		}
		step("核对统计数字与投诉记录")
		p, err := checkFigures(ctx, q, "", "")
		problems = append(problems, p...)
		if err != nil {
			return err
		}
		p, err = db.checkSearchCounts(ctx, q)
		problems = append(problems, p...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	step("核对审计日志")
	chain, err := db.verifyAuditChain(ctx, db.reader)
	if err != nil {
		return nil, err
	}
	for _, found := range chain {
		problems = append(problems, Problem{found, todoAudit})
	}
	return problems, nil
}

// checkReferences lists records that refer to one that does not exist,
// by table and the table referred to: of every table, or of table.
func checkReferences(ctx context.Context, q *sql.Tx, table string) ([]Problem, error) {
	from := "pragma_foreign_key_check"
	var args []any
	if table != "" {
		from += "(?)"
		args = append(args, table)
	}
	rows, err := q.QueryContext(ctx, `SELECT "table", parent, count(*) FROM `+from+` GROUP BY 1, 2 ORDER BY 1, 2`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Problem
	for rows.Next() {
		var table, parent string
		var n int
		if err := rows.Scan(&table, &parent, &n); err != nil {
			return nil, err
		}
		out = append(out, Problem{fmt.Sprintf("表 %s 中有%d条记录引用的 %s 记录不存在", table, n, parent), todoRestore})
	}
	return out, rows.Err()
}

// figureQueries are the figures the triggers keep, each as kept and as
// counted from the complaints: rows of one that the other lacks are wrong.
// Counters gone to zero are as good as absent. The kept statistics are
// read from statColumns and counted with statCounters, their one home.
// Each takes the bounds of the months compared (?1 to ?2, by the time a
// complaint was received, as text: '2026-11' up to, not including, '2026-12').
var figureQueries = append([]struct{ what, kept, counted string }{
	{"按月份、状态和渠道的投诉件数",
		`SELECT month, status, channel, n FROM complaint_month_counts WHERE n != 0 AND month >= ?1 AND month < ?2`,
		`SELECT substr(received_at, 1, 7), status, channel, count(*) FROM complaints
		WHERE deleted_at IS NULL AND received_at >= ?1 AND received_at < ?2 GROUP BY 1, 2, 3`},
}, statFigureQueries()...)

// statFigureQueries are figureQueries' rows for the statistics kept by
// month and by day (statTables).
func statFigureQueries() []struct{ what, kept, counted string } {
	nonZero := strings.Join(strings.Split(statColumns, ", "), " != 0 OR ") + " != 0"
	var out []struct{ what, kept, counted string }
	for _, st := range statTables {
		what := "按月的投诉统计（按单位、类别、渠道和承办单位）"
		if st.period == "day" {
			what = "按日的投诉统计（按单位、类别、渠道和承办单位）"
		}
		out = append(out, struct{ what, kept, counted string }{what,
			fmt.Sprintf(`SELECT %s, dim, key, %s FROM %s WHERE (%s) AND %s >= ?1 AND %s < ?2`, st.period, statColumns, st.table, nonZero, st.period, st.period),
			fmt.Sprintf(`SELECT substr(c.received_at, 1, %d), d.dim, `+statKey+` AS k, `+statCounters+`
			FROM complaints c, `+statDimsOf+`
			WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL AND `+statKey+` IS NOT NULL AND c.received_at >= ?1 AND c.received_at < ?2
			GROUP BY 1, 2, 3`, st.prefix)})
	}
	return out
}

// checkFigures compares the figures kept for statistics with the complaints
// received from month from up to (not including) month to, "2026-11"; ""
// leaves that end open.
func checkFigures(ctx context.Context, q *sql.Tx, from, to string) ([]Problem, error) {
	if to == "" {
		to = "9999"
	}
	var out []Problem
	for _, f := range figureQueries {
		p, err := compareFigures(ctx, q, f.what+"与投诉记录不符", f.kept, f.counted, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, p...)
	}
	return out, nil
}

// compareFigures compares the rows of two queries taking the same two
// arguments: a problem saying what when they differ.
func compareFigures(ctx context.Context, q *sql.Tx, what, one, other string, args ...any) ([]Problem, error) {
	n, err := countDiffering(ctx, q, one, other, args...)
	if err != nil || n == 0 {
		return nil, err
	}
	return []Problem{{fmt.Sprintf("%s（%d处）", what, n), todoRecount}}, nil
}

// countDiffering counts the rows of either of two queries taking the same
// arguments that the other has not.
func countDiffering(ctx context.Context, q *sql.Tx, one, other string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM (`+one+` EXCEPT `+other+`) a) + (SELECT count(*) FROM (`+other+` EXCEPT `+one+`) b)`,
		args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: check: %w", err)
	}
	return n, nil
}

// checkFill reports a fill begun and never finished.
func checkFill(ctx context.Context, q *sql.Tx) ([]Problem, error) {
	f, ok, err := unfinishedFill(ctx, q)
	if err != nil || !ok {
		return nil, err
	}
	return []Problem{{fmt.Sprintf("%s于%s开始生成，没有完成（被中断）", f.What, f.Since.Format("2006年1月2日15:04")), todoRefill}}, nil
}

// Recount counts the figures kept for statistics again from the complaints,
// and writes the states in the search indexes again (a file's indexes and
// their twins whole; the server's rows of a wrong state, then its count of
// each bigram and its open complaints' terms), in one transaction: what
// check -recount does when check finds them wrong.
func (db *DB) Recount(ctx context.Context) error {
	return db.write(ctx, data.PermSettings, func(t *tx) error {
		for _, stmt := range []string{
			"DELETE FROM complaint_month_counts",
			`INSERT INTO complaint_month_counts (month, status, channel, n)
				SELECT substr(received_at, 1, 7), status, channel, count(*) FROM complaints WHERE deleted_at IS NULL GROUP BY 1, 2, 3`,
		} {
			if _, err := t.exec(stmt); err != nil {
				return fmt.Errorf("store: recount: %w", err)
			}
		}
		if err := t.recountStats(); err != nil {
			return fmt.Errorf("store: recount: %w", err)
		}
		if !db.dialect.postgres { // the search indexes and their twins made again, empty, and written
			for _, table := range append(append([]string{}, searchIndexes...), openIndexes...) {
				var create string
				if err := t.queryRow("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", table).Scan(&create); err != nil {
					return fmt.Errorf("store: recount: %w", err)
				}
				// a contentless index's rows deleted one by one would each
				// leave a tombstone; its 'delete-all' leaves it unreadable
				// to FTS5's integrity-check
				if _, err := t.exec("DROP TABLE " + table); err != nil {
					return fmt.Errorf("store: recount: %w", err)
				}
				if _, err := t.exec(create); err != nil {
					return fmt.Errorf("store: recount: %w", err)
				}
			}
			return t.indexComplaintsAfter(0)
		}
		stmts := []string{"DELETE FROM complaint_bigram_counts", "INSERT INTO complaint_bigram_counts (gram, state, n) " + bigramCountsCounted,
			"DELETE FROM complaint_open_terms", "INSERT INTO complaint_open_terms (rowid, status, deadline, terms) " + openTermsCounted}
		for _, table := range searchIndexes {
			// each row's state term as its complaint's state, before the count
			stmts = append([]string{`UPDATE ` + table + ` s SET terms = ARRAY(SELECT g FROM unnest(s.terms) AS g WHERE g NOT LIKE 's%') || xn_state_term(c.status)
				FROM complaints c WHERE c.search_key = s.rowid AND ARRAY(SELECT g FROM unnest(s.terms) AS g WHERE g LIKE 's%') != ARRAY[xn_state_term(c.status)]`}, stmts...)
		}
		for _, stmt := range stmts {
			if _, err := t.exec(stmt); err != nil {
				return fmt.Errorf("store: recount: %w", err)
			}
		}
		return nil
	})
}

// checkSearchCounts compares the states the rows of the search indexes
// hold with their complaints', and the server's count of the complaints
// holding each bigram with its index.
func (db *DB) checkSearchCounts(ctx context.Context, q *sql.Tx) ([]Problem, error) {
	var problems []Problem
	if db.dialect.postgres {
		p, err := compareFigures(ctx, q, "搜索索引中各词的投诉件数与索引不符", bigramCountsKept, bigramCountsCounted)
		if err != nil {
			return nil, err
		}
		problems = p
	}
	wrong := 0
	for _, table := range searchIndexes {
		// a file's FTS5 index finds each state's rows, the server's
		// arrays are read once
		if db.dialect.postgres {
			n, err := countDiffering(ctx, q, searchStatesKept, "SELECT rowid, g FROM "+table+", unnest(terms) AS g WHERE g LIKE 's%'")
			if err != nil {
				return nil, err
			}
			wrong += n
			continue
		}
		for _, st := range data.ComplaintStatuses {
			n, err := countDiffering(ctx, q, "SELECT search_key FROM complaints WHERE status = ?1 AND search_key IS NOT NULL",
				"SELECT rowid FROM "+table+" WHERE "+table+" MATCH ?2", string(st), `"`+stateTerm(st)+`"`)
			if err != nil {
				return nil, err
			}
			wrong += n
		}
	}
	if wrong > 0 {
		problems = append(problems, Problem{fmt.Sprintf("搜索索引中投诉件的状态与投诉记录不符（%d处）", wrong), todoRecount})
	}
	if db.dialect.postgres {
		p, err := compareFigures(ctx, q, deadlinesWrong, openTermsKept, openTermsCounted)
		return append(problems, p...), err
	}
	// the twins hold the complaints an alert can hold, by their deadlines
	// and states: each state's expected rowids against those FTS5 finds
	// for its term, and all of them against the twin's
	wrong = 0
	for _, twin := range openIndexes {
		expected := "SELECT " + openKeySQL + " FROM complaints c WHERE c.status IN (?1, ?2) AND c.search_key IS NOT NULL AND " + openKeySQL + " IS NOT NULL"
		n, err := countDiffering(ctx, q, expected, "SELECT rowid FROM "+twin, string(data.StatusPending), string(data.StatusHandling))
		if err != nil {
			return nil, err
		}
		wrong += n
		for _, st := range []data.ComplaintStatus{data.StatusPending, data.StatusHandling} {
			n, err := countDiffering(ctx, q, "SELECT "+openKeySQL+" FROM complaints c WHERE c.status = ?1 AND c.search_key IS NOT NULL AND "+openKeySQL+" IS NOT NULL",
				"SELECT rowid FROM "+twin+" WHERE "+twin+" MATCH ?2", string(st), `"`+stateTerm(st)+`"`)
			if err != nil {
				return nil, err
			}
			wrong += n
		}
	}
	if wrong > 0 {
		problems = append(problems, Problem{fmt.Sprintf("%s（%d处）", deadlinesWrong, wrong), todoRecount})
	}
	return problems, nil
}

// deadlinesWrong is the finding of complaints whose deadline the search
// indexes hold wrong: a file's twins of them, the server's open complaints
// (migration 0019).
const deadlinesWrong = "搜索索引中投诉件的期限与投诉记录不符"

// searchStatesKept is the state term (migration 0015) each live complaint's
// rows of the server's search indexes hold.
const searchStatesKept = "SELECT search_key, xn_state_term(status) FROM complaints WHERE search_key IS NOT NULL"

// openTermsKept and openTermsCounted are the server's live complaints
// 待受理 and 办理中 with their deadlines and the terms of their rows in the
// search indexes (migration 0019), as kept and as worked out.
const (
	openTermsKept    = "SELECT rowid, status, deadline, terms FROM complaint_open_terms"
	openTermsCounted = "SELECT c.search_key, c.status, " + deadlineOrder + `, b.terms || t.terms
		FROM complaints c JOIN complaint_bigrams b ON b.rowid = c.search_key JOIN complaint_trigrams t ON t.rowid = c.search_key
		WHERE c.status IN ('` + string(data.StatusPending) + "', '" + string(data.StatusHandling) + "') AND c.deleted_at IS NULL"
)

// bigramCountsKept and bigramCountsCounted are the server's count of the
// complaints of each state holding each bigram (migrations 0013 and 0018),
// as kept and as counted from its search index.
const (
	bigramCountsKept    = "SELECT gram, state, n FROM complaint_bigram_counts WHERE n != 0"
	bigramCountsCounted = `SELECT g, b.st, count(*) FROM (SELECT terms, xn_row_state(terms) AS st FROM complaint_bigrams OFFSET 0) b, unnest(b.terms) AS g
		WHERE g NOT LIKE 'k%' GROUP BY 1, 2`
)
