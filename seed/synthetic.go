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
