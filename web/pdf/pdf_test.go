package pdf

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func chromium(t *testing.T) string {
	t.Helper()
	p, err := Find()
	if err != nil {
		t.Skip("Chromium is not installed (apt-get install -y chromium)")
	}
	return p
}

// pdfText is the text of a PDF, by pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install -y poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// A page prints from memory with the files it loads; a request for
// anything else (here an outside image) is refused, not fetched; the same
// browser prints the next page.
func TestPrintFromMemory(t *testing.T) {
	pr := New(chromium(t), Options{})
	defer pr.Close()
	var asked []string
	page := Page{
		HTML: []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/static/v/a.css"></head>
			<body><h1 class="t">规划报告 Report</h1><img src="https://example.com/x.png"></body></html>`),
		Files: func(path string) ([]byte, string, bool) {
			if path != "/favicon.ico" {
				asked = append(asked, path)
			}
			if path == "/static/v/a.css" {
				return []byte(`.t{color:#c00}`), "text/css", true
			}
			return nil, "", false
		},
		Header: `<div style="font-size:8px">HEAD-OF-PAGE</div>`,
		Footer: `<div style="font-size:8px"><span class="pageNumber"></span>/<span class="totalPages"></span></div>`,
	}
	for i := range 2 {
		out, err := pr.Print(context.Background(), page)
		if err != nil {
			t.Fatalf("print %d: %v", i, err)
		}
		if !bytes.HasPrefix(out, []byte("%PDF")) {
			t.Fatalf("print %d: not a PDF", i)
		}
		text := pdfText(t, out)
		if !strings.Contains(text, "规划报告 Report") || !strings.Contains(text, "HEAD-OF-PAGE") || !strings.Contains(text, "1/1") {
			t.Fatalf("print %d: text %q", i, text)
		}
	}
	if strings.Join(asked, ",") != "/static/v/a.css,/static/v/a.css" {
		t.Errorf("files asked for: %v", asked)
	}
}

// With every slot taken and no room in the queue, a page is refused at
// once with ErrBusy instead of piling up browsers.
func TestPrintIsBounded(t *testing.T) {
	pr := New(chromium(t), Options{Parallel: 1, Queue: -1, Timeout: 30 * time.Second})
	defer pr.Close()
	release := make(chan struct{})
	var started atomic.Bool
	slow := Page{HTML: []byte(`<html><head><link rel="stylesheet" href="/slow.css"></head><body>slow</body></html>`),
		Files: func(string) ([]byte, string, bool) {
			started.Store(true)
			<-release
			return []byte("body{}"), "text/css", true
		}}
	done := make(chan error, 1)
	go func() {
		_, err := pr.Print(context.Background(), slow)
		done <- err
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !started.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !started.Load() {
		t.Fatal("the first page never loaded")
	}
	start := time.Now()
	if _, err := pr.Print(context.Background(), Page{HTML: []byte("<p>x</p>")}); !errors.Is(err, ErrBusy) {
		t.Fatalf("second page while the first prints: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing took %v", d)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Prints share warm tabs: the second page is printed in the tab the first
// left blank, and answered from its own files only. A print given up
// midway closes its tab, and the next print opens another.
func TestTabsAreReused(t *testing.T) {
	pr := New(chromium(t), Options{Parallel: 1})
	defer pr.Close()
	page := func(text string, asked *[]string) Page {
		return Page{HTML: []byte(`<html><head><link rel="stylesheet" href="/` + text + `.css"></head><body>` + text + `</body></html>`),
			Files: func(p string) ([]byte, string, bool) {
				*asked = append(*asked, p)
				return []byte("body{}"), "text/css", true
			}}
	}
	var a, b []string
	if _, err := pr.Print(context.Background(), page("first", &a)); err != nil {
		t.Fatal(err)
	}
	var first *tab
	select {
	case first = <-pr.idle:
		pr.idle <- first
	case <-time.After(10 * time.Second):
		t.Fatal("the tab was not given back")
	}
	out, err := pr.Print(context.Background(), page("second", &b))
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, out); !strings.Contains(text, "second") || strings.Contains(text, "first") {
		t.Fatalf("second print: %q", text)
	}
	if !strings.HasPrefix(strings.Join(a, ","), "/first.css") || !strings.Contains(strings.Join(b, ","), "/second.css") || strings.Contains(strings.Join(b, ","), "first") {
		t.Errorf("files asked: first %v, second %v", a, b)
	}
	select {
	case again := <-pr.idle:
		if again != first {
			t.Error("the second print opened a new tab")
		}
		pr.idle <- again
	case <-time.After(10 * time.Second):
		t.Fatal("the tab was not given back after the second print")
	}
	// given up midway: that tab goes, the next print gets a new one
	ctx, cancel := context.WithCancel(context.Background())
	hang := Page{HTML: []byte(`<html><head><link rel="stylesheet" href="/hang.css"></head><body>x</body></html>`),
		Files: func(string) ([]byte, string, bool) {
			cancel()
			time.Sleep(200 * time.Millisecond)
			return nil, "", false
		}}
	if _, err := pr.Print(ctx, hang); err == nil {
		t.Fatal("a print given up midway succeeded")
	}
	if first.ctx.Err() == nil {
		t.Error("the tab of a print given up is still open")
	}
	var c []string
	if out, err := pr.Print(context.Background(), page("third", &c)); err != nil || !strings.Contains(pdfText(t, out), "third") {
		t.Fatalf("the print after: %v", err)
	}
}
