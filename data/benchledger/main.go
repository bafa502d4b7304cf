// Command benchledger builds the large ledgers the performance benchmarks
// run on, through the product's own paths only, so that a benchmark sees
// what an office's ledger would give it and nothing more:
//
//   - the demo county (data/demo: units, people, supervision rounds with
//     their visits and findings, tasks, appraisals and some two thousand
//     complaints driven step by step through the workflow, with their documents);
//   - then complaints in batches of ten thousand through the import of the
//     office's Excel 台账 (store.ImportComplaints, the path of the 导入 screen
//     and of `xiaoneng import`): each with its history events and audit rows,
//     with texts of realistic length, in every state, received from
//     2025-01-01 up to the day before the demo's today (2026-11-21);
//   - one complaint in two hundred then taken further step by step (反馈, 核实,
//     答复, 回访 — a fifth of them 不满意 and reopened — 催办, 延期), one
//     transaction a step as a user does it;
//   - one assigned complaint in ten with its 交办单, drafted from the complaint by
//     the office's template (reports/documents) and saved in batches.
//
// The statistics SQLite plans its queries by are whatever the store keeps
// by itself (PRAGMA optimize on close, ANALYZE after an import): the builder
// runs no ANALYZE of its own. The same -n and -seed give the same ledger
// content (record identities aside).
//
//	go run ./data/benchledger -n 1000000 -o /work/bench/ledger-1000000.db
//
// It also writes, with -export, the product's own export (`xiaoneng export
// complaints 文件.xlsx`, 29 columns) of the ledger's newest complaints: what the
// import benchmarks read. scripts/bench.sh builds what is missing and runs
// the benchmarks; it is not part of the tests.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
	"xiaoneng/data/demo"
	"xiaoneng/data/store"
	"xiaoneng/reports"
	"xiaoneng/reports/documents"
)

func main() {
	n := flag.Int("n", 100_000, "complaints in the ledger, the demo county's included")
	seed := flag.Int64("seed", 0, "generator seed (0: the number of complaints)")
	out := flag.String("o", "", "the ledger to write (must not exist)")
	export := flag.String("export", "", "write the 29-column exports of the newest complaints as FILE-1.xlsx, FILE-2.xlsx …")
	files := flag.Int("export-files", 1, "export files, each of the next -export-rows complaints")
	rows := flag.Int("export-rows", 10_000, "complaints in each export file")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: benchledger -n COMPLAINTS -o LEDGER.db [-export FILE [-export-files K]]\n(an existing LEDGER.db is only exported from)")
		os.Exit(2)
	}
	if *seed == 0 {
		*seed = int64(*n)
	}
	ctx := context.Background()
	if _, err := os.Stat(*out); err != nil {
		if err := build(ctx, *out, *n, *seed, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "benchledger:", err)
			os.Exit(1)
		}
	}
	if *export != "" {
		if err := exportNewest(ctx, *out, *export, *files, *rows); err != nil {
			fmt.Fprintln(os.Stderr, "benchledger:", err)
			os.Exit(1)
		}
	}
}

// today is the clock of every ledger built: the demo's.
var today = demo.Today

// importBatch is the number of complaints one import writes: the size of an
// office's yearly 台账 and of the import benchmark.
const importBatch = 10_000

