package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

func (s *Server) importRoutes() {
	s.handle("GET /plans/{plan}/import", accessEdit, s.handleImportPage)
	s.handle("POST /plans/{plan}/import", accessEdit, s.handleUpload)
	s.handle("GET /plans/{plan}/import/{token}", accessEdit, s.handleUploadPage)
	s.handle("GET /plans/{plan}/import/{token}/status", accessEdit, s.handleUploadStatus)
	s.handle("POST /plans/{plan}/import/{token}", accessEdit, s.handleCommit)
	s.handle("POST /plans/{plan}/import/{token}/cancel", accessEdit, s.handleCancel)
	s.handleCached("GET /plans/{plan}/imports", accessRead, s.handleImports)
	s.handleCached("GET /imports/{id}", accessRead, s.handleImportDetail)
	s.handle("GET /plans/{plan}/entry", accessEdit, s.handleGrid)
	s.handle("POST /plans/{plan}/entry", accessEdit, s.handleGridPost)
	for _, f := range []string{"csv", "xlsx"} {
		s.handleCached("GET /plans/{plan}/export."+f, accessRead, s.handleExport(app.ExportValues, f))
		s.handleCached("GET /plans/{plan}/template."+f, accessRead, s.handleExport(app.ExportTemplate, f))
		s.handleCached("GET /plans/{plan}/definitions."+f, accessRead, s.handleExport(app.ExportDefinitions, f))
		s.handleCached("GET /plans/{plan}/projects."+f, accessRead, s.handleExport(app.ExportProjects, f))
	}
}

// isUpload reports whether r posts a file, which may be larger than a form.
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/plans/") && strings.HasSuffix(r.URL.Path, "/import")
}

func importHref(plan string) string { return present.PlanHref(plan) + "/import" }

// uploadForm is the upload form; admins may also import definitions.
func uploadForm(l i18n.Lang, plan string, admin bool, kind, msg string) views.Form {
	kinds := []views.Option{{Value: string(indicators.ImportActuals), Label: l.T("import.kind.actuals")}}
	if admin {
		kinds = append(kinds, views.Option{Value: string(indicators.ImportPlan), Label: l.T("import.kind.plan")},
			views.Option{Value: string(indicators.ImportProjects), Label: l.T("import.kind.projects")})
	}
	if kind == "" {
		kind = string(indicators.ImportActuals)
	}
	return views.Form{ID: "upload-form", Action: importHref(plan), Submit: l.T("import.check"), Multipart: true,
		Error: msg, Fields: []views.Field{
			{Name: "kind", Label: l.T("import.kind"), Type: "select", Options: kinds, Value: kind},
			{Name: "file", Label: l.T("import.file"), Type: "file", Required: true, Help: l.T("import.file.help"),
				Accept: ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				Busy:   []string{l.T("import.uploading"), l.T("import.checking")}},
		}}
}

