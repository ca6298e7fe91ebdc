package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"math/bits"
	"sort"
	"strings"
	"sync/atomic"

	"plantrack/indicators"
)

// progressEvery is how often an import reports progress, in rows, unless
// its options say otherwise.
const progressEvery = 50_000

// insertBatch rows are written per INSERT statement: one statement per row
// would spend most of a large import in database/sql's per-call overhead.
const insertBatch = 128

// obsState is what an import knows of a year's current value: the
// database's, or the file's once a row has set it. The text fields are kept
// as a hash, so that a million values fit in a few tens of megabytes.
type obsState struct {
	value   float64
	content uint64 // hash of value, qualifier, status, source, note
	rev     int32
	row     int32 // the file's row that set it; 0 when it comes from the database
}

// indState is what checking a value of an indicator needs, and no more: an
// import may touch hundreds of thousands of indicators.
type indState struct {
	id         int32
	baseYear   int32
	targetYear int32 // the indicator's own; 0 for the plan's
	ok         bool  // the importing user may write it
	hasBase    bool
	base       float64
	unit       string
	// The current value of each year, from year first on: the database's,
	// then the file's. A slice per indicator rather than one map of a
	// million entries: half the memory, and no hashing on the hot path.
	first int32
	years []obsState
}

// get is the year's current value; false when it has none.
func (is *indState) get(year int) (obsState, bool) {
	i := year - int(is.first)
	if i < 0 || i >= len(is.years) || is.years[i] == (obsState{}) {
		return obsState{}, false
	}
	return is.years[i], true
}

// set records the year's current value.
func (is *indState) set(year int, st obsState) {
	switch {
	case len(is.years) == 0:
		is.first = int32(year)
		is.years = append(is.years, obsState{})
	case year < int(is.first):
		grown := make([]obsState, int(is.first)-year+len(is.years))
		copy(grown[int(is.first)-year:], is.years)
		is.years, is.first = grown, int32(year)
	}
	for year-int(is.first) >= len(is.years) {
		is.years = append(is.years, obsState{})
	}
	is.years[year-int(is.first)] = st
}

// indicator is the indicator as the domain's checks take it.
func (is *indState) indicator() indicators.Indicator {
	ind := indicators.Indicator{Unit: is.unit, BaselineYear: int(is.baseYear), Target: indicators.Target{Year: int(is.targetYear)}}
	if is.hasBase {
		ind.BaselineValue = &is.base
	}
	return ind
}

type planState struct {
	plan indicators.Plan
	inds map[string]*indState
}

// contentHash sums what SameContent compares. The seed is the import's own:
// hashes are compared within one import only.
func (im *actualsImport) contentHash(o indicators.Observation) uint64 {
	h := &im.hash
	h.Reset()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(o.Value))
	h.Write(b[:])
	for _, s := range []string{string(o.Qualifier), string(o.Status), o.Source, o.Note} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// actualsImport is one pass over an actuals file inside one transaction.
type actualsImport struct {
	ctx context.Context
	tx  *sql.Tx
	// rd reads the plans: a read transaction of its own while the import
	// writes, so that loading a plan never waits for an insert (the write
	// lock is held throughout, so both see the same data).
	rd       *sql.Tx
	opt      indicators.ImportOptions
	res      *indicators.ImportResult
	header   indicators.Header
	plans    map[string]*planState // nil entry: no such plan
	hash     maphash.Hash
	importID int64
	at       string
	pending  []any   // parameters of rows waiting to be inserted
	writer   *writer // nil for a dry run
	// the queries that load a plan, prepared once for the thousands of
	// plans a file may carry
	indQuery, obsQuery *sql.Stmt
	planIDs            map[string]planRef // every plan, by code, read once
}

type planRef struct {
	id   int64
	plan indicators.Plan
}

