package main

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// outbox lists the messages not sent yet, one tab-separated line each
// (id, state, attempts, next try, subject, last error), or settles one
// whose fate is unknown (--resend, --arrived).
func (e *env) outbox(ctx context.Context, args []string) error {
	fs := e.flags("outbox")
	acct := fs.String("account", "", i18n.T("cli.flag.outbox.account"))
	resend := fs.Int64("resend", 0, i18n.T("cli.flag.outbox.resend"))
	arrived := fs.Int64("arrived", 0, i18n.T("cli.flag.outbox.arrived"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return say(errUsage, "cli.error.outbox_args")
	}
	switch {
	case *resend != 0:
		if err := e.engine.ResendOutgoing(ctx, *resend); err != nil {
			return err
		}
		fmt.Fprintln(e.io.out, i18n.T("cli.outbox.resend", i18n.Args{"ID": *resend}))
		return nil
	case *arrived != 0:
		if err := e.engine.ConfirmOutgoingSent(ctx, *arrived); err != nil {
			return err
		}
		fmt.Fprintln(e.io.out, i18n.T("cli.outbox.arrived", i18n.Args{"ID": *arrived}))
		return nil
	}
	return e.printOutbox(ctx, *acct)
}

// printOutbox writes the outbox of one account (all when addr is empty),
// in the same words in every language: it is for scripts too.
func (e *env) printOutbox(ctx context.Context, addr string) error {
	accountID := ""
	if addr != "" {
		a, err := e.oneAccount(addr)
		if err != nil {
			return err
		}
		accountID = a.ID
	}
	// Attempts left by a Tern that died are settled first, so the list
	// tells the truth about them.
	if _, err := e.store.RecoverOutgoing(ctx, accountID); err != nil {
		return err
	}
	rows, err := e.store.Outbox(ctx, accountID)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.io.out)
	defer w.Flush()
	for _, o := range rows {
		next := ""
		if o.State == storage.OutboxQueued {
			next = "now"
			if !o.NextAttempt.IsZero() {
				next = o.NextAttempt.Format(time.RFC3339)
			}
		}
		fmt.Fprintf(w, "%d\t%s\t%d\t%s\t%s\t%s\n", o.ID, o.State, o.Attempts, next,
			oneLine(message.Parse(o.Raw).Subject), oneLine(o.LastError))
	}
	return nil
}
