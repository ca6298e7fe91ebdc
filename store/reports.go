package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"plantrack/indicators"
)

// Narratives returns the narratives of a plan's indicators for a year, by indicator code.
func (s *Store) Narratives(ctx context.Context, plan string, year int) (map[string]indicators.Narrative, error) {
	var out map[string]indicators.Narrative
	err := s.view(ctx, func(tx *sql.Tx) error {
		pid, _, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		out, err = narratives(ctx, tx, pid, year)
		return err
	})
	return out, err
}

func narratives(ctx context.Context, tx *sql.Tx, pid int64, year int) (map[string]indicators.Narrative, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.code, n.year, n.progress, n.problems, n.measures, n.updated_by, n.updated_at
		FROM narratives n JOIN indicators i ON i.id = n.indicator_id WHERE i.plan_id = ? AND n.year = ?`, pid, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]indicators.Narrative{}
	for rows.Next() {
		var code string
		var n indicators.Narrative
		if err := rows.Scan(&code, &n.Year, &n.Progress, &n.Problems, &n.Measures, &n.Actor, timeCol{&n.At}); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

// SaveNarrative writes the narrative of an indicator for a year, replacing
// the previous text (the audit log keeps what it replaced), for an actor
// who may write the indicator: an administrator or an editor of its
// department.
func (s *Store) SaveNarrative(ctx context.Context, actor indicators.Actor, plan, indicator string, n indicators.Narrative, now time.Time) error {
	n.Actor, n.At = actor.Name, now
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := authorize(ctx, tx, actor)
		if err != nil {
			return err
		}
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		inds, err := loadIndicators(ctx, tx, pid, indicator)
		if err != nil {
			return err
		}
		if len(inds) == 0 {
			return indicators.NotFound("err.indicator.notFound", plan, indicator)
		}
		if !u.CanEdit(inds[0].ind) {
			return indicators.ForbiddenIndicator(indicator, departmentName(ctx, tx, inds[0].ind.Department))
		}
		if es := n.Validate(p); len(es) > 0 {
			return es
		}
		id := inds[0].id
		var before *indicators.Narrative
		var old indicators.Narrative
		err = tx.QueryRowContext(ctx, `SELECT year, progress, problems, measures, updated_by, updated_at FROM narratives
			WHERE indicator_id = ? AND year = ?`, id, n.Year).Scan(&old.Year, &old.Progress, &old.Problems, &old.Measures,
			&old.Actor, timeCol{&old.At})
		if err == nil {
			before = &old
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO narratives (indicator_id, year, progress, problems, measures, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (indicator_id, year) DO UPDATE SET progress = excluded.progress,
			problems = excluded.problems, measures = excluded.measures, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			id, n.Year, n.Progress, n.Problems, n.Measures, n.Actor, stamp(n.At))
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "save", "narrative", fmt.Sprintf("%s/%s/%d", plan, indicator, n.Year), before, n)
	})
}

// ReportData is what a report of a plan for a year is made from, read in
// one transaction so that a frozen report never mixes moments: the plan
// with the current revision of each value up to the year, the departments
// its indicators name, the plans of the districts it is decomposed among
// (likewise up to the year) and the year's narratives.
func (s *Store) ReportData(ctx context.Context, plan string, year int) (indicators.Dataset, []indicators.Dataset, map[string]indicators.Narrative, error) {
	var (
		d     indicators.Dataset
		parts []indicators.Dataset
		ns    map[string]indicators.Narrative
	)
	// d.Projects carries the plan's key projects, read in the same transaction
	upTo := func(d *indicators.Dataset) {
		for code, obs := range d.Observations {
			d.Observations[code] = slices.DeleteFunc(indicators.Current(obs), func(o indicators.Observation) bool { return o.Year > year })
		}
		d.Pending = nil // a report shows what counts
	}
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = s.loadDataset(ctx, tx, plan, ""); err != nil {
			return err
		}
		upTo(&d)
		if parts, err = s.loadParts(ctx, tx, plan); err != nil {
			return err
		}
		for i := range parts {
			upTo(&parts[i])
		}
		deps, err := departments(ctx, tx)
		if err != nil {
			return err
		}
		used := map[string]bool{}
		for _, ind := range d.Indicators {
			used[ind.Department] = true
		}
		for _, dep := range deps {
			if used[dep.Code] {
				d.Departments = append(d.Departments, dep)
			}
		}
		pid, _, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		if d.Projects, err = loadProjects(ctx, tx, pid); err != nil {
			return err
		}
		ns, err = narratives(ctx, tx, pid, year)
		return err
	})
	return d, parts, ns, err
}

// IssueReport stores a report under the next free ID of its plan, year and
// kind (PLAN-YEAR-KIND-N), for an administrator, and returns the ID. The
// snapshot's ID, actor and time are set here; the rendered pages must
// carry the ID, so render is called back with the snapshot before anything
// is written.
func (s *Store) IssueReport(ctx context.Context, actor indicators.Actor, snap indicators.ReportSnapshot, now time.Time,
	render func(snap indicators.ReportSnapshot) (zh, en []byte, err error)) (string, error) {
	var id string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		pid, _, err := planID(ctx, tx, snap.Dataset.Plan.Code)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE plan_id = ? AND year = ? AND kind = ?`, pid, snap.Year, snap.Kind).Scan(&n); err != nil {
			return err
		}
		id = fmt.Sprintf("%s-%d-%s-%d", snap.Dataset.Plan.Code, snap.Year, snap.Kind, n+1)
		snap.ID, snap.Actor, snap.IssuedAt = id, actor.Name, now
		zh, en, err := render(snap)
		if err != nil {
			return err
		}
		js, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reports (id, plan_id, kind, year, issued_at, issued_by, method_version, snapshot, html_zh, html_en)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, pid, snap.Kind, snap.Year, stamp(now), actor.Name,
			snap.MethodVersion, string(js), zh, en); err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "issue", "report", id, nil,
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
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.kind, r.year, r.issued_at, r.issued_by, r.method_version,
				w.actor, w.at, w.reason
			FROM reports r LEFT JOIN report_withdrawals w ON w.report_id = r.id
			WHERE r.plan_id = ? ORDER BY r.issued_at DESC, r.id DESC`, pid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r indicators.ReportSnapshot
			var w withdrawalCols
			if err := rows.Scan(&r.ID, &r.Kind, &r.Year, timeCol{&r.IssuedAt}, &r.Actor, &r.MethodVersion,
				&w.actor, &w.at, &w.reason); err != nil {
				return err
			}
			if r.Withdrawn, err = w.withdrawal(); err != nil {
				return err
			}
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
		var w withdrawalCols
		err := tx.QueryRowContext(ctx, `SELECT r.snapshot, r.html_zh, r.html_en, w.actor, w.at, w.reason
			FROM reports r LEFT JOIN report_withdrawals w ON w.report_id = r.id WHERE r.id = ?`, id).
			Scan(&js, &zh, &en, &w.actor, &w.at, &w.reason)
		if errors.Is(err, sql.ErrNoRows) {
			return indicators.NotFound("err.report.notFound", id)
		}
		if err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(js), &snap); err != nil {
			return err
		}
		snap.Withdrawn, err = w.withdrawal()
		return err
	})
	return snap, zh, en, err
}

// withdrawalCols are the columns of report_withdrawals as a LEFT JOIN
// gives them: all NULL for a report that stands.
type withdrawalCols struct {
	actor, at, reason sql.NullString
}

func (w withdrawalCols) withdrawal() (*indicators.Withdrawal, error) {
	if !w.actor.Valid {
		return nil, nil
	}
	out := &indicators.Withdrawal{Actor: w.actor.String, Reason: w.reason.String}
	if err := (timeCol{&out.At}).Scan(w.at.String); err != nil {
		return nil, err
	}
	return out, nil
}

// WithdrawReport withdraws (撤回) an issued report, for an administrator:
// the report stays as it was issued, marked withdrawn with who, when and
// why; the audit log records it. A report is withdrawn once.
func (s *Store) WithdrawReport(ctx context.Context, actor indicators.Actor, id, reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return indicators.Invalid("reason", "err.report.reason")
	case n > indicators.MaxReasonRunes:
		return indicators.Invalid("reason", "err.text.tooLong", indicators.MaxReasonRunes)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return indicators.NotFound("err.report.notFound", id)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO report_withdrawals (report_id, at, actor, reason) VALUES (?, ?, ?, ?)
			ON CONFLICT (report_id) DO NOTHING`, id, stamp(now), actor.Name, reason)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return indicators.Conflict("err.report.withdrawn", id)
		}
		return audit(ctx, tx, now, actor.Name, "withdraw", "report", id, nil, map[string]any{"reason": reason})
	})
}

// ReportPDF returns the stored PDF of issued report id in lang (zh or
// en), as printed with the withdrawal mark or without; ok is false when it
// has not been printed yet.
func (s *Store) ReportPDF(ctx context.Context, id, lang string, withdrawn bool) (pdf []byte, ok bool, err error) {
	err = s.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT pdf FROM report_pdfs WHERE report_id = ? AND lang = ? AND withdrawn = ?`,
			id, lang, boolInt(withdrawn)).Scan(&pdf)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		ok = err == nil
		return err
	})
	return pdf, ok, err
}

// SaveReportPDF keeps the PDF of an issued report, printed once: a second
// print of the same report, language and mark keeps the first. It is
// bookkeeping (no page shows whether a PDF is kept), so the data version
// stays.
func (s *Store) SaveReportPDF(ctx context.Context, id, lang string, withdrawn bool, pdf []byte, now time.Time) error {
	return s.bookkeep(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO report_pdfs (report_id, lang, withdrawn, pdf, made_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, id, lang, boolInt(withdrawn), pdf, stamp(now))
		return err
	})
}
