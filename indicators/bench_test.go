package indicators_test

import (
	"testing"

	"plantrack/seed"
)

// BenchmarkAssessPlan assesses a 400-indicator plan with 6 years of data.
func BenchmarkAssessPlan(b *testing.B) {
	d := seed.Synthetic("bench", 400, 6)
	b.ReportAllocs()
	for b.Loop() {
		if as := d.Assess(2026); len(as) != 400 {
			b.Fatal(len(as))
		}
	}
}
