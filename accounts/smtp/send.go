package smtp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/support"
)

// Options tune sending; the zero value is what Tern uses.
type Options struct {
	TLSConfig   *tls.Config // nil: system roots (honouring SSL_CERT_FILE)
	DialTimeout time.Duration
	// Timeout is how long each read and write may wait for the server.
	Timeout time.Duration
	// Budget bounds each command's answer as a whole, and the DATA
	// transfer (accounts/budget.go).
	Budget accounts.Limits
	// AfterAccept, when set, runs right after a message is marked sent and
	// before its copy is filed: tests use it to simulate a crash there.
	AfterAccept func() error
	// Now is the outbox's clock (nil: time.Now); tests move it.
	Now func() time.Time

	// beforeDot, when set, runs just before DATA's final "." is written;
	// an error stops the message there (see Drain).
	beforeDot func() error
}

// now reads the clock.
func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// ErrOutcomeUnknown means the connection ended after DATA's final "." and
// before the server's answer: the message may or may not have gone out.
var ErrOutcomeUnknown = errors.New("the connection ended before the server said whether it took the message")

// RecipientsRefused reports recipients the server would not take. The
// message went to the others (if any).
type RecipientsRefused struct {
	Refused map[string]string // address → the server's reason
	Sent    int               // recipients that were accepted
}

func (e *RecipientsRefused) Error() string {
	return "the server refused these recipients: " + e.refusals()
}

