package web_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser, or skips: only a machine without Chromium may
// skip these tests, and CI installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium is not installed (apt-get install -y chromium)")
	return ""
}

// browser starts a headless Chromium for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// cspRecorder is run by the browser before any page script (scripts the
// debugger adds are not subject to the page's CSP).
const cspRecorder = `window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});`

type consoleLog struct {
	mu   sync.Mutex
	msgs []string
}

func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.msgs
	c.msgs = nil
	return out
}

func watchConsole(ctx context.Context) *consoleLog {
	c := &consoleLog{}
	msgs := chromedp.Console(ctx) // subscribes now, before any navigation
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == "error" || m.Type == "warning" || m.IsException() || m.Type == "assert" {
				c.mu.Lock()
				c.msgs = append(c.msgs, string(m.Type)+": "+m.String()+" @ "+m.URL)
				c.mu.Unlock()
			}
		}
	}()
	return c
}

// inspector watches a test's browser: what its console logs, what the CSP
// refuses, where the page loads from; it keeps screenshots in the folder
// PLANTRACK_SCREENSHOTS names, for a person to look at.
type inspector struct {
	ctx     context.Context
	console *consoleLog
	shots   string
}

func inspect(t *testing.T, ctx context.Context) *inspector {
	t.Helper()
	in := &inspector{ctx: ctx, console: watchConsole(ctx), shots: os.Getenv("PLANTRACK_SCREENSHOTS")}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatal(err)
	}
	return in
}

