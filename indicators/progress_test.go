package indicators

import (
	"math"
	"testing"
)

var plan = Plan{Code: "p", NameZh: "规划", BaseYear: 2020, TargetYear: 2025}

func f(v float64) *float64 { return &v }

func level(x0 *float64, xT float64, c Comparator) Indicator {
	return Indicator{Code: "x", NameZh: "x", Attribute: Expected, Direction: Increase, BaselineYear: 2020,
		BaselineValue: x0, Target: Target{Kind: KindLevel, Value: xT, Comparator: c}}
}

func withKind(ind Indicator, k TargetKind, v float64) Indicator {
	ind.Target = Target{Kind: k, Value: v}
	return ind
}

func obs(pairs ...float64) []Observation {
	var out []Observation
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Observation{Year: int(pairs[i]), Value: pairs[i+1], Qualifier: Exact, Status: Final})
	}
	return out
}

func near(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s = nil, want %.6f", name, want)
	}
	if math.Abs(*got-want) > 5e-5 {
		t.Fatalf("%s = %.6f, want %.6f", name, *got, want)
	}
}

// The worked example of docs/method.md §4.
func TestAssessWorkedExample(t *testing.T) {
	a := Assess(plan, level(f(2.0), 2.5, GE), obs(2023, 2.3), 2025)
	if a.Status != StatusOnTrack {
		t.Fatalf("status %s, want on_track", a.Status)
	}
	near(t, "completion", a.Completion, 0.6)
	near(t, "elapsed", a.Elapsed, 0.6)
	near(t, "actual CAGR", &a.CAGR.Actual, 0.047689)
	near(t, "required CAGR", &a.CAGR.Required, 0.045640)
	near(t, "CAGR ratio", &a.CAGR.Ratio, 1.044906)
	if a.CAGR.Status != AltOnTrack {
		t.Fatalf("CAGR status %s", a.CAGR.Status)
	}
	near(t, "required rate", a.Pace.AnnualRate, 0.042572)
	near(t, "required change", &a.Pace.AnnualChange, 0.1)
	if a.Pace.YearsLeft != 2 {
		t.Fatalf("years left %d", a.Pace.YearsLeft)
	}
	// linear fit through (2020, 2.0) and (2023, 2.3): slope 0.1, 2025 → 2.5, P = 1
	if a.Trend == nil || a.Trend.Method != TrendLinear || a.Trend.Judgement != Likely {
		t.Fatalf("trend %+v", a.Trend)
	}
	near(t, "projected", &a.Trend.Projected, 2.5)
	near(t, "UN ratio", &a.UN.Ratio, 1.0)
}

