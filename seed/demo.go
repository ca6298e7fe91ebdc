package seed

import (
	"fmt"
	"math"
	"strings"

	"plantrack/indicators"
)

// DemoCode is the code of the generated sample plan.
const DemoCode = "demo"

// demoSpec describes one sample indicator and how its sample values are generated.
type demoSpec struct {
	code, zh, en, unit, section string
	attr                        indicators.Attribute
	dir                         indicators.Direction
	x0                          *float64
	target                      indicators.Target
	// reach is the completion c generated for year last (linear from the
	// baseline); rate, for avg_growth, the growth generated a year instead.
	reach, rate float64
	last        int
	values      map[int]float64 // explicit values, for kinds without a target level
	interim     []indicators.InterimTarget
	want        indicators.Status
	// the forms of a whole plan table (docs/method.md §9–§12)
	observed    indicators.ObservedAs
	reference   string
	method      indicators.Method
	yearTargets map[int]string // a yearly target's words, by year
	breaks      map[int]bool   // years that start a new series (口径调整)
}

func fp(v float64) *float64 { return &v }

func lvl(v float64, c indicators.Comparator) indicators.Target {
	return indicators.Target{Kind: indicators.KindLevel, Value: v, Comparator: c}
}

// demoSpecs yields every status and every target kind of docs/method.md.
var demoSpecs = []demoSpec{
	{code: "rd_intensity", zh: "研发经费投入强度", en: "R&D intensity", unit: "%", section: "a.1", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(2.0), target: lvl(2.5, indicators.GE), reach: 0.6, last: 2023, want: indicators.StatusOnTrack,
		interim: []indicators.InterimTarget{{Year: 2022, Value: 2.2}, {Year: 2024, Value: 2.4}}},
	{code: "base_stations_5g", zh: "5G基站数", en: "5G base stations", unit: "万个", section: "a.1", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(3.2), target: lvl(8, indicators.GE), reach: 0.62, last: 2022, want: indicators.StatusAhead},
	{code: "hv_patents", zh: "每万人口高价值发明专利拥有量", en: "High-value invention patents per 10,000 people", unit: "件/万人", section: "a.1", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(5.0), target: lvl(12, indicators.GE), reach: 0.25, last: 2023, want: indicators.StatusBehind},
	{code: "new_platforms", zh: "新增国家级创新平台", en: "New national innovation platforms", unit: "个", section: "a.2", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(100), target: indicators.Target{Kind: indicators.KindIncreaseBy, Value: 20}, reach: 1.05, last: 2023, want: indicators.StatusAchievedEarly},
	{code: "sci_facilities", zh: "建成重大科技基础设施", en: "Major science facilities completed", unit: "个", section: "a.2", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(0), target: indicators.Target{Kind: indicators.KindMilestone, Value: 3, Comparator: indicators.GE}, reach: 2.0 / 3, last: 2024, want: indicators.StatusBehind},
	{code: "tech_contracts", zh: "技术合同成交额", en: "Technology contract turnover", unit: "亿元", section: "a.2", attr: indicators.Expected, dir: indicators.Increase,
		target: lvl(1800, indicators.GT), values: map[int]float64{2022: 1320, 2023: 1510}, last: 2023, want: indicators.StatusNoBaseline},
	{code: "sci_space", zh: "高品质科创空间面积", en: "High-quality innovation space", unit: "万平方米", section: "a.2", attr: indicators.Expected, dir: indicators.Increase,
		target: lvl(2000, indicators.GE), want: indicators.StatusNoData},
	{code: "gdp_growth", zh: "地区生产总值", en: "Gross regional product", unit: "亿元", section: "b.1", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(10000), target: indicators.Target{Kind: indicators.KindAvgGrowth, Value: 6}, rate: 6.1, last: 2024, want: indicators.StatusOnTrack},
	{code: "digital_share", zh: "数字经济核心产业增加值占GDP比重", en: "Digital core industries, share of GDP", unit: "%", section: "b.1", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(10), target: indicators.Target{Kind: indicators.KindPPChange, Value: 2}, reach: 0.82, last: 2024, want: indicators.StatusOnTrack},
	{code: "urbanisation", zh: "常住人口城镇化率", en: "Urbanisation rate", unit: "%", section: "b.1", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(78.8), target: lvl(81, indicators.GE), reach: 1.02, last: 2025, want: indicators.StatusAchieved},
	{code: "broadband_homes", zh: "千兆宽带用户占比", en: "Gigabit broadband share of homes", unit: "%", section: "b.1", attr: indicators.Expected, dir: indicators.Increase,
		x0: fp(8), target: lvl(40, indicators.GE), reach: 0.9, last: 2025, want: indicators.StatusNotAchieved},
	{code: "energy_intensity", zh: "单位地区生产总值能耗", en: "Energy use per unit of GDP", unit: "吨标准煤/万元", section: "b.2", attr: indicators.Binding, dir: indicators.Decrease,
		x0: fp(0.5), target: indicators.Target{Kind: indicators.KindCumulativeChange, Value: -13.5}, reach: 0.42, last: 2023, want: indicators.StatusBehind},
	{code: "forest_cover", zh: "森林覆盖率", en: "Forest cover", unit: "%", section: "b.2", attr: indicators.Binding, dir: indicators.Increase,
		x0: fp(40.2), target: lvl(41, indicators.GE), reach: -0.3, last: 2023, want: indicators.StatusRegressing},
	{code: "unemployment", zh: "城镇调查失业率", en: "Surveyed urban unemployment rate", unit: "%", section: "b.2", attr: indicators.Binding, dir: indicators.Decrease,
		x0: fp(5.1), target: indicators.Target{Kind: indicators.KindCeiling, Value: 5.5, Comparator: indicators.LE},
		values: map[int]float64{2021: 5.2, 2022: 5.6, 2023: 5.3, 2024: 5.2}, want: indicators.StatusCompliant},
	{code: "farmland", zh: "耕地保有量", en: "Farmland retained", unit: "万亩", section: "b.2", attr: indicators.Binding, dir: indicators.Increase,
		x0: fp(605), target: indicators.Target{Kind: indicators.KindFloor, Value: 600, Comparator: indicators.GE},
		values: map[int]float64{2021: 603, 2022: 601.5, 2023: 600.2, 2024: 598.7}, want: indicators.StatusBreached},
	{code: "rd_staff", zh: "研发人员数量", en: "R&D personnel", unit: "万人", section: "b.1", attr: indicators.Reference, dir: indicators.Increase,
		x0: fp(18.5), target: indicators.Target{Kind: indicators.KindNone},
		values: map[int]float64{2021: 19.6, 2022: 20.9, 2023: 24.2, 2024: 25.3}, breaks: map[int]bool{2023: true}, want: indicators.StatusMonitoring},
	// published as yearly rates, each year with its own target (各年度视情提出): 2021, 2023 and 2024 met, 2022 not
	{code: "gdp_rate", zh: "地区生产总值增长", en: "Growth of gross regional product", unit: "%", section: "b.1", attr: indicators.Expected, dir: indicators.Increase,
		target: indicators.Target{Kind: indicators.KindYearly, Text: "保持在合理区间、各年度视情提出"}, observed: indicators.YearlyRate,
		values:      map[int]float64{2021: 8.4, 2022: 3.2, 2023: 5.6, 2024: 5.1},
		yearTargets: map[int]string{2021: "6以上", 2022: "5.5左右", 2023: "6左右", 2024: "5.5左右", 2025: "5以上"}, want: indicators.StatusOnTrack},
	// in step with GDP growth: averages 5.91% and 5.56% a year, 0.35 points apart (band 0.5)
	{code: "income_growth", zh: "居民人均可支配收入增长", en: "Growth of disposable income per head", unit: "%", section: "b.1", attr: indicators.Expected, dir: indicators.Increase,
		target: indicators.Target{Kind: indicators.KindRelative, Comparator: indicators.Around, Text: "与经济增长基本同步"}, observed: indicators.YearlyRate,
		reference: "gdp_rate", values: map[int]float64{2021: 8.6, 2022: 3.9, 2023: 5.9, 2024: 5.3}, want: indicators.StatusOnTrack},
	// 累计降低13.5% from yearly falls, by the log ratio: C = −10.65%, c = 0.776 at s = 0.8
	{code: "energy_fall", zh: "单位地区生产总值能耗降低", en: "Fall of energy use per unit of GDP", unit: "%", section: "b.2", attr: indicators.Binding, dir: indicators.Decrease,
		target: indicators.Target{Kind: indicators.KindCumulativeChange, Value: -13.5}, observed: indicators.YearlyRate, method: indicators.MethodLog,
		values: map[int]float64{2021: -3.0, 2022: -2.2, 2023: -2.8, 2024: -3.1}, want: indicators.StatusOnTrack},
	// a target the province assigns later
	{code: "carbon_fall", zh: "单位地区生产总值二氧化碳排放降低", en: "Fall of CO₂ emissions per unit of GDP", unit: "%", section: "b.2", attr: indicators.Binding, dir: indicators.Decrease,
		target:   indicators.Target{Kind: indicators.KindCumulativeChange, Pending: true, Text: "完成省下达目标"},
		observed: indicators.YearlyRate, values: map[int]float64{2021: -3.5, 2022: -1.0}, want: indicators.StatusTargetPending},
}

