package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"plantrack/indicators"
)

// Departments lists every department by code.
func (s *Store) Departments(ctx context.Context) ([]indicators.Unit, error) {
	var out []indicators.Unit
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = departments(ctx, tx)
		return err
	})
	return out, err
}

func departments(ctx context.Context, tx *sql.Tx) ([]indicators.Unit, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, name_zh, name_en, sample FROM departments ORDER BY sample, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicators.Unit
	for rows.Next() {
		var d indicators.Unit
		if err := rows.Scan(&d.Code, &d.NameZh, &d.NameEn, &d.Sample); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveUnit creates or renames a department, for an administrator.
func (s *Store) SaveUnit(ctx context.Context, actor indicators.Actor, d indicators.Unit, now time.Time) error {
	if es := d.Validate(); len(es) > 0 {
		return es
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		before, err := saveUnit(ctx, tx, d)
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "save", "department", d.Code, before, d)
	})
}

// saveUnit upserts d and returns what it was before (nil when new).
func saveUnit(ctx context.Context, tx *sql.Tx, d indicators.Unit) (*indicators.Unit, error) {
	var old indicators.Unit
	err := tx.QueryRowContext(ctx, `SELECT code, name_zh, name_en, sample FROM departments WHERE code = ?`, d.Code).
		Scan(&old.Code, &old.NameZh, &old.NameEn, &old.Sample)
	var before *indicators.Unit
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		before = &old
	}
	// a department keeps being a sample one or a real one: renaming does not change that
	_, err = tx.ExecContext(ctx, `INSERT INTO departments (code, name_zh, name_en, sample) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en`, d.Code, d.NameZh, d.NameEn, d.Sample)
	return before, err
}

// departmentName is a department's name for a message: its code where it
// has none or cannot be read, empty for no department.
func departmentName(ctx context.Context, tx *sql.Tx, code string) indicators.Name {
	n := indicators.Name{Zh: code}
	if code != "" {
		_ = tx.QueryRowContext(ctx, `SELECT name_zh, name_en FROM departments WHERE code = ?`, code).Scan(&n.Zh, &n.En)
	}
	return n
}

// unitID resolves a department code; 0 for none.
func unitID(ctx context.Context, tx *sql.Tx, code string) (int64, error) {
	if code == "" {
		return 0, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM departments WHERE code = ?`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, indicators.Invalid("department", "err.department.notFound", code)
	}
	return id, err
}
