package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/web"
)

func rowsByCode(doc *goquery.Document) map[string]*goquery.Selection {
	out := map[string]*goquery.Selection{}
	doc.Find("table.indicators tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if code := strings.TrimSpace(tr.Find("td.code").Text()); code != "" {
			out[code] = tr
		}
	})
	return out
}

func cells(tr *goquery.Selection) []string {
	var out []string
	tr.Find("td").Each(func(_ int, td *goquery.Selection) { out = append(out, strings.Join(strings.Fields(td.Text()), " ")) })
	return out
}

func TestPlanList(t *testing.T) {
	e := newEnv(t)
	doc := e.page(t, "/")
	cards := doc.Find("article.card")
	if cards.Length() != 2 {
		t.Fatalf("%d plan cards", cards.Length())
	}
	first := cards.First()
	if !strings.Contains(first.Find("h2").Text(), "成都市“十四五”规划 科技创新") || first.HasClass("sample") {
		t.Errorf("first card: %q", first.Find("h2").Text())
	}
	if demo := cards.Eq(1); !demo.HasClass("sample") || !strings.Contains(demo.Text(), "示例数据") {
		t.Errorf("demo card not labelled as sample data")
	}
	if doc.Find(".sample-banner").Length() != 0 {
		t.Errorf("the plan list is not sample data")
	}
}

func TestChengduOverview(t *testing.T) {
	e := newEnv(t)
	doc := e.page(t, "/plans/chengdu-14-st")
	rows := rowsByCode(doc)
	want := map[string][]string{ // code → attribute, unit, baseline, target, latest, completion, elapsed, status
		"national_lab":                    {"预期性", "个", "0", "建成1个", "1 (2025)", "100.0%", "100.0%", "已实现"},
		"national_tech_innovation_center": {"预期性", "个", "0", "建成1个", "1 (2023)", "100.0%", "60.0%", "提前实现"},
		"major_sci_facilities":            {"预期性", "个", "0", "建成3个", "—", "—", "—", "无数据"},
		// 119 → 146 in 2023 (科技局): 27 new, the target met early
		"new_national_platforms": {"预期性", "个", "119", "新增20个", "146 (2023)", "135.0%", "60.0%", "提前实现"},
		// our estimate of 2025, marked 约: met, and no baseline needed to say so
		"patents_per_10k": {"预期性", "件/万人", "未知", "≥ 39", "约 62.9 (2025)", "—", "100.0%", "已实现"},
		// judged on 2023's figure and marked as lagging: the page is as of 2025
		"tech_contract_turnover": {"预期性", "亿元", "未知", "> 1,800", "1,614.2 (2023)", "—", "60.0%", "缺基期值⏳数据滞后：依据2023年数据"},
		"sci_tech_space":         {"预期性", "万平方米", "未知", "≥ 2,000", "—", "—", "—", "无数据"},
	}
	for code, w := range want {
		tr, ok := rows[code]
		if !ok {
			t.Errorf("no row for %s", code)
			continue
		}
		got := cells(tr)[2:10]
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("%s:\n got %q\nwant %q", code, got, w)
		}
		if tr.Find(".badge").Length() != 1 {
			t.Errorf("%s: status needs a colour badge as well as the word", code)
		}
	}
	// An unknown baseline is marked where the judgement needs it, and the gaps are listed:
	// a target met needs no baseline (每万人发明专利拥有量), one still open does (技术合同成交总额).
	if !rows["tech_contract_turnover"].Find("td.missing").Is("td") || rows["patents_per_10k"].Find("td.missing").Length() != 0 {
		t.Error("unknown baselines marked where they matter, and only there")
	}
	gaps := doc.Find("ul.gaps").Text()
	for _, g := range []string{"技术合同成交总额:缺基期值", "高品质科创空间面积", "重大科技基础设施", "最新值为2023年"} {
		if !strings.Contains(gaps, g) {
			t.Errorf("data gaps miss %q: %s", g, gaps)
		}
	}
	if strings.Contains(gaps, "每万人发明专利拥有量") {
		t.Errorf("a target met is listed as lacking a baseline: %s", gaps)
	}
	// The public figures that measure other things are reference rows, after the plan's.
	groups := doc.Find("tr.group")
	if !strings.Contains(groups.Last().Text(), "参考指标") || !groups.Last().HasClass("reference") {
		t.Errorf("last group %q", groups.Last().Text())
	}
	if r := rows["highvalue_patents_per_10k"]; r == nil || !strings.Contains(r.Text(), "监测") {
		t.Error("high-value patents should be a monitored reference figure")
	}
	if doc.Find(".sample-banner").Length() != 0 {
		t.Error("real data must not carry the sample banner")
	}
	// the chart block is JSON with one series per status present, and the diagonal
	var opt map[string]any
	if err := json.Unmarshal([]byte(doc.Find("script#overview-chart-option").Text()), &opt); err != nil {
		t.Fatalf("chart option: %v", err)
	}
	if n := len(opt["series"].([]any)); n != 3 {
		t.Errorf("%d chart series, want 2 statuses (achieved, achieved early) + diagonal", n)
	}
}

