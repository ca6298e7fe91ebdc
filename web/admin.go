package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

func (s *Server) adminRoutes() {
	s.handle("GET /admin", accessAdmin, s.handleAdminHome)
	s.handle("GET /admin/users", accessAdmin, s.handleUsers)
	s.handle("POST /admin/users", accessAdmin, s.handleCreateUser)
	s.handle("GET /admin/users/{name}", accessAdmin, s.handleUserForm)
	s.handle("POST /admin/users/{name}", accessAdmin, s.handleUpdateUser)
	s.handle("GET /admin/departments", accessAdmin, s.handleDepartments)
	s.handle("POST /admin/departments", accessAdmin, s.handleSaveDepartment)
	s.handle("GET /admin/audit", accessAdmin, s.handleAudit)
	s.handle("GET /admin/plans/new", accessAdmin, s.handlePlanForm)
	s.handle("POST /admin/plans", accessAdmin, s.handleSavePlan)
	s.handle("GET /plans/{plan}/edit", accessAdmin, s.handlePlanForm)
	s.handle("POST /plans/{plan}/edit", accessAdmin, s.handleSavePlan)
	s.handle("GET /plans/{plan}/sections", accessAdmin, s.handleSections)
	s.handle("POST /plans/{plan}/sections", accessAdmin, s.handleSaveSection)
	s.handle("GET /plans/{plan}/sections/{section}/edit", accessAdmin, s.handleSectionForm)
	s.handle("POST /plans/{plan}/sections/{section}/edit", accessAdmin, s.handleSaveSection)
	s.handle("GET /plans/{plan}/new-indicator", accessAdmin, s.handleIndicatorForm)
	s.handle("POST /plans/{plan}/new-indicator", accessAdmin, s.handleSaveIndicator)
	s.handle("GET /plans/{plan}/indicators/{code}/edit", accessAdmin, s.handleIndicatorForm)
	s.handle("POST /plans/{plan}/indicators/{code}/edit", accessAdmin, s.handleSaveIndicator)
}

