package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"plantrack/indicators"
	"plantrack/seed"
)

// table is a file written as lines of cells separated by |.
func table(text string) indicators.RowSource {
	var out [][]string
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		out = append(out, strings.Split(line, "|"))
	}
	return indicators.Rows(out)
}

// cli is the command line's operator: an administrator.
var cli = indicators.LocalActor("cli")

func seeded(t *testing.T) *Store {
	t.Helper()
	s, _ := open(t)
	if _, err := s.SaveDataset(context.Background(), indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	return s
}

func count(t *testing.T, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const actuals = `
plan|indicator|year|value|qualifier|status|source|note
demo|rd_intensity|2024|2.45|exact|final|统计公报|
demo|rd_intensity|2023|2.35|exact|final|修订|
demo|rd_intensity|2022|2.2|exact|final||
demo|hv_patents|2024|约7.2||preliminary|快报|
demo|new_platforms|2024|—||||
||||||||
demo|base_stations_5g|2023|74.5|||工信局|万个 vs 个?
`

// A dry run reports exactly what a commit then writes; the commit makes one
// revision per new or changed value naming the import, and the same file
// again changes nothing.
func TestImportActualsDryRunThenCommit(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	before := count(t, s, `SELECT COUNT(*) FROM observations`)
	addUser(t, s, "ed.sci", indicators.Editor, "sample-sci", "sample-dev", "sample-env")
	opt := indicators.ImportOptions{File: "round-2024.csv", SHA256: "abc123", Actor: indicators.As("ed.sci"), Now: now, DryRun: true}
	dry, err := s.ImportActuals(ctx, table(actuals), opt)
	if err != nil {
		t.Fatal(err)
	}
	if dry.Rows != 6 || dry.New != 3 || dry.Changed != 1 || dry.Unchanged != 1 || dry.Empty != 1 || !dry.OK() || dry.ID != 0 {
		t.Fatalf("dry run %+v", dry)
	}
	// 2022's 2.2 is current; its empty source and note keep the current ones: unchanged
	if got := count(t, s, `SELECT COUNT(*) FROM observations`); got != before {
		t.Fatalf("a dry run wrote %d rows", got-before)
	}
	// base_stations_5g goes from 6.176 (2022) to 74.5: about 10×, the 万个/个 slip
	if dry.Warnings != 1 || dry.Issues[0].Msg.Key != "imp.magnitude.year" || dry.Issues[0].Row != 8 {
		t.Errorf("warnings %+v", dry.Issues)
	}
	opt.DryRun = false
	res, err := s.ImportActuals(ctx, table(actuals), opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.ID == 0 || res.New != dry.New || res.Changed != dry.Changed {
		t.Fatalf("commit %+v", res)
	}
	if got := count(t, s, `SELECT COUNT(*) FROM observations WHERE import_id = ?`, res.ID); got != res.New+res.Changed {
		t.Errorf("%d revisions name the import, want %d", got, res.New+res.Changed)
	}
	d, err := s.Dataset(ctx, "demo", "hv_patents")
	if err != nil {
		t.Fatal(err)
	}
	cur := indicators.Current(d.Observations["hv_patents"])
	last := cur[len(cur)-1]
	if last.Year != 2024 || last.Value != 7.2 || last.Qualifier != indicators.Estimate || last.Actor != "ed.sci" {
		t.Errorf("hv_patents 2024 = %+v", last)
	}
	recs, err := s.Imports(ctx, "demo", 10)
	if err != nil || len(recs) != 2 || recs[1].File != "demo.json" || recs[0].File != "round-2024.csv" || recs[0].SHA256 != "abc123" || recs[0].Actor != "ed.sci" || recs[0].Empty != 1 {
		t.Fatalf("history %+v %v", recs, err)
	}
	det, err := s.Import(ctx, res.ID, 100)
	if err != nil || len(det.Changes) != res.New+res.Changed {
		t.Fatalf("detail %+v %v", det, err)
	}
	changed := 0
	for _, c := range det.Changes {
		if c.Old != nil {
			changed++
			if c.Year == 2023 && (c.Indicator != "rd_intensity" || c.Old.Value != 2.3 || c.New.Value != 2.35 || c.New.Revision != c.Old.Revision+1) {
				t.Errorf("change %+v old %+v", c, c.Old)
			}
		}
	}
	if changed != 1 {
		t.Errorf("%d changes with an old value", changed)
	}
	// the same file again: nothing written, no import recorded
	again, err := s.ImportActuals(ctx, table(actuals), opt)
	if err != nil || again.ID != 0 || again.New+again.Changed != 0 || again.Unchanged != 5 {
		t.Fatalf("again %+v %v", again, err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM imports`); n != 2 { // the seed's and the file's
		t.Errorf("%d imports recorded", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = 'import'`); n != 2 {
		t.Errorf("%d audit entries", n)
	}
}

// Every kind of error is found, at its row and column, and a file with
// errors writes nothing at all, not even its good rows.
func TestImportErrorsWriteNothing(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	before := count(t, s, `SELECT COUNT(*) FROM observations`)
	file := `
指标代码|年份|数值|来源
rd_intensity|2024|2.5|ok
nosuch|2024|1|
rd_intensity|2031|2.6|
rd_intensity|二〇二四|2.6|
hv_patents|2024|abc|
hv_patents|2023|18亿元|
rd_intensity|2024|2.7|
new_platforms|2024|1,80|
`
	res, err := s.ImportActuals(ctx, table(file), indicators.ImportOptions{Plan: "demo", File: "bad.csv", Actor: cli, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{3: "指标代码", 4: "年份", 5: "年份", 6: "数值", 7: "数值", 8: "数值", 9: "数值"}
	if res.Errors != len(want) || res.ID != 0 || res.Warnings != 0 {
		t.Fatalf("%d errors: %+v", res.Errors, res.Issues)
	}
	for _, is := range res.Issues {
		if col, ok := want[is.Row]; !is.Warning && (!ok || col != is.Column || is.Msg.Key == "") {
			t.Errorf("issue %+v", is)
		}
	}
	if got := count(t, s, `SELECT COUNT(*) FROM observations`); got != before {
		t.Errorf("%d rows written by a file with errors", got-before)
	}
	// an unknown plan and a missing column
	res, _ = s.ImportActuals(ctx, table("plan|indicator|year|value\nnope|a|2024|1"), indicators.ImportOptions{File: "x", Actor: cli, Now: now})
	if res.Errors != 1 || res.Issues[1].Msg.Key != "imp.unknownPlan" || res.Issues[1].Msg.Args[0] != "nope" {
		t.Errorf("%+v", res.Issues)
	}
	res, _ = s.ImportActuals(ctx, table("indicator|value\na|1"), indicators.ImportOptions{Plan: "demo", File: "x", Actor: cli, Now: now})
	if res.Errors != 1 || res.Issues[0].Msg.Key != "imp.missingColumn" || res.Issues[0].Msg.Args[0] != "year" {
		t.Errorf("%+v", res.Issues)
	}
}

// An editor's file may only carry the editor's department's indicators.
func TestImportRespectsDepartments(t *testing.T) {
	s := seeded(t)
	u := addUser(t, s, "ed.env", indicators.Editor, "sample-env")
	res, err := s.ImportActuals(context.Background(), table("indicator|year|value\nforest_cover|2024|41\nrd_intensity|2024|2.5"),
		indicators.ImportOptions{Plan: "demo", File: "x", Actor: u, Now: now})
	if err != nil || res.Errors != 1 || res.Issues[1].Row != 3 || res.Issues[1].Msg.Key != "err.forbidden.indicator" || res.ID != 0 {
		t.Fatalf("%+v %v", res, err)
	}
}

// A definitions file creates a plan with its indicators; the same file
// again changes nothing; a changed cell updates that indicator only and
// keeps what the file has no column for.
func TestImportPlan(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	defs := `
code|name_zh|unit|attribute|direction|kind|comparator|baseline_year|baseline_value|target_value
rd|研发投入强度|%|预期性|increase|level|>=|2020|2.1|3
farm|耕地保有量|万亩|约束性|上升|floor|>=|2020|—|560
`
	p := indicators.Plan{Code: "imp", NameZh: "导入的规划", BaseYear: 2020, TargetYear: 2025}
	res, err := s.ImportPlan(ctx, p, table(defs), indicators.ImportOptions{File: "defs.csv", Actor: cli, Now: now})
	if err != nil || !res.OK() || res.New != 2 || res.ID == 0 {
		t.Fatalf("%+v %v", res, err)
	}
	d, err := s.Dataset(ctx, "imp", "")
	if err != nil || len(d.Indicators) != 2 || d.Indicators[1].Attribute != indicators.Binding || d.Indicators[1].BaselineValue != nil ||
		d.Indicators[0].Target.Comparator != indicators.GE || *d.Indicators[0].BaselineValue != 2.1 {
		t.Fatalf("%+v %v", d.Indicators, err)
	}
	res, err = s.ImportPlan(ctx, indicators.Plan{Code: "imp"}, table(defs), indicators.ImportOptions{File: "defs.csv", Actor: cli, Now: now})
	if err != nil || res.ID != 0 || res.Unchanged != 2 {
		t.Fatalf("again %+v %v", res, err)
	}
	res, err = s.ImportPlan(ctx, indicators.Plan{Code: "imp"}, table("code|unit|target_value\nrd|%|3.2"), indicators.ImportOptions{File: "d2.csv", Actor: cli, Now: now})
	if err != nil || res.Changed != 1 || res.ID == 0 {
		t.Fatalf("change %+v %v", res, err)
	}
	d, _ = s.Dataset(ctx, "imp", "rd")
	if d.Indicators[0].Target.Value != 3.2 || d.Indicators[0].NameZh != "研发投入强度" {
		t.Errorf("%+v", d.Indicators[0])
	}
	// errors: a bad attribute and a repeated code, nothing written
	res, _ = s.ImportPlan(ctx, indicators.Plan{Code: "imp"}, table("code|attribute\nrd|强制性\nrd|预期性"), indicators.ImportOptions{File: "d3.csv", Actor: cli, Now: now})
	if res.Errors != 2 || res.ID != 0 || res.Issues[0].Column != "attribute" {
		t.Errorf("%+v", res.Issues)
	}
}

// Large imports go through batches whose common columns are bound once;
// every row must still land exactly as the file says, whichever columns
// a batch shares.
func TestImportBatchesKeepEveryValue(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	d := seed.Synthetic("batch", 200, 5)
	d.Observations = nil
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), d, now); err != nil {
		t.Fatal(err)
	}
	file := [][]string{{"indicator", "year", "value", "qualifier", "status", "source", "note"}}
	want := map[string]indicators.Observation{}
	for i, ind := range d.Indicators {
		for y := 2021; y <= 2025; y++ {
			n := len(file)
			o := indicators.Observation{Year: y, Value: float64(100 + n), Qualifier: indicators.Exact, Status: indicators.Final, Source: "公报"}
			if n > 300 && n%7 == 0 { // later batches vary in some columns only
				o.Qualifier, o.Note = indicators.Estimate, fmt.Sprintf("note %d", n)
			}
			if i >= 150 {
				o.Status, o.Source = indicators.Preliminary, fmt.Sprintf("快报 %d", n)
			}
			want[fmt.Sprintf("%s/%d", ind.Code, y)] = o
			file = append(file, []string{ind.Code, fmt.Sprint(y), fmt.Sprint(o.Value), string(o.Qualifier), string(o.Status), o.Source, o.Note})
		}
	}
	res, err := s.ImportActuals(ctx, indicators.Rows(file), indicators.ImportOptions{Plan: "batch", File: "b.csv", Actor: indicators.LocalActor("me"), Now: now})
	if err != nil || res.New != 1000 || res.ID == 0 {
		t.Fatalf("%+v %v", res, err)
	}
	got, err := s.Dataset(ctx, "batch", "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for code, obs := range got.Observations {
		for _, o := range obs {
			w := want[fmt.Sprintf("%s/%d", code, o.Year)]
			if o.Value != w.Value || o.Qualifier != w.Qualifier || o.Status != w.Status || o.Source != w.Source ||
				o.Note != w.Note || o.Actor != "me" || o.Revision != 1 {
				t.Fatalf("%s %d: got %+v, want %+v", code, o.Year, o, w)
			}
			n++
		}
	}
	if n != 1000 {
		t.Errorf("%d values stored", n)
	}
}

func TestInsertSQLSharesColumns(t *testing.T) {
	got := insertSQL(2, 1<<5|1<<7|1<<8|1<<9)
	want := "(?1,?2,?3,?4,?5,?13,?6,?14,?15,?16,?17,?18,?19),(?7,?8,?9,?10,?11,?13,?12,?14,?15,?16,?17,?18,?19)"
	if !strings.HasSuffix(got, want) {
		t.Errorf("%s", got)
	}
	b := compact([]any{1, 2021, 1, 1.5, "exact", "final", "a", "", 0, 0, 2, 2022, 1, 2.5, "estimate", "final", "a", "x", 0, 2})
	if b.rows != 2 || b.mask != 1<<5|1<<6|1<<8 || fmt.Sprint(b.args) != "[1 2021 1 1.5 exact  0 2 2022 1 2.5 estimate x 2 final a 0]" {
		t.Errorf("%+v", b)
	}
}

// cancelAfter cancels its context after n rows, as a user's cancel or a
// dropped connection would in the middle of a file.
type cancelAfter struct {
	indicators.RowSource
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Next() (int, []string, error) {
	row, cells, err := c.RowSource.Next()
	if row == c.n {
		c.cancel()
	}
	return row, cells, err
}

// An import cancelled midway writes nothing, though it had sent batches
// to the writer already.
func TestCancelledImportWritesNothing(t *testing.T) {
	s, _ := open(t)
	d := seed.Synthetic("big", 400, 5)
	d.Observations = nil
	if _, err := s.SaveDataset(context.Background(), cli, d, now); err != nil {
		t.Fatal(err)
	}
	file := [][]string{{"plan", "indicator", "year", "value"}}
	for _, ind := range d.Indicators {
		for y := 2021; y <= 2025; y++ {
			file = append(file, []string{"big", ind.Code, fmt.Sprint(y), "100.5"})
		}
	}
	before := count(t, s, `SELECT COUNT(*) FROM observations`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := s.ImportActuals(ctx, &cancelAfter{RowSource: indicators.Rows(file), n: 1500, cancel: cancel},
		indicators.ImportOptions{File: "big.csv", Actor: cli, Now: now})
	if err == nil || res.ID != 0 {
		t.Fatalf("a cancelled import: %+v %v", res.ID, err)
	}
	if got := count(t, s, `SELECT COUNT(*) FROM observations`); got != before {
		t.Errorf("a cancelled import left %d values", got-before)
	}
	if got := count(t, s, `SELECT COUNT(*) FROM imports WHERE file_name = 'big.csv'`); got != 0 {
		t.Errorf("a cancelled import was recorded")
	}
}
