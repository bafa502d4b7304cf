package store

import (
	"context"
	"database/sql"

	"xiaoneng/data"
)

// Complaint complaints (效能投诉): one read with its history here;
// registration and the workflow steps of data.Complaint.Apply in
// complaint_save.go, lists and counts in complaint_list.go, the guarded
// complainant identity in identity.go.

// complaintSelect reads a complaint with the names of its units and the number
// of the complaint it was merged into; complaintColumns and complaintJoins are
// its parts, for queries that read complaints from elsewhere (a search index).
const complaintSelect = complaintColumns + " FROM complaints c" + complaintJoins

const complaintColumns = `SELECT c.id, c.created_at, c.updated_at, c.updated_by, c.device, c.deleted_at, c.version,
	c.number, c.year, c.seq, c.received_at, c.channel, c.source_ref,
	c.anonymous, c.complainant_name_mask, c.complainant_phone_mask, c.complainant_id_number_mask, c.complainant_address_mask, c.complainant_unit_mask,
	c.unit_id, coalesce(u.name, ''), c.person_name, c.person_post, c.category, c.subject, c.content, c.status,
	c.accept_due, c.accepted_at, c.reject_reason, c.transfer_to, coalesce(c.handler_unit_id, ''), coalesce(h.name, ''),
	c.assigned_at, c.limit_days, c.due_date, c.fed_back_at, c.feedback, c.verification, c.replied_at, c.satisfaction,
	c.verdict, c.closed_at, c.archived_at, coalesce(c.merged_into_id, ''), coalesce(m.number, ''), c.round`

const complaintJoins = `
	LEFT JOIN units u ON u.id = c.unit_id
	LEFT JOIN units h ON h.id = c.handler_unit_id
	LEFT JOIN complaints m ON m.id = c.merged_into_id`

func scanComplaint(row interface{ Scan(...any) error }) (*data.Complaint, error) {
	c := &data.Complaint{}
	p := &c.Complainant
	dest := append(recordDest(&c.Record),
		&c.Number, &c.Year, &c.Seq, scanTime{&c.ReceivedAt}, &c.Channel, &c.SourceRef,
		&p.Anonymous, &p.Name, &p.Phone, &p.IDNumber, &p.Address, &p.Unit,
		&c.UnitID, &c.UnitName, &c.PersonName, &c.PersonPost, &c.Category, &c.Subject, &c.Content, &c.Status,
		&c.AcceptDue, scanTime{&c.AcceptedAt}, &c.RejectReason, &c.TransferTo, &c.HandlerUnitID, &c.HandlerUnitName,
		scanTime{&c.AssignedAt}, &c.LimitDays, &c.DueDate, scanTime{&c.FedBackAt}, &c.Feedback, &c.Verification,
		scanTime{&c.RepliedAt}, &c.Satisfaction, &c.Verdict, scanTime{&c.ClosedAt}, scanTime{&c.ArchivedAt},
		&c.MergedIntoID, &c.MergedIntoNo, &c.Round)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	return c, nil
}

func loadComplaint(ctx context.Context, q querier, id string) (*data.Complaint, error) {
	return queryByID(ctx, q, "complaint", scanComplaint, complaintSelect+" WHERE c.id = ? AND c.deleted_at IS NULL", id)
}

// Complaint returns one complaint with the names of the unit complained about
// and of the handler. Its Complainant is masked (张*, 138****5678): the
// identity itself only RevealComplainant gives.
func (db *DB) Complaint(ctx context.Context, id string) (*data.Complaint, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return loadComplaint(ctx, rd, id)
}

// ComplaintEvents returns a complaint's history, oldest first.
func (db *DB) ComplaintEvents(ctx context.Context, id string) ([]data.ComplaintEvent, error) {
	var out []data.ComplaintEvent
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		if _, err := loadComplaint(ctx, q, id); err != nil {
			return err
		}
		var err error
		out, err = queryList(ctx, q, "complaint events", scanComplaintEvent, `SELECT `+prefixed("e")+`, e.complaint_id, e.kind, e.at, e.actor, e.round,
			coalesce(e.handler_unit_id, ''), coalesce(h.name, ''), e.limit_days, e.due_date, e.method, e.result, e.note,
			e.approved_by, e.done_by, e.transfer_to, coalesce(e.related_id, ''), coalesce(m.number, '')
			FROM complaint_events e
			LEFT JOIN units h ON h.id = e.handler_unit_id
			LEFT JOIN complaints m ON m.id = e.related_id
			WHERE e.complaint_id = ? AND e.deleted_at IS NULL
			ORDER BY e.at, e.rowid`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func scanComplaintEvent(row rowScanner) (data.ComplaintEvent, error) {
	var e data.ComplaintEvent
	err := row.Scan(append(recordDest(&e.Record), &e.ComplaintID, &e.Kind, scanTime{&e.At}, &e.Actor, &e.Round,
		&e.HandlerUnitID, &e.HandlerUnitName, &e.LimitDays, &e.DueDate, &e.Method, &e.Result, &e.Note,
		&e.ApprovedBy, &e.By, &e.TransferTo, &e.RelatedID, &e.RelatedNumber)...)
	return e, err
}
