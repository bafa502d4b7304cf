package store

import (
	"context"
	"fmt"
	"slices"
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
	if err := checkNewDraft(d); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return t.createDocument(d) })
}

// checkNewDraft refuses a new document that is not a valid draft.
func checkNewDraft(d *data.Document) error {
	if d.Status != "" && d.Status != data.DocDraft {
		return data.Invalid("Status", "新建的文书只能是草稿，签发、送达等请在保存后办理")
	}
	return d.Validate()
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
	return db.write(ctx, func(t *tx) error {
		cur, err := loadDocument(t.ctx, t.Tx, d.ID)
		if err != nil {
			return err
		}
		if cur.Status != data.DocDraft {
			return &data.StateError{Action: "修改", State: string(cur.Status), Reason: "已签发的文书不能修改，如需更正请另行制发"}
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
	return db.write(ctx, func(t *tx) error {
		cur, err := loadDocument(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		if cur.Status != data.DocDraft {
			return &data.StateError{Action: "删除", State: string(cur.Status), Reason: "已签发的文书不能删除，只能作废"}
		}
		return t.tombstone("documents", id)
	})
}

// SignDocument signs a draft: it gets the next number of its kind in the
// year of signedOn, its 代字 and 署名 from the settings, and its text is
// frozen. Allocation and signing are one immediate transaction, so two
// signings never take the same number and no number is skipped.
func (db *DB) SignDocument(ctx context.Context, id string, signedOn data.Date, signer string) (*data.Document, error) {
	switch {
	case signedOn.IsZero():
		return nil, data.Invalid("SignedOn", "请填写成文日期")
	case strings.TrimSpace(signer) == "":
		return nil, data.Invalid("Signer", "签发人不能为空")
	}
	var d *data.Document
	err := db.write(ctx, func(t *tx) error {
		var err error
		if d, err = loadDocument(t.ctx, t.Tx, id); err != nil {
			return err
		}
		// A draft made in the field gets its 发文字号 when it comes home.
		if err := t.officeOnly("签发文书"); err != nil {
			return err
		}
		if d.Status != data.DocDraft {
			return &data.StateError{Action: "签发", State: string(d.Status),
				Reason: fmt.Sprintf("该文书已于%s签发，文号%s，不能重复签发", d.SignedOn.Chinese(), d.Number)}
		}
		if !d.ReplyDue.IsZero() && d.ReplyDue.Before(signedOn) {
			return data.Invalid("ReplyDue", "回复期限不能早于成文日期")
		}
		settings, err := readSettings(t.ctx, t.Tx)
		if err != nil {
			return err
		}
		year := signedOn.Year()
		// Deleted and voided rows count: a number once given is never given again.
		var seq int
		if err := t.queryRow("SELECT coalesce(max(seq), 0) + 1 FROM documents WHERE kind = ? AND year = ?", string(d.Kind), year).Scan(&seq); err != nil {
			return fmt.Errorf("store: next document number: %w", err)
		}
		d.Status, d.Prefix, d.Year, d.Seq = data.DocSigned, settings.Prefix(d.Kind), year, seq
		d.Number = data.FormatNumber(d.Prefix, year, seq)
		d.SignedOn, d.Signer = signedOn, strings.TrimSpace(signer)
		if strings.TrimSpace(d.IssuingBody) == "" {
			d.IssuingBody = settings.IssuingBody
		}
		_, err = t.update("documents", &d.Record, []field{
			{"status", string(d.Status)}, {"prefix", d.Prefix}, {"year", year}, {"seq", seq},
			{"number", d.Number}, {"signed_on", signedOn}, {"signer", d.Signer}, {"issuing_body", d.IssuingBody},
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeliverDocument records the 送达回证 of a signed document.
func (db *DB) DeliverDocument(ctx context.Context, id string, dl data.Delivery) error {
	if err := dl.Validate(); err != nil {
		return err
	}
	return db.documentStep(ctx, id, "送达", []data.DocStatus{data.DocSigned}, func(t *tx, d *data.Document) error {
		if err := stepDate("On", "送达日期", dl.On, d, data.DateOf(t.now)); err != nil {
			return err
		}
		_, err := t.update("documents", &d.Record, []field{
			{"status", string(data.DocDelivered)}, {"delivered_on", dl.On},
			{"delivery_method", dl.Method}, {"delivered_to", strings.TrimSpace(dl.To)},
			{"delivered_by", strings.TrimSpace(dl.By)}, {"delivery_place", strings.TrimSpace(dl.Place)},
			{"refusal_note", strings.TrimSpace(dl.RefusalNote)}, {"witness", strings.TrimSpace(dl.Witness)},
		})
		return err
	})
}

// RecordDocumentReply records the unit's written reply to a signed document
// (delivered or not: a unit may reply to a notice it fetched itself).
func (db *DB) RecordDocumentReply(ctx context.Context, id string, on data.Date, content string) error {
	switch {
	case on.IsZero():
		return data.Invalid("RepliedOn", "请填写回复日期")
	case strings.TrimSpace(content) == "":
		return data.Invalid("ReplyContent", "回复内容不能为空")
	}
	return db.documentStep(ctx, id, "登记回复", []data.DocStatus{data.DocSigned, data.DocDelivered}, func(t *tx, d *data.Document) error {
		if err := stepDate("RepliedOn", "回复日期", on, d, data.DateOf(t.now)); err != nil {
			return err
		}
		if !d.DeliveredOn.IsZero() && on.Before(d.DeliveredOn) {
			return data.Invalid("RepliedOn", "回复日期不能早于送达日期")
		}
		_, err := t.update("documents", &d.Record, []field{
			{"status", string(data.DocReplied)}, {"replied_on", on}, {"reply_content", strings.TrimSpace(content)},
		})
		return err
	})
}

// ArchiveDocument files a signed document; it is then closed.
func (db *DB) ArchiveDocument(ctx context.Context, id string, on data.Date) error {
	if on.IsZero() {
		return data.Invalid("ArchivedOn", "请填写归档日期")
	}
	return db.documentStep(ctx, id, "归档", issued, func(t *tx, d *data.Document) error {
		if err := stepDate("ArchivedOn", "归档日期", on, d, data.DateOf(t.now)); err != nil {
			return err
		}
		_, err := t.update("documents", &d.Record, []field{{"status", string(data.DocArchived)}, {"archived_on", on}})
		return err
	})
}

// VoidDocument marks a signed document void. It keeps its row and number,
// so the number is never given to another document.
func (db *DB) VoidDocument(ctx context.Context, id string, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return data.Invalid("VoidReason", "请填写作废原因")
	}
	return db.documentStep(ctx, id, "作废", issued, func(t *tx, d *data.Document) error {
		_, err := t.update("documents", &d.Record, []field{{"status", string(data.DocVoid)}, {"void_reason", strings.TrimSpace(reason)}})
		return err
	})
}

// issued are the states of a document signed and not yet closed.
var issued = []data.DocStatus{data.DocSigned, data.DocDelivered, data.DocReplied}

// documentStep takes a step of a signed document's life in one
// transaction: it loads the document, refuses the step unless the
// document is in one of the states from, and lets fn make the change.
func (db *DB) documentStep(ctx context.Context, id, action string, from []data.DocStatus, fn func(t *tx, d *data.Document) error) error {
	return db.write(ctx, func(t *tx) error {
		d, err := loadDocument(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(from, d.Status) {
			return refuse(action, d)
		}
		return fn(t, d)
	})
}

// refuse explains why a step cannot be taken from the document's state.
func refuse(action string, d *data.Document) error {
	done := map[data.DocStatus]string{
		data.DocSigned: "签发", data.DocDelivered: "送达", data.DocReplied: "登记回复",
		data.DocArchived: "归档", data.DocVoid: "作废",
	}
	var reason string
	switch {
	case d.Status == data.DocDraft && action == "作废":
		reason = "草稿尚未签发，不需作废，可以直接删除"
	case d.Status == data.DocDraft:
		reason = "文书尚未签发，不能" + action
	case done[d.Status] == action:
		reason = "该文书已" + action + "，不能重复" + action
	default:
		reason = "该文书已" + done[d.Status] + "，不能" + action
	}
	return &data.StateError{Action: action, State: string(d.Status), Reason: reason}
}

// stepDate checks the date of a workflow step: not before the document was
// signed, and not in the future.
func stepDate(fieldName, label string, on data.Date, d *data.Document, today data.Date) error {
	switch {
	case on.Before(d.SignedOn):
		return data.Invalid(fieldName, fmt.Sprintf("%s不能早于成文日期%s", label, d.SignedOn.Chinese()))
	case on.After(today):
		return data.Invalid(fieldName, label+"不能晚于今天")
	}
	return nil
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

// replyOverdue selects signed or delivered documents whose reply is past due.
const replyOverdue = "status IN ('已签发', '已送达') AND reply_due IS NOT NULL AND reply_due < ? AND replied_on IS NULL"

// Documents lists documents matching f, newest first. FindingIDs are not
// loaded (Document loads them).
func (db *DB) Documents(ctx context.Context, f data.DocumentFilter) ([]*data.Document, error) {
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
		w.add("coalesce(year, CAST(substr(created_at, 1, 4) AS INTEGER)) = ?", f.Year)
	}
	if f.ReplyOverdue {
		w.add(replyOverdue, db.today().String())
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		like := "%" + escapeLike(s) + "%"
		w.add(`(title LIKE ? ESCAPE '\' OR number LIKE ? ESCAPE '\' OR recipient LIKE ? ESCAPE '\')`, like, like, like)
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
	return queryList(ctx, db.reader, "documents", scanDocument, q, w.args...)
}

// DocumentCounts returns the document figures of the 工作台 as of today.
func (db *DB) DocumentCounts(ctx context.Context, today data.Date) (data.DocumentCounts, error) {
	var c data.DocumentCounts
	err := db.reader.QueryRowContext(ctx, `SELECT
		coalesce(sum(status = '草稿'), 0),
		coalesce(sum(status = '已签发'), 0),
		coalesce(sum(`+replyOverdue+`), 0)
		FROM documents WHERE deleted_at IS NULL`, today.String()).Scan(&c.Drafts, &c.AwaitingDelivery, &c.ReplyOverdue)
	if err != nil {
		return c, fmt.Errorf("store: document counts: %w", err)
	}
	return c, nil
}
