# Sourced by the install tests (test-windows.sh, test-packages.sh): each check
# says 通过 or 失败 in one line; summary NAME ends the test with their counts
# and fails it when any check failed.

passed=0
failed=()
ok() {
	passed=$((passed + 1))
	printf '  通过：%s\n' "$*"
}
bad() {
	failed+=("$1")
	printf '  失败：%s\n' "$*"
}
# expect NAME FILE TEXT: FILE contains TEXT.
expect() {
	if grep -qF -- "$3" "$2"; then
		ok "$1"
	else
		bad "$1" "（没有“$3”）"
		sed 's/^/    | /' "$2" | head -20
	fi
}
timer() { printf '  （%s：%d 秒）\n' "$1" "$2"; }
summary() {
	echo
	printf '%s：%d 项通过，%d 项失败\n' "$1" "$passed" "${#failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}