// posted reads the named form values, trimmed.
func posted(r *http.Request, names ...string) (map[string]string, error) {
	if err := r.ParseForm(); err != nil {
		return nil, indicators.Invalid("form", "err.form.unreadable")
	}
	v := map[string]string{}
	for _, n := range names {
		v[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return v, nil
}

// parseNumber reads a plain number as people type it (1,800, full-width
// digits), with the same parser as imports; the message says what is
// wrong (not a number, an ambiguous comma, a qualifier where none fits).
func parseNumber(s string) (float64, *indicators.Error) {
	pv, err := indicators.ParseValue(s, "")
	switch {
	case err != nil:
		return 0, err
	case pv.Empty || pv.Qualifier != indicators.Exact:
		return 0, indicators.Invalid("value", "err.value.nan", s)
	}
	return pv.Value, nil
}

// numbers parses the named values as ints or floats, collecting errors by field.
type numbers struct {
	v  map[string]string
	es indicators.Errors
}

// int reads a whole number such as a year, typed as people type them
// (２０２５ in full-width digits too).
func (n *numbers) int(name string) int {
	x, err := parseNumber(n.v[name])
	if err == nil && (x != math.Trunc(x) || math.Abs(x) > 1e9) {
		err = indicators.Invalid(name, "err.form.notInteger", n.v[name])
	}
	if err != nil {
		if err.Msg.Key == "err.value.nan" {
			err = indicators.Invalid(name, "err.form.notInteger", n.v[name])
		}
		err.Field = name
		n.es = append(n.es, err)
		return 0
	}
	return int(x)
}

// check is the form's errors: those of reading its numbers, and those the
// domain finds in what could be read (an empty code or name is flagged
// even when a number is wrong too), one message a field.
func (n *numbers) check(domain indicators.Errors) error {
	es := n.es
	for _, e := range domain {
		if !slices.ContainsFunc(es, func(x *indicators.Error) bool { return x.Field == e.Field }) {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return nil
	}
	return es
}

func (n *numbers) optInt(name string) int {
	if n.v[name] == "" {
		return 0
	}
	return n.int(name)
}

func (n *numbers) float(name string) float64 {
	x, err := parseNumber(n.v[name])
	if err != nil {
		err.Field = name
		n.es = append(n.es, err)
	}
	return x
}

func (n *numbers) optFloat(name string) *float64 {
	if n.v[name] == "" {
		return nil
	}
	x := n.float(name)
	return &x
}

// saveOrShow finishes a form post: on success, 303 to next; on a domain
// error, the form again with 422 and the messages by their fields.
func (s *Server) saveOrShow(w http.ResponseWriter, r *http.Request, err error, next string, page views.FormPage) {
	if err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	if !formError(&page.Form, err, r) {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, views.FormPageView(page))
}

func (s *Server) handleAdminHome(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	plans, err := s.app.Plans(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := views.TablePage{Page: s.page(r, l.T("admin.title"), false), Heading: l.T("admin.title"),
		Links: []views.Link{
			{Label: l.T("admin.users"), Href: "/admin/users"},
			{Label: l.T("admin.departments"), Href: "/admin/departments"},
			{Label: l.T("admin.audit"), Href: "/admin/audit", Note: l.T("admin.audit.note")},
			{Label: l.T("admin.newPlan"), Href: "/admin/plans/new"},
		}}
	for _, p := range plans {
		name := l.Pick(p.NameZh, p.NameEn)
		vm.Links = append(vm.Links,
			views.Link{Label: l.T("admin.editPlan"), Href: present.PlanHref(p.Code) + "/edit", Note: name},
			views.Link{Label: l.T("admin.sections"), Href: present.PlanHref(p.Code) + "/sections", Note: name},
			views.Link{Label: l.T("admin.newIndicator"), Href: present.PlanHref(p.Code) + "/new-indicator", Note: name})
	}
	vm.Intro = l.T("admin.intro")
	conflicts, err := s.app.Conflicts(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if len(conflicts) > 0 {
		// definitions that would call a worsening "achieved": fix these first
		vm.Head = []string{l.T("col.indicator"), l.T("col.plan"), l.T("admin.conflict")}
		vm.TableHeading = l.T("admin.conflicts")
		for _, c := range conflicts {
			vm.Rows = append(vm.Rows, views.LinkedRow(present.IndicatorHref(c.Plan.Code, c.Indicator.Code)+"/edit",
				l.Pick(c.Indicator.NameZh, c.Indicator.NameEn), l.Pick(c.Plan.NameZh, c.Plan.NameEn), l.M(c.Err.Msg)))
		}
	}
	s.render(w, r, http.StatusOK, views.TablePageView(vm))
}

// ---- users

func roleOptions(l i18n.Lang) []views.Option {
	return []views.Option{{Value: "viewer", Label: l.T("role.viewer")}, {Value: "editor", Label: l.T("role.editor")},
		{Value: "reviewer", Label: l.T("role.reviewer")}, {Value: "admin", Label: l.T("role.admin")}}
}

// departmentOptions offers the units an indicator or account may name:
// departments, and with areas the city and its districts too (an
// account's scope, a district plan's indicators); sample ones only with
// sample.
func (s *Server) departmentOptions(r *http.Request, none string, sample, areas bool) []views.Option {
	deps, err := s.app.Departments(r.Context())
	if err != nil {
		s.log.Error("departments", "err", err)
	}
	var out []views.Option
	if none != "" {
		out = append(out, views.Option{Value: "", Label: none})
	}
	for _, d := range deps {
		if (d.Sample && !sample) || (!areas && d.KindOr() != indicators.KindDepartment) {
			continue
		}
		out = append(out, views.Option{Value: d.Code, Label: lang(r).Pick(d.NameZh, d.NameEn)})
	}
	return out
}

func (s *Server) userForm(r *http.Request, u indicators.User, create bool) views.Form {
	l := lang(r)
	f := views.Form{ID: "user-form", Submit: l.T("form.save")}
	name := views.Field{Name: "name", Label: l.T("login.name"), Type: "text", Value: u.Name, Required: true, Help: l.T("user.name.help")}
	display := views.Field{Name: "display_name", Label: l.T("user.displayName"), Type: "text", Value: u.DisplayName,
		Help: l.T("user.displayName.help", indicators.MaxDisplayName)}
	pw := views.Field{Name: "password", Label: l.T("user.password"), Type: "password", Required: create,
		Help: l.T("user.password.help", indicators.MinPasswordLength)}
	if create {
		f.Action = "/admin/users"
	} else {
		f.Action = userHref(u.Name)
		name.ReadOnly = true
		pw.Label, pw.Help = l.T("user.newPassword"), l.T("user.newPassword.help")
	}
	disabled := "0"
	if u.Disabled {
		disabled = "1"
	}
	f.Fields = []views.Field{name, display,
		{Name: "role", Label: l.T("user.role"), Type: "select", Value: string(u.Role), Options: roleOptions(l)},
		{Name: "departments", Label: l.T("user.departments"), Type: "multi", Values: u.Units, Options: s.departmentOptions(r, "", true, true), Help: l.T("user.departments.help")},
		pw}
	if !create {
		f.Fields = append(f.Fields, views.Field{Name: "disabled", Label: l.T("user.disabled"), Type: "checkbox", Value: disabled})
	}
	return f
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, s.userForm(r, indicators.User{Role: indicators.Viewer}, true))
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form views.Form) {
	l := lang(r)
	users, err := s.app.Users(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := views.TablePage{Page: s.page(r, l.T("admin.users"), false), Heading: l.T("admin.users"),
		Links: []views.Link{{Label: "‹ " + l.T("admin.title"), Href: "/admin"}},
		Head:  []string{l.T("login.name"), l.T("user.displayName"), l.T("user.role"), l.T("user.departments"), l.T("user.state")},
		Empty: l.T("user.none"), Form: &form, FormHeading: l.T("user.create")}
	depts := s.departmentNames(r)
	for _, u := range users {
		state := l.T("user.active")
		if u.Disabled {
			state = l.T("user.disabled")
		}
		names := make([]string, len(u.Units))
		for i, d := range u.Units {
			names[i] = present.DepartmentName(depts, d)
		}
		vm.Rows = append(vm.Rows, views.LinkedRow(userHref(u.Name), u.Name, u.DisplayName, l.T("role."+string(u.Role)), l.List(names), state))
	}
	s.render(w, r, status, views.TablePageView(vm))
}

func userFromForm(r *http.Request, name string) (indicators.User, string, error) {
	v, err := posted(r, "name", "display_name", "role", "password", "disabled")
	if err != nil {
		return indicators.User{}, "", err
	}
	if name == "" {
		name = v["name"]
	}
	var deps []string
	for _, d := range r.PostForm["departments"] {
		if d = strings.TrimSpace(d); d != "" {
			deps = append(deps, d)
		}
	}
	return indicators.User{Name: name, DisplayName: v["display_name"], Role: indicators.Role(v["role"]), Units: deps, Disabled: v["disabled"] == "1"},
		r.PostFormValue("password"), nil
}

func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	u, pw, err := userFromForm(r, "")
	if err == nil {
		err = s.app.CreateUser(r.Context(), actor(r), u, pw)
	}
	if err == nil {
		http.Redirect(w, r, "/admin/users?saved=1", http.StatusSeeOther)
		return
	}
	form := s.userForm(r, u, true)
	if !formError(&form, err, r) {
		s.pageError(w, r, err)
		return
	}
	s.renderUsers(w, r, http.StatusUnprocessableEntity, form)
}

func (s *Server) userPage(r *http.Request, u indicators.User) views.FormPage {
	l := lang(r)
	return views.FormPage{Page: s.page(r, u.Name, false), Heading: l.T("user.edit") + " " + present.Person(map[string]string{u.Name: u.DisplayName}, u.Name),
		Back: l.T("admin.users"), BackHref: "/admin/users", Intro: l.T("user.edit.intro"), Form: s.userForm(r, u, false)}
}

func (s *Server) handleUserForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.app.User(r.Context(), r.PathValue("name"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.FormPageView(s.userPage(r, u)))
}

func (s *Server) handleUpdateUser(w http.ResponseWriter, r *http.Request) {
	old, err := s.app.User(r.Context(), r.PathValue("name"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	u, pw, err := userFromForm(r, old.Name)
	if err == nil {
		err = s.app.UpdateUser(r.Context(), actor(r), u, pw)
	}
	page := s.userPage(r, u)
	s.saveOrShow(w, r, err, "/admin/users?saved=1", page)
}

// userHref is where an account is edited.
func userHref(name string) string { return "/admin/users/" + url.PathEscape(name) }

// ---- departments

func (s *Server) departmentForm(r *http.Request, d indicators.Unit) views.Form {
	l := lang(r)
	kinds := make([]views.Option, len(indicators.UnitKinds))
	for i, k := range indicators.UnitKinds {
		kinds[i] = views.Option{Value: string(k), Label: l.T("unit.kind." + string(k))}
	}
	parents := append([]views.Option{{Value: "", Label: l.T("none")}}, s.departmentOptions(r, "", true, true)...)
	return views.Form{ID: "department-form", Action: "/admin/departments", Submit: l.T("form.save"), Fields: []views.Field{
		{Name: "code", Label: l.T("col.code"), Type: "text", Value: d.Code, Required: true, Help: l.T("department.code.help")},
		{Name: "name_zh", Label: l.T("form.nameZh"), Type: "text", Value: d.NameZh, Required: true},
		{Name: "name_en", Label: l.T("form.nameEn"), Type: "text", Value: d.NameEn},
		{Name: "kind", Label: l.T("unit.kind"), Type: "select", Value: string(d.KindOr()), Options: kinds},
		{Name: "parent", Label: l.T("unit.parent"), Type: "select", Value: d.Parent, Options: parents},
	}}
}

func (s *Server) renderDepartments(w http.ResponseWriter, r *http.Request, status int, form views.Form) {
	l := lang(r)
	deps, err := s.app.Departments(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := views.TablePage{Page: s.page(r, l.T("admin.departments"), false), Heading: l.T("admin.departments"),
		Intro: l.T("department.intro"),
		Links: []views.Link{{Label: "‹ " + l.T("admin.title"), Href: "/admin"}},
		Head:  []string{l.T("col.code"), l.T("form.nameZh"), l.T("form.nameEn"), l.T("unit.kind"), l.T("unit.parent")},
		Empty: l.T("department.none"), Form: &form, FormHeading: l.T("department.save")}
	names := s.departmentNames(r)
	for _, d := range deps {
		parent := ""
		if d.Parent != "" {
			parent = present.DepartmentName(names, d.Parent)
		}
		vm.Rows = append(vm.Rows, views.LinkedRow("", d.Code, d.NameZh, d.NameEn, l.T("unit.kind."+string(d.KindOr())), parent))
	}
	s.render(w, r, status, views.TablePageView(vm))
}

func (s *Server) handleDepartments(w http.ResponseWriter, r *http.Request) {
	s.renderDepartments(w, r, http.StatusOK, s.departmentForm(r, indicators.Unit{}))
}

func (s *Server) handleSaveDepartment(w http.ResponseWriter, r *http.Request) {
	v, err := posted(r, "code", "name_zh", "name_en", "kind", "parent")
	d := indicators.Unit{Code: v["code"], NameZh: v["name_zh"], NameEn: v["name_en"], Kind: indicators.UnitKind(v["kind"]), Parent: v["parent"]}
	if err == nil {
		err = s.app.SaveUnit(r.Context(), actor(r), d)
	}
	if err == nil {
		http.Redirect(w, r, "/admin/departments?saved=1", http.StatusSeeOther)
		return
	}
	form := s.departmentForm(r, d)
	if !formError(&form, err, r) {
		s.pageError(w, r, err)
		return
	}
	s.renderDepartments(w, r, http.StatusUnprocessableEntity, form)
}

// ---- audit

// auditPageSize is how many entries of the audit log a page shows.
const auditPageSize = 100

// handleAudit shows the audit log, filtered by who, what, which object and
// when; the filters travel in the query so a page can be linked and paged.
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	q := r.URL.Query()
	vm := views.AuditPage{Page: s.page(r, l.T("admin.audit"), false),
		Actor: clipText(q.Get("actor"), 64), Key: clipText(q.Get("key"), 200), From: q.Get("from"), To: q.Get("to")}
	f := indicators.AuditFilter{Actor: vm.Actor, Key: vm.Key}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.Action = choose(&vm.Actions, l, "audit.action.", indicators.AuditActions, q.Get("action"))
	f.Entity = choose(&vm.Entities, l, "audit.entity.", indicators.AuditEntities, q.Get("entity"))
	var bad []string
	day := func(name, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, time.Local)
		if err != nil {
			bad = append(bad, l.T("err.audit.date", l.T("audit."+name), v))
		}
		return t
	}
	f.From = day("from", vm.From)
	if f.To = day("to", vm.To); !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the day given is included
	}
	vm.Error = strings.Join(bad, " ")
	vm.Filtered = f.Actor != "" || f.Action != "" || f.Entity != "" || f.Key != "" || vm.From != "" || vm.To != ""
	es, err := s.app.Audit(r.Context(), f, auditPageSize)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	people := s.people(r)
	for name := range people {
		vm.Actors = append(vm.Actors, name)
	}
	slices.Sort(vm.Actors)
	for _, e := range es {
		vm.Entries = append(vm.Entries, views.AuditRow{At: e.At.Local().Format("2006-01-02 15:04:05"), Actor: present.Person(people, e.Actor),
			Action: present.Word(l, "audit.action.", e.Action), Entity: present.Word(l, "audit.entity.", e.Entity),
			Object: auditObject(e), Changes: present.AuditChanges(l, e.Before, e.After)})
	}
	page := func(before int64) string {
		v := url.Values{}
		for _, k := range []string{"actor", "action", "entity", "key", "from", "to"} {
			if x := q.Get(k); x != "" {
				v.Set(k, x)
			}
		}
		if before != 0 {
			v.Set("before", strconv.FormatInt(before, 10))
		}
		if len(v) == 0 {
			return "/admin/audit"
		}
		return "/admin/audit?" + v.Encode()
	}
	if f.Before != 0 {
		vm.Newest = &views.Link{Label: l.T("audit.newest"), Href: page(0)}
	}
	if len(es) == auditPageSize {
		vm.Next = &views.Link{Label: l.T("audit.older"), Href: page(es[len(es)-1].ID)}
	}
	s.render(w, r, http.StatusOK, views.AuditPageView(vm))
}

// choose fills a select's options from words (the first option: any) and
// returns the chosen word, or "" for any or for a word not on the list.
func choose(opts *[]views.Option, l i18n.Lang, family string, words []string, chosen string) string {
	*opts = append(*opts, views.Option{Value: "", Label: l.T("filter.any")})
	pick := ""
	for _, w := range words {
		if w == chosen {
			pick = w
		}
		*opts = append(*opts, views.Option{Value: w, Label: l.T(family + w), Selected: w == chosen})
	}
	return pick
}

// auditObject names what an audit entry is about, linked to where it can
// be seen today.
func auditObject(e indicators.AuditEntry) views.Cell {
	c := views.Cell{Text: e.Key}
	parts := strings.Split(e.Key, "/")
	switch {
	case e.Entity == "plan" || e.Entity == "dataset":
		c.Href = present.PlanHref(e.Key)
	case (e.Entity == "indicator" || e.Entity == "narrative") && len(parts) >= 2:
		c.Href = present.IndicatorHref(parts[0], parts[1])
	case e.Entity == "observations":
		c.Href = "/imports/" + url.PathEscape(e.Key)
	case e.Entity == "report":
		c.Href = "/reports/" + url.PathEscape(e.Key)
	case e.Entity == "user":
		c.Href = userHref(e.Key)
	}
	return c
}

// clipText cuts a filter's text to n runes: a query string is no place for
// a long text.
func clipText(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
