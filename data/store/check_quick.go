package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
)

// The quick check: what check does unless asked for the full one, in a
// time that does not grow with the ledger (SQLite's own quick_check reads
// every page: minutes at a million complaints). It reads whole what is small —
// the file's header and its list of free pages, every table of up to
// quickWholeRows rows with its indexes and references, the schema version
// — and samples what grows with the complaints: random stretches of each
// large table (every column, so the pages of long texts too; for at most
// quickSampleTime), the kept
// figures of a few days and months (quickFigures), the last quickAuditRows
// rows of the audit chain. What it did not read whole it says
// (CheckReport.Unchecked); check -full reads everything.

// The quick check's bounds (variables: tests make them small).
var (
	// quickWholeRows is the most rows of a table the quick check reads whole.
	quickWholeRows = 20_000
	// quickSamples is the number of random stretches read of a large table,
	// quickStretch rows each.
	quickSamples = 64
	quickStretch = 2
	// quickSampleTime bounds the time of reading those stretches.
	quickSampleTime = 4 * time.Second
	// quickAuditRows is how many of the last rows of the audit chain the
	// quick check verifies.
	quickAuditRows int64 = 10_000
	// quickDays is how many days of kept figures the quick check compares
	// with the complaints: the latest and random others.
	quickDays = 3
)

