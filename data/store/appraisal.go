package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"xiaoneng/data"
)

// 评议: rounds of 群众评议, 民主评议, 万人评风 and 网络评议 give each unit a
// result (ballots or a score); 关键岗位评议 scores the key posts of units.
// A round is saved with its results in one transaction.

func appraisalFields(r *data.AppraisalRound) []field {
	return []field{
		{"title", strings.TrimSpace(r.Title)}, {"kind", string(r.Kind)},
		{"from_date", r.From}, {"to_date", r.To}, {"held_on", r.HeldOn}, {"note", strings.TrimSpace(r.Note)},
	}
}

// score is the stored value of an optional score: NULL when none was given.
func score(v float64, has bool) any {
	if !has {
		return nil
	}
	return v
}

func resultFields(roundID string, x *data.AppraisalResult) []field {
	ballots := x.Ballots
	if ballots == 0 {
		ballots = x.Counted()
	}
	return []field{
		{"round_id", roundID}, {"unit_id", x.UnitID}, {"ballots", ballots},
		{"satisfied", x.Satisfied}, {"basic", x.Basic}, {"unsatisfied", x.Unsatisfied},
		{"score", score(x.Score, x.HasScore)}, {"note", strings.TrimSpace(x.Note)},
	}
}

func postFields(roundID string, p *data.AppraisalPost) []field {
	return []field{
		{"round_id", roundID}, {"unit_id", p.UnitID}, {"post", strings.TrimSpace(p.Post)},
		{"holder", strings.TrimSpace(p.Holder)}, {"duties", strings.TrimSpace(p.Duties)},
		{"score", score(p.Score, p.HasScore)}, {"mark", string(p.Mark)},
	}
}

// checkAppraisalUnits refuses results and posts of units that do not exist.
// A retired unit keeps its place: a round may appraise a period it worked in.
func (t *tx) checkAppraisalUnits(r *data.AppraisalRound) error {
	for _, x := range r.Results {
		if err := t.requireLive("units", x.UnitID, "Results", "所列被评议单位不存在或已删除"); err != nil {
			return err
		}
	}
	for _, p := range r.Posts {
		if err := t.requireLive("units", p.UnitID, "Posts", "岗位所在单位不存在或已删除"); err != nil {
			return err
		}
	}
	return nil
}

