//go:build !race

package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// The crash test: a child process saves, imports, imports field packages
// (crash_field_test.go) and backs up the ledger as fast as it can and is
// killed with SIGKILL at a random moment; after each kill the ledger (and
// the field ledger beside it) opens, passes check, holds every write the
// child acknowledged, and the write it was in the middle of is there whole
// or not at all (an import of 40 units: 40 or none). Copies the child
// acknowledged open and pass their check; the automatic backups listed
// all pass theirs. It runs without the race detector (which would slow
// the child tenfold for nothing: one goroutine writes).

const (
	crashTrials   = 120
	crashDeadline = 4 * time.Minute // the whole test, whatever the machine
	crashImport   = 40              // units in one import
	childEnv      = "XIAONENG_CRASH_CHILD"
)

func TestCrashKilledWriter(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		crashChild(os.Getenv(childEnv))
		return
	}
	if testing.Short() {
		t.Skip("the crash test takes a minute or more")
	}
	// Side by side with TestExchangeProperty's seeds (test.sh runs both
	// without the race detector, -parallel 3): a trial waits for its child
	// most of the time, and each test has folders of its own.
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "台账.db")
	// the test's cost of a password: the child signs in on every start
	opt := storetest.Options
	opt.Create = true
	db, err := store.Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SignIn(t, db)
	if err := db.CreateUnit(ctx, newUnit("县档案馆")); err != nil {
		t.Fatal(err)
	}
	setupFieldCrash(t, db, path)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]bool{} // "unit 名" / "import N" / "backup path", over every trial
	rng := rand.New(rand.NewPCG(21, 2026))
	deadline := time.Now().Add(crashDeadline)
	trials, inFlightSeen, fieldInFlight := 0, 0, 0
	for ; trials < crashTrials && time.Now().Before(deadline); trials++ {
		inFlight, err := runChild(t, path, trials, time.Duration(20+rng.IntN(400))*time.Millisecond, acked)
		if err != nil {
			t.Fatalf("trial %d: %v", trials, err)
		}
		if inFlight != "" {
			inFlightSeen++
		}
		if strings.HasPrefix(inFlight, "fieldin ") {
			fieldInFlight++
		}
		verifyAfterCrash(t, path, trials, acked, inFlight)
		if t.Failed() {
			return
		}
	}
	temps := 0
	for _, d := range []string{dir, store.AutoBackupDir(path)} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
				temps++
			}
		}
	}
	t.Logf("%d trials, %d killed in the middle of a write (%d of a field import); %d writes acknowledged; field packages imported: %s; %d temporary files of copies cut short left (removed after a day)",
		trials, inFlightSeen, fieldInFlight, len(acked), fieldImportsDone(t, path), temps)
	if trials < 100 {
		t.Errorf("only %d trials in %s", trials, crashDeadline)
	}
}

// runChild runs the child on the ledger for about d, kills it, and notes
// what it acknowledged; inFlight is the write it had begun and not
// acknowledged.
func runChild(t *testing.T, path string, trial int, d time.Duration, acked map[string]bool) (inFlight string, err error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashKilledWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+path, fmt.Sprintf("XIAONENG_CRASH_TRIAL=%d", trial))
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	kill := time.After(d)
	stop := time.After(d + 20*time.Second)
	killed := false
	for {
		select {
		case <-kill:
			// SIGKILL on Unix: the child gets no chance to tidy up
			if err := cmd.Process.Kill(); err != nil {
				return "", err
			}
			killed = true
		case <-stop:
			return "", errors.New("the child did not end")
		case line, ok := <-lines:
			if !ok {
				werr := cmd.Wait()
				if !killed {
					return "", fmt.Errorf("the child ended by itself: %v", werr)
				}
				return inFlight, nil
			}
			what, ok := strings.CutPrefix(line, "begin ")
			if ok {
				inFlight = what
				continue
			}
			if what, ok := strings.CutPrefix(line, "ack "); ok {
				acked[what] = true
				inFlight = ""
			}
		}
	}
}

