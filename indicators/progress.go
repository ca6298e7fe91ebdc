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
)

// Statuses lists every status, best news first, for legends and counts.
var Statuses = []Status{StatusAchievedEarly, StatusAchieved, StatusAhead, StatusOnTrack,
	StatusCompliant, StatusBehind, StatusRegressing, StatusNotAchieved, StatusBreached,
	StatusNoBaseline, StatusNoData, StatusMonitoring}

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

// Assess judges ind from its observations (any revisions, any order) as of
// year asOf, with the plan's tolerance and target year: the rules of
// docs/method.md §4 and §5, in that order.
func Assess(p Plan, ind Indicator, obs []Observation, asOf int) Assessment {
	return assess(p, ind, Current(obs), asOf)
}

// assess is Assess over the current observations, sorted by year.
func assess(p Plan, ind Indicator, cur []Observation, asOf int) Assessment {
	a := judge(p, ind, cur, asOf)
	switch {
	case a.Latest == nil:
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
	a.Stale = a.Settled == "" && a.Latest != nil && a.Latest.Year < min(asOf, a.T)-1
	return a
}

// judge is the status and figures of docs/method.md §4–§6.
func judge(p Plan, ind Indicator, cur []Observation, asOf int) Assessment {
	t0, T := ind.BaselineYear, ind.TargetYear(p)
	a := Assessment{
		Kind: ind.Target.Kind, Comparator: ind.EffectiveComparator(), Band: ind.Target.Band,
		AsOf: asOf, T0: t0, T: T, X0: ind.BaselineValue, Tolerance: p.Tol(),
	}
	// the actuals in (t0, min(T, asOf)], a window of cur
	lo, hi := 0, len(cur)
	for lo < hi && cur[lo].Year <= t0 {
		lo++
	}
	for hi > lo && (cur[hi-1].Year > T || cur[hi-1].Year > asOf) {
		hi--
	}
	pts := cur[lo:hi:hi]
	if len(pts) > 0 {
		a.Latest = &pts[len(pts)-1]
		a.Elapsed = ptr(float64(a.Latest.Year-t0) / float64(T-t0))
	}

	switch ind.Target.Kind {
	case KindNone:
		a.Status = StatusMonitoring
		if a.Latest == nil {
			a.Status = StatusNoData
		}
		a.Trend = project(ind, a, pts)
		return a
	case KindCeiling, KindFloor:
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
		return a
	}
	xt := a.Latest.Value
	// 2. met (needs the target level, which some kinds derive from the baseline)
	if ok && Met(a.Comparator, xT, a.Band, xt, a.Latest.Qualifier) {
		a.Status = StatusAchieved
		if a.Latest.Year < T {
			a.Status = StatusAchievedEarly
		}
	}
	if ok {
		a.fillRates(x0, xT, pts)
	}
	if a.Status != "" {
		return a
	}
	// 3. baseline unknown
	if x0 == nil || !ok {
		a.Status = StatusNoBaseline
		return a
	}
	// 4. target year passed
	if a.Latest.Year >= T {
		a.Status = StatusNotAchieved
		return a
	}
	// 5. completion against elapsed share
	s, d := *a.Elapsed, a.Tolerance
	if ind.Target.Kind == KindAvgGrowth {
		if *x0 <= 0 || xt <= 0 || ind.Target.Value == 0 {
			a.Status = StatusNoBaseline // growth from a non-positive base has no rate
			return a
		}
		ar := math.Pow(xt/(*x0), 1/float64(a.Latest.Year-t0)) - 1
		r := ar / (ind.Target.Value / 100)
		a.ActualRate, a.GrowthRatio = ptr(ar), ptr(r)
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
		return a
	}
	if math.Abs(xT-*x0) < eps {
		// The target equals the baseline and is no longer met: the value moved away.
		a.Status = StatusRegressing
		return a
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
	return a
}

// fillRates computes completion, trend, required pace and the alternative
// methods, wherever their inputs allow.
func (a *Assessment) fillRates(x0 *float64, xT float64, pts []Observation) {
	xt, t := a.Latest.Value, a.Latest.Year
	if x0 != nil && math.Abs(xT-*x0) >= eps {
		a.Completion = ptr((xt - *x0) / (xT - *x0))
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
	compound := a.Kind == KindAvgGrowth || a.Kind == KindCumulativeChange
	a.Trend = projectFrom(*x0, a.T0, a.T, &xT, pts, compound)
	if *x0 > 0 && xt > 0 && xT > 0 && t > a.T0 {
		act := math.Pow(xt/(*x0), 1/float64(t-a.T0)) - 1
		req := math.Pow(xT/(*x0), 1/float64(a.T-a.T0)) - 1
		if math.Abs(req) > eps {
			r := act / req
			a.CAGR = &Alternative{Ratio: r, Status: band(r, cagrBands, AltDeteriorated), Actual: act, Required: req}
		}
	}
	if lin := projectFrom(*x0, a.T0, a.T, &xT, pts, false); lin != nil && lin.Ratio != nil {
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
		return projectFrom(*ind.BaselineValue, a.T0, a.T, nil, pts, false)
	}
	if len(pts) < 2 {
		return nil
	}
	return projectFrom(pts[0].Value, pts[0].Year, a.T, nil, pts[1:], false)
}

// projectFrom (docs/method.md §6) projects to year T from (t0, x0) and the actuals, linearly by
// least squares or at the compound rate from x0 to the latest actual, and
// rates the projection against xT when given.
func projectFrom(x0 float64, t0, T int, xT *float64, pts []Observation, compound bool) *Trend {
	if len(pts) == 0 {
		return nil
	}
	tr := &Trend{Points: len(pts) + 1}
	last := pts[len(pts)-1]
	if compound && x0 > 0 && last.Value > 0 {
		g := math.Pow(last.Value/x0, 1/float64(last.Year-t0)) - 1
		tr.Method, tr.Slope, tr.Projected, tr.Points = TrendCompound, g, x0*math.Pow(1+g, float64(T-t0)), 2
	} else {
		// least squares through (t0, x0) and every actual
		n := float64(len(pts) + 1)
		sx, sy := float64(t0), x0
		for _, o := range pts {
			sx += float64(o.Year)
			sy += o.Value
		}
		mx, my := sx/n, sy/n
		num, den := (float64(t0)-mx)*(x0-my), (float64(t0)-mx)*(float64(t0)-mx)
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
	for i, ind := range d.Indicators {
		cur := Current(d.Observations[ind.Code])
		out[i] = Assessed{Indicator: ind, Current: cur, Assessment: assess(d.Plan, ind, cur, asOf)}
	}
	return out
}

// Met reports whether the status says the target is reached.
func (s Status) Met() bool { return s == StatusAchieved || s == StatusAchievedEarly }
