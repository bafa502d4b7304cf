package reports

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// PeriodKind is how a period was chosen.
type PeriodKind int

const (
	PeriodMonth PeriodKind = iota
	PeriodQuarter
	PeriodYear
	PeriodCustom
)

// Period is the span statistics cover, both days included.
type Period struct {
	Kind     PeriodKind
	From, To data.Date
}

// MonthPeriod is a calendar month.
func MonthPeriod(year int, month time.Month) Period {
	from := data.NewDate(year, month, 1)
	return Period{Kind: PeriodMonth, From: from, To: data.NewDate(year, month+1, 1).AddDays(-1)}
}

// QuarterPeriod is quarter q (1–4) of year.
func QuarterPeriod(year, q int) Period {
	from := data.NewDate(year, time.Month(3*(q-1)+1), 1)
	return Period{Kind: PeriodQuarter, From: from, To: data.NewDate(year, time.Month(3*q+1), 1).AddDays(-1)}
}

// YearPeriod is a calendar year.
func YearPeriod(year int) Period {
	return Period{Kind: PeriodYear, From: data.NewDate(year, 1, 1), To: data.NewDate(year, 12, 31)}
}

// CustomPeriod is the days from from to to.
func CustomPeriod(from, to data.Date) (Period, error) {
	switch {
	case from.IsZero() || to.IsZero():
		return Period{}, data.Invalid("Period", "请填写统计期间的起止日期")
	case to.Before(from):
		return Period{}, data.Invalid("Period", "结束日期不能早于开始日期")
	}
	return Period{Kind: PeriodCustom, From: from, To: to}, nil
}

var (
	reQuarter = regexp.MustCompile(`^(\d{4})\s*[-年]?\s*(?:[Qq]|第)([1-4一二三四])(?:季度?)?$`)
	reMonth   = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)
	reYear    = regexp.MustCompile(`^(\d{4})\s*年?$`)
	reRange   = regexp.MustCompile(`^(.+?)\s*(?:\.\.|~|～|至|到|—)\s*(.+)$`)
)

// ParsePeriod reads a period as the command line takes it: 2026Q3 (or
// 2026年第三季度), 2026, 2026-07, or 2026-03-05..2026-04-20.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := data.Invalid("Period", fmt.Sprintf("统计期间“%s”无法识别，请写作2026Q3（季度）、2026（年）、2026-07（月）或2026-03-05..2026-04-20", s))
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		q := map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}[m[2]]
		return QuarterPeriod(y, q), nil
	}
	if m := reMonth.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return Period{}, bad
		}
		return MonthPeriod(y, time.Month(mo)), nil
	}
	if m := reYear.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return YearPeriod(y), nil
	}
	if m := reRange.FindStringSubmatch(s); m != nil {
		from, err1 := data.ParseDate(strings.TrimSpace(m[1]))
		to, err2 := data.ParseDate(strings.TrimSpace(m[2]))
		if err1 != nil || err2 != nil {
			return Period{}, bad
		}
		return CustomPeriod(from, to)
	}
	return Period{}, bad
}

var quarterNames = []string{"一", "二", "三", "四"}

// Label is the period as a document names it: 2026年7月, 2026年第三季度,
// 2026年, 2026年3月5日至4月20日.
func (p Period) Label() string {
	switch p.Kind {
	case PeriodMonth:
		return fmt.Sprintf("%d年%d月", p.From.Year(), int(p.From.Month()))
	case PeriodQuarter:
		return fmt.Sprintf("%d年第%s季度", p.From.Year(), quarterNames[(int(p.From.Month())-1)/3])
	case PeriodYear:
		return fmt.Sprintf("%d年", p.From.Year())
	}
	return p.Span()
}

// Span is the days of the period in a sentence: 2026年7月1日至9月30日.
func (p Period) Span() string {
	to := p.To.Chinese()
	if p.To.Year() == p.From.Year() {
		to = strings.TrimPrefix(to, fmt.Sprintf("%d年", p.To.Year()))
	}
	return p.From.Chinese() + "至" + to
}

// Previous is the period of the same kind before this one; for a span of
// days, the same number of days before it.
func (p Period) Previous() Period {
	switch p.Kind {
	case PeriodMonth:
		prev := p.From.AddDays(-1)
		return MonthPeriod(prev.Year(), prev.Month())
	case PeriodQuarter:
		prev := p.From.AddDays(-1)
		return QuarterPeriod(prev.Year(), (int(prev.Month())-1)/3+1)
	case PeriodYear:
		return YearPeriod(p.From.Year() - 1)
	}
	days := p.From.DaysUntil(p.To) + 1
	return Period{Kind: PeriodCustom, From: p.From.AddDays(-days), To: p.From.AddDays(-1)}
}

// Months are the months the period touches, as YYYY-MM.
func (p Period) Months() []string {
	var out []string
	for m := data.NewDate(p.From.Year(), p.From.Month(), 1); !m.After(p.To); m = data.NewDate(m.Year(), m.Month()+1, 1) {
		out = append(out, fmt.Sprintf("%04d-%02d", m.Year(), int(m.Month())))
	}
	return out
}

