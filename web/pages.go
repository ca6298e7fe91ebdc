package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"plantrack/indicators"
	"plantrack/web/charts"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

// asOf reads ?as_of=YEAR, a year of plan p's period; without it, data up
// to the current year, or to the target year once the period is over:
// the year the page's "data as of" shows and the API's as_of says.
func (s *Server) asOf(r *http.Request, p indicators.Plan) (int, bool, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return min(s.app.Now().Year(), p.TargetYear), false, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y <= p.BaseYear || y > p.TargetYear {
		return 0, false, indicators.Invalid("as_of", "err.asof", v, p.BaseYear+1, p.TargetYear)
	}
	return y, true, nil
}

func (s *Server) handlePlans(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := lang(r)
	all, err := s.app.Datasets(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := views.PlansPage{Page: s.page(r, l.T("plans.title"), false)}
	for _, d := range all {
		p := d.Plan
		if p.Unit != "" {
			continue // a district's share: on its city plan's page
		}
		as := d.Assess(min(s.app.Now().Year(), p.TargetYear))
		code := p.Code
		vm.Plans = append(vm.Plans, views.PlanCard{Href: present.PlanHref(code), Name: l.Pick(p.NameZh, p.NameEn),
			Jurisdiction: p.Jurisdiction, Period: present.Period(p), Source: p.SourceZh, Sample: p.Sample, Indicators: len(d.Indicators),
			Counts: present.Counts(l, as, func(st indicators.Status) string { return present.PlanHref(code) + "?status=" + string(st) }, "")})
	}
	if len(vm.Plans) == 0 {
		vm.Empty = &views.EmptyState{Text: l.T("plans.empty")}
		if currentUser(r).CanAdmin() {
			vm.Empty.Links = []views.Link{{Label: l.T("admin.newPlan"), Href: "/admin/plans/new"}}
		} else {
			vm.Empty.Text += " " + l.T("plans.empty.ask")
		}
	}
	s.render(w, r, http.StatusOK, views.PlansView(vm))
}

func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	asOf, explicit, err := s.asOf(r, d.Plan)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q := r.URL.Query()
	vm := s.overview(r, d, asOf, explicit, indicators.Status(q.Get("status")), indicators.Attribute(q.Get("attr")))
	s.render(w, r, http.StatusOK, views.OverviewView(vm))
}

