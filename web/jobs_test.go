package web_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"plantrack/indicators"
	"plantrack/web"
)

// The plan list reads every plan in one transaction, however many plans.
func TestPlanListReadsOnce(t *testing.T) {
	e := newEnv(t)
	before := e.store.Stats().Reads
	if resp, _ := e.get(t, "/"); resp.StatusCode != http.StatusOK {
		t.Fatal(resp.StatusCode)
	}
	if n := e.store.Stats().Reads - before; n != 1 {
		t.Errorf("the plan list took %d read transactions", n)
	}
}

// An upload waits an hour by the application's clock, not the machine's.
func TestUploadExpiresByTheClock(t *testing.T) {
	var mu sync.Mutex
	now := clock()
	tick := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnvOf(t, envOptions{Config: web.Config{PublicRead: true}, Now: tick})
	withAccounts(t, e)
	ed := e.client(t, "editor")
	resp, _ := upload(t, ed, e.URL+"/plans/demo/import", "actuals", "a.csv", []byte("indicator,year,value,source\nrd_intensity,2024,2.42,快报\n"))
	page := e.URL + resp.Header.Get("Location")
	if r, _ := settled(t, ed, page); r.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", r.StatusCode)
	}
	mu.Lock()
	now = now.Add(61 * time.Minute)
	mu.Unlock()
	if r, _ := doc(t, ed, http.MethodGet, page); r.StatusCode != http.StatusNotFound {
		t.Errorf("an upload older than an hour by the clock: %d", r.StatusCode)
	}
}

// slowBody sends size bytes of a multipart upload in chunks, a pause
// between them: a slow line.
type slowBody struct {
	r     io.Reader
	chunk int
	pause time.Duration
}

func (b *slowBody) Read(p []byte) (int, error) {
	time.Sleep(b.pause)
	return b.r.Read(p[:min(len(p), b.chunk)])
}

// A file that takes longer to arrive than the server's read timeout gets
// in while it keeps the minimum rate; a client that stops sending loses
// its connection at the deadline instead of holding it.
func TestSlowUploadGetsIn(t *testing.T) {
	e := newEnvWith(t, web.Config{PublicRead: true, ReadTimeout: time.Second, UploadRate: 8 << 10})
	withAccounts(t, e)
	ts := httptest.NewUnstartedServer(e.handler)
	ts.Config.ReadTimeout, ts.Config.WriteTimeout = time.Second, time.Second
	ts.Start()
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {"ed.sci"}, "password": {testPassword}, "next": {"/"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %v", err)
	}
	var file strings.Builder
	file.WriteString("indicator,year,value,source,note\n")
	for file.Len() < 40<<10 {
		fmt.Fprintf(&file, "rd_intensity,2024,2.42,快报,%s\n", strings.Repeat("x", 60))
	}
	send := func(body io.Reader) (*http.Response, error) {
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte("--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nactuals\r\n--B\r\n" +
				"Content-Disposition: form-data; name=\"file\"; filename=\"slow.csv\"\r\nContent-Type: text/csv\r\n\r\n"))
			io.Copy(pw, body)
			pw.Write([]byte("\r\n--B--\r\n"))
			pw.Close()
		}()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/plans/demo/import", pr)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return c.Do(req)
	}
	// 40 KiB at about 16 KiB/s: some 2.5 s, well past the 1 s read timeout,
	// and above the 8 KiB/s minimum
	start := time.Now()
	resp, err = send(&slowBody{r: strings.NewReader(file.String()), chunk: 1 << 10, pause: 60 * time.Millisecond})
	took := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/plans/demo/import/") {
		t.Fatalf("slow upload after %v: %v %v", took, resp, err)
	}
	if took < 2*time.Second {
		t.Fatalf("the upload took %v: not slower than the read timeout", took)
	}
	// a client that sends a little, then nothing: the server lets go of
	// the connection soon after the deadline instead of holding it
	u, _ := url.Parse(ts.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var cookies []string
	for _, ck := range jar.Cookies(u) {
		cookies = append(cookies, ck.String())
	}
	fmt.Fprintf(conn, "POST /plans/demo/import HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nSec-Fetch-Site: same-origin\r\n"+
		"Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 100000\r\n\r\n--B\r\n"+
		"Content-Disposition: form-data; name=\"file\"; filename=\"stall.csv\"\r\n\r\n%s", u.Host, strings.Join(cookies, "; "), file.String()[:2<<10])
	start = time.Now()
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	answer, _ := io.ReadAll(conn) // until the server closes the connection
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a stalled upload held the connection %v", took)
	}
	if strings.Contains(string(answer), "303 See Other") {
		t.Errorf("a stalled upload was accepted: %s", answer)
	}
}

// Behind a reverse proxy given with -trusted-proxy, the client's address
// and scheme come from X-Forwarded-For and X-Forwarded-Proto; from anyone
// else those headers are ignored.
func TestTrustedProxy(t *testing.T) {
	signIn := func(e *env, xff, proto string) (*http.Cookie, string) {
		req, _ := http.NewRequest(http.MethodPost, e.URL+"/login", strings.NewReader(url.Values{"name": {"ada"}, "password": {testPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", xff)
		req.Header.Set("X-Forwarded-Proto", proto)
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		es, _ := e.store.Audit(t.Context(), indicators.AuditFilter{}, 1)
		for _, ck := range resp.Cookies() {
			if ck.Name == "plantrack_session" {
				return ck, es[0].Key
			}
		}
		t.Fatalf("no session cookie: %d", resp.StatusCode)
		return nil, ""
	}
	plain := newEnv(t)
	withAccounts(t, plain)
	ck, addr := signIn(plain, "203.0.113.9", "https")
	if ck.Secure || addr != "127.0.0.1" {
		t.Errorf("untrusted forwarding headers were believed: secure %v, address %s", ck.Secure, addr)
	}
	proxied := newEnvWith(t, web.Config{PublicRead: true, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	withAccounts(t, proxied)
	ck, addr = signIn(proxied, "203.0.113.9, 127.0.0.1", "https")
	if !ck.Secure || addr != "203.0.113.9" {
		t.Errorf("behind a trusted proxy: secure %v, address %s", ck.Secure, addr)
	}
}
