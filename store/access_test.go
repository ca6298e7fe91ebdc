package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"plantrack/indicators"
	"plantrack/seed"
)

func withDemo(t *testing.T) *Store {
	t.Helper()
	s, _ := open(t)
	if _, err := s.SaveDataset(context.Background(), indicators.LocalActor("seed"), seed.Demo(), now); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestUsersAndSessions(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	if ok, _ := s.HasAdmin(ctx); ok {
		t.Fatal("a new database has no admin")
	}
	ed := indicators.User{Name: "li.ming", Role: indicators.Editor, Units: []string{"sample-sci"}}
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), ed, "correct horse battery", now); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), ed, "correct horse battery", now); indicators.KindOf(err) != indicators.ErrConflict {
		t.Fatalf("duplicate user: %v", err)
	}
	for _, bad := range []struct {
		u  indicators.User
		pw string
	}{
		{indicators.User{Name: "x", Role: indicators.Viewer}, "long enough pw"},
		{indicators.User{Name: "viewer1", Role: "boss"}, "long enough pw"},
		{indicators.User{Name: "viewer1", Role: indicators.Viewer}, "short"},
		{indicators.User{Name: "editor2", Role: indicators.Editor}, "long enough pw"},
		{indicators.User{Name: "editor2", Role: indicators.Editor, Units: []string{"nope"}}, "long enough pw"},
	} {
		if err := s.CreateUser(ctx, indicators.LocalActor("cli"), bad.u, bad.pw, now); indicators.KindOf(err) != indicators.ErrInvalid {
			t.Errorf("%+v: %v", bad.u, err)
		}
	}
	// wrong password, then right
	if _, _, err := s.SignIn(ctx, "li.ming", "wrong password!", "10.0.0.1", now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("wrong password: %v", err)
	}
	if _, _, err := s.SignIn(ctx, "nobody", "wrong password!", "10.0.0.1", now); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("unknown user: %v", err)
	}
	token, u, err := s.SignIn(ctx, "LI.MING", "correct horse battery", "10.0.0.1", now)
	if err != nil || token == "" || u.Name != "li.ming" || u.Units[0] != "sample-sci" {
		t.Fatalf("sign in: %v %+v", err, u)
	}
	if got, _, err := s.Session(ctx, token, indicators.DefaultSessionPolicy, now.Add(time.Hour), time.Time{}); err != nil || got.Name != "li.ming" {
		t.Fatalf("session: %v", err)
	}
	// idle and absolute expiry
	if _, _, err := s.Session(ctx, token, indicators.DefaultSessionPolicy, now.Add(time.Hour+2*time.Hour+time.Second), time.Time{}); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("idle session accepted: %v", err)
	}
	// activity the caller has noted but not written yet counts
	late := now.Add(time.Hour + 2*time.Hour + time.Second)
	if _, seen, err := s.Session(ctx, token, indicators.DefaultSessionPolicy, late, now.Add(2*time.Hour)); err != nil || !seen.Equal(now.Add(2*time.Hour)) {
		t.Fatalf("noted activity not counted: %v %v", seen, err)
	}
	// an older time written late never takes the stored one back
	if err := s.Touch(ctx, map[string]time.Time{token: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Touch(ctx, map[string]time.Time{token: now.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if _, seen, err := s.Session(ctx, token, indicators.DefaultSessionPolicy, now.Add(time.Hour), time.Time{}); err != nil || !seen.Equal(now.Add(time.Hour)) {
		t.Fatalf("last seen went back: %v %v", seen, err)
	}
	tick := now
	for i := 0; i < 13; i++ { // active every hour, but past 12 hours in all
		tick = tick.Add(time.Hour)
		if _, _, err = s.Session(ctx, token, indicators.DefaultSessionPolicy, tick, time.Time{}); err == nil {
			err = s.Touch(ctx, map[string]time.Time{token: tick})
		}
	}
	if indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("session outlived the absolute limit: %v", err)
	}
	// sign out ends the session for good
	token, _, _ = s.SignIn(ctx, "li.ming", "correct horse battery", "10.0.0.1", now)
	if err := s.SignOut(ctx, token, now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Session(ctx, token, indicators.DefaultSessionPolicy, now, time.Time{}); indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("signed-out session accepted: %v", err)
	}
	// disabling ends sessions and refuses sign-in
	token, _, _ = s.SignIn(ctx, "li.ming", "correct horse battery", "10.0.0.1", now)
	ed.Disabled = true
	if err := s.UpdateUser(ctx, indicators.LocalActor("cli"), ed, "", now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Session(ctx, token, indicators.DefaultSessionPolicy, now, time.Time{}); err == nil {
		t.Fatal("session of a disabled user accepted")
	}
	if _, _, err := s.SignIn(ctx, "li.ming", "correct horse battery", "10.0.0.2", now); err == nil {
		t.Fatal("disabled user signed in")
	}
}

// Failed sign-ins slow further attempts down, never lock the owner out:
// the pair of account and address waits after its free attempts, growing
// delays capped at MaxDelay; the owner's known address stays open; other
// addresses wait while the account is under attack; plantrack user unlock
// ends the delays.
func TestSignInThrottling(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), indicators.User{Name: "admin", Role: indicators.Admin}, "right password 1", now); err != nil {
		t.Fatal(err)
	}
	// the owner signs in from the office machine: a known address from now on
	if _, _, err := s.SignIn(ctx, "admin", "right password 1", "10.0.0.1", now); err != nil {
		t.Fatal(err)
	}
	at := now.Add(time.Minute)
	wrong := func(addr string, n int) {
		for i := 0; i < n; i++ {
			at = at.Add(time.Second)
			s.SignIn(ctx, "Admin", "wrong", addr, at) // any case counts
		}
	}
	wrong("10.6.6.6", FreePairFails)
	// the attacker's pair now waits 1 s after its last failure
	_, _, err := s.SignIn(ctx, "admin", "right password 1", "10.6.6.6", at.Add(500*time.Millisecond))
	if indicators.KindOf(err) != indicators.ErrTooMany || indicators.MsgOf(err).Key != "err.signin.wait" {
		t.Fatalf("the attacker's next try, half a second on: %v", err)
	}
	// the owner from the known address is not delayed at all
	if _, _, err := s.SignIn(ctx, "admin", "right password 1", "10.0.0.1", at.Add(500*time.Millisecond)); err != nil {
		t.Fatalf("the owner from a known address: %v", err)
	}
	// delays grow with each failure: three more, each after its delay, make the wait 8 s
	for i := 0; i < 3; i++ {
		at = at.Add(10 * time.Second)
		if _, _, err := s.SignIn(ctx, "admin", "wrong", "10.6.6.6", at); indicators.KindOf(err) != indicators.ErrUnauthorized {
			t.Fatalf("a try after its delay is checked: %v", err)
		}
	}
	if _, _, err := s.SignIn(ctx, "admin", "x", "10.6.6.6", at.Add(7*time.Second)); indicators.KindOf(err) != indicators.ErrTooMany {
		t.Fatalf("7 s after the 8th failure: %v", err)
	}
	if _, _, err := s.SignIn(ctx, "admin", "right password 1", "10.6.6.6", at.Add(9*time.Second)); err != nil {
		t.Fatalf("9 s after the 8th failure: %v", err)
	}
	for fails, want := range map[int]time.Duration{4: 0, 5: time.Second, 6: 2 * time.Second, 10: 32 * time.Second, 11: MaxDelay, 40: MaxDelay} {
		if got := throttleDelay(fails, FreePairFails); got != want {
			t.Errorf("delay after %d failures: %v, want %v", fails, got, want)
		}
	}
	at = at.Add(ThrottleWindow) // a quarter of an hour on: the old failures no longer count
	// the account under attack from many addresses: a new address waits a little, and gets in after
	for i := 0; i < FreeAccountFails; i++ {
		wrong(fmt.Sprintf("10.7.7.%d", i), 1)
	}
	if _, _, err := s.SignIn(ctx, "admin", "right password 1", "10.0.0.2", at.Add(time.Second/2)); indicators.KindOf(err) != indicators.ErrTooMany {
		t.Fatalf("a new address while the account is attacked: %v", err)
	}
	if _, _, err := s.SignIn(ctx, "admin", "right password 1", "10.0.0.2", at.Add(MaxDelay+time.Second)); err != nil {
		t.Fatalf("the new address after the delay: %v", err)
	}
	// many names from one address (a reverse proxy not trusted): delays, and known pairs stay open
	for i := 0; i < FreeAddressFails+3; i++ {
		at = at.Add(time.Second)
		s.SignIn(ctx, fmt.Sprintf("guess%d", i), "wrong", "10.9.9.9", at)
	}
	if _, _, err := s.SignIn(ctx, "editor", "whatever", "10.9.9.9", at.Add(time.Second/2)); indicators.KindOf(err) != indicators.ErrTooMany {
		t.Fatalf("spraying from one address: %v", err)
	}
	// unlock ends the delays at once
	wrong("10.6.6.6", 3)
	if n, err := s.Unlock(ctx, indicators.LocalActor("cli"), "admin", at); err != nil || n == 0 {
		t.Fatalf("unlock: %d %v", n, err)
	}
	if _, _, err := s.SignIn(ctx, "admin", "right password 1", "10.6.6.6", at.Add(time.Millisecond)); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}

func TestLastAdminStays(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	a := indicators.User{Name: "admin", Role: indicators.Admin}
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), a, "right password 1", now); err != nil {
		t.Fatal(err)
	}
	a.Role = indicators.Viewer
	if err := s.UpdateUser(ctx, indicators.As("admin"), a, "", now); indicators.KindOf(err) != indicators.ErrConflict {
		t.Fatalf("last admin demoted: %v", err)
	}
}

