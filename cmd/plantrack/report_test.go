package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web/app"
	"plantrack/web/pdf"
)

// plantrack report writes a draft as HTML and PDF, and an issued report
// exactly as it was issued; it builds no HTTP server to do so.
func TestReportCommand(t *testing.T) {
	db := seededDB(t)
	dir := t.TempDir()
	html := filepath.Join(dir, "draft.html")
	code, out, errs := cli("report", "-db", db, "-plan", "chengdu-14-st", "-year", "2023", "-kind", "midterm", "-o", html)
	if code != 0 || !strings.Contains(out, "bytes") {
		t.Fatalf("draft: %d %s %s", code, out, errs)
	}
	page, _ := os.ReadFile(html)
	if !bytes.Contains(page, []byte("2023年中期评估报告")) || !bytes.Contains(page, []byte("draft-mark")) {
		t.Error("the draft's HTML lacks its title or its draft mark")
	}
	if code, _, errs := cli("report", "-db", db, "-plan", "nope", "-year", "2024", "-o", html); code != 1 || !strings.Contains(errs, "规划“nope”不存在") {
		t.Errorf("unknown plan: %d %s", code, errs)
	}
	if code, _, _ := cli("report", "-db", db, "-plan", "demo", "-o", html); code != 2 {
		t.Errorf("usage: %d", code)
	}
	// issue a report through the application core, then print it by its ID
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.Issue(ctx, indicators.LocalActor("cli"), "chengdu-14-st", indicators.AnnualReport, 2024)
	a.Close()
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	issued := filepath.Join(dir, "issued.html")
	if code, _, errs := cli("report", "-db", db, "-id", id, "-lang", "en", "-o", issued); code != 0 {
		t.Fatalf("issued: %d %s", code, errs)
	}
	page, _ = os.ReadFile(issued)
	if !bytes.Contains(page, []byte(id)) || bytes.Contains(page, []byte("draft-mark")) || !bytes.Contains(page, []byte(`lang="en"`)) {
		t.Error("the issued report is not the one issued, in English")
	}
	if _, err := pdf.Find(); err != nil {
		t.Skip("Chromium is not installed: the PDF half is skipped")
	}
	out2 := filepath.Join(dir, "r.pdf")
	if code, _, errs := cli("report", "-db", db, "-id", id, "-o", out2); code != 0 {
		t.Fatalf("pdf: %d %s", code, errs)
	}
	body, _ := os.ReadFile(out2)
	if !bytes.HasPrefix(body, []byte("%PDF")) {
		t.Fatal("not a PDF")
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", out2, "-").Output()
		if err != nil || !bytes.Contains(text, []byte(id)) {
			t.Errorf("the PDF's text lacks the report's ID: %v", err)
		}
	}
}

// The command line does not build the HTTP server to print a report: the
// report command's code reaches the application core only.
func TestReportCommandNeedsNoServer(t *testing.T) {
	src, err := os.ReadFile("report.go")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(src, []byte(`"plantrack/web"`)) || bytes.Contains(src, []byte("web.New")) {
		t.Error("report.go builds the web server")
	}
	out, err := exec.Command("go", "list", "-deps", "plantrack/web/app").Output()
	if err != nil {
		t.Skip("go list: ", err)
	}
	for _, line := range strings.Fields(string(out)) {
		if line == "plantrack/web" {
			t.Error("the application core depends on the web server")
		}
	}
}
