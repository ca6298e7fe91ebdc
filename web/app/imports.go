package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"plantrack/indicators"
	"plantrack/web/sheet"
)

// FileImport says which file to import and how.
type FileImport struct {
	Kind indicators.ImportKind
	// Plan is, for actuals, the plan of rows that name none (its code); for
	// definitions, the plan and the fields of it to set.
	Plan   indicators.Plan
	Path   string // the file on disk
	Name   string // the file's name as the user gave it
	SHA256 string // of its bytes, hex; computed when empty
	Actor  indicators.Actor
	DryRun bool
	// Progress, when set, is called with the rows read so far, every
	// ProgressEvery rows (50,000 when zero) and once at the end.
	Progress      func(rows int)
	ProgressEvery int
}

// ImportFile imports a CSV or XLSX file: the command line's import, and
// what an upload's job runs. A file that cannot be read is a result with
// an error at its row, like any other problem with the file.
func (a *App) ImportFile(ctx context.Context, fi FileImport) (indicators.ImportResult, error) {
	f, err := os.Open(fi.Path)
	if err != nil {
		return indicators.ImportResult{}, indicators.NotFound("err.upload.gone")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return indicators.ImportResult{}, err
	}
	if fi.SHA256 == "" {
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return indicators.ImportResult{}, err
		}
		fi.SHA256 = hex.EncodeToString(h.Sum(nil))
	}
	opt := indicators.ImportOptions{Plan: fi.Plan.Code, File: fi.Name, SHA256: fi.SHA256, Actor: fi.Actor, Now: a.now(),
		DryRun: fi.DryRun, Progress: fi.Progress, ProgressEvery: fi.ProgressEvery}
	src, err := sheet.Open(fi.Name, f, st.Size(), sheet.Options{TmpDir: a.tmpDir()})
	if err != nil {
		var fe *indicators.FileError
		if errors.As(err, &fe) {
			res := indicators.ImportResult{Kind: fi.Kind, File: fi.Name, SHA256: fi.SHA256}
			res.Add(fe.Issue())
			return res, nil
		}
		return indicators.ImportResult{}, err
	}
	defer src.Close()
	switch fi.Kind {
	case indicators.ImportPlan:
		return a.store.ImportPlan(ctx, fi.Plan, src, opt)
	case indicators.ImportProjects:
		return a.store.ImportProjects(ctx, fi.Plan.Code, src, opt)
	}
	return a.store.ImportActuals(ctx, src, opt)
}

// uploadTTL is how long an uploaded file waits for its commit.
const uploadTTL = time.Hour

// A user's uploads waiting for their commit, at most (README, "Limits"):
// one person's files cannot fill the disk.
const (
	MaxUploadsPerUser = 3
	MaxUploadBytes    = 512 << 20 // together
)

// JobState is where an upload's import job stands.
type JobState string

// Job states.
const (
	JobQueued    JobState = "queued"    // waiting for a free slot
	JobRunning   JobState = "running"   // reading the file
	JobDone      JobState = "done"      // finished: see its result
	JobFailed    JobState = "failed"    // could not be carried out
	JobCancelled JobState = "cancelled" // stopped by the user: nothing written
)

// Upload is an uploaded file between its upload and its commit, with the
// import job that checks it (a dry run) or writes it. The file waits on
// disk: a large upload is never held in memory.
type Upload struct {
	Token  string
	Plan   string
	User   string
	Kind   indicators.ImportKind
	Name   string
	SHA256 string
	Size   int64
	At     time.Time
	// The job: a dry run first, then the commit.
	DryRun bool
	State  JobState
	Rows   int // read so far
	Result indicators.ImportResult
	Err    error

	path   string
	cancel context.CancelFunc
}

// Finished reports whether the job has ended.
func (u Upload) Finished() bool {
	return u.State == JobDone || u.State == JobFailed || u.State == JobCancelled
}

// uploads are the files waiting for a commit, by random token, and the
// jobs that read them: at most a few at once, in the background, so that
// no request is held for the length of an import.
type uploads struct {
	app  *App
	root string // the upload directory, shared by every process on the database
	dir  string // this process's own part of it: run-PID
	mu   sync.Mutex
	m    map[string]*Upload
	jobs chan struct{} // a slot per running job
	wg   sync.WaitGroup
	stop chan struct{}
	once sync.Once
}

