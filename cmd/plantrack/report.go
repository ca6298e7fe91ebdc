package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/i18n"
)

// reportCmd writes a report as HTML or PDF: a draft from the current data,
// or with -id an issued report exactly as it was issued. It calls the
// application core directly: no HTTP server is built to print a report.
func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "./plantrack.db", "SQLite database file")
	plan := fs.String("plan", "", "plan code (for a draft)")
	year := fs.Int("year", 0, "report year: data up to the end of it (for a draft)")
	kind := fs.String("kind", "annual", "annual, midterm or final (for a draft)")
	id := fs.String("id", "", "an issued report's ID, instead of a draft")
	lang := fs.String("lang", "zh", "zh or en")
	out := fs.String("o", "", "output file: .pdf or .html")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	asPDF := strings.HasSuffix(strings.ToLower(*out), ".pdf")
	if *out == "" || (!asPDF && !strings.HasSuffix(strings.ToLower(*out), ".html")) || (*id == "" && (*plan == "" || *year == 0)) {
		fmt.Fprintln(stderr, "usage: plantrack report -db DB -plan CODE -year YEAR -kind annual|midterm|final -o FILE.pdf|FILE.html\n       plantrack report -db DB -id REPORT-ID -o FILE.pdf|FILE.html")
		return 2
	}
	return withApp(ctx, *db, stderr, func(a *app.App) int {
		l := i18n.Parse(*lang)
		var body []byte
		var err error
		if *id != "" {
			body, _, err = a.IssuedReport(ctx, l, *id, asPDF)
		} else {
			body, _, err = a.DraftReport(ctx, l, *plan, indicators.ReportKind(*kind), *year, asPDF)
		}
		if err != nil {
			printErr(stderr, err)
			return 1
		}
		if err := os.WriteFile(*out, body, 0o644); err != nil {
			fmt.Fprintf(stderr, "plantrack: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %d bytes\n", *out, len(body))
		return 0
	})
}
