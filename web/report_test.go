package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/web"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/pdf"
)

func TestDraftReportHTML(t *testing.T) {
	e := newEnv(t)
	for _, plan := range []string{"chengdu-14-st", "demo"} {
		d, _ := e.store.Dataset(context.Background(), plan, "")
		doc := e.page(t, "/plans/"+plan+"/reports/2023?kind=midterm")
		if doc.Find(".draft-mark").Length() != 1 || !strings.Contains(doc.Find(".cover").Text(), "2023年中期评估报告") {
			t.Errorf("%s: no draft mark or cover", plan)
		}
		var head []string
		doc.Find("table.report-table thead th").Each(func(_ int, th *goquery.Selection) { head = append(head, th.Text()) })
		want := "指标|属性|单位|基期值|目标值|2021年|2022年|2023年|完成度|时序进度|进度判断"
		if strings.Join(head, "|") != want {
			t.Errorf("%s: main table head %q", plan, strings.Join(head, "|"))
		}
		if n := doc.Find("table.report-table tbody tr").Length(); n != len(d.Indicators) {
			t.Errorf("%s: %d table rows for %d indicators", plan, n, len(d.Indicators))
		}
		titles := doc.Find("section.indicator h2").Text()
		for _, ind := range d.Indicators {
			if !strings.Contains(titles, ind.NameZh) {
				t.Errorf("%s: no section for %s", plan, ind.NameZh)
			}
		}
		if n := doc.Find(`section.indicator [data-chart][data-renderer="svg"]`).Length(); n != len(d.Indicators) {
			t.Errorf("%s: %d SVG charts", plan, n)
		}
		if !strings.Contains(doc.Find(".summary").Text(), "本报告为中期评估报告") {
			t.Errorf("%s: summary %q", plan, doc.Find(".summary").Text())
		}
	}
	// binding first, and the demo's unexplained binding indicators are named in the draft
	doc := e.page(t, "/plans/demo/reports/2024")
	if first := doc.Find("table.report-table tbody tr").First(); !first.HasClass("binding") {
		t.Error("binding indicators do not come first")
	}
	blocked := doc.Find(".blocked").Text()
	for _, name := range []string{"单位地区生产总值能耗(示例)", "森林覆盖率(示例)", "耕地保有量(示例)"} {
		if !strings.Contains(blocked, name) {
			t.Errorf("draft does not name %s as unexplained: %q", name, blocked)
		}
	}
	if !strings.Contains(doc.Find(".summary").Text(), "约束性指标中有3项进度未达要求") {
		t.Errorf("summary sentences: %q", doc.Find(".summary").Text())
	}
	if resp, _ := e.get(t, "/plans/demo/reports/2031"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("year outside the plan: %d", resp.StatusCode)
	}
	if resp, _ := e.get(t, "/plans/demo/reports/2024?kind=weekly"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown kind: %d", resp.StatusCode)
	}
	// without Chromium the PDF address says what is missing
	resp, body := e.get(t, "/plans/demo/reports/2024.pdf")
	if resp.StatusCode != http.StatusServiceUnavailable || !bytes.Contains(body, []byte("Chromium")) {
		t.Errorf("PDF without Chromium: %d %s", resp.StatusCode, body)
	}
	// and the reports page says so before any click: no PDF links, a note instead
	list := e.page(t, "/plans/demo/reports")
	if list.Find(`a[href*=".pdf"]`).Length() != 0 || !strings.Contains(list.Text(), "Chromium") {
		t.Errorf("reports page without Chromium: %d PDF links", list.Find(`a[href*=".pdf"]`).Length())
	}
}

