package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// lowestNamed is how many units the 通报 names as the least satisfied.
const lowestNamed = 3

// AppraisalSentence is what the 通报 says of the period's 评议: how many
// units the public appraised, their mean 满意率, and the units with the
// lowest ("群众满意率最低的单位"); "" when no unit was appraised in a round
// ending in the period.
func AppraisalSentence(s *Stats) string {
	var appraised []UnitFigures
	sum := 0.0
	for _, u := range s.Units {
		if u.Appraised {
			appraised = append(appraised, u)
			sum += u.Appraisal
		}
	}
	if len(appraised) == 0 {
		return ""
	}
	slices.SortStableFunc(appraised, func(a, b UnitFigures) int {
		switch {
		case a.Appraisal < b.Appraisal:
			return -1
		case a.Appraisal > b.Appraisal:
			return 1
		}
		return 0
	})
	var low []string
	for _, u := range appraised[:min(lowestNamed, len(appraised))] {
		low = append(low, fmt.Sprintf("%s（%s）", u.Name, appraisalPercent(u.Appraisal)))
	}
	return fmt.Sprintf("%s，群众评议、民主评议等共测评单位%d个，平均满意率%s；群众满意率最低的单位是%s。",
		s.Period.Label(), len(appraised), appraisalPercent(sum/float64(len(appraised))), strings.Join(low, "、"))
}

// appraisalPercent writes a rate between 0 and 1 as 91.3%.
func appraisalPercent(rate float64) string { return strconv.FormatFloat(rate*100, 'f', 1, 64) + "%" }
