package data

import (
	"fmt"
	"math"
	"strings"
)

// AppraisalKind is a kind of 评议.
type AppraisalKind string

const (
	AppraisalPublic     AppraisalKind = "群众评议"
	AppraisalDemocratic AppraisalKind = "民主评议"
	AppraisalCountywide AppraisalKind = "万人评风"
	AppraisalOnline     AppraisalKind = "网络评议"
	AppraisalKeyPosts   AppraisalKind = "关键岗位评议"
)

// AppraisalKinds lists the kinds in the order screens offer them.
var AppraisalKinds = []AppraisalKind{AppraisalPublic, AppraisalDemocratic, AppraisalCountywide, AppraisalOnline, AppraisalKeyPosts}

// ByPost reports whether the kind appraises key posts rather than units.
func (k AppraisalKind) ByPost() bool { return k == AppraisalKeyPosts }

// PostMark is what the office made of an appraised key post.
type PostMark string

const (
	MarkNone      PostMark = ""
	MarkModel     PostMark = "标兵岗位"
	MarkExcellent PostMark = "优秀岗位"
	MarkWarned    PostMark = "告诫" // set only by warning the holder (a 责任追究 is recorded)
)

// PostMarks are the marks the office gives by hand.
var PostMarks = []PostMark{MarkModel, MarkExcellent}

// AppraisalRound is one 评议: a period, the units (or key posts) appraised
// and each one's result.
type AppraisalRound struct {
	Record
	Title   string
	Kind    AppraisalKind
	From    Date // the period appraised
	To      Date
	HeldOn  Date // when the ballots were counted or the scores given
	Note    string
	Results []AppraisalResult // units appraised (not for 关键岗位评议)
	Posts   []AppraisalPost   // key posts (关键岗位评议 only)
}

// AppraisalResult is one unit's result in a round: the ballots counted, or
// a score out of 100, or both.
type AppraisalResult struct {
	Record
	RoundID     string
	UnitID      string
	UnitName    string // read only
	Ballots     int    // ballots returned; 0 means the three counts' total
	Satisfied   int    // 满意
	Basic       int    // 基本满意
	Unsatisfied int    // 不满意
	Score       float64
	HasScore    bool
	Note        string
}

// Counted is the number of ballots that gave a verdict.
func (r AppraisalResult) Counted() int { return r.Satisfied + r.Basic + r.Unsatisfied }

// Rate is the unit's 满意率 in the round, between 0 and 1: 满意 and 基本满意
// over the ballots that gave a verdict, or the score over 100 when only a
// score was given. ok is false for a result with neither.
func (r AppraisalResult) Rate() (rate float64, ok bool) {
	if n := r.Counted(); n > 0 {
		return float64(r.Satisfied+r.Basic) / float64(n), true
	}
	if r.HasScore {
		return r.Score / 100, true
	}
	return 0, false
}

// AppraisalPost is one key post appraised in a 关键岗位评议.
type AppraisalPost struct {
	Record
	RoundID  string
	UnitID   string
	UnitName string // read only
	Post     string
	Holder   string
	Duties   string
	Score    float64
	HasScore bool
	Mark     PostMark
	ActionID string // the 责任追究 of a warned holder
}

// Validate checks a round with its results before it is saved.
func (r *AppraisalRound) Validate() error {
	switch {
	case blank(r.Title):
		return Invalid("Title", "评议名称不能为空")
	case tooLong(r.Title, 80):
		return Invalid("Title", "评议名称不能超过80个字")
	case !oneOf(r.Kind, AppraisalKinds):
		return Invalid("Kind", "请选择评议类型")
	case r.From.IsZero():
		return Invalid("From", "请填写评议期间的起始日期")
	case r.To.IsZero():
		return Invalid("To", "请填写评议期间的截止日期")
	case r.To.Before(r.From):
		return Invalid("To", "评议期间的截止日期不能早于起始日期")
	case !r.HeldOn.IsZero() && r.HeldOn.Before(r.From):
		return Invalid("HeldOn", "评议日期不能早于评议期间的起始日期")
	case r.Kind.ByPost() && len(r.Results) > 0:
		return Invalid("Results", "关键岗位评议按岗位评分，不录入单位测评票数")
	case !r.Kind.ByPost() && len(r.Posts) > 0:
		return Invalid("Posts", fmt.Sprintf("%s按单位测评，不录入岗位", r.Kind))
	}
	if err := firstTooLong(textField{"Note", "备注", r.Note, MaxText}); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range r.Results {
		if err := r.Results[i].validate(); err != nil {
			return err
		}
		if seen[r.Results[i].UnitID] {
			return Invalid("Results", fmt.Sprintf("“%s”重复出现，一次评议中每个单位只有一个结果", r.Results[i].UnitName))
		}
		seen[r.Results[i].UnitID] = true
	}
	posts := map[string]bool{}
	for i := range r.Posts {
		p := &r.Posts[i]
		if err := p.validate(); err != nil {
			return err
		}
		key := p.UnitID + "\x00" + strings.TrimSpace(p.Post) + "\x00" + strings.TrimSpace(p.Holder)
		if posts[key] {
			return Invalid("Posts", fmt.Sprintf("岗位“%s（%s）”重复出现", p.Post, p.Holder))
		}
		posts[key] = true
	}
	return nil
}