func build(ctx context.Context, path string, n int, seed int64, log io.Writer) (err error) {
	start := time.Now()
	step := func(format string, args ...any) {
		fmt.Fprintf(log, "%7.1fs  %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
	}
	db, err := store.Open(ctx, path, store.Options{Device: "benchledger", Create: true})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	// Fill leaves the demo's 主任 signed in, who imports and drafts below.
	if err := demo.Fill(ctx, db, seed, reports.BulletinFigures, nil); err != nil {
		return err
	}
	db.SetClock(func() time.Time { return today })
	units, err := db.Units(ctx, data.UnitFilter{Status: data.UnitActive})
	if err != nil {
		return err
	}
	have, err := db.CountComplaints(ctx, data.ComplaintFilter{})
	if err != nil {
		return err
	}
	step("demo county: %d units, %d complaints", len(units), have)

	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x6265_6e63_6832_3032)), units: units}
	times := g.receipts(max(n-have, 0))
	for i := 0; i < len(times); i += importBatch {
		list := g.complaints(times[i:min(i+importBatch, len(times))], i)
		res, err := db.ImportComplaints(ctx, list, store.ImportOptions{Source: fmt.Sprintf("台账%d.xlsx", i/importBatch+1)})
		if err != nil {
			if len(res.Problems) > 0 {
				p := res.Problems[0]
				return fmt.Errorf("import: row %d: %s %s: %w", p.Row, p.Field, p.Message, err)
			}
			return fmt.Errorf("import: %w", err)
		}
		step("imported %d complaints (%d)", i+len(list), res.Added)
	}
	steps, err := g.furtherSteps(ctx, db, max(n/200, 20))
	if err != nil {
		return err
	}
	step("%d steps taken", steps)
	docs, err := g.assignmentSlips(ctx, db)
	if err != nil {
		return err
	}
	step("%d 交办单 drafted", docs)
	return nil
}

// gen draws the complaints of a ledger from one seeded generator.
type gen struct {
	r     *rand.Rand
	units []*data.Unit
}