// loadPlans reads every plan's own fields in one query.
func (im *actualsImport) loadPlans() error {
	rows, err := im.rd.QueryContext(im.ctx, `SELECT p.id, `+planCols+` FROM plans p LEFT JOIN plans pp ON pp.id = p.parent_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	im.planIDs = map[string]planRef{}
	for rows.Next() {
		var ref planRef
		var err error
		if ref.plan, err = scanPlan(rows, &ref.id); err != nil {
			return err
		}
		im.planIDs[ref.plan.Code] = ref
	}
	return rows.Err()
}

const (
	indQuery = `SELECT i.id, i.code, i.unit, COALESCE(d.code, ''), i.baseline_year, i.baseline_value, i.target_year
		FROM indicators i LEFT JOIN departments d ON d.id = i.department_id WHERE i.plan_id = ?`
	obsQuery = `SELECT o.indicator_id, o.year, o.revision, o.value, o.qualifier, o.status, o.source, o.note
		FROM observations o JOIN indicators i ON i.id = o.indicator_id
		WHERE i.plan_id = ?`
)

// query runs a prepared query, preparing it on first use.
func (im *actualsImport) query(stmt **sql.Stmt, text string, args ...any) (*sql.Rows, error) {
	if *stmt == nil {
		var err error
		if *stmt, err = im.rd.PrepareContext(im.ctx, text); err != nil {
			return nil, err
		}
	}
	return (*stmt).QueryContext(im.ctx, args...)
}

// close releases the prepared statements.
func (im *actualsImport) close() {
	for _, st := range []*sql.Stmt{im.indQuery, im.obsQuery} {
		if st != nil {
			st.Close()
		}
	}
}

// ImportActuals reads an actuals file (indicators.ImportActuals) row by row
// and, unless opt.DryRun or the file has errors, writes every new or changed
// value as a new revision naming this import, all in one transaction. Rows
// whose value is already current change nothing, so importing the same file
// twice writes nothing the second time (and records no import). The result
// lists what was, or would be, written; an error is returned only when the
// import could not be carried out at all.
func (s *Store) ImportActuals(ctx context.Context, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error) {
	res := indicators.ImportResult{Kind: indicators.ImportActuals, File: opt.File, SHA256: opt.SHA256}
	run := s.tx
	if opt.DryRun {
		run = s.view // a dry run reads a snapshot and leaves writers alone
	}
	errRollback := errors.New("rollback")
	err := run(ctx, func(tx *sql.Tx) error {
		im := &actualsImport{ctx: ctx, tx: tx, rd: tx, opt: opt, res: &res, plans: map[string]*planState{},
			at: opt.Now.UTC().Format(tsLayout)}
		defer im.close()
		if !opt.DryRun {
			rd, err := s.read.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer rd.Rollback()
			im.rd = rd
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM imports`).Scan(&im.importID); err != nil {
				return err
			}
			im.writer = newWriter(ctx, tx, opt.By, im.at, im.importID)
			defer im.writer.wait() // before the transaction ends, whatever happens
			im.pending = <-im.writer.free
		}
		if err := im.read(src); err != nil {
			return err
		}
		if opt.DryRun || !res.OK() || res.New+res.Changed == 0 {
			return errRollback
		}
		im.writer.send(im.pending)
		if err := im.writer.wait(); err != nil {
			return err
		}
		sort.Strings(res.Plans)
		if err := recordImport(ctx, tx, im.importID, opt, res); err != nil {
			return err
		}
		res.ID = im.importID
		return audit(ctx, tx, opt.Now, opt.By, "import", "observations", fmt.Sprint(im.importID), nil,
			map[string]any{"file": opt.File, "sha256": opt.SHA256, "plans": res.Plans, "new": res.New,
				"changed": res.Changed, "unchanged": res.Unchanged})
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	if err != nil {
		res.ID = 0
	}
	return res, err
}

// read is the single pass: header, then every row.
func (im *actualsImport) read(src indicators.RowSource) error {
	every := im.opt.ProgressEvery
	if every <= 0 {
		every = progressEvery
	}
	err := eachRow(im.ctx, src, indicators.ImportActuals, im.res, func(h indicators.Header, row int) bool {
		im.header = h
		if !h.Has("plan") && im.opt.Plan == "" {
			im.res.Add(indicators.Issue{Row: row, Zh: "文件没有“plan”列,请指定规划", En: "the file has no plan column; choose a plan"})
			return false
		}
		return true
	}, func(_ indicators.Header, row int, cells []string) error {
		if err := im.row(row, cells); err != nil {
			return err
		}
		if im.opt.Progress != nil && im.res.Rows%every == 0 {
			im.opt.Progress(im.res.Rows)
		}
		return nil
	})
	if err == nil && im.opt.Progress != nil {
		im.opt.Progress(im.res.Rows)
	}
	return err
}

// eachRow reads a file of kind: its header (the first row that is not
// blank), then every data row, counted in res.Rows. A file that cannot be
// read on from a row is an error at that row, and so is an empty file.
// header may refuse the file after its columns are known, by returning
// false; a header with errors is refused without asking.
func eachRow(ctx context.Context, src indicators.RowSource, kind indicators.ImportKind, res *indicators.ImportResult,
	header func(h indicators.Header, row int) bool, each func(h indicators.Header, row int, cells []string) error) error {
	var h indicators.Header
	haveHeader := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, cells, err := src.Next()
		if err == io.EOF {
			break
		}
		var fe *indicators.FileError
		if errors.As(err, &fe) {
			res.Add(fe.Issue())
			break
		}
		if err != nil {
			return err
		}
		if indicators.Blank(cells) {
			continue
		}
		if !haveHeader {
			var issues []indicators.Issue
			h, issues = indicators.ReadHeader(kind, cells)
			haveHeader = true
			res.Add(issues...)
			if !res.OK() || (header != nil && !header(h, row)) {
				return nil // without its columns, no row can be read
			}
			continue
		}
		res.Rows++
		if err := each(h, row, cells); err != nil {
			return err
		}
	}
	if !haveHeader {
		res.Add(indicators.Issue{Row: 1, Zh: "文件是空的", En: "the file is empty"})
	}
	return nil
}

