package indicators

import (
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
	Admin    Role = "admin"    // plans, indicators, units, users
	Editor   Role = "editor"   // actuals and narratives of their own units' indicators
	Reviewer Role = "reviewer" // approves or returns the values submitted for their units (审核)
	Viewer   Role = "viewer"   // reading only
)

// Roles lists every role, in the order forms offer them.
var Roles = []Role{Admin, Editor, Reviewer, Viewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Admin || r == Editor || r == Reviewer || r == Viewer }

// User is an account.
type User struct {
	Name        string
	DisplayName string `json:",omitempty"` // as people know the holder: 张三, 市科技局 规划处
	Role        Role
	// Units are the codes of the organisational units the account works
	// for: an editor writes, and a reviewer approves, the values of their
	// indicators, and of the units under them.
	Units []string
	// Scope is Units with every unit under them, as the store reads the
	// account; what CanEdit and CanReview check.
	Scope    []string `json:"-"`
	Disabled bool
}

// Validate checks a user's fields (not the password).
func (u User) Validate() Errors {
	var es Errors
	if !userNamePattern.MatchString(u.Name) {
		es = append(es, Invalid("name", "err.user.name", u.Name))
	}
	if e := CheckLine("display_name", u.DisplayName, MaxDisplayName); e != nil {
		es = append(es, e)
	}
	if !u.Role.Valid() {
		es = append(es, Invalid("role", "err.user.role", u.Role))
	}
	if (u.Role == Editor || u.Role == Reviewer) && len(u.Units) == 0 {
		es = append(es, Invalid("departments", "err.user.departments"))
	}
	return es
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(pw string) *Error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return Invalid("password", "err.password.short", MinPasswordLength)
	}
	if len(pw) > 72 { // bcrypt reads no further
		return Invalid("password", "err.password.long")
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
		return u.inScope(ind.Department)
	}
	return false
}

// CanReview reports whether u may approve or return the submitted values
// of ind: an administrator, or a reviewer whose units hold ind's unit.
func (u *User) CanReview(ind Indicator) bool {
	if u == nil || u.Disabled {
		return false
	}
	return u.Role == Admin || (u.Role == Reviewer && u.inScope(ind.Department))
}

// inScope reports whether unit is one of u's units or under one of them.
func (u *User) inScope(unit string) bool {
	if unit == "" {
		return false
	}
	scope := u.Scope
	if scope == nil {
		scope = u.Units
	}
	for _, d := range scope {
		if d == unit {
			return true
		}
	}
	return false
}

// CanEnter reports whether u may write values at all: an admin, or an
// editor (of some department).
func (u *User) CanEnter() bool {
	return u != nil && !u.Disabled && (u.Role == Admin || u.Role == Editor)
}

// Actor is who makes a change: a signed-in user, named by their account,
// or the operator of the command line (and the seed), who may open the
// database file and so is an administrator by definition. Every write
// names its actor; the store checks what the account may do inside the
// write's own transaction.
type Actor struct {
	Name  string
	Local bool
}

// As is the actor of an account.
func As(name string) Actor { return Actor{Name: name} }

// LocalActor is the operator of the command line, named for the records.
func LocalActor(name string) Actor { return Actor{Name: name, Local: true} }

// LocalUser is the account a local actor acts with: an administrator.
func (a Actor) LocalUser() User { return User{Name: a.Name, Role: Admin} }

// Forbidden is the refusal of a write the actor may not make.
func Forbidden() *Error { return Unauthorized("err.forbidden") }

// ForbiddenIndicator refuses a write to an indicator of another
// department, naming the department responsible (dept: its name, or its
// code where the name is not known; empty for none).
func ForbiddenIndicator(code string, dept Name) *Error {
	if dept.Zh == "" {
		return Unauthorized("err.forbidden.indicator.nodept", code)
	}
	return Unauthorized("err.forbidden.indicator", code, dept)
}
