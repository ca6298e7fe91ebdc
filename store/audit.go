package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"plantrack/indicators"
)

// audit records a write inside the writing transaction, so the log and the
// data cannot disagree.
func audit(ctx context.Context, tx *sql.Tx, at time.Time, actor, action, entity, key string, before, after any) error {
	return auditImport(ctx, tx, 0, at, actor, action, entity, key, before, after)
}

// auditImport is audit for a write an import made (importID 0: none).
func auditImport(ctx context.Context, tx *sql.Tx, importID int64, at time.Time, actor, action, entity, key string, before, after any) error {
	enc := func(v any) (sql.NullString, error) {
		if v == nil {
			return sql.NullString{}, nil
		}
		b, err := json.Marshal(v)
		if err != nil || string(b) == "null" {
			return sql.NullString{}, err
		}
		return sql.NullString{String: string(b), Valid: true}, nil
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, entity, key, before, after, import_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, stamp(at), actor, action, entity, key, b, a, nullInt(importID))
	return err
}

// Audit lists the log, newest first: limit entries that f selects.
func (s *Store) Audit(ctx context.Context, f indicators.AuditFilter, limit int) ([]indicators.AuditEntry, error) {
	var out []indicators.AuditEntry
	from, to := "", ""
	if !f.From.IsZero() {
		from = stamp(f.From)
	}
	if !f.To.IsZero() {
		to = stamp(f.To)
	}
	// the key's text is matched literally: its LIKE wildcards are escaped
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(f.Key) + "%"
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, entity, key, COALESCE(before, ''), COALESCE(after, '')
			FROM audit_log WHERE (? = 0 OR id < ?) AND (? = '' OR actor = ? COLLATE NOCASE) AND (? = '' OR action = ?)
				AND (? = '' OR entity = ?) AND (? = '' OR key LIKE ? ESCAPE '\') AND (? = '' OR at >= ?) AND (? = '' OR at < ?)
			ORDER BY id DESC LIMIT ?`, f.Before, f.Before, f.Actor, f.Actor, f.Action, f.Action, f.Entity, f.Entity,
			f.Key, like, from, from, to, to, limit)
		if err != nil {
			return err
		}
		out, err = scanAudit(rows)
		return err
	})
	return out, err
}

// scanAudit reads audit_log rows selected as id, at, actor, action,
// entity, key, before, after.
func scanAudit(rows *sql.Rows) ([]indicators.AuditEntry, error) {
	defer rows.Close()
	var out []indicators.AuditEntry
	for rows.Next() {
		var e indicators.AuditEntry
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &e.Actor, &e.Action, &e.Entity, &e.Key, &e.Before, &e.After); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
