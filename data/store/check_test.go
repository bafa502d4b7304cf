package store

import (
	"context"
	"os"
	"strings"
	"testing"
)

// Check finds figures that do not match the complaints and a fill cut short,
// each in a Chinese sentence with what to do; -recount puts the figures
// right and a finished fill is no longer reported.
func TestCheckFiguresAndFill(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	f.register(t, "2026-11-02 09:00")
	f.register(t, "2026-11-03 09:00")
	for _, full := range []bool{false, true} {
		if problems, err := db.Check(ctx, full); err != nil || len(problems) != 0 {
			t.Fatalf("a sound ledger (full %v): %v, %v", full, problems, err)
		}
	}
	// figures gone wrong (as an older program's bug, or a hand edit, would leave them)
	wrong := []string{"UPDATE complaint_month_counts SET n = n + 1", "UPDATE complaint_stats SET received = 0 WHERE dim = 'unit'",
		"UPDATE complaint_day_stats SET dissatisfied = 1 WHERE dim = 'channel'"}
	said := []string{"按月份、状态和渠道的投诉件数与投诉记录不符", "投诉统计（按单位、类别、渠道和承办单位）与投诉记录不符",
		"按日的投诉统计（按单位、类别、渠道和承办单位）与投诉记录不符", "check -recount",
		"演示县数据于", "没有完成（被中断）", "删除该台账文件后重新生成演示数据"}
	// a complaint's state in the search index (migration 0015): its row
	// gone from a file's, the wrong state in the server's
	said = append(said, "搜索索引中投诉件的状态与投诉记录不符")
	// and a deadline (the twins of a file's search indexes, the server's
	// open complaints, migration 0019): the other complaint's, gone from a
	// file's twin, of another day on the server
	said = append(said, "搜索索引中投诉件的期限与投诉记录不符（2处）")
	if db.dialect.postgres { // and the count of each bigram the server keeps for its search
		wrong = append(wrong, "UPDATE complaint_bigram_counts SET n = n + 1 WHERE gram = (SELECT min(gram) FROM complaint_bigram_counts)",
			"UPDATE complaint_trigrams SET terms = array_replace(terms, 's待受理', 's已办结') WHERE rowid = (SELECT max(search_key) FROM complaints)",
			"UPDATE complaint_open_terms SET deadline = '2020-01-06' WHERE rowid = (SELECT min(search_key) FROM complaints)")
		said = append(said, "搜索索引中各词的投诉件数与索引不符")
	} else {
		wrong = append(wrong, "DELETE FROM complaint_trigrams WHERE rowid = (SELECT max(search_key) FROM complaints)",
			"DELETE FROM complaint_open_bigrams WHERE rowid = (SELECT min(rowid) FROM complaint_open_bigrams)")
	}
	for _, stmt := range wrong {
		if _, err := db.writer.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.BeginFill(ctx, "演示县数据"); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, p := range problems {
		found = append(found, p.String())
		if p.Found == "" || p.Todo == "" || !strings.ContainsAny(p.String(), "台账记录数据") {
			t.Errorf("problem %+v", p)
		}
	}
	text := strings.Join(found, "\n")
	for _, want := range said {
		if !strings.Contains(text, want) {
			t.Errorf("check does not say %q:\n%s", want, text)
		}
	}
	if err := db.Recount(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.EndFill(ctx); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx, true); err != nil || len(problems) != 0 {
		t.Errorf("recounted, fill finished: %v, %v", problems, err)
	}
}

// quickBounds makes the quick check's bounds small for a test.
func quickBounds(t *testing.T, rows, audit int) {
	t.Helper()
	r, s, a := quickWholeRows, quickSamples, quickAuditRows
	quickWholeRows, quickSamples, quickAuditRows = rows, 3, int64(audit)
	t.Cleanup(func() { quickWholeRows, quickSamples, quickAuditRows = r, s, a })
}

// The quick check reads large tables, the figures and the audit chain in
// part and says what it left out; what it samples it checks: the latest
// month's figures, the chain's tail, the list of free pages. The full check
// reads everything. On the server the quick check leaves the pages to the
// server and samples the figures and the chain alike.
func TestQuickCheckSamples(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	for _, at := range []string{"2026-07-02 09:00", "2026-08-03 09:00", "2026-09-04 09:00", "2026-10-05 09:00", "2026-11-02 09:00", "2026-11-03 09:00"} {
		f.register(t, at)
	}
	quickBounds(t, 5, 4)
	var steps []string
	r, err := db.CheckLedger(ctx, CheckOptions{Progress: func(s string) { steps = append(steps, s) }})
	if err != nil || len(r.Problems) != 0 {
		t.Fatalf("a sound ledger: %+v, %v", r, err)
	}
	said := strings.Join(r.Unchecked, "\n")
	wants := []string{"统计数字只核对了2026年11月的件数", "的按日统计（共6天）", "审计日志只核对了最后4条"}
	if db.dialect.postgres {
		wants = append(wants, "数据页和索引由数据库服务器自己维护")
	} else {
		wants = append(wants, "投诉件", "每表只抽查了3处")
	}
	for _, want := range wants {
		if !strings.Contains(said, want) {
			t.Errorf("the quick check does not say %q:\n%s", want, said)
		}
	}
	if len(steps) < 2 || !db.dialect.postgres && len(steps) < 4 {
		t.Errorf("progress %v", steps)
	}
	if full, err := db.CheckLedger(ctx, CheckOptions{Full: true}); err != nil || len(full.Problems) != 0 || len(full.Unchecked) != 0 {
		t.Errorf("full check: %+v, %v", full, err)
	}

	// the latest month's figures wrong
	exec(t, db, "UPDATE complaint_month_counts SET n = n + 1 WHERE month = '2026-11'")
	if p, err := db.Check(ctx, false); err != nil || len(p) != 1 || !strings.Contains(p[0].Found, "按月份、状态和渠道的投诉件数与投诉记录不符") {
		t.Errorf("figures of the latest month: %v, %v", p, err)
	}
	exec(t, db, "UPDATE complaint_month_counts SET n = n - 1 WHERE month = '2026-11'")
	// the latest day's statistics wrong: against its complaints, and its
	// month's against the sum of its days
	exec(t, db, "UPDATE complaint_day_stats SET received = received + 1 WHERE day = '2026-11-03' AND dim = 'unit'")
	p, err := db.Check(ctx, false)
	if err != nil || len(p) != 2 || !strings.Contains(p[0].Found, "按日的投诉统计（按单位、类别、渠道和承办单位）与投诉记录不符") ||
		!strings.Contains(p[1].Found, "按月的投诉统计（按单位、类别、渠道和承办单位）与按日的统计之和不符") {
		t.Errorf("statistics of the latest day: %v, %v", p, err)
	}
	exec(t, db, "UPDATE complaint_day_stats SET received = received - 1 WHERE day = '2026-11-03' AND dim = 'unit'")
	// the chain's last row changed
	exec(t, db, "UPDATE audit_log SET actor = 'someone' WHERE id = (SELECT max(id) FROM audit_log)")
	if p, err := db.Check(ctx, false); err != nil || len(p) != 1 || !strings.Contains(p[0].Found, "审计日志") || !strings.Contains(p[0].Found, "被修改") {
		t.Errorf("the chain's tail changed: %v, %v", p, err)
	}
}

// The quick check finds a list of free pages that points outside the file,
// as damage, and says to restore.
func TestQuickCheckFreeList(t *testing.T) {
	ctx := context.Background()
	path := newLedgerPath(t)
	db := openTestDB(t, path, true)
	// free pages: a table filled and dropped (as a hand edit would leave them)
	exec(t, db, "CREATE TABLE scratch (b BLOB)")
	exec(t, db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO scratch SELECT randomblob(2000) FROM n")
	exec(t, db, "DROP TABLE scratch")
	exec(t, db, "PRAGMA wal_checkpoint(TRUNCATE)")
	var free int
	if err := db.reader.QueryRow("PRAGMA freelist_count").Scan(&free); err != nil || free == 0 {
		t.Fatalf("%d free pages, %v", free, err)
	}
	if p, err := db.Check(ctx, false); err != nil || len(p) != 0 {
		t.Fatalf("a sound list of free pages: %v, %v", p, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// the first trunk page of the list, in the header: far past the end
	if _, err := file.WriteAt([]byte{0x0f, 0xff, 0xff, 0xff}, 32); err != nil {
		t.Fatal(err)
	}
	if err := file.Close(); err != nil {
		t.Fatal(err)
	}
	db = openTestDB(t, path, false)
	defer db.Close()
	p, err := db.Check(ctx, false)
	if err != nil || len(p) != 1 || !strings.Contains(p[0].Found, "文件损坏：空闲页链表指向文件之外") || p[0].Todo != todoRestore {
		t.Errorf("quick check of a broken free list: %v, %v", p, err)
	}
}
