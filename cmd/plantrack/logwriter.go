package main

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// logWriter buffers the server's log: a line a request, thousands a second
// under load, would otherwise be a write system call each. It writes what
// it holds every logFlush, when it holds logBuffer bytes, at once for a
// warning or an error, and on Close.
type logWriter struct {
	mu   sync.Mutex
	out  io.Writer
	buf  bytes.Buffer
	stop chan struct{}
	done chan struct{}
}

const (
	logFlush  = 200 * time.Millisecond
	logBuffer = 64 << 10
)

func newLogWriter(out io.Writer) *logWriter {
	w := &logWriter{out: out, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(logFlush)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				w.mu.Lock()
				w.flush()
				w.mu.Unlock()
			}
		}
	}()
	return w
}

// Write takes one log record (slog writes a record a call).
func (w *logWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if w.buf.Len() >= logBuffer || bytes.Contains(p, []byte("level=WARN")) || bytes.Contains(p, []byte("level=ERROR")) {
		w.flush()
	}
	return len(p), nil
}

// flush writes what is held; w.mu is held.
func (w *logWriter) flush() {
	if w.buf.Len() > 0 {
		w.out.Write(w.buf.Bytes())
		w.buf.Reset()
	}
}

// Close writes what is held and stops the timer.
func (w *logWriter) Close() error {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flush()
	return nil
}