// open goes to url and waits until the page and its charts are drawn; it
// returns how many charts the page has.
func (in *inspector) open(t *testing.T, url string) int {
	t.Helper()
	if err := chromedp.Do(in.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	charts, err := chromedp.Run(in.ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-chart]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if charts > 0 {
		if err := chromedp.Do(in.ctx, chromedp.WaitReady(chromedp.CSS(`[data-drawn="true"]`))); err != nil {
			t.Fatal(err)
		}
		drawn, err := chromedp.Run(in.ctx, chromedp.Evaluate[int](
			`Array.from(document.querySelectorAll('[data-chart]')).filter(el => el.querySelector('canvas, svg') && el.clientHeight > 100).length`))
		if err != nil {
			t.Fatal(err)
		}
		if drawn != charts {
			t.Errorf("%d of %d charts drawn", drawn, charts)
		}
	}
	return charts
}

// clean fails the test for CSP violations, resources from outside the
// server and console messages since it last looked, but for those
// containing one of expected.
func (in *inspector) clean(t *testing.T, expected ...string) {
	t.Helper()
	csp, err := chromedp.Run(in.ctx, chromedp.Evaluate[[]string](`window.__csp`))
	if err != nil {
		t.Fatal(err)
	}
	if len(csp) > 0 {
		t.Errorf("CSP violations: %v", csp)
	}
	outside, err := chromedp.Run(in.ctx, chromedp.Evaluate[[]string](
		`performance.getEntriesByType('resource').map(r => r.name).filter(n => !n.startsWith(location.origin))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(outside) > 0 {
		t.Errorf("loaded from outside the server: %v", outside)
	}
	time.Sleep(100 * time.Millisecond) // let the last console messages arrive
next:
	for _, m := range in.console.take() {
		for _, x := range expected {
			if strings.Contains(m, x) {
				continue next
			}
		}
		t.Errorf("console: %s", m)
	}
}

// shot keeps a screenshot of the whole page as name.png.
func (in *inspector) shot(t *testing.T, name string) {
	t.Helper()
	if in.shots == "" {
		return
	}
	png, err := chromedp.Run(in.ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(in.shots, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Error(err)
	}
}

// shotName is a screenshot's name for a page's path.
func shotName(path string) string {
	name := strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(strings.Trim(path, "/"))
	if name == "" {
		return "plans"
	}
	return name
}

// TestPagesInChromium opens the overview and an indicator page of each
// seeded plan in a real browser: every chart draws, nothing is logged as an
// error, nothing violates the CSP, and nothing is loaded from elsewhere.
func TestPagesInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	in := inspect(t, ctx)
	for _, path := range []string{
		"/",
		"/plans/chengdu-14-st",
		"/plans/chengdu-14-st/indicators/new_national_platforms",
		"/plans/chengdu-14-st/indicators/patents_per_10k",
		"/plans/demo",
		"/plans/demo/indicators/rd_intensity",
		"/plans/demo/indicators/unemployment",
		"/plans/demo?lang=en",
		"/plans/demo/submission",
		"/plans/demo/projects",
		"/plans/demo/projects/sample_facility",
		"/plans/demo/reports",
		"/plans/demo/reports/2023?kind=midterm",
		"/method",
		"/plans/chengdu-14-st/reports/2025?kind=final&lang=en",
	} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			charts := in.open(t, e.URL+path)
			if strings.HasPrefix(path, "/plans/") && !strings.Contains(path, "?") && !strings.HasSuffix(path, "/submission") &&
				!strings.HasSuffix(path, "/reports") && charts == 0 {
				t.Error("a plan page without a chart")
			}
			in.clean(t)
			in.shot(t, shotName(path))
		})
	}
}

// TestPhoneLayoutInChromium opens the pages a person checks on a phone at
// 390 px: nothing runs off the side, the overview is a list whose names
// are whole lines, and the chart legends do not cover the axis names.
func TestPhoneLayoutInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	in := inspect(t, ctx)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/plans/demo", "/plans/chengdu-14-st", "/plans/demo/indicators/rd_intensity", "/plans/demo/reports",
		"/plans/chengdu-14-st/indicators/new_national_platforms", "/plans/demo/projects", "/plans/demo/projects/sample_facility", "/plans/demo/warnings"} {
		in.open(t, e.URL+path)
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if wide > 392 {
			t.Errorf("%s: %d px wide on a 390 px screen", path, wide)
		}
		if strings.HasPrefix(path, "/plans/") && strings.Count(path, "/") == 2 {
			// each indicator's name takes the card's width: no name broken a character or two a line
			narrow, err := chromedp.Run(ctx, chromedp.Evaluate[int](
				`Array.from(document.querySelectorAll('table.indicators td.name')).filter(td => td.clientWidth < 300).length`))
			if err != nil {
				t.Fatal(err)
			}
			if narrow > 0 {
				t.Errorf("%s: %d indicator names squeezed into a narrow column", path, narrow)
			}
			hidden, err := chromedp.Run(ctx, chromedp.Evaluate[int](
				`Array.from(document.querySelectorAll('table.indicators td.status')).filter(td => td.getBoundingClientRect().right > 392).length`))
			if err != nil {
				t.Fatal(err)
			}
			if hidden > 0 {
				t.Errorf("%s: %d statuses run off the screen", path, hidden)
			}
		}
		in.clean(t)
		in.shot(t, "phone_"+shotName(path))
	}
}

// TestSignInAndEnterAValueInChromium is the editor's round as a person does
// it: sign in with the form, open an indicator, type a value, save, and see
// it in the table and the chart, with no console error or CSP violation.
func TestSignInAndEnterAValueInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	withAccounts(t, e)
	in := inspect(t, ctx)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.URL+"/login?next=/plans/demo/indicators/rd_intensity"),
		chromedp.WaitReady(chromedp.CSS("form#login")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "ed.sci"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "login")
	if err := chromedp.Do(ctx, chromedp.Submit(chromedp.CSS("form#login")), chromedp.WaitReady(chromedp.CSS("form#entry-form"))); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-year"), "2024"),
		chromedp.SendKeys(chromedp.CSS("#f-value"), "2.41"),
		chromedp.SetValue(chromedp.CSS("#f-qualifier"), "estimate"),
		chromedp.SendKeys(chromedp.CSS("#f-source"), "2024年统计快报"),
		chromedp.Submit(chromedp.CSS("form#entry-form")),
		chromedp.WaitReady(chromedp.CSS(".notice")),
		chromedp.WaitReady(chromedp.CSS(`[data-drawn="true"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "entered")
	table, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.observations")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table, "2.41") || !strings.Contains(table, "2024年统计快报") || !strings.Contains(table, "ed.sci") {
		t.Errorf("the new value is not in the table:\n%s", table)
	}
	points, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`JSON.stringify(JSON.parse(document.getElementById('indicator-chart-option').textContent).series[0].data[4])`))
	if err != nil || !strings.Contains(points, "2.41") {
		t.Errorf("the chart does not carry the new value: %s %v", points, err)
	}
	// a bad value comes back with the message beside the field
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-value"), "abc"),
		chromedp.Submit(chromedp.CSS("form#entry-form")),
		chromedp.WaitReady(chromedp.CSS(".field-error")),
		chromedp.WaitReady(chromedp.CSS(`[data-drawn="true"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "entry-error")
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".field-error")))
	if !strings.Contains(msg, "不是数字") {
		t.Errorf("error message %q", msg)
	}
	// the 422 of the bad value is reported by the browser as a failed resource; that one is expected
	in.clean(t, "422")
}

// A person uploads a spreadsheet: the upload goes through the progress
// script, the preview lists what will change, committing writes it, and
// the dashboard shows the new value.
func TestUploadPreviewCommitInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	withAccounts(t, e)
	in := inspect(t, ctx)
	file := filepath.Join(t.TempDir(), "2025年填报.csv")
	os.WriteFile(file, []byte("\ufeff指标代码,年份,数值,来源\r\nhv_patents,2025,9.75,2025年统计快报\r\nnew_platforms,2025,超过140,快报\r\n"), 0o644)
	err := chromedp.Do(ctx, append(signInToImport(e),
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}),
		chromedp.Click(chromedp.CSS("form#upload-form button[type=submit]")),
		chromedp.WaitReady(chromedp.CSS("form#commit-form")),
	)...)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "import-preview")
	changes, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#import-changes")))
	if !strings.Contains(changes, "9.75") || !strings.Contains(changes, "140") || !strings.Contains(changes, "2025年统计快报") {
		t.Fatalf("preview:\n%s", changes)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("form#commit-form button[type=submit]")),
		chromedp.WaitReady(chromedp.CSS(".notice")),
	)
	if err != nil {
		t.Fatal(err)
	}
	notice, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".notice")))
	if !strings.Contains(notice, "新增 2 个") {
		t.Errorf("notice %q", notice)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(e.URL+"/plans/demo"), chromedp.WaitReady(chromedp.CSS(`[data-drawn="true"]`)))
	if err != nil {
		t.Fatal(err)
	}
	row, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`a[href="/plans/demo/indicators/hv_patents"]`+"")))
	table, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(table, "9.75") {
		t.Errorf("the dashboard does not show the imported value (%s):\n%s", row, table)
	}
	// the entry grid shows the imported value in its cell, and the import page its history
	for _, pg := range []struct{ path, ready, name string }{
		{"/plans/demo/entry", `input[name="v.hv_patents.2025"]`, "grid"},
		{"/plans/demo/import", "form#upload-form", "import-page"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.URL+pg.path), chromedp.WaitReady(chromedp.CSS(pg.ready))); err != nil {
			t.Fatal(err)
		}
		in.shot(t, pg.name)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.URL+"/plans/demo/entry"), chromedp.WaitReady(chromedp.CSS("#grid-form"))); err != nil {
		t.Fatal(err)
	}
	cell, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name="v.hv_patents.2025"]`)))
	if cell != "9.75" {
		t.Errorf("grid cell hv_patents 2025 = %q", cell)
	}
	in.clean(t)
}

