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
	"github.com/tern-mail/tern/assets/i18n"
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
	case "print":
		err = e.print(ctx, args[1:])
	case "search":
		err = e.search(ctx, args[1:])
	case "import":
		err = e.importFiles(ctx, args[1:])
	case "export":
		err = e.exportFiles(ctx, args[1:])
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
		err = say(errUsage, "cli.error.unknown_command", i18n.Args{"Command": strconv.Quote(args[0])})
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
		fmt.Fprintln(e.io.err, "tern:", oneLine(personText(err)))
		return 75 // EX_TEMPFAIL
	case errors.Is(err, errUsage):
		fmt.Fprintln(e.io.err, "tern:", strings.TrimPrefix(personText(err), errUsage.Error()+": "))
		return 2
	default:
		fmt.Fprintln(e.io.err, "tern:", oneLine(personText(err)))
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
var errNoAccounts = say(nil, "cli.error.no_accounts")

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
	acct := fs.String("account", "", i18n.T("cli.flag.account_mail"))
	folder := fs.String("folder", "", i18n.T("cli.flag.list.folder"))
	limit := fs.Int("limit", 0, i18n.T("cli.flag.list.limit"))
	threads := fs.Bool("threads", false, i18n.T("cli.flag.list.threads"))
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
			return say(nil, "cli.error.no_folder", i18n.Args{"Folder": strconv.Quote(*folder)})
		}
	}
	msgs, err := e.store.ListMessages(ctx, q)
	if err != nil {
		return err
	}
	if *threads {
		return e.printWithConversations(ctx, msgs)
	}
	e.printSummaries(msgs)
	return nil
}

// printSummaries writes one tab-separated line per message. It is for
// scripts as much as for people: it is the same in every language.
func (e *env) printSummaries(msgs []storage.MessageSummary) {
	w := bufio.NewWriter(e.io.out)
	defer w.Flush()
	for _, m := range msgs {
		date := ""
		if !m.Date.IsZero() {
			date = m.Date.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", m.ID, date, oneLine(listedSender(m)), oneLine(m.Subject), m.FlagWords())
	}
}

// listedSender is the sender column of printSummaries: the name, else the
// address, else "(no sender)", in every language.
func listedSender(m storage.MessageSummary) string {
	if message.CleanHeader(m.FromName) == "" && message.RealAddress(m.FromAddr) == "" {
		return "(no sender)"
	}
	return message.SenderName(m.FromName, m.FromAddr)
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
		return say(errUsage, "cli.error.show_args")
	}
	id, err := messageID(pos[0])
	if err != nil {
		return err
	}
	m, err := e.store.Message(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return say(nil, "cli.error.no_message", i18n.Args{"ID": id})
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
	printHeader(w, m)
	if p == nil {
		reason := i18n.T("cli.show.no_body.gone")
		if fetchErr != nil {
			reason = personText(fetchErr)
		}
		fmt.Fprintf(w, "\n%s\n", i18n.T("cli.show.no_body", i18n.Args{"Reason": oneLine(reason)}))
		return nil
	}
	for _, warn := range p.Warnings {
		showLine(w, "cli.show.warning", warn)
	}
	fmt.Fprintf(w, "\n%s\n", strings.TrimRight(message.DisplayText(p.Text), "\r\n"))
	printAttachments(w, p)
	return nil
}

// printHeader writes the lines of tern show under the sender's: the
// recipients, date, subject and folder.
func printHeader(w io.Writer, m *storage.StoredMessage) {
	if m.To != "" {
		showLine(w, "cli.show.to", m.To)
	}
	if m.Cc != "" {
		showLine(w, "cli.show.cc", m.Cc)
	}
	if !m.Date.IsZero() {
		showLine(w, "cli.show.date", i18n.LongDate(m.Date))
	}
	showLine(w, "cli.show.subject", m.Subject)
	showLine(w, "cli.show.folder", m.FolderName)
}

// showLine writes one line of tern show: catalog message id, whose
// {{.Value}} is v made safe for the terminal.
func showLine(w io.Writer, id, v string) {
	fmt.Fprintln(w, i18n.T(id, i18n.Args{"Value": oneLine(v)}))
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
		fmt.Fprintln(w, i18n.N("cli.show.more_attachments", p.MoreParts))
	}
}

// printAttachment writes one attachment's line of tern show. The type is
// named from the real extension and content, never from the declared
// MIME type, which the sender chooses.
func printAttachment(w io.Writer, a message.Attachment) {
	k := message.KindOf(a)
	args := i18n.Args{"Name": oneLine(a.Filename), "Type": k.TypeName, "Size": message.SizeText(len(a.Data)), "What": k.TypeName}
	id := "cli.show.attachment"
	switch {
	case k.Dangerous:
		id = "cli.show.attachment.dangerous"
		if k.Ext != "" {
			args["What"] = i18n.T("cli.show.type_ext", i18n.Args{"Type": k.TypeName, "Ext": k.Ext})
		}
	case k.Browser:
		id = "cli.show.attachment.browser"
	}
	fmt.Fprintln(w, i18n.T(id, args))
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
	limit := fs.Int("limit", 0, i18n.T("cli.flag.search.limit"))
	acct := fs.String("account", "", i18n.T("cli.flag.account_mail"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return say(errUsage, "cli.error.search_args")
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
