package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"plantrack/indicators"
)

// Every chart has an accessible name and its figures as a table: its own,
// or the page's table it points to.
func TestChartsHaveNamesAndTables(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/plans/demo", "/plans/demo/indicators/rd_intensity", "/plans/demo/reports/2024", "/plans/chengdu-14-st?lang=en",
		"/plans/chengdu-14-st/indicators/new_national_platforms", "/plans/demo/projects", "/plans/demo/projects/sample_facility",
		"/plans/chengdu-14-st/reports/2025?kind=final"} {
		doc := e.page(t, path)
		charts := doc.Find("[data-chart]")
		if charts.Length() == 0 {
			t.Fatalf("%s: no chart", path)
		}
		charts.Each(func(_ int, c *goquery.Selection) {
			id, _ := c.Attr("id")
			if label := strings.TrimSpace(c.AttrOr("aria-label", "")); label == "" || c.AttrOr("role", "") != "img" {
				t.Errorf("%s #%s: no accessible name", path, id)
			}
			ref := c.AttrOr("aria-describedby", "")
			table := doc.Find("#" + ref)
			if ref == "" || table.Length() == 0 {
				t.Errorf("%s #%s: describedby %q points nowhere", path, id, ref)
				return
			}
			if !table.Is("table") && table.Find("table").Length() == 0 {
				t.Errorf("%s #%s: %q holds no table", path, id, ref)
			}
		})
	}
	// the indicator's table has the years and the series the chart draws, the figures as written
	doc := e.page(t, "/plans/demo/indicators/rd_intensity")
	data := doc.Find("#indicator-chart-data table")
	head := data.Find("thead").Text()
	for _, want := range []string{"年份", "实际值", "目标"} {
		if !strings.Contains(head, want) {
			t.Errorf("data table head lacks %q: %q", want, head)
		}
	}
	if rows := data.Find("tbody tr").Length(); rows < 6 {
		t.Errorf("data table has %d years", rows)
	}
}

// Grid inputs are named by indicator and year; help and error texts are
// tied to their inputs.
func TestInputsAreLabelled(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ed := e.client(t, "editor")
	resp, err := ed.Get(e.URL + "/plans/demo/entry")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	inputs := doc.Find(`#grid-form input[type="text"][name^="v."]`)
	if inputs.Length() == 0 {
		t.Fatal("no grid inputs")
	}
	inputs.Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name") // v.code.year
		parts := strings.Split(name, ".")
		label := in.AttrOr("aria-label", "")
		if !strings.Contains(label, parts[len(parts)-1]+"年") || strings.Contains(label, "v.") || len([]rune(label)) < 6 {
			t.Errorf("%s is labelled %q", name, label)
		}
	})
	// a field with help: its input points at the help text
	resp, err = ed.Get(e.URL + "/plans/demo/indicators/rd_intensity")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	n := 0
	doc.Find("form .field").Each(func(_ int, f *goquery.Selection) {
		help := f.Find("p.help")
		if help.Length() == 0 {
			return
		}
		n++
		id := help.AttrOr("id", "")
		input := f.Find("input, select, textarea, fieldset").First()
		if id == "" || !strings.Contains(input.AttrOr("aria-describedby", ""), id) {
			t.Errorf("help %q (id %q) is not tied to its input (%q)", help.Text(), id, input.AttrOr("aria-describedby", ""))
		}
	})
	if n == 0 {
		t.Error("no field with help on the entry form")
	}
}

// An indicator far off the chart's axis is drawn as an arrow on the edge and
// the page says which, with the real figure.
func TestOverviewSaysWhatIsOffTheChart(t *testing.T) {
	e := newEnv(t)
	e.put(t, indicators.LocalActor("ada"), "demo", "rd_intensity", indicators.Observation{Year: 2024, Value: 1.0,
		Qualifier: indicators.Exact, Status: indicators.Final, Source: "测试"})
	doc := e.page(t, "/plans/demo")
	note := doc.Find(".clamped").Text()
	if !strings.Contains(note, "研发经费投入强度") || !strings.Contains(note, "-200") && !strings.Contains(note, "−200") {
		t.Errorf("no note of the indicator beyond the axis: %q", note)
	}
	var opt struct {
		Series []struct {
			Data []struct {
				Name   string    `json:"name"`
				Value  []float64 `json:"value"`
				Symbol string    `json:"symbol"`
				Rotate int       `json:"symbolRotate"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(doc.Find("#overview-chart-option").Text()), &opt); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range opt.Series {
		for _, d := range s.Data {
			if strings.Contains(d.Name, "研发经费投入强度") {
				found = true
				if d.Symbol != "arrow" || d.Rotate != 180 || d.Value[1] != -20 {
					t.Errorf("the point beyond the axis: %+v", d)
				}
			}
		}
	}
	if !found {
		t.Error("the indicator is not on the chart")
	}
}
