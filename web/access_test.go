package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"plantrack/indicators"
	"plantrack/web"
)

const testPassword = "a long test password"

// roles of the access table: the editor owns the department of rd_intensity
// (sample-sci), the other editor does not; the reviewer reviews sample-sci.
var roles = []string{"anonymous", "viewer", "editor-other", "editor", "reviewer", "admin"}

var accounts = map[string]indicators.User{
	"viewer":       {Name: "vera", Role: indicators.Viewer},
	"editor-other": {Name: "ed.env", Role: indicators.Editor, Units: []string{"sample-env"}},
	"editor":       {Name: "ed.sci", Role: indicators.Editor, Units: []string{"sample-sci"}},
	"reviewer":     {Name: "rev.sci", Role: indicators.Reviewer, Units: []string{"sample-sci"}},
	"admin":        {Name: "ada", Role: indicators.Admin},
}

func withAccounts(t testing.TB, e *env) {
	t.Helper()
	for _, u := range accounts {
		if err := e.store.CreateUser(context.Background(), indicators.LocalActor("test"), u, testPassword, clock()); err != nil {
			t.Fatal(err)
		}
	}
}

// client returns an HTTP client signed in as role (anonymous: not signed in).
func (e *env) client(t testing.TB, role string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if role == "anonymous" {
		return c
	}
	resp, err := c.PostForm(e.URL+"/login", url.Values{"name": {accounts[role].Name}, "password": {testPassword}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", role, resp.StatusCode)
	}
	return c
}

// allowed is who may call each route. Every route the server registers must
// be here: a new route fails this test until someone decides who may call it.
var allowed = map[string][]string{
	"GET /{$}":                                          roles,
	"GET /plans/{plan}":                                 roles,
	"GET /plans/{plan}/indicators/{code}":               roles,
	"GET /plans/{plan}/submission":                      roles,
	"GET /plans/{plan}/export.csv":                      roles,
	"GET /plans/{plan}/export.xlsx":                     roles,
	"GET /plans/{plan}/template.csv":                    roles,
	"GET /plans/{plan}/template.xlsx":                   roles,
	"GET /plans/{plan}/definitions.csv":                 roles,
	"GET /plans/{plan}/definitions.xlsx":                roles,
	"GET /plans/{plan}/projects.csv":                    roles,
	"GET /plans/{plan}/projects.xlsx":                   roles,
	"GET /plans/{plan}/imports":                         roles,
	"GET /imports/{id}":                                 roles,
	"GET /plans/{plan}/import":                          {"editor-other", "editor", "admin"},
	"POST /plans/{plan}/import":                         {"editor-other", "editor", "admin"},
	"GET /plans/{plan}/import/{token}":                  {"editor-other", "editor", "admin"},
	"POST /plans/{plan}/import/{token}":                 {"editor-other", "editor", "admin"},
	"GET /plans/{plan}/import/{token}/status":           {"editor-other", "editor", "admin"},
	"POST /plans/{plan}/import/{token}/cancel":          {"editor-other", "editor", "admin"},
	"GET /plans/{plan}/entry":                           {"editor-other", "editor", "admin"},
	"POST /plans/{plan}/entry":                          {"editor-other", "editor", "admin"},
	"POST /plans/{plan}/indicators/{code}/observations": {"editor", "admin"},
	"GET /lang":                                              roles,
	"GET /reports/{id}/withdraw":                             {"admin"},
	"POST /reports/{id}/withdraw":                            {"admin"},
	"GET /method":                                            roles,
	"GET /login":                                             roles,
	"POST /login":                                            roles,
	"POST /logout":                                           {"viewer", "editor-other", "editor", "reviewer", "admin"},
	"GET /plans/{plan}/units/{unit}":                         roles,
	"GET /review":                                            {"editor-other", "editor", "reviewer", "admin"},
	"POST /review":                                           {"reviewer", "admin"},
	"POST /review/bulk":                                      {"reviewer", "admin"},
	"POST /plans/{plan}/evidence":                            {"editor-other", "editor", "admin"},
	"GET /evidence/{id}":                                     {"viewer", "editor-other", "editor", "reviewer", "admin"},
	"GET /plans/{plan}/warnings":                             roles,
	"GET /api/v1/plans/{plan}/warnings":                      roles,
	"GET /plans/{plan}/projects":                             roles,
	"GET /plans/{plan}/projects/{code}":                      roles,
	"POST /plans/{plan}/projects/{code}/progress":            {"editor-other", "editor", "admin"},
	"GET /plans/{plan}/indicators/{code}/decompose":          {"admin"},
	"POST /plans/{plan}/indicators/{code}/decompose":         {"admin"},
	"GET /api/v1/plans/{plan}/indicators/{code}/units":       roles,
	"GET /admin":                                             {"admin"},
	"GET /admin/users":                                       {"admin"},
	"POST /admin/users":                                      {"admin"},
	"GET /admin/users/{name}":                                {"admin"},
	"POST /admin/users/{name}":                               {"admin"},
	"GET /admin/departments":                                 {"admin"},
	"POST /admin/departments":                                {"admin"},
	"GET /admin/audit":                                       {"admin"},
	"GET /admin/plans/new":                                   {"admin"},
	"POST /admin/plans":                                      {"admin"},
	"GET /plans/{plan}/edit":                                 {"admin"},
	"POST /plans/{plan}/edit":                                {"admin"},
	"GET /plans/{plan}/sections":                             {"admin"},
	"POST /plans/{plan}/sections":                            {"admin"},
	"GET /plans/{plan}/sections/{section}/edit":              {"admin"},
	"POST /plans/{plan}/sections/{section}/edit":             {"admin"},
	"GET /plans/{plan}/new-indicator":                        {"admin"},
	"POST /plans/{plan}/new-indicator":                       {"admin"},
	"GET /plans/{plan}/indicators/{code}/edit":               {"admin"},
	"POST /plans/{plan}/indicators/{code}/edit":              {"admin"},
	"GET /plans/{plan}/reports":                              roles,
	"POST /plans/{plan}/reports":                             {"admin"},
	"GET /plans/{plan}/reports/{file}":                       roles,
	"GET /reports/{file}":                                    roles,
	"GET /plans/{plan}/indicators/{code}/narratives/{year}":  {"editor", "admin"},
	"POST /plans/{plan}/indicators/{code}/narratives/{year}": {"editor", "admin"},
	"GET /api/v1/plans":                                      roles,
	"GET /api/v1/plans/{plan}/indicators":                    roles,
	"GET /api/v1/plans/{plan}/indicators/{code}":             roles,
	"/api/":                           roles,
	"GET /static/{version}/{path...}": roles,
	"GET /favicon.ico":                roles,
	"GET /healthz":                    roles,
	"/":                               roles,
}

func concrete(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern
	}
	path = strings.NewReplacer("{$}", "", "{plan}", "demo", "{code}", "rd_intensity", "{section}", "a",
		"{name}", "vera", "{version}", "x", "{path...}", "app.css", "{file}", "2024", "{year}", "2024", "{token}", "x", "{id}", "1", "{unit}", "jinjiang").Replace(path)
	if path == "/api/" {
		path = "/api/v9/nothing"
	}
	return method, path
}

