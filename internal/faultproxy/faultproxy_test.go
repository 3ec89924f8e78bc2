package faultproxy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"
)

// echo is a loopback server that sends back what it reads and reports
// each read on got, which closes when the first connection ends.
type echo struct {
	ln   net.Listener
	got  chan []byte
	once sync.Once
	// conns receives each accepted connection, so a test can close it.
	conns chan net.Conn
}

func startEcho(t *testing.T) *echo {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := &echo{ln: ln, got: make(chan []byte, 64), conns: make(chan net.Conn, 8)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			e.conns <- c
			go func() {
				buf := make([]byte, 1024)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						e.got <- bytes.Clone(buf[:n])
						c.Write(buf[:n])
					}
					if err != nil {
						e.once.Do(func() { close(e.got) })
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return e
}

// bounded is a context that only bounds a failure: every wait below ends
// on an event long before.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dial(t *testing.T, p *Proxy) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func wait(t *testing.T, p *Proxy, cond func(Stats) bool) Stats {
	t.Helper()
	s, err := p.Wait(bounded(t), cond)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readN(t *testing.T, c net.Conn, n int) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(20 * time.Second)) // bounds a failure
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nothingYet reports whether c has nothing to read right now (and has not
// ended): a read with a deadline already past.
func nothingYet(t *testing.T, c net.Conn) {
	t.Helper()
	c.SetReadDeadline(time.Now())
	n, err := c.Read(make([]byte, 1))
	if n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read %d bytes, %v; want nothing yet", n, err)
	}
}

func TestPassThroughForwardsBothWays(t *testing.T) {
	e := startEcho(t)
	p := Start(t, e.ln.Addr().String())
	c := dial(t, p)
	c.Write([]byte("hello"))
	if got := readN(t, c, 5); got != "hello" {
		t.Fatalf("echo %q", got)
	}
	s := wait(t, p, func(s Stats) bool { return s.Down == 5 })
	if s.Accepted != 1 || s.Up != 5 || s.Open != 1 {
		t.Fatalf("stats %+v", s)
	}
	c.Close()
	wait(t, p, func(s Stats) bool { return s.Open == 0 })
}

func TestStallHoldsBothWaysUntilPassed(t *testing.T) {
	e := startEcho(t)
	p := Start(t, e.ln.Addr().String())
	c := dial(t, p)
	wait(t, p, func(s Stats) bool { return s.Accepted == 1 })
	p.Stall()
	c.Write([]byte("held"))
	wait(t, p, func(s Stats) bool { return s.Up == 4 })
	select {
	case b := <-e.got:
		t.Fatalf("the server got %q while stalled", b)
	default:
	}
	nothingYet(t, c)
	p.PassThrough()
	if got := readN(t, c, 4); got != "held" {
		t.Fatalf("after the stall: %q", got)
	}
}

func TestHoldRepliesPassesRequestsOnly(t *testing.T) {
	e := startEcho(t)
	p := Start(t, e.ln.Addr().String())
	c := dial(t, p)
	p.HoldReplies()
	c.Write([]byte("ask"))
	if b := <-e.got; string(b) != "ask" {
		t.Fatalf("server got %q", b)
	}
	wait(t, p, func(s Stats) bool { return s.Down == 3 }) // the reply reached the proxy
	nothingYet(t, c)
	p.PassThrough()
	if got := readN(t, c, 3); got != "ask" {
		t.Fatalf("released reply %q", got)
	}
}

func TestBlackHoleDropsAndNeverCloses(t *testing.T) {
	e := startEcho(t)
	p := Start(t, e.ln.Addr().String())
	c := dial(t, p)
	server := <-e.conns
	p.BlackHole()
	c.Write([]byte("lost"))
	wait(t, p, func(s Stats) bool { return s.Up == 4 })
	// The server closing its side is not passed on either: no reset, no
	// end of stream reaches the client.
	server.Close()
	wait(t, p, func(s Stats) bool { return s.Ends == 1 })
	nothingYet(t, c)
	if s := p.Stats(); s.Open != 1 {
		t.Fatalf("stats %+v", s)
	}
	// Passing again does not bring the dropped bytes back.
	p.PassThrough()
	nothingYet(t, c)
	// New connections go into the hole too, until it passes.
	p.BlackHole()
	c2 := dial(t, p)
	c2.Write([]byte("x"))
	wait(t, p, func(s Stats) bool { return s.Accepted == 2 && s.Up == 5 })
	nothingYet(t, c2)
}

func TestRefuseClosesNewConnections(t *testing.T) {
	e := startEcho(t)
	p := Start(t, e.ln.Addr().String())
	p.Refuse(true)
	// The reset may come before the dial returns, or at the first read.
	if c, err := net.Dial("tcp", p.Addr()); err == nil {
		c.SetReadDeadline(time.Now().Add(20 * time.Second))
		if _, err := c.Read(make([]byte, 1)); err == nil {
			t.Fatal("a refused connection could be read")
		}
		c.Close()
	}
	if s := wait(t, p, func(s Stats) bool { return s.Refused == 1 }); s.Open != 0 {
		t.Fatalf("stats %+v", s)
	}
	p.PassThrough()
	c2 := dial(t, p)
	c2.Write([]byte("ok"))
	if got := readN(t, c2, 2); got != "ok" {
		t.Fatalf("after refusing: %q", got)
	}
}

func TestCutAfterClosesAtTheByte(t *testing.T) {
	e := startEcho(t)
	p := Start(t, e.ln.Addr().String())
	p.CutAfter(5)
	c := dial(t, p)
	c.Write([]byte("0123456789"))
	var got []byte
	for b := range e.got { // closes when the server's side ends
		got = append(got, b...)
	}
	if string(got) != "01234" {
		t.Fatalf("the server got %q, want the first 5 bytes", got)
	}
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	if b, err := io.ReadAll(c); len(b) != 0 || err != nil {
		t.Fatalf("client read %q, %v; want the end of the stream", b, err)
	}
	wait(t, p, func(s Stats) bool { return s.Open == 0 })
}

func TestCutResetsOpenConnections(t *testing.T) {
	e := startEcho(t)
	p := Start(t, e.ln.Addr().String())
	c := dial(t, p)
	wait(t, p, func(s Stats) bool { return s.Open == 1 })
	p.Cut()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read after the cut: %v", err)
	}
	wait(t, p, func(s Stats) bool { return s.Open == 0 })
}
