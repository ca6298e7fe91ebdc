// Command plantrack serves the plan-tracking dashboard and runs its
// maintenance commands.
//
//	plantrack [serve] [-addr 127.0.0.1:8080] [-db ./plantrack.db]
//	plantrack seed [-db ./plantrack.db]
//	plantrack import -db DB -plan CODE [-dry-run] FILE
//	plantrack plan import -db DB -code CODE [-name NAME] [-base-year Y] [-target-year Y] [-jurisdiction J] FILE
//	plantrack export -db DB -plan CODE [-template|-definitions] -o FILE.csv|FILE.xlsx
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/store"
	"plantrack/web"
	"plantrack/web/i18n"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status (0 ok,
// 1 failure, 2 usage error).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "seed":
		return seedCmd(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, os.Stdin, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args, stdout, stderr)
	case "report":
		return reportCmd(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "plan":
		return planCmd(ctx, args, stdout, stderr)
	case "projects":
		return projectsCmd(ctx, args, stdout, stderr)
	case "export":
		return exportCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "plantrack: unknown command %q\n", cmd)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  plantrack [serve] [-addr 127.0.0.1:8080] [-db ./plantrack.db] [-public-read=true]
                                        start the web server (seeds a new database)
  plantrack seed [-db ./plantrack.db]   re-apply the seeded plans (idempotent)
  plantrack user add -db DB -name NAME [-display-name NAME] -role admin|editor|reviewer|viewer [-department D[,D...]]
                                        add an account; the password is read from stdin
  plantrack user unlock -db DB -name NAME
                                        end an account's sign-in delays (forget its failed sign-ins)
  plantrack backup -db DB -o FILE       copy the live database consistently (safe while serving)
  plantrack report -db DB -plan CODE -year YEAR -kind annual|midterm|final -o FILE.pdf|FILE.html [-lang en]
  plantrack report -db DB -id REPORT-ID -o FILE.pdf|FILE.html
                                        write a report (a draft, or an issued one as issued)
  plantrack import -db DB -plan CODE [-dry-run] [-lang zh|en] FILE.csv|FILE.xlsx
                                        import yearly actuals (exit 1 and FILE:ROW: lines on errors)
  plantrack plan import -db DB -code CODE [-name NAME -base-year 2020 -target-year 2025] [-jurisdiction J] [-dry-run] FILE
                                        create or update a plan's indicators from its indicator table
  plantrack projects import -db DB -plan CODE [-dry-run] FILE
                                        create or update a plan's key projects and tasks from a projects file
  plantrack export -db DB -plan CODE [-template|-definitions|-projects] -o FILE.csv|FILE.xlsx
                                        export current values (or an empty entry template, the indicator
                                        table, the key projects)
`)
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// seedMissing saves every seeded plan the database does not have yet, so a
// first start gives a working dashboard and later starts never overwrite
// what users changed.
func seedMissing(ctx context.Context, st *store.Store, log *slog.Logger) error {
	have := map[string]bool{}
	plans, err := st.Plans(ctx)
	if err != nil {
		return err
	}
	for _, p := range plans {
		have[p.Code] = true
	}
	if err := seedUnits(ctx, st, false); err != nil {
		return err
	}
	ds, err := seed.Datasets()
	if err != nil {
		return err
	}
	for _, d := range ds {
		// a district's share comes with its city plan, never later: an
		// existing city plan keeps its definitions as its users left them
		if have[d.Plan.Code] || (d.Plan.Unit != "" && have[d.Plan.ParentCode]) {
			continue
		}
		stats, err := saveSeed(ctx, st, d)
		if err != nil {
			return err
		}
		log.Info("seeded plan", "plan", d.Plan.Code, "indicators", stats.Indicators, "values", stats.NewRevisions)
	}
	return nil
}

// seedUnits saves the seed's organisational units: the missing ones, or
// every one when all is set (the seed command).
func seedUnits(ctx context.Context, st *store.Store, all bool) error {
	have := map[string]bool{}
	if !all {
		us, err := st.Departments(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			have[u.Code] = true
		}
	}
	for _, u := range seed.Units() {
		if have[u.Code] {
			continue
		}
		if err := st.SaveUnit(ctx, seedActor, u, time.Now()); err != nil {
			return fmt.Errorf("seed unit %s: %w", u.Code, err)
		}
	}
	return nil
}

// seedActor is who the seed's writes are recorded as.
var seedActor = indicators.LocalActor("seed")

// saveSeed saves a seeded plan and, for the demo plan, its sample narratives.
func saveSeed(ctx context.Context, st *store.Store, d indicators.Dataset) (store.SaveStats, error) {
	now := time.Now()
	stats, err := st.SaveDataset(ctx, seedActor, d, now)
	if err != nil {
		return stats, fmt.Errorf("seed %s: %w", d.Plan.Code, err)
	}
	if d.Plan.Code != seed.DemoCode {
		return stats, nil
	}
	have := map[int]map[string]indicators.Narrative{}
	for code, ns := range seed.DemoNarratives() {
		for _, n := range ns {
			if have[n.Year] == nil {
				if have[n.Year], err = st.Narratives(ctx, d.Plan.Code, n.Year); err != nil {
					return stats, err
				}
			}
			if old, ok := have[n.Year][code]; ok && old.Progress == n.Progress && old.Problems == n.Problems && old.Measures == n.Measures {
				continue // unchanged: seeding twice changes nothing
			}
			if err := st.SaveNarrative(ctx, seedActor, d.Plan.Code, code, n, now); err != nil {
				return stats, fmt.Errorf("seed %s narratives: %w", d.Plan.Code, err)
			}
		}
	}
	return stats, nil
}

func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	st, ok := createDB(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	if err := seedUnits(ctx, st, true); err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	ds, err := seed.Datasets()
	if err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	for _, d := range ds {
		stats, err := saveSeed(ctx, st, d)
		if err != nil {
			fmt.Fprintf(stderr, "plantrack: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %d indicators, %d new values, %d unchanged\n", d.Plan.Code, stats.Indicators, stats.NewRevisions, stats.UnchangedYears)
	}
	return 0
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	db := fs.String("db", "./plantrack.db", "SQLite database file (created and seeded when missing)")
	public := fs.Bool("public-read", true, "let anyone on the network read the dashboard and API (writes always need an account)")
	idle := fs.Duration("session-idle", indicators.DefaultSessionPolicy.Idle, "sign out after this long without a request")
	maxAge := fs.Duration("session-max", indicators.DefaultSessionPolicy.Absolute, "sign out this long after signing in, whatever the activity")
	proxies := fs.String("trusted-proxy", "", "reverse proxies to trust, comma-separated addresses or CIDR ranges: their X-Forwarded-For and X-Forwarded-Proto are believed (none by default)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		fmt.Fprintf(stderr, "plantrack: -trusted-proxy: %v\n", err)
		return 2
	}
	logs := newLogWriter(stderr)
	defer logs.Close()
	log := newLogger(logs)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	// listen first: a taken port should stop the start before anything is written
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("listen", "addr", *addr, "err", err)
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintf(stderr, "plantrack: %s is in use: another plantrack, or another program, listens there. Stop it, or choose another address, for example -addr 127.0.0.1:8081\n", *addr)
		}
		return 1
	}
	defer ln.Close()
	st, err := store.Open(ctx, *db)
	if err != nil {
		log.Error("open database", "db", *db, "err", err)
		return 1
	}
	defer st.Close()
	if err := seedMissing(ctx, st, log); err != nil {
		log.Error("seed", "err", err)
		return 1
	}
	if ok, err := st.HasAdmin(ctx); err == nil && !ok {
		log.Warn("no admin account yet: writes are impossible until one exists")
		fmt.Fprintf(stdout, "plantrack: no admin account yet. Create one with:\n  %s user add -db %s -name admin -role admin   (type the password, then Enter)\n", self(), *db)
	}
	go purgeSessions(ctx, st, indicators.SessionPolicy{Idle: *idle, Absolute: *maxAge}, log)
	a, err := newApp(st, log, filepath.Join(filepath.Dir(*db), "plantrack-uploads"))
	if err != nil {
		log.Error("app", "err", err)
		return 1
	}
	defer a.Close()
	// every plan is read for this: in the background, so that a large
	// database does not hold the start up
	go func() {
		if cs, err := a.Conflicts(ctx); err == nil {
			for _, c := range cs {
				log.Warn("an indicator's definition contradicts itself: fix it on the admin page", "plan", c.Plan.Code,
					"indicator", c.Indicator.Code, "problem", i18n.En.M(c.Err.Msg))
			}
		}
	}()
	const readTimeout = 30 * time.Second
	srv, err := web.New(web.Config{App: a, PublicRead: *public, Sessions: indicators.SessionPolicy{Idle: *idle, Absolute: *maxAge},
		ReadTimeout: readTimeout, TrustedProxies: trusted})
	if err != nil {
		log.Error("web", "err", err)
		return 1
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       readTimeout,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 16,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("plantrack listening", "url", "http://"+ln.Addr().String(), "db", *db)
	fmt.Fprintf(stdout, "plantrack: serving http://%s (database %s)\n", ln.Addr(), *db)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Error("serve", "err", err)
			return 1
		}
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			log.Error("shutdown", "err", err)
			return 1
		}
	}
	log.Info("stopped")
	return 0
}

// self is how the user started this program, to repeat in a hint: the
// binary's name, or "go run ./cmd/plantrack" under go run, whose binary
// is gone once it exits.
func self() string {
	if strings.Contains(os.Args[0], "go-build") {
		return "go run ./cmd/plantrack"
	}
	return "plantrack"
}

// parsePrefixes reads addresses and CIDR ranges, comma-separated.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR range", part)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
