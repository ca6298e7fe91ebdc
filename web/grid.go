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
	var names []string // the cell of each entry
	for _, ind := range d.Indicators {
		for y := d.Plan.BaseYear + 1; y <= ind.TargetYear(d.Plan); y++ {
			name := gridName(ind.Code, y)
			v, ok := r.PostForm[name]
			if !ok || strings.TrimSpace(v[0]) == form["was"+name] {
				continue
			}
			if strings.TrimSpace(v[0]) == "" {
				cellErr[name] = l.T("grid.err.clear")
				continue
			}
			entries = append(entries, app.Entry{Indicator: ind.Code, Year: strconv.Itoa(y), Value: v[0],
				Source: form["source"], Status: form["status"], Note: form["note"]})
			names = append(names, name)
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
		cellErr[names[i]] = issueText(l, issues)
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
