package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"xiaoneng/data"
)

func visitFields(v *data.Visit) []field {
	return []field{
		{"round_id", v.RoundID}, {"unit_id", v.UnitID}, {"visited_at", v.VisitedAt},
		{"place", strings.TrimSpace(v.Place)}, {"summary", strings.TrimSpace(v.Summary)},
		{"phone_number", strings.TrimSpace(v.PhoneNumber)}, {"answered", v.Answered}, {"attitude", strings.TrimSpace(v.Attitude)},
	}
}

// visitDay is the office-local day of a stored visit time.
func visitDay(stored string) (data.Date, error) {
	var at time.Time
	if err := (scanTime{&at}).Scan(stored); err != nil {
		return data.Date{}, err
	}
	return data.DateOf(at), nil
}

// RecordVisit saves a visit, its findings and its photos in one
// transaction: a day in the field is entered one visit at a time and
// nothing is half saved. Each finding takes the visit's unit and day; one
// given a rectification period (or disposed of by 监察通知书) is put under
// rectification with its deadline in working days. The 制度公示 items
// checked on the visit are recorded on the unit, dated the visit day.
func (db *DB) RecordVisit(ctx context.Context, v *data.Visit, findings []*data.Finding, photos []*data.Attachment) error {
	if err := v.Validate(); err != nil {
		return err
	}
	day := data.DateOf(v.VisitedAt)
	for i, f := range findings {
		f.UnitID, f.FoundOn = v.UnitID, day
		if err := f.Validate(); err != nil {
			return numberedFinding(i, len(findings), err)
		}
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, data.PermFieldWork, func(t *tx) error {
		unitName, err := t.checkVisitRefs(v)
		if err != nil {
			return err
		}
		if err := t.insert("visits", &v.Record, visitFields(v)); err != nil {
			return err
		}
		if err := t.setLinks("visit_inspectors", "visit_id", "person_id", "visits", v.ID, v.InspectorIDs); err != nil {
			return err
		}
		s, err := readSettings(t.ctx, t.Tx)
		if err != nil {
			return err
		}
		for _, f := range findings {
			f.VisitID, f.RoundID, f.UnitName = v.ID, v.RoundID, unitName
			if err := t.addFinding(f, cal, s.RectLimitDays); err != nil {
				return err
			}
		}
		if err := t.saveAttachments(data.OwnerVisit, v.ID, photos); err != nil {
			return err
		}
		v.UnitName, v.FindingCount = unitName, len(findings)
		return t.saveVisitDisclosures(v, unitName)
	})
}

// numberedFinding says which of several findings failed validation.
func numberedFinding(i, n int, err error) error {
	var ve *data.ValidationError
	if n < 2 || !errors.As(err, &ve) {
		return err
	}
	return &data.ValidationError{Field: fmt.Sprintf("Findings[%d].%s", i, ve.Field), Message: fmt.Sprintf("第%d个问题：%s", i+1, ve.Message)}
}

// checkVisitRefs refuses a visit to a round, unit or inspector that is not
// there, and returns the unit's name.
func (t *tx) checkVisitRefs(v *data.Visit) (string, error) {
	if err := t.checkLive("rounds", []string{v.RoundID}, "RoundID", "所选督查活动已删除或不存在"); err != nil {
		return "", err
	}
	var name string
	var status data.UnitStatus
	err := t.queryRow("SELECT name, status FROM units WHERE id = ? AND deleted_at IS NULL", v.UnitID).Scan(&name, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", data.Invalid("UnitID", "所选单位已删除或不存在")
	case err != nil:
		return "", fmt.Errorf("store: unit %s: %w", v.UnitID, err)
	case status != data.UnitActive:
		return "", data.Invalid("UnitID", fmt.Sprintf("“%s”已撤并，不能登记检查", name))
	}
	if err := t.checkLive("people", sortedUnique(v.InspectorIDs), "InspectorIDs", "所选检查人员中有已删除或不存在的人员"); err != nil {
		return "", err
	}
	return name, nil
}

// saveVisitDisclosures records on the unit the 制度公示 items checked on
// the visit, dated the visit day.
func (t *tx) saveVisitDisclosures(v *data.Visit, unitName string) error {
	if len(v.Disclosures) == 0 {
		return nil
	}
	day := data.DateOf(v.VisitedAt)
	for i := range v.Disclosures {
		v.Disclosures[i].CheckedOn, v.Disclosures[i].VisitID = day, v.ID
	}
	return t.saveDisclosures(&data.Unit{Record: data.Record{ID: v.UnitID}, Name: unitName, Disclosures: v.Disclosures})
}

// UpdateVisit saves the changed fields of a visit, its inspectors and the
// 制度公示 items it checked. The unit and the day of a visit with findings
// cannot change: its findings and their deadlines hang on them.
func (db *DB) UpdateVisit(ctx context.Context, v *data.Visit) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermFieldWork, func(t *tx) error {
		var unitID, visitedAt string
		var findings int
		err := t.queryRow(`SELECT unit_id, visited_at, (SELECT count(*) FROM findings WHERE visit_id = ?1 AND deleted_at IS NULL)
			FROM visits WHERE id = ?1 AND deleted_at IS NULL`, v.ID).Scan(&unitID, &visitedAt, &findings)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: visit %s: %w", v.ID, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: visit %s: %w", v.ID, err)
		}
		day, err := visitDay(visitedAt)
		if err != nil {
			return err
		}
		if findings > 0 && (unitID != v.UnitID || !day.Equal(data.DateOf(v.VisitedAt))) {
			return &data.StateError{Action: "修改", Reason: "该检查记录已登记发现问题，不能更改被检查单位或检查日期；如确属误录，请删除后重新登记"}
		}
		unitName, err := t.checkVisitRefs(v)
		if err != nil {
			return err
		}
		if _, err := t.update("visits", &v.Record, visitFields(v)); err != nil {
			return err
		}
		if err := t.setLinks("visit_inspectors", "visit_id", "person_id", "visits", v.ID, v.InspectorIDs); err != nil {
			return err
		}
		v.UnitName = unitName
		return t.saveVisitDisclosures(v, unitName)
	})
}

