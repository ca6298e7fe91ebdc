package indicators

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// fakeState is a database of one plan, p, for the engine.
type fakeState struct {
	plans map[string]*PlanState
	revs  map[string]Observation // by code/year/revision
	loads int
}

func revKey(code string, year, rev int) string {
	return code + "/" + FormatValue(float64(year)) + "/" + FormatValue(float64(rev))
}

// newFake holds plan "p" with rate (%, department sci, baseline 2.0 in
// 2020, 2023 = 2.3 final, source 公报) and money (亿元, department dev).
func newFake() *fakeState {
	base := 2.0
	f := &fakeState{plans: map[string]*PlanState{}, revs: map[string]Observation{}}
	ps := &PlanState{Plan: Plan{Code: "p", BaseYear: 2020, TargetYear: 2025}, Indicators: map[string]*IndicatorState{
		"rate":  {Key: 1, Department: "sci", Unit: "%", BaselineYear: 2020, Baseline: &base},
		"money": {Key: 2, Department: "dev", Unit: "亿元", BaselineYear: 2020},
		"growth": {Key: 3, Department: "dev", Unit: "%", BaselineYear: 2020, Kind: KindYearly,
			Targets: map[int]YearTarget{2022: {Year: 2022, Comparator: GE, Value: 6, Text: "6以上", Revision: 1}}},
	}}
	old := Observation{Year: 2023, Value: 2.3, Qualifier: Exact, Status: Final, Source: "公报", Note: "年报", Revision: 1}
	ps.Indicators["rate"].Load(old)
	f.revs[revKey("rate", 2023, 1)] = old
	m := Observation{Year: 2023, Value: 1200, Qualifier: Exact, Status: Preliminary, Source: "快报", Revision: 1}
	ps.Indicators["money"].Load(m)
	f.revs[revKey("money", 2023, 1)] = m
	f.plans["p"] = ps
	return f
}

func (f *fakeState) Plan(code string) (*PlanState, error) {
	f.loads++
	return f.plans[code], nil
}

func (f *fakeState) Revision(is *IndicatorState, year, rev int) (Observation, error) {
	for code, x := range f.plans["p"].Indicators {
		if x == is {
			if o, ok := f.revs[revKey(code, year, rev)]; ok {
				return o, nil
			}
		}
	}
	return Observation{}, errors.New("no such revision")
}

var (
	admin  = &User{Name: "ada", Role: Admin}
	sciEd  = &User{Name: "ed", Role: Editor, Units: []string{"sci"}}
	at     = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	opts   = ImportOptions{Plan: "p", File: "f.csv", Actor: As("ada"), Now: at}
	header = []string{"indicator", "year", "value", "qualifier", "status", "source", "note"}
)

// run imports rows (after the header given) for u and returns the result
// and what was handed to the writer.
func run(t *testing.T, f *fakeState, u *User, opt ImportOptions, head []string, rows ...[]string) (ImportResult, []Change) {
	t.Helper()
	var written []Change
	im := NewActualsImport(opt, u, f, func(c Change) error { written = append(written, c); return nil })
	if err := im.Run(context.Background(), Rows(append([][]string{head}, rows...))); err != nil {
		t.Fatal(err)
	}
	return im.Result(), written
}

func keys(is []Issue) string {
	var out []string
	for _, i := range is {
		out = append(out, FormatValue(float64(i.Row))+":"+i.Msg.Key)
	}
	return strings.Join(out, " ")
}

func TestReadHeader(t *testing.T) {
	h, issues := ReadHeader(ImportActuals, []string{"\ufeff指标代码", "年份", "数值(亿元)", "ＳＯＵＲＣＥ", "单位", "颜色"})
	if !h.Has("indicator") || !h.Has("year") || !h.Has("value") || !h.Has("source") || h.Has("note") {
		t.Errorf("header %+v", h)
	}
	// the unit column is for people and read silently; 颜色 is unknown: a warning
	if len(issues) != 1 || !issues[0].Warning || issues[0].Column != "颜色" || issues[0].Msg.Key != "imp.unknownColumn" {
		t.Errorf("issues %+v", issues)
	}
	if h.Column("value") != "数值(亿元)" {
		t.Errorf("the file's own column name: %q", h.Column("value"))
	}
	_, issues = ReadHeader(ImportActuals, []string{"indicator", "value", "值"})
	if keys(issues) != "1:imp.repeatedColumn 1:imp.missingColumn" || issues[1].Msg.Args[0] != "year" {
		t.Errorf("repeated and missing: %s", keys(issues))
	}
	h, _ = ReadHeader(ImportActuals, []string{"indicator", "year", "value", "source"})
	if got := h.Cell([]string{"x", "2024", "1", "'=SUM(A1)"}, "source"); got != "=SUM(A1)" {
		t.Errorf("an export's formula guard is taken off: %q", got)
	}
	if got := h.Cell([]string{"x"}, "value"); got != "" {
		t.Errorf("a short row: %q", got)
	}
}

