package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"plantrack/web"
)

// upload posts a file as the upload form does (header set: as the progress script does).
func upload(t *testing.T, c *http.Client, target, kind, name string, body []byte, header ...string) (*http.Response, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(body)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, target, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, b
}

func doc(t *testing.T, c *http.Client, method, target string) (*http.Response, *goquery.Document) {
	t.Helper()
	req, _ := http.NewRequest(method, target, nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	d, _ := goquery.NewDocumentFromReader(resp.Body)
	return resp, d
}

// settled gets an upload's page once its job has ended: while the job
// runs, the page shows its progress and refreshes itself.
func settled(t *testing.T, c *http.Client, target string) (*http.Response, *goquery.Document) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, d := doc(t, c, http.MethodGet, target)
		if d.Find("#import-job").Length() == 0 {
			return r, d
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job of %s never ended", target)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestUploadFlow(t *testing.T) {
	e := newEnvWith(t, web.Config{PublicRead: true, MaxUploadBytes: 64 << 10})
	withAccounts(t, e)
	ed := e.client(t, "editor")
	target := e.URL + "/plans/demo/import"

	// a file with errors: the preview lists them with row and column, offers no commit
	resp, _ := upload(t, ed, target, "actuals", "bad.csv", []byte("指标代码,年份,数值\nrd_intensity,2024,abc\nforest_cover,2024,41\n"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	preview := e.URL + resp.Header.Get("Location")
	r, d := settled(t, ed, preview)
	if r.StatusCode != http.StatusUnprocessableEntity || d.Find("#commit-form").Length() != 0 {
		t.Fatalf("preview of a bad file: %d", r.StatusCode)
	}
	errs := d.Find("#import-errors tbody tr")
	if errs.Length() != 2 || !strings.Contains(errs.Eq(0).Text(), "“abc”不是数字") || !strings.Contains(errs.Eq(1).Text(), "不属于您的部门") {
		t.Errorf("errors: %s", errs.Text())
	}
	// committing it anyway writes nothing
	if r, _ := doc(t, ed, http.MethodPost, preview); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("commit of a bad file: %d", r.StatusCode)
	}
	// another user cannot see or commit someone's upload
	if r, _ := doc(t, e.client(t, "admin"), http.MethodPost, preview); r.StatusCode != http.StatusNotFound {
		t.Errorf("someone else's upload: %d", r.StatusCode)
	}

	// the progress script's upload gets JSON; the preview offers the commit
	resp, body := upload(t, ed, target, "actuals", "good.csv", []byte("indicator,year,value,source\nrd_intensity,2024,2.42,快报\nrd_intensity,2023,2.3,\n"), "X-Upload", "1")
	var answer struct{ Next string }
	if err := json.Unmarshal(body, &answer); resp.StatusCode != http.StatusOK || err != nil || !strings.HasPrefix(answer.Next, "/plans/demo/import/") {
		t.Fatalf("xhr upload: %d %s", resp.StatusCode, body)
	}
	next := answer.Next
	r, d = settled(t, ed, e.URL+next)
	// 2023's 2.3 is current, and its empty source keeps the current one: unchanged
	if r.StatusCode != 200 || d.Find("#commit-form").Length() != 1 || d.Find("#import-changes tbody tr").Length() != 1 {
		t.Fatalf("preview: %d %s", r.StatusCode, d.Find("main").Text())
	}
	// the commit runs in the background too; its page leads to the import once written
	r, _ = doc(t, ed, http.MethodPost, e.URL+next)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != next {
		t.Fatalf("commit: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r, _ = settled(t, ed, e.URL+next)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/imports/") {
		t.Fatalf("after the commit: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	imported := r.Header.Get("Location")
	r, d = doc(t, ed, http.MethodGet, e.URL+imported)
	if r.StatusCode != 200 || !strings.Contains(d.Find("#import-summary").Text(), "good.csv") || !strings.Contains(d.Find("#import-changes").Text(), "2.42") {
		t.Errorf("detail: %s", d.Find("main").Text())
	}
	// the committed upload leads to its import, and cannot be committed again; the history lists it for everyone
	if r, _ := doc(t, ed, http.MethodGet, e.URL+next); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != imported {
		t.Errorf("used upload: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r, _ := doc(t, ed, http.MethodPost, e.URL+next); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != imported {
		t.Errorf("committed twice: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	_, d = doc(t, e.client(t, "anonymous"), http.MethodGet, e.URL+"/plans/demo/imports")
	if !strings.Contains(d.Find("table").Text(), "good.csv") || !strings.Contains(d.Find("table").Text(), "ed.sci") {
		t.Errorf("history: %s", d.Find("main").Text())
	}
	// too large, and definitions by a non-admin
	resp, body = upload(t, ed, target, "actuals", "big.csv", bytes.Repeat([]byte("x"), 100<<10), "X-Upload", "1")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "文件过大") {
		t.Errorf("too large: %d %s", resp.StatusCode, body)
	}
	if resp, _ = upload(t, ed, target, "plan", "defs.csv", []byte("code\nx\n")); resp.StatusCode != http.StatusForbidden {
		t.Errorf("definitions by an editor: %d", resp.StatusCode)
	}
}

// The grid saves the changed cells only, puts errors and suspicious
// magnitudes next to their cells, and asks once to confirm a warning.
func TestEntryGrid(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ed := e.client(t, "editor")
	_, d := doc(t, ed, http.MethodGet, e.URL+"/plans/demo/entry")
	form := url.Values{}
	d.Find("#grid-form input").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		v, _ := s.Attr("value")
		form.Set(name, v)
	})
	if form.Get("v.rd_intensity.2023") != "2.3" || form.Get("wasv.rd_intensity.2023") != "2.3" || form.Has("v.forest_cover.2023") {
		t.Fatalf("grid cells: %v", form)
	}
	form.Set("v.rd_intensity.2024", "abc")
	form.Set("source", "统计快报")
	resp, d := post(t, ed, e.URL+"/plans/demo/entry", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find("td.has-error").Text(), "不是数字") {
		t.Fatalf("bad cell: %d %s", resp.StatusCode, d.Find(".form-error").Text())
	}
	form.Set("v.rd_intensity.2024", "2.4")
	form.Set("v.hv_patents.2024", "700") // 2023 is 6.75: a hundredfold slip
	resp, d = post(t, ed, e.URL+"/plans/demo/entry", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(d.Find("td.has-error").Text(), "请检查单位") {
		t.Fatalf("warning: %d %s", resp.StatusCode, d.Find("main").Text())
	}
	form.Set("confirm", "1")
	resp, _ = post(t, ed, e.URL+"/plans/demo/entry", form)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/imports/") {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, d = doc(t, ed, http.MethodGet, e.URL+resp.Header.Get("Location"))
	if rows := d.Find("#import-changes tbody tr"); rows.Length() != 2 {
		t.Errorf("saved %d values: %s", rows.Length(), rows.Text())
	}
}

// One file a request: a request with more file parts is refused, and the
// first file is not kept to be orphaned.
func TestOneFileARequest(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ed := e.client(t, "editor")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", "actuals")
	for _, name := range []string{"a.csv", "b.csv", "c.csv"} {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte("indicator,year,value,source\nrd_intensity,2024,2.5,s\n"))
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/plans/demo/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := ed.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "一次只能上传一个文件") {
		t.Fatalf("three files: %d", resp.StatusCode)
	}
	time.Sleep(100 * time.Millisecond) // a discarded job ends
	var left []string
	filepath.WalkDir(e.uploads, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("files left: %v", left)
	}
}
