package store

import (
	"context"
	"testing"

	"plantrack/indicators"
)

func TestNarrativesAndReports(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	ed := addUser(t, s, "ed.env", indicators.Editor, "sample-env")
	n := indicators.Narrative{Year: 2024, Progress: "推进", Problems: "资金不足", Measures: "加大投入"}
	if err := s.SaveNarrative(ctx, ed, "demo", "forest_cover", n, now); err != nil {
		t.Fatal(err)
	}
	n.Problems = "资金不足,已协调"
	if err := s.SaveNarrative(ctx, ed, "demo", "forest_cover", n, now); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveNarrative(ctx, ed, "demo", "forest_cover", indicators.Narrative{Year: 2030}, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Fatalf("year outside the plan: %v", err)
	}
	got, err := s.Narratives(ctx, "demo", 2024)
	if err != nil || got["forest_cover"].Problems != "资金不足,已协调" || got["forest_cover"].Actor != "ed.env" || len(got) != 1 {
		t.Fatalf("%+v %v", got, err)
	}
	if log, _ := s.Audit(ctx, indicators.AuditFilter{}, 1); log[0].Entity != "narrative" || log[0].Before == "" {
		t.Fatalf("audit %+v", log[0])
	}

	d, _, ns, err := s.ReportData(ctx, "demo", 2024)
	if err != nil || len(ns) != 1 || len(d.Departments) != 3 {
		t.Fatalf("report data: %d narratives, %d departments, %v", len(ns), len(d.Departments), err)
	}
	snap := indicators.ReportSnapshot{Kind: indicators.AnnualReport, Year: 2024, MethodVersion: indicators.MethodVersion, Dataset: d, Narratives: ns}
	if _, err := s.IssueReport(ctx, ed, snap, now, nil); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("an editor issued a report: %v", err)
	}
	var seen indicators.ReportSnapshot
	id, err := s.IssueReport(ctx, cli, snap, now, func(snap indicators.ReportSnapshot) ([]byte, []byte, error) {
		seen = snap
		return []byte("<p>" + snap.ID + "</p>"), []byte("<p>en</p>"), nil
	})
	if err != nil || id != "demo-2024-annual-1" || seen.ID != id || seen.Actor != "cli" || !seen.IssuedAt.Equal(now) {
		t.Fatalf("issue: %q %+v %v", id, seen.ID, err)
	}
	id2, _ := s.IssueReport(ctx, cli, snap, now, func(indicators.ReportSnapshot) ([]byte, []byte, error) { return []byte("x"), []byte("y"), nil })
	if id2 != "demo-2024-annual-2" {
		t.Fatalf("second id %q", id2)
	}
	back, zh, en, err := s.Report(ctx, id)
	if err != nil || string(zh) != "<p>demo-2024-annual-1</p>" || string(en) != "<p>en</p>" || back.ID != id ||
		len(back.Dataset.Indicators) != 20 || back.Narratives["forest_cover"].Problems == "" {
		t.Fatalf("report back: %v", err)
	}
	list, _ := s.Reports(ctx, "demo")
	if len(list) != 2 || list[0].ID != id2 {
		t.Fatalf("list %+v", list)
	}
	for _, q := range []string{`UPDATE reports SET html_zh = 'x'`, `DELETE FROM reports`} {
		if _, err := s.db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
	if _, _, _, err := s.Report(ctx, "nope"); indicators.KindOf(err) != indicators.ErrNotFound {
		t.Fatalf("missing report: %v", err)
	}
}
