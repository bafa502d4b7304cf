package store

import (
	"cmp"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// How an import finds what the ledger has already: the complaint a record
// already is, the master of a duplicate, and the look-alikes to merge.

// ImportPlan is what a dry run of ImportComplaints found in the ledger —
// the complaint each record already is, the complaints the new ones look
// like — for the import of the same records that follows the preview to
// reuse instead of looking again: the lookups cost as much as the writing.
// It holds for the same ledger and user while the ledger is as the dry run
// saw it: the end of its audit chain, which every change moves, unchanged.
type ImportPlan struct {
	db         *DB
	sess       *session
	end        chainEnd
	existing   []string // by record: the complaint it already is, or ""
	lookAlikes []ImportLookAlike
}

// holds returns p when the import of n records in t may reuse it (end
// is the audit chain's end at the start of t), else nil.
func (p *ImportPlan) holds(t *tx, end chainEnd, n int) *ImportPlan {
	if p == nil || p.db != t.db || p.sess != t.sess || len(p.existing) != n || !p.end.equal(end) {
		return nil
	}
	return p
}

// numbered is the plan's look-alikes with the numbers the records got.
func (p *ImportPlan) numbered(list []*data.Complaint) []ImportLookAlike {
	out := slices.Clone(p.lookAlikes)
	for i := range out {
		out[i].Number = list[out[i].Index].Number
	}
	return out
}

// importMaster finds the complaint an imported duplicate was merged into: a
// complaint of the file by its 编号, or one of the ledger by the 编号 it was
// imported under or its own number. A master must not itself be merged.
func (t *tx) importMaster(number string, list []*data.Complaint, byNumber map[string]int) (string, error) {
	merged := fmt.Sprintf("并入的投诉“%s”本身已并入其他投诉，请填写最终的主投诉", number)
	if j, ok := byNumber[number]; ok {
		if list[j].MergedIntoNo != "" {
			return "", data.Invalid("MergedIntoID", merged)
		}
		if list[j].ID != "" {
			return list[j].ID, nil
		}
		// the master's row was refused, and says why
		return "", data.Invalid("MergedIntoID", fmt.Sprintf("并入的投诉“%s”不能导入，见该行的问题", number))
	}
	var id string
	var isMerged bool
	err := t.queryRow(`SELECT id, merged_into_id IS NOT NULL FROM complaints WHERE (import_key = ?1 OR number = ?2) AND deleted_at IS NULL
		ORDER BY import_key = ?1 DESC LIMIT 1`, "编号:"+number, number).Scan(&id, &isMerged)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", data.Invalid("MergedIntoID", fmt.Sprintf("并入的投诉“%s”不在台账中，也不在本表中", number))
	case err != nil:
		return "", fmt.Errorf("store: find master complaint: %w", err)
	case isMerged:
		return "", data.Invalid("MergedIntoID", merged)
	}
	return id, nil
}

// importedComplaint finds the complaint the record already is (see
// data.ComplaintKey): one imported under the same key, or one registered
// here (or exported from this ledger) with the same receipt minute, unit
// and subject and either the same complainant or the file's 编号 as its
// number, among the complaints there before this import (rowid up to
// before): two complaints of the file are two complaints, however alike. A file
// from another ledger numbers its complaints its own way: its 编号 alone
// says nothing of this ledger's complaints.
func (t *tx) importedComplaint(key, number string, c *data.Complaint, before int64) (string, error) {
	var id string
	err := t.queryRow("SELECT id FROM complaints WHERE import_key = ?", key).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: find imported complaint: %w", err)
	}
	// by the unit's name when the file names it: two units may share a
	// name, one of them merged away
	minute := c.ReceivedAt.Truncate(time.Minute)
	unitMatch, unitArg := "c.unit_id = ?1", c.UnitID
	if name := strings.TrimSpace(c.UnitName); name != "" {
		unitMatch, unitArg = "(u.name = ?1 OR u.short_name = ?1)", name
	}
	// The few complaints of that minute, unit and subject; their complainants
	// are sealed, so they are compared here, opened. Read by the minute
	// first (CROSS JOIN: SQLite keeps the order): by the unit's name, SQLite
	// went through every unit, looking for the minute in each.
	type candidate struct {
		id, number string
		anonymous  bool
		sealed     []byte
	}
	var found []candidate
	err = eachRow(t.ctx, t.reads(), "find imported complaint", `SELECT c.id, c.number, c.anonymous, c.complainant_sealed
		FROM complaints c CROSS JOIN units u
		WHERE u.id = c.unit_id AND c.received_at >= ?2 AND c.received_at < ?3 AND c.deleted_at IS NULL AND `+unitMatch+` AND c.subject = ?4 AND c.rowid <= ?5
		ORDER BY c.rowid`,
		[]any{unitArg, formatTime(minute), formatTime(minute.Add(time.Minute)), strings.TrimSpace(c.Subject), before},
		func(row rowScanner) error {
			var k candidate
			if err := row.Scan(&k.id, &k.number, &k.anonymous, &k.sealed); err != nil {
				return err
			}
			found = append(found, k)
			return nil
		})
	if err != nil {
		return "", err
	}
	for _, k := range found {
		if n := strings.TrimSpace(number); n != "" && k.number == n {
			return k.id, nil
		}
	}
	for _, k := range found {
		p := data.Complainant{Anonymous: k.anonymous}
		if !k.anonymous && !c.Complainant.Anonymous {
			if p, err = t.db.openIdentity(t.ctx, t, t.sess, k.id, k.sealed); err != nil {
				return "", err
			}
		}
		if p.SameComplainant(c.Complainant) {
			return k.id, nil
		}
	}
	return "", nil
}

