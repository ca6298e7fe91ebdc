package web

import (
	"net/http"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

func gridName(code string, year int) string { return "v." + code + "." + strconv.Itoa(year) }

// gridTargetName is the input of a yearly indicator's target of a year.
func gridTargetName(code string, year int) string { return "t." + code + "." + strconv.Itoa(year) }

// gridPage builds the grid: every indicator × every year of the plan, the
// current value in each cell; cells the user may not write are shown as text.
func (s *Server) gridPage(r *http.Request, d indicators.Dataset, form map[string]string, cellErr map[string]string) views.GridPage {
	l, u := lang(r), currentUser(r)
	p := d.Plan
	vm := views.GridPage{Page: s.page(r, l.T("grid.heading")+" · "+l.Pick(p.NameZh, p.NameEn), p.Sample),
		Heading: l.T("grid.heading") + " · " + l.Pick(p.NameZh, p.NameEn), Intro: l.T("grid.intro"),
		Action: present.PlanHref(p.Code) + "/entry", BackHref: present.PlanHref(p.Code), Back: l.Pick(p.NameZh, p.NameEn), Submit: l.T("grid.submit")}
	for y := p.BaseYear + 1; y <= p.TargetYear; y++ {
		vm.Years = append(vm.Years, y)
	}
	for _, ind := range d.Indicators {
		cur := map[int]indicators.Observation{}
		for _, o := range indicators.Current(d.Observations[ind.Code]) {
			cur[o.Year] = o
		}
		row := views.GridRow{Code: ind.Code, Name: l.Pick(ind.NameZh, ind.NameEn), Unit: l.UnitLabel(ind.Unit), Href: present.IndicatorHref(p.Code, ind.Code)}
		yearly := ind.Target.Kind == indicators.KindYearly
		targets := map[int]indicators.YearTarget{}
		if yearly {
			row.TargetLabel = l.T("chart.yearTarget")
			for _, t := range indicators.CurrentTargets(d.YearTargets[ind.Code]) {
				targets[t.Year] = t
			}
		}
		for _, y := range vm.Years {
			c := views.GridCell{Label: l.T("grid.cell", row.Name, y)}
			if o, ok := cur[y]; ok {
				c.Value, c.Original = o.Written(), o.Written()
			}
			if y <= ind.TargetYear(p) && u.CanEdit(ind) {
				c.Name = gridName(ind.Code, y)
				if v, ok := form[c.Name]; ok {
					c.Value = v
				}
				c.Error = cellErr[c.Name]
			}
			row.Cells = append(row.Cells, c)
			if yearly {
				tc := views.GridCell{Label: l.T("grid.targetCell", row.Name, y)}
				if t, ok := targets[y]; ok {
					tc.Value, tc.Original = t.Written(), t.Written()
				}
				if y <= ind.TargetYear(p) && u.CanEdit(ind) {
					tc.Name = gridTargetName(ind.Code, y)
					if v, ok := form[tc.Name]; ok {
						tc.Value = v
					}
					tc.Error = cellErr[tc.Name]
				}
				row.Targets = append(row.Targets, tc)
			}
		}
		vm.Rows = append(vm.Rows, row)
	}
	status := form["status"]
	if status == "" {
		status = string(indicators.Preliminary)
	}
	vm.Fields = []views.Field{
		{Name: "source", Label: l.T("col.source"), Type: "text", Value: form["source"], Required: true, Help: l.T("entry.source.help"), Error: cellErr["source"]},
		{Name: "status", Label: l.T("col.obsstatus"), Type: "select", Value: status, Options: []views.Option{
			{Value: "preliminary", Label: l.T("obsstatus.preliminary")}, {Value: "final", Label: l.T("obsstatus.final")}}},
		{Name: "note", Label: l.T("col.note"), Type: "text", Value: form["note"]},
	}
	if form["confirm"] != "" {
		vm.Fields = append(vm.Fields, views.Field{Name: "confirm", Type: "hidden", Value: "1"})
	}
	return vm
}

func (s *Server) handleGrid(w http.ResponseWriter, r *http.Request) {
	d, ok := s.planEditor(w, r)
	if !ok {
		return
	}
	vm := s.gridPage(r, d, nil, nil)
	if r.URL.Query().Get("unchanged") != "" {
		vm.Page.Notice = lang(r).T("grid.unchanged")
	}
	s.render(w, r, http.StatusOK, views.GridView(vm))
}

// handleGridPost enters the cells that changed, as a file of their own
// through the import engine: errors and suspicious magnitudes are shown
// next to their cells, and warnings once (saving again confirms them).
func (s *Server) handleGridPost(w http.ResponseWriter, r *http.Request) {
	l, plan := lang(r), r.PathValue("plan")
	d, ok := s.planEditor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, indicators.Invalid("form", "err.form.unreadable"))
		return
	}
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	cellErr := map[string]string{}
	var entries []app.Entry
	var names, tnames []string // the value and the target cell of each entry
	for _, ind := range d.Indicators {
		for y := d.Plan.BaseYear + 1; y <= ind.TargetYear(d.Plan); y++ {
			name, tname := gridName(ind.Code, y), gridTargetName(ind.Code, y)
			changed := func(name string) (string, bool) {
				v, ok := r.PostForm[name]
				if !ok || strings.TrimSpace(v[0]) == form["was"+name] {
					return "", false
				}
				if strings.TrimSpace(v[0]) == "" {
					cellErr[name] = l.T("grid.err.clear")
					return "", false
				}
				return v[0], true
			}
			v, vok := changed(name)
			t, tok := "", false
			if ind.Target.Kind == indicators.KindYearly {
				t, tok = changed(tname)
			}
			if !vok && !tok {
				continue
			}
			e := app.Entry{Indicator: ind.Code, Year: strconv.Itoa(y), Value: v, Target: t}
			if vok {
				e.Source, e.Status, e.Note = form["source"], form["status"], form["note"]
			}
			entries = append(entries, e)
			names, tnames = append(names, name), append(tnames, tname)
		}
	}
	fail := func(msg string) {
		vm := s.gridPage(r, d, form, cellErr)
		vm.Error = msg
		s.render(w, r, http.StatusUnprocessableEntity, views.GridView(vm))
	}
	if len(cellErr) > 0 {
		fail(l.T("grid.err"))
		return
	}
	if len(entries) == 0 {
		http.Redirect(w, r, present.PlanHref(plan)+"/entry?unchanged=1", http.StatusSeeOther)
		return
	}
	res, err := s.app.Enter(r.Context(), actor(r), plan, l.T("grid.file"), entries, form["confirm"] != "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if res.Saved() {
		if res.Result.ID == 0 {
			http.Redirect(w, r, present.PlanHref(plan)+"/entry?unchanged=1", http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/imports/"+strconv.FormatInt(res.Result.ID, 10)+"?saved=1", http.StatusSeeOther)
		return
	}
	for i, issues := range res.ByEntry {
		var onValue, onTarget []indicators.Issue
		for _, is := range issues {
			if is.Column == "target" || is.Column == "band" {
				onTarget = append(onTarget, is)
			} else {
				onValue = append(onValue, is)
			}
		}
		if len(onValue) > 0 {
			cellErr[names[i]] = issueText(l, onValue)
		}
		if len(onTarget) > 0 {
			cellErr[tnames[i]] = issueText(l, onTarget)
		}
	}
	msg := l.T("grid.err")
	if res.Confirm {
		msg, form["confirm"] = l.T("grid.warn"), "1"
	}
	if g := issueText(l, res.General); g != "" {
		msg += " " + g
	}
	fail(msg)
}

// issueText joins issues into one message, errors first.
func issueText(l i18n.Lang, issues []indicators.Issue) string {
	var errs, warns []string
	for _, is := range issues {
		if is.Warning {
			warns = append(warns, l.M(is.Msg))
		} else {
			errs = append(errs, l.M(is.Msg))
		}
	}
	return l.List(append(errs, warns...))
}