func TestParseActualRow(t *testing.T) {
	h, _ := ReadHeader(ImportActuals, header)
	for _, y := range []string{"2024", "2024年", "２０２４", "2024.0"} {
		if a, is := ParseActualRow(h, 2, []string{"rate", y, "1"}); len(is) != 0 || a.Year != 2024 {
			t.Errorf("year %q: %d %+v", y, a.Year, is)
		}
	}
	a, is := ParseActualRow(h, 2, []string{"rate", "二〇二四", "1", "大概", "快报", " s ", ""})
	if keys(is) != "2:imp.notYear 2:imp.qualifier" || a.Status != Preliminary || a.Source != "s" {
		t.Errorf("%+v %s", a, keys(is))
	}
	if _, is := ParseActualRow(h, 2, []string{"", "2024", "1"}); keys(is) != "2:imp.noIndicator" {
		t.Errorf("no indicator: %s", keys(is))
	}
}

// New, changed and unchanged values; a field a row leaves empty keeps its
// current value; the writer sees each new or changed value once.
func TestEngineWritesWhatChanges(t *testing.T) {
	f := newFake()
	res, written := run(t, f, admin, opts, header,
		[]string{"rate", "2024", "2.45", "", "", "2025公报", ""},
		[]string{"rate", "2023", "2.3", "", "", "", ""},        // as stored: status, source, note kept
		[]string{"rate", "2023", "2.3", "", "", "", ""},        // the same row again: ignored with a warning
		[]string{"money", "2023", "1250", "", "final", "", ""}, // changed; source and note kept
		[]string{"money", "2022", "—", "", "", "", ""},         // no value
		[]string{"", "", "", "", "", "", ""},                   // blank: skipped
	)
	if res.Rows != 5 || res.New != 1 || res.Changed != 1 || res.Unchanged != 1 || res.Empty != 1 || !res.OK() {
		t.Fatalf("%+v", res)
	}
	if keys(res.Issues) != "4:imp.repeatsRow" {
		t.Errorf("issues %s", keys(res.Issues))
	}
	if len(written) != 2 {
		t.Fatalf("written %+v", written)
	}
	n := written[0].New
	if n.Year != 2024 || n.Value != 2.45 || n.Status != Preliminary || n.Source != "2025公报" || n.Revision != 1 || n.Actor != "ada" || !n.At.Equal(at) {
		t.Errorf("new value %+v", n)
	}
	c := written[1]
	if c.Key != 2 || c.New.Revision != 2 || c.New.Status != Final || c.New.Source != "快报" || c.Old == nil || c.Old.Value != 1200 {
		t.Errorf("changed value %+v old %+v", c.New, c.Old)
	}
	if f.loads != 1 {
		t.Errorf("the plan was loaded %d times", f.loads)
	}
	// a dry run finds the same and writes nothing
	o := opts
	o.DryRun = true
	dry, written := run(t, newFake(), admin, o, header,
		[]string{"rate", "2024", "2.45", "", "", "2025公报", ""}, []string{"money", "2023", "1250", "", "final", "", ""})
	if dry.New != 1 || dry.Changed != 1 || len(written) != 0 {
		t.Errorf("dry run %+v, %d written", dry, len(written))
	}
}

