package web

import (
	"net/http"
	"strconv"
	"time"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

// projectDate is the date projects are judged at: today, or the end of the
// year ?as_of names.
func (s *Server) projectDate(r *http.Request, p indicators.Plan) (time.Time, error) {
	now := s.app.Now()
	at := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if v := r.URL.Query().Get("as_of"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y <= p.BaseYear || y > p.TargetYear+5 {
			return at, indicators.Invalid("as_of", "err.asof", v, p.BaseYear+1, p.TargetYear+5)
		}
		if end := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC); end.Before(at) {
			at = end
		}
	}
	return at, nil
}

// planProjects loads the plan of the request with its projects and the
// date they are judged at.
func (s *Server) planProjects(r *http.Request) (indicators.Dataset, []indicators.Project, time.Time, error) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		return d, nil, time.Time{}, err
	}
	at, err := s.projectDate(r, d.Plan)
	if err != nil {
		return d, nil, at, err
	}
	prs, err := s.app.Projects(r.Context(), d.Plan.Code)
	return d, prs, at, err
}

// handleProjects lists a plan's key projects and tasks, filtered by box,
// kind, stage, status and unit, with their timeline.
func (s *Server) handleProjects(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	d, prs, at, err := s.planProjects(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := d.Plan
	q := r.URL.Query()
	want := map[string]string{"box": q.Get("box"), "kind": q.Get("kind"), "stage": q.Get("stage"), "status": q.Get("status"), "unit": q.Get("unit")}
	secs := map[string]indicators.Section{}
	for _, sec := range d.Sections {
		secs[sec.Code] = sec
	}
	names := s.departmentNames(r)
	vm := views.ProjectsPage{Page: s.page(r, l.T("projects.title"), p.Sample), PlanName: l.Pick(p.NameZh, p.NameEn),
		PlanHref: present.PlanHref(p.Code), Intro: l.T("projects.intro", at.Format(time.DateOnly)), Empty: l.T("projects.empty"),
		ResetHref: present.PlanHref(p.Code) + "/projects",
		Exports: []views.Link{{Label: l.T("projects.export"), Href: present.PlanHref(p.Code) + "/projects.csv"},
			{Label: l.T("projects.exportXLSX"), Href: present.PlanHref(p.Code) + "/projects.xlsx"}}}
	all := make([]indicators.ProjectAssessment, len(prs))
	var shown []indicators.Project
	var shownA []indicators.ProjectAssessment
	opts := map[string][]views.Option{}
	seen := map[string]bool{}
	offer := func(name, value, label string) {
		if value == "" || seen[name+"\x00"+value] {
			return
		}
		seen[name+"\x00"+value] = true
		opts[name] = append(opts[name], views.Option{Value: value, Label: label, Selected: want[name] == value})
	}
	for i, pr := range prs {
		a := pr.Assess(at, p.Tol())
		all[i] = a
		box := present.SectionLabel(l, secs[pr.SectionCode])
		offer("box", pr.SectionCode, box)
		offer("kind", string(pr.Kind), l.T("project.kind."+string(pr.Kind)))
		offer("stage", string(pr.Stage), l.T("stage."+string(pr.Stage)))
		offer("unit", pr.Unit, present.DepartmentName(names, pr.Unit))
		if (want["box"] != "" && want["box"] != pr.SectionCode) || (want["kind"] != "" && want["kind"] != string(pr.Kind)) ||
			(want["stage"] != "" && want["stage"] != string(pr.Stage)) || (want["status"] != "" && want["status"] != string(a.Status)) ||
			(want["unit"] != "" && want["unit"] != pr.Unit) {
			vm.Filtered = true
			continue
		}
		shown, shownA = append(shown, pr), append(shownA, a)
		row := views.ProjectRow{Name: l.Pick(pr.NameZh, pr.NameEn), Href: present.ProjectHref(p.Code, pr.Code), Code: pr.Code, Box: box,
			Kind: l.T("project.kind." + string(pr.Kind)), Unit: present.DepartmentName(names, pr.Unit), Stage: l.T("stage." + string(pr.Stage)),
			Period: present.ProjectPeriod(pr), Investment: "—", Invested: present.OptPct(a.InvestmentRate),
			Status: present.ProjectClass(a.Status), StatusLabel: l.T("pstatus." + string(a.Status)), Why: present.ProjectWhy(l, p.Tol(), a)}
		if pr.Unit == "" {
			row.Unit = "—"
		}
		if pr.Investment != nil {
			row.Investment = present.Num(*pr.Investment)
		}
		vm.Rows = append(vm.Rows, row)
	}
	for _, st := range indicators.ProjectStatuses {
		offer("status", string(st), l.T("pstatus."+string(st)))
	}
	vm.Filtered = vm.Filtered || want["status"] != "" || want["box"] != "" || want["kind"] != "" || want["stage"] != "" || want["unit"] != ""
	vm.Counts = present.ProjectCounts(l, p.Code, all, indicators.ProjectStatus(want["status"]))
	for _, f := range []struct{ name, label string }{{"box", "projects.box"}, {"kind", "projects.kind"}, {"stage", "projects.stage"},
		{"status", "projects.status"}, {"unit", "projects.unit"}} {
		if len(opts[f.name]) > 0 {
			vm.Filters = append(vm.Filters, views.Filter{Label: l.T(f.label), Name: f.name,
				Options: append([]views.Option{{Value: "", Label: l.T("projects.all")}}, opts[f.name]...)})
		}
	}
	vm.Chart = present.Timeline(l, shown, shownA, at)
	if vm.Chart == nil {
		vm.NoChart = l.T("projects.noDates")
	} else if len(shown) > 8 {
		vm.Chart.Class = "chart-timeline"
	}
	s.render(w, r, http.StatusOK, views.ProjectsView(vm))
}

// progressForm is the yearly progress form of a project: its stage, a
// year's investment and note, and each milestone's date reached; typed
// values where v holds them.
func progressForm(l i18n.Lang, p indicators.Plan, pr indicators.Project, v map[string]string, now int) views.Form {
	year := min(now-1, p.TargetYear)
	if v != nil && v["year"] != "" {
		year, _ = strconv.Atoi(v["year"])
	}
	var cur indicators.ProjectYear
	for _, y := range pr.Years {
		if y.Year == year {
			cur = y
		}
	}
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return i18n.Num(*f)
	}
	val := func(name, def string) string {
		if v != nil {
			return v[name]
		}
		return def
	}
	stages := []views.Option{{Value: "", Label: l.T("stage.")}}
	for _, st := range pr.Kind.Stages() {
		stages = append(stages, views.Option{Value: string(st), Label: l.T("stage." + string(st))})
	}
	var years []views.Option
	for y := p.BaseYear + 1; y <= p.TargetYear+5 && y <= now; y++ {
		years = append(years, views.Option{Value: strconv.Itoa(y), Label: l.T("year.suffix", y)})
	}
	f := views.Form{ID: "progress-form", Action: present.ProjectHref(p.Code, pr.Code) + "/progress", Submit: l.T("form.save"),
		Fields: []views.Field{
			{Name: "stage", Label: l.T("projects.stage"), Type: "select", Value: val("stage", string(pr.Stage)), Options: stages},
			{Name: "year", Label: l.T("col.year"), Type: "select", Value: strconv.Itoa(year), Options: years},
			{Name: "planned", Label: l.T("project.plannedIn", l.UnitLabel(indicators.InvestmentUnit)), Type: "text", Value: val("planned", num(cur.Planned))},
			{Name: "completed", Label: l.T("project.completedIn", l.UnitLabel(indicators.InvestmentUnit)), Type: "text", Value: val("completed", num(cur.Completed))},
			{Name: "note", Label: l.T("project.yearNote"), Type: "textarea", Value: val("note", cur.Note)},
		}}
	for i, m := range pr.Milestones {
		reached := ""
		if m.Actual != nil {
			reached = m.Actual.Format(time.DateOnly)
		}
		name := "ms_" + strconv.Itoa(i)
		f.Fields = append(f.Fields, views.Field{Name: name, Label: l.T("project.reachedOn", m.Name, m.Planned.Format(time.DateOnly)),
			Type: "text", Value: val(name, reached), Help: l.T("project.reachedOn.help")})
	}
	return f
}