// verifyAfterCrash opens the ledger left by a killed child and checks it.
// Copies are checked once and then removed, so that the test's folder
// stays small.
func verifyAfterCrash(t *testing.T, path string, trial int, acked map[string]bool, inFlight string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{KDF: storetest.Options.KDF})
	if err != nil {
		t.Fatalf("trial %d: the ledger does not open: %v", trial, err)
	}
	storetest.SignIn(t, db)
	defer db.Close()
	problems, err := db.Check(ctx, true)
	if err != nil || len(problems) > 0 {
		t.Fatalf("trial %d: check: %v %v", trial, problems, err)
	}
	verifyFieldAfterCrash(t, db, path, trial, acked, inFlight)
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, u := range units {
		have[u.Name] = true
	}
	imported := func(n string) int {
		k := 0
		for i := range crashImport {
			if have[fmt.Sprintf("导入%s-%02d", n, i)] {
				k++
			}
		}
		return k
	}
	for w := range acked {
		kind, name, _ := strings.Cut(w, " ")
		switch kind {
		case "unit":
			if !have[name] {
				t.Errorf("trial %d: the unit %s acknowledged is not there", trial, name)
			}
		case "import":
			if k := imported(name); k != crashImport {
				t.Errorf("trial %d: the import %s acknowledged has %d of %d units", trial, name, k, crashImport)
			}
		case "backup":
			if _, err := os.Stat(name); err == nil {
				wantWholeCopy(t, name)
			} else if !checked[name] {
				t.Errorf("trial %d: the backup %s acknowledged is not there: %v", trial, name, err)
			}
		}
	}
	if kind, name, _ := strings.Cut(inFlight, " "); kind == "import" {
		if k := imported(name); k != 0 && k != crashImport {
			t.Errorf("trial %d: the import %s cut short left %d of %d units", trial, name, k, crashImport)
		}
	} else if kind == "backup" {
		if _, err := os.Stat(name); err == nil {
			wantWholeCopy(t, name)
		}
	}
	list, err := store.AutoBackups(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range list {
		wantWholeCopy(t, b.Path)
	}
}

// checked are the copies found whole and removed.
var checked = map[string]bool{}

// wantWholeCopy checks that a copy of the ledger is whole (as a restore
// checks it), then removes it.
func wantWholeCopy(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	if _, err := store.RestoreLoss(ctx, path, path); err != nil {
		t.Errorf("the copy %s: %v", path, err)
		return
	}
	checked[path] = true
	if err := os.Remove(path); err != nil {
		t.Error(err)
	}
}

// crashChild is the child's work: forever, a save, an import of
// crashImport units, a backup, an automatic backup, or a field package
// imported into the office or the laptop, each announced before it begins
// and acknowledged once done. Each trial starts at another of them, so
// that every kind is cut short in some.
func crashChild(path string) {
	ctx := context.Background()
	trial := os.Getenv("XIAONENG_CRASH_TRIAL")
	db, err := store.Open(ctx, path, store.Options{KDF: storetest.Options.KDF})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	if _, err := db.SignIn(ctx, storetest.Login, storetest.Password); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(s string) {
		out.WriteString(s + "\n") //nolint:errcheck // flushed and checked below
		if err := out.Flush(); err != nil {
			os.Exit(4)
		}
	}
	fail := func(what string, err error) {
		fmt.Fprintf(os.Stderr, "child: %s: %v\n", what, err)
		os.Exit(5)
	}
	first, err := strconv.Atoi(trial)
	if err != nil {
		fail("trial", err)
	}
	field := &crashFieldChild{dir: filepath.Dir(path), office: db}
	for i := first; ; i++ {
		name := fmt.Sprintf("%s-%d", trial, i)
		switch i % 8 {
		case 0, 1, 3:
			w := "unit 单位" + name
			say("begin " + w)
			if err := db.CreateUnit(ctx, newUnit("单位"+name)); err != nil {
				fail(w, err)
			}
			say("ack " + w)
		case 2:
			w := "import " + name
			units := make([]*data.Unit, crashImport)
			for k := range units {
				units[k] = newUnit(fmt.Sprintf("导入%s-%02d", name, k))
			}
			say("begin " + w)
			if _, err := db.ImportUnits(ctx, units, store.ImportOptions{Source: "单位.xlsx"}); err != nil {
				fail(w, err)
			}
			say("ack " + w)
		case 4:
			out := filepath.Join(filepath.Dir(path), "备份"+name+".db")
			w := "backup " + out
			say("begin " + w)
			if err := db.Backup(ctx, out); err != nil {
				fail(w, err)
			}
			say("ack " + w)
		case 5:
			say("begin automatic " + name)
			if _, err := db.BackupNow(ctx, store.BackupDaily); err != nil {
				fail("automatic backup", err)
			}
			say("ack automatic " + name)
		case 6:
			field.importNext(ctx, "office", say, fail)
		case 7:
			field.importNext(ctx, "laptop", say, fail)
		}
	}
}
