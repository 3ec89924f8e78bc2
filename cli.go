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
	default:
		err = fmt.Errorf("%w: unknown command %q (see tern --help)", errUsage, args[0])
	}
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

func (e *env) account(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: account needs add, list, signin, password or remove", errUsage)
	}
	switch args[0] {
	case "add":
		return e.accountAdd(ctx, args[1:])
	case "list":
		for _, a := range e.manager.List() {
			fmt.Fprintf(e.io.out, "%s\t%s\t%s %s\t%s\n", a.Address, a.Protocol, a.Incoming.Addr(), a.Incoming.Security, a.Name)
		}
		return nil
	case "detect":
		return e.accountDetect(ctx, args[1:])
	case "signin":
		return e.accountSignIn(ctx, args[1:])
	case "password":
		return e.accountPassword(ctx, args[1:])
	case "remove":
		pos, err := parse(e.flags("account remove"), args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return fmt.Errorf("%w: account remove takes one address", errUsage)
		}
		a, err := e.manager.Get(pos[0])
		if err != nil {
			return err
		}
		if err := e.manager.Remove(ctx, a.ID); err != nil {
			return err
		}
		fmt.Fprintf(e.io.out, "Removed %s and the mail stored for it on this computer.\n", a.Address)
		return nil
	}
	return fmt.Errorf("%w: unknown account command %q", errUsage, args[0])
}

// defaultPort is the standard port for a protocol and security mode.
func defaultPort(proto string, sec accounts.Security) int {
	tls := sec == accounts.TLS
	switch proto {
	case "imap":
		if tls {
			return 993
		}
		return 143
	case "pop3":
		if tls {
			return 995
		}
		return 110
	case "smtp":
		if tls {
			return 465
		}
		return 587
	}
	return 0
}

func (e *env) accountAdd(ctx context.Context, args []string) error {
	fs := e.flags("account add")
	email := fs.String("email", "", "the email `address`")
	name := fs.String("name", "", "your name as recipients see it")
	proto := fs.String("protocol", "", "imap or pop3")
	host := fs.String("host", "", "incoming mail server")
	port := fs.Int("port", 0, "incoming port (default by protocol and security)")
	sec := fs.String("security", "tls", "incoming security: tls or starttls")
	user := fs.String("username", "", "login name (default: the address)")
	smtpHost := fs.String("smtp-host", "", "outgoing (SMTP) server")
	smtpPort := fs.Int("smtp-port", 0, "outgoing port (default 465 for tls, 587 for starttls)")
	smtpSec := fs.String("smtp-security", "tls", "outgoing security: tls or starttls")
	policy := fs.String("pop3-policy", "keep", "POP3: keep, delete or delete-after-days")
	days := fs.Int("pop3-days", 0, "POP3: days to keep mail on the server with delete-after-days")
	delHere := fs.Bool("pop3-delete-on-server", false, "POP3: when a message is deleted here, delete it on the server too")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	authMode := fs.String("auth", "password", "how to sign in: password, or oauth2 (in the web browser)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	oauth2 := *authMode == "oauth2"
	if !oauth2 && *authMode != "password" {
		return fmt.Errorf("%w: --auth is password or oauth2, not %q", errUsage, *authMode)
	}
	if *email == "" {
		return fmt.Errorf("%w: account add needs --email", errUsage)
	}
	if *host != "" && *proto == "" {
		return fmt.Errorf("%w: account add with --host needs --protocol", errUsage)
	}
	if !*pwStdin && !oauth2 {
		return fmt.Errorf("%w: account add needs --password-stdin (passwords are never taken as arguments) or --auth oauth2", errUsage)
	}
	var pw string
	if !oauth2 {
		var err error
		if pw, err = readPassword(e.io.in); err != nil {
			return err
		}
	}
	if *host == "" {
		// No server given: find the settings like the wizard does.
		cfg, err := e.engine.Discover(ctx, *email)
		if err != nil {
			return fmt.Errorf("could not find the settings for %s; give them with --host: %w", *email, err)
		}
		if cfg.OAuthOnly && !oauth2 {
			return fmt.Errorf("%s only lets mail programs sign in through its own web page (OAuth2); add the account with --auth oauth2", cfg.Provider)
		}
		a, err := cfg.Account(*name, *email, strings.ToLower(*proto))
		if err != nil {
			return err
		}
		if *user != "" {
			a.Incoming.Username, a.Outgoing.Username = *user, *user
		}
		if a.Protocol == accounts.POP3 {
			a.POP3 = accounts.POP3Options{Policy: accounts.ServerPolicy(*policy), Days: *days, DeleteOnServerWhenDeleted: *delHere}
		}
		a, err = e.saveAccount(ctx, a, pw, oauth2)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.io.out, "Added %s (%s, %s), with settings from %s.\n", a.Address, strings.ToUpper(string(a.Protocol)), a.Incoming.Addr(), cfg.Source)
		if cfg.Instruction != "" {
			fmt.Fprintf(e.io.err, "Note: %s %s\n", cfg.Instruction, cfg.HelpURL)
		}
		return nil
	}
	a := accounts.Account{
		Name:     *name,
		Address:  *email,
		Protocol: accounts.Protocol(strings.ToLower(*proto)),
		Incoming: accounts.Server{Host: *host, Port: *port, Security: accounts.Security(*sec), Username: *user},
		POP3:     accounts.POP3Options{Policy: accounts.ServerPolicy(*policy), Days: *days, DeleteOnServerWhenDeleted: *delHere},
	}
	if a.Incoming.Port == 0 {
		a.Incoming.Port = defaultPort(string(a.Protocol), a.Incoming.Security)
	}
	if *smtpHost != "" {
		a.Outgoing = accounts.Server{Host: *smtpHost, Port: *smtpPort, Security: accounts.Security(*smtpSec), Username: *user}
		if a.Outgoing.Port == 0 {
			a.Outgoing.Port = defaultPort("smtp", a.Outgoing.Security)
		}
	}
	if a.Protocol != accounts.POP3 {
		a.POP3 = accounts.POP3Options{}
	}
	a, err := e.saveAccount(ctx, a, pw, oauth2)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.io.out, "Added %s (%s, %s).\n", a.Address, strings.ToUpper(string(a.Protocol)), a.Incoming.Addr())
	return nil
}

