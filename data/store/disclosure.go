package store

import (
	"context"
	"fmt"
	"strings"

	"xiaoneng/data"
)

// identityTables are the tables whose records hold a complainant's identity.
var identityTables = map[string]bool{"complaints": true}

// RecordIdentityDisclosure logs that a complainant's identity left the
// ledger on an output (a printed 交办单, say): an audit row on the record
// the identity belongs to, saying who, when and for what. The application
// calls it each time the user chooses to include the identity, so that a
// leak can be traced to the output that carried it.
func (db *DB) RecordIdentityDisclosure(ctx context.Context, table, id, purpose string) error {
	purpose = strings.TrimSpace(purpose)
	switch {
	case !identityTables[table]:
		return fmt.Errorf("store: identity disclosure: %q holds no identity", table)
	case purpose == "":
		return data.Invalid("Purpose", "请写明包含投诉人信息的用途")
	}
	return db.write(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow("SELECT count(*) FROM "+table+" WHERE id = ? AND deleted_at IS NULL", id).Scan(&n); err != nil {
			return fmt.Errorf("store: identity disclosure: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("store: %s %s: %w", table, id, data.ErrNotFound)
		}
		return t.audit(table, id, data.AuditReveal, nil, map[string]any{"purpose": purpose})
	})
}
