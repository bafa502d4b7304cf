#!/usr/bin/env bash
# Sets up what is missing and runs every check: gofmt, go vet (with and
# without the ci tag), staticcheck, every test with the race detector (and
# two of one goroutine without it), a build of the real GUI binary, and the
# Windows build under Wine. Exits non-zero if any of them fails.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/testpg.sh"
set +e

setup_packages poppler-utils xvfb fontconfig libreoffice-writer-nogui time || exit 1
setup_fandol || exit 1
setup_go || exit 1
cd "$REPO_DIR" || exit 1

failed=()
# step names what runs next, with the time it starts (the log then tells
# each step's time).
step() { printf '\n==> %s  [%s]\n' "$*" "$(date +%T)"; }
# ended says when the steps beside one another ended.
ended() { printf '    （%s 结束  [%s]）\n' "$1" "$(date +%T)"; }

step "gofmt -l"
unformatted="$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))"
if [ -n "$unformatted" ]; then
	printf '未按 gofmt 格式化：\n%s\n' "$unformatted"
	failed+=(gofmt)
fi

log="$(mktemp)"
# run_tests runs go test with the given arguments, its output added to the
# log; what went wrong is printed (passing tests' chatter and the
# per-package lines, printed below, left out). go vet runs with all its
# analyzers (beside the race step), so go test's own few are not run again
# (-vet=off); the test binaries are linked without DWARF (-ldflags=-w: no
# debugger reads them; stack traces and race reports come from the
# binary's line tables), a fifth less linking for each of some forty
# binaries.
run_tests() {
	local out
	out="$(mktemp)"
	go test -count=1 -v -vet=off -ldflags=-w "$@" >"$out" 2>&1
	local status=$?
	if [ "$status" -ne 0 ]; then
		grep -vE '^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|SKIP)|PASS$)|^(ok|FAIL|\?)\s|^FAIL$' "$out"
	fi
	cat "$out" >>"$log"
	rm -f "$out"
	return "$status"
}

