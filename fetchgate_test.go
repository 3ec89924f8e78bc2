package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// fetchGate is an IMAP proxy for tests: the client speaks TLS to it (with
// the test CA's certificate), it speaks TLS to the server, and it reads
// both directions. While holding, it stops the server's tagged completion
// of every FETCH (RFC 9051 section 7.1) before it reaches the client and
// sends it on held: the command's data has gone through, but the client,
// which waits for the completion, cannot go on until the test answers.
type fetchGate struct {
	l       net.Listener
	target  string
	holding atomic.Bool
	held    chan heldFetch
	open    atomic.Int32 // client connections not yet closed
	pop3    bool         // a POP3 gate (see newRetrGate)
}

// gateCounts counts the messages FETCH responses carried, by what they
// asked for.
type gateCounts struct {
	headers int // FETCH of ENVELOPE, or of whole messages not stored yet
	bodies  int // FETCH of BODY.PEEK[], the whole message
}

func (c *gateCounts) add(o gateCounts) { c.headers += o.headers; c.bodies += o.bodies }

// heldFetch is a FETCH whose completion waits: answer true to let it
// through, false to drop the connection. answer has room for one value,
// so answering never blocks.
type heldFetch struct {
	counts gateCounts
	answer chan bool
}

func newFetchGate(t *testing.T, target string) *fetchGate { return newGate(t, target, false) }

// newRetrGate returns the POP3 counterpart of a fetchGate: while holding,
// it stops each RETR command (RFC 1939 section 5) before it reaches the
// server, so the client waits for that message until the test answers.
// Each held RETR counts as one body.
func newRetrGate(t *testing.T, target string) *fetchGate { return newGate(t, target, true) }

func newGate(t *testing.T, target string, pop3 bool) *fetchGate {
	t.Helper()
	ca, err := testenv.TestCA()
	if err != nil {
		t.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{ca.ServerCert}})
	if err != nil {
		t.Fatal(err)
	}
	g := &fetchGate{l: l, target: target, held: make(chan heldFetch), pop3: pop3}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := tls.Dial("tcp", target, &tls.Config{RootCAs: ca.Pool, ServerName: "localhost"})
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, c, s)
			mu.Unlock()
			p := &gatedConn{gate: g, client: c, server: s, fetches: map[string]string{}, gone: make(chan struct{})}
			g.open.Add(1)
			var both sync.WaitGroup
			both.Add(2)
			wg.Add(3)
			commands, responses := p.commands, p.responses
			if pop3 {
				commands, responses = p.pop3Commands, func() { io.Copy(c, s) }
			}
			go func() { defer wg.Done(); defer both.Done(); commands(); close(p.gone); s.Close() }()
			go func() { defer wg.Done(); defer both.Done(); responses(); c.Close() }()
			go func() { defer wg.Done(); both.Wait(); g.open.Add(-1) }()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return g
}

func (g *fetchGate) port() int { return g.l.Addr().(*net.TCPAddr).Port }

// hold starts or stops holding FETCH completions.
func (g *fetchGate) hold(on bool) { g.holding.Store(on) }

// waitClosed returns once every client connection has closed, and with it
// the FETCH it may have held: after a kill, none can be mistaken for one
// of the next process.
func (g *fetchGate) waitClosed(t *testing.T) {
	t.Helper()
	testenv.Eventually(t, time.Minute, func() error {
		if n := g.open.Load(); n > 0 {
			return fmt.Errorf("%d connections through the gate still open", n)
		}
		return nil
	})
}

// gatedConn is one client's connection through the gate.
type gatedConn struct {
	gate           *fetchGate
	client, server net.Conn

	mu      sync.Mutex
	fetches map[string]string // tag → what a FETCH in progress asks for
	gone    chan struct{}     // closed when the client has gone
}

