package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"xiaoneng/data"
)

// findingFields are a finding's descriptive fields, the ones UpdateFinding
// may change; its rectification moves only through the workflow methods.
func findingFields(f *data.Finding) []field {
	return []field{
		{"category", string(f.Category)}, {"description", strings.TrimSpace(f.Description)},
		{"staff_name", strings.TrimSpace(f.StaffName)}, {"staff_post", strings.TrimSpace(f.StaffPost)},
		{"disposition", string(f.Disposition)},
	}
}

// addFinding inserts a new finding of a visit (VisitID, UnitID and FoundOn
// already set) with its 登记 event and, when it is to be rectified, its
// deadline and 限期整改 event. A finding is to be rectified when it is given
// a period, or when its disposition is a 监察通知书 (which always sets one:
// the office's default period then applies).
func (t *tx) addFinding(f *data.Finding, cal *data.Calendar, defaultLimit int) error {
	limit := f.RectLimitDays
	if limit == 0 && f.Disposition == data.DispositionNotice {
		limit = defaultLimit
	}
	f.RectStatus, f.RectLimitDays, f.RectDue = data.RectNone, 0, data.Date{}
	f.ReportOn, f.ReportContent = data.Date{}, ""
	f.RecheckOn, f.RecheckResult, f.RecheckBy, f.ClosedOn = data.Date{}, "", "", data.Date{}
	var ordered *data.FindingEvent
	if limit > 0 {
		e, _, err := f.Apply(data.RectStep{Kind: data.FindingOrdered, On: f.FoundOn, LimitDays: limit},
			data.RectEnv{Calendar: cal, Today: data.DateOf(t.now), Actor: t.actor})
		if err != nil {
			return err
		}
		ordered = &e
	}
	fields := append(findingFields(f),
		field{"visit_id", ref(f.VisitID)}, field{"unit_id", f.UnitID}, field{"found_on", f.FoundOn},
		field{"rect_status", string(f.RectStatus)}, field{"rect_limit_days", f.RectLimitDays}, field{"rect_due", f.RectDue})
	if err := t.insert("findings", &f.Record, fields); err != nil {
		return err
	}
	err := t.addFindingEvent(&data.FindingEvent{FindingID: f.ID, Kind: data.FindingRecorded, On: f.FoundOn, Result: string(f.Disposition)})
	if err != nil || ordered == nil {
		return err
	}
	ordered.FindingID = f.ID
	return t.addFindingEvent(ordered)
}

// addFindingEvent writes one step of a finding's history, stamped with the
// transaction's time and user.
func (t *tx) addFindingEvent(e *data.FindingEvent) error {
	e.At, e.Actor = t.now, t.actor
	return t.insert("finding_events", &e.Record, []field{
		{"finding_id", e.FindingID}, {"kind", string(e.Kind)}, {"at", e.At}, {"actor", e.Actor},
		{"on_date", e.On}, {"limit_days", e.LimitDays}, {"due_date", e.DueDate},
		{"result", e.Result}, {"note", e.Note},
	})
}

// AddFinding records a further finding on an existing visit; its unit and
// day are the visit's.
func (db *DB) AddFinding(ctx context.Context, f *data.Finding) error {
	if f.VisitID == "" {
		return data.Invalid("VisitID", "请选择所属检查记录")
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, data.PermFieldWork, func(t *tx) error {
		var visitedAt string
		err := t.queryRow("SELECT unit_id, visited_at FROM visits WHERE id = ? AND deleted_at IS NULL", f.VisitID).Scan(&f.UnitID, &visitedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: visit %s: %w", f.VisitID, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: visit %s: %w", f.VisitID, err)
		}
		if f.FoundOn, err = visitDay(visitedAt); err != nil {
			return err
		}
		if err := f.Validate(); err != nil {
			return err
		}
		s, err := readSettings(t.ctx, t.Tx)
		if err != nil {
			return err
		}
		return t.addFinding(f, cal, s.RectLimitDays)
	})
}

// UpdateFinding saves a finding's descriptive fields (category,
// description, staff involved, disposition).
func (db *DB) UpdateFinding(ctx context.Context, f *data.Finding) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermFieldWork, func(t *tx) error {
		_, err := t.update("findings", &f.Record, findingFields(f))
		return err
	})
}