// Rate is a share of a count: N of Of.
type Rate struct{ N, Of int }

// OK reports whether the rate is defined (Of is not zero).
func (r Rate) OK() bool { return r.Of > 0 }

// Percent is the rate in percent; 0 when undefined.
func (r Rate) Percent() float64 {
	if r.Of == 0 {
		return 0
	}
	return 100 * float64(r.N) / float64(r.Of)
}

// String is the rate as offices write it, one decimal: 95.9%; "—" when
// undefined.
func (r Rate) String() string {
	if r.Of == 0 {
		return "—"
	}
	return strconv.FormatFloat(r.Percent(), 'f', 1, 64) + "%"
}

// Count is a number of things under a name.
type Count struct {
	Name string
	N    int
}

// UnitFigures are one unit's figures of the period.
type UnitFigures struct {
	UnitID        string
	Name          string
	Category      data.UnitCategory
	Received      int // complaints against the unit
	Substantiated int // of those, found 属实 or 部分属实
	Satisfied     int // of those, the complainant satisfied at 回访
	Dissatisfied  int // of those, not satisfied
	Handled       int // complaints the unit handled (交办 to it)
	Overdue       int // of those, past the due date: late or still open
	Visits        int
	Findings      int
	RectDue       int
	RectDone      int
	RectFailed    int // 整改不到位 or past the deadline
	Actions       int // 责任追究 against the unit or its people
	// Appraisal is the unit's 满意率 (0..1) in the 评议 rounds ending in the
	// period; Appraised says whether there were any.
	Appraisal float64
	Appraised bool
}

// CategoryFigures are the supervision figures of one kind of unit.
type CategoryFigures struct {
	Category data.UnitCategory
	store.SupervisionCounts
}

// MeasureFigures count the actions of one measure.
type MeasureFigures struct {
	Measure data.Measure
	store.ActionCounts
}

// MonthFigures are one month of the trend.
type MonthFigures struct {
	Month     string // YYYY-MM
	Received  int
	Concluded int
}

// Stats are the statistics of a period: what the 统计考核 screen shows and
// the 通报 quotes.
type Stats struct {
	Period Period
	AsOf   data.Date // the day complaints still open past their due date were counted

	Complaints store.ComplaintFigures
	ByChannel  []Count // every channel, in display order
	ByCategory []Count // the categories with complaints, in display order
	Monthly    []MonthFigures

	Rounds      int
	Supervision store.SupervisionCounts
	ByUnitKind  []CategoryFigures // every kind of unit visited or with findings, in display order
	Findings    []Count           // findings by category, most first

	Actions   store.ActionCounts
	ByMeasure []MeasureFigures // the measures taken, mildest first

	// Units are the units with anything to count in the period, by name.
	Units []UnitFigures
}

// ConcludedRate is 办结率: concluded among accepted.
func (s *Stats) ConcludedRate() Rate { return Rate{s.Complaints.Concluded, s.Complaints.Accepted} }

// OnTimeRate is 按期办结率: concluded by the due date among concluded.
func (s *Stats) OnTimeRate() Rate { return Rate{s.Complaints.OnTime, s.Complaints.Concluded} }

// SatisfiedRate is 满意率: 满意 and 基本满意 among the verdicts at 回访.
func (s *Stats) SatisfiedRate() Rate { return Rate{s.Complaints.Satisfied, s.Complaints.Surveyed()} }

// RectRate is the rectification rate: re-checked and closed among the
// findings ordered to rectify.
func (s *Stats) RectRate() Rate { return Rate{s.Supervision.RectDone, s.Supervision.RectDue} }

// PeriodOf is the period from from to to: a calendar month, quarter or
// year when it is one, else a span of days.
func PeriodOf(from, to data.Date) (Period, error) {
	for _, p := range []Period{MonthPeriod(from.Year(), from.Month()), QuarterPeriod(from.Year(), (int(from.Month())-1)/3+1), YearPeriod(from.Year())} {
		if p.From.Equal(from) && p.To.Equal(to) {
			return p, nil
		}
	}
	return CustomPeriod(from, to)
}

// ComputeSupervision gathers the supervision statistics of period p
// (Rounds, Supervision, ByUnitKind, Findings), counting rectifications past
// their deadline as of asOf: what the 督查检查 screen's coverage shows, in
// the 通报's words (SupervisionSentence).
func ComputeSupervision(ctx context.Context, db *store.DB, p Period, asOf data.Date) (*Stats, error) {
	sv, err := db.SupervisionStats(ctx, p.From, p.To, asOf)
	if err != nil {
		return nil, err
	}
	s := &Stats{Period: p, AsOf: asOf}
	s.setSupervision(sv)
	return s, nil
}

