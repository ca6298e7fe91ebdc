package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"plantrack/indicators"

	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestProjectPages(t *testing.T) {
	e := newEnv(t) // the clock: 2026-11-27
	doc := e.page(t, "/plans/demo/projects")
	rows := doc.Find("#projects-table tbody tr")
	if rows.Length() != 5 {
		t.Fatalf("%d projects", rows.Length())
	}
	status := map[string]string{}
	rows.Each(func(_ int, r *goquery.Selection) {
		code := r.Find(".code").Text()
		st, _ := r.Attr("data-status")
		status[code] = st
	})
	want := map[string]string{"sample_lab": "p-completed", "sample_facility": "p-delayed", "sample_platform": "p-at_risk",
		"sample_park": "p-on_schedule", "sample_task": "p-unknown"}
	for code, st := range want {
		if status[code] != st {
			t.Errorf("%s: %s, want %s", code, status[code], st)
		}
	}
	if doc.Find("#timeline-chart").Length() != 1 {
		t.Error("no timeline")
	}
	// filters
	if n := e.page(t, "/plans/demo/projects?status=delayed").Find("#projects-table tbody tr").Length(); n != 1 {
		t.Errorf("status filter: %d rows", n)
	}
	if n := e.page(t, "/plans/demo/projects?unit=sample-dev").Find("#projects-table tbody tr").Length(); n != 1 {
		t.Errorf("unit filter: %d rows", n)
	}
	// as of the end of 2023 the facility's first milestone (mid-2024) is not due yet
	if st, _ := e.page(t, "/plans/demo/projects?as_of=2023").Find(`#projects-table tr:has(.code:contains("sample_facility"))`).Attr("data-status"); st == "p-delayed" {
		t.Errorf("as of 2023 the facility is %s", st)
	}
	// a project's page says why
	doc = e.page(t, "/plans/demo/projects/sample_facility")
	if why := doc.Find(".verdict").Text(); !strings.Contains(why, "主体结构封顶") || !strings.Contains(why, "滞后") {
		t.Errorf("why: %q", why)
	}
	if doc.Find("#investment-chart").Length() != 1 || doc.Find("table").Length() < 2 {
		t.Error("no investment chart or tables")
	}
	if resp, _ := e.get(t, "/plans/demo/projects/nope"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown project: %d", resp.StatusCode)
	}
	// the overview counts them, an indicator lists those serving it
	if n := e.page(t, "/plans/demo").Find(`.counts li.st-p-delayed`).Length(); n != 1 {
		t.Errorf("overview counts: %d", n)
	}
	if n := e.page(t, "/plans/demo/indicators/sci_facilities").Find(".linked-projects li").Length(); n != 2 {
		t.Errorf("%d projects linked to sci_facilities", n)
	}
	// Chengdu: the boxes' projects, unknown where no source says
	doc = e.page(t, "/plans/chengdu-14-st/projects?box=p5.c1.box18")
	if n := doc.Find("#projects-table tbody tr").Length(); n != 11 {
		t.Errorf("专栏18: %d projects", n)
	}
}

func TestWarningsPage(t *testing.T) {
	e := newEnv(t) // 2026-11-27: 2025 values were due 2026-03-31
	doc := e.page(t, "/plans/demo/warnings")
	text := doc.Find("table").Text()
	for _, want := range []string{"约束性指标预警", "重大项目滞后", "示例大科学装置", "重大项目有风险", "逾期未报"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the warnings:\n%s", want, text)
		}
	}
	_, body := e.get(t, "/api/v1/plans/demo/warnings")
	var api struct {
		AsOf     string `json:"as_of"`
		Warnings []struct {
			Kind, Project, Indicator, Message string
		} `json:"warnings"`
	}
	if err := json.Unmarshal(body, &api); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, w := range api.Warnings {
		kinds[w.Kind]++
	}
	if api.AsOf != "2026-11-27" || kinds["project_delayed"] != 1 || kinds["project_at_risk"] != 1 || kinds["binding"] == 0 {
		t.Errorf("api: %s %v", api.AsOf, kinds)
	}
	// Chengdu sets no due date: nothing is called overdue
	if strings.Contains(e.page(t, "/plans/chengdu-14-st/warnings").Find("table").Text(), "逾期未报") {
		t.Error("Chengdu has overdue warnings without a due date")
	}
}

func TestReportProjectsAndWarnings(t *testing.T) {
	e := newEnv(t)
	annual := string(e.pageBody(t, "/plans/demo/reports/2024?kind=annual"))
	for _, want := range []string{"重大项目进展", "示例大科学装置", "预警事项", "重大项目滞后"} {
		if !strings.Contains(annual, want) {
			t.Errorf("the 2024 annual report lacks %q", want)
		}
	}
	final := string(e.pageBody(t, "/plans/demo/reports/2025?kind=final"))
	if !strings.Contains(final, "重大项目进展") || strings.Contains(final, "预警事项") {
		t.Error("the final report: projects yes, early warning no")
	}
}

