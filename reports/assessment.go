package reports

import (
	"bytes"
	"context"
	"math"
	"sort"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// 评议考核: each unit of the assessed kinds scores from its record of the
// period (data.AssessmentWeights), the units are ranked, and the bottom ones
// get a 黄牌警告 — flagged again when they were at the bottom the period
// before too.

// Score is one unit's place in the ranking.
type Score struct {
	UnitFigures
	Rank int // 1 is best; units with equal scores share a rank

	// What the record cost, by item, in points.
	LostFindings      float64
	LostSubstantiated float64
	LostOverdue       float64
	LostRectFailed    float64
	LostSatisfaction  float64
	Score             float64

	Yellow bool // 黄牌警告: among the bottom of the ranking
	Repeat bool // at the bottom the period before as well

	key []byte // the name's collation key
}

// Lost is the points the unit lost in all.
func (s Score) Lost() float64 {
	return s.LostFindings + s.LostSubstantiated + s.LostOverdue + s.LostRectFailed + s.LostSatisfaction
}

// SatisfiedRate is the unit's 满意率 at 回访.
func (s Score) SatisfiedRate() Rate { return Rate{s.Satisfied, s.Satisfied + s.Dissatisfied} }

// Satisfaction is the satisfaction the unit is scored on (0..1): its 评议
// when the public appraised it in the period, else its complainants'
// verdicts at 回访; ok is false when there is neither.
func (s Score) Satisfaction() (rate float64, ok bool) {
	if s.Appraised {
		return s.Appraisal, true
	}
	if r := s.SatisfiedRate(); r.OK() {
		return float64(r.N) / float64(r.Of), true
	}
	return 0, false
}

// Assessment is the ranking of a period.
type Assessment struct {
	Period   Period
	Previous Period // the period whose bottom units are flagged as repeating
	Weights  data.AssessmentWeights
	Ranking  []Score // best first
}

// Flagged are the units given a 黄牌警告, worst first.
func (a *Assessment) Flagged() []Score {
	var out []Score
	for i := len(a.Ranking) - 1; i >= 0; i-- {
		if a.Ranking[i].Yellow {
			out = append(out, a.Ranking[i])
		}
	}
	return out
}

// Assess ranks the units for the period of s, with the weights of the
// office's settings; the period before is counted to flag the units at the
// bottom twice running.
func Assess(ctx context.Context, db *store.DB, s *Stats) (*Assessment, error) {
	settings, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	w := settings.AssessmentWeights
	prev, err := ComputeStats(ctx, db, s.Period.Previous(), s.AsOf)
	if err != nil {
		return nil, err
	}
	active, err := db.Units(ctx, data.UnitFilter{Status: data.UnitActive})
	if err != nil {
		return nil, err
	}
	a := &Assessment{Period: s.Period, Previous: prev.Period, Weights: w, Ranking: rank(s.Units, active, w)}
	before := map[string]bool{}
	for _, sc := range rank(prev.Units, active, w) {
		if sc.Yellow {
			before[sc.UnitID] = true
		}
	}
	for i := range a.Ranking {
		a.Ranking[i].Repeat = a.Ranking[i].Yellow && before[a.Ranking[i].UnitID]
	}
	return a, nil
}

// rank scores the active units of the assessed kinds, and any unit of those
// kinds with a record in the period (one merged away since), best first.
func rank(figures []UnitFigures, active []*data.Unit, w data.AssessmentWeights) []Score {
	byID := map[string]UnitFigures{}
	for _, f := range figures {
		if w.Assessed(f.Category) {
			byID[f.UnitID] = f
		}
	}
	for _, u := range active {
		if _, ok := byID[u.ID]; !ok && w.Assessed(u.Category) {
			byID[u.ID] = UnitFigures{UnitID: u.ID, Name: u.Name, Category: u.Category}
		}
	}
	scores := make([]Score, 0, len(byID))
	for _, f := range byID {
		scores = append(scores, score(f, w))
	}
	// equal scores in pinyin order of the names
	keys := nameKeys(len(scores), func(i int) string { return scores[i].Name })
	for i := range scores {
		scores[i].key = keys[i]
	}
	sort.Slice(scores, func(i, j int) bool {
		a, b := scores[i], scores[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return bytes.Compare(a.key, b.key) < 0
	})
	for i := range scores {
		if i > 0 && scores[i].Score == scores[i-1].Score {
			scores[i].Rank = scores[i-1].Rank
		} else {
			scores[i].Rank = i + 1
		}
	}
	flagBottom(scores, w.YellowCards)
	return scores
}

// score is a unit's score: the base less what its record cost, never below
// zero, in hundredths so that equal records tie exactly.
func score(f UnitFigures, w data.AssessmentWeights) Score {
	s := Score{UnitFigures: f}
	s.LostFindings = w.Finding * float64(f.Findings)
	s.LostSubstantiated = w.Substantiated * float64(f.Substantiated)
	s.LostOverdue = w.Overdue * float64(f.Overdue)
	s.LostRectFailed = w.RectFailed * float64(f.RectFailed)
	if rate, ok := s.Satisfaction(); ok {
		s.LostSatisfaction = w.Satisfaction * (1 - rate)
	}
	s.Score = math.Round(math.Max(0, w.Base-s.Lost())*100) / 100
	return s
}

// flagBottom gives the yellow card to the n lowest scores among the units
// that lost points, and to any unit tied with the last of them.
func flagBottom(ranked []Score, n int) {
	if n <= 0 {
		return
	}
	var losers []int
	for i := len(ranked) - 1; i >= 0; i-- {
		if ranked[i].Lost() > 0 {
			losers = append(losers, i)
		}
	}
	if len(losers) == 0 {
		return
	}
	cut := ranked[losers[min(n, len(losers))-1]].Score
	for _, i := range losers {
		if ranked[i].Score <= cut {
			ranked[i].Yellow = true
		}
	}
}
