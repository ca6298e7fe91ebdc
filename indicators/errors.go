package indicators

import (
	"errors"
	"fmt"
	"strings"
)

// Msg is text for people: a key of the UI catalog (package web/i18n holds
// every key in Chinese and English) and the arguments its text is
// formatted with. An argument that is itself a Msg is put into the same
// language first. Data (names, codes, figures, file names) goes in as
// arguments, never into keys, so that the domain says what happened and
// the catalog says it in each language.
type Msg struct {
	Key  string
	Args []any
}

// M makes a message.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// String is the message for a log: its key and arguments, in no language.
func (m Msg) String() string {
	if len(m.Args) == 0 {
		return m.Key
	}
	parts := make([]string, len(m.Args))
	for i, a := range m.Args {
		parts[i] = fmt.Sprintf("%v", a)
	}
	return m.Key + "(" + strings.Join(parts, ", ") + ")"
}

// Name is data that has a Chinese and an English form, such as an
// indicator's name, given as an argument of a Msg: it is shown in the
// message's language (the Chinese one where there is no English).
type Name struct{ Zh, En string }

// NameList is several names, listed as the message's language lists things.
type NameList []Name

// ErrorKind classifies an error so that every layer can map it to the
// right response (HTTP status, exit code) without parsing messages.
type ErrorKind int

// The error vocabulary shared by every package.
const (
	ErrInternal ErrorKind = iota
	ErrInvalid
	ErrNotFound
	ErrConflict
	ErrUnauthorized
	// ErrTooMany refuses a request made too often (sign-in throttling, a
	// full print queue): the user must be told to wait, which no other
	// kind says.
	ErrTooMany
	// ErrUnavailable says the server cannot do it now but will shortly:
	// the database's write lock stayed taken (a large import from the
	// command line) past the wait a write allows. Retry.
	ErrUnavailable
)

// String is the kind's name as the JSON API reports it.
func (k ErrorKind) String() string {
	switch k {
	case ErrInvalid:
		return "invalid"
	case ErrNotFound:
		return "not_found"
	case ErrConflict:
		return "conflict"
	case ErrUnauthorized:
		return "unauthorized"
	case ErrTooMany:
		return "too_many_requests"
	case ErrUnavailable:
		return "unavailable"
	default:
		return "internal"
	}
}

// Error is a domain error with a message for users. Field names the input
// at fault, where there is one.
type Error struct {
	Kind  ErrorKind
	Field string
	Msg   Msg
	Err   error // cause, for the log only
}

// Error is the message for logs: the field, the message key and the cause.
func (e *Error) Error() string {
	msg := e.Msg.String()
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

func newError(k ErrorKind, field, key string, args []any) *Error {
	return &Error{Kind: k, Field: field, Msg: Msg{Key: key, Args: args}}
}

// Invalid reports bad input in field.
func Invalid(field, key string, args ...any) *Error { return newError(ErrInvalid, field, key, args) }

// NotFound reports that the thing named does not exist.
func NotFound(key string, args ...any) *Error { return newError(ErrNotFound, "", key, args) }

// Conflict reports a write that clashes with existing data.
func Conflict(key string, args ...any) *Error { return newError(ErrConflict, "", key, args) }

// Unauthorized reports a request by someone who may not make it.
func Unauthorized(key string, args ...any) *Error {
	return newError(ErrUnauthorized, "", key, args)
}

// TooMany refuses a request made too often, or while the server is busy.
func TooMany(key string, args ...any) *Error { return newError(ErrTooMany, "", key, args) }

// Unavailable says the server is busy with err, a cause for the log only;
// the user is asked to try again.
func Unavailable(err error) *Error {
	return &Error{Kind: ErrUnavailable, Msg: M("err.busy"), Err: err}
}

// Internal wraps an unexpected failure; users see a generic message, the log the cause.
func Internal(err error) *Error {
	return &Error{Kind: ErrInternal, Msg: M("err.internal.body"), Err: err}
}

// KindOf returns the kind of err, ErrInternal for errors from outside the domain.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Kind
	}
	return ErrInternal
}

// MsgOf is what a user is told of err: its message, or the generic one
// for errors from outside the domain (whose details go to the log only).
func MsgOf(err error) Msg {
	var e *Error
	if errors.As(err, &e) && e.Kind != ErrInternal {
		return e.Msg
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Msg
	}
	return M("err.internal.body")
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
