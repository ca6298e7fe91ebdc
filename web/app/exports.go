package app

import (
	"context"
	"io"

	"plantrack/indicators"
	"plantrack/web/sheet"
)

// actualsHeader is the layout of exports and templates, which is also what
// the importer reads: name and unit are there for people and ignored.
var actualsHeader = []any{"plan", "indicator", "name", "unit", "year", "value", "qualifier", "status", "source", "note"}

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
func WriteObservations(w io.Writer, format string, d indicators.Dataset) (int, error) {
	return writeSheet(w, format, actualsHeader, func(row func(...any) error) error {
		for _, ind := range d.Indicators {
			for _, o := range indicators.Current(d.Observations[ind.Code]) {
				if err := row(d.Plan.Code, ind.Code, ind.NameZh, ind.Unit, o.Year, o.Value,
					string(o.Qualifier), string(o.Status), o.Source, o.Note); err != nil {
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
				if err := row(d.Plan.Code, ind.Code, ind.NameZh, ind.Unit, y, "", "", "", "", ""); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// definitionsHeader is the layout of a plan-definitions file.
var definitionsHeader = []any{"code", "name_zh", "name_en", "unit", "attribute", "direction", "kind", "comparator",
	"band", "baseline_year", "baseline_value", "target_year", "target_value", "section", "department", "source"}

// WriteDefinitions writes a plan's indicators in the layout the plan
// import reads, so that a plan can be edited in a spreadsheet and imported
// back; importing it unchanged changes nothing.
func WriteDefinitions(w io.Writer, format string, d indicators.Dataset) (int, error) {
	return writeSheet(w, format, definitionsHeader, func(row func(...any) error) error {
		for _, ind := range d.Indicators {
			var base any = ""
			if ind.BaselineValue != nil {
				base = *ind.BaselineValue
			}
			t := ind.Target
			if err := row(ind.Code, ind.NameZh, ind.NameEn, ind.Unit, string(ind.Attribute), string(ind.Direction),
				string(t.Kind), string(t.Comparator), t.Band, ind.BaselineYear, base, ind.TargetYear(d.Plan), t.Value,
				ind.SectionCode, ind.Department, ind.BaselineSource); err != nil {
				return err
			}
		}
		return nil
	})
}

// Export is what a plan can be written out as.
type Export string

// Exports.
const (
	ExportValues      Export = "values"      // every current value (export.csv, export.xlsx)
	ExportTemplate    Export = "template"    // an empty entry template
	ExportDefinitions Export = "definitions" // the indicator table, which imports back
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
		return WriteDefinitions(w, format, d)
	}
	return WriteObservations(w, format, d)
}