// Demo generates the sample plan "demo" (示例城市): made-up figures for a
// made-up city, labelled as sample data wherever they appear, chosen so that
// every status and every target kind of the progress maths shows up. The
// values are deterministic.
func Demo() indicators.Dataset {
	p := indicators.Plan{Code: DemoCode, Jurisdiction: "示例城市", Organisation: "示例市发展和改革委员会(示例)", NameZh: "示例城市“十四五”规划(示例数据)",
		NameEn: "Sample city 14th Five-Year Plan (sample data)", BaseYear: 2020, TargetYear: 2025,
		Tolerance: indicators.DefaultTolerance, Sample: true, DataDue: "03-31",
		SourceZh: "程序生成的示例数据,不是任何城市的真实统计数字"}
	d := indicators.Dataset{Plan: p, Observations: map[string][]indicators.Observation{},
		Sections: []indicators.Section{
			{Code: "a", Level: indicators.LevelPart, Number: "第一篇", TitleZh: "创新驱动(示例)", TitleEn: "Innovation (sample)"},
			{Code: "a.1", ParentCode: "a", Level: indicators.LevelChapter, Number: "第一章", TitleZh: "创新投入(示例)", TitleEn: "Innovation inputs (sample)"},
			{Code: "a.2", ParentCode: "a", Level: indicators.LevelBox, Number: "专栏1", TitleZh: "重大平台(示例)", TitleEn: "Major platforms (sample)"},
			{Code: "b", Level: indicators.LevelPart, Number: "第二篇", TitleZh: "经济与民生(示例)", TitleEn: "Economy and livelihoods (sample)"},
			{Code: "b.1", ParentCode: "b", Level: indicators.LevelChapter, Number: "第一章", TitleZh: "经济发展(示例)", TitleEn: "Economy (sample)"},
			{Code: "b.2", ParentCode: "b", Level: indicators.LevelChapter, Number: "第二章", TitleZh: "绿色与安全(示例)", TitleEn: "Green and secure (sample)"},
		}}
	d.Departments = demoDepartments
	d.Projects = demoProjects()
	for _, s := range demoSpecs {
		ind := indicators.Indicator{Code: s.code, NameZh: s.zh + "(示例)", NameEn: s.en + " (sample)", Unit: s.unit,
			SectionCode: s.section, Attribute: s.attr, Direction: s.dir, Department: demoDepartment(s.section),
			BaselineYear: p.BaseYear, BaselineValue: s.x0, Target: s.target, Interim: s.interim,
			PlanText: "示例数据:程序生成,用于演示每一种目标类型和进度状态。", Note: "示例数据",
			ObservedAs: s.observed, Reference: s.reference, Method: s.method}
		switch {
		case s.observed == indicators.YearlyRate:
			ind.BaselineSource = "示例:按年度增速填报,无需基期值"
		case s.x0 == nil:
			ind.BaselineSource = "示例:故意不给基期值"
		default:
			ind.BaselineSource = "示例数据"
		}
		for y, words := range s.yearTargets {
			t, err := indicators.ParseTarget(words, "", s.unit)
			if err != nil {
				panic(fmt.Sprintf("demo %s %d: %v", s.code, y, err)) // the sample's own words: a programming error
			}
			t.Year, t.Revision = y, 1
			if d.YearTargets == nil {
				d.YearTargets = map[string][]indicators.YearTarget{}
			}
			d.YearTargets[s.code] = append(d.YearTargets[s.code], t)
		}
		d.Indicators = append(d.Indicators, ind)
		for y := p.BaseYear + 1; y <= p.TargetYear; y++ {
			v, ok := demoValue(s, p, y)
			if !ok {
				continue
			}
			note := fmt.Sprintf("示例数据,非真实统计 %d", y)
			if s.breaks[y] {
				note += ";示例:当年统计口径调整"
			}
			d.Observations[s.code] = append(d.Observations[s.code], indicators.Observation{
				Year: y, Value: v, Qualifier: indicators.Exact, Status: indicators.Final,
				Source: "示例数据(程序生成)", Note: note, Break: s.breaks[y]})
		}
	}
	return d
}

