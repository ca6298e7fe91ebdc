package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"plantrack/indicators"
)

const planCols = `p.code, p.jurisdiction, p.organisation, p.name_zh, p.name_en, p.base_year, p.target_year,
	p.tolerance, COALESCE(pp.code, ''), p.sample, p.source_zh, COALESCE(pu.code, ''), p.review OR COALESCE(pp.review, 0), p.data_due`

// planFrom is the FROM clause planCols read: a plan with its parent and
// unit. (A district plan reviews as its parent does.)
const planFrom = `plans p LEFT JOIN plans pp ON pp.id = p.parent_id LEFT JOIN departments pu ON pu.id = p.unit_id`

// scanPlan reads planCols, after the columns of before.
func scanPlan(sc interface{ Scan(...any) error }, before ...any) (indicators.Plan, error) {
	var p indicators.Plan
	err := sc.Scan(append(before, &p.Code, &p.Jurisdiction, &p.Organisation, &p.NameZh, &p.NameEn, &p.BaseYear, &p.TargetYear,
		&p.Tolerance, &p.ParentCode, &p.Sample, &p.SourceZh, &p.Unit, &p.Review, &p.DataDue)...)
	return p, err
}

// Plans lists every plan: real plans first, then samples, each in the order added.
func (s *Store) Plans(ctx context.Context) ([]indicators.Plan, error) {
	var out []indicators.Plan
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = listPlans(ctx, tx)
		return err
	})
	return out, err
}

func listPlans(ctx context.Context, tx *sql.Tx) ([]indicators.Plan, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+planCols+` FROM `+planFrom+` ORDER BY p.sample, p.position, p.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indicators.Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
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
	p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT p.id, `+planCols+` FROM `+planFrom+` WHERE p.code = ?`, code), &id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, p, indicators.NotFound("err.plan.notFound", code)
	}
	return id, p, err
}

// Dataset loads a whole plan: definition, sections, indicators and every
// revision of every observation. With indicator set, only that indicator
// (and NotFound if it does not exist).
func (s *Store) Dataset(ctx context.Context, plan, indicator string) (indicators.Dataset, error) {
	var d indicators.Dataset
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = s.loadDataset(ctx, tx, plan, indicator)
		return err
	})
	return d, err
}

func (s *Store) loadDataset(ctx context.Context, tx *sql.Tx, plan, indicator string) (indicators.Dataset, error) {
	var d indicators.Dataset
	pid, p, err := planID(ctx, tx, plan)
	if err != nil {
		return d, err
	}
	all, err := s.loadPlans(ctx, tx, pid, indicator)
	if err != nil {
		return d, err
	}
	d = all[pid]
	d.Plan = p
	if indicator != "" && len(d.Indicators) == 0 {
		return d, indicators.NotFound("err.indicator.notFound", plan, indicator)
	}
	if indicator != "" && d.Indicators[0].Reference != "" {
		ref := d.Indicators[0].Reference
		// the reference a relative target is judged against comes along
		more, err := s.loadPlans(ctx, tx, pid, ref)
		if err != nil {
			return d, err
		}
		r := more[pid]
		d.Context = r.Indicators
		for code, obs := range r.Observations {
			d.Observations[code] = obs
		}
	}
	return d, nil
}

// Datasets loads every plan, in the order Plans lists them, in one read:
// the plan list shows each plan's progress.
func (s *Store) Datasets(ctx context.Context) ([]indicators.Dataset, error) {
	return s.datasets(ctx, true)
}

// Definitions loads every plan with its sections and indicators but no
// values, in the order Plans lists them: what checks of the definitions
// need, at a fraction of the cost of Datasets.
func (s *Store) Definitions(ctx context.Context) ([]indicators.Dataset, error) {
	return s.datasets(ctx, false)
}