// handleUnit shows a district's share of a plan (指标分解): every
// indicator decomposed to it, with its own targets, values and statuses.
func (s *Server) handleUnit(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Plan(r.Context(), r.PathValue("plan"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	asOf, explicit, err := s.asOf(r, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ds, err := s.app.Districts(r.Context(), p.Code, asOf)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	unit := r.PathValue("unit")
	part, ok := ds.Parts[unit]
	if !ok {
		s.pageError(w, r, indicators.NotFound("unit.notFound", p.Code, unit))
		return
	}
	q := r.URL.Query()
	vm := s.overview(r, part, asOf, explicit, indicators.Status(q.Get("status")), indicators.Attribute(q.Get("attr")))
	s.render(w, r, http.StatusOK, views.OverviewView(vm))
}

// overview builds the dashboard of plan d as of asOf, filtered by status and attribute.
func (s *Server) overview(r *http.Request, d indicators.Dataset, asOf int, explicitAsOf bool, status indicators.Status, attr indicators.Attribute) views.OverviewPage {
	l := lang(r)
	p := d.Plan
	all := d.Assess(asOf)
	asOfLabel := l.T("year.suffix", min(asOf, p.TargetYear))
	vm := views.OverviewPage{Page: s.page(r, l.Pick(p.NameZh, p.NameEn), p.Sample), PlanName: l.Pick(p.NameZh, p.NameEn),
		Jurisdiction: p.Jurisdiction, Period: l.T("plans.period") + " " + present.Period(p), Source: p.SourceZh,
		AsOf: asOfLabel, Total: len(all), Filtered: status != "" || attr != "" || explicitAsOf, ResetHref: present.PlanHref(p.Code)}

	filterHref := func(st indicators.Status) string {
		v := url.Values{"status": {string(st)}}
		if explicitAsOf {
			v.Set("as_of", strconv.Itoa(asOf))
		}
		return present.PlanHref(p.Code) + "?" + v.Encode()
	}
	vm.Counts = present.Counts(l, all, filterHref, status)
	asOfQuery := "" // links to indicator pages keep the chosen year
	if explicitAsOf {
		asOfQuery = "?as_of=" + strconv.Itoa(asOf)
	}

	vm.StatusOptions = []views.Option{{Value: "", Label: l.T("filter.all")}}
	for _, st := range indicators.Statuses {
		vm.StatusOptions = append(vm.StatusOptions, views.Option{Value: string(st), Label: present.StatusLabel(l, st), Selected: st == status})
	}
	vm.AttrOptions = []views.Option{{Value: "", Label: l.T("filter.all")}}
	for _, a := range []indicators.Attribute{indicators.Binding, indicators.Expected, indicators.Reference} {
		vm.AttrOptions = append(vm.AttrOptions, views.Option{Value: string(a), Label: l.T("attr." + string(a)), Selected: a == attr})
	}
	vm.AsOfOptions = []views.Option{{Value: "", Label: l.T("col.latest"), Selected: !explicitAsOf}}
	for y := p.BaseYear + 1; y <= p.TargetYear; y++ {
		vm.AsOfOptions = append(vm.AsOfOptions, views.Option{Value: strconv.Itoa(y), Label: l.T("year.suffix", y), Selected: explicitAsOf && y == asOf})
	}

	secs := map[string]indicators.Section{}
	for _, sec := range d.Sections {
		secs[sec.Code] = sec
	}
	groups := map[string]*views.Group{}
	var order []string
	var pts []charts.Point
	for _, x := range all {
		ind, a := x.Indicator, x.Assessment
		if (status == present.Stale && !a.Stale) || (status != "" && status != present.Stale && a.Status != status) ||
			(attr != "" && ind.Attribute != attr) {
			continue
		}
		vm.Shown++
		key := ind.SectionCode
		if ind.Attribute == indicators.Reference {
			key = "\x00reference"
		}
		g, ok := groups[key]
		if !ok {
			g = &views.Group{}
			switch {
			case ind.Attribute == indicators.Reference:
				g.Title, g.Reference = l.T("overview.reference"), true
			case key == "":
				g.Title = l.T("overview.nosection")
			default:
				path := present.SectionPath(secs, key)
				g.Number, g.Title = present.SectionNumbers(l, path), l.Pick(secs[key].TitleZh, secs[key].TitleEn)
			}
			groups[key] = g
			order = append(order, key)
		}
		g.Rows = append(g.Rows, s.row(l, p, x, asOfQuery))
		if a.Elapsed != nil && a.Completion != nil {
			pts = append(pts, charts.Point{Name: l.Pick(ind.NameZh, ind.NameEn) + " " + i18n.Pct(*a.Completion),
				Elapsed: *a.Elapsed, Completion: *a.Completion, Status: a.Status,
				StatusLabel: present.StatusLabel(l, a.Status), Colour: present.StatusColour[a.Status],
				Symbol: present.ChartSymbol(present.StatusShape[a.Status])})
		}
	}
	// Real sections in document order, then "no section", then reference figures.
	pos := map[string]int{"": len(d.Sections), "\x00reference": len(d.Sections) + 1}
	for i, sec := range d.Sections {
		pos[sec.Code] = i
	}
	slices.SortStableFunc(order, func(a, b string) int { return pos[a] - pos[b] })
	for _, k := range order {
		g := groups[k]
		// binding indicators first within each group
		slices.SortStableFunc(g.Rows, func(a, b views.Row) int {
			return boolRank(a.Attribute == string(indicators.Binding)) - boolRank(b.Attribute == string(indicators.Binding))
		})
		vm.Groups = append(vm.Groups, *g)
	}
	vm.Chart = views.ChartBox{ID: "overview-chart", Class: "chart-lg", Renderer: "canvas", Label: l.T("overview.chart.label"),
		Option: charts.Overview("overview-chart", pts, present.ChartLabels(l)), DescribedBy: "indicator-table"}
	var beyond []string
	for _, p := range pts {
		if p.Clamped() {
			beyond = append(beyond, p.Name)
		}
	}
	if len(beyond) > 0 {
		vm.Clamped = l.T("overview.clamped", len(beyond), i18n.Num(charts.MinCompletion)+"%", i18n.Num(charts.MaxCompletion)+"%", l.List(beyond))
	}
	vm.SubmissionHref = present.PlanHref(p.Code) + "/submission"
	vm.ProjectsHref = present.PlanHref(p.Code) + "/projects"
	vm.WarningsHref = present.PlanHref(p.Code) + "/warnings"
	if prs, err := s.app.Projects(r.Context(), p.Code); err != nil {
		s.log.Error("projects", "plan", p.Code, "err", err)
	} else if len(prs) > 0 {
		at, _ := s.projectDate(r, p)
		as := make([]indicators.ProjectAssessment, len(prs))
		for i, pr := range prs {
			as[i] = pr.Assess(at, p.Tol())
		}
		vm.ProjectCounts = present.ProjectCounts(l, p.Code, as, "")
	}
	vm.ReportsHref = present.PlanHref(p.Code) + "/reports"
	vm.ExportHref = present.PlanHref(p.Code) + "/export.csv"
	u := currentUser(r)
	for _, ind := range d.Indicators {
		if u.CanEdit(ind) {
			vm.AdminLinks = []views.Link{{Label: l.T("grid.heading"), Href: present.PlanHref(p.Code) + "/entry"},
				{Label: l.T("import.heading"), Href: importHref(p.Code)}}
			break
		}
	}
	if u.CanAdmin() {
		vm.AdminLinks = append(vm.AdminLinks, views.Link{Label: l.T("admin.editPlan"), Href: present.PlanHref(p.Code) + "/edit"},
			views.Link{Label: l.T("admin.sections"), Href: present.PlanHref(p.Code) + "/sections"},
			views.Link{Label: l.T("admin.newIndicator"), Href: present.PlanHref(p.Code) + "/new-indicator"})
	}
	vm.Gaps = present.Gaps(l, p, all, asOf)
	if p.ParentCode != "" {
		if pp, err := s.app.Plan(r.Context(), p.ParentCode); err == nil {
			vm.Parent = &views.Link{Label: l.Pick(pp.NameZh, pp.NameEn), Href: present.PlanHref(pp.Code)}
		}
	}
	if ds, err := s.app.Districts(r.Context(), p.Code, asOf); err != nil {
		s.log.Error("districts", "plan", p.Code, "err", err)
	} else if ds.Decomposed() && len(ds.Units) > 0 {
		decs := make([]indicators.Decomposition, len(ds.Indicators))
		sample := false
		for i, ind := range ds.Indicators {
			decs[i] = ds.ByCode[ind.Code]
		}
		for _, part := range ds.Parts {
			sample = sample || part.Plan.Sample
		}
		m := present.Matrix(l, p.Code, ds.Units, decs, sample && !p.Sample)
		vm.Matrix = &m
	}
	if len(d.Indicators) == 0 {
		vm.Empty = &views.EmptyState{Text: l.T("overview.empty")}
		if u.CanAdmin() {
			ph := present.PlanHref(p.Code)
			vm.Empty.Links = []views.Link{
				{Label: l.T("admin.newIndicator"), Href: ph + "/new-indicator"},
				{Label: l.T("overview.empty.import"), Href: importHref(p.Code) + "?kind=plan", Note: l.T("overview.empty.import.note")},
				{Label: l.T("admin.sections"), Href: ph + "/sections"}}
		} else {
			vm.Empty.Text += " " + l.T("overview.empty.ask")
		}
	}
	return vm
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

func (s *Server) row(l i18n.Lang, p indicators.Plan, x indicators.Assessed, query string) views.Row {
	ind, a := x.Indicator, x.Assessment
	r := views.Row{Code: ind.Code, Name: l.Pick(ind.NameZh, ind.NameEn), Href: present.IndicatorHref(p.Code, ind.Code) + query,
		Attribute: string(ind.Attribute), AttrLabel: l.T("attr." + string(ind.Attribute)), Unit: l.UnitLabel(ind.Unit),
		Baseline: present.Baseline(l, ind, a), BaselineMissing: a.Status == indicators.StatusNoBaseline, Target: present.TargetText(l, ind, a), Latest: "—",
		Completion: present.OptPct(a.Completion), Elapsed: present.OptPct(a.Elapsed), Status: string(a.Status), StatusLabel: present.StatusLabel(l, a.Status),
		Stale: present.StaleNote(l, a)}
	if a.Latest != nil {
		r.Latest, r.LatestYear, r.LatestQual = present.Figure(*a.Latest), strconv.Itoa(a.Latest.Year), present.QualShort(l, a.Latest.Qualifier)
	}
	if a.Completion != nil && a.Elapsed != nil {
		c := int(min(max(*a.Completion*100, 0), 100) + 0.5)
		r.Bar = &views.Bar{Completion: c, Elapsed: int(*a.Elapsed*100 + 0.5),
			Label: l.T("col.completion") + " " + i18n.Pct(*a.Completion) + ", " + l.T("col.elapsed") + " " + i18n.Pct(*a.Elapsed)}
	}
	return r
}

// forbiddenIndicator refuses the signed-in user a write to ind, naming the
// department responsible for it.
func (s *Server) forbiddenIndicator(r *http.Request, ind indicators.Indicator) error {
	n := indicators.Name{Zh: ind.Department}
	if deps, err := s.app.Departments(r.Context()); err == nil {
		for _, d := range deps {
			if d.Code == ind.Department {
				n = indicators.Name{Zh: d.NameZh, En: d.NameEn}
			}
		}
	}
	return indicators.ForbiddenIndicator(ind.Code, n)
}

// people maps account names to display names, for histories.
func (s *Server) people(r *http.Request) map[string]string {
	users, err := s.app.Users(r.Context())
	if err != nil {
		s.log.Error("users", "err", err)
	}
	out := make(map[string]string, len(users))
	for _, u := range users {
		out[u.Name] = u.DisplayName
	}
	return out
}

// departmentNames maps department codes to names in the page's language;
// a page reads them once, however many indicators it shows.
func (s *Server) departmentNames(r *http.Request) map[string]string {
	out := map[string]string{}
	deps, err := s.app.Departments(r.Context())
	if err != nil {
		s.log.Error("departments", "err", err)
	}
	for _, d := range deps {
		out[d.Code] = lang(r).Pick(d.NameZh, d.NameEn)
	}
	return out
}
