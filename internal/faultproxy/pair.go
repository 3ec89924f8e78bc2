package faultproxy

import (
	"net"
	"sync"
)

// pair is one connection through the proxy: the client's side and the
// server's.
type pair struct {
	p              *Proxy
	client, server net.Conn
	cut            int64 // close after this many bytes either way; 0 never

	mu       sync.Mutex
	cond     *sync.Cond // signalled when the mode may have changed or the pair closed
	passed   int64      // bytes forwarded either way
	closed   bool
	closeOne sync.Once
}

func newPair(p *Proxy, client, server net.Conn, cut int64) *pair {
	c := &pair{p: p, client: client, server: server, cut: cut}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// wakeAll lets pumps waiting on a held direction look at the mode again.
func (c *pair) wakeAll() {
	c.mu.Lock()
	c.cond.Broadcast()
	c.mu.Unlock()
}

// close closes both sides, once.
func (c *pair) close() {
	c.closeOne.Do(func() {
		c.client.Close()
		c.server.Close()
		c.mu.Lock()
		c.closed = true
		c.cond.Broadcast()
		c.mu.Unlock()
		c.p.mu.Lock()
		delete(c.p.conns, c)
		c.p.mu.Unlock()
		c.p.update(func(s *Stats) { s.Open-- })
	})
}

// pump copies one direction (up: client to server) under the proxy's
// modes until either side ends. An end that comes while the direction
// does not pass is not passed on either: in a black hole nobody hears of
// anything.
func (c *pair) pump(up bool) {
	src, dst := c.server, c.client
	if up {
		src, dst = c.client, c.server
	}
	buf := make([]byte, 32*1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			c.p.update(func(s *Stats) {
				if up {
					s.Up += int64(n)
				} else {
					s.Down += int64(n)
				}
			})
			if c.forward(up, dst, buf[:n]) != nil {
				c.close()
				return
			}
		}
		if err != nil {
			c.p.update(func(s *Stats) { s.Ends++ })
			if c.p.mode(up) == Pass {
				c.close()
			}
			return
		}
	}
}

// forward writes b to dst as the direction's mode says: at once, after
// waiting while it is held, or never.
func (c *pair) forward(up bool, dst net.Conn, b []byte) error {
	c.mu.Lock()
	for !c.closed && c.p.mode(up) == Hold {
		c.cond.Wait()
	}
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return net.ErrClosed
	}
	if c.p.mode(up) == Drop {
		return nil
	}
	b = c.allow(b)
	if _, err := dst.Write(b); err != nil {
		return err
	}
	if c.cut > 0 && c.total() >= c.cut {
		return errCut
	}
	return nil
}

// allow counts b as passed and returns the part of it within the cut.
func (c *pair) allow(b []byte) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut > 0 && c.passed+int64(len(b)) > c.cut {
		b = b[:c.cut-c.passed]
	}
	c.passed += int64(len(b))
	return b
}

// total is how many bytes passed either way.
func (c *pair) total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.passed
}
