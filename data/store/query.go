package store

// The query helpers every store method shares: running a query into a
// list, row by row or by id, and building a WHERE clause.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"xiaoneng/data"
)

// querier is what both read and write transactions offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func sortedUnique(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// rowScanner is a row to scan: *sql.Row or *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// queryList runs a query and scans each of its rows with scan, in order:
// the loop every list method shares. Errors read "store: what: …".
func queryList[T any](ctx context.Context, q querier, what string, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, what, query, args, func(r rowScanner) error {
		v, err := scan(r)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow runs a query and hands each of its rows to fn, in order, until
// fn fails. Errors read "store: what: …".
func eachRow(ctx context.Context, q querier, what, query string, args []any, fn func(rowScanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

// queryByID scans with scan the one row query selects for id: the lookup
// of one record, where no row means data.ErrNotFound. Errors read
// "store: what id: …".
func queryByID[T any](ctx context.Context, q querier, what string, scan func(rowScanner) (T, error), query, id string) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = data.ErrNotFound
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("store: %s %s: %w", what, id, err)
	}
	return v, nil
}

// conds collects the conditions of a query's WHERE clause and the
// arguments of their placeholders, in order: what each list method builds
// from its filter.
type conds struct {
	list []string
	args []any
}

// where starts the conditions with ones that take no arguments.
func where(list ...string) *conds { return &conds{list: list} }

// add adds a condition and the arguments of its placeholders.
func (c *conds) add(cond string, args ...any) {
	c.list = append(c.list, cond)
	c.args = append(c.args, args...)
}

// days keeps a date column within from and to, both included; a zero day
// leaves that end open.
func (c *conds) days(col string, from, to data.Date) {
	if !from.IsZero() {
		c.add(col+" >= ?", from.String())
	}
	if !to.IsZero() {
		c.add(col+" <= ?", to.String())
	}
}

// dayBounds keeps a stored timestamp column within the days from and to,
// both included; a zero day leaves that end open. Stored times sort as
// text, so a day's bounds are its date and the next one's.
func (c *conds) dayBounds(col string, from, to data.Date) {
	if !from.IsZero() {
		c.add(col+" >= ?", from.String())
	}
	if !to.IsZero() {
		c.add(col+" < ?", to.AddDays(1).String())
	}
}

// sql is the conditions joined by AND.
func (c *conds) sql() string { return strings.Join(c.list, " AND ") }
