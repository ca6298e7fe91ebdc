package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
	s.handleCached("GET /plans/{plan}/reports", accessRead, s.handleReports)
	s.handle("POST /plans/{plan}/reports", accessAdmin, s.handleIssue)
	s.handleCached("GET /plans/{plan}/reports/{file}", accessRead, s.handleDraft)
	s.handleCached("GET /reports/{file}", accessRead, s.handleIssued)
	s.handle("GET /reports/{id}/withdraw", accessAdmin, s.handleWithdrawForm)
	s.handle("POST /reports/{id}/withdraw", accessAdmin, s.handleWithdraw)
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

// reportsPage lists the drafts that make sense for the plan's period and
// the issued reports, and, for administrators, the form to issue one.
func (s *Server) reportsPage(r *http.Request, plan indicators.Plan, form views.Form) (views.ReportsPage, error) {
	l := lang(r)
	issued, err := s.app.Reports(r.Context(), plan.Code)
	if err != nil {
		return views.ReportsPage{}, err
	}
	name := l.Pick(plan.NameZh, plan.NameEn)
	vm := views.ReportsPage{Page: s.page(r, l.T("report.list"), plan.Sample), Heading: l.T("report.list") + " · " + name,
		Intro: l.T("report.list.intro"), Back: name, BackHref: present.PlanHref(plan.Code), CanWithdraw: currentUser(r).CanAdmin()}
	if !s.app.CanPrint() {
		vm.NoPDF = l.T("report.noPDF")
	}
	pdf := func(href string) string {
		if !s.app.CanPrint() {
			return ""
		}
		return strings.Replace(href, "?", ".pdf?", 1)
	}
	for _, d := range s.draftChoices(plan) {
		href := fmt.Sprintf("%s/reports/%d?kind=%s", present.PlanHref(plan.Code), d.year, d.kind)
		vm.Drafts = append(vm.Drafts, views.DraftLink{Kind: l.T("report.kind." + string(d.kind)), Year: l.T("year.suffix", d.year),
			Title: l.T("report.yearPrefix", d.year) + l.T("report.kind."+string(d.kind)), Href: href, PDFHref: pdf(href)})
	}
	people := s.people(r)
	for _, rep := range issued {
		row := views.IssuedReport{ID: rep.ID, Href: "/reports/" + rep.ID, PDFHref: pdf("/reports/" + rep.ID + ".pdf?"),
			Kind: l.T("report.kind." + string(rep.Kind)), Year: l.T("year.suffix", rep.Year),
			IssuedAt: rep.IssuedAt.Local().Format("2006-01-02 15:04"), Actor: present.Person(people, rep.Actor), State: l.T("report.state.issued")}
		row.PDFHref = strings.TrimSuffix(row.PDFHref, "?")
		if w := rep.Withdrawn; w != nil {
			row.Withdrawn, row.State = true, l.T("report.state.withdrawn", w.At.Local().Format("2006-01-02"), w.Reason)
		}
		vm.Issued = append(vm.Issued, row)
	}
	if currentUser(r).CanAdmin() {
		vm.Form = &form
	}
	return vm, nil
}

// draftChoice is a report kind and year that make sense to draft now.
type draftChoice struct {
	kind indicators.ReportKind
	year int
}

