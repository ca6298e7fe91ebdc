package app

import (
	"bytes"
	"context"
	"errors"
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/pdf"
	"plantrack/web/present"
	"plantrack/web/views"
)

// Snapshot gathers what a report of plan for year is made from, in one
// read transaction: the plan with its departments, the current revision of
// each value up to year, and that year's narratives.
func (a *App) Snapshot(ctx context.Context, plan string, kind indicators.ReportKind, year int) (indicators.ReportSnapshot, error) {
	if !kind.Valid() {
		return indicators.ReportSnapshot{}, indicators.Invalid("kind", "err.report.kind", kind)
	}
	d, parts, ns, err := a.store.ReportData(ctx, plan, year)
	if err != nil {
		return indicators.ReportSnapshot{}, err
	}
	if year <= d.Plan.BaseYear || year > d.Plan.TargetYear {
		return indicators.ReportSnapshot{}, indicators.Invalid("year", "err.report.year", d.Plan.BaseYear+1, d.Plan.TargetYear)
	}
	if !kind.Allows(d.Plan, year) {
		years := kind.Years(d.Plan)
		return indicators.ReportSnapshot{}, indicators.Invalid("year", "err.report.kindYear", indicators.M("report.kind."+string(kind)),
			year, years[0], years[len(years)-1])
	}
	prs := d.Projects
	d.Projects = nil
	return indicators.ReportSnapshot{Kind: kind, Year: year, MethodVersion: indicators.MethodVersion, Dataset: d, Districts: parts,
		Projects: prs, Narratives: ns}, nil
}

func date(l i18n.Lang, t time.Time) string { return t.Format(l.T("date.layout")) }

