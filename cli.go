package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// errUsage marks errors in how a command was called (exit code 2).
var errUsage = errors.New("usage")

// command runs one CLI command and returns the exit code. Errors are one
// line on stderr.
func (e *env) command(ctx context.Context, args []string) int {
	var err error
	switch args[0] {
	case "account":
		err = e.account(ctx, args[1:])
	case "list":
		err = e.list(ctx, args[1:])
	case "show":
		err = e.show(ctx, args[1:])
	case "search":
		err = e.search(ctx, args[1:])
	case "import":
		err = e.importFiles(ctx, args[1:])
	case "sync":
		err = e.sync(ctx, args[1:])
	case "folders":
		err = e.folders(ctx, args[1:])
	case "mark":
		err = e.mark(ctx, args[1:])
	case "move":
		err = e.move(ctx, args[1:])
	case "delete":
		err = e.delete(ctx, args[1:])
	case "folder":
		err = e.folder(ctx, args[1:])
	case "send":
		err = e.send(ctx, args[1:])
	case "outbox":
		err = e.outbox(ctx, args[1:])
	case "keychain-check":
		err = e.keychainCheck(ctx, args[1:])
	default:
		err = fmt.Errorf("%w: unknown command %q (see tern --help)", errUsage, args[0])
	}
	return e.finish(ctx, err)
}

// finish prints the notices a command left and its error, and returns
// the command's exit status.
func (e *env) finish(ctx context.Context, err error) int {
	if errors.Is(err, errKeychainMissing) {
		e.printNotices(ctx, storage.NoticeKeychainMissing)
	} else {
		e.printNotices(ctx)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case e.manager != nil && tellTrouble(e.io.err, err, e.manager.ProfileDir()):
		return 74 // EX_IOERR
	case errors.Is(err, errTempFail):
		fmt.Fprintln(e.io.err, "tern:", oneLine(strings.TrimPrefix(err.Error(), errTempFail.Error()+": ")))
		return 75 // EX_TEMPFAIL
	case errors.Is(err, errUsage):
		fmt.Fprintln(e.io.err, "tern:", strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	default:
		fmt.Fprintln(e.io.err, "tern:", oneLine(err.Error()))
		return 1
	}
}

// flags returns a flag set for a subcommand whose errors come back to us.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("tern "+name, flag.ContinueOnError)
	fs.SetOutput(e.io.err)
	return fs
}

// parse parses a subcommand's flags, allowing them before and after the
// positional arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// errNoAccounts is what a command that needs an account says when there
// is none.
var errNoAccounts = errors.New("no accounts yet (add one with tern account add)")

// selectAccounts returns the account named by addr, or all when empty.
func (e *env) selectAccounts(addr string) ([]accounts.Account, error) {
	if addr == "" {
		return e.manager.List(), nil
	}
	a, err := e.manager.Get(addr)
	if err != nil {
		return nil, err
	}
	return []accounts.Account{a}, nil
}

func (e *env) list(ctx context.Context, args []string) error {
	fs := e.flags("list")
	acct := fs.String("account", "", "only this account's mail")
	folder := fs.String("folder", "", "only this folder (INBOX in any case)")
	limit := fs.Int("limit", 0, "at most `N` messages")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	accts, err := e.selectAccounts(*acct)
	if err != nil {
		return err
	}
	if len(accts) == 0 {
		return errNoAccounts
	}
	var q storage.ListQuery
	q.Limit = *limit
	if *acct != "" {
		q.AccountID = accts[0].ID
	}
	if *folder != "" {
		for _, a := range accts {
			f, err := e.store.FolderByName(ctx, a.ID, *folder)
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			q.FolderIDs = append(q.FolderIDs, f.ID)
		}
		if len(q.FolderIDs) == 0 {
			return fmt.Errorf("no folder called %q", *folder)
		}
	}
	msgs, err := e.store.ListMessages(ctx, q)
	if err != nil {
		return err
	}
	e.printSummaries(msgs)
	return nil
}

