package data

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Role is what a user does in the office; a user may hold several.
type Role string

const (
	AdminRole     Role = "管理员" // users, settings, calendar, backups
	ClerkRole     Role = "受理员" // registers and handles complaints
	InspectorRole Role = "督查员" // supervision, findings, documents
	LeaderRole    Role = "领导"  // reads all, signs documents
	FieldRole     Role = "外勤"  // visits and findings on a field laptop
)

// Roles lists the roles in display order.
var Roles = []Role{AdminRole, ClerkRole, InspectorRole, LeaderRole, FieldRole}

// KeyAccess is whether a user holds the key that opens complainants'
// identities (only users whose roles may reveal them ever do).
type KeyAccess string

const (
	KeyNone    KeyAccess = ""    // the user's roles may not reveal
	KeyHeld    KeyAccess = "已授权" // the key is wrapped for the user
	KeyPending KeyAccess = "待授权" // granted when a key holder next signs in
)

// User is someone who signs in. Users are never deleted: a user who leaves
// is disabled, and the audit log keeps naming them.
type User struct {
	Record
	Login              string // what the user types to sign in: letters, digits, . _ -
	Name               string
	Roles              []Role
	Active             bool
	MustChangePassword bool // the password was set by an administrator

	LockedUntil    time.Time // read only: after too many wrong passwords
	LastSignIn     time.Time // read only
	IdentityAccess KeyAccess // read only: whether the user holds the key that opens identities
}

// Has reports whether the user holds role.
func (u *User) Has(role Role) bool { return oneOf(role, u.Roles) }

// May reports whether the user's roles allow p.
func (u *User) May(p Permission) bool {
	for _, r := range p.Roles() {
		if u.Has(r) {
			return true
		}
	}
	return false
}

// RoleText is the roles joined for display: 管理员、受理员.
func (u *User) RoleText() string { return joinRoles(u.Roles) }

func joinRoles(roles []Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, "、")
}

// Display is the user as the audit log and screens name them: 王建国（wangjg）.
func (u *User) Display() string { return fmt.Sprintf("%s（%s）", u.Name, u.Login) }

// SortRoles puts roles in display order without repeats and drops unknown
// ones' duplicates; Validate reports unknown ones.
func SortRoles(roles []Role) []Role {
	var out []Role
	for _, r := range Roles {
		if oneOf(r, roles) {
			out = append(out, r)
		}
	}
	for _, r := range roles {
		if !oneOf(r, Roles) && !oneOf(r, out) {
			out = append(out, r)
		}
	}
	return out
}

// ParseRoles reads roles written as 受理员,领导 (or with 、 or spaces).
func ParseRoles(s string) []Role {
	var out []Role
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || unicode.IsSpace(r) }) {
		out = append(out, Role(f))
	}
	return SortRoles(out)
}

var loginPattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)

// UnknownLogin stands in the audit log for a login no user has, which the
// log does not keep (see store's SignIn); no login can be it.
const UnknownLogin = "未知用户"

// NormalizeLogin is a login as stored: trimmed, lower case.
func NormalizeLogin(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks a user before it is saved.
func (u *User) Validate() error {
	var p problems
	if !loginPattern.MatchString(NormalizeLogin(u.Login)) {
		p.add("Login", "登录名须为2～32位英文字母、数字或“._-”，以字母开头，如 zhangsan")
	}
	switch {
	case blank(u.Name):
		p.add("Name", "姓名不能为空")
	case tooLong(u.Name, 20):
		p.add("Name", "姓名不能超过20个字")
	}
	switch {
	case len(u.Roles) == 0:
		p.add("Roles", "请至少选择一个角色")
	default:
		for _, r := range u.Roles {
			if !oneOf(r, Roles) {
				p.add("Roles", fmt.Sprintf("没有“%s”这个角色；角色有：%s", r, joinRoles(Roles)))
			}
		}
	}
	return p.err()
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// CheckPassword refuses a password too weak for a ledger of complainants:
// shorter than 8 characters, or of fewer than two kinds (letters, digits,
// other signs), or the login itself.
func CheckPassword(login, password string) error {
	var letters, digits, others bool
	for _, r := range password {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		default:
			others = true
		}
	}
	kinds := 0
	for _, k := range []bool{letters, digits, others} {
		if k {
			kinds++
		}
	}
	switch {
	case len([]rune(password)) < MinPasswordLength || kinds < 2:
		return Invalid("Password", fmt.Sprintf("密码至少%d位，并包含字母、数字、符号中的至少两类", MinPasswordLength))
	case strings.EqualFold(strings.TrimSpace(password), NormalizeLogin(login)):
		return Invalid("Password", "密码不能与登录名相同")
	}
	return nil
}

// Sign-in rules.
const (
	MaxSignInFailures = 5                // wrong passwords in a row before the lock
	SignInLockout     = 15 * time.Minute // how long the lock lasts
	// MaxIdleLockMinutes is the longest idle time 设置 allows before the
	// workbench locks (Settings.IdleLockMinutes, 15 by default).
	MaxIdleLockMinutes = 120
)

// Sign-in and session errors.
var (
	ErrNotSignedIn         = errors.New("请先登录")
	ErrSessionLocked       = errors.New("工作台已锁定，请输入密码解锁")
	ErrMustChangePassword  = errors.New("请先修改密码：管理员设置的密码只能用来登录一次")
	ErrNoUsers             = errors.New("台账还没有用户，请先创建管理员")
	ErrHasUsers            = errors.New("台账已有用户，不能再创建第一个管理员")
	ErrNoIdentityKey       = errors.New("您的查看身份授权尚未生效：需由已能查看身份的用户（受理员或领导）登录一次，或由管理员用恢复码授权")
	ErrWrongRecoveryCode   = errors.New("恢复码不正确")
	ErrLastAdmin           = errors.New("不能停用或撤下最后一个管理员：台账至少要有一个可登录的管理员")
	ErrUnsealedLedger      = errors.New("本台账的投诉人身份尚未加密：请先创建第一个管理员")
	ErrWrongPassword       = errors.New("原密码不正确")
	ErrIdentityNeedsReveal = errors.New("修改投诉人身份信息需要查看身份的权限（受理员、领导）和已生效的授权")
)

// SignInError refuses a sign-in; its message says why without telling a
// stranger whether a login exists.
type SignInError struct {
	Reason      SignInRefusal
	Left        int       // wrong passwords still allowed before the lock
	LockedUntil time.Time // when the lock ends
}

// SignInRefusal is why a sign-in was refused.
type SignInRefusal int

const (
	SignInWrong    SignInRefusal = iota // unknown login or wrong password
	SignInLocked                        // too many wrong passwords
	SignInDisabled                      // the user was disabled
)

func (e *SignInError) Error() string {
	switch e.Reason {
	case SignInLocked:
		return fmt.Sprintf("连续%d次密码错误，该用户已锁定，请于%s后再试，或请管理员重设密码",
			MaxSignInFailures, e.LockedUntil.In(Zone).Format("15:04"))
	case SignInDisabled:
		return "该用户已停用，请联系管理员"
	}
	if e.Left > 0 && e.Left < MaxSignInFailures {
		return fmt.Sprintf("登录名或密码不正确（再错%d次将锁定%d分钟）", e.Left, int(SignInLockout/time.Minute))
	}
	return "登录名或密码不正确"
}

// PermissionError refuses an action the signed-in user's roles do not
// allow, naming the roles that do.
type PermissionError struct {
	Permission Permission
	User       string // who tried, as User.Display
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("只有%s可以%s（当前用户：%s）", joinRoles(e.Permission.Roles()), e.Permission, e.User)
}
