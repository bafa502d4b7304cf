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

// maxRectDays bounds every rectification period and extension, as
// Finding.Validate bounds RectLimitDays.
const maxRectDays = 90

// addFinding inserts a new finding of a visit (VisitID, UnitID and FoundOn
// already set) with its 登记 event and, when it is to be rectified, its
// deadline and 限期整改 event. A finding is to be rectified when it is given
// a period, or when its disposition is a 监察通知书 (which always sets one:
// the office's default period then applies).
func (t *tx) addFinding(f *data.Finding, cal *data.Calendar, defaultLimit int) error {
	if f.RectLimitDays == 0 && f.Disposition == data.DispositionNotice {
		f.RectLimitDays = defaultLimit
	}
	f.RectStatus, f.RectDue = data.RectNone, data.Date{}
	f.ReportOn, f.ReportContent = data.Date{}, ""
	f.RecheckOn, f.RecheckResult, f.RecheckBy, f.ClosedOn = data.Date{}, "", "", data.Date{}
	var assumed data.Assumed
	if f.RectLimitDays > 0 {
		f.RectStatus = data.RectOpen
		f.RectDue, assumed = cal.AddWorkdays(f.FoundOn, f.RectLimitDays)
	}
	fields := append(findingFields(f),
		field{"visit_id", ref(f.VisitID)}, field{"unit_id", f.UnitID}, field{"found_on", f.FoundOn},
		field{"rect_status", string(f.RectStatus)}, field{"rect_limit_days", f.RectLimitDays}, field{"rect_due", f.RectDue})
	if err := t.insert("findings", &f.Record, fields); err != nil {
		return err
	}
	err := t.addFindingEvent(&data.FindingEvent{FindingID: f.ID, Kind: data.FindingRecorded, On: f.FoundOn, Result: string(f.Disposition)})
	if err != nil || f.RectStatus != data.RectOpen {
		return err
	}
	return t.addFindingEvent(&data.FindingEvent{FindingID: f.ID, Kind: data.FindingOrdered, On: f.FoundOn,
		LimitDays: f.RectLimitDays, DueDate: f.RectDue, Note: assumed.Warning()})
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
	return db.write(ctx, func(t *tx) error {
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
	return db.write(ctx, func(t *tx) error {
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
	return getFinding(ctx, db.reader, id)
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
		overdueBefore, _, err := db.alertBounds(ctx)
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
	return queryList(ctx, db.reader, "findings", scanFinding, q, w.args...)
}

// FindingEvents returns the history of a finding, oldest first.
func (db *DB) FindingEvents(ctx context.Context, id string) ([]data.FindingEvent, error) {
	return queryList(ctx, db.reader, "finding events", scanFindingEvent, "SELECT "+recordColumns+`, finding_id, kind, at, actor, on_date, limit_days, due_date, result, note
		FROM finding_events WHERE finding_id = ? AND deleted_at IS NULL ORDER BY at, rowid`, id)
}

func scanFindingEvent(row rowScanner) (data.FindingEvent, error) {
	var e data.FindingEvent
	err := row.Scan(append(recordDest(&e.Record), &e.FindingID, &e.Kind, scanTime{&e.At}, &e.Actor, &e.On, &e.LimitDays, &e.DueDate, &e.Result, &e.Note)...)
	return e, err
}

// refuseFinding says why a rectification step is not allowed in the
// finding's current state.
func refuseFinding(action string, state data.RectStatus) error {
	var why string
	switch state {
	case data.RectNone:
		why = "该问题无需整改，不能" + action + "；如需整改，请先下达限期整改"
	case data.RectOpen:
		why = "该问题正在整改中，不能" + action
	case data.RectReported:
		why = "该问题已提交整改报告、正等待复查，不能" + action
	case data.RectDone:
		why = "该问题当前为“已整改”，不能" + action
	default:
		why = fmt.Sprintf("该问题当前为“%s”，不能%s", state, action)
	}
	return &data.StateError{Action: action, State: string(state), Reason: why}
}

// checkStepDate refuses a missing date, one in the future, and one before
// an earlier step of the finding.
func checkStepDate(fieldName, label string, on, today, notBefore data.Date, beforeLabel string) error {
	switch {
	case on.IsZero():
		return data.Invalid(fieldName, "请填写"+label)
	case on.After(today):
		return data.Invalid(fieldName, label+"不能晚于今天")
	case !notBefore.IsZero() && on.Before(notBefore):
		return data.Invalid(fieldName, fmt.Sprintf("%s不能早于%s（%s）", label, beforeLabel, notBefore))
	}
	return nil
}

func checkRectDays(fieldName string, days int) error {
	if days < 1 || days > maxRectDays {
		return data.Invalid(fieldName, fmt.Sprintf("整改时限应在1至%d个工作日之间", maxRectDays))
	}
	return nil
}

// rectStep runs one rectification step on a finding in one transaction:
// it loads the finding, lets step check and change it, and saves the
// changed fields (with their audit row) and the step's event.
func (db *DB) rectStep(ctx context.Context, id string, step func(t *tx, f *data.Finding) ([]field, *data.FindingEvent, error)) error {
	return db.write(ctx, func(t *tx) error {
		f, err := getFinding(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		fields, e, err := step(t, f)
		if err != nil {
			return err
		}
		if _, err := t.update("findings", &f.Record, fields); err != nil {
			return err
		}
		e.FindingID = f.ID
		return t.addFindingEvent(e)
	})
}

// OrderRectification orders a finding not yet under rectification to be
// rectified within limitDays working days from on (无需整改 → 整改中).
func (db *DB) OrderRectification(ctx context.Context, id string, on data.Date, limitDays int, note string) (data.Assumed, error) {
	if err := checkRectDays("LimitDays", limitDays); err != nil {
		return nil, err
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var assumed data.Assumed
	err = db.rectStep(ctx, id, func(t *tx, f *data.Finding) ([]field, *data.FindingEvent, error) {
		if f.RectStatus != data.RectNone {
			return nil, nil, refuseFinding("下达限期整改", f.RectStatus)
		}
		if err := checkStepDate("On", "限期整改日期", on, data.DateOf(t.now), f.FoundOn, "发现问题日期"); err != nil {
			return nil, nil, err
		}
		var due data.Date
		due, assumed = cal.AddWorkdays(on, limitDays)
		fields := []field{{"rect_status", string(data.RectOpen)}, {"rect_limit_days", limitDays}, {"rect_due", due}}
		return fields, &data.FindingEvent{Kind: data.FindingOrdered, On: on, LimitDays: limitDays, DueDate: due,
			Note: joinNote(note, assumed.Warning())}, nil
	})
	if err != nil {
		return nil, err
	}
	return assumed, nil
}

// SubmitRectificationReport records the unit's written 整改报告 with its
// files (整改中 → 待复查). A late report is accepted: lateness shows
// against the deadline.
func (db *DB) SubmitRectificationReport(ctx context.Context, id string, on data.Date, content string, files []*data.Attachment) error {
	content = strings.TrimSpace(content)
	if content == "" {
		return data.Invalid("Content", "整改报告内容不能为空")
	}
	return db.write(ctx, func(t *tx) error {
		f, err := getFinding(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		if f.RectStatus != data.RectOpen {
			return refuseFinding("登记整改报告", f.RectStatus)
		}
		if err := checkStepDate("On", "整改报告日期", on, data.DateOf(t.now), f.FoundOn, "发现问题日期"); err != nil {
			return err
		}
		fields := []field{{"rect_status", string(data.RectReported)}, {"report_on", on}, {"report_content", content}}
		if _, err := t.update("findings", &f.Record, fields); err != nil {
			return err
		}
		e := &data.FindingEvent{FindingID: f.ID, Kind: data.FindingReport, On: on, Note: content}
		if err := t.addFindingEvent(e); err != nil {
			return err
		}
		// The files belong to this report: a second report after a failed
		// re-check brings its own.
		return t.saveAttachments(data.OwnerFindingEvent, e.ID, files)
	})
}

// RecheckFinding records the 复查 of a reported rectification: 已整改
// closes the finding; 整改不到位 sends it back to 整改中 with a new deadline
// of newLimitDays working days from the re-check.
func (db *DB) RecheckFinding(ctx context.Context, id string, on data.Date, result data.RecheckResult, by, note string, newLimitDays int) (data.Assumed, error) {
	switch result {
	case data.RecheckPassed:
	case data.RecheckFailed:
		if err := checkRectDays("NewLimitDays", newLimitDays); err != nil {
			return nil, data.Invalid("NewLimitDays", "整改不到位的，请重新确定整改时限（1至90个工作日）")
		}
	default:
		return nil, data.Invalid("Result", "复查结果只能是“已整改”或“整改不到位”")
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var assumed data.Assumed
	err = db.rectStep(ctx, id, func(t *tx, f *data.Finding) ([]field, *data.FindingEvent, error) {
		if f.RectStatus != data.RectReported {
			if f.RectStatus == data.RectDone {
				return nil, nil, refuseFinding("再次复查", f.RectStatus)
			}
			return nil, nil, refuseFinding("复查", f.RectStatus)
		}
		if err := checkStepDate("On", "复查日期", on, data.DateOf(t.now), f.ReportOn, "整改报告日期"); err != nil {
			return nil, nil, err
		}
		if strings.TrimSpace(by) == "" {
			by = t.actor
		}
		fields := []field{{"recheck_on", on}, {"recheck_result", string(result)}, {"recheck_by", strings.TrimSpace(by)}}
		e := &data.FindingEvent{Kind: data.FindingRecheck, On: on, Result: string(result), Note: note}
		if result == data.RecheckPassed {
			fields = append(fields, field{"rect_status", string(data.RectDone)}, field{"closed_on", on})
			return fields, e, nil
		}
		var due data.Date
		due, assumed = cal.AddWorkdays(on, newLimitDays)
		fields = append(fields, field{"rect_status", string(data.RectOpen)}, field{"rect_limit_days", newLimitDays}, field{"rect_due", due})
		e.LimitDays, e.DueDate, e.Note = newLimitDays, due, joinNote(note, assumed.Warning())
		return fields, e, nil
	})
	if err != nil {
		return nil, err
	}
	return assumed, nil
}

// ExtendRectification moves the deadline of a rectification in progress
// back by days working days, for the reason given.
func (db *DB) ExtendRectification(ctx context.Context, id string, days int, reason string) (data.Assumed, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case days < 1 || days > maxRectDays:
		return nil, data.Invalid("Days", fmt.Sprintf("延期天数应在1至%d个工作日之间", maxRectDays))
	case reason == "":
		return nil, data.Invalid("Reason", "请填写延期理由")
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var assumed data.Assumed
	err = db.rectStep(ctx, id, func(t *tx, f *data.Finding) ([]field, *data.FindingEvent, error) {
		if f.RectStatus != data.RectOpen {
			return nil, nil, refuseFinding("延期", f.RectStatus)
		}
		var due data.Date
		due, assumed = cal.AddWorkdays(f.RectDue, days)
		fields := []field{{"rect_limit_days", f.RectLimitDays + days}, {"rect_due", due}}
		return fields, &data.FindingEvent{Kind: data.FindingExtended, On: data.DateOf(t.now), LimitDays: days, DueDate: due,
			Note: joinNote(reason, assumed.Warning())}, nil
	})
	if err != nil {
		return nil, err
	}
	return assumed, nil
}

// joinNote appends a warning to a user's note.
func joinNote(note, warning string) string {
	note = strings.TrimSpace(note)
	switch {
	case warning == "":
		return note
	case note == "":
		return warning
	}
	return note + "（" + warning + "）"
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
	err = db.reader.QueryRowContext(ctx, `SELECT
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