func TestAssessStatuses(t *testing.T) {
	dec := level(f(100), 80, LE)
	dec.Direction = Decrease
	cases := []struct {
		name string
		ind  Indicator
		obs  []Observation
		asOf int
		want Status
		c, s *float64
	}{
		{"no observations", level(f(10), 20, GE), nil, 2025, StatusNoData, nil, nil},
		{"only the baseline year and before", level(f(10), 20, GE), obs(2019, 9, 2020, 10), 2025, StatusNoData, nil, nil},
		{"as of before the first actual", level(f(10), 20, GE), obs(2023, 15), 2022, StatusNoData, nil, nil},
		{"actual after the target year is ignored", level(f(10), 20, GE), obs(2026, 30), 2030, StatusNoData, nil, nil},
		{"met early", level(f(10), 20, GE), obs(2023, 20), 2025, StatusAchievedEarly, f(1), f(0.6)},
		{"met at T", level(f(10), 20, GE), obs(2025, 21), 2025, StatusAchieved, f(1.1), f(1)},
		{"> needs more than the target", level(f(10), 20, GT), obs(2025, 20), 2025, StatusNotAchieved, f(1), f(1)},
		{"> met", level(f(10), 20, GT), obs(2024, 20.5), 2025, StatusAchievedEarly, f(1.05), f(0.8)},
		{"met without baseline", level(nil, 39, GE), obs(2024, 40), 2025, StatusAchievedEarly, nil, f(0.8)},
		{"baseline unknown", level(nil, 39, GE), obs(2022, 30), 2025, StatusNoBaseline, nil, f(0.4)},
		{"not achieved at T", level(f(10), 20, GE), obs(2025, 19), 2025, StatusNotAchieved, f(0.9), f(1)},
		{"regressing", level(f(10), 20, GE), obs(2022, 9), 2025, StatusRegressing, f(-0.1), f(0.4)},
		{"ahead: c ≥ s + δ exactly", level(f(10), 20, GE), obs(2022, 14.5), 2025, StatusAhead, f(0.45), f(0.4)},
		{"on track just below s + δ", level(f(10), 20, GE), obs(2022, 14.4), 2025, StatusOnTrack, f(0.44), f(0.4)},
		{"behind: c = s − δ exactly", level(f(10), 20, GE), obs(2022, 13.5), 2025, StatusBehind, f(0.35), f(0.4)},
		{"on track just above s − δ", level(f(10), 20, GE), obs(2022, 13.6), 2025, StatusOnTrack, f(0.36), f(0.4)},
		{"zero progress", level(f(10), 20, GE), obs(2021, 10), 2025, StatusBehind, f(0), f(0.2)},
		{"decrease on track", dec, obs(2023, 88), 2025, StatusOnTrack, f(0.6), f(0.6)},
		{"decrease regressing", dec, obs(2023, 105), 2025, StatusRegressing, f(-0.25), f(0.6)},
		{"decrease met", dec, obs(2024, 79), 2025, StatusAchievedEarly, f(1.05), f(0.8)},
		{"around inside the band", Indicator{Code: "x", NameZh: "x", Attribute: Expected, Direction: Increase, BaselineYear: 2020, BaselineValue: f(5),
			Target: Target{Kind: KindLevel, Value: 6, Comparator: Around, Band: 0.5}}, obs(2025, 6.4), 2025, StatusAchieved, f(1.4), f(1)},
		{"around outside the band", Indicator{Code: "x", NameZh: "x", Attribute: Expected, Direction: Increase, BaselineYear: 2020, BaselineValue: f(5),
			Target: Target{Kind: KindLevel, Value: 6, Comparator: Around, Band: 0.5}}, obs(2025, 6.6), 2025, StatusNotAchieved, f(1.6), f(1)},
		{"target equals baseline, still met", level(f(10), 10, GE), obs(2023, 10), 2025, StatusAchievedEarly, nil, f(0.6)},
		{"target equals baseline, fallen below", level(f(10), 10, GE), obs(2023, 9), 2025, StatusRegressing, nil, f(0.6)},
		{"latest revision counts", level(f(10), 20, GE), []Observation{
			{Year: 2023, Value: 20, Qualifier: Exact, Revision: 1},
			{Year: 2023, Value: 14, Qualifier: Exact, Revision: 2}}, 2025, StatusBehind, f(0.4), f(0.6)},
		{"latest year counts, not the largest value", level(f(10), 20, GE), obs(2022, 19, 2023, 12), 2025, StatusBehind, f(0.2), f(0.6)},
		// qualifiers
		{"lower bound proves ≥", level(f(1000), 1800, GT), []Observation{{Year: 2024, Value: 1800, Qualifier: LowerBound}}, 2025, StatusAchievedEarly, f(1), f(0.8)},
		{"upper bound cannot prove ≥", level(f(10), 20, GE), []Observation{{Year: 2025, Value: 20, Qualifier: UpperBound}}, 2025, StatusNotAchieved, f(1), f(1)},
		{"lower bound cannot prove ≤", dec, []Observation{{Year: 2025, Value: 70, Qualifier: LowerBound}}, 2025, StatusNotAchieved, f(1.5), f(1)},
		{"estimate counts as a value", level(f(10), 20, GE), []Observation{{Year: 2023, Value: 16, Qualifier: Estimate}}, 2025, StatusOnTrack, f(0.6), f(0.6)},
		// other kinds reduced to a level
		{"increase_by on the stock", withKind(level(f(119), 0, ""), KindIncreaseBy, 20), obs(2021, 130), 2025, StatusAhead, f(0.55), f(0.2)},
		{"increase_by without baseline", withKind(level(nil, 0, ""), KindIncreaseBy, 20), obs(2021, 130), 2025, StatusNoBaseline, nil, f(0.2)},
		{"increase_by counting new items", Indicator{Code: "x", NameZh: "x", Attribute: Expected, Direction: Increase, BaselineYear: 2020,
			Target: Target{Kind: KindIncreaseBy, Value: 20, FromZero: true}}, obs(2023, 12), 2025, StatusOnTrack, f(0.6), f(0.6)},
		{"cumulative fall on track", func() Indicator {
			i := withKind(level(f(0.5), 0, ""), KindCumulativeChange, -13.5)
			i.Direction = Decrease
			return i
		}(), obs(2023, 0.5-0.0675*0.6), 2025, StatusOnTrack, f(0.6), f(0.6)},
		{"cumulative fall met", func() Indicator {
			i := withKind(level(f(0.5), 0, ""), KindCumulativeChange, -13.5)
			i.Direction = Decrease
			return i
		}(), obs(2024, 0.43), 2025, StatusAchievedEarly, f(1.037037), f(0.8)},
		{"pp change behind", withKind(level(f(60), 0, ""), KindPPChange, 5), obs(2024, 62), 2025, StatusBehind, f(0.4), f(0.8)},
		{"pp change without baseline", withKind(level(nil, 0, ""), KindPPChange, 5), obs(2024, 62), 2025, StatusNoBaseline, nil, f(0.8)},
		{"milestone achieved at T", withKind(level(f(0), 0, ""), KindMilestone, 1), obs(2023, 0, 2025, 1), 2025, StatusAchieved, f(1), f(1)},
		{"milestone behind", withKind(level(f(0), 0, ""), KindMilestone, 1), obs(2023, 0), 2024, StatusBehind, f(0), f(0.6)},
		{"milestone 2 of 3", withKind(level(f(0), 0, ""), KindMilestone, 3), obs(2024, 2), 2025, StatusBehind, f(0.666667), f(0.8)},
		// bounds and monitoring
		{"ceiling compliant", withKind(level(f(5), 0, LE), KindCeiling, 6), obs(2022, 5.5, 2023, 5.8), 2025, StatusCompliant, nil, f(0.6)},
		{"ceiling breached", withKind(level(f(5), 0, LE), KindCeiling, 6), obs(2022, 5.5, 2023, 6.2), 2025, StatusBreached, nil, f(0.6)},
		{"floor breached", withKind(level(f(95), 0, GE), KindFloor, 90), obs(2024, 89.9), 2025, StatusBreached, nil, f(0.8)},
		{"floor no data", withKind(level(f(95), 0, GE), KindFloor, 90), nil, 2025, StatusNoData, nil, nil},
		{"none", withKind(level(f(1), 0, ""), KindNone, 0), obs(2022, 2), 2025, StatusMonitoring, nil, f(0.4)},
		{"none without data", withKind(level(nil, 0, ""), KindNone, 0), nil, 2025, StatusNoData, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.ind.Target.Kind == KindCeiling || tc.ind.Target.Kind == KindFloor {
				tc.ind.Target.Comparator = map[TargetKind]Comparator{KindCeiling: LE, KindFloor: GE}[tc.ind.Target.Kind]
			}
			a := Assess(plan, tc.ind, tc.obs, tc.asOf)
			if a.Status != tc.want {
				t.Fatalf("status %s, want %s (%+v)", a.Status, tc.want, a)
			}
			if tc.c == nil && a.Completion != nil {
				t.Fatalf("completion = %v, want none", *a.Completion)
			}
			if tc.c != nil {
				near(t, "completion", a.Completion, *tc.c)
			}
			if tc.s == nil && a.Elapsed != nil {
				t.Fatalf("elapsed = %v, want none", *a.Elapsed)
			}
			if tc.s != nil {
				near(t, "elapsed", a.Elapsed, *tc.s)
			}
		})
	}
}

