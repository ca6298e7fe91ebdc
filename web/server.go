package web

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"

	"plantrack/docs"
	"plantrack/indicators"
	"plantrack/web/app"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/static"
	"plantrack/web/views"
)

// Config wires a Server.
type Config struct {
	// App is the application core every handler calls.
	App *app.App
	// PublicRead lets anyone on the network read the dashboard and the API;
	// when false, reading needs a signed-in user too. Writing always does.
	PublicRead bool
	Sessions   indicators.SessionPolicy // zero for indicators.DefaultSessionPolicy
	// MaxFormBytes caps a form's body; 1 MiB when zero.
	MaxFormBytes int64
	// PageCacheBytes bounds the memory of kept pages (see pagecache.go);
	// PageCacheBytes when zero, no cache when negative.
	PageCacheBytes int64
	// MaxUploadBytes caps an uploaded file; 256 MiB when zero.
	MaxUploadBytes int64
	// UploadRate is the slowest an upload may arrive, in bytes a second: the
	// read deadline of an upload moves on as long as its body keeps this
	// pace (64 KiB/s when zero), so a large file on a slow line gets in and
	// a client that stalls does not hold a connection.
	UploadRate int64
	// ReadTimeout is the server's read timeout, which an upload's deadline
	// starts from (30 s when zero).
	ReadTimeout time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; none by default, so that no client
	// can choose the address its sign-in failures count against.
	TrustedProxies []netip.Prefix
}

// Server serves plantrack's pages and API over HTTP: it parses requests,
// checks who may make them, calls the application core and renders.
type Server struct {
	app      *app.App
	cfg      Config
	log      *slog.Logger
	mux      *http.ServeMux
	routeTab []Route
	cop      *http.CrossOriginProtection
	gzPool   sync.Pool
	pages    *pageCache // nil when pages are not kept
}

// CSP is the Content-Security-Policy of every response: only this server's
// own scripts, styles and images; no inline script or style.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.App == nil {
		return nil, errors.New("web: the application core is needed")
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
	if cfg.UploadRate == 0 {
		cfg.UploadRate = 64 << 10
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = 30 * time.Second
	}
	s := &Server{app: cfg.App, cfg: cfg, log: cfg.App.Log()}
	switch {
	case cfg.PageCacheBytes == 0:
		s.pages = newPageCache(PageCacheBytes)
	case cfg.PageCacheBytes > 0:
		s.pages = newPageCache(cfg.PageCacheBytes)
	}
	s.gzPool.New = func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }
	s.mux = http.NewServeMux()
	s.cop = http.NewCrossOriginProtection()
	s.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"))
		s.pageError(w, r, indicators.Unauthorized("err.crossSite"))
	}))
	s.routes()
	return s, nil
}

// sameScheme completes the cross-origin check for browsers that send no
// Sec-Fetch-Site: the standard check then compares the Origin's host with
// the request's and leaves out the scheme, so an https page could post to
// the http site of the same name. A state-changing request whose Origin
// names another scheme than the one the server is reached by is refused.
func (s *Server) sameScheme(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		safe := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
		if origin := r.Header.Get("Origin"); !safe && r.Header.Get("Sec-Fetch-Site") == "" && origin != "" {
			want := "http"
			if s.secure(r) {
				want = "https"
			}
			if u, err := url.Parse(origin); err != nil || u.Scheme != want {
				s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", origin)
				s.pageError(w, r, indicators.Unauthorized("err.crossSite"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) routes() {
	s.handleCached("GET /{$}", accessRead, s.handlePlans)
	s.handleCached("GET /plans/{plan}", accessRead, s.handleOverview)
	s.handleCached("GET /plans/{plan}/indicators/{code}", accessRead, s.handleIndicator)
	s.handleCached("GET /plans/{plan}/submission", accessRead, s.handleSubmission)
	s.handleCached("GET /plans/{plan}/units/{unit}", accessRead, s.handleUnit)
	s.handleCached("GET /plans/{plan}/projects", accessRead, s.handleProjects)
	s.handleCached("GET /plans/{plan}/warnings", accessRead, s.handleWarnings)
	s.handle("POST /plans/{plan}/evidence", accessEdit, s.handleAttach)
	s.handle("GET /evidence/{id}", accessSignedIn, s.handleEvidence)
	s.handleCached("GET /api/v1/plans/{plan}/warnings", accessRead, s.apiWarnings)
	s.handleCached("GET /plans/{plan}/projects/{code}", accessRead, s.handleProject)
	s.handle("POST /plans/{plan}/projects/{code}/progress", accessEdit, s.handleProgress)
	s.handle("GET /review", accessReview, s.handleReview)
	s.handle("GET /plans/{plan}/indicators/{code}/decompose", accessAdmin, s.handleDecomposeForm)
	s.handle("POST /plans/{plan}/indicators/{code}/decompose", accessAdmin, s.handleDecompose)
	s.handle("POST /review", accessDecide, s.handleDecide)
	s.handle("POST /review/bulk", accessDecide, s.handleDecideMany)
	s.handle("POST /plans/{plan}/indicators/{code}/observations", accessEdit, s.handleAddObservation)
	s.handle("GET /lang", accessPublic, s.handleLang)
	s.handleCached("GET /method", accessPublic, s.handleMethod)
	s.handle("GET /login", accessPublic, s.handleLoginForm)
	s.handle("POST /login", accessPublic, s.handleLogin)
	s.handle("POST /logout", accessSignedIn, s.handleLogout)
	s.adminRoutes()
	s.reportRoutes()
	s.importRoutes()
	s.handleCached("GET /api/v1/plans", accessRead, s.apiPlans)
	s.handleCached("GET /api/v1/plans/{plan}/indicators", accessRead, s.apiIndicators)
	s.handleCached("GET /api/v1/plans/{plan}/indicators/{code}", accessRead, s.apiIndicator)
	s.handleCached("GET /api/v1/plans/{plan}/indicators/{code}/units", accessRead, s.apiUnits)
	s.handle("/api/", accessPublic, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.writeJSON(w, r, http.StatusMethodNotAllowed, map[string]any{"error": map[string]any{
				"code": "method_not_allowed", "message": lang(r).T("err.readonly")}})
			return
		}
		s.apiError(w, r, indicators.NotFound("err.api.notFound"))
	})
	s.handle("GET /static/{version}/{path...}", accessPublic, s.handleStatic)
	s.handle("GET /favicon.ico", accessPublic, s.handleFavicon)
	s.handle("GET /healthz", accessPublic, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.handle("/", accessPublic, func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, indicators.NotFound("err.notfound.body"))
	})
}

// handleMethod shows docs/method.md, which every page and report cites.
func (s *Server) handleMethod(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.DocView(views.DocPage{Page: s.page(r, lang(r).T("method.title"), false),
		HTML: string(present.Markdown(docs.Method))}))
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	a := s.app.Assets()
	f, ok := a.Get(r.PathValue("path"))
	if !ok {
		s.pageError(w, r, indicators.NotFound("err.notfound.body"))
		return
	}
	static.Serve(w, r, f, r.PathValue("version") == f.Hash)
}

