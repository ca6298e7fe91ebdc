package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/pdf"
	"plantrack/web/present"
	"plantrack/web/views"
)

func (s *Server) reportRoutes() {
	s.handle("GET /plans/{plan}/reports", accessRead, s.handleReports)
	s.handle("POST /plans/{plan}/reports", accessAdmin, s.handleIssue)
	s.handle("GET /plans/{plan}/reports/{file}", accessRead, s.handleDraft)
	s.handle("GET /reports/{file}", accessRead, s.handleIssued)
	s.handle("GET /plans/{plan}/indicators/{code}/narratives/{year}", accessEdit, s.handleNarrativeForm)
	s.handle("POST /plans/{plan}/indicators/{code}/narratives/{year}", accessEdit, s.handleSaveNarrative)
}

// reportFile splits "2024", "2024.pdf" or "ID.pdf" into the name and whether a PDF is wanted.
func reportFile(file string) (string, bool) {
	if name, ok := strings.CutSuffix(file, ".pdf"); ok {
		return name, true
	}
	return strings.TrimSuffix(file, ".html"), false
}

// sendReport sends a report page, or its PDF: a full printer queue is 503
// with Retry-After, and a server without Chromium says what to install.
func (s *Server) sendReport(w http.ResponseWriter, r *http.Request, body []byte, err error, asPDF bool, filename string) {
	switch {
	case errors.Is(err, app.ErrNoPrinter):
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "%s\n%s\n", lang(r).T("report.noPDF"), app.ErrNoPrinter)
		return
	case errors.Is(err, pdf.ErrBusy):
		w.Header().Set("Retry-After", "30")
		w.Header().Set("Cache-Control", "no-store")
		s.pageErrorStatus(w, r, http.StatusServiceUnavailable, indicators.TooMany("err.printer.busy"))
		return
	case err != nil:
		s.pageError(w, r, err)
		return
	case !asPDF:
		w.Header().Set("Cache-Control", "no-cache")
		s.write(w, r, http.StatusOK, "text/html; charset=utf-8", body)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`.pdf"`)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(body)
}

func (s *Server) handleDraft(w http.ResponseWriter, r *http.Request) {
	name, asPDF := reportFile(r.PathValue("file"))
	year, err := strconv.Atoi(name)
	if err != nil {
		s.pageError(w, r, indicators.NotFound("err.report.notFound", name))
		return
	}
	kind := indicators.ReportKind(r.URL.Query().Get("kind"))
	if kind == "" {
		kind = indicators.AnnualReport
	}
	plan := r.PathValue("plan")
	body, _, err := s.app.DraftReport(r.Context(), lang(r), plan, kind, year, asPDF)
	s.sendReport(w, r, body, err, asPDF, fmt.Sprintf("%s-%d-%s-draft", plan, year, kind))
}

func (s *Server) handleIssued(w http.ResponseWriter, r *http.Request) {
	id, asPDF := reportFile(r.PathValue("file"))
	body, _, err := s.app.IssuedReport(r.Context(), lang(r), id, asPDF)
	s.sendReport(w, r, body, err, asPDF, id)
}

func (s *Server) reportsPage(r *http.Request, plan indicators.Plan, form views.Form) (views.TablePage, error) {
	l := lang(r)
	issued, err := s.app.Reports(r.Context(), plan.Code)
	if err != nil {
		return views.TablePage{}, err
	}
	name := l.Pick(plan.NameZh, plan.NameEn)
	vm := views.TablePage{Page: s.page(r, l.T("report.list"), plan.Sample), Heading: l.T("report.list") + " · " + name,
		Intro: l.T("report.list.intro"), Head: []string{l.T("report.id"), l.T("report.kind"), l.T("report.year"), l.T("report.issued"), l.T("report.by"), "PDF"},
		Empty: l.T("report.none")}
	vm.Links = append(vm.Links, views.Link{Label: "‹ " + name, Href: present.PlanHref(plan.Code)})
	year := min(s.app.Now().Year()-1, plan.TargetYear)
	for _, k := range indicators.ReportKinds {
		href := fmt.Sprintf("%s/reports/%d?kind=%s", present.PlanHref(plan.Code), year, k)
		vm.Links = append(vm.Links,
			views.Link{Label: l.T("report.preview", l.T("report.yearPrefix", year)+l.T("report.kind."+string(k))), Href: href, Note: l.T("report.preview.note")},
			views.Link{Label: "PDF", Href: strings.Replace(href, "?", ".pdf?", 1)})
	}
	for _, rep := range issued {
		row := views.LinkedRow("/reports/"+rep.ID, rep.ID, l.T("report.kind."+string(rep.Kind)), l.T("year.suffix", rep.Year),
			rep.IssuedAt.Local().Format("2006-01-02 15:04"), rep.Actor)
		row.Cells = append(row.Cells, views.Cell{Text: "PDF", Href: "/reports/" + rep.ID + ".pdf"})
		vm.Rows = append(vm.Rows, row)
	}
	if currentUser(r).CanAdmin() {
		vm.Form, vm.FormHeading = &form, l.T("report.issue")
	}
	return vm, nil
}

