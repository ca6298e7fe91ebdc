package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/sheet"
	"plantrack/web/views"
)

// Importer reads uploaded files into plans (a dry run first, then for real)
// and lists what was imported.
type Importer interface {
	ImportActuals(ctx context.Context, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error)
	ImportPlan(ctx context.Context, p indicators.Plan, src indicators.RowSource, opt indicators.ImportOptions) (indicators.ImportResult, error)
	Imports(ctx context.Context, plan string, limit int) ([]indicators.ImportRecord, error)
	Import(ctx context.Context, id int64, limit int) (indicators.ImportDetail, error)
}

// pendingTTL is how long an uploaded file waits for its commit.
const pendingTTL = time.Hour

// pending is an uploaded file between its preview and its commit. The file
// itself waits on disk: a large upload is never held in memory.
type pending struct {
	path, name, sha string
	kind            indicators.ImportKind
	plan, user      string
	at              time.Time
}

// uploads are the files waiting for a commit, by random token.
type uploads struct {
	mu  sync.Mutex
	dir string
	m   map[string]*pending
}

func (u *uploads) add(p *pending) string {
	b := make([]byte, 16)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	u.mu.Lock()
	defer u.mu.Unlock()
	for t, old := range u.m {
		if time.Since(old.at) > pendingTTL {
			os.Remove(old.path)
			delete(u.m, t)
		}
	}
	u.m[tok] = p
	return tok
}

// get returns the upload of token if user made it for plan.
func (u *uploads) get(token, plan, user string) *pending {
	u.mu.Lock()
	defer u.mu.Unlock()
	p := u.m[token]
	if p == nil || p.plan != plan || p.user != user || time.Since(p.at) > pendingTTL {
		return nil
	}
	return p
}

func (u *uploads) done(token string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if p := u.m[token]; p != nil {
		os.Remove(p.path)
		delete(u.m, token)
	}
}

func (s *Server) importRoutes() {
	s.handle("GET /plans/{plan}/import", accessEdit, s.handleImportPage)
	s.handle("POST /plans/{plan}/import", accessEdit, s.handleUpload)
	s.handle("GET /plans/{plan}/import/{token}", accessEdit, s.handlePreview)
	s.handle("POST /plans/{plan}/import/{token}", accessEdit, s.handleCommit)
	s.handle("GET /plans/{plan}/imports", accessRead, s.handleImports)
	s.handle("GET /imports/{id}", accessRead, s.handleImportDetail)
	s.handle("GET /plans/{plan}/entry", accessEdit, s.handleGrid)
	s.handle("POST /plans/{plan}/entry", accessEdit, s.handleGridPost)
	s.handle("GET /plans/{plan}/export.csv", accessRead, s.handleExport(false, "csv"))
	s.handle("GET /plans/{plan}/export.xlsx", accessRead, s.handleExport(false, "xlsx"))
	s.handle("GET /plans/{plan}/template.csv", accessRead, s.handleExport(true, "csv"))
	s.handle("GET /plans/{plan}/template.xlsx", accessRead, s.handleExport(true, "xlsx"))
	s.handle("GET /plans/{plan}/definitions.csv", accessRead, s.handleDefinitions("csv"))
	s.handle("GET /plans/{plan}/definitions.xlsx", accessRead, s.handleDefinitions("xlsx"))
}

// isUpload reports whether r posts a file, which may be larger than a form.
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/plans/") && strings.HasSuffix(r.URL.Path, "/import")
}

func importHref(plan string) string { return planHref(plan) + "/import" }