func (s *Store) datasets(ctx context.Context, values bool) ([]indicators.Dataset, error) {
	var out []indicators.Dataset
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.id, `+planCols+` FROM `+planFrom+` ORDER BY p.sample, p.position, p.id`)
		if err != nil {
			return err
		}
		var ids []int64
		var plans []indicators.Plan
		for rows.Next() {
			var id int64
			p, err := scanPlan(rows, &id)
			if err != nil {
				rows.Close()
				return err
			}
			ids, plans = append(ids, id), append(plans, p)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		var all map[int64]indicators.Dataset
		if values {
			all, err = s.loadPlans(ctx, tx, 0, "")
		} else {
			all, _, err = s.loadDefinitions(ctx, tx, 0, "")
		}
		if err != nil {
			return err
		}
		for i, id := range ids {
			d := all[id]
			d.Plan = plans[i]
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// loadPlans reads the sections, indicators and observations of plan pid
// (every plan for 0; only indicator when it is set), by plan id: four
// queries, however many plans.
func (s *Store) loadPlans(ctx context.Context, tx *sql.Tx, pid int64, only string) (map[int64]indicators.Dataset, error) {
	out, refs, err := s.loadDefinitions(ctx, tx, pid, only)
	if err != nil {
		return nil, err
	}
	get := func(id int64) indicators.Dataset { return entry(out, id) }
	// Who recorded a value and when are those of its import, read once an
	// import (values from before imports were recorded carry their own);
	// year, revision, qualifier, status, break and decimals come packed in
	// one number (obsPacked): no text a row for what repeats, and one value
	// for the driver to hand over instead of six.
	review, err := reviewColumn(ctx, tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.indicator_id, `+obsPacked+`, o.value, o.source, o.note, o.import_id,
			CASE WHEN o.import_id IS NULL THEN o.recorded_by END, CASE WHEN o.import_id IS NULL THEN o.recorded_at END,
			`+review+`
		FROM observations o JOIN indicators i ON i.id = o.indicator_id
		`+where("i", pid, only)+` ORDER BY i.plan_id, i.code, o.year, o.revision`, filterArgs(pid, only)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// all the values in one array, each indicator's a slice of it once read
	type run struct {
		id         int64
		start, end int
	}
	var (
		all  = make([]indicators.Observation, 0, 6*len(refs))
		runs []run
		r    = newRow(9)
		at   = stamps{}
		by   = recorders{ctx: ctx, tx: tx, at: at, known: map[int64]recorded{}}
	)
	defer by.close()
	for rows.Next() {
		if err := r.scan(rows); err != nil {
			return nil, err
		}
		if id := r.int(0); len(runs) == 0 || runs[len(runs)-1].id != id {
			runs = append(runs, run{id: id, start: len(all)})
		}
		o := unpackObservation(r.int(1))
		o.Value, o.Source, o.Note = r.float(2), r.str(3), r.str(4)
		if imp := r.int(5); imp != 0 {
			w, err := by.of(imp)
			if err != nil {
				return nil, err
			}
			o.Actor, o.At = w.actor, w.at
		} else {
			o.Actor, o.At = r.str(6), at.parse(r, 7)
		}
		o.Review, o.ReviewNote = splitReview(r.str(8))
		all = append(all, o)
		runs[len(runs)-1].end = len(all)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	rows.Close()
	for _, x := range runs {
		if ref, ok := refs[x.id]; ok {
			d := get(ref.plan)
			counted, pending := indicators.Split(all[x.start:x.end:x.end]) // full: an append copies
			d.Observations[ref.code] = counted
			if pending != nil {
				if d.Pending == nil {
					d.Pending = map[string][]indicators.Observation{}
				}
				d.Pending[ref.code] = pending
			}
			out[ref.plan] = d
		}
	}
	trows, err := tx.QueryContext(ctx, `SELECT i.plan_id, i.code, t.year, t.revision, t.comparator, t.value, t.band, t.text,
			t.recorded_by, t.recorded_at
		FROM year_targets t JOIN indicators i ON i.id = t.indicator_id
		`+where("i", pid, only)+` ORDER BY i.plan_id, i.code, t.year, t.revision`, filterArgs(pid, only)...)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id int64
		var code string
		var t indicators.YearTarget
		if err := trows.Scan(&id, &code, &t.Year, &t.Revision, &t.Comparator, &t.Value, &t.Band, &t.Text, &t.Actor, timeCol{&t.At}); err != nil {
			return nil, err
		}
		d := get(id)
		if d.YearTargets == nil {
			d.YearTargets = map[string][]indicators.YearTarget{}
		}
		d.YearTargets[code] = append(d.YearTargets[code], t)
		out[id] = d
	}
	return out, trows.Err()
}

