package indicators

import (
	"math"
	"testing"
)

// rates is an indicator published as yearly rates (docs/method.md §9).
func rates(kind TargetKind, v float64, c Comparator) Indicator {
	return Indicator{Code: "r", NameZh: "r", Unit: "%", Attribute: Expected, Direction: Increase, BaselineYear: 2020,
		ObservedAs: YearlyRate, Target: Target{Kind: kind, Value: v, Comparator: c}}
}

// Yearly rates compound into an index, judged as a level.
func TestYearlyRatesAverageGrowth(t *testing.T) {
	// 年均增长6%, Chengdu's published growth 8.6, 2.8, 6.0:
	// index 100 × 1.086 × 1.028 × 1.060 = 118.339248; average (1.18339248)^(1/3) − 1 = 5.77335%;
	// r = 5.77335/6 = 0.96223, within 1 ± 0.05 → on_track. x_T = 100 × 1.06⁵ = 133.822558.
	ind := rates(KindAvgGrowth, 6, GE)
	a := Assess(plan, ind, obs(2021, 8.6, 2022, 2.8, 2023, 6.0), 2025)
	if a.Status != StatusOnTrack || a.Index == nil || len(a.Index.Points) != 3 {
		t.Fatalf("status %s, index %+v", a.Status, a.Index)
	}
	near(t, "index", &a.Index.Points[2].Index, 118.339248)
	near(t, "average in the index", &a.Index.Points[2].Average, 5.773352)
	near(t, "actual rate", a.ActualRate, 0.0577335)
	near(t, "growth ratio", a.GrowthRatio, 0.962225)
	near(t, "x0", a.X0, 100)
	near(t, "xT", a.XT, 133.822558)
	if a.Latest == nil || a.Latest.Value != 6.0 || a.Latest.Year != 2023 {
		t.Errorf("the latest value shown is the published rate: %+v", a.Latest)
	}
	// a missing 2022 stops the index at 2021: 8.6% a year, r = 1.4333 → ahead, and the gap is said
	a = Assess(plan, ind, obs(2021, 8.6, 2023, 6.0), 2025)
	if a.Status != StatusAhead || a.Index.Gap != 2022 || a.Latest.Year != 2021 {
		t.Errorf("gap: status %s, gap %d, latest %+v", a.Status, a.Index.Gap, a.Latest)
	}
	// no first year: nothing to compound
	a = Assess(plan, ind, obs(2022, 2.8), 2025)
	if a.Status != StatusNoData || a.Index.Gap != 2021 {
		t.Errorf("no 2021: status %s, gap %d", a.Status, a.Index.Gap)
	}
}

// A band on a growth target is in points of growth, judged on the whole
// period: 年均增长6%左右 with 5.764% a year over 2021–2025 is met.
func TestGrowthBandInItsOwnTerms(t *testing.T) {
	// (1.086 × 1.028 × 1.060 × 1.057 × 1.058)^(1/5) − 1 = 5.764006%; |5.764 − 6| = 0.236 ≤ 0.5
	five := obs(2021, 8.6, 2022, 2.8, 2023, 6.0, 2024, 5.7, 2025, 5.8)
	about := rates(KindAvgGrowth, 6, Around)
	about.Target.Band = 0.5
	a := Assess(plan, about, five, 2025)
	if a.Status != StatusAchieved {
		t.Fatalf("6%% 左右 with 5.764%%: %s", a.Status)
	}
	near(t, "actual rate", a.ActualRate, 0.05764006)
	// no band stated: the default for % targets is half a point, the same here
	about.Target.Band = 0
	if a := Assess(plan, about, five, 2025); a.Status != StatusAchieved || a.Band != 0.5 {
		t.Errorf("default band: %s, band %v", a.Status, a.Band)
	}
	// at least 6: 5.764 is short → not achieved in 2025
	if a := Assess(plan, rates(KindAvgGrowth, 6, GE), five, 2025); a.Status != StatusNotAchieved {
		t.Errorf("6%% or more with 5.764%%: %s", a.Status)
	}
	// 左右 is not met early: before T the ratio decides (2023: r = 0.962 → on_track)
	if a := Assess(plan, about, five[:3], 2025); a.Status != StatusOnTrack {
		t.Errorf("6%% 左右 in 2023: %s", a.Status)
	}
	// the same band on levels: GDP 17,716.7 → 24,763.6 is (1.397766)^(1/5) − 1 = 6.9283% a year, 0.93 off 6
	gdp := Indicator{Code: "gdp", NameZh: "gdp", Unit: "亿元", Attribute: Expected, Direction: Increase, BaselineYear: 2020,
		BaselineValue: f(17716.7), Target: Target{Kind: KindAvgGrowth, Value: 6, Comparator: Around, Band: 0.5}}
	if a := Assess(plan, gdp, obs(2025, 24763.6), 2025); a.Status != StatusNotAchieved {
		t.Errorf("levels, 6.93%% against 6%% ± 0.5: %s", a.Status)
	}
}