// uploadForm is the upload form; admins may also import definitions.
func uploadForm(l i18n.Lang, plan string, admin bool, kind, msg string) views.Form {
	kinds := []views.Option{{Value: string(indicators.ImportActuals), Label: l.T("import.kind.actuals")}}
	if admin {
		kinds = append(kinds, views.Option{Value: string(indicators.ImportPlan), Label: l.T("import.kind.plan")})
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
	d, err := s.store.Dataset(r.Context(), r.PathValue("plan"), "")
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
	s.pageError(w, r, &indicators.Error{Kind: indicators.KindUnauthorized,
		Zh: "本规划没有由您的部门负责的指标", En: "none of this plan's indicators is your department's"})
	return d, false
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request, status int, form views.Form) {
	l := lang(r)
	code := r.PathValue("plan")
	p, err := s.store.Plan(r.Context(), code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	recs, err := s.imports.Imports(r.Context(), code, 10)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	head, rows, links := importTable(l, recs)
	ph := planHref(code)
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
		Head: head, Rows: rows, RowLinks: links, Empty: l.T("import.none")}
	s.render(w, r, status, views.TablePageView(vm))
}

// importTable lists import records.
func importTable(l i18n.Lang, recs []indicators.ImportRecord) ([]string, [][]string, []string) {
	head := []string{"#", l.T("import.when"), l.T("import.who"), l.T("import.file"), l.T("import.kind"),
		l.T("import.new"), l.T("import.changedN"), l.T("import.unchanged"), l.T("import.warnings")}
	var rows [][]string
	var links []string
	for _, rec := range recs {
		rows = append(rows, []string{"#" + strconv.FormatInt(rec.ID, 10), rec.At.Local().Format("2006-01-02 15:04"), rec.By,
			rec.File, l.T("import.kind." + string(rec.Kind)), strconv.Itoa(rec.New), strconv.Itoa(rec.Changed),
			strconv.Itoa(rec.Unchanged), strconv.Itoa(rec.Warnings)})
		links = append(links, "/imports/"+strconv.FormatInt(rec.ID, 10))
	}
	return head, rows, links
}

func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.planEditor(w, r); !ok {
		return
	}
	s.importPage(w, r, http.StatusOK, uploadForm(lang(r), r.PathValue("plan"), currentUser(r).CanAdmin(), "", ""))
}

// handleUpload streams the file to disk while hashing it, then sends the
// browser to its preview. The progress script asks for JSON instead of a
// redirect (X-Upload), so that it can show the upload's progress.
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
	mr, err := r.MultipartReader()
	if err != nil {
		fail("", l.T("import.err.nofile"))
		return
	}
	p := &pending{plan: plan, user: u.Name, at: time.Now(), kind: indicators.ImportActuals}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			os.Remove(p.path)
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				fail(string(p.kind), l.F("import.err.toolarge", s.cfg.MaxUploadBytes>>20))
			} else {
				fail(string(p.kind), l.T("import.err.nofile"))
			}
			return
		}
		switch part.FormName() {
		case "kind":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			p.kind = indicators.ImportKind(b)
		case "file":
			if part.FileName() == "" {
				continue
			}
			if err := s.saveUpload(p, part); err != nil {
				os.Remove(p.path)
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					fail(string(p.kind), l.F("import.err.toolarge", s.cfg.MaxUploadBytes>>20))
					return
				}
				s.pageError(w, r, indicators.Internal(err))
				return
			}
		}
	}
	switch {
	case p.path == "":
		fail(string(p.kind), l.T("import.err.nofile"))
		return
	case p.kind == indicators.ImportPlan && !u.CanAdmin():
		os.Remove(p.path)
		s.pageError(w, r, indicators.Unauthorized("只有管理员可以导入指标定义", "only administrators may import indicator definitions"))
		return
	case p.kind != indicators.ImportPlan && p.kind != indicators.ImportActuals:
		os.Remove(p.path)
		fail("", l.T("import.err.kind"))
		return
	}
	next := importHref(plan) + "/" + s.uploads.add(p)
	if r.Header.Get("X-Upload") != "" {
		s.writeJSON(w, r, http.StatusOK, map[string]string{"next": next})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// saveUpload copies a file part to the upload directory, hashing it.
func (s *Server) saveUpload(p *pending, part *multipart.Part) error {
	if err := os.MkdirAll(s.uploads.dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.uploads.dir, "upload-*")
	if err != nil {
		return err
	}
	p.path, p.name = f.Name(), filepath.Base(part.FileName())
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(f, h), part)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	p.sha = hex.EncodeToString(h.Sum(nil))
	return err
}

