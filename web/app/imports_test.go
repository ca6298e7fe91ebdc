package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/store"
)

func newApp(t *testing.T, jobs int) *App {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetPasswordCost(bcrypt.MinCost)
	if _, err := st.SaveDataset(ctx, indicators.LocalActor("seed"), seed.Demo(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(ctx, indicators.LocalActor("cli"), indicators.User{Name: "ed.sci", Role: indicators.Editor,
		Departments: []string{"sample-sci"}}, "long enough password", time.Now()); err != nil {
		t.Fatal(err)
	}
	a, err := New(Config{Store: st, UploadDir: t.TempDir(), ImportJobs: jobs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); st.Close() })
	return a
}

// wait returns the upload once its job has ended.
func wait(t *testing.T, a *App, token string) Upload {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if up, _ := a.Upload(token, "demo", "ed.sci"); up.Finished() {
			return up
		}
	}
	t.Fatal("the job never ended")
	return Upload{}
}

// Jobs run a few at a time: one more waits for a slot, and a job
// cancelled while it waits never runs.
func TestJobsQueueAndCancel(t *testing.T) {
	a := newApp(t, 1)
	a.uploads.jobs <- struct{}{} // the only slot is taken
	file := "indicator,year,value,source\nrd_intensity,2024,2.42,快报\n"
	token, err := a.Receive("ed.sci", "demo", indicators.ImportActuals, "a.csv", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if up, _ := a.Upload(token, "demo", "ed.sci"); up.State != JobQueued {
		t.Fatalf("with no free slot the job is %s", up.State)
	}
	if err := a.Cancel(token, "demo", "ed.sci"); err != nil {
		t.Fatal(err)
	}
	if up := wait(t, a, token); up.State != JobCancelled || up.Result.Rows != 0 {
		t.Fatalf("cancelled while waiting: %+v", up)
	}
	<-a.uploads.jobs // the slot is free again: a new upload is checked, then committed
	token, _ = a.Receive("ed.sci", "demo", indicators.ImportActuals, "b.csv", strings.NewReader(file))
	if up := wait(t, a, token); up.State != JobDone || !up.DryRun || up.Result.New != 1 {
		t.Fatalf("dry run: %+v", up)
	}
	if err := a.Commit(token, "demo", "ed.sci"); err != nil {
		t.Fatal(err)
	}
	if up := wait(t, a, token); up.State != JobDone || up.DryRun || up.Result.ID == 0 {
		t.Fatalf("commit: %+v", up)
	}
	if err := a.Commit(token, "demo", "ed.sci"); indicators.KindOf(err) != indicators.ErrConflict {
		t.Errorf("committed twice: %v", err)
	}
	// someone else's upload is not there for them
	if _, ok := a.Upload(token, "demo", "someone"); ok {
		t.Error("another user sees the upload")
	}
}
