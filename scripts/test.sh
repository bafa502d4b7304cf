#!/usr/bin/env bash
# Sets up what is missing and runs every check: gofmt, go vet (with and
# without the ci tag), every test with the race detector, and a build of the
# real GUI binary. Exits non-zero if any of them fails.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set +e

setup_packages poppler-utils xvfb || exit 1
setup_go || exit 1
cd "$REPO_DIR" || exit 1

failed=()
step() { printf '\n==> %s\n' "$*"; }

step "gofmt -l"
unformatted="$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))"
if [ -n "$unformatted" ]; then
	printf '未按 gofmt 格式化：\n%s\n' "$unformatted"
	failed+=(gofmt)
fi

step "go vet ./..."
go vet ./... || failed+=("go vet")

step "go vet -tags ci ./..."
go vet -tags ci ./... || failed+=("go vet -tags ci")

step "go test -race -tags ci ./..."
log="$(mktemp)"
go test -race -tags ci -count=1 -timeout 50m -v ./... >"$log" 2>&1
test_status=$?
if [ "$test_status" -ne 0 ]; then
	# What went wrong (passing tests' chatter and the per-package lines,
	# printed below, left out).
	grep -vE '^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|SKIP)|PASS$)|^(ok|FAIL|\?)\s|^FAIL$' "$log"
	failed+=("go test")
fi
passed_n="$(grep -cE '^\s*--- PASS' "$log")"
failed_n="$(grep -cE '^\s*--- FAIL' "$log")"
skipped_n="$(grep -cE '^\s*--- SKIP' "$log")"
# go test's summary: one line per package.
grep -E '^(ok|FAIL)(\s|$)' "$log"
rm -f "$log"

step "go build -o xiaoneng . (图形界面，cgo)"
bin="$(mktemp -d)"
CGO_ENABLED=1 go build -o "$bin/xiaoneng" . || failed+=("go build")
rm -rf "$bin"

echo
if [ "${#failed[@]}" -gt 0 ]; then
	echo "失败：${failed[*]}"
else
	echo "全部通过"
fi
echo "tests: $passed_n passed, $failed_n failed, $skipped_n skipped"
[ "${#failed[@]}" -eq 0 ]
