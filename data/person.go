package data

// PersonRole is what a person does for the office.
type PersonRole string

const (
	RoleStaff      PersonRole = "效能办工作人员"
	RoleInspector  PersonRole = "效能监察专员"
	RoleInvited    PersonRole = "特邀监察员"
	RoleSupervisor PersonRole = "政风行风监督员"
	RoleLeader     PersonRole = "领导"
)

// PersonRoles lists the roles in display order.
var PersonRoles = []PersonRole{RoleStaff, RoleInspector, RoleInvited, RoleSupervisor, RoleLeader}

// Person is a member of staff, an inspector, or a leader who signs documents.
type Person struct {
	Record
	Name           string
	Role           PersonRole
	Post           string // 职务
	Organization   string // 所在单位
	Phone          string
	CanSign        bool // may sign (签发) documents
	CanSeeIdentity bool // may reveal a complainant's identity
	Active         bool
	Note           string
}