// printSummaries writes one tab-separated line per message.
func (e *env) printSummaries(msgs []storage.MessageSummary) {
	w := bufio.NewWriter(e.io.out)
	defer w.Flush()
	for _, m := range msgs {
		date := ""
		if !m.Date.IsZero() {
			date = m.Date.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", m.ID, date, oneLine(message.SenderName(m.FromName, m.FromAddr)), oneLine(m.Subject), m.FlagWords())
	}
}

// oneLine makes text safe to print as one line, or as one tab-separated
// column: text from mail (which errors may quote too) never reaches the
// terminal with control characters (escape sequences would be run by it),
// tabs or line breaks.
func oneLine(s string) string { return message.CleanHeader(s) }

func (e *env) show(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("show"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: show takes one message id", errUsage)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not a message id (the first column of tern list)", errUsage, pos[0])
	}
	m, err := e.store.Message(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("no message with id %d", id)
	}
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.io.out)
	defer w.Flush()
	// Everything printed from the message goes through field (headers)
	// or message.DisplayText (the body): mail never writes control
	// characters to the terminal.
	m, p, fetchErr, err := e.withBody(ctx, m)
	if err != nil {
		return err
	}
	printSenders(w, m, p)
	if m.To != "" {
		fmt.Fprintf(w, "To: %s\n", oneLine(m.To))
	}
	if m.Cc != "" {
		fmt.Fprintf(w, "Cc: %s\n", oneLine(m.Cc))
	}
	if !m.Date.IsZero() {
		fmt.Fprintf(w, "Date: %s\n", m.Date.Format(time.RFC1123Z))
	}
	fmt.Fprintf(w, "Subject: %s\n", oneLine(m.Subject))
	fmt.Fprintf(w, "Folder: %s\n", oneLine(m.FolderName))
	if p == nil {
		reason := "it is not on the server any more"
		if fetchErr != nil {
			reason = fetchErr.Error()
		}
		fmt.Fprintf(w, "\n(The body of this message is not on this computer and could not be fetched: %s)\n", oneLine(reason))
		return nil
	}
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "Warning: %s\n", oneLine(warn))
	}
	fmt.Fprintf(w, "\n%s\n", strings.TrimRight(message.DisplayText(p.Text), "\r\n"))
	printAttachments(w, p)
	return nil
}

// printAttachments writes the attachment lines of tern show, and how
// many parts past the limit were not read.
func printAttachments(w io.Writer, p *message.Parsed) {
	for _, a := range p.Attachments {
		if a.Inline && strings.HasPrefix(a.ContentType, "image/") {
			continue
		}
		printAttachment(w, a)
	}
	if p.MoreParts > 0 {
		fmt.Fprintf(w, "Attachments: and %d more not listed\n", p.MoreParts)
	}
}

// printAttachment writes one attachment's line of tern show. The type is
// named from the real extension and content, never from the declared
// MIME type, which the sender chooses.
func printAttachment(w io.Writer, a message.Attachment) {
	k := message.KindOf(a)
	note := ""
	switch what := k.TypeName; {
	case k.Dangerous:
		if k.Ext != "" {
			what += " (" + k.Ext + ")"
		}
		note = " — " + what + ": it can run code on this computer; do not open it"
	case k.Browser:
		note = " — " + what + ": it opens in a web browser, which would run any script in it"
	}
	fmt.Fprintf(w, "Attachment: %s (%s, %s)%s\n", oneLine(a.Filename), k.TypeName, message.SizeText(len(a.Data)), note)
}

// withBody returns m with its source, fetched now when the offline
// policy left it on the server, and the source parsed (nil, with the
// reason in fetchErr, when it could not be fetched).
func (e *env) withBody(ctx context.Context, m *storage.StoredMessage) (_ *storage.StoredMessage, _ *message.Parsed, fetchErr, err error) {
	if m.Raw == nil {
		if fetchErr = e.engine.FetchBody(ctx, m.ID); fetchErr == nil {
			if m, err = e.store.Message(ctx, m.ID); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	if m.Raw == nil {
		return m, nil, fetchErr, nil
	}
	return m, message.Parse(m.Raw), nil, nil
}

func (e *env) search(ctx context.Context, args []string) error {
	fs := e.flags("search")
	limit := fs.Int("limit", 0, "at most `N` results")
	acct := fs.String("account", "", "only this account's mail")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("%w: search needs words to look for", errUsage)
	}
	q := storage.SearchQuery{Text: strings.Join(pos, " "), Limit: *limit}
	if *acct != "" {
		a, err := e.manager.Get(*acct)
		if err != nil {
			return err
		}
		q.AccountID = a.ID
	}
	msgs, err := e.store.Search(ctx, q)
	if err != nil {
		return err
	}
	e.printSummaries(msgs)
	return nil
}
