// Package demotest gives tests the demo county's ledger without filling it
// again in every test that needs one: it is made once per test run, by the
// demo command of the real program, and every test of every package gets
// a copy of it. Filling the county takes the better part of a minute, and
// many minutes in a test binary built with the race detector, which is why
// the command (built without it) does the work.
//
// A test run is one `go test` of many packages, each its own process: they
// share the ledger through the folder named by $XIAONENG_TEST_CACHE, which
// scripts/test.sh makes for the run; the first process to need the ledger
// makes it there while the others wait. A package whose tests use it calls
// Main from its TestMain, which makes such a folder for its own process
// when the variable is not set (a `go test` of one package).
package demotest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// Seed is the seed of the demo ledger the tests share.
const Seed = 20261121

// cacheEnv names the folder a test run shares its ledger in.
const cacheEnv = "XIAONENG_TEST_CACHE"

// Main runs a package's tests after setup, with a folder of the process's
// own to share in when the test run has none; use it from TestMain.
func Main(m *testing.M, setup ...func() error) {
	os.Exit(run(m, setup))
}

func run(m *testing.M, setup []func() error) int {
	if os.Getenv(cacheEnv) == "" {
		dir, err := os.MkdirTemp("", "xiaoneng-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if err := os.Setenv(cacheEnv, dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	for _, s := range setup {
		if err := s(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return m.Run()
}

func cacheDir() (string, error) {
	dir := os.Getenv(cacheEnv)
	if dir == "" {
		return "", errors.New("demotest: the package's TestMain must call demotest.Main")
	}
	return dir, nil
}

// Binary returns the real xiaoneng, built with the ci tag (Fyne's headless
// driver: no cgo or display needed) and the testcost tag (the tests' costs
// of password hashes and package keys: cli/cost_testbinary.go) once per
// test run.
func Binary() (string, error) {
	dir, err := cacheDir()
	if err != nil {
		return "", err
	}
	name := "xiaoneng"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	err = once(dir, "bin", func(tmp string) error {
		build := exec.Command("go", "build", "-tags", "ci,testcost", "-o", filepath.Join(tmp, name), "xiaoneng")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %w\n%s", err, out)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "bin", name), nil
}

// Build is how the shared ledger was made: what the demo command printed
// and how long it took.
type Build struct {
	Stdout, Stderr string
	Took           time.Duration
	path           string
}

// Built returns how the shared ledger was made, making it first if this is
// the first test of the run to need it.
func Built(t testing.TB) Build {
	t.Helper()
	dir, err := cacheDir()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("demo-%d", Seed)
	err = once(dir, name, func(tmp string) error { return fill(bin, tmp) })
	if err != nil {
		t.Fatal(err)
	}
	b := Build{path: filepath.Join(dir, name, "演示.db")}
	read := func(file string) string {
		s, err := os.ReadFile(filepath.Join(dir, name, file))
		if err != nil {
			t.Fatal(err)
		}
		return string(s)
	}
	b.Stdout, b.Stderr = read("stdout"), read("stderr")
	if b.Took, err = time.ParseDuration(read("took")); err != nil {
		t.Fatal(err)
	}
	return b
}

// fill runs the demo command into 演示.db in folder dir, keeping what it
// printed and how long it took beside it.
func fill(bin, dir string) error {
	cmd := exec.CommandContext(context.Background(), bin, "-db", filepath.Join(dir, "演示.db"), "demo", "-seed", strconv.Itoa(Seed))
	// a configuration of its own, and a Chinese desktop's locale (see
	// cli's tests)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+dir, "HOME="+dir, "AppData="+dir, "LC_ALL=zh_CN.UTF-8", "LANG=zh_CN.UTF-8")
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		return err
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		return err
	}
	defer stderr.Close()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		msg, _ := os.ReadFile(stderr.Name())
		return fmt.Errorf("xiaoneng demo: %w\n%s", err, msg)
	}
	return os.WriteFile(filepath.Join(dir, "took"), []byte(time.Since(start).String()), 0o644)
}

// FillAgain fills another ledger of the demo county with the same seed, by
// the demo command as the shared one was, under t.TempDir(), for a test
// that the same seed gives the same ledger.
func FillAgain(t testing.TB) string {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := fill(bin, dir); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "演示.db")
}

// Copy returns a copy of the shared ledger of the demo county, under
// t.TempDir(), for the test to read and write as it pleases.
func Copy(t testing.TB) string {
	t.Helper()
	b := Built(t)
	out := filepath.Join(t.TempDir(), "演示.db")
	if err := copyFile(b.path, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Director and Password sign in to the demo county as its 主任, who holds
// every role: demo's own (data/demo), which this package cannot import
// since demo's tests import it; a test of demo holds them equal.
const (
	Director = "zhuren"
	Password = "xiaoneng2026"
)

// Open opens a copy of the shared ledger (Copy) signed in as Director; it
// is closed when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	return OpenAs(t, Copy(t), Director)
}

// OpenAs opens the demo ledger at path signed in as the demo user login;
// it is closed when the test ends.
func OpenAs(t testing.TB, path, login string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	if _, err := db.SignIn(ctx, login, Password); err != nil {
		t.Fatal(err)
	}
	return db
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return errors.Join(err, out.Close())
	}
	return out.Close()
}

// wait is how long a process waits for another to make what it needs.
const wait = 30 * time.Minute

// once makes dir/name by make, once per test run across processes: the
// first to take the lock (a folder, which every system creates
// atomically) makes it in a folder of its own and renames it into place;
// the others wait for it, or for the failure it left.
func once(dir, name string, make func(tmp string) error) error {
	done := filepath.Join(dir, name)
	lock, failed := done+".lock", done+".failed"
	deadline := time.Now().Add(wait)
	for {
		if _, err := os.Stat(done); err == nil {
			return nil
		}
		if msg, err := os.ReadFile(failed); err == nil {
			return fmt.Errorf("demotest: making %s failed in another test: %s", name, msg)
		}
		err := os.Mkdir(lock, 0o755)
		if err == nil {
			err = makeInto(done, make)
			if err != nil {
				err = errors.Join(err, os.WriteFile(failed, []byte(err.Error()), 0o644))
			}
			return errors.Join(err, os.Remove(lock))
		}
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("demotest: waited %v for another test to make %s", wait, name)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func makeInto(done string, make func(tmp string) error) error {
	tmp := done + ".making"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return err
	}
	if err := make(tmp); err != nil {
		return errors.Join(err, os.RemoveAll(tmp))
	}
	return os.Rename(tmp, done)
}
