package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"plantrack/indicators"
)

// The packed fields of an observation come back as they went in, at the
// edges of every field.
func TestObservationPacking(t *testing.T) {
	s, _ := open(t)
	for _, c := range []struct {
		year, revision, decimals, brk int
		qualifier, status             string
		want                          int // decimals read back
	}{
		{2020, 1, 0, 0, "exact", "final", 0},
		{2025, 3, 2, 1, "lower_bound", "preliminary", 2},
		{2099, 1<<24 - 1, 254, 0, "upper_bound", "final", 254},
		{1949, 7, 900, 1, "estimate", "preliminary", 254}, // more decimals than a float holds: capped
	} {
		var m int64
		q := `SELECT ` + obsPacked + ` FROM (SELECT ? AS year, ? AS revision, ? AS decimals, ? AS brk, ? AS qualifier, ? AS status) o`
		if err := s.read.QueryRow(q, c.year, c.revision, c.decimals, c.brk, c.qualifier, c.status).Scan(&m); err != nil {
			t.Fatal(err)
		}
		o := unpackObservation(m)
		if o.Year != c.year || o.Revision != c.revision || o.Decimals != c.want || o.Break != (c.brk == 1) ||
			string(o.Qualifier) != c.qualifier || string(o.Status) != c.status {
			t.Errorf("%+v came back as %+v", c, o)
		}
	}
}

// A value's actor and time are read from its import: every path that
// writes values stamps both from the same options.
func TestValuesCarryTheirImportsStamp(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), indicators.User{Name: "ed", Role: indicators.Editor, Units: []string{"sample-sci"}}, "right password 1", now); err != nil {
		t.Fatal(err)
	}
	rows := indicators.Rows([][]string{{"indicator", "year", "value", "source"}, {"rd_intensity", "2024", "2.45", "x"}})
	if _, err := s.ImportActuals(ctx, rows, indicators.ImportOptions{Actor: indicators.As("ed"), Plan: "demo", Now: now.Add(1234 * time.Microsecond)}); err != nil {
		t.Fatal(err)
	}
	var n, bad int
	if err := s.read.QueryRow(`SELECT COUNT(*), COALESCE(SUM(o.recorded_by != m.actor OR o.recorded_at != m.at), 0)
		FROM observations o JOIN imports m ON m.id = o.import_id`).Scan(&n, &bad); err != nil || n == 0 || bad != 0 {
		t.Fatalf("%d values of imports, %d with another stamp than their import's (%v)", n, bad, err)
	}
	d, err := s.Dataset(ctx, "demo", "rd_intensity")
	if err != nil {
		t.Fatal(err)
	}
	obs := d.Observations["rd_intensity"]
	if last := obs[len(obs)-1]; last.Actor != "ed" || !last.At.Equal(now.Add(1234*time.Microsecond)) || last.Value != 2.45 {
		t.Errorf("read back %+v", last)
	}
}

// Definitions are read once and reused until any of them changes, by
// whatever path: the store's own writes, or another process's SQL.
func TestDefinitionsAreReusedUntilTheyChange(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	name := func() string {
		t.Helper()
		d, err := s.Dataset(ctx, "demo", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, ind := range d.Indicators {
			if ind.Code == "rd_intensity" {
				return ind.NameEn
			}
		}
		t.Fatal("rd_intensity missing")
		return ""
	}
	before := name()
	v := s.defs.version
	// values come and go: the definitions stay cached
	rows := indicators.Rows([][]string{{"indicator", "year", "value", "source"}, {"rd_intensity", "2024", "2.45", "x"}})
	if _, err := s.ImportActuals(ctx, rows, indicators.ImportOptions{Actor: indicators.LocalActor("cli"), Plan: "demo", Now: now}); err != nil {
		t.Fatal(err)
	}
	if name() != before || s.defs.version != v {
		t.Fatalf("a value write changed the definitions' version: %d → %d", v, s.defs.version)
	}
	// another process renames the indicator behind the store's back
	if _, err := s.db.Exec(`UPDATE indicators SET name_en = 'Renamed elsewhere' WHERE code = 'rd_intensity'`); err != nil {
		t.Fatal(err)
	}
	if got := name(); got != "Renamed elsewhere" {
		t.Fatalf("a renamed indicator read as %q", got)
	}
	// every definitions table has its three triggers (a migration that
	// rebuilds a table must make them again)
	for _, table := range []string{"plans", "sections", "indicators", "interim_targets", "departments"} {
		for _, op := range []string{"insert", "update", "delete"} {
			var n int
			s.read.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?`, fmt.Sprintf("%s_defs_%s", table, op)).Scan(&n)
			if n != 1 {
				t.Errorf("no trigger %s_defs_%s", table, op)
			}
		}
	}
}
