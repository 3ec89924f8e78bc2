package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
)

// xConn is a bare X protocol connection to a local display: enough to ask
// who serves it and whether it accepts a client, without Xlib.
type xConn struct {
	*net.UnixConn
}

// xSocketAddrs are the local sockets of display n in the order libxcb
// tries them: the abstract one (Go writes its leading NUL as @), then the
// file.
func xSocketAddrs(n int) []string {
	return []string{fmt.Sprintf("@/tmp/.X11-unix/X%d", n), fmt.Sprintf("/tmp/.X11-unix/X%d", n)}
}

// xDial connects to addr. A connection is queued by the kernel, so this
// returns even while the server is not running (stopped); what the server
// makes of it shows in setup.
func xDial(addr string) (*xConn, error) {
	c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: addr, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("x: dial %s: %w", addr, err)
	}
	c.SetDeadline(time.Now().Add(60 * time.Second))
	return &xConn{c}, nil
}

// peerPID is the process id of the process that listens on the socket the
// connection reached.
func (c *xConn) peerPID() (int, error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return 0, fmt.Errorf("x: peer: %w", err)
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return 0, fmt.Errorf("x: peer: %w", err)
	}
	if credErr != nil {
		return 0, fmt.Errorf("x: peer credentials: %w", credErr)
	}
	return int(cred.Pid), nil
}

// sendSetup sends the connection setup request (protocol 11.0, no
// authorization), little-endian.
func (c *xConn) sendSetup() error {
	req := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := c.Write(req); err != nil {
		return fmt.Errorf("x: setup request: %w", err)
	}
	return nil
}

// readSetup reads the server's answer to the setup request and returns
// nil when it accepted the client. A connection the server closes instead
// (as a reset does to the clients it has) is an error.
func (c *xConn) readSetup() error {
	var head [8]byte
	if _, err := io.ReadFull(c, head[:]); err != nil {
		return fmt.Errorf("x: setup: connection closed by the server: %w", err)
	}
	rest := make([]byte, 4*int(binary.LittleEndian.Uint16(head[6:8])))
	if _, err := io.ReadFull(c, rest); err != nil {
		return fmt.Errorf("x: setup reply: %w", err)
	}
	if head[0] != 1 {
		reason := rest[:min(int(head[1]), len(rest))]
		return fmt.Errorf("x: setup refused (status %d): %q", head[0], reason)
	}
	return nil
}

// setup makes the connection an X client of the display.
func (c *xConn) setup() error {
	if err := c.sendSetup(); err != nil {
		return err
	}
	return c.readSetup()
}

// roundTrip sends a GetInputFocus request and reads its reply: the
// connection is still a working client of the display.
func (c *xConn) roundTrip() error {
	if _, err := c.Write([]byte{43, 0, 1, 0}); err != nil {
		return fmt.Errorf("x: GetInputFocus: %w", err)
	}
	var reply [32]byte
	if _, err := io.ReadFull(c, reply[:]); err != nil {
		return fmt.Errorf("x: GetInputFocus reply: %w", err)
	}
	if reply[0] != 1 {
		return fmt.Errorf("x: GetInputFocus: got %d, not a reply", reply[0])
	}
	return nil
}
