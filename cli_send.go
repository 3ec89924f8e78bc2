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
	"github.com/tern-mail/tern/assets/i18n"
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
	acct := fs.String("account", "", i18n.T("cli.flag.send.account"))
	to := fs.String("to", "", i18n.T("cli.flag.send.to"))
	cc := fs.String("cc", "", i18n.T("cli.flag.send.cc"))
	bcc := fs.String("bcc", "", i18n.T("cli.flag.send.bcc"))
	subject := fs.String("subject", "", i18n.T("cli.flag.send.subject"))
	bodyFile := fs.String("body-file", "", i18n.T("cli.flag.send.body_file"))
	var attach multiFlag
	fs.Var(&attach, "attach", i18n.T("cli.flag.send.attach"))
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
			return notAddresses(err)
		}
	}
	if len(d.Recipients()) == 0 {
		return say(errUsage, "cli.error.send_to")
	}
	switch *bodyFile {
	case "":
	case "-":
		b, err := io.ReadAll(e.io.in)
		if err != nil {
			return say(nil, "cli.error.read_text_stdin", i18n.Args{"Error": err})
		}
		d.Text = string(b)
	default:
		b, err := os.ReadFile(*bodyFile)
		if err != nil {
			return say(nil, "cli.error.read_text", i18n.Args{"Error": err})
		}
		d.Text = string(b)
	}
	d.Text = message.Sign(d.Text, a.Signature, "")
	for _, f := range attach {
		b, err := os.ReadFile(f)
		if err != nil {
			return say(nil, "cli.error.attach", i18n.Args{"File": f, "Error": err})
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
		fmt.Fprintln(e.io.out, i18n.T("cli.send.sent", i18n.Args{"Address": a.Address}))
		return nil
	}
	if err != nil {
		return err
	}
	why := o.Reason()
	if why == "" && drainErr != nil {
		why = personText(drainErr)
	}
	args := i18n.Args{"Reason": why, "ID": id}
	switch o.State {
	case storage.OutboxFailed:
		return say(nil, "cli.send.failed", args)
	case storage.OutboxUnknown:
		return say(errTempFail, "cli.send.unknown", args)
	}
	if why == "" {
		args["Reason"] = i18n.T("cli.send.another_attempt")
	}
	if o.NextAttempt.IsZero() || !o.NextAttempt.After(time.Now()) {
		return say(errTempFail, "cli.send.queued", args)
	}
	args["Time"] = i18n.ShortDate(o.NextAttempt, time.Now())
	return say(errTempFail, "cli.send.queued_until", args)
}

// notAddresses is the usage error of a recipient flag that is not a list
// of addresses.
func notAddresses(err error) error {
	var ae *message.AddressError
	if !errors.As(err, &ae) {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	quoted := `"` + strings.ReplaceAll(ae.Text, `"`, `\"`) + `"`
	return say(errUsage, "cli.error.not_addresses", i18n.Args{"Text": quoted, "Reason": ae.Reason})
}
