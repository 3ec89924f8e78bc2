package accounts

import (
	"net"
	"sync/atomic"
	"time"
)

// Defaults for Timeouts.
const (
	DefaultDialTimeout    = 15 * time.Second
	DefaultCommandTimeout = 60 * time.Second
)

// Timeouts bound a mail connection; zero values take the defaults.
type Timeouts struct {
	// DialTimeout bounds connecting, TLS and the greeting.
	DialTimeout time.Duration
	// CommandTimeout is how long a command may go without the server
	// sending anything before the connection is given up.
	CommandTimeout time.Duration
}

// Dial returns the dial timeout to use.
func (t Timeouts) Dial() time.Duration {
	if t.DialTimeout > 0 {
		return t.DialTimeout
	}
	return DefaultDialTimeout
}

// Command returns the command timeout to use.
func (t Timeouts) Command() time.Duration {
	if t.CommandTimeout > 0 {
		return t.CommandTimeout
	}
	return DefaultCommandTimeout
}

// DeadlineConn gives every read and write of a connection a deadline, so a
// server that stops answering cannot hang Tern. While quiet (waiting in
// IMAP IDLE, say) reads wait without limit. It is safe to change the
// timeout and the quiet mode while another goroutine reads.
type DeadlineConn struct {
	net.Conn
	timeout atomic.Int64 // nanoseconds
	quiet   atomic.Bool
}

// NewDeadlineConn wraps c with timeout d.
func NewDeadlineConn(c net.Conn, d time.Duration) *DeadlineConn {
	dc := &DeadlineConn{Conn: c}
	dc.SetTimeout(d)
	return dc
}

// SetTimeout changes the time each read and write may take.
func (c *DeadlineConn) SetTimeout(d time.Duration) { c.timeout.Store(int64(d)) }

// Read implements net.Conn with the deadline.
func (c *DeadlineConn) Read(p []byte) (int, error) {
	if c.quiet.Load() {
		c.Conn.SetReadDeadline(time.Time{})
	} else {
		c.Conn.SetReadDeadline(time.Now().Add(time.Duration(c.timeout.Load())))
	}
	return c.Conn.Read(p)
}

// Write implements net.Conn with the deadline.
func (c *DeadlineConn) Write(p []byte) (int, error) {
	c.Conn.SetWriteDeadline(time.Now().Add(time.Duration(c.timeout.Load())))
	return c.Conn.Write(p)
}

// SetQuiet switches between waiting without limit (true) and timing out
// reads that take longer than the timeout (false); it applies to a read
// already waiting too.
func (c *DeadlineConn) SetQuiet(q bool) {
	c.quiet.Store(q)
	if q {
		c.Conn.SetReadDeadline(time.Time{})
	} else {
		c.Conn.SetReadDeadline(time.Now().Add(time.Duration(c.timeout.Load())))
	}
}