func TestAssessAvgGrowth(t *testing.T) {
	ind := withKind(level(f(100), 0, ""), KindAvgGrowth, 7)
	cases := []struct {
		name string
		obs  []Observation
		want Status
		r    float64
	}{
		// a = 7% exactly: r = 1
		{"on track", obs(2022, 100*1.07*1.07), StatusOnTrack, 1},
		{"ahead", obs(2022, 100*1.08*1.08), StatusAhead, 8.0 / 7},
		{"behind", obs(2022, 100*1.05*1.05), StatusBehind, 5.0 / 7},
		{"regressing", obs(2022, 95), StatusRegressing, (math.Sqrt(0.95) - 1) / 0.07},
		{"met early", obs(2024, 100*math.Pow(1.07, 5)), StatusAchievedEarly, 0},
		{"not achieved", obs(2025, 130), StatusNotAchieved, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Assess(plan, ind, tc.obs, 2025)
			if a.Status != tc.want {
				t.Fatalf("status %s, want %s", a.Status, tc.want)
			}
			near(t, "xT", a.XT, 100*math.Pow(1.07, 5))
			if tc.r != 0 {
				near(t, "r", a.GrowthRatio, tc.r)
			}
			switch {
			case a.Status == StatusAchievedEarly || a.Status == StatusNotAchieved:
				if a.Trend != nil || a.Pace != nil || a.Settled == "" {
					t.Fatalf("a known outcome is still projected: %+v %+v", a.Trend, a.Pace)
				}
			case a.Trend == nil || a.Trend.Method != TrendCompound:
				t.Fatalf("avg_growth should project at the compound rate: %+v", a.Trend)
			}
		})
	}
	if a := Assess(plan, withKind(level(nil, 0, ""), KindAvgGrowth, 7), obs(2022, 110), 2025); a.Status != StatusNoBaseline {
		t.Fatalf("avg_growth without baseline: %s", a.Status)
	}
	dec := withKind(level(f(100), 0, ""), KindAvgGrowth, -3)
	dec.Direction = Decrease
	if a := Assess(plan, dec, obs(2022, 100*0.97*0.97), 2025); a.Status != StatusOnTrack || a.Comparator != LE {
		t.Fatalf("planned decrease: %s %s", a.Status, a.Comparator)
	}
}

