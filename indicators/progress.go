package indicators

import (
	"math"
	"slices"
)

// Status is the judgement of an indicator's progress.
type Status string

// Statuses of the default method (docs/method.md §4, §5).
const (
	StatusNoData        Status = "no_data"        // 无数据
	StatusAchievedEarly Status = "achieved_early" // 提前实现
	StatusAchieved      Status = "achieved"       // 已实现
	StatusNoBaseline    Status = "no_baseline"    // 缺基期值
	StatusNotAchieved   Status = "not_achieved"   // 未完成
	StatusRegressing    Status = "regressing"     // 逆向变化
	StatusAhead         Status = "ahead"          // 快于预期
	StatusOnTrack       Status = "on_track"       // 基本符合预期
	StatusBehind        Status = "behind"         // 滞后
	StatusCompliant     Status = "compliant"      // 符合
	StatusBreached      Status = "breached"       // 越限
	StatusMonitoring    Status = "monitoring"     // 监测
	StatusTargetPending Status = "target_pending" // 待下达: the plan assigns the figure later
)

// Statuses lists every status, best news first, for legends and counts.
var Statuses = []Status{StatusAchievedEarly, StatusAchieved, StatusAhead, StatusOnTrack,
	StatusCompliant, StatusBehind, StatusRegressing, StatusNotAchieved, StatusBreached,
	StatusNoBaseline, StatusTargetPending, StatusNoData, StatusMonitoring}

// OffTrack reports whether a status needs an explanation in reports.
func (s Status) OffTrack() bool {
	switch s {
	case StatusBehind, StatusRegressing, StatusNotAchieved, StatusBreached:
		return true
	}
	return false
}

// Judgement is the outcome of the trend projection.
type Judgement string

// Trend judgements.
const (
	Likely   Judgement = "likely"   // 预计能完成: P ≥ 1
	AtRisk   Judgement = "at_risk"  // 需加快: 0.9 ≤ P < 1
	Unlikely Judgement = "unlikely" // 难以完成: P < 0.9
)

// TrendMethod names how the projection was made.
type TrendMethod string

// Projection methods.
const (
	TrendLinear   TrendMethod = "linear"   // least squares over baseline and actuals
	TrendCompound TrendMethod = "compound" // constant growth rate from baseline to latest
)

// Trend is a projection of the actuals to the target year.
type Trend struct {
	Method    TrendMethod
	Points    int     // points fitted, the baseline included
	Slope     float64 // linear: change a year; compound: growth rate a year (fraction)
	Projected float64 // xT', the value projected for T
	// Ratio P = (xT' − x0)/(xT − x0) and its judgement; nil where there is no target level.
	Ratio     *float64
	Judgement Judgement
}

// Pace is what the remaining years require to reach the target level.
type Pace struct {
	YearsLeft    int
	AnnualChange float64  // (xT − xt)/(T − t)
	AnnualRate   *float64 // (xT/xt)^(1/(T − t)) − 1, where both are positive
}

// AltStatus is a category of an alternative method.
type AltStatus string

// Categories of the alternative methods.
const (
	AltOnTrack      AltStatus = "on_track"      // ≥ 0.95
	AltAccelerate   AltStatus = "accelerate"    // CAGR ≥ 0.60; UN ≥ 0.10
	AltLimited      AltStatus = "limited"       // CAGR ≥ 0; UN below 0.10
	AltDeteriorated AltStatus = "deterioration" // CAGR < 0
)

// Alternative is the result of one of the alternative methods.
type Alternative struct {
	Ratio  float64
	Status AltStatus
	// For the CAGR method: the actual and required growth rates (fractions).
	Actual, Required float64
}

