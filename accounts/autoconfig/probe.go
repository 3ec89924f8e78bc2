package autoconfig

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// candidate is one guessed server.
type candidate struct {
	Server
	outgoing bool
}

// candidates lists what to try for domain, most likely first: TLS ports
// before STARTTLS, protocol-named hosts before mail. and the bare domain.
func candidates(domain, address string) []candidate {
	var out []candidate
	add := func(protocol string, hosts []string, tlsPort, startPort int, outgoing bool) {
		for _, p := range []struct {
			port int
			sec  accounts.Security
		}{{tlsPort, accounts.TLS}, {startPort, accounts.STARTTLS}} {
			for _, h := range hosts {
				out = append(out, candidate{Server: Server{Protocol: protocol, Server: accounts.Server{
					Host: h, Port: p.port, Security: p.sec, Username: address}}, outgoing: outgoing})
			}
		}
	}
	add("imap", []string{"imap." + domain, "mail." + domain, domain}, 993, 143, false)
	add("pop3", []string{"pop3." + domain, "pop." + domain, "mail." + domain, domain}, 995, 110, false)
	add("smtp", []string{"smtp." + domain, "mail." + domain, domain}, 465, 587, true)
	return out
}

// guess probes the candidates (staggered, each bounded by timeout) and
// keeps, per protocol, the most likely one that answered properly.
func guess(ctx context.Context, d Dialer, base *tls.Config, domain, address string, timeout time.Duration) (*Config, error) {
	cands := candidates(domain, address)
	ok := make([]bool, len(cands))
	var wg sync.WaitGroup
	for i, c := range cands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-time.After(time.Duration(i%6) * 100 * time.Millisecond): // stagger
			case <-ctx.Done():
				return
			}
			pctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			ok[i] = probe(pctx, d, base, c.Server) == nil
		}()
	}
	wg.Wait()
	c := &Config{Source: i18n.T("autoconfig.source.probe"), Kind: SourceProbe}
	seen := map[string]bool{}
	for i, cand := range cands {
		if !ok[i] || seen[cand.Protocol] {
			continue
		}
		seen[cand.Protocol] = true
		if cand.outgoing {
			c.Outgoing = append(c.Outgoing, cand.Server)
		} else {
			c.Incoming = append(c.Incoming, cand.Server)
		}
	}
	if len(c.Incoming) == 0 {
		return nil, fmt.Errorf("autoconfig: no mail server answered at the usual names of %s", domain)
	}
	return c, nil
}

// dialect is how a protocol greets, lists its capabilities and starts
// TLS, as far as a probe needs it.
type dialect struct {
	greeting, capCmd, capEnd, startTLS, startTLSCmd, startTLSOK string
}

// dialects are the greetings and capability commands per protocol.
var dialects = map[string]dialect{
	"imap": {"* OK", "a1 CAPABILITY\r\n", "a1 ", "STARTTLS", "a2 STARTTLS\r\n", "a2 OK"},
	"pop3": {"+OK", "CAPA\r\n", ".", "STLS", "STLS\r\n", "+OK"},
	"smtp": {"220", "EHLO tern.invalid\r\n", "250 ", "STARTTLS", "STARTTLS\r\n", "220"},
}

// probe checks that a server speaks the protocol with encryption and a
// certificate that verifies. It reads the greeting and capabilities only:
// nothing secret is sent.
func probe(ctx context.Context, d Dialer, base *tls.Config, s Server) error {
	dl := dialects[s.Protocol]
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
	if err != nil {
		return err
	}
	defer conn.Close()
	if dead, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dead)
	}
	cfg := &tls.Config{}
	if base != nil {
		cfg = base.Clone()
	}
	cfg.ServerName = s.Host
	if s.Security == accounts.TLS {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		return readGreeting(bufio.NewReader(tc), s.Host, dl)
	}
	return probeSTARTTLS(ctx, conn, cfg, s.Host, dl)
}

// probeSTARTTLS checks that the server on conn greets in dialect dl,
// offers STARTTLS, accepts it and then shows a certificate that cfg
// verifies.
func probeSTARTTLS(ctx context.Context, conn net.Conn, cfg *tls.Config, host string, dl dialect) error {
	r := bufio.NewReader(conn)
	if err := readGreeting(r, host, dl); err != nil {
		return err
	}
	if _, err := conn.Write([]byte(dl.capCmd)); err != nil {
		return err
	}
	offered, err := offersStartTLS(r, dl)
	if err != nil {
		return err
	}
	if !offered {
		return fmt.Errorf("probe %s: no STARTTLS: %w", host, accounts.ErrNoEncryption)
	}
	if _, err := conn.Write([]byte(dl.startTLSCmd)); err != nil {
		return err
	}
	line, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, dl.startTLSOK) {
		return fmt.Errorf("probe %s: STARTTLS refused: %q", host, line)
	}
	return tls.Client(conn, cfg).HandshakeContext(ctx)
}

// readGreeting reads the server's first line and checks it is dialect
// dl's greeting.
func readGreeting(r *bufio.Reader, host string, dl dialect) error {
	line, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, dl.greeting) {
		return fmt.Errorf("probe %s: greeting %q: %v", host, line, err)
	}
	return nil
}

// offersStartTLS reads the answer to dialect dl's capability command (at
// most 100 lines) and reports whether it names STARTTLS.
func offersStartTLS(r *bufio.Reader, dl dialect) (bool, error) {
	offered := false
	for i := 0; i < 100; i++ {
		line, err := r.ReadString('\n')
		if err != nil {
			return false, err
		}
		if strings.Contains(strings.ToUpper(line), dl.startTLS) {
			offered = true
		}
		if dl.lastCapLine(strings.TrimRight(line, "\r\n")) {
			break
		}
	}
	return offered, nil
}

// lastCapLine tells whether t ends the capability answer: its final line,
// or a refusal.
func (dl dialect) lastCapLine(t string) bool {
	return strings.HasPrefix(t, dl.capEnd) || t == dl.capEnd || strings.HasPrefix(t, "-ERR") ||
		strings.HasPrefix(t, "a1 NO") || strings.HasPrefix(t, "a1 BAD")
}
