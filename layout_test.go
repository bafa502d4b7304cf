package main

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The layout of the repository, checked on every test run: the rooms of
// app/ stay apart and every file stays readable in one sitting.

const (
	// maxFileLines is the most lines a Go file may have.
	maxFileLines = 800
	// maxShellLines is the most lines app/'s own package (the shell: window,
	// navigation, menu, first start, run) may have, tests left out.
	maxShellLines = 1500
)

// longFiles are the files over maxFileLines that their owners are to
// split; they are in data/ and reports/, where other work is under way.
// A file leaves this list once split, and none joins it.
var longFiles = map[string]bool{}

// Every package under app/screens is one screen, and only the shell imports
// screens: a screen never imports another (nor kit, parts or host a screen),
// what screens share is in app/kit, app/parts and app/host, and a screen
// reaches another through host.Navigator.
func TestScreensDoNotImportEachOther(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "ci", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./app/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const screens = "xiaoneng/app/screens/"
	n := 0
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		isScreen := strings.HasPrefix(pkg, screens)
		if isScreen {
			n++
		}
		for _, d := range deps {
			switch {
			case strings.HasPrefix(d, screens) && pkg != "xiaoneng/app":
				// the shell registers the screens; nothing else names one
				t.Errorf("%s imports the screen %s", pkg, d)
			case d == "xiaoneng/app" && pkg != "xiaoneng/app":
				t.Errorf("%s imports the shell (xiaoneng/app)", pkg)
			}
		}
	}
	if n < 12 {
		t.Errorf("%d screen packages under app/screens, want the 12 of the navigation", n)
	}
}

// No Go file is longer than maxFileLines.
func TestNoLongFiles(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		n, err := countLines(path)
		if err != nil {
			return err
		}
		slashed := filepath.ToSlash(path)
		if n > maxFileLines && !longFiles[slashed] {
			t.Errorf("%s has %d lines, more than %d: split it", slashed, n, maxFileLines)
		}
		if n <= maxFileLines && longFiles[slashed] {
			t.Errorf("%s has %d lines now: take it off longFiles", slashed, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// app/'s own package is the shell, small enough to read at once.
func TestShellIsSmall(t *testing.T) {
	files, err := filepath.Glob("app/*.go")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		n, err := countLines(f)
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total == 0 || total > maxShellLines {
		t.Errorf("app/'s own package has %d lines, want at most %d: a screen's code belongs in app/screens, what screens share in app/kit or app/parts", total, maxShellLines)
	}
}

func countLines(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	n := 0
	for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); {
		n++
	}
	return n, nil
}