// refused tells a refusal from an answer: 401/403, or a redirect to sign in.
func refused(resp *http.Response) bool {
	return resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden ||
		(resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login"))
}

func TestEveryRouteAndRole(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	routes := e.routes
	seen := map[string]bool{}
	for _, rt := range routes {
		seen[rt.Pattern] = true
		want, ok := allowed[rt.Pattern]
		if !ok {
			t.Errorf("route %q (access %s) has no entry in the access table", rt.Pattern, rt.Access)
			continue
		}
		method, path := concrete(rt.Pattern)
		for _, role := range roles {
			c := e.client(t, role)
			req, _ := http.NewRequest(method, e.URL+path, strings.NewReader(""))
			if method == http.MethodPost {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin") // as a browser sends it from our own page
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			wantOK := false
			for _, r := range want {
				wantOK = wantOK || r == role
			}
			if got := !refused(resp); got != wantOK {
				t.Errorf("%s as %s: status %d (%s), allowed should be %v", rt.Pattern, role, resp.StatusCode, resp.Header.Get("Location"), wantOK)
			}
		}
	}
	for p := range allowed {
		if !seen[p] {
			t.Errorf("the access table names %q, which the server no longer has", p)
		}
	}
}

func TestReadingCanBeClosed(t *testing.T) {
	e := newEnvWith(t, web.Config{PublicRead: false})
	withAccounts(t, e)
	anon := e.client(t, "anonymous")
	for _, path := range []string{"/", "/plans/demo", "/plans/demo/indicators/rd_intensity", "/api/v1/plans"} {
		resp, err := anon.Get(e.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if !refused(resp) {
			t.Errorf("%s readable without signing in: %d", path, resp.StatusCode)
		}
	}
	if resp, _ := anon.Get(e.URL + "/api/v1/plans"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API without session: %d, want 401", resp.StatusCode)
	}
	viewer := e.client(t, "viewer")
	if resp, _ := viewer.Get(e.URL + "/plans/demo"); resp.StatusCode != http.StatusOK {
		t.Errorf("viewer: %d", resp.StatusCode)
	}
	// the sign-in page and assets stay reachable
	for _, path := range []string{"/login", "/favicon.ico"} {
		if resp, _ := anon.Get(e.URL + path); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	admin := e.client(t, "admin")
	form := url.Values{"year": {"2024"}, "value": {"2.4"}, "qualifier": {"exact"}, "status": {"final"}, "source": {"x"}}
	host := strings.TrimPrefix(e.URL, "http://")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "http://evil.example"},
		{"Origin": "https://" + host}, // the same name, another scheme: an https page posting to the http site
	} {
		req, _ := http.NewRequest(http.MethodPost, e.URL+"/plans/demo/indicators/rd_intensity/observations", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := admin.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin post %v: %d", h, resp.StatusCode)
		}
	}
	d, _ := e.store.Dataset(context.Background(), "demo", "rd_intensity")
	for _, o := range d.Observations["rd_intensity"] {
		if o.Year == 2024 {
			t.Fatal("a cross-origin post wrote a value")
		}
	}
	// a browser without Sec-Fetch-Site, from our own http page, goes through
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/plans/demo/indicators/rd_intensity/observations", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+host)
	if resp, err := admin.Do(req); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin post without Sec-Fetch-Site: %v %v", resp, err)
	}
	// the same post from our own page goes through
	req, _ = http.NewRequest(http.MethodPost, e.URL+"/plans/demo/indicators/rd_intensity/observations", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := admin.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin post: %d", resp.StatusCode)
	}
}

func TestLoggedOutCookieIsRefused(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	admin := e.client(t, "admin")
	u, _ := url.Parse(e.URL)
	old := admin.Jar.Cookies(u)
	if len(old) != 1 || old[0].Name != "plantrack_session" {
		t.Fatalf("cookies %v", old)
	}
	resp, err := admin.Post(e.URL+"/logout", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// replay the old cookie, as a stolen one would be
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/admin", nil)
	req.AddCookie(old[0])
	resp, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !refused(resp) {
		t.Fatalf("signed-out session still works: %d", resp.StatusCode)
	}
	// the cookie's flags
	c := e.client(t, "viewer")
	resp, _ = c.PostForm(e.URL+"/login", url.Values{"name": {"vera"}, "password": {testPassword}})
	for _, ck := range resp.Cookies() {
		if ck.Name == "plantrack_session" && (!ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure) {
			t.Errorf("session cookie flags %+v (plain HTTP: not Secure)", ck)
		}
	}
}

// A refusal reads as one: titled 无权操作, it names the department that is
// responsible for the indicator and what the reader's own account covers.
func TestForbiddenPagesSayWhoIsResponsible(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	other := e.client(t, "editor-other") // 示例市生态环境局
	resp, doc := post(t, other, e.URL+"/plans/demo/indicators/rd_intensity/observations", url.Values{"year": {"2024"}, "value": {"2.4"},
		"qualifier": {"exact"}, "status": {"final"}, "source": {"x"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("another department's value: %d", resp.StatusCode)
	}
	if h := doc.Find("h1").Text(); h != "无权操作" {
		t.Errorf("heading %q", h)
	}
	if title := doc.Find("title").Text(); !strings.Contains(title, "无权操作") {
		t.Errorf("title %q", title)
	}
	body := doc.Find("section.error").Text()
	for _, want := range []string{"示例市科技局", "ed.env", "示例市生态环境局"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not name %q:\n%s", want, body)
		}
	}
	// a narrative of another department's indicator: the same
	_, doc = post(t, other, e.URL+"/plans/demo/indicators/rd_intensity/narratives/2024", url.Values{"progress": {"x"}})
	if !strings.Contains(doc.Find("section.error").Text(), "示例市科技局") {
		t.Errorf("narrative refusal: %q", doc.Find("section.error").Text())
	}
	// an admin page for an editor
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/admin/users?lang=en", nil)
	resp, err := other.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	adoc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || adoc.Find("h1").Text() != "Not allowed" || !strings.Contains(adoc.Text(), "Sample city ecology") {
		t.Errorf("admin page for an editor: %d %q", resp.StatusCode, adoc.Find("section.error").Text())
	}
}
