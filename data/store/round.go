package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xiaoneng/data"
)

func roundFields(r *data.Round) []field {
	return []field{
		{"title", strings.TrimSpace(r.Title)}, {"kind", string(r.Kind)},
		{"start_date", r.Start}, {"end_date", r.End},
		{"description", r.Description}, {"leader_id", ref(r.LeaderID)},
	}
}

// CreateRound adds a 督查活动 with its team and its planned units.
func (db *DB) CreateRound(ctx context.Context, r *data.Round) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermSupervision, func(t *tx) error {
		if err := t.checkRoundRefs(r); err != nil {
			return err
		}
		if err := t.insert("rounds", &r.Record, roundFields(r)); err != nil {
			return err
		}
		return t.saveRoundLinks(r)
	})
}

// UpdateRound saves the changed fields, team and planned units of a round.
func (db *DB) UpdateRound(ctx context.Context, r *data.Round) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermSupervision, func(t *tx) error {
		if err := t.checkRoundRefs(r); err != nil {
			return err
		}
		if _, err := t.update("rounds", &r.Record, roundFields(r)); err != nil {
			return err
		}
		return t.saveRoundLinks(r)
	})
}

func (t *tx) saveRoundLinks(r *data.Round) error {
	if err := t.setLinks("round_members", "round_id", "person_id", "rounds", r.ID, r.MemberIDs); err != nil {
		return err
	}
	return t.setLinks("round_units", "round_id", "unit_id", "rounds", r.ID, r.UnitIDs)
}

// checkRoundRefs turns references to missing people or units into a
// message for the user rather than a foreign-key failure.
func (t *tx) checkRoundRefs(r *data.Round) error {
	people := sortedUnique(append([]string{r.LeaderID}, r.MemberIDs...))
	if err := t.checkLive("people", people, "MemberIDs", "所选督查人员中有已删除或不存在的人员"); err != nil {
		return err
	}
	return t.checkLive("units", sortedUnique(r.UnitIDs), "UnitIDs", "计划检查的单位中有已删除或不存在的单位")
}

// checkLive refuses ids that do not name live records of table.
func (t *tx) checkLive(table string, ids []string, fieldName, message string) error {
	for _, id := range ids {
		if err := t.requireLive(table, id, fieldName, message); err != nil {
			return err
		}
	}
	return nil
}

// DeleteRound removes a round entered by mistake. A round with visits or
// documents is part of the record and cannot be deleted.
func (db *DB) DeleteRound(ctx context.Context, id string) error {
	return db.write(ctx, data.PermSupervision, func(t *tx) error {
		var visits, docs int
		err := t.queryRow(`SELECT
			(SELECT count(*) FROM visits WHERE round_id = ?1 AND deleted_at IS NULL),
			(SELECT count(*) FROM documents WHERE round_id = ?1 AND deleted_at IS NULL)`, id).Scan(&visits, &docs)
		if err != nil {
			return fmt.Errorf("store: round references: %w", err)
		}
		switch {
		case visits > 0:
			return &data.StateError{Action: "删除", Reason: fmt.Sprintf("该督查活动已有%d条检查记录，不能删除；如确属误录，请先删除其检查记录", visits)}
		case docs > 0:
			return &data.StateError{Action: "删除", Reason: "该督查活动已有相关文书，不能删除"}
		}
		return t.tombstone("rounds", id)
	})
}

const roundSelect = "SELECT " + recordColumns + ", title, kind, start_date, end_date, description, coalesce(leader_id, '') FROM rounds"

func scanRound(row interface{ Scan(...any) error }) (*data.Round, error) {
	r := &data.Round{}
	dest := append(recordDest(&r.Record), &r.Title, &r.Kind, &r.Start, &r.End, &r.Description, &r.LeaderID)
	return r, row.Scan(dest...)
}

// Round returns one round with its team and planned units.
func (db *DB) Round(ctx context.Context, id string) (*data.Round, error) {
	var r *data.Round
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var err error
		r, err = queryByID(ctx, q, "round", scanRound, roundSelect+" WHERE id = ? AND deleted_at IS NULL", id)
		if err != nil {
			return err
		}
		if r.MemberIDs, err = queryStrings(ctx, q, "SELECT person_id FROM round_members WHERE round_id = ? ORDER BY person_id", id); err != nil {
			return err
		}
		r.UnitIDs, err = queryStrings(ctx, q, "SELECT unit_id FROM round_units WHERE round_id = ? ORDER BY unit_id", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Rounds lists rounds matching f, newest first, each with its team and
// planned units.
func (db *DB) Rounds(ctx context.Context, f data.RoundFilter) ([]*data.Round, error) {
	w := where("deleted_at IS NULL")
	if f.Year != 0 {
		// A round belongs to every year its period touches.
		w.add("start_date <= ? AND coalesce(end_date, start_date) >= ?", data.NewDate(f.Year, 12, 31).String(), data.NewDate(f.Year, 1, 1).String())
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		w.add(`title LIKE ? ESCAPE '\'`, "%"+escapeLike(s)+"%")
	}
	var out []*data.Round
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var err error
		out, err = queryList(ctx, q, "rounds", scanRound, roundSelect+" WHERE "+w.sql()+" ORDER BY start_date DESC, created_at DESC", w.args...)
		if err != nil {
			return err
		}
		byID := map[string]*data.Round{}
		for _, r := range out {
			byID[r.ID] = r
		}
		// Rounds are few (a handful a quarter): reading the link tables
		// whole is cheaper than a query per round.
		if err := eachPair(ctx, q, "SELECT round_id, person_id FROM round_members ORDER BY round_id, person_id", func(round, person string) {
			if r := byID[round]; r != nil {
				r.MemberIDs = append(r.MemberIDs, person)
			}
		}); err != nil {
			return err
		}
		return eachPair(ctx, q, "SELECT round_id, unit_id FROM round_units ORDER BY round_id, unit_id", func(round, unit string) {
			if r := byID[round]; r != nil {
				r.UnitIDs = append(r.UnitIDs, unit)
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachPair calls fn for each row of a two-column string query.
func eachPair(ctx context.Context, q querier, query string, fn func(a, b string)) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		fn(a, b)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// UnvisitedUnits returns the units planned for a round that have no visit
// in it yet, by category and name: what is left of the plan.
func (db *DB) UnvisitedUnits(ctx context.Context, roundID string) ([]*data.Unit, error) {
	var out []*data.Unit
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var n int
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM rounds WHERE id = ? AND deleted_at IS NULL", roundID).Scan(&n); err != nil {
			return fmt.Errorf("store: round %s: %w", roundID, err)
		}
		if n == 0 {
			return fmt.Errorf("store: round %s: %w", roundID, data.ErrNotFound)
		}
		var err error
		out, err = queryList(ctx, q, "unvisited units", scanUnit, unitSelect+` WHERE u.deleted_at IS NULL
			AND u.id IN (SELECT unit_id FROM round_units WHERE round_id = ?1)
			AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.round_id = ?1 AND v.unit_id = u.id AND v.deleted_at IS NULL)
			ORDER BY u.category, u.name`, roundID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
