package present

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/web/charts"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// ProjectColour is the palette of project statuses, beside StatusColour's.
var ProjectColour = map[indicators.ProjectStatus]string{
	indicators.ProjectCompleted: "#047857",
	indicators.ProjectOnTrack:   "#2563eb",
	indicators.ProjectAtRisk:    "#d97706",
	indicators.ProjectDelayed:   "#b91c1c",
	indicators.ProjectUnknown:   "#6b7280",
}

// projectShape tells statuses apart without colour, as StatusShape does.
var projectShape = map[indicators.ProjectStatus]string{
	indicators.ProjectCompleted: "rect", indicators.ProjectOnTrack: "circle", indicators.ProjectAtRisk: "triangle",
	indicators.ProjectDelayed: "diamond", indicators.ProjectUnknown: "roundRect",
}

// ProjectClass is a project status's style name (p-delayed), apart from
// the indicators' statuses.
func ProjectClass(s indicators.ProjectStatus) string { return "p-" + string(s) }

// ProjectHref is a project's page.
func ProjectHref(plan, code string) string {
	return PlanHref(plan) + "/projects/" + url.PathEscape(code)
}

// ProjectWhy says why a project has its status.
func ProjectWhy(l i18n.Lang, delta float64, a indicators.ProjectAssessment) string {
	names := func(ms []indicators.Milestone) string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name+" ("+m.Planned.Format(time.DateOnly)+")")
		}
		return l.List(out)
	}
	var why []string
	if len(a.Overdue) > 0 {
		why = append(why, l.T("project.why.overdue", names(a.Overdue)))
	}
	if a.Late {
		why = append(why, l.T("project.why.late"))
	}
	if len(a.Due) > 0 {
		why = append(why, l.T("project.why.due", names(a.Due)))
	}
	if a.Behind {
		why = append(why, l.T("project.why.behind", i18n.Pct(*a.InvestmentRate), i18n.Pct(*a.Elapsed), i18n.Pct(delta)))
	}
	if a.Status == indicators.ProjectUnknown {
		why = append(why, l.T("project.why.unknown"))
	}
	return strings.Join(why, l.T("punct.semicolon"))
}

// ProjectCounts counts projects by status, each linking to the filtered list.
func ProjectCounts(l i18n.Lang, plan string, as []indicators.ProjectAssessment, active indicators.ProjectStatus) []views.StatusCount {
	n := map[indicators.ProjectStatus]int{}
	for _, a := range as {
		n[a.Status]++
	}
	var out []views.StatusCount
	for _, st := range indicators.ProjectStatuses {
		if n[st] > 0 {
			out = append(out, views.StatusCount{Status: ProjectClass(st), Label: l.T("pstatus." + string(st)), N: n[st],
				Href: PlanHref(plan) + "/projects?status=" + string(st), Active: st == active})
		}
	}
	return out
}

// yearOf is t as a fractional year: 2023-07-02 is about 2023.5.
func yearOf(t time.Time) float64 {
	start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	return float64(t.Year()) + float64(t.Sub(start))/float64(end.Sub(start))
}

// Timeline draws the projects with planned dates: planned period against
// the time passed as of at (to the day its last milestone was reached,
// for a finished one).
func Timeline(l i18n.Lang, prs []indicators.Project, as []indicators.ProjectAssessment, at time.Time) *views.ChartBox {
	var spans []charts.Span
	for i, pr := range prs {
		if pr.Start.IsZero() || pr.End.IsZero() {
			continue
		}
		until := yearOf(at)
		if as[i].Status == indicators.ProjectCompleted {
			until = yearOf(pr.End)
			for _, m := range pr.Milestones {
				if m.Actual != nil {
					until = max(until, yearOf(*m.Actual))
				}
			}
		}
		spans = append(spans, charts.Span{Name: l.Pick(pr.NameZh, pr.NameEn), Start: yearOf(pr.Start), End: yearOf(pr.End), Until: until,
			Colour: ProjectColour[as[i].Status]})
	}
	if len(spans) == 0 {
		return nil
	}
	return &views.ChartBox{ID: "timeline-chart", Class: "chart-md", Renderer: "svg", Label: l.T("projects.timeline.label"),
		Option: charts.Timeline("timeline-chart", spans, l.T("projects.planned"), l.T("projects.elapsed")), DescribedBy: "projects-table"}
}

// ProjectPeriod writes a project's planned period, "—" where unknown.
func ProjectPeriod(pr indicators.Project) string {
	if pr.Start.IsZero() && pr.End.IsZero() {
		return "—"
	}
	f := func(t time.Time) string {
		if t.IsZero() {
			return "?"
		}
		return t.Format("2006-01")
	}
	return f(pr.Start) + " – " + f(pr.End)
}

// InvestmentChart draws a project's years: planned and completed investment.
func InvestmentChart(l i18n.Lang, pr indicators.Project) *views.ChartBox {
	if len(pr.Years) == 0 {
		return nil
	}
	ys := slices.Clone(pr.Years)
	slices.SortFunc(ys, func(a, b indicators.ProjectYear) int { return a.Year - b.Year })
	var years []string
	var planned, done []*float64
	for _, y := range ys {
		years = append(years, l.T("year.suffix", y.Year))
		planned, done = append(planned, y.Planned), append(done, y.Completed)
	}
	return &views.ChartBox{ID: "investment-chart", Class: "chart-md", Renderer: "svg", Label: l.T("project.chart.label"),
		Option: charts.Investment("investment-chart", years, planned, done, l.T("project.yearPlanned"), l.T("project.yearCompleted"),
			l.UnitLabel(indicators.InvestmentUnit)), DescribedBy: "project-years"}
}

// WarningText says why a warning is raised: a project's reasons in full.
func WarningText(l i18n.Lang, p indicators.Plan, x indicators.Warning) string {
	if x.ProjectAssessment != nil {
		if why := ProjectWhy(l, p.Tol(), *x.ProjectAssessment); why != "" {
			return why
		}
	}
	return l.M(x.Why)
}
