package imap

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/tern-mail/tern/accounts"
)

// A server without LIST-EXTENDED (RFC 5258) tells which folders are
// subscribed only in answer to LSUB (RFC 3501 section 6.3.9), a command
// go-imap v2 does not speak: its reader gives up on an LSUB response. So
// lsub asks on a short connection of its own: TLS as the account says,
// LOGIN, LSUB, LOGOUT. Only servers such as Courier-IMAP pay for it.

// lsubSession reads the subscribed folders over its own connection.
func lsubSession(ctx context.Context, srv accounts.Server, password string, opts Options) (map[string]bool, error) {
	dctx, cancel := context.WithTimeout(ctx, opts.Dial())
	defer cancel()
	raw, err := accounts.Dialer().DialContext(dctx, "tcp", srv.Addr())
	if err != nil {
		return nil, accounts.DialError("imap", srv.Addr(), err)
	}
	defer raw.Close()
	dc := accounts.NewDeadlineConn(raw, opts.Command(), opts.Budget)
	// The session's one budget: a greeting, a login and the folders.
	defer dc.Begin(accounts.Budget{What: "LSUB", Bytes: maxFolders*folderBytes + answerBytes, Over: accounts.FolderFlood})()
	out, err := lsubOver(dctx, dc, srv, password, opts)
	return out, dc.Err(err)
}

// lsubOver is lsubSession on the connection dc.
func lsubOver(dctx context.Context, dc *accounts.DeadlineConn, srv accounts.Server, password string, opts Options) (map[string]bool, error) {
	var conn net.Conn = dc
	cfg := accounts.TLSConfig(opts.TLSConfig, srv.Host)
	s := &lsubConn{}
	switch srv.Security {
	case accounts.TLS:
		tc := tls.Client(dc, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			return nil, accounts.TLSError("imap", srv.Addr(), err)
		}
		conn = tc
		s.r = bufio.NewReaderSize(conn, 64<<10)
		if _, err := s.line(); err != nil { // greeting
			return nil, err
		}
	case accounts.STARTTLS:
		s.r, s.w = bufio.NewReaderSize(conn, 64<<10), conn
		if _, err := s.line(); err != nil {
			return nil, err
		}
		if err := s.command("s", nil, "STARTTLS"); err != nil {
			return nil, err
		}
		tc := tls.Client(dc, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			return nil, accounts.TLSError("imap", srv.Addr(), err)
		}
		conn = tc
		s.r = bufio.NewReaderSize(conn, 64<<10)
	default:
		return nil, fmt.Errorf("imap: %s: unknown security %q", srv.Addr(), srv.Security)
	}
	s.w = conn
	if err := s.command("l", nil, "LOGIN ", literal(srv.Username), " ", literal(password)); err != nil {
		return nil, fmt.Errorf("imap: %s: login for LSUB: %w", srv.Addr(), err)
	}
	out := map[string]bool{}
	lines := 0
	err := s.command("u", func(line string) {
		if lines++; lines > maxFolders {
			dc.Trip(accounts.FolderFlood, "LSUB")
		}
		if name, ok := parseLsub(line); ok {
			out[name] = true
		}
	}, `LSUB "" "*"`)
	if err != nil {
		return nil, fmt.Errorf("imap: %s: LSUB: %w", srv.Addr(), err)
	}
	s.command("o", nil, "LOGOUT")
	return out, nil
}

// lsubConn is the bare minimum of an IMAP client: commands written as
// text, responses read line by line with literals inlined.
type lsubConn struct {
	r *bufio.Reader
	w io.Writer
}

// literal is a command argument sent as a synchronising literal (RFC 3501
// section 4.3), which carries any name or password as it is.
type literal string

// line reads one response line, with the literals it announces inlined as
// quoted strings.
func (s *lsubConn) line() (string, error) {
	var b strings.Builder
	for {
		chunk, err := s.r.ReadSlice('\n')
		if err != nil {
			return "", fmt.Errorf("imap: read: %w", err)
		}
		l := strings.TrimRight(string(chunk), "\r\n")
		n, ok := literalSize(l)
		if !ok {
			b.WriteString(l)
			return b.String(), nil
		}
		b.WriteString(l[:strings.LastIndexByte(l, '{')])
		if n > maxNameLine || b.Len() > maxNameLine {
			return "", fmt.Errorf("imap: read: a literal of %d bytes in a line of %d", n, b.Len())
		}
		lit := make([]byte, n)
		if _, err := io.ReadFull(s.r, lit); err != nil {
			return "", fmt.Errorf("imap: read: %w", err)
		}
		b.WriteString(strconv.Quote(string(lit)))
	}
}

