// Package static holds the files pages load besides themselves: styles,
// scripts, the vendored echarts and the icon, embedded in the binary so
// that plantrack runs on an intranet with no internet.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed *.css *.js *.svg vendor
var files embed.FS

// File is one static file, with a gzipped copy made when first asked for
// (a command that never serves a page never spends the time).
type File struct {
	Body []byte
	Type string // Content-Type
	Hash string // of the body: the version in the file's address

	once sync.Once
	gz   []byte
}

// Gzip is the file gzipped at the best compression, made once.
func (f *File) Gzip() []byte {
	f.once.Do(func() {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(f.Body)
		zw.Close()
		f.gz = gz.Bytes()
	})
	return f.gz
}

// Assets are the static files, kept in memory, under paths that carry a
// hash of their own content (/static/HASH/NAME) so that they can be cached
// forever, and a change to one file leaves the others' addresses, and
// browsers' copies of them, as they were.
type Assets struct {
	files map[string]*File
}

// New loads the embedded files and the generated ones given (name → body,
// such as status.css, made from the status palette).
func New(generated map[string][]byte) (*Assets, error) {
	a := &Assets{files: map[string]*File{}}
	add := func(name string, body []byte) error {
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		if strings.HasPrefix(ctype, "text/") && !strings.Contains(ctype, "charset") {
			ctype += "; charset=utf-8"
		}
		if strings.HasSuffix(name, ".js") {
			ctype = "text/javascript; charset=utf-8"
		}
		sum := sha256.Sum256(body)
		a.files[name] = &File{Body: body, Type: ctype, Hash: hex.EncodeToString(sum[:])[:12]}
		return nil
	}
	var names []string
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".sh") && !strings.HasSuffix(p, ".go") {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		if err := add(n, b); err != nil {
			return nil, err
		}
	}
	gen := make([]string, 0, len(generated))
	for n := range generated {
		gen = append(gen, n)
	}
	sort.Strings(gen)
	for _, n := range gen {
		if err := add(n, generated[n]); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// URL is the versioned address of a static file.
func (a *Assets) URL(name string) string { return "/static/" + a.files[name].Hash + "/" + name }

// Get returns a file by name (without the /static/VERSION/ prefix).
func (a *Assets) Get(name string) (*File, bool) {
	f, ok := a.files[name]
	return f, ok
}

// Lookup returns the file an address names: /static/VERSION/NAME (any
// version) or /favicon.ico.
func (a *Assets) Lookup(urlPath string) (*File, bool) {
	if urlPath == "/favicon.ico" {
		return a.Get("favicon.svg")
	}
	rest, ok := strings.CutPrefix(urlPath, "/static/")
	if !ok {
		return nil, false
	}
	_, name, ok := strings.Cut(rest, "/")
	if !ok {
		return nil, false
	}
	return a.Get(name)
}

// Serve writes f, gzipped when the client accepts it; immutable says the
// address carries the current version, so the file may be cached forever.
func Serve(w http.ResponseWriter, r *http.Request, f *File, immutable bool) {
	h := w.Header()
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// an old or unversioned address: serve the current file, but let it be checked again
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("Content-Type", f.Type)
	h.Add("Vary", "Accept-Encoding")
	body := f.Body
	if AcceptsGzip(r) && len(f.Gzip()) < len(f.Body) {
		h.Set("Content-Encoding", "gzip")
		body = f.Gzip()
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// AcceptsGzip reports whether the request accepts a gzipped answer.
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
