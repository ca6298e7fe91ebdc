package memo

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

func TestOnceAndBounded(t *testing.T) {
	ctx := context.Background()
	c := New[string, []byte](3, 10, func(b []byte) int64 { return int64(len(b)) })
	var made atomic.Int64
	gate := make(chan struct{})
	mk := func(v string) func() ([]byte, bool, error) {
		return func() ([]byte, bool, error) { made.Add(1); <-gate; return []byte(v), true, nil }
	}
	// twelve at once: made once, all get it
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := c.Get(ctx, "a", mk("aa")); err != nil || string(v) != "aa" {
				t.Errorf("%q %v", v, err)
			}
		}()
	}
	for made.Load() == 0 {
		runtime.Gosched()
	}
	close(gate)
	wg.Wait()
	if made.Load() != 1 {
		t.Fatalf("made %d times", made.Load())
	}
	// bounded by count (3) and bytes (10): the least recent go first
	c.Get(ctx, "b", mk("bbb"))
	c.Get(ctx, "c", mk("ccc"))
	c.Get(ctx, "a", mk("??")) // a is used again: most recent
	c.Get(ctx, "d", mk("dddd"))
	if _, ok := c.Peek("b"); ok {
		t.Error("the least recent was kept past the bytes bound")
	}
	if _, ok := c.Peek("a"); !ok || c.Bytes() > 10 || c.Len() > 3 {
		t.Errorf("kept %d entries, %d bytes", c.Len(), c.Bytes())
	}
	c.Get(ctx, "huge", mk("01234567890"))
	if _, ok := c.Peek("huge"); ok {
		t.Error("a value over the whole bound was kept")
	}
	// failures and values not to keep are not kept
	n := made.Load()
	fail := func() ([]byte, bool, error) { made.Add(1); return nil, true, errors.New("no") }
	c.Get(ctx, "f", fail)
	c.Get(ctx, "f", fail)
	skip := func() ([]byte, bool, error) { made.Add(1); return []byte("s"), false, nil }
	c.Get(ctx, "s", skip)
	c.Get(ctx, "s", skip)
	if made.Load() != n+4 {
		t.Errorf("a failure or an unkept value was kept: %d", made.Load()-n)
	}
	c.Clear()
	if c.Len() != 0 || c.Bytes() != 0 {
		t.Error("clear left entries")
	}
}
