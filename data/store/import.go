package store

import (
	"cmp"
	"context"
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

// Imports from the office's Excel 台账: units and complaint complaints, all or
// nothing in one transaction, never adding a record twice.

// ImportOptions say how an import runs.
type ImportOptions struct {
	// DryRun checks every record and counts what would be added, and
	// writes nothing: the preview shows what the import will do. Records
	// are checked, not written: a failure of the ledger itself while
	// writing (a full disk) shows only in the import.
	DryRun bool
	// Source is the file's name, noted on each imported complaint's history.
	Source string
	// Rows are the file's row numbers of the records, for messages; when
	// absent, records are numbered from 1.
	Rows []int
	// Mapping is the column mapping the user confirmed: remembered in the
	// settings when the import is written.
	Mapping ImportMapping
}

// ImportMapping is a remembered column mapping: under the header
// signature, each column header and the field it fills.
type ImportMapping struct {
	Signature string
	Columns   map[string]string
}

// ImportOutcome is what became of one record.
type ImportOutcome int

const (
	ImportAdded    ImportOutcome = iota // new: added (or, in a dry run, to be added)
	ImportExisting                      // already in the ledger: left as it is
	ImportRefused                       // has a problem: see Problems
)

// ImportResult says what an import did, or for a dry run would do.
type ImportResult struct {
	// Added counts the new records: added, or to be added once the
	// problems are put right.
	Added    int
	Existing int // already in the ledger, left as they are
	// Outcomes has one entry per record given.
	Outcomes []ImportOutcome
	// Problems are the records refused, each with its reason in Chinese.
	// When there are any, nothing is written.
	Problems []ImportProblem
	// LookAlikes are the complaints added that may be duplicates (complaints).
	LookAlikes []ImportLookAlike
	// Batch is the number of the import's batch (ImportBatch), by which
	// UndoImport undoes it; 0 when nothing was written.
	Batch int64
}

// ImportLookAlike is a record of the import that looks like another complaint
// — of the same unit, with a like 事由, received up to 90 days after it,
// both still open — without being the same complaint (another
// complainant): a possible 并单, for a person to decide after the import,
// as registration offers it (SimilarComplaints).
type ImportLookAlike struct {
	Index  int    // the record's index in the slice given
	Row    int    // its row in the file
	Number string // the complaint it became; "" in a dry run
	// Like names the complaints it looks like, most alike first: a complaint of
	// the ledger by its number, a record of the file as 第N行.
	Like []string
}

// ImportProblem is why one record cannot be imported.
type ImportProblem struct {
	Index   int // the record's index in the slice given
	Row     int // its row in the file (ImportOptions.Rows), or Index+1
	Field   string
	Message string
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("store: dry run")

// dryID marks the id a unit a dry run would add stands under.
const dryID = "dry-run:"

// importRun collects the result of one import.
type importRun struct {
	opt ImportOptions
	res ImportResult
}

func newImportRun(n int, opt ImportOptions) *importRun {
	return &importRun{opt: opt, res: ImportResult{Outcomes: make([]ImportOutcome, n)}}
}

func (r *importRun) row(i int) int {
	if i < len(r.opt.Rows) {
		return r.opt.Rows[i]
	}
	return i + 1
}

// refuse records a problem of record i; err's message is shown when it is
// one of ours.
func (r *importRun) refuse(i int, err error) {
	p := ImportProblem{Index: i, Row: r.row(i), Message: data.UserMessage(err)}
	var ve *data.ValidationError
	var ce *data.ConflictError
	switch {
	case errors.As(err, &ve):
		p.Field = ve.Field
	case errors.As(err, &ce):
		p.Field = ce.Field
	}
	r.res.Outcomes[i] = ImportRefused
	r.res.Problems = append(r.res.Problems, p)
}

// finish ends the import's transaction: it fails when a record was refused,
// rolls back a dry run and an import that adds nothing (the ledger stays
// as it was, to the byte: no remembered mapping, no audit row), and
// otherwise remembers the mapping and records the import's batch: the
// records of table added (idOf gives the id of record i) and the others it
// wrote with them, by table (a complaint's history).
func (r *importRun) finish(t *tx, table string, idOf func(i int) string, with map[string][]string) error {
	if n := len(r.res.Problems); n > 0 {
		return data.Invalid("Rows", fmt.Sprintf("有%d行不能导入，未写入任何记录；请改正后重新导入", n))
	}
	if r.opt.DryRun || r.res.Added == 0 {
		return errDryRun
	}
	if err := t.rememberMapping(r.opt.Mapping); err != nil {
		return err
	}
	ids := make([]string, 0, r.res.Added)
	for i, o := range r.res.Outcomes {
		if o == ImportAdded {
			ids = append(ids, idOf(i))
		}
	}
	var err error
	r.res.Batch, err = t.recordBatch(table, r.opt.Source, ids, with)
	return err
}

// end turns the transaction's outcome into the import's.
func (r *importRun) end(err error) (ImportResult, error) {
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil && len(r.res.Problems) == 0 {
		// a failure of the ledger itself: nothing was written
		r.res.Added, r.res.Existing = 0, 0
	}
	return r.res, err
}

// rememberMapping saves the column mapping under its signature in the
// settings, within the import's transaction.
func (t *tx) rememberMapping(m ImportMapping) error {
	if m.Signature == "" || len(m.Columns) == 0 {
		return nil
	}
	s, err := readSettings(t.ctx, t.Tx)
	if err != nil {
		return err
	}
	if same(s.ImportMappings[m.Signature], m.Columns) {
		return nil
	}
	next := make(map[string]map[string]string, len(s.ImportMappings)+1)
	for k, v := range s.ImportMappings {
		next[k] = v
	}
	next[m.Signature] = m.Columns
	s.ImportMappings = next
	return t.saveSettings(s)
}

func same(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// ImportUnits adds the units not yet in the registry, in one transaction:
// a unit whose name an active unit already has (or, for a unit listed as
// 已撤并, any unit) is left as it is, so importing the same list again
// adds nothing. A unit's parent is named by
// ParentName: an active unit of the registry or one of the list (in any
// order). If any unit has a problem, nothing is written and every problem
// is in the result.
func (db *DB) ImportUnits(ctx context.Context, units []*data.Unit, opt ImportOptions) (ImportResult, error) {
	r := newImportRun(len(units), opt)
	err := db.bulkWrite(ctx, data.PermRegistry, func(t *tx) error {
		active, err := t.unitsByName(true)
		if err != nil {
			return err
		}
		named, err := t.unitsByName(false)
		if err != nil {
			return err
		}
		seen := map[string]int{} // new names → index
		var pending []int
		for i, u := range units {
			u.Name = strings.TrimSpace(u.Name)
			u.ParentName = strings.TrimSpace(u.ParentName)
			u.MergedIntoName = strings.TrimSpace(u.MergedIntoName)
			if u.Status == "" {
				u.Status = data.UnitActive
			}
			if err := u.Validate(); err != nil {
				r.refuse(i, err)
				continue
			}
			id, ok := active[u.Name]
			if !ok && u.Status == data.UnitRetired {
				id, ok = named[u.Name]
			}
			if ok {
				u.ID = id
				r.res.Outcomes[i] = ImportExisting
				r.res.Existing++
				continue
			}
			if j, ok := seen[u.Name]; ok {
				r.refuse(i, &data.ConflictError{Field: "Name", Message: fmt.Sprintf("单位名称“%s”与第%d行重复", u.Name, r.row(j))})
				continue
			}
			if u.ParentName == u.Name {
				r.refuse(i, data.Invalid("ParentID", "上级单位不能是本单位"))
				continue
			}
			if u.MergedIntoName != "" && (u.Status != data.UnitRetired || u.MergedIntoName == u.Name) {
				r.refuse(i, data.Invalid("MergedIntoID", fmt.Sprintf("只有已撤并的单位才能填写并入单位，且不能并入本单位（“%s”）", u.MergedIntoName)))
				continue
			}
			seen[u.Name] = i
			pending = append(pending, i)
		}
		// Parents first, and the units merged into before those merged:
		// each pass adds the units whose parent and successor are known.
		for len(pending) > 0 {
			var later []int
			for _, i := range pending {
				u := units[i]
				if u.ParentName != "" && u.ParentID == "" {
					id, ok := active[u.ParentName]
					if !ok {
						if _, coming := seen[u.ParentName]; coming {
							later = append(later, i)
							continue
						}
						r.refuse(i, data.Invalid("ParentID", fmt.Sprintf("上级单位“%s”不在单位名录中，也不在本表中", u.ParentName)))
						continue
					}
					u.ParentID = id
				}
				if u.MergedIntoName != "" && u.MergedIntoID == "" {
					id, ok := active[u.MergedIntoName]
					if !ok {
						id, ok = named[u.MergedIntoName]
					}
					if !ok {
						if _, coming := seen[u.MergedIntoName]; coming {
							later = append(later, i)
							continue
						}
						r.refuse(i, data.Invalid("MergedIntoID", fmt.Sprintf("并入单位“%s”不在单位名录中，也不在本表中", u.MergedIntoName)))
						continue
					}
					u.MergedIntoID = id
				}
				if u.ParentID != "" && !strings.HasPrefix(u.ParentID, dryID) {
					if err := t.checkUnit(u.ParentID, "ParentID", "上级单位", false); err != nil {
						r.refuse(i, err)
						continue
					}
				}
				r.res.Added++
				if opt.DryRun {
					// what the unit's children need to know: it will be there
					active[u.Name], named[u.Name] = dryID+u.Name, dryID+u.Name
					u.MergedIntoID = ""
					continue
				}
				u.ID = ""
				if err := t.insert("units", &u.Record, unitFields(u)); err != nil {
					return err
				}
				active[u.Name], named[u.Name] = u.ID, u.ID
			}
			if len(later) == len(pending) {
				// what is left names parents that are themselves waiting, or were refused
				for _, i := range later {
					u := units[i]
					if j, ok := seen[u.ParentName]; ok && u.ParentID == "" {
						r.refuse(i, data.Invalid("ParentID", fmt.Sprintf("上级单位“%s”不能导入（见第%d行），或上下级关系成环", u.ParentName, r.row(j))))
					} else {
						r.refuse(i, data.Invalid("MergedIntoID", fmt.Sprintf("并入单位“%s”不能导入（见第%d行），或并入关系成环", u.MergedIntoName, r.row(seen[u.MergedIntoName]))))
					}
				}
				break
			}
			pending = later
		}
		return r.finish(t, "units", func(i int) string { return units[i].ID }, nil)
	})
	return r.end(err)
}

// unitsByName maps unit names, and the short names no other unit uses as
// its name, to ids: active units only, or every live unit with active ones
// taking precedence (a complaint of past years may name a unit since merged).
func (t *tx) unitsByName(activeOnly bool) (map[string]string, error) {
	q := "SELECT id, name, short_name, status = '在用' FROM units WHERE deleted_at IS NULL"
	if activeOnly {
		q += " AND status = '在用'"
	}
	rows, err := t.QueryContext(t.ctx, q+" ORDER BY status = '在用', created_at")
	if err != nil {
		return nil, fmt.Errorf("store: units by name: %w", err)
	}
	defer rows.Close()
	names, short := map[string]string{}, map[string]string{}
	for rows.Next() {
		var id, name, shortName string
		var active bool
		if err := rows.Scan(&id, &name, &shortName, &active); err != nil {
			return nil, fmt.Errorf("store: units by name: %w", err)
		}
		// later rows (active, then newer) replace earlier ones
		names[name] = id
		if shortName != "" {
			short[shortName] = id
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: units by name: %w", err)
	}
	if activeOnly {
		return names, nil
	}
	for s, id := range short {
		if _, taken := names[s]; !taken {
			names[s] = id
		}
	}
	return names, nil
}

// importableStatuses are the states a complaint may be imported in: every
// state, so that the program's own export imports whole.
var importableStatuses = []data.ComplaintStatus{
	data.StatusPending, data.StatusAccepted, data.StatusHandling, data.StatusVerifying, data.StatusReplying, data.StatusFollowUp,
	data.StatusClosed, data.StatusArchived, data.StatusRejected, data.StatusTransferred, data.StatusMerged,
}

// handledFurther are the states of a complaint being handled a step further
// each: the unit's result in (反馈, 待核实), the office's finding on it
// (核实, 待答复), the reply to the complainant (答复, 待回访).
var handledFurther = map[data.ComplaintStatus]int{data.StatusVerifying: 1, data.StatusReplying: 2, data.StatusFollowUp: 3}

// endedAs is how an imported complaint ended before it was archived: closed,
// or without being handled (不予受理, 转办, 并单) when the file gives no
// 办结 time and says why. For a complaint not archived it is its state.
func endedAs(c *data.Complaint) data.ComplaintStatus {
	if c.Status != data.StatusArchived || !c.ClosedAt.IsZero() {
		return c.Status
	}
	switch {
	case c.MergedIntoNo != "":
		return data.StatusMerged
	case strings.TrimSpace(c.RejectReason) != "":
		return data.StatusRejected
	case strings.TrimSpace(c.TransferTo) != "":
		return data.StatusTransferred
	}
	return c.Status
}

// ImportComplaints adds complaints from an office's ledger in one transaction.
// Each complaint gives its registration fields and the state it is in, with
// the milestones the file records; the ledger numbers it (TS2026-0007:
// the file's own 编号 when it is a number of this program's form, of the
// year received and free, see importNumbers) and keeps the file's 编号
// (given in Number) as the key it is found by. The unit complained about and the handler may be named
// (UnitName, HandlerUnitName) instead of given by id. A record is the same
// complaint as another by data.ComplaintKey's rule: a complaint already in the
// ledger — imported before, or registered here with the same receipt
// minute, unit and subject and either the same complainant or, exported
// from this ledger, its number as 编号 — is left as it is, whatever state
// the file gives it, and the same complaint twice in the file is a
// problem. Records that only look alike are imported, and listed in
// LookAlikes. A duplicate (已并单, or archived as one) names the
// complaint it was merged into by that complaint's 编号 (MergedIntoNo), in the
// file or the ledger. If any complaint has a problem, nothing is written and
// every problem is in the result.
//
// Missing milestones are taken from the ones before: 受理 at receipt, 交办
// at 受理 to the unit itself with the channel's 办理时限, 反馈 and 答复 at
// 办结. A closed complaint must say when it was concluded, and so must an
// archived one, unless the file says it was archived without being handled:
// not accepted (a reason given), transferred (the body named) or merged.
func (db *DB) ImportComplaints(ctx context.Context, list []*data.Complaint, opt ImportOptions) (ImportResult, error) {
	if _, err := db.allow(data.PermComplaints); err != nil {
		return ImportResult{}, err
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	r := newImportRun(len(list), opt)
	err = db.bulkWrite(ctx, data.PermComplaints, func(t *tx) error {
		if err := t.officeOnly("导入投诉件"); err != nil {
			return err
		}
		settings, err := readSettings(t.ctx, t.Tx)
		if err != nil {
			return err
		}
		before, upkeep, err := t.deferComplaintUpkeep()
		if err != nil {
			return err
		}
		var batch importBatch
		units, err := t.unitsByName(false)
		if err != nil {
			return err
		}
		seen := map[string]int{}
		byNumber := map[string]int{} // the file's 编号 → index
		var merged []int             // duplicates, added once their masters are known
		keys := make([]string, len(list))
		numbers := newImportNumbers(t, list)
		add := func(i int) error {
			c := list[i]
			r.res.Added++
			if opt.DryRun {
				return nil
			}
			if err := numbers.give(c); err != nil {
				return err
			}
			return batch.add(t, c, cal, keys[i], opt.Source, r.row(i))
		}
		for i, c := range list {
			fileNumber := strings.TrimSpace(c.Number)
			if err := resolveImportUnits(c, units); err != nil {
				r.refuse(i, err)
				continue
			}
			if c.ReceivedAt.IsZero() {
				r.refuse(i, data.Invalid("ReceivedAt", "请填写收件时间"))
				continue
			}
			key := data.ComplaintKey(fileNumber, c)
			if j, ok := seen[key]; ok {
				r.refuse(i, &data.ConflictError{Field: "Number", Message: fmt.Sprintf("与第%d行是同一件投诉（编号相同，或投诉人、被投诉单位、事由和收件时间都相同）", r.row(j))})
				continue
			}
			seen[key] = i
			if keys[i], err = t.importKey(key); err != nil {
				return err
			}
			if fileNumber != "" {
				byNumber[fileNumber] = i
			}
			existing, err := t.importedComplaint(keys[i], fileNumber, c, before)
			if err != nil {
				return err
			}
			if existing != "" {
				// whatever state the file gives it: the ledger's record stands
				c.ID = existing
				r.res.Outcomes[i] = ImportExisting
				r.res.Existing++
				continue
			}
			if err := prepareImport(c, cal, settings, t.now); err != nil {
				r.refuse(i, err)
				continue
			}
			c.ID = newID()
			if c.MergedIntoNo != "" {
				merged = append(merged, i)
				continue
			}
			if err := add(i); err != nil {
				return err
			}
		}
		for _, i := range merged {
			master, err := t.importMaster(list[i].MergedIntoNo, list, byNumber)
			if err != nil {
				r.refuse(i, err)
				continue
			}
			list[i].MergedIntoID = master
			if err := add(i); err != nil {
				return err
			}
		}
		if err := batch.flush(t); err != nil {
			return err
		}
		if err := upkeep(); err != nil {
			return err
		}
		if r.res.LookAlikes, err = t.importLookAlikes(list, r, before); err != nil {
			return err
		}
		return r.finish(t, "complaints", func(i int) string { return list[i].ID }, map[string][]string{"complaint_events": batch.eventIDs})
	})
	return r.end(err)
}

// resolveImportUnits finds the units a complaint names.
func resolveImportUnits(c *data.Complaint, units map[string]string) error {
	if c.UnitID == "" && strings.TrimSpace(c.UnitName) != "" {
		id, ok := units[strings.TrimSpace(c.UnitName)]
		if !ok {
			return data.Invalid("UnitID", fmt.Sprintf("被投诉单位“%s”不在单位名录中，请先导入或新建该单位", strings.TrimSpace(c.UnitName)))
		}
		c.UnitID = id
	}
	if c.HandlerUnitID == "" && strings.TrimSpace(c.HandlerUnitName) != "" {
		id, ok := units[strings.TrimSpace(c.HandlerUnitName)]
		if !ok {
			return data.Invalid("HandlerUnitID", fmt.Sprintf("承办单位“%s”不在单位名录中，请先导入或新建该单位", strings.TrimSpace(c.HandlerUnitName)))
		}
		c.HandlerUnitID = id
	}
	return nil
}

// prepareImport checks an imported complaint and fills the milestones its
// state implies from the ones the file gives.
func prepareImport(c *data.Complaint, cal *data.Calendar, s data.Settings, now time.Time) error {
	if c.Status == "" {
		c.Status = data.StatusPending
	}
	if !oneOfStatus(c.Status, importableStatuses) {
		return data.Invalid("Status", fmt.Sprintf("状态“%s”不能导入：请导入为“办理中”，再在本程序中继续办理", c.Status))
	}
	if err := c.Validate(); err != nil {
		return err
	}
	c.ReceivedAt = c.ReceivedAt.In(data.Zone).Truncate(time.Millisecond)
	if c.ReceivedAt.After(now) {
		return data.Invalid("ReceivedAt", "收件时间不能晚于当前时间")
	}
	// the times the file gives, before any is taken from another
	for _, st := range importSteps(c) {
		if !st.at.IsZero() && data.DateOf(*st.at).Before(data.DateOf(c.ReceivedAt)) {
			return data.Invalid(st.field, st.name+"时间不能早于收件时间")
		}
	}
	// the 办理轮次 the file gives (a complaint 重办 after a verdict of 不满意
	// is in its second), else the first
	switch {
	case c.Round == 0:
		c.Round = 1
	case c.Round < 0 || c.Round > maxImportRound:
		return data.Invalid("Round", fmt.Sprintf("办理轮次应在1至%d之间", maxImportRound))
	}
	c.AcceptDue, _ = cal.AddWorkdays(data.DateOf(c.ReceivedAt), s.AcceptLimitDays)
	c.MergedIntoNo = strings.TrimSpace(c.MergedIntoNo)
	ended := endedAs(c)
	order := map[data.ComplaintStatus]int{data.StatusAccepted: 1, data.StatusHandling: 2,
		data.StatusVerifying: 2, data.StatusReplying: 2, data.StatusFollowUp: 2, data.StatusClosed: 3, data.StatusArchived: 3}
	stage := order[ended]

	switch {
	case ended == data.StatusMerged && c.MergedIntoNo == "":
		return data.Invalid("MergedIntoID", "状态为“已并单”，请填写并入的投诉编号")
	case ended != data.StatusMerged && c.MergedIntoNo != "":
		return data.Invalid("MergedIntoID", fmt.Sprintf("状态为“%s”，却填写了并入的投诉", c.Status))
	}
	if c.Status == data.StatusArchived && stage < 3 && c.ArchivedAt.IsZero() {
		c.ArchivedAt = c.ReceivedAt
	}
	switch ended {
	case data.StatusRejected:
		if strings.TrimSpace(c.RejectReason) == "" {
			c.RejectReason = "原台账未注明理由"
		}
	case data.StatusTransferred:
		if strings.TrimSpace(c.TransferTo) == "" {
			return data.Invalid("TransferTo", "状态为“已转办”，请填写转办的机关")
		}
	}
	if stage < 3 && !c.ClosedAt.IsZero() {
		return data.Invalid("ClosedAt", fmt.Sprintf("状态为“%s”，却填写了办结时间", c.Status))
	}
	if stage >= 1 && c.AcceptedAt.IsZero() {
		c.AcceptedAt = c.ReceivedAt
	}
	if stage >= 2 {
		if c.HandlerUnitID == "" {
			c.HandlerUnitID = c.UnitID
		}
		if c.AssignedAt.IsZero() {
			c.AssignedAt = c.AcceptedAt
		}
		if c.LimitDays == 0 {
			c.LimitDays = data.DefaultLimitDays(s, c.Channel)
		}
		// A limit with its due date given may include extensions (延期),
		// which add to it beyond what one assignment may give.
		if c.LimitDays < 1 || (c.LimitDays > s.MaxLimitDays && c.DueDate.IsZero()) {
			return data.Invalid("LimitDays", fmt.Sprintf("办理时限应在1至%d个工作日之间", s.MaxLimitDays))
		}
		if c.DueDate.IsZero() {
			c.DueDate, _ = cal.AddWorkdays(data.DateOf(c.AssignedAt), c.LimitDays)
		}
	}
	if step := handledFurther[ended]; step > 0 {
		if c.FedBackAt.IsZero() {
			c.FedBackAt = c.AssignedAt
		}
		switch {
		case step >= 2 && c.Verification == "":
			return data.Invalid("Verification", fmt.Sprintf("状态为“%s”，请填写核实结论", c.Status))
		case step < 2 && c.Verification != "":
			return data.Invalid("Verification", fmt.Sprintf("状态为“%s”，尚未核实，不应有核实结论", c.Status))
		case c.Satisfaction != "":
			return data.Invalid("Satisfaction", fmt.Sprintf("状态为“%s”，尚未回访，不应有回访满意度", c.Status))
		}
		if step >= 3 && c.RepliedAt.IsZero() {
			c.RepliedAt = c.FedBackAt
		}
	}
	if stage >= 3 {
		if c.ClosedAt.IsZero() {
			return data.Invalid("ClosedAt", fmt.Sprintf("状态为“%s”，请填写办结时间", c.Status))
		}
		if c.Satisfaction == data.Dissatisfied {
			return data.Invalid("Satisfaction", "回访不满意的投诉应重新办理，不能是已办结状态")
		}
		if c.FedBackAt.IsZero() {
			c.FedBackAt = c.ClosedAt
		}
		if c.RepliedAt.IsZero() {
			c.RepliedAt = c.ClosedAt
		}
		if c.Status == data.StatusArchived && c.ArchivedAt.IsZero() {
			c.ArchivedAt = c.ClosedAt
		}
		c.Verdict = c.Satisfaction // the 回访 of the history (importedEvents)
	} else if handledFurther[ended] == 0 && (c.Satisfaction != "" || c.Verification != "") {
		return data.Invalid("Satisfaction", fmt.Sprintf("状态为“%s”，尚未办结，不应有核实结论或回访满意度", c.Status))
	}
	if c.Verification != "" && !oneOfVerification(c.Verification) {
		return data.Invalid("Verification", fmt.Sprintf("核实结论“%s”应为属实、部分属实、不属实或无法核实", c.Verification))
	}
	// the milestones in time order, none in the future; a date typed
	// without a time (midnight) on the day of the step before it is taken
	// as no earlier than that step
	last, lastName := c.ReceivedAt, "收件"
	for _, st := range importSteps(c) {
		if st.at.IsZero() {
			continue
		}
		*st.at = st.at.In(data.Zone).Truncate(time.Millisecond)
		switch {
		case st.at.After(now):
			return data.Invalid(st.field, st.name+"时间不能晚于当前时间")
		case data.DateOf(*st.at).Before(data.DateOf(last)):
			return data.Invalid(st.field, fmt.Sprintf("%s时间不能早于%s时间", st.name, lastName))
		case st.at.Before(last):
			*st.at = last
		}
		last, lastName = *st.at, st.name
	}
	return nil
}

// importNumbers gives imported complaints their numbers: the file's own 编号
// when it is one of this program's (an export of a ledger imported into
// another keeps its numbers), of the year received and free; else the
// next of the year, passing over those the file keeps.
type importNumbers struct {
	t    *tx
	next map[int]int          // the next seq to try, by year
	kept map[int]map[int]bool // seqs the file's numbers keep or the import gave, by year
}

func newImportNumbers(t *tx, list []*data.Complaint) *importNumbers {
	n := &importNumbers{t: t, next: map[int]int{}, kept: map[int]map[int]bool{}}
	for _, c := range list {
		if year, seq, ok := n.ownNumber(c); ok {
			n.keep(year, seq)
		}
	}
	return n
}

// ownNumber is the file's number of c when it can be kept.
func (n *importNumbers) ownNumber(c *data.Complaint) (year, seq int, ok bool) {
	year, seq, ok = parseComplaintNumber(strings.TrimSpace(c.Number))
	return year, seq, ok && year == c.ReceivedAt.In(data.Zone).Year()
}

func (n *importNumbers) keep(year, seq int) {
	if n.kept[year] == nil {
		n.kept[year] = map[int]bool{}
	}
	n.kept[year][seq] = true
}

// give numbers c.
func (n *importNumbers) give(c *data.Complaint) error {
	c.Year = c.ReceivedAt.In(data.Zone).Year()
	if year, seq, ok := n.ownNumber(c); ok {
		var taken bool
		if err := n.t.queryRow("SELECT EXISTS (SELECT 1 FROM complaints WHERE year = ? AND seq = ?)", year, seq).Scan(&taken); err != nil {
			return fmt.Errorf("store: complaint number: %w", err)
		}
		if !taken {
			c.Seq, c.Number = seq, complaintNumber(year, seq)
			return nil
		}
		// the ledger has the number already: the file's kept as its key
	}
	if _, ok := n.next[c.Year]; !ok {
		var next int
		if err := n.t.queryRow("SELECT coalesce(max(seq), 0) + 1 FROM complaints WHERE year = ?", c.Year).Scan(&next); err != nil {
			return fmt.Errorf("store: complaint number: %w", err)
		}
		n.next[c.Year] = next
	}
	for n.kept[c.Year][n.next[c.Year]] {
		n.next[c.Year]++
	}
	c.Seq = n.next[c.Year]
	c.Number = complaintNumber(c.Year, c.Seq)
	n.keep(c.Year, c.Seq)
	return nil
}

// maxImportRound is the most 办理轮次 an imported complaint may claim.
const maxImportRound = 20

// importStep is a milestone of an imported complaint.
type importStep struct {
	name, field string
	at          *time.Time
}

func importSteps(c *data.Complaint) []importStep {
	return []importStep{{"受理", "AcceptedAt", &c.AcceptedAt}, {"交办", "AssignedAt", &c.AssignedAt}, {"反馈", "FedBackAt", &c.FedBackAt},
		{"答复", "RepliedAt", &c.RepliedAt}, {"办结", "ClosedAt", &c.ClosedAt}, {"归档", "ArchivedAt", &c.ArchivedAt}}
}

func oneOfStatus(s data.ComplaintStatus, list []data.ComplaintStatus) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func oneOfVerification(v data.Verification) bool {
	for _, x := range data.Verifications {
		if x == v {
			return true
		}
	}
	return false
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
	// are sealed, so they are compared here, opened.
	type candidate struct {
		id, number string
		anonymous  bool
		sealed     []byte
	}
	var found []candidate
	err = eachRow(t.ctx, t.reads(), "find imported complaint", `SELECT c.id, c.number, c.anonymous, c.complainant_sealed
		FROM complaints c JOIN units u ON u.id = c.unit_id
		WHERE c.received_at >= ?2 AND c.received_at < ?3 AND c.deleted_at IS NULL AND `+unitMatch+` AND c.subject = ?4 AND c.rowid <= ?5
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

// importBatch holds imported complaints until they are written, many to a
// statement: an import writes ten thousand complaints and their histories,
// and each statement costs more than the rows it writes.
type importBatch struct {
	complaints    []*data.Record
	complaintRows [][]field
	events        []*data.ComplaintEvent
	eventIDs      []string // of every event written, for the import's batch
}

// importBatchSize is the number of complaints written by one statement.
const importBatchSize = 64

// add puts an imported complaint (its ID set) with its history in the batch,
// writing the batch when it is full.
func (b *importBatch) add(t *tx, c *data.Complaint, cal *data.Calendar, key, source string, row int) error {
	fields := append(registrationFields(c), workflowFields(c, cal)...)
	fields = append(fields, field{"number", c.Number}, field{"year", c.Year}, field{"seq", c.Seq}, field{"import_key", key})
	identity, err := t.sealComplainant(c)
	if err != nil {
		return err
	}
	b.complaints = append(b.complaints, &c.Record)
	b.complaintRows = append(b.complaintRows, append(fields, identity...))
	for _, e := range importedEvents(c, source, row) {
		e.ComplaintID, e.Actor, e.Round = c.ID, t.actor, 1
		b.events = append(b.events, e)
	}
	if len(b.complaints) < importBatchSize {
		return nil
	}
	return b.flush(t)
}

// flush writes the complaints of the batch, then their histories.
func (b *importBatch) flush(t *tx) error {
	if err := t.insertRows("complaints", b.complaints, b.complaintRows, identityMasks); err != nil {
		return err
	}
	recs, rows := make([]*data.Record, len(b.events)), make([][]field, len(b.events))
	for i, e := range b.events {
		recs[i], rows[i] = &e.Record, eventFields(e)
	}
	if err := t.insertRows("complaint_events", recs, rows, nil); err != nil {
		return err
	}
	for _, r := range recs {
		b.eventIDs = append(b.eventIDs, r.ID)
	}
	b.complaints, b.complaintRows, b.events = b.complaints[:0], b.complaintRows[:0], b.events[:0]
	return nil
}

// importedEvents is the history of an imported complaint: its registration
// with where it came from, and the steps its state implies.
func importedEvents(c *data.Complaint, source string, row int) []*data.ComplaintEvent {
	note := "由Excel台账导入"
	if source != "" {
		note = fmt.Sprintf("由Excel台账导入（%s第%d行）", source, row)
	}
	events := []*data.ComplaintEvent{{Kind: data.EventRegister, At: c.ReceivedAt, Note: note}}
	add := func(at time.Time, e data.ComplaintEvent) {
		if !at.IsZero() {
			e.At = at
			events = append(events, &e)
		}
	}
	switch endedAs(c) {
	case data.StatusRejected:
		add(c.ReceivedAt, data.ComplaintEvent{Kind: data.EventReject, Note: c.RejectReason})
	case data.StatusTransferred:
		add(c.ReceivedAt, data.ComplaintEvent{Kind: data.EventTransfer, TransferTo: c.TransferTo})
	case data.StatusMerged:
		add(c.ReceivedAt, data.ComplaintEvent{Kind: data.EventMerge, RelatedID: c.MergedIntoID})
	}
	// The history keeps the steps that carry something the complaint's own
	// fields do not: who handled it by when, the unit's result, the
	// verdicts. The times of the other milestones are on the complaint.
	if c.AssignedAt.IsZero() {
		add(c.AcceptedAt, data.ComplaintEvent{Kind: data.EventAccept})
	}
	add(c.AssignedAt, data.ComplaintEvent{Kind: data.EventAssign, HandlerUnitID: c.HandlerUnitID, LimitDays: c.LimitDays, DueDate: c.DueDate})
	if c.Feedback != "" {
		add(c.FedBackAt, data.ComplaintEvent{Kind: data.EventFeedback, Note: c.Feedback})
	}
	if c.Verification != "" {
		add(c.FedBackAt, data.ComplaintEvent{Kind: data.EventVerify, Result: string(c.Verification)})
	}
	if c.Satisfaction != "" {
		add(c.ClosedAt, data.ComplaintEvent{Kind: data.EventFollowUp, Result: string(c.Satisfaction)})
	}
	add(c.ArchivedAt, data.ComplaintEvent{Kind: data.EventArchive})
	return events
}
