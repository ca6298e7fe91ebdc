package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"plantrack/indicators"
	"plantrack/web/sheet"
)

// actualsHeader is the layout of exports and templates, which is also what
// the importer reads: name and unit are there for people and ignored.
var actualsHeader = []any{"plan", "indicator", "name", "unit", "year", "value", "qualifier", "status", "source", "note"}

// WriteObservations writes the current value of every indicator and year
// of a plan in the actuals layout, as format "csv" (UTF-8 with a BOM and
// CRLF, so that Excel on Chinese Windows opens it cleanly) or "xlsx".
// Importing the file back changes nothing. It returns the rows written.
func WriteObservations(w io.Writer, format string, d indicators.Dataset) (int, error) {
	sw, err := sheet.NewWriter(w, format)
	if err != nil {
		return 0, err
	}
	if err := sw.Row(actualsHeader...); err != nil {
		return 0, err
	}
	n := 0
	for _, ind := range d.Indicators {
		for _, o := range indicators.Current(d.Observations[ind.Code]) {
			if err := sw.Row(d.Plan.Code, ind.Code, ind.NameZh, ind.Unit, o.Year, o.Value,
				string(o.Qualifier), string(o.Status), o.Source, o.Note); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, sw.Close()
}

// WriteTemplate writes an entry template: a row per indicator and year
// from the year after the base year to the indicator's target year, with
// codes, names and units filled in and the value left to fill.
func WriteTemplate(w io.Writer, format string, d indicators.Dataset) (int, error) {
	return writeTemplate(w, format, d, 0)
}

// writeTemplate is WriteTemplate for one year only (year 0: every year).
func writeTemplate(w io.Writer, format string, d indicators.Dataset, year int) (int, error) {
	sw, err := sheet.NewWriter(w, format)
	if err != nil {
		return 0, err
	}
	if err := sw.Row(actualsHeader...); err != nil {
		return 0, err
	}
	n := 0
	for _, ind := range d.Indicators {
		for y := d.Plan.BaseYear + 1; y <= ind.TargetYear(d.Plan); y++ {
			if year != 0 && y != year {
				continue
			}
			if err := sw.Row(d.Plan.Code, ind.Code, ind.NameZh, ind.Unit, y, "", "", "", "", ""); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, sw.Close()
}

var contentTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// handleExport serves /plans/{plan}/export.{csv,xlsx} and
// /plans/{plan}/template.{csv,xlsx} (?year= for one year's template).
func (s *Server) handleExport(template bool, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := s.store.Dataset(r.Context(), r.PathValue("plan"), "")
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		var buf bytes.Buffer
		name := d.Plan.Code + "-observations." + format
		if template {
			year, _ := strconv.Atoi(r.URL.Query().Get("year"))
			_, err = writeTemplate(&buf, format, d, year)
			name = d.Plan.Code + "-template." + format
			if year != 0 {
				name = d.Plan.Code + "-" + strconv.Itoa(year) + "-template." + format
			}
		} else {
			_, err = WriteObservations(&buf, format, d)
		}
		if err != nil {
			s.pageError(w, r, indicators.Internal(err))
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-cache")
		s.write(w, r, http.StatusOK, contentTypes[format], buf.Bytes())
	}
}

// definitionsHeader is the layout of a plan-definitions file.
var definitionsHeader = []any{"code", "name_zh", "name_en", "unit", "attribute", "direction", "kind", "comparator",
	"band", "baseline_year", "baseline_value", "target_year", "target_value", "section", "department", "source"}

// WriteDefinitions writes a plan's indicators in the layout the plan
// import reads, so that a plan can be edited in a spreadsheet and imported
// back; importing it unchanged changes nothing.
func WriteDefinitions(w io.Writer, format string, d indicators.Dataset) (int, error) {
	sw, err := sheet.NewWriter(w, format)
	if err != nil {
		return 0, err
	}
	if err := sw.Row(definitionsHeader...); err != nil {
		return 0, err
	}
	for _, ind := range d.Indicators {
		var base any = ""
		if ind.BaselineValue != nil {
			base = *ind.BaselineValue
		}
		t := ind.Target
		if err := sw.Row(ind.Code, ind.NameZh, ind.NameEn, ind.Unit, string(ind.Attribute), string(ind.Direction),
			string(t.Kind), string(t.Comparator), t.Band, ind.BaselineYear, base, ind.TargetYear(d.Plan), t.Value,
			ind.SectionCode, ind.Department, ind.BaselineSource); err != nil {
			return 0, err
		}
	}
	return len(d.Indicators), sw.Close()
}

func (s *Server) handleDefinitions(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := s.store.Dataset(r.Context(), r.PathValue("plan"), "")
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		var buf bytes.Buffer
		if _, err := WriteDefinitions(&buf, format, d); err != nil {
			s.pageError(w, r, indicators.Internal(err))
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+d.Plan.Code+`-indicators.`+format+`"`)
		w.Header().Set("Cache-Control", "no-cache")
		s.write(w, r, http.StatusOK, contentTypes[format], buf.Bytes())
	}
}