func TestAuditLog(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), indicators.User{Name: "li.ming", Role: indicators.Editor,
		Units: []string{"sample-sci"}}, "correct horse battery", now); err != nil {
		t.Fatal(err)
	}
	o := indicators.Observation{Year: 2023, Value: 2.35, Qualifier: indicators.Exact, Status: indicators.Final, Source: "s", At: now}
	if res, err := put(ctx, s, indicators.As("li.ming"), "demo", "rd_intensity", o); err != nil || res.ID == 0 {
		t.Fatal(res, err)
	}
	es, err := s.Audit(ctx, indicators.AuditFilter{}, 10)
	if err != nil || len(es) != 4 {
		t.Fatalf("audit %+v %v", es, err)
	}
	e := es[0]
	if e.Actor != "li.ming" || e.Action != "import" || e.Entity != "observations" ||
		!strings.Contains(e.After, `"old":2.3,`) || !strings.Contains(e.After, `"new":2.35`) || !strings.Contains(e.After, `"indicator":"rd_intensity"`) {
		t.Fatalf("entry %+v", e)
	}
	if es[1].Entity != "user" || es[2].Entity != "dataset" || es[2].Actor != "seed" || es[3].Entity != "observations" {
		t.Fatalf("earlier entries %+v", es[1:])
	}
	// the log cannot be changed, even from inside
	for _, q := range []string{`UPDATE audit_log SET actor = 'x'`, `DELETE FROM audit_log`} {
		if _, err := s.db.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
	// a write that fails leaves no entry
	if res, err := put(ctx, s, indicators.As("li.ming"), "demo", "rd_intensity", indicators.Observation{Year: 1700, Qualifier: "exact", Status: "final"}); err != nil || res.OK() {
		t.Fatal("bad write accepted")
	}
	if es, _ := s.Audit(ctx, indicators.AuditFilter{}, 10); len(es) != 4 {
		t.Fatalf("failed write audited: %d entries", len(es))
	}
}

