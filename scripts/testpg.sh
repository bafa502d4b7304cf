# A throwaway PostgreSQL server for the tests, sourced by test.sh after
# setup.sh: testpg_start installs Debian's postgresql if it is missing,
# makes a cluster in a new temporary directory as an unprivileged user
# (PostgreSQL refuses to run as root), has it listen on a Unix socket in
# that directory only, and exports its address as XIAONENG_TEST_PG, which
# the store's tests open ledgers on; testpg_stop stops it and removes the
# directory. No port is opened: nothing else on the machine can reach it,
# and two runs at once do not collide.
#
# The cluster is UTF-8 with the C locale, so text sorts by code point as it
# does in SQLite, and it does not sync to disk (fsync off): it lives for
# one run.

TESTPG_DIR=""

testpg_bin() {
	local d
	d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
	[ -n "$d" ] && [ -x "$d/initdb" ] || return 1
	printf '%s\n' "$d"
}

# testpg_as runs a command as the cluster's owner: the package's postgres
# user when we are root, else ourselves.
testpg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

testpg_start() {
	setup_packages postgresql || return 1
	local bin
	bin="$(testpg_bin)" || { say "找不到 PostgreSQL 的 initdb"; return 1; }
	TESTPG_DIR="$(mktemp -d /tmp/xiaoneng-pg.XXXXXX)" || return 1
	chmod 700 "$TESTPG_DIR"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$TESTPG_DIR"
	say "临时 PostgreSQL 服务器：$TESTPG_DIR"
	testpg_as "$bin/initdb" -D "$TESTPG_DIR/data" -U xiaoneng -A trust -E UTF8 --locale=C --no-sync >"$TESTPG_DIR/initdb.log" 2>&1 ||
		{ cat "$TESTPG_DIR/initdb.log"; return 1; }
	testpg_as "$bin/pg_ctl" -D "$TESTPG_DIR/data" -l "$TESTPG_DIR/server.log" -w -s \
		-o "-c listen_addresses='' -c unix_socket_directories='$TESTPG_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start ||
		{ cat "$TESTPG_DIR/server.log"; return 1; }
	export XIAONENG_TEST_PG="postgres://xiaoneng@/postgres?host=$TESTPG_DIR"
}

testpg_stop() {
	[ -n "$TESTPG_DIR" ] || return 0
	local bin
	if bin="$(testpg_bin)" && [ -f "$TESTPG_DIR/data/postmaster.pid" ]; then
		testpg_as "$bin/pg_ctl" -D "$TESTPG_DIR/data" -s -m immediate stop || true
	fi
	rm -rf "$TESTPG_DIR"
	TESTPG_DIR=""
}
