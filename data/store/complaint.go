package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"xiaoneng/data"
)

// Complaint complaints (效能投诉): registration, the workflow steps of
// data.Complaint.Apply, lists, counts and the guarded complainant identity.

// registrationFields are what registering and editing a complaint write, with
// the complainant's identity (identityFields).
func registrationFields(c *data.Complaint) []field {
	return []field{
		{"received_at", c.ReceivedAt}, {"channel", string(c.Channel)}, {"source_ref", strings.TrimSpace(c.SourceRef)},
		{"anonymous", c.Complainant.Anonymous}, {"unit_id", c.UnitID},
		{"person_name", strings.TrimSpace(c.PersonName)}, {"person_post", strings.TrimSpace(c.PersonPost)},
		{"category", string(c.Category)}, {"subject", strings.TrimSpace(c.Subject)}, {"content", strings.TrimSpace(c.Content)},
		{"accept_due", c.AcceptDue},
	}
}

// workflowFields are what a step may change, with the day the due date
// counts as missed from (overdue_from, by cal), which the kept figures
// count late results by.
func workflowFields(c *data.Complaint, cal *data.Calendar) []field {
	return []field{
		{"status", string(c.Status)}, {"accepted_at", c.AcceptedAt}, {"reject_reason", c.RejectReason},
		{"transfer_to", c.TransferTo}, {"handler_unit_id", ref(c.HandlerUnitID)}, {"assigned_at", c.AssignedAt},
		{"limit_days", c.LimitDays}, {"due_date", c.DueDate}, {"fed_back_at", c.FedBackAt}, {"feedback", c.Feedback},
		{"verification", string(c.Verification)}, {"replied_at", c.RepliedAt}, {"satisfaction", string(c.Satisfaction)},
		{"verdict", string(c.Verdict)}, {"closed_at", c.ClosedAt}, {"archived_at", c.ArchivedAt}, {"merged_into_id", ref(c.MergedIntoID)}, {"round", c.Round},
		{"overdue_from", cal.OverdueFrom(c.DueDate)},
	}
}

func eventFields(e *data.ComplaintEvent) []field {
	return []field{
		{"complaint_id", e.ComplaintID}, {"kind", string(e.Kind)}, {"at", e.At}, {"actor", e.Actor}, {"round", e.Round},
		{"handler_unit_id", ref(e.HandlerUnitID)}, {"limit_days", e.LimitDays}, {"due_date", e.DueDate},
		{"method", e.Method}, {"result", e.Result}, {"note", e.Note}, {"approved_by", e.ApprovedBy},
		{"done_by", e.By}, {"transfer_to", e.TransferTo}, {"related_id", ref(e.RelatedID)},
	}
}

// checkUnit refuses a unit reference that does not name a unit in the
// registry (field and label name it in the message).
func (t *tx) checkUnit(id, field, label string, active bool) error {
	var status string
	err := t.queryRow("SELECT status FROM units WHERE id = ? AND deleted_at IS NULL", id).Scan(&status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return data.Invalid(field, label+"不存在或已删除，请重新选择")
	case err != nil:
		return fmt.Errorf("store: check unit: %w", err)
	case active && status != string(data.UnitActive):
		return data.Invalid(field, label+"已撤并，请选择在用的单位")
	}
	return nil
}

// RegisterComplaint registers a new complaint: it allocates the next number of
// the year the complaint was received (TS2026-0007; numbers are never reused,
// not even a deleted complaint's), sets it 待受理 with the acceptance deadline,
// and records the 登记 event and the files received with the complaint, all
// in one transaction. It returns the years the deadline was counted in
// without the office's holiday arrangements.
func (db *DB) RegisterComplaint(ctx context.Context, c *data.Complaint, files ...*data.Attachment) (data.Assumed, error) {
	return db.register(ctx, c, files, nil)
}

// RegisterMerged registers a complaint that reports again what complaint
// masterID reports, and merges it into that one (并单), in one transaction:
// the new complaint keeps its own number and history, and points at the
// master. It returns what RegisterComplaint returns.
func (db *DB) RegisterMerged(ctx context.Context, c *data.Complaint, masterID string, files ...*data.Attachment) (data.Assumed, error) {
	return db.register(ctx, c, files, func(t *tx, cal *data.Calendar, settings data.Settings) error {
		// Merged when registered: now, not when the complaint came in.
		merged, _, err := t.applyStep(c.ID, data.Step{Kind: data.EventMerge, RelatedID: masterID}, cal, settings)
		if err != nil {
			return err
		}
		*c = *merged
		return nil
	})
}

