// Command loadtest checks plantrack under load: many clients read a plan's
// overview while one signed-in client submits values without pause and
// another, signed in too, keeps reading an administrator's page. It counts
// failed requests, answers that mention "database is locked", sign-outs
// (a signed-in client answered as a stranger), and afterwards checks
// through the API that every submitted value is stored. Only loopback
// addresses are accepted as the target.
//
// With -import, it also runs `plantrack import` of a large file against
// the server's database while the load goes on, as an operator would from
// the command line, and reports the writes made while the import held the
// database (their latency, and whether any failed).
//
//	loadtest -url http://127.0.0.1:18080 -user admin -password ... [-readers 32] [-duration 30s]
//	         [-import FILE -plantrack BIN -db DB [-import-after 5s]]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:18080", "server to load (loopback only)")
	user := flag.String("user", "admin", "account that submits values")
	password := flag.String("password", "", "its password")
	plan := flag.String("plan", "demo", "plan whose overview is read")
	indicator := flag.String("indicator", "rd_intensity", "indicator that receives values")
	readers := flag.Int("readers", 32, "concurrent readers")
	duration := flag.Duration("duration", 30*time.Second, "how long to run")
	var im importRun
	flag.StringVar(&im.file, "import", "", "an actuals file to import with `plantrack import` during the run")
	flag.StringVar(&im.bin, "plantrack", "plantrack", "the plantrack binary, for -import")
	flag.StringVar(&im.db, "db", "", "the server's database file, for -import")
	flag.DurationVar(&im.after, "import-after", 5*time.Second, "when the import starts")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || !loopback(u.Hostname()) {
		fmt.Fprintln(os.Stderr, "loadtest: -url must be an http address on this machine (127.0.0.0/8, ::1, localhost)")
		os.Exit(2)
	}
	if im.file != "" && im.db == "" {
		fmt.Fprintln(os.Stderr, "loadtest: -import needs -db, the server's database")
		os.Exit(2)
	}
	os.Exit(run(*base, *user, *password, *plan, *indicator, *readers, *duration, &im))
}

// importRun is a command-line import run during the load.
type importRun struct {
	file, bin, db string
	after         time.Duration
	start, end    time.Time
	out           []byte
	err           error
	done          chan struct{}
}

// launch starts the import after its delay.
func (im *importRun) launch() {
	im.done = make(chan struct{})
	go func() {
		defer close(im.done)
		time.Sleep(im.after)
		im.start = time.Now()
		im.out, im.err = exec.Command(im.bin, "import", "-db", im.db, "-lang", "en", im.file).CombinedOutput()
		im.end = time.Now()
	}()
}

// during reports whether a request begun at start and taking d overlapped
// the import.
func (im *importRun) during(start time.Time, d time.Duration) bool {
	return im.file != "" && !im.start.IsZero() && start.Before(im.endOr()) && start.Add(d).After(im.start)
}

