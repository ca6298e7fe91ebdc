package app

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Twelve readers asking for the same report at once make one print; later
// readers get it from memory; another page prints anew; a failure is not
// kept; the cache stays within its bounds.
func TestPrintCache(t *testing.T) {
	c := newPrintCache()
	var prints atomic.Int32
	slow := func() ([]byte, error) {
		prints.Add(1)
		time.Sleep(100 * time.Millisecond)
		return []byte("%PDF-draft"), nil
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if b, err := c.get(ctx, []byte("<p>page</p>"), "header", slow); err != nil || string(b) != "%PDF-draft" {
				t.Errorf("%q %v", b, err)
			}
		}()
	}
	wg.Wait()
	if n := prints.Load(); n != 1 {
		t.Fatalf("12 readers made %d prints", n)
	}
	c.get(ctx, []byte("<p>page</p>"), "header", slow)
	c.get(ctx, []byte("<p>page, new data</p>"), "header", slow)
	if n := prints.Load(); n != 2 {
		t.Errorf("%d prints, want 2 (the second page only)", n)
	}
	fail := func() ([]byte, error) { prints.Add(1); return nil, errors.New("busy") }
	c.get(ctx, []byte("x"), "h", fail)
	if _, err := c.get(ctx, []byte("x"), "h", fail); err == nil || prints.Load() != 4 {
		t.Errorf("a failure was kept: %v, %d prints", err, prints.Load())
	}
	for i := range PrintCacheSize + 5 {
		c.get(ctx, []byte{byte(i)}, "many", func() ([]byte, error) { return make([]byte, 1<<20), nil })
	}
	if c.m.Len() > PrintCacheSize || c.m.Bytes() > PrintCacheBytes {
		t.Errorf("%d PDFs, %d bytes kept", c.m.Len(), c.m.Bytes())
	}
}