// reportPage lays out a report from its snapshot alone, so that an issued
// report can be laid out again from what was frozen. today dates a draft.
func (a *App) reportPage(l i18n.Lang, snap indicators.ReportSnapshot, draft bool, today time.Time) views.ReportPage {
	d, p, year := snap.Dataset, snap.Dataset.Plan, snap.Year
	all := d.Assess(year)
	// binding first, then expected, then reference figures; stable within each
	rank := map[indicators.Attribute]int{indicators.Binding: 0, indicators.Expected: 1, indicators.Reference: 2}
	slices.SortStableFunc(all, func(a, b indicators.Assessed) int { return rank[a.Indicator.Attribute] - rank[b.Indicator.Attribute] })

	kind := l.T("report.kind." + string(snap.Kind))
	vm := views.ReportPage{Lang: l, Asset: a.assets.URL, Draft: draft, ID: snap.ID, Jurisdiction: p.Jurisdiction,
		PlanName: l.Pick(p.NameZh, p.NameEn), KindLabel: kind, YearLabel: l.T("report.yearPrefix", year),
		DataAsOf: l.T("year.suffix", year) + l.T("report.yearEnd"), Sample: p.Sample}
	vm.Title = vm.PlanName + " · " + vm.YearLabel + kind
	issued, id := l.T("report.notIssued"), l.T("report.draftMark")
	if draft {
		vm.DraftNote = l.T("report.draftNote", date(l, today))
	} else {
		issued, id = date(l, snap.IssuedAt), snap.ID
	}
	vm.Cover = []views.KV{
		{Label: l.T("plans.jurisdiction"), Value: p.Jurisdiction},
		{Label: l.T("report.organisation"), Value: or(p.Organisation, l.T("report.organisation.unset"))},
		{Label: l.T("plans.period"), Value: present.Period(p)},
		{Label: l.T("report.kind"), Value: kind},
		{Label: l.T("report.year"), Value: l.T("year.suffix", year)},
		{Label: l.T("report.issued"), Value: issued},
		{Label: l.T("report.asOf"), Value: vm.DataAsOf},
		{Label: l.T("report.id"), Value: id},
		{Label: l.T("report.method"), Value: l.T("report.methodName", snap.MethodVersion)},
	}
	vm.Counts = present.Counts(l, all, nil, "")
	vm.Sentences = reportSentences(l, snap, all)
	if draft {
		for _, ind := range indicators.Unexplained(all, snap.Narratives) {
			vm.Blocked = append(vm.Blocked, l.Pick(ind.NameZh, ind.NameEn))
		}
	}

	vm.TableHead = []string{l.T("col.name"), l.T("col.attribute"), l.T("col.unit"), l.T("col.baseline"), l.T("col.target")}
	for y := p.BaseYear + 1; y <= year; y++ {
		vm.TableHead = append(vm.TableHead, l.T("year.suffix", y))
	}
	vm.TableHead = append(vm.TableHead, l.T("col.completion"), l.T("col.elapsed"), l.T("col.status"))
	depName := map[string]string{}
	for _, dep := range d.Departments {
		depName[dep.Code] = l.Pick(dep.NameZh, dep.NameEn)
	}
	var sources []string
	for i, x := range all {
		ind, a := x.Indicator, x.Assessment
		row := views.ReportRow{Status: string(a.Status), StatusLabel: present.StatusLabel(l, a.Status), Stale: present.StaleNote(l, a),
			Binding: ind.Attribute == indicators.Binding,
			Cells:   []string{l.Pick(ind.NameZh, ind.NameEn), l.T("attr." + string(ind.Attribute)), l.UnitLabel(ind.Unit), present.Baseline(l, ind, a), present.TargetText(l, ind, a)}}
		byYear := map[int]indicators.Observation{}
		for _, o := range x.Current {
			byYear[o.Year] = o
		}
		for y := p.BaseYear + 1; y <= year; y++ {
			cell := "—"
			if o, ok := byYear[y]; ok {
				cell = present.FigureText(l, o)
			}
			row.Cells = append(row.Cells, cell)
		}
		row.Cells = append(row.Cells, present.OptPct(a.Completion), present.OptPct(a.Elapsed), "")
		vm.TableRows = append(vm.TableRows, row)

		sec := views.ReportIndicator{Number: strconv.Itoa(i+1) + ".", Name: l.Pick(ind.NameZh, ind.NameEn), Code: ind.Code,
			Status: string(a.Status), StatusLabel: present.StatusLabel(l, a.Status), Stale: present.StaleNote(l, a),
			Chart: present.IndicatorChart(l, "chart-"+strconv.Itoa(i+1), "chart-report", "svg", ind, a, x.Current), Calc: present.Calculation(l, ind, a)}
		meta := []string{l.T("attr." + string(ind.Attribute)), l.T("kind." + string(ind.Target.Kind)), l.UnitLabel(ind.Unit)}
		if n := depName[ind.Department]; n != "" {
			meta = append(meta, l.T("col.department")+l.T("punct.colon")+n)
		}
		sec.Meta = strings.Join(meta, " · ")
		sec.Verdict = sec.Explain
		if a.Latest != nil {
			sec.Verdict = l.T("ind.basis", a.Latest.Year) + sec.Explain
		}
		if n, ok := snap.Narratives[ind.Code]; ok && !n.Empty() {
			none := l.T("narrative.none")
			sec.Progress, sec.Problems, sec.Measures = or(n.Progress, none), or(n.Problems, none), or(n.Measures, none)
		} else {
			sec.NoNarrative = l.T("report.noNarrative", year)
		}
		if ind.Attribute == indicators.Binding && a.Status.OffTrack() && strings.TrimSpace(snap.Narratives[ind.Code].Problems) == "" {
			sec.Unexplained, sec.NoNarrative = true, l.T("report.unexplained", year)
		}
		if ind.BaselineSource != "" {
			sec.Sources = append(sec.Sources, l.T("report.baselineSource", ind.BaselineYear)+ind.BaselineSource)
		}
		for _, o := range x.Current {
			if o.Source != "" {
				src := l.T("year.suffix", o.Year) + l.T("punct.colon") + o.Source
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
	for _, g := range present.Gaps(l, p, all, year) {
		vm.Gaps = append(vm.Gaps, views.Gap{Name: g.Name, What: g.What})
	}
	at := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, pr := range snap.Projects {
		a := pr.Assess(at, p.Tol())
		var done *float64
		for _, y := range pr.Years {
			if y.Completed != nil && y.Year <= year {
				v := *y.Completed
				if done != nil {
					v += *done
				}
				done = &v
			}
		}
		num := func(v *float64) string {
			if v == nil {
				return "—"
			}
			return present.Num(*v)
		}
		box := pr.SectionCode
		for _, sec := range d.Sections {
			if sec.Code == pr.SectionCode {
				box = present.SectionLabel(l, sec)
			}
		}
		vm.Projects = append(vm.Projects, views.ReportRow{Status: present.ProjectClass(a.Status), StatusLabel: l.T("pstatus." + string(a.Status)),
			Cells: []string{l.Pick(pr.NameZh, pr.NameEn), box, l.T("stage." + string(pr.Stage)), num(pr.Investment), num(done),
				present.OptPct(a.InvestmentRate), ""}})
	}
	if snap.Kind != indicators.FinalReport {
		// early warning belongs to reports on a running plan
		for _, x := range indicators.Warnings(d, year, snap.Projects, at) {
			name := ""
			if x.Indicator != nil {
				name = l.Pick(x.Indicator.NameZh, x.Indicator.NameEn)
			} else {
				name = l.Pick(x.Project.NameZh, x.Project.NameEn)
			}
			vm.Warnings = append(vm.Warnings, views.Gap{Name: l.T("warn.kind."+string(x.Kind)) + " · " + name, What: present.WarningText(l, p, x)})
		}
	}
	if len(snap.Districts) > 0 {
		ds := DistrictsOf(d, snap.Districts, year)
		for i, ind := range ds.Indicators {
			dec := ds.ByCode[ind.Code]
			vm.Districts = append(vm.Districts, present.Districts(l, p.Code, dec, "districts-"+strconv.Itoa(i+1),
				strconv.Itoa(i+1)+". "+l.Pick(ind.NameZh, ind.NameEn)))
			vm.Gaps = append(vm.Gaps, present.RollupGaps(l, dec)...)
		}
	}
	for _, k := range []string{"report.m1", "report.m2", "report.m3", "report.m4", "report.m5", "report.m6"} {
		vm.Method = append(vm.Method, l.T(k))
	}
	vm.Method = append(vm.Method, l.T("report.m.tolerance", i18n.Pct(p.Tol())), l.T("report.m.doc", snap.MethodVersion))
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
		out = append(out, l.T("report.s.annual", year, year))
	case indicators.MidtermReport:
		out = append(out, l.T("report.s.midterm", year, i18n.Pct(float64(year-p.BaseYear)/float64(p.TargetYear-p.BaseYear))))
	case indicators.FinalReport:
		out = append(out, l.T("report.s.final", p.BaseYear+1, p.TargetYear))
		if year < p.TargetYear {
			out = append(out, l.T("report.s.finalEarly", year, p.TargetYear))
		}
	}
	var binding, expected, reference int
	var met, lag, bindingOff, noData, stale, pending []string
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
		case x.Assessment.Stale:
			// judged on older data: counted apart, never among those on course
			stale = append(stale, l.T("report.s.staleItem", name, x.Assessment.DataYear(), present.StatusLabel(l, st)))
		case st.Met():
			met = append(met, name)
		case st == indicators.StatusAhead || st == indicators.StatusOnTrack || st == indicators.StatusCompliant:
			good++
		case st.OffTrack():
			lag = append(lag, name)
		case st == indicators.StatusNoData || st == indicators.StatusNoBaseline:
			noData = append(noData, name)
		case st == indicators.StatusTargetPending:
			pending = append(pending, l.T("report.s.pendingItem", name, x.Indicator.Target.Text))
		}
		if x.Indicator.Attribute == indicators.Binding && x.Assessment.Status.OffTrack() {
			bindingOff = append(bindingOff, name)
		}
	}
	out = append(out, l.T("report.s.scope", year, len(all), binding, expected, reference))
	if len(met) > 0 {
		out = append(out, l.T("report.s.met", len(met), l.List(met)))
	}
	out = append(out, l.T("report.s.good", good))
	if len(lag) > 0 {
		out = append(out, l.T("report.s.lag", len(lag), l.List(lag)))
	}
	switch {
	case len(bindingOff) > 0:
		out = append(out, l.T("report.s.bindingOff", len(bindingOff), l.List(bindingOff)))
	case binding > 0:
		out = append(out, l.T("report.s.bindingOK"))
	}
	if len(stale) > 0 {
		out = append(out, l.T("report.s.stale", len(stale), year-1, l.List(stale)))
	}
	if len(noData) > 0 {
		out = append(out, l.T("report.s.noData", len(noData), l.List(noData)))
	}
	if len(pending) > 0 {
		out = append(out, l.T("report.s.pending", len(pending), l.List(pending)))
	}
	return out
}

