package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web"
)

// testClock is a clock a test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// signedIn reports whether c's request for an administrator's page was
// answered as signed in.
func signedIn(t *testing.T, e *env, c *http.Client) bool {
	t.Helper()
	resp, err := c.Get(e.URL + "/admin")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// With -session-idle under a minute, a user active more often than that
// stays signed in, and one idle past it is signed out. And while another
// process holds the database's write lock (a large import on the command
// line), pages still answer and nobody is signed out: activity is
// bookkeeping written in the background.
func TestShortIdleAndALockedDatabase(t *testing.T) {
	clk := &testClock{t: clock()}
	e := newEnvOf(t, envOptions{Config: web.Config{PublicRead: true,
		Sessions: indicators.SessionPolicy{Idle: 20 * time.Second, Absolute: 12 * time.Hour}}, Now: clk.Now,
		WriteWait: 200 * time.Millisecond})
	withAccounts(t, e)
	c := e.client(t, "admin")
	for i := range 12 { // two minutes, a request every ten seconds
		clk.Add(10 * time.Second)
		if !signedIn(t, e, c) {
			t.Fatalf("signed out after %d s of activity with a 20 s idle limit", (i+1)*10)
		}
	}

	// another process takes the write lock and keeps it
	ed := e.client(t, "editor")
	other, err := sql.Open("sqlite3", store.DSN(e.db, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec(`UPDATE plans SET name_en = name_en`); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		clk.Add(10 * time.Second)
		if !signedIn(t, e, c) {
			t.Fatalf("signed out while the database was locked, after %d s", (i+1)*10)
		}
		if resp, err := ed.Get(e.URL + "/plans/demo"); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("the editor's page while locked: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
		time.Sleep(500 * time.Millisecond) // let the background writer try, and wait
	}
	// a write that cannot get the lock in time is told to try again, in
	// the user's words, with what was typed kept; nothing is written
	target := e.URL + "/plans/demo/indicators/rd_intensity/observations"
	form := url.Values{"year": {"2024"}, "value": {"2.61"}, "qualifier": {"exact"}, "status": {"final"},
		"source": {"2024年统计公报"}, "confirm": {"1"}}
	resp, doc := post(t, ed, target, form)
	text := doc.Text()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(text, "数据库正忙") || strings.Contains(text, "locked") || doc.Find("#f-value").AttrOr("value", "") != "2.61" {
		t.Fatalf("a write under another process's lock: %d %q %q", resp.StatusCode, resp.Header.Get("Retry-After"), text)
	}
	api, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/plans/demo/indicators", nil)
	if resp, err := c.Do(api); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("reading while locked: %v %v", resp, err)
	}
	// signing in is a write too
	resp, doc = post(t, e.client(t, "anonymous"), e.URL+"/login", url.Values{"name": {"vera"}, "password": {testPassword}})
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(doc.Text(), "数据库正忙") {
		t.Fatalf("signing in under another process's lock: %d", resp.StatusCode)
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	if resp, _ := post(t, ed, target, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the same write once the lock is gone: %d", resp.StatusCode)
	}

	// idle past the limit: signed out
	clk.Add(21 * time.Second)
	if signedIn(t, e, c) {
		t.Fatal("still signed in after 21 s idle with a 20 s limit")
	}
	if resp, body := e.get(t, "/"); resp.StatusCode != http.StatusOK || strings.Contains(string(body), "database is locked") {
		t.Fatalf("overview after the lock: %d", resp.StatusCode)
	}
}
