package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"plantrack/indicators"
)

// csvText makes a text cell safe to open in a spreadsheet: a cell that
// starts with = + - @ (or a tab or carriage return) would be read as a
// formula, so it gets a leading apostrophe, which spreadsheets show as text.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// observationsCSV writes the current value of every indicator and year of
// a plan in the actuals format (plan, indicator, year, value, qualifier,
// status, source, note): UTF-8 with a byte-order mark and CRLF line ends,
// so that Excel on Chinese Windows opens it without mojibake.
func observationsCSV(d indicators.Dataset) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write([]string{"plan", "indicator", "year", "value", "qualifier", "status", "source", "note"}); err != nil {
		return nil, err
	}
	for _, ind := range d.Indicators {
		for _, o := range indicators.Current(d.Observations[ind.Code]) {
			// numbers are written as numbers: a negative value is no formula
			rec := []string{d.Plan.Code, ind.Code, strconv.Itoa(o.Year), strconv.FormatFloat(o.Value, 'f', -1, 64),
				string(o.Qualifier), string(o.Status), csvText(o.Source), csvText(o.Note)}
			if err := w.Write(rec); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func (s *Server) handleExportCSV(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	body, err := observationsCSV(d)
	if err != nil {
		s.pageError(w, r, indicators.Internal(err))
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+d.Plan.Code+`-observations.csv"`)
	w.Header().Set("Cache-Control", "no-cache")
	s.write(w, r, http.StatusOK, "text/csv; charset=utf-8", body)
}
