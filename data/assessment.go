package data

import (
	"fmt"
	"math"
)

// AssessmentWeights are how 评议考核 scores a unit's record over a period:
// a unit starts from Base and loses points for each item of its record.
// Counties weigh these differently, so the office sets them in 设置.
type AssessmentWeights struct {
	Base          float64 // 基础分
	Finding       float64 // per 发现问题 at the unit
	Substantiated float64 // per complaint against the unit found 属实 or 部分属实
	Overdue       float64 // per complaint the unit handled past its 办理时限
	RectFailed    float64 // per rectification 整改不到位 or past its deadline
	// Satisfaction is the share of the score the public's satisfaction
	// carries: a unit loses Satisfaction × (1 − its 满意率) — of the 评议
	// that appraised it in the period, else of its complainants at 回访 —,
	// nothing when there is neither.
	Satisfaction float64
	// YellowCards is how many units at the bottom of the ranking get a
	// 黄牌警告 (units tied with the last of them too); only units that lost
	// points are ever flagged.
	YellowCards int
	// Categories are the kinds of unit ranked (监测点企业 are enterprises,
	// not bodies the county assesses).
	Categories []UnitCategory
}

// DefaultAssessmentWeights are the weights a new ledger starts with.
func DefaultAssessmentWeights() AssessmentWeights {
	return AssessmentWeights{
		Base:          100,
		Finding:       2,
		Substantiated: 3,
		Overdue:       2,
		RectFailed:    5,
		Satisfaction:  10,
		YellowCards:   3,
		Categories:    []UnitCategory{UnitTownship, UnitDepartment, UnitWindow, UnitUtility, UnitAgency},
	}
}

// Validate checks the weights before they are saved.
func (w AssessmentWeights) Validate() error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	switch {
	case bad(w.Base) || w.Base <= 0 || w.Base > 1000:
		return Invalid("AssessmentWeights.Base", "考核基础分应在1至1000之间")
	case bad(w.Finding) || w.Finding < 0 || w.Finding > w.Base:
		return Invalid("AssessmentWeights.Finding", fmt.Sprintf("每个发现问题的扣分应在0至%g之间", w.Base))
	case bad(w.Substantiated) || w.Substantiated < 0 || w.Substantiated > w.Base:
		return Invalid("AssessmentWeights.Substantiated", fmt.Sprintf("每件属实投诉的扣分应在0至%g之间", w.Base))
	case bad(w.Overdue) || w.Overdue < 0 || w.Overdue > w.Base:
		return Invalid("AssessmentWeights.Overdue", fmt.Sprintf("每件超期投诉的扣分应在0至%g之间", w.Base))
	case bad(w.RectFailed) || w.RectFailed < 0 || w.RectFailed > w.Base:
		return Invalid("AssessmentWeights.RectFailed", fmt.Sprintf("每项整改不到位的扣分应在0至%g之间", w.Base))
	case bad(w.Satisfaction) || w.Satisfaction < 0 || w.Satisfaction > w.Base:
		return Invalid("AssessmentWeights.Satisfaction", fmt.Sprintf("群众满意度分值应在0至%g之间", w.Base))
	case w.YellowCards < 0 || w.YellowCards > 50:
		return Invalid("AssessmentWeights.YellowCards", "黄牌警告单位数应在0至50之间")
	case len(w.Categories) == 0:
		return Invalid("AssessmentWeights.Categories", "请至少选择一类参加考核的单位")
	}
	for _, c := range w.Categories {
		if !oneOf(c, UnitCategories) {
			return Invalid("AssessmentWeights.Categories", fmt.Sprintf("单位类别“%s”不在可选范围内", c))
		}
	}
	return nil
}

// Assessed reports whether units of category c are ranked.
func (w AssessmentWeights) Assessed(c UnitCategory) bool { return oneOf(c, w.Categories) }
