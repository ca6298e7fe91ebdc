package app

import (
	"context"
	"sync"
	"time"
)

// activityFlush is how often sessions' activity is written. Pages never
// write it themselves: a page view must not wait for the database's write
// lock (a large import on the command line may hold it for seconds) for
// bookkeeping, and one transaction for every active session is cheaper
// than one per page.
const activityFlush = 2 * time.Second

// activity is the sessions' activity not yet written, by token. The
// session check reads it too, so a write that is late, or fails and is
// retried, never makes an active user look idle.
type activity struct {
	mu       sync.Mutex
	seen     map[string]time.Time
	flushing map[string]time.Time // being written now; still counted
	stop     chan struct{}
	done     chan struct{}
	once     sync.Once
}

func newActivity(a *App) *activity {
	ac := &activity{seen: map[string]time.Time{}, stop: make(chan struct{}), done: make(chan struct{})}
	go ac.run(a)
	return ac
}

// note records that token was active at t.
func (ac *activity) note(token string, t time.Time) {
	ac.mu.Lock()
	if t.After(ac.seen[token]) {
		ac.seen[token] = t
	}
	ac.mu.Unlock()
}

// latest is the activity of token not yet written; zero when none.
func (ac *activity) latest(token string) time.Time {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	t := ac.seen[token]
	if f := ac.flushing[token]; f.After(t) {
		t = f
	}
	return t
}

func (ac *activity) run(a *App) {
	defer close(ac.done)
	t := time.NewTicker(activityFlush)
	defer t.Stop()
	for {
		select {
		case <-ac.stop:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			ac.flush(ctx, a)
			cancel()
			return
		case <-t.C:
			ac.flush(context.Background(), a)
		}
	}
}

// flush writes what is pending in one transaction. On failure the times go
// back into the map, unless newer ones arrived meanwhile, for the next try.
func (ac *activity) flush(ctx context.Context, a *App) {
	ac.mu.Lock()
	batch := ac.seen
	ac.seen, ac.flushing = map[string]time.Time{}, batch
	ac.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	err := a.store.Touch(ctx, batch)
	if err != nil {
		a.log.Warn("sessions' activity not recorded yet; will retry", "sessions", len(batch), "err", err)
	}
	ac.mu.Lock()
	ac.flushing = nil
	if err != nil {
		for token, t := range batch {
			if t.After(ac.seen[token]) {
				ac.seen[token] = t
			}
		}
	}
	ac.mu.Unlock()
}

// close writes what is pending and stops.
func (ac *activity) close() {
	ac.once.Do(func() { close(ac.stop) })
	<-ac.done
}