// name is how a message names the result's unit.
func (r *AppraisalResult) name() string {
	if r.UnitName != "" {
		return "“" + r.UnitName + "”"
	}
	return "所列单位"
}

func validScore(v float64) bool { return !math.IsNaN(v) && v >= 0 && v <= 100 }

func (r *AppraisalResult) validate() error {
	n := r.Counted()
	switch {
	case r.UnitID == "":
		return Invalid("Results", "请选择被评议单位")
	case r.Satisfied < 0 || r.Basic < 0 || r.Unsatisfied < 0 || r.Ballots < 0:
		return Invalid("Results", r.name()+"的票数不能为负数")
	case r.Ballots > 0 && r.Ballots < n:
		return Invalid("Results", fmt.Sprintf("%s的满意、基本满意、不满意票合计%d张，多于收回的%d张选票", r.name(), n, r.Ballots))
	case r.HasScore && !validScore(r.Score):
		return Invalid("Results", r.name()+"的得分应在0至100之间")
	case n == 0 && !r.HasScore:
		return Invalid("Results", r.name()+"没有测评结果：请填写各项票数或得分")
	case tooLong(r.Note, 200):
		return Invalid("Results", r.name()+"的备注不能超过200个字")
	}
	return nil
}

func (p *AppraisalPost) validate() error {
	switch {
	case p.UnitID == "":
		return Invalid("Posts", "请选择岗位所在单位")
	case blank(p.Post):
		return Invalid("Posts", "岗位名称不能为空")
	case tooLong(p.Post, 40):
		return Invalid("Posts", "岗位名称不能超过40个字")
	case blank(p.Holder):
		return Invalid("Posts", fmt.Sprintf("请填写“%s”岗位的在岗人员", p.Post))
	case tooLong(p.Holder, 20):
		return Invalid("Posts", "在岗人员姓名不能超过20个字")
	case tooLong(p.Duties, 500):
		return Invalid("Posts", "岗位职责不能超过500个字")
	case p.HasScore && !validScore(p.Score):
		return Invalid("Posts", fmt.Sprintf("“%s（%s）”的得分应在0至100之间", p.Post, p.Holder))
	case p.Mark != MarkNone && p.Mark != MarkWarned && !oneOf(p.Mark, PostMarks):
		return Invalid("Posts", fmt.Sprintf("“%s”不是岗位评定结果", p.Mark))
	}
	return nil
}

// AppraisalFilter selects rounds; zero fields select all.
type AppraisalFilter struct {
	Kind   AppraisalKind
	Year   int    // rounds whose period touches this year
	UnitID string // rounds that appraised the unit (or one of its posts)
}

// UnitSatisfaction is a unit's 评议 satisfaction over a period: what the
// assessment scores and the 通报 quotes.
type UnitSatisfaction struct {
	UnitID   string
	UnitName string
	Category UnitCategory
	Rate     float64 // 0..1, the mean of the unit's rates in the rounds
	Rounds   int     // rounds that gave the unit a result
	Ballots  int     // ballots with a verdict, over those rounds
}

// AppraisalRow is one line of an appraisal sheet imported from Excel: the
// unit as the sheet names it, and its ballots or score.
type AppraisalRow struct {
	Line        int // the sheet's row number, for messages
	UnitName    string
	Ballots     int
	Satisfied   int
	Basic       int
	Unsatisfied int
	Score       float64
	HasScore    bool
}