func newUploads(a *App, root string, jobs int) *uploads {
	if jobs == 0 {
		jobs = 2
	}
	u := &uploads{app: a, root: root, dir: filepath.Join(root, fmt.Sprintf("run-%d", os.Getpid())),
		m: map[string]*Upload{}, jobs: make(chan struct{}, jobs), stop: make(chan struct{})}
	u.sweep() // what a process that died left behind (a restart, a SIGKILL, an OOM)
	go u.tidy()
	return u
}

// sweep removes the upload directories of processes that are gone, and
// files a version before them left loose in the upload directory.
func (u *uploads) sweep() {
	entries, err := os.ReadDir(u.root)
	if err != nil {
		return
	}
	for _, e := range entries {
		path := filepath.Join(u.root, e.Name())
		if pid, ok := strings.CutPrefix(e.Name(), "run-"); ok && e.IsDir() {
			if n, err := strconv.Atoi(pid); err == nil && n != os.Getpid() && !alive(n) {
				os.RemoveAll(path)
			}
			continue
		}
		if info, err := e.Info(); err == nil && !e.IsDir() && time.Since(info.ModTime()) > uploadTTL {
			os.Remove(path)
		}
	}
}

// tidy expires uploads and sweeps on a timer, not only when someone uploads.
func (u *uploads) tidy() {
	t := time.NewTicker(uploadTTL / 6)
	defer t.Stop()
	for {
		select {
		case <-u.stop:
			return
		case <-t.C:
			u.mu.Lock()
			u.expire(u.app.now())
			u.mu.Unlock()
			u.sweep()
		}
	}
}

// close cancels the running jobs and waits for them (a cancelled commit
// rolls back, so nothing is left half-written), then removes the files.
func (u *uploads) close() {
	u.mu.Lock()
	for _, up := range u.m {
		if up.cancel != nil {
			up.cancel()
		}
	}
	u.mu.Unlock()
	u.wg.Wait()
	u.once.Do(func() { close(u.stop) })
	os.RemoveAll(u.dir)
}

// tmpDir is where a spreadsheet may unpack its large parts: this process's
// upload directory, swept like the uploads.
func (a *App) tmpDir() string {
	os.MkdirAll(a.uploads.dir, 0o700)
	return a.uploads.dir
}

// quota is what user may still upload, in bytes; an error when the user
// has as many uploads waiting as one may. u.mu is held.
func (u *uploads) quota(user string) (int64, error) {
	n, size := 0, int64(0)
	for _, up := range u.m {
		if up.User == user && !(up.Finished() && !up.DryRun) {
			n++
			size += up.Size
		}
	}
	if n >= MaxUploadsPerUser || size >= MaxUploadBytes {
		return 0, indicators.TooMany("err.upload.quota", MaxUploadsPerUser, MaxUploadBytes>>20)
	}
	return MaxUploadBytes - size, nil
}

