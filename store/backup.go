package store

import (
	"context"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the live database to path (which must
// not exist) with VACUUM INTO: it reads one snapshot, so writes going on at
// the same time are either wholly in the copy or not at all. To restore,
// stop the server and put the copy in place of the database file (and
// remove its -wal and -shm files).
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	// The copy holds password hashes: readable by the owner only, from the
	// first byte (VACUUM INTO takes an empty file).
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	// On the write pool: the read pool is query-only, and VACUUM INTO writes a file.
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return err
	}
	return os.Chmod(path, 0o600)
}