// A backup taken while values are being written opens on its own and holds
// every value committed before it.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	var wg sync.WaitGroup
	wg.Add(1)
	stop := make(chan struct{})
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			put(ctx, s, indicators.LocalActor("cli"), "demo", "hv_patents", indicators.Observation{Year: 2024, Value: float64(i + 1), Qualifier: "exact", Status: "final", At: now})
		}
	}()
	time.Sleep(50 * time.Millisecond)
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if err := s.Backup(ctx, path); err == nil {
		t.Fatal("backup overwrote a file")
	}
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	orig, _ := s.Dataset(ctx, "demo", "")
	copyD, err := b.Dataset(ctx, "demo", "")
	if err != nil {
		t.Fatal(err)
	}
	for code, obs := range seed.Demo().Observations {
		for _, o := range obs {
			found := false
			for _, c := range copyD.Observations[code] {
				found = found || (c.Year == o.Year && c.Value == o.Value)
			}
			if !found {
				t.Errorf("%s %d missing from the backup", code, o.Year)
			}
		}
	}
	n := len(copyD.Observations["hv_patents"])
	if n < 4 || n > len(orig.Observations["hv_patents"]) {
		t.Errorf("backup has %d hv_patents rows, live %d", n, len(orig.Observations["hv_patents"]))
	}
	var integrity string
	if err := b.read.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity %q %v", integrity, err)
	}
}

