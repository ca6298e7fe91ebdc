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

// Audit actions and entities, as the audit log records them.
var (
	AuditActions = []string{"create", "update", "save", "import", "issue", "withdraw", "login", "logout", "login_failed", "unlock",
		"approve", "return", "decompose", "attach"}
	AuditEntities = []string{"plan", "section", "indicator", "observations", "observation", "narrative", "report", "department", "user",
		"dataset", "session", "project", "evidence"}
)

// AuditFilter selects entries of the audit log: those of an actor, an
// action, an entity, a key containing the text given, between two times
// (zero for open ends), older than entry Before (0 for the newest).
type AuditFilter struct {
	Actor, Action, Entity, Key string
	From, To                   time.Time
	Before                     int64
}
