package store

import (
	"context"
	"strings"
	"testing"
)

// Check finds figures that do not match the tickets and a fill cut short,
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
	for _, stmt := range []string{"UPDATE complaint_month_counts SET n = n + 1", "UPDATE complaint_stats SET received = 0 WHERE dim = 'unit'",
		"UPDATE complaint_day_stats SET dissatisfied = 1 WHERE dim = 'channel'"} {
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
	for _, want := range []string{"按月份、状态和渠道的投诉件数与投诉记录不符", "投诉统计（按单位、类别、渠道和承办单位）与投诉记录不符",
		"按日的投诉统计（按单位、类别、渠道和承办单位）与投诉记录不符", "check -recount",
		"演示县数据于", "没有完成（被中断）", "删除该台账文件后重新生成演示数据"} {
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
