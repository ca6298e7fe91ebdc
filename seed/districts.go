package seed

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"

	"plantrack/indicators"
)

// CityUnit is the code of the City of Chengdu in the tree of units.
const CityUnit = "chengdu"

// Units are Chengdu's organisational units by their real names: the city,
// its 20 区(市)县 (12 districts, 5 county-level cities, 3 counties) and the
// three functional zones its statistics list beside them. Names only:
// every figure of theirs in the seed is generated sample data.
func Units() []indicators.Unit {
	us := []indicators.Unit{{Code: CityUnit, NameZh: "成都市", NameEn: "Chengdu", Kind: indicators.KindCity}}
	add := func(kind indicators.UnitKind, names [][3]string) {
		for _, n := range names {
			us = append(us, indicators.Unit{Code: n[0], NameZh: n[1], NameEn: n[2], Kind: kind, Parent: CityUnit})
		}
	}
	add(indicators.KindDistrict, [][3]string{
		{"jinjiang", "锦江区", "Jinjiang District"}, {"qingyang", "青羊区", "Qingyang District"},
		{"jinniu", "金牛区", "Jinniu District"}, {"wuhou", "武侯区", "Wuhou District"},
		{"chenghua", "成华区", "Chenghua District"}, {"longquanyi", "龙泉驿区", "Longquanyi District"},
		{"qingbaijiang", "青白江区", "Qingbaijiang District"}, {"xindu", "新都区", "Xindu District"},
		{"wenjiang", "温江区", "Wenjiang District"}, {"shuangliu", "双流区", "Shuangliu District"},
		{"pidu", "郫都区", "Pidu District"}, {"xinjin", "新津区", "Xinjin District"}})
	add(indicators.KindCountyCity, [][3]string{
		{"jianyang", "简阳市", "Jianyang"}, {"dujiangyan", "都江堰市", "Dujiangyan"}, {"pengzhou", "彭州市", "Pengzhou"},
		{"qionglai", "邛崃市", "Qionglai"}, {"chongzhou", "崇州市", "Chongzhou"}})
	add(indicators.KindCounty, [][3]string{
		{"jintang", "金堂县", "Jintang County"}, {"dayi", "大邑县", "Dayi County"}, {"pujiang", "蒲江县", "Pujiang County"}})
	add(indicators.KindZone, [][3]string{
		{"tianfu", "四川天府新区成都直管区", "Sichuan Tianfu New Area (Chengdu)"},
		{"dongbu", "成都东部新区", "Chengdu Eastern New Area"},
		{"gaoxin", "成都高新区", "Chengdu Hi-tech Zone"}})
	return us
}

// decomposed are the Chengdu indicators the seed decomposes among the
// districts, with their roll-up rule.
var decomposed = map[string]indicators.Rollup{
	"tech_contract_turnover": indicators.RollupSum,
	"new_national_platforms": indicators.RollupSum,
	"patents_per_10k":        indicators.RollupWeightedMean,
}

// sampleNote marks every generated district figure.
const sampleNote = "示例数据：区县分解数值为程序生成，不是真实统计数字"

