package indicators

import (
	"testing"
	"time"
)

func TestWarnings(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	p := Plan{Code: "w", BaseYear: 2020, TargetYear: 2025, DataDue: "03-31"}
	obs := func(vs map[int]float64) []Observation {
		var out []Observation
		for y := 2021; y <= 2025; y++ {
			if v, ok := vs[y]; ok {
				out = append(out, Observation{Year: y, Value: v, Qualifier: Exact, Status: Final, Revision: 1})
			}
		}
		return out
	}
	lv := func(v float64) Target { return Target{Kind: KindLevel, Value: v, Comparator: GE} }
	d := Dataset{Plan: p, Observations: map[string][]Observation{}, Indicators: []Indicator{
		// binding, 100 → 200: 2023 at 110 is completion 0.10 against 0.60 elapsed: behind
		{Code: "bind", NameZh: "约束", Attribute: Binding, Direction: Increase, BaselineYear: 2020, BaselineValue: f(100), Target: lv(200)},
		// expected, 100 → 200: years +10, +10, +10 → 130 in 2023; the rest needs (200 − 130)/2 = 35 a year > 10: pace
		{Code: "pace", NameZh: "速度", Attribute: Expected, Direction: Increase, BaselineYear: 2020, BaselineValue: f(100), Target: lv(200)},
		// expected, 100 → 140: +20, +10, +5 → 135; needs 2.5 a year ≤ 20: fine
		{Code: "fine", NameZh: "正常", Attribute: Expected, Direction: Increase, BaselineYear: 2020, BaselineValue: f(100), Target: lv(140)},
	}}
	d.Observations["bind"] = obs(map[int]float64{2021: 104, 2022: 107, 2023: 110})
	d.Observations["pace"] = obs(map[int]float64{2021: 110, 2022: 120, 2023: 130})
	d.Observations["fine"] = obs(map[int]float64{2021: 120, 2022: 130, 2023: 135})
	delayed := Project{Code: "late", NameZh: "迟", Kind: KindProject, Stage: StageBuilding,
		Milestones: []Milestone{{Name: "封顶", Planned: time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)}}}
	fine := Project{Code: "ok", NameZh: "好", Kind: KindProject, Stage: StageBuilding,
		Start: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	kinds := func(ws []Warning) map[string]WarningKind {
		out := map[string]WarningKind{}
		for _, w := range ws {
			code := ""
			if w.Indicator != nil {
				code = w.Indicator.Code
			} else {
				code = w.Project.Code
			}
			out[code+"/"+string(w.Kind)] = w.Kind
		}
		return out
	}
	// 2023-12-31: before 2024's due date, nothing is missing yet
	got := kinds(Warnings(d, 2023, []Project{delayed, fine}, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)))
	// bind also needs (200 − 110)/2 = 45 a year, where its best year gave +4: a pace warning too
	want := []string{"bind/binding", "bind/pace", "pace/pace", "late/project_delayed"}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("no %s in %v", k, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("warnings %v, want %v", got, want)
	}
	// 2024-04-01: 2023 (the last complete year) is due since 2024-03-31, and every indicator has it
	for k := range kinds(Warnings(d, 2023, nil, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC))) {
		if k == "bind/missing" || k == "fine/missing" {
			t.Errorf("2023 values are there: %s", k)
		}
	}
	// 2025-03-30: 2024's due date (2025-03-31) not reached: no missing; 2025-03-31: due, 2024 missing for all three
	if n := count(Warnings(d, 2024, nil, time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC)), WarnMissing); n != 0 {
		t.Errorf("missing before the due date: %d", n)
	}
	if n := count(Warnings(d, 2024, nil, time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)), WarnMissing); n != 3 {
		t.Errorf("missing on the due date: %d, want 3", n)
	}
	// no due date set: no missing warnings
	d.Plan.DataDue = ""
	if n := count(Warnings(d, 2024, nil, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)), WarnMissing); n != 0 {
		t.Errorf("missing without a due date: %d", n)
	}
	if _, ok := (Plan{DataDue: "02-30"}).DueDate(2024); ok {
		t.Error("02-30 read as a date")
	}
}

func count(ws []Warning, k WarningKind) int {
	n := 0
	for _, w := range ws {
		if w.Kind == k {
			n++
		}
	}
	return n
}
