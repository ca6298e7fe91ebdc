package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"plantrack/indicators"
)

func TestDistrictPages(t *testing.T) {
	e := newEnv(t)
	// the overview: a district × indicator matrix of the three decomposed indicators
	doc := e.page(t, "/plans/chengdu-14-st")
	raw := doc.Find("#matrix-chart-option").Text()
	var opt struct {
		Series []struct {
			Type string `json:"type"`
			Data []struct {
				Value [3]int `json:"value"`
			} `json:"data"`
		} `json:"series"`
		YAxis []struct {
			Data []string `json:"data"`
		} `json:"yAxis"`
		VisualMap struct {
			Pieces []struct {
				Label string `json:"label"`
			} `json:"pieces"`
		} `json:"visualMap"`
	}
	if err := json.Unmarshal([]byte(raw), &opt); err != nil {
		t.Fatalf("matrix option: %v\n%s", err, raw)
	}
	if len(opt.Series) != 1 || opt.Series[0].Type != "heatmap" || len(opt.Series[0].Data) != 23*3 {
		t.Fatalf("matrix: %+v", opt.Series)
	}
	if len(opt.YAxis) != 1 || len(opt.YAxis[0].Data) != 23 || opt.YAxis[0].Data[0] != "锦江区" || opt.YAxis[0].Data[22] != "成都高新区" {
		t.Errorf("districts %+v", opt.YAxis)
	}
	if len(opt.VisualMap.Pieces) == 0 {
		t.Error("no legend of statuses")
	}
	if n := doc.Find(".matrix .unit-links a").Length(); n != 23 {
		t.Errorf("%d district links", n)
	}
	if !strings.Contains(doc.Find(".matrix").Text(), "示例数据") {
		t.Error("the districts' generated figures are not labelled sample")
	}
	// the plan list keeps the districts' shares under their city plan
	if n := e.page(t, "/").Find(`a[href^="/plans/chengdu-14-st."]`).Length(); n != 0 {
		t.Errorf("%d district plans on the plan list", n)
	}

	// the city indicator: 23 districts ranked, and the roll-up check
	doc = e.page(t, "/plans/chengdu-14-st/indicators/new_national_platforms")
	rows := doc.Find("#districts-table tbody tr")
	if rows.Length() != 23 {
		t.Fatalf("%d district rows", rows.Length())
	}
	check := doc.Find("table.rollup tbody tr")
	if check.Length() != 3 || !strings.Contains(check.Last().Text(), "146") || strings.Contains(doc.Find(".districts").Text(), "超出容差") {
		t.Errorf("roll-up check:\n%s", check.Text())
	}

	// a district's value off the city's sum: flagged on the page, in the API and in the report's gaps
	e.put(t, indicators.LocalActor("test"), "chengdu-14-st.jinjiang", "new_national_platforms", indicators.Observation{Year: 2023, Value: 20,
		Qualifier: indicators.Exact, Status: indicators.Final, Source: "区科技局"})
	doc = e.page(t, "/plans/chengdu-14-st/indicators/new_national_platforms")
	if w := doc.Find(".districts p.warning").Text(); !strings.Contains(w, "2023年") || !strings.Contains(w, "超过容差") {
		t.Errorf("the difference is not flagged: %q", w)
	}
	_, body := e.get(t, "/api/v1/plans/chengdu-14-st/indicators/new_national_platforms/units")
	var api struct {
		Rollup string `json:"rollup"`
		Units  []struct {
			Unit   string `json:"unit"`
			Plan   string `json:"plan"`
			Sample bool   `json:"sample"`
			Values []struct {
				Unit  string  `json:"unit"`
				Year  int     `json:"year"`
				Value float64 `json:"value"`
			} `json:"values"`
		} `json:"units"`
		Check []struct {
			Year     int      `json:"year"`
			Combined *float64 `json:"combined"`
			City     *float64 `json:"city"`
			Flagged  bool     `json:"flagged"`
		} `json:"rollup_check"`
	}
	if err := json.Unmarshal(body, &api); err != nil {
		t.Fatal(err)
	}
	if api.Rollup != "sum" || len(api.Units) != 23 || !api.Units[0].Sample || api.Units[0].Values[0].Unit != api.Units[0].Unit {
		t.Fatalf("units api: %s", body)
	}
	last := api.Check[len(api.Check)-1]
	if last.Year != 2023 || !last.Flagged || last.City == nil || *last.City != 146 || last.Combined == nil || *last.Combined <= 146 {
		t.Errorf("roll-up check in the API: %+v", last)
	}
	_, rep := e.get(t, "/plans/chengdu-14-st/reports/2025?kind=final")
	if !strings.Contains(string(rep), "分区县完成情况") || !strings.Contains(string(rep), "区县合计") {
		t.Error("the report has no districts section")
	}

	// a district's page: its whole share
	doc = e.page(t, "/plans/chengdu-14-st/units/jinjiang")
	for _, code := range []string{"tech_contract_turnover", "new_national_platforms", "patents_per_10k"} {
		if doc.Find(`a[href="/plans/chengdu-14-st.jinjiang/indicators/`+code+`"]`).Length() == 0 {
			t.Errorf("the district page lacks %s", code)
		}
	}
	if !strings.Contains(doc.Find("h1").Text(), "锦江区") || doc.Find(`nav.crumbs a[href="/plans/chengdu-14-st"]`).Length() != 1 {
		t.Errorf("district page heading %q", doc.Find("h1").Text())
	}
	if resp, _ := e.get(t, "/plans/chengdu-14-st/units/nowhere"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown district: %d", resp.StatusCode)
	}
	if resp, _ := e.get(t, "/api/v1/plans/chengdu-14-st/indicators/national_lab/units"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("units of an indicator not decomposed: %d", resp.StatusCode)
	}
}