func TestTrendAndAlternatives(t *testing.T) {
	// least squares over (2020,10) (2021,11) (2022,13) (2023,13): slope 1.1, mean (2021.5, 11.75)
	a := Assess(plan, level(f(10), 20, GE), obs(2021, 11, 2022, 13, 2023, 13), 2025)
	tr := a.Trend
	if tr.Method != TrendLinear || tr.Points != 4 {
		t.Fatalf("trend %+v", tr)
	}
	near(t, "slope", &tr.Slope, 1.1)
	near(t, "projected", &tr.Projected, 11.75+1.1*3.5)
	near(t, "P", tr.Ratio, (15.6-10)/10)
	if tr.Judgement != Unlikely || a.UN.Status != AltAccelerate {
		t.Fatalf("judgement %s, UN %s", tr.Judgement, a.UN.Status)
	}
	// P between 0.9 and 1: at risk
	a = Assess(plan, level(f(10), 20, GE), obs(2022, 13.8), 2025)
	near(t, "P", a.Trend.Ratio, 0.95)
	if a.Trend.Judgement != AtRisk || a.UN.Status != AltOnTrack {
		t.Fatalf("judgement %s UN %s", a.Trend.Judgement, a.UN.Status)
	}
	// falling value: CAGR deterioration, UN limited
	a = Assess(plan, level(f(10), 20, GE), obs(2022, 9), 2025)
	if a.CAGR.Status != AltDeteriorated || a.UN.Status != AltLimited {
		t.Fatalf("CAGR %s UN %s", a.CAGR.Status, a.UN.Status)
	}
	// CAGR ratio 0.6..0.95: acceleration needed
	a = Assess(plan, level(f(100), 200, GE), obs(2023, 130), 2025)
	if a.CAGR.Status != AltAccelerate {
		t.Fatalf("CAGR %v", a.CAGR)
	}
	// zero baseline: no CAGR, but a linear UN ratio
	a = Assess(plan, withKind(level(f(0), 0, ""), KindMilestone, 3), obs(2023, 1), 2025)
	if a.CAGR != nil || a.UN == nil {
		t.Fatalf("zero baseline: CAGR %v UN %v", a.CAGR, a.UN)
	}
	near(t, "required rate from 1 to 3 in 2 years", a.Pace.AnnualRate, math.Sqrt(3)-1)
	// a non-positive latest value has no required rate
	if a := Assess(plan, withKind(level(f(0), 0, ""), KindMilestone, 3), obs(2023, 0), 2025); a.Pace.AnnualRate != nil {
		t.Fatalf("rate from zero: %v", *a.Pace.AnnualRate)
	}
	// no pace once the target year is reached
	if a := Assess(plan, level(f(10), 20, GE), obs(2025, 15), 2025); a.Pace != nil {
		t.Fatalf("pace at T: %+v", a.Pace)
	}
}

