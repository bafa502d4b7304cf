package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// Sentinel errors that callers test with errors.Is. Their texts are Chinese
// because they reach the user as they are.
var (
	ErrNotFound    = errors.New("记录不存在或已删除")
	ErrNotLedger   = errors.New("不是效能台账数据文件")
	ErrNewerLedger = errors.New("该台账由更新版本的效能台账写入，请升级本程序后再打开")
	ErrNoLedger    = errors.New("台账文件不存在")
	ErrNotEmpty    = errors.New("台账中已有记录")
	// ErrFillCutShort refuses to fill a ledger holding a fill cut short.
	ErrFillCutShort = errors.New("台账中的演示数据没有填完（上次生成时被中断）；请删除该台账文件后重新生成演示数据")
	ErrDamaged      = errors.New("台账文件已损坏，请用备份恢复")

	// What the storage reports about the ledger's file (the store turns
	// its driver's errors into these).
	ErrBusy = errors.New("台账正被其他程序占用，请稍后重试")
	// ErrWriterBusy is a write from a window's UI thread that would have
	// had to wait for another (store.Briefly): the window waits elsewhere.
	ErrWriterBusy = errors.New("台账正被另一项工作（如导入）或其他程序占用，请等它结束后再试")
	ErrDiskFull   = errors.New("磁盘空间已满，操作未完成；请清理磁盘后重试")
	ErrReadOnly   = errors.New("没有写入台账文件的权限，操作未完成")
	ErrStorage    = errors.New("读写台账文件时出错，操作未完成；请检查磁盘或网络连接后重试")
	// ErrLedgerReadOnly refuses a change to a ledger opened read-only
	// because its file or folder cannot be written.
	// ErrBadCopy says a copy of the ledger failed its check once written,
	// and was not kept.
	ErrBadCopy = errors.New("备份写入后检查未通过，没有保存；请换一个文件夹或磁盘重试")
	// ErrDiskFullReadOnly refuses a change to a ledger opened read-only
	// because its disk was full.
	ErrDiskFullReadOnly = errors.New("磁盘空间已满，台账暂时只能查看，不能修改；请清理磁盘后重新打开台账")
	// ErrLedgerInUse refuses to restore over a ledger another program (or
	// the workbench) has open: it would go on writing to the file replaced.
	ErrLedgerInUse    = errors.New("台账正在被工作台或其他程序使用；请先关闭它们，再恢复备份")
	ErrLedgerReadOnly = errors.New("台账文件是只读的，只能查看，不能修改；要修改，请把台账复制到可以写入的文件夹，或请管理员开放写入权限")
	ErrServer         = errors.New("无法连接台账服务器，请检查服务器地址、用户名、密码和网络")
)

// sentinels are the errors whose own text is what the user is told.
var sentinels = []error{ErrNotFound, ErrNotLedger, ErrNewerLedger, ErrNoLedger, ErrNotEmpty, ErrFillCutShort, ErrDamaged,
	ErrBusy, ErrWriterBusy, ErrDiskFullReadOnly, ErrDiskFull, ErrLedgerReadOnly, ErrReadOnly, ErrStorage, ErrBadCopy, ErrLedgerInUse, ErrServer,
	ErrNotSignedIn, ErrSessionLocked, ErrMustChangePassword, ErrNoUsers, ErrHasUsers, ErrNoIdentityKey, ErrWrongRecoveryCode,
	ErrLastAdmin, ErrUnsealedLedger, ErrWrongPassword, ErrIdentityNeedsReveal}

// FileError is an error about one file — the ledger, a file read in, a
// file written — and names it, so that a message can say which file it
// concerns (the command line's "文件：" line).
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// FileOf is the file err concerns; ok is false when err names none. Where
// files are named at several depths the outermost wins: the code that
// wrapped last knew most (a backup whose disk filled up names the backup,
// not the ledger the engine was copying).
func FileOf(err error) (path string, ok bool) {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Path, true
	}
	return "", false
}

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

// StaleError refuses a save based on a version of the record that someone
// else has changed since it was read: the form offers to load theirs.
type StaleError struct {
	By string    // who saved the newer version
	At time.Time // when
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("此记录已被他人修改（%s，%s）", e.By, e.At.In(Zone).Format("2006-01-02 15:04"))
}

// PackageError refuses a field exchange package (外勤包): damaged, for
// another ledger, written by a newer version. Message names what is wrong.
type PackageError struct {
	Message string
}

func (e *PackageError) Error() string { return e.Message }

// UserMessage returns the sentence to show a user for err, the same on
// every screen and on the command line: the Chinese text of our own errors,
// what a file or a cancelled operation means, or a generic sentence for
// anything unexpected (whose details belong in the log).
func UserMessage(err error) string {
	if msg, ok := Explained(err); ok {
		return msg
	}
	return "操作失败，请稍后重试；详细信息已写入日志"
}

// Explained is UserMessage's sentence for the errors it knows; ok is false
// for an unexpected one.
func Explained(err error) (msg string, ok bool) {
	if err == nil {
		return "", false
	}
	var ve *ValidationError
	var se *StateError
	var ce *ConflictError
	var st *StaleError
	var perm *PermissionError
	var ie *SignInError
	var pe *PackageError
	switch {
	case errors.As(err, &st):
		return st.Error(), true
	case errors.As(err, &ve):
		return ve.Message, true
	case errors.As(err, &se):
		return se.Error(), true
	case errors.As(err, &ce):
		return ce.Message, true
	case errors.As(err, &perm):
		return perm.Error(), true
	case errors.As(err, &ie):
		return ie.Error(), true
	case errors.As(err, &pe):
		return pe.Message, true
	}
	for _, sentinel := range sentinels {
		if errors.Is(err, sentinel) {
			return sentinel.Error(), true
		}
	}
	var path *fs.PathError
	if errors.As(err, &path) {
		switch {
		case errors.Is(err, fs.ErrPermission):
			return fmt.Sprintf("没有权限访问“%s”", path.Path), true
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Sprintf("找不到“%s”", path.Path), true
		}
	}
	if errors.Is(err, context.Canceled) {
		return "操作已取消", true
	}
	return "", false
}