// draftChoices are the drafts a plan offers, newest first: annual reports
// of the years whose data can be in (up to last year), mid-term and final
// evaluations of the years that fit them.
func (s *Server) draftChoices(p indicators.Plan) []draftChoice {
	last := s.app.Now().Year() - 1 // statistics come a year late
	var out []draftChoice
	for _, k := range []indicators.ReportKind{indicators.FinalReport, indicators.MidtermReport, indicators.AnnualReport} {
		years := k.Years(p)
		for i := len(years) - 1; i >= 0; i-- {
			if years[i] <= max(last, p.BaseYear+1) {
				out = append(out, draftChoice{k, years[i]})
			}
		}
	}
	return out
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
	return views.Form{ID: "issue-form", Action: present.PlanHref(p.Code) + "/reports", Submit: l.T("report.issue.check"), Fields: []views.Field{
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
	if id := r.URL.Query().Get("withdrawn"); id != "" {
		vm.Page.Notice = lang(r).T("report.withdrawn.notice", id)
	}
	s.render(w, r, http.StatusOK, views.ReportsView(vm))
}

// handleIssue checks the report asked for and shows what issuing it means,
// with a button that confirms; the confirmed form (confirm=1) issues it.
func (s *Server) handleIssue(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Plan(r.Context(), r.PathValue("plan"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	l := lang(r)
	v, err := posted(r, "kind", "year", "confirm")
	kind := indicators.ReportKind(v["kind"])
	year, yerr := strconv.Atoi(v["year"])
	if err == nil && yerr != nil {
		err = indicators.Invalid("year", "err.form.chooseYear")
	}
	if err == nil && v["confirm"] == "" {
		if _, err = s.app.CheckIssue(r.Context(), p.Code, kind, year); err == nil {
			title := l.T("report.yearPrefix", year) + l.T("report.kind."+string(kind))
			s.render(w, r, http.StatusOK, views.FormPageView(views.FormPage{Page: s.page(r, l.T("report.confirm.title"), p.Sample),
				Heading: l.T("report.confirm.heading", title), Intro: l.T("report.confirm.intro", l.Pick(p.NameZh, p.NameEn), currentUser(r).Name),
				Back: l.T("report.list"), BackHref: present.PlanHref(p.Code) + "/reports",
				Form: views.Form{ID: "confirm-issue", Action: present.PlanHref(p.Code) + "/reports", Submit: l.T("report.issue.submit"),
					Fields: []views.Field{{Name: "kind", Type: "hidden", Value: string(kind)}, {Name: "year", Type: "hidden", Value: v["year"]},
						{Name: "confirm", Type: "hidden", Value: "1"}}}}))
			return
		}
	}
	var id string
	if err == nil {
		id, err = s.app.Issue(r.Context(), actor(r), p.Code, kind, year)
	}
	if err == nil {
		http.Redirect(w, r, "/reports/"+id, http.StatusSeeOther)
		return
	}
	form := s.issueForm(l, p, v["kind"], v["year"])
	if !formError(&form, err, r) {
		s.pageError(w, r, err)
		return
	}
	vm, verr := s.reportsPage(r, p, form)
	if verr != nil {
		s.pageError(w, r, verr)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, views.ReportsView(vm))
}

// withdrawPage is the form that withdraws an issued report, with its reason.
func (s *Server) withdrawPage(r *http.Request, snap indicators.ReportSnapshot, reason string) views.FormPage {
	l := lang(r)
	p := snap.Dataset.Plan
	return views.FormPage{Page: s.page(r, l.T("report.withdraw"), p.Sample), Heading: l.T("report.withdraw.heading", snap.ID),
		Intro: l.T("report.withdraw.intro"), Back: l.T("report.list"), BackHref: present.PlanHref(p.Code) + "/reports",
		Form: views.Form{ID: "withdraw-form", Action: "/reports/" + snap.ID + "/withdraw", Submit: l.T("report.withdraw.submit"),
			Fields: []views.Field{{Name: "reason", Label: l.T("report.withdraw.reason"), Type: "textarea", Value: reason, Required: true}}}}
}

func (s *Server) handleWithdrawForm(w http.ResponseWriter, r *http.Request) {
	_, snap, err := s.app.IssuedReport(r.Context(), lang(r), r.PathValue("id"), false)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if snap.Withdrawn != nil {
		s.pageError(w, r, indicators.Conflict("err.report.withdrawn", snap.ID))
		return
	}
	s.render(w, r, http.StatusOK, views.FormPageView(s.withdrawPage(r, snap, "")))
}

func (s *Server) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	_, snap, err := s.app.IssuedReport(r.Context(), lang(r), r.PathValue("id"), false)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := posted(r, "reason")
	if err == nil {
		err = s.app.Withdraw(r.Context(), actor(r), snap.ID, v["reason"])
	}
	s.saveOrShow(w, r, err, present.PlanHref(snap.Dataset.Plan.Code)+"/reports?withdrawn="+url.QueryEscape(snap.ID), s.withdrawPage(r, snap, v["reason"]))
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
		s.pageError(w, r, s.forbiddenIndicator(r, d.Indicators[0]))
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
