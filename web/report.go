package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/web/charts"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// Reports is what the report pages read and write.
type Reports interface {
	Narratives(ctx context.Context, plan string, year int) (map[string]indicators.Narrative, error)
	SaveNarrative(ctx context.Context, plan, indicator string, n indicators.Narrative) error
	IssueReport(ctx context.Context, snap indicators.ReportSnapshot, render func(id string) (zh, en []byte, err error)) (string, error)
	Reports(ctx context.Context, plan string) ([]indicators.ReportSnapshot, error)
	Report(ctx context.Context, id string) (indicators.ReportSnapshot, []byte, []byte, error)
}

// Printer turns a page on this machine into a PDF; pdf.Chromium is one.
type Printer interface {
	Print(ctx context.Context, url, header, footer string) ([]byte, error)
}

func (s *Server) reportRoutes() {
	s.handle("GET /plans/{plan}/reports", accessRead, s.handleReports)
	s.handle("POST /plans/{plan}/reports", accessAdmin, s.handleIssue)
	s.handle("GET /plans/{plan}/reports/{file}", accessRead, s.handleDraft)
	s.handle("GET /reports/{file}", accessRead, s.handleIssued)
	s.handle("GET /plans/{plan}/indicators/{code}/narratives/{year}", accessEdit, s.handleNarrativeForm)
	s.handle("POST /plans/{plan}/indicators/{code}/narratives/{year}", accessEdit, s.handleSaveNarrative)
}

// Snapshot gathers what a report of plan for year is made from: the plan
// with its departments, the current revision of each value up to year,
// and that year's narratives.
func (s *Server) Snapshot(ctx context.Context, plan string, kind indicators.ReportKind, year int) (indicators.ReportSnapshot, error) {
	d, err := s.store.Dataset(ctx, plan, "")
	if err != nil {
		return indicators.ReportSnapshot{}, err
	}
	if !kind.Valid() {
		return indicators.ReportSnapshot{}, indicators.Invalid("kind", "报告类型“%s”无效(annual、midterm 或 final)", "report kind %q is invalid (annual, midterm or final)", kind)
	}
	if year <= d.Plan.BaseYear || year > d.Plan.TargetYear {
		return indicators.ReportSnapshot{}, indicators.Invalid("year", "报告年度必须在%d到%d年之间", "the report year must be from %d to %d", d.Plan.BaseYear+1, d.Plan.TargetYear)
	}
	for code, obs := range d.Observations {
		cur := indicators.Current(obs)
		d.Observations[code] = slices.DeleteFunc(cur, func(o indicators.Observation) bool { return o.Year > year })
	}
	deps, err := s.store.Departments(ctx)
	if err != nil {
		return indicators.ReportSnapshot{}, err
	}
	used := map[string]bool{}
	for _, ind := range d.Indicators {
		used[ind.Department] = true
	}
	for _, dep := range deps {
		if used[dep.Code] {
			d.Departments = append(d.Departments, dep)
		}
	}
	ns, err := s.reports.Narratives(ctx, plan, year)
	if err != nil {
		return indicators.ReportSnapshot{}, err
	}
	return indicators.ReportSnapshot{Kind: kind, Year: year, MethodVersion: indicators.MethodVersion, Dataset: d, Narratives: ns}, nil
}

func date(l i18n.Lang, t time.Time) string {
	if l == i18n.En {
		return t.Format("2 January 2006")
	}
	return t.Format("2006年1月2日")
}