// An administrator exports the projects as XLSX, changes a stage in the
// spreadsheet and imports it back through the upload's preview and
// commit; the unchanged export imports as unchanged; an editor may not.
func TestProjectsFileRoundTrip(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	admin := e.client(t, "admin")
	target := e.URL + "/plans/demo/import"
	resp, x := e.get(t, "/plans/demo/projects.xlsx")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	commit := func(name string, body []byte) *goquery.Document {
		t.Helper()
		resp, _ := upload(t, admin, target, "projects", name, body)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload %s: %d", name, resp.StatusCode)
		}
		next := e.URL + resp.Header.Get("Location")
		_, d := settled(t, admin, next)
		if d.Find("#commit-form").Length() == 1 {
			doc(t, admin, http.MethodPost, next)
			_, d = settled(t, admin, next)
		}
		return d
	}
	// unchanged: nothing to commit
	d := commit("projects.xlsx", x)
	if d.Find("#commit-form").Length() != 0 {
		t.Errorf("an unchanged export offers a commit")
	}
	// a stage changed in the sheet
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	rows, _ := f.GetRows(sheet)
	for i, r := range rows {
		if len(r) > 0 && r[0] == "sample_facility" {
			f.SetCellValue(sheet, fmt.Sprintf("G%d", i+1), "建成")
		}
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	commit("projects-edited.xlsx", buf.Bytes())
	prs, _ := e.store.Projects(t.Context(), "demo")
	for _, pr := range prs {
		if pr.Code == "sample_facility" && pr.Stage != indicators.StageBuilt {
			t.Errorf("the stage did not change: %s", pr.Stage)
		}
	}
	if h := e.page(t, "/plans/demo/projects/sample_facility").Find("#phist-h").Parent().Find("tbody tr"); h.Length() != 1 || !strings.Contains(h.Text(), "ada") {
		t.Errorf("the project's history: %q", h.Text())
	}
	if resp, _ := upload(t, e.client(t, "editor"), target, "projects", "p.csv", []byte("code\nx\n")); resp.StatusCode != http.StatusForbidden {
		t.Errorf("projects by an editor: %d", resp.StatusCode)
	}
}

// The responsible unit's editor reports a year's progress on the project's
// page: milestones reached move it from delayed to at risk; a date that
// does not read comes back beside its field; another unit's editor may not.
func TestProjectProgressForm(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ed := e.client(t, "editor") // sample-sci, the facility's unit
	path := "/plans/demo/projects/sample_facility"
	post := func(c *http.Client, form url.Values) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, e.URL+path+"/progress", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	form := url.Values{"stage": {"construction"}, "year": {"2026"}, "planned": {"4"}, "completed": {"4"}, "note": {"设备安装完成(示例)"},
		"ms_0": {"2024-07-15"}, "ms_1": {"2026年7月1日"}}
	if code := post(e.client(t, "editor-other"), form); code != http.StatusForbidden {
		t.Errorf("another unit's editor: %d", code)
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("ms_1", "明年")
	if code := post(ed, bad); code != http.StatusUnprocessableEntity {
		t.Errorf("a date that does not read: %d", code)
	}
	if code := post(ed, form); code != http.StatusSeeOther {
		t.Fatalf("progress: %d", code)
	}
	prs, _ := e.store.Projects(t.Context(), "demo")
	for _, pr := range prs {
		if pr.Code != "sample_facility" {
			continue
		}
		if pr.Milestones[1].Actual == nil || pr.Milestones[1].Actual.Format("2006-01-02") != "2026-07-01" {
			t.Errorf("milestone: %+v", pr.Milestones[1])
		}
		// 8+6+4+3+4 = 25 of 40 invested (0.625) against 0.82 of the period passed: at risk, no longer delayed
		if a := pr.Assess(clock(), 0.05); a.Status != indicators.ProjectAtRisk {
			t.Errorf("status after the report: %s", a.Status)
		}
	}
	if st, _ := e.page(t, "/plans/demo/projects").Find(`#projects-table tr:has(.code:contains("sample_facility"))`).Attr("data-status"); st != "p-at_risk" {
		t.Errorf("the list says %s", st)
	}
	es, _ := e.store.Audit(t.Context(), indicators.AuditFilter{Entity: "project", Action: "update"}, 5)
	if len(es) != 1 || es[0].Actor != "ed.sci" {
		t.Errorf("audit %+v", es)
	}
}
