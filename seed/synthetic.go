package seed

import (
	"fmt"
	"math"

	"plantrack/indicators"
)

// Synthetic generates a sample plan of n indicators with values for the
// given number of years after 2020, for benchmarks and load tests. Kinds and
// progress vary by index so that every code path of the maths is exercised.
// It is sample data and says so.
func Synthetic(code string, n, years int) indicators.Dataset {
	p := indicators.Plan{Code: code, Jurisdiction: "合成城市", NameZh: fmt.Sprintf("合成规划 %s(基准测试用样本数据)", code),
		NameEn: fmt.Sprintf("Synthetic plan %s (benchmark sample data)", code), BaseYear: 2020, TargetYear: 2025 + max(0, years-5),
		Sample: true, SourceZh: "程序生成的基准测试数据"}
	d := indicators.Dataset{Plan: p, Observations: map[string][]indicators.Observation{}}
	for s := 0; s < 10; s++ {
		d.Sections = append(d.Sections, indicators.Section{Code: fmt.Sprintf("s%d", s), Level: indicators.LevelChapter,
			Number: fmt.Sprintf("第%d章", s+1), TitleZh: fmt.Sprintf("合成章节 %d", s+1)})
	}
	kinds := []indicators.Target{
		lvl(200, indicators.GE), {Kind: indicators.KindIncreaseBy, Value: 50}, {Kind: indicators.KindAvgGrowth, Value: 7},
		{Kind: indicators.KindCumulativeChange, Value: 20}, {Kind: indicators.KindPPChange, Value: 30},
		{Kind: indicators.KindCeiling, Value: 180, Comparator: indicators.LE}, {Kind: indicators.KindFloor, Value: 90, Comparator: indicators.GE},
		{Kind: indicators.KindMilestone, Value: 5, Comparator: indicators.GE}, {Kind: indicators.KindNone},
	}
	for i := 0; i < n; i++ {
		code := fmt.Sprintf("ind_%04d", i)
		attr := indicators.Expected
		if i%4 == 0 {
			attr = indicators.Binding
		}
		x0 := 100.0
		ind := indicators.Indicator{Code: code, NameZh: fmt.Sprintf("合成指标 %d", i), NameEn: fmt.Sprintf("Synthetic indicator %d", i),
			Unit: "个", SectionCode: fmt.Sprintf("s%d", i%10), Attribute: attr, Direction: indicators.Increase,
			BaselineYear: 2020, BaselineValue: &x0, Target: kinds[i%len(kinds)]}
		if i%17 == 0 {
			ind.BaselineValue = nil
		}
		if ind.Target.Kind == indicators.KindCeiling {
			ind.Direction = indicators.Decrease // a ceiling bounds what should stay low
		}
		d.Indicators = append(d.Indicators, ind)
		pace := 0.5 + float64(i%13)/8 // from a fall to twice the pace needed
		for y := 1; y <= years; y++ {
			v := x0 + pace*float64(y)*12 + 3*math.Sin(float64(i+y))
			d.Observations[code] = append(d.Observations[code], indicators.Observation{Year: 2020 + y,
				Value: math.Round(v*100) / 100, Qualifier: indicators.Exact, Status: indicators.Final, Source: "合成数据"})
		}
	}
	return d
}

// SyntheticDistricts generates a sample city plan of n indicators, each
// decomposed by sum among Chengdu's first twenty districts, and the twenty
// districts' plans with their shares and values for the given number of
// years: the benchmark of the district matrix. Sample data, and says so.
func SyntheticDistricts(code string, n, years int) []indicators.Dataset {
	city := Synthetic(code, n, years)
	city.Departments = Units()
	var areas []indicators.Unit
	for _, u := range city.Departments {
		if u.Kind.Area() && len(areas) < 20 {
			areas = append(areas, u)
		}
	}
	out := []indicators.Dataset{city}
	for k, u := range areas {
		p := city.Plan
		p.Code, p.ParentCode, p.Unit = code+"."+u.Code, code, u.Code
		p.NameZh = u.NameZh + " · " + city.Plan.NameZh
		d := indicators.Dataset{Plan: p, Observations: map[string][]indicators.Observation{}}
		for i := range city.Indicators {
			ind := city.Indicators[i]
			city.Indicators[i].Rollup = indicators.RollupSum
			di := ind
			di.SectionCode, di.Department, di.ParentPlan, di.ParentCode = "", u.Code, code, ind.Code
			share := (1 + float64((k*7+i)%5)/10) / 27 // about a twentieth, varying
			if ind.BaselineValue != nil {
				b := math.Round(*ind.BaselineValue*share*100) / 100
				di.BaselineValue = &b
			}
			switch ind.Target.Kind {
			case indicators.KindLevel, indicators.KindIncreaseBy:
				di.Target.Value = math.Round(ind.Target.Value*share*100) / 100
			case indicators.KindMilestone:
				di.Target.Value = max(1, math.Round(ind.Target.Value*share))
			} // rates, points and bounds are each district's own
			d.Indicators = append(d.Indicators, di)
			for _, o := range city.Observations[ind.Code] {
				o.Value = math.Round(o.Value*share*100) / 100
				d.Observations[ind.Code] = append(d.Observations[ind.Code], o)
			}
		}
		out = append(out, d)
	}
	out[0] = city
	return out
}
