package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"plantrack/indicators"
)

// Narratives returns the narratives of a plan's indicators for a year, by indicator code.
func (s *Store) Narratives(ctx context.Context, plan string, year int) (map[string]indicators.Narrative, error) {
	out := map[string]indicators.Narrative{}
	err := s.view(ctx, func(tx *sql.Tx) error {
		pid, _, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT i.code, n.year, n.progress, n.problems, n.measures, n.updated_by, n.updated_at
			FROM narratives n JOIN indicators i ON i.id = n.indicator_id WHERE i.plan_id = ? AND n.year = ?`, pid, year)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var code, at string
			var n indicators.Narrative
			if err := rows.Scan(&code, &n.Year, &n.Progress, &n.Problems, &n.Measures, &n.UpdatedBy, &at); err != nil {
				return err
			}
			n.UpdatedAt, _ = time.Parse(time.RFC3339Nano, at)
			out[code] = n
		}
		return rows.Err()
	})
	return out, err
}

// SaveNarrative writes the narrative of an indicator for a year, replacing
// the previous text; the audit log keeps what it replaced.
func (s *Store) SaveNarrative(ctx context.Context, plan, indicator string, n indicators.Narrative) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		if es := n.Validate(p); len(es) > 0 {
			return es
		}
		var id int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM indicators WHERE plan_id = ? AND code = ?`, pid, indicator).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return indicators.NotFound("规划“%s”中没有指标“%s”", "plan %q has no indicator %q", plan, indicator)
		} else if err != nil {
			return err
		}
		var before *indicators.Narrative
		var old indicators.Narrative
		err = tx.QueryRowContext(ctx, `SELECT year, progress, problems, measures, updated_by FROM narratives WHERE indicator_id = ? AND year = ?`,
			id, n.Year).Scan(&old.Year, &old.Progress, &old.Problems, &old.Measures, &old.UpdatedBy)
		if err == nil {
			before = &old
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO narratives (indicator_id, year, progress, problems, measures, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (indicator_id, year) DO UPDATE SET progress = excluded.progress,
			problems = excluded.problems, measures = excluded.measures, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			id, n.Year, n.Progress, n.Problems, n.Measures, n.UpdatedBy, n.UpdatedAt.UTC().Format(tsLayout))
		if err != nil {
			return err
		}
		return audit(ctx, tx, n.UpdatedAt, n.UpdatedBy, "save", "narrative", fmt.Sprintf("%s/%s/%d", plan, indicator, n.Year), before, n)
	})
}

// IssueReport stores a report under the next free ID of its plan, year and
// kind (PLAN-YEAR-KIND-N) and returns the ID. The snapshot's ID field is
// set to it; the rendered pages must already carry it, so render calls back
// with the ID before anything is written.
func (s *Store) IssueReport(ctx context.Context, snap indicators.ReportSnapshot, render func(id string) (zh, en []byte, err error)) (string, error) {
	var id string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		pid, _, err := planID(ctx, tx, snap.Dataset.Plan.Code)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE plan_id = ? AND year = ? AND kind = ?`, pid, snap.Year, snap.Kind).Scan(&n); err != nil {
			return err
		}
		id = fmt.Sprintf("%s-%d-%s-%d", snap.Dataset.Plan.Code, snap.Year, snap.Kind, n+1)
		snap.ID = id
		zh, en, err := render(id)
		if err != nil {
			return err
		}
		js, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reports (id, plan_id, kind, year, issued_at, issued_by, method_version, snapshot, html_zh, html_en)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, pid, snap.Kind, snap.Year, snap.IssuedAt.UTC().Format(tsLayout), snap.IssuedBy,
			snap.MethodVersion, string(js), zh, en); err != nil {
			return err
		}
		return audit(ctx, tx, snap.IssuedAt, snap.IssuedBy, "issue", "report", id, nil,
			map[string]any{"kind": snap.Kind, "year": snap.Year, "method": snap.MethodVersion})
	})
	return id, err
}

// Reports lists a plan's issued reports, newest first: the snapshots'
// descriptions, without their data.
func (s *Store) Reports(ctx context.Context, plan string) ([]indicators.ReportSnapshot, error) {
	var out []indicators.ReportSnapshot
	err := s.view(ctx, func(tx *sql.Tx) error {
		pid, _, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, year, issued_at, issued_by, method_version FROM reports
			WHERE plan_id = ? ORDER BY issued_at DESC, id DESC`, pid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r indicators.ReportSnapshot
			var at string
			if err := rows.Scan(&r.ID, &r.Kind, &r.Year, &at, &r.IssuedBy, &r.MethodVersion); err != nil {
				return err
			}
			r.IssuedAt, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// Report returns an issued report: its snapshot and its pages in Chinese and English.
func (s *Store) Report(ctx context.Context, id string) (indicators.ReportSnapshot, []byte, []byte, error) {
	var (
		snap   indicators.ReportSnapshot
		zh, en []byte
	)
	err := s.view(ctx, func(tx *sql.Tx) error {
		var js string
		err := tx.QueryRowContext(ctx, `SELECT snapshot, html_zh, html_en FROM reports WHERE id = ?`, id).Scan(&js, &zh, &en)
		if errors.Is(err, sql.ErrNoRows) {
			return indicators.NotFound("报告“%s”不存在", "report %q does not exist", id)
		}
		if err != nil {
			return err
		}
		return json.Unmarshal([]byte(js), &snap)
	})
	return snap, zh, en, err
}
