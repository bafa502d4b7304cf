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

// checks are what Check runs, in order: each reads the ledger and lists
// what it finds wrong. (The audit chain is checked after them, once the
// schema is known to be current.)
var checks = []func(ctx context.Context, q *sql.Tx) ([]Problem, error){
	checkFigures,
	checkFill,
}

// Check verifies what a cautious user needs to trust the ledger: the
// file's integrity, the references between records, the schema version,
// the figures kept for statistics against the tickets, and that no fill
// was cut short. An empty list means the ledger is sound. A file that
// fails its integrity check is not read further: what it holds cannot be
// trusted for the other checks. The quick check (SQLite's quick_check)
// reads every page and record but does not compare each index with its
// table, which the full check (integrity_check) adds: for a ledger of
// 100,000 tickets the SQLite check alone takes 11 s instead of 6. Then the
// audit chain (the first row changed, removed or inserted) and that no
// plain identity is left from an upgrade.
func (db *DB) Check(ctx context.Context, full bool) ([]Problem, error) {
	if _, err := db.allow(data.PermRead); err != nil {
		return nil, err
	}
	return db.check(ctx, full)
}

// check is Check for the program itself, whoever is signed in.
func (db *DB) check(ctx context.Context, full bool) ([]Problem, error) {
	pragma := "quick_check"
	if full {
		pragma = "integrity_check"
	}
	var msgs []string
	if !db.dialect.postgres { // the server checks its pages and every reference itself
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
	err := db.readTx(ctx, func(q *sql.Tx) error {
		if !db.dialect.postgres {
			p, err := checkReferences(ctx, q)
			problems = append(problems, p...)
			if err != nil {
				return err
			}
		}
		for _, check := range checks {
			p, err := check(ctx, q)
			if err != nil {
				return err
			}
			problems = append(problems, p...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if v != LatestVersion() {
		return append(problems, Problem{fmt.Sprintf("数据结构版本为%d，应为%d", v, LatestVersion()), todoUpgrade}), nil
	}
	chain, err := db.verifyAuditChain(ctx, db.reader)
	if err != nil {
		return nil, err
	}
	for _, found := range chain {
		problems = append(problems, Problem{found, todoAudit})
	}
	var scrub int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM meta WHERE key = 'scrub_pending'").Scan(&scrub); err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	if scrub > 0 {
		problems = append(problems, problemUnscrubbed)
	}
	return problems, nil
}

// checkReferences lists records that refer to one that does not exist,
// by table and the table referred to.
func checkReferences(ctx context.Context, q *sql.Tx) ([]Problem, error) {
	rows, err := q.QueryContext(ctx, `SELECT "table", parent, count(*) FROM pragma_foreign_key_check GROUP BY 1, 2 ORDER BY 1, 2`)
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
// counted from the tickets: rows of one that the other lacks are wrong.
// Counters gone to zero are as good as absent. The kept statistics are
// read from statColumns and counted with statCounters, their one home.
var figureQueries = append([]struct{ what, kept, counted string }{
	{"按月份、状态和渠道的投诉件数",
		`SELECT month, status, channel, n FROM complaint_month_counts WHERE n != 0`,
		`SELECT substr(received_at, 1, 7), status, channel, count(*) FROM complaints WHERE deleted_at IS NULL GROUP BY 1, 2, 3`},
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
			fmt.Sprintf(`SELECT %s, dim, key, %s FROM %s WHERE %s`, st.period, statColumns, st.table, nonZero),
			fmt.Sprintf(`SELECT substr(c.received_at, 1, %d), d.dim, `+statKey+` AS k, `+statCounters+`
			FROM complaints c, `+statDimsOf+`
			WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL AND `+statKey+` IS NOT NULL GROUP BY 1, 2, 3`, st.prefix)})
	}
	return out
}

// checkFigures compares the figures kept for statistics with the tickets.
func checkFigures(ctx context.Context, q *sql.Tx) ([]Problem, error) {
	var out []Problem
	for _, f := range figureQueries {
		var n int
		err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM (`+f.kept+` EXCEPT `+f.counted+`) a) + (SELECT count(*) FROM (`+f.counted+` EXCEPT `+f.kept+`) b)`).Scan(&n)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, Problem{fmt.Sprintf("%s与投诉记录不符（%d处）", f.what, n), todoRecount})
		}
	}
	return out, nil
}

// checkFill reports a fill begun and never finished.
func checkFill(ctx context.Context, q *sql.Tx) ([]Problem, error) {
	f, ok, err := unfinishedFill(ctx, q)
	if err != nil || !ok {
		return nil, err
	}
	return []Problem{{fmt.Sprintf("%s于%s开始生成，没有完成（被中断）", f.What, f.Since.Format("2006年1月2日15:04")), todoRefill}}, nil
}

// Recount counts the figures kept for statistics again from the tickets,
// in one transaction: what check -recount does when check finds them wrong.
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
		return nil
	})
}
