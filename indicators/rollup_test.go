package indicators

import (
	"math"
	"testing"
)

func unitFig(code string, target float64, weight *float64, vals map[int]float64, weights map[int]float64) UnitFigures {
	u := UnitFigures{Unit: Unit{Code: code, Kind: KindDistrict}, Indicator: Indicator{Code: "x", Weight: weight,
		Target: Target{Kind: KindLevel, Value: target}}}
	for y := 2021; y <= 2025; y++ {
		if v, ok := vals[y]; ok {
			u.Values = append(u.Values, Observation{Year: y, Value: v})
		}
		if w, ok := weights[y]; ok {
			u.Weights = append(u.Weights, Observation{Year: y, Value: w})
		}
	}
	return u
}

func close9(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRollupSum(t *testing.T) {
	city := Indicator{Code: "x", Rollup: RollupSum, Target: Target{Kind: KindLevel, Value: 100}}
	units := []UnitFigures{
		unitFig("a", 50, nil, map[int]float64{2021: 10, 2022: 12}, nil),
		unitFig("b", 30, nil, map[int]float64{2021: 20, 2022: 22}, nil),
		unitFig("c", 19, nil, map[int]float64{2021: 5}, nil),
	}
	// 2021: 10 + 20 + 5 = 35; the city says 35.2, (35 − 35.2)/35.2 = −0.57%: within 1%.
	// 2022: c has no value: no combined figure, c missing.
	d := Decompose(city, []Observation{{Year: 2021, Value: 35.2}, {Year: 2022, Value: 40}}, units)
	if len(d.Years) != 2 {
		t.Fatalf("years %+v", d.Years)
	}
	y21, y22 := d.Years[0], d.Years[1]
	if y21.Combined == nil || !close9(*y21.Combined, 35) || y21.Flagged || !close9(*y21.Diff, (35-35.2)/35.2) {
		t.Errorf("2021 %+v", y21)
	}
	if y22.Combined != nil || len(y22.Missing) != 1 || y22.Missing[0] != "c" || y22.Flagged {
		t.Errorf("2022 %+v", y22)
	}
	// targets 50 + 30 + 19 = 99 against 100: 1% off, at the tolerance, not beyond
	if d.TargetSum == nil || !close9(*d.TargetSum, 99) || d.TargetOff {
		t.Errorf("target sum %v off %v", d.TargetSum, d.TargetOff)
	}
	// the city at 34.6: (35 − 34.6)/34.6 = 1.16% > 1%: flagged
	d = Decompose(city, []Observation{{Year: 2021, Value: 34.6}}, units)
	if !d.Years[0].Flagged || len(d.Flagged()) != 1 {
		t.Errorf("34.6 not flagged: %+v", d.Years[0])
	}
	// targets 50 + 30 + 10 = 90 against 100: 10% off
	units[2].Indicator.Target.Value = 10
	if d = Decompose(city, nil, units); !d.TargetOff {
		t.Error("targets 90 of 100 not flagged")
	}
}

func TestRollupWeightedMean(t *testing.T) {
	w := func(v float64) *float64 { return &v }
	// fixed weights 2 and 1: (2·30 + 1·60) / 3 = 40
	city := Indicator{Code: "x", Rollup: RollupWeightedMean}
	units := []UnitFigures{
		unitFig("a", 0, w(2), map[int]float64{2023: 30}, nil),
		unitFig("b", 0, w(1), map[int]float64{2023: 60}, nil),
	}
	d := Decompose(city, []Observation{{Year: 2023, Value: 40}}, units)
	if y := d.Years[0]; y.Combined == nil || !close9(*y.Combined, 40) || y.Flagged || !close9(*y.Diff, 0) {
		t.Errorf("fixed %+v", y)
	}
	if d.TargetSum != nil || d.TargetMean != nil {
		t.Error("a weighted mean of targets 0 and 0 against no target level")
	}
	// targets 30 and 60 weighted 2 and 1: (2·30 + 1·60)/3 = 40; the city's 40 agrees, 45 does not (−11.1%)
	units[0].Indicator.Target, units[1].Indicator.Target = Target{Kind: KindLevel, Value: 30}, Target{Kind: KindLevel, Value: 60}
	city.Target = Target{Kind: KindLevel, Value: 40}
	if d = Decompose(city, nil, units); d.TargetMean == nil || !close9(*d.TargetMean, 40) || d.TargetOff {
		t.Errorf("weighted target mean %v off %v", d.TargetMean, d.TargetOff)
	}
	city.Target.Value = 45
	if d = Decompose(city, nil, units); !d.TargetOff {
		t.Error("a weighted target mean of 40 against 45 not flagged")
	}
	city.Target = Target{}
	// weighed by population of the year: a 300, b 100: (300·30 + 100·60)/400 = 37.5;
	// the city's 40 is (37.5 − 40)/40 = −6.25% off: flagged
	city.WeightCode = "population"
	units[0].Weights = []Observation{{Year: 2023, Value: 300}}
	units[1].Weights = []Observation{{Year: 2023, Value: 100}}
	d = Decompose(city, []Observation{{Year: 2023, Value: 40}}, units)
	if y := d.Years[0]; y.Combined == nil || !close9(*y.Combined, 37.5) || !y.Flagged || !close9(*y.Diff, -0.0625) {
		t.Errorf("by population %+v", y)
	}
	// a district without its population that year: no figure, named
	units[1].Weights = nil
	d = Decompose(city, []Observation{{Year: 2023, Value: 40}}, units)
	if y := d.Years[0]; y.Combined != nil || len(y.Missing) != 1 || y.Missing[0] != "b" {
		t.Errorf("no weight %+v", y)
	}
}

func TestRollupEachAndNone(t *testing.T) {
	c := func(v float64) *float64 { return &v }
	units := []UnitFigures{
		unitFig("a", 0, nil, map[int]float64{2023: 1}, nil),
		unitFig("b", 0, nil, map[int]float64{2023: 1}, nil),
		unitFig("c", 0, nil, map[int]float64{2023: 1}, nil),
	}
	units[0].Assessment = Assessment{Status: StatusBehind, Completion: c(0.4)}
	units[1].Assessment = Assessment{Status: StatusAchieved, Completion: c(1.1)}
	units[2].Assessment = Assessment{Status: StatusOnTrack}
	for _, rule := range []Rollup{RollupEach, RollupCompare} {
		d := Decompose(Indicator{Code: "x", Rollup: rule}, []Observation{{Year: 2023, Value: 3}}, units)
		if len(d.Years) != 0 || d.TargetSum != nil {
			t.Errorf("%s combines: %+v", rule, d.Years)
		}
		// b achieved and c on track meet; a is behind
		if d.Meeting != 2 {
			t.Errorf("%s meeting %d", rule, d.Meeting)
		}
		// ranked by completion: b 1.1, a 0.4, then c without one
		if d.Units[0].Unit.Code != "b" || d.Units[1].Unit.Code != "a" || d.Units[2].Unit.Code != "c" {
			t.Errorf("%s order %s %s %s", rule, d.Units[0].Unit.Code, d.Units[1].Unit.Code, d.Units[2].Unit.Code)
		}
	}
}

func TestScopeAndCycle(t *testing.T) {
	units := []Unit{{Code: "city"}, {Code: "d1", Parent: "city"}, {Code: "d2", Parent: "city"},
		{Code: "d1-sci", Parent: "d1"}, {Code: "other"}}
	got := Scope(units, []string{"d1"})
	if len(got) != 2 || got[0] != "d1" || got[1] != "d1-sci" {
		t.Errorf("scope of d1 %v", got)
	}
	if got := Scope(units, []string{"city"}); len(got) != 4 {
		t.Errorf("scope of city %v", got)
	}
	if !Cycle(units, "d1", "d1-sci") || Cycle(units, "d1-sci", "d2") || !Cycle(units, "city", "city") {
		t.Error("cycle")
	}
	reviewer := User{Role: Reviewer, Units: []string{"d1"}, Scope: Scope(units, []string{"d1"})}
	if !reviewer.CanReview(Indicator{Department: "d1-sci"}) || reviewer.CanReview(Indicator{Department: "d2"}) ||
		reviewer.CanEdit(Indicator{Department: "d1"}) {
		t.Error("reviewer scope")
	}
	editor := User{Role: Editor, Units: []string{"d1"}, Scope: Scope(units, []string{"d1"})}
	if !editor.CanEdit(Indicator{Department: "d1-sci"}) || editor.CanEdit(Indicator{Department: "d2"}) ||
		editor.CanReview(Indicator{Department: "d1"}) {
		t.Error("editor scope")
	}
}