// accountDetect prints what discovery finds for an address.
func (e *env) accountDetect(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("account detect"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: account detect takes one address", errUsage)
	}
	cfg, err := e.engine.Discover(ctx, pos[0])
	if err != nil {
		return err
	}
	w := e.io.out
	fmt.Fprintf(w, "source\t%s\n", cfg.Source)
	if cfg.Provider != "" {
		fmt.Fprintf(w, "provider\t%s\n", cfg.Provider)
	}
	for _, s := range cfg.Incoming {
		fmt.Fprintf(w, "incoming\t%s\t%s\t%s\t%s\n", s.Protocol, s.Addr(), s.Security, s.Username)
	}
	for _, s := range cfg.Outgoing {
		fmt.Fprintf(w, "outgoing\t%s\t%s\t%s\t%s\n", s.Protocol, s.Addr(), s.Security, s.Username)
	}
	if cfg.OAuthOnly {
		fmt.Fprintln(w, "note\tthis provider allows only OAuth2 sign-in, which Tern does not support yet")
	}
	if cfg.Instruction != "" {
		fmt.Fprintf(w, "note\t%s\n", cfg.Instruction)
	}
	if cfg.HelpURL != "" {
		fmt.Fprintf(w, "help\t%s\n", cfg.HelpURL)
	}
	return nil
}

// readPassword reads one line (or everything) from r, without the line end.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", fmt.Errorf("no password on standard input")
	}
	return pw, nil
}

// selectAccounts returns the account named by addr, or all when empty.
// errNoAccounts is what a command that needs an account says when there
// is none.
var errNoAccounts = errors.New("no accounts yet (add one with tern account add)")

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
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", m.ID, date, field(m.From()), field(m.Subject), m.FlagWords())
	}
}

// field makes text safe for one tab-separated column: text from mail
// never reaches the terminal with control characters (escape sequences
// would be run by it), tabs or line breaks.
func field(s string) string { return message.CleanHeader(s) }

// oneLine joins a multi-line error into one line, without control
// characters: errors may quote text from mail.
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
	// or message.CleanText (the body): mail never writes control
	// characters to the terminal.
	from := message.DisplayAddress(m.FromAddr)
	if m.FromName != "" {
		from = message.Address{Name: field(m.FromName), Email: from}.String()
	}
	fmt.Fprintf(w, "From: %s\n", field(from))
	if c := message.CheckSender(m.FromName, m.FromAddr); c.Spoofed {
		fmt.Fprintf(w, "Warning: the sender's name shows %s, but the message is from %s.\n",
			field(c.Embedded), field(message.DisplayAddress(m.FromAddr)))
	}
	if m.To != "" {
		fmt.Fprintf(w, "To: %s\n", field(m.To))
	}
	if m.Cc != "" {
		fmt.Fprintf(w, "Cc: %s\n", field(m.Cc))
	}
	if !m.Date.IsZero() {
		fmt.Fprintf(w, "Date: %s\n", m.Date.Format(time.RFC1123Z))
	}
	fmt.Fprintf(w, "Subject: %s\n", field(m.Subject))
	fmt.Fprintf(w, "Folder: %s\n", field(m.FolderName))
	if m.Raw == nil {
		// Left on the server by the offline policy: fetch it now.
		if err := e.engine.FetchBody(ctx, id); err != nil {
			fmt.Fprintf(w, "\n(The body of this message is not on this computer and could not be fetched: %s)\n", oneLine(err.Error()))
			return nil
		}
		if m, err = e.store.Message(ctx, id); err != nil {
			return err
		}
	}
	p := message.Parse(m.Raw)
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "Warning: %s\n", field(warn))
	}
	fmt.Fprintf(w, "\n%s\n", strings.TrimRight(message.CleanText(p.Text), "\r\n"))
	for _, a := range p.Attachments {
		if a.Inline && strings.HasPrefix(a.ContentType, "image/") {
			continue
		}
		// The type is named from the real extension, never from the
		// declared MIME type, which the sender chooses.
		k := message.AttachmentKind(a.Filename, a.ContentType)
		note := ""
		if k.Dangerous {
			note = fmt.Sprintf(" — %s (%s): it can run code on this computer; do not open it", k.TypeName, k.Ext)
		}
		fmt.Fprintf(w, "Attachment: %s (%s, %s)%s\n", field(a.Filename), k.TypeName, message.SizeText(len(a.Data)), note)
	}
	return nil
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
