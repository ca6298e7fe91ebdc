package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"plantrack/indicators"
)

// Sign-in throttling (README, "Signing in"): failed attempts counted over
// ThrottleWindow slow down further attempts with growing delays, never
// lock an account. A pair of account and address gets FreePairFails
// attempts, then waits 1 s, 2 s, 4 s … at most MaxDelay after each
// failure. An address the account has signed in from before (a known
// address) answers to that pair's delays only; from other addresses the
// account's failures anywhere (FreeAccountFails) and the address's
// failures on any account (FreeAddressFails) add delays too. Nobody can
// lock an owner out from the owner's own machine, and a guesser gets a
// few attempts a minute.
const (
	ThrottleWindow   = 15 * time.Minute
	FreePairFails    = 5
	FreeAccountFails = 10
	FreeAddressFails = 20
	MaxDelay         = time.Minute
	KnownFor         = 90 * 24 * time.Hour
)

// throttleDelay is the wait after the last of fails failures, free of them free.
func throttleDelay(fails, free int) time.Duration {
	if fails < free {
		return 0
	}
	return min(time.Second<<min(fails-free, 6), MaxDelay)
}

// bcryptCost is bcrypt's work factor: about 50 ms a check on this hardware.
const bcryptCost = bcrypt.DefaultCost

// SetPasswordCost sets the bcrypt work factor of new password hashes. Only
// tests lower it (bcrypt.MinCost), because the race detector makes each
// hash take seconds; the default is bcrypt.DefaultCost.
func (s *Store) SetPasswordCost(cost int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pwCost, s.dummyHash = cost, nil
}

func (s *Store) cost() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pwCost
}

// dummy is a hash to compare against when the account does not exist, so
// that a wrong name costs as much time as a wrong password. Made on first
// use: a hash takes a while, and most stores never need one.
func (s *Store) dummy() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dummyHash == nil {
		s.dummyHash, _ = bcrypt.GenerateFromPassword([]byte("plantrack-no-such-user"), s.pwCost)
	}
	return s.dummyHash
}

func userDepartments(ctx context.Context, tx *sql.Tx, uid int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT d.code FROM user_departments ud JOIN departments d ON d.id = ud.department_id
		WHERE ud.user_id = ? ORDER BY d.code`, uid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func loadUser(ctx context.Context, tx *sql.Tx, where string, arg any) (int64, indicators.User, string, error) {
	var (
		id   int64
		u    indicators.User
		hash string
	)
	err := tx.QueryRowContext(ctx, `SELECT id, name, display_name, role, disabled, password_hash FROM users WHERE `+where, arg).
		Scan(&id, &u.Name, &u.DisplayName, &u.Role, &u.Disabled, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, u, "", indicators.NotFound("err.user.notFound")
	}
	if err != nil {
		return 0, u, "", err
	}
	if u.Units, err = userDepartments(ctx, tx, id); err != nil {
		return id, u, hash, err
	}
	if u.Role == indicators.Editor || u.Role == indicators.Reviewer {
		u.Scope, err = scope(ctx, tx, u.Units)
	}
	return id, u, hash, err
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]indicators.User, error) {
	var out []indicators.User
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM users ORDER BY name`)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			_, u, _, err := loadUser(ctx, tx, "id = ?", id)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return nil
	})
	return out, err
}

// User returns one account.
func (s *Store) User(ctx context.Context, name string) (indicators.User, error) {
	var u indicators.User
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		_, u, _, err = loadUser(ctx, tx, "name = ?", name)
		return err
	})
	return u, err
}