func TestOverviewFilters(t *testing.T) {
	e := newEnv(t)
	doc := e.page(t, "/plans/demo?attr=binding")
	rows := rowsByCode(doc)
	if len(rows) != 6 {
		t.Errorf("%d binding rows, want 6", len(rows))
	}
	for code, tr := range rows {
		if !strings.Contains(tr.Text(), "约束性") {
			t.Errorf("%s is not binding", code)
		}
	}
	doc = e.page(t, "/plans/demo?status=behind")
	if n := len(rowsByCode(doc)); n != 3 {
		t.Errorf("%d behind rows, want 3", n)
	}
	if doc.Find(".counts li.active").Length() != 1 {
		t.Error("the filtered status is not highlighted")
	}
	// as of 2024 the national lab was still under construction
	doc = e.page(t, "/plans/chengdu-14-st?as_of=2024")
	if got := cells(rowsByCode(doc)["national_lab"])[9]; got != "滞后" {
		t.Errorf("national_lab as of 2024: %s", got)
	}
	if resp, _ := e.get(t, "/plans/demo?as_of=abc"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("as_of=abc: %d", resp.StatusCode)
	}
}

func TestDemoShowsEveryStatus(t *testing.T) {
	e := newEnv(t)
	doc := e.page(t, "/plans/demo")
	if !strings.Contains(doc.Find(".sample-banner").Text(), "示例数据") {
		t.Fatal("no sample banner on the demo plan")
	}
	// each label whole: 符合 is also inside 基本符合预期
	counts := map[string]bool{}
	doc.Find(".counts li .label").Each(func(_ int, s *goquery.Selection) { counts[strings.TrimSpace(s.Text())] = true })
	for _, s := range indicators.Statuses {
		label := map[indicators.Status]string{indicators.StatusNoData: "无数据", indicators.StatusAchievedEarly: "提前实现",
			indicators.StatusAchieved: "已实现", indicators.StatusNoBaseline: "缺基期值", indicators.StatusNotAchieved: "未完成",
			indicators.StatusRegressing: "逆向变化", indicators.StatusAhead: "快于预期", indicators.StatusOnTrack: "基本符合预期",
			indicators.StatusBehind: "滞后", indicators.StatusCompliant: "符合", indicators.StatusBreached: "越限",
			indicators.StatusMonitoring: "监测", indicators.StatusTargetPending: "待下达"}[s]
		if !counts[label] {
			t.Errorf("status %s (%s) missing from the demo counts", s, label)
		}
	}
	// binding indicators come first in their group
	var attrs []string
	doc.Find("tbody").Each(func(_ int, tb *goquery.Selection) {
		attrs = attrs[:0]
		tb.Find("tr[class*=row-]").Each(func(_ int, tr *goquery.Selection) { attrs = append(attrs, tr.AttrOr("class", "")) })
		seenOther := false
		for _, a := range attrs {
			if strings.Contains(a, "row-binding") && seenOther {
				t.Errorf("binding indicator after a non-binding one: %v", attrs)
			}
			seenOther = seenOther || !strings.Contains(a, "row-binding")
		}
	})
}

