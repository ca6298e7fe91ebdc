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
	// Dataset loads a plan; with indicator set, only that indicator.
	Dataset(ctx context.Context, plan, indicator string) (indicators.Dataset, error)
}

// Config wires a Server.
type Config struct {
	Store Store
	Log   *slog.Logger
	Now   func() time.Time // the clock; time.Now when nil
}

// Server serves plantrack's pages and API.
type Server struct {
	store  Store
	log    *slog.Logger
	now    func() time.Time
	assets *assets
	mux    *http.ServeMux
	gzPool sync.Pool
}

// CSP is the Content-Security-Policy of every response: only this server's
// own scripts, styles and images; no inline script or style.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: no store")
	}
	s := &Server{store: cfg.Store, log: cfg.Log, now: cfg.Now}
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
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /{$}", s.handlePlans)
	s.mux.HandleFunc("GET /plans/{plan}", s.handleOverview)
	s.mux.HandleFunc("GET /plans/{plan}/indicators/{code}", s.handleIndicator)
	s.mux.HandleFunc("GET /lang", s.handleLang)
	s.mux.HandleFunc("GET /api/v1/plans", s.apiPlans)
	s.mux.HandleFunc("GET /api/v1/plans/{plan}/indicators", s.apiIndicators)
	s.mux.HandleFunc("GET /api/v1/plans/{plan}/indicators/{code}", s.apiIndicator)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.writeJSON(w, r, http.StatusMethodNotAllowed, map[string]any{"error": map[string]any{
				"code": "method_not_allowed", "message": lang(r).T("err.readonly")}})
			return
		}
		s.apiError(w, r, indicators.NotFound("没有这个接口", "no such endpoint"))
	})
	s.mux.HandleFunc("GET /static/{version}/{path...}", s.handleStatic)
	s.mux.HandleFunc("GET /favicon.ico", s.handleFavicon)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, indicators.NotFound("页面不存在", "page not found"))
	})
}

// Handler returns the server with its middleware: recovery, logging and
// security headers around every route.
func (s *Server) Handler() http.Handler {
	return s.logRequests(s.secure(s.recover(s.mux)))
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
	return views.Page{Lang: l, Title: title, Asset: s.assets.url, Sample: sample, Canonical: r.URL.Path,
		LangURL: "/lang?" + url.Values{"to": {string(l.Other())}, "next": {here}}.Encode()}
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