// register validates and registers a new complaint in one transaction, then,
// when then is not nil, has it take its next step in the same transaction.
func (db *DB) register(ctx context.Context, c *data.Complaint, files []*data.Attachment, then func(t *tx, cal *data.Calendar, settings data.Settings) error) (data.Assumed, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var assumed data.Assumed
	err = db.write(ctx, data.PermComplaints, func(t *tx) error {
		settings, err := readSettings(t.ctx, t.Tx)
		if err != nil {
			return err
		}
		if assumed, err = t.registerComplaint(c, cal, settings, files); err != nil || then == nil {
			return err
		}
		return then(t, cal, settings)
	})
	return assumed, err
}

// complaintNumber is a complaint's number: TS2026-0007, the seq'th of its
// year of receipt.
func complaintNumber(year, seq int) string { return fmt.Sprintf("TS%d-%04d", year, seq) }

// reComplaintNumber is complaintNumber's form.
var reComplaintNumber = regexp.MustCompile(`^TS([0-9]{4})-([0-9]{4,9})$`)

// parseComplaintNumber reads a number of complaintNumber's form.
func parseComplaintNumber(s string) (year, seq int, ok bool) {
	m := reComplaintNumber.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	year, _ = strconv.Atoi(m[1]) // digits, as matched
	seq, _ = strconv.Atoi(m[2])
	return year, seq, seq > 0 && complaintNumber(year, seq) == s
}

func (t *tx) registerComplaint(c *data.Complaint, cal *data.Calendar, settings data.Settings, files []*data.Attachment) (data.Assumed, error) {
	if err := t.officeOnly("登记投诉件"); err != nil {
		return nil, err
	}
	if err := t.checkUnit(c.UnitID, "UnitID", "被投诉单位", false); err != nil {
		return nil, err
	}
	c.ReceivedAt = c.ReceivedAt.In(data.Zone).Truncate(time.Millisecond)
	if c.ReceivedAt.After(t.now) {
		return nil, data.Invalid("ReceivedAt", "收件时间不能晚于当前时间")
	}
	c.Year = c.ReceivedAt.Year()
	if err := t.queryRow("SELECT coalesce(max(seq), 0) + 1 FROM complaints WHERE year = ?", c.Year).Scan(&c.Seq); err != nil {
		return nil, fmt.Errorf("store: complaint number: %w", err)
	}
	c.Number = complaintNumber(c.Year, c.Seq)
	c.Status, c.Round = data.StatusPending, 1
	var assumed data.Assumed
	c.AcceptDue, assumed = cal.AddWorkdays(data.DateOf(c.ReceivedAt), settings.AcceptLimitDays)
	fields := append(registrationFields(c),
		field{"number", c.Number}, field{"year", c.Year}, field{"seq", c.Seq},
		field{"status", string(c.Status)}, field{"round", c.Round})
	if c.ID == "" {
		c.ID = newID()
	}
	identity, err := t.sealComplainant(c)
	if err != nil {
		return nil, err
	}
	if err := t.insertMasked("complaints", &c.Record, append(fields, identity...), identityMasks); err != nil {
		return nil, err
	}
	c.Complainant = normalizeComplainant(c.Complainant).Masked()
	if err := t.saveAttachments(data.OwnerComplaint, c.ID, files); err != nil {
		return nil, err
	}
	ev := data.ComplaintEvent{ComplaintID: c.ID, Kind: data.EventRegister, At: c.ReceivedAt, Actor: t.actor, Round: 1}
	return assumed, t.insert("complaint_events", &ev.Record, eventFields(&ev))
}

