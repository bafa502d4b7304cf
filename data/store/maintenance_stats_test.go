package store

import (
	"context"
	"fmt"
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
	list := make([]*data.Complaint, 20)
	for i := range list {
		list[i] = &data.Complaint{Number: fmt.Sprintf("XT-%03d", i), ReceivedAt: tm("2026-03-02 10:00").Add(time.Duration(i) * time.Hour),
			Channel: data.ChannelPhone, UnitName: u.Name, Complainant: data.Complainant{Name: "林芳"},
			Category: "乱检查", Subject: "同一事项反复检查", Content: "一个月内检查三次。"}
	}
	if _, err := db.ImportComplaints(ctx, list, ImportOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if n := statRows(t, db, "complaints"); n != 0 {
		t.Errorf("a dry run, which writes nothing, gathered statistics of %d tickets", n)
	}
	if _, err := db.ImportComplaints(ctx, list, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := statRows(t, db, "complaints"); n != len(list) {
		t.Errorf("after the import the statistics count %d tickets, want %d", n, len(list))
	}

	// Thirty times as many tickets since: the statistics are gathered
	// again when the ledger is closed.
	if _, err := db.writer.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO complaints (id, created_at, updated_at, number, year, seq, received_at, channel, unit_id, category, subject, content, status)
		SELECT 'id' || i, '2026-06-01', '2026-06-01', 'TS2026-' || (1000 + i), 2026, 1000 + i, '2026-06-01T09:00:00+08:00',
			'来访', ?, '门难进', '窗口无人', '窗口无人值守。', '待受理' FROM n`, 30*len(list), u.ID); err != nil {
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
	if n := statRows(t, db, "complaints"); n != 31*len(list) {
		t.Errorf("after closing the statistics count %d tickets, want %d", n, 31*len(list))
	}
}
