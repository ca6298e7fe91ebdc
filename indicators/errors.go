package indicators

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that every layer can map it to the right
// response (HTTP status, exit code) without parsing messages.
type Kind int

// The error vocabulary shared by every package.
const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindConflict
	KindUnauthorized
	// KindTooMany refuses a request made too often (sign-in throttling). It
	// joins DESIGN.md's vocabulary because the user must be told to wait,
	// which no other kind says.
	KindTooMany
)

// String is the kind's name as the JSON API reports it.
func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindUnauthorized:
		return "unauthorized"
	case KindTooMany:
		return "too_many_requests"
	default:
		return "internal"
	}
}

// Error is a domain error with a message for users in both UI languages.
// Field names the input at fault, where there is one.
type Error struct {
	Kind  Kind
	Field string
	Zh    string
	En    string
	Err   error // cause, for the log only
}

// Error is the message for logs: English, with the field and the cause.
func (e *Error) Error() string {
	msg := e.En
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Message returns the user-facing text in lang ("zh" or "en").
func (e *Error) Message(lang string) string {
	if lang == "en" {
		return e.En
	}
	return e.Zh
}

// Invalid reports bad input in field, with the message in both languages.
func Invalid(field, zh, en string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}

// NotFound reports that the thing named does not exist.
func NotFound(zh, en string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}

// Conflict reports a write that clashes with existing data.
func Conflict(zh, en string, args ...any) *Error {
	return &Error{Kind: KindConflict, Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}

// Internal wraps an unexpected failure; users see a generic message, the log the cause.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Zh: "服务器内部错误", En: "internal server error", Err: err}
}

// KindOf returns the Kind of err, KindInternal for errors from outside the domain.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Kind
	}
	return KindInternal
}

// Errors collects several validation errors, so a form or file can report
// all its problems at once.
type Errors []*Error

// Error is the first message and how many more there are.
func (es Errors) Error() string {
	if len(es) == 0 {
		return "no errors"
	}
	s := es[0].Error()
	if len(es) > 1 {
		s += fmt.Sprintf(" (and %d more)", len(es)-1)
	}
	return s
}

// Err returns nil for an empty list, else the list itself.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
