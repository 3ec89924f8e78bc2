package testenv

import (
	"bytes"
	"sync"
)

// SafeBuffer is a bytes.Buffer that several goroutines may write and read
// at once, such as a protocol client's debug output, which go-imap writes
// from its reader and its writer goroutines both.
type SafeBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the buffer.
func (b *SafeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *SafeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