// receipts are n receipt times over 2025-01-01 … the day before today, in
// order, in office hours mostly.
func (g *gen) receipts(n int) []time.Time {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, data.Zone)
	days := int(today.Sub(from).Hours()/24) - 1
	out := make([]time.Time, n)
	for i := range out {
		day := from.AddDate(0, 0, g.r.IntN(days))
		minute := 8*60 + 30 + g.r.IntN(9*60)
		if g.r.IntN(10) == 0 { // the hotline works round the clock
			minute = g.r.IntN(24 * 60)
		}
		out[i] = day.Add(time.Duration(minute)*time.Minute + time.Duration(g.r.IntN(60))*time.Second)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// state is a weighted state of an imported complaint.
type state struct {
	s data.ComplaintStatus
	w int
}

// Older complaints are mostly finished; recent ones are spread over the
// states a complaint can be imported in.
var (
	oldStates    = []state{{data.StatusArchived, 60}, {data.StatusClosed, 25}, {data.StatusRejected, 5}, {data.StatusTransferred, 5}, {data.StatusMerged, 3}, {data.StatusHandling, 2}}
	recentStates = []state{{data.StatusPending, 12}, {data.StatusAccepted, 6}, {data.StatusHandling, 45}, {data.StatusClosed, 24}, {data.StatusRejected, 5}, {data.StatusTransferred, 4}, {data.StatusMerged, 4}}
)

func (g *gen) pick(states []state) data.ComplaintStatus {
	total := 0
	for _, s := range states {
		total += s.w
	}
	k := g.r.IntN(total)
	for _, s := range states {
		if k < s.w {
			return s.s
		}
		k -= s.w
	}
	return states[0].s
}

// complaints are the rows of one import file received at times; first is the
// number of complaints drawn before, for the file's own numbers.
func (g *gen) complaints(times []time.Time, first int) []*data.Complaint {
	out := make([]*data.Complaint, len(times))
	cal := data.NewCalendar()
	settings := data.DefaultSettings()
	for i, at := range times {
		u := g.units[g.r.IntN(len(g.units))]
		cats := data.Categories
		cat := cats[g.r.IntN(len(cats))]
		m := matters[cat][g.r.IntN(len(matters[cat]))]
		c := &data.Complaint{
			Number:     fmt.Sprintf("XL%d-%07d", at.Year(), first+i+1),
			ReceivedAt: at, Channel: data.Channels[g.r.IntN(len(data.Channels))],
			UnitName: u.Name, Category: cat, Subject: m[0], Content: content(g.r, m[1], u.Name),
		}
		if g.r.IntN(8) == 0 {
			c.Complainant.Anonymous = true
		} else {
			c.Complainant = data.Complainant{Name: personName(g.r), Phone: fmt.Sprintf("1%d%09d", 3+g.r.IntN(7), g.r.IntN(1_000_000_000))}
			if g.r.IntN(4) == 0 {
				c.Complainant.Address = towns[g.r.IntN(len(towns))] + fmt.Sprintf("%d号", 1+g.r.IntN(300))
			}
		}
		if g.r.IntN(3) == 0 {
			c.PersonName, c.PersonPost = personName(g.r), "窗口工作人员"
		}
		age := today.Sub(at)
		c.Status = g.pick(recentStates)
		if age > 60*24*time.Hour {
			c.Status = g.pick(oldStates)
		}
		g.milestones(c, out[:i], cal, settings)
		out[i] = c
	}
	return out
}

// milestones fill what the file records of a complaint in its state: each step
// a few hours to a few days after the one before, none after today.
func (g *gen) milestones(c *data.Complaint, earlier []*data.Complaint, cal *data.Calendar, s data.Settings) {
	clock := c.ReceivedAt
	next := func(maxHours int) time.Time {
		clock = clock.Add(time.Duration(1+g.r.IntN(maxHours)) * time.Hour)
		if clock.After(today) {
			clock = today
		}
		return clock
	}
	switch c.Status {
	case data.StatusRejected:
		c.RejectReason = "不属于效能投诉受理范围，已告知投诉人向有关部门反映"
		return
	case data.StatusTransferred:
		c.TransferTo = "县信访局"
		return
	case data.StatusMerged:
		// a repeat of an earlier complaint of the file that is not itself merged
		for k := len(earlier) - 1; k >= 0 && k >= len(earlier)-50; k-- {
			if e := earlier[k]; e.Status != data.StatusMerged && e.UnitName == c.UnitName {
				c.MergedIntoNo = e.Number
				return
			}
		}
		c.Status = data.StatusPending
		return
	case data.StatusPending:
		return
	}
	c.AcceptedAt = next(48)
	if c.Status == data.StatusAccepted {
		return
	}
	c.AssignedAt = next(24)
	c.HandlerUnitName = c.UnitName
	if g.r.IntN(4) == 0 {
		c.HandlerUnitName = g.units[g.r.IntN(len(g.units))].Name
	}
	c.LimitDays = data.DefaultLimitDays(s, c.Channel)
	if c.Status == data.StatusHandling {
		return
	}
	c.FedBackAt = next(24 * c.LimitDays)
	c.Feedback = feedbacks[g.r.IntN(len(feedbacks))]
	c.Verification = data.Verifications[g.r.IntN(len(data.Verifications))]
	c.RepliedAt = next(72)
	c.ClosedAt = next(240)
	c.Satisfaction = data.Satisfied
	if g.r.IntN(5) == 0 {
		c.Satisfaction = data.FairlySatisfied
	}
	if c.Status == data.StatusArchived {
		c.ArchivedAt = next(720)
	}
}

// furtherSteps takes the n newest complaints being handled through
// the rest of their handling one step at a time, as the 效能投诉 screen
// does: 催办 and 延期 for some, the unit's 反馈, 核实, 答复 and 回访, where a
// fifth of the complainants are 不满意 and the complaint starts a new round.
// It returns the number of steps taken.
func (g *gen) furtherSteps(ctx context.Context, db *store.DB, n int) (int, error) {
	list, err := db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusHandling, Limit: n})
	if err != nil {
		return 0, err
	}
	steps := 0
	for _, c := range list {
		at := c.AssignedAt
		later := func(hours int) time.Time {
			at = at.Add(time.Duration(1+g.r.IntN(hours)) * time.Hour)
			if at.After(today) {
				at = today
			}
			return at
		}
		plan := []data.Step{}
		if g.r.IntN(4) == 0 {
			plan = append(plan, data.Step{Kind: data.EventRemind, At: later(24 * 10), Method: "电话", Note: "电话催促承办单位加快办理"})
		}
		if g.r.IntN(6) == 0 {
			plan = append(plan, data.Step{Kind: data.EventExtend, At: later(24), LimitDays: 5, Note: "案情复杂，需进一步调查核实", ApprovedBy: "主任"})
		}
		plan = append(plan,
			data.Step{Kind: data.EventFeedback, At: later(24 * 5), Note: feedbacks[g.r.IntN(len(feedbacks))]},
			data.Step{Kind: data.EventVerify, At: later(48), Result: string(data.Verifications[g.r.IntN(len(data.Verifications))])},
			data.Step{Kind: data.EventReply, At: later(48), Method: "电话", Note: "已向投诉人电话答复处理情况"})
		verdict := data.Satisfied
		if g.r.IntN(5) == 0 {
			verdict = data.Dissatisfied
		}
		plan = append(plan, data.Step{Kind: data.EventFollowUp, At: later(72), Method: "电话", Result: string(verdict)})
		for _, s := range plan {
			if _, _, err := db.ApplyStep(ctx, c.ID, s); err != nil {
				var se *data.StateError
				if errors.As(err, &se) {
					break // e.g. 延期 refused for a complaint already overdue
				}
				return steps, fmt.Errorf("step %s of %s: %w", s.Kind, c.Number, err)
			}
			steps++
		}
	}
	return steps, nil
}

