package store

import (
	"context"
	"fmt"
	"strings"
)

func collectStrings(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, rows.Err()
}

// Empty reports whether the ledger holds no user records yet.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM units) + (SELECT count(*) FROM people) + (SELECT count(*) FROM complaints) +
		(SELECT count(*) FROM rounds) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM actions)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: empty: %w", err)
	}
	return n == 0, nil
}
