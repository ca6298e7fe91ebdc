package store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"plantrack/indicators"
	"plantrack/seed"
)

// TestMigrationKeepsUnitsAndAccounts opens a copy of a database made by
// release 18f156b (schema v11: flat departments, three accounts, an
// import) and checks that the units tree keeps every department, account,
// scope and value.
func TestMigrationKeepsUnitsAndAccounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	src, err := os.Open("testdata/release-v11.db")
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := os.Create(path)
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	src.Close()
	dst.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	if err := s.read.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version < 12 {
		t.Fatalf("schema %d", version)
	}
	units, err := s.Departments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]indicators.Unit{}
	for _, u := range units {
		codes[u.Code] = u
	}
	for _, c := range []string{"sample-sci", "sample-dev", "sample-env"} {
		u, ok := codes[c]
		if !ok || u.KindOr() != indicators.KindDepartment || u.Parent != "" || !u.Sample || u.NameZh == "" {
			t.Errorf("department %s after migration: %+v", c, u)
		}
	}
	ed, err := s.User(ctx, "ed.sci")
	if err != nil {
		t.Fatal(err)
	}
	if ed.Role != indicators.Editor || ed.DisplayName != "张三" || !slices.Equal(ed.Units, []string{"sample-env", "sample-sci"}) {
		t.Errorf("editor after migration: %+v", ed)
	}
	if !ed.CanEdit(indicators.Indicator{Department: "sample-sci"}) || ed.CanEdit(indicators.Indicator{Department: "sample-dev"}) {
		t.Error("the editor's scope changed")
	}
	for name, role := range map[string]indicators.Role{"admin": indicators.Admin, "vera": indicators.Viewer} {
		if u, err := s.User(ctx, name); err != nil || u.Role != role {
			t.Errorf("%s: %+v %v", name, u, err)
		}
	}
	d, err := s.Dataset(ctx, "demo", "rd_intensity")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, o := range indicators.Current(d.Observations["rd_intensity"]) {
		found = found || (o.Year == 2024 && o.Value == 2.41)
	}
	if !found {
		t.Errorf("the fixture's imported value is gone: %+v", d.Observations["rd_intensity"])
	}
	// the new parts work on the old file: a reviewer, a unit under another
	addUser(t, s, "rev", indicators.Reviewer, "sample-sci")
	admin := indicators.LocalActor("cli")
	if err := s.SaveUnit(ctx, admin, indicators.Unit{Code: "sample-sci-lab", NameZh: "实验室处(示例)", Parent: "sample-sci"}, now); err != nil {
		t.Fatal(err)
	}
	ed, _ = s.User(ctx, "ed.sci")
	if !ed.CanEdit(indicators.Indicator{Department: "sample-sci-lab"}) {
		t.Errorf("a unit under the editor's is out of scope: %v", ed.Scope)
	}
	// a loop is refused
	if err := s.SaveUnit(ctx, admin, indicators.Unit{Code: "sample-sci", NameZh: "示例市科技局", Parent: "sample-sci-lab"}, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Errorf("loop saved: %v", err)
	}
}

