package imap

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage/message"
	"github.com/tern-mail/tern/support"
)

// Options tune a connection. The zero value is what Tern uses.
type Options struct {
	// TLSConfig overrides the TLS settings; nil verifies the server's
	// certificate against the system roots (which honour SSL_CERT_FILE).
	TLSConfig *tls.Config
	accounts.Timeouts
	// Debug receives the protocol exchange when set. It includes the
	// login, so it is for tests only. go-imap writes it from two
	// goroutines, so it must be safe for concurrent use.
	Debug io.Writer
	// KeepAlive is how often a worker waiting in IDLE ends it and asks
	// NOOP, to learn whether the server still answers; zero is
	// DefaultKeepAlive.
	KeepAlive time.Duration
	// NoopTimeout is how long that NOOP (and the end of IDLE before it)
	// may wait for the server before the connection is given up as dead;
	// zero is DefaultNoopTimeout.
	NoopTimeout time.Duration
	// Reconnect spaces a worker's attempts to reach a server that failed;
	// the zero value is reconnectBackoff (2 seconds doubling to 5
	// minutes).
	Reconnect accounts.Backoff
	// TroubleRetry is how often a worker paused because the computer
	// cannot keep mail (room.go) tries again; zero is
	// DefaultTroubleRetry.
	TroubleRetry time.Duration
}

// Conn is a logged-in IMAP connection.
type Conn struct {
	// mu guards c against a new connection put in its place (rescue)
	// while another goroutine closes it (closeNow).
	mu    sync.Mutex
	c     *imapclient.Client
	raw   *accounts.DeadlineConn
	names *nameConn
	caps  imap.CapSet
	opts  Options

	selected     string
	selectedData *imap.SelectData

	// wake is kicked whenever the server tells of a change on its own
	// (new mail, expunge, flags).
	wake accounts.Kicker

	// another dials one more connection like this one (see bulk.go);
	// again makes this one anew (see rescue), rescues counts how often
	// it did this pass.
	another func(context.Context) (*Conn, error)
	again   func(context.Context) error
	rescues int
	// lsub reads the subscribed folders on a connection of its own, for
	// servers without LIST-EXTENDED (see lsub.go).
	lsub func(context.Context) (map[string]bool, error)
	// ns is the personal namespace (RFC 2342): where the user's folders
	// live. The zero value is the root, for servers without NAMESPACE.
	ns namespace
	// stored, when set, is kicked after every batch of envelopes stored.
	stored *accounts.Kicker
	// handOff, when set, offers a folder's new messages to be fetched
	// whole on another connection (see whole.go); it reports whether
	// they were taken.
	handOff func(*wholeJob) bool
}

// Dial connects to srv, protects the connection with TLS (implicitly, or
// with STARTTLS — refusing to go on without it) and logs in.
func Dial(ctx context.Context, srv accounts.Server, password string, opts Options) (*Conn, error) {
	conn := &Conn{opts: opts}
	if err := conn.connect(ctx, srv, password); err != nil {
		return nil, err
	}
	return conn, nil
}

// connect makes c a new logged-in connection to srv.
func (conn *Conn) connect(ctx context.Context, srv accounts.Server, password string) error {
	opts := conn.opts
	dctx, cancel := context.WithTimeout(ctx, opts.Dial())
	defer cancel()
	raw, err := accounts.Dialer().DialContext(dctx, "tcp", srv.Addr())
	if err != nil {
		return accounts.DialError("imap", srv.Addr(), err)
	}
	dc := accounts.NewDeadlineConn(raw, opts.Dial(), opts.Budget)
	secure, err := secureConn(dctx, dc, srv, opts)
	if err != nil {
		raw.Close()
		return err
	}
	tap := opts.tap(srv)
	names := newNameConn(tap.Conn(secure))
	copts := &imapclient.Options{
		DebugWriter: opts.Debug,
		// ENVELOPE subjects and names in any charset the body parser
		// reads, not only UTF-8 and Latin-1 (RFC 2047).
		WordDecoder: message.WordDecoder(),
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			// Called on go-imap's reader goroutine: only a non-blocking send.
			Expunge: func(uint32) { conn.poke() },
			Mailbox: func(*imapclient.UnilateralDataMailbox) { conn.poke() },
			Fetch:   func(*imapclient.FetchMessageData) { conn.poke() },
		},
	}
	conn.setClient(imapclient.New(names, copts), dc, names)
	if err := conn.within(accounts.Budget{What: "greeting"}, conn.c.WaitGreeting); err != nil {
		conn.c.Close()
		return fmt.Errorf("imap: %s: greeting: %v: %w", srv.Addr(), err, accounts.ErrUnreachable)
	}
	if err := conn.login(srv, password); err != nil {
		conn.c.Close()
		return err
	}
	dc.SetTimeout(opts.Command())
	if err := conn.afterLogin(srv); err != nil {
		conn.c.Close()
		return err
	}
	conn.lsub = func(ctx context.Context) (map[string]bool, error) {
		return lsubSession(ctx, srv, password, opts)
	}
	conn.another = func(ctx context.Context) (*Conn, error) {
		o := opts
		o.Debug = nil // one writer per connection: Debug need not be safe for two
		return Dial(ctx, srv, password, o)
	}
	conn.again = func(ctx context.Context) error {
		conn.opts.Debug = nil
		return conn.connect(ctx, srv, password)
	}
	// CONDSTORE needs no ENABLE: SELECT (CONDSTORE) and STATUS
	// (HIGHESTMODSEQ) are enabling commands (RFC 7162 section 3.1).
	return nil
}

