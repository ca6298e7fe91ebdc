package indicators

import (
	"math"
	"slices"
)

// Rollup says how the figures of the districts a city indicator is
// decomposed among (指标分解) combine into the city's figure
// (docs/method.md §13).
type Rollup string

// Roll-up rules.
const (
	RollupSum Rollup = "sum" // 新增平台数, 技术合同成交额: the city's is the districts' sum
	// RollupWeightedMean: Σ wᵢxᵢ / Σ wᵢ, each district weighed by a weight
	// indicator's value of the same year (常住人口) or by a fixed weight.
	RollupWeightedMean Rollup = "weighted_mean"
	RollupEach         Rollup = "each" // every district must meet its own target: no combined figure
	RollupCompare      Rollup = "none" // the city's figure stands apart; districts are only compared
)

// Rollups lists every rule, in the order forms offer them.
var Rollups = []Rollup{RollupSum, RollupWeightedMean, RollupEach, RollupCompare}

// Combines reports whether the rule makes a combined figure to check the
// city's against.
func (r Rollup) Combines() bool { return r == RollupSum || r == RollupWeightedMean }

// RollupTolerance is how far, relative to the city's figure, the combined
// districts' figure may lie from it before the difference is flagged: 1%,
// room for the rounding of twenty published figures and little more.
const RollupTolerance = 0.01

// UnitFigures is one district's part of a decomposed indicator: its plan's
// indicator (its own target), its current counted values, the weight
// indicator's values where the rule weighs by one, and its assessment.
type UnitFigures struct {
	Unit       Unit
	Plan       Plan
	Indicator  Indicator
	Values     []Observation // current revisions that count, by year
	Weights    []Observation // the weight indicator's, by year; nil for a fixed weight
	Assessment Assessment
}

// value is the unit's value of year.
func (u UnitFigures) value(year int) (float64, bool) {
	for _, o := range u.Values {
		if o.Year == year {
			return o.Value, true
		}
	}
	return 0, false
}

func (u UnitFigures) weight(year int, byIndicator bool) (float64, bool) {
	if !byIndicator {
		if u.Indicator.Weight == nil {
			return 0, false
		}
		return *u.Indicator.Weight, true
	}
	for _, o := range u.Weights {
		if o.Year == year {
			return o.Value, true
		}
	}
	return 0, false
}

// RollupYear is the roll-up check of one year: the districts' combined
// figure beside the city's.
type RollupYear struct {
	Year     int
	Combined *float64 // nil while a district lacks a value or a weight
	City     *float64 // nil while the city has no value
	// Diff is (combined − city) / |city|; Flagged when it exceeds
	// RollupTolerance.
	Diff    *float64
	Flagged bool
	// Missing lists the districts without a value (or, for a weighted
	// mean, without a weight) that year.
	Missing []string
}

// Decomposition is a city indicator with its districts' parts, as of a year.
type Decomposition struct {
	Indicator Indicator
	Rule      Rollup
	Units     []UnitFigures // ranked: highest completion first, no completion last
	Years     []RollupYear  // every year a district has a value, oldest first
	// TargetSum is the districts' targets summed, for a sum; TargetMean
	// their mean weighted by the fixed weights, for a weighted mean by
	// fixed weights; TargetOff when either differs from the city's target
	// beyond RollupTolerance.
	TargetSum  *float64
	TargetMean *float64
	TargetOff  bool
	// Meeting counts the districts whose status meets their own target or
	// is on course (each: what decides the city's own).
	Meeting int
}

// Flagged lists the years whose roll-up difference is flagged.
func (d Decomposition) Flagged() []RollupYear {
	var out []RollupYear
	for _, y := range d.Years {
		if y.Flagged {
			out = append(out, y)
		}
	}
	return out
}

// Combine is the districts' combined figure of a year under rule, and
// the districts lacking a value or weight (then no figure). byIndicator:
// a weighted mean weighs by the weight indicator's values rather than the
// fixed weights.
func Combine(rule Rollup, units []UnitFigures, year int, byIndicator bool) (*float64, []string) {
	if !rule.Combines() || len(units) == 0 {
		return nil, nil
	}
	var sum, wsum float64
	var missing []string
	for _, u := range units {
		v, ok := u.value(year)
		w, wok := 1.0, true
		if rule == RollupWeightedMean {
			w, wok = u.weight(year, byIndicator)
		}
		if !ok || !wok {
			missing = append(missing, u.Unit.Code)
			continue
		}
		sum += w * v
		wsum += w
	}
	if len(missing) > 0 {
		return nil, missing
	}
	if rule == RollupWeightedMean {
		if wsum == 0 {
			return nil, nil
		}
		sum /= wsum
	}
	return &sum, nil
}

