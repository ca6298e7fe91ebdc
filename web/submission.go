package web

import (
	"net/http"
	"sort"
	"strconv"

	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/present"
	"plantrack/web/views"
)

// handleSubmission shows, for a plan and year, which indicators still lack
// a value, department by department: the statistics office's round of
// yearly entry at a glance.
func (s *Server) handleSubmission(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := d.Plan
	year := min(s.app.Now().Year()-1, p.TargetYear)
	if y := r.URL.Query().Get("year"); y != "" {
		if year, err = strconv.Atoi(y); err != nil || year <= p.BaseYear || year > p.TargetYear {
			s.pageError(w, r, indicators.Invalid("year", "err.report.year", p.BaseYear+1, p.TargetYear))
			return
		}
	}
	type dept struct {
		name                        string
		done, total                 int
		submitted, returned, missed int
		missing                     []string
	}
	byDept := map[string]*dept{}
	names := s.departmentNames(r)
	for _, ind := range d.Indicators {
		if ind.Attribute == indicators.Reference {
			continue
		}
		g, ok := byDept[ind.Department]
		if !ok {
			name := present.DepartmentName(names, ind.Department)
			if ind.Department == "" {
				name = l.T("submission.nodept")
			}
			g = &dept{name: name}
			byDept[ind.Department] = g
		}
		g.total++
		has := false
		for _, o := range d.Observations[ind.Code] {
			has = has || o.Year == year
		}
		waiting := indicators.ReviewState("")
		for _, o := range d.Pending[ind.Code] {
			if o.Year == year {
				waiting = o.Review
			}
		}
		switch {
		case waiting == indicators.Submitted:
			g.submitted++
		case waiting == indicators.Returned:
			g.returned++
		case has:
			g.done++
		default:
			g.missed++
			g.missing = append(g.missing, l.Pick(ind.NameZh, ind.NameEn))
		}
	}
	codes := make([]string, 0, len(byDept))
	for c := range byDept {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { // most missing first, then by name
		a, b := byDept[codes[i]], byDept[codes[j]]
		if ma, mb := a.total-a.done, b.total-b.done; ma != mb {
			return ma > mb
		}
		return a.name < b.name
	})
	vm := views.TablePage{Page: s.page(r, l.T("submission.title"), p.Sample),
		Heading: l.Pick(p.NameZh, p.NameEn) + " · " + l.T("submission.heading", year),
		Intro:   l.T("submission.intro"),
		Head:    []string{l.T("col.department"), l.T("submission.done"), l.T("submission.missing")},
		Empty:   l.T("submission.empty"),
	}
	if p.Review {
		vm.Head = []string{l.T("col.department"), l.T("submission.done"), l.T("submission.review"), l.T("submission.missing")}
	}
	vm.Links = append(vm.Links, views.Link{Label: "‹ " + l.Pick(p.NameZh, p.NameEn), Href: present.PlanHref(p.Code)})
	for y := p.BaseYear + 1; y <= p.TargetYear; y++ {
		if y != year {
			vm.Links = append(vm.Links, views.Link{Label: l.T("year.suffix", y), Href: present.PlanHref(p.Code) + "/submission?year=" + strconv.Itoa(y)})
		}
	}
	for _, c := range codes {
		g := byDept[c]
		missing := l.List(g.missing)
		if missing == "" {
			missing = l.T("submission.complete")
		}
		if p.Review {
			vm.Rows = append(vm.Rows, views.LinkedRow("", g.name, strconv.Itoa(g.done)+" / "+strconv.Itoa(g.total),
				l.T("submission.states", g.missed, g.submitted, g.returned, g.done), missing))
			continue
		}
		vm.Rows = append(vm.Rows, views.LinkedRow("", g.name, strconv.Itoa(g.done)+" / "+strconv.Itoa(g.total), missing))
	}
	if ds, err := s.app.Districts(r.Context(), p.Code, min(year, p.TargetYear)); err != nil {
		s.log.Error("districts", "plan", p.Code, "err", err)
	} else if len(ds.Units) > 0 {
		vm.Second = s.unitSubmissions(r, ds, year)
	}
	s.render(w, r, http.StatusOK, views.TablePageView(vm))
}

// unitSubmissions counts, for each district a plan is decomposed among,
// its decomposed indicators' values of year by where they stand: missing,
// submitted, returned, approved (or counting without review).
func (s *Server) unitSubmissions(r *http.Request, ds *app.Districts, year int) *views.TableSection {
	l := lang(r)
	out := &views.TableSection{Heading: l.T("submission.units"), Intro: l.T("submission.units.intro"),
		Head: []string{l.T("districts.unit"), l.T("submission.review"), l.T("submission.missing")}}
	for _, u := range ds.Units {
		part := ds.Parts[u.Code]
		var missing, submitted, returned, approved int
		var absent []string
		for _, ind := range part.Indicators {
			state := indicators.ReviewState("")
			for _, o := range part.Pending[ind.Code] {
				if o.Year == year {
					state = o.Review
				}
			}
			has := false
			for _, o := range part.Observations[ind.Code] {
				has = has || o.Year == year
			}
			switch {
			case state == indicators.Submitted:
				submitted++
			case state == indicators.Returned:
				returned++
			case has:
				approved++
			default:
				missing++
				absent = append(absent, l.Pick(ind.NameZh, ind.NameEn))
			}
		}
		list := l.List(absent)
		if list == "" {
			list = l.T("submission.complete")
		}
		out.Rows = append(out.Rows, views.TableRow{Cells: []views.Cell{
			{Text: l.Pick(u.NameZh, u.NameEn), Href: present.UnitHref(ds.Plan.Code, u.Code)},
			{Text: l.T("submission.states", missing, submitted, returned, approved)}, {Text: list}}})
	}
	return out
}
