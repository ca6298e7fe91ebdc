package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"plantrack/indicators"
	"plantrack/seed"
)

func open(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plantrack.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetPasswordCost(bcrypt.MinCost)
	return s, path
}

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// addUser creates an account and returns it as an actor.
func addUser(t testing.TB, s *Store, name string, role indicators.Role, deps ...string) indicators.Actor {
	t.Helper()
	if err := s.CreateUser(context.Background(), indicators.LocalActor("cli"), indicators.User{Name: name, Role: role, Units: deps},
		"long enough password", now); err != nil {
		t.Fatal(err)
	}
	return indicators.As(name)
}

// put imports one value, as the value form does: a one-row import.
func put(ctx context.Context, s *Store, actor indicators.Actor, plan, code string, o indicators.Observation) (indicators.ImportResult, error) {
	rows := indicators.Rows([][]string{{"plan", "indicator", "year", "value", "qualifier", "status", "source", "note"},
		{plan, code, fmt.Sprint(o.Year), indicators.FormatValue(o.Value), string(o.Qualifier), string(o.Status), o.Source, o.Note}})
	return s.ImportActuals(ctx, rows, indicators.ImportOptions{File: "form", Actor: actor, Now: o.At})
}

func TestSaveDatasetRoundTripAndIdempotence(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	ds, err := seed.Datasets()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		st, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), d, now)
		if err != nil {
			t.Fatalf("%s: %v", d.Plan.Code, err)
		}
		if !st.PlanCreated || st.NewRevisions == 0 {
			t.Fatalf("%s: first save %+v", d.Plan.Code, st)
		}
		st, err = s.SaveDataset(ctx, indicators.LocalActor("seed"), d, now.Add(time.Hour))
		if err != nil || st.PlanCreated || st.NewRevisions != 0 {
			t.Fatalf("%s: second save changed data: %+v %v", d.Plan.Code, st, err)
		}
	}
	// reopen: migrations run once, data persists
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := s.Plans(ctx)
	// the city plan, its districts' sample shares, the demo plan
	if err != nil || len(plans) != len(ds) || plans[0].Code != "chengdu-14-st" || !plans[1].Sample || plans[1].Unit == "" ||
		plans[len(plans)-1].Code != "demo" {
		t.Fatalf("plans %+v %v", plans, err)
	}
	got, err := s.Dataset(ctx, "chengdu-14-st", "")
	if err != nil {
		t.Fatal(err)
	}
	want := ds[0]
	if len(got.Sections) != len(want.Sections) || len(got.Indicators) != len(want.Indicators) {
		t.Fatalf("sections %d/%d indicators %d/%d", len(got.Sections), len(want.Sections), len(got.Indicators), len(want.Indicators))
	}
	for i, ind := range got.Indicators {
		w := want.Indicators[i]
		if ind.Code != w.Code || ind.Target != w.Target || ind.SectionCode != w.SectionCode || ind.PlanText != w.PlanText ||
			(ind.BaselineValue == nil) != (w.BaselineValue == nil) {
			t.Errorf("indicator %d: got %+v want %+v", i, ind, w)
		}
		if len(got.Observations[ind.Code]) != len(want.Observations[ind.Code]) {
			t.Errorf("%s: %d observations, want %d", ind.Code, len(got.Observations[ind.Code]), len(want.Observations[ind.Code]))
		}
	}
	if o := got.Observations["tech_trading_value"][0]; o.Qualifier != indicators.LowerBound || o.Year != 2019 || o.Actor != "seed" || !o.At.Equal(now) {
		t.Errorf("tech_trading_value 2019 %+v", o)
	}
	if o := got.Observations["gdp_growth"][3]; o.Year != 2023 || o.Decimals != 1 || o.Written() != "6.0" {
		t.Errorf("6.0 as published: %+v", o)
	}
	if got.Sections[1].ParentCode != "p2" {
		t.Errorf("section parent lost: %+v", got.Sections[1])
	}
}

