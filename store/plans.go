package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"plantrack/indicators"
)

const planCols = `p.code, p.jurisdiction, p.name_zh, p.name_en, p.base_year, p.target_year,
	p.tolerance, COALESCE(pp.code, ''), p.sample, p.source_zh`

// scanPlan reads planCols, after the columns of before.
func scanPlan(sc interface{ Scan(...any) error }, before ...any) (indicators.Plan, error) {
	var p indicators.Plan
	err := sc.Scan(append(before, &p.Code, &p.Jurisdiction, &p.NameZh, &p.NameEn, &p.BaseYear, &p.TargetYear,
		&p.Tolerance, &p.ParentCode, &p.Sample, &p.SourceZh)...)
	return p, err
}

// Plans lists every plan: real plans first, then samples, each in the order added.
func (s *Store) Plans(ctx context.Context) ([]indicators.Plan, error) {
	var out []indicators.Plan
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+planCols+` FROM plans p
			LEFT JOIN plans pp ON pp.id = p.parent_id ORDER BY p.sample, p.position, p.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPlan(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// Plan returns one plan's own fields.
func (s *Store) Plan(ctx context.Context, code string) (indicators.Plan, error) {
	var p indicators.Plan
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		_, p, err = planID(ctx, tx, code)
		return err
	})
	return p, err
}

func planID(ctx context.Context, tx *sql.Tx, code string) (int64, indicators.Plan, error) {
	var id int64
	p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT p.id, `+planCols+` FROM plans p
		LEFT JOIN plans pp ON pp.id = p.parent_id WHERE p.code = ?`, code), &id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, p, indicators.NotFound("规划“%s”不存在", "plan %q does not exist", code)
	}
	return id, p, err
}

// Dataset loads a whole plan: definition, sections, indicators and every
// revision of every observation. With indicator set, only that indicator
// (and NotFound if it does not exist).
func (s *Store) Dataset(ctx context.Context, plan, indicator string) (indicators.Dataset, error) {
	var d indicators.Dataset
	err := s.view(ctx, func(tx *sql.Tx) error {
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		d.Plan = p
		if d.Sections, err = loadSections(ctx, tx, pid); err != nil {
			return err
		}
		if d.Indicators, err = loadIndicators(ctx, tx, pid, indicator); err != nil {
			return err
		}
		if indicator != "" && len(d.Indicators) == 0 {
			return indicators.NotFound("规划“%s”中没有指标“%s”", "plan %q has no indicator %q", plan, indicator)
		}
		d.Observations, err = loadObservations(ctx, tx, pid, indicator)
		return err
	})
	return d, err
}

func loadSections(ctx context.Context, tx *sql.Tx, pid int64) ([]indicators.Section, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.code, COALESCE(ps.code, ''), s.level, s.number, s.title_zh, s.title_en
		FROM sections s LEFT JOIN sections ps ON ps.id = s.parent_id
		WHERE s.plan_id = ? ORDER BY s.position`, pid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicators.Section
	for rows.Next() {
		var sec indicators.Section
		if err := rows.Scan(&sec.Code, &sec.ParentCode, &sec.Level, &sec.Number, &sec.TitleZh, &sec.TitleEn); err != nil {
			return nil, err
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

func loadIndicators(ctx context.Context, tx *sql.Tx, pid int64, only string) ([]indicators.Indicator, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.id, i.code, i.name_zh, i.name_en, i.unit, COALESCE(s.code, ''),
			i.attribute, i.direction, COALESCE(d.code, ''), i.baseline_year, i.baseline_value, i.baseline_source,
			i.target_kind, i.target_year, i.target_value, i.comparator, i.band, i.from_zero, i.plan_text,
			COALESCE(pp.code, ''), COALESCE(pi.code, ''), i.note
		FROM indicators i
		LEFT JOIN sections s ON s.id = i.section_id
		LEFT JOIN departments d ON d.id = i.department_id
		LEFT JOIN indicators pi ON pi.id = i.parent_id
		LEFT JOIN plans pp ON pp.id = pi.plan_id
		WHERE i.plan_id = ? AND (? = '' OR i.code = ?) ORDER BY i.position, i.id`, pid, only, only)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicators.Indicator
	ids := map[int64]int{}
	for rows.Next() {
		var (
			id  int64
			ind indicators.Indicator
			bv  sql.NullFloat64
		)
		t := &ind.Target
		if err := rows.Scan(&id, &ind.Code, &ind.NameZh, &ind.NameEn, &ind.Unit, &ind.SectionCode,
			&ind.Attribute, &ind.Direction, &ind.Department, &ind.BaselineYear, &bv, &ind.BaselineSource,
			&t.Kind, &t.Year, &t.Value, &t.Comparator, &t.Band, &t.FromZero, &ind.PlanText,
			&ind.ParentPlan, &ind.ParentCode, &ind.Note); err != nil {
			return nil, err
		}
		if bv.Valid {
			ind.BaselineValue = &bv.Float64
		}
		ids[id] = len(out)
		out = append(out, ind)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	irows, err := tx.QueryContext(ctx, `SELECT t.indicator_id, t.year, t.value FROM interim_targets t
		JOIN indicators i ON i.id = t.indicator_id WHERE i.plan_id = ? ORDER BY t.year`, pid)
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var id int64
		var it indicators.InterimTarget
		if err := irows.Scan(&id, &it.Year, &it.Value); err != nil {
			return nil, err
		}
		if k, ok := ids[id]; ok {
			out[k].Interim = append(out[k].Interim, it)
		}
	}
	return out, irows.Err()
}

