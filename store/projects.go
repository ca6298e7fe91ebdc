package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"plantrack/indicators"
)

// dateOnly writes a date as the projects' tables keep it ("" for none).
func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// readDate reads a date dateOnly wrote.
func readDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// Projects lists a plan's key projects and tasks, in the plan's order,
// with their years, milestones and indicators.
func (s *Store) Projects(ctx context.Context, plan string) ([]indicators.Project, error) {
	var out []indicators.Project
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		_, _, out, err = planProjects(ctx, tx, plan)
		return err
	})
	return out, err
}

func loadProjects(ctx context.Context, tx *sql.Tx, pid int64) ([]indicators.Project, error) {
	rows, err := tx.QueryContext(ctx, `SELECT pr.id, pr.code, pr.name_zh, pr.name_en, pr.kind, COALESCE(s.code, ''), COALESCE(d.code, ''),
			pr.stage, pr.start_date, pr.end_date, pr.investment, pr.source, pr.note
		FROM projects pr LEFT JOIN sections s ON s.id = pr.section_id LEFT JOIN departments d ON d.id = pr.unit_id
		WHERE pr.plan_id = ? ORDER BY pr.position, pr.id`, pid)
	if err != nil {
		return nil, err
	}
	var out []indicators.Project
	byID := map[int64]int{}
	for rows.Next() {
		var (
			p          indicators.Project
			id         int64
			start, end string
			inv        sql.NullFloat64
		)
		if err := rows.Scan(&id, &p.Code, &p.NameZh, &p.NameEn, &p.Kind, &p.SectionCode, &p.Unit, &p.Stage, &start, &end, &inv,
			&p.Source, &p.Note); err != nil {
			rows.Close()
			return nil, err
		}
		p.Start, p.End = readDate(start), readDate(end)
		if inv.Valid {
			p.Investment = &inv.Float64
		}
		byID[id] = len(out)
		out = append(out, p)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	yrows, err := tx.QueryContext(ctx, `SELECT y.project_id, y.year, y.planned, y.completed, y.note FROM project_years y
		JOIN projects pr ON pr.id = y.project_id WHERE pr.plan_id = ? ORDER BY y.project_id, y.year`, pid)
	if err != nil {
		return nil, err
	}
	for yrows.Next() {
		var (
			id     int64
			y      indicators.ProjectYear
			pl, co sql.NullFloat64
		)
		if err := yrows.Scan(&id, &y.Year, &pl, &co, &y.Note); err != nil {
			yrows.Close()
			return nil, err
		}
		if pl.Valid {
			y.Planned = &pl.Float64
		}
		if co.Valid {
			y.Completed = &co.Float64
		}
		if k, ok := byID[id]; ok {
			out[k].Years = append(out[k].Years, y)
		}
	}
	if err := yrows.Close(); err != nil {
		return nil, err
	}
	mrows, err := tx.QueryContext(ctx, `SELECT m.project_id, m.name, m.planned, m.actual FROM project_milestones m
		JOIN projects pr ON pr.id = m.project_id WHERE pr.plan_id = ? ORDER BY m.project_id, m.position`, pid)
	if err != nil {
		return nil, err
	}
	for mrows.Next() {
		var (
			id      int64
			m       indicators.Milestone
			planned string
			actual  sql.NullString
		)
		if err := mrows.Scan(&id, &m.Name, &planned, &actual); err != nil {
			mrows.Close()
			return nil, err
		}
		m.Planned = readDate(planned)
		if actual.Valid && actual.String != "" {
			t := readDate(actual.String)
			m.Actual = &t
		}
		if k, ok := byID[id]; ok {
			out[k].Milestones = append(out[k].Milestones, m)
		}
	}
	if err := mrows.Close(); err != nil {
		return nil, err
	}
	irows, err := tx.QueryContext(ctx, `SELECT l.project_id, l.indicator_code FROM project_indicators l
		JOIN projects pr ON pr.id = l.project_id WHERE pr.plan_id = ? ORDER BY l.project_id, l.indicator_code`, pid)
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var id int64
		var code string
		if err := irows.Scan(&id, &code); err != nil {
			return nil, err
		}
		if k, ok := byID[id]; ok {
			out[k].Indicators = append(out[k].Indicators, code)
		}
	}
	return out, irows.Err()
}

// planProjects reads a plan, by code, with its id and its projects.
func planProjects(ctx context.Context, tx *sql.Tx, plan string) (int64, indicators.Plan, []indicators.Project, error) {
	pid, p, err := planID(ctx, tx, plan)
	if err != nil {
		return 0, p, nil, err
	}
	prs, err := loadProjects(ctx, tx, pid)
	return pid, p, prs, err
}

// SaveProject creates or updates a key project or task of a plan, for an
// administrator, with its years, milestones and indicators (each replaced
// by what pr holds), audited.
func (s *Store) SaveProject(ctx context.Context, actor indicators.Actor, plan string, pr indicators.Project, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		pid, p, old, err := planProjects(ctx, tx, plan)
		if err != nil {
			return err
		}
		var before any
		pos := len(old)
		for i, o := range old {
			if o.Code == pr.Code {
				before, pos = o, i
			}
		}
		if err := saveProject(ctx, tx, pid, p, pr, pos); err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "save", "project", plan+"/"+pr.Code, before, pr)
	})
}