// quickCheck runs the quick check (see above); step is told of each step.
// On the server the pages, indexes and references are the server's own to
// keep (it enforces every reference as it writes): the quick check there
// samples the figures and the chain's tail, as on a file.
func (db *DB) quickCheck(ctx context.Context, step func(string)) (CheckReport, error) {
	var r CheckReport
	file := !db.dialect.postgres
	if file {
		step("检查文件头和空闲页")
		p, unchecked, err := db.checkHeader(ctx)
		if err != nil {
			return r, err
		}
		r.Problems, r.Unchecked = append(r.Problems, p...), append(r.Unchecked, unchecked...)
		if len(r.Problems) > 0 {
			return r, nil
		}
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != LatestVersion() {
		return r, err // CheckLedger says so
	}
	if file {
		if err := db.quickCheckTables(ctx, step, &r); err != nil || damaged(r.Problems) {
			return r, err
		}
	} else {
		r.Unchecked = append(r.Unchecked, "数据页和索引由数据库服务器自己维护，本检查不读取（服务器管理员可用 PostgreSQL 的 amcheck 检查）")
	}
	return r, db.quickCheckRecords(ctx, step, &r)
}

// quickCheckTables reads the file's small tables whole and samples its
// large ones, into r.
func (db *DB) quickCheckTables(ctx context.Context, step func(string), r *CheckReport) error {
	tables, err := queryList(ctx, db.reader, "tables", func(row rowScanner) (string, error) {
		var name string
		err := row.Scan(&name)
		return name, err
	}, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("store: check: %w", err)
	}
	var large []string
	step(fmt.Sprintf("检查%d个数据表中的小表", len(tables)))
	for _, t := range tables {
		p, whole, err := db.checkTable(ctx, t)
		if err != nil {
			return err
		}
		r.Problems = append(r.Problems, p...)
		if !whole {
			large = append(large, t)
		}
	}
	if damaged(r.Problems) || len(large) == 0 {
		return nil
	}
	step(fmt.Sprintf("抽查%d个大表", len(large)))
	p, reads, err := db.sampleTables(ctx, large)
	if err != nil {
		return err
	}
	r.Problems = append(r.Problems, p...)
	if damaged(r.Problems) {
		return nil
	}
	var kinds []string
	for _, t := range large {
		if k := tableKind(t); !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	r.Unchecked = append(r.Unchecked, fmt.Sprintf("%s的%d个大表每表只抽查了%d处，其索引和记录之间的引用没有逐条核对",
		strings.Join(kinds, "、"), len(large), reads))
	return nil
}

// quickCheckRecords compares a sample of the kept figures with the
// complaints and verifies the audit chain's tail, into r.
func (db *DB) quickCheckRecords(ctx context.Context, step func(string), r *CheckReport) error {
	step("核对统计数字与投诉记录（抽查）")
	p, unchecked, err := db.quickFigures(ctx)
	if err != nil {
		return err
	}
	r.Problems, r.Unchecked = append(r.Problems, p...), append(r.Unchecked, unchecked...)

	step("核对审计日志（最近的记录）")
	var rows int64
	if err := db.reader.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM audit_log").Scan(&rows); err != nil {
		return fmt.Errorf("store: check: %w", err)
	}
	chain, err := db.verifyAuditTail(ctx, db.reader, quickAuditRows)
	if err != nil {
		return err
	}
	for _, found := range chain {
		r.Problems = append(r.Problems, Problem{found, todoAudit})
	}
	if rows > quickAuditRows {
		r.Unchecked = append(r.Unchecked, fmt.Sprintf("审计日志只核对了最后%d条（共约%d条）", quickAuditRows, rows))
	}
	return nil
}

// quickFigures compares a sample of the kept figures, in a time bounded by
// the complaints of a month: the counts by month, state and channel of the
// latest month against its complaints; the statistics by day of the latest
// day and of quickDays-1 others against their complaints; the statistics by
// month of those days' months against the sums of their days. A ledger
// of up to quickWholeRows complaints is compared whole.
func (db *DB) quickFigures(ctx context.Context) (problems []Problem, unchecked []string, err error) {
	var complaints int
	if err := db.reader.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM complaints LIMIT %d) AS c`, quickWholeRows+1)).Scan(&complaints); err != nil {
		return nil, nil, fmt.Errorf("store: check: %w", err)
	}
	if complaints <= quickWholeRows {
		err := db.readTx(ctx, func(q *sql.Tx) error {
			if problems, err = checkFigures(ctx, q, "", ""); err != nil {
				return err
			}
			p, err := db.checkSearchCounts(ctx, q)
			problems = append(problems, p...)
			return err
		})
		return problems, nil, err
	}
	days, err := queryStrings(ctx, db.reader, "SELECT DISTINCT day FROM complaint_day_stats WHERE received != 0 ORDER BY day")
	if err != nil || len(days) == 0 {
		return nil, nil, err
	}
	picked := []string{days[len(days)-1]}
	for _, i := range rand.Perm(len(days) - 1)[:min(quickDays-1, len(days)-1)] {
		picked = append(picked, days[i])
	}
	slices.Sort(picked)
	var months []string
	for _, d := range picked {
		if m := d[:7]; !slices.Contains(months, m) {
			months = append(months, m)
		}
	}
	latest := months[len(months)-1]
	sums := make([]string, 0, len(strings.Split(statColumns, ", ")))
	for _, c := range strings.Split(statColumns, ", ") {
		sums = append(sums, "sum("+c+")")
	}
	err = db.readTx(ctx, func(q *sql.Tx) error {
		add := func(p []Problem, err error) error {
			for _, x := range p {
				if !slices.Contains(problems, x) {
					problems = append(problems, x)
				}
			}
			return err
		}
		month, byMonth, byDay := figureQueries[0], figureQueries[1], figureQueries[2]
		if err := add(compareFigures(ctx, q, month.what+"与投诉记录不符", month.kept, month.counted, latest, nextMonth(latest))); err != nil {
			return err
		}
		for _, d := range picked {
			next, err := time.ParseInLocation(time.DateOnly, d, data.Zone)
			if err != nil {
				return err
			}
			if err := add(compareFigures(ctx, q, byDay.what+"与投诉记录不符", byDay.kept, byDay.counted, d, next.AddDate(0, 0, 1).Format(time.DateOnly))); err != nil {
				return err
			}
		}
		for _, m := range months {
			summed := fmt.Sprintf(`SELECT substr(day, 1, 7), dim, key, %s FROM complaint_day_stats WHERE day >= ?1 AND day < ?2
				GROUP BY 1, 2, 3 HAVING %s`, strings.Join(sums, ", "), strings.Join(sums, " != 0 OR ")+" != 0")
			if err := add(compareFigures(ctx, q, byMonth.what+"与按日的统计之和不符", byMonth.kept, summed, m, nextMonth(m))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: check: %w", err)
	}
	return problems, []string{fmt.Sprintf("统计数字只核对了%s的件数、%s的按日统计（共%d天）和这几个月的按月统计",
		monthName(latest), dayNames(picked), len(days))}, nil
}

// monthName is "2026年11月" for "2026-11".
func monthName(m string) string { return strings.Replace(m, "-", "年", 1) + "月" }

// dayNames are days ("2026-11-20") as a person reads them, joined.
func dayNames(days []string) string {
	out := make([]string, len(days))
	for i, d := range days {
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			out[i] = t.Format("2006年1月2日")
		} else {
			out[i] = d
		}
	}
	return strings.Join(out, "、")
}

// nextMonth is the month after m ("2026-12" → "2027-01").
func nextMonth(m string) string {
	var y, mo int
	if _, err := fmt.Sscanf(m, "%d-%d", &y, &mo); err != nil {
		return m + "\xff" // not a month: the window holds m alone
	}
	if mo == 12 {
		return fmt.Sprintf("%04d-01", y+1)
	}
	return fmt.Sprintf("%04d-%02d", y, mo+1)
}

// damaged tells whether a problem found is the file's damage.
func damaged(problems []Problem) bool {
	return slices.ContainsFunc(problems, func(p Problem) bool { return strings.HasPrefix(p.Found, "文件损坏") })
}

// tableKind names a table's records for a person.
func tableKind(table string) string {
	switch {
	case strings.HasPrefix(table, "complaint_bigram"), strings.HasPrefix(table, "complaint_trigrams"), table == "complaint_identity_terms":
		return "搜索索引"
	case table == "audit_log":
		return "审计日志"
	case table == "import_batch_records":
		return "导入批次"
	case strings.HasSuffix(table, "_stats"), table == "complaint_month_counts":
		return "统计数字"
	}
	if k := data.RecordKind(table); k != table {
		return k
	}
	return "其他数据"
}

// fileDamage turns an error of reading the file into a problem when it is
// the file's damage; other errors stay errors.
func fileDamage(what string, err error) ([]Problem, error) {
	if errors.Is(err, data.ErrDamaged) || errors.Is(err, data.ErrNotLedger) {
		return []Problem{{fmt.Sprintf("文件损坏：读取%s时出错（%v）", what, err), todoRestore}}, nil
	}
	return nil, fmt.Errorf("store: check %s: %w", what, err)
}

// checkHeader checks the file's header and its list of free pages, read
// page by page (sqlite_dbpage): every page it names within the file, and
// as many as the header counts.
func (db *DB) checkHeader(ctx context.Context) ([]Problem, []string, error) {
	var pages, free int64
	if err := db.reader.QueryRowContext(ctx, "SELECT page_count, freelist_count FROM pragma_page_count, pragma_freelist_count").Scan(&pages, &free); err != nil {
		p, err := fileDamage("文件头", err)
		return p, nil, err
	}
	bad := func(format string, args ...any) ([]Problem, []string, error) {
		return []Problem{{"文件损坏：" + fmt.Sprintf(format, args...), todoRestore}}, nil, nil
	}
	if free >= pages {
		return bad("文件头记录的空闲页（%d页）不少于全部页数（%d页）", free, pages)
	}
	page := func(n int64) ([]byte, error) {
		var b []byte
		err := db.reader.QueryRowContext(ctx, "SELECT data FROM sqlite_dbpage WHERE pgno = ?", n).Scan(&b)
		return b, err
	}
	first, err := page(1)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, []string{"空闲页链表"}, nil
		}
		p, err := fileDamage("文件头", err)
		return p, nil, err
	}
	if len(first) < 100 || string(first[:16]) != "SQLite format 3\x00" {
		return bad("文件头不是台账文件的格式")
	}
	trunk, count := int64(binary.BigEndian.Uint32(first[32:])), int64(binary.BigEndian.Uint32(first[36:]))
	if count != free {
		return bad("文件头记录的空闲页数（%d）与实际（%d）不符", count, free)
	}
	seen := int64(0)
	for trunk != 0 {
		if trunk > pages || seen > free {
			return bad("空闲页链表指向文件之外的第%d页", trunk)
		}
		b, err := page(trunk)
		if err != nil {
			p, err := fileDamage("空闲页", err)
			return p, nil, err
		}
		leaves := int64(binary.BigEndian.Uint32(b[4:]))
		if 8+4*leaves > int64(len(b)) {
			return bad("空闲页链表的第%d页已损坏", trunk)
		}
		for i := range leaves {
			if leaf := int64(binary.BigEndian.Uint32(b[8+4*i:])); leaf < 2 || leaf > pages {
				return bad("空闲页链表指向文件之外的第%d页", leaf)
			}
		}
		seen += 1 + leaves
		trunk = int64(binary.BigEndian.Uint32(b))
	}
	if seen != free {
		return bad("空闲页链表中有%d页，文件头记录为%d页", seen, free)
	}
	return nil, nil, nil
}

// checkTable checks one table: whole (SQLite's quick_check of the table
// and its indexes, and its references) when it has at most quickWholeRows
// rows; whole false leaves a larger one to sampleTables.
func (db *DB) checkTable(ctx context.Context, table string) (problems []Problem, whole bool, err error) {
	what := fmt.Sprintf("数据表 %s", table)
	// rows: the span of the rowids (two reads of the b-tree's edges, each
	// its own query: together they would read the whole table), or
	// for a table without them, counted up to the bound
	var n int64
	err = db.reader.QueryRowContext(ctx, fmt.Sprintf(`SELECT coalesce((SELECT max(rowid) FROM "%[1]s") - (SELECT min(rowid) FROM "%[1]s") + 1, 0)`, table)).Scan(&n)
	if err != nil && strings.Contains(err.Error(), "no such column") {
		err = db.reader.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM "%s" LIMIT %d)`, table, quickWholeRows+1)).Scan(&n)
	}
	if err != nil {
		p, err := fileDamage(what, err)
		return p, true, err
	}
	if n <= int64(quickWholeRows) {
		msgs, err := queryStrings(ctx, db.reader, fmt.Sprintf(`PRAGMA quick_check("%s")`, table))
		if err != nil {
			p, err := fileDamage(what, err)
			return p, true, err
		}
		for _, m := range msgs {
			if m = strings.TrimSpace(m); m != "ok" {
				problems = append(problems, Problem{"文件损坏：" + m, todoRestore})
			}
			if len(problems) == maxIntegrityMessages {
				break
			}
		}
		if len(problems) > 0 {
			return problems, true, nil
		}
		err = db.readTx(ctx, func(q *sql.Tx) error {
			p, err := checkReferences(ctx, q, table)
			problems = append(problems, p...)
			return err
		})
		if err != nil {
			return nil, true, fmt.Errorf("store: check: %w", err)
		}
		return problems, true, nil
	}
	return nil, false, nil
}

