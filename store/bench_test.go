package store

import (
	"context"
	"testing"

	"plantrack/seed"
)

// BenchmarkDataset400 loads a 400-indicator plan with 6 years of data.
func BenchmarkDataset400(b *testing.B) {
	ctx := context.Background()
	s, _ := open(b)
	if _, err := s.SaveDataset(ctx, seed.Synthetic("bench", 400, 6), "seed", now); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d, err := s.Dataset(ctx, "bench", "")
		if err != nil || len(d.Indicators) != 400 {
			b.Fatal(err)
		}
	}
}