func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) {
	f, _ := s.app.Assets().Get("favicon.svg")
	static.Serve(w, r, f, false)
}

// Handler returns the server with its middleware: logging, security
// headers, recovery, cross-origin protection, body limits and the session
// around every route.
func (s *Server) Handler() http.Handler {
	return s.logRequests(s.headers(s.recover(s.sameScheme(s.cop.Handler(s.limitBody(s.session(s.mux)))))))
}

func (s *Server) headers(next http.Handler) http.Handler {
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

// Unwrap gives http.ResponseController the connection's own writer, for
// the deadlines of an upload.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

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
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
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
	p := views.Page{Lang: l, Title: title, Asset: s.app.Assets().URL, Sample: sample, Canonical: r.URL.Path,
		LangURL: "/lang?" + url.Values{"to": {string(l.Other())}, "next": {here}}.Encode(), Viewer: viewer(r)}
	switch {
	case q.Get("signed_out") != "":
		p.Notice = l.T("notice.signedOut")
	case q.Get("saved") != "":
		p.Notice = l.T("notice.saved")
	case q.Get("submitted") != "":
		p.Notice = l.T("notice.submitted")
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
	if len(body) < 1024 || !static.AcceptsGzip(r) {
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

func httpStatus(err error) int {
	switch indicators.KindOf(err) {
	case indicators.ErrInvalid:
		return http.StatusBadRequest
	case indicators.ErrNotFound:
		return http.StatusNotFound
	case indicators.ErrConflict:
		return http.StatusConflict
	case indicators.ErrUnauthorized:
		return http.StatusForbidden
	case indicators.ErrTooMany:
		return http.StatusTooManyRequests
	case indicators.ErrUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// pageError shows an error page; internal details go to the log only.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	s.pageErrorStatus(w, r, httpStatus(err), err)
}

// retryLater tells a client refused for now when to ask again, and not to
// keep the refusal.
func retryLater(w http.ResponseWriter) {
	if w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "30")
	}
	w.Header().Set("Cache-Control", "no-store")
}

// pageErrorStatus is pageError with the status given.
func (s *Server) pageErrorStatus(w http.ResponseWriter, r *http.Request, status int, err error) {
	l := lang(r)
	p := views.ErrorPage{}
	switch status {
	case http.StatusNotFound:
		p.Heading, p.Body = l.T("err.notfound"), userMessage(err, l)
	case http.StatusForbidden:
		p.Heading, p.Body = l.T("err.forbidden.title"), userMessage(err, l)
		if u := currentUser(r); u != nil {
			p.Detail = s.yourAccount(r, *u)
		}
	case http.StatusInternalServerError:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		p.Heading, p.Body = l.T("err.internal"), l.T("err.internal.body")
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		retryLater(w)
		p.Heading, p.Body = l.T("err.later"), userMessage(err, l)
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

// yourAccount says what a refused user's account may do: its role and
// departments, by name.
func (s *Server) yourAccount(r *http.Request, u indicators.User) string {
	l := lang(r)
	role := l.T("role." + string(u.Role))
	if len(u.Units) == 0 {
		return l.T("err.forbidden.you.none", u.Name, role)
	}
	names := s.departmentNames(r)
	deps := make([]string, len(u.Units))
	for i, d := range u.Units {
		deps[i] = present.DepartmentName(names, d)
	}
	return l.T("err.forbidden.you", u.Name, role, l.List(deps))
}

// userMessage is what a user is told of err, in their language.
func userMessage(err error, l i18n.Lang) string { return l.M(indicators.MsgOf(err)) }
