package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/pdf"
)

// userCmd is "plantrack user add": it reads the password from the first line of stdin.
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "unlock" {
		return unlockCmd(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: plantrack user add -db DB -name NAME [-display-name NAME] -role admin|editor|viewer [-department D[,D...]]  (password on stdin)")
		return 2
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	name := fs.String("name", "", "user name")
	display := fs.String("display-name", "", "the name histories show: a person's or an office's")
	role := fs.String("role", "", "admin, editor or viewer")
	dept := fs.String("department", "", "department codes, comma-separated (editors need one)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *name == "" || *role == "" {
		fmt.Fprintln(stderr, "plantrack user add: -name and -role are required")
		return 2
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		fmt.Fprintf(stderr, "plantrack: reading the password: %v\n", err)
		return 1
	}
	password := strings.TrimRight(line, "\r\n")
	var deps []string
	for _, d := range strings.Split(*dept, ",") {
		if d = strings.TrimSpace(d); d != "" {
			deps = append(deps, d)
		}
	}
	st, ok := openDB(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	u := indicators.User{Name: *name, DisplayName: strings.TrimSpace(*display), Role: indicators.Role(*role), Units: deps}
	if err := st.CreateUser(ctx, indicators.LocalActor(cliActor()), u, password, time.Now()); err != nil {
		printErr(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "user %s (%s) created\n", u.Name, u.Role)
	return 0
}

// unlockCmd is "plantrack user unlock": it forgets an account's failed
// sign-ins, so that its delays end at once.
func unlockCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("user unlock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	name := fs.String("name", "", "user name")
	if err := fs.Parse(args); err != nil || *name == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: plantrack user unlock -db DB -name NAME")
		return 2
	}
	st, ok := openDB(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	n, err := st.Unlock(ctx, indicators.LocalActor(cliActor()), *name, time.Now())
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "user %s: %d failed sign-ins forgotten; the account signs in without delay\n", *name, n)
	return 0
}

// printErr writes an error in the user's first language and in English, one
// line each; internal details as they are.
func printErr(w io.Writer, err error) {
	var es indicators.Errors
	var e *indicators.Error
	switch {
	case errors.As(err, &es):
		for _, x := range es {
			fmt.Fprintf(w, "plantrack: %s (%s)\n", i18n.Zh.M(x.Msg), i18n.En.M(x.Msg))
		}
	case errors.As(err, &e) && e.Kind != indicators.ErrInternal:
		fmt.Fprintf(w, "plantrack: %s (%s)\n", i18n.Zh.M(e.Msg), i18n.En.M(e.Msg))
	default:
		fmt.Fprintf(w, "plantrack: %v\n", err)
	}
}

func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	out := fs.String("o", "", "backup file to write (must not exist)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "plantrack backup: -o FILE is required")
		return 2
	}
	st, ok := openDB(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	start := time.Now()
	if err := st.Backup(ctx, *out); err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "backup of %s written to %s in %s\n", *db, *out, time.Since(start).Round(time.Millisecond))
	return 0
}

// purgeSessions deletes ended sessions and old sign-in attempts every hour.
func purgeSessions(ctx context.Context, st *store.Store, p indicators.SessionPolicy, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := st.PurgeExpired(ctx, p, time.Now()); err != nil && ctx.Err() == nil {
			log.Error("purge sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// printer is the headless Chromium that prints reports, nil (and a warning)
// when none is installed: HTML reports still work then.
func printer(log *slog.Logger) *pdf.Printer {
	path, err := pdf.Find()
	if err != nil {
		log.Warn("PDF reports are off", "reason", err)
		return nil
	}
	return pdf.New(path, pdf.Options{})
}

// newApp builds the application core over st, for a command or the server.
func newApp(st *store.Store, log *slog.Logger, uploadDir string) (*app.App, error) {
	return app.New(app.Config{Store: st, Printer: printer(log), Log: log, UploadDir: uploadDir})
}

// withApp runs a command's work on the application core over the database
// at db, and returns the command's exit status: 1 when the database cannot
// be opened.
func withApp(ctx context.Context, db string, stderr io.Writer, work func(a *app.App) int) int {
	st, ok := openDB(ctx, db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	a, err := newApp(st, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), "")
	if err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	defer a.Close()
	return work(a)
}

// openDB opens the existing database for a command, saying why on stderr
// when it cannot: a command given a wrong path must not work on a new,
// empty database (a backup of nothing, an import into nothing).
func openDB(ctx context.Context, path string, stderr io.Writer) (*store.Store, bool) {
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintf(stderr, "plantrack: database %s: %v (plantrack serve or plantrack seed creates one)\n", path, errors.Unwrap(err))
		return nil, false
	}
	return createDB(ctx, path, stderr)
}

// createDB opens the database for serve and seed, creating it when new.
func createDB(ctx context.Context, path string, stderr io.Writer) (*store.Store, bool) {
	st, err := store.Open(ctx, path)
	if err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return nil, false
	}
	return st, true
}