// A value about a power of ten off the year before, or off the year's own
// current value, is a warning whose hint suits the unit.
func TestEngineMagnitudeWarnings(t *testing.T) {
	res, _ := run(t, newFake(), admin, opts, header,
		[]string{"rate", "2024", "23", "", "", "s", ""},    // 10 × 2023's 2.3, a % indicator: the decimal point
		[]string{"rate", "2021", "21", "", "", "s", ""},    // 10 × the baseline 2.0 (2020)
		[]string{"money", "2023", "12.5", "", "", "s", ""}, // 1/100 of 2023's own 1200: a revision, 万元/亿元
	)
	if keys(res.Issues) != "2:imp.magnitude.year 3:imp.magnitude.year 4:imp.magnitude.revision" {
		t.Fatalf("warnings %s", keys(res.Issues))
	}
	if hint := res.Issues[0].Msg.Args[4].(Msg).Key; hint != "imp.hint.decimal" {
		t.Errorf("a %% indicator's hint: %s", hint)
	}
	if hint := res.Issues[2].Msg.Args[4].(Msg).Key; hint != "imp.hint.money" {
		t.Errorf("a money indicator's hint: %s", hint)
	}
	if times := res.Issues[2].Msg.Args[3].(Msg); times.Key != "imp.fraction" || times.Args[0] != "100" {
		t.Errorf("1/100: %+v", times)
	}
	if res.Warnings != 3 || !res.OK() {
		t.Errorf("warnings do not stop an import: %+v", res)
	}
}

// Every kind of row error, at its row and column; once a file has an
// error, nothing more is handed to the writer.
func TestEngineErrors(t *testing.T) {
	res, written := run(t, newFake(), sciEd, opts, append(header, "plan"),
		[]string{"rate", "2024", "2.4", "", "", "s", "", "p"},
		[]string{"money", "2024", "1300", "", "", "s", "", "p"},         // another department's: refused
		[]string{"money", "abc", "x", "", "", "s", "", "p"},             // refused first, whatever else is wrong
		[]string{"nope", "2024", "1", "", "", "s", "", "p"},             // unknown indicator
		[]string{"rate", "2024", "1", "", "", "s", "", "q"},             // unknown plan
		[]string{"rate", "2031", "1", "", "", "s", "", "p"},             // after the target year
		[]string{"rate", "2022", "两点", "", "", "s", "", "p"},            // not a number
		[]string{"rate", "2022", "约2", "lower_bound", "", "s", "", "p"}, // qualifier against the wording
		[]string{"rate", "2024", "2.5", "", "", "s", "", "p"},           // a different value for row 2's year
		[]string{"rate", "2021", "2.1", "", "", "s", "", "p"},
	)
	want := "3:err.forbidden.indicator 4:err.forbidden.indicator 5:err.indicator.notFound 6:imp.unknownPlan " +
		"7:err.obs.year 8:err.value.nan 9:imp.qualifierContradicts 10:imp.conflictRow"
	if keys(res.Issues) != want {
		t.Fatalf("issues\n%s\nwant\n%s", keys(res.Issues), want)
	}
	if !res.Issues[0].Refused || res.Issues[2].Refused || res.Issues[0].Column != "indicator" || res.Issues[7].Column != "value" {
		t.Errorf("refusal and columns: %+v", res.Issues)
	}
	if len(written) != 1 {
		t.Errorf("after the first error %d values went to the writer", len(written))
	}
	// a file without a plan column and no plan chosen; a form's empty value
	o := opts
	o.Plan = ""
	if res, _ := run(t, newFake(), admin, o, header, []string{"rate", "2024", "1"}); keys(res.Issues) != "1:imp.noPlanColumn" {
		t.Errorf("no plan: %s", keys(res.Issues))
	}
	o = opts
	o.ValuesRequired = true
	if res, _ := run(t, newFake(), admin, o, header, []string{"rate", "2024", "", "", "", "s", ""}); keys(res.Issues) != "2:imp.noValue" {
		t.Errorf("a form's empty value: %s", keys(res.Issues))
	}
}

// Sources: a file without the column says so once; a row that leaves a
// new value without one is warned of.
func TestEngineSources(t *testing.T) {
	res, written := run(t, newFake(), admin, opts, []string{"indicator", "year", "value"},
		[]string{"rate", "2024", "2.4"}, []string{"rate", "2023", "2.35"})
	if keys(res.Issues) != "1:imp.noSourceColumn" || len(written) != 2 {
		t.Fatalf("%s", keys(res.Issues))
	}
	if written[1].New.Source != "公报" || written[1].New.Note != "年报" || written[1].New.Status != Final {
		t.Errorf("a file without the columns keeps the current source, note and status: %+v", written[1].New)
	}
	if written[0].New.Source != "" || written[0].New.Status != Preliminary {
		t.Errorf("a new value gets the defaults: %+v", written[0].New)
	}
	res, _ = run(t, newFake(), admin, opts, header, []string{"rate", "2024", "2.4", "", "", "", ""})
	if keys(res.Issues) != "2:imp.noSource" || !res.Issues[0].Warning || res.Issues[0].Column != "source" {
		t.Errorf("no source: %+v", res.Issues)
	}
}

