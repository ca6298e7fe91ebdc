package indicators

import "time"

// AuditEntry is one write as the audit log recorded it.
type AuditEntry struct {
	ID            int64
	At            time.Time
	Actor         string
	Action        string // save, add, create, update, login, logout, login_failed
	Entity        string // dataset, observation, plan, section, indicator, department, user, session
	Key           string
	Before, After string // JSON; empty where there is none
}
