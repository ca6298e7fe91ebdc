package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"plantrack/web/memo"
	"plantrack/web/static"
)

// Pages that show only data (the plan list, overviews, indicator pages,
// drafts, exports, the API) are rendered once per version of the data and
// kept, compressed once, by everything else they depend on: the address
// with its query, the language, the day (statuses and the default year
// follow the clock) and who is asking (signed-in users see their name
// and, by role and department, their own forms and links, so each has
// their own copies; anonymous readers share one). Every committed write
// bumps the version in its own transaction (store.DataVersion), from this
// process or another on the same file, and each request reads it, so a
// write shows on the very next request. Kept pages carry a strong ETag
// and are answered 304 when the browser has them already.
//
// PageCacheBytes bounds the memory: the kept bodies, plain and gzipped,
// together; a page over a quarter of it is served but not kept.
const (
	PageCacheBytes = 64 << 20
	pageCacheMax   = 4096 // pages kept
)

// page is a rendered response kept for reuse.
type page struct {
	status     int
	header     http.Header // as the handler set it, less what is per response
	body, gz   []byte
	etag, etgz string // strong validators of body and gz
}

func (p *page) size() int64 { return int64(len(p.body) + len(p.gz) + 256) }

// pageCache is the kept pages of one data version; an older version's
// pages are dropped as soon as a request sees a newer one.
type pageCache struct {
	mu      sync.Mutex
	version int64
	pages   *memo.Cache[string, *page]
}

func newPageCache(maxBytes int64) *pageCache {
	return &pageCache{pages: memo.New[string](pageCacheMax, maxBytes, (*page).size)}
}

// at makes the cache hold version v; false when v is older than what it
// holds (a request that read the version just before a write committed:
// it is served, not kept).
func (c *pageCache) at(v int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case v > c.version:
		c.pages.Clear()
		c.version = v
	case v < c.version:
		return false
	}
	return true
}

// cached serves h's answer from the page cache. h must answer from the
// data, the request's address, language, day and user alone.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.app.DataVersion(r.Context())
		if err != nil || s.pages == nil {
			h(w, r)
			return
		}
		viewer := ""
		if u := currentUser(r); u != nil {
			viewer = u.Name
		}
		key := strings.Join([]string{strconv.FormatInt(v, 10), r.URL.Path, r.URL.RawQuery, string(lang(r)),
			s.app.Now().Format("2006-01-02"), viewer}, "\x00")
		keep := s.pages.at(v)
		rendered := false
		render := func() (*page, bool, error) {
			rendered = true
			rec := &recorder{header: http.Header{}}
			plain := r.Clone(r.Context())
			plain.Header.Del("Accept-Encoding") // kept plain, compressed below once
			h(rec, plain)
			p, ok := rec.page()
			return p, ok && keep, nil
		}
		var p *page
		if keep {
			p, err = s.pages.pages.Get(r.Context(), key, render)
		} else {
			p, _, err = render()
		}
		if err != nil { // the request was cancelled while another rendered its page
			return
		}
		if rendered {
			w.Header().Set("X-Cache", "miss")
		} else {
			w.Header().Set("X-Cache", "hit")
		}
		s.serveKept(w, r, p, viewer != "")
	}
}

// serveKept answers with a kept page: 304 when the browser's copy is
// current, gzipped when the browser accepts it.
func (s *Server) serveKept(w http.ResponseWriter, r *http.Request, p *page, private bool) {
	h := w.Header()
	for k, vs := range p.header {
		h[k] = vs
	}
	h.Set("Vary", "Accept-Encoding, Cookie")
	if private {
		h.Set("Cache-Control", "private, no-cache")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if p.status != http.StatusOK { // an error or a redirect, answered as it was made
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Length", strconv.Itoa(len(p.body)))
		w.WriteHeader(p.status)
		if r.Method != http.MethodHead {
			w.Write(p.body)
		}
		return
	}
	body, etag := p.body, p.etag
	if p.gz != nil && static.AcceptsGzip(r) {
		body, etag = p.gz, p.etgz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	if matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// matches reports whether an If-None-Match list names etag (a weak
// comparison, as RFC 9110 asks of If-None-Match).
func matches(list, etag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// recorder captures a handler's answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// page turns a recorded answer into a page, and says whether it may be
// kept: only a 200 that sets no cookie and does not forbid it.
func (r *recorder) page() (*page, bool) {
	p := &page{status: r.status, header: http.Header{}, body: r.body.Bytes()}
	for k, vs := range r.header {
		switch k {
		case "Content-Length", "Vary", "Cache-Control", "Etag":
		default:
			p.header[k] = vs
		}
	}
	if r.status != http.StatusOK || r.header.Get("Set-Cookie") != "" || r.header.Get("Content-Encoding") != "" ||
		strings.Contains(r.header.Get("Cache-Control"), "no-store") {
		return p, false
	}
	sum := sha256.Sum256(p.body)
	tag := hex.EncodeToString(sum[:12])
	p.etag, p.etgz = `"`+tag+`"`, `"`+tag+`-gz"`
	if len(p.body) >= 1024 && compressible(p.header.Get("Content-Type")) {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // once per page and version: worth the time
		zw.Write(p.body)
		zw.Close()
		if gz.Len() < len(p.body) {
			p.gz = gz.Bytes()
		}
	}
	return p, true
}

// compressible says whether gzip is worth trying on a type: text, not
// PDFs or XLSX files, which are compressed already.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json")
}
