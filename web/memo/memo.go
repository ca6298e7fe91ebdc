// Package memo keeps the results of expensive work in memory, bounded by
// count and by bytes, least recently used out first, and does each piece
// of work once however many ask for it at the same time: the others wait
// for the first and share its result. Pages, printed PDFs and such.
package memo

import (
	"container/list"
	"context"
	"sync"
)

// Cache is a bounded memo of V by K. The zero value is not usable: New.
type Cache[K comparable, V any] struct {
	mu       sync.Mutex
	max      int   // entries kept
	maxBytes int64 // their size together
	bytes    int64
	size     func(V) int64
	order    *list.List // most recent first; elements are *entry[K, V]
	byKey    map[K]*list.Element
	flying   map[K]*call[V]
}

type entry[K comparable, V any] struct {
	key  K
	val  V
	size int64
}

// call is work under way, which later askers wait for.
type call[V any] struct {
	done chan struct{}
	val  V
	keep bool
	err  error
}

// New makes a cache of at most max entries and maxBytes bytes, an entry's
// bytes being size(value).
func New[K comparable, V any](max int, maxBytes int64, size func(V) int64) *Cache[K, V] {
	return &Cache[K, V]{max: max, maxBytes: maxBytes, size: size, order: list.New(),
		byKey: map[K]*list.Element{}, flying: map[K]*call[V]{}}
}

// Get returns the value of key: kept, being made by another caller (waited
// for until ctx ends), or made by work now. work says whether its value
// may be kept; a failure is never kept, so the next asker tries again.
func (c *Cache[K, V]) Get(ctx context.Context, key K, work func() (V, bool, error)) (V, error) {
	c.mu.Lock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		c.mu.Unlock()
		return el.Value.(*entry[K, V]).val, nil
	}
	if p, ok := c.flying[key]; ok {
		c.mu.Unlock()
		select {
		case <-p.done:
			return p.val, p.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
	p := &call[V]{done: make(chan struct{})}
	c.flying[key] = p
	c.mu.Unlock()

	defer func() {
		c.mu.Lock()
		delete(c.flying, key)
		if p.err == nil && p.keep {
			c.add(key, p.val)
		}
		c.mu.Unlock()
		close(p.done)
	}()
	p.val, p.keep, p.err = work()
	return p.val, p.err
}

// Peek returns the value kept for key, without making it.
func (c *Cache[K, V]) Peek(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*entry[K, V]).val, true
	}
	var zero V
	return zero, false
}

// Clear forgets every value kept (work under way finishes and is kept).
func (c *Cache[K, V]) Clear() {
	c.mu.Lock()
	c.order.Init()
	clear(c.byKey)
	c.bytes = 0
	c.mu.Unlock()
}

// Len and Bytes are what the cache holds now.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// Bytes is the size of the values kept together.
func (c *Cache[K, V]) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// add keeps a value, dropping the least recent past the bounds; c.mu is held.
func (c *Cache[K, V]) add(key K, val V) {
	n := c.size(val)
	if n > c.maxBytes {
		return
	}
	if el, ok := c.byKey[key]; ok { // kept meanwhile (after a Clear, by a later call)
		c.order.Remove(el)
		c.bytes -= el.Value.(*entry[K, V]).size
	}
	c.byKey[key] = c.order.PushFront(&entry[K, V]{key: key, val: val, size: n})
	c.bytes += n
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		last := c.order.Back()
		old := last.Value.(*entry[K, V])
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.bytes -= old.size
	}
}