// Assessment is everything the default method and its companions say about
// an indicator as of a year. Pointers are nil where a figure does not apply
// or cannot be computed; the view says why from Status and Kind.
type Assessment struct {
	Status     Status
	Kind       TargetKind
	Comparator Comparator
	Band       float64
	AsOf       int
	T0, T      int
	X0         *float64     // baseline value
	XT         *float64     // target level implied by the kind
	Latest     *Observation // xt, the current revision of the latest actual in (t0, min(T, as of)]
	Completion *float64     // c
	Elapsed    *float64     // s
	Tolerance  float64      // δ
	// avg_growth only: a, the actual average rate, and r = a/g.
	ActualRate  *float64
	GrowthRatio *float64
	Trend       *Trend
	Pace        *Pace
	CAGR        *Alternative // Statistics Canada CAGR ratio, as used by Open SDG
	UN          *Alternative // UN 2023 extrapolation ratio
	// Breaches lists the years whose actual broke a ceiling or floor.
	Breaches []int
	// Settled says why nothing is projected or paced any more; "" while
	// the period runs (docs/method.md §6).
	Settled Settled
	// Stale: the latest value is older than the year before the year
	// judged, so the judgement speaks of an earlier year (docs/method.md §4).
	Stale bool

	// ObservedAs: what the values are (levels, or yearly rates).
	ObservedAs ObservedAs
	// Index is set where yearly rates are compounded (docs/method.md §9):
	// the series the maths ran on, with x₀ = 100 at the baseline year.
	// X0, XT, Completion, Trend and Pace are then in index terms; Latest
	// is the latest published rate.
	Index *IndexSeries
	// LinearCompletion and LogCompletion are both methods' completions of
	// a cumulative change; Completion is the indicator's own method's
	// (docs/method.md §11).
	LinearCompletion, LogCompletion *float64
	Method                          Method
	// ActualChange is C, the cumulative change to the latest year in % (a
	// cumulative_change target), beside ActualRate for avg_growth.
	ActualChange *float64
	// BreakYear is the last series break (口径调整) among the values: the
	// trend is fitted from it on (docs/method.md §12). 0 for none.
	BreakYear int
	// Relative is the comparison of a relative target (docs/method.md §10).
	Relative *RelativeResult
	// Yearly is the year-by-year check of a yearly target (docs/method.md §10).
	Yearly *YearlyResult
	// TargetText is the target as worded, for a pending target.
	TargetText string
}

// IndexSeries is a cumulative index built from yearly rates: 100 at t₀,
// then 100·Π(1 + rᵢ/100). Gap is the first year without a rate after
// which the index cannot go on (0 for none): later rates do not count.
type IndexSeries struct {
	Points []IndexPoint
	Gap    int
}

// IndexPoint is a year's rate and the index after it.
type IndexPoint struct {
	Year        int
	Rate, Index float64
	// Average is the average yearly rate from t₀ to the year, in %;
	// Cumulative the change from t₀, in %.
	Average, Cumulative float64
}

// Settled is why an indicator's trend, pace and alternative methods are
// no longer computed: its outcome is known.
type Settled string

// Reasons an outcome is known.
const (
	SettledMet        Settled = "met"         // the target is met
	SettledTargetYear Settled = "target_year" // the target year has its value
)

// DataYear is the year of the latest value, 0 for none.
func (a Assessment) DataYear() int {
	if a.Latest == nil {
		return 0
	}
	return a.Latest.Year
}

const eps = 1e-9

func byYearRevision(a, b Observation) int {
	if a.Year != b.Year {
		return a.Year - b.Year
	}
	return a.Revision - b.Revision
}

// Current keeps the highest revision of each year, sorted by year. The
// input is not changed.
func Current(obs []Observation) []Observation {
	out := slices.Clone(obs)
	if !slices.IsSortedFunc(out, byYearRevision) { // the store already returns this order
		slices.SortFunc(out, byYearRevision)
	}
	n := 0
	for i := range out {
		if i+1 < len(out) && out[i+1].Year == out[i].Year {
			continue // a later revision of the same year follows
		}
		out[n] = out[i]
		n++
	}
	return out[:n]
}

// TargetLevel returns xT implied by the target for baseline x0 (nil when
// unknown), and false where it cannot be computed.
func TargetLevel(t Target, x0 *float64, years int) (float64, bool) {
	switch t.Kind {
	case KindLevel, KindMilestone, KindCeiling, KindFloor:
		return t.Value, true
	case KindIncreaseBy:
		if t.FromZero {
			return t.Value, true
		}
		if x0 == nil {
			return 0, false
		}
		return *x0 + t.Value, true
	case KindAvgGrowth:
		if x0 == nil {
			return 0, false
		}
		return *x0 * math.Pow(1+t.Value/100, float64(years)), true
	case KindCumulativeChange:
		if x0 == nil {
			return 0, false
		}
		return *x0 * (1 + t.Value/100), true
	case KindPPChange:
		if x0 == nil {
			return 0, false
		}
		return *x0 + t.Value, true
	}
	return 0, false
}

