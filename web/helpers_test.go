package web_test

import (
	"context"
	"fmt"
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
	"plantrack/web/app"
	"plantrack/web/pdf"
)

// seedActor is who the tests' seeds are recorded as.
var seedActor = indicators.LocalActor("seed")

// clock is the fixed "now" of the tests: late 2026, after the plan period.
var clock = func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }

type env struct {
	*httptest.Server
	store   *store.Store
	app     *app.App
	routes  []web.Route
	handler http.Handler
	uploads string // the upload directory
	db      string // the SQLite file
}

// newEnv starts the real server over a real SQLite file seeded like a first
// start, with public reading on.
func newEnv(t testing.TB, extra ...indicators.Dataset) *env {
	return newEnvWith(t, web.Config{PublicRead: true}, extra...)
}

// newEnvWith is newEnv with the server's options from cfg.
func newEnvWith(t testing.TB, cfg web.Config, extra ...indicators.Dataset) *env {
	return newEnvOf(t, envOptions{Config: cfg}, extra...)
}

// envOptions are the server's options and whether it prints PDFs.
type envOptions struct {
	web.Config
	Printer *pdf.Printer
	Now     func() time.Time // the clock; the tests' fixed one when nil
	// WriteWait is how long a write waits for another process's lock;
	// store.WriteWait when zero.
	WriteWait time.Duration
}

// newEnvOf is newEnv with the options o.
func newEnvOf(t testing.TB, o envOptions, extra ...indicators.Dataset) *env {
	cfg := o.Config
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "plantrack.db")
	st, err := store.OpenWith(ctx, db, store.Options{WriteWait: o.WriteWait})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := seed.Datasets()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(ds, extra...) {
		if _, err := st.SaveDataset(ctx, seedActor, d, clock()); err != nil {
			t.Fatal(err)
		}
	}
	st.SetPasswordCost(bcrypt.MinCost)
	if o.Now == nil {
		o.Now = clock
	}
	uploads := t.TempDir()
	a, err := app.New(app.Config{Store: st, Printer: o.Printer, UploadDir: uploads, Now: o.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	cfg.App = a
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); a.Close(); st.Close() })
	return &env{Server: ts, store: st, app: a, routes: srv.Routes(), handler: srv.Handler(), uploads: uploads, db: db}
}

// put enters a value as actor would through a form (a one-row import),
// warnings confirmed.
func (e *env) put(t testing.TB, actor indicators.Actor, plan, code string, o indicators.Observation) {
	t.Helper()
	res, err := e.app.Enter(context.Background(), actor, plan, "test", []app.Entry{{Indicator: code, Year: fmt.Sprint(o.Year),
		Value: indicators.FormatValue(o.Value), Qualifier: string(o.Qualifier), Status: string(o.Status), Source: o.Source, Note: o.Note}}, true)
	if err != nil || !res.Saved() {
		t.Fatalf("put %s %d: %+v %v", code, o.Year, res.Result.Issues, err)
	}
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

// pageBody is the body of a GET as an anonymous reader.
func (e *env) pageBody(t testing.TB, path string) []byte {
	t.Helper()
	_, body := e.get(t, path)
	return body
}

func itoa64(n int64) string { return fmt.Sprint(n) }
