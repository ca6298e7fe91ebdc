package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/store"
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
		br := bufio.NewReader(pr)
		var line, out string
		for !strings.Contains(line, "serving") {
			var err error
			if line, err = br.ReadString('\n'); err != nil {
				t.Fatalf("no start line: %v\n%s", err, logs.String())
			}
			out += line
		}
		go io.Copy(io.Discard, pr)
		if !strings.Contains(out, "plantrack user add -db "+db+" -name admin -role admin") {
			t.Errorf("a new install does not say how to create an admin:\n%s", out)
		}
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
		ds, _ := seed.Datasets()
		if want := map[int]int{1: len(ds), 2: 0}[round]; seeded != want {
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
	if !strings.Contains(out.String(), "chengdu-14-st: 15 indicators, 35 new values") {
		t.Errorf("first seed: %s", out.String())
	}
	out.Reset()
	run(context.Background(), []string{"seed", "-db", db}, &out, &errs)
	if !strings.Contains(out.String(), "chengdu-14-st: 15 indicators, 0 new values, 35 unchanged") {
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

// The documented way to make the first admin, then a backup of the result.
func TestUserAddAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := seededDB(t) // as the server's first start leaves it
	var out, errs bytes.Buffer
	if code := userCmd(context.Background(), []string{"add", "-db", db, "-name", "admin", "-role", "admin"},
		strings.NewReader("a long enough password\n"), &out, &errs); code != 0 {
		t.Fatalf("user add: %d %s", code, errs.String())
	}
	errs.Reset()
	if code := userCmd(context.Background(), []string{"add", "-db", db, "-name", "ed", "-role", "editor"},
		strings.NewReader("a long enough password\n"), &out, &errs); code != 1 || !strings.Contains(errs.String(), "填报员至少要属于一个部门") {
		t.Errorf("editor without department: %d %q", code, errs.String())
	}
	errs.Reset()
	if code := userCmd(context.Background(), []string{"add", "-db", db, "-name", "v1", "-role", "viewer"},
		strings.NewReader("short\n"), &out, &errs); code != 1 || !strings.Contains(errs.String(), "密码至少需要10个字符") {
		t.Errorf("short password: %d %q", code, errs.String())
	}
	if code := userCmd(context.Background(), []string{"add", "-db", db}, strings.NewReader(""), &out, &errs); code != 2 {
		t.Errorf("missing flags: %d", code)
	}
	// wrong passwords from one address: past five that pair waits (the sixth is
	// refused unchecked); unlock ends it
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	for i := range 6 {
		st.SignIn(context.Background(), "admin", "not the password", "10.1.1.1", at.Add(time.Duration(i)*time.Millisecond))
	}
	if _, _, err := st.SignIn(context.Background(), "admin", "a long enough password", "10.1.1.1", at.Add(10*time.Millisecond)); indicators.KindOf(err) != indicators.ErrTooMany {
		t.Fatalf("after six failures: %v", err)
	}
	st.Close()
	out.Reset()
	if code := run(context.Background(), []string{"user", "unlock", "-db", db, "-name", "ADMIN"}, &out, &errs); code != 0 ||
		!strings.Contains(out.String(), "5 failed sign-ins forgotten") {
		t.Fatalf("user unlock: %d %q %q", code, out.String(), errs.String())
	}
	if st, err = store.Open(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SignIn(context.Background(), "admin", "a long enough password", "10.1.1.1", at.Add(20*time.Millisecond)); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	st.Close()
	errs.Reset()
	if code := run(context.Background(), []string{"user", "unlock", "-db", db, "-name", "nobody"}, &out, &errs); code != 1 || errs.Len() == 0 {
		t.Errorf("unlock of an unknown account: %d %q", code, errs.String())
	}

	backup := filepath.Join(dir, "copy.db")
	if code := run(context.Background(), []string{"backup", "-db", db, "-o", backup}, &out, &errs); code != 0 {
		t.Fatalf("backup: %d %s", code, errs.String())
	}
	if code := run(context.Background(), []string{"backup", "-db", db, "-o", backup}, &out, &errs); code != 1 {
		t.Errorf("backup over an existing file: %d", code)
	}
	st, err = store.Open(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.HasAdmin(context.Background()); !ok || err != nil {
		t.Errorf("the backup lost the admin: %v", err)
	}
}

// A command given the path of a database that does not exist says so and
// fails, instead of working on a new, empty one.
func TestMissingDatabaseIsAnError(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such.db")
	for _, args := range [][]string{
		{"backup", "-db", missing, "-o", filepath.Join(dir, "out.db")},
		{"export", "-db", missing, "-plan", "demo", "-o", filepath.Join(dir, "x.csv")},
		{"report", "-db", missing, "-plan", "demo", "-year", "2024", "-o", filepath.Join(dir, "r.html")},
	} {
		code, _, errs := cli(args...)
		if code != 1 || !strings.Contains(errs, "no-such.db") {
			t.Errorf("%s: %d %s", args[0], code, errs)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a missing database was created")
	}
	if _, err := os.Stat(filepath.Join(dir, "out.db")); err == nil {
		t.Error("a backup of nothing was written")
	}
}

// A taken port stops the start before the database is touched, and says
// what to do.
func TestTakenPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	db := filepath.Join(t.TempDir(), "plantrack.db")
	code, _, errs := cli("-addr", ln.Addr().String(), "-db", db)
	if code != 1 || !strings.Contains(errs, "is in use") || !strings.Contains(errs, "-addr") {
		t.Fatalf("%d %s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the database was created although the server could not start")
	}
	if code, _, errs := cli("-trusted-proxy", "10.0.0.1,bogus", "-db", db); code != 2 || !strings.Contains(errs, "bogus") {
		t.Errorf("a bad -trusted-proxy: %d %s", code, errs)
	}
}