// CreateAppraisal saves a new round with its results or posts.
func (db *DB) CreateAppraisal(ctx context.Context, r *data.AppraisalRound) error {
	if err := r.Validate(); err != nil {
		return err
	}
	for _, p := range r.Posts {
		if p.Mark == data.MarkWarned {
			return data.Invalid("Posts", "告诫须通过“告诫”办理，以记录责任追究")
		}
	}
	return db.write(ctx, data.PermAppraisals, func(t *tx) error {
		if err := t.checkAppraisalUnits(r); err != nil {
			return err
		}
		if err := t.insert("appraisal_rounds", &r.Record, appraisalFields(r)); err != nil {
			return err
		}
		for i := range r.Results {
			x := &r.Results[i]
			x.ID, x.RoundID = "", r.ID
			if err := t.insert("appraisal_results", &x.Record, resultFields(r.ID, x)); err != nil {
				return err
			}
		}
		for i := range r.Posts {
			p := &r.Posts[i]
			p.ID, p.RoundID, p.ActionID = "", r.ID, ""
			if err := t.insert("appraisal_posts", &p.Record, postFields(r.ID, p)); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateAppraisal saves a round's changed fields and results: a unit's
// result is matched by unit, a post by its ID; results and posts no longer
// listed are deleted. A post whose holder was warned keeps its warning.
func (db *DB) UpdateAppraisal(ctx context.Context, r *data.AppraisalRound) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermAppraisals, func(t *tx) error {
		cur, err := loadAppraisal(t.ctx, t.Tx, r.ID)
		if err != nil {
			return err
		}
		if err := t.checkAppraisalUnits(r); err != nil {
			return err
		}
		if _, err := t.update("appraisal_rounds", &r.Record, appraisalFields(r)); err != nil {
			return err
		}
		if err := t.syncResults(r.ID, cur.Results, r.Results); err != nil {
			return err
		}
		return t.syncPosts(r.ID, cur.Posts, r.Posts)
	})
}

// syncResults writes results as the round's results, given those stored.
func (t *tx) syncResults(roundID string, stored, results []data.AppraisalResult) error {
	byUnit := map[string]data.AppraisalResult{}
	for _, x := range stored {
		byUnit[x.UnitID] = x
	}
	listed := map[string]bool{}
	for i := range results {
		x := &results[i]
		x.RoundID = roundID
		listed[x.UnitID] = true
		if old, ok := byUnit[x.UnitID]; ok {
			x.Record = old.Record
			if _, err := t.update("appraisal_results", &x.Record, resultFields(roundID, x)); err != nil {
				return err
			}
			continue
		}
		x.ID = ""
		if err := t.insert("appraisal_results", &x.Record, resultFields(roundID, x)); err != nil {
			return err
		}
	}
	for _, x := range stored {
		if !listed[x.UnitID] {
			if err := t.tombstone("appraisal_results", x.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// syncPosts writes posts as the round's posts, given those stored.
func (t *tx) syncPosts(roundID string, stored, posts []data.AppraisalPost) error {
	byID := map[string]data.AppraisalPost{}
	for _, p := range stored {
		byID[p.ID] = p
	}
	kept := map[string]bool{}
	for i := range posts {
		p := &posts[i]
		p.RoundID = roundID
		old, ok := byID[p.ID]
		if !ok {
			if p.Mark == data.MarkWarned {
				return data.Invalid("Posts", "告诫须通过“告诫”办理，以记录责任追究")
			}
			p.ID, p.ActionID = "", ""
			if err := t.insert("appraisal_posts", &p.Record, postFields(roundID, p)); err != nil {
				return err
			}
			continue
		}
		kept[p.ID] = true
		p.ActionID = old.ActionID
		if old.Mark == data.MarkWarned {
			if p.Mark != data.MarkWarned || p.UnitID != old.UnitID || strings.TrimSpace(p.Holder) != old.Holder {
				return &data.StateError{Action: "修改", State: string(old.Mark),
					Reason: fmt.Sprintf("已对“%s（%s）”予以告诫，不能更改其单位、在岗人员和评定结果", old.Post, old.Holder)}
			}
		} else if p.Mark == data.MarkWarned {
			return data.Invalid("Posts", "告诫须通过“告诫”办理，以记录责任追究")
		}
		if _, err := t.update("appraisal_posts", &p.Record, postFields(roundID, p)); err != nil {
			return err
		}
	}
	for _, p := range stored {
		if kept[p.ID] {
			continue
		}
		if p.Mark == data.MarkWarned {
			return &data.StateError{Action: "删除", State: string(p.Mark),
				Reason: fmt.Sprintf("已对“%s（%s）”予以告诫，该岗位不能删除", p.Post, p.Holder)}
		}
		if err := t.tombstone("appraisal_posts", p.ID); err != nil {
			return err
		}
	}
	return nil
}

// DeleteAppraisal removes a round entered by mistake (tombstones stay). A
// round on which a holder was warned is part of that decision and stays.
func (db *DB) DeleteAppraisal(ctx context.Context, id string) error {
	return db.write(ctx, data.PermAppraisals, func(t *tx) error {
		cur, err := loadAppraisal(t.ctx, t.Tx, id)
		if err != nil {
			return err
		}
		for _, p := range cur.Posts {
			if p.Mark == data.MarkWarned {
				return &data.StateError{Action: "删除", State: string(p.Mark), Reason: "该评议已据以告诫岗位人员，不能删除"}
			}
		}
		return t.tombstone("appraisal_rounds", id)
	})
}

const appraisalSelect = "SELECT " + recordColumns + ", title, kind, from_date, to_date, held_on, note FROM appraisal_rounds"

func scanAppraisal(row interface{ Scan(...any) error }) (*data.AppraisalRound, error) {
	r := &data.AppraisalRound{}
	return r, row.Scan(append(recordDest(&r.Record), &r.Title, &r.Kind, &r.From, &r.To, &r.HeldOn, &r.Note)...)
}

func loadAppraisal(ctx context.Context, q querier, id string) (*data.AppraisalRound, error) {
	r, err := queryByID(ctx, q, "appraisal", scanAppraisal, appraisalSelect+" WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return nil, err
	}
	if err := fillAppraisalParts(ctx, q, []*data.AppraisalRound{r}, "round_id = ?", id); err != nil {
		return nil, err
	}
	return r, nil
}

// fillAppraisalParts reads the results and posts of rounds, selected by the
// condition cond on round_id, in the order of the unit registry.
func fillAppraisalParts(ctx context.Context, q querier, rounds []*data.AppraisalRound, cond string, args ...any) error {
	byID := make(map[string]*data.AppraisalRound, len(rounds))
	for _, r := range rounds {
		byID[r.ID] = r
		r.Results, r.Posts = nil, nil
	}
	err := eachRow(ctx, q, "appraisal results", "SELECT "+prefixed("x")+`, x.round_id, x.unit_id, u.name, x.ballots,
		x.satisfied, x.basic, x.unsatisfied, x.score, x.note
		FROM appraisal_results x JOIN units u ON u.id = x.unit_id
		WHERE x.deleted_at IS NULL AND x.`+cond+` ORDER BY u.category, u.name`, args, func(row rowScanner) error {
		var x data.AppraisalResult
		var s sql.NullFloat64
		if err := row.Scan(append(recordDest(&x.Record), &x.RoundID, &x.UnitID, &x.UnitName, &x.Ballots,
			&x.Satisfied, &x.Basic, &x.Unsatisfied, &s, &x.Note)...); err != nil {
			return err
		}
		x.Score, x.HasScore = s.Float64, s.Valid
		if r := byID[x.RoundID]; r != nil {
			r.Results = append(r.Results, x)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, "appraisal posts", "SELECT "+prefixed("p")+`, p.round_id, p.unit_id, u.name, p.post, p.holder,
		p.duties, p.score, p.mark, coalesce(p.action_id, '')
		FROM appraisal_posts p JOIN units u ON u.id = p.unit_id
		WHERE p.deleted_at IS NULL AND p.`+cond+` ORDER BY u.category, u.name, p.post, p.rowid`, args, func(row rowScanner) error {
		var p data.AppraisalPost
		var s sql.NullFloat64
		if err := row.Scan(append(recordDest(&p.Record), &p.RoundID, &p.UnitID, &p.UnitName, &p.Post, &p.Holder,
			&p.Duties, &s, &p.Mark, &p.ActionID)...); err != nil {
			return err
		}
		p.Score, p.HasScore = s.Float64, s.Valid
		if r := byID[p.RoundID]; r != nil {
			r.Posts = append(r.Posts, p)
		}
		return nil
	})
}

// Appraisal returns one round with its results or posts.
func (db *DB) Appraisal(ctx context.Context, id string) (*data.AppraisalRound, error) {
	return readOne(ctx, db, loadAppraisal, id)
}

// Appraisals lists the rounds f selects with their results and posts, the
// latest period first.
func (db *DB) Appraisals(ctx context.Context, f data.AppraisalFilter) ([]*data.AppraisalRound, error) {
	w := where("deleted_at IS NULL")
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Year != 0 {
		w.add("from_date <= ? AND to_date >= ?", fmt.Sprintf("%04d-12-31", f.Year), fmt.Sprintf("%04d-01-01", f.Year))
	}
	if f.UnitID != "" {
		w.add(`id IN (SELECT round_id FROM appraisal_results WHERE unit_id = ? AND deleted_at IS NULL
			UNION SELECT round_id FROM appraisal_posts WHERE unit_id = ? AND deleted_at IS NULL)`, f.UnitID, f.UnitID)
	}
	var out []*data.AppraisalRound
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var err error
		out, err = queryList(ctx, q, "appraisals", scanAppraisal, appraisalSelect+" WHERE "+w.sql()+" ORDER BY to_date DESC, from_date DESC, title", w.args...)
		if err != nil || len(out) == 0 {
			return err
		}
		return fillAppraisalParts(ctx, q, out, "round_id IN (SELECT id FROM appraisal_rounds WHERE "+w.sql()+")", w.args...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ImportAppraisalResults writes the results of an appraisal sheet into a
// round of units, all or nothing: each row's unit is found by its name or
// short name in the registry (an active unit before a retired one of the
// same name); a row naming no unit, or two rows naming one, refuses the
// whole sheet with the lines at fault. The units of the sheet get the
// sheet's results; the round's other units keep theirs. It returns the
// number of results written.
func (db *DB) ImportAppraisalResults(ctx context.Context, roundID string, rows []data.AppraisalRow) (int, error) {
	if len(rows) == 0 {
		return 0, data.Invalid("File", "表格中没有可导入的测评结果")
	}
	n := 0
	err := db.write(ctx, data.PermAppraisals, func(t *tx) error {
		r, err := loadAppraisal(t.ctx, t.Tx, roundID)
		if err != nil {
			return err
		}
		if r.Kind.ByPost() {
			return &data.StateError{Action: "导入", State: string(r.Kind), Reason: "关键岗位评议按岗位评分，不能导入单位测评结果"}
		}
		names, err := t.unitNames()
		if err != nil {
			return err
		}
		var problems []string
		results := slices.Clone(r.Results)
		at := map[string]int{} // unit id → index in results
		for i, x := range results {
			at[x.UnitID] = i
		}
		seen := map[string]int{} // unit id → sheet line
		for _, row := range rows {
			name := strings.TrimSpace(row.UnitName)
			id, ok := names[name]
			if !ok {
				problems = append(problems, fmt.Sprintf("第%d行“%s”不在单位名录中", row.Line, name))
				continue
			}
			if line, dup := seen[id]; dup {
				problems = append(problems, fmt.Sprintf("第%d行与第%d行是同一单位“%s”", row.Line, line, name))
				continue
			}
			seen[id] = row.Line
			x := data.AppraisalResult{RoundID: roundID, UnitID: id, UnitName: name, Ballots: row.Ballots,
				Satisfied: row.Satisfied, Basic: row.Basic, Unsatisfied: row.Unsatisfied, Score: row.Score, HasScore: row.HasScore}
			if i, ok := at[id]; ok {
				x.Record, x.Note = results[i].Record, results[i].Note
				results[i] = x
			} else {
				at[id] = len(results)
				results = append(results, x)
			}
		}
		if len(problems) > 0 {
			return data.Invalid("File", "表格未导入："+strings.Join(problems, "；"))
		}
		stored := r.Results
		r.Results = results
		if err := r.Validate(); err != nil {
			return err
		}
		n = len(seen)
		return t.syncResults(roundID, stored, r.Results)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// unitNames maps the names and short names of the registry's units to their
// IDs, an active unit taking a name before a retired one.
func (t *tx) unitNames() (map[string]string, error) {
	out := map[string]string{}
	if err := eachRow(t.ctx, t, "unit names", `SELECT id, name, short_name FROM units WHERE deleted_at IS NULL
		ORDER BY status = '在用', created_at`, nil, func(row rowScanner) error {
		var id, name, short string
		if err := row.Scan(&id, &name, &short); err != nil {
			return err
		}
		// Later rows win: active units come last.
		out[name] = id
		if short != "" {
			out[short] = id
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// WarnPosts records a 效能告诫 of the holders of the given posts of a key-post
// round (the bottom of the ranking), each a 责任追究 against the person, and
// marks the posts 告诫; all in one transaction. It returns the decisions.
func (db *DB) WarnPosts(ctx context.Context, roundID string, postIDs []string, decidedOn data.Date, decidedBy, docNumber string) ([]*data.Action, error) {
	if len(postIDs) == 0 {
		return nil, data.Invalid("Posts", "请选择要告诫的岗位")
	}
	var out []*data.Action
	err := db.write(ctx, data.PermAppraisals, func(t *tx) error {
		r, err := loadAppraisal(t.ctx, t.Tx, roundID)
		if err != nil {
			return err
		}
		for _, id := range sortedUnique(postIDs) {
			i := slices.IndexFunc(r.Posts, func(p data.AppraisalPost) bool { return p.ID == id })
			if i < 0 {
				return data.Invalid("Posts", "所选岗位不属于该评议")
			}
			p := r.Posts[i]
			if p.Mark == data.MarkWarned {
				return &data.StateError{Action: "告诫", State: string(p.Mark), Reason: fmt.Sprintf("已对“%s（%s）”予以告诫", p.Post, p.Holder)}
			}
			reason := fmt.Sprintf("在%s中排名靠后", r.Title)
			if p.HasScore {
				reason = fmt.Sprintf("在%s中得分%s，排名靠后", r.Title, formatScore(p.Score))
			}
			a := &data.Action{TargetKind: data.TargetPerson, UnitID: p.UnitID, PersonName: p.Holder, PersonPost: p.Post,
				Measure: "效能告诫", Reason: reason, DecidedOn: decidedOn, DecidedBy: decidedBy, DocNumber: docNumber}
			if err := a.Validate(); err != nil {
				return err
			}
			if decidedOn.After(data.DateOf(t.now)) {
				return data.Invalid("DecidedOn", "决定日期不能晚于今天")
			}
			if err := t.insert("actions", &a.Record, actionFields(a)); err != nil {
				return err
			}
			if _, err := t.update("appraisal_posts", &p.Record, []field{{"mark", string(data.MarkWarned)}, {"action_id", ref(a.ID)}}); err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// formatScore writes a score without needless decimals: 86, 86.5.
func formatScore(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// AppraisalRanking is the satisfaction of every unit appraised in the rounds
// of units whose period ends between from and to (both included), the
// lowest first: what the 通报 quotes as "群众满意率最低的单位". A unit's rate
// is the mean of its rates in those rounds (data.AppraisalResult.Rate).
func (db *DB) AppraisalRanking(ctx context.Context, from, to data.Date) ([]data.UnitSatisfaction, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	byUnit := map[string]*data.UnitSatisfaction{}
	sums := map[string]float64{}
	if err := eachRow(ctx, rd, "appraisal ranking", `SELECT x.unit_id, u.name, u.category, x.satisfied, x.basic, x.unsatisfied, x.score
		FROM appraisal_results x JOIN appraisal_rounds r ON r.id = x.round_id JOIN units u ON u.id = x.unit_id
		WHERE x.deleted_at IS NULL AND r.deleted_at IS NULL AND r.kind != ? AND r.to_date >= ? AND r.to_date <= ?`,
		[]any{string(data.AppraisalKeyPosts), from.String(), to.String()}, func(row rowScanner) error {
			var x data.AppraisalResult
			var name string
			var cat data.UnitCategory
			var s sql.NullFloat64
			if err := row.Scan(&x.UnitID, &name, &cat, &x.Satisfied, &x.Basic, &x.Unsatisfied, &s); err != nil {
				return err
			}
			x.Score, x.HasScore = s.Float64, s.Valid
			rate, ok := x.Rate()
			if !ok {
				return nil
			}
			u := byUnit[x.UnitID]
			if u == nil {
				u = &data.UnitSatisfaction{UnitID: x.UnitID, UnitName: name, Category: cat}
				byUnit[x.UnitID] = u
			}
			u.Rounds++
			u.Ballots += x.Counted()
			sums[x.UnitID] += rate
			return nil
		}); err != nil {
		return nil, err
	}
	out := make([]data.UnitSatisfaction, 0, len(byUnit))
	for id, u := range byUnit {
		u.Rate = sums[id] / float64(u.Rounds)
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b data.UnitSatisfaction) int {
		switch {
		case a.Rate < b.Rate:
			return -1
		case a.Rate > b.Rate:
			return 1
		}
		return strings.Compare(a.UnitName, b.UnitName)
	})
	return out, nil
}

// AppraisalSatisfaction maps each unit appraised in the rounds of units
// whose period ends between from and to to its satisfaction rate (0..1), as
// AppraisalRanking computes it: what 评议考核 scores. Units not appraised are
// absent.
func (db *DB) AppraisalSatisfaction(ctx context.Context, from, to data.Date) (map[string]float64, error) {
	ranking, err := db.AppraisalRanking(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(ranking))
	for _, u := range ranking {
		out[u.UnitID] = u.Rate
	}
	return out, nil
}