// recordImport writes the import's own row, once its values are written.
func recordImport(ctx context.Context, tx *sql.Tx, id int64, opt indicators.ImportOptions, res indicators.ImportResult) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO imports (id, kind, file_name, sha256, plans, actor, at, rows,
		new, changed, unchanged, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, res.Kind, opt.File, opt.SHA256, strings.Join(res.Plans, ","), opt.By, opt.Now.UTC().Format(tsLayout),
		res.Rows, res.New, res.Changed, res.Unchanged, res.Warnings)
	return err
}

func (im *actualsImport) row(row int, cells []string) error {
	res, h := im.res, im.header
	a, issues := indicators.ParseActualRow(h, row, cells)
	if len(issues) > 0 {
		res.Add(issues...)
		return nil
	}
	code := a.Plan
	if code == "" {
		code = im.opt.Plan
	}
	ps, err := im.plan(code)
	if err != nil {
		return err
	}
	if ps == nil {
		res.Add(indicators.Issue{Row: row, Column: h.Column("plan"),
			Zh: fmt.Sprintf("没有代码为“%s”的规划", code), En: fmt.Sprintf("there is no plan %q", code)})
		return nil
	}
	is := ps.inds[a.Indicator]
	if is == nil {
		res.Add(indicators.Issue{Row: row, Column: h.Column("indicator"),
			Zh: fmt.Sprintf("规划“%s”中没有指标“%s”", code, a.Indicator), En: fmt.Sprintf("plan %q has no indicator %q", code, a.Indicator)})
		return nil
	}
	if !is.ok {
		res.Add(indicators.Issue{Row: row, Column: h.Column("indicator"),
			Zh: fmt.Sprintf("您不能填报指标“%s”:它不属于您的部门", a.Indicator),
			En: fmt.Sprintf("you may not enter values for %q: it is not your department's", a.Indicator)})
		return nil
	}
	o, empty, issues := a.Observation(h, ps.plan, is.indicator(), im.opt.By, im.opt.Now)
	if len(issues) > 0 {
		res.Add(issues...)
		return nil
	}
	if empty {
		res.Empty++
		return nil
	}
	cur, seen := is.get(o.Year)
	sum := im.contentHash(o)
	if seen && cur.row > 0 {
		if cur.content == sum {
			res.Add(indicators.Issue{Row: row, Warning: true,
				Zh: fmt.Sprintf("与第 %d 行重复,已忽略", cur.row), En: fmt.Sprintf("repeats row %d; ignored", cur.row)})
		} else {
			res.Add(indicators.Issue{Row: row, Column: h.Column("value"),
				Zh: fmt.Sprintf("指标“%s”%d 年在第 %d 行已有不同的数值", a.Indicator, o.Year, cur.row),
				En: fmt.Sprintf("%s %d already has a different value on row %d", a.Indicator, o.Year, cur.row)})
		}
		return nil
	}
	if prevYear, prev, ok := im.previous(is, o.Year); ok {
		if w, ok := indicators.MagnitudeIssue(h, row, prevYear, prev, o.Value); ok {
			res.Add(w)
		}
	}
	if seen && cur.content == sum {
		cur.row = int32(row)
		is.set(o.Year, cur)
		res.Unchanged++
		return nil
	}
	var old *indicators.Observation
	if seen {
		old = &indicators.Observation{Year: o.Year, Value: cur.value, Revision: int(cur.rev)}
	}
	o.Revision = int(cur.rev) + 1
	is.set(o.Year, obsState{value: o.Value, content: sum, rev: int32(o.Revision), row: int32(row)})
	res.AddChange(indicators.Change{Row: row, Plan: code, Indicator: a.Indicator, Year: o.Year, Old: old, New: o})
	if im.writer == nil || !res.OK() || im.writer.failed.Load() {
		im.pending = im.pending[:0] // nothing will be written: stop buffering
		return nil
	}
	im.pending = append(im.pending, is.id, o.Year, o.Revision, o.Value, string(o.Qualifier), string(o.Status),
		o.Source, o.Note)
	if len(im.pending) == insertBatch*obsColumns {
		im.writer.send(im.pending)
		im.pending = <-im.writer.free
	}
	return nil
}