// An upload that takes several seconds shows its progress: the bar appears
// and fills while the file goes up (the network is throttled to 256 KB/s).
func TestUploadShowsProgressInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	withAccounts(t, e)
	// records, across the navigation to the preview, the furthest the bar got and what it said
	const watch = `document.addEventListener('DOMContentLoaded', function () {
	  var bar = document.querySelector('.upload-progress'), status = document.querySelector('.upload-status');
	  if (!bar) return;
	  setInterval(function () {
	    if (!bar.hidden && bar.value > 0 && bar.value < 100) {
	      sessionStorage.setItem('progress', String(bar.value));
	      sessionStorage.setItem('status', status.textContent);
	    }
	  }, 50);
	});`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watch}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "big.csv")
	// a megabyte, in lines a reader takes (blank ones, which are skipped)
	os.WriteFile(file, []byte("indicator,year,value,source,note\nhv_patents,2025,9.75,快报,\n"+strings.Repeat(",,,,\n", 200_000)), 0o644)
	err := chromedp.Do(ctx, signInToImport(e)...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{UploadThroughput: 256 << 10, DownloadThroughput: -1}}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}),
		chromedp.Click(chromedp.CSS("form#upload-form button[type=submit]")),
		chromedp.WaitReady(chromedp.CSS("form#commit-form")),
	)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	progress, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`sessionStorage.getItem('progress') || ''`))
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`sessionStorage.getItem('status') || ''`))
	t.Logf("upload took %v; the bar was last seen at %s%% saying %q", took.Round(time.Millisecond), progress, status)
	if took < time.Second {
		t.Fatalf("the upload took %v: throttling did not apply, the test shows nothing", took)
	}
	if progress == "" || !strings.Contains(status, "正在上传") {
		t.Errorf("no progress was shown during a %v upload (bar %q, status %q)", took, progress, status)
	}
}

// signInToImport signs in as the science department's editor and opens the
// demo plan's import page.
func signInToImport(e *env) []chromedp.Action[chromedp.Void] {
	return signIn(e, "editor", "/plans/demo/import", "form#upload-form")
}

// signIn signs in with the form as the account of role and waits on page
// next for what ready selects.
func signIn(e *env, role, next, ready string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(e.URL + "/login?next=" + url.QueryEscape(next)),
		chromedp.WaitReady(chromedp.CSS("form#login")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), accounts[role].Name),
		chromedp.SendKeys(chromedp.CSS("#f-password"), testPassword),
		chromedp.Submit(chromedp.CSS("form#login")),
		chromedp.WaitReady(chromedp.CSS(ready)),
	}
}