func TestPlanImport(t *testing.T) {
	p := Plan{Code: "p", NameZh: "规划", BaseYear: 2020, TargetYear: 2025}
	x0 := 2.0
	existing := []Indicator{{Code: "a", NameZh: "甲", Unit: "%", Attribute: Expected, Direction: Increase, BaselineYear: 2020,
		BaselineValue: &x0, Target: Target{Kind: KindLevel, Value: 3, Comparator: GE}}}
	secs := []Section{{Code: "s1", Level: LevelChapter, TitleZh: "章"}}
	deps := []Unit{{Code: "sci", NameZh: "科技局"}}
	pi := NewPlanImport(p, existing, secs, deps, ImportOptions{File: "d.csv"})
	file := [][]string{
		{"code", "name_zh", "unit", "attribute", "direction", "kind", "comparator", "target_value", "section", "department"},
		{"a", "甲", "%", "预期性", "increase", "level", ">=", "3", "", ""},                    // unchanged
		{"b", "乙", "个", "约束性", "上升", "新增", "", "20", "s1", "sci"},                         // new
		{"c", "丙", "个", "expected", "increase", "level", "≥", "5", "第五篇 创新 / 第二章 生态", ""}, // a path: created
		{"d", "丁", "个", "expected", "increase", "level", ">=", "5", "章", "市科技局"},          // by title; a new department
		{"b", "乙", "个", "约束性", "上升", "新增", "", "20", "", ""},                              // repeats row 3
		{"e", "戊", "个", "强制性", "increase", "level", ">=", "5", "", ""},                    // bad attribute
		{"f", "己", "个", "expected", "increase", "level", ">=", "5", "科技局", "科技局"},         // an existing department by name
	}
	if err := pi.Run(context.Background(), Rows(file)); err != nil {
		t.Fatal(err)
	}
	res := pi.Result()
	if res.New != 4 || res.Unchanged != 1 || keys(res.Issues) != "6:imp.codeRepeats 7:imp.invalid" {
		t.Fatalf("%+v %s", res, keys(res.Issues))
	}
	w := pi.Writes()
	if len(w) != 4 || w[0].New.Code != "b" || w[0].Position != 1 || w[0].New.Target.Kind != KindIncreaseBy || w[0].New.Attribute != Binding {
		t.Errorf("writes %+v", w)
	}
	secs2 := pi.NewSections()
	if len(secs2) != 3 || secs2[0].Code != "p5" || secs2[0].Level != LevelPart || secs2[0].TitleZh != "创新" ||
		secs2[1].Code != "p5.c2" || secs2[1].ParentCode != "p5" || secs2[1].Number != "第二章" || w[1].New.SectionCode != "p5.c2" {
		t.Errorf("sections from the path: %+v; c in %q", secs2, w[1].New.SectionCode)
	}
	if w[2].New.SectionCode != "s1" {
		t.Errorf("a section by its title: %q", w[2].New.SectionCode)
	}
	if deps2 := pi.NewUnits(); len(deps2) != 1 || deps2[0].NameZh != "市科技局" || w[2].New.Department != deps2[0].Code ||
		w[3].New.Department != "sci" {
		t.Errorf("departments: %+v, d %q, f %q", deps2, w[2].New.Department, w[3].New.Department)
	}
	if secs2[2].TitleZh != "科技局" { // f's section: a new top-level title
		t.Errorf("a new title: %+v", secs2[2])
	}
	// a file of a few columns changes those and keeps the rest
	pi = NewPlanImport(p, existing, secs, deps, ImportOptions{})
	pi.Run(context.Background(), Rows([][]string{{"code", "target_value"}, {"a", "3.5"}}))
	if w := pi.Writes(); len(w) != 1 || w[0].New.Target.Value != 3.5 || w[0].New.NameZh != "甲" || w[0].Old == nil || w[0].Position != 0 {
		t.Errorf("partial update %+v", w)
	}
}

