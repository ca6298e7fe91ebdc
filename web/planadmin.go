package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

// ---- plans

func (s *Server) planPage(r *http.Request, p indicators.Plan, create bool) views.FormPage {
	l := lang(r)
	plans, _ := s.app.Plans(r.Context())
	parents := []views.Option{{Value: "", Label: l.T("none")}}
	for _, x := range plans {
		if x.Code != p.Code {
			parents = append(parents, views.Option{Value: x.Code, Label: l.Pick(x.NameZh, x.NameEn)})
		}
	}
	num := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	f := views.Form{ID: "plan-form", Submit: l.T("form.save"), Fields: []views.Field{
		{Name: "code", Label: l.T("col.code"), Type: "text", Value: p.Code, Required: true, ReadOnly: !create, Help: l.T("form.code.help")},
		{Name: "jurisdiction", Label: l.T("plans.jurisdiction"), Type: "text", Value: p.Jurisdiction},
		{Name: "organisation", Label: l.T("plan.organisation"), Type: "text", Value: p.Organisation, Help: l.T("plan.organisation.help")},
		{Name: "name_zh", Label: l.T("form.nameZh"), Type: "text", Value: p.NameZh, Required: true},
		{Name: "name_en", Label: l.T("form.nameEn"), Type: "text", Value: p.NameEn},
		{Name: "base_year", Label: l.T("plan.baseYear"), Type: "number", Value: num(p.BaseYear), Required: true},
		{Name: "target_year", Label: l.T("plan.targetYear"), Type: "number", Value: num(p.TargetYear), Required: true},
		{Name: "tolerance", Label: l.T("plan.tolerance"), Type: "number", Value: i18n.Num(p.Tol()), Help: l.T("plan.tolerance.help")},
		{Name: "parent", Label: l.T("plan.parent"), Type: "select", Value: p.ParentCode, Options: parents},
		{Name: "source_zh", Label: l.T("plans.source"), Type: "textarea", Value: p.SourceZh},
		{Name: "review", Label: l.T("review.plan"), Type: "checkbox", Value: flagValue(p.Review), Help: l.T("review.plan.help")},
		{Name: "data_due", Label: l.T("plan.dataDue"), Type: "text", Value: p.DataDue, Help: l.T("plan.dataDue.help")},
	}}
	page := views.FormPage{Page: s.page(r, l.T("admin.newPlan"), false), Heading: l.T("admin.newPlan"),
		Back: l.T("admin.title"), BackHref: "/admin", Form: f}
	if create {
		page.Form.Action = "/admin/plans"
	} else {
		page.Form.Action = present.PlanHref(p.Code) + "/edit"
		page.Heading, page.Title = l.T("admin.editPlan")+" "+l.Pick(p.NameZh, p.NameEn), l.T("admin.editPlan")
		page.Back, page.BackHref = l.Pick(p.NameZh, p.NameEn), present.PlanHref(p.Code)
	}
	return page
}

func (s *Server) handlePlanForm(w http.ResponseWriter, r *http.Request) {
	p := indicators.Plan{Tolerance: indicators.DefaultTolerance}
	create := r.PathValue("plan") == ""
	if !create {
		var err error
		if p, err = s.app.Plan(r.Context(), r.PathValue("plan")); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, views.FormPageView(s.planPage(r, p, create)))
}

func (s *Server) handleSavePlan(w http.ResponseWriter, r *http.Request) {
	create := r.PathValue("plan") == ""
	v, err := posted(r, "code", "jurisdiction", "organisation", "name_zh", "name_en", "base_year", "target_year", "tolerance", "parent",
		"source_zh", "review", "data_due")
	n := &numbers{v: v}
	p := indicators.Plan{Code: v["code"], Jurisdiction: v["jurisdiction"], Organisation: v["organisation"], NameZh: v["name_zh"], NameEn: v["name_en"],
		BaseYear: n.int("base_year"), TargetYear: n.int("target_year"), ParentCode: v["parent"], SourceZh: v["source_zh"],
		Review: v["review"] == "1", DataDue: v["data_due"]}
	if !create {
		p.Code = r.PathValue("plan")
	}
	if v["tolerance"] != "" {
		p.Tolerance = n.float("tolerance")
	}
	if err == nil {
		err = n.check(p.Validate())
	}
	if err == nil {
		err = s.app.SavePlan(r.Context(), actor(r), p, create)
	}
	s.saveOrShow(w, r, err, present.PlanHref(p.Code)+"?saved=1", s.planPage(r, p, create))
}

