package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/i18n"
)

// importMemoryLimit is a soft limit for the Go heap during an import: the
// import streams, and without it the collector would let garbage grow to
// twice the live heap (the lookup tables of a million-row file).
const importMemoryLimit = 150 << 20

// cliActor names the command line's user in revisions and the audit log.
func cliActor() string {
	name := "cli"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name += ":" + u.Username
	}
	return name
}

// reportImport prints an import's issues as FILE:ROW: message lines on
// stderr and its summary on stdout. It returns the exit status: 1 when the
// file has errors.
func reportImport(res indicators.ImportResult, file string, l i18n.Lang, dry bool, stdout, stderr io.Writer) int {
	for _, is := range res.Issues {
		fmt.Fprintf(stderr, "%s:%d: %s\n", file, is.Row, l.M(is.Text()))
	}
	if more := res.Errors + res.Warnings - len(res.Issues); more > 0 {
		fmt.Fprintf(stderr, "%s: %d more not listed\n", file, more)
	}
	what := "values"
	switch res.Kind {
	case indicators.ImportPlan:
		what = "indicators"
	case indicators.ImportProjects:
		what = "projects"
	}
	targets := ""
	if res.TargetN > 0 {
		targets = fmt.Sprintf(", %d year targets", res.TargetN)
	}
	fmt.Fprintf(stdout, "%s: %d rows: %d new %s, %d changed, %d unchanged, %d without a value%s; %d errors, %d warnings\n",
		file, res.Rows, res.New, what, res.Changed, res.Unchanged, res.Empty, targets, res.Errors, res.Warnings)
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

// runImport opens the database and imports fi through the application core.
func runImport(ctx context.Context, db string, fi app.FileImport, l i18n.Lang, stdout, stderr io.Writer) int {
	if _, err := os.Stat(fi.Path); err != nil {
		fmt.Fprintf(stderr, "plantrack: %v\n", err)
		return 1
	}
	fi.Name, fi.Actor = filepath.Base(fi.Path), indicators.LocalActor(cliActor())
	return withApp(ctx, db, stderr, func(a *app.App) int {
		res, err := a.ImportFile(ctx, fi)
		if err != nil {
			printErr(stderr, err)
			return 1
		}
		return reportImport(res, fi.Path, l, fi.DryRun, stdout, stderr)
	})
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
	fi := app.FileImport{Kind: indicators.ImportActuals, Plan: indicators.Plan{Code: *plan}, Path: file, DryRun: *dry}
	if *progress > 0 {
		fi.ProgressEvery = *progress
		fi.Progress = func(n int) { fmt.Fprintf(stderr, "%s: read %d rows\n", file, n) }
	}
	return runImport(ctx, *db, fi, i18n.Parse(*lang), stdout, stderr)
}

// planCmd runs plan subcommands: plantrack plan import ... FILE.
func planCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "usage: plantrack plan import -db DB -code CODE [-name NAME] [-name-en NAME] [-jurisdiction J] [-organisation O] [-base-year 2020] [-target-year 2025] [-tolerance 0.05] [-parent CODE] [-source DOC] [-dry-run] FILE")
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
	jurisdiction := fs.String("jurisdiction", "", "the area the plan governs, as report covers print it")
	organisation := fs.String("organisation", "", "who compiles the plan's reports")
	tolerance := fs.Float64("tolerance", 0, "the tolerance of the progress maths (0.05 unless set)")
	parent := fs.String("parent", "", "the code of the plan this one decomposes (a city plan, for a district's)")
	source := fs.String("source", "", "the document the plan is taken from")
	dry := fs.Bool("dry-run", false, "check the file and show what would change, writing nothing")
	lang := fs.String("lang", "zh", "language of messages: zh or en")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 || *code == "" {
		fmt.Fprintln(stderr, "usage: plantrack plan import -db DB -code CODE [-name NAME] [-name-en NAME] [-jurisdiction J] [-organisation O] [-base-year 2020] [-target-year 2025] [-tolerance 0.05] [-parent CODE] [-source DOC] [-dry-run] FILE")
		return 2
	}
	// flags left out keep an existing plan's fields
	p := indicators.Plan{Code: *code, NameZh: *name, NameEn: *nameEn, BaseYear: *base, TargetYear: *target,
		Jurisdiction: *jurisdiction, Organisation: *organisation, Tolerance: *tolerance, ParentCode: *parent, SourceZh: *source}
	fi := app.FileImport{Kind: indicators.ImportPlan, Plan: p, Path: fs.Arg(0), DryRun: *dry}
	return runImport(ctx, *db, fi, i18n.Parse(*lang), stdout, stderr)
}

// projectsCmd imports a plan's key projects and tasks:
// plantrack projects import -db DB -plan CODE [-dry-run] FILE.
func projectsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const use = "usage: plantrack projects import -db DB -plan CODE [-dry-run] [-lang zh|en] FILE.csv|FILE.xlsx"
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, use)
		return 2
	}
	fs := flag.NewFlagSet("projects import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	plan := fs.String("plan", "", "plan code")
	dry := fs.Bool("dry-run", false, "check the file and show what would change, writing nothing")
	lang := fs.String("lang", "zh", "language of messages: zh or en")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 || *plan == "" {
		fmt.Fprintln(stderr, use)
		return 2
	}
	fi := app.FileImport{Kind: indicators.ImportProjects, Plan: indicators.Plan{Code: *plan}, Path: fs.Arg(0), DryRun: *dry}
	return runImport(ctx, *db, fi, i18n.Parse(*lang), stdout, stderr)
}

// boolInt counts a set flag.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// exportCmd writes a plan's current values: plantrack export -db DB -plan CODE -o FILE.csv|FILE.xlsx.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	plan := fs.String("plan", "", "plan code")
	out := fs.String("o", "", "output file: .csv or .xlsx")
	template := fs.Bool("template", false, "write an empty entry template of the plan's indicators and years instead")
	definitions := fs.Bool("definitions", false, "write the plan's indicator definitions instead, in the layout plan import reads")
	projects := fs.Bool("projects", false, "write the plan's key projects and tasks instead, in the layout projects import reads")
	usage := func() int {
		fmt.Fprintln(stderr, "usage: plantrack export -db DB -plan CODE [-template|-definitions|-projects] -o FILE.csv|FILE.xlsx")
		return 2
	}
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || *plan == "" || boolInt(*template)+boolInt(*definitions)+boolInt(*projects) > 1 {
		return usage()
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	if format != "csv" && format != "xlsx" {
		return usage()
	}
	what := app.ExportValues
	switch {
	case *template:
		what = app.ExportTemplate
	case *definitions:
		what = app.ExportDefinitions
	case *projects:
		what = app.ExportProjects
	}
	return withApp(ctx, *db, stderr, func(a *app.App) int {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(stderr, "plantrack: %v\n", err)
			return 1
		}
		n, err := a.WriteExport(ctx, f, *plan, what, format, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(*out)
			printErr(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %d rows\n", *out, n)
		return 0
	})
}