// RenderReport renders a report page to HTML; a draft is dated today.
func (a *App) RenderReport(ctx context.Context, l i18n.Lang, snap indicators.ReportSnapshot, draft bool) ([]byte, error) {
	var buf bytes.Buffer
	err := views.ReportView(a.reportPage(l, snap, draft, a.now())).Render(ctx, &buf)
	return buf.Bytes(), err
}

// ErrNoPrinter says that PDFs cannot be made here.
var ErrNoPrinter = errors.New("PDF needs a headless Chromium on the server (apt-get install -y chromium); the HTML report works without it")

// CanPrint reports whether PDFs can be made here.
func (a *App) CanPrint() bool { return a.printer != nil }

// PrintReport prints a rendered report page, with the header given (the
// plan and the report) and page numbers in the footer; tagged makes a
// tagged PDF, for screen readers (issued reports, which are kept). The
// page and its files are handed to the browser from memory; it waits for
// a free slot of the printer, or fails with pdf.ErrBusy when the queue is
// full.
func (a *App) PrintReport(ctx context.Context, page []byte, header string, tagged bool) ([]byte, error) {
	if a.printer == nil {
		return nil, ErrNoPrinter
	}
	head := `<div style="font-size:8px;width:100%;margin:0 18mm;color:#555;font-family:'Noto Sans CJK SC',sans-serif;border-bottom:0.5px solid #999;padding-bottom:2px;">` +
		html.EscapeString(header) + `</div>`
	foot := `<div style="font-size:8px;width:100%;text-align:center;color:#555;font-family:'Noto Sans CJK SC',sans-serif;">` +
		`<span class="pageNumber"></span> / <span class="totalPages"></span></div>`
	files := func(path string) ([]byte, string, bool) {
		f, ok := a.assets.Lookup(path)
		if !ok {
			return nil, "", false
		}
		return f.Body, f.Type, true
	}
	key := header
	if tagged {
		key += "\x00tagged"
	}
	return a.prints.get(ctx, page, key, func() ([]byte, error) {
		// others may wait for this print: the first asker leaving must not
		// end it (the printer's own timeout does)
		return a.printer.Print(context.WithoutCancel(ctx), pdf.Page{HTML: page, Files: files, Header: head, Footer: foot, Tagged: tagged})
	})
}