// reviewOf is the SQL of an observation's latest review, state and
// comment in one text (splitReview): NULL for a value never reviewed.
const reviewOf = `(SELECT r.state || ':' || r.comment FROM reviews r WHERE r.observation_id = o.id ORDER BY r.id DESC LIMIT 1)`

// reviewColumn is reviewOf, or NULL while no value was ever reviewed (an
// install without review): a read then asks nothing of a value's review.
func reviewColumn(ctx context.Context, tx *sql.Tx) (string, error) {
	var reviewed int
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reviews)`).Scan(&reviewed); err != nil {
		return "", err
	}
	if reviewed == 0 {
		return "NULL", nil
	}
	return reviewOf, nil
}

// splitReview reads reviewOf.
func splitReview(s string) (indicators.ReviewState, string) {
	state, comment, _ := strings.Cut(s, ":")
	return indicators.ReviewState(state), comment
}

// where is the WHERE clause choosing the rows of plan pid (every plan for
// 0) and of the indicator code only (every one when empty), on the table
// aliased as t: written for each case, because SQLite cannot use an index
// through "? IN (0, plan_id)". Its parameters are filterArgs.
func where(t string, pid int64, only string) string {
	switch {
	case pid == 0 && only == "":
		return ""
	case pid == 0:
		return "WHERE " + t + ".code = ?"
	case only == "":
		return "WHERE " + t + ".plan_id = ?"
	}
	return "WHERE " + t + ".plan_id = ? AND " + t + ".code = ?"
}

// filterArgs are the parameters of where(t, pid, only).
func filterArgs(pid int64, only string) []any {
	var args []any
	if pid != 0 {
		args = append(args, pid)
	}
	if only != "" {
		args = append(args, only)
	}
	return args
}

// entry is plan id's dataset in out, a new one when there is none yet.
func entry(out map[int64]indicators.Dataset, id int64) indicators.Dataset {
	d, ok := out[id]
	if !ok {
		d.Observations = map[string][]indicators.Observation{}
	}
	return d
}

// indicatorRef is where an indicator's rows go: its plan's id and its code.
type indicatorRef struct {
	plan int64
	code string
}

// loadDefinitions reads the sections and indicators of plan pid (every
// plan for 0; only indicator when it is set), by plan id, and each
// indicator's plan and code by its id.
func (s *Store) loadDefinitions(ctx context.Context, tx *sql.Tx, pid int64, only string) (map[int64]indicators.Dataset, map[int64]indicatorRef, error) {
	if pid != 0 && only == "" {
		return s.defs.plan(ctx, tx, pid)
	}
	return readDefinitions(ctx, tx, pid, only)
}

// readDefinitions is loadDefinitions from the database.
func readDefinitions(ctx context.Context, tx *sql.Tx, pid int64, only string) (map[int64]indicators.Dataset, map[int64]indicatorRef, error) {
	out := map[int64]indicators.Dataset{}
	get := func(id int64) indicators.Dataset { return entry(out, id) }
	secs, err := loadSections(ctx, tx, pid)
	if err != nil {
		return nil, nil, err
	}
	for id, ss := range secs {
		d := get(id)
		d.Sections = ss
		out[id] = d
	}
	inds, err := loadIndicators(ctx, tx, pid, only)
	if err != nil {
		return nil, nil, err
	}
	refs := make(map[int64]indicatorRef, len(inds))
	for _, x := range inds {
		d := get(x.plan)
		d.Indicators = append(d.Indicators, x.ind)
		out[x.plan] = d
		refs[x.id] = indicatorRef{x.plan, x.ind.Code}
	}
	return out, refs, nil
}

// loadSections reads the sections of plan pid (of every plan for 0), in
// the document's order, by plan id.
func loadSections(ctx context.Context, tx *sql.Tx, pid int64) (map[int64][]indicators.Section, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.plan_id, s.code, COALESCE(ps.code, ''), s.level, s.number, s.title_zh, s.title_en
		FROM sections s LEFT JOIN sections ps ON ps.id = s.parent_id
		`+where("s", pid, "")+` ORDER BY s.plan_id, s.position`, filterArgs(pid, "")...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]indicators.Section{}
	for rows.Next() {
		var id int64
		var sec indicators.Section
		if err := rows.Scan(&id, &sec.Code, &sec.ParentCode, &sec.Level, &sec.Number, &sec.TitleZh, &sec.TitleEn); err != nil {
			return nil, err
		}
		out[id] = append(out[id], sec)
	}
	for id, secs := range out {
		out[id] = indicators.DocumentOrder(secs)
	}
	return out, rows.Err()
}

