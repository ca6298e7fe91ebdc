package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/crypto/bcrypt"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/store"
	"plantrack/web"
)

// clock is the fixed "now" of the tests: late 2026, after the plan period.
var clock = func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }

type env struct {
	*httptest.Server
	store  *store.Store
	routes []web.Route
}

// newEnv starts the real server over a real SQLite file seeded like a first
// start, with public reading on.
func newEnv(t testing.TB, extra ...indicators.Dataset) *env {
	return newEnvWith(t, web.Config{PublicRead: true}, extra...)
}

// newEnvWith is newEnv with the server's options from cfg.
func newEnvWith(t testing.TB, cfg web.Config, extra ...indicators.Dataset) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "plantrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := seed.Datasets()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(ds, extra...) {
		if _, err := st.SaveDataset(ctx, d, "seed", clock()); err != nil {
			t.Fatal(err)
		}
	}
	st.SetPasswordCost(bcrypt.MinCost)
	cfg.Store, cfg.Accounts, cfg.Writer, cfg.Admin, cfg.Reports, cfg.Imports = st, st, st, st, st, st
	cfg.UploadDir = t.TempDir()
	cfg.Now, cfg.Log = clock, slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); st.Close() })
	return &env{Server: ts, store: st, routes: srv.Routes()}
}

func (e *env) get(t testing.TB, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// no automatic gzip handling, so the tests see what the server sends
	client := &http.Client{Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func (e *env) page(t testing.TB, path string, header ...string) *goquery.Document {
	t.Helper()
	resp, body := e.get(t, path, header...)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
