package app

import (
	"context"
	"crypto/sha256"

	"plantrack/web/memo"
)

// printCache keeps the PDFs printed last, by what was printed (the page and
// its header), and prints one page once however many ask for it at the same
// time: twelve readers asking for a plan's draft make one print, and the
// thirteenth gets it from memory. A page's bytes say everything its PDF
// depends on (the data, the language, the day of a draft), so a change of
// data is a new page and never an old PDF.
type printCache struct {
	m *memo.Cache[[32]byte, []byte]
}

// PrintCacheSize and PrintCacheBytes bound the cache: a few reports of a few MB.
const (
	PrintCacheSize  = 16
	PrintCacheBytes = 64 << 20
)

func newPrintCache() *printCache {
	return &printCache{m: memo.New[[32]byte](PrintCacheSize, PrintCacheBytes, func(b []byte) int64 { return int64(len(b)) })}
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
	return c.m.Get(ctx, cacheKey(page, header), func() ([]byte, bool, error) {
		b, err := print()
		return b, true, err
	})
}
