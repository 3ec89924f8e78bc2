package imap

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"

	"github.com/tern-mail/tern/accounts"
)

// Tern negotiates STARTTLS (RFC 9051 section 6.2.1) itself rather than
// through go-imap, so that what go-imap reads after it passes through
// nameConn above TLS, as it does on a connection that is TLS from the
// start (see rawnames.go).

// maxPlainLines caps the lines a server may send before TLS is up.
const maxPlainLines = 64

// plainGreeting stands in for the greeting go-imap expects from a new
// connection: after STARTTLS the server sends none.
const plainGreeting = "* OK TLS is on\r\n"

// startTLS reads the greeting, asks STARTTLS and makes the handshake. It
// returns the TLS connection, which replays a greeting to its first
// reader.
func startTLS(ctx context.Context, c net.Conn, cfg *tls.Config, addr string) (net.Conn, error) {
	r := bufio.NewReaderSize(c, 4096)
	greeting, err := plainLine(r)
	if err != nil {
		return nil, fmt.Errorf("imap: %s: greeting: %v: %w", addr, err, accounts.ErrUnreachable)
	}
	switch word := strings.ToUpper(field(greeting, 1)); word {
	case "OK":
	case "PREAUTH":
		// RFC 9051 section 7.1.4: no STARTTLS after PREAUTH.
		return nil, fmt.Errorf("imap: %s: the server logged in before encrypting: %w", addr, accounts.ErrNoEncryption)
	default:
		return nil, fmt.Errorf("imap: %s: greeting %q: %w", addr, greeting, accounts.ErrUnreachable)
	}
	if _, err := c.Write([]byte("S STARTTLS\r\n")); err != nil {
		return nil, fmt.Errorf("imap: %s: STARTTLS: %v: %w", addr, err, accounts.ErrUnreachable)
	}
	for i := 0; ; i++ {
		line, err := plainLine(r)
		if err != nil {
			return nil, fmt.Errorf("imap: %s: STARTTLS: %v: %w", addr, err, accounts.ErrUnreachable)
		}
		if i == maxPlainLines {
			return nil, fmt.Errorf("imap: %s: STARTTLS: no answer after %d lines: %w", addr, i, accounts.ErrUnreachable)
		}
		if field(line, 0) != "S" {
			continue
		}
		if !strings.EqualFold(field(line, 1), "OK") {
			return nil, fmt.Errorf("imap: %s: STARTTLS refused (%s): %w", addr, line, accounts.ErrNoEncryption)
		}
		break
	}
	if r.Buffered() > 0 {
		// Whatever came before the handshake was not encrypted: a
		// man in the middle may have put it there.
		return nil, fmt.Errorf("imap: %s: STARTTLS: the server sent data before the TLS handshake: %w", addr, accounts.ErrNoEncryption)
	}
	tc := tls.Client(c, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, accounts.TLSError("imap", addr, err)
	}
	return &greetingConn{Conn: tc, pending: []byte(plainGreeting)}, nil
}

// plainLine reads one line of at most the reader's size, without its end.
func plainLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(line), "\r\n"), nil
}

// field returns the i-th space-separated word of line, or "".
func field(line string, i int) string {
	f := strings.Fields(line)
	if i < len(f) {
		return f[i]
	}
	return ""
}

// greetingConn hands pending to its first reads, then reads on.
type greetingConn struct {
	net.Conn
	pending []byte
}

func (g *greetingConn) Read(p []byte) (int, error) {
	if len(g.pending) > 0 {
		n := copy(p, g.pending)
		g.pending = g.pending[n:]
		return n, nil
	}
	return g.Conn.Read(p)
}
