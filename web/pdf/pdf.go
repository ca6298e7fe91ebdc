// Package pdf prints HTML pages to PDF with a headless Chromium driven by
// chromedp: A4, CSS page size, header and footer, vector text and SVG
// charts. One browser is kept warm and shared, and so are its tabs: a
// print takes an idle tab, whose renderer has already compiled the page's
// scripts, and gives it back blank. The pages it prints are handed to it
// from memory, so printing needs no HTTP server and no network, and it is
// bounded: a few pages at a time, a short queue, and ErrBusy beyond it.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium says that no Chromium was found to print with.
var ErrNoChromium = errors.New("pdf: Chromium is not installed (apt-get install -y chromium)")

// ErrBusy says that the printer's queue is full: ask again later.
var ErrBusy = errors.New("pdf: the printer is busy")

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

// Page is a document to print: its HTML, the files it loads (by URL
// path), and Chromium's header and footer templates (HTML with inline
// styles, and the classes pageNumber and totalPages).
type Page struct {
	HTML           []byte
	Files          func(path string) (body []byte, contentType string, ok bool)
	Header, Footer string
	// Tagged makes a tagged PDF, with the document's structure for screen
	// readers: for documents that are kept (issued reports). It doubles
	// the file's size and adds a fifth to the time.
	Tagged bool
}

// Printer prints pages with one Chromium, started on first use and again
// if it dies, and stopped by Close.
type Printer struct {
	path    string
	timeout time.Duration
	slots   chan struct{} // pages printing now
	queue   chan struct{} // pages printing or waiting
	idle    chan *tab     // tabs waiting for the next page
	mu      sync.Mutex
	browser context.Context // nil until started
	stop    func()
	dir     string
	printed atomic.Int64
	seq     atomic.Int64 // makes each print's address new
}

// tab is a browser tab kept for printing, and the page it prints now.
type tab struct {
	ctx   context.Context // chromedp's, for the tab's life
	close func()
	page  atomic.Pointer[Page]
}

// Printed is how many pages the printer has printed, for tests and logs.
func (pr *Printer) Printed() int64 { return pr.printed.Load() }

// Options bound a printer.
type Options struct {
	Timeout  time.Duration // per page; 2 minutes when zero
	Parallel int           // pages printed at once; 2 when zero
	Queue    int           // pages waiting beyond those; 8 when zero, none when negative
}

// New makes a printer for the browser at path; nothing starts yet.
func New(path string, o Options) *Printer {
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	if o.Parallel == 0 {
		o.Parallel = 2
	}
	switch {
	case o.Queue == 0:
		o.Queue = 8
	case o.Queue < 0:
		o.Queue = 0
	}
	return &Printer{path: path, timeout: o.Timeout, slots: make(chan struct{}, o.Parallel),
		queue: make(chan struct{}, o.Parallel+o.Queue), idle: make(chan *tab, o.Parallel)}
}

// origin is where printed pages pretend to come from: a name that cannot
// resolve, whose every request the printer answers itself.
const origin = "http://print.plantrack.invalid"

// Print prints p on A4. It waits for a free slot, or returns ErrBusy at
// once when too many pages are waiting already.
func (pr *Printer) Print(ctx context.Context, p Page) ([]byte, error) {
	select {
	case pr.queue <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-pr.queue }()
	select {
	case pr.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-pr.slots }()
	out, err := pr.print(ctx, p)
	if err != nil && ctx.Err() == nil && pr.dead() {
		// the browser died under the page: start a new one and try once more
		pr.reset()
		out, err = pr.print(ctx, p)
	}
	if err == nil {
		pr.printed.Add(1)
	}
	return out, err
}

// start returns the running browser, starting it when needed.
func (pr *Printer) start() (context.Context, error) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.browser != nil {
		return pr.browser, nil
	}
	if pr.path == "" {
		return nil, ErrNoChromium
	}
	dir, err := os.MkdirTemp("", "plantrack-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(pr.path),
		chromedp.NoSandbox, // runs as root in services and CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pdf: start %s: %w", pr.path, err)
	}
	pr.browser, pr.dir = bctx, dir
	pr.stop = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
	return bctx, nil
}

