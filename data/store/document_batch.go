package store

import (
	"context"
	"fmt"

	"xiaoneng/data"
)

// CreateDocuments saves several new drafts in one transaction, all or none:
// the 监察通知书 of every unit a round found problems at, say. A draft that
// fails validation is named by its recipient.
func (db *DB) CreateDocuments(ctx context.Context, docs []*data.Document) error {
	for _, d := range docs {
		if err := d.CheckNew(); err != nil {
			return fmt.Errorf("store: %s的%s: %w", d.Recipient, d.Kind, err)
		}
	}
	return db.write(ctx, data.PermDocuments, func(t *tx) error {
		for _, d := range docs {
			if err := t.createDocument(d); err != nil {
				return err
			}
		}
		return nil
	})
}
