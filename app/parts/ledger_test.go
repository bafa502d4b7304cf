package parts

import (
	"os"
	"path/filepath"
	"testing"

	"xiaoneng/data"
)

func TestBackupNameIsNumberedWithinADay(t *testing.T) {
	dir := t.TempDir()
	day := data.NewDate(2026, 11, 21)
	if got := BackupName(dir, day); got != "台账-备份-20261121.db" {
		t.Fatalf("first = %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "台账-备份-20261121.db"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := BackupName(dir, day); got != "台账-备份-20261121-2.db" {
		t.Fatalf("second = %q", got)
	}
}
