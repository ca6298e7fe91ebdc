package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"plantrack/indicators"
	"plantrack/web/charts"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// asOf reads ?as_of=YEAR; without it, data up to the current year.
func (s *Server) asOf(r *http.Request) (int, bool, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return s.now().Year(), false, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2200 {
		return 0, false, indicators.Invalid("as_of", "as_of 必须是年份,例如 2023", "as_of must be a year, for example 2023")
	}
	return y, true, nil
}

func planHref(code string) string { return "/plans/" + url.PathEscape(code) }

func indicatorHref(plan, code string) string {
	return planHref(plan) + "/indicators/" + url.PathEscape(code)
}

func counts(l i18n.Lang, as []indicators.Assessed, href func(indicators.Status) string, active indicators.Status) []views.StatusCount {
	n := map[indicators.Status]int{}
	for _, a := range as {
		n[a.Assessment.Status]++
	}
	var out []views.StatusCount
	for _, st := range indicators.Statuses {
		if n[st] == 0 {
			continue
		}
		c := views.StatusCount{Status: string(st), Label: statusLabel(l, st), N: n[st], Active: st == active}
		if href != nil {
			c.Href = href(st)
		}
		out = append(out, c)
	}
	return out
}

func period(p indicators.Plan) string {
	return strconv.Itoa(p.BaseYear+1) + "–" + strconv.Itoa(p.TargetYear)
}