// importKey is the import_key a record is found by again: its 编号, or the
// hash data.ComplaintKey makes of its complainant and the rest, keyed
// with the identity search key so that the column gives no complainant
// away to whoever has the file (an unkeyed hash of a name is found by
// hashing the names of a county).
func (t *tx) importKey(key string) (string, error) {
	if strings.HasPrefix(key, "编号:") {
		return key, nil
	}
	t.db.mu.RLock()
	k := t.sess.searchKey
	t.db.mu.RUnlock()
	if k == nil {
		return "", data.ErrNoIdentityKey
	}
	return "投诉人:" + hex.EncodeToString(seal.Keyed(t.db.suite, k, []byte("import\x00"+key))[:12]), nil
}

// importLookAlikes lists the records added that may report again what
// another complaint reports (ImportLookAlike): complaints still open that a 并单
// could merge, like an open complaint of the ledger there before the import
// (rowid up to before) or an earlier open record of the file. The complaints
// of the ledger are read once for each unit the file's records are about,
// from the index of open complaints: not once for every record.
func (t *tx) importLookAlikes(list []*data.Complaint, r *importRun, before int64) ([]ImportLookAlike, error) {
	mergeable := func(c *data.Complaint) bool {
		return slices.Contains(data.NextSteps(c.Status), data.EventMerge) && c.MergedIntoNo == ""
	}
	// by unit: the records added to look at, and those they may repeat
	added, others := map[string][]int{}, map[string][]int{}
	for i, c := range list {
		if r.res.Outcomes[i] == ImportRefused || !mergeable(c) {
			continue
		}
		others[c.UnitID] = append(others[c.UnitID], i)
		if r.res.Outcomes[i] == ImportAdded {
			added[c.UnitID] = append(added[c.UnitID], i)
		}
	}
	found := map[int][]scoredLike{}
	for unit, idx := range added {
		names, err := unitNames(t.ctx, t, unit)
		if err != nil {
			return nil, err
		}
		earliest := list[idx[0]].ReceivedAt
		for _, i := range idx {
			if list[i].ReceivedAt.Before(earliest) {
				earliest = list[i].ReceivedAt
			}
		}
		type open struct {
			number string
			at     time.Time
			words  map[[2]rune]bool
		}
		var ledger []open // newest first
		err = eachRow(t.ctx, t, "look-alikes", `SELECT c.number, c.subject, c.received_at FROM complaints c
			WHERE c.unit_id = ? AND `+openCond+` AND c.received_at >= ? AND c.rowid <= ? ORDER BY c.received_at DESC`,
			[]any{unit, formatTime(earliest.Add(-duplicateWindow)), before}, func(row rowScanner) error {
				var o open
				var subject string
				if err := row.Scan(&o.number, &subject, scanTime{&o.at}); err != nil {
					return err
				}
				o.words = subjectWords(subject, names...)
				ledger = append(ledger, o)
				return nil
			})
		if err != nil {
			return nil, err
		}
		fileWords := make(map[int]map[[2]rune]bool, len(others[unit]))
		for _, j := range others[unit] {
			fileWords[j] = subjectWords(list[j].Subject, names...)
		}
		for _, i := range idx {
			c := list[i]
			words := fileWords[i]
			from := c.ReceivedAt.Add(-duplicateWindow)
			for _, o := range ledger {
				if o.at.Before(from) {
					break
				}
				if score := likeness(words, o.words); score >= similarSubject {
					found[i] = append(found[i], scoredLike{o.number, score})
				}
			}
			for _, j := range others[unit] {
				o := list[j]
				if j == i || o.ReceivedAt.After(c.ReceivedAt) || (o.ReceivedAt.Equal(c.ReceivedAt) && j > i) || o.ReceivedAt.Before(from) {
					continue
				}
				if score := likeness(words, fileWords[j]); score >= similarSubject {
					found[i] = append(found[i], scoredLike{fmt.Sprintf("第%d行", r.row(j)), score})
				}
			}
		}
	}
	var out []ImportLookAlike
	for i, c := range list {
		like := found[i]
		if len(like) == 0 {
			continue
		}
		slices.SortStableFunc(like, func(a, b scoredLike) int { return cmp.Compare(b.score, a.score) })
		l := ImportLookAlike{Index: i, Row: r.row(i)}
		if !r.opt.DryRun {
			l.Number = c.Number
		}
		for _, f := range like[:min(len(like), 3)] {
			l.Like = append(l.Like, f.name)
		}
		out = append(out, l)
	}
	return out, nil
}

type scoredLike struct {
	name  string
	score float64
}
