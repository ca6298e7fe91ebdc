package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web/present"
	"plantrack/web/views"
)

// decomposePage lays out the decomposition form of the city indicator in
// d: the districts under the city, each with its share as it stands (or
// as typed, where form is set).
func (s *Server) decomposePage(r *http.Request, d indicators.Dataset, form url.Values) (views.DecomposePage, error) {
	l := lang(r)
	p, ind := d.Plan, d.Indicators[0]
	vm := views.DecomposePage{Page: s.page(r, l.T("decompose.title"), p.Sample),
		Heading: l.T("decompose.title") + " · " + l.Pick(ind.NameZh, ind.NameEn), Intro: l.T("decompose.intro"),
		CityTarget: l.T("decompose.city", present.TargetText(l, ind, indicators.Assess(p, ind, nil, p.TargetYear))),
		Back:       l.Pick(ind.NameZh, ind.NameEn), BackHref: present.IndicatorHref(p.Code, ind.Code),
		Action: present.IndicatorHref(p.Code, ind.Code) + "/decompose", WeightCode: ind.WeightCode}
	rule := ind.Rollup
	if form != nil {
		rule, vm.WeightCode = indicators.Rollup(form.Get("rollup")), form.Get("weight_code")
	}
	if rule == "" {
		rule = indicators.RollupSum
	}
	for _, rl := range indicators.Rollups {
		vm.Rules = append(vm.Rules, views.Option{Value: string(rl), Label: l.T("rollup.short." + string(rl)), Selected: rl == rule})
	}
	ds, err := s.app.Districts(r.Context(), p.Code, p.TargetYear)
	if err != nil {
		return vm, err
	}
	if dec, ok := ds.ByCode[ind.Code]; ok {
		// saved, and said: a city often keeps a reserve, but it should be on purpose
		vm.Warning = present.TargetWarning(l, dec)
	}
	units, err := s.app.Departments(r.Context())
	if err != nil {
		return vm, err
	}
	for _, u := range units {
		if !u.KindOr().Area() || (u.Sample && !p.Sample) {
			continue
		}
		row := views.DecomposeRow{Unit: u.Code, Name: l.Pick(u.NameZh, u.NameEn), Kind: l.T("unit.kind." + string(u.KindOr()))}
		if part, ok := ds.Parts[u.Code]; ok {
			for _, di := range part.Indicators {
				if di.ParentCode == ind.Code {
					row.Target = present.Num(di.Target.Value)
					if di.BaselineValue != nil {
						row.Baseline = present.Num(*di.BaselineValue)
					}
					if di.Weight != nil {
						row.Weight = present.Num(*di.Weight)
					}
				}
			}
		}
		if form != nil {
			row.Target, row.Baseline, row.Weight = form.Get("target_"+u.Code), form.Get("baseline_"+u.Code), form.Get("weight_"+u.Code)
		}
		vm.Rows = append(vm.Rows, row)
	}
	return vm, nil
}

func (s *Server) handleDecomposeForm(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm, err := s.decomposePage(r, d, nil)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if q := r.URL.Query(); q.Get("shares") != "" {
		vm.Notice = lang(r).T("decompose.saved", atoi(q.Get("shares")), atoi(q.Get("created")))
	}
	s.render(w, r, http.StatusOK, views.DecomposeView(vm))
}

// handleDecompose saves a decomposition: each district with a target takes
// a share; a number that does not read is shown beside its district and
// nothing is saved.
func (s *Server) handleDecompose(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	plan, code := r.PathValue("plan"), r.PathValue("code")
	d, err := s.app.Dataset(r.Context(), plan, code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if _, err := posted(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	form := r.PostForm
	vm, err := s.decomposePage(r, d, form)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var shares []store.Share
	bad := false
	for i, row := range vm.Rows {
		num := func(field, text string) *float64 {
			if strings.TrimSpace(text) == "" {
				return nil
			}
			v, e := parseNumber(text)
			if e != nil {
				vm.Rows[i].Error, bad = l.T("decompose."+field)+l.T("punct.colon")+userMessage(e, l), true
				return nil
			}
			return &v
		}
		target, base, weight := num("target", row.Target), num("baseline", row.Baseline), num("weight", row.Weight)
		if target == nil {
			continue // this district takes no share
		}
		shares = append(shares, store.Share{Unit: row.Unit, Target: *target, Baseline: base, Weight: weight})
	}
	if !bad {
		var res store.DecomposeResult
		res, err = s.app.Decompose(r.Context(), actor(r), plan, code, indicators.Rollup(form.Get("rollup")),
			strings.TrimSpace(form.Get("weight_code")), shares)
		if err == nil {
			q := url.Values{"shares": {strconv.Itoa(res.Shares)}, "created": {strconv.Itoa(res.PlansCreated)}}
			http.Redirect(w, r, present.IndicatorHref(plan, code)+"/decompose?"+q.Encode(), http.StatusSeeOther)
			return
		}
		if k := indicators.KindOf(err); k != indicators.ErrInvalid && k != indicators.ErrConflict {
			s.pageError(w, r, err)
			return
		}
		vm.Error = userMessage(err, l)
	}
	s.render(w, r, http.StatusUnprocessableEntity, views.DecomposeView(vm))
}