// refusals lists the refused addresses, each with the server's reason.
func (e *RecipientsRefused) refusals() string {
	addrs := make([]string, 0, len(e.Refused))
	for a := range e.Refused {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	parts := make([]string, len(addrs))
	for i, a := range addrs {
		parts[i] = fmt.Sprintf("%s (%s)", a, e.Refused[a])
	}
	return strings.Join(parts, ", ")
}

// Permanent reports whether err will not go away by trying again: a 5xx
// answer, a refused login, a server without encryption, an untrusted
// certificate or refused recipients.
func Permanent(err error) bool {
	var se *gosmtp.SMTPError
	var rr *RecipientsRefused
	switch {
	case errors.As(err, &rr):
		return true
	case errors.Is(err, accounts.ErrAuthFailed), errors.Is(err, accounts.ErrNoEncryption), errors.Is(err, accounts.ErrUntrusted):
		return true
	case errors.As(err, &se):
		return se.Code >= 500
	}
	return false
}

// Send submits raw from from to rcpts. Every recipient is tried; when some
// are refused and others accepted the message still goes to the accepted
// ones and a *RecipientsRefused is returned.
func Send(ctx context.Context, srv accounts.Server, password, from string, rcpts []string, raw []byte, opts Options) error {
	c, err := login(ctx, srv, password, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.within("MAIL", 0, func() error { return c.Mail(from, nil) }); err != nil {
		return fmt.Errorf("smtp: MAIL FROM %s: %w", from, err)
	}
	refused := map[string]string{}
	for _, r := range rcpts {
		if err := c.within("RCPT", 0, func() error { return c.Rcpt(r, nil) }); err != nil {
			var se *gosmtp.SMTPError
			if errors.As(err, &se) && se.Code >= 500 {
				refused[r] = se.Message
				continue
			}
			return fmt.Errorf("smtp: RCPT TO %s: %w", r, err)
		}
	}
	if len(refused) == len(rcpts) {
		return &RecipientsRefused{Refused: refused}
	}
	var w *gosmtp.DataCommand
	err = c.within("DATA", int64(len(raw)), func() error {
		var err error
		if w, err = c.Data(); err != nil {
			return err
		}
		_, err = w.Write(raw)
		return err
	})
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if err := c.within("DATA", 0, func() error { return finishData(w, opts) }); err != nil {
		return err
	}
	c.within("QUIT", 0, c.Quit)
	if len(refused) > 0 {
		return &RecipientsRefused{Refused: refused, Sent: len(rcpts) - len(refused)}
	}
	return nil
}

// finishData writes DATA's final "." and reads the answer. A refusal is
// the server's; any other failure from here on (a connection that breaks,
// an answer that never comes) leaves the outcome unknown.
func finishData(w *gosmtp.DataCommand, opts Options) error {
	if opts.beforeDot != nil {
		if err := opts.beforeDot(); err != nil {
			return fmt.Errorf("smtp: before the end of DATA: %w", err)
		}
	}
	err := w.Close()
	var se *gosmtp.SMTPError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return fmt.Errorf("smtp: message not accepted: %w", err)
	}
	return fmt.Errorf("smtp: after the end of DATA: %v: %w", err, ErrOutcomeUnknown)
}

// Check logs in to srv and says goodbye: the wizard's test of settings.
func Check(ctx context.Context, srv accounts.Server, password string, opts Options) error {
	c, err := login(ctx, srv, password, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.within("QUIT", 0, c.Quit)
}

// login connects to srv and authenticates; the caller closes the client.
func login(ctx context.Context, srv accounts.Server, password string, opts Options) (*client, error) {
	c, err := dial(ctx, srv, opts)
	if err != nil {
		return nil, err
	}
	// The greeting and EHLO come with the first command.
	if err := c.within("AUTH", 0, func() error { return auth(c.Client, srv, password) }); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func dial(ctx context.Context, srv accounts.Server, opts Options) (*client, error) {
	timeout := opts.DialTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tcp, err := accounts.Dialer().DialContext(dctx, "tcp", srv.Addr())
	if err != nil {
		return nil, accounts.DialError("smtp", srv.Addr(), err)
	}
	// go-smtp's own deadlines land on the DeadlineConn, which keeps its
	// own: timeout for each read and write, and the budgets.
	conn := accounts.NewDeadlineConn(tcp, timeout, opts.Budget)
	conn.ForSending()
	cfg := accounts.TLSConfig(opts.TLSConfig, srv.Host)
	c := &client{raw: conn}
	switch srv.Security {
	case accounts.TLS:
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			conn.Close()
			return nil, accounts.TLSError("smtp", srv.Addr(), err)
		}
		c.Client = gosmtp.NewClient(tc)
	case accounts.STARTTLS:
		err := c.within("STARTTLS", 0, func() error {
			var err error
			c.Client, err = gosmtp.NewClientStartTLS(conn, cfg)
			return err
		})
		if err != nil {
			conn.Close()
			if strings.Contains(err.Error(), "doesn't support STARTTLS") {
				return nil, fmt.Errorf("smtp: %s: %v: %w", srv.Addr(), err, accounts.ErrNoEncryption)
			}
			var se *accounts.ServerError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("smtp: %s: STARTTLS: %w", srv.Addr(), err)
			}
			return nil, accounts.TLSError("smtp", srv.Addr(), err)
		}
	default:
		conn.Close()
		return nil, fmt.Errorf("smtp: %s: unknown security %q", srv.Addr(), srv.Security)
	}
	if tap := support.SMTP(srv.Addr()); tap != nil {
		c.DebugWriter = tap
	}
	if opts.Timeout > 0 {
		conn.SetTimeout(opts.Timeout)
	} else {
		conn.SetTimeout(time.Minute)
	}
	return c, nil
}

// auth logs in with AUTH PLAIN, or LOGIN when that is all the server offers.
func auth(c *gosmtp.Client, srv accounts.Server, password string) error {
	if srv.Auth == accounts.OAuth2 {
		return authOAuth(c, srv, password)
	}
	var a sasl.Client
	switch {
	case c.SupportsAuth(sasl.Plain):
		a = sasl.NewPlainClient("", srv.Username, password)
	case c.SupportsAuth(sasl.Login):
		a = sasl.NewLoginClient(srv.Username, password)
	default:
		if ok, _ := c.Extension("AUTH"); !ok {
			return nil // a server that asks for no login (a relay on the local network)
		}
		return fmt.Errorf("smtp: %s offers neither AUTH PLAIN nor LOGIN", srv.Addr())
	}
	if err := c.Auth(a); err != nil {
		var se *gosmtp.SMTPError
		if errors.As(err, &se) && (se.Code == 535 || se.Code == 534 || se.Code >= 500) {
			return fmt.Errorf("smtp: %s: login as %s: %v: %w", srv.Addr(), srv.Username, err, accounts.ErrAuthFailed)
		}
		return fmt.Errorf("smtp: %s: login: %w", srv.Addr(), err)
	}
	return nil
}