func (s *Server) handlePlans(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := lang(r)
	plans, err := s.store.Plans(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	year := s.now().Year()
	vm := views.PlansPage{Page: s.page(r, l.T("plans.title"), false)}
	for _, p := range plans {
		d, err := s.store.Dataset(ctx, p.Code, "")
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		as := d.Assess(year)
		code := p.Code
		vm.Plans = append(vm.Plans, views.PlanCard{Href: planHref(code), Name: l.Pick(p.NameZh, p.NameEn),
			Jurisdiction: p.Jurisdiction, Period: period(p), Source: p.SourceZh, Sample: p.Sample, Indicators: len(d.Indicators),
			Counts: counts(l, as, func(st indicators.Status) string { return planHref(code) + "?status=" + string(st) }, "")})
	}
	s.render(w, r, http.StatusOK, views.PlansView(vm))
}

func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) {
	asOf, explicit, err := s.asOf(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d, err := s.store.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q := r.URL.Query()
	vm := s.overview(r, d, asOf, explicit, indicators.Status(q.Get("status")), indicators.Attribute(q.Get("attr")))
	s.render(w, r, http.StatusOK, views.OverviewView(vm))
}

// overview builds the dashboard of plan d as of asOf, filtered by status and attribute.
func (s *Server) overview(r *http.Request, d indicators.Dataset, asOf int, explicitAsOf bool, status indicators.Status, attr indicators.Attribute) views.OverviewPage {
	l := lang(r)
	p := d.Plan
	all := d.Assess(asOf)
	asOfLabel := l.F("year.suffix", min(asOf, p.TargetYear))
	vm := views.OverviewPage{Page: s.page(r, l.Pick(p.NameZh, p.NameEn), p.Sample), PlanName: l.Pick(p.NameZh, p.NameEn),
		Jurisdiction: p.Jurisdiction, Period: l.T("plans.period") + " " + period(p), Source: p.SourceZh,
		AsOf: asOfLabel, Total: len(all), Filtered: status != "" || attr != "" || explicitAsOf, ResetHref: planHref(p.Code)}

	filterHref := func(st indicators.Status) string {
		v := url.Values{"status": {string(st)}}
		if explicitAsOf {
			v.Set("as_of", strconv.Itoa(asOf))
		}
		return planHref(p.Code) + "?" + v.Encode()
	}
	vm.Counts = counts(l, all, filterHref, status)
	asOfQuery := "" // links to indicator pages keep the chosen year
	if explicitAsOf {
		asOfQuery = "?as_of=" + strconv.Itoa(asOf)
	}

	vm.StatusOptions = []views.Option{{Value: "", Label: l.T("filter.all")}}
	for _, st := range indicators.Statuses {
		vm.StatusOptions = append(vm.StatusOptions, views.Option{Value: string(st), Label: statusLabel(l, st), Selected: st == status})
	}
	vm.AttrOptions = []views.Option{{Value: "", Label: l.T("filter.all")}}
	for _, a := range []indicators.Attribute{indicators.Binding, indicators.Expected, indicators.Reference} {
		vm.AttrOptions = append(vm.AttrOptions, views.Option{Value: string(a), Label: l.T("attr." + string(a)), Selected: a == attr})
	}
	vm.AsOfOptions = []views.Option{{Value: "", Label: l.T("col.latest"), Selected: !explicitAsOf}}
	for y := p.BaseYear + 1; y <= p.TargetYear; y++ {
		vm.AsOfOptions = append(vm.AsOfOptions, views.Option{Value: strconv.Itoa(y), Label: l.F("year.suffix", y), Selected: explicitAsOf && y == asOf})
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
		if (status != "" && a.Status != status) || (attr != "" && ind.Attribute != attr) {
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
				path := sectionPath(secs, key)
				g.Number, g.Title = sectionNumbers(path), l.Pick(secs[key].TitleZh, secs[key].TitleEn)
			}
			groups[key] = g
			order = append(order, key)
		}
		g.Rows = append(g.Rows, s.row(l, p, x, asOfQuery))
		if a.Elapsed != nil && a.Completion != nil {
			pts = append(pts, charts.Point{Name: l.Pick(ind.NameZh, ind.NameEn) + " " + i18n.Pct(*a.Completion),
				Elapsed: *a.Elapsed, Completion: *a.Completion, Status: a.Status,
				StatusLabel: statusLabel(l, a.Status), Colour: statusColour[a.Status]})
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
	vm.Chart = charts.Overview("overview-chart", pts, chartLabels(l))
	vm.SubmissionHref = planHref(p.Code) + "/submission"
	vm.ReportsHref = planHref(p.Code) + "/reports"
	vm.ExportHref = planHref(p.Code) + "/export.csv"
	u := currentUser(r)
	for _, ind := range d.Indicators {
		if u.CanEdit(ind) {
			vm.AdminLinks = []views.Link{{Label: l.T("grid.heading"), Href: planHref(p.Code) + "/entry"},
				{Label: l.T("import.heading"), Href: importHref(p.Code)}}
			break
		}
	}
	if u.CanAdmin() {
		vm.AdminLinks = append(vm.AdminLinks, views.Link{Label: l.T("admin.editPlan"), Href: planHref(p.Code) + "/edit"},
			views.Link{Label: l.T("admin.sections"), Href: planHref(p.Code) + "/sections"},
			views.Link{Label: l.T("admin.newIndicator"), Href: planHref(p.Code) + "/new-indicator"})
	}
	vm.Gaps = gaps(l, p, all, asOf)
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
	r := views.Row{Code: ind.Code, Name: l.Pick(ind.NameZh, ind.NameEn), Href: indicatorHref(p.Code, ind.Code) + query,
		Attribute: string(ind.Attribute), AttrLabel: l.T("attr." + string(ind.Attribute)), Unit: ind.Unit,
		Baseline: optNum(l, a.X0), BaselineMissing: a.X0 == nil, Target: targetText(l, ind, a), Latest: "—",
		Completion: optPct(a.Completion), Elapsed: optPct(a.Elapsed), Status: string(a.Status), StatusLabel: statusLabel(l, a.Status)}
	if a.Latest != nil {
		r.Latest, r.LatestYear, r.LatestQual = num(a.Latest.Value), strconv.Itoa(a.Latest.Year), qualShort(l, a.Latest.Qualifier)
	}
	if a.Completion != nil && a.Elapsed != nil {
		c := int(min(max(*a.Completion*100, 0), 100) + 0.5)
		r.Bar = &views.Bar{Completion: c, Elapsed: int(*a.Elapsed*100 + 0.5),
			Label: l.T("col.completion") + " " + i18n.Pct(*a.Completion) + ", " + l.T("col.elapsed") + " " + i18n.Pct(*a.Elapsed)}
	}
	return r
}

// gaps lists the plan indicators whose data cannot support a full judgement.
func gaps(l i18n.Lang, p indicators.Plan, all []indicators.Assessed, asOf int) []views.Gap {
	var out []views.Gap
	for _, x := range all {
		ind, a := x.Indicator, x.Assessment
		if ind.Attribute == indicators.Reference || ind.Target.Kind == indicators.KindNone {
			continue
		}
		var what []string
		if a.X0 == nil {
			what = append(what, l.T("overview.gap.nobaseline"))
		}
		if a.Latest == nil {
			what = append(what, l.T("overview.gap.nodata"))
		} else if a.Latest.Year < min(asOf, a.T)-1 && a.Status != indicators.StatusAchievedEarly && a.Status != indicators.StatusAchieved {
			what = append(what, l.F("overview.gap.stale", a.Latest.Year))
		}
		if len(what) > 0 {
			out = append(out, views.Gap{Name: l.Pick(ind.NameZh, ind.NameEn), Href: indicatorHref(p.Code, ind.Code), What: l.List(what)})
		}
	}
	return out
}

func chartLabels(l i18n.Lang) charts.Labels {
	return charts.Labels{Actual: l.T("chart.actual"), Estimate: l.T("qual.estimate"), LowerBound: l.T("qual.lower_bound"),
		UpperBound: l.T("qual.upper_bound"), Baseline: l.T("col.baseline"), Expected: l.T("chart.expected"),
		Projection: l.T("chart.projection"), Target: l.T("col.target"), Interim: l.T("col.interim"), Completion: l.T("col.completion"),
		Elapsed: l.T("col.elapsed"), Diagonal: l.T("chart.diagonal")}
}

// departmentNames maps department codes to names in the page's language;
// a page reads them once, however many indicators it shows.
func (s *Server) departmentNames(r *http.Request) map[string]string {
	out := map[string]string{}
	deps, err := s.store.Departments(r.Context())
	if err != nil {
		s.log.Error("departments", "err", err)
	}
	for _, d := range deps {
		out[d.Code] = lang(r).Pick(d.NameZh, d.NameEn)
	}
	return out
}

// departmentName is a department's name from names, the code where it has
// none, and "—" for no department.
func departmentName(names map[string]string, code string) string {
	if code == "" {
		return "—"
	}
	if n, ok := names[code]; ok {
		return n
	}
	return code
}
