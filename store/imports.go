package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"sync/atomic"

	"plantrack/indicators"
)

// ImportActuals runs the import engine (indicators.ActualsImport) over an
// actuals file for actor: it loads what the engine asks for and, unless
// opt.DryRun or the file has errors, writes every new or changed value as a
// new revision naming this import, all in one transaction. The engine
// checks, inside that transaction, what the actor's account may write.
// Importing the same file twice writes nothing the second time (and records
// no import). An error is returned only when the import could not be
// carried out at all; the file's own problems are in the result.
func (s *Store) ImportActuals(ctx context.Context, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error) {
	var res indicators.ImportResult
	run := s.tx
	if opt.DryRun {
		run = s.view // a dry run reads a snapshot and leaves writers alone
	}
	err := run(ctx, func(tx *sql.Tx) error {
		u, err := authorize(ctx, tx, opt.Actor)
		if err == nil && !u.CanEnter() {
			err = indicators.Forbidden()
		}
		if err != nil {
			return err
		}
		rd := tx
		if !opt.DryRun {
			// Plans are loaded through a read transaction of their own while
			// the write transaction inserts, so that a load never waits for an
			// insert; the write lock is held throughout, so both see the same data.
			if rd, err = s.read.BeginTx(ctx, nil); err != nil {
				return err
			}
			defer rd.Rollback()
		}
		res, err = importActuals(ctx, tx, rd, &u, src, opt)
		return err
	})
	if err != nil {
		res.ID = 0
	}
	return res, err
}

// importActuals is the import inside tx (a read transaction for a dry run):
// state loaded through rd, values written on tx.
func importActuals(ctx context.Context, tx, rd *sql.Tx, u *indicators.User, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error) {
	st := &planLoader{ctx: ctx, rd: rd}
	defer st.close()
	var w *writer
	var importID int64
	write := func(c indicators.Change) error { return w.add(c) }
	if !opt.DryRun {
		var err error
		if importID, err = nextImport(ctx, tx); err != nil {
			return indicators.ImportResult{}, err
		}
		w = newWriter(ctx, tx, opt.Actor.Name, stamp(opt.Now), importID)
		defer w.wait() // before the transaction ends, whatever happens
	} else {
		write = nil
	}
	im := indicators.NewActualsImport(opt, u, st, write)
	if err := im.Run(ctx, src); err != nil {
		return im.Result(), err
	}
	res := im.Result()
	if opt.DryRun || !res.OK() || res.New+res.Changed+res.TargetN == 0 {
		return res, errRollback
	}
	if err := w.flush(); err != nil {
		return res, err
	}
	if err := writeTargets(ctx, tx, im.TargetWrites(), opt, importID); err != nil {
		return res, err
	}
	submitted, err := submit(ctx, tx, u, importID, opt, st.reviewing(res.Plans))
	if err != nil {
		return res, err
	}
	res.Submitted = submitted
	sort.Strings(res.Plans)
	if err := recordImport(ctx, tx, importID, opt, res); err != nil {
		return res, err
	}
	res.ID = importID
	after := map[string]any{"file": opt.File, "sha256": opt.SHA256, "plans": res.Plans, "new": res.New,
		"changed": res.Changed, "unchanged": res.Unchanged}
	if res.TargetN > 0 {
		after["targets"] = res.TargetN
	}
	if len(res.Changes) <= auditedChanges {
		// a form or a small grid: the log itself says what changed
		var cs []map[string]any
		for _, c := range res.Changes {
			e := map[string]any{"plan": c.Plan, "indicator": c.Indicator, "year": c.Year, "new": c.New.Value}
			if c.Old != nil {
				e["old"] = c.Old.Value
			}
			cs = append(cs, e)
		}
		after["changes"] = cs
	}
	return res, audit(ctx, tx, opt.Now, opt.Actor.Name, "import", "observations", fmt.Sprint(importID), nil, after)
}

// submit marks the values an editor's import wrote to plans under review
// as submitted (填报): they count once a reviewer approves them. An
// administrator's values, and every value of a plan without review, count
// as written. It returns how many were submitted.
func submit(ctx context.Context, tx *sql.Tx, u *indicators.User, importID int64, opt indicators.ImportOptions, reviewing bool) (int, error) {
	if u.Role == indicators.Admin || opt.Actor.Local || !reviewing {
		return 0, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reviews (observation_id, state, actor, at)
		SELECT o.id, 'submitted', ?, ? FROM observations o
		JOIN indicators i ON i.id = o.indicator_id JOIN plans p ON p.id = i.plan_id LEFT JOIN plans pp ON pp.id = p.parent_id
		WHERE o.import_id = ? AND (p.review = 1 OR pp.review = 1)`, opt.Actor.Name, stamp(opt.Now), importID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// auditedChanges is how many values an import may write for the audit
// log to list each one; a larger import's values are in its record.
const auditedChanges = 20

// errRollback ends a transaction that has nothing to commit (a dry run, a
// file with errors, a file that changes nothing) without it being an error.
var errRollback = errors.New("rollback")

// nextImport is the number the next import will have.
func nextImport(ctx context.Context, tx *sql.Tx) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM imports`).Scan(&id)
	return id, err
}

