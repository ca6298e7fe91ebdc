package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"plantrack/indicators"
)

// attach posts an evidence file as the signed-in client c.
func attach(t *testing.T, e *env, c *http.Client, target, code, year, name string, data []byte) *http.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField(target, code)
	mw.WriteField("year", year)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/plans/demo/evidence", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.URL)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestEvidenceFiles(t *testing.T) {
	e := newEnv(t)
	withAccounts(t, e)
	ed := e.client(t, "editor")
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 1000)...)
	resp := attach(t, e, ed, "indicator", "rd_intensity", "2024", `..\2024年"统计公报".pdf`, pdf)
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "saved=1") {
		t.Fatalf("upload: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	list, err := e.store.Evidence(t.Context(), "demo", "rd_intensity", "")
	if err != nil || len(list) != 1 || list[0].Name != "2024年_统计公报_.pdf" || list[0].Actor != "ed.sci" || list[0].Year != 2024 {
		t.Fatalf("stored: %+v %v", list, err)
	}
	// the download: an attachment, of the type the content showed, sandboxed
	get, err := ed.Get(e.URL + "/evidence/" + itoa64(list[0].ID))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(get.Body)
	get.Body.Close()
	cd := get.Header.Get("Content-Disposition")
	if get.StatusCode != http.StatusOK || !bytes.Equal(body, pdf) || get.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(cd, "attachment;") || !strings.Contains(get.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download: %d %q %q %q", get.StatusCode, get.Header.Get("Content-Type"), cd, get.Header.Get("Content-Security-Policy"))
	}
	// listed on the indicator's page for signed-in readers
	page, _ := ed.Get(e.URL + "/plans/demo/indicators/rd_intensity")
	pb, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !strings.Contains(string(pb), "2024年_统计公报_.pdf") || !strings.Contains(string(pb), `action="/plans/demo/evidence"`) {
		t.Error("the indicator page does not list the file or offer the form")
	}
	// an HTML page named .pdf: refused, said on the page, nothing stored
	resp = attach(t, e, ed, "indicator", "rd_intensity", "2024", "report.pdf", []byte("<!doctype html><script>alert(1)</script>"))
	if !strings.Contains(resp.Header.Get("Location"), "evidence_error=type") {
		t.Errorf("disguised html: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// over 20 MB: refused
	big := append([]byte("%PDF-1.7\n"), make([]byte, indicators.MaxEvidence)...)
	resp = attach(t, e, ed, "indicator", "rd_intensity", "2024", "big.pdf", big)
	if resp.StatusCode != http.StatusBadRequest && !strings.Contains(resp.Header.Get("Location"), "evidence_error=size") {
		t.Errorf("oversized: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// another unit's editor: refused
	resp = attach(t, e, e.client(t, "editor-other"), "indicator", "rd_intensity", "2024", "a.pdf", pdf)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's editor: %d", resp.StatusCode)
	}
	if list, _ := e.store.Evidence(t.Context(), "demo", "rd_intensity", ""); len(list) != 1 {
		t.Errorf("%d files after the refusals", len(list))
	}
	// anonymous readers get neither the file nor the list
	anon := e.client(t, "anonymous")
	if r, _ := anon.Get(e.URL + "/evidence/" + itoa64(list[0].ID)); r.StatusCode == http.StatusOK {
		t.Error("an anonymous reader downloaded evidence")
	}
	if strings.Contains(string(e.pageBody(t, "/plans/demo/indicators/rd_intensity")), "统计公报_.pdf") {
		t.Error("the public page lists evidence files")
	}
	// a project's year, by the admin
	png := []byte("\x89PNG\r\n\x1a\nrest")
	if resp = attach(t, e, e.client(t, "admin"), "project", "sample_facility", "2025", "现场照片.png", png); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("project evidence: %d", resp.StatusCode)
	}
	if list, _ := e.store.Evidence(t.Context(), "demo", "", "sample_facility"); len(list) != 1 || list[0].Type.ContentType != "image/png" {
		t.Errorf("project evidence: %+v", list)
	}
}