func TestCurrent(t *testing.T) {
	got := Current([]Observation{{Year: 2022, Value: 1, Revision: 1}, {Year: 2021, Value: 5, Revision: 1},
		{Year: 2022, Value: 3, Revision: 3}, {Year: 2022, Value: 2, Revision: 2}})
	if len(got) != 2 || got[0].Year != 2021 || got[1].Value != 3 {
		t.Fatalf("Current = %+v", got)
	}
}

func TestMet(t *testing.T) {
	cases := []struct {
		c    Comparator
		xT   float64
		v    float64
		q    Qualifier
		want bool
	}{
		{GE, 39, 39, Exact, true}, {GE, 39, 38.99, Exact, false},
		{GE, 0.3, 0.1 + 0.2, Exact, true}, // float margin
		{GT, 1800, 1800, Exact, false}, {GT, 1800, 1800, LowerBound, true}, {GT, 1800, 1799, LowerBound, false},
		{LE, 5, 5, Exact, true}, {LT, 5, 5, Exact, false}, {LT, 5, 5, UpperBound, true},
		{LE, 5, 4, LowerBound, false}, {GE, 5, 6, UpperBound, false}, {Around, 6, 6.5, Exact, true}, {Around, 6, 6.5, LowerBound, false},
	}
	for _, tc := range cases {
		if got := Met(tc.c, tc.xT, 0.5, tc.v, tc.q); got != tc.want {
			t.Errorf("Met(%s %v, %v %s) = %v", tc.c, tc.xT, tc.v, tc.q, got)
		}
	}
}

