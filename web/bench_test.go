package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"plantrack/seed"
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
