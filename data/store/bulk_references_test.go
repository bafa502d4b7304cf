package store

import (
	"context"
	"strings"
	"testing"

	"xiaoneng/data"
)

// A file's bulk work runs with its foreign keys off: the references of the
// rows it added are checked at its end, one to a row that is not there
// undoing all of it, and the keys are on again afterwards, whether it
// failed or not.
func TestBulkReferencesChecked(t *testing.T) {
	fileOnly(t) // the server checks its deferred references itself
	ctx := context.Background()
	f := newComplaintFixture(t)
	db := f.db
	c := registeredByHand(t, f)
	orNull := func(id string) any {
		if id == "" {
			return nil
		}
		return id
	}
	events := func() int {
		t.Helper()
		var n int
		if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM complaint_events").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct {
		name, complaint, handler, related string
		broken                            string // "" when every reference holds
	}{
		{"every reference holds", c.ID, f.h1, c.ID, ""},
		{"no such complaint", "no-such-complaint", "", "", "complaint_events.complaint_id → complaints"},
		{"no such handler", c.ID, "no-such-unit", "", "complaint_events.handler_unit_id → units"},
		{"no such related complaint", c.ID, "", "no-such-complaint", "complaint_events.related_id → complaints"},
	} {
		before := events()
		err := db.bulkWrite(ctx, data.PermComplaints, func(t *tx) error {
			_, err := t.exec(`INSERT INTO complaint_events (id, created_at, updated_at, complaint_id, kind, at, handler_unit_id, related_id)
				VALUES (?, '2026-11-21', '2026-11-21', ?, '登记', '2026-11-21T10:00:00.000+08:00', ?, ?)`,
				newID(), tc.complaint, orNull(tc.handler), orNull(tc.related))
			return err
		})
		added := events() - before
		switch {
		case tc.broken == "" && (err != nil || added != 1):
			t.Errorf("%s: %v, %d events added", tc.name, err, added)
		case tc.broken != "" && (err == nil || !strings.Contains(err.Error(), "引用的记录不存在") || !strings.Contains(err.Error(), tc.broken) || added != 0):
			t.Errorf("%s: %v, %d events added; want refused for %s", tc.name, err, added, tc.broken)
		}
		var on int
		if err := db.writer.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil || on != 1 {
			t.Errorf("%s: foreign keys %d after the bulk work, %v", tc.name, on, err)
		}
	}
}