// A cumulative change from yearly rates, by the linear and the log method.
func TestCumulativeChangeMethods(t *testing.T) {
	// 累计降低13.5% (p = −13.5), rates −2.5, −2.5, −2.7: index 100 × 0.975 × 0.975 × 0.973 = 92.4958125,
	// C = −7.5041875%. s = 0.6, δ = 0.05.
	// linear c = C/p = 0.5558657 > 0.55 → on_track;
	// log c = ln(0.924958)/ln(0.865) = 0.5378824 ≤ 0.55 → behind.
	ind := rates(KindCumulativeChange, -13.5, "")
	ind.Direction = Decrease
	vals := obs(2021, -2.5, 2022, -2.5, 2023, -2.7)
	a := Assess(plan, ind, vals, 2025)
	if a.Status != StatusOnTrack {
		t.Errorf("linear: %s", a.Status)
	}
	near(t, "C", a.ActualChange, -7.5041875)
	near(t, "linear completion", a.LinearCompletion, 0.5558657)
	near(t, "log completion", a.LogCompletion, 0.5378824)
	near(t, "completion (linear)", a.Completion, 0.5558657)
	ind.Method = MethodLog
	a = Assess(plan, ind, vals, 2025)
	if a.Status != StatusBehind {
		t.Errorf("log: %s", a.Status)
	}
	near(t, "completion (log)", a.Completion, 0.5378824)
	near(t, "linear beside it", a.LinearCompletion, 0.5558657)
	// the same change as levels: 0.5 → 0.462479 is the same C, the same completions
	lv := Indicator{Code: "e", NameZh: "e", Unit: "吨标准煤/万元", Attribute: Binding, Direction: Decrease, BaselineYear: 2020,
		BaselineValue: f(0.5), Method: MethodLog, Target: Target{Kind: KindCumulativeChange, Value: -13.5}}
	a = Assess(plan, lv, obs(2023, 0.5*0.924958125), 2025)
	near(t, "log completion of levels", a.LogCompletion, 0.5378824)
	if a.Status != StatusBehind {
		t.Errorf("levels by log: %s", a.Status)
	}
	// 累计降低13.5%左右: judged on C at T, |−13.2 − (−13.5)| = 0.3 ≤ 0.5 → achieved
	lv.Target.Comparator, lv.Method = Around, ""
	if a := Assess(plan, lv, obs(2025, 0.5*0.868), 2025); a.Status != StatusAchieved {
		t.Errorf("−13.2%% against −13.5%% 左右: %s", a.Status)
	}
}