// seedChengdu saves the Chengdu plan and its districts' sample shares.
func seedChengdu(t testing.TB, s *Store) {
	t.Helper()
	ds, err := seed.Datasets()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Plan.Code == seed.ChengduCode || d.Plan.ParentCode == seed.ChengduCode {
			if _, err := s.SaveDataset(context.Background(), indicators.LocalActor("seed"), d, now); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestDistrictColumn(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	seedChengdu(t, s)
	jin := addUser(t, s, "jin", indicators.Editor, "jinjiang")
	file := func(rows ...[]string) indicators.RowSource {
		return indicators.Rows(append([][]string{{"plan", "district", "indicator", "year", "value", "source"}}, rows...))
	}
	opt := indicators.ImportOptions{File: "districts.csv", Actor: indicators.LocalActor("cli"), Now: now}
	// by code and by name; the city's own figure without a district
	res, err := s.ImportActuals(ctx, file(
		[]string{"chengdu-14-st", "jinjiang", "tech_contract_turnover", "2024", "99.5", "区统计局"},
		[]string{"chengdu-14-st", "青羊区", "tech_contract_turnover", "2024", "120", "区统计局"},
		[]string{"chengdu-14-st", "", "tech_contract_turnover", "2024", "1900", "市统计局"}), opt)
	if err != nil || !res.OK() || res.New != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	get := func(plan string) float64 {
		d, err := s.Dataset(ctx, plan, "tech_contract_turnover")
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range indicators.Current(d.Observations["tech_contract_turnover"]) {
			if o.Year == 2024 {
				return o.Value
			}
		}
		return -1
	}
	if get("chengdu-14-st.jinjiang") != 99.5 || get("chengdu-14-st.qingyang") != 120 || get("chengdu-14-st") != 1900 {
		t.Errorf("values went elsewhere: %v %v %v", get("chengdu-14-st.jinjiang"), get("chengdu-14-st.qingyang"), get("chengdu-14-st"))
	}
	// an unknown district, an indicator not decomposed: row errors, nothing written
	res, err = s.ImportActuals(ctx, file(
		[]string{"chengdu-14-st", "jinjiang", "tech_contract_turnover", "2025", "101", "区统计局"},
		[]string{"chengdu-14-st", "nowhere", "tech_contract_turnover", "2025", "1", "x"},
		[]string{"chengdu-14-st", "jinjiang", "national_lab", "2025", "1", "x"}), opt)
	if err != nil || res.OK() || res.Errors != 2 || res.New != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	cols := map[string]string{}
	for _, is := range res.Issues {
		cols[is.Msg.Key] = is.Column
	}
	if cols["imp.district.unknown"] != "district" || cols["imp.district.notDecomposed"] != "indicator" {
		t.Errorf("issues %+v", res.Issues)
	}
	if get("chengdu-14-st.jinjiang") != 99.5 {
		t.Error("a failed file wrote a value")
	}
	// a district editor: their district yes, another's refused, nothing written
	opt.Actor = jin
	res, err = s.ImportActuals(ctx, file([]string{"chengdu-14-st", "jinjiang", "tech_contract_turnover", "2024", "98", "区统计局"}), opt)
	if err != nil || !res.OK() || res.Changed != 1 {
		t.Fatalf("own district: %+v %v", res, err)
	}
	res, err = s.ImportActuals(ctx, file([]string{"chengdu-14-st", "jinjiang", "tech_contract_turnover", "2025", "100", "区统计局"},
		[]string{"chengdu-14-st", "qingyang", "tech_contract_turnover", "2025", "130", "区统计局"}), opt)
	if err != nil || res.OK() || res.Errors != 1 || !res.Issues[0].Refused || res.Issues[0].Row != 3 {
		t.Fatalf("another district: %+v %v", res, err)
	}
	if get("chengdu-14-st.jinjiang") != 98 {
		t.Error("a refused file wrote a value")
	}
	// and the city's own figure is not theirs
	res, _ = s.ImportActuals(ctx, file([]string{"chengdu-14-st", "", "tech_contract_turnover", "2025", "2000", "x"}), opt)
	if res.OK() {
		t.Error("a district editor wrote the city's figure")
	}
}

func TestReviewBeforeCounting(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	seedChengdu(t, s)
	admin := indicators.LocalActor("cli")
	p, err := s.Plan(ctx, seed.ChengduCode)
	if err != nil {
		t.Fatal(err)
	}
	p.Review = true
	if err := s.SavePlan(ctx, admin, p, false, now); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Plan(ctx, "chengdu-14-st.jinjiang"); !d.Review || d.Unit != "jinjiang" {
		t.Fatalf("the district plan does not follow its city's review: %+v", d)
	}
	jin := addUser(t, s, "jin", indicators.Editor, "jinjiang")
	rev := addUser(t, s, "rev", indicators.Reviewer, "chengdu") // the city: every district under it
	other := addUser(t, s, "rev.qy", indicators.Reviewer, "qingyang")
	const plan, code = "chengdu-14-st.jinjiang", "tech_contract_turnover"
	put := func(v string) indicators.ImportResult {
		t.Helper()
		res, err := s.ImportActuals(ctx, indicators.Rows([][]string{{"plan", "indicator", "year", "value", "source"},
			{plan, code, "2024", v, "区统计局"}}), indicators.ImportOptions{File: "form", Actor: jin, Now: now})
		if err != nil || !res.OK() {
			t.Fatalf("%+v %v", res, err)
		}
		return res
	}
	counted := func() (*indicators.Observation, []indicators.Observation) {
		t.Helper()
		d, err := s.Dataset(ctx, plan, code)
		if err != nil {
			t.Fatal(err)
		}
		var c *indicators.Observation
		for _, o := range indicators.Current(d.Observations[code]) {
			if o.Year == 2024 {
				c = &o
			}
		}
		return c, d.Pending[code]
	}
	if res := put("105"); res.Submitted != 1 {
		t.Fatalf("not submitted: %+v", res)
	}
	c, pending := counted()
	if c != nil || len(pending) != 1 || pending[0].Review != indicators.Submitted || pending[0].Value != 105 {
		t.Fatalf("a submitted value counts: %+v %+v", c, pending)
	}
	ref := ValueRef{Plan: plan, Indicator: code, Year: 2024, Revision: pending[0].Revision}
	// outside the unit: refused; a return without a reason: refused; an editor: refused
	if err := s.Review(ctx, other, ref, indicators.Approved, "", now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("a reviewer of another district approved: %v", err)
	}
	if err := s.Review(ctx, jin, ref, indicators.Approved, "", now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("the editor approved their own value: %v", err)
	}
	if err := s.Review(ctx, rev, ref, indicators.Returned, "  ", now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Errorf("returned without a reason: %v", err)
	}
	if err := s.Review(ctx, rev, ref, indicators.Returned, "与区统计公报不符,请核对", now); err != nil {
		t.Fatal(err)
	}
	if err := s.Review(ctx, rev, ref, indicators.Approved, "", now); indicators.KindOf(err) != indicators.ErrConflict {
		t.Errorf("a returned value approved: %v", err)
	}
	c, pending = counted()
	if c != nil || len(pending) != 1 || pending[0].Review != indicators.Returned || pending[0].ReviewNote != "与区统计公报不符,请核对" {
		t.Fatalf("returned: %+v %+v", c, pending)
	}
	// the editor's list shows it returned; the reviewer's list does not (nothing to decide)
	mine, _ := s.User(ctx, "jin")
	if list, err := s.Pending(ctx, mine, 0); err != nil || len(list) != 1 || list[0].Value.Review != indicators.Returned {
		t.Errorf("editor's list %+v %v", list, err)
	}
	// sent again as it was: a resubmission, not "unchanged"
	if res := put("105"); res.New+res.Changed != 1 || res.Submitted != 1 {
		t.Fatalf("resubmission: %+v", res)
	}
	_, pending = counted()
	if len(pending) != 1 || pending[0].Review != indicators.Submitted || pending[0].Revision != ref.Revision+1 {
		t.Fatalf("resubmitted: %+v", pending)
	}
	reviewer, _ := s.User(ctx, "rev")
	list, err := s.Pending(ctx, reviewer, 0)
	if err != nil || len(list) != 1 || list[0].Previous != nil || list[0].Indicator != code {
		t.Fatalf("reviewer's list %+v %v", list, err)
	}
	ref.Revision = pending[0].Revision
	if err := s.Review(ctx, rev, ref, indicators.Approved, "", now); err != nil {
		t.Fatal(err)
	}
	c, pending = counted()
	if c == nil || c.Value != 105 || len(pending) != 0 {
		t.Fatalf("approved does not count: %+v %+v", c, pending)
	}
	// a new submission is shown beside the value that counts now
	put("106")
	if list, err := s.Pending(ctx, reviewer, 0); err != nil || len(list) != 1 || list[0].Previous == nil || list[0].Previous.Value != 105 {
		t.Fatalf("the value counting now: %+v %v", list, err)
	}
	// every step in the audit log
	for _, action := range []string{"return", "approve"} {
		es, err := s.Audit(ctx, indicators.AuditFilter{Action: action, Entity: "observation"}, 10)
		if err != nil || len(es) != 1 || es[0].Actor != "rev" {
			t.Errorf("audit %s: %+v %v", action, es, err)
		}
	}
	// an administrator's value counts at once, review or not
	res, err := s.ImportActuals(ctx, indicators.Rows([][]string{{"plan", "indicator", "year", "value", "source"},
		{plan, code, "2023", "80", "区统计局"}}), indicators.ImportOptions{File: "form", Actor: admin, Now: now})
	if err != nil || res.Submitted != 0 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestProjectsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	d := seed.Demo()
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), d, now); err != nil {
		t.Fatal(err)
	}
	got, err := s.Projects(ctx, "demo")
	if err != nil || len(got) != len(d.Projects) {
		t.Fatalf("%d projects %v", len(got), err)
	}
	for i, pr := range got {
		w := d.Projects[i]
		if pr.Code != w.Code || pr.Stage != w.Stage || !pr.Start.Equal(w.Start) || !pr.End.Equal(w.End) || len(pr.Years) != len(w.Years) ||
			len(pr.Milestones) != len(w.Milestones) || len(pr.Indicators) != len(w.Indicators) || pr.Unit != w.Unit || pr.SectionCode != w.SectionCode {
			t.Errorf("%s: got %+v\nwant %+v", w.Code, pr, w)
		}
		for k, m := range pr.Milestones {
			if (m.Actual == nil) != (w.Milestones[k].Actual == nil) || !m.Planned.Equal(w.Milestones[k].Planned) {
				t.Errorf("%s milestone %d: %+v", w.Code, k, m)
			}
		}
	}
	// an editor may not change a project; an admin may, audited
	ed := addUser(t, s, "ed", indicators.Editor, "sample-sci")
	pr := got[0]
	pr.Stage = indicators.StageBuilt
	if err := s.SaveProject(ctx, ed, "demo", pr, now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("an editor saved a project: %v", err)
	}
	// a completion before the start, an unknown indicator: refused, nothing written
	bad := pr
	bad.End = pr.Start.AddDate(0, 0, -1)
	if err := s.SaveProject(ctx, indicators.LocalActor("cli"), "demo", bad, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Errorf("end before start saved: %v", err)
	}
	bad = pr
	bad.Indicators = []string{"nope"}
	if err := s.SaveProject(ctx, indicators.LocalActor("cli"), "demo", bad, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Errorf("unknown indicator saved: %v", err)
	}
	if err := s.SaveProject(ctx, indicators.LocalActor("cli"), "demo", pr, now); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Projects(ctx, "demo")
	if again[0].Stage != indicators.StageBuilt || again[0].Code != pr.Code {
		t.Errorf("saved %+v", again[0])
	}
}

func TestProjectsImportRoundTripAndErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	prs, _ := s.Projects(ctx, "demo")
	header := []string{"code", "name_zh", "name_en", "kind", "box", "unit", "stage", "start", "end", "investment", "years", "milestones",
		"indicators", "source", "note"}
	rows := [][]string{header}
	for _, pr := range prs {
		inv := ""
		if pr.Investment != nil {
			inv = indicators.FormatValue(*pr.Investment)
		}
		d := func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(time.DateOnly)
		}
		rows = append(rows, []string{pr.Code, pr.NameZh, pr.NameEn, string(pr.Kind), pr.SectionCode, pr.Unit, string(pr.Stage), d(pr.Start), d(pr.End),
			inv, indicators.FormatProjectYears(pr.Years), indicators.FormatMilestones(pr.Milestones), strings.Join(pr.Indicators, "; "), pr.Source, pr.Note})
	}
	opt := indicators.ImportOptions{File: "projects.csv", Actor: indicators.LocalActor("cli"), Now: now}
	res, err := s.ImportProjects(ctx, "demo", indicators.Rows(rows), opt)
	if err != nil || !res.OK() || res.New+res.Changed != 0 || res.Unchanged != len(prs) {
		t.Fatalf("round trip: %+v %v", res, err)
	}
	// Chinese headers and words, a new project, by box number and unit name
	res, err = s.ImportProjects(ctx, "demo", indicators.Rows([][]string{
		{"项目代码", "项目名称", "类型", "专栏", "责任单位", "阶段", "计划开工", "计划完成", "计划总投资", "年度投资", "里程碑"},
		{"new_one", "新项目(示例)", "重大项目", "专栏1", "示例市科技局", "在建", "2023年3月", "2026/12/31", "12.5", "2023:3/3; 2024:4/2",
			"主体封顶@2024-06-30=2024-07-15; 投运@2026-12-31"},
	}), opt)
	if err != nil || !res.OK() || res.New != 1 {
		t.Fatalf("new project: %+v %v", res, err)
	}
	got, _ := s.Projects(ctx, "demo")
	last := got[len(got)-1]
	if last.Code != "new_one" || last.SectionCode != "a.2" || last.Unit != "sample-sci" || last.Stage != indicators.StageBuilding ||
		last.Start.Format(time.DateOnly) != "2023-03-01" || len(last.Milestones) != 2 || last.Milestones[0].Actual == nil || *last.Investment != 12.5 {
		t.Errorf("new project: %+v", last)
	}
	// errors at their row and column, nothing written
	res, err = s.ImportProjects(ctx, "demo", indicators.Rows([][]string{
		{"code", "name_zh", "box", "unit", "start", "end", "milestones"},
		{"p1", "甲", "专栏99", "", "", "", ""},
		{"p2", "乙", "", "nobody", "", "", ""},
		{"p3", "丙", "", "", "2024-01-01", "2023-01-01", ""},
		{"p4", "丁", "", "", "", "", "远期@2040-01-01"},
		{"p5", "戊", "", "", "2024-02-30", "", ""},
	}), opt)
	if err != nil || res.OK() || res.ID != 0 {
		t.Fatalf("bad file: %+v %v", res, err)
	}
	at := map[int]string{}
	for _, is := range res.Issues {
		at[is.Row] = is.Column
	}
	for row, col := range map[int]string{2: "box", 3: "unit", 4: "end", 5: "milestones", 6: "start"} {
		if at[row] != col {
			t.Errorf("row %d: column %q, want %q (%+v)", row, at[row], col, res.Issues)
		}
	}
	if after, _ := s.Projects(ctx, "demo"); len(after) != len(got) {
		t.Error("a file with errors wrote projects")
	}
	// an editor may not import projects
	opt.Actor = addUser(t, s, "ed", indicators.Editor, "sample-sci")
	if _, err := s.ImportProjects(ctx, "demo", indicators.Rows(rows), opt); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Errorf("an editor imported projects: %v", err)
	}
}