// UpdateComplaint saves edits to a complaint's registration fields; the number,
// the state and the workflow fields change only through ApplyStep. A masked
// identity field sent back as it was shown keeps the stored value; changing
// the identity needs the data key (data.ErrIdentityNeedsReveal without it),
// since the fields kept are read from the sealed identity.
func (db *DB) UpdateComplaint(ctx context.Context, c *data.Complaint) error {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, data.PermComplaints, func(t *tx) error {
		cur, err := loadComplaint(t.ctx, t.Tx, c.ID)
		if err != nil {
			return err
		}
		identity, err := t.editedComplainant(c, cur)
		if err != nil {
			return err
		}
		// An identity left as it was is checked no more: the form sent
		// it back masked.
		check := *c
		check.Complainant = data.Complainant{Anonymous: true}
		if identity != nil {
			check.Complainant = *identity
		}
		if err := check.Validate(); err != nil {
			return err
		}
		if identity == nil {
			c.Complainant = cur.Complainant
		}
		if err := t.checkUnit(c.UnitID, "UnitID", "被投诉单位", false); err != nil {
			return err
		}
		c.ReceivedAt = c.ReceivedAt.In(data.Zone).Truncate(time.Millisecond)
		if c.ReceivedAt.After(t.now) {
			return data.Invalid("ReceivedAt", "收件时间不能晚于当前时间")
		}
		if c.ReceivedAt.Year() != cur.Year {
			return data.Invalid("ReceivedAt", fmt.Sprintf("收件时间不能改到%d年以外：编号%s按收件年份分配", cur.Year, cur.Number))
		}
		if !c.ReceivedAt.Equal(cur.ReceivedAt) {
			if err := checkReceivedBeforeSteps(c.ReceivedAt, cur); err != nil {
				return err
			}
			settings, err := readSettings(t.ctx, t.Tx)
			if err != nil {
				return err
			}
			c.AcceptDue, _ = cal.AddWorkdays(data.DateOf(c.ReceivedAt), settings.AcceptLimitDays)
		} else {
			c.AcceptDue = cur.AcceptDue
		}
		fields := registrationFields(c)
		if identity != nil {
			if fields, err = t.sealEdited(c, *identity, fields); err != nil {
				return err
			}
		}
		if _, err := t.updateMasked("complaints", &c.Record, fields, identityMasks); err != nil {
			return err
		}
		// The 登记 event is dated at receipt, so it moves with it.
		if !c.ReceivedAt.Equal(cur.ReceivedAt) {
			var ev data.ComplaintEvent
			err := t.queryRow("SELECT id FROM complaint_events WHERE complaint_id = ? AND kind = ? AND deleted_at IS NULL", c.ID, string(data.EventRegister)).Scan(&ev.ID)
			if err != nil {
				return fmt.Errorf("store: registration event of %s: %w", c.Number, err)
			}
			if _, err := t.update("complaint_events", &ev.Record, []field{{"at", c.ReceivedAt}}); err != nil {
				return err
			}
		}
		c.Number, c.Year, c.Seq = cur.Number, cur.Year, cur.Seq
		return nil
	})
}

func checkReceivedBeforeSteps(received time.Time, cur *data.Complaint) error {
	for _, at := range []time.Time{cur.AcceptedAt, cur.AssignedAt, cur.FedBackAt, cur.RepliedAt, cur.ClosedAt, cur.ArchivedAt} {
		if !at.IsZero() && at.Before(received) {
			return data.Invalid("ReceivedAt", "收件时间不能晚于已办理步骤的时间")
		}
	}
	return nil
}