// orNil is p for an audit entry's before, nil (not a typed nil) for none.
func orNil[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}

// recordImport writes the import's own row, once its values are written.
func recordImport(ctx context.Context, tx *sql.Tx, id int64, opt indicators.ImportOptions, res indicators.ImportResult) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO imports (id, kind, file_name, sha256, plans, actor, at, rows, empty,
		new, changed, unchanged, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, res.Kind, opt.File, opt.SHA256, strings.Join(res.Plans, ","), opt.Actor.Name, stamp(opt.Now),
		res.Rows, res.Empty, res.New, res.Changed, res.Unchanged, res.Warnings)
	return err
}

// planLoader is indicators.ActualsState over a read transaction: every
// plan read once, with its queries prepared once for the thousands of
// plans a file may carry.
type planLoader struct {
	ctx                   context.Context
	rd                    *sql.Tx
	plans                 map[string]planRef // every plan, by code, read at the first load
	indQuery, obsQuery    *sql.Stmt
	revQuery, targetQuery *sql.Stmt
	review                string // the values' review column (reviewColumn), read once
}

type planRef struct {
	id   int64
	plan indicators.Plan
}

const (
	indQuery = `SELECT i.id, i.code, i.unit, COALESCE(d.code, ''), COALESCE(d.name_zh, ''), COALESCE(d.name_en, ''),
		i.baseline_year, i.baseline_value, i.target_year, i.target_kind, i.observed_as
		FROM indicators i LEFT JOIN departments d ON d.id = i.department_id WHERE i.plan_id = ?`
	obsQuery = `SELECT o.indicator_id, ` + obsPacked + `, o.value, o.source, o.note, %s
		FROM observations o JOIN indicators i ON i.id = o.indicator_id
		WHERE i.plan_id = ?`
	revQuery = `SELECT value, qualifier, status, source, note, recorded_by, recorded_at, brk, decimals FROM observations
		WHERE indicator_id = ? AND year = ? AND revision = ?`
	targetQuery = `SELECT t.indicator_id, t.year, t.revision, t.comparator, t.value, t.band, t.text
		FROM year_targets t JOIN indicators i ON i.id = t.indicator_id WHERE i.plan_id = ?`
)

// query runs a prepared query, preparing it on first use.
func (l *planLoader) query(stmt **sql.Stmt, text string, args ...any) (*sql.Rows, error) {
	if *stmt == nil {
		var err error
		if *stmt, err = l.rd.PrepareContext(l.ctx, text); err != nil {
			return nil, err
		}
	}
	return (*stmt).QueryContext(l.ctx, args...)
}

func (l *planLoader) close() {
	for _, st := range []*sql.Stmt{l.indQuery, l.obsQuery, l.revQuery, l.targetQuery} {
		if st != nil {
			st.Close()
		}
	}
}