// sampleTables reads random stretches of quickStretch rows of the large
// tables, every column of each: each read goes from the root of a table's
// b-tree down to a leaf and through the pages of the rows' long values. It
// reads a stretch of each table in turn, up to quickSamples of each, for
// quickSampleTime: on a disk that is slow to seek (a million complaints not in
// the system's cache, each read a few pages apart) the time stays bounded
// and the sample smaller. reads is how many stretches of each it read. A
// table without rowids is read from its start.
func (db *DB) sampleTables(ctx context.Context, tables []string) (problems []Problem, reads int, err error) {
	type span struct {
		table, query string
		lo, hi       int64
	}
	var spans []span
	for _, t := range tables {
		what := fmt.Sprintf("数据表 %s", t)
		var lo, hi sql.NullInt64
		// apart: SQLite reads only an edge of the b-tree for a lone min or
		// max, the whole table for both at once
		err := db.reader.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT min(rowid) FROM "%[1]s"), (SELECT max(rowid) FROM "%[1]s")`, t)).Scan(&lo, &hi)
		if err != nil && strings.Contains(err.Error(), "no such column") {
			// WITHOUT ROWID: its start
			p, err := readRows(ctx, db.reader, what, fmt.Sprintf(`SELECT * FROM "%s" LIMIT %d`, t, quickSamples*quickStretch))
			if p != nil || err != nil {
				return p, 0, err
			}
			continue
		}
		if err != nil {
			p, err := fileDamage(what, err)
			return p, 0, err
		}
		if lo.Valid {
			spans = append(spans, span{t, fmt.Sprintf(`SELECT * FROM "%s" WHERE rowid >= ? ORDER BY rowid LIMIT %d`, t, quickStretch), lo.Int64, hi.Int64})
		}
	}
	start := time.Now()
	for reads < quickSamples && (reads == 0 || time.Since(start) < quickSampleTime) {
		for _, s := range spans {
			if p, err := readRows(ctx, db.reader, "数据表 "+s.table, s.query, s.lo+rand.Int64N(s.hi-s.lo+1)); p != nil || err != nil {
				return p, reads, err
			}
		}
		reads++
	}
	return nil, reads, nil
}

// readRows reads every column of the rows query selects.
func readRows(ctx context.Context, q querier, what, query string, args ...any) ([]Problem, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fileDamage(what, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fileDamage(what, err)
	}
	dest := make([]any, len(cols))
	for i := range dest {
		dest[i] = new(sql.RawBytes)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fileDamage(what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fileDamage(what, err)
	}
	return nil, nil
}
