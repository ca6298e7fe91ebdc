package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3" // also the database/sql driver "sqlite3"

	"plantrack/indicators"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a plantrack database. It keeps two pools over the same file: one
// connection for writes, whose transactions take the write lock at BEGIN
// (_txlock=immediate) so that they queue rather than fail with "database is
// locked", and several read-only connections whose transactions start
// deferred, so that in WAL mode readers never wait for each other or for the
// writer. (mattn/go-sqlite3 ignores sql.TxOptions.ReadOnly, so an immediate
// read transaction would take the write lock too.)
type Store struct {
	db   *sql.DB // writes
	read *sql.DB // reads

	mu        sync.Mutex
	pwCost    int           // bcrypt work factor
	dummyHash []byte        // compared against for unknown names
	hashing   chan struct{} // a slot per password hash being made or checked

	reads, writes atomic.Int64 // transactions begun, for Stats

	defs    defsCache    // plans' definitions as last read
	version versionCache // the data version as last read
}

// Stats counts the transactions a store has begun.
type Stats struct {
	Reads, Writes int64
}

// Stats returns the transactions begun so far: how many reads a page costs
// is something a test can check.
func (s *Store) Stats() Stats { return Stats{Reads: s.reads.Load(), Writes: s.writes.Load()} }

// WriteWait is how long a write waits for the database's write lock while
// another process holds it before the user is told to try again. A large
// import from the command line holds the lock for its whole transaction
// (about 3 s a million rows on our machines; a file's rows are bounded,
// see the README's Limits); the wait stays under the server's 60 s write
// timeout.
const WriteWait = 45 * time.Second

// DSN returns the data source name of the write pool for the SQLite file at
// path, with the settings every pooled connection needs: a write waits up
// to wait for another process's lock.
func DSN(path string, wait time.Duration) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		fmt.Sprintf("?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=%d&_txlock=immediate&_synchronous=NORMAL", wait.Milliseconds())
}

// readDSN is the DSN of the read pool: the same settings, deferred
// transactions, and no writes at all.
func readDSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_txlock=deferred&_query_only=1"
}

// Open opens (creating if needed) the database at path and migrates it.
//
// The database holds password hashes: it is created readable by its owner
// only, and an older one found readable by others is made so (SQLite gives
// its -wal and -shm files the database's permissions).
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Options{})
}

// Options tune a store.
type Options struct {
	WriteWait time.Duration // WriteWait when zero
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, o Options) (*Store, error) {
	if o.WriteWait == 0 {
		o.WriteWait = WriteWait
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600); err == nil {
		f.Close() // an empty file is an empty database
	} else if err := os.Chmod(path, 0o600); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	db, err := sql.Open("sqlite3", DSN(path, o.WriteWait))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // SQLite has one writer at a time; queue in Go, not in busy loops
	// bcrypt takes a core for tens of milliseconds: at most one hash per core at a time.
	s := &Store{db: db, hashing: make(chan struct{}, max(1, runtime.NumCPU()))}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if s.read, err = sql.Open("sqlite3", readDSN(path)); err != nil {
		db.Close()
		return nil, err
	}
	if s.version.stmt, err = s.read.PrepareContext(ctx, `SELECT version FROM data_version WHERE id = 1`); err != nil {
		s.read.Close()
		db.Close()
		return nil, err
	}
	s.SetPasswordCost(bcryptCost)
	s.read.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	s.read.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.version.stmt != nil {
		s.version.stmt.Close()
	}
	return errors.Join(s.read.Close(), s.db.Close())
}

// Ping checks that the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// migrate applies the embedded migrations not yet applied, each in its own
// transaction, recording the version in PRAGMA user_version. Foreign keys
// are off while they run, as SQLite asks of a migration that rebuilds a
// table (dropping the old one must not cascade into its children), and
// checked before each commit: a migration that leaves a dangling reference
// fails and changes nothing.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	conn, err := s.db.Conn(ctx) // the pool's one connection, held for the whole migration
	if err != nil {
		return err
	}
	defer conn.Close()
	var have int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		if n <= have {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if err := migrateOne(ctx, conn, base, string(body), n); err != nil {
			return err
		}
		have = n
	}
	return nil
}

// migrateOne applies one migration in a transaction on conn.
func migrateOne(ctx context.Context, conn *sql.Conn, name, body string, version int) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	dangling := rows.Next()
	rows.Close()
	if dangling {
		return fmt.Errorf("%s: leaves a reference to a missing row", name)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return err
	}
	return tx.Commit()
}