func (im *importRun) endOr() time.Time {
	if im.end.IsZero() {
		return time.Now()
	}
	return im.end
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type result struct {
	n, failed, locked, signedOut atomic.Int64
	mu                           sync.Mutex
	lat                          []time.Duration
	firstErr                     atomic.Value
}

func (r *result) fail(err string) {
	r.failed.Add(1)
	r.firstErr.CompareAndSwap(nil, err)
}

func run(base, user, password, plan, indicator string, readers int, duration time.Duration, im *importRun) int {
	transport := &http.Transport{MaxIdleConnsPerHost: readers + 4, MaxConnsPerHost: readers + 4}
	signIn := func() (*http.Client, error) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Transport: transport, Timeout: 60 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.PostForm(base+"/login", url.Values{"name": {user}, "password": {password}})
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("sign-in: %s", resp.Status)
		}
		return c, nil
	}
	writer, err := signIn()
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		return 1
	}
	watcher, err := signIn()
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		return 1
	}

	deadline := time.Now().Add(duration)
	if im.file != "" {
		im.launch()
	}
	var reads, writes, watch result
	var wg sync.WaitGroup
	reader := &http.Client{Transport: transport, Timeout: 60 * time.Second}
	// the watcher is a signed-in user reading an administrator's page:
	// anything but 200 means the session was lost
	wg.Add(1)
	go func() {
		defer wg.Done()
		for time.Now().Before(deadline) {
			resp, err := watcher.Get(base + "/admin/users")
			if err != nil {
				watch.fail(err.Error())
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			watch.n.Add(1)
			if resp.StatusCode != http.StatusOK {
				watch.signedOut.Add(1)
				watch.fail(fmt.Sprintf("GET /admin/users signed in: %d", resp.StatusCode))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				start := time.Now()
				resp, err := reader.Get(base + "/plans/" + plan)
				if err != nil {
					reads.fail(err.Error())
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(start)
				reads.n.Add(1)
				if bytes.Contains(body, []byte("database is locked")) {
					reads.locked.Add(1)
				}
				if resp.StatusCode != http.StatusOK {
					reads.fail(fmt.Sprintf("GET overview: %d", resp.StatusCode))
				}
				reads.mu.Lock()
				reads.lat = append(reads.lat, d)
				reads.mu.Unlock()
			}
		}()
	}
	type sent struct {
		year  int
		value float64
	}
	var submitted []sent
	var inImport []time.Duration // the writes that overlapped the import
	inImportFailed := 0
	target := base + "/plans/" + plan + "/indicators/" + indicator + "/observations"
	for i := 0; time.Now().Before(deadline); i++ {
		s := sent{year: 2021 + i%5, value: 1 + float64(i)/1000}
		form := url.Values{"year": {strconv.Itoa(s.year)}, "value": {strconv.FormatFloat(s.value, 'f', -1, 64)},
			"qualifier": {"exact"}, "status": {"preliminary"}, "source": {"loadtest"}}
		req, _ := http.NewRequest(http.MethodPost, target, bytes.NewBufferString(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		start := time.Now()
		resp, err := writer.Do(req)
		if err != nil {
			writes.fail(err.Error())
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(start)
		writes.n.Add(1)
		writes.lat = append(writes.lat, d)
		overlapped := im.during(start, d)
		if overlapped {
			inImport = append(inImport, d)
		}
		if bytes.Contains(body, []byte("database is locked")) {
			writes.locked.Add(1)
		}
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || strings.HasPrefix(loc, "/login") {
			if overlapped {
				inImportFailed++
			}
			if strings.HasPrefix(loc, "/login") || resp.StatusCode == http.StatusForbidden {
				writes.signedOut.Add(1)
			}
			writes.fail(fmt.Sprintf("POST value: %d %s", resp.StatusCode, loc))
			continue
		}
		submitted = append(submitted, s)
	}
	wg.Wait()
	if im.file != "" {
		<-im.done
	}

	// every submitted value must be a revision of its year
	resp, err := reader.Get(base + "/api/v1/plans/" + plan + "/indicators/" + indicator)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: reading back: %v\n", err)
		return 1
	}
	var doc struct {
		Indicator struct {
			Observations []struct {
				Year      int `json:"year"`
				Revisions []struct {
					Value float64 `json:"value"`
				} `json:"revisions"`
			} `json:"observations"`
		} `json:"indicator"`
	}
	json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	stored := map[sent]bool{}
	for _, o := range doc.Indicator.Observations {
		for _, r := range o.Revisions {
			stored[sent{o.Year, r.Value}] = true
		}
	}
	missing := 0
	for _, s := range submitted {
		if !stored[s] {
			missing++
		}
	}

	secs := duration.Seconds()
	fmt.Printf("readers: %d for %s against %s/plans/%s\n", readers, duration, base, plan)
	fmt.Printf("reads:   %d ok-or-not, %.0f/s, p50 %s, p99 %s, max %s, failed %d, locked %d\n",
		reads.n.Load(), float64(reads.n.Load())/secs, pct(reads.lat, 50), pct(reads.lat, 99), pct(reads.lat, 100), reads.failed.Load(), reads.locked.Load())
	fmt.Printf("writes:  %d, %.1f/s, p50 %s, p99 %s, max %s, failed %d, locked %d\n",
		writes.n.Load(), float64(writes.n.Load())/secs, pct(writes.lat, 50), pct(writes.lat, 99), pct(writes.lat, 100), writes.failed.Load(), writes.locked.Load())
	fmt.Printf("signed in: %d reads of an administrator's page, %d answered as signed out\n", watch.n.Load(), watch.signedOut.Load())
	fmt.Printf("stored:  %d of %d submitted values found afterwards, %d missing\n", len(submitted)-missing, len(submitted), missing)
	importFailed := false
	if im.file != "" {
		fmt.Printf("import:  %s, started at %.1f s, took %.2f s, exit %v\n", im.file, im.start.Sub(deadline.Add(-duration)).Seconds(),
			im.end.Sub(im.start).Seconds(), exitOf(im.err))
		fmt.Printf("  %s\n", strings.ReplaceAll(strings.TrimSpace(string(im.out[:min(len(im.out), 600)])), "\n", "\n  "))
		fmt.Printf("writes during the import: %d, p50 %s, max %s, failed %d\n", len(inImport), pct(inImport, 50), pct(inImport, 100), inImportFailed)
		importFailed = im.err != nil
	}
	fmt.Printf("failed requests %d, lost writes %d, sign-outs %d\n", reads.failed.Load()+writes.failed.Load()+watch.failed.Load(),
		missing, writes.signedOut.Load()+watch.signedOut.Load())
	if e := reads.firstErr.Load(); e != nil {
		fmt.Printf("first read error: %v\n", e)
	}
	if e := writes.firstErr.Load(); e != nil {
		fmt.Printf("first write error: %v\n", e)
	}
	if e := watch.firstErr.Load(); e != nil {
		fmt.Printf("first signed-in read error: %v\n", e)
	}
	if reads.failed.Load()+writes.failed.Load()+watch.failed.Load()+reads.locked.Load()+writes.locked.Load() > 0 ||
		missing > 0 || len(submitted) == 0 || importFailed {
		fmt.Println("FAIL")
		return 1
	}
	fmt.Println("PASS")
	return 0
}

func exitOf(err error) string {
	if err == nil {
		return "0"
	}
	return err.Error()
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s) - 1) * p / 100
	return s[i].Round(100 * time.Microsecond)
}