// ReportHeader is the line at the top of a printed report's pages: the
// plan, the year and kind, and the ID (or the draft mark).
func ReportHeader(l i18n.Lang, snap indicators.ReportSnapshot) string {
	p := snap.Dataset.Plan
	id := snap.ID
	if id == "" {
		id = l.T("report.draftMark")
	}
	return l.Pick(p.NameZh, p.NameEn) + " · " + l.T("report.yearPrefix", snap.Year) + l.T("report.kind."+string(snap.Kind)) + " · " + id
}

// DraftReport renders (and, with asPDF, prints) the draft report of plan
// for year: what a reader sees before anything is issued.
func (a *App) DraftReport(ctx context.Context, l i18n.Lang, plan string, kind indicators.ReportKind, year int, asPDF bool) ([]byte, indicators.ReportSnapshot, error) {
	snap, err := a.Snapshot(ctx, plan, kind, year)
	if err != nil {
		return nil, snap, err
	}
	page, err := a.RenderReport(ctx, l, snap, true)
	if err != nil || !asPDF {
		return page, snap, err
	}
	out, err := a.PrintReport(ctx, page, ReportHeader(l, snap), false)
	return out, snap, err
}

// IssuedReport returns an issued report's page in the language as it was
// issued (and, with asPDF, its PDF: printed, tagged, the first time it is
// asked for, and from the database afterwards).
func (a *App) IssuedReport(ctx context.Context, l i18n.Lang, id string, asPDF bool) ([]byte, indicators.ReportSnapshot, error) {
	snap, zh, en, err := a.store.Report(ctx, id)
	if err != nil {
		return nil, snap, err
	}
	page := zh
	if l == i18n.En {
		page = en
	}
	withdrawn := snap.Withdrawn != nil
	if withdrawn {
		page = markWithdrawn(l, page, snap.Withdrawn)
	}
	if !asPDF {
		return page, snap, nil
	}
	if kept, ok, err := a.store.ReportPDF(ctx, id, string(l), withdrawn); err != nil || ok {
		return kept, snap, err
	}
	out, err := a.PrintReport(ctx, page, ReportHeader(l, snap), true)
	if err != nil {
		return nil, snap, err
	}
	if err := a.store.SaveReportPDF(context.WithoutCancel(ctx), id, string(l), withdrawn, out, a.now()); err != nil {
		a.log.Warn("issued report's PDF not kept; it will be printed again", "report", id, "err", err)
	}
	return out, snap, nil
}

