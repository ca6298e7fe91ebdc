package indicators

import (
	"math"
	"slices"
)

// RelativeResult is a relative target's comparison (docs/method.md §10):
// each common year's growth of the indicator and of its reference, and
// their average yearly rates over those years.
type RelativeResult struct {
	Reference        string // the reference indicator's code
	RefName          Name   // and its name
	Years            []RelativeYear
	OwnAvg, RefAvg   float64 // average yearly rates over Years, in %
	Met              bool
	OwnRate, RefRate bool // whether each side's values are published rates (or levels turned into growth)
}

// RelativeYear is one year both series have.
type RelativeYear struct {
	Year     int
	Own, Ref float64 // yearly growth in %
}

// growth is the yearly growth of a series in %, by year: the rates as
// published, or from levels each year's change on the year before (the
// baseline for the first year).
func growth(ind Indicator, cur []Observation) map[int]float64 {
	out := map[int]float64{}
	if ind.ObservedAs == YearlyRate {
		for _, o := range cur {
			out[o.Year] = o.Value
		}
		return out
	}
	prev := map[int]float64{}
	for _, o := range cur {
		prev[o.Year] = o.Value
	}
	if ind.BaselineValue != nil {
		prev[ind.BaselineYear] = *ind.BaselineValue // the plan's own figure for its baseline year
	}
	for y, v := range prev {
		if p, ok := prev[y-1]; ok && p > 0 && v > 0 {
			out[y] = (v/p - 1) * 100
		}
	}
	return out
}

// averageRate is the average yearly rate of rates in %: the geometric
// mean of (1 + r/100), less 1.
func averageRate(rates []float64) float64 {
	prod := 1.0
	for _, r := range rates {
		prod *= 1 + r/100
	}
	if prod <= 0 {
		return math.NaN()
	}
	return (math.Pow(prod, 1/float64(len(rates))) - 1) * 100
}

// judgeRelative judges a relative target: the indicator's average growth
// against its reference's over the years in (t₀, min(T, asOf)] that both
// have (docs/method.md §10).
func judgeRelative(a *Assessment, ind Indicator, cur []Observation, in Inputs, asOf int) {
	pts := window(cur, a.T0, a.T, asOf)
	if len(pts) > 0 {
		a.Latest = &pts[len(pts)-1] // shown until the comparison names its own year
	}
	if in.Reference == nil {
		a.Status = StatusNoData
		return
	}
	own, ref := growth(ind, cur), growth(*in.Reference, in.RefCurrent)
	r := &RelativeResult{Reference: in.Reference.Code, RefName: Name{Zh: in.Reference.NameZh, En: in.Reference.NameEn}, OwnRate: ind.ObservedAs == YearlyRate,
		RefRate: in.Reference.ObservedAs == YearlyRate}
	var os, rs []float64
	for y := a.T0 + 1; y <= min(a.T, asOf); y++ {
		o, ok1 := own[y]
		f, ok2 := ref[y]
		if ok1 && ok2 {
			r.Years = append(r.Years, RelativeYear{Year: y, Own: o, Ref: f})
			os, rs = append(os, o), append(rs, f)
		}
	}
	a.Relative = r
	if len(r.Years) == 0 {
		a.Status = StatusNoData
		return
	}
	t := r.Years[len(r.Years)-1].Year
	for i := range pts {
		if pts[i].Year == t {
			a.Latest = &pts[i]
		}
	}
	a.Elapsed = ptr(float64(t-a.T0) / float64(a.T-a.T0))
	r.OwnAvg, r.RefAvg = averageRate(os), averageRate(rs)
	if math.IsNaN(r.OwnAvg) || math.IsNaN(r.RefAvg) {
		a.Status = StatusNoData // a fall of 100% or more has no average rate
		return
	}
	r.Met = Met(a.Comparator, r.RefAvg, a.Band, r.OwnAvg, Exact)
	switch {
	case r.Met && t >= a.T:
		a.Status = StatusAchieved
	case r.Met:
		a.Status = StatusOnTrack
	case t >= a.T:
		a.Status = StatusNotAchieved
	default:
		a.Status = StatusBehind
	}
}

// YearlyResult is a yearly target's check (docs/method.md §10): each year
// with a target or a value, and how many years met their target.
type YearlyResult struct {
	Years  []YearCheck
	Met    int // years whose value met their target
	Judged int // years with both a target and a value
}

// YearCheck is one year of a yearly target.
type YearCheck struct {
	Year   int
	Target *YearTarget  // nil for none
	Value  *Observation // nil for none
	Met    *bool        // nil unless both are there
}

// CurrentTargets keeps the highest revision of each year's target, by year.
func CurrentTargets(ts []YearTarget) []YearTarget {
	out := slices.Clone(ts)
	slices.SortFunc(out, func(a, b YearTarget) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return a.Revision - b.Revision
	})
	n := 0
	for i := range out {
		if i+1 < len(out) && out[i+1].Year == out[i].Year {
			continue
		}
		out[n] = out[i]
		n++
	}
	return out[:n]
}

// judgeYearly judges a yearly target on the latest year that has both a
// target and a value: met → on_track (achieved in T), not met → behind
// (not_achieved in T).
func judgeYearly(a *Assessment, ind Indicator, pts []Observation, targets []YearTarget) {
	byYear := map[int]*YearCheck{}
	var years []int
	check := func(y int) *YearCheck {
		c, ok := byYear[y]
		if !ok {
			c = &YearCheck{Year: y}
			byYear[y] = c
			years = append(years, y)
		}
		return c
	}
	for i := range pts {
		check(pts[i].Year).Value = &pts[i]
	}
	ts := CurrentTargets(targets)
	for i := range ts {
		if y := ts[i].Year; y > a.T0 && y <= a.T {
			check(y).Target = &ts[i]
		}
	}
	slices.Sort(years)
	r := &YearlyResult{}
	var last *YearCheck
	for _, y := range years {
		c := byYear[y]
		if c.Target != nil && c.Value != nil {
			cmp := c.Target.Comparator
			if cmp == "" {
				cmp = ind.EffectiveComparator()
			}
			band := c.Target.Band
			if cmp == Around && band <= 0 {
				band = DefaultBand(ind.Unit, c.Target.Value)
			}
			m := Met(cmp, c.Target.Value, band, c.Value.Value, c.Value.Qualifier)
			c.Met = &m
			r.Judged++
			if m {
				r.Met++
			}
			last = c
		}
		r.Years = append(r.Years, *c)
	}
	a.Yearly = r
	if len(pts) > 0 {
		a.Latest = &pts[len(pts)-1]
	}
	if last == nil {
		a.Status = StatusNoData
		return
	}
	a.Latest = last.Value
	a.Elapsed = ptr(float64(last.Year-a.T0) / float64(a.T-a.T0))
	switch {
	case *last.Met && last.Year >= a.T:
		a.Status = StatusAchieved
	case *last.Met:
		a.Status = StatusOnTrack
	case last.Year >= a.T:
		a.Status = StatusNotAchieved
	default:
		a.Status = StatusBehind
	}
}
