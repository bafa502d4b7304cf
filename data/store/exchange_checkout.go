package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// checkout is a row of field_checkouts.
type checkout struct {
	data.FieldCheckout
	officeID    string
	peer        string // the other ledger's id, "" until known
	sentSeq     int64
	ackedSeq    int64
	peerSeq     int64
	peerSummary map[string]int64 // what the other ledger has, by ledger id
	auditAcked  int64
	auditPeer   int64
}

const checkoutColumns = `id, role, created_at, created_by, office_id, office_name, laptop, rounds, coalesce(peer, ''),
	sent_seq, acked_seq, peer_seq, peer_summary, audit_acked, audit_peer, closed_at IS NOT NULL,
	(SELECT count(*) FROM field_conflicts c JOIN field_packages p ON p.id = c.package_id
		WHERE c.decided_at IS NULL AND p.checkout_id = field_checkouts.id),
	(SELECT at FROM field_packages p WHERE p.checkout_id = field_checkouts.id ORDER BY at DESC LIMIT 1),
	coalesce((SELECT direction || kind || '包' FROM field_packages p WHERE p.checkout_id = field_checkouts.id ORDER BY at DESC LIMIT 1), '')`

func scanCheckout(r rowScanner) (*checkout, error) {
	c := &checkout{}
	var role, rounds, summary string
	err := r.Scan(&c.ID, &role, scanTime{&c.CreatedAt}, &c.CreatedBy, &c.officeID, &c.OfficeName, &c.Laptop, &rounds, &c.peer,
		&c.sentSeq, &c.ackedSeq, &c.peerSeq, &summary, &c.auditAcked, &c.auditPeer, &c.Closed, &c.Conflicts,
		scanTime{&c.LastExchange}, &c.LastPackage)
	if err != nil {
		return nil, err
	}
	c.Field = role == "field"
	c.Sent, c.Received = c.sentSeq, c.peerSeq
	var refs []exchange.RoundRef
	if err := json.Unmarshal([]byte(rounds), &refs); err != nil {
		return nil, fmt.Errorf("store: checkout %s rounds: %w", c.ID, err)
	}
	for _, r := range refs {
		c.Rounds = append(c.Rounds, data.FieldRound{ID: r.ID, Title: r.Title, ForUnits: r.ForUnits})
	}
	if err := json.Unmarshal([]byte(summary), &c.peerSummary); err != nil {
		return nil, fmt.Errorf("store: checkout %s summary: %w", c.ID, err)
	}
	return c, nil
}

func (c *checkout) roundRefs() []exchange.RoundRef {
	out := make([]exchange.RoundRef, len(c.Rounds))
	for i, r := range c.Rounds {
		out[i] = exchange.RoundRef{ID: r.ID, Title: r.Title, ForUnits: r.ForUnits}
	}
	return out
}

// fieldCheckout is the checkout a field ledger was made from; ok is false
// in an office ledger.
func fieldCheckout(ctx context.Context, q querier) (c *checkout, ok bool, err error) {
	c, err = scanCheckout(q.QueryRowContext(ctx, "SELECT "+checkoutColumns+" FROM field_checkouts WHERE role = 'field'"))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: field ledger: %w", err)
	}
	return c, true, nil
}

// exchangePermission is what importing a package and deciding its
// conflicts take: in the office, organising supervision (a 督查员's); in a
// field ledger, field work (a 外勤's too).
func (db *DB) exchangePermission(ctx context.Context) (data.Permission, error) {
	_, laptop, err := fieldCheckout(ctx, db.reader)
	switch {
	case err != nil:
		return "", err
	case laptop:
		return data.PermFieldWork, nil
	}
	return data.PermSupervision, nil
}

// FieldLedger tells, for a field ledger, which office and rounds it
// belongs to (the workbench's banner says so); ok is false for an office
// ledger.
func (db *DB) FieldLedger(ctx context.Context) (fc *data.FieldCheckout, ok bool, err error) {
	c, ok, err := fieldCheckout(ctx, db.reader)
	if err != nil || !ok {
		return nil, false, err
	}
	return &c.FieldCheckout, true, nil
}

// FieldCheckouts lists the laptops taken out of an office ledger, the ones
// still out first, then by when they went.
func (db *DB) FieldCheckouts(ctx context.Context) ([]*data.FieldCheckout, error) {
	list, err := queryList(ctx, db.reader, "checkouts", scanCheckout,
		"SELECT "+checkoutColumns+" FROM field_checkouts WHERE role = 'office' ORDER BY closed_at IS NOT NULL, created_at DESC")
	if err != nil {
		return nil, err
	}
	out := make([]*data.FieldCheckout, len(list))
	for i, c := range list {
		out[i] = &c.FieldCheckout
	}
	return out, nil
}