// planIndicator is an indicator with its plan's id and its own.
type planIndicator struct {
	plan, id int64
	ind      indicators.Indicator
}

func loadIndicators(ctx context.Context, tx *sql.Tx, pid int64, only string) ([]planIndicator, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.plan_id, i.id, i.code, i.name_zh, i.name_en, i.unit, COALESCE(s.code, ''),
			i.attribute, i.direction, COALESCE(d.code, ''), i.baseline_year, i.baseline_value, i.baseline_source,
			i.target_kind, i.target_year, i.target_value, i.comparator, i.band, i.from_zero, i.plan_text,
			COALESCE(pp.code, ''), COALESCE(pi.code, ''), i.note, i.observed_as, i.reference_code, i.method,
			i.target_pending, i.target_text, i.source, i.baseline_decimals, i.rollup, i.rollup_weight_code, i.rollup_weight
		FROM indicators i
		LEFT JOIN sections s ON s.id = i.section_id
		LEFT JOIN departments d ON d.id = i.department_id
		LEFT JOIN indicators pi ON pi.id = i.parent_id
		LEFT JOIN plans pp ON pp.id = pi.plan_id
		`+where("i", pid, only)+` ORDER BY i.plan_id, i.position, i.id`, filterArgs(pid, only)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []planIndicator
	ids := map[int64]int{}
	r := newRow(33)
	for rows.Next() {
		if err := r.scan(rows); err != nil {
			return nil, err
		}
		out = append(out, planIndicator{plan: r.int(0), id: r.int(1), ind: indicators.Indicator{
			Code: r.str(2), NameZh: r.str(3), NameEn: r.str(4), Unit: r.str(5), SectionCode: r.str(6),
			Attribute: indicators.Attribute(r.str(7)), Direction: indicators.Direction(r.str(8)), Department: r.str(9),
			BaselineYear: int(r.int(10)), BaselineValue: r.floatPtr(11), BaselineSource: r.str(12),
			Target: indicators.Target{Kind: indicators.TargetKind(r.str(13)), Year: int(r.int(14)), Value: r.float(15),
				Comparator: indicators.Comparator(r.str(16)), Band: r.float(17), FromZero: r.bool(18),
				Pending: r.bool(26), Text: r.str(27)},
			PlanText: r.str(19), ParentPlan: r.str(20), ParentCode: r.str(21), Note: r.str(22),
			ObservedAs: indicators.ObservedAs(r.str(23)), Reference: r.str(24), Method: indicators.Method(r.str(25)),
			Source: r.str(28), BaselineDecimals: int(r.int(29)),
			Rollup: indicators.Rollup(r.str(30)), WeightCode: r.str(31), Weight: r.floatPtr(32)}})
		ids[out[len(out)-1].id] = len(out) - 1
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	irows, err := tx.QueryContext(ctx, `SELECT t.indicator_id, t.year, t.value FROM interim_targets t
		JOIN indicators i ON i.id = t.indicator_id `+where("i", pid, "")+` ORDER BY t.year`, filterArgs(pid, "")...)
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
			out[k].ind.Interim = append(out[k].ind.Interim, it)
		}
	}
	return out, irows.Err()
}

// planIndicators is loadIndicators of one plan, without the ids.
func planIndicators(ctx context.Context, tx *sql.Tx, pid int64, only string) ([]indicators.Indicator, error) {
	xs, err := loadIndicators(ctx, tx, pid, only)
	out := make([]indicators.Indicator, len(xs))
	for i, x := range xs {
		out[i] = x.ind
	}
	return out, err
}

// SaveStats counts what SaveDataset changed.
type SaveStats struct {
	PlanCreated                  bool
	Sections, Indicators         int // written (inserted or updated)
	NewRevisions, UnchangedYears int
}

// SaveDataset creates or updates a plan with its sections and indicators
// (administrators: the seed and the command line), and records the current
// value of each year through the import engine, so that a value already
// current changes nothing. The dataset is validated first; all of it is
// written in one transaction, or none of it. Saving the same dataset twice
// changes nothing the second time.
func (s *Store) SaveDataset(ctx context.Context, actor indicators.Actor, d indicators.Dataset, now time.Time) (SaveStats, error) {
	var st SaveStats
	if es := d.Validate(); len(es) > 0 {
		return st, es
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u, err := authorizeAdmin(ctx, tx, actor)
		if err != nil {
			return err
		}
		for _, dep := range d.Departments {
			dep.Sample = dep.Sample || d.Plan.Sample
			if _, err := saveUnit(ctx, tx, dep); err != nil {
				return err
			}
		}
		p := d.Plan
		pid, _, err := planID(ctx, tx, p.Code)
		if err != nil && indicators.KindOf(err) != indicators.ErrNotFound {
			return err
		}
		st.PlanCreated = pid == 0
		if pid, err = savePlan(ctx, tx, pid, p); err != nil {
			return err
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
			if _, err := saveIndicator(ctx, tx, pid, secIDs, ind, i); err != nil {
				return err
			}
			st.Indicators++
		}
		for i, pr := range d.Projects {
			if err := saveProject(ctx, tx, pid, p, pr, i); err != nil {
				return err
			}
		}
		opt := indicators.ImportOptions{Plan: p.Code, File: p.Code + ".json", Actor: actor, Now: now}
		res, err := importActuals(ctx, tx, tx, &u, datasetRows(d), opt)
		if err != nil && !errors.Is(err, errRollback) {
			return err
		}
		if !res.OK() {
			return indicators.Invalid("observations", "err.dataset.values", p.Code, res.Errors)
		}
		st.NewRevisions, st.UnchangedYears = res.New+res.Changed, res.Unchanged
		// One entry for the whole definition; the values are in their import's entry.
		return audit(ctx, tx, now, actor.Name, "save", "dataset", p.Code, nil, st)
	})
	return st, err
}

// savePlan writes a plan's own fields, creating it when pid is 0, and
// returns its id: the one INSERT and the one UPDATE of plans. The sample
// flag is set when a plan is created and never changed afterwards, so no
// form or file turns real data into sample data or back.
func savePlan(ctx context.Context, tx *sql.Tx, pid int64, p indicators.Plan) (int64, error) {
	var parent int64
	if p.ParentCode != "" {
		var err error
		if parent, _, err = planID(ctx, tx, p.ParentCode); err != nil {
			if indicators.KindOf(err) == indicators.ErrNotFound {
				err = indicators.Invalid("parent", "err.plan.parentUnknown", p.ParentCode)
			}
			return 0, err
		}
	}
	unit, err := unitID(ctx, tx, p.Unit)
	if err != nil {
		return 0, err
	}
	// a district plan reviews as its parent does: its own flag stays off
	review := boolInt(p.Review && p.Unit == "")
	if pid != 0 {
		_, err := tx.ExecContext(ctx, `UPDATE plans SET jurisdiction = ?, organisation = ?, name_zh = ?, name_en = ?, base_year = ?,
			target_year = ?, tolerance = ?, parent_id = ?, source_zh = ?, unit_id = ?, review = ?, data_due = ? WHERE id = ?`,
			p.Jurisdiction, p.Organisation, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, p.Tol(), nullInt(parent), p.SourceZh,
			nullInt(unit), review, p.DataDue, pid)
		return pid, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO plans (code, jurisdiction, organisation, name_zh, name_en, base_year, target_year,
		tolerance, parent_id, sample, source_zh, unit_id, review, data_due, position)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM plans))`,
		p.Code, p.Jurisdiction, p.Organisation, p.NameZh, p.NameEn, p.BaseYear, p.TargetYear, p.Tol(), nullInt(parent),
		boolInt(p.Sample), p.SourceZh, nullInt(unit), review, p.DataDue)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// datasetRows is a dataset's current values and year targets as rows of
