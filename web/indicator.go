package web

import (
	"net/http"
	"slices"
	"strconv"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

func (s *Server) handleIndicator(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	asOf, explicit, err := s.asOf(r, d.Plan)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := s.indicatorPage(r, d, asOf)
	if explicit {
		vm.AsOf = lang(r).T("year.suffix", asOf)
	}
	s.render(w, r, http.StatusOK, views.IndicatorView(vm))
}

// indicatorPage builds the page of the one indicator in d.
func (s *Server) indicatorPage(r *http.Request, d indicators.Dataset, asOf int) views.IndicatorPage {
	l := lang(r)
	p := d.Plan
	// Values after the as-of year did not exist yet: leave them out everywhere.
	for code, obs := range d.Observations {
		d.Observations[code] = slices.DeleteFunc(obs, func(o indicators.Observation) bool { return o.Year > asOf })
	}
	x := d.Assess(asOf)[0]
	ind, a := x.Indicator, x.Assessment
	vm := views.IndicatorPage{Page: s.page(r, l.Pick(ind.NameZh, ind.NameEn), p.Sample),
		PlanName: l.Pick(p.NameZh, p.NameEn), PlanHref: present.PlanHref(p.Code), Code: ind.Code,
		Name: l.Pick(ind.NameZh, ind.NameEn), AltName: l.Pick(ind.NameEn, ind.NameZh),
		Status: string(a.Status), StatusLabel: present.StatusLabel(l, a.Status), Stale: present.StaleNote(l, a),
		PlanText: ind.PlanText, BaselineSource: ind.BaselineSource, Note: ind.Note}
	if vm.AltName == vm.Name {
		vm.AltName = ""
	}
	secs := map[string]indicators.Section{}
	for _, sec := range d.Sections {
		secs[sec.Code] = sec
	}
	path := present.SectionPath(secs, ind.SectionCode)
	for _, sec := range path {
		vm.Breadcrumb = append(vm.Breadcrumb, present.SectionLabel(l, sec))
	}
	dept := present.DepartmentName(s.departmentNames(r), ind.Department)
	vm.Info = []views.KV{
		{Label: l.T("col.attribute"), Value: l.T("attr." + string(ind.Attribute))},
		{Label: l.T("col.kind"), Value: l.T("kind." + string(ind.Target.Kind))},
		{Label: l.T("col.unit"), Value: l.UnitLabel(ind.Unit)},
		{Label: l.T("col.target"), Value: present.TargetText(l, ind, a)},
		{Label: l.T("col.direction"), Value: l.T("dir." + string(ind.Direction))},
		{Label: l.T("col.department"), Value: dept},
	}
	if len(ind.Interim) > 0 {
		var its []string
		for _, it := range ind.Interim {
			its = append(its, l.T("year.suffix", it.Year)+" "+present.Num(it.Value))
		}
		vm.Info = append(vm.Info, views.KV{Label: l.T("col.interim"), Value: l.List(its)})
	}
	if len(path) > 0 {
		vm.Info = append(vm.Info, views.KV{Label: l.T("col.section"), Value: present.SectionNumbers(l, path)})
	}
	if ind.ObservedAs == indicators.YearlyRate {
		vm.Info = append(vm.Info, views.KV{Label: l.T("ind.observedAs"), Value: l.T("observed.yearly_rate")})
	}
	if ind.Method == indicators.MethodLog {
		vm.Info = append(vm.Info, views.KV{Label: l.T("ind.methodField"), Value: l.T("method.log")})
	}
	if ind.Target.Text != "" {
		vm.Info = append(vm.Info, views.KV{Label: l.T("ind.targetText"), Value: ind.Target.Text})
	}
	if ind.Source != "" {
		vm.Info = append(vm.Info, views.KV{Label: l.T("ind.source"), Value: ind.Source})
	}
	if ind.ParentCode != "" {
		vm.Info = append(vm.Info, views.KV{Label: l.T("ind.parent"), Value: ind.ParentPlan + " / " + ind.ParentCode})
	}
	if u := currentUser(r); u.CanEdit(ind) {
		form := entryForm(l, p, ind, map[string]string{})
		vm.Entry = &form
	}
	if currentUser(r).CanAdmin() {
		vm.EditHref = present.IndicatorHref(p.Code, ind.Code) + "/edit"
		if p.Unit == "" {
			vm.DecomposeHref = present.IndicatorHref(p.Code, ind.Code) + "/decompose"
		}
	}
	// the narrative of the latest actual's year, else of the as-of year
	ny := min(asOf, ind.TargetYear(p))
	if a.Latest != nil {
		ny = a.Latest.Year
	}
	vm.NarrativeYear = l.T("year.suffix", ny)
	if ns, err := s.app.Narratives(r.Context(), p.Code, ny); err == nil {
		if n, ok := ns[ind.Code]; ok && !n.Empty() {
			vm.Narrative = []views.KV{{Label: l.T("narrative.progress"), Value: n.Progress},
				{Label: l.T("narrative.problems"), Value: n.Problems}, {Label: l.T("narrative.measures"), Value: n.Measures}}
		}
	}
	if currentUser(r).CanEdit(ind) {
		for y := p.BaseYear + 1; y <= ind.TargetYear(p); y++ {
			vm.NarrativeLinks = append(vm.NarrativeLinks, views.Link{Label: l.T("narrative.edit", y),
				Href: present.IndicatorHref(p.Code, ind.Code) + "/narratives/" + strconv.Itoa(y)})
		}
	}
	if u := currentUser(r); u.CanEdit(ind) || u.CanReview(ind) {
		people := s.people(r)
		for _, o := range d.Pending[ind.Code] {
			text := present.FigureText(l, o) + " " + l.UnitLabel(ind.Unit) + " · " + l.T("review."+string(o.Review)) +
				" · " + present.Person(people, o.Actor)
			if o.ReviewNote != "" {
				text += " · " + o.ReviewNote
			}
			vm.Pending = append(vm.Pending, views.KV{Label: l.T("year.suffix", o.Year), Value: text})
		}
	}
	vm.Evidence = s.evidencePanel(r, p, ind.Code, "", ind.Department)
	if prs, err := s.app.Projects(r.Context(), p.Code); err == nil {
		at, _ := s.projectDate(r, p)
		for _, pr := range prs {
			if slices.Contains(pr.Indicators, ind.Code) {
				a := pr.Assess(at, p.Tol())
				vm.Projects = append(vm.Projects, views.ProjectLink{Name: l.Pick(pr.NameZh, pr.NameEn), Href: present.ProjectHref(p.Code, pr.Code),
					Status: present.ProjectClass(a.Status), StatusLabel: l.T("pstatus." + string(a.Status))})
			}
		}
	}
	if ind.Rollup != "" {
		if ds, err := s.app.Districts(r.Context(), p.Code, asOf); err != nil {
			s.log.Error("districts", "plan", p.Code, "err", err)
		} else if dec, ok := ds.ByCode[ind.Code]; ok {
			panel := present.Districts(l, p.Code, dec, "districts", l.T("districts.heading"))
			vm.Districts = &panel
		}
	}
	vm.Calc = present.Calculation(l, ind, a)
	vm.Verdict = vm.Explain
	if a.Latest != nil {
		vm.Verdict = l.T("ind.basis", a.Latest.Year) + vm.Explain
	}
	vm.Chart = present.IndicatorChart(l, "indicator-chart", "chart-md", "canvas", ind, a, x.Current)
	vm.Observations = observationRows(l, s.people(r), d.Observations[ind.Code], a.T0)
	if hist, err := s.app.DefinitionHistory(r.Context(), p.Code, ind.Code); err == nil {
		people := s.people(r)
		for _, h := range hist {
			row := views.HistoryRow{At: h.At.Local().Format("2006-01-02 15:04"), Who: present.Person(people, h.Actor),
				Field: present.Word(l, "field.", h.Field), Change: present.Transition(h.Old, h.New), Reason: h.Reason}
			if h.Import != 0 {
				row.Import = &views.Link{Label: l.T("history.import", h.Import), Href: "/imports/" + strconv.FormatInt(h.Import, 10)}
			}
			vm.History = append(vm.History, row)
		}
	} else {
		s.log.Error("definition history", "err", err)
	}
	return vm
}

// observationRows lists each year's current value with its earlier revisions.
func observationRows(l i18n.Lang, people map[string]string, obs []indicators.Observation, t0 int) []views.ObsRow {
	byYear := map[int][]indicators.Observation{}
	for _, o := range obs {
		byYear[o.Year] = append(byYear[o.Year], o)
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	slices.Sort(years)
	row := func(o indicators.Observation) views.ObsRow {
		rec := present.Person(people, o.Actor)
		if !o.At.IsZero() {
			rec += " · " + o.At.Local().Format("2006-01-02 15:04")
		}
		r := views.ObsRow{Year: strconv.Itoa(o.Year), Value: present.Figure(o), Qualifier: present.QualShort(l, o.Qualifier),
			ObsStatus: l.T("obsstatus." + string(o.Status)), Source: o.Source, Note: o.Note, Recorded: rec,
			Revision: o.Revision, PreBaseline: o.Year <= t0}
		if o.Break {
			r.Break = l.T("chart.break")
		}
		return r
	}
	var out []views.ObsRow
	for _, y := range years {
		revs := byYear[y]
		slices.SortFunc(revs, func(a, b indicators.Observation) int { return b.Revision - a.Revision })
		cur := row(revs[0])
		for _, old := range revs[1:] {
			cur.History = append(cur.History, row(old))
		}
		out = append(out, cur)
	}
	return out
}
