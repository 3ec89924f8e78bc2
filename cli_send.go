package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
	if _, err := e.engine.Queue(ctx, a.ID, d); err != nil {
		return err
	}
	n, err := e.engine.DrainOutbox(ctx, a)
	if err != nil {
		if n == 0 {
			return fmt.Errorf("not sent, kept in the outbox: %w", err)
		}
		return err
	}
	fmt.Fprintf(e.io.out, "Sent from %s.\n", a.Address)
	return nil
}