// planEditor loads the plan of the request and refuses users who may
// write none of its indicators.
func (s *Server) planEditor(w http.ResponseWriter, r *http.Request) (indicators.Dataset, bool) {
	d, err := s.app.Dataset(r.Context(), r.PathValue("plan"), "")
	if err != nil {
		s.pageError(w, r, err)
		return d, false
	}
	u := currentUser(r)
	for _, ind := range d.Indicators {
		if u.CanEdit(ind) {
			return d, true
		}
	}
	if u.CanAdmin() {
		return d, true
	}
	s.pageError(w, r, indicators.Unauthorized("err.forbidden.plan"))
	return d, false
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request, status int, form views.Form) {
	l := lang(r)
	code := r.PathValue("plan")
	p, err := s.app.Plan(r.Context(), code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	recs, err := s.app.Imports(r.Context(), code, 10)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ph := present.PlanHref(code)
	vm := views.TablePage{Page: s.page(r, l.T("import.heading")+" · "+l.Pick(p.NameZh, p.NameEn), p.Sample),
		Heading: l.T("import.heading"), Intro: l.T("import.intro"), FormFirst: true, Form: &form, FormHeading: l.T("import.upload"),
		Links: []views.Link{
			{Label: l.T("import.template") + " (XLSX)", Href: ph + "/template.xlsx", Note: l.T("import.template.note")},
			{Label: l.T("import.template") + " (CSV)", Href: ph + "/template.csv"},
			{Label: l.T("import.export") + " (XLSX)", Href: ph + "/export.xlsx"},
			{Label: l.T("import.export") + " (CSV)", Href: ph + "/export.csv", Note: l.T("import.export.note")},
			{Label: l.T("import.definitions"), Href: ph + "/definitions.xlsx", Note: l.T("import.definitions.note")},
			{Label: l.T("grid.heading"), Href: ph + "/entry"},
			{Label: l.T("import.history"), Href: ph + "/imports"},
		},
		Empty: l.T("import.none")}
	vm.Head, vm.Rows = importTable(l, s.people(r), recs)
	s.render(w, r, status, views.TablePageView(vm))
}

// importTable lists import records.
func importTable(l i18n.Lang, people map[string]string, recs []indicators.ImportRecord) ([]string, []views.TableRow) {
	head := []string{"#", l.T("import.when"), l.T("import.who"), l.T("import.file"), l.T("import.kind"),
		l.T("import.new"), l.T("import.changedN"), l.T("import.unchanged"), l.T("import.warnings")}
	var rows []views.TableRow
	for _, rec := range recs {
		rows = append(rows, views.LinkedRow("/imports/"+strconv.FormatInt(rec.ID, 10),
			"#"+strconv.FormatInt(rec.ID, 10), rec.At.Local().Format("2006-01-02 15:04"), present.Person(people, rec.Actor),
			rec.File, l.T("import.kind."+string(rec.Kind)), strconv.Itoa(rec.New), strconv.Itoa(rec.Changed),
			strconv.Itoa(rec.Unchanged), strconv.Itoa(rec.Warnings)))
	}
	return head, rows
}

func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.planEditor(w, r); !ok {
		return
	}
	// ?kind=plan: an indicator table, where a new plan's empty page leads
	s.importPage(w, r, http.StatusOK, uploadForm(lang(r), r.PathValue("plan"), currentUser(r).CanAdmin(), r.URL.Query().Get("kind"), ""))
}

// paced is an upload's body whose read deadline moves on while it keeps
// the server's minimum upload rate: a large file on a slow line gets in,
// and a client that stalls still loses its connection at the deadline.
type paced struct {
	body   io.Reader
	rc     *http.ResponseController
	window time.Duration // the server's read timeout
	chunk  int64         // what the minimum rate brings in half a window
	got    int64         // read since the deadline last moved
}

func (p *paced) Read(b []byte) (int, error) {
	n, err := p.body.Read(b)
	p.got += int64(n)
	if p.got >= p.chunk {
		p.got = 0
		p.extend()
	}
	return n, err
}

// extend moves the read deadline a window on, and the write deadline too,
// so that the answer can still be sent after a long upload.
func (p *paced) extend() {
	at := time.Now().Add(p.window)
	p.rc.SetReadDeadline(at)
	p.rc.SetWriteDeadline(at)
}

// handleUpload streams the file to disk while hashing it, starts its check
// in the background and sends the browser to the upload's page. The
// progress script asks for JSON instead of a redirect (X-Upload), so that
// it can show the upload's progress.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	l, u, plan := lang(r), currentUser(r), r.PathValue("plan")
	fail := func(kind string, msg string) {
		if r.Header.Get("X-Upload") != "" {
			s.writeJSON(w, r, http.StatusUnprocessableEntity, map[string]string{"error": msg})
			return
		}
		s.importPage(w, r, http.StatusUnprocessableEntity, uploadForm(l, plan, u.CanAdmin(), kind, msg))
	}
	if _, ok := s.planEditor(w, r); !ok {
		return
	}
	body := &paced{body: r.Body, rc: http.NewResponseController(w), window: s.cfg.ReadTimeout,
		chunk: max(1, s.cfg.UploadRate*int64(s.cfg.ReadTimeout/time.Second)/2)}
	body.extend()
	r.Body = io.NopCloser(body)
	mr, err := r.MultipartReader()
	if err != nil {
		fail("", l.T("import.err.nofile"))
		return
	}
	kind := indicators.ImportActuals
	token := ""
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err == nil && part.FormName() == "kind" {
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			kind = indicators.ImportKind(b)
			continue
		}
		if err == nil && (part.FormName() != "file" || part.FileName() == "") {
			continue
		}
		if err == nil && token != "" {
			// one file a request: the first is not kept to be orphaned
			s.app.Discard(token, plan, u.Name)
			token, err = "", indicators.Invalid("file", "err.upload.oneFile")
		}
		if err == nil && (kind == indicators.ImportPlan || kind == indicators.ImportProjects) && !u.CanAdmin() {
			s.pageError(w, r, indicators.Unauthorized("err.upload.definitions"))
			return
		}
		if err == nil {
			token, err = s.app.Receive(u.Name, plan, kind, part.FileName(), part)
		}
		var mbe *http.MaxBytesError
		switch {
		case err == nil:
		case errors.As(err, &mbe):
			fail(string(kind), l.T("import.err.toolarge", s.cfg.MaxUploadBytes>>20))
			return
		case indicators.KindOf(err) == indicators.ErrUnauthorized:
			s.pageError(w, r, err)
			return
		case indicators.KindOf(err) != indicators.ErrInternal:
			fail(string(kind), userMessage(err, l))
			return
		default:
			s.log.Warn("upload cut short", "plan", plan, "err", err)
			fail(string(kind), l.T("import.err.nofile"))
			return
		}
	}
	if token == "" {
		fail(string(kind), l.T("import.err.nofile"))
		return
	}
	next := importHref(plan) + "/" + token
	if r.Header.Get("X-Upload") != "" {
		s.writeJSON(w, r, http.StatusOK, map[string]string{"next": next})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// upload is the upload of the request's token, if the signed-in user made
// it for the request's plan.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) (app.Upload, bool) {
	up, ok := s.app.Upload(r.PathValue("token"), r.PathValue("plan"), currentUser(r).Name)
	if !ok {
		s.pageError(w, r, indicators.NotFound("err.upload.expired"))
	}
	return up, ok
}