// previous is the value of the year before, as the file or the database
// has it, or the baseline.
func (im *actualsImport) previous(is *indState, year int) (int, float64, bool) {
	if p, ok := is.get(year - 1); ok {
		return year - 1, p.value, true
	}
	if is.hasBase && int(is.baseYear) == year-1 {
		return year - 1, is.base, true
	}
	return 0, 0, false
}

// obsColumns are the parameters of each row; who, when and which import
// are the same for every row and are bound once per statement, after them.
const obsColumns = 8

// Columns 4 to 7 (qualifier, status, source, note) are usually the same on
// every row of a file; a batch binds such a column once (see compact).
const firstShareable = 4

// insertSQL is the INSERT of rows rows. The columns of mask (bit c for
// column c) are bound once, after the rows' own parameters.
func insertSQL(rows int, mask uint8) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO observations (indicator_id, year, revision, value, qualifier, status, source, note,
		recorded_by, recorded_at, import_id) VALUES `)
	own := obsColumns - bits.OnesCount8(mask)
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
	mask uint8
}

// compact turns a buffer of whole rows into a batch, in place: a shareable
// column whose value is the same on every row is taken out of the rows and
// bound once. It runs on the reading goroutine, which has time to spare,
// and halves what the writer binds for a typical file.
func compact(buf []any) batch {
	rows := len(buf) / obsColumns
	var mask uint8
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

// writer inserts batches of rows on a goroutine of its own, so that
// SQLite's work on one batch overlaps the reading and checking of the next:
// on two cores an import takes little more than the longer of the two.
// The transaction serialises the two goroutines' use of its connection.
type writer struct {
	ctx    context.Context
	tx     *sql.Tx
	shared []any               // who, when, which import: the same for every row
	full   map[uint8]*sql.Stmt // prepared full-batch INSERTs, by mask
	work   chan batch
	free   chan []any
	done   chan struct{}
	failed atomic.Bool // an insert failed: stop sending
	err    error       // the first failure; read after done
	closed bool
}

// writerBuffers batches are in flight at most: one being filled, one
// queued, one being inserted.
const writerBuffers = 3

func newWriter(ctx context.Context, tx *sql.Tx, by, at string, importID int64) *writer {
	w := &writer{ctx: ctx, tx: tx, shared: []any{by, at, importID},
		full: map[uint8]*sql.Stmt{}, work: make(chan batch, writerBuffers), free: make(chan []any, writerBuffers), done: make(chan struct{})}
	for range writerBuffers {
		w.free <- make([]any, 0, insertBatch*obsColumns+len(w.shared))
	}
	go w.run()
	return w
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

// send queues a buffer of whole rows; it comes back on free once inserted.
func (w *writer) send(buf []any) {
	if len(buf) > 0 {
		w.work <- compact(buf)
	}
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

// plan loads a plan the first time a row names it: its indicators and the
// current value of every year. nil for no such plan.
func (im *actualsImport) plan(code string) (*planState, error) {
	if ps, ok := im.plans[code]; ok {
		return ps, nil
	}
	if im.planIDs == nil {
		if err := im.loadPlans(); err != nil {
			return nil, err
		}
	}
	ref, ok := im.planIDs[code]
	if !ok {
		im.plans[code] = nil
		return nil, nil
	}
	pid, p := ref.id, ref.plan
	rows, err := im.query(&im.indQuery, indQuery, pid)
	if err != nil {
		return nil, err
	}
	ps := &planState{plan: p, inds: map[string]*indState{}}
	byID := map[int32]*indState{}
	for rows.Next() {
		var (
			is         indState
			code, dept string
			base       sql.NullFloat64
		)
		if err := rows.Scan(&is.id, &code, &is.unit, &dept, &is.baseYear, &base, &is.targetYear); err != nil {
			rows.Close()
			return nil, err
		}
		is.base, is.hasBase = base.Float64, base.Valid
		is.ok = im.opt.User == nil || im.opt.User.CanEdit(indicators.Indicator{Department: dept})
		ps.inds[code], byID[is.id] = &is, &is
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = im.query(&im.obsQuery, obsQuery, pid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int32
		var o indicators.Observation
		if err := rows.Scan(&id, &o.Year, &o.Revision, &o.Value, &o.Qualifier, &o.Status, &o.Source, &o.Note); err != nil {
			return nil, err
		}
		// in no particular order: the highest revision is current
		if is := byID[id]; is != nil {
			if cur, ok := is.get(o.Year); !ok || cur.rev < int32(o.Revision) {
				is.set(o.Year, obsState{value: o.Value, content: im.contentHash(o), rev: int32(o.Revision)})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	im.plans[code] = ps
	im.res.Plans = append(im.res.Plans, code)
	return ps, nil
}