func (s *Server) issueForm(l i18n.Lang, p indicators.Plan, kind, year string) views.Form {
	var kinds, years []views.Option
	for _, k := range indicators.ReportKinds {
		kinds = append(kinds, views.Option{Value: string(k), Label: l.T("report.kind." + string(k))})
	}
	for y := p.BaseYear + 1; y <= p.TargetYear; y++ {
		years = append(years, views.Option{Value: strconv.Itoa(y), Label: l.T("year.suffix", y)})
	}
	if year == "" {
		year = strconv.Itoa(min(s.app.Now().Year()-1, p.TargetYear))
	}
	return views.Form{ID: "issue-form", Action: present.PlanHref(p.Code) + "/reports", Submit: l.T("report.issue.submit"), Fields: []views.Field{
		{Name: "kind", Label: l.T("report.kind"), Type: "select", Value: kind, Options: kinds},
		{Name: "year", Label: l.T("report.year"), Type: "select", Value: year, Options: years, Help: l.T("report.issue.help")},
	}}
}

func (s *Server) handleReports(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Plan(r.Context(), r.PathValue("plan"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm, err := s.reportsPage(r, p, s.issueForm(lang(r), p, "", ""))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.TablePageView(vm))
}

func (s *Server) handleIssue(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Plan(r.Context(), r.PathValue("plan"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := posted(r, "kind", "year")
	var id string
	if err == nil {
		year, yerr := strconv.Atoi(v["year"])
		if yerr != nil {
			err = indicators.Invalid("year", "err.form.chooseYear")
		} else {
			id, err = s.app.Issue(r.Context(), actor(r), p.Code, indicators.ReportKind(v["kind"]), year)
		}
	}
	if err == nil {
		http.Redirect(w, r, "/reports/"+id, http.StatusSeeOther)
		return
	}
	l := lang(r)
	form := s.issueForm(l, p, v["kind"], v["year"])
	if !formError(&form, err, l) {
		s.pageError(w, r, err)
		return
	}
	vm, verr := s.reportsPage(r, p, form)
	if verr != nil {
		s.pageError(w, r, verr)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, views.TablePageView(vm))
}

// ---- narratives

func (s *Server) narrativePage(r *http.Request, d indicators.Dataset, year int, n indicators.Narrative) views.FormPage {
	l := lang(r)
	ind := d.Indicators[0]
	name := l.Pick(ind.NameZh, ind.NameEn)
	return views.FormPage{Page: s.page(r, l.T("narrative.title"), d.Plan.Sample),
		Heading: name + " · " + l.T("narrative.heading", year), Intro: l.T("narrative.intro"),
		Back: name, BackHref: present.IndicatorHref(d.Plan.Code, ind.Code),
		Form: views.Form{ID: "narrative-form", Action: fmt.Sprintf("%s/narratives/%d", present.IndicatorHref(d.Plan.Code, ind.Code), year),
			Submit: l.T("form.save"), Fields: []views.Field{
				{Name: "progress", Label: l.T("narrative.progress"), Type: "textarea", Value: n.Progress, Help: l.T("narrative.progress.help")},
				{Name: "problems", Label: l.T("narrative.problems"), Type: "textarea", Value: n.Problems, Help: l.T("narrative.problems.help")},
				{Name: "measures", Label: l.T("narrative.measures"), Type: "textarea", Value: n.Measures, Help: l.T("narrative.measures.help")},
			}}}
}

// narrativeTarget loads the indicator and year of a narrative route and
// checks that the user may write it.
func (s *Server) narrativeTarget(w http.ResponseWriter, r *http.Request) (indicators.Dataset, int, bool) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return d, 0, false
	}
	if !currentUser(r).CanEdit(d.Indicators[0]) {
		s.pageError(w, r, indicators.ForbiddenIndicator(d.Indicators[0].Code))
		return d, 0, false
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year <= d.Plan.BaseYear || year > d.Plan.TargetYear {
		s.pageError(w, r, indicators.NotFound("err.narrative.year", year, d.Plan.BaseYear+1, d.Plan.TargetYear))
		return d, 0, false
	}
	return d, year, true
}

func (s *Server) handleNarrativeForm(w http.ResponseWriter, r *http.Request) {
	d, year, ok := s.narrativeTarget(w, r)
	if !ok {
		return
	}
	ns, err := s.app.Narratives(r.Context(), d.Plan.Code, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.FormPageView(s.narrativePage(r, d, year, ns[d.Indicators[0].Code])))
}

func (s *Server) handleSaveNarrative(w http.ResponseWriter, r *http.Request) {
	d, year, ok := s.narrativeTarget(w, r)
	if !ok {
		return
	}
	v, err := posted(r, "progress", "problems", "measures")
	n := indicators.Narrative{Year: year, Progress: v["progress"], Problems: v["problems"], Measures: v["measures"]}
	if err == nil {
		err = s.app.SaveNarrative(r.Context(), actor(r), d.Plan.Code, d.Indicators[0].Code, n)
	}
	s.saveOrShow(w, r, err, present.IndicatorHref(d.Plan.Code, d.Indicators[0].Code)+"?saved=1#narratives", s.narrativePage(r, d, year, n))
}
