// Command loadtest checks plantrack under load: many clients read a plan's
// overview while one signed-in client submits values without pause. It
// counts failed requests, looks for "database is locked" in any answer, and
// afterwards checks through the API that every submitted value is stored.
// Only loopback addresses are accepted as the target.
//
//	loadtest -url http://127.0.0.1:18080 -user admin -password ... [-readers 32] [-duration 30s]
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
	"slices"
	"strconv"
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
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || !loopback(u.Hostname()) {
		fmt.Fprintln(os.Stderr, "loadtest: -url must be an http address on this machine (127.0.0.0/8, ::1, localhost)")
		os.Exit(2)
	}
	os.Exit(run(*base, *user, *password, *plan, *indicator, *readers, *duration))
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type result struct {
	n, failed, locked atomic.Int64
	mu                sync.Mutex
	lat               []time.Duration
	firstErr          atomic.Value
}

func (r *result) fail(err string) {
	r.failed.Add(1)
	r.firstErr.CompareAndSwap(nil, err)
}

func run(base, user, password, plan, indicator string, readers int, duration time.Duration) int {
	transport := &http.Transport{MaxIdleConnsPerHost: readers + 4, MaxConnsPerHost: readers + 4}
	jar, _ := cookiejar.New(nil)
	writer := &http.Client{Jar: jar, Transport: transport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := writer.PostForm(base+"/login", url.Values{"name": {user}, "password": {password}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		fmt.Fprintf(os.Stderr, "loadtest: sign-in failed: %v %v\n", err, resp)
		return 1
	}
	resp.Body.Close()

	deadline := time.Now().Add(duration)
	var reads, writes result
	var wg sync.WaitGroup
	reader := &http.Client{Transport: transport, Timeout: 30 * time.Second}
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
		writes.n.Add(1)
		writes.lat = append(writes.lat, time.Since(start))
		if bytes.Contains(body, []byte("database is locked")) {
			writes.locked.Add(1)
		}
		if resp.StatusCode != http.StatusSeeOther {
			writes.fail(fmt.Sprintf("POST value: %d", resp.StatusCode))
			continue
		}
		submitted = append(submitted, s)
	}
	wg.Wait()

	// every submitted value must be a revision of its year
	resp, err = reader.Get(base + "/api/v1/plans/" + plan + "/indicators/" + indicator)
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
	fmt.Printf("stored:  %d of %d submitted values found afterwards, %d missing\n", len(submitted)-missing, len(submitted), missing)
	if e := reads.firstErr.Load(); e != nil {
		fmt.Printf("first read error: %v\n", e)
	}
	if e := writes.firstErr.Load(); e != nil {
		fmt.Printf("first write error: %v\n", e)
	}
	if reads.failed.Load()+writes.failed.Load()+reads.locked.Load()+writes.locked.Load() > 0 || missing > 0 || len(submitted) == 0 {
		fmt.Println("FAIL")
		return 1
	}
	fmt.Println("PASS")
	return 0
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
