package accounts

import (
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// DeadlineConn is what every IMAP, POP3 and SMTP connection goes through.
// It gives every read and write a deadline, so a server that stops
// answering cannot hang Tern; while quiet (waiting in IDLE, say) reads wait
// without limit. Between Begin and the function it returns, a command's
// Budget applies on top: its total waiting time, the minimum rate of its
// answer, and the most the answer may hold. When one runs out the
// connection is closed, every read and write from then on fails with the
// *ServerError that says why, and Tripped returns it.
//
// The deadlines are the DeadlineConn's own: those a library sets through
// it (go-smtp's, go-imap's) are ignored. It is safe to use from several
// goroutines: the protocol library's reader, the code that sends
// commands, and the one that ends IDLE.
type DeadlineConn struct {
	net.Conn
	limits Limits

	mu      sync.Mutex
	timeout time.Duration // each read and write
	quiet   bool
	cmd     *command // the open command, or nil
	between int64    // bytes read while no command was open
	// reading is set while a read is under way; idleFrom is when it
	// began, or when its timeout was last changed.
	reading  bool
	idleFrom time.Time
	waiting  int // reads and writes under way
	// deadline is the read deadline set, and why the reason to trip
	// when it passes (0: the plain timeout, which trips nothing).
	deadline time.Time
	why      Misbehaviour
	tripped  *ServerError
	sending  bool // an SMTP connection: its errors speak of sending
}

// command is an open command's budget and what it has used.
type command struct {
	Budget
	clock   time.Duration // time spent waiting on the server
	mark    time.Time     // when clock was last brought up to date
	bytes   int64         // read so far
	samples []sample      // bytes moved within the last rate window
}

// sample is n bytes moved when the command had waited at.
type sample struct {
	at time.Duration
	n  int64
}

// NewDeadlineConn wraps c with timeout d for each read and write and the
// budgets of l.
func NewDeadlineConn(c net.Conn, d time.Duration, l Limits) *DeadlineConn {
	return &DeadlineConn{Conn: c, timeout: d, limits: l.resolved()}
}

// ForSending marks an SMTP connection: the errors of its budgets speak of
// the message being sent.
func (c *DeadlineConn) ForSending() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sending = true
}

// Limits returns the connection's limits, defaults filled in.
func (c *DeadlineConn) Limits() Limits { return c.limits }

// SetTimeout changes the time each read and write may take; a read under
// way gets it too, counted from now.
func (c *DeadlineConn) SetTimeout(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timeout = d
	if c.reading {
		now := time.Now()
		c.idleFrom = now
		c.armRead(now)
	}
}

// SetQuiet switches between waiting without limit (true) and timing out
// reads that take longer than the timeout (false); it applies to a read
// already waiting too.
func (c *DeadlineConn) SetQuiet(q bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	c.settle(now)
	c.quiet = q
	c.idleFrom = now
	if c.reading {
		c.armRead(now)
	}
}

// Begin opens a command with budget b (its Time zero: the limits'
// CommandTime); the function it returns closes it. A command opened
// before is closed by it: one command is open at a time.
func (c *DeadlineConn) Begin(b Budget) (end func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	c.settle(now)
	if b.Time <= 0 {
		b.Time = c.limits.CommandTime
	}
	cmd := &command{Budget: b, mark: now}
	c.cmd, c.between = cmd, 0
	if c.reading {
		c.armRead(now)
	}
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.cmd != cmd {
			return
		}
		now := time.Now()
		c.settle(now)
		c.cmd, c.between = nil, 0
		if c.reading {
			c.armRead(now)
		}
	}
}

// Trip cuts the connection off for k, as a budget running out does: for
// caps the protocol code counts itself (folders in a LIST, the size of a
// literal). The first trip is the one remembered.
func (c *DeadlineConn) Trip(k Misbehaviour, what string) *ServerError {
	c.mu.Lock()
	if c.tripped == nil {
		c.tripped = &ServerError{Kind: k, What: what, Sending: c.sending}
	}
	e := c.tripped
	c.mu.Unlock()
	c.Conn.Close()
	return e
}

// Tripped returns why the connection was cut off, or nil.
func (c *DeadlineConn) Tripped() *ServerError {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tripped
}

// Err returns why the connection was cut off when it was, else err: the
// protocol libraries turn the cut into an error of their own words.
func (c *DeadlineConn) Err(err error) error {
	if t := c.Tripped(); t != nil {
		return t
	}
	return err
}

// Read implements net.Conn within the deadline and the open command's
// budget.
func (c *DeadlineConn) Read(p []byte) (int, error) {
	if err := c.beginRead(); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(p)
	if t := c.endRead(n, err); t != nil {
		return 0, t
	}
	return n, err
}

func (c *DeadlineConn) beginRead() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tripped != nil {
		return c.tripped
	}
	now := time.Now()
	c.settle(now)
	c.waiting++
	c.reading, c.idleFrom = true, now
	c.armRead(now)
	return nil
}