// CloseCheckout ends a laptop's checkout in the office ledger once it has
// come back for good: its name may be taken out again. Its late packages
// are still imported. The round it made for units taken out one by one
// ends today, unless the office gave it an end already.
func (db *DB) CloseCheckout(ctx context.Context, id string) error {
	return db.write(ctx, data.PermSupervision, func(t *tx) error {
		c, err := scanCheckout(t.queryRow("SELECT "+checkoutColumns+" FROM field_checkouts WHERE id = ? AND role = 'office' AND closed_at IS NULL", id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: checkout %s: %w", id, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: close checkout: %w", err)
		}
		if _, err := t.exec("UPDATE field_checkouts SET closed_at = ? WHERE id = ?", formatTime(t.now), id); err != nil {
			return fmt.Errorf("store: close checkout: %w", err)
		}
		if err := t.audit("field_checkouts", id, data.AuditUpdate, map[string]any{"closed_at": nil}, map[string]any{"closed_at": formatTime(t.now)}); err != nil {
			return err
		}
		for _, r := range c.Rounds {
			if !r.ForUnits {
				continue
			}
			var open bool
			err := t.queryRow("SELECT EXISTS (SELECT 1 FROM rounds WHERE id = ? AND deleted_at IS NULL AND end_date IS NULL AND start_date <= ?)",
				r.ID, data.DateOf(t.now).String()).Scan(&open)
			if err != nil {
				return fmt.Errorf("store: round: %w", err)
			}
			if open {
				if _, err := t.update("rounds", &data.Record{ID: r.ID}, []field{{"end_date", data.DateOf(t.now)}}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// officeOnly refuses, in a field ledger, what only the office ledger may do:
// allocate the office's numbers (complaints, tasks, 发文字号), change its
// settings and calendar. what names the action.
func (t *tx) officeOnly(what string) error {
	var field bool
	if err := t.queryRow("SELECT EXISTS (SELECT 1 FROM field_checkouts WHERE role = 'field')").Scan(&field); err != nil {
		return fmt.Errorf("store: field ledger: %w", err)
	}
	if field {
		return &data.StateError{Action: what, Reason: "这是外勤台账，不能" + what + "：编号、设置和节假日安排由主台账统一管理，请交回后在主台账办理"}
	}
	return nil
}

// replicaNumbers maps ledger ids to this ledger's replica numbers and back.
type replicaNumbers struct {
	byID map[string]string // ledger id → "n"
	ids  []string          // index n-1 → ledger id
	seen []int64
}

func loadReplicas(ctx context.Context, q querier) (*replicaNumbers, error) {
	r := &replicaNumbers{byID: map[string]string{}}
	err := eachRow(ctx, q, "replicas", "SELECT n, ledger_id, seen FROM replicas ORDER BY n", nil, func(row rowScanner) error {
		var n, seen int64
		var id string
		if err := row.Scan(&n, &id, &seen); err != nil {
			return err
		}
		if n != int64(len(r.ids)+1) {
			return fmt.Errorf("replica numbers are not 1..n")
		}
		r.byID[id] = strconv.FormatInt(n, 10)
		r.ids = append(r.ids, id)
		r.seen = append(r.seen, seen)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(r.ids) == 0 {
		return nil, fmt.Errorf("store: the ledger has no replica of its own")
	}
	return r, nil
}

// self is this ledger's id.
func (r *replicaNumbers) self() string { return r.ids[0] }

// local turns a vector by ledger id into one by this ledger's numbers;
// ledgers it does not know count 0 (it has none of their changes).
func (r *replicaNumbers) local(v map[string]int64) exchange.Vector {
	out := exchange.Vector{}
	for id, n := range v {
		if k, ok := r.byID[id]; ok {
			out[k] = n
		}
	}
	return out
}

// number returns ledger id's replica number, adding it when new.
func (t *tx) replicaNumber(r *replicaNumbers, id string) (string, error) {
	if k, ok := r.byID[id]; ok {
		return k, nil
	}
	n := int64(len(r.ids) + 1)
	if _, err := t.exec("INSERT INTO replicas (n, ledger_id, seen) VALUES (?, ?, 0)", n, id); err != nil {
		return "", fmt.Errorf("store: replica: %w", err)
	}
	k := strconv.FormatInt(n, 10)
	r.byID[id] = k
	r.ids = append(r.ids, id)
	r.seen = append(r.seen, 0)
	return k, nil
}

// ledgerID is this ledger's identity.
func ledgerID(ctx context.Context, q querier) (string, error) {
	var id string
	if err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'ledger_id'").Scan(&id); err != nil {
		return "", fmt.Errorf("store: ledger id: %w", err)
	}
	return id, nil
}
