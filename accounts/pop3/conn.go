package pop3

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	pop3 "github.com/knadh/go-pop3"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/support"
)

// Options tune a connection; the zero value is what Tern uses.
type Options struct {
	// TLSConfig overrides TLS settings; nil verifies against the system
	// roots (which honour SSL_CERT_FILE).
	TLSConfig *tls.Config
	accounts.Timeouts
	// Now is the clock for the "delete after N days" policy; nil is
	// time.Now.
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Conn is a logged-in POP3 connection.
type Conn struct {
	c   *pop3.Conn
	raw *accounts.DeadlineConn
}

// greetingConn replays a greeting before the real stream: after STLS the
// server sends none, but go-pop3 expects one from a new connection.
type greetingConn struct {
	net.Conn
	pending []byte
}

func (c *greetingConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// dialer implements go-pop3's Dialer: TCP, then TLS at once or after STLS.
type dialer struct {
	ctx  context.Context
	srv  accounts.Server
	opts Options
	raw  *accounts.DeadlineConn
	end  func() // closes the budget of the greeting
	// token is the access token for srv.Auth == OAuth2, and authErr why
	// the server refused it (see auth.go).
	token   string
	authErr error
}

func (d *dialer) Dial(network, addr string) (net.Conn, error) {
	dctx, cancel := context.WithTimeout(d.ctx, d.opts.Dial())
	defer cancel()
	tcp, err := accounts.Dialer().DialContext(dctx, network, addr)
	if err != nil {
		return nil, accounts.DialError("pop3", addr, err)
	}
	raw := accounts.NewDeadlineConn(tcp, d.opts.Dial(), d.opts.Budget)
	d.raw = raw
	// Up to the login, one budget: the greeting, CAPA, STLS, AUTH.
	d.end = raw.Begin(accounts.Budget{What: "greeting", Bytes: answerBytes, Sparse: true})
	cfg := accounts.TLSConfig(d.opts.TLSConfig, d.srv.Host)
	switch d.srv.Security {
	case accounts.TLS:
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			tcp.Close()
			return nil, accounts.TLSError("pop3", addr, err)
		}
		return d.authenticate(support.POP3(addr).Conn(tc), false)
	case accounts.STARTTLS:
		tap := support.POP3(addr)
		if err := stls(tap.Conn(raw)); err != nil {
			tcp.Close()
			return nil, fmt.Errorf("pop3: %s: %w", addr, err)
		}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			tcp.Close()
			return nil, accounts.TLSError("pop3", addr, err)
		}
		return d.authenticate(tap.Conn(tc), true)
	}
	tcp.Close()
	return nil, fmt.Errorf("pop3: %s: unknown security %q", addr, d.srv.Security)
}

// stls reads the greeting, checks that CAPA offers STLS and negotiates it
// (RFC 2595 section 4). Nothing secret is sent before TLS is up.
func stls(c net.Conn) error {
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "+OK") {
		return fmt.Errorf("greeting %q: %v: %w", strings.TrimSpace(line), err, accounts.ErrUnreachable)
	}
	if _, err := c.Write([]byte("CAPA\r\n")); err != nil {
		return err
	}
	line, err = r.ReadString('\n')
	if err != nil {
		return err
	}
	offered := false
	if strings.HasPrefix(line, "+OK") {
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				return err
			}
			l = strings.TrimSpace(l)
			if l == "." {
				break
			}
			if strings.EqualFold(l, "STLS") {
				offered = true
			}
		}
	}
	if !offered {
		return fmt.Errorf("STLS not offered: %w", accounts.ErrNoEncryption)
	}
	if _, err := c.Write([]byte("STLS\r\n")); err != nil {
		return err
	}
	line, err = r.ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+OK") {
		return fmt.Errorf("STLS refused (%s): %w", strings.TrimSpace(line), accounts.ErrNoEncryption)
	}
	if r.Buffered() > 0 {
		return fmt.Errorf("STLS: the server sent data before the TLS handshake")
	}
	return nil
}

// Dial connects, protects the connection and logs in with USER/PASS.
func Dial(ctx context.Context, srv accounts.Server, password string, opts Options) (*Conn, error) {
	d := &dialer{ctx: ctx, srv: srv, opts: opts}
	if srv.Auth == accounts.OAuth2 {
		d.token = password
	}
	client := pop3.New(pop3.Opt{Host: srv.Host, Port: srv.Port, Dialer: d, DialTimeout: opts.Dial()})
	c, err := client.NewConn()
	if d.end != nil {
		d.end()
	}
	if err != nil {
		if d.raw != nil {
			d.raw.Close()
			if t := d.raw.Tripped(); t != nil {
				return nil, fmt.Errorf("pop3: %s: greeting: %w", srv.Addr(), t)
			}
		}
		if d.authErr != nil {
			return nil, d.authErr
		}
		if errors.Is(err, accounts.ErrUnreachable) || errors.Is(err, accounts.ErrServerNotFound) ||
			errors.Is(err, accounts.ErrNoEncryption) || errors.Is(err, accounts.ErrUntrusted) {
			return nil, err
		}
		return nil, fmt.Errorf("pop3: %s: %v: %w", srv.Addr(), err, accounts.ErrUnreachable)
	}
	d.raw.SetTimeout(opts.Command())
	conn := &Conn{c: c, raw: d.raw}
	if srv.Auth == accounts.OAuth2 {
		return conn, nil // signed in by the dialer
	}
	if err := conn.within(small("login"), func() error { return c.Auth(srv.Username, password) }); err != nil {
		if !isResponse(err) { // the connection failed, not the login
			d.raw.Close()
			return nil, fmt.Errorf("pop3: %s: login: %v: %w", srv.Addr(), err, accounts.ErrUnreachable)
		}
		le := loginError(c, srv.Addr(), srv.Username, err)
		d.raw.Close()
		return nil, le
	}
	return conn, nil
}

// isResponse reports whether err is the server's -ERR answer rather than a
// broken connection.
func isResponse(err error) bool {
	var ne net.Error
	return !errors.As(err, &ne) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) &&
		!errors.Is(err, net.ErrClosed)
}

// Close ends the session with QUIT, which makes the server carry out the
// deletions asked for (RFC 1939 section 6).
func (c *Conn) Close() error {
	err := c.within(small("QUIT"), c.c.Quit)
	c.raw.Close()
	if err != nil {
		return fmt.Errorf("pop3: quit: %w", err)
	}
	return nil
}

// Abort drops the connection without QUIT: no deletion takes effect.
func (c *Conn) Abort() { c.raw.Close() }

// unstuff removes the leading dot the server added to every line that
// began with one.
func unstuff(b []byte) []byte {
	if !bytes.Contains(b, []byte("\n.")) && !bytes.HasPrefix(b, []byte(".")) {
		return b
	}
	out := make([]byte, 0, len(b))
	start := true
	for i := 0; i < len(b); i++ {
		if start && b[i] == '.' {
			start = false
			continue
		}
		start = b[i] == '\n'
		out = append(out, b[i])
	}
	return out
}
