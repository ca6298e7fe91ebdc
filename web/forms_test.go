package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"plantrack/indicators"
)

// post sends a form as a browser does from one of our pages.
func post(t *testing.T, c *http.Client, target string, form url.Values) (*http.Response, *goquery.Document) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(body))
	return resp, doc
}

func fieldError(doc *goquery.Document, name string) string {
	return strings.TrimSpace(doc.Find("#f-" + name).ParentsFiltered(".field").Find(".field-error").Text())
}

func TestEnterAValue(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ed := e.client(t, "editor")
	target := e.URL + "/plans/demo/indicators/rd_intensity/observations"

	// the form is on the page for the editor, not for the viewer
	get := func(c *http.Client, query ...string) *goquery.Document {
		resp, err := c.Get(e.URL + "/plans/demo/indicators/rd_intensity" + strings.Join(query, ""))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		doc, _ := goquery.NewDocumentFromReader(resp.Body)
		return doc
	}
	if get(ed).Find("form#entry-form").Length() != 1 {
		t.Fatal("no entry form for the editor")
	}
	if get(e.client(t, "viewer")).Find("form#entry-form").Length() != 0 || get(e.client(t, "editor-other")).Find("form#entry-form").Length() != 0 {
		t.Fatal("entry form shown to someone who may not write")
	}

	// bad input: 422, messages next to the fields, nothing written
	resp, doc := post(t, ed, target, url.Values{"year": {"2024"}, "value": {"两点四"}, "qualifier": {"exact"}, "status": {"final"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad value: %d", resp.StatusCode)
	}
	if got := fieldError(doc, "value"); !strings.Contains(got, "“两点四”不是数字") {
		t.Errorf("value error %q", got)
	}
	if v := doc.Find("#f-value").AttrOr("value", ""); v != "两点四" {
		t.Errorf("the form lost what was typed: %q", v)
	}
	resp, doc = post(t, ed, target, url.Values{"year": {"2031"}, "value": {"2.4"}, "qualifier": {"exact"}, "status": {"final"}, "source": {"x"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || fieldError(doc, "year") == "" {
		t.Errorf("year outside the plan: %d %q", resp.StatusCode, fieldError(doc, "year"))
	}

	// the form is a one-row import, with the engine's checks: a qualifier
	// that contradicts the value's wording is refused
	resp, doc = post(t, ed, target, url.Values{"year": {"2024"}, "value": {"约2.4"}, "qualifier": {"lower_bound"}, "source": {"x"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(doc, "qualifier"), "矛盾") {
		t.Errorf("contradicting qualifier: %d %q", resp.StatusCode, fieldError(doc, "qualifier"))
	}
	// and warnings: 24 after 2.3 is about ten times the year before, and
	// no source is given; nothing is saved until the user confirms
	form := url.Values{"year": {"2024"}, "value": {"２４"}, "qualifier": {"estimate"}, "status": {"preliminary"}, "note": {"<b>初步</b>"}}
	resp, doc = post(t, ed, target, form)
	warn := strings.TrimSpace(doc.Find("#f-value").ParentsFiltered(".field").Find(".field-warning").Text())
	srcWarn := strings.TrimSpace(doc.Find("#f-source").ParentsFiltered(".field").Find(".field-warning").Text())
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(warn, "10 倍") || srcWarn != "没有注明数据来源" ||
		doc.Find(`form#entry-form input[name="confirm"]`).Length() != 1 {
		t.Fatalf("warnings: %d %q %q", resp.StatusCode, warn, srcWarn)
	}
	if d, _ := e.store.Dataset(context.Background(), "demo", "rd_intensity"); len(d.Observations["rd_intensity"]) != 3 {
		t.Fatalf("a warned value was saved before it was confirmed")
	}
	// good input, confirmed: 303 back to the page, the value is there and judged
	form.Set("source", "2024年统计快报")
	form.Set("confirm", "1")
	resp, _ = post(t, ed, target, form)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/plans/demo/indicators/rd_intensity?saved=2024") {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	d, _ := e.store.Dataset(context.Background(), "demo", "rd_intensity")
	last := d.Observations["rd_intensity"][len(d.Observations["rd_intensity"])-1]
	if last.Year != 2024 || last.Value != 24 || last.Actor != "ed.sci" || last.Note != "<b>初步</b>" {
		t.Errorf("stored %+v", last)
	}
	doc = get(ed, "?saved=2024")
	if !strings.Contains(doc.Find(".notice").Text(), "已保存") || !strings.Contains(doc.Find("table.observations").Text(), "<b>初步</b>") {
		t.Error("no confirmation, or the note is not shown verbatim")
	}
	// the editor of another department is refused even with a well-formed post
	resp, _ = post(t, e.client(t, "editor-other"), target, url.Values{"year": {"2024"}, "value": {"1"}, "qualifier": {"exact"}, "status": {"final"}, "source": {"x"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("other department: %d", resp.StatusCode)
	}
	// the write is in the audit log, with what it changed
	es, _ := e.store.Audit(context.Background(), indicators.AuditFilter{}, 100)
	var entry indicators.AuditEntry
	for _, x := range es {
		if x.Action == "import" && entry.ID == 0 {
			entry = x
		}
	}
	if entry.Actor != "ed.sci" ||
		!strings.Contains(entry.After, `{"indicator":"rd_intensity","new":24,"plan":"demo","year":2024}`) {
		t.Errorf("audit %+v", entry)
	}
}

func TestAdminBuildsAPlan(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	admin := e.client(t, "admin")
	resp, doc := post(t, admin, e.URL+"/admin/plans", url.Values{"code": {"cd-15"}, "name_zh": {""}, "base_year": {"2025"}, "target_year": {"2025"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || fieldError(doc, "name_zh") == "" || fieldError(doc, "target_year") == "" {
		t.Fatalf("bad plan: %d name %q year %q", resp.StatusCode, fieldError(doc, "name_zh"), fieldError(doc, "target_year"))
	}
	resp, _ = post(t, admin, e.URL+"/admin/plans", url.Values{"code": {"cd-15"}, "jurisdiction": {"成都市"}, "name_zh": {"成都市“十五五”规划"},
		"base_year": {"2025"}, "target_year": {"2030"}, "tolerance": {"0.05"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create plan: %d", resp.StatusCode)
	}
	resp, _ = post(t, admin, e.URL+"/plans/cd-15/sections", url.Values{"code": {"p1"}, "level": {"part"}, "number": {"第一篇"}, "title_zh": {"创新"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create section: %d", resp.StatusCode)
	}
	// a real plan is not offered the sample plan's made-up departments; the sample plan is
	if err := e.app.SaveUnit(context.Background(), indicators.As("ada"), indicators.Unit{Code: "cdst", NameZh: "成都市科学技术局"}); err != nil {
		t.Fatal(err)
	}
	for plan, want := range map[string][]string{"cd-15": {"", "cdst"}, "demo": {"", "cdst", "sample-dev", "sample-env", "sample-sci"}} {
		resp, err := admin.Get(e.URL + "/plans/" + plan + "/new-indicator")
		if err != nil {
			t.Fatal(err)
		}
		form, _ := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		var got []string
		form.Find("#f-department option").Each(func(_ int, o *goquery.Selection) { got = append(got, o.AttrOr("value", "?")) })
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s offers the departments %q, want %q", plan, got, want)
		}
	}
	// one indicator of every kind, from the form
	kinds := map[string]url.Values{
		"level":             {"target_value": {"39"}, "comparator": {">="}},
		"increase_by":       {"target_value": {"20"}},
		"avg_growth":        {"target_value": {"7"}},
		"cumulative_change": {"target_value": {"-13.5"}, "direction": {"decrease"}},
		"pp_change":         {"target_value": {"2"}},
		"ceiling":           {"target_value": {"5.5"}, "comparator": {"<="}, "direction": {"decrease"}},
		"floor":             {"target_value": {"600"}, "comparator": {">="}},
		"milestone":         {"target_value": {"3"}, "comparator": {">="}},
		"none":              {},
	}
	for kind, extra := range kinds {
		form := url.Values{"code": {"k_" + kind}, "name_zh": {"指标 " + kind}, "unit": {"个"}, "section": {"p1"}, "attribute": {"expected"},
			"direction": {"increase"}, "department": {"sample-sci"}, "baseline_year": {"2025"}, "baseline_value": {"100"}, "kind": {kind},
			"interim": {"2027=110\n2028: 120"}}
		for k, v := range extra {
			form[k] = v
		}
		resp, doc := post(t, admin, e.URL+"/plans/cd-15/new-indicator", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %d %s", kind, resp.StatusCode, doc.Find(".form-error, .field-error").Text())
		}
	}
	d, err := e.store.Dataset(context.Background(), "cd-15", "")
	if err != nil || len(d.Indicators) != 9 || len(d.Indicators[0].Interim) != 2 {
		t.Fatalf("plan after the forms: %d indicators, %v", len(d.Indicators), err)
	}
	// a bad indicator: each message next to its field
	resp, doc = post(t, admin, e.URL+"/plans/cd-15/new-indicator", url.Values{"code": {"Bad Code"}, "name_zh": {"x"}, "attribute": {"expected"},
		"direction": {"increase"}, "baseline_year": {"2025"}, "baseline_value": {"abc"}, "kind": {"ceiling"}, "target_value": {"1"},
		"comparator": {">="}, "interim": {"nonsense"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad indicator: %d", resp.StatusCode)
	}
	for _, f := range []string{"baseline_value", "interim"} {
		if fieldError(doc, f) == "" {
			t.Errorf("no message next to %s", f)
		}
	}
	// empty code and name are flagged even beside a number that cannot be read; full-width digits are
	// a year; "2,1" is said to be ambiguous; what was typed comes back
	resp, doc = post(t, admin, e.URL+"/plans/cd-15/new-indicator", url.Values{"code": {""}, "name_zh": {" "}, "attribute": {"expected"},
		"direction": {"increase"}, "baseline_year": {"２０２５"}, "baseline_value": {"2,1"}, "kind": {"level"}, "target_value": {"3"},
		"comparator": {">="}, "unit": {"%"}, "plan_text": {"达到3%"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty code and name: %d", resp.StatusCode)
	}
	if !strings.Contains(fieldError(doc, "code"), "请填写代码") || fieldError(doc, "name_zh") == "" {
		t.Errorf("code %q, name %q", fieldError(doc, "code"), fieldError(doc, "name_zh"))
	}
	if msg := fieldError(doc, "baseline_value"); !strings.Contains(msg, "逗号") {
		t.Errorf("2,1: %q", msg)
	}
	if msg := fieldError(doc, "baseline_year"); msg != "" {
		t.Errorf("a year in full-width digits: %q", msg)
	}
	for field, want := range map[string]string{"baseline_value": "2,1", "baseline_year": "２０２５", "unit": "%", "target_value": "3"} {
		if got, _ := doc.Find("#f-" + field).Attr("value"); got != want {
			t.Errorf("%s shows %q, not what was typed (%q)", field, got, want)
		}
	}
	if got := doc.Find("#f-plan_text").Text(); got != "达到3%" {
		t.Errorf("plan text shows %q", got)
	}
	// the validation of the domain comes after the numbers parse
	resp, doc = post(t, admin, e.URL+"/plans/cd-15/new-indicator", url.Values{"code": {"Bad Code"}, "name_zh": {"x"}, "attribute": {"expected"},
		"direction": {"increase"}, "baseline_year": {"2025"}, "kind": {"ceiling"}, "target_value": {"1"}, "comparator": {">="}})
	if resp.StatusCode != http.StatusUnprocessableEntity || fieldError(doc, "code") == "" || fieldError(doc, "comparator") == "" {
		t.Errorf("code %q comparator %q", fieldError(doc, "code"), fieldError(doc, "comparator"))
	}
	// a changed target needs its reason, which the history keeps
	edit := url.Values{"code": {"hijack"}, "name_zh": {"改名"}, "unit": {"件"}, "baseline_value": {"100"},
		"attribute": {"binding"}, "direction": {"increase"}, "baseline_year": {"2025"}, "kind": {"level"}, "target_value": {"40"}, "comparator": {">="}}
	resp, doc = post(t, admin, e.URL+"/plans/cd-15/indicators/k_level/edit", edit)
	if resp.StatusCode != http.StatusUnprocessableEntity || fieldError(doc, "reason") == "" {
		t.Fatalf("a target changed without a reason: %d %q", resp.StatusCode, fieldError(doc, "reason"))
	}
	// edit keeps the code and records before and after
	edit.Set("reason", "市政府调整目标")
	resp, _ = post(t, admin, e.URL+"/plans/cd-15/indicators/k_level/edit", edit)
	if hist, err := e.store.DefinitionHistory(context.Background(), "cd-15", "k_level"); err != nil || len(hist) != 1 ||
		hist[0].Field != "target_value" || hist[0].Old != "39" || hist[0].New != "40" || hist[0].Reason != "市政府调整目标" || hist[0].Actor != "ada" {
		t.Errorf("history %+v %v", hist, err)
	}
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/plans/cd-15/indicators/k_level?saved=1" {
		t.Fatalf("edit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	es, _ := e.store.Audit(context.Background(), indicators.AuditFilter{}, 1)
	if es[0].Action != "update" || !strings.Contains(es[0].Before, "指标 level") || !strings.Contains(es[0].After, "改名") {
		t.Errorf("audit %+v", es[0])
	}
	// the audit page shows it to the admin
	resp, err = admin.Get(e.URL + "/admin/audit")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(body, []byte("cd-15/k_level")) {
		t.Error("audit page lacks the edit")
	}
}

func TestAdminManagesUsers(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	admin := e.client(t, "admin")
	resp, doc := post(t, admin, e.URL+"/admin/users", url.Values{"name": {"l"}, "display_name": {"李\u202e华"}, "role": {"editor"}, "password": {"short"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || fieldError(doc, "name") == "" || fieldError(doc, "password") == "" ||
		fieldError(doc, "departments") == "" || fieldError(doc, "display_name") == "" {
		t.Fatalf("bad user: %d", resp.StatusCode)
	}
	if got, _ := doc.Find("#f-display_name").Attr("value"); got != "李\u202e华" {
		t.Errorf("the form lost what was typed: %q", got)
	}
	// a Chinese account name, a display name, department names in the list and shown in the history
	resp, _ = post(t, admin, e.URL+"/admin/users", url.Values{"name": {"张三"}, "display_name": {"张三(市科技局)"}, "role": {"editor"},
		"departments": {"sample-sci"}, "password": {"a long enough password"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create 张三: %d", resp.StatusCode)
	}
	resp, doc = post(t, admin, e.URL+"/admin/users/"+url.PathEscape("张三"), url.Values{"display_name": {"张三(市科技局规划处)"}, "role": {"editor"},
		"departments": {"sample-sci"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit 张三: %d %s", resp.StatusCode, doc.Find(".form-error, .field-error").Text())
	}
	list, _ := admin.Get(e.URL + "/admin/users")
	ldoc, _ := goquery.NewDocumentFromReader(list.Body)
	list.Body.Close()
	row := ldoc.Find("table.plain tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), "张三") }).Text()
	if !strings.Contains(row, "张三(市科技局规划处)") || !strings.Contains(row, "示例市科技局") || strings.Contains(row, "sample-sci") {
		t.Errorf("users list row: %q", row)
	}
	jar, _ := cookiejar.New(nil)
	zs := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := zs.PostForm(e.URL+"/login", url.Values{"name": {"张三"}, "password": {"a long enough password"}, "next": {"/"}}); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("张三 signs in: %v %v", resp, err)
	}
	resp, _ = post(t, zs, e.URL+"/plans/demo/indicators/rd_intensity/observations", url.Values{"year": {"2024"}, "value": {"2.5"},
		"qualifier": {"exact"}, "status": {"final"}, "source": {"统计公报"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("张三 enters a value: %d", resp.StatusCode)
	}
	if hist := e.page(t, "/plans/demo/indicators/rd_intensity").Find("table.observations").Text(); !strings.Contains(hist, "张三(市科技局规划处)") {
		t.Errorf("the history does not name 张三 as people know him:\n%s", hist)
	}
	resp, _ = post(t, admin, e.URL+"/admin/users", url.Values{"name": {"li.hua"}, "role": {"editor"}, "departments": {"sample-env", "sample-dev"}, "password": {"another long password"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user: %d", resp.StatusCode)
	}
	u, err := e.store.User(context.Background(), "li.hua")
	if err != nil || len(u.Units) != 2 {
		t.Fatalf("%+v %v", u, err)
	}
	// disabling signs the user out
	ed := e.client(t, "editor")
	resp, _ = post(t, admin, e.URL+"/admin/users/ed.sci", url.Values{"role": {"editor"}, "departments": {"sample-sci"}, "disabled": {"1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	resp, _ = post(t, ed, e.URL+"/plans/demo/indicators/rd_intensity/observations", url.Values{"year": {"2024"}, "value": {"1"}, "qualifier": {"exact"}, "status": {"final"}, "source": {"x"}})
	if !refused(resp) {
		t.Errorf("a disabled editor still writes: %d", resp.StatusCode)
	}
	// departments
	resp, _ = post(t, admin, e.URL+"/admin/departments", url.Values{"code": {"cd-stats"}, "name_zh": {"成都市统计局"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("department: %d", resp.StatusCode)
	}
}

func TestSubmissionView(t *testing.T) {
	e := newEnv(t)
	resp, err := http.Get(e.URL + "/plans/demo/submission?year=2024")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	rows := map[string][]string{}
	doc.Find("table.plain tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
		rows[cells[0]] = cells
	})
	// 2024: science bureau has 1 of 7 (sci_facilities), environment 3 of 6 (unemployment, farmland, energy_fall)
	if got := rows["示例市科技局"]; len(got) != 3 || got[1] != "1 / 7" || !strings.Contains(got[2], "研发经费投入强度(示例)") {
		t.Errorf("science bureau %q", got)
	}
	if got := rows["示例市生态环境局"]; len(got) != 3 || got[1] != "3 / 6" {
		t.Errorf("environment %q", got)
	}
	if resp, _ := http.Get(e.URL + "/plans/demo/submission?year=1999"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("year 1999: %d", resp.StatusCode)
	}
}
