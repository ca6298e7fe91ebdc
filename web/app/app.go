// Package app is plantrack's application core: every use case, shared by
// the HTTP server (package web) and the command line (cmd/plantrack).
// Entering values (the form, the grid and files alike go through the one
// import engine), imports and their background jobs, exports, reports from
// a snapshot read in one transaction, their rendering and printing, and
// the administration of plans and accounts. It speaks to the concrete
// store (package store), which checks inside each write's transaction what
// the actor may do; web adds HTTP and nothing else.
//
// It sits under web/ because the project's top level is fixed and what it
// makes (HTML reports, spreadsheets, PDFs) are web formats; it never
// imports package web.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web/memo"
	"plantrack/web/pdf"
	"plantrack/web/present"
	"plantrack/web/static"
)

// Config wires an App.
type Config struct {
	Store *store.Store
	// Printer makes PDFs; nil where no Chromium is installed, and then PDFs
	// are refused with ErrNoPrinter while the HTML reports still work.
	Printer *pdf.Printer
	// UploadDir keeps uploaded files between their preview and their
	// commit; "plantrack-uploads" beside the database when empty.
	UploadDir string
	// ImportJobs is how many imports run at once; the others wait. 2 when zero.
	ImportJobs int
	Log        *slog.Logger
	Now        func() time.Time // the clock; time.Now when nil
}

// App is the application core.
type App struct {
	store   *store.Store
	printer *pdf.Printer
	assets  *static.Assets
	log     *slog.Logger
	now     func() time.Time
	uploads *uploads
	prints  *printCache
	seen    *activity
	// districts keeps each plan's roll-up of its districts' figures for
	// a version of the data (Districts).
	districts *memo.Cache[districtsKey, *Districts]

	background sync.WaitGroup  // work started by a request that outlives it
	closing    context.Context // done when Close begins
	close      context.CancelFunc
}

// New builds the application core.
func New(cfg Config) (*App, error) {
	assets, err := static.New(map[string][]byte{"status.css": present.StatusCSS()})
	if err != nil {
		return nil, err
	}
	a := &App{store: cfg.Store, printer: cfg.Printer, assets: assets, log: cfg.Log, now: cfg.Now, prints: newPrintCache(),
		districts: newDistrictsCache()}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	dir := cfg.UploadDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("plantrack-uploads-%d", os.Getuid()))
	}
	a.uploads = newUploads(a, dir, max(cfg.ImportJobs, 0))
	a.seen = newActivity(a)
	a.closing, a.close = context.WithCancel(context.Background())
	return a, nil
}

// Close stops what the core runs: the import jobs, the printer and the
// writing of sessions' activity (what is pending is written first).
func (a *App) Close() {
	a.close()
	a.background.Wait()
	a.uploads.close()
	a.seen.close()
	if a.printer != nil {
		a.printer.Close()
	}
}

// Now is the application's clock.
func (a *App) Now() time.Time { return a.now() }

// Assets are the static files pages and reports load.
func (a *App) Assets() *static.Assets { return a.assets }

// Log is where the core logs.
func (a *App) Log() *slog.Logger { return a.log }

// ---- reads

// DataVersion is the version of the data: it changes with every committed
// write, from this process or another (store.DataVersion).
func (a *App) DataVersion(ctx context.Context) (int64, error) { return a.store.DataVersion(ctx) }

// Plans lists every plan.
func (a *App) Plans(ctx context.Context) ([]indicators.Plan, error) { return a.store.Plans(ctx) }

// Plan returns one plan's own fields.
func (a *App) Plan(ctx context.Context, code string) (indicators.Plan, error) {
	return a.store.Plan(ctx, code)
}

// Dataset loads a plan; with indicator set, only that indicator.
func (a *App) Dataset(ctx context.Context, plan, indicator string) (indicators.Dataset, error) {
	return a.store.Dataset(ctx, plan, indicator)
}

// Datasets loads every plan in one read.
func (a *App) Datasets(ctx context.Context) ([]indicators.Dataset, error) {
	return a.store.Datasets(ctx)
}

// Departments lists the departments.
func (a *App) Departments(ctx context.Context) ([]indicators.Unit, error) {
	return a.store.Departments(ctx)
}

// Users lists the accounts.
func (a *App) Users(ctx context.Context) ([]indicators.User, error) { return a.store.Users(ctx) }

// User returns one account.
func (a *App) User(ctx context.Context, name string) (indicators.User, error) {
	return a.store.User(ctx, name)
}

// Audit lists the audit log, newest first.
func (a *App) Audit(ctx context.Context, f indicators.AuditFilter, limit int) ([]indicators.AuditEntry, error) {
	return a.store.Audit(ctx, f, limit)
}