func TestValidate(t *testing.T) {
	good := level(f(1), 2, GE)
	if es := good.Validate(plan); len(es) != 0 {
		t.Fatalf("valid indicator rejected: %v", es)
	}
	bad := []struct {
		name  string
		mod   func(*Indicator)
		field string
	}{
		{"code", func(i *Indicator) { i.Code = "Bad Code" }, "code"},
		{"name", func(i *Indicator) { i.NameZh = " " }, "name_zh"},
		{"attribute", func(i *Indicator) { i.Attribute = "x" }, "attribute"},
		{"direction", func(i *Indicator) { i.Direction = "up" }, "direction"},
		{"kind", func(i *Indicator) { i.Target.Kind = "ratio" }, "kind"},
		{"comparator", func(i *Indicator) { i.Target.Comparator = "=>" }, "comparator"},
		{"≥ where lower is better", func(i *Indicator) { i.Direction = Decrease }, "comparator"},
		{"≤ where higher is better", func(i *Indicator) { i.Target.Comparator = LE }, "comparator"},
		{"a ceiling where higher is better", func(i *Indicator) { i.Target.Kind, i.Target.Comparator = KindCeiling, "" }, "direction"},
		{"a floor where lower is better", func(i *Indicator) {
			i.Target.Kind, i.Target.Comparator, i.Direction = KindFloor, "", Decrease
		}, "direction"},
		{"yearly rates of a level increase", func(i *Indicator) { i.ObservedAs, i.Target.Kind = YearlyRate, KindIncreaseBy }, "observed_as"},
		{"unknown observed_as", func(i *Indicator) { i.ObservedAs = "monthly" }, "observed_as"},
		{"log method of a level", func(i *Indicator) { i.Method = MethodLog }, "method"},
		{"unknown method", func(i *Indicator) { i.Method = "cubic" }, "method"},
		{"relative without reference", func(i *Indicator) { i.Target.Kind = KindRelative }, "reference"},
		{"relative to itself", func(i *Indicator) { i.Target.Kind, i.Reference = KindRelative, i.Code }, "reference"},
		{"reference of a level", func(i *Indicator) { i.Reference = "gdp" }, "reference"},
		{"pending without wording", func(i *Indicator) { i.Target.Pending = true }, "target_text"},
		{"ceiling with >", func(i *Indicator) { i.Target.Kind, i.Target.Comparator, i.Direction = KindCeiling, GT, Decrease }, "comparator"},
		{"milestone fraction", func(i *Indicator) { i.Target.Kind = KindMilestone; i.Target.Value = 1.5 }, "target_value"},
		{"NaN target", func(i *Indicator) { i.Target.Value = math.NaN() }, "target_value"},
		{"target before baseline", func(i *Indicator) { i.Target.Year = 2019 }, "target_year"},
		{"interim outside", func(i *Indicator) { i.Interim = []InterimTarget{{Year: 2030, Value: 1}} }, "interim"},
	}
	for _, tc := range bad {
		ind := good
		tc.mod(&ind)
		es := ind.Validate(plan)
		if len(es) == 0 || es[0].Field != tc.field || es[0].Msg.Key == "" {
			t.Errorf("%s: got %v, want an error on %s", tc.name, es, tc.field)
		}
	}
	if es := (Plan{Code: "p", NameZh: "x", BaseYear: 2020, TargetYear: 2020}).Validate(); len(es) != 1 || es[0].Field != "target_year" {
		t.Errorf("plan years: %v", es)
	}
	o := Observation{Year: 2023, Value: 1, Qualifier: "about", Status: Final}
	if es := o.Validate(plan, good); len(es) != 1 || es[0].Field != "qualifier" {
		t.Errorf("qualifier: %v", es)
	}
	d := Dataset{Plan: Plan{Code: "p", NameZh: "x", BaseYear: 2020, TargetYear: 2025},
		Sections:     []Section{{Code: "s2", ParentCode: "s1", Level: LevelChapter, TitleZh: "章"}},
		Indicators:   []Indicator{good, good},
		Observations: map[string][]Observation{"nope": obs(2021, 1)}}
	es := d.Validate()
	if len(es) != 3 {
		t.Fatalf("dataset errors %v", es)
	}
}

func TestUnexplained(t *testing.T) {
	bind := level(f(10), 20, GE)
	bind.Attribute, bind.Code = Binding, "b"
	exp := level(f(10), 20, GE)
	exp.Code = "e"
	as := []Assessed{
		{Indicator: bind, Assessment: Assessment{Status: StatusBehind}},
		{Indicator: exp, Assessment: Assessment{Status: StatusRegressing}}, // expected: no explanation needed
	}
	if got := Unexplained(as, nil); len(got) != 1 || got[0].Code != "b" {
		t.Fatalf("%v", got)
	}
	if got := Unexplained(as, map[string]Narrative{"b": {Progress: "做了很多"}}); len(got) != 1 {
		t.Fatal("progress alone does not explain why it lags")
	}
	if got := Unexplained(as, map[string]Narrative{"b": {Problems: "资金未到位"}}); len(got) != 0 {
		t.Fatalf("explained: %v", got)
	}
	as[0].Assessment.Status = StatusOnTrack
	if got := Unexplained(as, nil); len(got) != 0 {
		t.Fatal("on-track binding needs no explanation")
	}
}

