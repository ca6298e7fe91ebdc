package app

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/web/sheet"
)

// actualsHeader is the layout of exports and templates, which is also what
// the importer reads: name and unit are there for people and ignored.
var actualsHeader = []any{"plan", "indicator", "name", "unit", "year", "value", "qualifier", "status", "source", "note", "break", "target", "band"}

// writeSheet writes a header and the rows that each gives, as format
// "csv" (UTF-8 with a BOM and CRLF, so that Excel on Chinese Windows opens
// it cleanly) or "xlsx", and returns the rows written.
func writeSheet(w io.Writer, format string, header []any, each func(row func(cells ...any) error) error) (int, error) {
	sw, err := sheet.NewWriter(w, format)
	if err != nil {
		return 0, err
	}
	if err := sw.Row(header...); err != nil {
		return 0, err
	}
	n := 0
	if err := each(func(cells ...any) error { n++; return sw.Row(cells...) }); err != nil {
		return n, err
	}
	return n, sw.Close()
}

// WriteObservations writes the current value of every indicator and year
// of a plan in the actuals layout. Importing the file back changes nothing.
// A yearly indicator's year targets go with the values of their years, and
// on rows of their own for years without a value yet.
func WriteObservations(w io.Writer, format string, d indicators.Dataset) (int, error) {
	return writeSheet(w, format, actualsHeader, func(row func(...any) error) error {
		for _, ind := range d.Indicators {
			targets := map[int]indicators.YearTarget{}
			for _, t := range indicators.CurrentTargets(d.YearTargets[ind.Code]) {
				targets[t.Year] = t
			}
			target := func(y int) (string, any) {
				t, ok := targets[y]
				if !ok {
					return "", ""
				}
				delete(targets, y)
				if t.Band > 0 {
					return t.Written(), t.Band
				}
				return t.Written(), ""
			}
			for _, o := range indicators.Current(d.Observations[ind.Code]) {
				text, band := target(o.Year)
				brk := ""
				if o.Break {
					brk = "1"
				}
				if err := row(d.Plan.Code, ind.Code, ind.NameZh, ind.Unit, o.Year, sheet.Number{Value: o.Value, Decimals: o.Decimals},
					string(o.Qualifier), string(o.Status), o.Source, o.Note, brk, text, band); err != nil {
					return err
				}
			}
			years := make([]int, 0, len(targets))
			for y := range targets {
				years = append(years, y)
			}
			slices.Sort(years)
			for _, y := range years {
				text, band := target(y)
				if err := row(d.Plan.Code, ind.Code, ind.NameZh, ind.Unit, y, "", "", "", "", "", "", text, band); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// WriteTemplate writes an entry template: a row per indicator and year
// from the year after the base year to the indicator's target year (year
// only, when not 0), with codes, names and units filled in and the value
// left to fill.
func WriteTemplate(w io.Writer, format string, d indicators.Dataset, year int) (int, error) {
	return writeSheet(w, format, actualsHeader, func(row func(...any) error) error {
		for _, ind := range d.Indicators {
			for y := d.Plan.BaseYear + 1; y <= ind.TargetYear(d.Plan); y++ {
				if year != 0 && y != year {
					continue
				}
				if err := row(d.Plan.Code, ind.Code, ind.NameZh, ind.Unit, y, "", "", "", "", "", "", "", ""); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// definitionsHeader is the layout of a plan-definitions file: every field
// of an indicator, so that a plan exported and imported into an empty
// database is the same plan.
var definitionsHeader = []any{"code", "name_zh", "name_en", "unit", "attribute", "direction", "kind", "comparator",
	"band", "observed_as", "reference", "method", "baseline_year", "baseline_value", "baseline_source", "target_year",
	"target_value", "target_text", "plan_text", "from_zero", "interim", "section", "department", "source", "note",
	"rollup", "weight_code", "weight"}

// WriteDefinitions writes a plan's indicators in the layout the plan
// import reads, so that a plan can be edited in a spreadsheet and imported
// back; importing it unchanged changes nothing. Sections are written as
// paths of numbers and titles and departments by name, which an import
// into another database creates as they are.
func WriteDefinitions(w io.Writer, format string, d indicators.Dataset, deps []indicators.Unit) (int, error) {
	secs := map[string]indicators.Section{}
	for _, s := range d.Sections {
		secs[s.Code] = s
	}
	depName := map[string]string{}
	for _, dep := range deps {
		depName[dep.Code] = dep.NameZh
	}
	return writeSheet(w, format, definitionsHeader, func(row func(...any) error) error {
		for _, ind := range d.Indicators {
			var base, target any = "", ""
			if ind.BaselineValue != nil {
				base = sheet.Number{Value: *ind.BaselineValue, Decimals: ind.BaselineDecimals}
			}
			t := ind.Target
			if !t.Pending && t.Kind != indicators.KindNone && t.Kind != indicators.KindRelative && t.Kind != indicators.KindYearly {
				target = t.Value
			}
			var band any = ""
			if t.Band != 0 {
				band = t.Band
			}
			fromZero := ""
			if t.FromZero {
				fromZero = "1"
			}
			var weight any = ""
			if ind.Weight != nil {
				weight = *ind.Weight
			}
			dept := depName[ind.Department]
			if dept == "" {
				dept = ind.Department
			}
			if err := row(ind.Code, ind.NameZh, ind.NameEn, ind.Unit, string(ind.Attribute), string(ind.Direction),
				string(t.Kind), string(t.Comparator), band, string(ind.ObservedAs), ind.Reference, string(ind.Method),
				ind.BaselineYear, base, ind.BaselineSource, ind.TargetYear(d.Plan), target, t.Text, ind.PlanText, fromZero,
				indicators.FormatInterim(ind.Interim), sectionPath(secs, ind.SectionCode), dept, ind.Source, ind.Note,
				string(ind.Rollup), ind.WeightCode, weight); err != nil {
				return err
			}
		}
		return nil
	})
}

// sectionPath writes a section as the path of numbers and titles that a
// definitions import reads: 第五篇 … / 第一章 ….
func sectionPath(secs map[string]indicators.Section, code string) string {
	var parts []string
	for code != "" {
		s, ok := secs[code]
		if !ok {
			break
		}
		parts = append([]string{strings.TrimSpace(s.Number + " " + s.TitleZh)}, parts...)
		code = s.ParentCode
	}
	return strings.Join(parts, " / ")
}

// Export is what a plan can be written out as.
type Export string

// Exports.
const (
	ExportValues      Export = "values"      // every current value (export.csv, export.xlsx)
	ExportTemplate    Export = "template"    // an empty entry template
	ExportDefinitions Export = "definitions" // the indicator table, which imports back
	ExportProjects    Export = "projects"    // the key projects and tasks, which import back
)

// WriteExport writes a plan as what asks, in format "csv" or "xlsx" (year:
// a template of that year only, 0 for all). It returns the rows written.
func (a *App) WriteExport(ctx context.Context, w io.Writer, plan string, what Export, format string, year int) (int, error) {
	d, err := a.store.Dataset(ctx, plan, "")
	if err != nil {
		return 0, err
	}
	switch what {
	case ExportTemplate:
		return WriteTemplate(w, format, d, year)
	case ExportDefinitions:
		deps, err := a.store.Departments(ctx)
		if err != nil {
			return 0, err
		}
		return WriteDefinitions(w, format, d, deps)
	case ExportProjects:
		prs, err := a.store.Projects(ctx, plan)
		if err != nil {
			return 0, err
		}
		return WriteProjects(w, format, d, prs)
	}
	return WriteObservations(w, format, d)
}

// projectsHeader is the layout of a projects file: every field of a
// project, so that the export imports back unchanged.
var projectsHeader = []any{"code", "name_zh", "name_en", "kind", "box", "unit", "stage", "start", "end", "investment", "years",
	"milestones", "indicators", "source", "note"}

// WriteProjects writes a plan's key projects and tasks in the layout the
// projects import reads (boxes and units by code, dates as 2024-06-30,
// years as 2023:10/6, milestones as name@planned=actual).
func WriteProjects(w io.Writer, format string, d indicators.Dataset, prs []indicators.Project) (int, error) {
	return writeSheet(w, format, projectsHeader, func(row func(...any) error) error {
		for _, pr := range prs {
			var inv any = ""
			if pr.Investment != nil {
				inv = *pr.Investment
			}
			date := func(t time.Time) string {
				if t.IsZero() {
					return ""
				}
				return t.Format(time.DateOnly)
			}
			if err := row(pr.Code, pr.NameZh, pr.NameEn, string(pr.Kind), pr.SectionCode, pr.Unit, string(pr.Stage), date(pr.Start),
				date(pr.End), inv, indicators.FormatProjectYears(pr.Years), indicators.FormatMilestones(pr.Milestones),
				strings.Join(pr.Indicators, "; "), pr.Source, pr.Note); err != nil {
				return err
			}
		}
		return nil
	})
}
