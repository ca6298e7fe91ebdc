package web

import (
	"net/http"
	"strconv"

	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

// entryForm is the form for a year's value of ind, filled from values.
func entryForm(l i18n.Lang, p indicators.Plan, ind indicators.Indicator, v map[string]string) views.Form {
	var years []views.Option
	for y := ind.BaselineYear; y <= ind.TargetYear(p); y++ {
		years = append(years, views.Option{Value: strconv.Itoa(y), Label: l.T("year.suffix", y)})
	}
	opts := func(first, prefix string, values ...string) []views.Option {
		out := []views.Option{{Value: "", Label: l.T(first)}}
		for _, x := range values {
			out = append(out, views.Option{Value: x, Label: l.T(prefix + x)})
		}
		return out
	}
	if v["year"] == "" {
		v["year"] = strconv.Itoa(ind.TargetYear(p))
	}
	f := views.Form{ID: "entry-form", Action: present.IndicatorHref(p.Code, ind.Code) + "/observations", Submit: l.T("entry.submit"),
		Fields: []views.Field{
			{Name: "year", Label: l.T("col.year"), Type: "select", Options: years, Value: v["year"], Required: true},
			{Name: "value", Label: l.T("col.value") + " (" + l.UnitLabel(ind.Unit) + ")", Type: "number", Value: v["value"], Required: true, Help: l.T("entry.value.help")},
			{Name: "qualifier", Label: l.T("col.qualifier"), Type: "select", Value: v["qualifier"],
				Options: opts("entry.qualifier.asWritten", "qual.", "exact", "lower_bound", "upper_bound", "estimate")},
			{Name: "status", Label: l.T("col.obsstatus"), Type: "select", Value: v["status"],
				Options: opts("entry.status.keep", "obsstatus.", "preliminary", "final")},
			{Name: "source", Label: l.T("col.source"), Type: "text", Value: v["source"], Help: l.T("entry.source.help")},
			{Name: "note", Label: l.T("col.note"), Type: "textarea", Value: v["note"]},
			{Name: "break", Label: l.T("entry.break"), Type: "checkbox", Value: v["break"], Help: l.T("entry.break.help")},
		}}
	if ind.Target.Kind == indicators.KindYearly {
		// a yearly indicator's target comes with the year's data (docs/method.md §10)
		f.Fields = append(f.Fields[:2:2], append([]views.Field{
			{Name: "target", Label: l.T("entry.target"), Type: "text", Value: v["target"], Help: l.T("entry.target.help")},
			{Name: "band", Label: l.T("ind.band"), Type: "number", Value: v["band"], Help: l.T("entry.band.help")},
		}, f.Fields[2:]...)...)
		f.Fields[1].Required = false
	}
	if v["confirm"] != "" {
		f.Fields = append(f.Fields, views.Field{Name: "confirm", Type: "hidden", Value: "1"})
		f.Submit = l.T("entry.confirm")
	}
	return f
}

// showIssues puts an import's issues on a form, each next to the field of
// its column: the form's field names are the import's column names.
func showIssues(f *views.Form, l i18n.Lang, issues []indicators.Issue) {
	for _, is := range issues {
		if is.Warning {
			f.Warn(is.Column, l.M(is.Msg))
		} else {
			f.Place(is.Column, l.M(is.Msg))
		}
	}
}

// handleAddObservation enters one value from the indicator page: a one-row
// import, with the engine's checks and warnings like any file.
func (s *Server) handleAddObservation(w http.ResponseWriter, r *http.Request) {
	plan, code := r.PathValue("plan"), r.PathValue("code")
	v, err := posted(r, "year", "value", "qualifier", "status", "source", "note", "confirm", "target", "band", "break")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	l := lang(r)
	e := app.Entry{Indicator: code, Year: v["year"], Value: v["value"], Qualifier: v["qualifier"], Status: v["status"],
		Source: v["source"], Note: v["note"], Target: v["target"], Band: v["band"], Break: v["break"]}
	res, err := s.app.Enter(r.Context(), actor(r), plan, l.T("entry.file"), []app.Entry{e}, v["confirm"] != "")
	var busy error // the form comes back as typed, to send again
	if indicators.KindOf(err) == indicators.ErrUnavailable {
		busy = err
	}
	switch {
	case err != nil && busy == nil:
		s.pageError(w, r, err)
		return
	case busy != nil:
	case res.Refusal() != nil:
		s.pageError(w, r, res.Refusal())
		return
	case res.Saved() && res.Result.Submitted > 0:
		// written, but counting only once a reviewer approves it
		http.Redirect(w, r, present.IndicatorHref(plan, code)+"?submitted="+v["year"]+"#pending-h", http.StatusSeeOther)
		return
	case res.Saved():
		http.Redirect(w, r, present.IndicatorHref(plan, code)+"?saved="+v["year"]+"#obs-h", http.StatusSeeOther)
		return
	}
	d, err := s.app.Dataset(r.Context(), plan, code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := s.indicatorPage(r, d, min(s.app.Now().Year(), d.Plan.TargetYear))
	if res.Confirm {
		v["confirm"] = "1"
	} else {
		delete(v, "confirm")
	}
	form := entryForm(l, d.Plan, d.Indicators[0], v)
	status := http.StatusUnprocessableEntity
	if busy != nil {
		status, form.Error = http.StatusServiceUnavailable, userMessage(busy, l)
		retryLater(w)
	} else {
		showIssues(&form, l, res.General)
		showIssues(&form, l, res.ByEntry[0])
	}
	if form.Error == "" && !res.Confirm {
		form.Error = l.T("form.fix")
	}
	vm.Entry = &form
	s.render(w, r, status, views.IndicatorView(vm))
}