var findingSelect = "SELECT " + prefixed("f") + `, coalesce(f.visit_id, ''), coalesce(v.round_id, ''), f.unit_id, u.name,
	f.found_on, f.category, f.description, f.staff_name, f.staff_post, f.disposition,
	f.rect_status, f.rect_limit_days, f.rect_due, f.report_on, f.report_content,
	f.recheck_on, f.recheck_result, f.recheck_by, f.closed_on
	FROM findings f JOIN units u ON u.id = f.unit_id LEFT JOIN visits v ON v.id = f.visit_id`

func scanFinding(row interface{ Scan(...any) error }) (*data.Finding, error) {
	f := &data.Finding{}
	dest := append(recordDest(&f.Record), &f.VisitID, &f.RoundID, &f.UnitID, &f.UnitName,
		&f.FoundOn, &f.Category, &f.Description, &f.StaffName, &f.StaffPost, &f.Disposition,
		&f.RectStatus, &f.RectLimitDays, &f.RectDue, &f.ReportOn, &f.ReportContent,
		&f.RecheckOn, &f.RecheckResult, &f.RecheckBy, &f.ClosedOn)
	return f, row.Scan(dest...)
}

func getFinding(ctx context.Context, q querier, id string) (*data.Finding, error) {
	return queryByID(ctx, q, "finding", scanFinding, findingSelect+" WHERE f.id = ? AND f.deleted_at IS NULL", id)
}

// Finding returns one finding with its rectification.
func (db *DB) Finding(ctx context.Context, id string) (*data.Finding, error) {
	return readOne(ctx, db, getFinding, id)
}

// Findings lists findings matching f, newest first; a list of findings in
// rectification (整改中, or overdue) comes most urgent deadline first.
func (db *DB) Findings(ctx context.Context, f data.FindingFilter) ([]*data.Finding, error) {
	w := where("f.deleted_at IS NULL")
	if f.UnitID != "" {
		w.add("f.unit_id = ?", f.UnitID)
	}
	if f.RoundID != "" {
		w.add("f.visit_id IN (SELECT id FROM visits WHERE round_id = ? AND deleted_at IS NULL)", f.RoundID)
	}
	if f.VisitID != "" {
		w.add("f.visit_id = ?", f.VisitID)
	}
	if f.RectStatus != "" {
		w.add("f.rect_status = ?", string(f.RectStatus))
	}
	if f.Overdue {
		overdueBefore, err := db.overdueBefore(ctx)
		if err != nil {
			return nil, err
		}
		w.add("f.rect_status = ?", string(data.RectOpen))
		w.add("f.rect_due < ?", overdueBefore.String())
	}
	w.days("f.found_on", f.From, f.To)
	if f.Category != "" {
		w.add("f.category = ?", string(f.Category))
	}
	order := " ORDER BY f.found_on DESC, f.created_at DESC, f.id"
	if f.Overdue || f.RectStatus == data.RectOpen {
		order = " ORDER BY f.rect_due, f.found_on DESC, f.id"
	}
	q := findingSelect + " WHERE " + w.sql() + order
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "findings", scanFinding, q, w.args...)
}

// FindingEvents returns the history of a finding, oldest first.
func (db *DB) FindingEvents(ctx context.Context, id string) ([]data.FindingEvent, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "finding events", scanFindingEvent, "SELECT "+recordColumns+`, finding_id, kind, at, actor, on_date, limit_days, due_date, result, note
		FROM finding_events WHERE finding_id = ? AND deleted_at IS NULL ORDER BY at, rowid`, id)
}

func scanFindingEvent(row rowScanner) (data.FindingEvent, error) {
	var e data.FindingEvent
	err := row.Scan(append(recordDest(&e.Record), &e.FindingID, &e.Kind, scanTime{&e.At}, &e.Actor, &e.On, &e.LimitDays, &e.DueDate, &e.Result, &e.Note)...)
	return e, err
}

