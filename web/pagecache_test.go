package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web"
)

// Pages are rendered once per version of the data: the second request is
// served from memory with the same strong ETag, a browser holding it gets
// 304, and the gzipped copy is made once. Any write, through the server
// or by another process on the same file, shows on the very next request;
// signing in does not empty the cache. Signed-in users get their own
// copies, marked private.
func TestPagesKeptPerDataVersion(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	const path = "/plans/demo/indicators/rd_intensity"
	first, body := e.get(t, path)
	again, body2 := e.get(t, path)
	if first.Header.Get("X-Cache") != "miss" || again.Header.Get("X-Cache") != "hit" || !bytes.Equal(body, body2) {
		t.Fatalf("second request: %s then %s", first.Header.Get("X-Cache"), again.Header.Get("X-Cache"))
	}
	etag := again.Header.Get("ETag")
	if etag == "" || etag != first.Header.Get("ETag") || strings.HasPrefix(etag, "W/") {
		t.Fatalf("ETag %q then %q", first.Header.Get("ETag"), etag)
	}
	if cc := again.Header.Get("Cache-Control"); cc != "no-cache" || !strings.Contains(again.Header.Get("Vary"), "Cookie") {
		t.Errorf("Cache-Control %q, Vary %q", cc, again.Header.Get("Vary"))
	}
	if resp, b := e.get(t, path, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || len(b) != 0 {
		t.Errorf("If-None-Match of the current copy: %d, %d bytes", resp.StatusCode, len(b))
	}
	gz, zbody := e.get(t, path, "Accept-Encoding", "gzip")
	if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("ETag") == etag || gz.Header.Get("X-Cache") != "hit" {
		t.Fatalf("gzip: %q %q %q", gz.Header.Get("Content-Encoding"), gz.Header.Get("ETag"), gz.Header.Get("X-Cache"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zbody))
	if err != nil {
		t.Fatal(err)
	}
	if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, body) {
		t.Error("the gzipped copy is not the page")
	}
	if resp, _ := e.get(t, path, "Accept-Encoding", "gzip", "If-None-Match", gz.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match of the gzipped copy: %d", resp.StatusCode)
	}

	// signing in is bookkeeping: the anonymous copy stays
	ed := e.client(t, "editor")
	if resp, _ := e.get(t, path); resp.Header.Get("X-Cache") != "hit" {
		t.Error("a sign-in emptied the cache")
	}
	// the signed-in editor has a copy of their own, with their form, kept privately
	resp, err := ed.Get(e.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Cache-Control") != "private, no-cache" || !strings.Contains(string(mine), "entry-form") ||
		strings.Contains(string(body), "entry-form") || !strings.Contains(string(mine), "ed.sci") {
		t.Errorf("the editor's copy: %q, form %v", resp.Header.Get("Cache-Control"), strings.Contains(string(mine), "entry-form"))
	}

	// a value entered through the server shows on the very next request
	form := url.Values{"year": {"2024"}, "value": {"2.37"}, "qualifier": {"exact"}, "status": {"final"},
		"source": {"2024年统计公报"}, "confirm": {"1"}}
	if resp, _ := post(t, ed, e.URL+path+"/observations", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("post: %d", resp.StatusCode)
	}
	resp, body = e.get(t, path)
	if resp.Header.Get("X-Cache") != "miss" || !strings.Contains(string(body), "2.37") {
		t.Fatalf("after a write: %s, value shown %v", resp.Header.Get("X-Cache"), strings.Contains(string(body), "2.37"))
	}
	if resp, _ := e.get(t, path, "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("the copy from before the write still counts as current: %d", resp.StatusCode)
	}

	// and so does a write by another process on the same file (the command
	// line), within store.VersionFresh
	other, err := store.Open(context.Background(), e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	res, err := other.ImportActuals(context.Background(), indicators.Rows([][]string{{"indicator", "year", "value", "source"},
		{"rd_intensity", "2025", "2.48", "written-by-another-process"}}), indicators.ImportOptions{Actor: indicators.LocalActor("cli"), Plan: "demo", File: "cli.csv", Now: clock()})
	if err != nil || !res.OK() {
		t.Fatalf("import from another process: %v %+v", err, res.Issues)
	}
	time.Sleep(store.VersionFresh + 20*time.Millisecond)
	resp, body = e.get(t, path)
	if shown := strings.Contains(string(body), "written-by-another-process"); resp.Header.Get("X-Cache") != "miss" || !shown {
		t.Fatalf("after another process's write: %s, value shown %v", resp.Header.Get("X-Cache"), shown)
	}

	// errors are not kept
	if resp, _ := e.get(t, "/plans/nope"); resp.StatusCode != http.StatusNotFound || resp.Header.Get("ETag") != "" {
		t.Errorf("a missing plan: %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
}

// The cache keeps within its bytes: past them the least recent page goes.
func TestPageCacheIsBounded(t *testing.T) {
	e := newEnvWith(t, web.Config{PublicRead: true, PageCacheBytes: 200 << 10})
	e.get(t, "/plans/demo")
	for _, st := range indicators.Statuses { // other addresses, each a page of tens of KB
		e.get(t, "/plans/demo?status="+string(st))
		e.get(t, "/plans/demo?attr=binding&status="+string(st))
	}
	if resp, _ := e.get(t, "/plans/demo"); resp.Header.Get("X-Cache") != "miss" {
		t.Error("the least recent page outlived the bound")
	}
	if resp, _ := e.get(t, "/plans/demo"); resp.Header.Get("X-Cache") != "hit" {
		t.Error("a page just rendered was not kept")
	}
}