// DeleteVisit removes a visit entered by mistake with its findings and
// their files (tombstones stay). A visit whose findings led to a document
// or an accountability action is part of the record and stays.
func (db *DB) DeleteVisit(ctx context.Context, id string) error {
	return db.write(ctx, data.PermFieldWork, func(t *tx) error {
		var n int
		err := t.queryRow(`SELECT
			(SELECT count(*) FROM documents WHERE visit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM document_findings df JOIN documents d ON d.id = df.document_id JOIN findings f ON f.id = df.finding_id
				WHERE f.visit_id = ?1 AND d.deleted_at IS NULL) +
			(SELECT count(*) FROM actions a JOIN findings f ON f.id = a.finding_id WHERE f.visit_id = ?1 AND a.deleted_at IS NULL)`, id).Scan(&n)
		if err != nil {
			return fmt.Errorf("store: visit references: %w", err)
		}
		if n > 0 {
			return &data.StateError{Action: "删除", Reason: "该检查记录或其发现问题已用于文书或责任追究，不能删除"}
		}
		findings, err := queryStrings(t.ctx, t.Tx, "SELECT id FROM findings WHERE visit_id = ? AND deleted_at IS NULL", id)
		if err != nil {
			return err
		}
		for _, f := range findings {
			if err := t.tombstone("findings", f); err != nil {
				return err
			}
			if err := t.tombstoneAttachments(data.OwnerFinding, f); err != nil {
				return err
			}
		}
		if err := t.tombstoneAttachments(data.OwnerVisit, id); err != nil {
			return err
		}
		return t.tombstone("visits", id)
	})
}

var visitSelect = "SELECT " + prefixed("v") + `, v.round_id, v.unit_id, u.name, v.visited_at, v.place, v.summary,
	v.phone_number, v.answered, v.attitude,
	(SELECT count(*) FROM findings f WHERE f.visit_id = v.id AND f.deleted_at IS NULL),
	coalesce((SELECT string_agg(person_id, ',') FROM visit_inspectors WHERE visit_id = v.id), '')
	FROM visits v JOIN units u ON u.id = v.unit_id`

func scanVisit(row interface{ Scan(...any) error }) (*data.Visit, error) {
	v := &data.Visit{}
	var inspectors string
	dest := append(recordDest(&v.Record), &v.RoundID, &v.UnitID, &v.UnitName, scanTime{&v.VisitedAt}, &v.Place, &v.Summary,
		&v.PhoneNumber, &v.Answered, &v.Attitude, &v.FindingCount, &inspectors)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if inspectors != "" {
		v.InspectorIDs = strings.Split(inspectors, ",")
		sort.Strings(v.InspectorIDs)
	}
	return v, nil
}

// Visit returns one visit with its unit's name, inspectors, number of
// findings and the 制度公示 items it was the last to check.
func (db *DB) Visit(ctx context.Context, id string) (*data.Visit, error) {
	var v *data.Visit
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var err error
		v, err = queryByID(ctx, q, "visit", scanVisit, visitSelect+" WHERE v.id = ? AND v.deleted_at IS NULL", id)
		if err != nil {
			return err
		}
		if err := eachRow(ctx, q, "visit disclosures", "SELECT item, posted, checked_on FROM unit_disclosures WHERE visit_id = ? AND deleted_at IS NULL", []any{id}, func(row rowScanner) error {
			d := data.Disclosure{VisitID: id}
			if err := row.Scan(&d.Item, &d.Posted, &d.CheckedOn); err != nil {
				return err
			}
			v.Disclosures = append(v.Disclosures, d)
			return nil
		}); err != nil {
			return err
		}
		sortDisclosures(v.Disclosures)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// sortDisclosures puts items in the checklist's order.
func sortDisclosures(ds []data.Disclosure) {
	rank := map[data.DisclosureItem]int{}
	for i, item := range data.DisclosureItems {
		rank[item] = i
	}
	sort.Slice(ds, func(i, j int) bool { return rank[ds[i].Item] < rank[ds[j].Item] })
}

// Visits lists visits matching f, latest first (without their
// disclosures: Visit loads them).
func (db *DB) Visits(ctx context.Context, f data.VisitFilter) ([]*data.Visit, error) {
	w := where("v.deleted_at IS NULL")
	w.dayBounds("v.visited_at", f.From, f.To)
	if f.RoundID != "" {
		w.add("v.round_id = ?", f.RoundID)
	}
	if f.UnitID != "" {
		w.add("v.unit_id = ?", f.UnitID)
	}
	q := visitSelect + " WHERE " + w.sql() + " ORDER BY v.visited_at DESC, v.id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, rd, "visits", scanVisit, q, w.args...)
}
