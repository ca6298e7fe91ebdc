package seed

import (
	"math"
	"strings"
	"testing"
	"time"

	"plantrack/indicators"
)

func assessAll(d indicators.Dataset, asOf int) map[string]indicators.Assessment {
	out := map[string]indicators.Assessment{}
	for _, x := range d.Assess(asOf) {
		out[x.Indicator.Code] = x.Assessment
	}
	return out
}

func TestChengdu(t *testing.T) {
	ds, err := Datasets()
	if err != nil {
		t.Fatal(err)
	}
	d := ds[0]
	if d.Plan.Code != "chengdu-14-st" || d.Plan.BaseYear != 2020 || d.Plan.TargetYear != 2025 || d.Plan.Sample {
		t.Fatalf("plan %+v", d.Plan)
	}
	type want struct {
		kind   indicators.TargetKind
		cmp    indicators.Comparator
		value  float64
		unit   string
		status indicators.Status
	}
	wants := map[string]want{
		"national_lab":                    {indicators.KindMilestone, indicators.GE, 1, "个", indicators.StatusAchieved},
		"national_tech_innovation_center": {indicators.KindMilestone, indicators.GE, 1, "个", indicators.StatusAchievedEarly},
		"major_sci_facilities":            {indicators.KindMilestone, indicators.GE, 3, "个", indicators.StatusNoData},
		// 119 (2020) → 146 (2023, 科技局): 27 new against 20
		"new_national_platforms": {indicators.KindIncreaseBy, "", 20, "个", indicators.StatusAchievedEarly},
		// 62.9 in 2025, our estimate from 13.5万 valid patents and the population, marked 约
		"patents_per_10k": {indicators.KindLevel, indicators.GE, 39, "件/万人", indicators.StatusAchieved},
		// 1,614.2 in 2023 against "more than 1,800", and no 2020 figure
		"tech_contract_turnover": {indicators.KindLevel, indicators.GT, 1800, "亿元", indicators.StatusNoBaseline},
		"sci_tech_space":         {indicators.KindLevel, indicators.GE, 2000, "万平方米", indicators.StatusNoData},
	}
	as := assessAll(d, 2026)
	planTargets := 0
	for _, ind := range d.Indicators {
		if ind.Attribute == indicators.Reference {
			if ind.Target.Kind != indicators.KindNone {
				t.Errorf("%s: a reference indicator carries no target", ind.Code)
			}
			continue
		}
		planTargets++
		w, ok := wants[ind.Code]
		if !ok {
			t.Errorf("unexpected plan indicator %s", ind.Code)
			continue
		}
		if ind.Target.Kind != w.kind || ind.Target.Comparator != w.cmp || ind.Target.Value != w.value || ind.Unit != w.unit {
			t.Errorf("%s: %+v unit %s", ind.Code, ind.Target, ind.Unit)
		}
		if ind.PlanText == "" || ind.SectionCode == "" {
			t.Errorf("%s: no plan sentence or section", ind.Code)
		}
		if got := as[ind.Code].Status; got != w.status {
			t.Errorf("%s: status %s, want %s", ind.Code, got, w.status)
		}
	}
	if planTargets != 7 {
		t.Fatalf("%d plan indicators, want 7", planTargets)
	}
	// The three indicators no source gives a 2020 value for have none.
	for _, c := range []string{"patents_per_10k", "tech_contract_turnover", "sci_tech_space"} {
		for _, ind := range d.Indicators {
			if ind.Code == c && ind.BaselineValue != nil {
				t.Errorf("%s: baseline %v invented", c, *ind.BaselineValue)
			}
		}
	}
	// every figure is traceable to where it was read, and our own derivations are estimates
	for code, obs := range d.Observations {
		for _, o := range obs {
			if o.Source == "" || o.Note == "" {
				t.Errorf("%s %d: no source or quote", code, o.Year)
			}
			if strings.Contains(o.Note, "本项目推算") && o.Qualifier == indicators.Exact {
				t.Errorf("%s %d: a derivation marked exact", code, o.Year)
			}
		}
	}
	// GDP growth is published as yearly rates: 8.6, 2.8, 6.0, 5.7, 5.8 for 2021–2025
	var growth indicators.Indicator
	for _, ind := range d.Indicators {
		if ind.Code == "gdp_growth" {
			growth = ind
		}
	}
	if growth.ObservedAs != indicators.YearlyRate || growth.Attribute != indicators.Reference || len(d.Observations["gdp_growth"]) != 6 {
		t.Errorf("gdp_growth %+v, %d values", growth, len(d.Observations["gdp_growth"]))
	}
	// As of 2024 the national lab was still being built.
	if s := assessAll(d, 2024)["national_lab"].Status; s != indicators.StatusBehind {
		t.Errorf("national_lab as of 2024: %s", s)
	}
	levels := map[indicators.SectionLevel]int{}
	for _, s := range d.Sections {
		levels[s.Level]++
	}
	if levels[indicators.LevelPart] != 4 || levels[indicators.LevelBox] < 8 || levels[indicators.LevelSection] < 15 {
		t.Errorf("section levels %v", levels)
	}
}

