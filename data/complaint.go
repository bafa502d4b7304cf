package data

import "time"

// Channel is how a complaint reached the office.
type Channel string

const (
	ChannelPhone     Channel = "电话"
	ChannelVisit     Channel = "来访"
	ChannelLetter    Channel = "来信"
	ChannelOnline    Channel = "网络"
	Channel12345     Channel = "12345转办"
	ChannelSuperior  Channel = "上级交办"
	ChannelMedia     Channel = "媒体曝光"
	ChannelMonitored Channel = "监测点反映"
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelPhone, ChannelVisit, ChannelLetter, ChannelOnline, Channel12345, ChannelSuperior, ChannelMedia, ChannelMonitored}

// Category classifies complaints and findings.
type Category string

// Categories used by offices (domain.md), in display order.
var Categories = []Category{
	"门难进", "脸难看", "话难听", "事难办",
	"乱收费", "乱罚款", "乱检查", "乱摊派",
	"不作为", "慢作为", "乱作为",
	"吃拿卡要报", "推诿扯皮/办事拖拉", "执法不规范", "脱岗/纪律作风", "其他",
}

// ComplaintStatus is where a complaint stands. 临近到期 and 已超期 are not
// states: they follow from the due date (see Complaint.Alert).
type ComplaintStatus string

const (
	StatusPending     ComplaintStatus = "待受理"
	StatusAccepted    ComplaintStatus = "待交办" // accepted, not yet assigned to a 承办单位
	StatusHandling    ComplaintStatus = "办理中"
	StatusVerifying   ComplaintStatus = "待核实"
	StatusReplying    ComplaintStatus = "待答复"
	StatusFollowUp    ComplaintStatus = "待回访"
	StatusClosed      ComplaintStatus = "已办结"
	StatusRejected    ComplaintStatus = "不予受理"
	StatusTransferred ComplaintStatus = "已转办"
	StatusMerged      ComplaintStatus = "已并单"
	StatusArchived    ComplaintStatus = "已归档"
)

// ComplaintStatuses lists the states in workflow order.
var ComplaintStatuses = []ComplaintStatus{
	StatusPending, StatusAccepted, StatusHandling, StatusVerifying, StatusReplying, StatusFollowUp,
	StatusClosed, StatusRejected, StatusTransferred, StatusMerged, StatusArchived,
}

// Verification is the office's finding on the unit's result.
type Verification string

const (
	VerifiedTrue      Verification = "属实"
	VerifiedPartly    Verification = "部分属实"
	VerifiedFalse     Verification = "不属实"
	VerifiedUncertain Verification = "无法核实"
)

// Verifications lists them in display order.
var Verifications = []Verification{VerifiedTrue, VerifiedPartly, VerifiedFalse, VerifiedUncertain}

// Substantiated reports whether the complaint was found true in whole or part.
func (v Verification) Substantiated() bool { return v == VerifiedTrue || v == VerifiedPartly }

// Satisfaction is the complainant's verdict at 回访.
type Satisfaction string

const (
	Satisfied       Satisfaction = "满意"
	FairlySatisfied Satisfaction = "基本满意"
	Dissatisfied    Satisfaction = "不满意"
)

// Satisfactions lists them in display order.
var Satisfactions = []Satisfaction{Satisfied, FairlySatisfied, Dissatisfied}

// Complainant is who complained. Its fields are confidential: screens mask
// them and slips and exports leave them out unless asked.
type Complainant struct {
	Anonymous bool
	Name      string
	Phone     string
	IDNumber  string
	Address   string
	Unit      string
}

// Complaint is a 效能投诉 complaint.
type Complaint struct {
	Record
	Number      string // TS2026-0007, allocated at registration
	Year        int
	Seq         int
	ReceivedAt  time.Time
	Channel     Channel
	SourceRef   string // the 12345 or superior's reference number
	Complainant Complainant
	UnitID      string // the unit complained about
	UnitName    string // read only
	PersonName  string // the person complained about
	PersonPost  string
	Category    Category
	Subject     string // 事由, one line
	Content     string
	Status      ComplaintStatus

	AcceptDue       Date // last day to decide on acceptance
	AcceptedAt      time.Time
	RejectReason    string // 不予受理
	TransferTo      string // 转办: the competent body
	HandlerUnitID   string // 承办单位
	HandlerUnitName string // read only
	AssignedAt      time.Time
	LimitDays       int  // 办理时限 in working days
	DueDate         Date // current due date, moved by 延期 and 重办
	FedBackAt       time.Time
	Feedback        string
	Verification    Verification
	RepliedAt       time.Time
	Satisfaction    Satisfaction
	Verdict         Satisfaction // the latest verdict at 回访, kept when 不满意 reopens the complaint
	ClosedAt        time.Time    // 办结: satisfied (or fairly) at 回访
	ArchivedAt      time.Time
	MergedIntoID    string // 并单: the master complaint
	MergedIntoNo    string // read only: the master complaint's number
	Round           int    // 办理轮次: 1, then +1 at each 重办
}

// EventKind names a step in a complaint's life.
type EventKind string

const (
	EventRegister EventKind = "登记"
	EventAccept   EventKind = "受理"
	EventReject   EventKind = "不予受理"
	EventTransfer EventKind = "转办"
	EventAssign   EventKind = "交办"
	EventExtend   EventKind = "延期"
	EventRemind   EventKind = "催办"
	EventFeedback EventKind = "反馈"
	EventVerify   EventKind = "核实"
	EventReply    EventKind = "答复"
	EventFollowUp EventKind = "回访"
	EventRework   EventKind = "重办"
	EventMerge    EventKind = "并单"
	EventArchive  EventKind = "归档"
)

// ComplaintEvent is one step in a complaint's history. Which fields are set
// depends on Kind.
type ComplaintEvent struct {
	Record
	ComplaintID   string
	Kind          EventKind
	At            time.Time // when the step happened
	Actor         string    // who recorded it
	Round         int       // the 办理轮次 the step belongs to (重办 starts a new one)
	HandlerUnitID string    // 交办, 重办
	LimitDays     int       // 交办, 延期, 重办
	DueDate       Date      // 交办, 延期, 重办: the due date after the step
	Method        string    // 催办, 答复, 回访: 电话/书面/当面/短信
	Result        string    // 核实: a Verification; 回访: a Satisfaction
	Note          string    // reason, content, or the unit's result
	ApprovedBy    string    // 延期
	By            string    // 催办: who reminded the unit
	TransferTo    string    // 转办: the competent body
	RelatedID     string    // 并单: the master complaint

	HandlerUnitName string // read only
	RelatedNumber   string // read only: the master complaint's number
}

// ComplaintFilter selects complaints; zero fields select all.
type ComplaintFilter struct {
	Status        ComplaintStatus
	Channel       Channel
	Category      Category
	UnitID        string
	HandlerUnitID string
	From, To      Date       // received between, inclusive
	Alert         AlertLevel // 临近到期 or 已超期: complaints being handled near or past their due date
	Search        string
	// ByDeadline lists the earliest deadline (受理期限 or 办理期限) first, as
	// a list by Alert always is; otherwise the newest received comes first.
	ByDeadline    bool
	Limit, Offset int
}
