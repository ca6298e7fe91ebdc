package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/web"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/pdf"
)

// BenchmarkOverview400 serves the overview of a 400-indicator plan with 6
// years of data through the real handler, in memory (no network): from the
// page cache, and rendered every time (SQLite read, assessment, render) as
// after each write. It reports the page size plain and gzipped.
func BenchmarkOverview400(b *testing.B) {
	for _, cache := range []struct {
		name  string
		bytes int64
	}{{"cached", 0}, {"rendered", -1}} {
		for _, enc := range []string{"identity", "gzip"} {
			b.Run(cache.name+"/"+enc, func(b *testing.B) {
				e := newEnvWith(b, web.Config{PublicRead: true, PageCacheBytes: cache.bytes}, seed.Synthetic("bench", 400, 6))
				serveLoop(b, e, "/plans/bench", enc, "bytes/page")
			})
		}
	}
}

// BenchmarkReportHTML100 renders the draft report of a 100-indicator plan
// with 5 years of data through the handler, the page cache off: SQLite
// read, assessment and layout of every section and chart (server time, no
// network).
func BenchmarkReportHTML100(b *testing.B) {
	e := newEnvWith(b, web.Config{PublicRead: true, PageCacheBytes: -1}, seed.Synthetic("r100", 100, 5))
	serveLoop(b, e, "/plans/r100/reports/2025?kind=final", "identity", "bytes/report")
}

// serveLoop is a benchmark's loop over one GET through the whole handler,
// reporting the answer's size as unit.
func serveLoop(b *testing.B, e *env, path, encoding, unit string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", encoding)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), unit)
}

// BenchmarkPrint measures printing a draft report of 10 and of 100
// indicators (5 years of data) with a warm browser: each iteration prints
// a page the print cache has not seen (a comment makes it new), so the
// figure is Chromium's work, not the cache's. (The first print, with the
// browser's start, is in cmd/bench's figures.)
func BenchmarkPrint(b *testing.B) {
	path, err := pdf.Find()
	if err != nil {
		b.Skip(err)
	}
	for _, n := range []int{10, 100} {
		b.Run(fmt.Sprintf("indicators=%d", n), func(b *testing.B) {
			code := fmt.Sprintf("r%d", n)
			e := newEnvOf(b, envOptions{Config: web.Config{PublicRead: true}, Printer: pdf.New(path, pdf.Options{})}, seed.Synthetic(code, n, 5))
			ctx := context.Background()
			page, snap, err := e.app.DraftReport(ctx, i18n.Zh, code, indicators.FinalReport, 2025, false)
			if err != nil {
				b.Fatal(err)
			}
			header := app.ReportHeader(i18n.Zh, snap)
			if _, err := e.app.PrintReport(ctx, page, header, false); err != nil { // starts the browser
				b.Fatal(err)
			}
			i := 0
			var size int
			for b.Loop() {
				i++
				out, err := e.app.PrintReport(ctx, append(bytes.Clone(page), fmt.Sprintf("<!-- %d -->", i)...), header, false)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/pdf")
		})
	}
}

// BenchmarkDistricts20x60 is the plan decomposition at its size: a city
// plan of 60 indicators decomposed among 20 districts, 5 years of values
// each. The overview with its district × indicator matrix and a city
// indicator's page with its 20 districts are rendered through the handler,
// the page cache off (server time; the roll-up is kept per data version,
// as between two writes). Rollup is the roll-up itself, worked out afresh
// from the 21 plans' values: what a write costs the next reader.
func BenchmarkDistricts20x60(b *testing.B) {
	e := newEnvWith(b, web.Config{PublicRead: true, PageCacheBytes: -1}, seed.SyntheticDistricts("d60", 60, 5)...)
	b.Run("overview+matrix", func(b *testing.B) { serveLoop(b, e, "/plans/d60", "identity", "bytes/page") })
	b.Run("indicator+districts", func(b *testing.B) { serveLoop(b, e, "/plans/d60/indicators/ind_0001", "identity", "bytes/page") })
	b.Run("rollup", func(b *testing.B) {
		ctx := context.Background()
		city, parts, err := e.store.Family(ctx, "d60")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if ds := app.DistrictsOf(city, parts, 2025); len(ds.ByCode) != 60 || len(ds.Units) != 20 {
				b.Fatalf("%d indicators, %d districts", len(ds.ByCode), len(ds.Units))
			}
		}
	})
	b.Run("family-read", func(b *testing.B) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, parts, err := e.store.Family(ctx, "d60"); err != nil || len(parts) != 20 {
				b.Fatal(len(parts), err)
			}
		}
	})
}