// reportPage lays out a report from its snapshot alone, so that an issued
// report can be laid out again from what was frozen. today dates a draft.
func (s *Server) reportPage(l i18n.Lang, snap indicators.ReportSnapshot, draft bool, today time.Time) views.ReportPage {
	d, p, year := snap.Dataset, snap.Dataset.Plan, snap.Year
	all := d.Assess(year)
	// binding first, then expected, then reference figures; stable within each
	rank := map[indicators.Attribute]int{indicators.Binding: 0, indicators.Expected: 1, indicators.Reference: 2}
	slices.SortStableFunc(all, func(a, b indicators.Assessed) int { return rank[a.Indicator.Attribute] - rank[b.Indicator.Attribute] })

	kind := l.T("report.kind." + string(snap.Kind))
	vm := views.ReportPage{Lang: l, Asset: s.assets.url, Draft: draft, ID: snap.ID, Jurisdiction: p.Jurisdiction,
		PlanName: l.Pick(p.NameZh, p.NameEn), KindLabel: kind, YearLabel: l.F("report.yearPrefix", year),
		DataAsOf: l.F("year.suffix", year) + l.T("report.yearEnd"), Sample: p.Sample}
	vm.Title = vm.PlanName + " · " + vm.YearLabel + kind
	issued, id := l.T("report.notIssued"), l.T("report.draftMark")
	if draft {
		vm.DraftNote = l.F("report.draftNote", date(l, today))
	} else {
		issued, id = date(l, snap.IssuedAt), snap.ID
	}
	vm.Cover = []views.KV{
		{Label: l.T("plans.jurisdiction"), Value: p.Jurisdiction},
		{Label: l.T("plans.period"), Value: period(p)},
		{Label: l.T("report.kind"), Value: kind},
		{Label: l.T("report.year"), Value: l.F("year.suffix", year)},
		{Label: l.T("report.issued"), Value: issued},
		{Label: l.T("report.asOf"), Value: vm.DataAsOf},
		{Label: l.T("report.id"), Value: id},
		{Label: l.T("report.method"), Value: snap.MethodVersion},
	}
	vm.Counts = counts(l, all, nil, "")
	vm.Sentences = reportSentences(l, snap, all)
	if draft {
		for _, ind := range indicators.Unexplained(all, snap.Narratives) {
			vm.Blocked = append(vm.Blocked, l.Pick(ind.NameZh, ind.NameEn))
		}
	}

	vm.TableHead = []string{l.T("col.name"), l.T("col.attribute"), l.T("col.unit"), l.T("col.baseline"), l.T("col.target")}
	for y := p.BaseYear + 1; y <= year; y++ {
		vm.TableHead = append(vm.TableHead, l.F("year.suffix", y))
	}
	vm.TableHead = append(vm.TableHead, l.T("col.completion"), l.T("col.elapsed"), l.T("col.status"))
	depName := map[string]string{}
	for _, dep := range d.Departments {
		depName[dep.Code] = l.Pick(dep.NameZh, dep.NameEn)
	}
	labels := chartLabels(l)
	var sources []string
	for i, x := range all {
		ind, a := x.Indicator, x.Assessment
		row := views.ReportRow{Status: string(a.Status), StatusLabel: statusLabel(l, a.Status), Binding: ind.Attribute == indicators.Binding,
			Cells: []string{l.Pick(ind.NameZh, ind.NameEn), l.T("attr." + string(ind.Attribute)), ind.Unit, optNum(l, a.X0), targetText(l, ind, a)}}
		byYear := map[int]indicators.Observation{}
		for _, o := range x.Current {
			byYear[o.Year] = o
		}
		for y := p.BaseYear + 1; y <= year; y++ {
			cell := "—"
			if o, ok := byYear[y]; ok {
				cell = strings.TrimSpace(qualShort(l, o.Qualifier) + " " + num(o.Value))
			}
			row.Cells = append(row.Cells, cell)
		}
		row.Cells = append(row.Cells, optPct(a.Completion), optPct(a.Elapsed), "")
		vm.TableRows = append(vm.TableRows, row)

		sec := views.ReportIndicator{Number: strconv.Itoa(i+1) + ".", Name: l.Pick(ind.NameZh, ind.NameEn), Code: ind.Code,
			Status: string(a.Status), StatusLabel: statusLabel(l, a.Status), ChartID: "chart-" + strconv.Itoa(i+1),
			Chart: charts.Indicator("chart-"+strconv.Itoa(i+1), ind, a, x.Current, labels), Calc: calculation(l, ind, a)}
		meta := []string{l.T("attr." + string(ind.Attribute)), l.T("kind." + string(ind.Target.Kind)), ind.Unit}
		if n := depName[ind.Department]; n != "" {
			meta = append(meta, l.T("col.department")+l.T("punct.colon")+n)
		}
		sec.Meta = strings.Join(meta, " · ")
		sec.Verdict = sec.Explain
		if a.Latest != nil {
			sec.Verdict = l.F("ind.basis", a.Latest.Year) + sec.Explain
		}
		if n, ok := snap.Narratives[ind.Code]; ok && !n.Empty() {
			none := l.T("narrative.none")
			sec.Progress, sec.Problems, sec.Measures = or(n.Progress, none), or(n.Problems, none), or(n.Measures, none)
		} else {
			sec.NoNarrative = l.F("report.noNarrative", year)
		}
		if ind.Attribute == indicators.Binding && a.Status.OffTrack() && strings.TrimSpace(snap.Narratives[ind.Code].Problems) == "" {
			sec.Unexplained, sec.NoNarrative = true, l.F("report.unexplained", year)
		}
		if ind.BaselineSource != "" {
			sec.Sources = append(sec.Sources, l.F("report.baselineSource", ind.BaselineYear)+ind.BaselineSource)
		}
		for _, o := range x.Current {
			if o.Source != "" {
				src := l.F("year.suffix", o.Year) + l.T("punct.colon") + o.Source
				if o.Note != "" {
					src += "(" + o.Note + ")"
				}
				sec.Sources = append(sec.Sources, src)
				sources = append(sources, o.Source)
			}
		}
		if len(sec.Sources) == 0 {
			sec.Sources = []string{l.T("report.noSources")}
		}
		vm.Sections = append(vm.Sections, sec)
	}
	for _, g := range gaps(l, p, all, year) {
		vm.Gaps = append(vm.Gaps, views.Gap{Name: g.Name, What: g.What})
	}
	for _, k := range []string{"report.m1", "report.m2", "report.m3", "report.m4", "report.m5", "report.m6"} {
		vm.Method = append(vm.Method, l.T(k))
	}
	vm.Method = append(vm.Method, l.F("report.m.tolerance", i18n.Pct(p.Tol())))
	sort.Strings(sources)
	vm.Sources = slices.Compact(sources)
	return vm
}