// rectStep takes one step of a finding's rectification in one
// transaction: it loads the finding, applies the step
// (data.Finding.Apply), saves the rectification's fields and the step's
// event, with the step's files when given. It returns the years whose
// holidays were assumed counting a deadline.
func (db *DB) rectStep(ctx context.Context, id string, s data.RectStep, files []*data.Attachment) (data.Assumed, error) {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var assumed data.Assumed
	err = db.write(ctx, data.PermSupervision, func(t *tx) error {
		f, err := getFinding(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		e, a, err := f.Apply(s, data.RectEnv{Calendar: cal, Today: data.DateOf(t.now), Actor: t.actor})
		if err != nil {
			return err
		}
		assumed = a
		if _, err := t.update("findings", &f.Record, rectFields(f)); err != nil {
			return err
		}
		e.FindingID = f.ID
		if err := t.addFindingEvent(&e); err != nil {
			return err
		}
		// The files belong to this step: a second report after a failed
		// re-check brings its own.
		return t.saveAttachments(data.OwnerFindingEvent, e.ID, files)
	})
	if err != nil {
		return nil, err
	}
	return assumed, nil
}

// rectFields are a finding's rectification, as its steps set it.
func rectFields(f *data.Finding) []field {
	return []field{
		{"rect_status", string(f.RectStatus)}, {"rect_limit_days", f.RectLimitDays}, {"rect_due", f.RectDue},
		{"report_on", f.ReportOn}, {"report_content", f.ReportContent},
		{"recheck_on", f.RecheckOn}, {"recheck_result", string(f.RecheckResult)}, {"recheck_by", f.RecheckBy},
		{"closed_on", f.ClosedOn},
	}
}

// OrderRectification orders a finding not yet under rectification to be
// rectified within limitDays working days from on (无需整改 → 整改中).
func (db *DB) OrderRectification(ctx context.Context, id string, on data.Date, limitDays int, note string) (data.Assumed, error) {
	return db.rectStep(ctx, id, data.RectStep{Kind: data.FindingOrdered, On: on, LimitDays: limitDays, Text: note}, nil)
}

// SubmitRectificationReport records the unit's written 整改报告 with its
// files (整改中 → 待复查). A late report is accepted: lateness shows
// against the deadline.
func (db *DB) SubmitRectificationReport(ctx context.Context, id string, on data.Date, content string, files []*data.Attachment) error {
	_, err := db.rectStep(ctx, id, data.RectStep{Kind: data.FindingReport, On: on, Text: content}, files)
	return err
}

// RecheckFinding records the 复查 of a reported rectification: 已整改
// closes the finding; 整改不到位 sends it back to 整改中 with a new deadline
// of newLimitDays working days from the re-check.
func (db *DB) RecheckFinding(ctx context.Context, id string, on data.Date, result data.RecheckResult, by, note string, newLimitDays int) (data.Assumed, error) {
	return db.rectStep(ctx, id, data.RectStep{Kind: data.FindingRecheck, On: on, Result: result, By: by, Text: note, LimitDays: newLimitDays}, nil)
}

// ExtendRectification moves the deadline of a rectification in progress
// back by days working days, for the reason given.
func (db *DB) ExtendRectification(ctx context.Context, id string, days int, reason string) (data.Assumed, error) {
	return db.rectStep(ctx, id, data.RectStep{Kind: data.FindingExtended, LimitDays: days, Text: reason}, nil)
}

// RectificationCounts returns the 工作台 figures: rectifications in
// progress, awaiting re-check, and near or past their deadline
// (data.Finding.Alert).
func (db *DB) RectificationCounts(ctx context.Context, today data.Date, warnDays int) (data.RectificationCounts, error) {
	var c data.RectificationCounts
	cal, err := db.Calendar(ctx)
	if err != nil {
		return c, err
	}
	overdueBefore, soonBefore := data.AlertBounds(cal, today, warnDays)
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return c, err
	}
	err = rd.QueryRowContext(ctx, `SELECT
		coalesce(sum(rect_status = '整改中'), 0),
		coalesce(sum(rect_status = '待复查'), 0),
		coalesce(sum(rect_status = '整改中' AND rect_due < ?1), 0),
		coalesce(sum(rect_status = '整改中' AND rect_due >= ?1 AND rect_due < ?2), 0)
		FROM findings WHERE deleted_at IS NULL AND rect_status IN ('整改中', '待复查')`,
		overdueBefore.String(), soonBefore.String()).Scan(&c.Open, &c.Reported, &c.Overdue, &c.DueSoon)
	if err != nil {
		return c, fmt.Errorf("store: rectification counts: %w", err)
	}
	return c, nil
}
