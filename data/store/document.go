package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xiaoneng/data"
)

// draftFields are the columns a draft's author edits; everything else is
// set by a workflow step.
func draftFields(d *data.Document) []field {
	return []field{
		{"kind", string(d.Kind)}, {"title", strings.TrimSpace(d.Title)},
		{"recipient_unit_id", ref(d.RecipientUnitID)}, {"recipient", strings.TrimSpace(d.Recipient)},
		{"body", d.Body}, {"issuing_body", strings.TrimSpace(d.IssuingBody)},
		{"reply_due", d.ReplyDue}, {"with_identity", d.WithIdentity},
		{"complaint_id", ref(d.ComplaintID)}, {"round_id", ref(d.RoundID)}, {"visit_id", ref(d.VisitID)},
	}
}

// CreateDocument saves a new draft with the findings it is about.
func (db *DB) CreateDocument(ctx context.Context, d *data.Document) error {
	if err := d.CheckNew(); err != nil {
		return err
	}
	return db.write(ctx, data.PermDocuments, func(t *tx) error { return t.createDocument(d) })
}

func (t *tx) createDocument(d *data.Document) error {
	if err := t.checkDocumentRefs(d); err != nil {
		return err
	}
	d.Status = data.DocDraft
	if err := t.insert("documents", &d.Record, append(draftFields(d), field{"status", string(data.DocDraft)})); err != nil {
		return err
	}
	return t.setLinks("document_findings", "document_id", "finding_id", "documents", d.ID, d.FindingIDs)
}

// UpdateDocument saves a draft's text and links. A signed document is
// frozen: a correction is a new document.
func (db *DB) UpdateDocument(ctx context.Context, d *data.Document) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermDocuments, func(t *tx) error {
		cur, err := loadDocument(t.ctx, t.Tx, d.ID)
		if err != nil {
			return err
		}
		if err := cur.CheckEdit(); err != nil {
			return err
		}
		if err := t.checkDocumentRefs(d); err != nil {
			return err
		}
		if _, err := t.update("documents", &d.Record, draftFields(d)); err != nil {
			return err
		}
		d.Status = data.DocDraft
		return t.setLinks("document_findings", "document_id", "finding_id", "documents", d.ID, d.FindingIDs)
	})
}

// checkDocumentRefs turns a reference to a missing or deleted record into a
// message naming the field, rather than a foreign-key failure.
func (t *tx) checkDocumentRefs(d *data.Document) error {
	checks := []struct{ table, id, field, message string }{
		{"units", d.RecipientUnitID, "RecipientUnitID", "所选主送单位不存在或已删除"},
		{"complaints", d.ComplaintID, "ComplaintID", "所关联的投诉件不存在或已删除"},
		{"rounds", d.RoundID, "RoundID", "所关联的督查活动不存在或已删除"},
		{"visits", d.VisitID, "VisitID", "所关联的检查记录不存在或已删除"},
	}
	for _, id := range d.FindingIDs {
		checks = append(checks, struct{ table, id, field, message string }{"findings", id, "FindingIDs", "所关联的问题不存在或已删除"})
	}
	for _, c := range checks {
		if err := t.requireLive(c.table, c.id, c.field, c.message); err != nil {
			return err
		}
	}
	return nil
}

// requireLive returns a ValidationError when a non-empty id names no live
// record of table.
func (t *tx) requireLive(table, id, fieldName, message string) error {
	if id == "" {
		return nil
	}
	var n int
	if err := t.queryRow(fmt.Sprintf("SELECT count(*) FROM %s WHERE id = ? AND deleted_at IS NULL", table), id).Scan(&n); err != nil {
		return fmt.Errorf("store: check %s: %w", table, err)
	}
	if n == 0 {
		return data.Invalid(fieldName, message)
	}
	return nil
}

