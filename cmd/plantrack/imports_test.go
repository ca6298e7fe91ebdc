package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/store"
)

// TestMain lets a test run the real command in a process of its own (the
// crash test kills it).
func TestMain(m *testing.M) {
	if os.Getenv("PLANTRACK_TEST_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func seededDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "plantrack.db")
	if code := run(context.Background(), []string{"seed", "-db", db}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("seed: %d", code)
	}
	return db
}

func cli(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

const roundCSV = "指标代码,年份,数值,来源,备注\r\nrd_intensity,2024,2.45,2024年统计公报,初步\r\nhv_patents,2024,约7.2,快报,\r\nnew_platforms,2024,—,,\r\n\r\n,,,,\r\n"

// The files statistics staff actually send: GB18030 from Excel on Chinese
// Windows, UTF-8 with a BOM, and an XLSX, all read the same; a second import
// of the same figures changes nothing.
func TestImportRealFiles(t *testing.T) {
	dir := t.TempDir()
	gbText, err := simplifiedchinese.GB18030.NewEncoder().String(roundCSV)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"round-gb18030.csv": []byte(gbText), "round-bom.csv": append([]byte("\ufeff"), roundCSV...)}
	x := excelize.NewFile()
	for i, row := range [][]any{{"指标代码", "年份", "数值", "来源", "备注"}, {"rd_intensity", 2024, 2.45, "2024年统计公报", "初步"},
		{"hv_patents", 2024, "约7.2", "快报", ""}, {"new_platforms", 2024, "—"}} {
		x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row)
	}
	var xb bytes.Buffer
	if _, err := x.WriteTo(&xb); err != nil {
		t.Fatal(err)
	}
	files["round.xlsx"] = xb.Bytes()
	for name, body := range files {
		path := filepath.Join(dir, name)
		os.WriteFile(path, body, 0o644)
		db := seededDB(t)
		code, out, errs := cli("import", "-db", db, "-plan", "demo", "-dry-run", path)
		if code != 0 || !strings.Contains(out, "3 rows: 2 new values, 0 changed, 0 unchanged, 1 without a value") || !strings.Contains(out, "dry run") {
			t.Fatalf("%s dry run: %d\n%s%s", name, code, out, errs)
		}
		ds, _ := seed.Datasets()
		// the seed's imports, one a seeded plan, come first
		if code, out, errs = cli("import", "-db", db, "-plan", "demo", path); code != 0 || !strings.Contains(out, fmt.Sprintf("imported as import #%d", len(ds)+1)) {
			t.Fatalf("%s: %d\n%s%s", name, code, out, errs)
		}
		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := st.Dataset(context.Background(), "demo", "rd_intensity")
		cur := indicators.Current(d.Observations["rd_intensity"])
		if last := cur[len(cur)-1]; last.Year != 2024 || last.Value != 2.45 || last.Source != "2024年统计公报" || last.Note != "初步" {
			t.Errorf("%s: stored %+v", name, last)
		}
		st.Close()
		if code, out, _ = cli("import", "-db", db, "-plan", "demo", path); code != 0 || !strings.Contains(out, "nothing to change") {
			t.Errorf("%s again: %d %s", name, code, out)
		}
	}
}

