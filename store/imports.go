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
	"sort"
	"strings"

	"plantrack/indicators"
)

// progressEvery is how often an import reports progress, in rows, unless
// its options say otherwise.
const progressEvery = 50_000

// insertBatch rows are written per INSERT statement: one statement per row
// would spend most of a large import in database/sql's per-call overhead.
const insertBatch = 128

// obsKey names a year of an indicator inside one import.
type obsKey struct {
	ind  int32
	year int32
}

// obsState is what an import knows of a year's current value: the
// database's, or the file's once a row has set it. The text fields are kept
// as a hash, so that a million values fit in a few tens of megabytes.
type obsState struct {
	value   float64
	content uint64 // hash of value, qualifier, status, source, note
	rev     int32
	row     int32 // the file's row that set it; 0 when it comes from the database
}

type indState struct {
	id  int32
	ind indicators.Indicator // only what checking a value needs
	ok  bool                 // the importing user may write it
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
	ctx      context.Context
	tx       *sql.Tx
	opt      indicators.ImportOptions
	res      *indicators.ImportResult
	header   indicators.Header
	plans    map[string]*planState // nil entry: no such plan
	obs      map[obsKey]obsState
	hash     maphash.Hash
	importID int64
	at       string
	pending  []any // parameters of rows waiting to be inserted
	full     *sql.Stmt
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
		im := &actualsImport{ctx: ctx, tx: tx, opt: opt, res: &res, plans: map[string]*planState{},
			obs: map[obsKey]obsState{}, at: opt.Now.UTC().Format(tsLayout)}
		if !opt.DryRun {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM imports`).Scan(&im.importID); err != nil {
				return err
			}
			defer func() {
				if im.full != nil {
					im.full.Close()
				}
			}()
		}
		if err := im.read(src); err != nil {
			return err
		}
		if opt.DryRun || !res.OK() || res.New+res.Changed == 0 {
			return errRollback
		}
		if err := im.flush(); err != nil {
			return err
		}
		sort.Strings(res.Plans)
		if _, err := tx.ExecContext(ctx, `INSERT INTO imports (id, kind, file_name, sha256, plans, actor, at, rows,
			new, changed, unchanged, warnings) VALUES (?, 'actuals', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			im.importID, opt.File, opt.SHA256, strings.Join(res.Plans, ","), opt.By, im.at, res.Rows,
			res.New, res.Changed, res.Unchanged, res.Warnings); err != nil {
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
	res := im.res
	haveHeader := false
	every := im.opt.ProgressEvery
	if every <= 0 {
		every = progressEvery
	}
	for {
		if err := im.ctx.Err(); err != nil {
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
			im.header, issues = indicators.ReadHeader(indicators.ImportActuals, cells)
			haveHeader = true
			res.Add(issues...)
			if !res.OK() {
				return nil // without its columns, no row can be read
			}
			if !im.header.Has("plan") && im.opt.Plan == "" {
				res.Add(indicators.Issue{Row: row, Zh: "文件没有“plan”列,请指定规划", En: "the file has no plan column; choose a plan"})
				return nil
			}
			continue
		}
		res.Rows++
		if err := im.row(row, cells); err != nil {
			return err
		}
		if im.opt.Progress != nil && res.Rows%every == 0 {
			im.opt.Progress(res.Rows)
		}
	}
	if !haveHeader {
		res.Add(indicators.Issue{Row: 1, Zh: "文件是空的", En: "the file is empty"})
	}
	if im.opt.Progress != nil {
		im.opt.Progress(res.Rows)
	}
	return nil
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
	o, empty, issues := a.Observation(h, ps.plan, is.ind, im.opt.By, im.opt.Now)
	if len(issues) > 0 {
		res.Add(issues...)
		return nil
	}
	if empty {
		res.Empty++
		return nil
	}
	key := obsKey{is.id, int32(o.Year)}
	cur, seen := im.obs[key]
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
		im.obs[key] = cur
		res.Unchanged++
		return nil
	}
	var old *indicators.Observation
	if seen {
		old = &indicators.Observation{Year: o.Year, Value: cur.value, Revision: int(cur.rev)}
	}
	o.Revision = int(cur.rev) + 1
	im.obs[key] = obsState{value: o.Value, content: sum, rev: int32(o.Revision), row: int32(row)}
	res.AddChange(indicators.Change{Row: row, Plan: code, Indicator: a.Indicator, Year: o.Year, Old: old, New: o})
	if im.opt.DryRun || !res.OK() {
		im.pending = im.pending[:0] // nothing will be written: stop buffering
		return nil
	}
	im.pending = append(im.pending, is.id, o.Year, o.Revision, o.Value, string(o.Qualifier), string(o.Status),
		o.Source, o.Note, im.opt.By, im.at, im.importID)
	if len(im.pending) == insertBatch*obsColumns {
		return im.flush()
	}
	return nil
}

// previous is the value of the year before, as the file or the database
// has it, or the baseline.
func (im *actualsImport) previous(is *indState, year int) (int, float64, bool) {
	if p, ok := im.obs[obsKey{is.id, int32(year - 1)}]; ok {
		return year - 1, p.value, true
	}
	if b := is.ind.BaselineValue; b != nil && is.ind.BaselineYear == year-1 {
		return year - 1, *b, true
	}
	return 0, 0, false
}

const obsColumns = 11

func insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO observations (indicator_id, year, revision, value, qualifier, status, source, note,
		recorded_by, recorded_at, import_id) VALUES `)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// flush writes the pending rows.
func (im *actualsImport) flush() error {
	n := len(im.pending) / obsColumns
	if n == 0 {
		return nil
	}
	var err error
	if n == insertBatch {
		if im.full == nil {
			if im.full, err = im.tx.PrepareContext(im.ctx, insertSQL(insertBatch)); err != nil {
				return err
			}
		}
		_, err = im.full.ExecContext(im.ctx, im.pending...)
	} else {
		_, err = im.tx.ExecContext(im.ctx, insertSQL(n), im.pending...)
	}
	im.pending = im.pending[:0]
	return err
}

// plan loads a plan the first time a row names it: its indicators and the
// current value of every year. nil for no such plan.
func (im *actualsImport) plan(code string) (*planState, error) {
	if ps, ok := im.plans[code]; ok {
		return ps, nil
	}
	pid, p, err := planID(im.ctx, im.tx, code)
	if indicators.KindOf(err) == indicators.KindNotFound {
		im.plans[code] = nil
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	inds, err := loadIndicators(im.ctx, im.tx, pid, "")
	if err != nil {
		return nil, err
	}
	ids := map[string]int32{}
	rows, err := im.tx.QueryContext(im.ctx, `SELECT id, code FROM indicators WHERE plan_id = ?`, pid)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int32
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			rows.Close()
			return nil, err
		}
		ids[c] = id
	}
	rows.Close()
	ps := &planState{plan: p, inds: make(map[string]*indState, len(inds))}
	for _, ind := range inds {
		ok := im.opt.User == nil || im.opt.User.CanEdit(ind)
		// Keep only what checking a value needs: thousands of plans must fit.
		slim := indicators.Indicator{Code: ind.Code, Unit: ind.Unit, BaselineYear: ind.BaselineYear,
			BaselineValue: ind.BaselineValue, Target: indicators.Target{Year: ind.Target.Year}}
		ps.inds[ind.Code] = &indState{id: ids[ind.Code], ind: slim, ok: ok}
	}
	rows, err = im.tx.QueryContext(im.ctx, `SELECT o.indicator_id, o.year, o.revision, o.value, o.qualifier,
			o.status, o.source, o.note
		FROM observations o JOIN indicators i ON i.id = o.indicator_id
		WHERE i.plan_id = ? ORDER BY o.indicator_id, o.year, o.revision`, pid)
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
		im.obs[obsKey{id, int32(o.Year)}] = obsState{value: o.Value, content: im.contentHash(o), rev: int32(o.Revision)}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	im.plans[code] = ps
	im.res.Plans = append(im.res.Plans, code)
	return ps, nil
}