// runImport runs the engine over a pending upload.
func (s *Server) runImport(ctx context.Context, p *pending, u *indicators.User, dry bool) (indicators.ImportResult, error) {
	f, err := os.Open(p.path)
	if err != nil {
		return indicators.ImportResult{}, indicators.NotFound("上传的文件已不存在,请重新上传", "the uploaded file is gone; upload it again")
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return indicators.ImportResult{}, err
	}
	src, err := sheet.Open(p.name, f, fi.Size())
	if err != nil {
		var fe *indicators.FileError
		if errors.As(err, &fe) {
			res := indicators.ImportResult{Kind: p.kind, File: p.name, SHA256: p.sha}
			res.Add(fe.Issue())
			return res, nil
		}
		return indicators.ImportResult{}, err
	}
	defer src.Close()
	opt := indicators.ImportOptions{Plan: p.plan, File: p.name, SHA256: p.sha, By: u.Name, User: u, Now: s.now(), DryRun: dry}
	if p.kind == indicators.ImportPlan {
		return s.imports.ImportPlan(ctx, indicators.Plan{Code: p.plan}, src, opt)
	}
	return s.imports.ImportActuals(ctx, src, opt)
}

func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	s.previewOrCommit(w, r, true)
}

func (s *Server) handleCommit(w http.ResponseWriter, r *http.Request) {
	s.previewOrCommit(w, r, false)
}

func (s *Server) previewOrCommit(w http.ResponseWriter, r *http.Request, dry bool) {
	l, u, plan, token := lang(r), currentUser(r), r.PathValue("plan"), r.PathValue("token")
	if _, ok := s.planEditor(w, r); !ok {
		return
	}
	p := s.uploads.get(token, plan, u.Name)
	if p == nil {
		s.pageError(w, r, indicators.NotFound("这次上传已过期或不存在,请重新上传", "this upload has expired or does not exist; upload the file again"))
		return
	}
	res, err := s.runImport(r.Context(), p, u, dry)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if !dry && res.OK() {
		s.uploads.done(token)
		if res.ID == 0 {
			http.Redirect(w, r, planHref(plan)+"/imports?unchanged="+url.QueryEscape(p.name), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/imports/"+strconv.FormatInt(res.ID, 10)+"?saved=1", http.StatusSeeOther)
		return
	}
	vm := s.preview(r, l, res)
	vm.BackHref, vm.Back = importHref(plan), l.T("import.heading")
	vm.Heading = l.T("import.preview") + ": " + p.name
	status := http.StatusOK
	switch {
	case !res.OK():
		vm.Intro = l.T("import.hasErrors")
		status = http.StatusUnprocessableEntity
		vm.Again = &views.Link{Label: l.T("import.again"), Href: importHref(plan)}
	case res.New+res.Changed == 0 && res.Kind == indicators.ImportActuals:
		vm.Intro = l.T("import.nothing")
		vm.Again = &views.Link{Label: l.T("import.again"), Href: importHref(plan)}
	default:
		vm.Intro = l.T("import.ready")
		vm.Commit = &views.Form{ID: "commit-form", Action: importHref(plan) + "/" + token,
			Submit: l.F("import.commit", res.New, res.Changed)}
	}
	s.render(w, r, status, views.ImportPreviewView(vm))
}

// preview builds the view of an import's result.
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
		{Label: l.T("import.errors"), Value: i18n.Num(float64(res.Errors))},
		{Label: l.T("import.warnings"), Value: i18n.Num(float64(res.Warnings))},
	}
	for _, is := range res.Issues {
		row := views.IssueRow{Row: is.Row, Column: is.Column, Message: l.Pick(is.Zh, is.En)}
		if is.Warning {
			vm.Warnings = append(vm.Warnings, row)
		} else {
			vm.Errors = append(vm.Errors, row)
		}
	}
	vm.Changes = changeRows(l, res.Changes)
	for _, d := range res.Defs {
		old := ""
		if d.Old != nil {
			old = l.T("import.defChanged")
		}
		vm.Changes = append(vm.Changes, views.ChangeRow{Row: d.Row, Plan: res.Plans[0], Indicator: d.New.Code,
			Href: indicatorHref(res.Plans[0], d.New.Code), Old: old, New: l.Pick(d.New.NameZh, d.New.NameEn) + " (" + d.New.Unit + ")"})
	}
	if res.Errors > indicators.ListCap || res.Warnings > indicators.ListCap || res.New+res.Changed > indicators.ListCap {
		vm.More = l.F("import.more", indicators.ListCap)
	}
	return vm
}

