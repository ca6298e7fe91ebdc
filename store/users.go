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

	"golang.org/x/crypto/bcrypt"

	"plantrack/indicators"
)

// Sign-in throttling: failed attempts counted over ThrottleWindow.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxFailsPerAccount = 5
	MaxFailsPerAddress = 20
)

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
	err := tx.QueryRowContext(ctx, `SELECT id, name, role, disabled, password_hash FROM users WHERE `+where, arg).
		Scan(&id, &u.Name, &u.Role, &u.Disabled, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, u, "", indicators.NotFound("用户不存在", "no such user")
	}
	if err != nil {
		return 0, u, "", err
	}
	u.Departments, err = userDepartments(ctx, tx, id)
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
		did, err := departmentID(ctx, tx, c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_departments (user_id, department_id) VALUES (?, ?)`, uid, did); err != nil {
			return err
		}
	}
	return nil
}

// CreateUser adds an account with a bcrypt hash of password.
func (s *Store) CreateUser(ctx context.Context, actor string, u indicators.User, password string, now time.Time) error {
	es := u.Validate()
	if e := indicators.ValidatePassword(password); e != nil {
		es = append(es, e)
	}
	if len(es) > 0 {
		return es
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost())
	if err != nil {
		return indicators.Internal(err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, u.Name, u.Role, string(hash), boolInt(u.Disabled), now.UTC().Format(tsLayout))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return indicators.Conflict("用户“%s”已存在", "user %q already exists", u.Name)
		}
		uid, _ := res.LastInsertId()
		if err := setDepartments(ctx, tx, uid, u.Departments); err != nil {
			return err
		}
		return audit(ctx, tx, now, actor, "create", "user", u.Name, nil, u)
	})
}

// UpdateUser changes an account's role, departments and disabled flag, and
// its password when password is not empty. Disabling or changing a user
// ends their sessions.
func (s *Store) UpdateUser(ctx context.Context, actor string, u indicators.User, password string, now time.Time) error {
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
		if hash, err = bcrypt.GenerateFromPassword([]byte(password), s.cost()); err != nil {
			return indicators.Internal(err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
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
				return indicators.Conflict("不能取消最后一个管理员", "the last admin cannot be demoted or disabled")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, disabled = ? WHERE id = ?`, u.Role, boolInt(u.Disabled), uid); err != nil {
			return err
		}
		if hash != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, string(hash), uid); err != nil {
				return err
			}
		}
		if err := setDepartments(ctx, tx, uid, u.Departments); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, uid); err != nil {
			return err
		}
		after := struct {
			indicators.User
			PasswordChanged bool `json:",omitempty"`
		}{u, hash != nil}
		return audit(ctx, tx, now, actor, "update", "user", u.Name, before, after)
	})
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SignIn checks a name and password from address and, when they are right,
// opens a session and returns its token (for the cookie). Failed attempts
// are counted per account and per address; past the limits, sign-in is
// refused with KindTooMany until the window has passed, right password or not.
func (s *Store) SignIn(ctx context.Context, name, password, address string, now time.Time) (string, indicators.User, error) {
	name = strings.TrimSpace(name)
	var (
		token string
		user  indicators.User
	)
	since := now.Add(-ThrottleWindow).UTC().Format(tsLayout)
	var fails error
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var byName, byAddr int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_attempts WHERE name = ? AND at > ? AND ok = 0`, name, since).Scan(&byName); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_attempts WHERE address = ? AND at > ? AND ok = 0`, address, since).Scan(&byAddr); err != nil {
			return err
		}
		if byName >= MaxFailsPerAccount || byAddr >= MaxFailsPerAddress {
			fails = &indicators.Error{Kind: indicators.KindTooMany,
				Zh: "登录失败次数过多,请15分钟后再试", En: "Too many failed sign-ins: try again in 15 minutes"}
			return nil
		}
		uid, u, hash, err := loadUser(ctx, tx, "name = ?", name)
		ok := err == nil && !u.Disabled
		if err != nil && indicators.KindOf(err) != indicators.KindNotFound {
			return err
		}
		if !ok {
			hash = string(s.dummy())
		}
		if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
			ok = false
		}
		at := now.UTC().Format(tsLayout)
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (name, address, at, ok) VALUES (?, ?, ?, ?)`, name, address, at, boolInt(ok)); err != nil {
			return err
		}
		if !ok {
			// Committed on purpose: the failure must count towards the throttle.
			fails = indicators.Unauthorized("用户名或密码不正确", "wrong user name or password")
			return audit(ctx, tx, now, name, "login_failed", "session", address, nil, nil)
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
		user = u
		return audit(ctx, tx, now, u.Name, "login", "session", address, nil, nil)
	})
	if err != nil {
		return "", user, err
	}
	return token, user, fails
}

// Session returns the user of a session token, refusing one that has ended,
// been signed out, idled past the policy or outlived it. Activity is
// written at most once a minute, so reading pages does not queue on the writer.
func (s *Store) Session(ctx context.Context, token string, p indicators.SessionPolicy, now time.Time) (indicators.User, error) {
	var (
		u             indicators.User
		uid           int64
		created, seen string
		expired       = indicators.Unauthorized("登录已过期,请重新登录", "your session has ended: please sign in again")
	)
	if token == "" {
		return u, expired
	}
	h := hashToken(token)
	err := s.view(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?`, h).Scan(&uid, &created, &seen)
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
		return u, err
	}
	c, _ := time.Parse(time.RFC3339Nano, created)
	l, _ := time.Parse(time.RFC3339Nano, seen)
	if u.Disabled || now.Sub(c) > p.Absolute || now.Sub(l) > p.Idle {
		return indicators.User{}, expired
	}
	if now.Sub(l) > time.Minute {
		err = s.tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now.UTC().Format(tsLayout), h)
			return err
		})
	}
	return u, err
}

// SignOut ends a session.
func (s *Store) SignOut(ctx context.Context, token string, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
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
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?`,
			now.Add(-p.Absolute).UTC().Format(tsLayout), now.Add(-p.Idle).UTC().Format(tsLayout)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE at < ?`, now.Add(-ThrottleWindow).UTC().Format(tsLayout))
		return err
	})
}
