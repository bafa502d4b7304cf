package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xiaoneng/data/demo/demotest"
	"xiaoneng/data/store/pgtest"
)

// TestLedgerOnServer: the demo county moved from a file to a PostgreSQL
// server with migrate (its administrator signed in on the file), the
// commands working on it there as the demo's users (their passwords, their
// roles, the complainants sealed in the file opened on the server, the
// audit chain verified by check), and back: its backup a file, and a
// migration into a new file, each opening with the same users and a whole
// chain; a second migration into the filled database is refused, and so
// is a migration by a user who may not back the ledger up.
func TestLedgerOnServer(t *testing.T) {
	t.Parallel() // waits for the shared demo county (demotest)
	server := pgtest.NewDatabase(t, "")
	cfg := t.TempDir()
	file := demoCopy(t) // the county the tests share, not filled again
	dir := filepath.Dir(file)
	as := func(login string) []string {
		return []string{"XIAONENG_USER=" + login, "XIAONENG_PASSWORD=" + demotest.Password}
	}
	director := as(demotest.Director)
	r := xiaonengAs(t, cfg, as("shouli"), "migrate", "-from", file, "-to", server)
	wantFailure(t, r, 1, "备份台账")
	r = xiaonengAs(t, cfg, director, "migrate", "-from", file, "-to", server)
	if r.code != 0 || !strings.Contains(r.stdout, "已将台账完整迁移到") {
		t.Fatalf("migrate: %d %q %q", r.code, r.stdout, r.stderr)
	}
	identities := filepath.Join(dir, "投诉含身份.json")
	for _, args := range [][]string{
		{"check"},
		{"export", "complaints", filepath.Join(dir, "投诉.json")},
		{"export", "complaints", identities, "-with-identity"},
		{"report", "-period", "2026", "-o", filepath.Join(dir, "通报.pdf")},
		{"backup", filepath.Join(dir, "服务器备份.db")},
		{"migrate", "-from", server, "-to", filepath.Join(dir, "迁回.db")},
	} {
		if args[0] != "migrate" {
			args = append([]string{"-db", server}, args...)
		}
		r := xiaonengAs(t, cfg, director, args...)
		if r.code != 0 {
			t.Errorf("%v on the server: %d %s", args, r.code, r.stderr)
		}
		// the quick check says the server keeps its pages, not that a file was read
		if args[2] == "check" && (!strings.Contains(r.stdout, "快速检查未发现问题：服务器上的台账可以读取") ||
			!strings.Contains(r.stdout, "数据页和索引由数据库服务器自己维护") || strings.Contains(r.stdout, "文件头")) {
			t.Errorf("check on the server says %q", r.stdout)
		}
	}
	// The complainants sealed in the file open on the server: the export
	// with identities holds names in full, not masks.
	b, err := os.ReadFile(identities)
	if err != nil {
		t.Fatal(err)
	}
	full := 0
	for _, m := range regexp.MustCompile(`"complainant_name":\s*"([^"]+)"`).FindAllStringSubmatch(string(b), -1) {
		if !strings.Contains(m[1], "*") {
			full++
		}
	}
	if full == 0 {
		t.Errorf("the export with identities from the server names no complainant in full: %.300s", b)
	}
	// A 受理员 signs in on the server with the password of the file.
	if r := xiaonengAs(t, cfg, as("shouli"), "-db", server, "export", "complaints", filepath.Join(dir, "受理员.json")); r.code != 0 {
		t.Errorf("受理员 on the server: %d %s", r.code, r.stderr)
	}
	for _, back := range []string{"服务器备份.db", "迁回.db"} {
		if r := xiaonengAs(t, cfg, director, "-db", filepath.Join(dir, back), "check"); r.code != 0 {
			t.Errorf("check of %s: %d %s %s", back, r.code, r.stdout, r.stderr)
		}
	}
	r = xiaonengAs(t, cfg, director, "migrate", "-from", file, "-to", server)
	wantFailure(t, r, 1, "已有记录")
}
