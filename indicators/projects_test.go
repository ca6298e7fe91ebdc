package indicators

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestProjectStatusAtTheBoundaries(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	reached := day(2023, 6, 1)
	base := Project{Code: "p", NameZh: "项目", Kind: KindProject, Stage: StageBuilding,
		Start: day(2021, 1, 1), End: day(2025, 1, 1), Investment: f(100),
		Milestones: []Milestone{{Name: "主体完工", Planned: day(2024, 7, 1)}, {Name: "开工", Planned: day(2021, 3, 1), Actual: &reached}}}
	at := day(2024, 1, 1)
	cases := []struct {
		name string
		edit func(*Project)
		at   time.Time
		want ProjectStatus
	}{
		// 2024-07-01 is 182 days after 2024-01-01: beyond 90 days, and no investment figures: on schedule
		{"milestone far ahead", func(*Project) {}, at, ProjectOnTrack},
		// 2024-04-01 is 91 days ahead: not yet within 90 days
		{"91 days ahead", func(p *Project) { p.Milestones[0].Planned = day(2024, 4, 1) }, at, ProjectOnTrack},
		// 2024-03-31 is 90 days ahead: within, at risk
		{"90 days ahead", func(p *Project) { p.Milestones[0].Planned = day(2024, 3, 31) }, at, ProjectAtRisk},
		// planned on the day itself: not yet past, due: at risk
		{"due today", func(p *Project) { p.Milestones[0].Planned = at }, at, ProjectAtRisk},
		// planned the day before: overdue, delayed
		{"a day overdue", func(p *Project) { p.Milestones[0].Planned = day(2023, 12, 31) }, at, ProjectDelayed},
		// overdue but reached: fine
		{"reached", func(p *Project) { p.Milestones[0].Planned, p.Milestones[0].Actual = day(2023, 12, 31), &reached }, at, ProjectOnTrack},
		// the planned completion passed, not built: delayed
		{"completion passed", func(p *Project) { p.Milestones = nil }, day(2025, 1, 2), ProjectDelayed},
		// built: completed, whatever the dates
		{"built", func(p *Project) { p.Stage = StageBuilt }, day(2026, 1, 1), ProjectCompleted},
		{"task done", func(p *Project) { p.Kind, p.Stage = KindTask, StageDone }, day(2026, 1, 1), ProjectCompleted},
		// elapsed on 2024-01-01: 1095/1461 = 0.7495; δ 0.05 → the bar is 0.6995.
		// invested 70 of 100 = 0.70 ≥ 0.6995: on schedule
		{"invested 70%", func(p *Project) {
			p.Years = []ProjectYear{{Year: 2022, Completed: f(30)}, {Year: 2023, Completed: f(40)}}
		}, at, ProjectOnTrack},
		// invested 69 of 100 = 0.69 < 0.6995: at risk
		{"invested 69%", func(p *Project) {
			p.Years = []ProjectYear{{Year: 2022, Completed: f(30)}, {Year: 2023, Completed: f(39)}}
		}, at, ProjectAtRisk},
		// a later year's investment does not count before its year
		{"next year's investment", func(p *Project) {
			p.Years = []ProjectYear{{Year: 2022, Completed: f(30)}, {Year: 2025, Completed: f(60)}}
		}, at, ProjectAtRisk},
		// no dates at all: unknown
		{"no dates", func(p *Project) { p.Start, p.End, p.Milestones, p.Investment = time.Time{}, time.Time{}, nil, nil }, at, ProjectUnknown},
	}
	for _, c := range cases {
		p := base
		p.Milestones = append([]Milestone(nil), base.Milestones...)
		c.edit(&p)
		if got := p.Assess(c.at, 0.05); got.Status != c.want {
			t.Errorf("%s: %s, want %s (%+v)", c.name, got.Status, c.want, got)
		}
	}
	a := base.Assess(at, 0.05)
	if a.Elapsed == nil || *a.Elapsed < 0.7494 || *a.Elapsed > 0.7496 {
		t.Errorf("elapsed %v, want 1095/1461", a.Elapsed)
	}
}

func TestProjectValidate(t *testing.T) {
	p := Plan{Code: "x", BaseYear: 2020, TargetYear: 2025}
	ok := Project{Code: "lab", NameZh: "实验室", Kind: KindProject, Start: day(2021, 1, 1), End: day(2024, 1, 1)}
	if es := ok.Validate(p); len(es) > 0 {
		t.Fatal(es)
	}
	bad := ok
	bad.End = day(2020, 12, 31) // before the start
	if es := bad.Validate(p); len(es) != 1 || es[0].Field != "end" {
		t.Errorf("end before start: %v", es)
	}
	bad = ok
	bad.Milestones = []Milestone{{Name: "远期", Planned: day(2035, 1, 1)}}
	if es := bad.Validate(p); len(es) != 1 || es[0].Field != "milestones" {
		t.Errorf("milestone outside the plan: %v", es)
	}
	bad = ok
	bad.Kind, bad.Stage = KindTask, StageBuilding
	if es := bad.Validate(p); len(es) != 1 || es[0].Field != "stage" {
		t.Errorf("a project's stage on a task: %v", es)
	}
}
