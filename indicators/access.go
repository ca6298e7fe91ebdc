package indicators

import (
	"strings"
	"time"
	"unicode/utf8"
)

// SessionPolicy says how long a signed-in session lives.
type SessionPolicy struct {
	Idle     time.Duration // without a request
	Absolute time.Duration // since sign-in, whatever the activity
}

// DefaultSessionPolicy is a working day, and two hours idle.
var DefaultSessionPolicy = SessionPolicy{Idle: 2 * time.Hour, Absolute: 12 * time.Hour}

// Role is what a signed-in user may do.
type Role string

// Roles.
const (
	Admin  Role = "admin"  // plans, indicators, departments, users
	Editor Role = "editor" // actuals and narratives of their own departments' indicators
	Viewer Role = "viewer" // reading only
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Admin || r == Editor || r == Viewer }

// Department is a responsible unit (责任单位) that indicators belong to.
type Department struct {
	Code   string
	NameZh string
	NameEn string
}

// Validate checks a department's fields.
func (d Department) Validate() Errors {
	var es Errors
	if e := checkCode("code", d.Code); e != nil {
		es = append(es, e)
	}
	if strings.TrimSpace(d.NameZh) == "" {
		es = append(es, Invalid("name_zh", "部门名称不能为空", "the department needs a name"))
	}
	return es
}

// User is an account.
type User struct {
	Name        string
	Role        Role
	Departments []string // department codes; what an editor may write
	Disabled    bool
}

// Validate checks a user's fields (not the password).
func (u User) Validate() Errors {
	var es Errors
	if !userNamePattern.MatchString(u.Name) {
		es = append(es, Invalid("name", "用户名“%s”无效:3–32个字符,只能用字母、数字、点、下划线和连字符", "user name %q is invalid: 3–32 letters, digits, . _ -", u.Name))
	}
	if !u.Role.Valid() {
		es = append(es, Invalid("role", "角色“%s”无效(应为 admin、editor 或 viewer)", "role %q is invalid (admin, editor or viewer)", u.Role))
	}
	if u.Role == Editor && len(u.Departments) == 0 {
		es = append(es, Invalid("departments", "填报员至少要属于一个部门", "an editor needs at least one department"))
	}
	return es
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(pw string) *Error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return Invalid("password", "密码至少需要%d个字符", "the password needs at least %d characters", MinPasswordLength)
	}
	if len(pw) > 72 { // bcrypt reads no further
		return Invalid("password", "密码不能超过72个字节", "the password cannot be longer than 72 bytes")
	}
	return nil
}

// CanAdmin reports whether u may change plans, indicators, departments and users.
func (u *User) CanAdmin() bool { return u != nil && !u.Disabled && u.Role == Admin }

// CanEdit reports whether u may write actuals and narratives of ind.
func (u *User) CanEdit(ind Indicator) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch u.Role {
	case Admin:
		return true
	case Editor:
		for _, d := range u.Departments {
			if d == ind.Department && d != "" {
				return true
			}
		}
	}
	return false
}

// Unauthorized reports a write by someone who may not make it.
func Unauthorized(zh, en string, args ...any) *Error {
	e := Invalid("", zh, en, args...)
	e.Kind = KindUnauthorized
	return e
}