// EffectiveComparator is the comparator used to judge "met": the stated
// one, or where none is stated, the one the kind implies (≤ for a ceiling,
// ≥ for a floor) or else the direction (≤ when lower is better, ≥
// otherwise). docs/method.md §3.
func (ind Indicator) EffectiveComparator() Comparator {
	switch {
	case ind.Target.Comparator != "":
		return ind.Target.Comparator
	case ind.Target.Kind == KindCeiling:
		return LE
	case ind.Target.Kind == KindFloor:
		return GE
	case ind.Direction == Decrease:
		return LE
	}
	return GE
}

// ComparatorConflict says when an indicator's comparator, kind and
// direction contradict each other: ≥ or > where lower is better, ≤ or <
// where higher is better, a ceiling where higher is better, a floor where
// lower is better. Such a target would call a worsening "achieved".
func (ind Indicator) ComparatorConflict() *Error {
	c, k, d := ind.Target.Comparator, ind.Target.Kind, ind.Direction
	switch {
	case k == KindNone:
		return nil
	case k == KindCeiling && d == Increase:
		return Invalid("direction", "err.indicator.ceilingDirection")
	case k == KindFloor && d == Decrease:
		return Invalid("direction", "err.indicator.floorDirection")
	case d == Decrease && (c == GE || c == GT):
		return Invalid("comparator", "err.indicator.comparatorDirection", c, M("dir.decrease"))
	case d == Increase && (c == LE || c == LT):
		return Invalid("comparator", "err.indicator.comparatorDirection", c, M("dir.increase"))
	}
	return nil
}

// Met reports whether value v with qualifier q satisfies "comparator xT".
// A lower bound (超过 v) proves ≥/> only; an upper bound proves ≤/< only
// (docs/method.md §2, §3).
func Met(c Comparator, xT, band, v float64, q Qualifier) bool {
	switch q {
	case LowerBound:
		if c != GE && c != GT {
			return false
		}
		return v >= xT-eps
	case UpperBound:
		if c != LE && c != LT {
			return false
		}
		return v <= xT+eps
	}
	switch c {
	case GE:
		return v >= xT-eps
	case GT:
		return v > xT+eps
	case LE:
		return v <= xT+eps
	case LT:
		return v < xT-eps
	case Around:
		return math.Abs(v-xT) <= band+eps
	}
	return false
}

func ptr(v float64) *float64 { return &v }

// Inputs are what an assessment reads besides the indicator and its own
// values: a yearly indicator's year targets, and a relative target's
// reference indicator with its current values.
type Inputs struct {
	YearTargets []YearTarget // any revisions, any order
	Reference   *Indicator
	RefCurrent  []Observation
}

// Assess judges ind from its observations (any revisions, any order) as of
// year asOf, with the plan's tolerance and target year: the rules of
// docs/method.md §4 and §5, in that order.
func Assess(p Plan, ind Indicator, obs []Observation, asOf int) Assessment {
	return assess(p, ind, Current(obs), Inputs{}, asOf)
}

// AssessWith is Assess with what relative and yearly targets also read.
func AssessWith(p Plan, ind Indicator, obs []Observation, in Inputs, asOf int) Assessment {
	return assess(p, ind, Current(obs), in, asOf)
}

// assess is Assess over the current observations, sorted by year.
func assess(p Plan, ind Indicator, cur []Observation, in Inputs, asOf int) Assessment {
	a := judge(p, ind, cur, in, asOf)
	switch {
	case a.Latest == nil || a.Status == StatusTargetPending:
	case a.Status.Met():
		a.Settled = SettledMet
	case a.Latest.Year >= a.T:
		a.Settled = SettledTargetYear
	}
	if a.Settled != "" {
		// the outcome is known: a projection, a pace or a ratio could only
		// contradict it
		a.Trend, a.Pace, a.CAGR, a.UN = nil, nil, nil, nil
	}
	// a known outcome cannot lag; a judgement still running can
	a.Stale = a.Settled == "" && a.Status != StatusTargetPending && a.Latest != nil && a.Latest.Year < min(asOf, a.T)-1
	return a
}

