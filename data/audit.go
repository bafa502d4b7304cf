package data

import "time"

// AuditAction is what happened to a record.
type AuditAction string

const (
	AuditInsert AuditAction = "新增"
	AuditUpdate AuditAction = "修改"
	AuditDelete AuditAction = "删除"
	AuditReveal AuditAction = "查看身份" // a complainant's identity was revealed
	// A field exchange package was written (records left the ledger) or
	// imported.
	AuditPackageOut AuditAction = "写出外勤包"
	AuditPackageIn  AuditAction = "导入外勤包"
)

// AuditEntry is one row of the audit log, written in the same transaction
// as the change it records.
type AuditEntry struct {
	ID       int64
	At       time.Time
	Actor    string
	Device   string
	Table    string
	RecordID string
	Action   AuditAction
	Before   map[string]any // changed fields before (nil on insert)
	After    map[string]any // changed fields after (nil on delete)
}