func changeRows(l i18n.Lang, cs []indicators.Change) []views.ChangeRow {
	out := make([]views.ChangeRow, 0, len(cs))
	for _, c := range cs {
		row := views.ChangeRow{Row: c.Row, Plan: c.Plan, Indicator: c.Indicator, Href: indicatorHref(c.Plan, c.Indicator),
			Year: c.Year, New: i18n.Num(c.New.Value), Qualifier: l.T("qual." + string(c.New.Qualifier)),
			Status: l.T("obsstatus." + string(c.New.Status)), Source: c.New.Source, Note: c.New.Note}
		if c.Old != nil {
			row.Old = i18n.Num(c.Old.Value)
		}
		out = append(out, row)
	}
	return out
}

func (s *Server) handleImports(w http.ResponseWriter, r *http.Request) {
	l, code := lang(r), r.PathValue("plan")
	p, err := s.store.Plan(r.Context(), code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	recs, err := s.imports.Imports(r.Context(), code, 200)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	head, rows, links := importTable(l, recs)
	vm := views.TablePage{Page: s.page(r, l.T("import.history")+" · "+l.Pick(p.NameZh, p.NameEn), p.Sample),
		Heading: l.T("import.history") + " · " + l.Pick(p.NameZh, p.NameEn), Intro: l.T("import.history.intro"),
		Links: []views.Link{{Label: l.T("import.heading"), Href: importHref(code)}, {Label: l.T("nav.back.plan"), Href: planHref(code)}},
		Head:  head, Rows: rows, RowLinks: links, Empty: l.T("import.none")}
	if f := r.URL.Query().Get("unchanged"); f != "" {
		vm.Page.Notice = l.F("import.unchangedNotice", f)
	}
	s.render(w, r, http.StatusOK, views.TablePageView(vm))
}

func (s *Server) handleImportDetail(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.pageError(w, r, indicators.NotFound("导入记录不存在", "no such import"))
		return
	}
	d, err := s.imports.Import(r.Context(), id, 5000)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rec := d.Record
	res := indicators.ImportResult{ID: rec.ID, Kind: rec.Kind, File: rec.File, SHA256: rec.SHA256, Rows: rec.Rows,
		New: rec.New, Changed: rec.Changed, Unchanged: rec.Unchanged, Warnings: rec.Warnings, Changes: d.Changes}
	vm := s.preview(r, l, res)
	vm.Summary = append([]views.KV{{Label: l.T("import.when"), Value: rec.At.Local().Format("2006-01-02 15:04:05")},
		{Label: l.T("import.who"), Value: rec.By}, {Label: l.T("import.kind"), Value: l.T("import.kind." + string(rec.Kind))}}, vm.Summary...)
	// a committed import has no errors, and its warnings were seen in the preview
	vm.Summary = vm.Summary[:len(vm.Summary)-2]
	vm.Heading = l.F("import.detail", rec.ID) + ": " + rec.File
	if len(rec.Plans) == 1 {
		vm.BackHref, vm.Back = planHref(rec.Plans[0])+"/imports", l.T("import.history")
	}
	for _, e := range d.Entries {
		if e.Entity != "indicator" {
			continue
		}
		plan, code, _ := strings.Cut(e.Key, "/")
		row := views.ChangeRow{Plan: plan, Indicator: code, Href: indicatorHref(plan, code), New: l.T("import.defSaved")}
		if e.Before != "" {
			row.Old = l.T("import.defChanged")
		}
		vm.Changes = append(vm.Changes, row)
	}
	if len(d.Changes) < rec.New+rec.Changed && rec.Kind == indicators.ImportActuals {
		vm.More = l.F("import.more", len(d.Changes))
	}
	if r.URL.Query().Get("saved") != "" {
		vm.Page.Notice = l.F("import.saved", rec.New, rec.Changed)
	}
	s.render(w, r, http.StatusOK, views.ImportPreviewView(vm))
}