// Decompose checks a decomposed city indicator against its districts'
// parts: the roll-up of every year either side has a value, the sum of
// the districts' targets, and the ranking by completion as of the
// assessments the parts carry.
func Decompose(city Indicator, cityValues []Observation, units []UnitFigures) Decomposition {
	d := Decomposition{Indicator: city, Rule: city.Rollup, Units: slices.Clone(units)}
	byIndicator := city.WeightCode != ""
	years := map[int]bool{}
	cityAt := map[int]float64{}
	for _, o := range cityValues {
		years[o.Year], cityAt[o.Year] = true, o.Value
	}
	for _, u := range units {
		for _, o := range u.Values {
			years[o.Year] = true
		}
		if u.Assessment.Status.Met() || u.Assessment.Status == StatusOnTrack || u.Assessment.Status == StatusAhead {
			d.Meeting++
		}
	}
	if d.Rule.Combines() {
		for y := range years {
			ry := RollupYear{Year: y}
			ry.Combined, ry.Missing = Combine(d.Rule, units, y, byIndicator)
			if len(ry.Missing) == len(units) {
				continue // no district reported the year (one before the plan): nothing to check
			}
			if c, ok := cityAt[y]; ok {
				ry.City = ptr(c)
				if ry.Combined != nil && c != 0 {
					diff := (*ry.Combined - c) / math.Abs(c)
					ry.Diff = &diff
					ry.Flagged = math.Abs(diff) > RollupTolerance+1e-12
				}
			}
			d.Years = append(d.Years, ry)
		}
		slices.SortFunc(d.Years, func(a, b RollupYear) int { return a.Year - b.Year })
	}
	if d.Rule == RollupSum && len(units) > 0 && !city.Target.Pending && sums(city.Target.Kind) {
		var s float64
		for _, u := range units {
			s += u.Indicator.Target.Value
		}
		d.TargetSum = &s
		d.TargetOff = TargetsOff(city, s)
	}
	if d.Rule == RollupWeightedMean && !byIndicator && len(units) > 0 && !city.Target.Pending && city.Target.Kind == KindLevel {
		var sum, wsum float64
		for _, u := range units {
			if u.Indicator.Weight == nil {
				wsum = 0 // a district without its weight: no mean to check
				break
			}
			sum += *u.Indicator.Weight * u.Indicator.Target.Value
			wsum += *u.Indicator.Weight
		}
		if wsum > 0 {
			m := sum / wsum
			d.TargetMean = &m
			c := city.Target.Value
			d.TargetOff = c != 0 && math.Abs(m-c)/math.Abs(c) > RollupTolerance+1e-12
		}
	}
	slices.SortStableFunc(d.Units, func(a, b UnitFigures) int {
		ca, cb := a.Assessment.Completion, b.Assessment.Completion
		switch {
		case ca == nil && cb == nil:
			return 0
		case ca == nil:
			return 1
		case cb == nil:
			return -1
		case *ca > *cb:
			return -1
		case *ca < *cb:
			return 1
		}
		return 0
	})
	return d
}

// TargetsOff reports whether districts' targets adding up to sum differ
// from the city indicator's target by more than RollupTolerance of it (a
// sum of levels, increases or counts; false for other kinds and pending
// targets, whose targets do not add up).
func TargetsOff(city Indicator, sum float64) bool {
	if city.Target.Pending || !sums(city.Target.Kind) {
		return false
	}
	c := city.Target.Value
	if c == 0 {
		return sum != 0
	}
	return math.Abs(sum-c)/math.Abs(c) > RollupTolerance+1e-12
}

// sums reports whether targets of kind k add up across districts: levels
// and increases do, rates and bounds do not.
func sums(k TargetKind) bool {
	return k == KindLevel || k == KindIncreaseBy || k == KindMilestone
}
