package data

// Permission is something a user may be allowed to do; its text completes
// "只有……可以" in a refusal.
type Permission string

const (
	PermRead        Permission = "查看台账"
	PermRegistry    Permission = "维护单位和人员名录"
	PermComplaints  Permission = "登记和办理投诉"
	PermReveal      Permission = "查看、打印或导出投诉人身份"
	PermSupervision Permission = "组织督查活动和整改复查"
	PermFieldWork   Permission = "记录检查和发现的问题"
	PermDocuments   Permission = "起草和送达公文"
	PermSign        Permission = "签发或作废公文"
	PermActions     Permission = "记录责任追究"
	PermTasks       Permission = "管理督办事项"
	PermAppraisals  Permission = "组织评议"
	PermExport      Permission = "导出台账"
	PermSettings    Permission = "修改设置和工作日历"
	PermUsers       Permission = "管理用户"
	PermBackup      Permission = "备份台账"
	PermAudit       Permission = "查看审计日志"
)

// permissionRoles is the one home of who may do what: the store checks
// every method against it, the screens ask it what to offer, and 设置 →
// 用户 shows it.
var permissionRoles = map[Permission][]Role{
	PermRead:        Roles,
	PermRegistry:    {AdminRole, ClerkRole, InspectorRole},
	PermComplaints:  {ClerkRole},
	PermReveal:      {ClerkRole, LeaderRole},
	PermSupervision: {InspectorRole},
	PermFieldWork:   {InspectorRole, FieldRole},
	PermDocuments:   {ClerkRole, InspectorRole},
	PermSign:        {LeaderRole},
	PermActions:     {InspectorRole, LeaderRole},
	PermTasks:       {InspectorRole},
	PermAppraisals:  {InspectorRole},
	PermExport:      {AdminRole, ClerkRole, InspectorRole, LeaderRole},
	PermSettings:    {AdminRole},
	PermUsers:       {AdminRole},
	PermBackup:      {AdminRole},
	PermAudit:       {AdminRole, LeaderRole},
}

// Permissions lists the permissions in the order the table shows them.
var Permissions = []Permission{
	PermRead, PermRegistry, PermComplaints, PermReveal, PermSupervision, PermFieldWork, PermDocuments, PermSign,
	PermActions, PermTasks, PermAppraisals, PermExport, PermSettings, PermUsers, PermBackup, PermAudit,
}

// Roles are the roles that hold p.
func (p Permission) Roles() []Role { return permissionRoles[p] }

// Allows reports whether role holds p.
func (p Permission) Allows(role Role) bool { return oneOf(role, permissionRoles[p]) }
