package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"plantrack/indicators"
)

// Departments lists every organisational unit: real ones before sample
// ones, each in the tree's order (the city, its districts as the
// statistics list them, departments by code).
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
	rows, err := tx.QueryContext(ctx, `SELECT d.code, d.name_zh, d.name_en, d.sample, d.kind, COALESCE(p.code, '')
		FROM departments d LEFT JOIN departments p ON p.id = d.parent_id ORDER BY d.sample, d.position, d.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicators.Unit
	for rows.Next() {
		var d indicators.Unit
		if err := rows.Scan(&d.Code, &d.NameZh, &d.NameEn, &d.Sample, &d.Kind, &d.Parent); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveUnit creates or changes an organisational unit, for an
// administrator: its names, kind and place in the tree.
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

// saveUnit upserts d and returns what it was before (nil when new). A
// parent that does not exist, or that would put the unit under itself,
// is refused.
func saveUnit(ctx context.Context, tx *sql.Tx, d indicators.Unit) (*indicators.Unit, error) {
	all, err := departments(ctx, tx)
	if err != nil {
		return nil, err
	}
	var before *indicators.Unit
	for i := range all {
		if all[i].Code == d.Code {
			before = &all[i]
		}
	}
	parent, err := unitID(ctx, tx, d.Parent)
	if err != nil {
		return nil, indicators.Invalid("parent", "err.unit.parentUnknown", d.Parent)
	}
	if indicators.Cycle(all, d.Code, d.Parent) {
		return nil, indicators.Invalid("parent", "err.unit.cycle", d.Code, d.Parent)
	}
	kind := d.KindOr()
	// a unit keeps being a sample one or a real one: renaming does not change that
	_, err = tx.ExecContext(ctx, `INSERT INTO departments (code, name_zh, name_en, sample, kind, parent_id, position)
		VALUES (?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM departments))
		ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
			kind = excluded.kind, parent_id = excluded.parent_id`, d.Code, d.NameZh, d.NameEn, d.Sample, kind, nullInt(parent))
	return before, err
}

// scope is the units of roots and every unit under them.
func scope(ctx context.Context, tx *sql.Tx, roots []string) ([]string, error) {
	if len(roots) == 0 {
		return nil, nil
	}
	all, err := departments(ctx, tx)
	if err != nil {
		return nil, err
	}
	return indicators.Scope(all, roots), nil
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
