package indicators

import (
	"context"
)

// PlanState is a plan as an actuals import sees it: the plan and its
// indicators by code, each with the current value of every year.
type PlanState struct {
	Plan       Plan
	Indicators map[string]*IndicatorState
	// Districts are the plans of the districts the plan is decomposed
	// among, by the district's unit code and by its Chinese and English
	// names: where a row's district column sends its value.
	Districts map[string]string
}

// department names the indicator's department: by name where it is
// known, by code otherwise.
func (is *IndicatorState) department() Name {
	if is.DepartmentName.Zh == "" {
		return Name{Zh: is.Department}
	}
	return is.DepartmentName
}

// IndicatorState is what checking a value of one indicator needs, and no
// more: an import may touch hundreds of thousands of indicators.
type IndicatorState struct {
	Key        int64 // the store's handle, handed back with every change
	Department string
	// DepartmentName names the department a refusal points to.
	DepartmentName Name
	Unit           string
	BaselineYear   int
	TargetYear     int // the indicator's own; 0 for the plan's
	Baseline       *float64
	Kind           TargetKind
	ObservedAs     ObservedAs
	// Targets are the current year targets of a yearly indicator, by year.
	Targets map[int]YearTarget
	// The current value of each year, from year first on: the database's,
	// then the file's. A slice per indicator rather than one map of a
	// million entries: half the memory, and no hashing on the hot path.
	first int
	years []yearState
}

// yearState is a year's current value. The texts are kept as hashes, so
// that a million values fit in a few tens of megabytes; the value, the
// qualifier and the status are kept exactly.
type yearState struct {
	value        float64
	source, note uint64 // fnv hashes
	rev          int32
	row          int32 // the file's row that set it; 0 when it comes from the database
	qual, status uint8 // index+1 in qualifiers, statuses; 0 for no value
	dec          uint8 // decimals as published
	brk          bool  // a series break
	ret          bool  // returned by a reviewer: the same value again is a resubmission
}

var (
	qualifiers = []Qualifier{Exact, LowerBound, UpperBound, Estimate}
	statuses   = []ObsStatus{Preliminary, Final}
)

func indexOf[T comparable](list []T, v T) uint8 {
	for i, x := range list {
		if x == v {
			return uint8(i + 1)
		}
	}
	return 0
}

// textHash is FNV-1a of s: a fast, fixed hash, so that the same text
// always compares equal, in any import.
func textHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// emptyHash is the hash of no text.
const emptyHash = 14695981039346656037 // textHash("")

func stateOf(o Observation, row int) yearState {
	return yearState{value: o.Value, source: textHash(o.Source), note: textHash(o.Note), rev: int32(o.Revision),
		row: int32(row), qual: indexOf(qualifiers, o.Qualifier), status: indexOf(statuses, o.Status),
		dec: uint8(o.Decimals), brk: o.Break, ret: o.Review == Returned}
}

// get is the year's current value; false when it has none.
func (is *IndicatorState) get(year int) (yearState, bool) {
	i := year - is.first
	if i < 0 || i >= len(is.years) || is.years[i].qual == 0 {
		return yearState{}, false
	}
	return is.years[i], true
}

// set records the year's current value.
func (is *IndicatorState) set(year int, st yearState) {
	switch {
	case len(is.years) == 0:
		is.first = year
		is.years = append(is.years, yearState{})
	case year < is.first:
		grown := make([]yearState, is.first-year+len(is.years))
		copy(grown[is.first-year:], is.years)
		is.years, is.first = grown, year
	}
	for year-is.first >= len(is.years) {
		is.years = append(is.years, yearState{})
	}
	is.years[year-is.first] = st
}

// Load records a revision the database holds, in any order: the highest
// revision of a year is current.
func (is *IndicatorState) Load(o Observation) {
	if cur, ok := is.get(o.Year); !ok || cur.rev < int32(o.Revision) {
		is.set(o.Year, stateOf(o, 0))
	}
}