// Where no comparator is stated, a ceiling is ≤ and a floor ≥, whatever
// else; other kinds follow the direction. A level without a comparator is
// valid: "by direction".
func TestComparatorByKindAndDirection(t *testing.T) {
	ceil := withKind(level(f(5), 0, ""), KindCeiling, 6)
	ceil.Direction = Decrease
	floor := withKind(level(f(95), 0, ""), KindFloor, 90)
	dec := level(f(100), 80, "")
	dec.Direction = Decrease
	for name, c := range map[string]struct {
		ind  Indicator
		want Comparator
	}{"ceiling": {ceil, LE}, "floor": {floor, GE}, "lower is better": {dec, LE}, "higher is better": {level(f(1), 2, ""), GE}} {
		if got := c.ind.EffectiveComparator(); got != c.want {
			t.Errorf("%s: %s, want %s", name, got, c.want)
		}
		if es := c.ind.Validate(plan); len(es) != 0 {
			t.Errorf("%s by direction is refused: %v", name, es)
		}
	}
	// the case that reported "0.33 满足 x ≥ 0.301 → 提前实现": a fall entered with ≥
	bad := dec
	bad.Target.Comparator = GE
	if e := bad.ComparatorConflict(); e == nil || e.Field != "comparator" {
		t.Errorf("≥ where lower is better: %v", e)
	}
	// around fits either direction
	bad.Target.Comparator, bad.Target.Band = Around, 1
	if e := bad.ComparatorConflict(); e != nil {
		t.Errorf("≈ where lower is better: %v", e)
	}
}

// With the target met, or the target year's value in, the outcome is
// known: no projection, no pace, no alternative verdict that could
// contradict it, and the reason is said.
func TestKnownOutcomeIsNotProjected(t *testing.T) {
	cases := []struct {
		name string
		ind  Indicator
		obs  []Observation
		want Settled
	}{
		// 国家实验室: 1 of 1 in 2025 → achieved, nothing projected
		{"milestone met at T", withKind(level(f(0), 0, ""), KindMilestone, 1), obs(2023, 0, 2025, 1), SettledMet},
		{"met early", level(f(10), 20, GE), obs(2023, 21), SettledMet},
		// 千兆宽带: 2025 short of the target → not achieved, no "需加快"
		{"not achieved at T", level(f(8), 40, GE), obs(2023, 30, 2025, 36.8), SettledTargetYear},
		{"ceiling at T", withKind(func() Indicator { i := level(f(5), 0, ""); i.Direction = Decrease; return i }(), KindCeiling, 6), obs(2025, 5.8), SettledTargetYear},
		{"still running", level(f(10), 20, GE), obs(2023, 15), ""},
	}
	for _, c := range cases {
		a := Assess(plan, c.ind, c.obs, 2025)
		if a.Settled != c.want {
			t.Errorf("%s: settled %q, want %q (%s)", c.name, a.Settled, c.want, a.Status)
			continue
		}
		if c.want != "" && (a.Trend != nil || a.Pace != nil || a.CAGR != nil || a.UN != nil) {
			t.Errorf("%s: still projected %+v %+v %+v %+v", c.name, a.Trend, a.Pace, a.CAGR, a.UN)
		}
		if c.want == "" && (a.Trend == nil || a.Pace == nil) {
			t.Errorf("%s: a running indicator lost its projection", c.name)
		}
	}
}

// The judgement keeps the year of the data, and says when that year is
// older than the year before the one judged (statistics lag a year).
func TestStaleData(t *testing.T) {
	ind := level(f(3.2), 8, GE)
	for _, c := range []struct {
		data, asOf int
		stale      bool
	}{
		{2024, 2025, false}, // a year's lag is normal
		{2023, 2025, true},  // 2025 judged from 2023
		{2022, 2025, true},  // 5G: ahead at 40% elapsed, from 2022, in a 2025 report
		{2022, 2023, false},
		{2021, 2030, true}, // as of after T: judged against T
		{2024, 2030, false},
	} {
		a := Assess(plan, ind, obs(float64(c.data), 5), c.asOf)
		if a.Stale != c.stale || a.DataYear() != c.data {
			t.Errorf("data %d as of %d: stale %v, data year %d", c.data, c.asOf, a.Stale, a.DataYear())
		}
		if want := float64(c.data-2020) / 5; math.Abs(*a.Elapsed-want) > 1e-9 {
			t.Errorf("data %d: elapsed %v, want the data year's %v", c.data, *a.Elapsed, want)
		}
	}
	if a := Assess(plan, ind, nil, 2025); a.Stale {
		t.Error("no data is not stale data")
	}
	if a := Assess(plan, ind, obs(2022, 8), 2025); a.Stale || a.Status != StatusAchievedEarly {
		t.Error("a target met in 2022 is a known outcome, not lagging data")
	}
}