// Imports lists committed imports of a plan ("" for all), newest first.
func (a *App) Imports(ctx context.Context, plan string, limit int) ([]indicators.ImportRecord, error) {
	return a.store.Imports(ctx, plan, limit)
}

// Import loads one import and what it wrote.
func (a *App) Import(ctx context.Context, id int64, limit int) (indicators.ImportDetail, error) {
	return a.store.Import(ctx, id, limit)
}

// Narratives returns a plan's narratives for a year.
func (a *App) Narratives(ctx context.Context, plan string, year int) (map[string]indicators.Narrative, error) {
	return a.store.Narratives(ctx, plan, year)
}

// HasAdmin reports whether any enabled administrator exists.
func (a *App) HasAdmin(ctx context.Context) (bool, error) { return a.store.HasAdmin(ctx) }

// ---- accounts

// SignIn checks a name and password from address and opens a session.
func (a *App) SignIn(ctx context.Context, name, password, address string) (string, indicators.User, error) {
	return a.store.SignIn(ctx, name, password, address, a.now())
}

// Session returns the user of a session token and when it was last seen,
// counting activity noted but not yet written.
func (a *App) Session(ctx context.Context, token string, p indicators.SessionPolicy) (indicators.User, time.Time, error) {
	return a.store.Session(ctx, token, p, a.now(), a.seen.latest(token))
}

// Touch notes a session's activity now. It never waits for the database:
// the activity is written in the background (every two seconds, and when
// the core closes).
func (a *App) Touch(token string) { a.seen.note(token, a.now()) }

// SignOut ends a session.
func (a *App) SignOut(ctx context.Context, token string) error {
	return a.store.SignOut(ctx, token, a.now())
}

// ---- administration: each write checks the actor in its own transaction

// SavePlan creates or updates a plan's own fields.
func (a *App) SavePlan(ctx context.Context, actor indicators.Actor, p indicators.Plan, create bool) error {
	return a.store.SavePlan(ctx, actor, p, create, a.now())
}

// SaveSection creates or updates a section.
func (a *App) SaveSection(ctx context.Context, actor indicators.Actor, plan string, sec indicators.Section, create bool) error {
	return a.store.SaveSection(ctx, actor, plan, sec, create, a.now())
}

// DefinitionHistory lists the changes of an indicator's baseline and target.
func (a *App) DefinitionHistory(ctx context.Context, plan, indicator string) ([]indicators.DefinitionChange, error) {
	return a.store.DefinitionHistory(ctx, plan, indicator)
}

// SaveIndicator creates or updates an indicator.
func (a *App) SaveIndicator(ctx context.Context, actor indicators.Actor, plan string, ind indicators.Indicator, reason string, create bool) error {
	return a.store.SaveIndicator(ctx, actor, plan, ind, reason, create, a.now())
}

// SaveUnit creates or renames a department.
func (a *App) SaveUnit(ctx context.Context, actor indicators.Actor, d indicators.Unit) error {
	return a.store.SaveUnit(ctx, actor, d, a.now())
}

// CreateUser adds an account.
func (a *App) CreateUser(ctx context.Context, actor indicators.Actor, u indicators.User, password string) error {
	return a.store.CreateUser(ctx, actor, u, password, a.now())
}

// UpdateUser changes an account.
func (a *App) UpdateUser(ctx context.Context, actor indicators.Actor, u indicators.User, password string) error {
	return a.store.UpdateUser(ctx, actor, u, password, a.now())
}

// SaveNarrative writes an indicator's narrative for a year.
func (a *App) SaveNarrative(ctx context.Context, actor indicators.Actor, plan, indicator string, n indicators.Narrative) error {
	return a.store.SaveNarrative(ctx, actor, plan, indicator, n, a.now())
}

// Conflict is an indicator whose definition contradicts itself, with why.
type Conflict struct {
	Plan      indicators.Plan
	Indicator indicators.Indicator
	Err       *indicators.Error
}

// Conflicts lists the indicators of every plan whose comparator, kind and
// direction contradict each other (indicators.ComparatorConflict): a
// database made before the check would judge a worsening as achieved. The
// server logs them at start and the administration page lists them.
func (a *App) Conflicts(ctx context.Context) ([]Conflict, error) {
	all, err := a.store.Definitions(ctx)
	if err != nil {
		return nil, err
	}
	var out []Conflict
	for _, d := range all {
		for _, ind := range d.Indicators {
			if e := ind.ComparatorConflict(); e != nil {
				out = append(out, Conflict{Plan: d.Plan, Indicator: ind, Err: e})
			}
		}
	}
	return out, nil
}