// indicator is the indicator as the domain's checks take it.
func (is *IndicatorState) indicator() Indicator {
	return Indicator{Unit: is.Unit, BaselineYear: is.BaselineYear, BaselineValue: is.Baseline,
		Department: is.Department, Target: Target{Year: is.TargetYear, Kind: is.Kind}, ObservedAs: is.ObservedAs}
}

// LoadTarget records a year target the database holds, in any order.
func (is *IndicatorState) LoadTarget(t YearTarget) {
	if is.Targets == nil {
		is.Targets = map[int]YearTarget{}
	}
	if cur, ok := is.Targets[t.Year]; !ok || cur.Revision < t.Revision {
		is.Targets[t.Year] = t
	}
}

// ActualsState is what an actuals import reads of the database as it goes.
type ActualsState interface {
	// Plan loads a plan with its indicators and their current values; nil
	// for no such plan.
	Plan(code string) (*PlanState, error)
	// Revision is one stored revision of a value.
	Revision(ind *IndicatorState, year, revision int) (Observation, error)
}

// ActualsImport is the one engine that every actual value goes through
// (the checks of docs/method.md §8):
// a file, the entry grid and the value form (a one-row import) alike. It
// reads each row once, checks it against the plan, the user's rights, the
// rows before it and the values already stored, and hands every new or
// changed value to write (nil for a dry run) while it goes. Fields a file
// has no column for keep their current values.
type ActualsImport struct {
	opt     ImportOptions
	user    *User
	state   ActualsState
	write   func(Change) error
	res     ImportResult
	h       Header
	plans   map[string]*PlanState
	targets []TargetChange
	// targetRows is the file's row of each year target it sets.
	targetRows map[targetKey]int
}

type targetKey struct {
	is   *IndicatorState
	year int
}

// NewActualsImport prepares an import for user (as the store found the
// actor's account, inside the import's transaction).
func NewActualsImport(opt ImportOptions, user *User, state ActualsState, write func(Change) error) *ActualsImport {
	if opt.DryRun {
		write = nil
	}
	return &ActualsImport{opt: opt, user: user, state: state, write: write, plans: map[string]*PlanState{},
		res: ImportResult{Kind: ImportActuals, File: opt.File, SHA256: opt.SHA256}}
}

// progressEvery is how often an import reports progress, in rows, unless
// its options say otherwise.
const progressEvery = 50_000