// window is the current values in (t₀, min(T, asOf)], a window of cur.
func window(cur []Observation, t0, T, asOf int) []Observation {
	lo, hi := 0, len(cur)
	for lo < hi && cur[lo].Year <= t0 {
		lo++
	}
	for hi > lo && (cur[hi-1].Year > T || cur[hi-1].Year > asOf) {
		hi--
	}
	return cur[lo:hi:hi]
}

// judge is the status and figures of docs/method.md §4–§12.
func judge(p Plan, ind Indicator, cur []Observation, in Inputs, asOf int) Assessment {
	t0, T := ind.BaselineYear, ind.TargetYear(p)
	a := Assessment{
		Kind: ind.Target.Kind, Comparator: ind.EffectiveComparator(), Band: ind.band(),
		AsOf: asOf, T0: t0, T: T, X0: ind.BaselineValue, Tolerance: p.Tol(),
		ObservedAs: ind.ObservedAs, Method: ind.Method,
	}
	if a.ObservedAs == "" {
		a.ObservedAs = ObservedLevel
	}
	pts := window(cur, t0, T, asOf)
	for _, o := range pts {
		if o.Break {
			a.BreakYear = o.Year
		}
	}
	latest := func(pts []Observation) {
		if len(pts) > 0 {
			a.Latest = &pts[len(pts)-1]
			a.Elapsed = ptr(float64(a.Latest.Year-t0) / float64(T-t0))
		}
	}
	if ind.Target.Pending {
		// no figure to judge against yet (docs/method.md §10); rates still
		// compound, for what the page shows
		latest(pts)
		a.Status, a.TargetText = StatusTargetPending, ind.Target.Text
		if a.ObservedAs == YearlyRate && (ind.Target.Kind == KindAvgGrowth || ind.Target.Kind == KindCumulativeChange) {
			a.Index = compound(pts, t0)
		}
		return a
	}
	switch ind.Target.Kind {
	case KindNone:
		latest(pts)
		a.Status = StatusMonitoring
		if a.Latest == nil {
			a.Status = StatusNoData
		}
		a.Trend = project(ind, a, pts)
		return a
	case KindCeiling, KindFloor:
		latest(pts)
		a.XT = ptr(ind.Target.Value)
		if a.Latest == nil {
			a.Status = StatusNoData
			return a
		}
		for _, o := range pts {
			if !Met(a.Comparator, *a.XT, a.Band, o.Value, o.Qualifier) {
				a.Breaches = append(a.Breaches, o.Year)
			}
		}
		a.Status = StatusCompliant
		if !Met(a.Comparator, *a.XT, a.Band, a.Latest.Value, a.Latest.Qualifier) {
			a.Status = StatusBreached
		}
		a.Trend = project(ind, a, pts)
		return a
	case KindRelative:
		judgeRelative(&a, ind, cur, in, asOf)
		return a
	case KindYearly:
		judgeYearly(&a, ind, pts, in.YearTargets)
		return a
	}
	if a.ObservedAs == YearlyRate {
		// compound the published rates into an index, and judge the index
		// as a level (docs/method.md §9)
		a.Index = compound(pts, t0)
		rates := pts
		pts = make([]Observation, len(a.Index.Points))
		for i, ip := range a.Index.Points {
			pts[i] = rates[i]
			pts[i].Value = ip.Index
			if rates[i].Qualifier != Exact {
				pts[i].Qualifier = Estimate // a chain of rates is only as exact as its least exact link
			}
		}
		ind.BaselineValue, a.X0 = ptr(100), ptr(100)
		ind.Target.FromZero = false
		judgeLevel(&a, ind, pts)
		if a.Latest != nil {
			a.Latest = &rates[len(pts)-1] // what people read is the published rate
		}
		return a
	}
	judgeLevel(&a, ind, pts)
	return a
}