// TestAdminRoundInChromium is an administrator's round as a person does it:
// sign in, look over the admin pages and the audit log, issue a report
// through its confirmation, withdraw it with a reason, and find both in the
// audit log; no page runs off the side, logs an error or breaks the CSP.
func TestAdminRoundInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	withAccounts(t, e)
	explainDemo(t, e, 2024, "energy_intensity", "forest_cover", "farmland")
	in := inspect(t, ctx)
	if err := chromedp.Do(ctx, signIn(e, "admin", "/admin", `main a[href="/admin/audit"]`)...); err != nil {
		t.Fatal(err)
	}
	wide := func(path string) {
		t.Helper()
		over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if over > 0 {
			t.Errorf("%s runs %d px off the side", path, over)
		}
	}
	for _, path := range []string{"/admin", "/admin/users", "/admin/departments", "/admin/audit", "/admin/audit?lang=en",
		"/plans/demo/edit", "/plans/demo/sections", "/plans/demo/new-indicator", "/plans/demo/indicators/rd_intensity/edit", "/plans/demo/entry"} {
		in.open(t, e.URL+path)
		wide(path)
		in.clean(t)
		in.shot(t, "admin_"+shotName(path))
	}
	// issue: choose, read the confirmation, confirm
	in.open(t, e.URL+"/plans/demo/reports")
	err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-kind"), "annual"),
		chromedp.SetValue(chromedp.CSS("#f-year"), "2024"),
		chromedp.Submit(chromedp.CSS("form#issue-form")),
		chromedp.WaitReady(chromedp.CSS("form#confirm-issue")),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "admin_issue_confirm")
	if err := chromedp.Do(ctx, chromedp.Submit(chromedp.CSS("form#confirm-issue")), chromedp.WaitReady(chromedp.CSS(".report"))); err != nil {
		t.Fatal(err)
	}
	where, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(where, "/reports/demo-2024-annual-1") {
		t.Fatalf("after issuing: %s %v", where, err)
	}
	// withdraw it with a reason
	in.open(t, e.URL+"/reports/demo-2024-annual-1/withdraw")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-reason"), "数据口径调整,重新印发"),
		chromedp.Submit(chromedp.CSS("form#withdraw-form")),
		chromedp.WaitReady(chromedp.CSS("tr.withdrawn")),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "admin_withdrawn")
	// both are in the audit log, in words
	in.open(t, e.URL+"/admin/audit?entity=report")
	log, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.audit")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"印发", "撤回", "评估报告", "demo-2024-annual-1", "理由:数据口径调整,重新印发", "报告类型:年度监测报告"} {
		if !strings.Contains(log, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, log)
		}
	}
	wide("/admin/audit?entity=report")
	in.shot(t, "admin_audit_reports")
	in.clean(t)
}

// TestPlanFormsInChromium opens an indicator of each form of a whole plan
// table: yearly rates compounded (with the log method), a relative target,
// yearly targets, a pending target and a series break. Each chart draws,
// each page lists the year-by-year figures or says what limits them, and
// nothing is logged as an error.
func TestPlanFormsInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	in := inspect(t, ctx)
	for _, tc := range []struct {
		code, want string // a selector that must be on the page
		text       string // and the text it must hold
	}{
		{"gdp_rate", "table.calc-years", "3/4"},
		{"income_growth", "table.calc-years", "地区生产总值增长(示例)"},
		{"energy_fall", "table.calc-years", "−10.65%"},
		{"carbon_fall", ".calc-note", "完成省下达目标"},
		{"rd_staff", ".calc-note", "2023年起口径调整"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			path := "/plans/demo/indicators/" + tc.code
			if charts := in.open(t, e.URL+path); charts != 1 {
				t.Fatalf("%d charts", charts)
			}
			got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(tc.want)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tc.text) {
				t.Errorf("%s holds %q, not %q", tc.want, got, tc.text)
			}
			in.clean(t)
			in.shot(t, "form_"+tc.code)
		})
	}
	// the bars of yearly rates and the mark of the break are drawn
	if err := chromedp.Do(ctx, chromedp.Navigate(e.URL+"/plans/demo/indicators/rd_staff"), chromedp.WaitReady(chromedp.CSS(`[data-drawn="true"]`))); err != nil {
		t.Fatal(err)
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`JSON.parse(document.getElementById('indicator-chart-option').textContent).series.filter(s => s.markLine).length`))
	if err != nil || marks != 1 {
		t.Errorf("break marks %d %v", marks, err)
	}
}