// HasAdmin reports whether any enabled admin exists.
func (s *Store) HasAdmin(ctx context.Context) (bool, error) {
	var n int
	err := s.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0`).Scan(&n)
	})
	return n > 0, err
}

func setDepartments(ctx context.Context, tx *sql.Tx, uid int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_departments WHERE user_id = ?`, uid); err != nil {
		return err
	}
	for _, c := range codes {
		did, err := unitID(ctx, tx, c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_departments (user_id, department_id) VALUES (?, ?)`, uid, did); err != nil {
			return err
		}
	}
	return nil
}

// CreateUser adds an account with a bcrypt hash of password, for an administrator.
func (s *Store) CreateUser(ctx context.Context, actor indicators.Actor, u indicators.User, password string, now time.Time) error {
	es := u.Validate()
	if e := indicators.ValidatePassword(password); e != nil {
		es = append(es, e)
	}
	if len(es) > 0 {
		return es
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, display_name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, u.Name, u.DisplayName, u.Role, string(hash), boolInt(u.Disabled), stamp(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return indicators.Conflict("err.user.exists", u.Name)
		}
		uid, _ := res.LastInsertId()
		if err := setDepartments(ctx, tx, uid, u.Units); err != nil {
			return err
		}
		return audit(ctx, tx, now, actor.Name, "create", "user", u.Name, nil, u)
	})
}

// UpdateUser changes an account's role, departments and disabled flag, and
// its password when password is not empty, for an administrator. Disabling
// or changing a user ends their sessions.
func (s *Store) UpdateUser(ctx context.Context, actor indicators.Actor, u indicators.User, password string, now time.Time) error {
	es := u.Validate()
	if password != "" {
		if e := indicators.ValidatePassword(password); e != nil {
			es = append(es, e)
		}
	}
	if len(es) > 0 {
		return es
	}
	var hash []byte
	if password != "" {
		var err error
		if hash, err = s.hash(ctx, password); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		uid, before, _, err := loadUser(ctx, tx, "name = ?", u.Name)
		if err != nil {
			return err
		}
		if before.Role == indicators.Admin && (u.Role != indicators.Admin || u.Disabled) {
			var others int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?`, uid).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return indicators.Conflict("err.user.lastAdmin")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET display_name = ?, role = ?, disabled = ? WHERE id = ?`,
			u.DisplayName, u.Role, boolInt(u.Disabled), uid); err != nil {
			return err
		}
		if hash != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, string(hash), uid); err != nil {
				return err
			}
		}
		if err := setDepartments(ctx, tx, uid, u.Units); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, uid); err != nil {
			return err
		}
		after := struct {
			indicators.User
			PasswordChanged bool `json:",omitempty"`
		}{u, hash != nil}
		return audit(ctx, tx, now, actor.Name, "update", "user", u.Name, before, after)
	})
}

// hash makes a bcrypt hash of password, waiting for a free hashing slot.
func (s *Store) hash(ctx context.Context, password string) ([]byte, error) {
	if err := s.acquireHashing(ctx); err != nil {
		return nil, err
	}
	defer s.releaseHashing()
	h, err := bcrypt.GenerateFromPassword([]byte(password), s.cost())
	if err != nil {
		return nil, indicators.Internal(err)
	}
	return h, nil
}

// checkPassword compares password with a bcrypt hash, waiting for a free
// hashing slot: bcrypt takes tens of milliseconds of a core by design, so
// a flood of sign-ins must queue rather than take every core.
func (s *Store) checkPassword(ctx context.Context, hash []byte, password string) (bool, error) {
	if err := s.acquireHashing(ctx); err != nil {
		return false, err
	}
	defer s.releaseHashing()
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil, nil
}

func (s *Store) acquireHashing(ctx context.Context) error {
	select {
	case s.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Store) releaseHashing() { <-s.hashing }

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SignIn checks a name and password from address and, when they are right,
// opens a session and returns its token (for the cookie). Failed attempts
// are counted per account and per address; past the limits, sign-in is
// refused with ErrTooMany until the window has passed, right password or
// not. The password is checked outside any transaction: bcrypt is slow on
// purpose, and the write lock must not wait for it.
func (s *Store) SignIn(ctx context.Context, name, password, address string, now time.Time) (string, indicators.User, error) {
	name = strings.TrimSpace(name)
	since := stamp(now.Add(-ThrottleWindow))
	key := attemptKey(name) // names sign in whatever their case: they are counted so
	var (
		uid      int64
		u        indicators.User
		hash     string
		known    bool
		throttle bool
	)
	var wait time.Duration
	err := s.view(ctx, func(tx *sql.Tx) error {
		// how long after its last failure each count makes the next attempt wait
		failures := func(where string, free int, args ...any) error {
			var n int
			var last sql.NullString
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MAX(at) FROM login_attempts WHERE `+where+` AND at > ? AND ok = 0`,
				append(args, since)...).Scan(&n, &last); err != nil {
				return err
			}
			if d := throttleDelay(n, free); d > 0 && last.Valid {
				var at time.Time
				if err := (timeCol{&at}).Scan(last.String); err != nil {
					return err
				}
				wait = max(wait, at.Add(d).Sub(now))
			}
			return nil
		}
		if err := failures("name = ? AND address = ?", FreePairFails, key, address); err != nil {
			return err
		}
		var knownAddr bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM login_attempts WHERE name = ?
			AND address = ? AND ok = 1 AND at > ?)`, key, address, stamp(now.Add(-KnownFor))).Scan(&knownAddr); err != nil {
			return err
		}
		if !knownAddr {
			if err := failures("name = ?", FreeAccountFails, key); err != nil {
				return err
			}
			if err := failures("address = ?", FreeAddressFails, address); err != nil {
				return err
			}
		}
		if wait > 0 {
			throttle = true
			return nil
		}
		var err error
		uid, u, hash, err = loadUser(ctx, tx, "name = ?", name)
		known = err == nil && !u.Disabled
		if indicators.KindOf(err) == indicators.ErrNotFound {
			err = nil
		}
		return err
	})
	if err != nil {
		return "", indicators.User{}, err
	}
	if throttle {
		return "", indicators.User{}, indicators.TooMany("err.signin.wait", int(wait.Seconds()+0.999))
	}
	if !known {
		hash = string(s.dummy()) // a wrong name costs as much as a wrong password
	}
	ok, err := s.checkPassword(ctx, []byte(hash), password)
	if err != nil {
		return "", indicators.User{}, err
	}
	ok = ok && known
	var token string
	err = s.bookkeep(ctx, func(tx *sql.Tx) error {
		at := stamp(now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (name, address, at, ok) VALUES (?, ?, ?, ?)`,
			key, address, at, boolInt(ok)); err != nil {
			return err
		}
		if !ok {
			return audit(ctx, tx, now, truncate(name, maxLoggedInput), "login_failed", "session", address, nil, nil)
		}
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return err
		}
		token = base64.RawURLEncoding.EncodeToString(raw)
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)`,
			hashToken(token), uid, at, at); err != nil {
			return err
		}
		return audit(ctx, tx, now, u.Name, "login", "session", address, nil, nil)
	})
	switch {
	case err != nil:
		return "", indicators.User{}, err
	case !ok:
		return "", indicators.User{}, indicators.Unauthorized("err.signin.wrong")
	}
	return token, u, nil
}

// attemptKey is how sign-in attempts record a name: lower case, cut to
// what is logged.
func attemptKey(name string) string { return strings.ToLower(truncate(name, maxLoggedInput)) }

// maxLoggedInput bounds what is recorded of input from someone not signed
// in (a failed sign-in's name), so that nobody can flood the audit log.
const maxLoggedInput = 64

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Session returns the user of a session token and when the session was
// last seen, refusing one that has ended, been signed out, idled past the
// policy or outlived it. active is activity the caller knows of and has
// not written yet (zero when none). It only reads; Touch records activity.
func (s *Store) Session(ctx context.Context, token string, p indicators.SessionPolicy, now, active time.Time) (indicators.User, time.Time, error) {
	var (
		u             indicators.User
		uid           int64
		created, seen time.Time
		expired       = indicators.Unauthorized("err.session.ended")
	)
	if token == "" {
		return u, seen, expired
	}
	err := s.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?`,
			hashToken(token)).Scan(&uid, timeCol{&created}, timeCol{&seen})
		if errors.Is(err, sql.ErrNoRows) {
			return expired
		}
		if err != nil {
			return err
		}
		_, u, _, err = loadUser(ctx, tx, "id = ?", uid)
		return err
	})
	if err != nil {
		return u, seen, err
	}
	if active.After(seen) {
		seen = active
	}
	if u.Disabled || now.Sub(created) > p.Absolute || now.Sub(seen) > p.Idle {
		return indicators.User{}, seen, expired
	}
	return u, seen, nil
}