# The tests' files (their ledgers, the demo county they share, the test
# binaries) go to memory, a tmpfs, when the machine has one with room: a
# ledger syncs every commit to disk, and on this machine's shared disk the
# demo county's fill took 44 s where it takes 17 s on a tmpfs, which syncs
# nothing. No test can tell the difference: the crash tests kill a
# process, whose writes the kernel keeps either way (a kill is not a power
# cut), and the tests of a full or read-only disk mount tmpfs of their own.
# The steps after the tests (the GUI's build, Wine, the packages) keep the
# usual temporary folder.
tests_tmp=/tmp
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] &&
	[ "$(df -P -k /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -ge $((4 << 20)) ]; then
	tests_tmp=/dev/shm
fi
tests_tmp="$(mktemp -d -p "$tests_tmp" xiaoneng-tests.XXXXXX)"
# The tests of every package share one demo county, filled once for the
# run (data/demo/demotest) in this folder.
XIAONENG_TEST_CACHE="$tests_tmp/cache"
mkdir "$XIAONENG_TEST_CACHE"
export XIAONENG_TEST_CACHE
trap 'rm -rf "$tests_tmp"; testpg_stop' EXIT
usual_tmpdir="${TMPDIR-}"
export TMPDIR="$tests_tmp"

# A PostgreSQL server of the run's own (scripts/testpg.sh): the store's
# tests of the server need it, and fail rather than skip when
# XIAONENG_TEST_PG is set and the server is not there.
step "临时 PostgreSQL 服务器"
testpg_start || exit 1

# -race turns on the compiler's unsafe.Pointer checks (checkptr) too; they
# stay on for every package but SQLite's (modernc.org: C translated to Go),
# where they can find nothing, since its pointers are into memory it maps
# itself, outside Go's heap, and where they cost half the suite's time.
# SQLite's own C (sqlite/lib) and its C library (libc, memory) are built
# without the detector as well, as a C SQLite would be: their accesses are
# to that memory of theirs, under SQLite's own mutexes, on connections
# database/sql hands to one goroutine at a time; the driver (modernc.org/
# sqlite), which copies every value between Go's memory and SQLite's, and
# all of our code stay watched. (data/demo TestFillRecentWeeks: 22.5 s CPU
# with SQLite watched, 7.2 s without.)
# Fyne's font library (github.com/go-text) is built without the detector
# too: every GUI test's new app makes Fyne parse the office theme's Chinese
# font again (4.6 MB, wqy-microhei here), 0.3 s a parse under the detector
# and 0.07 s without, for tens of thousands of glyphs read out of the
# font's own bytes, which nothing writes; Fyne's calls into it and all of
# our code stay watched (app/kit's tests: 34 s CPU before, 18 s after).
# TestExchangeProperty runs below without the detector, seeds 1 to 30: its
# seeds 1 and 2 under it would be the same steps again, on one goroutine.
sqlite_race=(-gcflags='modernc.org/...=-d=checkptr=0'
	-gcflags='modernc.org/sqlite/lib=-race=false -d=checkptr=0' -gcflags='modernc.org/libc/...=-race=false -d=checkptr=0'
	-gcflags='modernc.org/memory=-race=false -d=checkptr=0'
	-gcflags='github.com/go-text/...=-race=false')
# A binary built with the detector sleeps a second as it exits, for
# goroutines still running to show a race (GORACE's atexit_sleep_ms): a
# second for each of some forty test binaries (app/parts: 1.15 s → 0.05 s).
# A race while the tests run fails them as before; goroutines a test left
# running get a tenth of a second at the end instead of a second.
export GORACE=atexit_sleep_ms=100
# go test starts the packages' tests in the order it is given them, two
# at a time: the packages whose tests take a minute or more start first,
# so that the step does not end on one of them alone with a core idle; the
# others follow in go list's order. (A package missing from go list, moved
# or renamed, is left out of the first ones.)
slow=(xiaoneng/cli xiaoneng/reports/importer xiaoneng/data/store xiaoneng/data/demo xiaoneng/app/screens/audit
	xiaoneng/app xiaoneng/reports xiaoneng/app/kit)
race_pkgs=(./...)
if all_pkgs="$(go list -tags ci ./...)"; then
	race_pkgs=()
	for p in "${slow[@]}"; do
		if grep -qxF "$p" <<<"$all_pkgs"; then race_pkgs+=("$p"); fi
	done
	while read -r p; do
		[[ " ${slow[*]} " == *" $p "* ]] || race_pkgs+=("$p")
	done <<<"$all_pkgs"
fi

# The other checks and tests run beside the race step at a lower priority
# (nice, 5 more), in two lines of their own: the race step leaves a core
# idle for much of its time (tests waiting for their child processes, the
# server, or the demo county), and they take only that. Each line's output
# is printed after the race step's, with its steps; what failed is added
# to the list.
beside_pids=() beside_dirs=()
beside() {
	local dir
	dir="$(mktemp -d)"
	(
		log="$dir/log" beside_failed="$dir/failed"
		renice -n $(($(nice) + 5)) -p "$BASHPID" >/dev/null
		"$@"
		ended "$1"
	) >"$dir/out" 2>&1 &
	beside_pids+=($!)
	beside_dirs+=("$dir")
}

checks() {
	# First, since the crash test is a long chain of trials one after
	# another: without the race detector, in one go test so that the
	# packages run side by side, the tests built only without it
	# (//go:build … !race, in *_norace_test.go and crash_test.go), found in
	# their files so that a new one cannot be left out of both steps: tests
	# of one goroutine doing a great deal (the demo county checked,
	# imported, printed or its audit log read whole; every character's
	# pinyin initial), which the race detector would slow fourfold to
	# twentyfold for nothing, and the crash test (data/store/crash_test.go),
	# a child process writing the ledger killed 120 times; and the field
	# exchange's property test, 30 seeds. The crash test and the property
	# test's seeds run side by side (-parallel 3: the crash test and two
	# seeds), since a crash trial mostly waits for its child.
	local norace_names=(TestExchangeProperty) norace_pkgs=(./data/store) f name
	while read -r f; do
		while read -r name; do
			norace_names+=("$name") norace_pkgs+=("./$(dirname "$f")")
		done < <(sed -nE 's/^func (Test[A-Za-z0-9_]+)\(t \*testing\.T\).*/\1/p' "$f")
	done < <(grep -lE '^//go:build .*!race' $(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go' -not -path './.git/*'))
	mapfile -t norace_pkgs < <(printf '%s\n' "${norace_pkgs[@]}" | sort -u)
	local norace_run
	norace_run="^($(IFS='|'; echo "${norace_names[*]}"))\$"
	step "go test -tags ci -run '$norace_run' ${norace_pkgs[*]} (不带竞态检测)"
	run_tests -tags ci -timeout 20m -parallel 3 -run "$norace_run" "${norace_pkgs[@]}" ||
		echo "go test (不带竞态检测)" >>"$beside_failed"

	step "go vet ./..."
	go vet ./... || echo "go vet" >>"$beside_failed"

	step "go vet -tags ci ./..."
	go vet -tags ci ./... || echo "go vet -tags ci" >>"$beside_failed"

	# staticcheck at a version the module proxy serves, built by go run
	# (and cached) like the project's own code; no file of ours depends on
	# the ci tag.
	step "staticcheck ./..."
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags ci ./... || echo staticcheck >>"$beside_failed"

	# The fuzz targets' seed corpora ran with the tests; each target is
	# also fuzzed for a few seconds (longer runs, off CI: README, 开发). The
	# budgets are counts, not durations: Go 1.26's fuzzer can report a
	# spurious "context deadline exceeded" when a duration runs out while a
	# worker is busy (go.dev/issue/75804, fixed in Go 1.27), and minimising
	# a new input is bounded so that it cannot hold the run.
	local target pkg fn budget
	for target in reports/importer:FuzzReadXLSX:20000x reports/importer:FuzzReadCSV:20000x \
		reports/gongwen:FuzzBreakLines:100000x reports/gongwen:FuzzTemplate:100000x data/exchange:FuzzOpen:5000x; do
		IFS=: read -r pkg fn budget <<<"$target"
		step "go test -fuzz $fn -fuzztime $budget ./$pkg"
		run_tests -tags ci -run '^$' -fuzz "^$fn\$" -fuzztime "$budget" -fuzzminimizetime 5s -timeout 5m "./$pkg" ||
			echo "fuzz $fn" >>"$beside_failed"
	done
}

# The store's tests once more with every ledger on the PostgreSQL server:
# a line of its own, since they mostly wait for the server.
server_tests() {
	step "XIAONENG_TEST_ENGINE=postgres go test -race -tags ci ./data/store/... (台账在 PostgreSQL 服务器上)"
	XIAONENG_TEST_ENGINE=postgres run_tests -race "${sqlite_race[@]}" -tags ci -timeout 20m ./data/store/... ||
		echo "go test (PostgreSQL)" >>"$beside_failed"
}

beside checks
beside server_tests

step "go test -race -tags ci ./..."
run_tests -race "${sqlite_race[@]}" -tags ci -timeout 50m -skip '^TestExchangeProperty$' "${race_pkgs[@]}" || failed+=("go test -race")
ended "go test -race"

for i in "${!beside_pids[@]}"; do
	wait "${beside_pids[$i]}"
	dir="${beside_dirs[$i]}"
	cat "$dir/out"
	if [ -f "$dir/log" ]; then cat "$dir/log" >>"$log"; fi
	if [ -f "$dir/failed" ]; then
		while read -r f; do failed+=("$f"); done <"$dir/failed"
	fi
	rm -rf "$dir"
done

if [ -n "$usual_tmpdir" ]; then TMPDIR="$usual_tmpdir"; else unset TMPDIR; fi

passed_n="$(grep -cE '^\s*--- PASS' "$log")"
failed_n="$(grep -cE '^\s*--- FAIL' "$log")"
skipped_n="$(grep -cE '^\s*--- SKIP' "$log")"
# go test's summary: one line per package and run.
grep -E '^(ok|FAIL)(\s|$)' "$log"
rm -f "$log"

step "go build -o xiaoneng . (图形界面，cgo)"
bin="$(mktemp -d)"
CGO_ENABLED=1 go build -o "$bin/xiaoneng" . || failed+=("go build")
rm -rf "$bin"

step "Windows 版：mingw-w64 交叉编译，在 Wine 中运行，安装程序（scripts/test-windows.sh）"
bash scripts/test-windows.sh || failed+=("Windows 版")

step ".deb 安装包：Debian 11 chroot 中编译两种架构，在干净的 chroot 中安装（scripts/test-packages.sh）"
# debootstrap and chroot need root: as_root uses sudo when we are not.
(as_root bash scripts/test-packages.sh) || failed+=(".deb 安装包")

echo
if [ "${#failed[@]}" -gt 0 ]; then
	echo "失败：${failed[*]}"
else
	echo "全部通过"
fi
echo "tests: $passed_n passed, $failed_n failed, $skipped_n skipped"
[ "${#failed[@]}" -eq 0 ]
