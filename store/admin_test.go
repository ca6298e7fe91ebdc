package store

import (
	"context"
	"testing"

	"plantrack/indicators"
)

func TestPlanAdministration(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	admin := addUser(t, s, "admin", indicators.Admin)
	p := indicators.Plan{Code: "cd-15", Jurisdiction: "成都市", NameZh: "成都市“十五五”规划", BaseYear: 2025, TargetYear: 2030}
	if err := s.SavePlan(ctx, admin, p, true, now); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePlan(ctx, admin, p, true, now); indicators.KindOf(err) != indicators.ErrConflict {
		t.Fatalf("second create: %v", err)
	}
	p.NameEn, p.ParentCode = "Chengdu 15th FYP", "demo"
	if err := s.SavePlan(ctx, admin, p, false, now); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePlan(ctx, admin, indicators.Plan{Code: "nope", NameZh: "x", BaseYear: 2025, TargetYear: 2030}, false, now); indicators.KindOf(err) != indicators.ErrNotFound {
		t.Fatalf("update of a missing plan: %v", err)
	}
	secs := []indicators.Section{
		{Code: "p1", Level: indicators.LevelPart, Number: "第一篇", TitleZh: "创新"},
		{Code: "p1.c2", ParentCode: "p1", Level: indicators.LevelChapter, Number: "第二章", TitleZh: "人才"},
		{Code: "p1.c1", ParentCode: "p1", Level: indicators.LevelChapter, Number: "第一章", TitleZh: "平台"},
	}
	for _, sec := range secs {
		if err := s.SaveSection(ctx, admin, "cd-15", sec, true, now); err != nil {
			t.Fatal(err)
		}
	}
	// read in the document's order, not in the order they were added
	if d, err := s.Dataset(ctx, "cd-15", ""); err != nil || len(d.Sections) != 3 || d.Sections[1].Code != "p1.c1" {
		t.Fatalf("sections %+v %v", d.Sections, err)
	}
	cyc := secs[0]
	cyc.ParentCode = "p1.c1"
	if err := s.SaveSection(ctx, admin, "cd-15", cyc, false, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Fatalf("cycle: %v", err)
	}
	x0 := 10.0
	ind := indicators.Indicator{Code: "labs", NameZh: "实验室", Unit: "个", SectionCode: "p1.c1", Attribute: indicators.Binding,
		Direction: indicators.Increase, Department: "sample-sci", BaselineYear: 2025, BaselineValue: &x0,
		Target: indicators.Target{Kind: indicators.KindIncreaseBy, Value: 5}, Interim: []indicators.InterimTarget{{Year: 2027, Value: 12}}}
	if err := s.SaveIndicator(ctx, admin, "cd-15", ind, "", true, now); err != nil {
		t.Fatal(err)
	}
	ind.Target.Year = 2024 // before the baseline
	if err := s.SaveIndicator(ctx, admin, "cd-15", ind, "口径调整", false, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Fatalf("bad target year: %v", err)
	}
	ind.Target.Year, ind.Department = 0, "no-such-dept"
	if err := s.SaveIndicator(ctx, admin, "cd-15", ind, "口径调整", false, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Fatalf("unknown department: %v", err)
	}
	ind.Department = "sample-env"
	if err := s.SaveIndicator(ctx, admin, "cd-15", ind, "口径调整", false, now); err != nil {
		t.Fatal(err)
	}
	d, err := s.Dataset(ctx, "cd-15", "")
	if err != nil || d.Plan.ParentCode != "demo" || len(d.Sections) != 3 || len(d.Indicators) != 1 ||
		d.Indicators[0].Department != "sample-env" || len(d.Indicators[0].Interim) != 1 {
		t.Fatalf("%+v %v", d, err)
	}
	log, _ := s.Audit(ctx, indicators.AuditFilter{}, 100)
	got := map[string]int{}
	for _, e := range log {
		got[e.Action+" "+e.Entity]++
	}
	if got["create plan"] != 1 || got["update plan"] != 1 || got["create section"] != 3 || got["create indicator"] != 1 || got["update indicator"] != 1 {
		t.Fatalf("audit %v", got)
	}
}

// Every write checks, inside its own transaction, what the actor's account
// may do: not only the routes in front of it.
func TestWritesCheckTheActor(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	admin := addUser(t, s, "admin", indicators.Admin)
	editor := addUser(t, s, "ed.sci", indicators.Editor, "sample-sci")
	viewer := addUser(t, s, "viewer", indicators.Viewer)
	ghost := indicators.As("nobody")
	p := indicators.Plan{Code: "x", NameZh: "x", BaseYear: 2020, TargetYear: 2025}
	for _, a := range []indicators.Actor{editor, viewer, ghost} {
		if err := s.SavePlan(ctx, a, p, true, now); indicators.KindOf(err) != indicators.ErrUnauthorized {
			t.Errorf("%s created a plan: %v", a.Name, err)
		}
		if err := s.SaveUnit(ctx, a, indicators.Unit{Code: "d", NameZh: "d"}, now); indicators.KindOf(err) != indicators.ErrUnauthorized {
			t.Errorf("%s saved a department: %v", a.Name, err)
		}
		if err := s.CreateUser(ctx, a, indicators.User{Name: "newbie", Role: indicators.Admin}, "long enough pw", now); indicators.KindOf(err) != indicators.ErrUnauthorized {
			t.Errorf("%s created a user: %v", a.Name, err)
		}
	}
	n := indicators.Narrative{Year: 2024, Progress: "p"}
	if err := s.SaveNarrative(ctx, editor, "demo", "energy_intensity", n, now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("an editor wrote another department's narrative: %v", err)
	}
	if err := s.SaveNarrative(ctx, editor, "demo", "rd_intensity", n, now); err != nil {
		t.Errorf("an editor could not write their own narrative: %v", err)
	}
	if err := s.SaveNarrative(ctx, viewer, "demo", "rd_intensity", n, now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("a viewer wrote a narrative: %v", err)
	}
	o := indicators.Observation{Year: 2024, Value: 2.44, Qualifier: indicators.Exact, Status: indicators.Final, Source: "s", At: now}
	if _, err := put(ctx, s, viewer, "demo", "rd_intensity", o); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("a viewer entered a value: %v", err)
	}
	if res, err := put(ctx, s, editor, "demo", "energy_intensity", o); err != nil || res.OK() {
		t.Errorf("an editor entered another department's value: %+v %v", res, err)
	}
	// an account disabled a moment ago writes nothing
	if err := s.UpdateUser(ctx, admin, indicators.User{Name: "ed.sci", Role: indicators.Editor, Units: []string{"sample-sci"}, Disabled: true}, "", now); err != nil {
		t.Fatal(err)
	}
	if _, err := put(ctx, s, editor, "demo", "rd_intensity", o); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("a disabled editor entered a value: %v", err)
	}
}