// tx runs fn in one write transaction: commit on nil, rollback otherwise.
// A commit bumps the data version (see DataVersion) in the same
// transaction. Errors that are not domain errors are wrapped as internal.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	s.writes.Add(1)
	defer s.wrote() // after the commit, or the rollback: either way, read it again
	return inTx(ctx, s.db, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE data_version SET version = version + 1 WHERE id = 1`)
		return err
	})
}

// bookkeep is tx for writes no page shows (sessions, sign-in attempts):
// they leave the data version, so that signing in and browsing do not
// empty the page cache.
func (s *Store) bookkeep(ctx context.Context, fn func(*sql.Tx) error) error {
	s.writes.Add(1)
	return inTx(ctx, s.db, fn)
}

// DataVersion is the number of committed writes of data, from this
// process or any other on the same file: what a page shows depends on
// nothing else in the database, so a page rendered at one version may be
// served again until the version changes. A write through this store is
// seen by the very next call; another process's within VersionFresh,
// for which the answer is reused rather than read for every request.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	s.version.mu.Lock()
	defer s.version.mu.Unlock()
	if !s.version.at.IsZero() && time.Since(s.version.at) < VersionFresh {
		return s.version.v, nil
	}
	var v int64
	if err := s.version.stmt.QueryRowContext(ctx).Scan(&v); err != nil {
		return 0, failure(err)
	}
	s.version.v, s.version.at = v, time.Now()
	return v, nil
}

// VersionFresh is how long DataVersion reuses what it read: another
// process's write (a command-line import) shows on pages this much later
// at most.
const VersionFresh = 100 * time.Millisecond

// versionCache is the data version as last read.
type versionCache struct {
	mu   sync.Mutex
	stmt *sql.Stmt // prepared once on the read pool
	v    int64
	at   time.Time // zero: read it again
}

// wrote makes the next DataVersion read the version again.
func (s *Store) wrote() {
	s.version.mu.Lock()
	s.version.at = time.Time{}
	s.version.mu.Unlock()
}

// view runs fn in one read transaction, which sees one snapshot of the data.
func (s *Store) view(ctx context.Context, fn func(*sql.Tx) error) error {
	s.reads.Add(1)
	return inTx(ctx, s.read, fn)
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return failure(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		if errors.Is(err, errRollback) {
			return nil
		}
		var de *indicators.Error
		var des indicators.Errors
		if errors.As(err, &de) || errors.As(err, &des) {
			return err
		}
		return failure(err)
	}
	if err := tx.Commit(); err != nil {
		return failure(err)
	}
	return nil
}

// failure classifies an error from outside the domain: the database
// staying locked past the wait (another process writing, see WriteWait)
// is a busy server to retry, never "database is locked" for the user to
// read; anything else is internal.
func failure(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return indicators.Unavailable(err)
	}
	return indicators.Internal(err)
}

func nullFloat(p *float64) sql.NullFloat64 {
	if p == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *p, Valid: true}
}

func nullInt(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tsLayout stores times in UTC with a fixed width, so that they compare
// correctly as text in SQL; time.RFC3339Nano parses them back.
const tsLayout = "2006-01-02T15:04:05.000000Z"

// stamp formats a time for storage.
func stamp(t time.Time) string { return t.UTC().Format(tsLayout) }

// timeCol scans a stored time into *t: a value that is not a time is an
// error of the scan, never a silent zero time.
type timeCol struct{ t *time.Time }

// Scan reads the text of a time column.
func (c timeCol) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("store: a time column holds %T, not text", src)
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("store: stored time %q: %w", text, err)
	}
	*c.t = t
	return nil
}

// authorize returns the account actor acts with, as it stands inside tx:
// a write checks what the account may do in its own transaction, so a role
// taken away or an account disabled a moment ago counts. A local actor (the
// command line, the seed) acts as an administrator.
func authorize(ctx context.Context, tx *sql.Tx, actor indicators.Actor) (indicators.User, error) {
	if actor.Local {
		return actor.LocalUser(), nil
	}
	_, u, _, err := loadUser(ctx, tx, "name = ?", actor.Name)
	if indicators.KindOf(err) == indicators.ErrNotFound || (err == nil && u.Disabled) {
		return u, indicators.Forbidden()
	}
	return u, err
}

// authorizeAdmin returns the actor's account when it may administer.
func authorizeAdmin(ctx context.Context, tx *sql.Tx, actor indicators.Actor) (indicators.User, error) {
	u, err := authorize(ctx, tx, actor)
	if err == nil && !u.CanAdmin() {
		err = indicators.Forbidden()
	}
	return u, err
}