func TestDemoCoversEveryStatusAndKind(t *testing.T) {
	d := Demo()
	if es := d.Validate(); len(es) > 0 {
		t.Fatal(es)
	}
	if !d.Plan.Sample {
		t.Fatal("the demo plan must be marked as sample data")
	}
	as := assessAll(d, 2026)
	statuses := map[indicators.Status]bool{}
	kinds := map[indicators.TargetKind]bool{}
	for _, s := range demoSpecs {
		got := as[s.code].Status
		if got != s.want {
			t.Errorf("%s: status %s, want %s", s.code, got, s.want)
		}
		statuses[got] = true
		kinds[s.target.Kind] = true
	}
	for _, s := range indicators.Statuses {
		if !statuses[s] {
			t.Errorf("no demo indicator is %s", s)
		}
	}
	// a milestone counts whole things built: never 2.4 facilities
	for _, ind := range d.Indicators {
		if ind.Target.Kind != indicators.KindMilestone {
			continue
		}
		for _, o := range d.Observations[ind.Code] {
			if o.Value != math.Trunc(o.Value) {
				t.Errorf("%s %d: %v of a milestone", ind.Code, o.Year, o.Value)
			}
		}
	}
	for _, k := range indicators.TargetKinds {
		if !kinds[k] {
			t.Errorf("no demo indicator of kind %s", k)
		}
	}
}

func TestSynthetic(t *testing.T) {
	d := Synthetic("bench", 400, 6)
	if es := d.Validate(); len(es) > 0 {
		t.Fatal(es)
	}
	if len(d.Indicators) != 400 || len(d.Observations["ind_0001"]) != 6 || !d.Plan.Sample {
		t.Fatalf("synthetic plan shape")
	}
}

func TestProjectsSeeded(t *testing.T) {
	ds, err := Datasets()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, d := range ds {
		for _, pr := range d.Projects {
			if es := pr.Validate(d.Plan); len(es) > 0 {
				t.Errorf("%s/%s: %v", d.Plan.Code, pr.Code, es)
			}
		}
		switch d.Plan.Code {
		case ChengduCode:
			if len(d.Projects) != 28 {
				t.Errorf("Chengdu: %d projects and tasks", len(d.Projects))
			}
			for _, pr := range d.Projects {
				// nothing invented: a stage only with its public source, no dates at all
				if (pr.Stage != "") != (pr.Source != "") || !pr.Start.IsZero() || !pr.End.IsZero() || pr.Investment != nil {
					t.Errorf("%s: %+v", pr.Code, pr)
				}
			}
		case DemoCode:
			seen := map[indicators.ProjectStatus]bool{}
			for _, pr := range d.Projects {
				seen[pr.Assess(at, d.Plan.Tol()).Status] = true
			}
			for _, st := range indicators.ProjectStatuses {
				if !seen[st] {
					t.Errorf("the demo plan has no project %s on %s", st, at.Format(time.DateOnly))
				}
			}
		}
	}
}
