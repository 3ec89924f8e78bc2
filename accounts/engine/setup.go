package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/accounts/netwatch"
	"github.com/tern-mail/tern/accounts/pop3"
	"github.com/tern-mail/tern/accounts/smtp"
)

// Discover finds server settings for an address (see autoconfig).
func (e *Engine) Discover(ctx context.Context, address string) (*autoconfig.Config, error) {
	return autoconfig.Discover(ctx, address, e.opts.Discovery)
}

// networkConnected tells whether the computer has a network at all;
// tests replace it.
var networkConnected = netwatch.Connected

// TestLogin logs in to an account's incoming and outgoing servers with
// password, as the wizard does before saving anything. When a server
// could not be found or reached and the computer has no network, the
// error wraps netwatch.ErrNoNetwork too: without a network a name is not
// found (the usual words), yet the name is not the problem.
func (e *Engine) TestLogin(ctx context.Context, a accounts.Account, password string) error {
	err := e.testLogin(ctx, a, password)
	if (errors.Is(err, accounts.ErrServerNotFound) || errors.Is(err, accounts.ErrUnreachable)) && !networkConnected() {
		return fmt.Errorf("%w: %w", err, netwatch.ErrNoNetwork)
	}
	return err
}

// testLogin is TestLogin's work.
func (e *Engine) testLogin(ctx context.Context, a accounts.Account, password string) error {
	switch a.Protocol {
	case accounts.IMAP:
		c, err := imap.Dial(ctx, a.Incoming, password, e.imapOptions(a))
		if err != nil {
			return err
		}
		c.Close()
	case accounts.POP3:
		c, err := pop3.Dial(ctx, a.Incoming, password, e.opts.POP3)
		if err != nil {
			return err
		}
		c.Close()
	default:
		return fmt.Errorf("setup: unknown protocol %q", a.Protocol)
	}
	if a.Outgoing.Host != "" {
		if err := smtp.Check(ctx, a.Outgoing, password, e.smtpOptions(a)); err != nil {
			return fmt.Errorf("outgoing server: %w", err)
		}
	}
	return nil
}

// AddAccount saves a tested account (its password in the keychain) and
// starts its first sync in the background.
func (e *Engine) AddAccount(ctx context.Context, a accounts.Account, password string) (accounts.Account, error) {
	a, err := e.m.Add(ctx, a, password)
	if err != nil {
		return a, err
	}
	e.StartAccount(a)
	return a, nil
}