// ApplyStep applies one workflow step to complaint id in one transaction: it
// checks the step against the complaint's state, updates the complaint, records
// the step's events (and the step's files, with its own event) and their
// audit rows. It returns the updated complaint and the years whose holidays
// were assumed in counting a due date (the caller shows Assumed.Warning).
func (db *DB) ApplyStep(ctx context.Context, id string, s data.Step) (*data.Complaint, data.Assumed, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out *data.Complaint
	var assumed data.Assumed
	err = db.write(ctx, data.PermComplaints, func(t *tx) error {
		settings, err := readSettings(t.ctx, t.Tx)
		if err != nil {
			return err
		}
		out, assumed, err = t.applyStep(id, s, cal, settings)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return out, assumed, nil
}

func (t *tx) applyStep(id string, s data.Step, cal *data.Calendar, settings data.Settings) (*data.Complaint, data.Assumed, error) {
	c, err := loadComplaint(t.ctx, t.Tx, id)
	if err != nil {
		return nil, nil, err
	}
	events, assumed, err := c.Apply(s, data.FlowEnv{Calendar: cal, Settings: settings, Now: t.now, Actor: t.actor})
	if err != nil {
		return nil, nil, err
	}
	if err := t.checkStepRefs(c, s); err != nil {
		return nil, nil, err
	}
	if _, err := t.update("complaints", &c.Record, workflowFields(c, cal)); err != nil {
		return nil, nil, err
	}
	for i := range events {
		if err := t.insert("complaint_events", &events[i].Record, eventFields(&events[i])); err != nil {
			return nil, nil, err
		}
		// The files belong to the step's own event, not to one it implies
		// (the 受理 before a 交办, the 重办 after a 回访).
		if events[i].Kind == s.Kind {
			if err := t.saveAttachments(data.OwnerComplaintEvent, events[i].ID, s.Attachments); err != nil {
				return nil, nil, err
			}
		}
	}
	out, err := loadComplaint(t.ctx, t.Tx, id)
	if err != nil {
		return nil, nil, err
	}
	return out, assumed, nil
}

// checkStepRefs checks what a step refers to in the ledger: the handler of a
// 交办 or 重办, the master complaint of a 并单.
func (t *tx) checkStepRefs(c *data.Complaint, s data.Step) error {
	switch s.Kind {
	case data.EventAssign, data.EventRework:
		// A handler kept from the last round was checked when chosen.
		if s.HandlerUnitID != "" {
			return t.checkUnit(s.HandlerUnitID, "HandlerUnitID", "承办单位", true)
		}
	case data.EventMerge:
		var status string
		err := t.queryRow("SELECT status FROM complaints WHERE id = ? AND deleted_at IS NULL", s.RelatedID).Scan(&status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return data.Invalid("RelatedID", "要并入的主投诉不存在或已删除")
		case err != nil:
			return fmt.Errorf("store: merge: %w", err)
		case status == string(data.StatusMerged):
			return data.Invalid("RelatedID", "所选投诉本身已并入其他投诉，请并入最终的主投诉")
		}
		var n int
		if err := t.queryRow("SELECT count(*) FROM complaints WHERE merged_into_id = ? AND deleted_at IS NULL", c.ID).Scan(&n); err != nil {
			return fmt.Errorf("store: merge: %w", err)
		}
		if n > 0 {
			return &data.StateError{Action: string(data.EventMerge), State: string(data.StatusMerged),
				Reason: fmt.Sprintf("已有%d件投诉并入本投诉，本投诉不能再并入其他投诉；请将其他投诉并入本投诉", n)}
		}
	}
	return nil
}

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

// handlingStatus is written into queries as a literal, so that SQLite can
// use the partial index on due dates of complaints being handled.
const handlingStatus = "'" + string(data.StatusHandling) + "'"

// complaintWhere turns a filter, except its search, into SQL conditions on
// complaints c.
func (db *DB) complaintWhere(ctx context.Context, f data.ComplaintFilter) (string, []any, error) {
	w := where("c.deleted_at IS NULL")
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if f.Channel != "" {
		w.add("c.channel = ?", string(f.Channel))
	}
	if f.Category != "" {
		w.add("c.category = ?", string(f.Category))
	}
	if f.UnitID != "" {
		w.add("c.unit_id = ?", f.UnitID)
	}
	if f.HandlerUnitID != "" {
		w.add("c.handler_unit_id = ?", f.HandlerUnitID)
	}
	if !f.From.IsZero() {
		w.add("c.received_at >= ?", formatTime(f.From.Time()))
	}
	if !f.To.IsZero() {
		w.add("c.received_at < ?", formatTime(f.To.AddDays(1).Time()))
	}
	if f.Alert != data.AlertNone {
		bounds, err := db.alertBounds(ctx)
		if err != nil {
			return "", nil, err
		}
		cond, args, err := bounds.cond(f.Alert)
		if err != nil {
			return "", nil, err
		}
		w.add(cond, args...)
	}
	return w.sql(), w.args, nil
}

// alertBounds are the deadline bounds of complaints' alerts today, by the
// office's calendar and warning days.
func (db *DB) alertBounds(ctx context.Context) (complaintBounds, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return complaintBounds{}, err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return complaintBounds{}, err
	}
	return complaintAlertBounds(cal, db.today(), settings.WarnDays), nil
}

// alertOnly reports whether f lists the complaints of an alert and nothing
// narrower: a list whose first rows and count each part's index gives.
func alertOnly(f data.ComplaintFilter) bool {
	return f.Alert != data.AlertNone && f.Status == "" && f.Channel == "" && f.Category == "" && f.UnitID == "" &&
		f.HandlerUnitID == "" && f.From.IsZero() && f.To.IsZero() && parseComplaintSearch(f.Search, nil) == nil
}

// complaintBounds are the deadline bounds of complaints' alerts on a day
// (data.AlertBounds): a 办理期限 is watched the office's warning days ahead,
// a 受理期限 data.AcceptWarnDays ahead (data.Complaint.Alert).
type complaintBounds struct {
	overdueBefore, soonBefore, acceptSoonBefore data.Date
}

func complaintAlertBounds(cal *data.Calendar, today data.Date, warnDays int) complaintBounds {
	overdue, soon := data.AlertBounds(cal, today, warnDays)
	_, acceptSoon := data.AlertBounds(cal, today, data.AcceptWarnDays)
	return complaintBounds{overdue, soon, acceptSoon}
}

// cond is the condition that a complaint c's alert is level, with its
// parameters: by its due date while 办理中, its 受理期限 while 待受理
// (data.Complaint.Deadline).
func (b complaintBounds) cond(level data.AlertLevel) (string, []any, error) {
	parts, err := b.parts(level)
	if err != nil {
		return "", nil, err
	}
	return "(" + parts[0].cond + " OR " + parts[1].cond + ")", append(parts[0].args, parts[1].args...), nil
}

// alertPart is the complaints of one state whose alert is a level: the
// condition, its parameters, and the deadline they are ordered by. Each
// reads its own partial index (complaints_due, complaints_accept_due), which
// SQLite takes for a part alone and not for the two joined by OR.
type alertPart struct {
	cond     string
	args     []any
	deadline string
}

func (b complaintBounds) parts(level data.AlertLevel) ([2]alertPart, error) {
	part := func(status data.ComplaintStatus, deadline, bounds string, args ...any) alertPart {
		return alertPart{"(c.status = '" + string(status) + "' AND c.deleted_at IS NULL AND " + bounds + ")", args, deadline}
	}
	ob, sb, asb := b.overdueBefore.String(), b.soonBefore.String(), b.acceptSoonBefore.String()
	switch level {
	case data.AlertOverdue:
		return [2]alertPart{part(data.StatusHandling, "c.due_date", "c.due_date < ?", ob),
			part(data.StatusPending, "c.accept_due", "c.accept_due < ?", ob)}, nil
	case data.AlertDueSoon:
		return [2]alertPart{part(data.StatusHandling, "c.due_date", "c.due_date >= ? AND c.due_date < ?", ob, sb),
			part(data.StatusPending, "c.accept_due", "c.accept_due >= ? AND c.accept_due < ?", ob, asb)}, nil
	}
	return [2]alertPart{}, data.Invalid("Alert", fmt.Sprintf("“%s”不是到期提醒类别", level))
}

// count is the number of complaints whose alert is level, as an SQL
// expression with its parameters: a count of each part by its index.
func (b complaintBounds) count(level data.AlertLevel) (string, []any, error) {
	parts, err := b.parts(level)
	if err != nil {
		return "", nil, err
	}
	q := "((SELECT count(*) FROM complaints c WHERE " + parts[0].cond + ") + (SELECT count(*) FROM complaints c WHERE " + parts[1].cond + "))"
	return q, append(parts[0].args, parts[1].args...), nil
}

// firstRows is the condition that a complaint may be among the first n of
// level's list (deadlineOrder, then newest received): in each part, those
// whose deadline is at most the part's n-th (ties included), found by
// walking n entries of its index, instead of every complaint of the list read
// and sorted for a page of it.
func (b complaintBounds) firstRows(level data.AlertLevel, n int) (string, []any, error) {
	parts, err := b.parts(level)
	if err != nil {
		return "", nil, err
	}
	var arms []string
	var args []any
	for _, p := range parts {
		arms = append(arms, fmt.Sprintf(`SELECT c.rowid FROM complaints c WHERE %[1]s AND %[2]s <= coalesce(
			(SELECT %[2]s FROM complaints c WHERE %[1]s ORDER BY %[2]s LIMIT 1 OFFSET %[3]d), '9999-12-31')`, p.cond, p.deadline, n-1))
		args = append(args, p.args...)
		args = append(args, p.args...)
	}
	return "c.rowid IN (" + strings.Join(arms, " UNION ALL ") + ")", args, nil
}

const deadlineOrder = "CASE c.status WHEN '" + string(data.StatusPending) + "' THEN c.accept_due ELSE c.due_date END"

// overdueBefore is the bound of the deadlines missed today
// (data.AlertBounds): those before it.
func (db *DB) overdueBefore(ctx context.Context) (data.Date, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return data.Date{}, err
	}
	overdue, _ := data.AlertBounds(cal, db.today(), 0)
	return overdue, nil
}

