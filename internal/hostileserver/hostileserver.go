// Package hostileserver runs mail servers that attack the client: plain
// TCP servers over TLS (with the test CA of internal/testenv), speaking
// just enough IMAP, POP3 or SMTP to log a client in and then misbehave in
// one chosen way — answers without end, answers a byte at a time, sizes
// that lie, a BYE in the middle of a FETCH, folder names that are not
// modified UTF-7.
//
// A server counts what it did (Stats) so that tests can wait on it, and
// HeapGrowth measures how far a client's heap grew meanwhile: a client
// must end every attack with an error of a clear kind, in bounded memory.
package hostileserver

import (
	"bufio"
	"crypto/tls"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// Mode is the way a server misbehaves.
type Mode int

// The modes. Not every protocol has every one (see each server).
const (
	// Fair answers properly: the control case.
	Fair Mode = iota
	// Flood answers one command without end: LIST (IMAP), UIDL (POP3),
	// EHLO (SMTP).
	Flood
	// Trickle sends an answer one byte every Interval: LIST (IMAP), RETR
	// (POP3), the greeting (SMTP).
	Trickle
	// Lie announces one size and sends another: a literal of
	// 99999999999 bytes (IMAP FETCH), RETR far longer than LIST said
	// (POP3).
	Lie
	// Bye says BYE in the middle of a FETCH and hangs up (IMAP).
	Bye
	// Endless starts a multi-line answer and never ends it: LIST (POP3),
	// the lines of a FETCH (IMAP).
	Endless
	// BadNames lists folders whose names are not modified UTF-7 beside
	// good ones, each with a message (IMAP).
	BadNames
)

// Interval is how often a trickling server sends its next byte. Over
// TLS each byte takes a record of its own, some 25 bytes on the wire: a
// trickle moves about 1 KB a second.
const Interval = 20 * time.Millisecond

// Stats is what a server has seen and done.
type Stats struct {
	Conns    int      // connections accepted
	Commands []string // every command line received, in order
	Sent     int64    // bytes sent
}

// Server is a hostile server on loopback.
type Server struct {
	Port int
	Mode Mode

	ln   net.Listener
	mu   sync.Mutex
	st   Stats
	wg   sync.WaitGroup
	quit chan struct{}
}

// start listens with TLS on loopback and serves each connection with
// serve until the test ends.
func start(t testing.TB, mode Mode, serve func(*Server, *session)) *Server {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Port: ln.Addr().(*net.TCPAddr).Port, Mode: mode, ln: ln, quit: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.st.Conns++
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				stop := make(chan struct{})
				defer close(stop)
				go func() { // a server stuck writing ends with the test
					select {
					case <-s.quit:
						c.Close()
					case <-stop:
					}
				}()
				serve(s, &session{s: s, c: c, r: bufio.NewReader(c)})
			}()
		}
	}()
	t.Cleanup(func() {
		close(s.quit)
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// Stats returns what the server has seen so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	st.Commands = append([]string(nil), s.st.Commands...)
	return st
}

// session is one client's connection.
type session struct {
	s *Server
	c net.Conn
	r *bufio.Reader
}

// line reads one command line, without its end, and notes it.
func (ss *session) line() (string, bool) {
	l, err := ss.r.ReadString('\n')
	if err != nil {
		return "", false
	}
	l = trimEOL(l)
	ss.s.mu.Lock()
	ss.s.st.Commands = append(ss.s.st.Commands, l)
	ss.s.mu.Unlock()
	return l, true
}

// send writes s whole; false when the client is gone.
func (ss *session) send(s string) bool {
	n, err := ss.c.Write([]byte(s))
	ss.s.mu.Lock()
	ss.s.st.Sent += int64(n)
	ss.s.mu.Unlock()
	return err == nil
}

// forever sends each(i), i = 0, 1, 2 …, until the client is gone.
func (ss *session) forever(each func(i int) string) {
	w := bufio.NewWriterSize(ss.c, 64<<10)
	for i := 0; ; i++ {
		s := each(i)
		if _, err := w.WriteString(s); err != nil {
			return
		}
		ss.s.mu.Lock()
		ss.s.st.Sent += int64(len(s))
		ss.s.mu.Unlock()
	}
}

// trickle sends s one byte every Interval, and then, should the client
// still be there, goes on sending spaces the same way until it is gone.
func (ss *session) trickle(s string) {
	tick := time.NewTicker(Interval)
	defer tick.Stop()
	for i := 0; ; i++ {
		b := " "
		if i < len(s) {
			b = s[i : i+1]
		}
		if !ss.send(b) {
			return
		}
		select {
		case <-tick.C:
		case <-ss.s.quit:
			return
		}
	}
}

func trimEOL(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// HeapGrowth runs fn and returns how far the heap grew above what it was
// before, at its highest while fn ran (sampled every few milliseconds).
func HeapGrowth(fn func()) uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base, peak := m.HeapAlloc, m.HeapAlloc
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	<-sampled
	return peak - base
}