// judgeLevel is §4 for the kinds with a target level, over the values pts.
func judgeLevel(a *Assessment, ind Indicator, pts []Observation) {
	t0, T := a.T0, a.T
	if len(pts) > 0 {
		a.Latest = &pts[len(pts)-1]
		a.Elapsed = ptr(float64(a.Latest.Year-t0) / float64(T-t0))
	}
	xT, ok := TargetLevel(ind.Target, ind.BaselineValue, T-t0)
	if ok {
		a.XT = ptr(xT)
	}
	x0 := ind.BaselineValue
	if ind.Target.Kind == KindIncreaseBy && ind.Target.FromZero {
		x0 = ptr(0)
		a.X0 = x0
	}
	// 1. no actual
	if a.Latest == nil {
		a.Status = StatusNoData
		return
	}
	xt := a.Latest.Value
	if ok {
		a.fillRates(x0, xT, pts)
	}
	// 2. met (needs the target level, which some kinds derive from the baseline)
	if ok && a.met(ind, x0, xT) {
		a.Status = StatusAchieved
		if a.Latest.Year < T {
			a.Status = StatusAchievedEarly
		}
		return
	}
	// 3. baseline unknown
	if x0 == nil || !ok {
		a.Status = StatusNoBaseline
		return
	}
	// 4. target year passed
	if a.Latest.Year >= T {
		a.Status = StatusNotAchieved
		return
	}
	// 5. completion against elapsed share
	s, d := *a.Elapsed, a.Tolerance
	if ind.Target.Kind == KindAvgGrowth {
		if *x0 <= 0 || xt <= 0 || ind.Target.Value == 0 || a.GrowthRatio == nil {
			a.Status = StatusNoBaseline // growth from a non-positive base has no rate
			return
		}
		r := *a.GrowthRatio
		switch {
		case r < 0:
			a.Status = StatusRegressing
		case r >= 1+d-eps:
			a.Status = StatusAhead
		case r > 1-d+eps:
			a.Status = StatusOnTrack
		default:
			a.Status = StatusBehind
		}
		return
	}
	if math.Abs(xT-*x0) < eps || a.Completion == nil {
		// The target equals the baseline and is no longer met: the value moved away.
		a.Status = StatusRegressing
		return
	}
	c := *a.Completion
	switch {
	case c < -eps:
		a.Status = StatusRegressing
	case c >= s+d-eps:
		a.Status = StatusAhead
	case c > s-d+eps:
		a.Status = StatusOnTrack
	default:
		a.Status = StatusBehind
	}
}

// met is rule 2: the latest value meets the target. A growth or change
// target "about" a figure (左右) is met in its own terms, the rate or the
// change against the band in points, and only over the whole period: at
// T (docs/method.md §3).
func (a *Assessment) met(ind Indicator, x0 *float64, xT float64) bool {
	k := ind.Target.Kind
	if a.Comparator == Around && (k == KindAvgGrowth || k == KindCumulativeChange) {
		if a.Latest.Year < a.T {
			return false
		}
		got := a.ActualRate
		if k == KindCumulativeChange {
			got = a.ActualChange
		}
		if got == nil {
			return false
		}
		v := *got
		if k == KindAvgGrowth {
			v *= 100 // ActualRate is a fraction; the target is in %
		}
		return math.Abs(v-ind.Target.Value) <= a.Band+eps
	}
	return Met(a.Comparator, xT, a.Band, a.Latest.Value, a.Latest.Qualifier)
}

// band is the band of an ≈ target: its own, or the default.
func (ind Indicator) band() float64 {
	if ind.Target.Comparator != Around || ind.Target.Band > 0 {
		return ind.Target.Band
	}
	return DefaultBand(ind.Target.Unit(ind.Unit), ind.Target.Value)
}

// compound builds the index of yearly rates from t₀ on, stopping at the
// first missing year.
func compound(rates []Observation, t0 int) *IndexSeries {
	ix := &IndexSeries{}
	index, want := 100.0, t0+1
	for _, o := range rates {
		if o.Year != want {
			ix.Gap = want
			break
		}
		index *= 1 + o.Value/100
		n := float64(o.Year - t0)
		ix.Points = append(ix.Points, IndexPoint{Year: o.Year, Rate: o.Value, Index: index,
			Average: (math.Pow(index/100, 1/n) - 1) * 100, Cumulative: index - 100})
		want++
	}
	return ix
}