// A reviewer outside the value's unit is refused, and nothing changes.
func TestReviewOutsideTheUnit(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	p, _ := e.store.Plan(t.Context(), "demo")
	p.Review = true
	if err := e.store.SavePlan(t.Context(), indicators.LocalActor("test"), p, false, clock()); err != nil {
		t.Fatal(err)
	}
	// ed.env's indicator (sample-env); the reviewer reviews sample-sci
	e.put(t, indicators.As("ed.env"), "demo", "forest_cover", indicators.Observation{Year: 2025, Value: 40.5,
		Qualifier: indicators.Exact, Status: indicators.Final, Source: "公报"})
	d, err := e.store.Dataset(t.Context(), "demo", "forest_cover")
	if err != nil || len(d.Pending["forest_cover"]) != 1 {
		t.Fatalf("not submitted: %+v %v", d.Pending, err)
	}
	rev := d.Pending["forest_cover"][0].Revision
	if txt := e.page(t, "/plans/demo/submission?year=2025").Find("table").Text(); !strings.Contains(txt, "待审核 1") {
		t.Errorf("the submission page does not count the value waiting:\n%s", txt)
	}
	form := url.Values{"plan": {"demo"}, "indicator": {"forest_cover"}, "year": {"2025"}, "revision": {strconv.Itoa(rev)}, "decision": {"approved"}}
	resp, err := e.client(t, "reviewer").PostForm(e.URL+"/review", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("approval from outside the unit: %d", resp.StatusCode)
	}
	// the reviewer's list does not offer it either
	c := e.client(t, "reviewer")
	resp, _ = c.Get(e.URL + "/review")
	resp.Body.Close()
	if d, _ := e.store.Dataset(t.Context(), "demo", "forest_cover"); len(d.Pending["forest_cover"]) != 1 {
		t.Error("the refused approval changed the value's state")
	}
	// an administrator may
	resp, err = e.client(t, "admin").PostForm(e.URL+"/review", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("an administrator's approval: %d", resp.StatusCode)
	}
}