// demoDepartments are the sample plan's made-up responsible units.
var demoDepartments = []indicators.Unit{
	{Code: "sample-sci", NameZh: "示例市科技局", NameEn: "Sample city science bureau"},
	{Code: "sample-dev", NameZh: "示例市发展改革委", NameEn: "Sample city development and reform commission"},
	{Code: "sample-env", NameZh: "示例市生态环境局", NameEn: "Sample city ecology and environment bureau"},
}

// demoDepartment gives each part of the sample plan its department.
func demoDepartment(section string) string {
	switch {
	case strings.HasPrefix(section, "a"):
		return "sample-sci"
	case section == "b.1":
		return "sample-dev"
	}
	return "sample-env"
}

// demoValue is the generated value of spec s for year y.
func demoValue(s demoSpec, p indicators.Plan, y int) (float64, bool) {
	if s.values != nil {
		v, ok := s.values[y]
		return v, ok
	}
	if s.last == 0 || y > s.last || s.x0 == nil {
		return 0, false
	}
	x0, n := *s.x0, float64(y-p.BaseYear)
	if s.rate != 0 {
		return round(x0 * math.Pow(1+s.rate/100, n)), true
	}
	xT, _ := indicators.TargetLevel(s.target, s.x0, p.TargetYear-p.BaseYear)
	v := x0 + (xT-x0)*s.reach*n/float64(s.last-p.BaseYear)
	if s.target.Kind == indicators.KindMilestone {
		return math.Floor(v + 1e-9), true // whole items completed, never a fraction of a facility
	}
	return round(v), true
}

func round(v float64) float64 { return math.Round(v*1000) / 1000 }

// DemoNarratives are sample narratives (示例) for the demo plan's binding
// indicators that are off track, for 2023 and 2024. The farmland floor is
// left without one on purpose, so that the demo shows how an unexplained
// binding indicator blocks issuing a report.
func DemoNarratives() map[string][]indicators.Narrative {
	out := map[string][]indicators.Narrative{}
	for _, y := range []int{2023, 2024} {
		out["energy_intensity"] = append(out["energy_intensity"], indicators.Narrative{Year: y,
			Progress: "(示例)推进重点行业节能改造,完成年度节能审查。",
			Problems: "(示例)高耗能项目集中投产,能耗强度下降慢于时序进度。",
			Measures: "(示例)实施能耗双控预警,对超标项目暂停审批新增能耗。"})
		out["forest_cover"] = append(out["forest_cover"], indicators.Narrative{Year: y,
			Progress: "(示例)完成植树造林计划的八成。",
			Problems: "(示例)建设用地占用林地,森林覆盖率较基期下降。",
			Measures: "(示例)落实占补平衡,加快国土绿化。"})
	}
	return out
}
