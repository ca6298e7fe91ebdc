package web

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"plantrack/indicators"
	"plantrack/web/views"
)

// access is who may call a route.
type access int

const (
	accessPublic   access = iota // anyone, always: sign-in, language, assets
	accessRead                   // anyone while public reading is on, else any signed-in user
	accessSignedIn               // any signed-in user
	accessEdit                   // admins, and editors of the indicator's department (the handler checks which)
	accessAdmin                  // admins
	accessReview                 // admins, reviewers and editors: the review list (the store picks the values each may see)
	accessDecide                 // admins and reviewers: approve or return a value (the store checks the unit)
)

// String is the access level's name in Route.
func (a access) String() string {
	return [...]string{"public", "read", "signed-in", "edit", "admin", "review", "decide"}[a]
}

// Route is a registered route and who may call it.
type Route struct {
	Pattern string // as given to http.ServeMux: "METHOD /path"
	Access  string // public, read, signed-in, edit or admin
}

// Routes lists every route the server answers, for the access tests.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routeTab...) }

// handle registers h for pattern behind the access check, and records it.
func (s *Server) handle(pattern string, a access, h http.HandlerFunc) {
	s.routeTab = append(s.routeTab, Route{Pattern: pattern, Access: a.String()})
	s.mux.Handle(pattern, s.guard(a, h))
}

// handleCached is handle for a route whose answers the page cache keeps
// (see pagecache.go): the access check comes first, so a kept page is only
// ever served to whom the route allows.
func (s *Server) handleCached(pattern string, a access, h http.HandlerFunc) {
	s.handle(pattern, a, s.cached(h))
}

const sessionCookie = "plantrack_session"

type userKey struct{}

// currentUser is the signed-in user of the request, nil for anonymous.
func currentUser(r *http.Request) *indicators.User {
	u, _ := r.Context().Value(userKey{}).(*indicators.User)
	return u
}

// session puts the user of a valid session cookie into the request; an
// ended session's cookie is cleared and the request goes on anonymous.
func (s *Server) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		u, seen, err := s.app.Session(r.Context(), c.Value, s.cfg.Sessions)
		switch {
		case err != nil && indicators.KindOf(err) == indicators.ErrInternal:
			// the database could not say: this request goes on anonymous,
			// but the cookie stays, so nobody is signed out by a hiccup
			s.log.Error("session lookup", "err", err)
			next.ServeHTTP(w, r)
			return
		case err != nil:
			s.clearSession(w, r)
			next.ServeHTTP(w, r)
			return
		}
		if s.app.Now().Sub(seen) >= s.touchEvery() {
			// bookkeeping, written in the background: the page never waits
			// for it, and a failure to write it signs nobody out
			s.app.Touch(c.Value)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, &u)))
	})
}

// touchEvery is how often a session's activity is written: once a minute,
// or a quarter of the idle limit when that is shorter, so that an active
// user is never taken for an idle one.
func (s *Server) touchEvery() time.Duration {
	return min(time.Minute, s.cfg.Sessions.Idle/4)
}

// actor is the signed-in user of the request, as the actor of a write.
func actor(r *http.Request) indicators.Actor { return indicators.As(currentUser(r).Name) }

func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// limitBody caps request bodies, so a large post cannot exhaust memory.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
			limit := s.cfg.MaxFormBytes
			if isUpload(r) {
				limit = s.cfg.MaxUploadBytes
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// guard refuses a request its access level does not allow: anonymous users
// are sent to sign in (the API answers 401), signed-in users without the
// role get 403.
func (s *Server) guard(a access, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		ok := false
		switch a {
		case accessPublic:
			ok = true
		case accessRead:
			ok = s.cfg.PublicRead || u != nil
		case accessSignedIn:
			ok = u != nil
		case accessEdit:
			ok = u != nil && (u.Role == indicators.Admin || u.Role == indicators.Editor)
		case accessAdmin:
			ok = u.CanAdmin()
		case accessReview:
			ok = u != nil && !u.Disabled && u.Role != indicators.Viewer
		case accessDecide:
			ok = u != nil && !u.Disabled && (u.Role == indicators.Admin || u.Role == indicators.Reviewer)
		}
		if ok {
			h(w, r)
			return
		}
		s.deny(w, r)
	})
}