// endRead counts a read's n bytes and returns the trip it caused, if
// any, having closed the connection.
func (c *DeadlineConn) endRead(n int, err error) *ServerError {
	c.mu.Lock()
	now := time.Now()
	c.settle(now)
	c.waiting--
	c.reading = false
	k := c.count(n)
	if k == 0 && err != nil && c.why != 0 && isTimeout(err) && !now.Before(c.deadline) {
		k = c.why
	}
	if k != 0 && c.tripped == nil {
		c.tripped = &ServerError{Kind: k, What: c.what(), Sending: c.sending}
	}
	t := c.tripped
	c.mu.Unlock()
	if t != nil {
		c.Conn.Close()
	}
	return t
}

// Write implements net.Conn within the deadline and the open command's
// total time.
func (c *DeadlineConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.tripped != nil {
		defer c.mu.Unlock()
		return 0, c.tripped
	}
	now := time.Now()
	c.settle(now)
	c.waiting++
	d, why := now.Add(c.timeout), Misbehaviour(0)
	if c.cmd != nil {
		if t := now.Add(c.cmd.Time - c.cmd.clock); t.Before(d) {
			d, why = t, TooLong
		}
	}
	c.Conn.SetWriteDeadline(d)
	c.mu.Unlock()

	n, err := c.Conn.Write(p)

	c.mu.Lock()
	now = time.Now()
	c.settle(now)
	c.waiting--
	if c.cmd != nil && n > 0 {
		c.cmd.add(int64(n), c.limits.RateWindow)
	}
	if err != nil && why != 0 && isTimeout(err) && !now.Before(d) && c.tripped == nil {
		c.tripped = &ServerError{Kind: why, What: c.what(), Sending: c.sending}
	}
	t := c.tripped
	c.mu.Unlock()
	if t != nil {
		c.Conn.Close()
		return n, t
	}
	return n, err
}

// SetDeadline ignores a deadline set from outside: the DeadlineConn sets
// its own.
func (c *DeadlineConn) SetDeadline(time.Time) error { return nil }

// SetReadDeadline ignores a deadline set from outside.
func (c *DeadlineConn) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline ignores a deadline set from outside.
func (c *DeadlineConn) SetWriteDeadline(time.Time) error { return nil }

// settle brings the open command's waiting time up to now: it grows only
// while a read or write is under way and the connection is not quiet.
func (c *DeadlineConn) settle(now time.Time) {
	if c.cmd == nil {
		return
	}
	if c.waiting > 0 && !c.quiet {
		c.cmd.clock += now.Sub(c.cmd.mark)
	}
	c.cmd.mark = now
}

// armRead sets the deadline of the read under way: the timeout, or the
// open command's total time or minimum rate when they end sooner.
func (c *DeadlineConn) armRead(now time.Time) {
	var d time.Time
	var why Misbehaviour
	if !c.quiet {
		d = c.idleFrom.Add(c.timeout)
		if c.cmd != nil {
			if t := now.Add(c.cmd.Time - c.cmd.clock); t.Before(d) {
				d, why = t, TooLong
			}
			if t := now.Add(c.cmd.rateLeft(c.limits)); !c.cmd.Sparse && t.Before(d) {
				d, why = t, Stalled
			}
		}
	}
	c.deadline, c.why = d, why
	c.Conn.SetReadDeadline(d)
}

// count adds n bytes read and returns the cap they broke, if any.
func (c *DeadlineConn) count(n int) Misbehaviour {
	if n <= 0 {
		return 0
	}
	if c.cmd == nil {
		c.between += int64(n)
		if c.between > c.limits.Unsolicited {
			return Flood
		}
		return 0
	}
	c.cmd.bytes += int64(n)
	c.cmd.add(int64(n), c.limits.RateWindow)
	if c.cmd.Bytes > 0 && c.cmd.bytes > c.cmd.Bytes {
		if c.cmd.Over != 0 {
			return c.cmd.Over
		}
		return Flood
	}
	return 0
}

// what names the open command, for the error.
func (c *DeadlineConn) what() string {
	if c.cmd == nil {
		return ""
	}
	return c.cmd.What
}

// add records n bytes moved now. Samples closer together than a
// sixteenth of the window are merged (into the later time, which only
// ever makes the rate look better), so a command keeps at most about 17.
func (cmd *command) add(n int64, window time.Duration) {
	if k := len(cmd.samples); k > 0 && cmd.clock-cmd.samples[k-1].at < window/16 {
		cmd.samples[k-1].n += n
		cmd.samples[k-1].at = cmd.clock
	} else {
		cmd.samples = append(cmd.samples, sample{at: cmd.clock, n: n})
	}
	i := 0
	for i < len(cmd.samples) && cmd.samples[i].at <= cmd.clock-window {
		i++
	}
	cmd.samples = cmd.samples[i:]
}

// rateLeft is how much longer the command may wait, receiving nothing,
// before the last window of its waiting holds less than the minimum: the
// first window ends after one window of waiting; after that, a window
// ends too poor once the newest samples that make up the minimum fall
// out of it.
func (cmd *command) rateLeft(l Limits) time.Duration {
	end := l.RateWindow
	var sum int64
	for i := len(cmd.samples) - 1; i >= 0; i-- {
		sum += cmd.samples[i].n
		if sum >= l.MinBytes {
			end = max(end, cmd.samples[i].at+l.RateWindow)
			break
		}
	}
	return end - cmd.clock
}

// isTimeout reports whether err is a deadline passing.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