func explainDemo(t *testing.T, e *env, year int, codes ...string) {
	t.Helper()
	for _, c := range codes {
		if err := e.store.SaveNarrative(context.Background(), indicators.LocalActor("ada"), "demo", c, indicators.Narrative{Year: year,
			Progress: "推进中", Problems: c + "的原因", Measures: "加快"}, clock()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIssueIsBlockedThenFrozen(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	admin := e.client(t, "admin")
	issue := url.Values{"kind": {"annual"}, "year": {"2024"}, "confirm": {"1"}}
	explainDemo(t, e, 2024, "energy_intensity") // one of three
	resp, doc := post(t, admin, e.URL+"/plans/demo/reports", issue)
	msg := doc.Find(".form-error").Text()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, "森林覆盖率(示例)") || !strings.Contains(msg, "耕地保有量(示例)") ||
		strings.Contains(msg, "单位地区生产总值能耗") {
		t.Fatalf("blocked issue: %d %q", resp.StatusCode, msg)
	}
	if list, _ := e.store.Reports(context.Background(), "demo"); len(list) != 0 {
		t.Fatal("a blocked report was stored")
	}
	if _, doc := post(t, e.client(t, "admin"), e.URL+"/plans/demo/reports?lang=en", issue); !strings.Contains(doc.Find(".form-error").Text(), "Forest cover (sample)") {
		t.Errorf("English message names the indicators in Chinese: %q", doc.Find(".form-error").Text())
	}
	// an editor cannot issue
	if resp, _ := post(t, e.client(t, "editor"), e.URL+"/plans/demo/reports", issue); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor issued: %d", resp.StatusCode)
	}
	explainDemo(t, e, 2024, "forest_cover", "farmland")
	// a report that makes no sense for its year is refused: a mid-term evaluation of the target year
	resp, doc = post(t, admin, e.URL+"/plans/demo/reports", url.Values{"kind": {"midterm"}, "year": {"2025"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Text(), "中期评估报告不适用于2025年") {
		t.Errorf("mid-term of 2025: %d", resp.StatusCode)
	}
	// the form asks first: what issuing means, and a button that confirms
	resp, doc = post(t, admin, e.URL+"/plans/demo/reports", url.Values{"kind": {"annual"}, "year": {"2024"}})
	if resp.StatusCode != http.StatusOK || doc.Find(`form#confirm-issue input[name="confirm"]`).Length() != 1 ||
		!strings.Contains(doc.Find("h1").Text(), "2024年年度监测报告") {
		t.Fatalf("confirmation: %d %q", resp.StatusCode, doc.Find("h1").Text())
	}
	if list, _ := e.store.Reports(context.Background(), "demo"); len(list) != 0 {
		t.Fatal("a report was issued before it was confirmed")
	}
	resp, _ = post(t, admin, e.URL+"/plans/demo/reports", issue)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/reports/demo-2024-annual-1" {
		t.Fatalf("issue: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, before := e.get(t, "/reports/demo-2024-annual-1")
	if bytes.Contains(before, []byte("draft-mark")) || !bytes.Contains(before, []byte("demo-2024-annual-1")) || !bytes.Contains(before, []byte("farmland的原因")) {
		t.Fatal("issued report: draft mark, or no ID, or no narrative")
	}
	// new data after issue: the issued report does not move, the draft does
	e.put(t, indicators.LocalActor("ada"), "demo", "rd_intensity", indicators.Observation{Year: 2024, Value: 9.99,
		Qualifier: "exact", Status: "final", Source: "修订"})
	explainDemo(t, e, 2024, "farmland") // rewrite a narrative too
	_, after := e.get(t, "/reports/demo-2024-annual-1")
	if !bytes.Equal(before, after) {
		t.Fatal("the issued report changed after a revision")
	}
	_, draft := e.get(t, "/plans/demo/reports/2024")
	if !bytes.Contains(draft, []byte("9.99")) {
		t.Error("the draft does not follow the data")
	}
	_, en := e.get(t, "/reports/demo-2024-annual-1", "Cookie", "lang=en")
	if !bytes.Contains(en, []byte("annual monitoring report")) {
		t.Error("no English issued page")
	}
	// listed, with the PDF link
	doc = e.page(t, "/plans/demo/reports")
	if !strings.Contains(doc.Find("table.plain").Text(), "demo-2024-annual-1") {
		t.Error("issued report not listed")
	}
	// the write is audited
	es, _ := e.store.Audit(context.Background(), indicators.AuditFilter{}, 50)
	found := false
	for _, x := range es {
		found = found || (x.Entity == "report" && x.Key == "demo-2024-annual-1" && x.Actor == "ada")
	}
	if !found {
		t.Error("issue not audited")
	}
	// withdrawn: still readable, marked on every page, listed as withdrawn, audited; once only
	if resp, _ := post(t, admin, e.URL+"/reports/demo-2024-annual-1/withdraw", url.Values{"reason": {" "}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a withdrawal without a reason: %d", resp.StatusCode)
	}
	if resp, _ := post(t, e.client(t, "editor"), e.URL+"/reports/demo-2024-annual-1/withdraw", url.Values{"reason": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor withdrew a report: %d", resp.StatusCode)
	}
	resp, _ = post(t, admin, e.URL+"/reports/demo-2024-annual-1/withdraw", url.Values{"reason": {"数据口径有误<b>"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", resp.StatusCode)
	}
	_, page := e.get(t, "/reports/demo-2024-annual-1")
	if !bytes.Contains(page, []byte(`class="withdrawn-mark"`)) || !bytes.Contains(page, []byte("数据口径有误&lt;b&gt;")) ||
		!bytes.Contains(page, []byte("farmland的原因")) {
		t.Error("the withdrawn report is not marked, or the reason is not escaped, or its content is gone")
	}
	doc = e.page(t, "/plans/demo/reports")
	if !strings.Contains(doc.Find("tr.withdrawn").Text(), "撤回") {
		t.Error("the list does not show the report as withdrawn")
	}
	if resp, _ := post(t, admin, e.URL+"/reports/demo-2024-annual-1/withdraw", url.Values{"reason": {"again"}}); resp.StatusCode == http.StatusSeeOther {
		t.Error("withdrawn twice")
	}
	if es, _ := e.store.Audit(context.Background(), indicators.AuditFilter{}, 1); es[0].Action != "withdraw" || es[0].Key != "demo-2024-annual-1" {
		t.Errorf("withdrawal not audited: %+v", es[0])
	}
}

func TestNarrativeForm(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	target := e.URL + "/plans/demo/indicators/rd_intensity/narratives/2023"
	resp, _ := post(t, e.client(t, "editor"), target, url.Values{"progress": {"<script>alert(1)</script>"}, "problems": {"无"}, "measures": {"继续"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save narrative: %d", resp.StatusCode)
	}
	if resp, _ := post(t, e.client(t, "editor-other"), target, url.Values{"progress": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("other department wrote a narrative: %d", resp.StatusCode)
	}
	_, body := e.get(t, "/plans/demo/indicators/rd_intensity")
	if bytes.Contains(body, []byte("<script>alert(1)</script>")) || !bytes.Contains(body, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("narrative not escaped, or not shown")
	}
	_, body = e.get(t, "/plans/demo/reports/2023")
	if bytes.Contains(body, []byte("<script>alert(1)</script>")) || !bytes.Contains(body, []byte("&lt;script&gt;alert(1)")) {
		t.Error("narrative not escaped in the report")
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (apt-get install -y poppler-utils)", name)
	}
}

func pdfText(t *testing.T, data []byte, layout bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, data, 0o644)
	args := []string{path, "-"}
	if layout {
		args = append([]string{"-layout"}, args...)
	}
	out, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// pdfBand is the text of a horizontal band of a page of a PDF: y and h in
// points from the top of an A4 page (842 pt high), so that a test reads the
// running header or footer alone, not the body.
func pdfBand(t *testing.T, data []byte, page, y, h int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, data, 0o644)
	p := strconv.Itoa(page)
	out, err := exec.Command("pdftotext", "-f", p, "-l", p, "-x", "0", "-y", strconv.Itoa(y), "-W", "595", "-H", strconv.Itoa(h), path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func pdfInfo(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, data, 0o644)
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func printingEnv(t *testing.T, extra ...indicators.Dataset) *env {
	t.Helper()
	e, _ := printingEnvWith(t, extra...)
	return e
}

// printingEnvWith is printingEnv with its printer.
func printingEnvWith(t *testing.T, extra ...indicators.Dataset) (*env, *pdf.Printer) {
	t.Helper()
	path := chromium(t)
	needTool(t, "pdftotext")
	pr := pdf.New(path, pdf.Options{})
	return newEnvOf(t, envOptions{Config: web.Config{PublicRead: true}, Printer: pr}, extra...), pr
}

// Twelve anonymous readers asking for the same draft PDF at once get it,
// from one print: the printer is bounded and the drafts are kept.
func TestConcurrentDraftPDFsPrintOnce(t *testing.T) {
	e, pr := printingEnvWith(t)
	var wg sync.WaitGroup
	codes := make([]int, 12)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(e.URL + "/plans/demo/reports/2024.pdf")
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("reader %d: %d", i, c)
		}
	}
	if n := pr.Printed(); n != 1 {
		t.Errorf("12 readers made %d prints", n)
	}
	if resp, _ := e.get(t, "/plans/demo/reports/2024.pdf"); resp.StatusCode != 200 || pr.Printed() != 1 {
		t.Errorf("a later reader: %d, %d prints", resp.StatusCode, pr.Printed())
	}
}

var mainHead = regexp.MustCompile(`基期值\s+目标值\s+2021年`)

// TestReportPDF prints each seeded plan's report with Chromium: A4, several
// pages, every indicator's name, the main table's header, and chart text
// that is text (vector), not a picture.
func TestReportPDF(t *testing.T) {
	e := printingEnv(t)
	for _, plan := range []string{"chengdu-14-st", "demo"} {
		resp, body := e.get(t, "/plans/"+plan+"/reports/2025.pdf?kind=final")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("%s: %d %s", plan, resp.StatusCode, body)
		}
		info := pdfInfo(t, body)
		if !strings.Contains(info, "(A4)") {
			t.Errorf("%s: not A4:\n%s", plan, info)
		}
		pages := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
		if len(pages) < 2 || pages[1] == "1" {
			t.Errorf("%s: pages %v", plan, pages)
		}
		text := pdfText(t, body, true)
		d, _ := e.store.Dataset(context.Background(), plan, "")
		flat := strings.Join(strings.Fields(text), "")
		for _, ind := range d.Indicators {
			if !strings.Contains(flat, strings.Join(strings.Fields(ind.NameZh), "")) {
				t.Errorf("%s: %s not in the PDF text", plan, ind.NameZh)
			}
		}
		if !mainHead.MatchString(text) {
			t.Errorf("%s: the main table's header is not in the PDF text", plan)
		}
		// legend and axis text of the SVG charts ("预期路径" appears only there)
		if n := strings.Count(text, "预期路径"); n < 3 {
			t.Errorf("%s: chart text found %d times: charts are not vector", plan, n)
		}
		// the plan name and the draft mark in the running header, the page
		// number in the footer: read in the top and bottom bands of page 2
		head, foot := pdfBand(t, body, 2, 0, 40), pdfBand(t, body, 2, 800, 42)
		if !strings.Contains(head, d.Plan.NameZh) || !strings.Contains(head, "草稿") {
			t.Errorf("%s: header %q", plan, head)
		}
		if !regexp.MustCompile(`^2 / \d+$`).MatchString(foot) {
			t.Errorf("%s: footer %q", plan, foot)
		}
	}
}

// A main table longer than a page repeats its header on every page.
func TestReportPDFRepeatsTableHeader(t *testing.T) {
	e := printingEnv(t, seed.Synthetic("long", 60, 5))
	_, body := e.get(t, "/plans/long/reports/2025.pdf")
	if n := len(mainHead.FindAllString(pdfText(t, body, true), -1)); n < 2 {
		t.Fatalf("the main table header appears %d times", n)
	}
}

// An issued report's PDF text does not change when the data do.
func TestIssuedPDFTextIsFrozen(t *testing.T) {
	e := printingEnv(t)
	withAccounts(t, e)
	explainDemo(t, e, 2024, "energy_intensity", "forest_cover", "farmland")
	resp, _ := post(t, e.client(t, "admin"), e.URL+"/plans/demo/reports", url.Values{"kind": {"annual"}, "year": {"2024"}, "confirm": {"1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue: %d", resp.StatusCode)
	}
	_, first := e.get(t, "/reports/demo-2024-annual-1.pdf")
	e.put(t, indicators.LocalActor("ada"), "demo", "hv_patents", indicators.Observation{Year: 2024, Value: 11.11,
		Qualifier: "exact", Status: "final", Source: "新的修订"})
	_, second := e.get(t, "/reports/demo-2024-annual-1.pdf")
	a, b := pdfText(t, first, false), pdfText(t, second, false)
	if a != b || strings.Contains(b, "11.11") || !strings.Contains(a, "demo-2024-annual-1") {
		t.Fatal("the issued PDF's text changed after a revision")
	}
}

// Hostile text in a plan reaches the PDF as text: in the body, the tables,
// the charts and the page header (whose template is HTML too).
func TestInjectionInPDF(t *testing.T) {
	evil := seed.Synthetic("evil", 2, 3)
	evil.Plan.NameZh = `</script><script>alert(1)</script>规划`
	evil.Indicators[0].NameZh = `<script>alert(1)</script>`
	evil.Indicators[1].NameZh = `" onmouseover="alert(1)`
	evil.Observations["ind_0000"][0].Source = `'); DROP TABLE observations; --`
	e := printingEnv(t, evil)
	_, body := e.get(t, "/plans/evil/reports/2023.pdf")
	text := pdfText(t, body, false)
	// (pdftotext reads the serif font's "--" back as one dash, so the check stops before it)
	for _, s := range []string{`<script>alert(1)</script>`, `" onmouseover="alert(1)`, `'); DROP TABLE observations;`, `</script><script>alert(1)</script>规划`} {
		if !strings.Contains(text, s) {
			t.Errorf("%q is not printed verbatim", s)
		}
	}
}

// The reports page offers the drafts that make sense for the period, as a
// table, and says before any click when PDFs cannot be made.
func TestReportsPageOffersWhatMakesSense(t *testing.T) {
	e := newEnv(t) // no printer: as on a server without Chromium
	doc := e.page(t, "/plans/demo/reports")
	var offered []string
	doc.Find("table.reports").First().Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		offered = append(offered, strings.TrimSpace(tr.Find("td").Eq(2).Text()))
	})
	want := "2025年总结评估报告|2024年总结评估报告|2023年中期评估报告|2022年中期评估报告|2025年年度监测报告|2024年年度监测报告|" +
		"2023年年度监测报告|2022年年度监测报告|2021年年度监测报告"
	if strings.Join(offered, "|") != want {
		t.Errorf("drafts offered:\n%s\nwant\n%s", strings.Join(offered, "|"), want)
	}
	if !strings.Contains(doc.Find(".form-warning").Text(), "Chromium") || doc.Find(`a[href*=".pdf"]`).Length() != 0 {
		t.Error("without Chromium the page offers PDF links, or does not say why there are none")
	}
	if resp, _ := e.get(t, "/plans/demo/reports/2025?kind=midterm"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a mid-term evaluation of the target year: %d", resp.StatusCode)
	}
}

var tagged = regexp.MustCompile(`Tagged:\s+yes`)

// An issued report's PDFs are printed once, tagged for screen readers, in
// the background right after issuing, and served from the database
// afterwards, even by a server started later; withdrawing it prints the
// marked copy once more. Drafts are not tagged (they print faster).
func TestIssuedPDFIsPrintedOnce(t *testing.T) {
	e, pr := printingEnvWith(t)
	withAccounts(t, e)
	explainDemo(t, e, 2024, "energy_intensity", "forest_cover", "farmland")
	admin := e.client(t, "admin")
	if resp, _ := post(t, admin, e.URL+"/plans/demo/reports", url.Values{"kind": {"annual"}, "year": {"2024"}, "confirm": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue: %d", resp.StatusCode)
	}
	const id = "demo-2024-annual-1"
	ctx := context.Background()
	deadline := time.Now().Add(time.Minute)
	for {
		_, zh, _ := e.store.ReportPDF(ctx, id, "zh", false)
		_, en, _ := e.store.ReportPDF(ctx, id, "en", false)
		if zh && en {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the issued report's PDFs were not printed in the background")
		}
		time.Sleep(50 * time.Millisecond)
	}
	printed := pr.Printed()
	for _, path := range []string{"/reports/" + id + ".pdf", "/reports/" + id + ".pdf?lang=en"} {
		resp, body := e.get(t, path)
		if info := pdfInfo(t, body); resp.StatusCode != http.StatusOK || !tagged.MatchString(info) {
			t.Fatalf("%s: %d, tagged: %v", path, resp.StatusCode, tagged.MatchString(info))
		}
	}
	if pr.Printed() != printed {
		t.Fatalf("an issued PDF was printed again: %d prints, %d before", pr.Printed(), printed)
	}
	// a server started later serves them without a browser at all
	later, err := app.New(app.Config{Store: e.store, UploadDir: t.TempDir(), Now: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	if kept, _, err := later.IssuedReport(ctx, i18n.Zh, id, true); err != nil || !bytes.HasPrefix(kept, []byte("%PDF")) {
		t.Fatalf("from the database, with no printer: %v", err)
	}
	// withdrawn: printed once more, with the mark
	if resp, _ := post(t, admin, e.URL+"/reports/"+id+"/withdraw", url.Values{"reason": {"数据有误"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", resp.StatusCode)
	}
	_, body := e.get(t, "/reports/"+id+".pdf")
	_, again := e.get(t, "/reports/"+id+".pdf")
	marked := strings.Contains(strings.Join(strings.Fields(pdfText(t, body, false)), ""), "原因：数据有误")
	if !marked || !bytes.Equal(body, again) || pr.Printed() != printed+1 {
		t.Errorf("withdrawn: marked %v, same bytes twice %v, %d prints after %d", marked,
			bytes.Equal(body, again), pr.Printed(), printed)
	}
	// drafts are not tagged
	if _, draft := e.get(t, "/plans/demo/reports/2024.pdf"); tagged.MatchString(pdfInfo(t, draft)) {
		t.Error("a draft PDF is tagged")
	}
}