// decompose sets the roll-up rule of the city plan's decomposed indicators
// and returns one sample plan per district with its generated share of
// them: each district's share and weight come from a hash of its code, so
// the figures are the same every time and add up (sums) or average
// (weighted means) to the city's published ones.
func decompose(city *indicators.Dataset) []indicators.Dataset {
	// the city plan brings the units, so they are saved as real ones before
	// the sample plans of the districts name them
	city.Departments = append(city.Departments, Units()...)
	var areas []indicators.Unit
	for _, u := range Units() {
		if u.Kind.Area() {
			areas = append(areas, u)
		}
	}
	share := make([]float64, len(areas))  // of a sum
	factor := make([]float64, len(areas)) // of a mean, around 1
	weight := make([]float64, len(areas)) // sample population, 万人
	var total, wsum, wf float64
	for i, u := range areas {
		h := fnv.New32a()
		h.Write([]byte(u.Code))
		x := h.Sum32()
		share[i] = 1 + float64(x%97)/24
		factor[i] = 0.6 + float64((x/97)%89)/100
		weight[i] = 40 + float64((x/8633)%120)
		total += share[i]
		wsum += weight[i]
		wf += weight[i] * factor[i]
	}
	// targets are shared out differently from values, so that districts
	// progress at different paces: ±30% around the value's share
	tshare := make([]float64, len(areas))
	tfactor := make([]float64, len(areas))
	var ttotal, twf float64
	for i, u := range areas {
		h := fnv.New32a()
		h.Write([]byte(u.Code + "/target"))
		skew := 0.7 + float64(h.Sum32()%61)/100
		tshare[i], tfactor[i] = share[i]*skew, factor[i]*skew
		ttotal += tshare[i]
		twf += weight[i] * tfactor[i]
	}
	for i := range areas {
		share[i] /= total
		factor[i] /= wf / wsum // the weighted mean of the factors is 1
		tshare[i] /= ttotal
		tfactor[i] /= twf / wsum
	}
	out := make([]indicators.Dataset, len(areas))
	for i, u := range areas {
		out[i] = indicators.Dataset{Plan: indicators.Plan{Code: city.Plan.Code + "." + u.Code, Jurisdiction: u.NameZh,
			Organisation: u.NameZh + "(示例)", NameZh: u.NameZh + " · " + city.Plan.NameZh + " 分解(示例数据)",
			NameEn: u.NameEn + " · " + city.Plan.NameEn + " decomposed (sample data)", BaseYear: city.Plan.BaseYear,
			TargetYear: city.Plan.TargetYear, Tolerance: city.Plan.Tolerance, ParentCode: city.Plan.Code, Unit: u.Code,
			Sample: true, SourceZh: sampleNote}, Observations: map[string][]indicators.Observation{}}
	}
	for k := range city.Indicators {
		ind := &city.Indicators[k]
		rule, ok := decomposed[ind.Code]
		if !ok {
			continue
		}
		ind.Rollup = rule
		// each district's part of a figure: a share of a sum, whole where
		// the unit counts items; of a mean, around the city's
		split := func(v float64, share, factor []float64) []float64 {
			if rule == indicators.RollupWeightedMean {
				ps := make([]float64, len(areas))
				for i := range ps {
					ps[i] = math.Round(v*factor[i]*10) / 10
				}
				return ps
			}
			if ind.Unit == "个" || ind.Unit == "家" {
				return wholeShares(v, share)
			}
			ps := make([]float64, len(areas))
			for i := range ps {
				ps[i] = math.Round(v*share[i]*10) / 10
			}
			return ps
		}
		part := func(v float64) []float64 { return split(v, share, factor) }
		var base []float64
		if ind.BaselineValue != nil {
			base = part(*ind.BaselineValue)
		}
		targets := split(ind.Target.Value, tshare, tfactor)
		values := map[int][]float64{}
		for _, o := range city.Observations[ind.Code] {
			if o.Year > city.Plan.BaseYear {
				values[o.Year] = part(o.Value)
			}
		}
		for i, u := range areas {
			di := *ind
			di.NameZh, di.NameEn = ind.NameZh+"("+u.NameZh+",示例)", ind.NameEn+" ("+u.NameEn+", sample)"
			di.SectionCode, di.Department, di.ParentPlan, di.ParentCode = "", u.Code, city.Plan.Code, ind.Code
			di.Rollup, di.Reference, di.Interim = "", "", nil
			di.PlanText, di.Note, di.BaselineSource = sampleNote, sampleNote, "示例数据(程序生成)"
			di.Target.Value = targets[i]
			if base != nil {
				di.BaselineValue = &base[i]
			}
			if rule == indicators.RollupWeightedMean {
				w := weight[i]
				di.Weight = &w // sample population, 万人
			}
			out[i].Indicators = append(out[i].Indicators, di)
			for _, y := range sortedYears(values) {
				out[i].Observations[ind.Code] = append(out[i].Observations[ind.Code], indicators.Observation{
					Year: y, Value: values[y][i], Qualifier: indicators.Exact, Status: indicators.Preliminary,
					Source: "示例数据(程序生成)", Note: fmt.Sprintf("%s %d", sampleNote, y)})
			}
		}
	}
	return out
}

func sortedYears(m map[int][]float64) []int {
	ys := make([]int, 0, len(m))
	for y := range m {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// wholeShares splits a whole number v by shares into whole numbers that
// add up to it (largest remainders first).
func wholeShares(v float64, shares []float64) []float64 {
	out := make([]float64, len(shares))
	rest := make([]int, len(shares))
	left := math.Round(v)
	for i, s := range shares {
		out[i] = math.Floor(v * s)
		left -= out[i]
		rest[i] = i
	}
	sort.SliceStable(rest, func(a, b int) bool {
		return v*shares[rest[a]]-out[rest[a]] > v*shares[rest[b]]-out[rest[b]]
	})
	for k := 0; k < int(left) && k < len(rest); k++ {
		out[rest[k]]++
	}
	return out
}
