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
		if d.Status != "" && d.Status != data.DocDraft {
			return data.Invalid("Status", "新建的文书只能是草稿，签发、送达等请在保存后办理")
		}
		if err := d.Validate(); err != nil {
			return fmt.Errorf("store: %s的%s: %w", d.Recipient, d.Kind, err)
		}
	}
	return db.write(ctx, func(t *tx) error {
		for _, d := range docs {
			if err := t.checkDocumentRefs(d); err != nil {
				return err
			}
			d.Status = data.DocDraft
			if err := t.insert("documents", &d.Record, append(draftFields(d), field{"status", string(data.DocDraft)})); err != nil {
				return err
			}
			if err := t.setLinks("document_findings", "document_id", "finding_id", "documents", d.ID, d.FindingIDs); err != nil {
				return err
			}
		}
		return nil
	})
}
