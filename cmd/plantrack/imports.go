package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"plantrack/indicators"

	"plantrack/web"
	"plantrack/web/sheet"
)

// importMemoryLimit is a soft limit for the Go heap during an import: the
// import streams, and without it the collector would let garbage grow to
// twice the live heap (the lookup tables of a million-row file).
const importMemoryLimit = 150 << 20

// openImport opens a file for importing: its rows and its SHA-256.
func openImport(path string) (sheet.Source, string, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", nil, err
	}
	h := sha256.New()
	size, err := io.Copy(h, f)
	if err != nil {
		f.Close()
		return nil, "", nil, err
	}
	src, err := sheet.Open(path, f, size)
	if err != nil {
		f.Close()
		return nil, "", nil, err
	}
	return src, hex.EncodeToString(h.Sum(nil)), func() { src.Close(); f.Close() }, nil
}

// cliActor names the command line's user in revisions and the audit log.
func cliActor() string {
	name := "cli"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name += ":" + u.Username
	}
	return name
}

// report prints an import's issues as FILE:ROW: message lines on stderr and
// its summary on stdout. It returns the exit status: 1 when the file has
// errors.
func reportImport(res indicators.ImportResult, file string, zh, dry bool, stdout, stderr io.Writer) int {
	for _, is := range res.Issues {
		fmt.Fprintf(stderr, "%s:%d: %s\n", file, is.Row, is.Message(zh))
	}
	if more := res.Errors + res.Warnings - len(res.Issues); more > 0 {
		fmt.Fprintf(stderr, "%s: %d more not listed\n", file, more)
	}
	what := "values"
	if res.Kind == indicators.ImportPlan {
		what = "indicators"
	}
	fmt.Fprintf(stdout, "%s: %d rows: %d new %s, %d changed, %d unchanged, %d without a value; %d errors, %d warnings\n",
		file, res.Rows, res.New, what, res.Changed, res.Unchanged, res.Empty, res.Errors, res.Warnings)
	switch {
	case !res.OK():
		fmt.Fprintf(stdout, "%s: nothing imported: correct the errors and try again\n", file)
		return 1
	case dry:
		fmt.Fprintf(stdout, "%s: dry run: nothing written\n", file)
	case res.ID == 0:
		fmt.Fprintf(stdout, "%s: nothing to change\n", file)
	default:
		fmt.Fprintf(stdout, "%s: imported as import #%d (sha256 %s)\n", file, res.ID, res.SHA256)
	}
	return 0
}

// importCmd imports yearly actuals: plantrack import -db DB -plan CODE [-dry-run] FILE.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	plan := fs.String("plan", "", "plan of rows without a plan column")
	dry := fs.Bool("dry-run", false, "check the file and show what would change, writing nothing")
	lang := fs.String("lang", "zh", "language of messages: zh or en")
	progress := fs.Int("progress", 0, "report progress on stderr every N rows (0: never)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the import to this file (for go tool pprof)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: plantrack import -db DB -plan CODE [-dry-run] [-lang zh|en] [-progress N] FILE.csv|FILE.xlsx")
		return 2
	}
	debug.SetMemoryLimit(importMemoryLimit)
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "plantrack: %v\n", err)
			return 1
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	file := fs.Arg(0)
	src, sum, closeFile, err := openImport(file)
	if err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	defer closeFile()
	st, ok := openDB(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	opt := indicators.ImportOptions{Plan: *plan, File: filepath.Base(file), SHA256: sum, By: cliActor(), Now: time.Now(), DryRun: *dry}
	if *progress > 0 {
		opt.ProgressEvery = *progress
		opt.Progress = func(n int) { fmt.Fprintf(stderr, "%s: read %d rows\n", file, n) }
	}
	res, err := st.ImportActuals(ctx, src, opt)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	return reportImport(res, file, *lang != "en", *dry, stdout, stderr)
}

// planCmd runs plan subcommands: plantrack plan import ... FILE.
func planCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "usage: plantrack plan import -db DB -code CODE [-name NAME] [-base-year 2020] [-target-year 2025] [-dry-run] FILE")
		return 2
	}
	fs := flag.NewFlagSet("plan import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	code := fs.String("code", "", "plan code")
	name := fs.String("name", "", "plan name (Chinese); needed to create a plan")
	nameEn := fs.String("name-en", "", "plan name in English")
	base := fs.Int("base-year", 0, "base year; needed to create a plan")
	target := fs.Int("target-year", 0, "target year; needed to create a plan")
	dry := fs.Bool("dry-run", false, "check the file and show what would change, writing nothing")
	lang := fs.String("lang", "zh", "language of messages: zh or en")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 || *code == "" {
		fmt.Fprintln(stderr, "usage: plantrack plan import -db DB -code CODE [-name NAME] [-base-year 2020] [-target-year 2025] [-dry-run] FILE")
		return 2
	}
	file := fs.Arg(0)
	src, sum, closeFile, err := openImport(file)
	if err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	defer closeFile()
	st, ok := openDB(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	p := indicators.Plan{Code: *code, NameZh: *name, NameEn: *nameEn, BaseYear: *base, TargetYear: *target}
	res, err := st.ImportPlan(ctx, p, src, indicators.ImportOptions{File: filepath.Base(file), SHA256: sum, By: cliActor(),
		Now: time.Now(), DryRun: *dry})
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	return reportImport(res, file, *lang != "en", *dry, stdout, stderr)
}

// exportCmd writes a plan's current values: plantrack export -db DB -plan CODE -o FILE.csv|FILE.xlsx.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	plan := fs.String("plan", "", "plan code")
	out := fs.String("o", "", "output file: .csv or .xlsx")
	template := fs.Bool("template", false, "write an empty entry template of the plan's indicators and years instead")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || *plan == "" {
		fmt.Fprintln(stderr, "usage: plantrack export -db DB -plan CODE [-template] -o FILE.csv|FILE.xlsx")
		return 2
	}
	if format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."); format != "csv" && format != "xlsx" {
		fmt.Fprintln(stderr, "usage: plantrack export -db DB -plan CODE [-template] -o FILE.csv|FILE.xlsx")
		return 2
	}
	st, ok := openDB(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	d, err := st.Dataset(ctx, *plan, "")
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	write := web.WriteObservations
	if *template {
		write = web.WriteTemplate
	}
	n, err := write(f, strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."), d)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d rows\n", *out, n)
	return 0
}
