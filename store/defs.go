package store

import (
	"context"
	"database/sql"
	"slices"
	"sync"

	"plantrack/indicators"
)

// defsCache keeps the definitions (sections and indicators) of the plans
// read last, for the definitions version they were read at: definitions
// change rarely, values often, and a plan's page needs both. Triggers bump
// the version on any change to plans, sections, indicators, interim targets
// or departments, whoever makes it (migration 010), and a read sees the
// version of its own snapshot, so what is reused is what the read would
// have found. Only whole plans are kept, at most defsCachePlans of them.
type defsCache struct {
	mu      sync.Mutex
	version int64
	plans   map[int64]planDefs
}

// planDefs is a plan's definitions as read: never changed once kept.
type planDefs struct {
	d    indicators.Dataset // sections and indicators only
	refs map[int64]indicatorRef
}

// defsCachePlans bounds the cache: a city's plans, not a benchmark's thousands.
const defsCachePlans = 64

// plan is loadDefinitions of one whole plan, from the cache when it is
// current. The datasets returned are the caller's, with slices of their
// own; their indicators share baselines and interim targets with the
// cache, which no caller changes. refs is shared and only read.
func (c *defsCache) plan(ctx context.Context, tx *sql.Tx, pid int64) (map[int64]indicators.Dataset, map[int64]indicatorRef, error) {
	var v int64
	if err := tx.QueryRowContext(ctx, `SELECT definitions FROM data_version WHERE id = 1`).Scan(&v); err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	pd, ok := c.plans[pid]
	ok = ok && c.version == v
	c.mu.Unlock()
	if !ok {
		all, refs, err := readDefinitions(ctx, tx, pid, "")
		if err != nil {
			return nil, nil, err
		}
		pd = planDefs{d: all[pid], refs: refs}
		c.mu.Lock()
		if v > c.version || c.plans == nil || len(c.plans) >= defsCachePlans {
			c.version, c.plans = max(v, c.version), map[int64]planDefs{}
		}
		if v == c.version {
			c.plans[pid] = pd
		}
		c.mu.Unlock()
	}
	d := indicators.Dataset{Sections: slices.Clone(pd.d.Sections), Indicators: slices.Clone(pd.d.Indicators),
		Observations: map[string][]indicators.Observation{}}
	return map[int64]indicators.Dataset{pid: d}, pd.refs, nil
}
