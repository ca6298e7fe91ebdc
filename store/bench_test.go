package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"plantrack/indicators"
	"plantrack/seed"
)

// BenchmarkDataset400 loads a 400-indicator plan with 6 years of data.
func BenchmarkDataset400(b *testing.B) {
	ctx := context.Background()
	s, _ := open(b)
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Synthetic("bench", 400, 6), now); err != nil {
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
	s, path := open(b)
	var file [][]string
	file = append(file, []string{"plan", "indicator", "year", "value"})
	for p := range 200 {
		d := seed.Synthetic(fmt.Sprintf("bench-%03d", p), 100, 5)
		d.Observations = nil
		if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), d, now); err != nil {
			b.Fatal(err)
		}
		for i, ind := range d.Indicators {
			for y := range 5 {
				file = append(file, []string{d.Plan.Code, ind.Code, strconv.Itoa(2021 + y), fmt.Sprintf("%d.5", 100+i%20+3*y)})
			}
		}
	}
	s.Close()
	pristine, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		// observations cannot be deleted: every loop imports the same 100,000 new values into a fresh copy
		b.StopTimer()
		fresh := filepath.Join(b.TempDir(), "fresh.db")
		if err := os.WriteFile(fresh, pristine, 0o600); err != nil {
			b.Fatal(err)
		}
		c, err := Open(ctx, fresh)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := c.ImportActuals(ctx, indicators.Rows(file), indicators.ImportOptions{File: "bench.csv", Actor: indicators.LocalActor("bench"), Now: now})
		if err != nil || res.New != len(file)-1 {
			b.Fatalf("%+v %v", res.New, err)
		}
		b.StopTimer()
		c.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(file)-1)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