func TestIndicatorPageShowsTheWorkedExample(t *testing.T) {
	e := newEnv(t)
	doc := e.page(t, "/plans/demo/indicators/rd_intensity")
	var parts []string
	doc.Find("table.calc th, table.calc td").Each(func(_ int, c *goquery.Selection) { parts = append(parts, strings.TrimSpace(c.Text())) })
	calc := strings.Join(parts, " ")
	for _, want := range []string{"(2.3 − 2)/(2.5 − 2) 60.0%", "(2023 − 2020)/(2025 − 2020) 60.0%",
		"(2.5/2.3)^(1/2) − 1 4.26%", "4.77% / 4.56% 1.045", "预计能完成"} {
		if !strings.Contains(calc, want) {
			t.Errorf("calculation lacks %q:\n%s", want, calc)
		}
	}
	if got := strings.TrimSpace(doc.Find(".verdict .badge").Text()); got != "基本符合预期" {
		t.Errorf("verdict %q", got)
	}
	if doc.Find("table.observations tbody tr").Length() != 3 {
		t.Errorf("observations table")
	}
	if doc.Find("script#indicator-chart-option").Length() != 1 || doc.Find("#indicator-chart[data-chart]").Length() != 1 {
		t.Error("no chart")
	}
}

func TestIndicatorRevisionsAndQualifiers(t *testing.T) {
	e := newEnv(t)
	for _, v := range []float64{2.41, 2.43} {
		e.put(t, indicators.LocalActor("tester"), "demo", "rd_intensity", indicators.Observation{Year: 2024, Value: v,
			Qualifier: indicators.Estimate, Status: indicators.Preliminary, Source: "快报"})
	}
	doc := e.page(t, "/plans/demo/indicators/rd_intensity")
	sup := doc.Find("tr.superseded")
	if sup.Length() != 1 || !strings.Contains(sup.Text(), "2.41") {
		t.Errorf("superseded revision not shown: %d", sup.Length())
	}
	var opt struct {
		Series []struct {
			Name string `json:"name"`
			Data []struct {
				Value  any    `json:"value"`
				Symbol string `json:"symbol"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(doc.Find("script#indicator-chart-option").Text()), &opt); err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, s := range opt.Series {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "实际值,基期值,预期路径,趋势外推,阶段目标,目标值" {
		t.Errorf("series %v", names)
	}
	act := opt.Series[0].Data
	if act[4].Value != 2.43 || act[4].Symbol != "emptyCircle" || act[0].Value != "-" {
		t.Errorf("actual series %+v", act)
	}
}

func TestErrors(t *testing.T) {
	e := newEnv(t)
	for path, status := range map[string]int{
		"/plans/nope": 404, "/plans/demo/indicators/nope": 404, "/nothing": 404,
		"/plans/demo/indicators/rd_intensity?as_of=1": 400,
	} {
		resp, body := e.get(t, path)
		if resp.StatusCode != status || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !bytes.Contains(body, []byte("返回规划列表")) {
			t.Errorf("%s: not an error page in Chinese", path)
		}
	}
}

func TestSecurityHeadersAndNoExternalReferences(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/", "/plans/chengdu-14-st", "/plans/demo/indicators/forest_cover", "/api/v1/plans", "/nope", "/favicon.ico"} {
		resp, body := e.get(t, path)
		if got := resp.Header.Get("Content-Security-Policy"); got != web.CSP {
			t.Errorf("%s: CSP %q", path, got)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: security headers missing", path)
		}
		if !strings.Contains(resp.Header.Get("Content-Type"), "html") {
			continue
		}
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(body))
		doc.Find("[src], [href], [action]").Each(func(_ int, s *goquery.Selection) {
			for _, a := range []string{"src", "href", "action"} {
				v, ok := s.Attr(a)
				if ok && v != "" && !strings.HasPrefix(v, "/") {
					t.Errorf("%s: %s=%q leaves the server", path, a, v)
				}
			}
		})
		if doc.Find("[style]").Length() > 0 || doc.Find("script:not([src]):not([type='application/json'])").Length() > 0 {
			t.Errorf("%s: inline style or script would break the CSP", path)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	e := newEnv(t)
	doc := e.page(t, "/")
	src, _ := doc.Find(`script[src*="echarts.min.js"]`).Attr("src")
	if !regexp.MustCompile(`^/static/[0-9a-f]{12}/vendor/echarts/echarts.min.js$`).MatchString(src) {
		t.Fatalf("echarts path %q", src)
	}
	resp, body := e.get(t, src, "Accept-Encoding", "gzip")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" ||
		resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("echarts: %d %v", resp.StatusCode, resp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	// the vendored bundle as VERSION records it, and small: only what we draw
	version, err := os.ReadFile("static/vendor/echarts/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(plain)
	if !strings.Contains(string(version), "sha256 "+hex.EncodeToString(sum[:])+"  echarts.min.js") || len(body) > 230_000 {
		t.Errorf("echarts: %d bytes, %d gzipped, not the bundle VERSION names", len(plain), len(body))
	}
	// each file's address carries the hash of its own content, so that a
	// new stylesheet leaves browsers' copy of echarts valid
	css, _ := doc.Find(`link[rel="stylesheet"][href*="app.css"]`).Attr("href")
	_, cssBody := e.get(t, css)
	for file, body := range map[string][]byte{src: plain, css: cssBody} {
		sum := sha256.Sum256(body)
		if want := hex.EncodeToString(sum[:])[:12]; !strings.HasPrefix(file, "/static/"+want+"/") {
			t.Errorf("%s: the address does not carry its content's hash %s", file, want)
		}
	}
	// pages are compressed too
	resp, _ = e.get(t, "/plans/chengdu-14-st", "Accept-Encoding", "gzip, deflate")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Error("page not compressed")
	}
	resp, _ = e.get(t, "/static/000000000000/app.css")
	if resp.StatusCode != 200 || strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("stale asset path: %d %s", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, _ := e.get(t, "/static/x/nope.js"); resp.StatusCode != 404 {
		t.Errorf("missing asset: %d", resp.StatusCode)
	}
	resp, body = e.get(t, "/favicon.ico")
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("<svg")) {
		t.Errorf("favicon: %d", resp.StatusCode)
	}
}

func TestLanguage(t *testing.T) {
	e := newEnv(t)
	resp, _ := e.get(t, "/lang?to=en&next=/plans/demo%3Fstatus%3Dbehind")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/plans/demo?status=behind" {
		t.Fatalf("switch: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "lang" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "en" || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie %+v", cookie)
	}
	doc := e.page(t, "/plans/demo", "Cookie", "lang=en")
	if doc.Find("html").AttrOr("lang", "") != "en" || !strings.Contains(doc.Find("h1").Text(), "Sample city") ||
		!strings.Contains(doc.Find(".counts").Text(), "On track") || !strings.Contains(doc.Find(".sample-banner").Text(), "Sample data") {
		t.Errorf("English page: %q", doc.Find("h1").Text())
	}
	if href := doc.Find("a.lang").AttrOr("href", ""); !strings.Contains(href, "to=zh") {
		t.Errorf("switch back link %q", href)
	}
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
		resp, _ := e.get(t, "/lang?to=en&next="+next)
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("open redirect to %q via %q", loc, next)
		}
	}
}

// User text is stored verbatim and reaches pages and charts only escaped.
func TestInjectionIsEscaped(t *testing.T) {
	evil := seed.Synthetic("evil", 2, 3)
	evil.Plan.NameZh = `</script><script>alert(1)</script>`
	evil.Indicators[0].NameZh = `<script>alert(1)</script>`
	evil.Indicators[0].Unit = `" onmouseover="alert(1)`
	evil.Observations["ind_0000"][0].Source = `'); DROP TABLE observations; --`
	e := newEnv(t, evil)
	for _, path := range []string{"/", "/plans/evil", "/plans/evil/indicators/ind_0000"} {
		_, body := e.get(t, path)
		if bytes.Contains(body, []byte("<script>alert(1)")) || bytes.Contains(body, []byte(`" onmouseover="`)) {
			t.Errorf("%s: user text reached the page unescaped", path)
		}
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if n := doc.Find("script:not([src]):not([type='application/json'])").Length(); n != 0 {
			t.Errorf("%s: %d injected scripts", path, n)
		}
	}
	doc := e.page(t, "/plans/evil/indicators/ind_0000")
	if got := doc.Find("h1").Contents().First().Text(); !strings.Contains(got, `<script>alert(1)</script>`) {
		t.Errorf("name not shown verbatim: %q", got)
	}
	if !strings.Contains(doc.Find("table.observations").Text(), `'); DROP TABLE observations; --`) {
		t.Error("SQL-looking source not stored verbatim")
	}
	var opt map[string]any
	if err := json.Unmarshal([]byte(doc.Find("script#indicator-chart-option").Text()), &opt); err != nil {
		t.Fatalf("chart JSON: %v", err)
	}
}

// Choosing "data as of" a year follows the reader to the indicator page and
// hides later values there.
func TestAsOfCarriesToIndicatorPage(t *testing.T) {
	e := newEnv(t)
	doc := e.page(t, "/plans/chengdu-14-st?as_of=2024")
	href := rowsByCode(doc)["national_lab"].Find("a").AttrOr("href", "")
	if href != "/plans/chengdu-14-st/indicators/national_lab?as_of=2024" {
		t.Fatalf("link %q", href)
	}
	doc = e.page(t, href)
	if got := strings.TrimSpace(doc.Find(".verdict .badge").Text()); got != "滞后" {
		t.Errorf("status as of 2024: %q", got)
	}
	if strings.Contains(doc.Find("table.observations").Text(), "2025") {
		t.Error("a 2025 value shown as of 2024")
	}
	if !strings.Contains(doc.Find(".as-of").Text(), "2024年") {
		t.Error("the as-of year is not shown")
	}
}

// The CSV export opens in Excel: BOM, CRLF, and no cell that a spreadsheet
// would run as a formula; hostile text is kept, made inert.
func TestExportCSV(t *testing.T) {
	evil := seed.Synthetic("evil", 1, 3)
	evil.Observations["ind_0000"][0].Source = `=HYPERLINK("http://evil.example","点我")`
	evil.Observations["ind_0000"][1].Source = `+1+1`
	evil.Observations["ind_0000"][1].Note = `@SUM(A1:A2)`
	evil.Observations["ind_0000"][2].Note = `-2+3 <script>alert(1)</script>`
	evil.Observations["ind_0000"][2].Value = -13.5
	e := newEnv(t, evil)
	resp, body := e.get(t, "/plans/evil/export.csv")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "evil-observations.csv") {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	if !bytes.HasPrefix(body, []byte("\ufeffplan,indicator,name,unit,year,value,qualifier,status,source,note,break,target,band\r\n")) {
		t.Fatalf("head %q", body[:60])
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("%d records %v", len(recs), err)
	}
	for _, rec := range recs[1:] {
		for i, cell := range rec {
			if i == 5 { // the value column holds numbers, which are safe
				continue
			}
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if recs[1][8] != `'=HYPERLINK("http://evil.example","点我")` || recs[2][9] != `'@SUM(A1:A2)` ||
		recs[3][9] != `'-2+3 <script>alert(1)</script>` || recs[3][5] != "-13.5" {
		t.Errorf("records %q", recs)
	}
	// the Chengdu export carries its Chinese notes as UTF-8
	_, body = e.get(t, "/plans/chengdu-14-st/export.csv")
	if !bytes.Contains(body, []byte("西部首个国家实验室建成投用")) {
		t.Error("Chinese text lost in the export")
	}
}

// In English, units and section numbers are English where the catalog
// knows them; in Chinese they stay as the plan prints them.
func TestEnglishUnitsAndSectionNumbers(t *testing.T) {
	e := newEnv(t)
	en := e.page(t, "/plans/chengdu-14-st?lang=en")
	groups := en.Find("th[scope=rowgroup] .num-label").Text()
	if !strings.Contains(groups, "Part 5 Chapter 1") || strings.Contains(groups, "第") {
		t.Errorf("English section numbers: %q", groups)
	}
	units := en.Find(`td[data-label="Unit"]`).Text()
	for _, want := range []string{"100 million yuan", "per 10,000 people", "firms", "count", "10,000 m²"} {
		if !strings.Contains(units, want) {
			t.Errorf("English units lack %q: %q", want, units)
		}
	}
	if strings.ContainsAny(units, "亿件个家") {
		t.Errorf("Chinese units left in English: %q", units)
	}
	zh := e.page(t, "/plans/chengdu-14-st")
	if got := zh.Find("th[scope=rowgroup] .num-label").Text(); !strings.Contains(got, "第五篇 第一章") {
		t.Errorf("Chinese section numbers: %q", got)
	}
	if got := zh.Find(`td[data-label="单位"]`).Text(); !strings.Contains(got, "亿元") || !strings.Contains(got, "件/万人") {
		t.Errorf("Chinese units: %q", got)
	}
	ind := e.page(t, "/plans/chengdu-14-st/indicators/rd_expenditure?lang=en")
	if crumbs := ind.Find("nav.crumbs").Text(); !strings.Contains(crumbs, "Chapter 2") {
		t.Errorf("breadcrumb %q", crumbs)
	}
}

// A new plan's pages say what to do next instead of showing empty tables:
// the administrator is led to 新增指标 and to importing an indicator table.
func TestEmptyStatesLeadOn(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ctx := context.Background()
	if err := e.app.SavePlan(ctx, indicators.As("ada"), indicators.Plan{Code: "cd-15", NameZh: "成都市“十五五”规划", BaseYear: 2025, TargetYear: 2030,
		Tolerance: 0.05}, true); err != nil {
		t.Fatal(err)
	}
	admin := e.client(t, "admin")
	resp, err := admin.Get(e.URL + "/plans/cd-15")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	empty := doc.Find(".empty-state")
	if !strings.Contains(empty.Text(), "本规划还没有指标") || doc.Find("table.indicators").Length() != 0 || doc.Find("[data-chart]").Length() != 0 {
		t.Fatalf("empty plan: %q", empty.Text())
	}
	for _, href := range []string{"/plans/cd-15/new-indicator", "/plans/cd-15/import?kind=plan"} {
		if empty.Find(`a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("no link to %s", href)
		}
	}
	resp, err = admin.Get(e.URL + "/plans/cd-15/import?kind=plan")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if v := doc.Find(`#f-kind option[selected]`).AttrOr("value", ""); v != "plan" {
		t.Errorf("the import page does not preselect the indicator table: %q", v)
	}
	// a reader is told who fills it
	if got := e.page(t, "/plans/cd-15").Find(".empty-state").Text(); !strings.Contains(got, "管理员录入指标后") || strings.Contains(got, "新增指标") {
		t.Errorf("empty plan for a reader: %q", got)
	}
}

// The read-only 报送情况 page is not offered among the links that enter
// data: the overview keeps reading and entering apart.
func TestReadingAndEnteringLinksApart(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	resp, err := e.client(t, "editor").Get(e.URL + "/plans/demo")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	read, work := doc.Find(".plan-head .actions").Not(".work"), doc.Find(".plan-head .actions.work")
	if !strings.Contains(read.Text(), "报送情况") || strings.Contains(read.Text(), "批量填报") {
		t.Errorf("reading links: %q", read.Text())
	}
	if !strings.Contains(work.Text(), "批量填报") || strings.Contains(work.Text(), "报送情况") {
		t.Errorf("entering links: %q", work.Text())
	}
	if strings.Contains(doc.Text(), "填报进度") {
		t.Error("the page still says 填报进度")
	}
}