// an actuals file.
func datasetRows(d indicators.Dataset) indicators.RowSource {
	rows := [][]string{{"indicator", "year", "value", "qualifier", "status", "source", "note", "break", "target", "band"}}
	for _, ind := range d.Indicators {
		targets := map[int]indicators.YearTarget{}
		for _, t := range indicators.CurrentTargets(d.YearTargets[ind.Code]) {
			targets[t.Year] = t
		}
		target := func(y int) (string, string) {
			t, ok := targets[y]
			if !ok {
				return "", ""
			}
			delete(targets, y)
			band := ""
			if t.Band > 0 {
				band = indicators.FormatValue(t.Band)
			}
			return t.Written(), band
		}
		for _, o := range indicators.Current(d.Observations[ind.Code]) {
			text, band := target(o.Year)
			rows = append(rows, []string{ind.Code, fmt.Sprint(o.Year), indicators.FormatDecimals(o.Value, o.Decimals),
				string(o.Qualifier), string(o.Status), o.Source, o.Note, flag(o.Break), text, band})
		}
		years := make([]int, 0, len(targets))
		for y := range targets {
			years = append(years, y)
		}
		slices.Sort(years)
		for _, y := range years { // targets of years without a value yet
			text, band := target(y)
			rows = append(rows, []string{ind.Code, fmt.Sprint(y), "", "", "", "", "", "", text, band})
		}
	}
	return indicators.Rows(rows)
}

