package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"xiaoneng/data"
)

// The import of complaints from the office's Excel 台账: checking each record
// and filling the milestones its state implies, numbering it.

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
		end, err := t.chainEnd()
		if err != nil {
			return err
		}
		plan := opt.Plan.holds(t, end, len(list))
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
		found := make([]string, len(list)) // the complaint each record already is
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
			var existing string
			if plan != nil {
				existing = plan.existing[i]
			} else if existing, err = t.importedComplaint(keys[i], fileNumber, c, before); err != nil {
				return err
			}
			found[i] = existing
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
		if plan != nil {
			r.res.LookAlikes = plan.numbered(list)
		} else if r.res.LookAlikes, err = t.importLookAlikes(list, r, before); err != nil {
			return err
		}
		if opt.DryRun && len(r.res.Problems) == 0 {
			r.res.Plan = &ImportPlan{db: db, sess: t.sess, end: end, existing: found, lookAlikes: r.res.LookAlikes}
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
	if err := c.CheckReceived(now); err != nil {
		return err
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