// assignmentSlips drafts the 交办单 of one assigned complaint in ten, in
// batches of a thousand a transaction, and returns how many it saved.
func (g *gen) assignmentSlips(ctx context.Context, db *store.DB) (int, error) {
	settings, err := db.Settings(ctx)
	if err != nil {
		return 0, err
	}
	byID := map[string]*data.Unit{}
	for _, u := range g.units {
		byID[u.ID] = u
	}
	saved := 0
	var batch []*data.Document
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := db.CreateDocuments(ctx, batch); err != nil {
			return err
		}
		saved += len(batch)
		batch = batch[:0]
		return nil
	}
	// month by month: a page of a million complaints is slow to reach by offset
	for m := time.Date(2025, 1, 1, 0, 0, 0, 0, data.Zone); m.Before(today); m = m.AddDate(0, 1, 0) {
		from := data.DateOf(m)
		list, err := db.Complaints(ctx, data.ComplaintFilter{From: from, To: data.DateOf(m.AddDate(0, 1, -1))})
		if err != nil {
			return saved, err
		}
		for _, c := range list {
			if c.AssignedAt.IsZero() || g.r.IntN(10) != 0 {
				continue
			}
			d, err := documents.Compose(data.DocAssignment, &documents.Source{Complaint: c, Unit: byID[c.HandlerUnitID]}, c.DueDate, settings)
			if err != nil {
				return saved, err
			}
			if batch = append(batch, d); len(batch) == 1000 {
				if err := flush(); err != nil {
					return saved, err
				}
			}
		}
	}
	return saved, flush()
}

// exportNewest writes files exports of rows complaints each, the newest
// first: what an office moving its complaints to another ledger imports.
// Complaints between 反馈 and 回访 (待核实, 待答复, 待回访), and those merged
// into them, are left out, as in the exports the README's figures were
// measured with (the import took no complaint in those states then).
func exportNewest(ctx context.Context, path, prefix string, files, rows int) error {
	db, err := store.Open(ctx, path, store.Options{Device: "benchledger"})
	if err != nil {
		return err
	}
	defer db.Close()
	// the demo's 主任, who holds every role (demo.Fill leaves him signed in)
	if _, err := db.SignIn(ctx, demo.Users()[0], demo.Password); err != nil {
		return err
	}
	db.SetClock(func() time.Time { return today })
	cal, err := db.Calendar(ctx)
	if err != nil {
		return err
	}
	list, err := db.Complaints(ctx, data.ComplaintFilter{Limit: files * rows * 11 / 10})
	if err != nil {
		return err
	}
	left := map[string]bool{}
	var take []*data.Complaint
	for _, c := range slices.Backward(list) { // masters before what was merged into them
		switch {
		case c.Status == data.StatusVerifying || c.Status == data.StatusReplying || c.Status == data.StatusFollowUp:
			left[c.ID] = true
		case left[c.MergedIntoID]:
		default:
			take = append(take, c)
		}
	}
	slices.Reverse(take)
	for k := range files {
		part := take[min(k*rows, len(take)):min((k+1)*rows, len(take))]
		out := fmt.Sprintf("%s-%d.xlsx", prefix, k+1)
		if err := atomicfile.Write(out, func(w io.Writer) error {
			return reports.WriteXLSX(w, reports.ComplaintSheet(part, cal, db.Today(), false))
		}); err != nil {
			return err
		}
	}
	return nil
}