// setSupervision puts the supervision figures of the period in s.
func (s *Stats) setSupervision(sv store.SupervisionStats) {
	s.Rounds, s.Supervision = sv.Rounds, sv.Total
	for _, cat := range data.UnitCategories {
		if c, ok := sv.ByUnitCategory[cat]; ok {
			s.ByUnitKind = append(s.ByUnitKind, CategoryFigures{Category: cat, SupervisionCounts: c})
		}
	}
	for cat, n := range sv.FindingsByCategory {
		s.Findings = append(s.Findings, Count{string(cat), n})
	}
	sort.Slice(s.Findings, func(i, j int) bool {
		a, b := s.Findings[i], s.Findings[j]
		return a.N > b.N || a.N == b.N && a.Name < b.Name
	})
}

// ComputeStats gathers the statistics of period p, counting complaints still
// open past their due date as of asOf.
func ComputeStats(ctx context.Context, db *store.DB, p Period, asOf data.Date) (*Stats, error) {
	ct, err := db.ComplaintStats(ctx, p.From, p.To, asOf)
	if err != nil {
		return nil, err
	}
	sv, err := db.SupervisionStats(ctx, p.From, p.To, asOf)
	if err != nil {
		return nil, err
	}
	ac, err := db.ActionStats(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	s := &Stats{Period: p, AsOf: asOf, Complaints: ct.Total, Actions: ac.Total}
	s.setSupervision(sv)
	for _, ch := range data.Channels {
		s.ByChannel = append(s.ByChannel, Count{string(ch), ct.ByChannel[ch].Received})
	}
	for _, cat := range data.Categories {
		if n := ct.ByCategory[cat].Received; n > 0 {
			s.ByCategory = append(s.ByCategory, Count{string(cat), n})
		}
	}
	// categories a ledger may hold beyond the usual list come last
	for cat, n := range ct.ByCategory {
		if !containsCategory(data.Categories, cat) && n.Received > 0 {
			s.ByCategory = append(s.ByCategory, Count{string(cat), n.Received})
		}
	}
	// the trend stops at the day counted: months still to come are not zeros
	last := fmt.Sprintf("%04d-%02d", asOf.Year(), int(asOf.Month()))
	for _, m := range p.Months() {
		if m > last && !asOf.IsZero() {
			break
		}
		s.Monthly = append(s.Monthly, MonthFigures{Month: m, Received: ct.ByMonth[m].Received, Concluded: ct.ByMonth[m].Concluded})
	}
	for _, m := range data.Measures {
		if c, ok := ac.ByMeasure[m]; ok {
			s.ByMeasure = append(s.ByMeasure, MeasureFigures{Measure: m, ActionCounts: c})
		}
	}

	figures := map[string]*UnitFigures{}
	unit := func(id string) *UnitFigures {
		if f, ok := figures[id]; ok {
			return f
		}
		f := &UnitFigures{UnitID: id}
		figures[id] = f
		return f
	}
	for id, n := range ct.ByUnit {
		f := unit(id)
		f.Received, f.Substantiated, f.Satisfied, f.Dissatisfied = n.Received, n.Substantiated, n.Satisfied, n.Dissatisfied
	}
	for id, n := range ct.ByHandler {
		f := unit(id)
		f.Handled, f.Overdue = n.Assigned, n.Overdue()
	}
	for id, n := range sv.ByUnit {
		f := unit(id)
		f.Visits, f.Findings, f.RectDue, f.RectDone, f.RectFailed = n.Visits, n.Findings, n.RectDue, n.RectDone, n.RectFailed
	}
	for id, n := range ac.ByUnit {
		unit(id).Actions = n.Total()
	}
	appraised, err := db.AppraisalSatisfaction(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	for id, rate := range appraised {
		f := unit(id)
		f.Appraisal, f.Appraised = rate, true
	}
	ids := make([]string, 0, len(figures))
	for id := range figures {
		ids = append(ids, id)
	}
	units, err := db.UnitsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, f := range figures {
		if u, ok := units[id]; ok {
			f.Name, f.Category = u.Name, u.Category
		}
		s.Units = append(s.Units, *f)
	}
	sortUnits(s.Units)
	return s, nil
}

func containsCategory(list []data.Category, c data.Category) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// sortUnits orders units by the registry's order of categories, then by
// name in pinyin order.
func sortUnits(us []UnitFigures) {
	rank := map[data.UnitCategory]int{}
	for i, c := range data.UnitCategories {
		rank[c] = i
	}
	keys := nameKeys(len(us), func(i int) string { return us[i].Name })
	idx := make([]int, len(us))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := us[idx[i]], us[idx[j]]
		if rank[a.Category] != rank[b.Category] {
			return rank[a.Category] < rank[b.Category]
		}
		return bytes.Compare(keys[idx[i]], keys[idx[j]]) < 0
	})
	sorted := make([]UnitFigures, len(us))
	for i, k := range idx {
		sorted[i] = us[k]
	}
	copy(us, sorted)
}

// nameKeys are the pinyin collation keys of n names.
func nameKeys(n int, name func(int) string) [][]byte {
	c := collate.New(language.SimplifiedChinese)
	var buf collate.Buffer
	keys := make([][]byte, n)
	for i := range keys {
		keys[i] = bytes.Clone(c.KeyFromString(&buf, name(i)))
		buf.Reset()
	}
	return keys
}
