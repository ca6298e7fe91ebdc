package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"plantrack/indicators"
	"plantrack/web/charts"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

func (s *Server) handleIndicator(w http.ResponseWriter, r *http.Request) {
	asOf, explicit, err := s.asOf(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d, err := s.store.Dataset(r.Context(), r.PathValue("plan"), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := s.indicatorPage(r, d, asOf)
	if explicit {
		vm.AsOf = lang(r).F("year.suffix", asOf)
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
		PlanName: l.Pick(p.NameZh, p.NameEn), PlanHref: planHref(p.Code), Code: ind.Code,
		Name: l.Pick(ind.NameZh, ind.NameEn), AltName: l.Pick(ind.NameEn, ind.NameZh),
		Status: string(a.Status), StatusLabel: statusLabel(l, a.Status),
		PlanText: ind.PlanText, BaselineSource: ind.BaselineSource, Note: ind.Note}
	if vm.AltName == vm.Name {
		vm.AltName = ""
	}
	secs := map[string]indicators.Section{}
	for _, sec := range d.Sections {
		secs[sec.Code] = sec
	}
	path := sectionPath(secs, ind.SectionCode)
	for _, sec := range path {
		vm.Breadcrumb = append(vm.Breadcrumb, sec.Number+" "+l.Pick(sec.TitleZh, sec.TitleEn))
	}
	dept := departmentName(s.departmentNames(r), ind.Department)
	vm.Info = []views.KV{
		{Label: l.T("col.attribute"), Value: l.T("attr." + string(ind.Attribute))},
		{Label: l.T("col.kind"), Value: l.T("kind." + string(ind.Target.Kind))},
		{Label: l.T("col.unit"), Value: ind.Unit},
		{Label: l.T("col.target"), Value: targetText(l, ind, a)},
		{Label: l.T("col.direction"), Value: l.T("dir." + string(ind.Direction))},
		{Label: l.T("col.department"), Value: dept},
	}
	if len(ind.Interim) > 0 {
		var its []string
		for _, it := range ind.Interim {
			its = append(its, l.F("year.suffix", it.Year)+" "+num(it.Value))
		}
		vm.Info = append(vm.Info, views.KV{Label: l.T("col.interim"), Value: l.List(its)})
	}
	if len(path) > 0 {
		vm.Info = append(vm.Info, views.KV{Label: l.T("col.section"), Value: sectionNumbers(path)})
	}
	if ind.ParentCode != "" {
		vm.Info = append(vm.Info, views.KV{Label: l.T("ind.parent"), Value: ind.ParentPlan + " / " + ind.ParentCode})
	}
	if u := currentUser(r); u.CanEdit(ind) {
		form := entryForm(l, p, ind, map[string]string{})
		vm.Entry = &form
	}
	if currentUser(r).CanAdmin() {
		vm.EditHref = indicatorHref(p.Code, ind.Code) + "/edit"
	}
	// the narrative of the latest actual's year, else of the as-of year
	ny := min(asOf, ind.TargetYear(p))
	if a.Latest != nil {
		ny = a.Latest.Year
	}
	vm.NarrativeYear = l.F("year.suffix", ny)
	if ns, err := s.reports.Narratives(r.Context(), p.Code, ny); err == nil {
		if n, ok := ns[ind.Code]; ok && !n.Empty() {
			vm.Narrative = []views.KV{{Label: l.T("narrative.progress"), Value: n.Progress},
				{Label: l.T("narrative.problems"), Value: n.Problems}, {Label: l.T("narrative.measures"), Value: n.Measures}}
		}
	}
	if currentUser(r).CanEdit(ind) {
		for y := p.BaseYear + 1; y <= ind.TargetYear(p); y++ {
			vm.NarrativeLinks = append(vm.NarrativeLinks, views.Link{Label: l.F("narrative.edit", y),
				Href: indicatorHref(p.Code, ind.Code) + "/narratives/" + strconv.Itoa(y)})
		}
	}
	vm.Calc = calculation(l, ind, a)
	vm.Verdict = vm.Explain
	if a.Latest != nil {
		vm.Verdict = l.F("ind.basis", a.Latest.Year) + vm.Explain
	}
	vm.Chart = charts.Indicator("indicator-chart", ind, a, x.Current, chartLabels(l))
	vm.Observations = observationRows(l, d.Observations[ind.Code], a.T0)
	return vm
}

// calculation writes out the assessment with its inputs, so that a reader
// can check every figure by hand. Pages and reports show the same.
func calculation(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment) views.Calc {
	var vm views.Calc
	latest := "—"
	if a.Latest != nil {
		latest = num(a.Latest.Value)
		if q := qualShort(l, a.Latest.Qualifier); q != "" {
			latest = q + " " + latest
		}
	}
	latestLabel := l.T("f.latest.none")
	if a.Latest != nil {
		latestLabel = l.F("f.latest", a.Latest.Year)
	}
	vm.Inputs = []views.KV{
		{Label: l.F("f.baseline", a.T0), Value: optNum(l, a.X0)},
		{Label: l.F("f.target", a.T), Value: targetText(l, ind, a)},
		{Label: latestLabel, Value: latest},
	}
	if ind.Target.Kind != indicators.KindNone {
		vm.Inputs = append(vm.Inputs, views.KV{Label: l.T("f.comparator"), Value: condition(a)})
	}
	if ind.Target.Kind != indicators.KindNone && ind.Target.Kind != indicators.KindCeiling && ind.Target.Kind != indicators.KindFloor {
		vm.Inputs = append(vm.Inputs, views.KV{Label: l.T("f.tolerance"), Value: i18n.Pct(a.Tolerance)})
	}

	x0s := optNum(l, a.X0)
	t := ind.Target
	if a.XT != nil && a.X0 != nil {
		switch t.Kind {
		case indicators.KindIncreaseBy:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀ + Δ = %s + %s", x0s, num(t.Value)), Result: num(*a.XT)})
		case indicators.KindAvgGrowth:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀·(1 + g)^(T − t₀) = %s × (1 + %s%%)^%d", x0s, num(t.Value), a.T-a.T0), Result: num(*a.XT)})
		case indicators.KindCumulativeChange:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀·(1 + p) = %s × (1 %s %s%%)", x0s, sign(t.Value), num(abs(t.Value))), Result: num(*a.XT)})
		case indicators.KindPPChange:
			vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.xT"), Formula: fmt.Sprintf("x_T = x₀ + Δpp = %s %s %s", x0s, sign(t.Value), num(abs(t.Value))), Result: num(*a.XT)})
		}
	}
	if a.Latest != nil && a.Completion != nil {
		vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.completion"),
			Formula: fmt.Sprintf("(x_t − x₀)/(x_T − x₀) = (%s − %s)/(%s − %s)", num(a.Latest.Value), x0s, num(*a.XT), x0s),
			Result:  i18n.Pct(*a.Completion)})
	}
	if a.Latest != nil && a.Elapsed != nil {
		vm.Steps = append(vm.Steps, views.Step{Label: l.T("f.elapsed"),
			Formula: fmt.Sprintf("(t − t₀)/(T − t₀) = (%d − %d)/(%d − %d)", a.Latest.Year, a.T0, a.T, a.T0),
			Result:  i18n.Pct(*a.Elapsed)})
	}
	if a.ActualRate != nil {
		vm.Steps = append(vm.Steps,
			views.Step{Label: l.T("f.actualRate"), Formula: fmt.Sprintf("(x_t/x₀)^(1/(t − t₀)) − 1 = (%s/%s)^(1/%d) − 1", num(a.Latest.Value), x0s, a.Latest.Year-a.T0), Result: i18n.Rate(*a.ActualRate)},
			views.Step{Label: l.T("f.ratio"), Formula: fmt.Sprintf("%s / %s%%", i18n.Pct(*a.ActualRate), num(t.Value)), Result: num(*a.GrowthRatio)})
	}
	vm.Explain = explain(l, ind, a)

	if tr := a.Trend; tr != nil {
		method := l.T("trend.compound")
		slope := i18n.Rate(tr.Slope) + l.T("unit.perYear")
		if tr.Method == indicators.TrendLinear {
			method = l.F("trend.linear", tr.Points)
			slope = signed(tr.Slope) + l.T("unit.perYear")
		}
		vm.Trend = append(vm.Trend, views.Step{Label: method, Formula: "", Result: slope},
			views.Step{Label: l.F("trend.projected", a.T), Formula: "x_T′", Result: num(tr.Projected)})
		if tr.Ratio != nil {
			vm.Trend = append(vm.Trend, views.Step{Label: l.T("trend.P"),
				Formula: fmt.Sprintf("(%s − %s)/(%s − %s)", num(tr.Projected), x0s, num(*a.XT), x0s),
				Result:  i18n.Pct(*tr.Ratio) + " → " + l.T("judgement."+string(tr.Judgement))})
		}
		if a.Status.Met() {
			vm.TrendNote = l.T("trend.met")
		}
	} else {
		vm.TrendNote = l.T("trend.none")
	}
	bounded := a.Kind == indicators.KindCeiling || a.Kind == indicators.KindFloor || a.Kind == indicators.KindNone
	switch pc := a.Pace; {
	case bounded:
		vm.PaceNote = l.T("pace.na")
	case a.Latest == nil:
		vm.PaceNote = l.T("pace.nodata")
	case a.Status.Met():
		vm.PaceNote = l.T("pace.met")
	case a.XT == nil:
		vm.PaceNote = l.T("pace.nolevel")
	case pc == nil:
		vm.PaceNote = l.T("pace.passed")
	default:
		vm.Pace = append(vm.Pace, views.Step{Label: l.T("pace.change"),
			Formula: fmt.Sprintf("(%s − %s)/(%d − %d)", num(*a.XT), num(a.Latest.Value), a.T, a.Latest.Year),
			Result:  signed(pc.AnnualChange) + l.T("unit.perYear")})
		if pc.AnnualRate != nil {
			vm.Pace = append(vm.Pace, views.Step{Label: l.T("pace.rate"),
				Formula: fmt.Sprintf("(%s/%s)^(1/%d) − 1", num(*a.XT), num(a.Latest.Value), pc.YearsLeft),
				Result:  i18n.Rate(*pc.AnnualRate)})
		}
	}

	cagr := views.Alt{Name: l.T("alt.cagr"), Formula: l.T("alt.cagr.formula"), Verdict: l.T("alt.na")}
	if c := a.CAGR; c != nil {
		cagr.Formula += fmt.Sprintf(" = %s / %s", i18n.Rate(c.Actual), i18n.Rate(c.Required))
		cagr.Result, cagr.Status, cagr.Verdict = strconv.FormatFloat(c.Ratio, 'f', 3, 64), string(c.Status), l.T("alt."+string(c.Status))
	}
	un := views.Alt{Name: l.T("alt.un"), Formula: l.T("alt.un.formula"), Verdict: l.T("alt.na.un")}
	if u := a.UN; u != nil {
		un.Result, un.Status, un.Verdict = strconv.FormatFloat(u.Ratio, 'f', 3, 64), string(u.Status), l.T("alt."+string(u.Status))
	}
	if bounded {
		cagr.Verdict, un.Verdict = l.T("alt.na.kind"), l.T("alt.na.kind")
	}
	vm.Alts = []views.Alt{cagr, un}
	return vm
}

