package data

// Measure is an accountability measure (责任追究 方式).
type Measure string

// Measures lists them from mildest to gravest.
var Measures = []Measure{
	"责令检查", "诫勉谈话", "效能告诫", "通报批评", "黄牌警告",
	"取消评优资格", "调离岗位", "党纪政纪处分", "移送司法机关",
}

// TargetKind says whether an action holds a unit or a person to account.
type TargetKind string

const (
	TargetUnit   TargetKind = "单位"
	TargetPerson TargetKind = "个人"
)

// Action is a 责任追究 decision against a unit or a person, based on a
// finding or a complaint.
type Action struct {
	Record
	TargetKind  TargetKind
	UnitID      string // the unit held to account, or the person's unit
	UnitName    string // read only
	PersonName  string
	PersonPost  string
	Measure     Measure
	FindingID   string
	ComplaintID string
	Reason      string
	DecidedOn   Date
	DecidedBy   string // the body or leader that decided
	DocNumber   string // 文号 of the decision
}

// ActionFilter selects actions; zero fields select all.
type ActionFilter struct {
	UnitID      string
	FindingID   string
	ComplaintID string
	Measure     Measure
	From, To    Date // decided between, inclusive
	Limit       int
}