// dead reports whether the browser has gone.
func (pr *Printer) dead() bool {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return pr.browser != nil && pr.browser.Err() != nil
}

func (pr *Printer) reset() {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.stop != nil {
		pr.stop()
	}
	pr.browser, pr.stop = nil, nil
}

// Close stops the browser.
func (pr *Printer) Close() { pr.reset() }

func (pr *Printer) print(ctx context.Context, p Page) ([]byte, error) {
	t, err := pr.tab()
	if err != nil {
		return nil, err
	}
	t.page.Store(&p)
	out, err := pr.printOn(ctx, t, p)
	if err != nil || ctx.Err() != nil {
		t.close() // the tab may be anywhere: a new one next time
		return out, err
	}
	// blank the tab before the next page, freeing this one's memory; its
	// renderer, with the scripts it compiled, stays
	go func() {
		bctx, cancel := context.WithTimeout(t.ctx, 10*time.Second)
		defer cancel()
		t.page.Store(nil)
		if chromedp.Do(bctx, chromedp.Navigate("about:blank")) != nil {
			t.close()
			return
		}
		select {
		case pr.idle <- t:
		default:
			t.close()
		}
	}()
	return out, nil
}

// tab returns an idle tab, or opens one.
func (pr *Printer) tab() (*tab, error) {
	for {
		select {
		case t := <-pr.idle:
			if t.ctx.Err() == nil {
				return t, nil
			}
			continue // the browser or the tab died meanwhile
		default:
		}
		break
	}
	bctx, err := pr.start()
	if err != nil {
		return nil, err
	}
	tctx, closeTab := chromedp.NewContext(bctx)
	t := &tab{ctx: tctx, close: closeTab}
	serve := chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		paused := chromedp.Events(ctx, fetch.RequestPaused)
		if _, err := cdp.Call(ctx, target, fetch.Enable, fetch.EnableParams{}); err != nil {
			return err
		}
		go func() {
			for ev, err := range paused {
				if err != nil {
					return
				}
				answer(tctx, target, ev, t.page.Load())
			}
		}()
		return nil
	})
	// A4 at 96 dpi, so the page is laid out at paper width, not shrunk.
	if err := chromedp.Do(tctx, serve, chromedp.EmulateViewport(794, 1123)); err != nil {
		closeTab()
		return nil, fmt.Errorf("pdf: open a tab: %w", err)
	}
	return t, nil
}

// printOn prints p on tab t.
func (pr *Printer) printOn(ctx context.Context, t *tab, p Page) ([]byte, error) {
	tctx, cancel := context.WithTimeout(t.ctx, pr.timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // the caller gave up: so does the print
	defer stop()
	if err := chromedp.Do(tctx, chromedp.Navigate(fmt.Sprintf("%s/?print=%d", origin, pr.seq.Add(1)))); err != nil {
		return nil, fmt.Errorf("pdf: load: %w", err)
	}
	// charts.js marks each chart once drawn; deferred scripts run before the
	// load event, so by now they are, unless a script failed.
	left, err := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-chart]:not([data-drawn])').length`))
	if err != nil {
		return nil, err
	}
	if left > 0 {
		return nil, fmt.Errorf("pdf: %d charts were not drawn", left)
	}
	return chromedp.Run(tctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(p.Header),
		chromedp.PDFFooterTemplate(p.Footer),
		func(pp *page.PrintToPDFParams) { pp.GenerateTaggedPDF = &p.Tagged },
	))
}

// answer serves one request of a printed page from memory: the page at /,
// its files by path; anything else is refused, so nothing leaves the
// machine.
func answer(ctx context.Context, t *chromedp.Target, ev fetch.EventRequestPaused, p *Page) {
	u, err := url.Parse(ev.Request.URL)
	if err != nil || u.Scheme+"://"+u.Host != origin || p == nil {
		cdp.Call(ctx, t, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		return
	}
	body, ctype, ok := p.HTML, "text/html; charset=utf-8", u.Path == "/"
	if !ok && p.Files != nil {
		body, ctype, ok = p.Files(u.Path)
	}
	code := int64(200)
	if !ok {
		body, ctype, code = []byte("not found"), "text/plain; charset=utf-8", 404
	}
	cdp.Call(ctx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: code,
		ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: ctype}}, Body: body})
}
