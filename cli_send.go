package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// send composes, queues and sends one message.
func (e *env) send(ctx context.Context, args []string) error {
	fs := e.flags("send")
	acct := fs.String("account", "", "send from this account")
	to := fs.String("to", "", "recipients, comma separated")
	cc := fs.String("cc", "", "copy to")
	bcc := fs.String("bcc", "", "blind copy to (never shown to the others)")
	subject := fs.String("subject", "", "the subject")
	bodyFile := fs.String("body-file", "", "read the text from FILE, or - for standard input")
	var attach multiFlag
	fs.Var(&attach, "attach", "attach FILE (repeat for more)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	a, err := e.oneAccount(*acct)
	if err != nil {
		return err
	}
	d := message.Draft{Subject: *subject}
	for _, l := range []struct {
		dst *[]message.Address
		s   string
	}{{&d.To, *to}, {&d.Cc, *cc}, {&d.Bcc, *bcc}} {
		if *l.dst, err = message.ParseAddressList(l.s); err != nil {
			return fmt.Errorf("%w: %w", errUsage, err)
		}
	}
	if len(d.Recipients()) == 0 {
		return fmt.Errorf("%w: send needs --to (or --cc or --bcc)", errUsage)
	}
	switch *bodyFile {
	case "":
	case "-":
		b, err := io.ReadAll(e.io.in)
		if err != nil {
			return fmt.Errorf("read the text from standard input: %w", err)
		}
		d.Text = string(b)
	default:
		b, err := os.ReadFile(*bodyFile)
		if err != nil {
			return fmt.Errorf("read the text: %w", err)
		}
		d.Text = string(b)
	}
	d.Text = message.Sign(d.Text, a.Signature, "")
	for _, f := range attach {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("attach %s: %w", f, err)
		}
		d.Attachments = append(d.Attachments, message.OutAttachment{Filename: filepath.Base(f), Data: b})
	}
	id, err := e.engine.Queue(ctx, a.ID, d)
	if err != nil {
		return err
	}
	_, drainErr := e.engine.DrainOutbox(ctx, a)
	return e.sendResult(ctx, a, id, drainErr)
}

// errTempFail marks a message that did not go yet but will be tried
// again, or whose fate waits for the person (exit code 75, EX_TEMPFAIL).
var errTempFail = errors.New("not sent yet")

// sendResult says what became of outbox row id after the drain: nil only
// when the server accepted this very message.
func (e *env) sendResult(ctx context.Context, a accounts.Account, id int64, drainErr error) error {
	o, err := e.store.OutgoingByID(ctx, id)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && o.State == storage.OutboxSent) {
		fmt.Fprintf(e.io.out, "Sent from %s.\n", a.Address)
		return nil
	}
	if err != nil {
		return err
	}
	why := o.LastError
	if why == "" && drainErr != nil {
		why = drainErr.Error()
	}
	switch o.State {
	case storage.OutboxFailed:
		return fmt.Errorf("not sent: %s (it stays in the outbox: tern outbox)", why)
	case storage.OutboxUnknown:
		return fmt.Errorf("%w: unknown: %s; the message may already have been sent, so it is not sent again on its own: "+
			"tern outbox --resend %d sends it again, tern outbox --arrived %d files it as sent", errTempFail, why, id, id)
	}
	if why == "" {
		why = "another attempt is sending it"
	}
	return fmt.Errorf("%w: queued: %s; next try %s (tern sync, or Tern's window, sends it)", errTempFail, why, nextTry(o))
}

// nextTry says when a queued message is tried again.
func nextTry(o storage.Outgoing) string {
	if o.NextAttempt.IsZero() || !o.NextAttempt.After(time.Now()) {
		return "with the next sync"
	}
	return "at " + o.NextAttempt.Local().Format("15:04:05") + " or with the next sync"
}
