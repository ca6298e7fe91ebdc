package web

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

	"plantrack/indicators"
)

//go:embed static
var staticFS embed.FS

type asset struct {
	body, gz []byte
	ctype    string
}

// assets are the static files, kept in memory with a gzipped copy, under a
// path that carries a hash of their content so they can be cached forever.
type assets struct {
	version string
	files   map[string]asset
}

func loadAssets() (*assets, error) {
	a := &assets{files: map[string]asset{}}
	sum := sha256.New()
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
		var gz bytes.Buffer
		zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		if err != nil {
			return err
		}
		zw.Write(body)
		zw.Close()
		a.files[name] = asset{body: body, gz: gz.Bytes(), ctype: ctype}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(body))
		sum.Write(body)
		return nil
	}
	var names []string
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".sh") {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := staticFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		if err := add(strings.TrimPrefix(n, "static/"), b); err != nil {
			return nil, err
		}
	}
	if err := add("status.css", statusCSS()); err != nil {
		return nil, err
	}
	a.version = hex.EncodeToString(sum.Sum(nil))[:12]
	return a, nil
}

// url is the versioned address of a static file.
func (a *assets) url(name string) string { return "/static/" + a.version + "/" + name }

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.assets.files[r.PathValue("path")]
	if !ok {
		s.pageError(w, r, indicators.NotFound("文件不存在", "no such file"))
		return
	}
	s.serveAsset(w, r, f, r.PathValue("version") == s.assets.version)
}

func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) {
	s.serveAsset(w, r, s.assets.files["favicon.svg"], false)
}

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request, f asset, immutable bool) {
	h := w.Header()
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// an old or unversioned address: serve the current file, but let it be checked again
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("Content-Type", f.ctype)
	h.Add("Vary", "Accept-Encoding")
	body := f.body
	if acceptsGzip(r) && len(f.gz) < len(f.body) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
