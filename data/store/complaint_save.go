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
	if err := c.CheckReceived(t.now); err != nil {
		return nil, err
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
		identity, edited, err := t.editedComplainant(c, cur)
		if err != nil {
			return err
		}
		// An identity left as it was is checked no more: the form sent
		// it back masked.
		check := *c
		check.Complainant = data.Complainant{Anonymous: true}
		if edited {
			check.Complainant = identity
		}
		if err := check.Validate(); err != nil {
			return err
		}
		if !edited {
			c.Complainant = cur.Complainant
		}
		if err := t.checkUnit(c.UnitID, "UnitID", "被投诉单位", false); err != nil {
			return err
		}
		if err := c.CheckReceived(t.now); err != nil && !c.ReceivedAt.Equal(cur.ReceivedAt) {
			return err
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
		if edited {
			if fields, err = t.sealEdited(c, identity, fields); err != nil {
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
