package web

import (
	"net/http"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// entryForm is the form for a year's value of ind, filled from values.
func entryForm(l i18n.Lang, p indicators.Plan, ind indicators.Indicator, v map[string]string) views.Form {
	var years []views.Option
	for y := ind.BaselineYear; y <= ind.TargetYear(p); y++ {
		years = append(years, views.Option{Value: strconv.Itoa(y), Label: l.F("year.suffix", y)})
	}
	opts := func(prefix string, values ...string) []views.Option {
		out := make([]views.Option, len(values))
		for i, x := range values {
			out[i] = views.Option{Value: x, Label: l.T(prefix + x)}
		}
		return out
	}
	if v["year"] == "" {
		v["year"] = strconv.Itoa(ind.TargetYear(p))
	}
	if v["qualifier"] == "" {
		v["qualifier"] = string(indicators.Exact)
	}
	if v["status"] == "" {
		v["status"] = string(indicators.Preliminary)
	}
	return views.Form{ID: "entry-form", Action: indicatorHref(p.Code, ind.Code) + "/observations", Submit: l.T("entry.submit"),
		Fields: []views.Field{
			{Name: "year", Label: l.T("col.year"), Type: "select", Options: years, Value: v["year"], Required: true},
			{Name: "value", Label: l.T("col.value") + " (" + ind.Unit + ")", Type: "number", Value: v["value"], Required: true, Help: l.T("entry.value.help")},
			{Name: "qualifier", Label: l.T("col.qualifier"), Type: "select", Value: v["qualifier"],
				Options: opts("qual.", "exact", "lower_bound", "upper_bound", "estimate")},
			{Name: "status", Label: l.T("col.obsstatus"), Type: "select", Value: v["status"], Options: opts("obsstatus.", "preliminary", "final")},
			{Name: "source", Label: l.T("col.source"), Type: "text", Value: v["source"], Required: true, Help: l.T("entry.source.help")},
			{Name: "note", Label: l.T("col.note"), Type: "textarea", Value: v["note"]},
		}}
}

// parseNumber reads a plain number as people type it (1,800, full-width
// digits), with the same parser as imports.
func parseNumber(s string) (float64, bool) {
	pv, err := indicators.ParseValue(s, "")
	return pv.Value, err == nil && !pv.Empty && pv.Qualifier == indicators.Exact
}

func (s *Server) handleAddObservation(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	plan, code := r.PathValue("plan"), r.PathValue("code")
	d, err := s.store.Dataset(r.Context(), plan, code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ind := d.Indicators[0]
	if !u.CanEdit(ind) {
		s.pageError(w, r, &indicators.Error{Kind: indicators.KindUnauthorized,
			Zh: "您只能填报本部门负责的指标", En: "You can only enter values for your own department's indicators"})
		return
	}
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, indicators.Invalid("form", "表单无法读取(可能过大)", "the form could not be read (too large?)"))
		return
	}
	l := lang(r)
	v := map[string]string{}
	for _, k := range []string{"year", "value", "qualifier", "status", "source", "note"} {
		v[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var es indicators.Errors
	year, yerr := strconv.Atoi(v["year"])
	if yerr != nil {
		es = append(es, indicators.Invalid("year", "请选择年份", "choose a year"))
	}
	// The value may carry its own qualifier (约1800, 超过1150) and unit (1.8万亿).
	pv, perr := indicators.ParseValue(v["value"], ind.Unit)
	switch {
	case perr != nil:
		es = append(es, perr)
	case pv.Empty:
		es = append(es, indicators.Invalid("value", "请填写数值", "enter a value"))
	case pv.Qualifier != indicators.Exact && (v["qualifier"] == "" || v["qualifier"] == string(indicators.Exact)):
		v["qualifier"] = string(pv.Qualifier)
	}
	value := pv.Value
	if v["source"] == "" {
		es = append(es, indicators.Invalid("source", "请注明数据来源", "give the source of the figure"))
	}
	o := indicators.Observation{Year: year, Value: value, Qualifier: indicators.Qualifier(v["qualifier"]),
		Status: indicators.ObsStatus(v["status"]), Source: v["source"], Note: v["note"], RecordedBy: u.Name, RecordedAt: s.now()}
	if len(es) == 0 {
		es = o.Validate(d.Plan, ind)
	}
	if len(es) == 0 {
		_, err = s.writer.AddObservation(r.Context(), plan, code, o)
	} else {
		err = es
	}
	if err != nil {
		asOf := s.now().Year()
		vm := s.indicatorPage(r, d, asOf)
		form := entryForm(l, d.Plan, ind, v)
		if !formError(&form, err, l) {
			s.pageError(w, r, err)
			return
		}
		vm.Entry = &form
		s.render(w, r, http.StatusUnprocessableEntity, views.IndicatorView(vm))
		return
	}
	http.Redirect(w, r, indicatorHref(plan, code)+"?saved="+strconv.Itoa(year)+"#obs-h", http.StatusSeeOther)
}
