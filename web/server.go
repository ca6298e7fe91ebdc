package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// Store is what the web layer reads; store.Store satisfies it.
type Store interface {
	Plans(ctx context.Context) ([]indicators.Plan, error)
	Plan(ctx context.Context, code string) (indicators.Plan, error)
	// Dataset loads a plan; with indicator set, only that indicator.
	Dataset(ctx context.Context, plan, indicator string) (indicators.Dataset, error)
	Departments(ctx context.Context) ([]indicators.Department, error)
}

// Accounts signs users in and out and reads their sessions.
type Accounts interface {
	SignIn(ctx context.Context, name, password, address string, now time.Time) (string, indicators.User, error)
	Session(ctx context.Context, token string, p indicators.SessionPolicy, now time.Time) (indicators.User, error)
	SignOut(ctx context.Context, token string, now time.Time) error
}

// Writer records actual values.
type Writer interface {
	AddObservation(ctx context.Context, plan, indicator string, o indicators.Observation) (int, error)
}

// Admin is what the administration pages change and read.
type Admin interface {
	SaveDepartment(ctx context.Context, actor string, d indicators.Department, now time.Time) error
	Users(ctx context.Context) ([]indicators.User, error)
	User(ctx context.Context, name string) (indicators.User, error)
	CreateUser(ctx context.Context, actor string, u indicators.User, password string, now time.Time) error
	UpdateUser(ctx context.Context, actor string, u indicators.User, password string, now time.Time) error
	Audit(ctx context.Context, before int64, limit int) ([]indicators.AuditEntry, error)
	SavePlan(ctx context.Context, actor string, p indicators.Plan, create bool, now time.Time) error
	SaveSection(ctx context.Context, actor, plan string, s indicators.Section, create bool, now time.Time) error
	SaveIndicator(ctx context.Context, actor, plan string, ind indicators.Indicator, create bool, now time.Time) error
}

// Config wires a Server.
type Config struct {
	Store    Store
	Accounts Accounts
	Writer   Writer
	Admin    Admin
	Reports  Reports
	Imports  Importer
	// Printer makes PDFs; nil where no Chromium is installed, and then the
	// PDF addresses say so while the HTML reports still work.
	Printer Printer
	// PublicRead lets anyone on the network read the dashboard and the API;
	// when false, reading needs a signed-in user too. Writing always does.
	PublicRead bool
	Sessions   indicators.SessionPolicy // zero for indicators.DefaultSessionPolicy
	// MaxFormBytes caps a form's body; 1 MiB when zero.
	MaxFormBytes int64
	// MaxUploadBytes caps an uploaded file; 256 MiB when zero.
	MaxUploadBytes int64
	// UploadDir keeps uploaded files between their preview and their
	// commit; a directory under the system's temporary one when empty.
	UploadDir string
	Log       *slog.Logger
	Now       func() time.Time // the clock; time.Now when nil
}

// Server serves plantrack's pages and API.
type Server struct {
	store    Store
	accounts Accounts
	writer   Writer
	admin    Admin
	reports  Reports
	imports  Importer
	uploads  *uploads
	printer  Printer
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	assets   *assets
	mux      *http.ServeMux
	routeTab []Route
	cop      *http.CrossOriginProtection
	gzPool   sync.Pool
}

// CSP is the Content-Security-Policy of every response: only this server's
// own scripts, styles and images; no inline script or style.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Accounts == nil || cfg.Writer == nil || cfg.Admin == nil || cfg.Reports == nil || cfg.Imports == nil {
		return nil, errors.New("web: Store, Accounts, Writer, Admin, Reports and Imports are all needed")
	}
	if cfg.Sessions == (indicators.SessionPolicy{}) {
		cfg.Sessions = indicators.DefaultSessionPolicy
	}
	if cfg.MaxFormBytes == 0 {
		cfg.MaxFormBytes = 1 << 20
	}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = 256 << 20
	}
	if cfg.UploadDir == "" {
		cfg.UploadDir = filepath.Join(os.TempDir(), "plantrack-uploads")
	}
	s := &Server{store: cfg.Store, accounts: cfg.Accounts, writer: cfg.Writer, admin: cfg.Admin, reports: cfg.Reports,
		imports: cfg.Imports, uploads: &uploads{dir: cfg.UploadDir, m: map[string]*pending{}}, printer: cfg.Printer, cfg: cfg, log: cfg.Log, now: cfg.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s.assets = a
	s.gzPool.New = func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }
	s.mux = http.NewServeMux()
	s.cop = http.NewCrossOriginProtection()
	s.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"))
		s.pageError(w, r, indicators.Unauthorized("跨站请求已被拒绝:请在本系统的页面上提交表单", "cross-site request refused: submit forms from this site's own pages"))
	}))
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.handle("GET /{$}", accessRead, s.handlePlans)
	s.handle("GET /plans/{plan}", accessRead, s.handleOverview)
	s.handle("GET /plans/{plan}/indicators/{code}", accessRead, s.handleIndicator)
	s.handle("GET /plans/{plan}/submission", accessRead, s.handleSubmission)
	s.handle("POST /plans/{plan}/indicators/{code}/observations", accessEdit, s.handleAddObservation)
	s.handle("GET /lang", accessPublic, s.handleLang)
	s.handle("GET /login", accessPublic, s.handleLoginForm)
	s.handle("POST /login", accessPublic, s.handleLogin)
	s.handle("POST /logout", accessSignedIn, s.handleLogout)
	s.adminRoutes()
	s.reportRoutes()
	s.importRoutes()
	s.handle("GET /api/v1/plans", accessRead, s.apiPlans)
	s.handle("GET /api/v1/plans/{plan}/indicators", accessRead, s.apiIndicators)
	s.handle("GET /api/v1/plans/{plan}/indicators/{code}", accessRead, s.apiIndicator)
	s.handle("/api/", accessPublic, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.writeJSON(w, r, http.StatusMethodNotAllowed, map[string]any{"error": map[string]any{
				"code": "method_not_allowed", "message": lang(r).T("err.readonly")}})
			return
		}
		s.apiError(w, r, indicators.NotFound("没有这个接口", "no such endpoint"))
	})
	s.handle("GET /static/{version}/{path...}", accessPublic, s.handleStatic)
	s.handle("GET /favicon.ico", accessPublic, s.handleFavicon)
	s.handle("GET /healthz", accessPublic, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.handle("/", accessPublic, func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, indicators.NotFound("页面不存在", "page not found"))
	})
}

