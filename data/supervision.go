package data

import (
	"strings"
	"time"
)

// RoundKind is the kind of a supervision round.
type RoundKind string

const (
	RoundOpen       RoundKind = "明察"
	RoundCovert     RoundKind = "暗访"
	RoundSpecial    RoundKind = "专项督查"
	RoundRandom     RoundKind = "随机抽查"
	RoundFull       RoundKind = "全面督查"
	RoundFollowUp   RoundKind = "回访复查"
	RoundPhoneCheck RoundKind = "电话暗访"
)

// RoundKinds lists the kinds in display order.
var RoundKinds = []RoundKind{RoundOpen, RoundCovert, RoundSpecial, RoundRandom, RoundFull, RoundFollowUp, RoundPhoneCheck}

// Round is a 督查活动: a titled campaign of visits over a period by a team.
type Round struct {
	Record
	Title       string
	Kind        RoundKind
	Start       Date
	End         Date
	Description string
	LeaderID    string   // the person leading the team
	MemberIDs   []string // the team
	UnitIDs     []string // the units planned
}

// Visit is a 检查记录: one visit (or hotline call) to one unit in a round.
// Its result is 未发现问题 when it has no findings.
type Visit struct {
	Record
	RoundID      string
	UnitID       string
	UnitName     string // read only
	VisitedAt    time.Time
	Place        string // e.g. which window
	Summary      string // what was seen
	InspectorIDs []string
	FindingCount int // read only

	// 电话暗访 fields.
	PhoneNumber string
	Answered    string // "", 已接听, 未接听
	Attitude    string // e.g. 热情规范, 一般, 态度生硬

	// Disclosures are the 制度公示 items checked on this visit; saving the
	// visit records them on the unit, dated the visit day.
	Disclosures []Disclosure
}

// FindingDisclosure is the category only a visit finds: rules not posted.
const FindingDisclosure FindingCategory = "制度未公示"

// FindingCategory classifies a finding.
type FindingCategory = Category

// FindingCategories lists the categories offered for findings.
var FindingCategories = append([]Category{FindingDisclosure}, Categories...)

// Disposition is what the office decided about a finding.
type Disposition string

const (
	DispositionOnSite   Disposition = "现场指出/立即整改"
	DispositionNotice   Disposition = "下发监察通知书"
	DispositionWarning  Disposition = "效能告诫"
	DispositionBulletin Disposition = "通报批评"
	DispositionReferral Disposition = "移交纪检监察"
	DispositionOther    Disposition = "移交其他机关"
)

// Dispositions lists them in display order.
var Dispositions = []Disposition{DispositionOnSite, DispositionNotice, DispositionWarning, DispositionBulletin, DispositionReferral, DispositionOther}

// RectStatus is where a finding's rectification stands.
type RectStatus string

const (
	RectNone     RectStatus = "无需整改"
	RectOpen     RectStatus = "整改中" // deadline set, report awaited
	RectReported RectStatus = "待复查" // report received, re-check awaited
	RectDone     RectStatus = "已整改" // re-checked and closed
)

// RectStatuses lists them in display order.
var RectStatuses = []RectStatus{RectNone, RectOpen, RectReported, RectDone}

// RecheckResult is the outcome of a 复查.
type RecheckResult string

const (
	RecheckPassed RecheckResult = "已整改"
	RecheckFailed RecheckResult = "整改不到位"
)

// Finding is a 发现问题 recorded on a visit, with its rectification.
type Finding struct {
	Record
	VisitID     string
	RoundID     string // read only, from the visit
	UnitID      string
	UnitName    string // read only
	FoundOn     Date
	Category    FindingCategory
	Description string
	StaffName   string // staff involved, if known
	StaffPost   string
	Disposition Disposition

	RectStatus    RectStatus
	RectLimitDays int  // working days given for rectification
	RectDue       Date // current deadline
	ReportOn      Date // the unit's 整改报告
	ReportContent string
	RecheckOn     Date
	RecheckResult RecheckResult
	RecheckBy     string
	ClosedOn      Date
}