// Run reads every row of src. It returns an error only when the import
// could not be carried out at all; problems with the file are in Result.
func (im *ActualsImport) Run(ctx context.Context, src RowSource) error {
	every := im.opt.ProgressEvery
	if every <= 0 {
		every = progressEvery
	}
	err := ReadRows(ctx, src, ImportActuals, &im.res, func(h Header, row int) bool {
		im.h = h
		if !h.Has("plan") && im.opt.Plan == "" {
			im.res.Add(Issue{Row: row, Msg: M("imp.noPlanColumn")})
			return false
		}
		if !h.Has("source") {
			im.res.Add(Issue{Row: row, Warning: true, Msg: M("imp.noSourceColumn")})
		}
		return true
	}, func(_ Header, row int, cells []string) error {
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

// Result is what the file holds and what was, or would be, written.
func (im *ActualsImport) Result() ImportResult { return im.res }

func (im *ActualsImport) plan(code string) (*PlanState, error) {
	if ps, ok := im.plans[code]; ok {
		return ps, nil
	}
	ps, err := im.state.Plan(code)
	if err != nil {
		return nil, err
	}
	im.plans[code] = ps
	if ps != nil {
		im.res.Plans = append(im.res.Plans, code)
	}
	return ps, nil
}

func (im *ActualsImport) row(row int, cells []string) error {
	res, h := &im.res, im.h
	a, issues := ParseActualRow(h, row, cells)
	if a.Indicator == "" {
		res.Add(issues...)
		return nil
	}
	// which plan and indicator, and whether the user may write it, first:
	// a refusal says all there is to say about the row
	code := a.Plan
	if code == "" {
		code = im.opt.Plan
	}
	ps, err := im.plan(code)
	if err != nil {
		return err
	}
	if ps == nil {
		res.Add(Issue{Row: row, Column: h.Column("plan"), Msg: M("imp.unknownPlan", code)})
		return nil
	}
	if a.District != "" && ps.Indicators[a.Indicator] != nil {
		// a district's share of a decomposed indicator: its own plan's
		part, ok := ps.Districts[a.District]
		if !ok {
			res.Add(Issue{Row: row, Column: h.Column("district"), Msg: M("imp.district.unknown", a.District, code)})
			return nil
		}
		if ps, err = im.plan(part); err != nil {
			return err
		}
		if ps == nil || ps.Indicators[a.Indicator] == nil {
			res.Add(Issue{Row: row, Column: h.Column("indicator"), Msg: M("imp.district.notDecomposed", a.Indicator)})
			return nil
		}
		code = part
	}
	is := ps.Indicators[a.Indicator]
	if is == nil {
		res.Add(Issue{Row: row, Column: h.Column("indicator"), Msg: M("err.indicator.notFound", code, a.Indicator)})
		return nil
	}
	ind := is.indicator()
	if !im.user.CanEdit(ind) {
		res.Add(Issue{Row: row, Column: h.Column("indicator"), Refused: true, Msg: ForbiddenIndicator(a.Indicator, is.department()).Msg})
		return nil
	}
	if len(issues) > 0 {
		res.Add(issues...)
		return nil
	}
	o, empty, issues := a.Observation(h, ps.Plan, ind, im.opt.Actor.Name, im.opt.Now)
	if len(issues) > 0 {
		res.Add(issues...)
		return nil
	}
	errs := res.Errors
	target := im.target(row, a, code, is)
	if res.Errors > errs {
		return nil
	}
	if empty && target {
		return nil // a year's target ahead of its value
	}
	if empty {
		if im.opt.ValuesRequired {
			res.Add(Issue{Row: row, Column: h.Column("value"), Msg: M("imp.noValue")})
			return nil
		}
		res.Empty++
		return nil
	}
	// A field the row leaves empty, or whose column the file lacks, keeps
	// its current value; a new value gets the defaults.
	cur, seen := is.get(o.Year)
	inheritSource, inheritNote := seen && o.Source == "", seen && o.Note == ""
	if seen && a.Status == "" {
		o.Status = statuses[cur.status-1]
	}
	if seen && !a.BreakSet {
		o.Break = cur.brk
	}
	next := stateOf(o, row)
	if inheritSource {
		next.source = cur.source
	}
	if inheritNote {
		next.note = cur.note
	}
	if h.Has("source") && next.source == emptyHash {
		res.Add(Issue{Row: row, Column: h.Column("source"), Warning: true, Msg: M("imp.noSource")})
	}
	if seen && cur.row > 0 {
		if same(cur, next) {
			res.Add(Issue{Row: row, Warning: true, Msg: M("imp.repeatsRow", cur.row)})
		} else {
			res.Add(Issue{Row: row, Column: h.Column("value"), Msg: M("imp.conflictRow", a.Indicator, o.Year, cur.row)})
		}
		return nil
	}
	if w, ok := im.magnitude(row, is, o.Year, o.Value, cur, seen); ok {
		res.Add(w)
	}
	if seen && same(cur, next) {
		cur.row = int32(row)
		is.set(o.Year, cur)
		res.Unchanged++
		return nil
	}
	o.Revision = int(cur.rev) + 1
	next.rev = int32(o.Revision)
	is.set(o.Year, next)
	c := Change{Row: row, Plan: code, Indicator: a.Indicator, Key: is.Key, Year: o.Year, New: o}
	listed := res.New+res.Changed < ListCap
	if seen && (listed || (im.write != nil && (inheritSource || inheritNote))) {
		old, err := im.state.Revision(is, o.Year, int(cur.rev))
		if err != nil {
			return err
		}
		if inheritSource {
			c.New.Source = old.Source
		}
		if inheritNote {
			c.New.Note = old.Note
		}
		c.Old = &old
	} else if seen {
		c.Old = &Observation{Year: o.Year, Value: cur.value, Revision: int(cur.rev),
			Qualifier: qualifiers[cur.qual-1], Status: statuses[cur.status-1]}
	}
	res.AddChange(c)
	if im.write == nil || !res.OK() {
		return nil // nothing will be written: the store rolls back what went
	}
	return im.write(c)
}

// same reports whether two states of a year say the same thing (a
// returned value is never the same: sending it again resubmits it).
func same(a, b yearState) bool {
	return !a.ret && !b.ret && a.value == b.value && a.qual == b.qual && a.status == b.status && a.source == b.source && a.note == b.note &&
		a.dec == b.dec && a.brk == b.brk
}

// target reads the row's year target, if it has one, and records it when
// it differs from the current one; it reports whether the row had one.
// Only a yearly indicator takes year targets: on any other, the cell is
// ignored with a warning.
func (im *ActualsImport) target(row int, a ActualRow, plan string, is *IndicatorState) bool {
	res, h := &im.res, im.h
	if a.Target == "" {
		if a.Band != "" && is.Kind == KindYearly {
			res.Add(Issue{Row: row, Column: h.Column("band"), Msg: M("imp.bandWithoutTarget")})
		}
		return false
	}
	if is.Kind != KindYearly {
		res.Add(Issue{Row: row, Column: h.Column("target"), Warning: true, Msg: M("imp.targetNotYearly", a.Indicator)})
		return false
	}
	t, e := ParseTarget(a.Target, a.Band, is.Unit)
	if e == nil {
		e = CheckLine("target", a.Target, MaxTargetText)
	}
	if e != nil {
		res.Add(issueOf(row, h.Column(e.Field), e))
		return true
	}
	t.Year, t.Actor, t.At = a.Year, im.opt.Actor.Name, im.opt.Now
	cur, seen := is.Targets[a.Year]
	if seen && SameTarget(cur, t) {
		return true
	}
	k := targetKey{is, a.Year}
	if first, ok := im.targetRows[k]; ok {
		res.Add(Issue{Row: row, Column: h.Column("target"), Msg: M("imp.conflictTargetRow", a.Indicator, a.Year, first)})
		return true
	}
	if im.targetRows == nil {
		im.targetRows = map[targetKey]int{}
	}
	im.targetRows[k] = row
	if is.Targets == nil {
		is.Targets = map[int]YearTarget{}
	}
	t.Revision = cur.Revision + 1
	is.Targets[a.Year] = t
	c := TargetChange{Row: row, Plan: plan, Indicator: a.Indicator, Key: is.Key, New: t}
	if seen {
		c.Old = &cur
	}
	res.TargetN++
	if len(res.Targets) < ListCap {
		res.Targets = append(res.Targets, c)
	}
	im.targets = append(im.targets, c)
	return true
}

// TargetWrites are the year targets to write, in the file's order.
func (im *ActualsImport) TargetWrites() []TargetChange { return im.targets }

// magnitude warns of a value about a power of ten off the year before (the
// file's, the database's or the baseline) or off the year's own current
// value, which the row would revise.
//
// Yearly rates are not checked: growth of 8.6% after 0.8% is no slip.
func (im *ActualsImport) magnitude(row int, is *IndicatorState, year int, v float64, cur yearState, seen bool) (Issue, bool) {
	if is.ObservedAs == YearlyRate {
		return Issue{}, false
	}
	if seen {
		if w, ok := MagnitudeIssue(im.h, row, is.Unit, year, cur.value, v, true); ok {
			return w, true
		}
	}
	if p, ok := is.get(year - 1); ok {
		return MagnitudeIssue(im.h, row, is.Unit, year-1, p.value, v, false)
	}
	if is.Baseline != nil && is.BaselineYear == year-1 {
		return MagnitudeIssue(im.h, row, is.Unit, year-1, *is.Baseline, v, false)
	}
	return Issue{}, false
}
