package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"plantrack/indicators"
)

// row scans result rows into one any a column, database/sql's fastest
// path (no reflection, no conversion), for the queries that read many rows;
// its accessors convert each value as the driver gave it.
type row struct {
	vals []any
	ptrs []any
	err  error // the first conversion that failed
}

func newRow(columns int) *row {
	r := &row{vals: make([]any, columns), ptrs: make([]any, columns)}
	for i := range r.vals {
		r.ptrs[i] = &r.vals[i]
	}
	return r
}

func (r *row) scan(rows *sql.Rows) error {
	if err := rows.Scan(r.ptrs...); err != nil {
		return err
	}
	return r.err
}

func (r *row) fail(i int, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("store: column %d holds %T, not %s", i, r.vals[i], want)
	}
}

func (r *row) int(i int) int64 {
	switch v := r.vals[i].(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	case bool:
		if v {
			return 1
		}
		return 0
	case nil:
		return 0
	}
	r.fail(i, "an integer")
	return 0
}

func (r *row) float(i int) float64 {
	switch v := r.vals[i].(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	case nil:
		return 0
	}
	r.fail(i, "a number")
	return 0
}

// floatPtr is a nullable number: nil for NULL.
func (r *row) floatPtr(i int) *float64 {
	if r.vals[i] == nil {
		return nil
	}
	f := r.float(i)
	return &f
}

func (r *row) str(i int) string {
	switch v := r.vals[i].(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case nil:
		return ""
	}
	r.fail(i, "text")
	return ""
}

func (r *row) bool(i int) bool { return r.int(i) != 0 }

// stamps parses stored times, each distinct one once: the rows of one
// import or one form share theirs.
type stamps map[string]time.Time

func (s stamps) parse(r *row, i int) time.Time {
	text := r.str(i)
	if t, ok := s[text]; ok {
		return t
	}
	var t time.Time
	if err := (timeCol{&t}).Scan(text); err != nil && r.err == nil {
		r.err = err
	}
	s[text] = t
	return t
}

// obsPacked is the SQL of an observation's small fields in one integer,
// for the reads of many values (unpackObservation takes it apart):
//
//	bits 0-1   qualifier (exact, lower_bound, upper_bound, estimate)
//	bit 2      final
//	bit 3      break
//	bits 4-11  decimals + 1 (0 for none recorded), at most 255
//	bits 12-35 revision
//	bits 36-   year
const obsPacked = `((o.year << 36) | (o.revision << 12) | (MIN(MAX(o.decimals + 1, 0), 255) << 4) | ((o.brk != 0) << 3)
	| ((o.status = 'final') << 2)
	| CASE o.qualifier WHEN 'exact' THEN 0 WHEN 'lower_bound' THEN 1 WHEN 'upper_bound' THEN 2 ELSE 3 END)`

// qualifiers are the qualifiers by their number in obsPacked.
var qualifiers = [4]indicators.Qualifier{indicators.Exact, indicators.LowerBound, indicators.UpperBound, indicators.Estimate}

// unpackObservation is the observation of an obsPacked number.
func unpackObservation(m int64) indicators.Observation {
	o := indicators.Observation{Year: int(m >> 36), Revision: int(m >> 12 & (1<<24 - 1)), Decimals: int(m>>4&0xff) - 1,
		Break: m&8 != 0, Qualifier: qualifiers[m&3], Status: indicators.Preliminary}
	if m&4 != 0 {
		o.Status = indicators.Final
	}
	return o
}

// recorded is who wrote an import's values, and when.
type recorded struct {
	actor string
	at    time.Time
}

// recorders reads imports' actor and time, each once: the values of an
// import were recorded by its actor at its time (the writer stamps both
// from the same options).
type recorders struct {
	ctx   context.Context
	tx    *sql.Tx
	stmt  *sql.Stmt
	at    stamps
	known map[int64]recorded
}

func (b *recorders) of(id int64) (recorded, error) {
	if w, ok := b.known[id]; ok {
		return w, nil
	}
	if b.stmt == nil {
		var err error
		if b.stmt, err = b.tx.PrepareContext(b.ctx, `SELECT actor, at FROM imports WHERE id = ?`); err != nil {
			return recorded{}, err
		}
	}
	r := newRow(2)
	rows, err := b.stmt.QueryContext(b.ctx, id)
	if err != nil {
		return recorded{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return recorded{}, err
		}
		return recorded{}, fmt.Errorf("store: import %d of a stored value is missing", id)
	}
	if err := r.scan(rows); err != nil {
		return recorded{}, err
	}
	w := recorded{actor: r.str(0), at: b.at.parse(r, 1)}
	if r.err != nil {
		return recorded{}, r.err
	}
	b.known[id] = w
	return w, nil
}

func (b *recorders) close() {
	if b.stmt != nil {
		b.stmt.Close()
	}
}