// The definitions file of a real plan table: every target form, with the
// errors a clerk's file may hold at their rows and columns.
func TestPlanImportForms(t *testing.T) {
	p := Plan{Code: "p", NameZh: "规划", BaseYear: 2020, TargetYear: 2025}
	head := []string{"code", "name_zh", "unit", "attribute", "direction", "kind", "comparator", "band", "observed_as", "reference",
		"method", "baseline_value", "target_value", "target_text", "interim", "colour"}
	file := [][]string{head,
		{"gdp_growth", "地区生产总值增长", "%", "预期性", "increase", "yearly", "", "", "增速", "", "", "", "", "保持在合理区间、各年度视情提出", "", ""},
		{"income_growth", "居民收入增长", "%", "预期性", "increase", "relative", "~", "", "yearly_rate", "gdp_growth", "", "", "", "与经济增长基本同步", "", ""},
		{"energy", "单位GDP能耗降低", "%", "约束性", "decrease", "累计", "", "", "yearly_rate", "", "对数", "", "-13.5", "", "", ""},
		{"carbon", "单位GDP二氧化碳排放降低", "%", "约束性", "decrease", "cumulative_change", "", "", "yearly_rate", "", "", "", "", "完成省下达目标", "", ""},
		{"urban", "城镇化率", "%", "预期性", "increase", "level", ">=", "", "", "", "", "67.00", "70", "", "2022:68;2024:69.5", ""},
		{"bad1", "甲", "%", "预期性", "increase", "relative", ">", "", "", "nowhere", "", "", "", "", "", ""},
		{"bad2", "乙", "%", "预期性", "increase", "relative", ">", "", "", "bad2", "", "", "", "", "", ""},
		{"bad3", "丙", "%", "预期性", "increase", "level", ">=", "", "monthly", "", "", "", "1", "", "", ""},
		{"bad4", "丁", "%", "预期性", "increase", "level", ">=", "", "", "", "cubic", "", "1", "", "", ""},
		{"bad5", "戊", "%", "预期性", "increase", "sideways", ">=", "", "", "", "", "", "1", "", "", ""},
		{"bad6", "己", "%", "预期性", "increase", "level", ">=", "", "", "", "", "", "1", "", "2022-68", ""},
	}
	pi := NewPlanImport(p, nil, nil, nil, ImportOptions{File: "table.csv"})
	if err := pi.Run(context.Background(), Rows(file)); err != nil {
		t.Fatal(err)
	}
	res := pi.Result()
	want := "1:imp.unknownColumn 7:err.indicator.referenceUnknown 8:err.indicator.selfReference 9:imp.invalid 10:imp.invalid 11:imp.invalid 12:imp.interim"
	if keys(res.Issues) != want {
		t.Fatalf("issues\n%s\nwant\n%s", keys(res.Issues), want)
	}
	for i, col := range []string{"colour", "reference", "reference", "observed_as", "method", "kind", "interim"} {
		if res.Issues[i].Column != col {
			t.Errorf("issue %d at column %q, want %q", i, res.Issues[i].Column, col)
		}
	}
	by := map[string]Indicator{}
	for _, c := range pi.Writes() {
		by[c.New.Code] = c.New
	}
	if g := by["gdp_growth"]; g.Target.Kind != KindYearly || g.ObservedAs != YearlyRate || g.Target.Pending || g.Target.Text == "" {
		t.Errorf("gdp_growth %+v", g)
	}
	if g := by["income_growth"]; g.Target.Kind != KindRelative || g.Reference != "gdp_growth" || g.Target.Comparator != Around {
		t.Errorf("income_growth %+v", g)
	}
	if g := by["energy"]; g.Method != MethodLog || g.Target.Value != -13.5 || g.Target.Kind != KindCumulativeChange {
		t.Errorf("energy %+v", g)
	}
	if g := by["carbon"]; !g.Target.Pending || g.Target.Text != "完成省下达目标" {
		t.Errorf("carbon %+v", g)
	}
	if g := by["urban"]; *g.BaselineValue != 67 || g.BaselineDecimals != 2 || len(g.Interim) != 2 || g.Interim[1].Value != 69.5 {
		t.Errorf("urban %+v", g)
	}
}

