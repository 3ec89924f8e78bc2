package engine

import (
	"context"
	"fmt"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
)

// DialIMAP logs in to an IMAP account on a connection of its own, for
// work that is not a sync: moving mail in (the import uploads with it)
// or out. The caller closes it.
func (e *Engine) DialIMAP(ctx context.Context, a accounts.Account) (*imap.Conn, error) {
	if a.Protocol != accounts.IMAP {
		return nil, fmt.Errorf("engine: %s is not an IMAP account", a.Address)
	}
	if a.Demo {
		var err error
		if a, err = e.StartDemo(ctx); err != nil {
			return nil, err
		}
	}
	var c *imap.Conn
	err := e.withCredential(ctx, a, func(secret string) error {
		var err error
		c, err = imap.Dial(ctx, a.Incoming, secret, e.imapOptions(a))
		return err
	})
	if err != nil {
		return nil, err
	}
	e.reachable(a.ID)
	return c, nil
}

// FetchBodies downloads the bodies the offline policy left on the server
// of an IMAP account's messages ids (local ids with their folder and
// UID), on one connection: an export needs every message whole.
func (e *Engine) FetchBodies(ctx context.Context, a accounts.Account, folder string, uids map[int64]uint32) error {
	if len(uids) == 0 {
		return nil
	}
	c, err := e.DialIMAP(ctx, a)
	if err != nil {
		return err
	}
	defer c.Close()
	for id, uid := range uids {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.FetchBody(ctx, e.st, folder, uid, id); err != nil {
			return err
		}
	}
	return nil
}
