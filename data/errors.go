package data

import (
	"errors"
	"fmt"
)

// Sentinel errors that callers test with errors.Is. Their texts are Chinese
// because they reach the user as they are.
var (
	ErrNotFound    = errors.New("记录不存在或已删除")
	ErrNotLedger   = errors.New("不是效能台账数据文件")
	ErrNewerLedger = errors.New("该台账由更新版本的效能台账写入，请升级本程序后再打开")
	ErrNoLedger    = errors.New("台账文件不存在")
	ErrNotEmpty    = errors.New("台账中已有记录")
	ErrDamaged     = errors.New("台账文件已损坏，请用备份恢复")
)

// ValidationError names the field that failed and says why, in Chinese.
type ValidationError struct {
	Field   string // Go field name, e.g. "Name"
	Message string // e.g. "单位名称不能为空"
}

func (e *ValidationError) Error() string { return e.Message }

// Invalid builds a ValidationError.
func Invalid(field, message string) error {
	return &ValidationError{Field: field, Message: message}
}

// StateError refuses a workflow step that is not allowed from the record's
// current state; Reason is shown to the user.
type StateError struct {
	Action string // e.g. "交办"
	State  string // current state, e.g. "待受理"
	Reason string
}

func (e *StateError) Error() string {
	if e.Reason != "" {
		return e.Reason
	}
	return fmt.Sprintf("当前状态为“%s”，不能%s", e.State, e.Action)
}

// ConflictError reports a clash with another record, such as a duplicate
// name among active units.
type ConflictError struct {
	Field   string
	Message string
}

func (e *ConflictError) Error() string { return e.Message }

// PackageError refuses a field exchange package (外勤包): damaged, for
// another ledger, written by a newer version. Message names what is wrong.
type PackageError struct {
	Message string
}

func (e *PackageError) Error() string { return e.Message }

// UserMessage returns the sentence to show a user for err: the Chinese text of
// our own errors, or a generic sentence for anything unexpected (whose details
// belong in the log).
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	var ve *ValidationError
	var se *StateError
	var ce *ConflictError
	var pe *PackageError
	switch {
	case errors.As(err, &ve):
		return ve.Message
	case errors.As(err, &se):
		return se.Error()
	case errors.As(err, &ce):
		return ce.Message
	case errors.As(err, &pe):
		return pe.Message
	}
	for _, sentinel := range []error{ErrNotFound, ErrNotLedger, ErrNewerLedger, ErrNoLedger, ErrNotEmpty, ErrDamaged} {
		if errors.Is(err, sentinel) {
			return sentinel.Error()
		}
	}
	return "操作失败，请稍后重试；详细信息已写入日志"
}
