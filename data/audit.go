package data

import "time"

// AuditAction is what happened to a record, or what a user did.
type AuditAction string

const (
	AuditInsert AuditAction = "新增"
	AuditUpdate AuditAction = "修改"
	AuditDelete AuditAction = "删除"
	AuditReveal AuditAction = "查看身份" // a complainant's identity was revealed
	AuditExport AuditAction = "导出"
	AuditPrint  AuditAction = "打印"

	AuditSignIn        AuditAction = "登录"
	AuditSignInFailed  AuditAction = "登录失败"
	AuditLockout       AuditAction = "锁定" // too many wrong passwords
	AuditSignOut       AuditAction = "退出"
	AuditUnlock        AuditAction = "解锁" // the idle lock lifted with the password
	AuditPassword      AuditAction = "修改密码"
	AuditResetPassword AuditAction = "重设密码" // by an administrator
	AuditGrant         AuditAction = "授权"   // the identity key wrapped for a user
	AuditRevoke        AuditAction = "撤销授权"
	AuditRecover       AuditAction = "恢复码授权"
	AuditUnlockUser    AuditAction = "解除锁定" // a lock-out lifted by an administrator

	// A field exchange package was written (records left the ledger) or
	// imported.
	AuditPackageOut AuditAction = "写出外勤包"
	AuditPackageIn  AuditAction = "导入外勤包"
)

// AuditKind groups actions for the 审计日志's filter.
type AuditKind string

const (
	KindSignIn AuditKind = "登录"
	KindReveal AuditKind = "查看身份"
	KindExport AuditKind = "导出"
	KindPrint  AuditKind = "打印"
	KindChange AuditKind = "修改"
)

// AuditKinds lists the kinds in the filter's order.
var AuditKinds = []AuditKind{KindSignIn, KindReveal, KindExport, KindPrint, KindChange}

var kindActions = map[AuditKind][]AuditAction{
	KindSignIn: {AuditSignIn, AuditSignInFailed, AuditLockout, AuditSignOut, AuditUnlock, AuditPassword, AuditResetPassword, AuditUnlockUser},
	KindReveal: {AuditReveal, AuditGrant, AuditRevoke, AuditRecover},
	KindExport: {AuditExport, AuditPackageOut},
	KindPrint:  {AuditPrint},
	KindChange: {AuditInsert, AuditUpdate, AuditDelete, AuditPackageIn},
}

// Actions are the actions of kind k.
func (k AuditKind) Actions() []AuditAction { return kindActions[k] }

// Kind is the kind of an action.
func (a AuditAction) Kind() AuditKind {
	for _, k := range AuditKinds {
		if oneOf(a, kindActions[k]) {
			return k
		}
	}
	return ""
}

// AuditEntry is one row of the audit log, written in the same transaction
// as the change it records.
type AuditEntry struct {
	ID        int64
	At        time.Time
	Actor     string // the user's login (before users existed: the name written then)
	ActorName string // read only: the user's name, "" when Actor is no user's login
	Device    string
	Table     string
	RecordID  string
	Action    AuditAction
	Before    map[string]any // changed fields before (nil on insert)
	After     map[string]any // changed fields after (nil on delete); what was done
}

// AuditFilter selects audit rows; zero fields select all.
type AuditFilter struct {
	Actor    string // a login
	Table    string
	RecordID string
	Kind     AuditKind
	// Text is found in the login or name of who acted, the device, the
	// record, the action or what the row records.
	Text     string
	From, To Date
	// Before keeps the rows older than the row of this ID (0: from the
	// newest): a page after another goes on from the last row shown, by the
	// log's key, where an offset would read and drop every row before it.
	Before int64
	Limit  int
}