// saveProject upserts one project of plan pid at position pos.
func saveProject(ctx context.Context, tx *sql.Tx, pid int64, p indicators.Plan, pr indicators.Project, pos int) error {
	if es := pr.Validate(p); len(es) > 0 {
		return es
	}
	var section int64
	if pr.SectionCode != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM sections WHERE plan_id = ? AND code = ?`, pid, pr.SectionCode).Scan(&section)
		if errors.Is(err, sql.ErrNoRows) {
			return indicators.Invalid("section", "err.section.notFound", pr.SectionCode)
		} else if err != nil {
			return err
		}
	}
	unit, err := unitID(ctx, tx, pr.Unit)
	if err != nil {
		return err
	}
	for _, code := range pr.Indicators {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators WHERE plan_id = ? AND code = ?`, pid, code).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return indicators.Invalid("indicators", "err.indicator.notFound", p.Code, code)
		}
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO projects (plan_id, code, name_zh, name_en, kind, section_id, unit_id, stage,
			start_date, end_date, investment, source, note, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (plan_id, code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind,
			section_id = excluded.section_id, unit_id = excluded.unit_id, stage = excluded.stage, start_date = excluded.start_date,
			end_date = excluded.end_date, investment = excluded.investment, source = excluded.source, note = excluded.note,
			position = excluded.position
		RETURNING id`, pid, pr.Code, pr.NameZh, pr.NameEn, pr.Kind, nullInt(section), nullInt(unit), string(pr.Stage),
		dateOnly(pr.Start), dateOnly(pr.End), nullFloat(pr.Investment), pr.Source, pr.Note, pos).Scan(&id)
	if err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM project_years WHERE project_id = ?`, `DELETE FROM project_milestones WHERE project_id = ?`,
		`DELETE FROM project_indicators WHERE project_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	for _, y := range pr.Years {
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_years (project_id, year, planned, completed, note) VALUES (?, ?, ?, ?, ?)`,
			id, y.Year, nullFloat(y.Planned), nullFloat(y.Completed), y.Note); err != nil {
			return err
		}
	}
	for i, m := range pr.Milestones {
		var actual any
		if m.Actual != nil {
			actual = dateOnly(*m.Actual)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_milestones (project_id, name, planned, actual, position) VALUES (?, ?, ?, ?, ?)`,
			id, m.Name, dateOnly(m.Planned), actual, i); err != nil {
			return err
		}
	}
	for _, code := range pr.Indicators {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO project_indicators (project_id, indicator_code) VALUES (?, ?)`, id, code); err != nil {
			return err
		}
	}
	return nil
}

// ProjectProgress is what the responsible unit reports on a project each
// year: its stage, the year's investment and note, and the milestones
// reached (by position, the date reached; a zero date leaves it unreached).
type ProjectProgress struct {
	Stage     indicators.Stage
	Year      indicators.ProjectYear
	Milestone map[int]time.Time
}

// ReportProgress records a project's progress for an editor of its unit or
// an administrator: the stage, one year's figures and note (replacing that
// year's), and milestones reached. Audited with the project before and
// after.
func (s *Store) ReportProgress(ctx context.Context, actor indicators.Actor, plan, code string, pg ProjectProgress, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := authorize(ctx, tx, actor)
		if err != nil {
			return err
		}
		pid, p, all, err := planProjects(ctx, tx, plan)
		if err != nil {
			return err
		}
		pos := -1
		for i, pr := range all {
			if pr.Code == code {
				pos = i
			}
		}
		if pos < 0 {
			return indicators.NotFound("project.notFound", plan, code)
		}
		before := all[pos]
		if !u.CanEdit(indicators.Indicator{Department: before.Unit}) {
			return indicators.ForbiddenIndicator(code, departmentName(ctx, tx, before.Unit))
		}
		after := before
		after.Stage = pg.Stage
		after.Years = nil
		replaced := false
		for _, y := range before.Years {
			if y.Year == pg.Year.Year {
				y, replaced = pg.Year, true
			}
			after.Years = append(after.Years, y)
		}
		if !replaced && pg.Year.Year != 0 {
			after.Years = append(after.Years, pg.Year)
		}
		after.Milestones = append([]indicators.Milestone(nil), before.Milestones...)
		for i, t := range pg.Milestone {
			if i < 0 || i >= len(after.Milestones) {
				return indicators.Invalid("milestones", "err.project.milestoneName")
			}
			if t.IsZero() {
				after.Milestones[i].Actual = nil
			} else {
				t := t
				after.Milestones[i].Actual = &t
			}
		}
		if err := saveProject(ctx, tx, pid, p, after, pos); err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "update", "project", plan+"/"+code, before, after)
	})
}
