package web_test

import (
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"plantrack/indicators"
)

func getJSON(t *testing.T, e *env, path string, want int, v any) {
	t.Helper()
	resp, body := e.get(t, path)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("GET %s: content type %q", path, ct)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
}

type apiInd struct {
	Code     string `json:"code"`
	NameZh   string `json:"name_zh"`
	NameEn   string `json:"name_en"`
	Unit     string `json:"unit"`
	Kind     string `json:"kind"`
	Baseline struct {
		Year  int      `json:"year"`
		Value *float64 `json:"value"`
	} `json:"baseline"`
	Target struct {
		Value *float64 `json:"value"`
		Level *float64 `json:"level"`
	} `json:"target"`
	Latest *struct {
		Year      int     `json:"year"`
		Value     float64 `json:"value"`
		Qualifier string  `json:"qualifier"`
	} `json:"latest"`
	Assessment map[string]any `json:"assessment"`
	Obs        []struct {
		Year      int     `json:"year"`
		Value     float64 `json:"value"`
		Qualifier string  `json:"qualifier"`
		Status    string  `json:"status"`
		Source    string  `json:"source"`
		Note      string  `json:"note"`
		Revisions []struct {
			Revision int     `json:"revision"`
			Value    float64 `json:"value"`
		} `json:"revisions"`
	} `json:"observations"`
}

func TestAPIPlans(t *testing.T) {
	e := newEnv(t)
	var got struct {
		Plans []struct {
			Code       string `json:"code"`
			BaseYear   int    `json:"base_year"`
			TargetYear int    `json:"target_year"`
			Sample     bool   `json:"sample"`
		} `json:"plans"`
	}
	getJSON(t, e, "/api/v1/plans", 200, &got)
	if len(got.Plans) != 2 || got.Plans[0].Code != "chengdu-14-st" || got.Plans[0].Sample || !got.Plans[1].Sample ||
		got.Plans[0].BaseYear != 2020 || got.Plans[0].TargetYear != 2025 {
		t.Fatalf("%+v", got)
	}
}

func TestAPIIndicators(t *testing.T) {
	e := newEnv(t)
	var got struct {
		AsOf       int      `json:"as_of"`
		Indicators []apiInd `json:"indicators"`
	}
	getJSON(t, e, "/api/v1/plans/demo/indicators", 200, &got)
	if got.AsOf != 2025 || len(got.Indicators) != 20 { // the current year, at most the target year
		t.Fatalf("as_of %d, %d indicators", got.AsOf, len(got.Indicators))
	}
	statuses := map[string]bool{}
	for _, ind := range got.Indicators {
		for _, k := range []string{"status", "completion", "elapsed", "projected", "required_annual_change", "required_annual_rate"} {
			if _, ok := ind.Assessment[k]; !ok {
				t.Errorf("%s: assessment lacks %s", ind.Code, k)
			}
		}
		statuses[ind.Assessment["status"].(string)] = true
		if ind.Code == "rd_intensity" {
			a := ind.Assessment
			if c := a["completion"].(float64); a["status"] != "on_track" || math.Abs(c-0.6) > 1e-4 || a["elapsed"].(float64) != 0.6 ||
				ind.Latest.Year != 2023 || *ind.Target.Level != 2.5 || *ind.Baseline.Value != 2 {
				t.Errorf("rd_intensity %+v", ind)
			}
			if r := a["required_annual_rate"].(float64); r < 0.04257 || r > 0.04258 {
				t.Errorf("required rate %v", r)
			}
		}
		if ind.Code == "tech_contracts" && (ind.Baseline.Value != nil || ind.Assessment["completion"] != nil) {
			t.Errorf("unknown baseline must be null: %+v", ind)
		}
	}
	if len(statuses) != len(indicators.Statuses) {
		t.Errorf("statuses %v", statuses)
	}
	// as_of moves the judgement back in time (decoded afresh: decoding into
	// the value above would keep what this answer leaves out)
	var back struct {
		Indicators []apiInd `json:"indicators"`
	}
	getJSON(t, e, "/api/v1/plans/chengdu-14-st/indicators?as_of=2024", 200, &back)
	found := false
	for _, ind := range back.Indicators {
		found = found || ind.Code == "national_lab"
		if ind.Code == "national_lab" && (ind.Assessment["status"] != "behind" || ind.Latest.Year != 2023) {
			t.Errorf("national_lab as of 2024: %v", ind.Assessment["status"])
		}
	}
	if !found {
		t.Error("national_lab is not in the answer")
	}
}