// Plan loads a plan: its indicators and the current value of every year.
func (l *planLoader) Plan(code string) (*indicators.PlanState, error) {
	if l.plans == nil {
		all, err := allPlans(l.ctx, l.rd)
		if err != nil {
			return nil, err
		}
		l.plans = all
	}
	ref, ok := l.plans[code]
	if !ok {
		return nil, nil
	}
	rows, err := l.query(&l.indQuery, indQuery, ref.id)
	if err != nil {
		return nil, err
	}
	ps := &indicators.PlanState{Plan: ref.plan, Indicators: map[string]*indicators.IndicatorState{}}
	if err := l.districts(ps, ref.id); err != nil {
		return nil, err
	}
	byID := map[int64]*indicators.IndicatorState{}
	yearly := false
	for rows.Next() {
		var (
			is   indicators.IndicatorState
			code string
			base sql.NullFloat64
		)
		if err := rows.Scan(&is.Key, &code, &is.Unit, &is.Department, &is.DepartmentName.Zh, &is.DepartmentName.En,
			&is.BaselineYear, &base, &is.TargetYear, &is.Kind, &is.ObservedAs); err != nil {
			rows.Close()
			return nil, err
		}
		if base.Valid {
			is.Baseline = &base.Float64
		}
		ps.Indicators[code], byID[is.Key] = &is, &is
		yearly = yearly || is.Kind == indicators.KindYearly
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if l.review == "" {
		if l.review, err = reviewColumn(l.ctx, l.rd); err != nil {
			return nil, err
		}
	}
	rows, err = l.query(&l.obsQuery, fmt.Sprintf(obsQuery, l.review), ref.id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r := newRow(6)
	for rows.Next() {
		if err := r.scan(rows); err != nil {
			return nil, err
		}
		if is := byID[r.int(0)]; is != nil {
			o := unpackObservation(r.int(1))
			o.Value, o.Source, o.Note = r.float(2), r.str(3), r.str(4)
			o.Review, _ = splitReview(r.str(5))
			is.Load(o)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	rows.Close()
	if !yearly {
		return ps, nil // only yearly indicators take year targets: none to read
	}
	trows, err := l.query(&l.targetQuery, targetQuery, ref.id)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id int64
		var t indicators.YearTarget
		if err := trows.Scan(&id, &t.Year, &t.Revision, &t.Comparator, &t.Value, &t.Band, &t.Text); err != nil {
			return nil, err
		}
		if is := byID[id]; is != nil {
			is.LoadTarget(t)
		}
	}
	return ps, trows.Err()
}

// reviewing reports whether any of the plans (by code) reviews its values.
func (l *planLoader) reviewing(plans []string) bool {
	for _, c := range plans {
		if ref, ok := l.plans[c]; ok && ref.plan.Review {
			return true
		}
	}
	return false
}

// districts reads the plans of the districts plan id is decomposed among
// into ps, by unit code and names.
func (l *planLoader) districts(ps *indicators.PlanState, id int64) error {
	rows, err := l.rd.QueryContext(l.ctx, `SELECT p.code, u.code, u.name_zh, u.name_en FROM plans p
		JOIN departments u ON u.id = p.unit_id WHERE p.parent_id = ?`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var plan, code, zh, en string
		if err := rows.Scan(&plan, &code, &zh, &en); err != nil {
			return err
		}
		if ps.Districts == nil {
			ps.Districts = map[string]string{}
		}
		for _, k := range []string{code, zh, en} {
			if k != "" {
				ps.Districts[k] = plan
			}
		}
	}
	return rows.Err()
}

// Revision reads one stored revision.
func (l *planLoader) Revision(is *indicators.IndicatorState, year, rev int) (indicators.Observation, error) {
	o := indicators.Observation{Year: year, Revision: rev}
	rows, err := l.query(&l.revQuery, revQuery, is.Key, year, rev)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return o, err
		}
		return o, fmt.Errorf("store: revision %d of %d is gone", rev, year)
	}
	err = rows.Scan(&o.Value, &o.Qualifier, &o.Status, &o.Source, &o.Note, &o.Actor, timeCol{&o.At}, &o.Break, &o.Decimals)
	return o, err
}

// allPlans reads every plan's own fields in one query.
func allPlans(ctx context.Context, tx *sql.Tx) (map[string]planRef, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.id, `+planCols+` FROM `+planFrom)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]planRef{}
	for rows.Next() {
		var ref planRef
		if ref.plan, err = scanPlan(rows, &ref.id); err != nil {
			return nil, err
		}
		out[ref.plan.Code] = ref
	}
	return out, rows.Err()
}

// writeTargets inserts the year targets an import sets: few, so one
// statement each.
func writeTargets(ctx context.Context, tx *sql.Tx, ts []indicators.TargetChange, opt indicators.ImportOptions, importID int64) error {
	for _, c := range ts {
		t := c.New
		if _, err := tx.ExecContext(ctx, `INSERT INTO year_targets (indicator_id, year, revision, comparator, value, band, text,
			recorded_by, recorded_at, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.Key, t.Year, t.Revision,
			string(t.Comparator), t.Value, t.Band, t.Text, opt.Actor.Name, stamp(opt.Now), importID); err != nil {
			return err
		}
	}
	return nil
}

// insertBatch rows are written per INSERT statement: one statement per row
// would spend most of a large import in database/sql's per-call overhead.
const insertBatch = 128

// obsColumns are the parameters of each row; who, when and which import
// are the same for every row and are bound once per statement, after them.
const obsColumns = 10

// Columns 4 to 9 (qualifier, status, source, note, break, decimals) are
// usually the same on every row of a file; a batch binds such a column once
// (see compact).
const firstShareable = 4