// handleUploadStatus answers how far the upload's job has got, as JSON,
// for the page's script.
func (s *Server) handleUploadStatus(w http.ResponseWriter, r *http.Request) {
	up, ok := s.app.Upload(r.PathValue("token"), r.PathValue("plan"), currentUser(r).Name)
	if !ok {
		s.apiError(w, r, indicators.NotFound("err.upload.expired"))
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"state": up.State, "rows": up.Rows, "dry_run": up.DryRun,
		"finished": up.Finished()})
}

// handleUploadPage shows an upload: its job's progress while it runs (the
// page refreshes itself), then the preview of the dry run, or where the
// commit ended.
func (s *Server) handleUploadPage(w http.ResponseWriter, r *http.Request) {
	l, plan := lang(r), r.PathValue("plan")
	if _, ok := s.planEditor(w, r); !ok {
		return
	}
	up, ok := s.upload(w, r)
	if !ok {
		return
	}
	if up.State == app.JobDone && !up.DryRun && up.Result.OK() {
		if up.Result.ID == 0 {
			http.Redirect(w, r, present.PlanHref(plan)+"/imports?unchanged="+url.QueryEscape(up.Name), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/imports/"+strconv.FormatInt(up.Result.ID, 10)+"?saved=1", http.StatusSeeOther)
		return
	}
	here := importHref(plan) + "/" + up.Token
	vm := s.preview(r, l, up.Result)
	vm.BackHref, vm.Back = importHref(plan), l.T("import.heading")
	vm.Heading = l.T("import.preview") + ": " + up.Name
	status := http.StatusOK
	switch {
	case !up.Finished():
		key := "import.job.checking"
		if !up.DryRun {
			key = "import.job.writing"
		}
		if up.State == app.JobQueued {
			key = "import.job.queued"
		}
		vm = views.ImportPreview{Page: s.page(r, l.T("import.preview"), false), Heading: vm.Heading, BackHref: vm.BackHref, Back: vm.Back}
		vm.Page.Refresh = 2
		vm.Job = &views.JobView{Label: l.T(key), Rows: l.T("import.job.rows", i18n.Num(float64(up.Rows))), StatusURL: here + "/status",
			Cancel: &views.Form{ID: "cancel-form", Action: here + "/cancel", Submit: l.T("import.job.cancel")}}
	case up.State == app.JobCancelled:
		vm.Intro = l.T("import.job.cancelled")
		vm.Again = &views.Link{Label: l.T("import.again"), Href: importHref(plan)}
	case up.State == app.JobFailed:
		s.pageError(w, r, up.Err)
		return
	case !up.Result.OK():
		vm.Intro = l.T("import.hasErrors")
		status = http.StatusUnprocessableEntity
		vm.Again = &views.Link{Label: l.T("import.again"), Href: importHref(plan)}
	case up.Result.New+up.Result.Changed == 0 && up.Kind == indicators.ImportActuals:
		vm.Intro = l.T("import.nothing")
		vm.Again = &views.Link{Label: l.T("import.again"), Href: importHref(plan)}
	default:
		vm.Intro = l.T("import.ready")
		vm.Commit = &views.Form{ID: "commit-form", Action: here, Submit: l.T("import.commit", up.Result.New, up.Result.Changed)}
	}
	s.render(w, r, status, views.ImportPreviewView(vm))
}

// handleCommit starts writing a checked upload, in the background.
func (s *Server) handleCommit(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.planEditor(w, r); !ok {
		return
	}
	plan, token := r.PathValue("plan"), r.PathValue("token")
	if err := s.app.Commit(token, plan, currentUser(r).Name); indicators.KindOf(err) == indicators.ErrConflict {
		s.handleUploadPage(w, r) // not ready, with errors, or written already: the page says which
		return
	} else if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, importHref(plan)+"/"+token, http.StatusSeeOther)
}

// handleCancel stops an upload's job; a commit stopped midway writes nothing.
func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	plan, token := r.PathValue("plan"), r.PathValue("token")
	if err := s.app.Cancel(token, plan, currentUser(r).Name); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, importHref(plan)+"/"+token, http.StatusSeeOther)
}