// printIssued prints an issued report's PDFs in the background, so that its
// first reader does not wait for them; a busy printer leaves them to be
// printed when first asked for.
func (a *App) printIssued(id string) {
	if a.printer == nil {
		return
	}
	a.background.Add(1)
	go func() {
		defer a.background.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		stop := context.AfterFunc(a.closing, cancel)
		defer stop()
		for _, l := range []i18n.Lang{i18n.Zh, i18n.En} {
			if _, _, err := a.IssuedReport(ctx, l, id, true); err != nil {
				a.log.Info("issued report not printed ahead; it will be when first asked for", "report", id, "lang", l, "err", err)
				return
			}
		}
	}()
}

// markWithdrawn puts the withdrawal on an issued report's page, right after
// <body>: the stored page stays as it was issued, and every reader of it
// sees that it no longer stands.
func markWithdrawn(l i18n.Lang, page []byte, w *indicators.Withdrawal) []byte {
	mark := `<div class="withdrawn-mark" aria-hidden="true">` + html.EscapeString(l.T("report.withdrawn.mark")) + `</div>` +
		`<p class="withdrawn-note" role="alert">` + html.EscapeString(l.T("report.withdrawn.note", date(l, w.At), w.Actor, w.Reason)) + `</p>`
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return append([]byte(mark), page...)
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return append([]byte(mark), page...)
	}
	at := i + j + 1
	return append(append(append([]byte(nil), page[:at]...), mark...), page[at:]...)
}

// Withdraw withdraws an issued report, for an administrator, with the reason.
func (a *App) Withdraw(ctx context.Context, actor indicators.Actor, id, reason string) error {
	return a.store.WithdrawReport(ctx, actor, id, reason, a.now())
}

// CheckIssue is what issuing would say, without issuing: the snapshot of
// the report, or why it cannot be issued (a report that makes no sense
// for its year, a binding indicator off track without an explanation).
func (a *App) CheckIssue(ctx context.Context, plan string, kind indicators.ReportKind, year int) (indicators.ReportSnapshot, error) {
	snap, err := a.Snapshot(ctx, plan, kind, year)
	if err != nil {
		return snap, err
	}
	if missing := indicators.Unexplained(snap.Dataset.Assess(year), snap.Narratives); len(missing) > 0 {
		var names indicators.NameList
		for _, ind := range missing {
			names = append(names, indicators.Name{Zh: ind.NameZh, En: ind.NameEn})
		}
		return snap, indicators.Invalid("narratives", "err.report.unexplained", names, year)
	}
	return snap, nil
}

// Reports lists a plan's issued reports, newest first.
func (a *App) Reports(ctx context.Context, plan string) ([]indicators.ReportSnapshot, error) {
	return a.store.Reports(ctx, plan)
}

// Issue freezes a report of plan for year, for an administrator: it
// refuses while a binding indicator is off track without an explanation,
// then stores the snapshot and the pages in both languages under a new ID.
func (a *App) Issue(ctx context.Context, actor indicators.Actor, plan string, kind indicators.ReportKind, year int) (string, error) {
	snap, err := a.CheckIssue(ctx, plan, kind, year)
	if err != nil {
		return "", err
	}
	id, err := a.store.IssueReport(ctx, actor, snap, a.now(), func(snap indicators.ReportSnapshot) ([]byte, []byte, error) {
		zh, err := a.RenderReport(ctx, i18n.Zh, snap, false)
		if err != nil {
			return nil, nil, err
		}
		en, err := a.RenderReport(ctx, i18n.En, snap, false)
		return zh, en, err
	})
	if err == nil {
		a.printIssued(id)
	}
	return id, err
}