// A relative target compares the average growth of the indicator and of
// its reference over the years both have.
func TestRelativeTargets(t *testing.T) {
	gdp := rates(KindNone, 0, "")
	gdp.Code = "gdp_growth"
	ref := obs(2021, 8.6, 2022, 2.8, 2023, 6.0)
	in := Inputs{Reference: &gdp, RefCurrent: ref}
	income := rates(KindRelative, 0, Around)
	income.Code, income.Reference = "income_growth", "gdp_growth"
	// own 8.8, 4.8, 5.0 → (1.088 × 1.048 × 1.05)^(1/3) − 1 = 6.18418%; GDP 5.77335%; 0.411 apart ≤ 0.5 → on_track
	own := obs(2021, 8.8, 2022, 4.8, 2023, 5.0)
	a := AssessWith(plan, income, own, in, 2025)
	if a.Status != StatusOnTrack || a.Relative == nil || len(a.Relative.Years) != 3 || !a.Relative.Met {
		t.Fatalf("基本同步: %s %+v", a.Status, a.Relative)
	}
	near(t, "own average", &a.Relative.OwnAvg, 6.184182)
	near(t, "reference average", &a.Relative.RefAvg, 5.773352)
	// a band of 0.3 points: 0.411 apart → behind
	income.Target.Band = 0.3
	if a := AssessWith(plan, income, own, in, 2025); a.Status != StatusBehind {
		t.Errorf("band 0.3: %s", a.Status)
	}
	// 高于: 6.18 > 5.77 → on_track; the other way round → behind
	income.Target.Comparator = GT
	if a := AssessWith(plan, income, own, in, 2025); a.Status != StatusOnTrack {
		t.Errorf("高于: %s", a.Status)
	}
	if a := AssessWith(plan, income, obs(2021, 5, 2022, 2, 2023, 5), in, 2025); a.Status != StatusBehind {
		t.Errorf("lower than GDP: %s", a.Status)
	}
	// levels turn into growth: 100 → 108.8 → 114.0224 → 119.72352 is the same 8.8, 4.8, 5.0
	lvl := income
	lvl.ObservedAs, lvl.BaselineValue, lvl.Unit = ObservedLevel, f(100), "元"
	if a := AssessWith(plan, lvl, obs(2021, 108.8, 2022, 114.0224, 2023, 119.72352), in, 2025); a.Status != StatusOnTrack {
		t.Errorf("levels: %s", a.Status)
	} else {
		near(t, "own average from levels", &a.Relative.OwnAvg, 6.184182)
	}
	// only the years both have: without GDP 2022, (1.088 × 1.05)^(1/2) − 1 = 6.88311 against 7.29212
	gap := Inputs{Reference: &gdp, RefCurrent: obs(2021, 8.6, 2023, 6.0)}
	if a := AssessWith(plan, income, own, gap, 2025); len(a.Relative.Years) != 2 || a.Status != StatusBehind {
		t.Errorf("common years: %+v %s", a.Relative, a.Status)
	} else {
		near(t, "own over two years", &a.Relative.OwnAvg, 6.883114)
	}
	// either side without values: no data
	if a := AssessWith(plan, income, own, Inputs{Reference: &gdp}, 2025); a.Status != StatusNoData {
		t.Errorf("no reference values: %s", a.Status)
	}
	// at T: achieved or not
	five := obs(2021, 8.6, 2022, 2.8, 2023, 6.0, 2024, 5.7, 2025, 5.8)
	all := Inputs{Reference: &gdp, RefCurrent: five}
	if a := AssessWith(plan, income, obs(2021, 9, 2022, 3, 2023, 6, 2024, 6, 2025, 6), all, 2025); a.Status != StatusAchieved {
		t.Errorf("higher to the end: %s", a.Status)
	}
	if a := AssessWith(plan, income, obs(2021, 8, 2022, 2, 2023, 6, 2024, 5, 2025, 5), all, 2025); a.Status != StatusNotAchieved {
		t.Errorf("lower to the end: %s", a.Status)
	}
}