func or(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// reportSentences are the summary's sentences, generated from the data.
func reportSentences(l i18n.Lang, snap indicators.ReportSnapshot, all []indicators.Assessed) []string {
	p, year := snap.Dataset.Plan, snap.Year
	var out []string
	switch snap.Kind {
	case indicators.AnnualReport:
		out = append(out, l.F("report.s.annual", year, year))
	case indicators.MidtermReport:
		out = append(out, l.F("report.s.midterm", year, i18n.Pct(float64(year-p.BaseYear)/float64(p.TargetYear-p.BaseYear))))
	case indicators.FinalReport:
		out = append(out, l.F("report.s.final", p.BaseYear+1, p.TargetYear))
		if year < p.TargetYear {
			out = append(out, l.F("report.s.finalEarly", year, p.TargetYear))
		}
	}
	var binding, expected, reference int
	var met, lag, bindingOff, noData []string
	good := 0
	for _, x := range all {
		name := l.Pick(x.Indicator.NameZh, x.Indicator.NameEn)
		switch x.Indicator.Attribute {
		case indicators.Binding:
			binding++
		case indicators.Expected:
			expected++
		default:
			reference++
		}
		if x.Indicator.Attribute == indicators.Reference {
			continue
		}
		switch st := x.Assessment.Status; {
		case st.Met():
			met = append(met, name)
		case st == indicators.StatusAhead || st == indicators.StatusOnTrack || st == indicators.StatusCompliant:
			good++
		case st.OffTrack():
			lag = append(lag, name)
		case st == indicators.StatusNoData || st == indicators.StatusNoBaseline:
			noData = append(noData, name)
		}
		if x.Indicator.Attribute == indicators.Binding && x.Assessment.Status.OffTrack() {
			bindingOff = append(bindingOff, name)
		}
	}
	out = append(out, l.F("report.s.scope", year, len(all), binding, expected, reference))
	if len(met) > 0 {
		out = append(out, l.F("report.s.met", len(met), l.List(met)))
	}
	out = append(out, l.F("report.s.good", good))
	if len(lag) > 0 {
		out = append(out, l.F("report.s.lag", len(lag), l.List(lag)))
	}
	switch {
	case len(bindingOff) > 0:
		out = append(out, l.F("report.s.bindingOff", len(bindingOff), l.List(bindingOff)))
	case binding > 0:
		out = append(out, l.T("report.s.bindingOK"))
	}
	if len(noData) > 0 {
		out = append(out, l.F("report.s.noData", len(noData), l.List(noData)))
	}
	return out
}

// RenderReport renders a report page to HTML.
func (s *Server) RenderReport(ctx context.Context, l i18n.Lang, snap indicators.ReportSnapshot, draft bool) ([]byte, error) {
	var buf bytes.Buffer
	err := views.ReportView(s.reportPage(l, snap, draft, s.now())).Render(ctx, &buf)
	return buf.Bytes(), err
}

// ErrNoPrinter says that PDFs cannot be made here.
var ErrNoPrinter = errors.New("PDF needs a headless Chromium on the server (apt-get install -y chromium); the HTML report works without it")

// PrintPDF prints a rendered report: it serves the page and the static
// files on a loopback port of its own for the length of one print, so it
// works the same for the server and the command line, and needs no session.
func (s *Server) PrintPDF(ctx context.Context, page []byte, header string) ([]byte, error) {
	if s.printer == nil {
		return nil, ErrNoPrinter
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /report", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("GET /static/{version}/{path...}", s.handleStatic)
	mux.HandleFunc("GET /favicon.ico", s.handleFavicon)
	srv := &http.Server{Handler: s.secure(mux), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	head := `<div style="font-size:8px;width:100%;margin:0 18mm;color:#555;font-family:'Noto Sans CJK SC',sans-serif;border-bottom:0.5px solid #999;padding-bottom:2px;">` +
		html.EscapeString(header) + `</div>`
	foot := `<div style="font-size:8px;width:100%;text-align:center;color:#555;font-family:'Noto Sans CJK SC',sans-serif;">` +
		`<span class="pageNumber"></span> / <span class="totalPages"></span></div>`
	return s.printer.Print(ctx, "http://"+ln.Addr().String()+"/report", head, foot)
}

// reportFile splits "2024", "2024.pdf" or "ID.pdf" into the name and whether a PDF is wanted.
func reportFile(file string) (string, bool) {
	if name, ok := strings.CutSuffix(file, ".pdf"); ok {
		return name, true
	}
	return strings.TrimSuffix(file, ".html"), false
}

func (s *Server) sendReport(w http.ResponseWriter, r *http.Request, page []byte, pdf bool, header, filename string) {
	if !pdf {
		w.Header().Set("Cache-Control", "no-cache")
		s.write(w, r, http.StatusOK, "text/html; charset=utf-8", page)
		return
	}
	out, err := s.PrintPDF(r.Context(), page, header)
	if errors.Is(err, ErrNoPrinter) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "%s\n%s\n", lang(r).T("report.noPDF"), ErrNoPrinter)
		return
	}
	if err != nil {
		s.pageError(w, r, indicators.Internal(err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`.pdf"`)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(out)
}

func (s *Server) handleDraft(w http.ResponseWriter, r *http.Request) {
	name, pdf := reportFile(r.PathValue("file"))
	year, err := strconv.Atoi(name)
	if err != nil {
		s.pageError(w, r, indicators.NotFound("报告不存在", "no such report"))
		return
	}
	kind := indicators.ReportKind(r.URL.Query().Get("kind"))
	if kind == "" {
		kind = indicators.AnnualReport
	}
	snap, err := s.Snapshot(r.Context(), r.PathValue("plan"), kind, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	l := lang(r)
	page, err := s.RenderReport(r.Context(), l, snap, true)
	if err != nil {
		s.pageError(w, r, indicators.Internal(err))
		return
	}
	p := snap.Dataset.Plan
	s.sendReport(w, r, page, pdf, l.Pick(p.NameZh, p.NameEn)+" · "+l.F("report.yearPrefix", year)+l.T("report.kind."+string(kind))+" · "+l.T("report.draftMark"),
		fmt.Sprintf("%s-%d-%s-draft", p.Code, year, kind))
}

func (s *Server) handleIssued(w http.ResponseWriter, r *http.Request) {
	id, pdf := reportFile(r.PathValue("file"))
	snap, zh, en, err := s.reports.Report(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	l := lang(r)
	page := zh
	if l == i18n.En {
		page = en
	}
	p := snap.Dataset.Plan
	s.sendReport(w, r, page, pdf, l.Pick(p.NameZh, p.NameEn)+" · "+l.F("report.yearPrefix", snap.Year)+l.T("report.kind."+string(snap.Kind))+" · "+id, id)
}

// Issue freezes a report of plan for year: it refuses while a binding
// indicator is off track without an explanation, then stores the snapshot
// and the pages in both languages under a new ID.
func (s *Server) Issue(ctx context.Context, plan string, kind indicators.ReportKind, year int, by string) (string, error) {
	snap, err := s.Snapshot(ctx, plan, kind, year)
	if err != nil {
		return "", err
	}
	if missing := indicators.Unexplained(snap.Dataset.Assess(year), snap.Narratives); len(missing) > 0 {
		var zh, en []string
		for _, ind := range missing {
			zh, en = append(zh, ind.NameZh), append(en, i18n.En.Pick(ind.NameZh, ind.NameEn))
		}
		return "", &indicators.Error{Kind: indicators.KindInvalid, Field: "narratives",
			Zh: fmt.Sprintf("以下约束性指标进度未达要求,但没有填写“问题”说明,不能印发:%s。请先填写这些指标%d年的进展/问题/举措。", strings.Join(zh, "、"), year),
			En: fmt.Sprintf("These binding indicators are off track without an explanation in “problems”, so the report cannot be issued: %s. Write their %d narratives first.", strings.Join(en, "; "), year)}
	}
	snap.IssuedAt, snap.IssuedBy = s.now(), by
	return s.reports.IssueReport(ctx, snap, func(id string) ([]byte, []byte, error) {
		snap.ID = id
		zh, err := s.RenderReport(ctx, i18n.Zh, snap, false)
		if err != nil {
			return nil, nil, err
		}
		en, err := s.RenderReport(ctx, i18n.En, snap, false)
		return zh, en, err
	})
}

func (s *Server) reportsPage(r *http.Request, plan indicators.Plan, form views.Form) (views.TablePage, error) {
	l := lang(r)
	issued, err := s.reports.Reports(r.Context(), plan.Code)
	if err != nil {
		return views.TablePage{}, err
	}
	name := l.Pick(plan.NameZh, plan.NameEn)
	vm := views.TablePage{Page: s.page(r, l.T("report.list"), plan.Sample), Heading: l.T("report.list") + " · " + name,
		Intro: l.T("report.list.intro"), Head: []string{l.T("report.id"), l.T("report.kind"), l.T("report.year"), l.T("report.issued"), l.T("report.by"), "PDF"},
		Empty: l.T("report.none")}
	vm.Links = append(vm.Links, views.Link{Label: "‹ " + name, Href: planHref(plan.Code)})
	year := min(s.now().Year()-1, plan.TargetYear)
	for _, k := range indicators.ReportKinds {
		href := fmt.Sprintf("%s/reports/%d?kind=%s", planHref(plan.Code), year, k)
		vm.Links = append(vm.Links,
			views.Link{Label: l.F("report.preview", l.F("report.yearPrefix", year)+l.T("report.kind."+string(k))), Href: href, Note: l.T("report.preview.note")},
			views.Link{Label: "PDF", Href: strings.Replace(href, "?", ".pdf?", 1)})
	}
	for _, rep := range issued {
		vm.Rows = append(vm.Rows, []string{rep.ID, l.T("report.kind." + string(rep.Kind)), l.F("year.suffix", rep.Year),
			rep.IssuedAt.Local().Format("2006-01-02 15:04"), rep.IssuedBy, "PDF"})
		vm.RowLinks = append(vm.RowLinks, "/reports/"+rep.ID)
		vm.LastLinks = append(vm.LastLinks, "/reports/"+rep.ID+".pdf")
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
		years = append(years, views.Option{Value: strconv.Itoa(y), Label: l.F("year.suffix", y)})
	}
	if year == "" {
		year = strconv.Itoa(min(s.now().Year()-1, p.TargetYear))
	}
	return views.Form{ID: "issue-form", Action: planHref(p.Code) + "/reports", Submit: l.T("report.issue.submit"), Fields: []views.Field{
		{Name: "kind", Label: l.T("report.kind"), Type: "select", Value: kind, Options: kinds},
		{Name: "year", Label: l.T("report.year"), Type: "select", Value: year, Options: years, Help: l.T("report.issue.help")},
	}}
}

func (s *Server) handleReports(w http.ResponseWriter, r *http.Request) {
	p, err := s.store.Plan(r.Context(), r.PathValue("plan"))
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
	p, err := s.store.Plan(r.Context(), r.PathValue("plan"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := posted(r, "kind", "year")
	var id string
	if err == nil {
		year, yerr := strconv.Atoi(v["year"])
		if yerr != nil {
			err = indicators.Invalid("year", "请选择年份", "choose a year")
		} else {
			id, err = s.Issue(r.Context(), p.Code, indicators.ReportKind(v["kind"]), year, currentUser(r).Name)
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
		Heading: name + " · " + l.F("narrative.heading", year), Intro: l.T("narrative.intro"),
		Back: name, BackHref: indicatorHref(d.Plan.Code, ind.Code),
		Form: views.Form{ID: "narrative-form", Action: fmt.Sprintf("%s/narratives/%d", indicatorHref(d.Plan.Code, ind.Code), year),
			Submit: l.T("form.save"), Fields: []views.Field{
				{Name: "progress", Label: l.T("narrative.progress"), Type: "textarea", Value: n.Progress, Help: l.T("narrative.progress.help")},
				{Name: "problems", Label: l.T("narrative.problems"), Type: "textarea", Value: n.Problems, Help: l.T("narrative.problems.help")},
				{Name: "measures", Label: l.T("narrative.measures"), Type: "textarea", Value: n.Measures, Help: l.T("narrative.measures.help")},
			}}}
}

// narrativeTarget loads the indicator and year of a narrative route and
// checks that the user may write it.
func (s *Server) narrativeTarget(w http.ResponseWriter, r *http.Request) (indicators.Dataset, int, bool) {
	d, err := s.store.Dataset(r.Context(), r.PathValue("plan"), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return d, 0, false
	}
	if !currentUser(r).CanEdit(d.Indicators[0]) {
		s.pageError(w, r, &indicators.Error{Kind: indicators.KindUnauthorized,
			Zh: "您只能填写本部门负责的指标", En: "You can only write for your own department's indicators"})
		return d, 0, false
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year <= d.Plan.BaseYear || year > d.Plan.TargetYear {
		s.pageError(w, r, indicators.NotFound("年份不在规划期内", "the year is outside the plan"))
		return d, 0, false
	}
	return d, year, true
}

func (s *Server) handleNarrativeForm(w http.ResponseWriter, r *http.Request) {
	d, year, ok := s.narrativeTarget(w, r)
	if !ok {
		return
	}
	ns, err := s.reports.Narratives(r.Context(), d.Plan.Code, year)
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
	n := indicators.Narrative{Year: year, Progress: v["progress"], Problems: v["problems"], Measures: v["measures"],
		UpdatedBy: currentUser(r).Name, UpdatedAt: s.now()}
	if err == nil {
		err = s.reports.SaveNarrative(r.Context(), d.Plan.Code, d.Indicators[0].Code, n)
	}
	s.saveOrShow(w, r, err, indicatorHref(d.Plan.Code, d.Indicators[0].Code)+"?saved=1#narratives", s.narrativePage(r, d, year, n))
}