// preview builds the view of an import's result: the counts, the issues,
// and every value or indicator it writes, old → new.
func (s *Server) preview(r *http.Request, l i18n.Lang, res indicators.ImportResult) views.ImportPreview {
	vm := views.ImportPreview{Page: s.page(r, l.T("import.preview"), false)}
	vm.Summary = []views.KV{
		{Label: l.T("import.file"), Value: res.File},
		{Label: "SHA-256", Value: res.SHA256},
		{Label: l.T("import.rows"), Value: i18n.Num(float64(res.Rows))},
		{Label: l.T("import.new"), Value: i18n.Num(float64(res.New))},
		{Label: l.T("import.changedN"), Value: i18n.Num(float64(res.Changed))},
		{Label: l.T("import.unchanged"), Value: i18n.Num(float64(res.Unchanged))},
		{Label: l.T("import.empty"), Value: i18n.Num(float64(res.Empty))},
		{Label: l.T("import.warnings"), Value: i18n.Num(float64(res.Warnings))},
	}
	if res.TargetN > 0 {
		vm.Summary = append(vm.Summary, views.KV{Label: l.T("import.targets"), Value: i18n.Num(float64(res.TargetN))})
	}
	if res.ID == 0 { // a committed import had no errors
		vm.Summary = append(vm.Summary, views.KV{Label: l.T("import.errors"), Value: i18n.Num(float64(res.Errors))})
	}
	for _, is := range res.Issues {
		row := views.IssueRow{Row: is.Row, Column: is.Column, Message: l.M(is.Msg)}
		if is.Warning {
			vm.Warnings = append(vm.Warnings, row)
		} else {
			vm.Errors = append(vm.Errors, row)
		}
	}
	vm.Changes = changeRows(l, res.Changes)
	for _, c := range res.Targets {
		// a year's target reads like a value: its words old → new
		row := views.ChangeRow{Row: c.Row, Plan: c.Plan, Indicator: c.Indicator, Href: present.IndicatorHref(c.Plan, c.Indicator),
			Year: c.New.Year, New: l.T("import.targetChange", c.New.Written())}
		if c.Old != nil {
			row.Old = l.T("import.targetChange", c.Old.Written())
		}
		vm.Changes = append(vm.Changes, row)
	}
	for _, d := range res.Defs {
		old := ""
		if d.Old != nil {
			old = l.T("import.defChanged")
		}
		vm.Changes = append(vm.Changes, views.ChangeRow{Row: d.Row, Plan: res.Plans[0], Indicator: d.New.Code,
			Href: present.IndicatorHref(res.Plans[0], d.New.Code), Old: old, New: l.Pick(d.New.NameZh, d.New.NameEn) + " (" + l.UnitLabel(d.New.Unit) + ")"})
	}
	if res.Errors > indicators.ListCap || res.Warnings > indicators.ListCap || res.New+res.Changed > indicators.ListCap {
		vm.More = l.T("import.more", indicators.ListCap)
	}
	return vm
}

// changeRows lists what an import writes: each field of a changed value
// that changes reads old → new, so that nothing changes unseen.
func changeRows(l i18n.Lang, cs []indicators.Change) []views.ChangeRow {
	out := make([]views.ChangeRow, 0, len(cs))
	for _, c := range cs {
		n := c.New
		row := views.ChangeRow{Row: c.Row, Plan: c.Plan, Indicator: c.Indicator, Href: present.IndicatorHref(c.Plan, c.Indicator),
			Year: c.Year, New: present.Figure(n), Qualifier: present.QualShort(l, n.Qualifier),
			Status: l.T("obsstatus." + string(n.Status)), Source: n.Source, Note: n.Note}
		if o := c.Old; o != nil {
			row.Old = present.Figure(*o)
			row.Qualifier = present.Transition(present.QualShort(l, o.Qualifier), row.Qualifier)
			row.Status = present.Transition(l.T("obsstatus."+string(o.Status)), row.Status)
			row.Source = present.Transition(o.Source, row.Source)
			row.Note = present.Transition(o.Note, row.Note)
		}
		out = append(out, row)
	}
	return out
}

