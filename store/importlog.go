package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"plantrack/indicators"
)

const importCols = `id, kind, file_name, sha256, plans, actor, at, rows, empty, new, changed, unchanged, warnings`

func scanImport(sc interface{ Scan(...any) error }) (indicators.ImportRecord, error) {
	var r indicators.ImportRecord
	var plans string
	err := sc.Scan(&r.ID, &r.Kind, &r.File, &r.SHA256, &plans, &r.Actor, timeCol{&r.At}, &r.Rows, &r.Empty,
		&r.New, &r.Changed, &r.Unchanged, &r.Warnings)
	if plans != "" {
		r.Plans = strings.Split(plans, ",")
	}
	return r, err
}

// Imports lists committed imports, newest first: those touching plan, or
// every one for plan "".
func (s *Store) Imports(ctx context.Context, plan string, limit int) ([]indicators.ImportRecord, error) {
	var out []indicators.ImportRecord
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+importCols+` FROM imports
			WHERE ? = '' OR instr(',' || plans || ',', ',' || ? || ',') > 0 ORDER BY id DESC LIMIT ?`, plan, plan, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanImport(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// Import loads one import and what it wrote.
func (s *Store) Import(ctx context.Context, id int64, limit int) (indicators.ImportDetail, error) {
	var d indicators.ImportDetail
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		d.Record, err = scanImport(tx.QueryRowContext(ctx, `SELECT `+importCols+` FROM imports WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return indicators.NotFound("err.import.notFound", id)
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.code, i.code, o.year, o.revision, o.value, o.qualifier, o.status,
				o.source, o.note, prev.revision, prev.value, prev.qualifier, prev.status, prev.source, prev.note
			FROM observations o JOIN indicators i ON i.id = o.indicator_id JOIN plans p ON p.id = i.plan_id
			LEFT JOIN observations prev ON prev.indicator_id = o.indicator_id AND prev.year = o.year
				AND prev.revision = o.revision - 1
			WHERE o.import_id = ? ORDER BY o.id LIMIT ?`, id, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c indicators.Change
			var prev struct {
				rev          sql.NullInt64
				value        sql.NullFloat64
				q, status    sql.NullString
				source, note sql.NullString
			}
			n := &c.New
			if err := rows.Scan(&c.Plan, &c.Indicator, &n.Year, &n.Revision, &n.Value, &n.Qualifier, &n.Status,
				&n.Source, &n.Note, &prev.rev, &prev.value, &prev.q, &prev.status, &prev.source, &prev.note); err != nil {
				return err
			}
			c.Year = n.Year
			if prev.rev.Valid {
				c.Old = &indicators.Observation{Year: n.Year, Revision: int(prev.rev.Int64), Value: prev.value.Float64,
					Qualifier: indicators.Qualifier(prev.q.String), Status: indicators.ObsStatus(prev.status.String),
					Source: prev.source.String, Note: prev.note.String}
			}
			d.Changes = append(d.Changes, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		arows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, entity, key, COALESCE(before, ''), COALESCE(after, '')
			FROM audit_log WHERE import_id = ? ORDER BY id LIMIT ?`, id, limit)
		if err != nil {
			return err
		}
		d.Entries, err = scanAudit(arows)
		return err
	})
	return d, err
}