// commands copies the client's commands to the server, noting the tag
// and items of each FETCH.
func (p *gatedConn) commands() {
	r := bufio.NewReader(p.client)
	for {
		var cmd strings.Builder
		err := readMessage(r, func(b []byte) error {
			cmd.Write(b)
			_, err := p.server.Write(b) // at once: a literal may wait for "+"
			return err
		})
		if err != nil {
			return
		}
		f := strings.Fields(cmd.String())
		if len(f) >= 2 && (strings.EqualFold(f[1], "FETCH") || len(f) >= 3 && strings.EqualFold(f[1], "UID") && strings.EqualFold(f[2], "FETCH")) {
			p.mu.Lock()
			p.fetches[f[0]] = strings.ToUpper(cmd.String())
			p.mu.Unlock()
		}
	}
}

// responses copies the server's responses to the client, holding the
// completion of each FETCH while the gate holds.
func (p *gatedConn) responses() {
	r := bufio.NewReader(p.server)
	fetched := 0 // FETCH responses since the last completion
	for {
		var resp []byte
		if err := readMessage(r, func(b []byte) error { resp = append(resp, b...); return nil }); err != nil {
			return
		}
		f := strings.Fields(string(resp[:min(len(resp), 64)]))
		switch {
		case len(f) >= 3 && f[0] == "*" && strings.EqualFold(f[2], "FETCH"):
			fetched++
		case len(f) >= 1 && f[0] != "*" && f[0] != "+":
			p.mu.Lock()
			items, isFetch := p.fetches[f[0]]
			delete(p.fetches, f[0])
			p.mu.Unlock()
			n := fetched
			fetched = 0
			if isFetch && p.gate.holding.Load() {
				var c gateCounts
				switch {
				case strings.Contains(items, "ENVELOPE"):
					c.headers = n
				case strings.Contains(items, "BODY.PEEK[]") && strings.Contains(items, "INTERNALDATE"):
					c.headers, c.bodies = n, n // whole messages, not stored before
				case strings.Contains(items, "BODY.PEEK[]"):
					c.bodies = n
				}
				if !p.wait(c) {
					return
				}
			}
		}
		if _, err := p.client.Write(resp); err != nil {
			return
		}
	}
}

// wait hands a held command to the test and reports whether it may go
// on: false when the test drops it or the client has gone.
func (p *gatedConn) wait(c gateCounts) bool {
	h := heldFetch{counts: c, answer: make(chan bool, 1)}
	select {
	case p.gate.held <- h:
	case <-p.gone:
		return false
	}
	select {
	case ok := <-h.answer:
		return ok
	case <-p.gone:
		return false
	}
}

// pop3Commands copies the client's POP3 commands to the server, holding
// each RETR while the gate holds.
func (p *gatedConn) pop3Commands() {
	r := bufio.NewReader(p.client)
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return
		}
		if f := strings.Fields(string(line)); len(f) > 0 && strings.EqualFold(f[0], "RETR") && p.gate.holding.Load() {
			if !p.wait(gateCounts{bodies: 1}) {
				return
			}
		}
		if _, err := p.server.Write(line); err != nil {
			return
		}
	}
}

// readMessage reads one IMAP command or response (RFC 9051 section 2.2):
// a line, and with it each literal the line announces ({n} or {n+} at
// its end) and the rest of the line after the literal. It hands out each
// piece as it is read.
func readMessage(r *bufio.Reader, piece func([]byte) error) error {
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return err
		}
		if err := piece(line); err != nil {
			return err
		}
		n, ok := literalSize(line)
		if !ok {
			return nil
		}
		lit := make([]byte, n)
		if _, err := io.ReadFull(r, lit); err != nil {
			return err
		}
		if err := piece(lit); err != nil {
			return err
		}
	}
}

// literalSize returns the size of the literal a line announces at its end.
func literalSize(line []byte) (int, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	if !strings.HasSuffix(s, "}") {
		return 0, false
	}
	open := strings.LastIndexByte(s, '{')
	if open < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimRight(s[open+1:len(s)-1], "+-"))
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