func (s *Server) deny(w http.ResponseWriter, r *http.Request) {
	api := strings.HasPrefix(r.URL.Path, "/api/")
	if currentUser(r) == nil {
		if api { // 401: the caller is unknown, not refused
			s.writeJSON(w, r, http.StatusUnauthorized, map[string]any{"error": map[string]any{
				"code": "unauthorized", "message": lang(r).T("err.signin")}})
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		s.pageError(w, r, indicators.Unauthorized("err.signin"))
		return
	}
	forbidden := indicators.Forbidden()
	if api {
		s.apiError(w, r, forbidden)
		return
	}
	s.pageError(w, r, forbidden)
}

// viewer is the header's view of the signed-in user.
func viewer(r *http.Request) *views.Viewer {
	u := currentUser(r)
	if u == nil {
		return nil
	}
	name := u.Name
	if u.DisplayName != "" {
		name = u.DisplayName
	}
	return &views.Viewer{Name: name, Role: lang(r).T("role." + string(u.Role)), Admin: u.CanAdmin(),
		Review: u.Role == indicators.Admin || u.Role == indicators.Reviewer}
}

func (s *Server) loginForm(r *http.Request, name, next, msg string) views.FormPage {
	l := lang(r)
	return views.FormPage{Page: s.page(r, l.T("login.title"), false), Heading: l.T("login.title"),
		Intro: l.T("login.intro"),
		Form: views.Form{ID: "login", Action: "/login", Submit: l.T("login.submit"), Error: msg, Fields: []views.Field{
			{Name: "name", Label: l.T("login.name"), Type: "text", Value: name, Required: true},
			{Name: "password", Label: l.T("login.password"), Type: "password", Required: true},
			{Name: "next", Type: "hidden", Value: next},
		}}}
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.FormPageView(s.loginForm(r, "", localPath(r.URL.Query().Get("next")), "")))
}

// peer is the address the request's connection comes from.
func peer(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

// trusted reports whether a is one of the reverse proxies the server was
// told to trust (-trusted-proxy); by default there are none.
func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddress is where a request comes from: the connection's peer, or,
// when that is a trusted proxy, the last address of X-Forwarded-For that
// is not one (the one the first trusted proxy saw). X-Forwarded-For from
// anyone else is ignored: it is the client's to write.
func (s *Server) clientAddress(r *http.Request) string {
	a := peer(r)
	if !a.IsValid() {
		return r.RemoteAddr
	}
	if !s.trusted(a) {
		return a.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if h = h.Unmap(); !s.trusted(h) {
			return h.String()
		}
	}
	return a.String()
}

// secure reports whether the request reached the server over TLS: its own,
// or a trusted proxy's that says so (X-Forwarded-Proto: https). Cookies are
// marked Secure then.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.trusted(peer(r)) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, indicators.Invalid("form", "err.form.unreadable"))
		return
	}
	name, next := strings.TrimSpace(r.PostFormValue("name")), localPath(r.PostFormValue("next"))
	token, _, err := s.app.SignIn(r.Context(), name, r.PostFormValue("password"), s.clientAddress(r))
	if err != nil {
		status := http.StatusUnprocessableEntity
		switch indicators.KindOf(err) {
		case indicators.ErrTooMany, indicators.ErrUnavailable:
			status = httpStatus(err)
			retryLater(w)
		case indicators.ErrInternal:
			s.pageError(w, r, err)
			return
		}
		s.render(w, r, status, views.FormPageView(s.loginForm(r, name, next, userMessage(err, lang(r)))))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(s.cfg.Sessions.Absolute.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.app.SignOut(r.Context(), c.Value); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	s.clearSession(w, r)
	http.Redirect(w, r, "/?signed_out=1", http.StatusSeeOther)
}

// formError maps a domain error onto the form: each message next to its
// field, anything else at the top. It reports false for internal errors,
// which the caller shows as an error page.
//
// The form shows again what was typed, even where it could not be read
// (a year in words, a value with a stray comma): the fields are refilled
// from the post, passwords excepted.
func formError(f *views.Form, err error, r *http.Request) bool {
	l := lang(r)
	var list indicators.Errors
	var one *indicators.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = indicators.Errors{one}
	default:
		return false
	}
	for _, e := range list {
		if e.Kind == indicators.ErrInternal {
			return false
		}
		f.Place(e.Field, l.M(e.Msg))
	}
	keepTyped(f, r.PostForm)
	if f.Error == "" {
		f.Error = l.T("form.fix")
	}
	return true
}

// keepTyped refills a form's fields with what was posted.
func keepTyped(f *views.Form, posted url.Values) {
	for i := range f.Fields {
		fl := &f.Fields[i]
		vs, ok := posted[fl.Name]
		switch {
		case fl.ReadOnly || fl.Type == "password" || fl.Type == "file" || fl.Type == "hidden":
		case fl.Type == "multi":
			fl.Values = vs
		case fl.Type == "checkbox":
			fl.Value = ""
			if ok && len(vs) > 0 && vs[0] == "1" {
				fl.Value = "1"
			}
		case ok && len(vs) > 0:
			fl.Value = vs[0]
		}
	}
}
