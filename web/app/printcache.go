package app

import (
	"container/list"
	"context"
	"crypto/sha256"
	"sync"
)

// printCache keeps the PDFs printed last, by what was printed (the page and
// its header), and prints one page once however many ask for it at the same
// time: twelve readers asking for a plan's draft make one print, and the
// thirteenth gets it from memory. A page's bytes say everything its PDF
// depends on (the data, the language, the day of a draft), so a change of
// data is a new page and never an old PDF.
type printCache struct {
	mu       sync.Mutex
	max      int   // PDFs kept
	maxBytes int64 // their size together
	bytes    int64
	order    *list.List // most recent first; elements are *printed
	byKey    map[[32]byte]*list.Element
	flying   map[[32]byte]*printing
}

type printed struct {
	key [32]byte
	pdf []byte
}

// printing is a print under way, which later askers wait for.
type printing struct {
	done chan struct{}
	pdf  []byte
	err  error
}

// PrintCacheSize and PrintCacheBytes bound the cache: a few reports of a few MB.
const (
	PrintCacheSize  = 16
	PrintCacheBytes = 64 << 20
)

func newPrintCache() *printCache {
	return &printCache{max: PrintCacheSize, maxBytes: PrintCacheBytes, order: list.New(),
		byKey: map[[32]byte]*list.Element{}, flying: map[[32]byte]*printing{}}
}

func cacheKey(page []byte, header string) [32]byte {
	h := sha256.New()
	h.Write(page)
	h.Write([]byte{0})
	h.Write([]byte(header))
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// get returns the PDF of page and header: from the cache, from a print
// already under way, or from print, which it then keeps. A failed print is
// not kept: the next asker tries again.
func (c *printCache) get(ctx context.Context, page []byte, header string, print func() ([]byte, error)) ([]byte, error) {
	key := cacheKey(page, header)
	c.mu.Lock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		c.mu.Unlock()
		return el.Value.(*printed).pdf, nil
	}
	if p, ok := c.flying[key]; ok {
		c.mu.Unlock()
		select {
		case <-p.done:
			return p.pdf, p.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	p := &printing{done: make(chan struct{})}
	c.flying[key] = p
	c.mu.Unlock()

	p.pdf, p.err = print()
	c.mu.Lock()
	delete(c.flying, key)
	if p.err == nil {
		c.keep(key, p.pdf)
	}
	c.mu.Unlock()
	close(p.done)
	return p.pdf, p.err
}

// keep adds a PDF, dropping the least recent past the bounds; c.mu is held.
func (c *printCache) keep(key [32]byte, pdf []byte) {
	if int64(len(pdf)) > c.maxBytes {
		return
	}
	c.byKey[key] = c.order.PushFront(&printed{key: key, pdf: pdf})
	c.bytes += int64(len(pdf))
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		last := c.order.Back()
		old := last.Value.(*printed)
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.bytes -= int64(len(old.pdf))
	}
}