func TestRevisionsAreKept(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	cli := indicators.LocalActor("cli")
	o := indicators.Observation{Year: 2024, Value: 2.41, Qualifier: indicators.Estimate, Status: indicators.Preliminary, Source: "快报", At: now}
	res, err := put(ctx, s, cli, "demo", "rd_intensity", o)
	if err != nil || res.New != 1 || res.Changes[0].New.Revision != 1 {
		t.Fatalf("first value: %+v %v", res, err)
	}
	if res, _ := put(ctx, s, cli, "demo", "rd_intensity", o); res.Unchanged != 1 || res.ID != 0 {
		t.Fatalf("unchanged value: %+v", res)
	}
	o.Value, o.Status, o.Qualifier = 2.43, indicators.Final, indicators.Exact
	if res, err := put(ctx, s, cli, "demo", "rd_intensity", o); err != nil || res.Changed != 1 || res.Changes[0].New.Revision != 2 {
		t.Fatalf("revision: %+v %v", res, err)
	}
	d, err := s.Dataset(ctx, "demo", "rd_intensity")
	if err != nil {
		t.Fatal(err)
	}
	if it := d.Indicators[0].Interim; len(it) != 2 || it[0] != (indicators.InterimTarget{Year: 2022, Value: 2.2}) {
		t.Fatalf("interim targets %+v", it)
	}
	var y2024 []indicators.Observation
	for _, o := range d.Observations["rd_intensity"] {
		if o.Year == 2024 {
			y2024 = append(y2024, o)
		}
	}
	if len(y2024) != 2 || y2024[0].Value != 2.41 || y2024[1].Value != 2.43 {
		t.Fatalf("2024 history %+v", y2024)
	}
	cur := indicators.Current(d.Observations["rd_intensity"])
	if last := cur[len(cur)-1]; last.Value != 2.43 || last.Revision != 2 {
		t.Fatalf("current %+v", last)
	}
	// The table refuses updates and deletes: history cannot be rewritten
	// behind the store's back.
	for _, q := range []string{`UPDATE observations SET value = 0`, `DELETE FROM observations WHERE year = 2024`} {
		if _, err := s.db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: history changed", q)
		}
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.Dataset(ctx, "nope", ""); indicators.KindOf(err) != indicators.ErrNotFound {
		t.Fatalf("unknown plan: %v", err)
	}
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dataset(ctx, "demo", "nope"); indicators.KindOf(err) != indicators.ErrNotFound {
		t.Fatalf("unknown indicator: %v", err)
	}
	res, err := put(ctx, s, indicators.LocalActor("cli"), "demo", "rd_intensity", indicators.Observation{Year: 1800, Value: 1, Qualifier: "exact", Status: "final"})
	if err != nil || res.Errors != 1 || res.Issues[0].Msg.Key != "err.obs.year" {
		t.Fatalf("year 1800: %+v %v", res, err)
	}
	// A dataset that fails part-way writes nothing: the parent indicator is unknown
	// only when the last indicator is saved.
	d := seed.Synthetic("bad", 5, 2)
	d.Indicators[4].ParentPlan, d.Indicators[4].ParentCode = "demo", "missing"
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("x"), d, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Fatalf("bad parent: %v", err)
	}
	if _, err := s.Dataset(ctx, "bad", ""); indicators.KindOf(err) != indicators.ErrNotFound {
		t.Fatalf("half-written plan left behind: %v", err)
	}
	// invalid dataset is refused before any write
	d = seed.Demo()
	d.Plan.Code = "Bad Code"
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("x"), d, now); indicators.KindOf(err) != indicators.ErrInvalid {
		t.Fatalf("invalid code: %v", err)
	}
}

func TestParentIndicator(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	d := seed.Synthetic("district", 2, 1)
	d.Plan.ParentCode = "demo"
	d.Indicators[0].ParentPlan, d.Indicators[0].ParentCode = "demo", "rd_intensity"
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("x"), d, now); err != nil {
		t.Fatal(err)
	}
	got, err := s.Dataset(ctx, "district", "")
	if err != nil || got.Plan.ParentCode != "demo" || got.Indicators[0].ParentCode != "rd_intensity" || got.Indicators[0].ParentPlan != "demo" {
		t.Fatalf("parent links lost: %+v %v", got.Plan, err)
	}
}

// Readers and a writer at once: no "database is locked" reaches anyone, and
// every written value is there afterwards.
func TestConcurrentReadsAndWrites(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	errs := make(chan error, 16)
	var readers sync.WaitGroup
	for range 8 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.Dataset(ctx, "demo", ""); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 100 {
		o := indicators.Observation{Year: 2025, Value: float64(i), Qualifier: indicators.Exact, Status: indicators.Final, Source: "s", At: now}
		if res, err := put(ctx, s, indicators.LocalActor("cli"), "demo", "rd_intensity", o); err != nil || res.ID == 0 {
			t.Fatalf("write %d: %+v %v", i, res, err)
		}
	}
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("read: %v", err)
	}
	d, err := s.Dataset(ctx, "demo", "rd_intensity")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range d.Observations["rd_intensity"] {
		if o.Year == 2025 {
			n++
		}
	}
	if n != 100 {
		t.Fatalf("%d revisions of 2025, want 100", n)
	}
	// the read pool cannot write
	if _, err := s.read.ExecContext(ctx, `DELETE FROM observations`); err == nil {
		t.Fatal("the read pool wrote")
	}
}

// A stored time that does not parse is an error of the read that meets it,
// never a silent zero time.
func TestCorruptTimeIsAnError(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO observations (indicator_id, year, revision, value, qualifier, status, recorded_at)
		SELECT id, 2025, 9, 1, 'exact', 'final', 'yesterday' FROM indicators WHERE code = 'rd_intensity'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dataset(ctx, "demo", ""); err == nil || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Fatalf("a corrupt time was read: %v", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, entity, key) VALUES ('then', 'x', 'y', 'z', '')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Audit(ctx, indicators.AuditFilter{}, 10); err == nil {
		t.Fatal("a corrupt audit time was read")
	}
}

// The database and its backups hold password hashes: only their owner may
// read them, new or old.
func TestFilesAreTheOwnersOnly(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), indicators.User{Name: "admin", Role: indicators.Admin}, "right password 1", now); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", backup} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s is %v", filepath.Base(p), perm)
		}
	}
	// an older database, made readable by others, is closed up on opening
	old := filepath.Join(t.TempDir(), "old.db")
	os.WriteFile(old, nil, 0o644)
	os.Chmod(old, 0o644)
	s2, err := Open(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if info, _ := os.Stat(old); info.Mode().Perm() != 0o600 {
		t.Errorf("an old database stays %v", info.Mode().Perm())
	}
}
