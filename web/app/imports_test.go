package app

import (
	"context"
	"fmt"
	"io"
	"os"
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
		Units: []string{"sample-sci"}}, "long enough password", time.Now()); err != nil {
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

// Uploads cannot fill the disk: a user has a few waiting at most; a
// discarded upload leaves no file; a process that died leaves nothing for
// long (its directory goes when the next one starts); closing removes
// this process's files.
func TestUploadsAreBounded(t *testing.T) {
	root := t.TempDir()
	// what a killed server left: its directory, and a loose file of an older version
	dead := filepath.Join(root, "run-999999999")
	os.MkdirAll(dead, 0o700)
	os.WriteFile(filepath.Join(dead, "upload-1"), []byte("x"), 0o600)
	loose := filepath.Join(root, "upload-old")
	os.WriteFile(loose, []byte("x"), 0o600)
	old := time.Now().Add(-2 * uploadTTL)
	os.Chtimes(loose, old, old)

	a := newApp(t, 1)
	a.uploads.root = root
	a.uploads.dir = filepath.Join(root, fmt.Sprintf("run-%d", os.Getpid()))
	a.uploads.sweep()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("a dead process's uploads stay")
	}
	if _, err := os.Stat(loose); !os.IsNotExist(err) {
		t.Error("an old loose upload stays")
	}
	file := "indicator,year,value,source\nrd_intensity,2024,2.5,s\n"
	var tokens []string
	for i := range MaxUploadsPerUser {
		tok, err := a.Receive("ed.sci", "demo", indicators.ImportActuals, fmt.Sprintf("f%d.csv", i), strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		wait(t, a, tok)
		tokens = append(tokens, tok)
	}
	if _, err := a.Receive("ed.sci", "demo", indicators.ImportActuals, "one-more.csv", strings.NewReader(file)); indicators.KindOf(err) != indicators.ErrTooMany {
		t.Fatalf("upload past the quota: %v", err)
	}
	files := func() int {
		entries, _ := os.ReadDir(a.uploads.dir)
		return len(entries)
	}
	if n := files(); n != MaxUploadsPerUser {
		t.Fatalf("%d files for %d uploads", n, MaxUploadsPerUser)
	}
	a.Discard(tokens[0], "demo", "ed.sci")
	if n := files(); n != MaxUploadsPerUser-1 {
		t.Errorf("a discarded upload left its file: %d files", n)
	}
	if _, err := a.Receive("ed.sci", "demo", indicators.ImportActuals, "now.csv", strings.NewReader(file)); err != nil {
		t.Errorf("room again after a discard: %v", err)
	}
	// bytes too: one upload larger than the quota is refused and leaves nothing
	a.Discard(tokens[1], "demo", "ed.sci")
	big := io.LimitReader(zeros{}, MaxUploadBytes+1)
	if _, err := a.Receive("ed.sci", "demo", indicators.ImportActuals, "big.csv", big); indicators.KindOf(err) != indicators.ErrTooMany {
		t.Errorf("an upload past the byte quota: %v", err)
	}
	if n := files(); n != 2 {
		t.Errorf("%d files after the refused upload, want 2", n)
	}
	a.uploads.close()
	if _, err := os.Stat(a.uploads.dir); !os.IsNotExist(err) {
		t.Error("closing left this process's uploads")
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
