package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"xiaoneng/data"
)

// Complaints that may report again a matter already being dealt with: the
// registration form and the merge offer them (SimilarComplaints).

// duplicateWindow is how far back a complaint is looked for when another one
// comes in about the same matter.
const duplicateWindow = 90 * 24 * time.Hour

// SimilarComplaints lists the open complaints that may report again what c
// reports, before it is registered or to merge it: complaints about the same
// unit received from 90 days before c on, not yet concluded, whose 事由
// share enough two-character words with c's (see subjectLikeness), most
// alike first, at most 10. A concluded matter reported again is a new
// complaint; a complaint merged into another is left out (its master is listed);
// so is c itself once registered.
func (db *DB) SimilarComplaints(ctx context.Context, c *data.Complaint) ([]*data.Complaint, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	if c.UnitID == "" || strings.TrimSpace(c.Subject) == "" {
		return []*data.Complaint{}, nil
	}
	if c.ReceivedAt.IsZero() {
		like := *c
		like.ReceivedAt = db.now()
		c = &like
	}
	names, err := unitNames(ctx, rd, c.UnitID)
	if err != nil {
		return nil, err
	}
	var found []similar
	words := subjectWords(c.Subject, names...)
	if err := eachRow(ctx, db.reader, "similar complaints", complaintSelect+` WHERE c.unit_id = ? AND `+openCond+`
		AND c.received_at >= ? AND c.id != ? ORDER BY c.received_at DESC LIMIT 1000`,
		[]any{c.UnitID, formatTime(c.ReceivedAt.Add(-duplicateWindow)), c.ID}, func(row rowScanner) error {
			other, err := scanComplaint(row)
			if err != nil {
				return err
			}
			if score := likeness(words, subjectWords(other.Subject, names...)); score >= similarSubject {
				found = append(found, similar{other, score})
			}
			return nil
		}); err != nil {
		return nil, err
	}
	// Most alike first; among equals, the newest (the order read).
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	out := []*data.Complaint{}
	for i := 0; i < len(found) && i < 10; i++ {
		out = append(out, found[i].c)
	}
	return out, nil
}

// similar is a complaint like another, and how alike.
type similar struct {
	c     *data.Complaint
	score float64
}

// unitNames are the name and short name of unit id, which the 事由 of its
// complaints are compared without (subjectWords).
func unitNames(ctx context.Context, q querier, id string) ([]string, error) {
	var name, short string
	err := q.QueryRowContext(ctx, "SELECT name, short_name FROM units WHERE id = ?", id).Scan(&name, &short)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, data.Invalid("UnitID", "被投诉单位不存在或已删除，请重新选择")
	}
	if err != nil {
		return nil, fmt.Errorf("store: similar complaints: %w", err)
	}
	return []string{name, short}, nil
}

// openStatuses are the states of a complaint still being dealt with, into
// which another may be merged.
var openStatuses = []data.ComplaintStatus{data.StatusPending, data.StatusAccepted, data.StatusHandling,
	data.StatusVerifying, data.StatusReplying, data.StatusFollowUp}

// openCond selects the live complaints c in openStatuses: the condition of
// the partial index complaints_open (migration 0007), written out as the
// index has it so that SQLite reads the index.
var openCond = func() string {
	list := make([]string, len(openStatuses))
	for i, st := range openStatuses {
		list[i] = "'" + string(st) + "'"
	}
	return "c.status IN (" + strings.Join(list, ", ") + ") AND c.deleted_at IS NULL"
}()

// similarSubject is the likeness from which two 事由 may be one matter:
// "窗口人员态度差" and "窗口工作人员态度生硬" (0.53) are; "办理业务多次往返"
// and "办理营业执照慢" (0.15, only 办理 in common) are not.
const similarSubject = 0.2

// subjectLikeness is how alike two 事由 of complaints about the unit named
// names are (see subjectWords and likeness).
func subjectLikeness(a, b string, names ...string) float64 {
	return likeness(subjectWords(a, names...), subjectWords(b, names...))
}

// likeness is the Dice coefficient of two sets of words: 1 for the same
// words, 0 for none in common.
func likeness(pa, pb map[[2]rune]bool) float64 {
	if len(pa) == 0 || len(pb) == 0 {
		return 0
	}
	shared := 0
	for g := range pa {
		if pb[g] {
			shared++
		}
	}
	return 2 * float64(shared) / float64(len(pa)+len(pb))
}

// fillerWords open most 事由 and say nothing of the matter.
var fillerWords = map[[2]rune]bool{{'反', '映'}: true, {'投', '诉'}: true, {'举', '报'}: true}

// subjectWords are the two-character words of a 事由 (letters and digits
// only, folded as the search folds them) that may tell one matter from
// another: not the filler words, and not the words of the unit's own names
// (every complaint about 中国移动通信集团清溪分公司 says 移动 and 清溪分公司),
// whose parts of two characters or more are cut out first.
func subjectWords(s string, names ...string) map[[2]rune]bool {
	r := []rune(foldString(s))
	keep := make([]bool, len(r))
	for i := range r {
		keep[i] = unicode.IsLetter(r[i]) || unicode.IsDigit(r[i])
	}
	for i := 0; i < len(r); {
		n := 0
		for _, name := range names {
			name = foldString(name)
			for j := len(r); j >= i+2 && j-i > n; j-- {
				if strings.Contains(name, string(r[i:j])) {
					n = j - i
				}
			}
		}
		if n < 2 {
			i++
			continue
		}
		for k := i; k < i+n; k++ {
			keep[k] = false
		}
		i += n
	}
	set := map[[2]rune]bool{}
	for i := 0; i+1 < len(r); i++ {
		g := [2]rune{r[i], r[i+1]}
		if keep[i] && keep[i+1] && !fillerWords[g] {
			set[g] = true
		}
	}
	return set
}
