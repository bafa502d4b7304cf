package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data/store/pgtest"
)

// TestLedgerOnServer: the demo county moved from a file to a PostgreSQL
// server with migrate, the commands working on it there, and its backup a
// file again; a second migration into the filled database is refused.
func TestLedgerOnServer(t *testing.T) {
	server := pgtest.NewDatabase(t, "")
	cfg := t.TempDir()
	dir := t.TempDir()
	file := filepath.Join(dir, "台账.db")
	if r := xiaoneng(t, cfg, "-db", file, "demo", "-seed", "7"); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	r := xiaoneng(t, cfg, "migrate", "-from", file, "-to", server)
	if r.code != 0 || !strings.Contains(r.stdout, "已将台账完整迁移到") {
		t.Fatalf("migrate: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{
		{"check"},
		{"export", "complaints", filepath.Join(dir, "投诉.json")},
		{"report", "-period", "2026", "-o", filepath.Join(dir, "通报.pdf")},
		{"backup", filepath.Join(dir, "服务器备份.db")},
	} {
		if r := xiaoneng(t, cfg, append([]string{"-db", server}, args...)...); r.code != 0 {
			t.Errorf("%v on the server: %d %s", args, r.code, r.stderr)
		}
	}
	if r := xiaoneng(t, cfg, "-db", filepath.Join(dir, "服务器备份.db"), "check"); r.code != 0 {
		t.Errorf("check of the server's backup: %d %s", r.code, r.stderr)
	}
	r = xiaoneng(t, cfg, "migrate", "-from", file, "-to", server)
	wantFailure(t, r, 1, "已有记录")
}