// An actuals file carries a yearly indicator's targets as worded, a series
// break and values with their published decimals.
func TestEngineTargetsBreaksDecimals(t *testing.T) {
	f := newFake()
	var targets []TargetChange
	im := NewActualsImport(opts, admin, f, func(Change) error { return nil })
	head := []string{"indicator", "year", "value", "source", "target", "band", "break"}
	rows := [][]string{head,
		{"growth", "2022", "8.6", "s", "6以上", "", ""},   // the same target as stored: nothing to write
		{"growth", "2023", "2.8", "s", "5.5左右", "", ""}, // new: ≈ 5.5, the default band
		{"growth", "2024", "", "", "5%左右", "0.3", ""},   // a target before its value
		{"growth", "2025", "", "", "控制在3%以内", "", ""},   // ≤ 3
		{"rate", "2024", "2.50", "s", "", "", "是"},      // a break, two decimals
		{"rate", "2025", "2.6", "s", "3以上", "", ""},     // a target on an indicator without yearly targets: ignored
		{"growth", "2023", "2.8", "s", "6左右", "", ""},   // another target for row 3's year
		{"growth", "2021", "8", "s", "大约六", "", ""},     // not a figure
		{"rate", "2021", "2.1", "s", "", "", "maybe"},   // not a flag
	}
	if err := im.Run(context.Background(), Rows(rows)); err != nil {
		t.Fatal(err)
	}
	res := im.Result()
	want := "7:imp.targetNotYearly 8:imp.conflictTargetRow 9:err.target.nan 10:imp.break"
	if keys(res.Issues) != want {
		t.Fatalf("issues %s, want %s", keys(res.Issues), want)
	}
	targets = im.TargetWrites()
	if res.TargetN != 3 || len(targets) != 3 {
		t.Fatalf("targets %+v", targets)
	}
	if c := targets[0].New; c.Year != 2023 || c.Comparator != Around || c.Value != 5.5 || c.Band != 0 || c.Text != "5.5左右" || c.Revision != 1 {
		t.Errorf("2023 %+v", c)
	}
	if c := targets[1].New; c.Year != 2024 || c.Comparator != Around || c.Value != 5 || c.Band != 0.3 {
		t.Errorf("2024 %+v", c)
	}
	if c := targets[2].New; c.Comparator != LE || c.Value != 3 {
		t.Errorf("2025 %+v", c)
	}
	var brk *Change
	for _, c := range res.Changes {
		if c.Indicator == "rate" && c.Year == 2024 {
			brk = &c
		}
	}
	if brk == nil || !brk.New.Break || brk.New.Decimals != 2 || brk.New.Written() != "2.50" {
		t.Errorf("the break: %+v", brk)
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]YearTarget{
		"6以上": {Comparator: GE, Value: 6}, ">6": {Comparator: GT, Value: 6}, "5.5左右": {Comparator: Around, Value: 5.5},
		"5%左右": {Comparator: Around, Value: 5}, "≤5.5": {Comparator: LE, Value: 5.5}, "控制在3%以内": {Comparator: LE, Value: 3},
		"不低于 6": {Comparator: GE, Value: 6}, "６．５": {Value: 6.5}, "高于5": {Comparator: GT, Value: 5},
	} {
		got, err := ParseTarget(in, "", "%")
		if err != nil || got.Comparator != want.Comparator || got.Value != want.Value || got.Text != in {
			t.Errorf("%q: %+v %v", in, got, err)
		}
	}
	for _, in := range []string{"", "大约六", "超过5左右", "约超过5"} {
		if _, err := ParseTarget(in, "", "%"); err == nil {
			t.Errorf("%q read", in)
		}
	}
	if got, err := ParseTarget("5", "0.2", "%"); err != nil || got.Comparator != Around || got.Band != 0.2 {
		t.Errorf("a band makes it ≈: %+v %v", got, err)
	}
}

// Every text a file carries has a length limit, refused at its row and
// column, and so are NUL bytes and direction overrides.
func TestEngineTextLimits(t *testing.T) {
	long := strings.Repeat("长", MaxSource+1)
	res, written := run(t, newFake(), admin, opts, header,
		[]string{"rate", "2024", "2.4", "", "", long, ""},
		[]string{"rate", "2022", "2.1", "", "", "公报", strings.Repeat("注", MaxNote+1)},
		[]string{"rate", "2021", "2.0", "", "", "公报\x00", ""},
		[]string{"rate", "2021", "2.0", "", "", "公报", "\u202e报公"},
		[]string{"rate", "2021", "2.0", "", "", "公报", "第一行\n第二行"}, // line breaks are text
	)
	want := "2:err.text.long 3:err.text.long 4:err.text.control 5:err.text.control"
	if keys(res.Issues) != want || len(written) != 0 {
		t.Fatalf("issues %s, want %s; written %d", keys(res.Issues), want, len(written))
	}
	for i, col := range []string{"source", "note", "source", "note"} {
		if res.Issues[i].Column != col {
			t.Errorf("issue %d in column %q, want %q", i, res.Issues[i].Column, col)
		}
	}
}