// DeleteDocument removes a draft made by mistake (a tombstone stays). A
// signed document can only be voided, so that its number stays accounted for.
func (db *DB) DeleteDocument(ctx context.Context, id string) error {
	return db.write(ctx, data.PermDocuments, func(t *tx) error {
		cur, err := loadDocument(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		if err := cur.CheckDelete(); err != nil {
			return err
		}
		return t.tombstone("documents", id)
	})
}

// SignDocument signs a draft: it gets the next number of its kind in the
// year of signedOn, its 代字 and 署名 from the settings, and its text is
// frozen. Allocation and signing are one immediate transaction, so two
// signings never take the same number and no number is skipped.
func (db *DB) SignDocument(ctx context.Context, id string, signedOn data.Date, signer string) (*data.Document, error) {
	var d *data.Document
	err := db.documentStep(ctx, data.PermSign, id, func(t *tx, doc *data.Document) (data.DocStep, data.DocEnv, error) {
		d = doc
		env := data.DocEnv{Today: data.DateOf(t.now)}
		var err error
		if env.Settings, err = readSettings(t.ctx, t.Tx); err != nil {
			return data.DocStep{}, env, err
		}
		// A draft made in the field gets its 发文字号 when it comes home.
		if err := t.officeOnly("签发文书"); err != nil {
			return data.DocStep{}, env, err
		}
		// Deleted and voided rows count: a number once given is never given again.
		if err := t.queryRow("SELECT coalesce(max(seq), 0) + 1 FROM documents WHERE kind = ? AND year = ?", string(doc.Kind), signedOn.Year()).Scan(&env.Seq); err != nil {
			return data.DocStep{}, env, fmt.Errorf("store: next document number: %w", err)
		}
		return data.DocStep{Kind: data.DocStepSign, On: signedOn, Signer: signer}, env, nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeliverDocument records the 送达回证 of a signed document.
func (db *DB) DeliverDocument(ctx context.Context, id string, dl data.Delivery) error {
	return db.simpleDocumentStep(ctx, data.PermDocuments, id, data.DocStep{Kind: data.DocStepDeliver, Delivery: dl})
}

// RecordDocumentReply records the unit's written reply to a signed document
// (delivered or not: a unit may reply to a notice it fetched itself).
func (db *DB) RecordDocumentReply(ctx context.Context, id string, on data.Date, content string) error {
	return db.simpleDocumentStep(ctx, data.PermDocuments, id, data.DocStep{Kind: data.DocStepReply, On: on, Text: content})
}

// ArchiveDocument files a signed document; it is then closed.
func (db *DB) ArchiveDocument(ctx context.Context, id string, on data.Date) error {
	return db.simpleDocumentStep(ctx, data.PermDocuments, id, data.DocStep{Kind: data.DocStepArchive, On: on})
}

// VoidDocument marks a signed document void. It keeps its row and number,
// so the number is never given to another document.
func (db *DB) VoidDocument(ctx context.Context, id string, reason string) error {
	return db.simpleDocumentStep(ctx, data.PermSign, id, data.DocStep{Kind: data.DocStepVoid, Text: reason})
}

// simpleDocumentStep takes a step that needs nothing from the ledger but the
// document and today.
func (db *DB) simpleDocumentStep(ctx context.Context, p data.Permission, id string, s data.DocStep) error {
	return db.documentStep(ctx, p, id, func(t *tx, _ *data.Document) (data.DocStep, data.DocEnv, error) {
		return s, data.DocEnv{Today: data.DateOf(t.now)}, nil
	})
}

// documentStep takes a step of a document's life in one transaction: it
// loads the document, has step say what the step is (reading what it needs
// from the ledger), applies it (data.Document.Apply) and saves what it
// changed.
func (db *DB) documentStep(ctx context.Context, p data.Permission, id string, step func(t *tx, d *data.Document) (data.DocStep, data.DocEnv, error)) error {
	return db.write(ctx, p, func(t *tx) error {
		d, err := loadDocument(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		s, env, err := step(t, d)
		if err != nil {
			return err
		}
		if err := d.Apply(s, env); err != nil {
			return err
		}
		_, err = t.update("documents", &d.Record, workflowFieldsOf(d))
		return err
	})
}

// workflowFieldsOf are the columns the steps of a document's life set.
func workflowFieldsOf(d *data.Document) []field {
	year, seq := any(nil), any(nil)
	if d.Year != 0 {
		year, seq = d.Year, d.Seq
	}
	return []field{
		{"status", string(d.Status)}, {"prefix", d.Prefix}, {"year", year}, {"seq", seq},
		{"number", d.Number}, {"signed_on", d.SignedOn}, {"signer", d.Signer}, {"issuing_body", d.IssuingBody},
		{"delivered_on", d.DeliveredOn}, {"delivery_method", d.DeliveryMethod}, {"delivered_to", d.DeliveredTo},
		{"delivered_by", d.DeliveredBy}, {"delivery_place", d.DeliveryPlace}, {"refusal_note", d.RefusalNote},
		{"witness", d.Witness}, {"replied_on", d.RepliedOn}, {"reply_content", d.ReplyContent},
		{"archived_on", d.ArchivedOn}, {"void_reason", d.VoidReason},
	}
}

const documentSelect = `SELECT ` + recordColumns + `, kind, status, title, coalesce(recipient_unit_id, ''), recipient, body,
	prefix, coalesce(year, 0), coalesce(seq, 0), number, issuing_body, signed_on, signer, reply_due, with_identity,
	delivered_on, delivery_method, delivered_to, delivered_by, delivery_place, refusal_note, witness,
	replied_on, reply_content, archived_on, void_reason,
	coalesce(complaint_id, ''), coalesce(round_id, ''), coalesce(visit_id, '')
	FROM documents`

func scanDocument(row interface{ Scan(...any) error }) (*data.Document, error) {
	d := &data.Document{}
	dest := append(recordDest(&d.Record), &d.Kind, &d.Status, &d.Title, &d.RecipientUnitID, &d.Recipient, &d.Body,
		&d.Prefix, &d.Year, &d.Seq, &d.Number, &d.IssuingBody, &d.SignedOn, &d.Signer, &d.ReplyDue, &d.WithIdentity,
		&d.DeliveredOn, &d.DeliveryMethod, &d.DeliveredTo, &d.DeliveredBy, &d.DeliveryPlace, &d.RefusalNote, &d.Witness,
		&d.RepliedOn, &d.ReplyContent, &d.ArchivedOn, &d.VoidReason,
		&d.ComplaintID, &d.RoundID, &d.VisitID)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	return d, nil
}

// loadDocument reads one live document with its findings.
func loadDocument(ctx context.Context, q querier, id string) (*data.Document, error) {
	d, err := queryByID(ctx, q, "document", scanDocument, documentSelect+" WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return nil, err
	}
	if d.FindingIDs, err = queryStrings(ctx, q, "SELECT finding_id FROM document_findings WHERE document_id = ? ORDER BY finding_id", id); err != nil {
		return nil, err
	}
	return d, nil
}

// Document returns one document with the findings it is about.
func (db *DB) Document(ctx context.Context, id string) (*data.Document, error) {
	return readOne(ctx, db, loadDocument, id)
}

// replyOverdue selects the documents whose reply is overdue
// (data.Document.ReplyAlert), given AlertBounds' overdueBefore.
const replyOverdue = "status IN ('已签发', '已送达') AND reply_due IS NOT NULL AND reply_due < ? AND replied_on IS NULL"

// documentCounts are the 工作台's document figures, each read from the index
// documents_status alone.
const documentCounts = `SELECT
	(SELECT count(*) FROM documents WHERE status = '草稿' AND deleted_at IS NULL),
	(SELECT count(*) FROM documents WHERE status = '已签发' AND deleted_at IS NULL),
	(SELECT count(*) FROM documents WHERE ` + replyOverdue + ` AND deleted_at IS NULL)`

// Documents lists documents matching f, newest first. FindingIDs are not
// loaded (Document loads them).
func (db *DB) Documents(ctx context.Context, f data.DocumentFilter) ([]*data.Document, error) {
	w, err := db.documentsWhere(ctx, f)
	if err != nil {
		return nil, err
	}
	// A draft stands at the day it was made; signed ones at their 成文日期.
	q := documentSelect + " WHERE " + w.sql() +
		" ORDER BY coalesce(signed_on, substr(created_at, 1, 10)) DESC, created_at DESC, id"
	if f.Limit > 0 || f.Offset > 0 {
		limit := f.Limit
		if limit <= 0 {
			limit = -1
		}
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(f.Offset, 0))
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "documents", scanDocument, q, w.args...)
}

// CountDocuments counts the documents Documents(f) lists, Limit and Offset
// aside: a page's count of the whole list.
func (db *DB) CountDocuments(ctx context.Context, f data.DocumentFilter) (int, error) {
	w, err := db.documentsWhere(ctx, f)
	if err != nil {
		return 0, err
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, err
	}
	var n int
	if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE "+w.sql(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count documents: %w", err)
	}
	return n, nil
}

// FirstDocumentYear is the year (DocumentFilter.Year) of the ledger's
// oldest document, or 0 when it has none: the first a list's year filter
// offers.
func (db *DB) FirstDocumentYear(ctx context.Context) (int, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, err
	}
	var y sql.NullInt64
	if err := rd.QueryRowContext(ctx, "SELECT min("+documentYear+") FROM documents WHERE deleted_at IS NULL").Scan(&y); err != nil {
		return 0, fmt.Errorf("store: first document year: %w", err)
	}
	return int(y.Int64), nil
}

// documentYear is the year a document counts in: its number's, or the
// year a draft was made.
const documentYear = "coalesce(year, CAST(substr(created_at, 1, 4) AS INTEGER))"

// documentsWhere is the condition of the documents f selects.
func (db *DB) documentsWhere(ctx context.Context, f data.DocumentFilter) (*conds, error) {
	w := where("deleted_at IS NULL")
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.RecipientUnitID != "" {
		w.add("recipient_unit_id = ?", f.RecipientUnitID)
	}
	if f.ComplaintID != "" {
		w.add("complaint_id = ?", f.ComplaintID)
	}
	if f.RoundID != "" {
		w.add("round_id = ?", f.RoundID)
	}
	if f.Year != 0 {
		w.add(documentYear+" = ?", f.Year)
	}
	if f.ReplyOverdue {
		overdueBefore, err := db.overdueBefore(ctx)
		if err != nil {
			return nil, err
		}
		w.add(replyOverdue, overdueBefore.String())
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		like := "%" + escapeLike(s) + "%"
		w.add(`(title LIKE ? ESCAPE '\' OR number LIKE ? ESCAPE '\' OR recipient LIKE ? ESCAPE '\')`, like, like, like)
	}
	return w, nil
}

// DocumentCounts returns the document figures of the 工作台 as of today.
func (db *DB) DocumentCounts(ctx context.Context, today data.Date) (data.DocumentCounts, error) {
	var c data.DocumentCounts
	cal, err := db.Calendar(ctx)
	if err != nil {
		return c, err
	}
	overdueBefore, _ := data.AlertBounds(cal, today, 0)
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return c, err
	}
	err = rd.QueryRowContext(ctx, documentCounts, overdueBefore.String()).Scan(&c.Drafts, &c.AwaitingDelivery, &c.ReplyOverdue)
	if err != nil {
		return c, fmt.Errorf("store: document counts: %w", err)
	}
	return c, nil
}
