package data

// UnitCategory is the kind of body the office supervises.
type UnitCategory string

const (
	UnitTownship   UnitCategory = "乡镇/街道"
	UnitDepartment UnitCategory = "县直部门"
	UnitWindow     UnitCategory = "窗口服务单位"
	UnitUtility    UnitCategory = "公用事业单位"
	UnitAgency     UnitCategory = "中介机构"
	UnitMonitored  UnitCategory = "监测点企业"
	UnitOther      UnitCategory = "其他"
)

// UnitCategories lists the categories in the order screens show them.
var UnitCategories = []UnitCategory{UnitTownship, UnitDepartment, UnitWindow, UnitUtility, UnitAgency, UnitMonitored, UnitOther}

// UnitStatus: a unit is never deleted once referenced; it is marked 已撤并.
type UnitStatus string

const (
	UnitActive  UnitStatus = "在用"
	UnitRetired UnitStatus = "已撤并"
)

// DisclosureItem is one of the service rules a unit must post publicly.
type DisclosureItem string

// DisclosureItems are the eight 制度公示 items the office checks.
var DisclosureItems = []DisclosureItem{
	"岗位责任制", "服务承诺制", "限时办结制", "首问负责制",
	"责任追究制", "一次性告知制", "职位代理制", "办事流程引导图",
}

// Disclosure records whether a unit posts one rule, and when that was checked.
type Disclosure struct {
	Item      DisclosureItem
	Posted    bool
	CheckedOn Date
	VisitID   string // the visit that checked it, if any
}

// Unit is a body the office supervises.
type Unit struct {
	Record
	Name           string
	ShortName      string
	Category       UnitCategory
	ParentID       string
	ParentName     string // read only: the parent's name
	Principal      string // 主要负责人
	LeaderInCharge string // 分管领导
	Contact        string // 联系人
	Phone          string // 联系电话
	Hotline        string // 服务热线 (for 电话暗访)
	Address        string
	Status         UnitStatus
	MergedIntoID   string // when 已撤并 into another unit
	MergedIntoName string // an import's: the unit merged into, by name
	Note           string
	Initials       string // read only: pinyin initials of Name, for the picker
	Disclosures    []Disclosure
}

// UnitFilter selects units; zero fields select all.
type UnitFilter struct {
	Category UnitCategory
	Status   UnitStatus
	ParentID string
	Search   string // part of the name, short name or pinyin initials
	Limit    int
}