// secureConn protects c as srv.Security says: TLS at once, or after
// STARTTLS.
func secureConn(ctx context.Context, c *accounts.DeadlineConn, srv accounts.Server, opts Options) (net.Conn, error) {
	cfg := accounts.TLSConfig(opts.TLSConfig, srv.Host)
	switch srv.Security {
	case accounts.TLS:
		tc := tls.Client(c, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, accounts.TLSError("imap", srv.Addr(), err)
		}
		return tc, nil
	case accounts.STARTTLS:
		end := c.Begin(accounts.Budget{What: "STARTTLS", Bytes: maxPlainLines * 4096})
		defer end()
		tc, err := startTLS(ctx, c, cfg, srv.Addr())
		if t := c.Tripped(); t != nil {
			return nil, fmt.Errorf("imap: %s: STARTTLS: %w", srv.Addr(), t)
		}
		return tc, err
	}
	return nil, fmt.Errorf("imap: %s: unknown security %q", srv.Addr(), srv.Security)
}

// afterLogin asks the capabilities (they change with the login) and the
// namespace.
func (c *Conn) afterLogin(srv accounts.Server) error {
	err := c.within(c.small("CAPABILITY"), func() error {
		caps, err := c.c.Capability().Wait()
		c.caps = caps
		return err
	})
	if err != nil {
		return fmt.Errorf("imap: %s: capability: %w", srv.Addr(), err)
	}
	if !c.hasNamespace() {
		return nil
	}
	return c.within(c.small("NAMESPACE"), func() error {
		data, err := c.c.Namespace().Wait()
		if err != nil {
			return fmt.Errorf("imap: %s: namespace: %w", srv.Addr(), err)
		}
		c.ns = personalNamespace(data)
		return nil
	})
}

// tap is the support log's tap for a connection to srv: nil when the log
// keeps no conversations, or when a test reads them through Debug.
func (o Options) tap(srv accounts.Server) *support.IMAPTap {
	if o.Debug != nil {
		return nil
	}
	return support.IMAP(srv.Addr())
}

// login authenticates with AUTHENTICATE PLAIN when offered, else LOGIN.
func (c *Conn) login(srv accounts.Server, password string) error {
	return c.within(c.small("LOGIN"), func() error { return c.loginNow(srv, password) })
}

// loginNow is login without its budget.
func (c *Conn) loginNow(srv accounts.Server, password string) error {
	caps := c.c.Caps()
	if srv.Auth == accounts.OAuth2 {
		return c.loginOAuth(srv, password)
	}
	var err error
	if caps.Has(imap.AuthCap(sasl.Plain)) {
		err = c.c.Authenticate(sasl.NewPlainClient("", srv.Username, password))
	} else if caps.Has(imap.CapLoginDisabled) {
		return fmt.Errorf("imap: %s: the server allows neither LOGIN nor AUTHENTICATE PLAIN", srv.Addr())
	} else {
		err = c.c.Login(srv.Username, password).Wait()
	}
	if err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) {
			// RFC 5530 section 3: a refusal that is not about the password.
			switch ie.Code {
			case imap.ResponseCodeUnavailable:
				return fmt.Errorf("imap: %s: login as %s: %v: %w", srv.Addr(), srv.Username, err, accounts.ErrTemporary)
			case imap.ResponseCodeInUse:
				return fmt.Errorf("imap: %s: login as %s: %v: %w", srv.Addr(), srv.Username, err, accounts.ErrTryLater)
			}
		}
		if ie != nil && (ie.Type == imap.StatusResponseTypeNo || ie.Code == imap.ResponseCodeAuthenticationFailed) {
			return fmt.Errorf("imap: %s: login as %s: %v: %w", srv.Addr(), srv.Username, err, accounts.ErrAuthFailed)
		}
		return fmt.Errorf("imap: %s: login: %w", srv.Addr(), err)
	}
	return nil
}

// poke signals Wake without ever blocking.
func (c *Conn) poke() { c.wake.Kick() }

// Close logs out (briefly) and closes the connection.
func (c *Conn) Close() error {
	c.raw.SetTimeout(5 * time.Second)
	c.run("LOGOUT", func() error { return c.c.Logout().Wait() })
	return c.c.Close()
}

// selectFolder selects name unless it already is.
func (c *Conn) selectFolder(name string) (*imap.SelectData, error) {
	if c.selected == name && c.selectedData != nil {
		return c.selectedData, nil
	}
	var data *imap.SelectData
	err := c.within(c.small("SELECT"), func() error {
		c.names.mailbox(name)
		var err error
		data, err = c.c.Select(name, &imap.SelectOptions{CondStore: c.condStore()}).Wait()
		return err
	})
	if err != nil {
		c.selected, c.selectedData = "", nil
		return nil, fmt.Errorf("imap: select %q: %w", name, err)
	}
	c.selected, c.selectedData = name, data
	return data, nil
}

// forgetSelection makes the next selectFolder issue SELECT again, to get
// fresh UIDNEXT and counts.
func (c *Conn) forgetSelection() { c.selectedData = nil }