func sign(v float64) string {
	if v < 0 {
		return "−"
	}
	return "+"
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// explain is the rule that decided the status, with its numbers.
func explain(l i18n.Lang, ind indicators.Indicator, a indicators.Assessment) string {
	st := statusLabel(l, a.Status)
	switch {
	case a.Status == indicators.StatusMonitoring:
		return l.T("f.monitoring")
	case a.Status == indicators.StatusNoData:
		return l.F("f.nodata", a.T0)
	case a.Kind == indicators.KindCeiling || a.Kind == indicators.KindFloor:
		s := l.T("f.bound") + " " + l.F("f.metRule", num(a.Latest.Value), condition(a), st)
		if len(a.Breaches) > 0 {
			ys := make([]string, len(a.Breaches))
			for i, y := range a.Breaches {
				ys[i] = strconv.Itoa(y)
			}
			s += " " + l.T("ind.breaches") + l.T("punct.colon") + l.List(ys)
		}
		return s
	case a.Status.Met():
		return l.F("f.metRule", num(a.Latest.Value), condition(a), st)
	case a.Status == indicators.StatusNoBaseline:
		return l.T("f.nobaseline") + " → " + st
	case a.Status == indicators.StatusNotAchieved:
		return l.F("f.passedT", st)
	case a.GrowthRatio != nil:
		rule := map[indicators.Status]string{indicators.StatusRegressing: "f.rule.rneg", indicators.StatusAhead: "f.rule.rahead",
			indicators.StatusOnTrack: "f.rule.ron", indicators.StatusBehind: "f.rule.rbehind"}[a.Status]
		return l.F("f.rule.r", num(*a.GrowthRatio), i18n.Pct(a.Tolerance), l.T(rule), st)
	case a.Completion == nil:
		return l.T("f.rule.flat") + " → " + st
	default:
		rule := map[indicators.Status]string{indicators.StatusRegressing: "f.rule.neg", indicators.StatusAhead: "f.rule.ahead",
			indicators.StatusOnTrack: "f.rule.on", indicators.StatusBehind: "f.rule.behind"}[a.Status]
		return l.F("f.rule.c", i18n.Pct(*a.Completion), i18n.Pct(*a.Elapsed), i18n.Pct(a.Tolerance), l.T(rule), st)
	}
}

// observationRows lists each year's current value with its earlier revisions.
func observationRows(l i18n.Lang, obs []indicators.Observation, t0 int) []views.ObsRow {
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
		rec := o.RecordedBy
		if !o.RecordedAt.IsZero() {
			rec += " · " + o.RecordedAt.Local().Format("2006-01-02 15:04")
		}
		return views.ObsRow{Year: strconv.Itoa(o.Year), Value: num(o.Value), Qualifier: l.T("qual." + string(o.Qualifier)),
			ObsStatus: l.T("obsstatus." + string(o.Status)), Source: o.Source, Note: o.Note, Recorded: rec,
			Revision: o.Revision, PreBaseline: o.Year <= t0}
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
