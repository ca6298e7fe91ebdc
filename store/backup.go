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
	// On the write pool: the read pool is query-only, and VACUUM INTO writes a file.
	_, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}