// flagValue is a checkbox's value: "1" when set.
func flagValue(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// ---- sections

func sectionLevels(l i18n.Lang) []views.Option {
	var out []views.Option
	for _, lv := range []indicators.SectionLevel{indicators.LevelPart, indicators.LevelChapter, indicators.LevelSection, indicators.LevelBox} {
		out = append(out, views.Option{Value: string(lv), Label: l.T("level." + string(lv))})
	}
	return out
}

func (s *Server) sectionForm(r *http.Request, d indicators.Dataset, sec indicators.Section, create bool) views.Form {
	l := lang(r)
	parents := []views.Option{{Value: "", Label: l.T("section.top")}}
	for _, x := range d.Sections {
		if x.Code != sec.Code {
			parents = append(parents, views.Option{Value: x.Code, Label: present.SectionLabel(l, x)})
		}
	}
	f := views.Form{ID: "section-form", Submit: l.T("form.save"), Fields: []views.Field{
		{Name: "code", Label: l.T("col.code"), Type: "text", Value: sec.Code, Required: true, ReadOnly: !create, Help: l.T("section.code.help")},
		{Name: "parent", Label: l.T("section.parent"), Type: "select", Value: sec.ParentCode, Options: parents},
		{Name: "level", Label: l.T("section.level"), Type: "select", Value: string(sec.Level), Options: sectionLevels(l)},
		{Name: "number", Label: l.T("section.number"), Type: "text", Value: sec.Number, Help: l.T("section.number.help")},
		{Name: "title_zh", Label: l.T("section.titleZh"), Type: "text", Value: sec.TitleZh, Required: true},
		{Name: "title_en", Label: l.T("section.titleEn"), Type: "text", Value: sec.TitleEn},
	}}
	if create {
		f.Action = present.PlanHref(d.Plan.Code) + "/sections"
	} else {
		f.Action = present.PlanHref(d.Plan.Code) + "/sections/" + sec.Code + "/edit"
	}
	return f
}

func (s *Server) renderSections(w http.ResponseWriter, r *http.Request, status int, d indicators.Dataset, form views.Form) {
	l := lang(r)
	p := d.Plan
	vm := views.TablePage{Page: s.page(r, l.T("admin.sections"), p.Sample), Heading: l.T("admin.sections") + " · " + l.Pick(p.NameZh, p.NameEn),
		Links: []views.Link{{Label: "‹ " + l.Pick(p.NameZh, p.NameEn), Href: present.PlanHref(p.Code)}},
		Head:  []string{l.T("col.code"), l.T("section.level"), l.T("section.number"), l.T("section.titleZh"), l.T("section.parent")},
		Empty: l.T("section.none"), Form: &form, FormHeading: l.T("section.create")}
	byCode := make(map[string]indicators.Section, len(d.Sections))
	for _, sec := range d.Sections {
		byCode[sec.Code] = sec
	}
	for _, sec := range d.Sections {
		parent := ""
		if x, ok := byCode[sec.ParentCode]; ok {
			parent = present.SectionLabel(l, x)
		}
		vm.Rows = append(vm.Rows, views.LinkedRow(present.PlanHref(p.Code)+"/sections/"+sec.Code+"/edit",
			sec.Code, l.T("level."+string(sec.Level)), present.SectionNumber(l, sec), l.Pick(sec.TitleZh, sec.TitleEn), parent))
	}
	s.render(w, r, status, views.TablePageView(vm))
}

func (s *Server) handleSections(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderSections(w, r, http.StatusOK, d, s.sectionForm(r, d, indicators.Section{Level: indicators.LevelChapter}, true))
}

func findSection(d indicators.Dataset, code string) (indicators.Section, bool) {
	for _, x := range d.Sections {
		if x.Code == code {
			return x, true
		}
	}
	return indicators.Section{}, false
}

func (s *Server) handleSectionForm(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sec, ok := findSection(d, r.PathValue("section"))
	if !ok {
		s.pageError(w, r, indicators.NotFound("err.section.notFound", r.PathValue("section")))
		return
	}
	l := lang(r)
	s.render(w, r, http.StatusOK, views.FormPageView(views.FormPage{Page: s.page(r, l.T("section.edit"), d.Plan.Sample),
		Heading: l.T("section.edit") + " " + sec.Number + " " + sec.TitleZh, Back: l.T("admin.sections"),
		BackHref: present.PlanHref(d.Plan.Code) + "/sections", Form: s.sectionForm(r, d, sec, false)}))
}

func (s *Server) handleSaveSection(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	create := r.PathValue("section") == ""
	v, err := posted(r, "code", "parent", "level", "number", "title_zh", "title_en")
	sec := indicators.Section{Code: v["code"], ParentCode: v["parent"], Level: indicators.SectionLevel(v["level"]),
		Number: v["number"], TitleZh: v["title_zh"], TitleEn: v["title_en"]}
	if !create {
		if _, ok := findSection(d, r.PathValue("section")); !ok {
			s.pageError(w, r, indicators.NotFound("err.section.notFound", r.PathValue("section")))
			return
		}
		sec.Code = r.PathValue("section")
	}
	if err == nil {
		err = s.app.SaveSection(r.Context(), actor(r), d.Plan.Code, sec, create)
	}
	if err == nil {
		http.Redirect(w, r, present.PlanHref(d.Plan.Code)+"/sections?saved=1", http.StatusSeeOther)
		return
	}
	form := s.sectionForm(r, d, sec, create)
	l := lang(r)
	if !formError(&form, err, r) {
		s.pageError(w, r, err)
		return
	}
	if create {
		s.renderSections(w, r, http.StatusUnprocessableEntity, d, form)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, views.FormPageView(views.FormPage{Page: s.page(r, l.T("section.edit"), d.Plan.Sample),
		Heading: l.T("section.edit"), Back: l.T("admin.sections"), BackHref: present.PlanHref(d.Plan.Code) + "/sections", Form: form}))
}

// ---- indicators

func optsOf(l i18n.Lang, prefix string, values ...string) []views.Option {
	out := make([]views.Option, len(values))
	for i, v := range values {
		out[i] = views.Option{Value: v, Label: l.T(prefix + v)}
	}
	return out
}

func (s *Server) indicatorForm(r *http.Request, d indicators.Dataset, ind indicators.Indicator, create bool) views.Form {
	l := lang(r)
	p := d.Plan
	secs := []views.Option{{Value: "", Label: l.T("none")}}
	for _, x := range d.Sections {
		secs = append(secs, views.Option{Value: x.Code, Label: present.SectionLabel(l, x)})
	}
	kinds := make([]string, len(indicators.TargetKinds))
	for i, k := range indicators.TargetKinds {
		kinds[i] = string(k)
	}
	cmps := []views.Option{{Value: "", Label: l.T("cmp.none")}}
	for _, c := range []indicators.Comparator{indicators.GE, indicators.GT, indicators.LE, indicators.LT, indicators.Around} {
		cmps = append(cmps, views.Option{Value: string(c), Label: string(c) + "  " + l.T("cmp."+cmpName[c])})
	}
	str := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	baseline, targetYear := "", ""
	if ind.BaselineValue != nil {
		baseline = str(*ind.BaselineValue)
	}
	if ind.Target.Year != 0 {
		targetYear = strconv.Itoa(ind.Target.Year)
	}
	var interim []string
	for _, it := range ind.Interim {
		interim = append(interim, fmt.Sprintf("%d=%s", it.Year, str(it.Value)))
	}
	fromZero, parent := "0", ""
	if ind.Target.FromZero {
		fromZero = "1"
	}
	if ind.ParentCode != "" {
		parent = ind.ParentPlan + "/" + ind.ParentCode
	}
	target := str(ind.Target.Value)
	if (create && ind.Target.Value == 0) || ind.Target.Pending {
		target = "" // a blank field, not a suggested 0
	}
	refs := []views.Option{{Value: "", Label: l.T("none")}}
	for _, x := range d.Indicators {
		if x.Code != ind.Code {
			refs = append(refs, views.Option{Value: x.Code, Label: l.Pick(x.NameZh, x.NameEn) + " (" + x.Code + ")"})
		}
	}
	f := views.Form{ID: "indicator-form", Submit: l.T("form.save"), Fields: []views.Field{
		{Name: "code", Label: l.T("col.code"), Type: "text", Value: ind.Code, Required: true, ReadOnly: !create, Help: l.T("form.code.help")},
		{Name: "name_zh", Label: l.T("form.nameZh"), Type: "text", Value: ind.NameZh, Required: true},
		{Name: "name_en", Label: l.T("form.nameEn"), Type: "text", Value: ind.NameEn},
		{Name: "unit", Label: l.T("col.unit"), Type: "text", Value: ind.Unit, Help: l.T("ind.unit.help")},
		{Name: "section", Label: l.T("col.section"), Type: "select", Value: ind.SectionCode, Options: secs},
		{Name: "attribute", Label: l.T("col.attribute"), Type: "select", Value: string(ind.Attribute), Options: optsOf(l, "attr.", "expected", "binding", "reference")},
		{Name: "direction", Label: l.T("col.direction"), Type: "select", Value: string(ind.Direction), Options: optsOf(l, "dir.", "increase", "decrease")},
		{Name: "department", Label: l.T("col.department"), Type: "select", Value: ind.Department, Options: s.departmentOptions(r, l.T("none"), p.Sample, p.Unit != "")},
		{Name: "baseline_year", Label: l.T("ind.baselineYear"), Type: "number", Value: strconv.Itoa(ind.BaselineYear), Required: true},
		{Name: "baseline_value", Label: l.T("col.baseline"), Type: "number", Value: baseline, Help: l.T("ind.baseline.help")},
		{Name: "baseline_source", Label: l.T("ind.baselineSource"), Type: "text", Value: ind.BaselineSource},
		{Name: "kind", Label: l.T("col.kind"), Type: "select", Value: string(ind.Target.Kind), Options: optsOf(l, "kind.", kinds...), Help: l.T("ind.kind.help")},
		{Name: "target_value", Label: l.T("ind.targetValue"), Type: "number", Value: target, Help: l.T("ind.targetValue.help")},
		{Name: "target_text", Label: l.T("ind.targetText"), Type: "text", Value: ind.Target.Text, Help: l.T("ind.targetText.help")},
		{Name: "observed_as", Label: l.T("ind.observedAs"), Type: "select", Value: string(ind.ObservedAs),
			Options: []views.Option{{Value: "", Label: l.T("observed.level")}, {Value: string(indicators.YearlyRate), Label: l.T("observed.yearly_rate")}},
			Help:    l.T("ind.observedAs.help")},
		{Name: "reference", Label: l.T("ind.reference"), Type: "select", Value: ind.Reference, Options: refs, Help: l.T("ind.reference.help")},
		{Name: "method", Label: l.T("ind.methodField"), Type: "select", Value: string(ind.Method),
			Options: []views.Option{{Value: "", Label: l.T("method.linear")}, {Value: string(indicators.MethodLog), Label: l.T("method.log")}},
			Help:    l.T("ind.methodField.help")},
		{Name: "comparator", Label: l.T("f.comparator"), Type: "select", Value: string(ind.Target.Comparator), Options: cmps, Help: l.T("ind.comparator.help")},
		{Name: "band", Label: l.T("ind.band"), Type: "number", Value: str(ind.Target.Band), Help: l.T("ind.band.help")},
		{Name: "from_zero", Label: l.T("ind.fromZero"), Type: "checkbox", Value: fromZero},
		{Name: "target_year", Label: l.T("plan.targetYear"), Type: "number", Value: targetYear, Help: l.T("ind.targetYear.help", p.TargetYear)},
		{Name: "interim", Label: l.T("col.interim"), Type: "textarea", Value: strings.Join(interim, "\n"), Help: l.T("ind.interim.help")},
		{Name: "parent", Label: l.T("ind.parent"), Type: "text", Value: parent, Help: l.T("ind.parent.help")},
		{Name: "plan_text", Label: l.T("ind.planText"), Type: "textarea", Value: ind.PlanText},
		{Name: "source", Label: l.T("ind.source"), Type: "text", Value: ind.Source, Help: l.T("ind.source.help")},
		{Name: "note", Label: l.T("ind.note"), Type: "textarea", Value: ind.Note},
	}}
	if create {
		f.Action = present.PlanHref(p.Code) + "/new-indicator"
	} else {
		f.Action = present.IndicatorHref(p.Code, ind.Code) + "/edit"
		f.Fields = append(f.Fields, views.Field{Name: "reason", Label: l.T("ind.reason"), Type: "text", Help: l.T("ind.reason.help")})
	}
	return f
}

var cmpName = map[indicators.Comparator]string{indicators.GE: "ge", indicators.GT: "gt", indicators.LE: "le", indicators.LT: "lt", indicators.Around: "around"}

func (s *Server) indicatorFormPage(r *http.Request, d indicators.Dataset, ind indicators.Indicator, create bool) views.FormPage {
	l := lang(r)
	page := views.FormPage{Page: s.page(r, l.T("admin.newIndicator"), d.Plan.Sample), Heading: l.T("admin.newIndicator"),
		Intro: l.T("ind.form.intro"), Back: l.Pick(d.Plan.NameZh, d.Plan.NameEn), BackHref: present.PlanHref(d.Plan.Code),
		Form: s.indicatorForm(r, d, ind, create)}
	if !create {
		page.Heading = l.T("admin.editIndicator") + " " + l.Pick(ind.NameZh, ind.NameEn)
		page.Back, page.BackHref = l.Pick(ind.NameZh, ind.NameEn), present.IndicatorHref(d.Plan.Code, ind.Code)
	}
	return page
}

func (s *Server) handleIndicatorForm(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ind := indicators.Indicator{Attribute: indicators.Expected, Direction: indicators.Increase, BaselineYear: d.Plan.BaseYear,
		Target: indicators.Target{Kind: indicators.KindLevel}} // the comparator follows the direction unless one is chosen
	if code != "" {
		found := false
		for _, x := range d.Indicators {
			if x.Code == code {
				ind, found = x, true
			}
		}
		if !found {
			s.pageError(w, r, indicators.NotFound("err.indicator.notFound", d.Plan.Code, code))
			return
		}
	}
	s.render(w, r, http.StatusOK, views.FormPageView(s.indicatorFormPage(r, d, ind, code == "")))
}

func (s *Server) handleSaveIndicator(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	create := r.PathValue("code") == ""
	v, err := posted(r, "code", "name_zh", "name_en", "unit", "section", "attribute", "direction", "department",
		"baseline_year", "baseline_value", "baseline_source", "kind", "target_value", "comparator", "band", "from_zero",
		"target_year", "interim", "parent", "plan_text", "note", "target_text", "observed_as", "reference", "method", "source", "reason")
	n := &numbers{v: v}
	ind := indicators.Indicator{Code: v["code"], NameZh: v["name_zh"], NameEn: v["name_en"], Unit: v["unit"], SectionCode: v["section"],
		Attribute: indicators.Attribute(v["attribute"]), Direction: indicators.Direction(v["direction"]), Department: v["department"],
		BaselineYear: n.int("baseline_year"), BaselineValue: n.optFloat("baseline_value"), BaselineSource: v["baseline_source"],
		Target: indicators.Target{Kind: indicators.TargetKind(v["kind"]), Year: n.optInt("target_year"),
			Comparator: indicators.Comparator(v["comparator"]), FromZero: v["from_zero"] == "1"},
		PlanText: v["plan_text"], Note: v["note"], ObservedAs: indicators.ObservedAs(v["observed_as"]), Reference: v["reference"],
		Method: indicators.Method(v["method"]), Source: v["source"]}
	ind.Target.Text = v["target_text"]
	if ind.BaselineValue != nil {
		if pv, err := indicators.ParseValue(v["baseline_value"], ""); err == nil {
			ind.BaselineDecimals = pv.Decimals
		}
	}
	if !create {
		ind.Code = r.PathValue("code")
	}
	switch k := ind.Target.Kind; {
	case v["target_value"] == "" && v["target_text"] != "" && k != indicators.KindNone && k != indicators.KindRelative && k != indicators.KindYearly:
		ind.Target.Pending = true // 完成省下达目标: the figure comes later
	case v["target_value"] != "" || (k != indicators.KindNone && k != indicators.KindRelative && k != indicators.KindYearly):
		ind.Target.Value = n.float("target_value")
	}
	if v["band"] != "" {
		ind.Target.Band = n.float("band")
	}
	for i, line := range strings.Split(v["interim"], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ys, vs, ok := strings.Cut(strings.ReplaceAll(line, "=", ":"), ":")
		yf, yerr := parseNumber(strings.TrimSpace(ys))
		y := int(yf)
		x, xerr := parseNumber(vs)
		if !ok || yerr != nil || xerr != nil || float64(y) != yf {
			n.es = append(n.es, indicators.Invalid("interim", "err.form.interim", i+1, line))
			continue
		}
		ind.Interim = append(ind.Interim, indicators.InterimTarget{Year: y, Value: x})
	}
	if v["parent"] != "" {
		pp, pc, ok := strings.Cut(v["parent"], "/")
		if !ok {
			n.es = append(n.es, indicators.Invalid("parent", "err.form.parent"))
		}
		ind.ParentPlan, ind.ParentCode = pp, pc
	}
	if err == nil {
		err = n.check(ind.Validate(d.Plan))
	}
	if err == nil {
		err = s.app.SaveIndicator(r.Context(), actor(r), d.Plan.Code, ind, v["reason"], create)
	}
	s.saveOrShow(w, r, err, present.IndicatorHref(d.Plan.Code, ind.Code)+"?saved=1", s.indicatorFormPage(r, d, ind, create))
}
