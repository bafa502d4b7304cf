package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// partialWhere finds a partial index's condition in its CREATE INDEX.
var partialWhere = regexp.MustCompile(`(?is)\sWHERE\s(.*)$`)

// maxSkipped bounds the values correctStats counts by skipping through an
// index: a column with more has values enough for the sample to see many.
const maxSkipped = 2000

// correctStats mends what analysis_limit's sample gets wrong. A limited
// ANALYZE reads the first rows of each index; where the index leads with a
// column of few values (a complaint's status, its unit, its year) those rows
// hold one value or two, and SQLite takes every value to cover about
// analysisLimit rows — a hundredfold too few at a million complaints, enough
// for the 已超期 count to read 50,000 complaints through the index by status
// instead of its own (1.5 s instead of 15 ms). For every index larger than
// the sample whose statistics give its leading column at most maxSkipped
// values, the values are counted by seeking from one to the next (a seek
// each), and the statistic, when it is off twofold or more, rewritten as
// rows per value — applications may write sqlite_stat1
// (https://sqlite.org/fileformat2.html#stat1tab) — and read again by
// SQLite.
// The statistics last checked are remembered by their digest (meta's
// stats_checked), so that a ledger opened again checks only what ANALYZE
// has gathered since; digest is theirs now (statsDigest). It tells
// whether it checked them (and may have rewritten some).
func correctStats(ctx context.Context, conn *sql.Conn, digest string) (checked bool, err error) {
	var last string
	if err := conn.QueryRowContext(ctx, "SELECT coalesce((SELECT value FROM meta WHERE key = 'stats_checked'), '')").Scan(&last); err != nil {
		return false, err
	}
	if digest == last {
		return false, nil
	}
	if err := mendStats(ctx, conn); err != nil {
		return true, err
	}
	if digest, err = statsDigest(ctx, conn); err != nil {
		return true, err
	}
	_, err = conn.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('stats_checked', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", digest)
	return true, err
}

// statsDigest is a digest of sqlite_stat1, "" before there is one.
func statsDigest(ctx context.Context, conn *sql.Conn) (string, error) {
	if stats, err := hasStats(ctx, conn); err != nil || !stats {
		return "", err
	}
	var text string
	err := conn.QueryRowContext(ctx, `SELECT coalesce(group_concat(line, char(10)), '') FROM
		(SELECT tbl || ' ' || coalesce(idx, '') || ' ' || stat AS line FROM sqlite_stat1 ORDER BY tbl, idx)`).Scan(&text)
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:]), err
}

// hasStats tells whether the file has statistics (sqlite_stat1) at all: the
// first ANALYZE makes the table.
func hasStats(ctx context.Context, conn *sql.Conn) (bool, error) {
	var n int
	err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'").Scan(&n)
	return n > 0, err
}

// mendStats rewrites the statistics correctStats says are wrong.
func mendStats(ctx context.Context, conn *sql.Conn) error {
	type stat struct{ tbl, idx, col, where string }
	var suspect []stat
	var fields [][]string
	// a partial index's condition goes with each seek, for SQLite to take it
	rows, err := conn.QueryContext(ctx, `SELECT s.tbl, s.idx, s.stat, i.name, CASE l.partial WHEN 1 THEN m.sql ELSE '' END
		FROM sqlite_stat1 s
		JOIN pragma_index_list(s.tbl) l ON l.name = s.idx
		JOIN pragma_index_info(s.idx) i ON i.seqno = 0
		JOIN sqlite_schema m ON m.type = 'index' AND m.name = s.idx`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s stat
		var text string
		if err := rows.Scan(&s.tbl, &s.idx, &text, &s.col, &s.where); err != nil {
			return err
		}
		if m := partialWhere.FindStringSubmatch(s.where); m != nil {
			s.where = m[1]
		}
		f := strings.Fields(text)
		if len(f) < 2 {
			continue
		}
		n, err1 := strconv.Atoi(f[0])
		per, err2 := strconv.Atoi(f[1])
		if err1 == nil && err2 == nil && n > analysisLimit && per > 0 && n/per <= maxSkipped {
			suspect = append(suspect, s)
			fields = append(fields, f)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	changed := false
	for i, s := range suspect {
		n, err := strconv.ParseFloat(fields[i][0], 64)
		if err != nil {
			return fmt.Errorf("sqlite_stat1 of %s: %w", s.idx, err)
		}
		values, err := countValues(ctx, conn, s.tbl, s.idx, s.col, s.where)
		if err != nil || values == 0 || values > maxSkipped {
			if err != nil {
				return err
			}
			continue
		}
		per := int(math.Ceil(n / float64(values)))
		if was, _ := strconv.Atoi(fields[i][1]); per < 2*was && was < 2*per {
			continue
		}
		fields[i][1] = strconv.Itoa(per)
		changed = true
		if _, err := conn.ExecContext(ctx, "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = ? AND idx = ?",
			strings.Join(fields[i], " "), s.tbl, s.idx); err != nil {
			return err
		}
	}
	if !changed {
		return nil
	}
	_, err = conn.ExecContext(ctx, "ANALYZE sqlite_schema")
	return err
}

// countValues counts the distinct values of an index's leading column by
// seeking from each to the next, up to maxSkipped+1; where is a partial
// index's condition.
func countValues(ctx context.Context, conn *sql.Conn, tbl, idx, col, where string) (int, error) {
	quote := func(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
	if where == "" {
		where = "1"
	}
	from := fmt.Sprintf("SELECT min(%[1]s) FROM %[2]s INDEXED BY %[3]s WHERE (%[4]s)", quote(col), quote(tbl), quote(idx), where)
	var v any
	if err := conn.QueryRowContext(ctx, from).Scan(&v); err != nil {
		return 0, err
	}
	n := 0
	for v != nil && n <= maxSkipped {
		n++
		if err := conn.QueryRowContext(ctx, from+" AND "+quote(col)+" > ?", v).Scan(&v); err != nil {
			return 0, err
		}
	}
	return n, nil
}
