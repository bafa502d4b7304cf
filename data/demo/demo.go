// Package demo fills an empty ledger with a realistic demo county, 清溪县:
// its units and the office's people, two years of supervision rounds and
// complaint complaints driven through the real workflow, accountability
// actions and the documents the office issued. The same seed always gives
// the same ledger content (record identities aside), because everything
// is drawn from one seeded generator, dated against a fixed "today"
// (2026-11-21 10:00) and never taken from the wall clock.
//
// The work happens in two phases: a plan built in memory (pure, so it can
// be checked and adjusted, e.g. to make sure every complaint state is present
// at the demo's today), then its execution through the store's public
// methods, one transaction each, as a user of the application would do it.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Today is the demo's fixed "today": every date in the demo ledger is
// drawn relative to it, so alerts (临近到期, 已超期) are as planned when
// the ledger is looked at on this day.
var Today = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

// historyStart is the first day of the demo's history.
var historyStart = data.NewDate(2025, time.January, 1)

// officeName is the demo office, also its 署名 on documents.
const officeName = countyName + "机关效能建设办公室"

// Fill fills an empty ledger with the demo county. It refuses a ledger that
// already has records (data.ErrNotEmpty). progress, if not nil, is called
// as the work proceeds with the number of items done out of total.
//
// The ledger must have no user yet: Fill creates the demo's users (see
// Users), zhuren first as the ledger's first administrator, and each
// change is made by the user whose work it is. It leaves zhuren signed in.
// While it works, the store's clock is set to Today; it is put back to the
// wall clock afterwards. The figures of the 通报 the demo office issued are
// written by figures.
func Fill(ctx context.Context, db *store.DB, seed int64, figures Figures, progress func(done, total int)) error {
	return fill(ctx, db, seed, historyStart, figures, progress)
}

// Figures are a 通报's sentences on the complaints and on the supervision
// of a period (a quarter "2026Q3" or a month "2026-10"), those past their
// due date counted on day asOf: the program's own (reports.BulletinFigures),
// so that a 通报 of the demo office quotes what 统计考核 shows of its period. The caller
// gives them: data does not depend on reports.
type Figures func(ctx context.Context, db *store.DB, period string, asOf data.Date) (complaints, supervision string, err error)

// fillWhat names the demo's fill in the ledger (store.Fill).
const fillWhat = "演示县数据"

// fill is Fill with a history from the given day: tests under the race
// detector, where SQLite is many times slower, fill only recent weeks.
func fill(ctx context.Context, db *store.DB, seed int64, from data.Date, figures Figures, progress func(done, total int)) error {
	empty, err := db.Empty(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !empty {
		if _, cut, err := db.UnfinishedFill(ctx); err != nil || cut {
			return fmt.Errorf("demo: %w", errors.Join(err, data.ErrFillCutShort))
		}
		return fmt.Errorf("demo: %w", data.ErrNotEmpty)
	}
	switch has, err := db.HasUsers(ctx); {
	case err != nil:
		return fmt.Errorf("demo: %w", err)
	case has:
		return fmt.Errorf("demo: %w", data.ErrHasUsers)
	}
	db.SetClock(func() time.Time { return Today })
	defer db.SetClock(data.Now)

	// A ledger without users has only the shipped holiday arrangements:
	// nobody could have added one.
	g := newGen(seed, data.NewCalendar(), from)
	p, err := g.plan()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ex := &executor{ctx: ctx, db: db, g: g, plan: p, figures: figures, progress: progress, total: p.size()}
	// The county is written in many transactions: the ledger notes the
	// fill begun and finished, so that one cut short is known.
	if err := db.BeginFill(ctx, fillWhat); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := ex.run(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := db.EndFill(ctx); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// gen is the deterministic source of everything in the demo.
type gen struct {
	rng      *rand.Rand
	cal      *data.Calendar
	settings data.Settings
	now      time.Time // Today
	today    data.Date
	from     data.Date // the first day of the history
}

func newGen(seed int64, cal *data.Calendar, from data.Date) *gen {
	s := data.DefaultSettings()
	s.OfficeName, s.IssuingBody = officeName, officeName
	return &gen{
		// The second PCG word is a constant so that only the seed varies.
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x5174_7869_2026_1121)),
		cal:      cal,
		settings: s,
		now:      Today,
		today:    data.DateOf(Today),
		from:     from,
	}
}

// chance is true with probability p.
func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// between returns an int in [lo, hi].
func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

// pick returns a random element of list.
func pick[T any](g *gen, list []T) T { return list[g.rng.IntN(len(list))] }

// weighted is a value with a relative weight.
type weighted[T any] struct {
	v T
	w int
}

// choose draws from weighted values.
func choose[T any](g *gen, list []weighted[T]) T {
	total := 0
	for _, x := range list {
		total += x.w
	}
	n := g.rng.IntN(total)
	for _, x := range list {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return list[len(list)-1].v
}

// count draws how many things happen on a day with mean m (at most 12): a
// sum of coin flips, so the result depends on nothing but the generator.
func (g *gen) count(m float64) int {
	const trials = 12
	n := 0
	for range trials {
		if g.chance(m / trials) {
			n++
		}
	}
	return n
}

// workday returns d if it is a working day, or the next working day.
func (g *gen) workday(d data.Date) data.Date {
	for !g.cal.IsWorkday(d) {
		d = d.AddDays(1)
	}
	return d
}

// addWork returns the n-th working day after d (d itself for n = 0).
func (g *gen) addWork(d data.Date, n int) data.Date {
	if n == 0 {
		return d
	}
	out, _ := g.cal.AddWorkdays(d, n) // the demo's years are in the calendar
	return out
}

// officeTime is a time during office hours on day d (8:30–12:00,
// 14:30–17:30, as county offices in the south keep them).
func (g *gen) officeTime(d data.Date) time.Time {
	var minutes int
	if g.chance(0.55) {
		minutes = g.between(8*60+30, 11*60+50)
	} else {
		minutes = g.between(14*60+30, 17*60+20)
	}
	return at(d, minutes).Add(time.Duration(g.rng.IntN(60)) * time.Second)
}

// at is the given minute of day d.
func at(d data.Date, minutes int) time.Time {
	return d.Time().Add(time.Duration(minutes) * time.Minute)
}

// after returns an office-hours time k working days after t, where k is
// drawn from [lo, hi]; k = 0 means later on the same working day (or the
// next one when t is after hours or on a day off).
func (g *gen) after(t time.Time, lo, hi int) time.Time {
	k := g.between(lo, hi)
	d := data.DateOf(t)
	if k == 0 {
		if g.cal.IsWorkday(d) {
			end := at(d, 17*60+20)
			if t.Before(end.Add(-20 * time.Minute)) {
				span := int(end.Sub(t).Minutes())
				x := t.Add(time.Duration(g.between(10, max(10, span))) * time.Minute)
				if lunchStart, lunchEnd := at(d, 12*60), at(d, 14*60+30); x.After(lunchStart) && x.Before(lunchEnd) {
					x = lunchEnd.Add(time.Duration(g.between(0, 40)) * time.Minute)
				}
				return x
			}
		}
		k = 1
	}
	return g.officeTime(g.addWork(d, k))
}

// onDay is an office-hours time on day d that is after t (d is on or after
// t's day); when d is t's day the time is moved past t.
func (g *gen) onDay(d data.Date, t time.Time) time.Time {
	x := g.officeTime(d)
	if !x.After(t) {
		x = t.Add(time.Duration(g.between(15, 90)) * time.Minute)
	}
	return x
}
