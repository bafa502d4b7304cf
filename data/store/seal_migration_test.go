package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data"
)

// plainForms are the ways a value could lie in the file in plain text: as
// written, and as the n-gram term the search indexes made of a name
// before identities were sealed (writeGram).
func plainForms(value string) [][]byte {
	forms := [][]byte{[]byte(value)}
	if r := []rune(value); len(r) <= 3 {
		var b strings.Builder
		writeGram(&b, r)
		forms = append(forms, []byte(b.String()))
	}
	return forms
}

// filesHolding lists the files (of paths that exist) holding one of the
// values in plain text, with the value.
func filesHolding(t *testing.T, values []string, paths ...string) []string {
	t.Helper()
	var found []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			for _, f := range plainForms(v) {
				if bytes.Contains(b, f) {
					found = append(found, fmt.Sprintf("%s holds %q", filepath.Base(p), f))
				}
			}
		}
	}
	return found
}

// A ledger written before identities were sealed keeps them in plain text
// until its first administrator exists (the key pair is made then); after
// that, neither the file nor its WAL holds them, free pages and the
// search indexes included, the copy made before the upgrade is gone, and
// the identities are still there for those who may reveal them.
func TestMigratedLedgerKeepsNoPlainIdentity(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	people := []struct{ name, phone, id, address string }{
		{"林芳", "13812345678", "110101199003071234", "城关镇解放路18号"},
		{"欧阳明珠", "13998765432", "33010619850612002X", "清溪镇河西村3组"},
		{"赵建国", "0571-88886666", "", "县城北街7号"},
	}
	var rows []string
	var secrets []string
	for i, p := range people {
		at := fmt.Sprintf("2026-03-0%dT10:00:00+08:00", i+2)
		rows = append(rows, fmt.Sprintf(`INSERT INTO complaints (id, created_at, updated_at, updated_by, device, number, year, seq,
			received_at, channel, complainant_name, complainant_phone, complainant_id_number, complainant_address, unit_id, category, subject, content, status, accept_due)
			VALUES ('c%d', '%[2]s', '%[2]s', '老用户', 'old-pc', 'TS2026-%04[1]d', 2026, %[1]d, '%[2]s', '电话', '%[3]s', '%[4]s', '%[5]s', '%[6]s', '%[7]s', '乱检查',
				'同一事项反复检查', '一个月内检查三次，影响经营。', '待受理', '2026-03-09')`, i+1, at, p.name, p.phone, p.id, p.address, oldUnitID))
		secrets = append(secrets, p.name, p.phone, p.address)
		if p.id != "" {
			secrets = append(secrets, p.id)
		}
	}
	oldLedger(t, path, 1, rows...)
	// An edit before the upgrade, so that older versions of the rows lie in
	// free pages too.
	{
		old, err := open(ctx, path, Options{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.writer.ExecContext(ctx, "UPDATE complaints SET complainant_address = complainant_address || '（旧）'"); err != nil {
			t.Fatal(err)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}
	}

	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.BackupPath == "" || db.Unsealed != len(people) {
		t.Fatalf("after the upgrade: copy %q, %d identities to seal", db.BackupPath, db.Unsealed)
	}
	if found := filesHolding(t, secrets[:1], db.BackupPath); len(found) == 0 {
		t.Fatal("the test cannot fail: the copy made before the upgrade holds no plain name")
	}
	created, err := db.CreateFirstAdmin(ctx, &data.User{Login: "ceshi", Name: "测试员", Roles: data.Roles}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if created.Sealed != len(people) || created.RemovedBackup != db.BackupPath {
		t.Errorf("created %+v, copy before the upgrade %s", created, db.BackupPath)
	}
	if _, err := os.Stat(db.BackupPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy made before the upgrade is still there: %v", err)
	}
	if found := filesHolding(t, secrets, path, path+"-wal", path+"-journal"); len(found) > 0 {
		t.Errorf("plain identities after sealing: %v", found)
	}
	if problems, err := db.Check(ctx, true); err != nil || len(problems) > 0 {
		t.Errorf("check: %v, %v", problems, err)
	}
	for i, p := range people {
		got, err := db.RevealComplainant(ctx, fmt.Sprintf("c%d", i+1))
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != p.name || got.Phone != p.phone || got.IDNumber != p.id || got.Address != p.address+"（旧）" {
			t.Errorf("c%d revealed as %+v", i+1, got)
		}
	}
	if got := searchNumbers(t, db, data.ComplaintFilter{Search: "欧阳明珠"}); len(got) != 1 || got[0] != "TS2026-0002" {
		t.Errorf("search by a sealed name: %v", got)
	}
	// Work after it leaves none either, WAL included.
	c := &data.Complaint{ReceivedAt: tm("2026-11-02 09:00"), Channel: data.ChannelVisit, UnitID: oldUnitID, Category: "乱检查",
		Subject: "检查过多", Content: "又来检查。", Complainant: data.Complainant{Name: "司马相如", Phone: "15011112222", IDNumber: "510104197001011111"}}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RevealComplainant(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if found := filesHolding(t, append(secrets, "司马相如", "15011112222", "510104197001011111"), path, path+"-wal"); len(found) > 0 {
		t.Errorf("plain identities in the open ledger: %v", found)
	}
}