// A file with every kind of error: exit status 1, one FILE:ROW: line per
// problem in the chosen language, and nothing written.
func TestImportErrorsExitOne(t *testing.T) {
	db := seededDB(t)
	path := filepath.Join(t.TempDir(), "errors.csv")
	os.WriteFile(path, []byte("indicator,year,value\nnosuch,2024,1\nrd_intensity,2031,2\nrd_intensity,year,2\nhv_patents,2024,abc\n"+
		"tech_contracts,2024,18件\nrd_intensity,2024,2.5\nrd_intensity,2024,2.6\n"), 0o644)
	code, out, errs := cli("import", "-db", db, "-plan", "demo", "-lang", "en", path)
	if code != 1 || !strings.Contains(out, "nothing imported") {
		t.Fatalf("%d\n%s%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	want := []string{":1: warning: the file has no source column", ":2: column indicator: plan \"demo\" has no indicator \"nosuch\"", ":3: column year: year 2031 is outside",
		":4: column year: \"year\" is not a year", ":5: column value: \"abc\" is not a number", ":6: column value: \"18件\": the unit \"件\" cannot be converted",
		":8: column value: rd_intensity 2024 already has a different value on row 7"}
	if len(lines) != len(want) {
		t.Fatalf("stderr:\n%s", errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], path+w[:strings.Index(w[1:], ":")+2]) || !strings.Contains(lines[i], w[strings.Index(w[1:], ":")+3:]) {
			t.Errorf("line %q, want %q", lines[i], path+w)
		}
	}
	code, _, errs = cli("import", "-db", db, "-plan", "demo", path)
	if code != 1 || !strings.Contains(errs, "规划“demo”中没有指标“nosuch”") {
		t.Errorf("Chinese messages: %s", errs)
	}
	st, _ := store.Open(context.Background(), db)
	defer st.Close()
	recs, _ := st.Imports(context.Background(), "", 10)
	for _, rec := range recs {
		if rec.File == "errors.csv" {
			t.Errorf("a file with errors was recorded: %+v", rec)
		}
	}
	if code, _, _ := cli("import", "-db", db); code != 2 {
		t.Errorf("usage error: %d", code)
	}
	if code, _, _ := cli("export", "-db", db, "-plan", "demo", "-o", "x.txt"); code != 2 {
		t.Errorf("export usage error: %d", code)
	}
}

// Export then import is a no-op, in both formats, and a plan's definitions
// exported and imported back change nothing either.
func TestExportImportNoop(t *testing.T) {
	db := seededDB(t)
	dir := t.TempDir()
	for _, plan := range []string{"demo", "chengdu-14-st"} {
		for _, ext := range []string{"csv", "xlsx"} {
			path := filepath.Join(dir, plan+"."+ext)
			if code, out, errs := cli("export", "-db", db, "-plan", plan, "-o", path); code != 0 {
				t.Fatalf("export: %s %s", out, errs)
			}
			code, out, errs := cli("import", "-db", db, "-plan", plan, path)
			if code != 0 || !strings.Contains(out, " 0 new values, 0 changed,") || !strings.Contains(out, "nothing to change") {
				t.Errorf("%s: %d\n%s%s", path, code, out, errs)
			}
		}
	}
	// a new plan from its indicator table, then its values
	defs := filepath.Join(dir, "defs.csv")
	os.WriteFile(defs, []byte("指标代码,指标名称,单位,属性,方向,目标类型,比较方式,基期年份,基期值,目标值\n"+
		"rd,研发经费投入强度,%,预期性,increase,level,>=,2020,2.1,3\nfarm,耕地保有量,万亩,约束性,increase,floor,>=,2020,580,560\n"), 0o644)
	code, out, errs := cli("plan", "import", "-db", db, "-code", "new-plan", "-name", "新规划", "-base-year", "2020", "-target-year", "2025", defs)
	if code != 0 || !strings.Contains(out, "2 new indicators") {
		t.Fatalf("plan import: %d %s %s", code, out, errs)
	}
	if code, out, _ = cli("plan", "import", "-db", db, "-code", "new-plan", defs); code != 0 || !strings.Contains(out, "nothing to change") {
		t.Errorf("plan import again: %d %s", code, out)
	}
	tmpl := filepath.Join(dir, "tmpl.csv")
	if code, _, _ = cli("export", "-db", db, "-plan", "new-plan", "-template", "-o", tmpl); code != 0 {
		t.Fatal("template")
	}
	body, _ := os.ReadFile(tmpl)
	if !bytes.Contains(body, []byte("new-plan,rd,研发经费投入强度,%,2021,,")) {
		t.Errorf("template:\n%s", body)
	}
	if code, _, _ := cli("plan", "import", "-db", db, defs); code != 2 {
		t.Errorf("plan import without -code: %d", code)
	}
}