// A yearly target is judged on the latest year with both a target and a value.
func TestYearlyTargets(t *testing.T) {
	ind := rates(KindYearly, 0, "")
	targets := []YearTarget{
		{Year: 2021, Comparator: GE, Value: 6, Text: "6以上", Revision: 1},
		{Year: 2022, Comparator: Around, Value: 5.5, Text: "5.5左右", Revision: 1}, // band: the default 0.5 for %
		{Year: 2023, Comparator: GT, Value: 6, Text: ">6", Revision: 1},
		{Year: 2023, Comparator: Around, Value: 6, Text: "6左右", Revision: 2}, // revised: 6.0 is met
	}
	in := Inputs{YearTargets: targets}
	// 2021 8.6 ≥ 6 met; 2022 |2.8 − 5.5| = 2.7 > 0.5 not met; 2023 |6.0 − 6| = 0 met → on_track, 2 of 3
	a := AssessWith(plan, ind, obs(2021, 8.6, 2022, 2.8, 2023, 6.0), in, 2025)
	if a.Status != StatusOnTrack || a.Yearly == nil || a.Yearly.Met != 2 || a.Yearly.Judged != 3 {
		t.Fatalf("status %s, %+v", a.Status, a.Yearly)
	}
	if y := a.Yearly.Years[2]; y.Target.Text != "6左右" || y.Met == nil || !*y.Met {
		t.Errorf("2023 is judged against its revised target: %+v", y)
	}
	// 2024's target without a value yet: 2023 still decides
	in.YearTargets = append(in.YearTargets, YearTarget{Year: 2024, Comparator: GE, Value: 5, Revision: 1})
	a = AssessWith(plan, ind, obs(2021, 8.6, 2022, 2.8, 2023, 6.0), in, 2025)
	if a.Status != StatusOnTrack || a.Latest.Year != 2023 || len(a.Yearly.Years) != 4 {
		t.Errorf("a target ahead of its value: %s %+v", a.Status, a.Yearly)
	}
	// the latest year not met → behind; in T → not_achieved or achieved
	if a := AssessWith(plan, ind, obs(2021, 8.6, 2022, 2.8), in, 2025); a.Status != StatusBehind {
		t.Errorf("2022 missed: %s", a.Status)
	}
	in.YearTargets = append(in.YearTargets, YearTarget{Year: 2025, Comparator: GE, Value: 5, Revision: 1})
	if a := AssessWith(plan, ind, obs(2025, 5.8), in, 2025); a.Status != StatusAchieved {
		t.Errorf("2025 met: %s", a.Status)
	}
	if a := AssessWith(plan, ind, obs(2025, 4.8), in, 2025); a.Status != StatusNotAchieved {
		t.Errorf("2025 missed: %s", a.Status)
	}
	// values but no targets: nothing to judge
	if a := AssessWith(plan, ind, obs(2021, 8.6), Inputs{}, 2025); a.Status != StatusNoData || a.Latest == nil {
		t.Errorf("no targets: %s", a.Status)
	}
}

// A target the plan assigns later is pending until it has a figure.
func TestPendingTarget(t *testing.T) {
	ind := rates(KindCumulativeChange, 0, "")
	ind.Direction, ind.Target.Pending, ind.Target.Text = Decrease, true, "完成省下达目标"
	if es := ind.Validate(plan); len(es) != 0 {
		t.Fatalf("a pending target is valid: %v", es)
	}
	a := Assess(plan, ind, obs(2021, -3, 2022, -2), 2025)
	if a.Status != StatusTargetPending || a.TargetText != "完成省下达目标" || a.Latest == nil || a.Stale || a.Completion != nil {
		t.Errorf("pending: %+v", a)
	}
}

// After a series break the trend starts again from the break.
func TestSeriesBreak(t *testing.T) {
	ind := level(f(8), 30, GE)
	vals := obs(2021, 10, 2022, 11, 2023, 20, 2024, 21)
	vals[2].Break = true
	a := Assess(plan, ind, vals, 2025)
	if a.BreakYear != 2023 || a.Trend == nil {
		t.Fatalf("break %d, trend %+v", a.BreakYear, a.Trend)
	}
	// fitted through (2023, 20) and (2024, 21): slope 1, 2025 → 22; P = (22 − 8)/(30 − 8) = 0.63636
	near(t, "projected", &a.Trend.Projected, 22)
	near(t, "ratio", a.Trend.Ratio, 14.0/22)
	// a break in the latest year leaves nothing to fit yet
	vals = obs(2021, 10, 2022, 20)
	vals[1].Break = true
	if a := Assess(plan, ind, vals, 2025); a.Trend != nil {
		t.Errorf("a trend from the break alone: %+v", a.Trend)
	}
}

// An average-growth target met early still shows the rate achieved.
func TestMetEarlyShowsTheRate(t *testing.T) {
	// 年均增长5% from 100: x_T = 100 × 1.05⁵ = 127.628; 130 in 2024 meets it; (1.3)^(1/4) − 1 = 6.779%
	ind := withKind(level(f(100), 0, ""), KindAvgGrowth, 5)
	a := Assess(plan, ind, obs(2024, 130), 2025)
	if a.Status != StatusAchievedEarly {
		t.Fatalf("status %s", a.Status)
	}
	near(t, "actual rate", a.ActualRate, 0.06779)
	if math.IsNaN(*a.ActualRate) {
		t.Fatal("NaN")
	}
}
