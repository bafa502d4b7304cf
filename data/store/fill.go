package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"xiaoneng/data"
)

// A fill is a long run of writes in many transactions (the demo county):
// the ledger notes it begun in a transaction of its own before the first
// and finished after the last, so that a fill cut short (the program
// killed, the disk full) is known as such — check says so, and the demo
// does not take the partial county for a whole one.

const fillKey = "unfinished_fill"

// Fill is a fill begun and not finished.
type Fill struct {
	What  string    // what was being filled in, as the user knows it (演示县数据)
	Since time.Time // when it began
}

// BeginFill notes that a fill of what begins: the program's own note,
// written before the fill has made any user (the demo makes its own).
func (db *DB) BeginFill(ctx context.Context, what string) error {
	return db.writeAs(ctx, nil, func(t *tx) error {
		_, err := t.exec(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
			fillKey, t.now.In(data.Zone).Format(data.TimeLayout)+" "+what)
		if err != nil {
			return fmt.Errorf("store: begin fill: %w", err)
		}
		return nil
	})
}

// EndFill notes that the fill begun has finished.
func (db *DB) EndFill(ctx context.Context) error {
	return db.writeAs(ctx, nil, func(t *tx) error {
		if _, err := t.exec(`DELETE FROM meta WHERE key = ?`, fillKey); err != nil {
			return fmt.Errorf("store: end fill: %w", err)
		}
		return nil
	})
}

// UnfinishedFill is the fill begun and never finished; ok is false when
// there is none.
func (db *DB) UnfinishedFill(ctx context.Context) (f Fill, ok bool, err error) {
	return unfinishedFill(ctx, db.reader)
}

func unfinishedFill(ctx context.Context, q querier) (f Fill, ok bool, err error) {
	var v string
	err = q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, fillKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return Fill{}, false, nil
	}
	if err != nil {
		return Fill{}, false, fmt.Errorf("store: unfinished fill: %w", err)
	}
	at, what, _ := strings.Cut(v, " ")
	f.What = what
	if f.Since, err = time.Parse(data.TimeLayout, at); err != nil {
		return Fill{}, false, fmt.Errorf("store: unfinished fill %q: %w", v, err)
	}
	return f, true, nil
}
