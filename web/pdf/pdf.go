// Package pdf prints web pages to PDF with a headless Chromium driven by
// chromedp: A4, CSS page size, header and footer, vector text and SVG charts.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoChromium says that no Chromium was found to print with.
var ErrNoChromium = errors.New("pdf: Chromium is not installed (apt-get install -y chromium)")

// Find returns the path of a Chromium or Chrome binary: $CHROMIUM, else
// the first of chromium, chromium-browser, google-chrome on PATH.
func Find() (string, error) {
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Chromium prints with the browser at Path.
type Chromium struct {
	Path    string
	Timeout time.Duration // per document; 2 minutes when zero
}

// Print loads url (on this machine) and prints it on A4 with the given
// header and footer templates (Chromium's: HTML with inline styles, and
// the classes pageNumber and totalPages).
func (c Chromium) Print(ctx context.Context, url, header, footer string) ([]byte, error) {
	if c.Path == "" {
		return nil, ErrNoChromium
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	dir, err := os.MkdirTemp("", "plantrack-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(c.Path),
		chromedp.NoSandbox, // runs as root in services and CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
	)
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	bctx, cancel3 := context.WithTimeout(bctx, timeout)
	defer cancel3()
	// A4 at 96 dpi, so the page is laid out at paper width, not shrunk.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(794, 1123), chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("pdf: load %s: %w", url, err)
	}
	// charts.js marks each chart once drawn; deferred scripts run before the
	// load event, so by now they are, unless a script failed.
	left, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-chart]:not([data-drawn])').length`))
	if err != nil {
		return nil, err
	}
	if left > 0 {
		return nil, fmt.Errorf("pdf: %d charts were not drawn", left)
	}
	return chromedp.Run(bctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(header),
		chromedp.PDFFooterTemplate(footer),
	))
}