// flag writes a flag as a file does: 1, or nothing.
func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

func saveIndicator(ctx context.Context, tx *sql.Tx, pid int64, secIDs map[string]int64, ind indicators.Indicator, pos int) (int64, error) {
	dept, err := unitID(ctx, tx, ind.Department)
	if err != nil {
		return 0, err
	}
	var parent int64
	if ind.ParentCode != "" {
		err := tx.QueryRowContext(ctx, `SELECT i.id FROM indicators i JOIN plans p ON p.id = i.plan_id
			WHERE p.code = ? AND i.code = ?`, ind.ParentPlan, ind.ParentCode).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, indicators.Invalid("parent", "err.indicator.parentUnknown", ind.ParentPlan, ind.ParentCode)
		} else if err != nil {
			return 0, err
		}
	}
	if secIDs == nil && ind.SectionCode != "" {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM sections WHERE plan_id = ? AND code = ?`, pid, ind.SectionCode).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, indicators.Invalid("section", "err.section.notFound", ind.SectionCode)
		} else if err != nil {
			return 0, err
		}
		secIDs = map[string]int64{ind.SectionCode: id}
	}
	t := ind.Target
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO indicators (plan_id, code, name_zh, name_en, unit, section_id,
			attribute, direction, department_id, baseline_year, baseline_value, baseline_source, target_kind,
			target_year, target_value, comparator, band, from_zero, plan_text, parent_id, note, position,
			observed_as, reference_code, method, target_pending, target_text, source, baseline_decimals,
			rollup, rollup_weight_code, rollup_weight)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (plan_id, code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
			unit = excluded.unit, section_id = excluded.section_id, attribute = excluded.attribute,
			direction = excluded.direction, department_id = excluded.department_id, baseline_year = excluded.baseline_year,
			baseline_value = excluded.baseline_value, baseline_source = excluded.baseline_source,
			target_kind = excluded.target_kind, target_year = excluded.target_year, target_value = excluded.target_value,
			comparator = excluded.comparator, band = excluded.band, from_zero = excluded.from_zero,
			plan_text = excluded.plan_text, parent_id = excluded.parent_id, note = excluded.note, position = excluded.position,
			observed_as = excluded.observed_as, reference_code = excluded.reference_code, method = excluded.method,
			target_pending = excluded.target_pending, target_text = excluded.target_text, source = excluded.source,
			baseline_decimals = excluded.baseline_decimals, rollup = excluded.rollup,
			rollup_weight_code = excluded.rollup_weight_code, rollup_weight = excluded.rollup_weight
		RETURNING id`,
		pid, ind.Code, ind.NameZh, ind.NameEn, ind.Unit, nullInt(secIDs[ind.SectionCode]), ind.Attribute,
		ind.Direction, nullInt(dept), ind.BaselineYear, nullFloat(ind.BaselineValue), ind.BaselineSource,
		t.Kind, t.Year, t.Value, t.Comparator, t.Band, boolInt(t.FromZero), ind.PlanText, nullInt(parent),
		ind.Note, pos, string(ind.ObservedAs), ind.Reference, string(ind.Method), boolInt(t.Pending), t.Text, ind.Source,
		ind.BaselineDecimals, string(ind.Rollup), ind.WeightCode, nullFloat(ind.Weight)).Scan(&id)
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

