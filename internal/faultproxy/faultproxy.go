// Package faultproxy is a TCP proxy for tests that breaks the network on
// demand, the ways a laptop's network breaks: it passes traffic through,
// stalls it (holding the bytes back until it passes again), holds back
// only the server's replies, drops it into a black hole (the bytes vanish
// and the connection is never closed, so no reset tells either side),
// refuses new connections, or cuts a connection after so many bytes.
//
// Tests wait on what reached the proxy (Wait with a condition on Stats:
// connections accepted, bytes seen each way), never on a timer.
package faultproxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
)

// Mode is what the proxy does with one direction's bytes.
type Mode int

// The modes.
const (
	// Pass forwards the bytes.
	Pass Mode = iota
	// Hold keeps the bytes until the direction passes again, then
	// forwards them in order.
	Hold
	// Drop throws the bytes away; the connection stays open.
	Drop
)

// Stats is what has reached the proxy so far.
type Stats struct {
	Accepted int   // connections accepted (refused ones included)
	Refused  int   // connections closed at once because of Refuse
	Up       int64 // bytes read from clients (forwarded or not)
	Down     int64 // bytes read from the server (forwarded or not)
	Open     int   // connections neither side has closed yet
	Ends     int   // ends of stream read from either side (a close, a reset)
}

// Proxy listens on loopback and forwards each connection to a target.
type Proxy struct {
	ln     net.Listener
	target string

	mu       sync.Mutex
	up, down Mode
	refuse   bool
	cutAfter int64 // connections accepted from now on close after this many bytes; 0 never
	stats    Stats
	changed  chan struct{} // closed and replaced at every change
	conns    map[*pair]bool
	closing  bool
	wg       sync.WaitGroup
}

// New starts a proxy to target ("host:port") on a loopback port of its
// own, passing traffic. Close stops it.
func New(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{ln: ln, target: target, changed: make(chan struct{}), conns: map[*pair]bool{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Start is New for a test: it fails the test on error and closes the
// proxy when the test ends.
func Start(t testing.TB, target string) *Proxy {
	t.Helper()
	p, err := New(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// Addr is the proxy's address.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Port is the proxy's port.
func (p *Proxy) Port() int { return p.ln.Addr().(*net.TCPAddr).Port }

// String names the proxy and its target.
func (p *Proxy) String() string { return p.Addr() + "→" + p.target }

// Set changes what happens to the bytes from clients (up) and from the
// server (down), on every connection, open or yet to come. Bytes held
// back go on when their direction passes again.
func (p *Proxy) Set(up, down Mode) {
	p.mu.Lock()
	p.up, p.down = up, down
	conns := p.pairs()
	p.mu.Unlock()
	for _, c := range conns {
		c.wakeAll()
	}
}

// PassThrough forwards everything (again).
func (p *Proxy) PassThrough() { p.Refuse(false); p.Set(Pass, Pass) }

// Stall holds every byte back until the proxy passes again.
func (p *Proxy) Stall() { p.Set(Hold, Hold) }

// HoldReplies forwards the clients' bytes and holds the server's back.
func (p *Proxy) HoldReplies() { p.Set(Pass, Hold) }

// BlackHole drops every byte, both ways, and closes nothing: neither side
// learns that the other is gone. New connections are accepted into the
// same hole.
func (p *Proxy) BlackHole() { p.Set(Drop, Drop) }

// Refuse makes the proxy close new connections as soon as they are
// accepted (on), or take them again (off).
func (p *Proxy) Refuse(on bool) {
	p.mu.Lock()
	p.refuse = on
	p.mu.Unlock()
}

// CutAfter makes connections accepted from now on close, both sides, once
// n bytes have passed through them either way; 0 never cuts.
func (p *Proxy) CutAfter(n int64) {
	p.mu.Lock()
	p.cutAfter = n
	p.mu.Unlock()
}

// Cut closes every open connection, both sides, with a reset: a network
// that went away with a word.
func (p *Proxy) Cut() {
	p.mu.Lock()
	conns := p.pairs()
	p.mu.Unlock()
	for _, c := range conns {
		for _, side := range []net.Conn{c.client, c.server} {
			if tc, ok := side.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
		}
		c.close()
	}
}

// Stats returns what has reached the proxy so far.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Wait returns once cond holds for the proxy's Stats, or with ctx's error.
func (p *Proxy) Wait(ctx context.Context, cond func(Stats) bool) (Stats, error) {
	for {
		p.mu.Lock()
		s, ch := p.stats, p.changed
		p.mu.Unlock()
		if cond(s) {
			return s, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return s, fmt.Errorf("faultproxy: %s: waiting with %+v: %w", p, s, ctx.Err())
		}
	}
}

// Close stops the proxy and closes every connection through it.
func (p *Proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	p.closing = true
	conns := p.pairs()
	p.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	p.wg.Wait()
}

// update changes the stats under the lock and wakes the waiters.
func (p *Proxy) update(change func(*Stats)) {
	p.mu.Lock()
	change(&p.stats)
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
}

// pairs lists the open connections; p.mu is held.
func (p *Proxy) pairs() []*pair {
	out := make([]*pair, 0, len(p.conns))
	for c := range p.conns {
		out = append(out, c)
	}
	return out
}

// mode returns a direction's mode.
func (p *Proxy) mode(up bool) Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	if up {
		return p.up
	}
	return p.down
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse, cut := p.refuse, p.cutAfter
		p.mu.Unlock()
		if refuse {
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetLinger(0) // a reset, as from a closed port
			}
			c.Close()
			p.update(func(s *Stats) { s.Accepted++; s.Refused++ })
			continue
		}
		p.open(c, cut)
	}
}

// open connects a client to the target and starts forwarding.
func (p *Proxy) open(client net.Conn, cut int64) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		p.update(func(s *Stats) { s.Accepted++ })
		return
	}
	c := newPair(p, client, server, cut)
	p.mu.Lock()
	closing := p.closing
	p.conns[c] = true
	p.mu.Unlock()
	p.update(func(s *Stats) { s.Accepted++; s.Open++ })
	if closing {
		c.close()
	}
	p.wg.Add(2)
	go func() { defer p.wg.Done(); c.pump(true) }()
	go func() { defer p.wg.Done(); c.pump(false) }()
}

// errCut ends a connection cut by CutAfter.
var errCut = errors.New("faultproxy: cut")
