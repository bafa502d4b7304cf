package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "新建文件夹")
	path := filepath.Join(dir, "通报.pdf")
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "第一版"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "第二版"); return err }); err != nil {
		t.Fatal(err)
	}
	wantOnly(t, dir, "通报.pdf", "第二版")
}

// A write that fails halfway leaves the old file as it was and nothing
// beside it.
func TestFailedWriteLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "统计表.xlsx")
	if err := os.WriteFile(path, []byte("旧"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("磁盘已满")
	err := Write(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, "半个文件"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	wantOnly(t, dir, "统计表.xlsx", "旧")

	err = Make(path, func(tmp string) error {
		if err := os.WriteFile(tmp, []byte("半个"), 0o644); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Make: err = %v, want %v", err, boom)
	}
	wantOnly(t, dir, "统计表.xlsx", "旧")
}

func TestMake(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "备份.db")
	err := Make(path, func(tmp string) error {
		// an empty file, for SQLite's VACUUM INTO, readable by the user only
		if st, err := os.Stat(tmp); err != nil || st.Size() != 0 || runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
			t.Errorf("the temporary file before it is written: %v, %v", st, err)
		}
		if filepath.Dir(tmp) != dir {
			t.Errorf("temporary file %s is not beside %s", tmp, path)
		}
		return os.WriteFile(tmp, []byte("副本"), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOnly(t, dir, "备份.db", "副本")
	if st, err := os.Stat(path); err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("the copy made: %v, %v; want it readable by the user only", st, err)
	}
}

// A copy that fails leaves nothing: neither the temporary file nor the
// journal an engine writing it left beside it.
func TestFailedMakeLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("磁盘已满")
	err := Make(filepath.Join(dir, "备份.db"), func(tmp string) error {
		if err := os.WriteFile(tmp, []byte("半个"), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(tmp+"-journal", []byte("日志"), 0o644); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("the folder holds %v (%v) after a failed copy", entries, err)
	}
}

// wantOnly checks that dir holds only the file name, with the content want.
func wantOnly(t *testing.T, dir, name, want string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != name {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("folder holds %v, want only %s", names, name)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != want {
		t.Errorf("%s holds %q, want %q", name, b, want)
	}
}