// Family loads a plan and the plans of the districts it is decomposed
// among (plans whose parent it is and that name a unit), in the units'
// order, in one read: what the roll-up of its decomposed indicators needs.
// Each district's plan lists its unit in Departments. A plan not
// decomposed among any district comes back with its own fields only:
// there is nothing to roll up, and its values are not read.
func (s *Store) Family(ctx context.Context, plan string) (indicators.Dataset, []indicators.Dataset, error) {
	var (
		city  indicators.Dataset
		parts []indicators.Dataset
	)
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		if parts, err = s.loadParts(ctx, tx, plan); err != nil {
			return err
		}
		if len(parts) == 0 {
			_, city.Plan, err = planID(ctx, tx, plan)
			return err
		}
		city, err = s.loadDataset(ctx, tx, plan, "")
		return err
	})
	return city, parts, err
}

// loadParts reads the plans of the districts plan is decomposed among,
// each with its unit in Departments.
func (s *Store) loadParts(ctx context.Context, tx *sql.Tx, plan string) ([]indicators.Dataset, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.code, u.code FROM plans p JOIN plans pp ON pp.id = p.parent_id
		JOIN departments u ON u.id = p.unit_id WHERE pp.code = ? ORDER BY u.position, u.code`, plan)
	if err != nil {
		return nil, err
	}
	var codes, units []string
	for rows.Next() {
		var c, u string
		if err := rows.Scan(&c, &u); err != nil {
			rows.Close()
			return nil, err
		}
		codes, units = append(codes, c), append(units, u)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(codes) == 0 {
		return nil, nil
	}
	all, err := departments(ctx, tx)
	if err != nil {
		return nil, err
	}
	byCode := map[string]indicators.Unit{}
	for _, u := range all {
		byCode[u.Code] = u
	}
	parts := make([]indicators.Dataset, 0, len(codes))
	for i, c := range codes {
		d, err := s.loadDataset(ctx, tx, c, "")
		if err != nil {
			return nil, err
		}
		d.Departments = []indicators.Unit{byCode[units[i]]}
		parts = append(parts, d)
	}
	return parts, nil
}
