package store

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"plantrack/indicators"
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

// BenchmarkImportActuals imports 100,000 new values (200 plans × 100
// indicators × 5 years) into a fresh copy of the plans each time: rows/s is
// the figure to compare with cmd/benchimport.
func BenchmarkImportActuals(b *testing.B) {
	ctx := context.Background()
	s, _ := open(b)
	var file [][]string
	file = append(file, []string{"plan", "indicator", "year", "value"})
	for p := range 200 {
		d := seed.Synthetic(fmt.Sprintf("bench-%03d", p), 100, 5)
		d.Observations = nil
		if _, err := s.SaveDataset(ctx, d, "seed", now); err != nil {
			b.Fatal(err)
		}
		for i, ind := range d.Indicators {
			for y := range 5 {
				file = append(file, []string{d.Plan.Code, ind.Code, strconv.Itoa(2021 + y), fmt.Sprintf("%d.5", 100+i%20+3*y)})
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if _, err := s.db.Exec(`DELETE FROM observations`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		// the values were deleted above: every loop imports the same 100,000 new ones
		res, err := s.ImportActuals(ctx, &rows{r: file}, indicators.ImportOptions{File: "bench.csv", By: "bench", Now: now})
		if err != nil || res.New != len(file)-1 {
			b.Fatalf("%+v %v", res.New, err)
		}
	}
	b.ReportMetric(float64(len(file)-1)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