// fillRates computes completion, trend, required pace and the alternative
// methods, wherever their inputs allow.
func (a *Assessment) fillRates(x0 *float64, xT float64, pts []Observation) {
	xt, t := a.Latest.Value, a.Latest.Year
	if x0 != nil && math.Abs(xT-*x0) >= eps {
		a.Completion = ptr((xt - *x0) / (xT - *x0))
	}
	if x0 != nil && *x0 > 0 && xt > 0 && t > a.T0 {
		switch a.Kind {
		case KindAvgGrowth:
			// the achieved average rate, shown whatever the status
			ar := math.Pow(xt/(*x0), 1/float64(t-a.T0)) - 1
			a.ActualRate = ptr(ar)
			if g := (math.Pow(xT/(*x0), 1/float64(a.T-a.T0)) - 1); math.Abs(g) > eps {
				a.GrowthRatio = ptr(ar / g)
			}
		case KindCumulativeChange:
			a.ActualChange = ptr((xt/(*x0) - 1) * 100)
			a.LinearCompletion = a.Completion
			if xT > 0 && math.Abs(math.Log(xT/(*x0))) > eps {
				a.LogCompletion = ptr(math.Log(xt/(*x0)) / math.Log(xT/(*x0)))
			}
			if a.Method == MethodLog && a.LogCompletion != nil {
				a.Completion = a.LogCompletion
			}
		}
	}
	if t < a.T {
		p := &Pace{YearsLeft: a.T - t, AnnualChange: (xT - xt) / float64(a.T-t)}
		if xt > 0 && xT > 0 {
			p.AnnualRate = ptr(math.Pow(xT/xt, 1/float64(a.T-t)) - 1)
		}
		a.Pace = p
	}
	if x0 == nil {
		return
	}
	geometric := a.Kind == KindAvgGrowth || a.Kind == KindCumulativeChange
	a.Trend = a.projectFrom(*x0, &xT, pts, geometric)
	if *x0 > 0 && xt > 0 && xT > 0 && t > a.T0 {
		act := math.Pow(xt/(*x0), 1/float64(t-a.T0)) - 1
		req := math.Pow(xT/(*x0), 1/float64(a.T-a.T0)) - 1
		if math.Abs(req) > eps {
			r := act / req
			a.CAGR = &Alternative{Ratio: r, Status: band(r, cagrBands, AltDeteriorated), Actual: act, Required: req}
		}
	}
	if lin := a.projectFrom(*x0, &xT, pts, false); lin != nil && lin.Ratio != nil {
		a.UN = &Alternative{Ratio: *lin.Ratio, Status: band(*lin.Ratio, unBands, AltLimited)}
	}
}

// altBand is a lower bound of a category of an alternative method.
type altBand struct {
	min    float64
	status AltStatus
}

// The categories of docs/method.md §6: StatCan's CAGR ratio, and the UN 2023 ratio.
var (
	cagrBands = []altBand{{0.95, AltOnTrack}, {0.60, AltAccelerate}, {0, AltLimited}}
	unBands   = []altBand{{0.95, AltOnTrack}, {0.10, AltAccelerate}}
)

// band is the first category whose bound r reaches, below for none.
func band(r float64, bands []altBand, below AltStatus) AltStatus {
	for _, b := range bands {
		if r >= b.min-eps {
			return b.status
		}
	}
	return below
}

// project makes a trend for kinds without a target level (none, ceiling,
// floor): a linear fit over the actuals, with the baseline where known.
func project(ind Indicator, a Assessment, pts []Observation) *Trend {
	if ind.BaselineValue != nil {
		return a.projectFrom(*ind.BaselineValue, nil, pts, false)
	}
	if len(pts) < 2 {
		return nil
	}
	b := a
	b.T0 = pts[0].Year
	return b.projectFrom(pts[0].Value, nil, pts[1:], false)
}

