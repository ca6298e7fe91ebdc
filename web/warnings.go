package web

import (
	"net/http"
	"time"

	"plantrack/indicators"
	"plantrack/web/present"
	"plantrack/web/views"
)

// warnings works out the early warnings of the request's plan as of
// today (the as-of year the overview uses, the date projects are judged at).
func (s *Server) warnings(r *http.Request) (indicators.Dataset, []indicators.Warning, time.Time, error) {
	d, prs, at, err := s.planProjects(r)
	if err != nil {
		return d, nil, at, err
	}
	return d, indicators.Warnings(d, min(at.Year(), d.Plan.TargetYear), prs, at), at, nil
}

// handleWarnings lists what needs attention now, by kind (docs/method.md §16).
func (s *Server) handleWarnings(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	d, ws, at, err := s.warnings(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := d.Plan
	vm := views.TablePage{Page: s.page(r, l.T("warn.title"), p.Sample), Heading: l.Pick(p.NameZh, p.NameEn) + " · " + l.T("warn.title"),
		Intro: l.T("warn.intro", at.Format(time.DateOnly)), Empty: l.T("warn.none"),
		Head:  []string{l.T("warn.kind"), l.T("warn.item"), l.T("warn.why")},
		Links: []views.Link{{Label: "‹ " + l.Pick(p.NameZh, p.NameEn), Href: present.PlanHref(p.Code)}}}
	if p.DataDue == "" {
		vm.Intro += " " + l.T("warn.noDue")
	}
	for _, k := range indicators.WarningKinds {
		for _, x := range ws {
			if x.Kind != k {
				continue
			}
			name, href := "", ""
			if x.Indicator != nil {
				name, href = l.Pick(x.Indicator.NameZh, x.Indicator.NameEn), present.IndicatorHref(p.Code, x.Indicator.Code)
			} else {
				name, href = l.Pick(x.Project.NameZh, x.Project.NameEn), present.ProjectHref(p.Code, x.Project.Code)
			}
			vm.Rows = append(vm.Rows, views.TableRow{Cells: []views.Cell{{Text: l.T("warn.kind." + string(k))},
				{Text: name, Href: href}, {Text: present.WarningText(l, p, x)}}})
		}
	}
	s.render(w, r, http.StatusOK, views.TablePageView(vm))
}

// apiWarning is one early warning in the API.
type apiWarning struct {
	Kind      string `json:"kind"`
	Indicator string `json:"indicator,omitempty"`
	Project   string `json:"project,omitempty"`
	Name      string `json:"name"`
	Status    string `json:"status,omitempty"`
	Message   string `json:"message"`
	URL       string `json:"url"`
}

// apiWarnings answers a plan's early warnings.
func (s *Server) apiWarnings(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	d, ws, at, err := s.warnings(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([]apiWarning, 0, len(ws))
	for _, x := range ws {
		a := apiWarning{Kind: string(x.Kind), Status: string(x.Status), Message: present.WarningText(l, d.Plan, x)}
		if x.Indicator != nil {
			a.Indicator, a.Name, a.URL = x.Indicator.Code, x.Indicator.NameZh, present.IndicatorHref(d.Plan.Code, x.Indicator.Code)
		} else {
			a.Project, a.Name, a.URL = x.Project.Code, x.Project.NameZh, present.ProjectHref(d.Plan.Code, x.Project.Code)
		}
		out = append(out, a)
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"plan": toAPIPlan(d.Plan), "as_of": at.Format(time.DateOnly), "warnings": out})
}
