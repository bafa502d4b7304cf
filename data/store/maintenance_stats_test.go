package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
)

// statRows is what sqlite_stat1 says of table's rows: the first number of
// its indexes' statistics (0 when it has none).
func statRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	err := db.reader.QueryRow(`SELECT coalesce(max(CAST(stat AS INTEGER)), 0) FROM sqlite_stat1 WHERE tbl = ?`, table).Scan(&n)
	if err != nil {
		t.Fatalf("sqlite_stat1: %v", err)
	}
	return n
}

// The ledger gathers its query statistics itself: after an import, and
// when a session that changed a table tenfold is closed.
func TestStatisticsKeptFresh(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := newLedgerPath(t)
	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	db.SetClock(func() time.Time { return fixedNow })
	u := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	complaints := func(from, n int) []*data.Complaint {
		list := make([]*data.Complaint, n)
		for i := range list {
			list[i] = &data.Complaint{Number: fmt.Sprintf("XT-%03d", from+i), ReceivedAt: tm("2026-03-02 10:00").Add(time.Duration(from+i) * time.Hour),
				Channel: data.ChannelPhone, UnitName: u.Name, Complainant: data.Complainant{Name: "林芳"},
				Category: "乱检查", Subject: "同一事项反复检查", Content: "一个月内检查三次。"}
		}
		return list
	}
	list := complaints(0, 20)
	if _, err := db.ImportComplaints(ctx, list, ImportOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if n := statRows(t, db, "complaints"); n != 0 {
		t.Errorf("a dry run, which writes nothing, gathered statistics of %d complaints", n)
	}
	// the search indexes' shadow tables are PRAGMA optimize's: an import's
	// ANALYZE would count every row of their data
	const shadowStats = "sqlite_stat1 WHERE tbl IN (SELECT name FROM pragma_table_list WHERE type = 'shadow')"
	for _, q := range []string{"ANALYZE sqlite_schema", "DELETE FROM " + shadowStats} {
		if _, err := db.writer.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ImportComplaints(ctx, list, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := statRows(t, db, "complaints"); n != len(list) {
		t.Errorf("after the import the statistics count %d complaints, want %d", n, len(list))
	}
	var shadows int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM "+shadowStats).Scan(&shadows); err != nil {
		t.Fatal(err)
	}
	if shadows != 0 {
		t.Errorf("the import gathered the statistics of %d shadow tables of the search indexes", shadows)
	}
	// An import that leaves the ledger less than a quarter larger than its
	// statistics count leaves them; the next, past that, gathers them.
	next := len(list)
	for _, step := range []struct{ add, counted int }{{4, 20}, {1, 25}} {
		res, err := db.ImportComplaints(ctx, complaints(next, step.add), ImportOptions{})
		next += step.add
		if err != nil || res.Added != step.add {
			t.Fatalf("import: %+v, %v", res, err)
		}
		if n := statRows(t, db, "complaints"); n != step.counted {
			t.Errorf("%d complaints imported: the statistics count %d, want %d", step.add, n, step.counted)
		}
	}
	counted := statRows(t, db, "complaints")

	// Thirty times as many complaints since: the statistics are gathered
	// again when the ledger is closed.
	if _, err := db.writer.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO complaints (id, created_at, updated_at, number, year, seq, received_at, channel, unit_id, category, subject, content, status)
		SELECT 'id' || i, '2026-06-01', '2026-06-01', 'TS2026-' || (1000 + i), 2026, 1000 + i, '2026-06-01T09:00:00+08:00',
			'来访', ?, '门难进', '窗口无人', '窗口无人值守。', '待受理' FROM n`, 30*counted, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db)
	defer db.Close()
	if n := statRows(t, db, "complaints"); n != 31*counted {
		t.Errorf("after closing the statistics count %d complaints, want %d", n, 31*counted)
	}
}

// The statistics of an index led by a column of few values (a complaint's
// status, its unit) count its values, where analysis_limit's sample (the
// index's first rows, all of one value) sees one: partial indexes too.
func TestStatisticsCountFewValues(t *testing.T) {
	fileOnly(t) // SQLite's statistics (the server gathers its own)
	ctx := context.Background()
	db := newTestDB(t)
	// three values of 5,000 rows each (2,500 in the partial index): the
	// sample sees one, and takes each to cover about a thousand
	const each = 5000
	for _, q := range []string{
		"CREATE TABLE few (kind TEXT NOT NULL, n INTEGER NOT NULL)",
		"CREATE INDEX few_kind ON few (kind, n)",
		"CREATE INDEX few_kind_even ON few (kind, n)\n\tWHERE n % 2 = 0",
		fmt.Sprintf(`WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < %d)
			INSERT INTO few SELECT CASE n %% 3 WHEN 0 THEN '已归档' WHEN 1 THEN '办理中' ELSE '待受理' END, n FROM i`, 3*each-1),
	} {
		if _, err := db.writer.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.freshenStats(ctx, statsAll); err != nil {
		t.Fatal(err)
	}
	for idx, want := range map[string]string{
		"few_kind":      fmt.Sprintf("%d %d 1", 3*each, each),
		"few_kind_even": fmt.Sprintf("%d %d 1", 3*each/2, each/2),
	} {
		var got string
		if err := db.reader.QueryRowContext(ctx, "SELECT stat FROM sqlite_stat1 WHERE idx = ?", idx).Scan(&got); err != nil {
			t.Fatalf("sqlite_stat1 of %s: %v", idx, err)
		}
		if got != want {
			t.Errorf("%s: statistics %q, want %q", idx, got, want)
		}
	}
}

// The 工作台's document figures read an index, never the documents with
// their text.
func TestDocumentCountsReadAnIndex(t *testing.T) {
	fileOnly(t) // SQLite's plan (the server has the same index, 0010's twin)
	db := newTestDB(t)
	rows, err := db.reader.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+documentCounts, "2026-06-01")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(detail, "documents") {
			n++
			if !strings.Contains(detail, "COVERING INDEX documents_status") {
				t.Errorf("a document count reads %q", detail)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d reads in the plan of three counts", n)
	}
}