// projectFrom (docs/method.md §6) projects to year T from (t₀, x₀) and
// the actuals, linearly by least squares or at the compound rate from x₀
// to the latest actual, and rates the projection against xT when given.
// After a series break (§12) the fit starts at the break's value instead,
// and the projected share is still measured from x₀.
func (a Assessment) projectFrom(x0 float64, xT *float64, pts []Observation, compound bool) *Trend {
	if len(pts) == 0 {
		return nil
	}
	ox, ot := x0, a.T0
	if a.BreakYear > 0 {
		for i, o := range pts {
			if o.Year == a.BreakYear {
				ox, ot, pts = o.Value, o.Year, pts[i+1:]
				break
			}
		}
		if len(pts) == 0 {
			return nil // nothing after the break yet: no trend to tell
		}
	}
	T := a.T
	tr := &Trend{Points: len(pts) + 1}
	last := pts[len(pts)-1]
	if compound && ox > 0 && last.Value > 0 {
		g := math.Pow(last.Value/ox, 1/float64(last.Year-ot)) - 1
		tr.Method, tr.Slope, tr.Projected, tr.Points = TrendCompound, g, ox*math.Pow(1+g, float64(T-ot)), 2
	} else {
		// least squares through (ot, ox) and every actual
		n := float64(len(pts) + 1)
		sx, sy := float64(ot), ox
		for _, o := range pts {
			sx += float64(o.Year)
			sy += o.Value
		}
		mx, my := sx/n, sy/n
		num, den := (float64(ot)-mx)*(ox-my), (float64(ot)-mx)*(float64(ot)-mx)
		for _, o := range pts {
			dx := float64(o.Year) - mx
			num += dx * (o.Value - my)
			den += dx * dx
		}
		slope := num / den
		tr.Method, tr.Slope, tr.Projected = TrendLinear, slope, my+slope*(float64(T)-mx)
	}
	if xT != nil && math.Abs(*xT-x0) >= eps {
		p := (tr.Projected - x0) / (*xT - x0)
		tr.Ratio = &p
		switch {
		case p >= 1-eps:
			tr.Judgement = Likely
		case p >= 0.9-eps:
			tr.Judgement = AtRisk
		default:
			tr.Judgement = Unlikely
		}
	}
	return tr
}

// Assessed is an indicator with its current observations and assessment.
type Assessed struct {
	Indicator  Indicator
	Current    []Observation // highest revision of each year, by year
	Assessment Assessment
}

// Assess judges every indicator of the dataset as of year asOf, in the
// dataset's order.
func (d Dataset) Assess(asOf int) []Assessed {
	out := make([]Assessed, len(d.Indicators))
	byCode := make(map[string]int, len(d.Indicators))
	for i, ind := range d.Indicators {
		byCode[ind.Code] = i
		out[i].Current = Current(d.Observations[ind.Code])
	}
	for i, ind := range d.Indicators {
		in := d.inputs(ind, byCode, func(j int) []Observation { return out[j].Current })
		out[i].Indicator, out[i].Assessment = ind, assess(d.Plan, ind, out[i].Current, in, asOf)
	}
	return out
}

// Inputs are what the assessment of ind reads besides its own values.
func (d Dataset) Inputs(ind Indicator) Inputs {
	byCode := make(map[string]int, len(d.Indicators))
	for i, x := range d.Indicators {
		byCode[x.Code] = i
	}
	return d.inputs(ind, byCode, func(j int) []Observation { return Current(d.Observations[d.Indicators[j].Code]) })
}

func (d Dataset) inputs(ind Indicator, byCode map[string]int, current func(int) []Observation) Inputs {
	in := Inputs{YearTargets: d.YearTargets[ind.Code]}
	if ind.Target.Kind != KindRelative {
		return in
	}
	if j, ok := byCode[ind.Reference]; ok {
		in.Reference, in.RefCurrent = &d.Indicators[j], current(j)
		return in
	}
	for i := range d.Context {
		if d.Context[i].Code == ind.Reference {
			in.Reference, in.RefCurrent = &d.Context[i], Current(d.Observations[ind.Reference])
		}
	}
	return in
}

// Met reports whether the status says the target is reached.
func (s Status) Met() bool { return s == StatusAchieved || s == StatusAchievedEarly }