// literalSize reads the {n} at the end of a line.
func literalSize(l string) (int, bool) {
	if !strings.HasSuffix(l, "}") {
		return 0, false
	}
	i := strings.LastIndexByte(l, '{')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(l[i+1:len(l)-1], "+"))
	return n, err == nil && n >= 0
}

// command sends one command made of text and literals, and reads up to
// its tagged answer, handing every untagged line to each.
func (s *lsubConn) command(tag string, each func(string), args ...any) error {
	buf := tag + " "
	for _, a := range args {
		switch v := a.(type) {
		case string:
			buf += v
		case literal:
			if _, err := io.WriteString(s.w, buf+"{"+strconv.Itoa(len(v))+"}\r\n"); err != nil {
				return err
			}
			l, err := s.line()
			if err != nil {
				return err
			}
			if !strings.HasPrefix(l, "+") {
				return fmt.Errorf("server refused: %s", l)
			}
			buf = string(v)
		}
	}
	if _, err := io.WriteString(s.w, buf+"\r\n"); err != nil {
		return err
	}
	for {
		l, err := s.line()
		if err != nil {
			return err
		}
		if rest, ok := strings.CutPrefix(l, tag+" "); ok {
			if strings.HasPrefix(strings.ToUpper(rest), "OK") {
				return nil
			}
			return fmt.Errorf("server said %s", rest)
		}
		if each != nil {
			each(l)
		}
	}
}

// parseLsub reads the folder name out of "* LSUB (attrs) delim name" and
// decodes it from modified UTF-7. Folders marked \Noselect are only
// parents of subscribed folders (RFC 3501 section 6.3.9) and are left out.
func parseLsub(l string) (string, bool) {
	rest, ok := strings.CutPrefix(l, "* ")
	if !ok || len(rest) < 5 || !strings.EqualFold(rest[:5], "LSUB ") {
		return "", false
	}
	rest = rest[5:]
	end := strings.IndexByte(rest, ')')
	if !strings.HasPrefix(rest, "(") || end < 0 {
		return "", false
	}
	if strings.Contains(strings.ToLower(rest[:end]), `\noselect`) {
		return "", false
	}
	rest = strings.TrimLeft(rest[end+1:], " ")
	// The delimiter: NIL or a quoted character.
	if strings.HasPrefix(strings.ToUpper(rest), "NIL") {
		rest = rest[3:]
	} else if q, err := strconv.QuotedPrefix(rest); err == nil {
		rest = rest[len(q):]
	} else {
		return "", false
	}
	rest = strings.TrimLeft(rest, " ")
	name := rest
	if strings.HasPrefix(rest, `"`) {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return "", false
		}
		name, _ = strconv.Unquote(q)
	}
	if !validMUTF7(name) {
		return standIn(name), true // as nameConn names it in LIST
	}
	decoded, err := decodeUTF7(name)
	if err != nil {
		return standIn(name), true
	}
	return decoded, true
}

// decodeUTF7 decodes a folder name from modified UTF-7 (RFC 3501 section
// 5.1.3): "&" starts UTF-16 in base64 with "," for "/", "-" ends it, and
// "&-" is "&".
func decodeUTF7(s string) (string, error) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		s = s[i+1:]
		j := strings.IndexByte(s, '-')
		if j < 0 {
			return "", fmt.Errorf("imap: bad modified UTF-7 in %q", s)
		}
		if j == 0 {
			b.WriteByte('&')
		} else {
			raw, err := base64.RawStdEncoding.DecodeString(strings.ReplaceAll(s[:j], ",", "/"))
			if err != nil || len(raw)%2 != 0 {
				return "", fmt.Errorf("imap: bad modified UTF-7 in %q", s)
			}
			units := make([]uint16, len(raw)/2)
			for k := range units {
				units[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
			}
			b.WriteString(string(utf16.Decode(units)))
		}
		s = s[j+1:]
	}
}