// Receive saves an uploaded file of kind for plan, hashing it as it is
// written, and starts its dry run. It returns the upload's token.
func (a *App) Receive(user, plan string, kind indicators.ImportKind, name string, r io.Reader) (string, error) {
	if kind != indicators.ImportActuals && kind != indicators.ImportPlan && kind != indicators.ImportProjects {
		return "", indicators.Invalid("kind", "err.upload.kind")
	}
	a.uploads.mu.Lock()
	a.uploads.expire(a.now())
	room, err := a.uploads.quota(user)
	a.uploads.mu.Unlock()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(a.uploads.dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(a.uploads.dir, "upload-*")
	if err != nil {
		return "", err
	}
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, room+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && size > room {
		err = indicators.TooMany("err.upload.quota", MaxUploadsPerUser, MaxUploadBytes>>20)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	b := make([]byte, 16)
	rand.Read(b)
	up := &Upload{Token: hex.EncodeToString(b), Plan: plan, User: user, Kind: kind, Name: filepath.Base(name),
		SHA256: hex.EncodeToString(h.Sum(nil)), Size: size, At: a.now(), path: f.Name()}
	a.uploads.mu.Lock()
	a.uploads.expire(a.now())
	a.uploads.m[up.Token] = up
	a.uploads.mu.Unlock()
	a.uploads.start(up, true)
	return up.Token, nil
}

// expire removes uploads past their time; u.mu is held.
func (u *uploads) expire(now time.Time) {
	for t, up := range u.m {
		if now.Sub(up.At) > uploadTTL && (up.Finished() || up.State == "") {
			os.Remove(up.path)
			delete(u.m, t)
		}
	}
}

// get returns the upload of token, if user made it for plan.
func (u *uploads) get(token, plan, user string) *Upload {
	up := u.m[token]
	if up == nil || up.Plan != plan || up.User != user || u.app.now().Sub(up.At) > uploadTTL {
		return nil
	}
	return up
}

// start runs the upload's job, a dry run or the commit, in the background.
func (u *uploads) start(up *Upload, dry bool) {
	ctx, cancel := context.WithCancel(context.Background())
	u.mu.Lock()
	up.DryRun, up.State, up.Rows, up.Result, up.Err, up.cancel = dry, JobQueued, 0, indicators.ImportResult{}, nil, cancel
	u.mu.Unlock()
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		defer cancel()
		select {
		case u.jobs <- struct{}{}:
		case <-ctx.Done():
			u.finish(up, indicators.ImportResult{}, ctx.Err())
			return
		}
		defer func() { <-u.jobs }()
		u.mu.Lock()
		up.State = JobRunning
		u.mu.Unlock()
		fi := FileImport{Kind: up.Kind, Plan: indicators.Plan{Code: up.Plan}, Path: up.path, Name: up.Name, SHA256: up.SHA256,
			Actor: indicators.As(up.User), DryRun: dry, ProgressEvery: 10_000,
			Progress: func(rows int) { u.mu.Lock(); up.Rows = rows; u.mu.Unlock() }}
		res, err := u.app.ImportFile(ctx, fi)
		u.finish(up, res, err)
	}()
}

func (u *uploads) finish(up *Upload, res indicators.ImportResult, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	up.Result, up.Err, up.cancel = res, err, nil
	switch {
	case errors.Is(err, context.Canceled):
		up.State, up.Err = JobCancelled, nil
	case err != nil:
		up.State = JobFailed
		u.app.log.Error("import job", "file", up.Name, "err", err)
	default:
		up.State = JobDone
	}
	if !up.DryRun && up.State == JobDone && res.OK() {
		os.Remove(up.path) // committed: the file has done its work
	}
}

// Upload is the state of an upload and its job, if user made it for plan.
func (a *App) Upload(token, plan, user string) (Upload, bool) {
	a.uploads.mu.Lock()
	defer a.uploads.mu.Unlock()
	up := a.uploads.get(token, plan, user)
	if up == nil {
		return Upload{}, false
	}
	return *up, true
}

// Commit starts writing an upload whose dry run found no errors.
func (a *App) Commit(token, plan, user string) error {
	a.uploads.mu.Lock()
	up := a.uploads.get(token, plan, user)
	ok := up != nil && up.DryRun && up.State == JobDone && up.Result.OK()
	a.uploads.mu.Unlock()
	if up == nil {
		return indicators.NotFound("err.upload.expired")
	}
	if !ok {
		return indicators.Conflict("err.upload.notReady")
	}
	a.uploads.start(up, false)
	return nil
}

// Discard forgets an upload and removes its file, stopping its job.
func (a *App) Discard(token, plan, user string) {
	a.uploads.mu.Lock()
	defer a.uploads.mu.Unlock()
	up := a.uploads.get(token, plan, user)
	if up == nil {
		return
	}
	if up.cancel != nil {
		up.cancel()
	}
	delete(a.uploads.m, token)
	os.Remove(up.path)
}

// Cancel stops an upload's running job; a commit stopped midway writes nothing.
func (a *App) Cancel(token, plan, user string) error {
	a.uploads.mu.Lock()
	defer a.uploads.mu.Unlock()
	up := a.uploads.get(token, plan, user)
	if up == nil {
		return indicators.NotFound("err.upload.expired")
	}
	if up.cancel != nil {
		up.cancel()
	}
	return nil
}