// TestImportSurvivesSIGKILL kills the importing process at 20 points of a
// large import (after 1/20, 2/20, … of its rows have been read and written
// into the open transaction, and the last while it commits), reopens the
// database each time, and finds it intact with the import wholly present or
// wholly absent.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test")
	}
	ctx := context.Background()
	dir := t.TempDir()
	pristine := filepath.Join(dir, "pristine.db")
	st, err := store.Open(ctx, pristine)
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	file.WriteString("plan,indicator,year,value\n")
	rows := 0
	for p := range 2 {
		d := seed.Synthetic(fmt.Sprintf("crash%d", p), 1000, 5)
		d.Observations = nil
		if _, err := st.SaveDataset(ctx, indicators.LocalActor("test"), d, time.Now()); err != nil {
			t.Fatal(err)
		}
		for _, ind := range d.Indicators {
			for y := 2021; y <= 2025; y++ {
				fmt.Fprintf(&file, "%s,%s,%d,%d.5\n", d.Plan.Code, ind.Code, y, rows%997+1)
				rows++
			}
		}
	}
	st.Close()
	csvPath := filepath.Join(dir, "big.csv")
	os.WriteFile(csvPath, file.Bytes(), 0o644)
	pristineBytes, err := os.ReadFile(pristine)
	if err != nil {
		t.Fatal(err)
	}
	const points = 20
	every := rows / points
	present, absent := 0, 0
	for i := 1; i <= points; i++ {
		db := filepath.Join(dir, fmt.Sprintf("kill%02d.db", i))
		os.WriteFile(db, pristineBytes, 0o644)
		cmd := exec.Command(os.Args[0], "import", "-db", db, "-progress", fmt.Sprint(every), "-lang", "en", csvPath)
		cmd.Env = append(os.Environ(), "PLANTRACK_TEST_MAIN=1")
		stderr, _ := cmd.StderrPipe()
		cmd.Stdout = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// kill after the i-th progress line: i/20 of the rows are in the
		// transaction; the 20th comes when reading ends, just before the commit
		sc := bufio.NewScanner(stderr)
		seen := 0
		for seen < i && sc.Scan() {
			if strings.Contains(sc.Text(), "read ") {
				seen++
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		go io.Copy(io.Discard, stderr)
		cmd.Wait()
		n, imports, integrity := inspect(t, db)
		if integrity != "ok" {
			t.Fatalf("kill %d: integrity_check %q", i, integrity)
		}
		switch {
		case n == 0 && imports == 0:
			absent++
		case n == rows && imports == 1:
			present++
		default:
			t.Fatalf("kill %d (after %d progress lines): %d of %d values and %d imports: a partial import", i, seen, n, rows, imports)
		}
	}
	// and without a kill the whole file lands
	db := filepath.Join(dir, "whole.db")
	os.WriteFile(db, pristineBytes, 0o644)
	if code, out, errs := cli("import", "-db", db, csvPath); code != 0 {
		t.Fatalf("%s%s", out, errs)
	}
	if n, imports, integrity := inspect(t, db); n != rows || imports != 1 || integrity != "ok" {
		t.Fatalf("unkilled import: %d values, %d imports, %s", n, imports, integrity)
	}
	t.Logf("%d kills: import absent %d times, present %d times (%d rows)", points, absent, present, rows)
	if absent == 0 {
		t.Error("no kill landed inside the transaction: the test tests nothing")
	}
}

func inspect(t *testing.T, db string) (values, imports int, integrity string) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil {
		t.Fatal(err)
	}
	conn.QueryRow(`SELECT COUNT(*) FROM observations WHERE import_id IS NOT NULL`).Scan(&values)
	conn.QueryRow(`SELECT COUNT(*) FROM imports`).Scan(&imports)
	return values, imports, integrity
}