func TestReviewManyAllOrNone(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	seedChengdu(t, s)
	admin := indicators.LocalActor("cli")
	p, _ := s.Plan(ctx, seed.ChengduCode)
	p.Review = true
	if err := s.SavePlan(ctx, admin, p, false, now); err != nil {
		t.Fatal(err)
	}
	ed := addUser(t, s, "ed", indicators.Editor, "chengdu") // enters for every district
	rev := addUser(t, s, "rev.jj", indicators.Reviewer, "jinjiang")
	res, err := s.ImportActuals(ctx, indicators.Rows([][]string{{"plan", "district", "indicator", "year", "value", "source"},
		{"chengdu-14-st", "jinjiang", "tech_contract_turnover", "2024", "99", "x"},
		{"chengdu-14-st", "qingyang", "tech_contract_turnover", "2024", "120", "x"}}), indicators.ImportOptions{File: "f", Actor: ed, Now: now})
	if err != nil || res.Submitted != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	refs := []ValueRef{{"chengdu-14-st.jinjiang", "tech_contract_turnover", 2024, 1}, {"chengdu-14-st.qingyang", "tech_contract_turnover", 2024, 1}}
	for _, r := range refs {
		if d, _ := s.Dataset(ctx, r.Plan, r.Indicator); len(d.Pending[r.Indicator]) != 1 || d.Pending[r.Indicator][0].Revision != r.Revision {
			t.Fatalf("%s: %+v", r.Plan, d.Pending)
		}
	}
	// jinjiang's reviewer may not decide qingyang's value: neither is approved
	if err := s.ReviewMany(ctx, rev, refs, indicators.Approved, "", now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("another district's value approved: %v", err)
	}
	if d, _ := s.Dataset(ctx, refs[0].Plan, refs[0].Indicator); len(d.Pending[refs[0].Indicator]) != 1 {
		t.Error("half of a refused decision was written")
	}
	if err := s.ReviewMany(ctx, admin, refs, indicators.Approved, "", now); err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if d, _ := s.Dataset(ctx, r.Plan, r.Indicator); len(d.Pending[r.Indicator]) != 0 {
			t.Errorf("%s still waiting", r.Plan)
		}
	}
}