func loadObservations(ctx context.Context, tx *sql.Tx, pid int64, only string) (map[string][]indicators.Observation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.code, o.year, o.revision, o.value, o.qualifier, o.status,
			o.source, o.note, o.recorded_by, o.recorded_at
		FROM observations o JOIN indicators i ON i.id = o.indicator_id
		WHERE i.plan_id = ? AND (? = '' OR i.code = ?) ORDER BY i.code, o.year, o.revision`, pid, only, only)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]indicators.Observation{}
	for rows.Next() {
		var code, at string
		var o indicators.Observation
		if err := rows.Scan(&code, &o.Year, &o.Revision, &o.Value, &o.Qualifier, &o.Status,
			&o.Source, &o.Note, &o.RecordedBy, &at); err != nil {
			return nil, err
		}
		o.RecordedAt, _ = time.Parse(time.RFC3339Nano, at)
		out[code] = append(out[code], o)
	}
	return out, rows.Err()
}

// SaveStats counts what SaveDataset changed.
type SaveStats struct {
	PlanCreated                  bool
	Sections, Indicators         int // written (inserted or updated)
	NewRevisions, UnchangedYears int
}

// SaveDataset creates or updates a plan with its sections and indicators,
// and records each observation as a new revision unless the current revision
// of that year already says the same. The dataset is validated first; all of
// it is written in one transaction, or none of it. Saving the same dataset
// twice changes nothing the second time.
func (s *Store) SaveDataset(ctx context.Context, d indicators.Dataset, by string, now time.Time) (SaveStats, error) {
	var st SaveStats
	if es := d.Validate(); len(es) > 0 {
		return st, es
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, dep := range d.Departments {
			if _, err := saveDepartment(ctx, tx, dep); err != nil {
				return err
			}
		}
		p := d.Plan
		var parent int64
		if p.ParentCode != "" {
			var err error
			if parent, _, err = planID(ctx, tx, p.ParentCode); err != nil {
				return err
			}
		}
		var pid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM plans WHERE code = ?`, p.Code).Scan(&pid)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res, err := tx.ExecContext(ctx, `INSERT INTO plans (code, jurisdiction, name_zh, name_en, base_year,
				target_year, tolerance, parent_id, sample, source_zh, position)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM plans))`,
				p.Code, p.Jurisdiction, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, p.Tol(),
				nullInt(parent), boolInt(p.Sample), p.SourceZh)
			if err != nil {
				return err
			}
			pid, _ = res.LastInsertId()
			st.PlanCreated = true
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE plans SET jurisdiction = ?, name_zh = ?, name_en = ?,
				base_year = ?, target_year = ?, tolerance = ?, parent_id = ?, sample = ?, source_zh = ? WHERE id = ?`,
				p.Jurisdiction, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, p.Tol(), nullInt(parent),
				boolInt(p.Sample), p.SourceZh, pid); err != nil {
				return err
			}
		}
		secIDs := map[string]int64{}
		for i, sec := range d.Sections {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO sections (plan_id, code, parent_id, level, number, title_zh, title_en, position)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (plan_id, code) DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level,
					number = excluded.number, title_zh = excluded.title_zh, title_en = excluded.title_en, position = excluded.position
				RETURNING id`, pid, sec.Code, nullInt(secIDs[sec.ParentCode]), sec.Level, sec.Number, sec.TitleZh, sec.TitleEn, i).Scan(&id)
			if err != nil {
				return err
			}
			secIDs[sec.Code] = id
			st.Sections++
		}
		for i, ind := range d.Indicators {
			id, err := saveIndicator(ctx, tx, pid, secIDs, ind, i)
			if err != nil {
				return err
			}
			st.Indicators++
			for _, o := range d.Observations[ind.Code] {
				o.RecordedBy, o.RecordedAt = by, now
				added, err := addObservation(ctx, tx, id, o)
				if err != nil {
					return err
				}
				if added > 0 {
					st.NewRevisions++
				} else {
					st.UnchangedYears++
				}
			}
		}
		// One entry for the whole dataset: each value's own history is in its revisions.
		return audit(ctx, tx, now, by, "save", "dataset", p.Code, nil, st)
	})
	return st, err
}

