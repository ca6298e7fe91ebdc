package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"plantrack/seed"
	"plantrack/web"
	"plantrack/web/pdf"
)

// BenchmarkOverview400 serves the overview of a 400-indicator plan with 6
// years of data through the real handler: SQLite read, assessment and
// render, in memory (no network). It reports the page size plain and gzipped.
func BenchmarkOverview400(b *testing.B) {
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			e := newEnv(b, seed.Synthetic("bench", 400, 6))
			h := e.Config.Handler
			req := httptest.NewRequest(http.MethodGet, "/plans/bench", nil)
			req.Header.Set("Accept-Encoding", enc)
			var size int
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

// BenchmarkReportHTML100 renders the draft report of a 100-indicator plan
// with 5 years of data through the handler: SQLite read, assessment and
// layout of every section and chart (server time, no network).
func BenchmarkReportHTML100(b *testing.B) {
	e := newEnv(b, seed.Synthetic("r100", 100, 5))
	h := e.Config.Handler
	req := httptest.NewRequest(http.MethodGet, "/plans/r100/reports/2025?kind=final", nil)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/report")
}

// BenchmarkReportPDF100 is the same report printed to PDF by headless
// Chromium: wall time, a browser start included.
func BenchmarkReportPDF100(b *testing.B) {
	path, err := pdf.Find()
	if err != nil {
		b.Skip(err)
	}
	e := newEnvOf(b, envOptions{Config: web.Config{PublicRead: true}, Printer: pdf.New(path, pdf.Options{})}, seed.Synthetic("r100", 100, 5))
	h := e.Config.Handler
	req := httptest.NewRequest(http.MethodGet, "/plans/r100/reports/2025.pdf?kind=final", nil)
	var size int
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}