func (s *Server) handleImports(w http.ResponseWriter, r *http.Request) {
	l, code := lang(r), r.PathValue("plan")
	p, err := s.app.Plan(r.Context(), code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	recs, err := s.app.Imports(r.Context(), code, 200)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := views.TablePage{Page: s.page(r, l.T("import.history")+" · "+l.Pick(p.NameZh, p.NameEn), p.Sample),
		Heading: l.T("import.history") + " · " + l.Pick(p.NameZh, p.NameEn), Intro: l.T("import.history.intro"),
		Links: []views.Link{{Label: l.T("import.heading"), Href: importHref(code)}, {Label: l.T("nav.back.plan"), Href: present.PlanHref(code)}},
		Empty: l.T("import.none")}
	vm.Head, vm.Rows = importTable(l, s.people(r), recs)
	if f := r.URL.Query().Get("unchanged"); f != "" {
		vm.Page.Notice = l.T("import.unchangedNotice", f)
	}
	s.render(w, r, http.StatusOK, views.TablePageView(vm))
}

func (s *Server) handleImportDetail(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.pageError(w, r, indicators.NotFound("err.import.notFound", r.PathValue("id")))
		return
	}
	d, err := s.app.Import(r.Context(), id, 5000)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rec := d.Record
	res := indicators.ImportResult{ID: rec.ID, Kind: rec.Kind, File: rec.File, SHA256: rec.SHA256, Rows: rec.Rows, Empty: rec.Empty,
		New: rec.New, Changed: rec.Changed, Unchanged: rec.Unchanged, Warnings: rec.Warnings, Changes: d.Changes}
	vm := s.preview(r, l, res)
	vm.Summary = append([]views.KV{{Label: l.T("import.when"), Value: rec.At.Local().Format("2006-01-02 15:04:05")},
		{Label: l.T("import.who"), Value: present.Person(s.people(r), rec.Actor)}, {Label: l.T("import.kind"), Value: l.T("import.kind." + string(rec.Kind))}}, vm.Summary...)
	vm.Heading = l.T("import.detail", rec.ID) + ": " + rec.File
	vm.Written = true
	if len(rec.Plans) == 1 {
		vm.BackHref, vm.Back = present.PlanHref(rec.Plans[0])+"/imports", l.T("import.history")
	}
	for _, e := range d.Entries {
		if e.Entity != "indicator" {
			continue
		}
		plan, code, _ := strings.Cut(e.Key, "/")
		row := views.ChangeRow{Plan: plan, Indicator: code, Href: present.IndicatorHref(plan, code), New: l.T("import.defSaved")}
		if e.Before != "" {
			row.Old = l.T("import.defChanged")
		}
		vm.Changes = append(vm.Changes, row)
	}
	if len(d.Changes) < rec.New+rec.Changed && rec.Kind == indicators.ImportActuals {
		vm.More = l.T("import.more", len(d.Changes))
	}
	if r.URL.Query().Get("saved") != "" {
		vm.Page.Notice = l.T("import.saved", rec.New, rec.Changed)
	}
	s.render(w, r, http.StatusOK, views.ImportPreviewView(vm))
}

var contentTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// handleExport serves a plan's values, entry template (?year= for one
// year) or definitions as CSV or XLSX.
func (s *Server) handleExport(what app.Export, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		plan := r.PathValue("plan")
		year, _ := strconv.Atoi(r.URL.Query().Get("year"))
		var buf bytes.Buffer
		if _, err := s.app.WriteExport(r.Context(), &buf, plan, what, format, year); err != nil {
			s.pageError(w, r, err)
			return
		}
		name := plan + "-observations." + format
		switch {
		case what == app.ExportDefinitions:
			name = plan + "-indicators." + format
		case what == app.ExportTemplate && year != 0:
			name = plan + "-" + strconv.Itoa(year) + "-template." + format
		case what == app.ExportTemplate:
			name = plan + "-template." + format
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-cache")
		s.write(w, r, http.StatusOK, contentTypes[format], buf.Bytes())
	}
}