func saveIndicator(ctx context.Context, tx *sql.Tx, pid int64, secIDs map[string]int64, ind indicators.Indicator, pos int) (int64, error) {
	dept, err := departmentID(ctx, tx, ind.Department)
	if err != nil {
		return 0, err
	}
	var parent int64
	if ind.ParentCode != "" {
		err := tx.QueryRowContext(ctx, `SELECT i.id FROM indicators i JOIN plans p ON p.id = i.plan_id
			WHERE p.code = ? AND i.code = ?`, ind.ParentPlan, ind.ParentCode).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, indicators.Invalid("parent", "上级指标“%s/%s”不存在", "parent indicator %s/%s does not exist", ind.ParentPlan, ind.ParentCode)
		} else if err != nil {
			return 0, err
		}
	}
	t := ind.Target
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO indicators (plan_id, code, name_zh, name_en, unit, section_id,
			attribute, direction, department_id, baseline_year, baseline_value, baseline_source, target_kind,
			target_year, target_value, comparator, band, from_zero, plan_text, parent_id, note, position)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (plan_id, code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
			unit = excluded.unit, section_id = excluded.section_id, attribute = excluded.attribute,
			direction = excluded.direction, department_id = excluded.department_id, baseline_year = excluded.baseline_year,
			baseline_value = excluded.baseline_value, baseline_source = excluded.baseline_source,
			target_kind = excluded.target_kind, target_year = excluded.target_year, target_value = excluded.target_value,
			comparator = excluded.comparator, band = excluded.band, from_zero = excluded.from_zero,
			plan_text = excluded.plan_text, parent_id = excluded.parent_id, note = excluded.note, position = excluded.position
		RETURNING id`,
		pid, ind.Code, ind.NameZh, ind.NameEn, ind.Unit, nullInt(secIDs[ind.SectionCode]), ind.Attribute,
		ind.Direction, nullInt(dept), ind.BaselineYear, nullFloat(ind.BaselineValue), ind.BaselineSource,
		t.Kind, t.Year, t.Value, t.Comparator, t.Band, boolInt(t.FromZero), ind.PlanText, nullInt(parent),
		ind.Note, pos).Scan(&id)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM interim_targets WHERE indicator_id = ?`, id); err != nil {
		return 0, err
	}
	for _, it := range ind.Interim {
		if _, err := tx.ExecContext(ctx, `INSERT INTO interim_targets (indicator_id, year, value) VALUES (?, ?, ?)`,
			id, it.Year, it.Value); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// addObservation appends o as the next revision of its year, unless the
// current revision already says the same. It returns the new revision, 0
// for no change.
func addObservation(ctx context.Context, tx *sql.Tx, indID int64, o indicators.Observation) (int, error) {
	var cur indicators.Observation
	err := tx.QueryRowContext(ctx, `SELECT year, revision, value, qualifier, status, source, note FROM observations
		WHERE indicator_id = ? AND year = ? ORDER BY revision DESC LIMIT 1`, indID, o.Year).
		Scan(&cur.Year, &cur.Revision, &cur.Value, &cur.Qualifier, &cur.Status, &cur.Source, &cur.Note)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, err
	case cur.SameContent(o):
		return 0, nil
	}
	rev := cur.Revision + 1
	_, err = tx.ExecContext(ctx, `INSERT INTO observations (indicator_id, year, revision, value, qualifier, status,
		source, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		indID, o.Year, rev, o.Value, o.Qualifier, o.Status, o.Source, o.Note, o.RecordedBy,
		o.RecordedAt.UTC().Format(tsLayout))
	return rev, err
}

// AddObservation records a value of plan/indicator for a year as a new
// revision (see addObservation). It returns the revision written, 0 when
// the value was unchanged.
func (s *Store) AddObservation(ctx context.Context, plan, indicator string, o indicators.Observation) (int, error) {
	var rev int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		pid, p, err := planID(ctx, tx, plan)
		if err != nil {
			return err
		}
		inds, err := loadIndicators(ctx, tx, pid, indicator)
		if err != nil {
			return err
		}
		if len(inds) == 0 {
			return indicators.NotFound("规划“%s”中没有指标“%s”", "plan %q has no indicator %q", plan, indicator)
		}
		if es := o.Validate(p, inds[0]); len(es) > 0 {
			return es
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM indicators WHERE plan_id = ? AND code = ?`, pid, indicator).Scan(&id); err != nil {
			return err
		}
		before := currentObservation(ctx, tx, id, o.Year)
		if rev, err = addObservation(ctx, tx, id, o); err != nil || rev == 0 {
			return err
		}
		o.Revision = rev
		return audit(ctx, tx, o.RecordedAt, o.RecordedBy, "add", "observation",
			fmt.Sprintf("%s/%s/%d", plan, indicator, o.Year), before, o)
	})
	return rev, err
}

// currentObservation is the current revision of a year, nil when there is none.
func currentObservation(ctx context.Context, tx *sql.Tx, indID int64, year int) *indicators.Observation {
	var o indicators.Observation
	var at string
	err := tx.QueryRowContext(ctx, `SELECT year, revision, value, qualifier, status, source, note, recorded_by, recorded_at
		FROM observations WHERE indicator_id = ? AND year = ? ORDER BY revision DESC LIMIT 1`, indID, year).
		Scan(&o.Year, &o.Revision, &o.Value, &o.Qualifier, &o.Status, &o.Source, &o.Note, &o.RecordedBy, &at)
	if err != nil {
		return nil
	}
	o.RecordedAt, _ = time.Parse(time.RFC3339Nano, at)
	return &o
}