// Alert says whether a rectification in progress (整改中) is near or past
// its deadline on day today, by the deadline rule (Calendar.AlertOn).
func (f *Finding) Alert(cal *Calendar, today Date, warnDays int) Alert {
	if f.RectStatus != RectOpen {
		return Alert{}
	}
	return cal.AlertOn(f.RectDue, today, warnDays)
}

// staffWords are what a finding's description calls its staff by before
// anyone is named, longest first.
var staffWords = []string{"窗口工作人员", "窗口人员", "工作人员"}

// Statement is the finding as a document states it, without closing
// punctuation: the member of staff involved stands where the description
// says 工作人员 (营业厅工作人员蔡思斌上班时间浏览购物网站), and is otherwise
// named after it (…未公示（涉及人员：蔡思斌，收费员）), so that a notice
// never says the staff twice.
func (f *Finding) Statement() string {
	desc := strings.TrimRight(strings.TrimSpace(f.Description), "。；;.，, ")
	name, post := strings.TrimSpace(f.StaffName), strings.TrimSpace(f.StaffPost)
	if name == "" {
		return desc
	}
	for _, w := range append([]string{post}, staffWords...) {
		if w == "" || !strings.HasPrefix(desc, w) {
			continue
		}
		who := post
		if who == "" || strings.HasSuffix(w, post) {
			who = w // 窗口工作人员 says more than 工作人员
		}
		return who + name + strings.TrimPrefix(desc, w)
	}
	if post != "" {
		name += "，" + post
	}
	return desc + "（涉及人员：" + name + "）"
}

// FindingEventKind names a step in a finding's rectification.
type FindingEventKind string

const (
	FindingRecorded FindingEventKind = "登记"
	FindingOrdered  FindingEventKind = "限期整改"
	FindingReport   FindingEventKind = "整改报告"
	FindingRecheck  FindingEventKind = "复查"
	FindingExtended FindingEventKind = "延期"
)

// FindingEvent is one step in the history of a finding's rectification.
type FindingEvent struct {
	Record
	FindingID string
	Kind      FindingEventKind
	At        time.Time
	Actor     string
	On        Date // the date the step refers to (report date, re-check date)
	LimitDays int
	DueDate   Date
	Result    string
	Note      string
}

// ActivityPurpose is why an agency entered a monitored enterprise.
type ActivityPurpose string

// ActivityPurposes lists the purposes of 公务活动登记.
var ActivityPurposes = []ActivityPurpose{"检查", "评比", "执收执罚", "其他"}

// ActivityLog is one entry of a monitored enterprise's 公务活动登记.
type ActivityLog struct {
	Record
	UnitID      string // the 监测点企业
	UnitName    string // read only
	On          Date
	Agency      string // the government body that came
	Officers    string
	Purpose     ActivityPurpose
	Basis       string // legal basis stated
	FormFilled  bool   // whether a 登记表 was filled in
	Note        string
	ComplaintID string // the complaint raised over this visit, if any
}

// RoundFilter selects rounds; zero fields select all.
type RoundFilter struct {
	Year   int // rounds whose period touches this year
	Kind   RoundKind
	Search string // part of the title
}

// VisitFilter selects visits; zero fields select all.
type VisitFilter struct {
	RoundID  string
	UnitID   string
	From, To Date // visit days, both included
	Limit    int
}

// FindingFilter selects findings; zero fields select all.
type FindingFilter struct {
	UnitID     string
	RoundID    string
	VisitID    string
	RectStatus RectStatus
	Overdue    bool // 整改中 past its deadline as of today (Finding.Alert)
	From, To   Date // days found, both included
	Category   FindingCategory
	Limit      int
	Offset     int
}

// RectificationCounts are the 工作台 figures for rectification.
type RectificationCounts struct {
	Open     int // 整改中
	Reported int // 待复查
	Overdue  int // 整改中 past the deadline
	DueSoon  int // 整改中, deadline within the warning days
}