// An administrator decomposes a city indicator on its page: the shares land
// in the districts' plans (a new district's plan is created), targets that
// do not add up are saved and said, a number that does not read is shown
// beside its district and nothing is saved.
func TestDecomposeForm(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	admin := e.client(t, "admin")
	post := func(path string, form url.Values) (int, string) {
		t.Helper()
		resp, err := admin.PostForm(e.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("/admin/departments", url.Values{"code": {"testzone"}, "name_zh": {"测试园区"}, "kind": {"zone"}, "parent": {"chengdu"}}); code != http.StatusSeeOther {
		t.Fatalf("new zone: %d %s", code, body)
	}
	const path = "/plans/chengdu-14-st/indicators/sci_tech_space/decompose"
	// a bad number: shown beside its district, nothing saved
	code, body := post(path, url.Values{"rollup": {"sum"}, "target_jinjiang": {"1000"}, "target_testzone": {"十"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "不是数字") {
		t.Fatalf("bad number: %d", code)
	}
	if _, err := e.store.Plan(t.Context(), "chengdu-14-st.testzone"); indicators.KindOf(err) != indicators.ErrNotFound {
		t.Fatalf("a refused form created a plan: %v", err)
	}
	code, body = post(path, url.Values{"rollup": {"sum"}, "target_jinjiang": {"1,000"}, "target_qingyang": {"600"}, "target_testzone": {"300"},
		"baseline_testzone": {"0"}})
	if code != http.StatusSeeOther {
		t.Fatalf("decompose: %d %s", code, body)
	}
	p, err := e.store.Plan(t.Context(), "chengdu-14-st.testzone")
	if err != nil || p.Unit != "testzone" || p.ParentCode != "chengdu-14-st" || p.Sample {
		t.Fatalf("the new district's plan: %+v %v", p, err)
	}
	d, err := e.store.Dataset(t.Context(), "chengdu-14-st.testzone", "sci_tech_space")
	if err != nil || d.Indicators[0].Target.Value != 300 || d.Indicators[0].ParentCode != "sci_tech_space" || d.Indicators[0].Department != "testzone" {
		t.Fatalf("the share: %+v %v", d.Indicators, err)
	}
	// 1,000 + 600 + 300 = 1,900 of 2,000: 5% short, said on the form and the indicator's page
	resp, err := admin.Get(e.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	if w := doc.Find("p.warning").Text(); !strings.Contains(w, "1,900") || !strings.Contains(w, "2,000") {
		t.Errorf("targets that do not add up: %q", w)
	}
	if w := e.page(t, "/plans/chengdu-14-st/indicators/sci_tech_space").Find(".districts p.warning").Text(); !strings.Contains(w, "1,900") {
		t.Errorf("the indicator page does not say the targets fall short: %q", w)
	}
	if n := e.page(t, "/plans/chengdu-14-st/indicators/sci_tech_space").Find("#districts-table tbody tr").Length(); n != 3 {
		t.Errorf("%d districts on the page", n)
	}
	es, err := e.store.Audit(t.Context(), indicators.AuditFilter{Action: "decompose"}, 5)
	if err != nil || len(es) != 1 {
		t.Errorf("audit %+v %v", es, err)
	}
	// the indicator's edit form keeps the decomposition
	ind, _ := e.store.Dataset(t.Context(), "chengdu-14-st", "sci_tech_space")
	if err := e.store.SaveIndicator(t.Context(), indicators.LocalActor("test"), "chengdu-14-st", func() indicators.Indicator {
		x := ind.Indicators[0]
		x.Rollup, x.Note = "", "改了说明"
		return x
	}(), "", false, clock()); err != nil {
		t.Fatal(err)
	}
	if after, _ := e.store.Dataset(t.Context(), "chengdu-14-st", "sci_tech_space"); after.Indicators[0].Rollup != indicators.RollupSum {
		t.Error("saving the indicator's form undid its decomposition")
	}
}

// A reviewer ticks several values and approves them at once; a return of
// the ticked without a reason is refused and changes nothing.
func TestReviewBulk(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	p, _ := e.store.Plan(t.Context(), "demo")
	p.Review = true
	if err := e.store.SavePlan(t.Context(), indicators.LocalActor("test"), p, false, clock()); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"rd_intensity", "hv_patents"} {
		e.put(t, indicators.As("ed.sci"), "demo", code, indicators.Observation{Year: 2025, Value: 9,
			Qualifier: indicators.Exact, Status: indicators.Final, Source: "公报"})
	}
	rev := e.client(t, "reviewer")
	resp, err := rev.Get(e.URL + "/review")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	var refs []string
	doc.Find(`input[name="v"][form="bulk-form"]`).Each(func(_ int, s *goquery.Selection) { refs = append(refs, s.AttrOr("value", "")) })
	if len(refs) != 2 || doc.Find("#bulk-form").Length() != 1 {
		t.Fatalf("ticks %v", refs)
	}
	post := func(form url.Values) int {
		resp, err := rev.PostForm(e.URL+"/review/bulk", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(url.Values{"v": refs, "decision": {"returned"}}); code != http.StatusBadRequest {
		t.Errorf("a return without a reason: %d", code)
	}
	if code := post(url.Values{"v": refs, "decision": {"approved"}}); code != http.StatusSeeOther {
		t.Fatalf("bulk approval: %d", code)
	}
	for _, code := range []string{"rd_intensity", "hv_patents"} {
		d, _ := e.store.Dataset(t.Context(), "demo", code)
		if len(d.Pending[code]) != 0 {
			t.Errorf("%s still waiting", code)
		}
	}
}