// Handler returns the server with its middleware: logging, security
// headers, recovery, cross-origin protection, body limits and the session
// around every route.
func (s *Server) Handler() http.Handler {
	return s.logRequests(s.secure(s.recover(s.cop.Handler(s.limitBody(s.session(s.mux))))))
}

func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.pageError(w, r, indicators.Internal(fmt.Errorf("panic: %v", v)))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status, bytes int
}

// WriteHeader records the status for the log.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes for the log.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "duration", time.Since(start).Round(time.Microsecond))
	})
}

// lang is the request's UI language: ?lang=, else the cookie, else Chinese.
func lang(r *http.Request) i18n.Lang {
	if q := r.URL.Query().Get("lang"); q != "" {
		return i18n.Parse(q)
	}
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.Parse(c.Value)
	}
	return i18n.Zh
}

// localPath accepts only a path on this server, so the language switch
// cannot be used as an open redirect.
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return u.RequestURI()
}

// handleLang stores the language choice in a cookie and goes back.
func (s *Server) handleLang(w http.ResponseWriter, r *http.Request) {
	l := i18n.Parse(r.URL.Query().Get("to"))
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// page fills the parts every page shares.
func (s *Server) page(r *http.Request, title string, sample bool) views.Page {
	l := lang(r)
	q := r.URL.Query()
	q.Del("lang")
	here := r.URL.Path
	if enc := q.Encode(); enc != "" {
		here += "?" + enc
	}
	p := views.Page{Lang: l, Title: title, Asset: s.assets.url, Sample: sample, Canonical: r.URL.Path,
		LangURL: "/lang?" + url.Values{"to": {string(l.Other())}, "next": {here}}.Encode(), Viewer: viewer(r)}
	switch {
	case q.Get("signed_out") != "":
		p.Notice = l.T("notice.signedOut")
	case q.Get("saved") != "":
		p.Notice = l.T("notice.saved")
	}
	return p
}

// render writes a templ component, rendered into a buffer first so that a
// failure becomes a clean error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.pageError(w, r, indicators.Internal(err))
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	s.write(w, r, status, "text/html; charset=utf-8", buf.Bytes())
}

// write sends body, gzipped when the client accepts it and it is worth it.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, ctype string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Add("Vary", "Accept-Encoding")
	if len(body) < 1024 || !acceptsGzip(r) {
		h.Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	var buf bytes.Buffer
	gz := s.gzPool.Get().(*gzip.Writer)
	gz.Reset(&buf)
	gz.Write(body)
	gz.Close()
	s.gzPool.Put(gz)
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func httpStatus(err error) int {
	switch indicators.KindOf(err) {
	case indicators.KindInvalid:
		return http.StatusBadRequest
	case indicators.KindNotFound:
		return http.StatusNotFound
	case indicators.KindConflict:
		return http.StatusConflict
	case indicators.KindUnauthorized:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// pageError shows an error page; internal details go to the log only.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status := httpStatus(err)
	l := lang(r)
	p := views.ErrorPage{}
	switch status {
	case http.StatusNotFound:
		p.Heading, p.Body = l.T("err.notfound"), userMessage(err, l)
	case http.StatusInternalServerError:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		p.Heading, p.Body = l.T("err.internal"), l.T("err.internal.body")
	default:
		p.Heading, p.Body = l.T("err.badrequest"), userMessage(err, l)
	}
	p.Page = s.page(r, p.Heading, false)
	var buf bytes.Buffer
	if rerr := views.ErrorView(p).Render(r.Context(), &buf); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
		return
	}
	s.write(w, r, status, "text/html; charset=utf-8", buf.Bytes())
}

func userMessage(err error, l i18n.Lang) string {
	var e *indicators.Error
	if errors.As(err, &e) {
		return e.Message(string(l))
	}
	var es indicators.Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Message(string(l))
	}
	return l.T("err.internal.body")
}
