package imap

import (
	"fmt"
	"time"

	"github.com/tern-mail/tern/accounts"
)

// A connection waiting in IDLE hears nothing when the network under it
// dies without a word (a laptop carried to another Wi-Fi, a router that
// forgot it): reads wait without limit. So the worker ends IDLE every
// KeepAlive and asks NOOP with a short deadline; a server that does not
// answer in time has lost the connection, and the worker reconnects.
const (
	// DefaultKeepAlive is how often an idling worker checks its
	// connection: well under the 30 minutes after which servers may end
	// an idle one (RFC 2177 section 3) and under the few minutes home
	// routers keep a quiet connection in their tables.
	DefaultKeepAlive = 4 * time.Minute
	// DefaultNoopTimeout is how long the check waits for the server.
	DefaultNoopTimeout = 30 * time.Second
)

// keepAlive returns the interval between checks of an idling connection.
func (o Options) keepAlive() time.Duration {
	if o.KeepAlive > 0 {
		return min(o.KeepAlive, idleRestart)
	}
	return DefaultKeepAlive
}

// noopTimeout returns how long a check waits for the server.
func (o Options) noopTimeout() time.Duration {
	if o.NoopTimeout > 0 {
		return o.NoopTimeout
	}
	return DefaultNoopTimeout
}

// shortDeadline makes every read and write wait at most the NOOP timeout,
// until the function it returns puts the command timeout back. Called
// before a quiet read is woken (SetQuiet(false)), it bounds that read too.
func (c *Conn) shortDeadline() (restore func()) {
	c.raw.SetTimeout(c.opts.noopTimeout())
	return func() { c.raw.SetTimeout(c.opts.Command()) }
}

// check asks NOOP within the NOOP timeout: an error means the connection
// is dead. Whatever the server reports meanwhile (new mail) wakes the
// worker as usual.
func (c *Conn) check() error {
	restore := c.shortDeadline()
	defer restore()
	err := c.within(accounts.Budget{What: "NOOP", Bytes: accounts.DefaultUnsolicited}, func() error { return c.c.Noop().Wait() })
	if err != nil {
		return fmt.Errorf("imap: noop: %w", err)
	}
	return nil
}

// reconnect returns the worker's reconnect backoff.
func (o Options) reconnect() accounts.Backoff {
	if o.Reconnect.First > 0 {
		return o.Reconnect
	}
	return reconnectBackoff
}