// handleProgress records a project's yearly progress from its form.
func (s *Server) handleProgress(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	d, prs, _, err := s.planProjects(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	code := r.PathValue("code")
	var pr *indicators.Project
	for i := range prs {
		if prs[i].Code == code {
			pr = &prs[i]
		}
	}
	if pr == nil {
		s.pageError(w, r, indicators.NotFound("project.notFound", d.Plan.Code, code))
		return
	}
	if !currentUser(r).CanEdit(indicators.Indicator{Department: pr.Unit}) {
		s.pageError(w, r, indicators.ForbiddenIndicator(pr.Code, indicators.Name{Zh: present.DepartmentName(s.departmentNames(r), pr.Unit)}))
		return
	}
	names := []string{"stage", "year", "planned", "completed", "note"}
	for i := range pr.Milestones {
		names = append(names, "ms_"+strconv.Itoa(i))
	}
	v, err := posted(r, names...)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	form := progressForm(l, d.Plan, *pr, v, s.app.Now().Year())
	pg := store.ProjectProgress{Stage: indicators.Stage(v["stage"]), Milestone: map[int]time.Time{}}
	pg.Year.Year, _ = strconv.Atoi(v["year"])
	pg.Year.Note = v["note"]
	bad := false
	for _, f := range []struct {
		name string
		dst  **float64
	}{{"planned", &pg.Year.Planned}, {"completed", &pg.Year.Completed}} {
		if v[f.name] == "" {
			continue
		}
		x, e := parseNumber(v[f.name])
		if e != nil {
			form.Place(f.name, userMessage(e, l))
			bad = true
			continue
		}
		*f.dst = &x
	}
	for i := range pr.Milestones {
		name := "ms_" + strconv.Itoa(i)
		if v[name] == "" {
			pg.Milestone[i] = time.Time{}
			continue
		}
		t, err := indicators.ParseDate(v[name])
		if err != nil {
			form.Place(name, l.T("imp.project.date", v[name]))
			bad = true
			continue
		}
		pg.Milestone[i] = t
	}
	if !bad {
		err = s.app.ReportProgress(r.Context(), actor(r), d.Plan.Code, code, pg)
		if err == nil {
			http.Redirect(w, r, present.ProjectHref(d.Plan.Code, code)+"?saved=1", http.StatusSeeOther)
			return
		}
		if k := indicators.KindOf(err); k != indicators.ErrInvalid || !formError(&form, err, r) {
			s.pageError(w, r, err)
			return
		}
	}
	s.renderProject(w, r, http.StatusUnprocessableEntity, d, prs, pr.Code, &form)
}

// handleProject shows one project: why its status, its facts, milestones,
// years and the indicators it serves.
func (s *Server) handleProject(w http.ResponseWriter, r *http.Request) {
	d, prs, _, err := s.planProjects(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderProject(w, r, http.StatusOK, d, prs, r.PathValue("code"), nil)
}

// renderProject lays out project code of plan d, with the progress form
// as typed where form is set.
func (s *Server) renderProject(w http.ResponseWriter, r *http.Request, status int, d indicators.Dataset, prs []indicators.Project,
	code string, form *views.Form) {
	l := lang(r)
	p := d.Plan
	at, err := s.projectDate(r, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	i := -1
	for k, pr := range prs {
		if pr.Code == code {
			i = k
		}
	}
	if i < 0 {
		s.pageError(w, r, indicators.NotFound("project.notFound", p.Code, code))
		return
	}
	pr := prs[i]
	a := pr.Assess(at, p.Tol())
	secs := map[string]indicators.Section{}
	for _, sec := range d.Sections {
		secs[sec.Code] = sec
	}
	vm := views.ProjectPage{Page: s.page(r, l.Pick(pr.NameZh, pr.NameEn), p.Sample), PlanName: l.Pick(p.NameZh, p.NameEn),
		PlanHref: present.PlanHref(p.Code), Name: l.Pick(pr.NameZh, pr.NameEn), Code: pr.Code,
		Status: present.ProjectClass(a.Status), StatusLabel: l.T("pstatus." + string(a.Status)), Why: present.ProjectWhy(l, p.Tol(), a),
		Source: pr.Source, Note: pr.Note, Chart: present.InvestmentChart(l, pr)}
	unit := present.DepartmentName(s.departmentNames(r), pr.Unit)
	if pr.Unit == "" {
		unit = "—"
	}
	inv := "—"
	if pr.Investment != nil {
		inv = present.Num(*pr.Investment)
	}
	vm.Info = []views.KV{{Label: l.T("projects.box"), Value: present.SectionLabel(l, secs[pr.SectionCode])},
		{Label: l.T("projects.kind"), Value: l.T("project.kind." + string(pr.Kind))},
		{Label: l.T("projects.stage"), Value: l.T("stage." + string(pr.Stage))}, {Label: l.T("projects.unit"), Value: unit},
		{Label: l.T("projects.period"), Value: present.ProjectPeriod(pr)}, {Label: l.T("projects.investment"), Value: inv},
		{Label: l.T("projects.invested"), Value: present.OptPct(a.InvestmentRate)}}
	for _, m := range pr.Milestones {
		actual := l.T("project.notReached")
		if m.Actual != nil {
			actual = m.Actual.Format(time.DateOnly)
		}
		vm.Milestones = append(vm.Milestones, []string{m.Name, m.Planned.Format(time.DateOnly), actual})
	}
	opt := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return i18n.Num(*v)
	}
	for _, y := range pr.Years {
		vm.Years = append(vm.Years, []string{l.T("year.suffix", y.Year), opt(y.Planned), opt(y.Completed), y.Note})
	}
	byCode := map[string]indicators.Indicator{}
	for _, ind := range d.Indicators {
		byCode[ind.Code] = ind
	}
	for _, c := range pr.Indicators {
		if ind, ok := byCode[c]; ok {
			vm.Indicators = append(vm.Indicators, views.Link{Label: l.Pick(ind.NameZh, ind.NameEn), Href: present.IndicatorHref(p.Code, c)})
		}
	}
	vm.Evidence = s.evidencePanel(r, p, "", pr.Code, pr.Unit)
	if form != nil {
		vm.Progress = form
	} else if currentUser(r).CanEdit(indicators.Indicator{Department: pr.Unit}) {
		f := progressForm(l, p, pr, nil, s.app.Now().Year())
		vm.Progress = &f
	}
	key := p.Code + "/" + pr.Code
	if es, err := s.app.Audit(r.Context(), indicators.AuditFilter{Entity: "project", Key: key}, 50); err == nil {
		people := s.people(r)
		for _, a := range es {
			if a.Key != key {
				continue // the filter matches keys containing the text
			}
			vm.History = append(vm.History, views.HistoryRow{At: a.At.Local().Format("2006-01-02 15:04"), Who: present.Person(people, a.Actor),
				Change: l.T("audit.action." + a.Action)})
		}
	}
	s.render(w, r, status, views.ProjectView(vm))
}