// A failed sign-in records at most maxLoggedInput characters of the name
// someone not signed in typed: three 900 KB names cannot flood the log.
func TestFailedSignInNamesAreCut(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	huge := strings.Repeat("管", 300_000) // 900 KB of UTF-8
	for i := range 3 {
		if _, _, err := s.SignIn(ctx, huge, "whatever it is", fmt.Sprintf("10.9.0.%d", i), now); indicators.KindOf(err) != indicators.ErrUnauthorized {
			t.Fatalf("sign-in with a huge name: %v", err)
		}
	}
	entries, err := s.Audit(ctx, indicators.AuditFilter{Action: "login_failed"}, 10)
	if err != nil || len(entries) != 3 {
		t.Fatalf("audit: %d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		if n := utf8.RuneCountInString(e.Actor); n > maxLoggedInput+1 || !strings.HasSuffix(e.Actor, "…") {
			t.Errorf("logged name of %d characters: %.80q", n, e.Actor)
		}
	}
	var longest int
	if err := s.read.QueryRowContext(ctx, `SELECT MAX(length(name)) FROM login_attempts`).Scan(&longest); err != nil || longest > maxLoggedInput+1 {
		t.Errorf("a sign-in attempt keeps a name of %d characters (%v)", longest, err)
	}
}

// Passwords are checked outside any transaction, and no more of them at
// once than the store has hashing slots: with every slot taken, a sign-in
// waits, and writes go on meanwhile.
func TestPasswordHashingHoldsNoLock(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), indicators.User{Name: "admin", Role: indicators.Admin}, "right password 1", now); err != nil {
		t.Fatal(err)
	}
	for range cap(s.hashing) { // every hashing slot taken, as by many sign-ins at once
		s.hashing <- struct{}{}
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := s.SignIn(ctx, "admin", "wrong password 1", "10.0.0.7", now)
		done <- err
	}()
	// a write made while that sign-in waits for its hash goes through: the
	// deadline only turns a deadlock into a failure
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := s.CreateUser(short, indicators.LocalActor("cli"), indicators.User{Name: "vera", Role: indicators.Viewer}, "right password 2", now); err == nil {
		t.Fatal("a new account needs a hash too, and every slot is taken: it should have waited")
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Touch(wctx, map[string]time.Time{"no-such-token": now}); err != nil {
		t.Fatalf("a write while a sign-in waits to hash: %v", err)
	}
	select {
	case err := <-done:
		t.Fatalf("the sign-in hashed with no slot free: %v", err)
	default:
	}
	for range cap(s.hashing) {
		s.releaseHashing()
	}
	if err := <-done; indicators.KindOf(err) != indicators.ErrUnauthorized {
		t.Fatalf("the sign-in, once a slot is free: %v", err)
	}
}

// Every committed write of data bumps the data version; sign-ins, session
// activity, dry runs and imports that change nothing leave it.
func TestDataVersion(t *testing.T) {
	ctx := context.Background()
	s := withDemo(t)
	version := func() int64 {
		t.Helper()
		v, err := s.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v := version()
	if err := s.CreateUser(ctx, indicators.LocalActor("cli"), indicators.User{Name: "admin", Role: indicators.Admin}, "right password 1", now); err != nil {
		t.Fatal(err)
	}
	if version() != v+1 {
		t.Fatalf("a new account: version %d after %d", version(), v)
	}
	v = version()
	token, _, err := s.SignIn(ctx, "admin", "right password 1", "10.0.0.1", now)
	if err != nil {
		t.Fatal(err)
	}
	s.SignIn(ctx, "admin", "wrong password 1", "10.0.0.2", now)
	s.Touch(ctx, map[string]time.Time{token: now.Add(time.Minute)})
	s.SignOut(ctx, token, now)
	rows := indicators.Rows([][]string{{"indicator", "year", "value", "source"}, {"rd_intensity", "2024", "2.41", "x"}})
	if _, err := s.ImportActuals(ctx, rows, indicators.ImportOptions{Actor: indicators.LocalActor("cli"), Plan: "demo", DryRun: true, Now: now}); err != nil {
		t.Fatal(err)
	}
	if version() != v {
		t.Fatalf("bookkeeping or a dry run bumped the version: %d after %d", version(), v)
	}
	rows = indicators.Rows([][]string{{"indicator", "year", "value", "source"}, {"rd_intensity", "2024", "2.41", "x"}})
	if _, err := s.ImportActuals(ctx, rows, indicators.ImportOptions{Actor: indicators.LocalActor("cli"), Plan: "demo", Now: now}); err != nil || version() != v+1 {
		t.Fatalf("an import: version %d after %d (%v)", version(), v, err)
	}
	rows = indicators.Rows([][]string{{"indicator", "year", "value", "source"}, {"rd_intensity", "2024", "2.41", "x"}})
	if _, err := s.ImportActuals(ctx, rows, indicators.ImportOptions{Actor: indicators.LocalActor("cli"), Plan: "demo", Now: now}); err != nil || version() != v+1 {
		t.Fatalf("an import that changes nothing: version %d after %d (%v)", version(), v+1, err)
	}
}