func TestAPIIndicatorWithRevisions(t *testing.T) {
	e := newEnv(t)
	e.put(t, seedActor, "chengdu-14-st", "sci_tech_space", indicators.Observation{Year: 2023, Value: 1200,
		Qualifier: indicators.Estimate, Status: indicators.Preliminary, Source: "test"})
	e.put(t, seedActor, "chengdu-14-st", "sci_tech_space", indicators.Observation{Year: 2023, Value: 1350,
		Qualifier: indicators.Exact, Status: indicators.Final, Source: "test", Note: "修订"})
	var got struct {
		Indicator apiInd `json:"indicator"`
	}
	getJSON(t, e, "/api/v1/plans/chengdu-14-st/indicators/sci_tech_space", 200, &got)
	ind := got.Indicator
	if ind.Unit != "万平方米" || ind.Kind != "level" || ind.Baseline.Value != nil || *ind.Target.Value != 2000 {
		t.Errorf("%+v", ind)
	}
	if ind.Assessment["status"] != "no_baseline" {
		t.Errorf("status %v", ind.Assessment["status"])
	}
	if len(ind.Obs) != 1 {
		t.Fatalf("observations %+v", ind.Obs)
	}
	o := ind.Obs[0]
	if o.Year != 2023 || o.Value != 1350 || o.Qualifier != "exact" || o.Status != "final" || len(o.Revisions) != 2 ||
		o.Revisions[0].Value != 1200 || o.Revisions[1].Revision != 2 || o.Note != "修订" || o.Source == "" {
		t.Errorf("2023 %+v", o)
	}
}

func TestAPIErrors(t *testing.T) {
	e := newEnv(t)
	var got struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Field   string `json:"field"`
		} `json:"error"`
	}
	for path, want := range map[string]struct {
		status int
		code   string
	}{
		"/api/v1/plans/nope/indicators":             {http.StatusNotFound, "not_found"},
		"/api/v1/plans/demo/indicators/nope":        {http.StatusNotFound, "not_found"},
		"/api/v1/plans/demo/indicators?as_of=later": {http.StatusBadRequest, "invalid"},
		"/api/v2/anything":                          {http.StatusNotFound, "not_found"},
	} {
		getJSON(t, e, path, want.status, &got)
		if got.Error.Code != want.code || got.Error.Message == "" {
			t.Errorf("%s: %+v", path, got.Error)
		}
	}
}

func TestAPIIsReadOnly(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/api/v1/plans", "/api/v1/plans/demo/indicators/rd_intensity"} {
		resp, err := http.Post(e.URL+path, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("POST %s: %d", path, resp.StatusCode)
		}
	}
	var got struct {
		Indicator struct {
			Target struct {
				Interim []struct {
					Year  int     `json:"year"`
					Value float64 `json:"value"`
				} `json:"interim"`
			} `json:"target"`
		} `json:"indicator"`
	}
	getJSON(t, e, "/api/v1/plans/demo/indicators/rd_intensity", 200, &got)
	if it := got.Indicator.Target.Interim; len(it) != 2 || it[1].Year != 2024 || it[1].Value != 2.4 {
		t.Errorf("interim targets %+v", it)
	}
}

// The API speaks as the pages do: as_of outside the plan is refused with
// a JSON error naming the field, the default as_of is the overview's
// 数据截至, and figures are rounded (no 0.5999999999999996).
func TestAPIAsOfAndRounding(t *testing.T) {
	e := newEnv(t)
	var bad struct {
		Error struct {
			Code, Message, Field string
		} `json:"error"`
	}
	for _, q := range []string{"2020", "2026", "1999", "2025.5"} {
		getJSON(t, e, "/api/v1/plans/demo/indicators?as_of="+q, http.StatusBadRequest, &bad)
		if bad.Error.Code != "invalid" || bad.Error.Field != "as_of" || !strings.Contains(bad.Error.Message, "2021") {
			t.Errorf("as_of=%s: %+v", q, bad.Error)
		}
	}
	var got struct {
		AsOf int `json:"as_of"`
	}
	getJSON(t, e, "/api/v1/plans/demo/indicators", 200, &got)
	page := e.page(t, "/plans/demo").Find(".plan-head .meta").Text()
	if !strings.Contains(page, "数据截至 "+strconv.Itoa(got.AsOf)) {
		t.Errorf("API as_of %d, page says %q", got.AsOf, page)
	}
	_, body := e.get(t, "/api/v1/plans/demo/indicators")
	// at most ten significant digits in any figure
	for _, n := range regexp.MustCompile(`\d+\.\d+`).FindAll(body, -1) {
		digits := strings.TrimLeft(strings.Replace(string(n), ".", "", 1), "0")
		if len(digits) > 10 {
			t.Errorf("unrounded figure in the API: %s", n)
		}
	}
}