// insertSQL is the INSERT of rows rows. The columns of mask (bit c for
// column c) are bound once, after the rows' own parameters.
func insertSQL(rows int, mask uint16) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO observations (indicator_id, year, revision, value, qualifier, status, source, note,
		brk, decimals, recorded_by, recorded_at, import_id) VALUES `)
	own := obsColumns - bits.OnesCount16(mask)
	next, shared := 1, rows*own+1
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		k := shared
		for c := range obsColumns {
			if mask&(1<<c) != 0 {
				fmt.Fprintf(&b, "?%d,", k)
				k++
			} else {
				fmt.Fprintf(&b, "?%d,", next)
				next++
			}
		}
		fmt.Fprintf(&b, "?%d,?%d,?%d)", k, k+1, k+2)
	}
	return b.String()
}

// batch is rows of parameters ready for insertSQL(rows, mask).
type batch struct {
	args []any
	rows int
	mask uint16
}

// compact turns a buffer of whole rows into a batch, in place: a shareable
// column whose value is the same on every row is taken out of the rows and
// bound once. It runs on the reading goroutine, which has time to spare,
// and halves what the writer binds for a typical file.
func compact(buf []any) batch {
	rows := len(buf) / obsColumns
	var mask uint16
	for c := firstShareable; c < obsColumns && rows > 0; c++ {
		same := true
		for r := 1; r < rows && same; r++ {
			same = buf[r*obsColumns+c] == buf[c]
		}
		if same {
			mask |= 1 << c
		}
	}
	shared := make([]any, 0, obsColumns-firstShareable)
	for c := firstShareable; c < obsColumns; c++ {
		if mask&(1<<c) != 0 {
			shared = append(shared, buf[c])
		}
	}
	n := 0
	for r := range rows {
		for c := range obsColumns {
			if mask&(1<<c) == 0 {
				buf[n] = buf[r*obsColumns+c]
				n++
			}
		}
	}
	return batch{args: append(buf[:n], shared...), rows: rows, mask: mask}
}

// writer is the one place that writes actual values: it inserts batches of
// revisions on a goroutine of its own, so that SQLite's work on one batch
// overlaps the reading and checking of the next (on two cores an import
// takes little more than the longer of the two). The transaction
// serialises the two goroutines' use of its connection.
type writer struct {
	ctx     context.Context
	tx      *sql.Tx
	shared  []any                // who, when, which import: the same for every row
	full    map[uint16]*sql.Stmt // prepared full-batch INSERTs, by mask
	pending []any                // the batch being filled
	work    chan batch
	free    chan []any
	done    chan struct{}
	failed  atomic.Bool // an insert failed: stop sending
	err     error       // the first failure; read after done
	closed  bool
}

// writerBuffers batches are in flight at most: one being filled, one
// queued, one being inserted.
const writerBuffers = 3

func newWriter(ctx context.Context, tx *sql.Tx, actor, at string, importID int64) *writer {
	w := &writer{ctx: ctx, tx: tx, shared: []any{actor, at, importID},
		full: map[uint16]*sql.Stmt{}, work: make(chan batch, writerBuffers), free: make(chan []any, writerBuffers), done: make(chan struct{})}
	for range writerBuffers {
		w.free <- make([]any, 0, insertBatch*obsColumns+len(w.shared))
	}
	w.pending = <-w.free
	go w.run()
	return w
}

// add queues one revision.
func (w *writer) add(c indicators.Change) error {
	if w.failed.Load() {
		return w.wait()
	}
	o := c.New
	w.pending = append(w.pending, c.Key, o.Year, o.Revision, o.Value, string(o.Qualifier), string(o.Status), o.Source, o.Note,
		boolInt(o.Break), o.Decimals)
	if len(w.pending) == insertBatch*obsColumns {
		w.work <- compact(w.pending)
		w.pending = <-w.free
	}
	return nil
}

func (w *writer) run() {
	defer close(w.done)
	for b := range w.work {
		if w.err == nil {
			if w.err = w.insert(b); w.err != nil {
				w.failed.Store(true)
			}
		}
		w.free <- b.args[:0]
	}
}

// flush writes what is queued and waits for it.
func (w *writer) flush() error {
	if len(w.pending) > 0 && !w.closed {
		w.work <- compact(w.pending)
		w.pending = nil
	}
	return w.wait()
}

// wait lets the queued batches finish and returns the first error.
func (w *writer) wait() error {
	if !w.closed {
		w.closed = true
		close(w.work)
		<-w.done
		for _, st := range w.full {
			st.Close()
		}
	}
	return w.err
}

func (w *writer) insert(b batch) error {
	args := append(b.args, w.shared...)
	if b.rows < insertBatch {
		_, err := w.tx.ExecContext(w.ctx, insertSQL(b.rows, b.mask), args...)
		return err
	}
	st := w.full[b.mask]
	if st == nil {
		var err error
		if st, err = w.tx.PrepareContext(w.ctx, insertSQL(insertBatch, b.mask)); err != nil {
			return err
		}
		w.full[b.mask] = st
	}
	_, err := st.ExecContext(w.ctx, args...)
	return err
}
