package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// The store keeps one text of every query, written for SQLite with ?
// placeholders. What differs on a PostgreSQL server is here and nowhere
// else:
//
//   - placeholders: every query passes through the connections of
//     driver.go, which give PostgreSQL $1, $2, … (rebindPostgres);
//   - writers: SQLite queues them with BEGIN IMMEDIATE; on the server each
//     write transaction first takes the ledger's advisory lock
//     (writerLockSQL), so the desktops of an office write one at a time as
//     programs sharing a file do, and a number read as the year's last is
//     still the last when the next one is written;
//   - reads: one snapshot per read transaction (REPEATABLE READ on the
//     server, what a SQLite read transaction is anyway);
//   - the schema: each numbered migration has a twin written for
//     PostgreSQL (migrations/postgres), kept in step by a test;
//   - the file operations (pragmas, VACUUM INTO, the integrity check) and
//     the search indexes, which the methods concerned ask the dialect about.
//
// Times and dates stay ISO text on the server as in the file
// (data.TimeLayout in the office's fixed zone, YYYY-MM-DD): they sort and
// compare as text on both engines, substr() gives a month on both, and a
// ledger moves between the engines row by row without conversion.
type dialect struct {
	postgres bool
}

var (
	sqliteDialect   = dialect{}
	postgresDialect = dialect{postgres: true}
)

// name is the engine's name as the user reads it.
func (d dialect) name() string {
	if d.postgres {
		return "PostgreSQL"
	}
	return "SQLite"
}

// IsServer tells whether a -db argument names a PostgreSQL server rather
// than a ledger file.
func IsServer(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// readOptions are the options of a read transaction: read-only, and on the
// server one snapshot for all its queries.
func (d dialect) readOptions() *sql.TxOptions {
	if d.postgres {
		return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	return &sql.TxOptions{ReadOnly: true}
}

// deferForeignKeys has the references of the transaction checked when it
// commits rather than row by row: a copy or an import brings parents after
// some of their children. (The server's references are DEFERRABLE.)
func (d dialect) deferForeignKeys() string {
	if d.postgres {
		return "SET CONSTRAINTS ALL DEFERRED"
	}
	return "PRAGMA defer_foreign_keys = ON"
}

// tables is a query of the names (name) of the ledger's tables, for a
// FROM clause.
func (d dialect) tables() string {
	if d.postgres {
		return "(SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')"
	}
	return "(SELECT name FROM sqlite_schema WHERE type = 'table')"
}

// writerLockKey is the server's advisory lock that write transactions
// take: the ledger's application id, one lock per database.
const writerLockKey = applicationID

// writerLockSQL starts every write transaction on the server.
var writerLockSQL = "SELECT pg_advisory_xact_lock(" + strconv.Itoa(writerLockKey) + ")"

// writerLock are the statements that begin a write transaction on the
// server: the ledger's lock, waited for briefWait at most under Briefly
// (lock_timeout, for this transaction only: the server then says
// lock_not_available, which is data.ErrBusy), as a file's busy timeout is
// cut (beginBriefly).
func writerLock(ctx context.Context) []string {
	if !isBrief(ctx) {
		return []string{writerLockSQL}
	}
	return []string{fmt.Sprintf("SET LOCAL lock_timeout = %d", briefWait.Milliseconds()), writerLockSQL, "SET LOCAL lock_timeout = 0"}
}

// postgresWords are the words of the store's SQL that PostgreSQL spells
// differently: LIKE ignores the case of ASCII letters in SQLite, which
// ILIKE does on the server (under the C locale, only those); SQLite's
// json_each over an array is json_array_elements_text, both giving the
// column value.
var postgresWords = map[string]string{
	"LIKE":      "ILIKE",
	"json_each": "json_array_elements_text",
	"instr":     "strpos",
}

// scalarWords are SQLite's max and min of two or more arguments (of one
// argument they are the aggregates, as on the server).
var scalarWords = map[string]string{"max": "greatest", "min": "least"}

// hasSecondArgument tells whether s starts with a parenthesised list of
// more than one argument.
func hasSecondArgument(s string) bool {
	if !strings.HasPrefix(s, "(") {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'', '"':
			end := strings.IndexByte(s[i+1:], s[i])
			if end < 0 {
				return false
			}
			i += end + 1
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return false
			}
		case ',':
			if depth == 1 {
				return true
			}
		}
	}
	return false
}

// rebindPostgres gives PostgreSQL its form of a query written for SQLite:
// ? becomes $n, the next number after the highest so far, and ?n becomes
// $n, as SQLite numbers them; the words of postgresWords are replaced,
// max and min of several arguments are greatest and least, and LIMIT -1
// (no limit, before an OFFSET) is LIMIT ALL. Quoted strings,
// quoted names and comments are left as they are.
func rebindPostgres(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	highest := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(q[i+1:], c)
			if end < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+end+2])
			i += end + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			end := strings.IndexByte(q[i:], '\n')
			if end < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+end+1])
			i += end
		case c == '?':
			j := i + 1
			for j < len(q) && isDigit(q[j]) {
				j++
			}
			n := highest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			highest = max(highest, n)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j - 1
		case isWordByte(c):
			j := i + 1
			for j < len(q) && (isWordByte(q[j]) || isDigit(q[j])) {
				j++
			}
			w := q[i:j]
			switch {
			case postgresWords[w] != "":
				w = postgresWords[w]
			case (w == "max" || w == "min") && hasSecondArgument(q[j:]):
				w = scalarWords[w]
			case w == "LIMIT" && strings.HasPrefix(q[j:], " -1"):
				w, j = "LIMIT ALL", j+3
			}
			b.WriteString(w)
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