// Touch records when sessions were last active, by token, in one
// transaction; a time earlier than the one stored leaves it. It is
// bookkeeping: a caller that fails to touch logs it and carries on, the
// users still signed in.
func (s *Store) Touch(ctx context.Context, seen map[string]time.Time) error {
	return s.bookkeep(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2 AND last_seen_at < ?1`)
		if err != nil {
			return err
		}
		defer st.Close()
		for token, t := range seen {
			if _, err := st.ExecContext(ctx, stamp(t), hashToken(token)); err != nil {
				return err
			}
		}
		return nil
	})
}

// SignOut ends a session.
func (s *Store) SignOut(ctx context.Context, token string, now time.Time) error {
	return s.bookkeep(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hashToken(token)).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
			return err
		}
		return audit(ctx, tx, now, name, "logout", "session", "", nil, nil)
	})
}

// PurgeExpired deletes sessions past the policy and sign-in attempts past
// the throttle window.
func (s *Store) PurgeExpired(ctx context.Context, p indicators.SessionPolicy, now time.Time) error {
	return s.bookkeep(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?`,
			stamp(now.Add(-p.Absolute)), stamp(now.Add(-p.Idle))); err != nil {
			return err
		}
		// failures count for the window; a success names a known address for longer
		_, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE (ok = 0 AND at < ?) OR at < ?`,
			stamp(now.Add(-ThrottleWindow)), stamp(now.Add(-KnownFor)))
		return err
	})
}

// Unlock forgets an account's failed sign-ins, so that its delays end now:
// plantrack user unlock, for an administrator on the server's machine.
func (s *Store) Unlock(ctx context.Context, actor indicators.Actor, name string, now time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := authorizeAdmin(ctx, tx, actor); err != nil {
			return err
		}
		if _, _, _, err := loadUser(ctx, tx, "name = ?", name); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE name = ? AND ok = 0`, attemptKey(name))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return audit(ctx, tx, now, actor.Name, "unlock", "user", name, nil, map[string]any{"failures": n})
	})
	return int(n), err
}