// Complaints lists the complaints matching f, newest received first; the
// 临近到期 and 已超期 lists come most urgent first (earliest deadline).
func (db *DB) Complaints(ctx context.Context, f data.ComplaintFilter) ([]*data.Complaint, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	q, args, err := db.complaintsQuery(ctx, f)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "complaints", scanComplaint, q, args...)
}

// EachComplaint calls fn with each complaint Complaints(f) lists, in the same
// order, as it is read: an export of a million complaints holds one at a time.
// An error of fn ends the reading and is returned.
func (db *DB) EachComplaint(ctx context.Context, f data.ComplaintFilter, fn func(*data.Complaint) error) error {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return err
	}
	q, args, err := db.complaintsQuery(ctx, f)
	if err != nil {
		return err
	}
	return eachRow(ctx, rd, "complaints", q, args, func(row rowScanner) error {
		c, err := scanComplaint(row)
		if err != nil {
			return err
		}
		return fn(c)
	})
}

// complaintsQuery is the query of the complaints f selects, in their order.
func (db *DB) complaintsQuery(ctx context.Context, f data.ComplaintFilter) (string, []any, error) {
	where, args, err := db.complaintWhere(ctx, f)
	if err != nil {
		return "", nil, err
	}
	from, order := " FROM complaints c", " ORDER BY c.received_at DESC, c.rowid DESC"
	if search := db.parseComplaintSearch(f.Search); search != nil {
		cond, a := search.searchWhere()
		from, order, where, args = search.searchFrom(), search.searchOrder(), cond+" AND "+where, append(a, args...)
	}
	if f.Alert != data.AlertNone || f.ByDeadline {
		order = " ORDER BY " + deadlineOrder + ", c.received_at DESC"
	}
	if alertOnly(f) && f.Limit > 0 {
		bounds, err := db.alertBounds(ctx)
		if err != nil {
			return "", nil, err
		}
		first, a, err := bounds.firstRows(f.Alert, f.Limit+max(f.Offset, 0))
		if err != nil {
			return "", nil, err
		}
		where, args = first+" AND "+where, append(a, args...)
	}
	q := complaintColumns + from + complaintJoins + " WHERE " + where + order
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	return q, args, nil
}