// A seeded plan exported (its definitions and its values) and imported into
// an empty database is the same plan: exported again, the files are
// identical, and every indicator is judged the same.
func TestDefinitionsRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := seededDB(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "new.db")
	st, err := store.Open(ctx, dst) // an empty database, as a new office starts with
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	plans := map[string][]string{
		"chengdu-14-st": {"-name", "成都市“十四五”规划 科技创新", "-base-year", "2020", "-target-year", "2025", "-jurisdiction", "成都市"},
		"demo":          {"-name", "示例城市“十四五”规划(示例数据)", "-base-year", "2020", "-target-year", "2025", "-jurisdiction", "示例城市"},
	}
	export := func(db, plan, name string, more ...string) []byte {
		t.Helper()
		path := filepath.Join(dir, name)
		args := append([]string{"export", "-db", db, "-plan", plan, "-o", path}, more...)
		if code, out, errs := cli(args...); code != 0 {
			t.Fatalf("export %s: %s %s", name, out, errs)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for plan, flags := range plans {
		defs := export(src, plan, plan+"-defs.csv", "-definitions")
		vals := export(src, plan, plan+"-values.csv")
		args := append(append([]string{"plan", "import", "-db", dst, "-code", plan}, flags...), filepath.Join(dir, plan+"-defs.csv"))
		if code, out, errs := cli(args...); code != 0 {
			t.Fatalf("%s: plan import %d\n%s%s", plan, code, out, errs)
		}
		if code, out, errs := cli("import", "-db", dst, "-plan", plan, filepath.Join(dir, plan+"-values.csv")); code != 0 {
			t.Fatalf("%s: import %d\n%s%s", plan, code, out, errs)
		}
		if again := export(dst, plan, plan+"-defs2.csv", "-definitions"); !bytes.Equal(again, defs) {
			t.Errorf("%s: the definitions differ after the round trip:\n%s\n---\n%s", plan, defs, again)
		}
		if again := export(dst, plan, plan+"-values2.csv"); !bytes.Equal(again, vals) {
			t.Errorf("%s: the values differ after the round trip:\n%s\n---\n%s", plan, vals, again)
		}
	}
	// the same judgements, figure by figure
	a, err := store.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := store.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for plan := range plans {
		da, err := a.Dataset(ctx, plan, "")
		if err != nil {
			t.Fatal(err)
		}
		db, err := b.Dataset(ctx, plan, "")
		if err != nil {
			t.Fatal(err)
		}
		xa, xb := da.Assess(2025), db.Assess(2025)
		if len(xa) != len(xb) {
			t.Fatalf("%s: %d and %d indicators", plan, len(xa), len(xb))
		}
		for i := range xa {
			sa, sb := xa[i].Assessment, xb[i].Assessment
			if sa.Status != sb.Status || fmt.Sprint(sa.Completion) != fmt.Sprint(sb.Completion) && !sameFigure(sa.Completion, sb.Completion) ||
				!sameFigure(sa.XT, sb.XT) || sa.Stale != sb.Stale {
				t.Errorf("%s %s: %s/%v/%v and %s/%v/%v", plan, xa[i].Indicator.Code, sa.Status, sa.Completion, sa.XT, sb.Status, sb.Completion, sb.XT)
			}
		}
		if len(db.YearTargets) != len(da.YearTargets) {
			t.Errorf("%s: year targets %d and %d", plan, len(da.YearTargets), len(db.YearTargets))
		}
	}
}

func sameFigure(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// A whole plan table, in the definitions-file columns and with the yearly
// figures of a bulletin (testdata/plan-table, our own fixture), imports
// with exit 0 from CSV and from XLSX, and each indicator has the status a
// planning officer expects.
func TestPlanTableFixture(t *testing.T) {
	ctx := context.Background()
	want := map[string]indicators.Status{
		"gdp_growth":    indicators.StatusOnTrack,       // 2024 5.0 against 5%左右; 3 of 4 years met
		"productivity":  indicators.StatusOnTrack,       // 5.87% a year > GDP's 5.30%
		"urbanisation":  indicators.StatusAchievedEarly, // 65.22 ≥ 65 in 2022
		"rd_growth":     indicators.StatusAchievedEarly, // the index 147.7 is past 100 × 1.07⁵ = 140.3 by 2024
		"hv_patents":    indicators.StatusAchievedEarly,
		"digital_share": indicators.StatusNoData,
		"rd_staff":      indicators.StatusNoBaseline,
		"income_growth": indicators.StatusOnTrack, // 5.53% against 5.30%, within 0.5 points
		"unemployment":  indicators.StatusCompliant,
		"schooling":     indicators.StatusBehind, // c = 0.6 at s = 0.8
		"doctors":       indicators.StatusAchievedEarly,
		"pension":       indicators.StatusNotAchieved, // 93.5 in 2025 against 95
		"childcare":     indicators.StatusOnTrack,     // c = 0.815 at s = 0.8
		"life":          indicators.StatusAchievedEarly,
		"energy":        indicators.StatusBehind, // log completion 0.496 at s = 0.8
		"carbon":        indicators.StatusTargetPending,
		"air":           indicators.StatusRegressing, // 86.5 from 87
		"water":         indicators.StatusAchieved,
		"forest":        indicators.StatusAhead,
		"energy_total":  indicators.StatusBreached,
		"storage":       indicators.StatusAchievedEarly,
		"grain":         indicators.StatusCompliant,
		"energy_supply": indicators.StatusCompliant,
		"gdp":           indicators.StatusMonitoring,
	}
	dir := t.TempDir()
	defsCSV, valsCSV := filepath.Join("testdata", "plan-table", "definitions.csv"), filepath.Join("testdata", "plan-table", "actuals.csv")
	defsXLSX := filepath.Join(dir, "definitions.xlsx")
	toXLSX(t, defsCSV, defsXLSX)
	for _, defs := range []string{defsCSV, defsXLSX} {
		db := filepath.Join(dir, filepath.Base(defs)+".db")
		st, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		code, out, errs := cli("plan", "import", "-db", db, "-code", "plan-table", "-name", "测试规划指标表", "-base-year", "2020",
			"-target-year", "2025", "-jurisdiction", "测试地区", defs)
		if code != 0 || !strings.Contains(out, "24 new indicators") {
			t.Fatalf("%s: plan import %d\n%s%s", defs, code, out, errs)
		}
		if code, out, errs := cli("import", "-db", db, "-plan", "plan-table", valsCSV); code != 0 {
			t.Fatalf("%s: import %d\n%s%s", defs, code, out, errs)
		}
		st, err = store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		d, err := st.Dataset(ctx, "plan-table", "")
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if d.Plan.Jurisdiction != "测试地区" || len(d.Sections) != 5 {
			t.Errorf("plan %+v, %d sections", d.Plan, len(d.Sections))
		}
		for _, x := range d.Assess(2025) {
			if got := x.Assessment.Status; got != want[x.Indicator.Code] {
				t.Errorf("%s: %s, want %s", x.Indicator.Code, got, want[x.Indicator.Code])
			}
			switch x.Indicator.Code {
			case "gdp_growth":
				if y := x.Assessment.Yearly; y == nil || y.Met != 3 || y.Judged != 4 {
					t.Errorf("gdp_growth years %+v", y)
				}
			case "urbanisation":
				if o := x.Current[len(x.Current)-1]; o.Written() != "67.00" {
					t.Errorf("67.00 became %q", o.Written())
				}
			case "energy":
				if a := x.Assessment; a.LogCompletion == nil || *a.LogCompletion < 0.49 || *a.LogCompletion > 0.50 {
					t.Errorf("energy log completion %v", a.LogCompletion)
				}
			case "energy_supply":
				if b := x.Assessment.Breaches; len(b) != 1 || b[0] != 2021 {
					t.Errorf("energy supply breaches %v", b)
				}
			}
		}
	}
}

// toXLSX writes a CSV file as an XLSX one, as a clerk saving it from Excel would.
func toXLSX(t *testing.T, csvPath, xlsxPath string) {
	t.Helper()
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		cells := strings.Split(line, ",")
		for j, c := range cells {
			name, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", name, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}
}

// A spreadsheet with an oversized text is refused with its row and column,
// whatever the cell's size, and nothing is stored.
func TestImportRefusesOversizedTexts(t *testing.T) {
	db := seededDB(t)
	dir := t.TempDir()
	write := func(name, source string) string {
		f := excelize.NewFile()
		defer f.Close()
		f.SetSheetRow("Sheet1", "A1", &[]any{"indicator", "year", "value", "source"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"rd_intensity", 2024, 2.6, "统计公报"})
		f.SetSheetRow("Sheet1", "A3", &[]any{"hv_patents", 2024, 7.1, source})
		path := filepath.Join(dir, name)
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		name, source, want string
	}{
		{"huge.xlsx", strings.Repeat("源", 32000), "共享字符串中有超过 64 KB"},                // ~96 KB in one (shared) string: refused before the sheet is read
		{"long.xlsx", strings.Repeat("源", indicators.MaxSource+1), ":3: “source”列"}, // within the sheet's bound, over the field's
	} {
		path := write(tc.name, tc.source)
		code, out, errs := cli("import", "-db", db, "-plan", "demo", path)
		if code != 1 || !strings.Contains(errs, tc.want) || !strings.Contains(out, "nothing imported") {
			t.Errorf("%s: exit %d\n%s%s", tc.name, code, out, errs)
		}
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, _ := st.Dataset(context.Background(), "demo", "rd_intensity")
	for _, o := range d.Observations["rd_intensity"] {
		if o.Year == 2024 {
			t.Error("a refused file stored a value")
		}
	}
}
