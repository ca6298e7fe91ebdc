package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeSeedsAndShutsDown runs the real command: a first start creates
// and seeds the database, serves it over HTTP, and stops cleanly when its
// context is cancelled (as on SIGINT/SIGTERM). A second start seeds nothing.
func TestServeSeedsAndShutsDown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "plantrack.db")
	for round := 1; round <= 2; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		var logs bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", db}, pw, &logs)
			pw.Close()
		}()
		line, err := bufio.NewReader(pr).ReadString('\n')
		if err != nil {
			t.Fatalf("no start line: %v\n%s", err, logs.String())
		}
		go io.Copy(io.Discard, pr)
		base := strings.Fields(line)[2] // "plantrack: serving http://127.0.0.1:PORT (database …)"
		resp, err := http.Get(base + "/plans/chengdu-14-st")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte("每万人发明专利拥有量")) {
			t.Fatalf("round %d: %d", round, resp.StatusCode)
		}
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, logs.String())
			}
		case <-time.After(15 * time.Second):
			t.Fatal("no graceful shutdown")
		}
		seeded := strings.Count(logs.String(), "seeded plan")
		if want := map[int]int{1: 2, 2: 0}[round]; seeded != want {
			t.Errorf("round %d seeded %d plans, want %d\n%s", round, seeded, want, logs.String())
		}
		if !strings.Contains(logs.String(), "msg=stopped") {
			t.Errorf("no shutdown log")
		}
	}
}

func TestSeedCommandIsIdempotent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "plantrack.db")
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"seed", "-db", db}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "chengdu-14-st: 14 indicators, 19 new values") {
		t.Errorf("first seed: %s", out.String())
	}
	out.Reset()
	run(context.Background(), []string{"seed", "-db", db}, &out, &errs)
	if !strings.Contains(out.String(), "chengdu-14-st: 14 indicators, 0 new values, 19 unchanged") {
		t.Errorf("second seed: %s", out.String())
	}
}

func TestUsage(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"frobnicate"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), "usage") {
		t.Errorf("unknown command: %d %q", code, errs.String())
	}
	if code := run(context.Background(), []string{"serve", "-nope"}, &out, &errs); code != 2 {
		t.Errorf("bad flag: %d", code)
	}
}