// CountComplaints counts the complaints matching f (Limit and Offset aside).
// A count by state and channel alone, such as the register's 全部, is the
// sum of the figures kept by month (complaint_month_counts): some hundred
// rows, not a million complaints.
func (db *DB) CountComplaints(ctx context.Context, f data.ComplaintFilter) (int, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return 0, err
	}
	if alertOnly(f) {
		bounds, err := db.alertBounds(ctx)
		if err != nil {
			return 0, err
		}
		q, args, err := bounds.count(f.Alert)
		if err != nil {
			return 0, err
		}
		var n int
		if err := rd.QueryRowContext(ctx, "SELECT "+q, args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: count complaints: %w", err)
		}
		return n, nil
	}
	if f.Category == "" && f.UnitID == "" && f.HandlerUnitID == "" && f.From.IsZero() && f.To.IsZero() &&
		f.Alert == data.AlertNone && parseComplaintSearch(f.Search, db.searchTokens()) == nil {
		var n int
		err := rd.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM complaint_month_counts
			WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR channel = ?2)`, string(f.Status), string(f.Channel)).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("store: count complaints: %w", err)
		}
		return n, nil
	}
	where, args, err := db.complaintWhere(ctx, f)
	if err != nil {
		return 0, err
	}
	from := " FROM complaints c"
	if search := db.parseComplaintSearch(f.Search); search != nil {
		if n, ok, err := db.countSearchOnly(ctx, search, f); ok || err != nil {
			return n, err
		}
		cond, a := search.searchWhere()
		from, where, args = search.searchFrom()+" LEFT JOIN units u ON u.id = c.unit_id", cond+" AND "+where, append(a, args...)
	}
	var n int
	if err := rd.QueryRowContext(ctx, "SELECT count(*)"+from+" WHERE "+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count complaints: %w", err)
	}
	return n, nil
}

// ComplaintCounts returns the figures of the 工作台 on day today.
func (db *DB) ComplaintCounts(ctx context.Context, today data.Date) (data.ComplaintCounts, error) {
	var n data.ComplaintCounts
	cal, err := db.Calendar(ctx)
	if err != nil {
		return n, err
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return n, err
	}
	bounds := complaintAlertBounds(cal, today, settings.WarnDays)
	soon, soonArgs, err := bounds.count(data.AlertDueSoon)
	if err != nil {
		return n, err
	}
	overdue, overdueArgs, err := bounds.count(data.AlertOverdue)
	if err != nil {
		return n, err
	}
	err = db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		rows, err := q.QueryContext(ctx, "SELECT status, sum(n) FROM complaint_month_counts GROUP BY status")
		if err != nil {
			return err
		}
		defer rows.Close()
		byStatus := map[data.ComplaintStatus]*int{
			data.StatusPending: &n.Pending, data.StatusAccepted: &n.Accepted, data.StatusHandling: &n.Handling,
			data.StatusVerifying: &n.Verifying, data.StatusReplying: &n.Replying, data.StatusFollowUp: &n.FollowUp,
			data.StatusClosed: &n.Closed,
		}
		for rows.Next() {
			var status data.ComplaintStatus
			var count int
			if err := rows.Scan(&status, &count); err != nil {
				return err
			}
			if p := byStatus[status]; p != nil {
				*p = count
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return q.QueryRowContext(ctx, "SELECT "+soon+", "+overdue, append(soonArgs, overdueArgs...)...).Scan(&n.DueSoon, &n.Overdue)
	})
	if err != nil {
		return data.ComplaintCounts{}, fmt.Errorf("store: complaint counts: %w", err)
	}
	return n, nil
}

// MonthCount is the number of complaints received in one month of a year that
// are now in one state and came by one channel.
type MonthCount struct {
	Month   int
	Status  data.ComplaintStatus
	Channel data.Channel
	N       int
}

// ComplaintMonthlyCounts counts the complaints received in year by month,
// state and channel (combinations without complaints are left out). Deleted
// complaints do not count.
func (db *DB) ComplaintMonthlyCounts(ctx context.Context, year int) ([]MonthCount, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	var out []MonthCount
	if err := eachRow(ctx, rd, "monthly counts", `SELECT month, status, channel, n FROM complaint_month_counts
		WHERE month BETWEEN ? AND ? AND n > 0 ORDER BY month, status, channel`,
		[]any{fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year)}, func(row rowScanner) error {
			var m MonthCount
			var month string
			if err := row.Scan(&month, &m.Status, &m.Channel, &m.N); err != nil {
				return err
			}
			var err error
			if m.Month, err = strconv.Atoi(month[len(month)-2:]); err != nil {
				return fmt.Errorf("month %q: %w", month, err)
			}
			out = append(out, m)
			return nil
		}); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteComplaint removes a complaint registered by mistake. It stays as a
// tombstone, so its number is never given to another complaint.
func (db *DB) DeleteComplaint(ctx context.Context, id string) error {
	return db.write(ctx, data.PermComplaints, func(t *tx) error {
		var n int
		if err := t.queryRow("SELECT count(*) FROM complaints WHERE merged_into_id = ? AND deleted_at IS NULL", id).Scan(&n); err != nil {
			return fmt.Errorf("store: delete complaint: %w", err)
		}
		if n > 0 {
			return &data.StateError{Action: "删除", Reason: fmt.Sprintf("已有%d件投诉并入本投诉，不能删除", n)}
		}
		return t.tombstone("complaints", id)
	})
}
