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

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// account runs `tern account SUBCOMMAND`.
func (e *env) account(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return say(errUsage, "cli.error.account_args")
	}
	switch args[0] {
	case "add":
		return e.accountAdd(ctx, args[1:])
	case "list":
		e.accountList()
		return nil
	case "detect":
		return e.accountDetect(ctx, args[1:])
	case "signin":
		return e.accountSignIn(ctx, args[1:])
	case "password":
		return e.accountPassword(ctx, args[1:])
	case "remove":
		return e.accountRemove(ctx, args[1:])
	}
	return say(errUsage, "cli.error.unknown_account_command", i18n.Args{"Command": strconv.Quote(args[0])})
}

// accountList prints one line per account: address, protocol, incoming
// server and security, name.
func (e *env) accountList() {
	for _, a := range e.manager.List() {
		fmt.Fprintf(e.io.out, "%s\t%s\t%s %s\t%s\n", a.Address, a.Protocol, a.Incoming.Addr(), a.Incoming.Security, a.Name)
	}
}

// accountRemove removes an account and the mail stored for it here.
func (e *env) accountRemove(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("account remove"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return say(errUsage, "cli.error.remove_args")
	}
	a, err := e.manager.Get(pos[0])
	if err != nil {
		return err
	}
	if err := e.manager.Remove(ctx, a.ID); err != nil {
		return err
	}
	fmt.Fprintln(e.io.out, i18n.T("cli.account.removed", i18n.Args{"Address": a.Address}))
	return nil
}

// saveAccount saves a new account. With a password, it goes into the
// keychain. With oauth2, the user signs in in the browser (the sign-in
// address is printed as one line on stdout), the mail and SMTP servers are
// tried with the token, and only its refresh token is kept, in the
// keychain. Without a keychain nothing could be kept past this command, so
// the account is not saved and the error says why.
func (e *env) saveAccount(ctx context.Context, a accounts.Account, pw string, oauth2 bool) (accounts.Account, error) {
	if !oauth2 {
		saved, err := e.manager.Add(ctx, a, pw)
		if err != nil {
			return saved, err
		}
		return saved, e.keptOrUndo(ctx, saved)
	}
	a.Incoming.Auth = accounts.OAuth2
	if a.Outgoing.Host != "" {
		a.Outgoing.Auth = accounts.OAuth2
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	tok, err := e.engine.SignIn(ctx, a, e.printSignInURL)
	if err != nil {
		return a, err
	}
	if err := e.engine.TestOAuthLogin(ctx, a, tok); err != nil {
		return a, err
	}
	saved, err := e.manager.Add(ctx, a, "")
	if err != nil {
		return saved, err
	}
	if err := e.engine.SaveSignIn(ctx, saved, tok); err != nil {
		e.manager.Remove(ctx, saved.ID)
		return saved, err
	}
	return saved, e.keptOrUndo(ctx, saved)
}

// keptOrUndo removes the account just added when its secret went only into
// memory, and says so.
func (e *env) keptOrUndo(ctx context.Context, a accounts.Account) error {
	if !e.manager.KeychainMissing() {
		return nil
	}
	e.manager.Remove(ctx, a.ID)
	return errKeychainMissing
}

// printSignInURL is the command line's "browser": one line on stdout with
// the address to open.
func (e *env) printSignInURL(u string) error {
	_, err := fmt.Fprintln(e.io.out, i18n.T("cli.account.open_url", i18n.Args{"URL": u}))
	return err
}

// accountSignIn repeats the browser sign-in for an existing account.
func (e *env) accountSignIn(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("account signin"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return say(errUsage, "cli.error.signin_args")
	}
	a, err := e.manager.Get(pos[0])
	if err != nil {
		return err
	}
	if a.Incoming.Auth != accounts.OAuth2 {
		return say(nil, "cli.error.signs_in_with_password", i18n.Args{"Address": a.Address})
	}
	tok, err := e.engine.SignIn(ctx, a, e.printSignInURL)
	if err != nil {
		return err
	}
	if err := e.engine.TestOAuthLogin(ctx, a, tok); err != nil {
		return err
	}
	if err := e.engine.SaveSignIn(ctx, a, tok); err != nil {
		return err
	}
	if e.manager.KeychainMissing() {
		return errKeychainMissing
	}
	fmt.Fprintln(e.io.out, i18n.T("cli.account.signed_in", i18n.Args{"Address": a.Address}))
	return nil
}

// accountPassword replaces an account's password after checking it with
// the servers.
func (e *env) accountPassword(ctx context.Context, args []string) error {
	fs := e.flags("account password")
	pwStdin := fs.Bool("password-stdin", false, i18n.T("cli.flag.password_stdin_new"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return say(errUsage, "cli.error.password_args")
	}
	if !*pwStdin {
		return say(errUsage, "cli.error.password_stdin")
	}
	a, err := e.manager.Get(pos[0])
	if err != nil {
		return err
	}
	if a.Incoming.Auth == accounts.OAuth2 {
		return say(nil, "cli.error.signs_in_with_browser", i18n.Args{"Address": a.Address})
	}
	pw, err := readPassword(e.io.in)
	if err != nil {
		return err
	}
	if err := e.engine.SetPassword(ctx, a, pw); err != nil {
		return err
	}
	if e.manager.KeychainMissing() {
		return errKeychainMissing
	}
	fmt.Fprintln(e.io.out, i18n.T("cli.account.password_saved", i18n.Args{"Address": a.Address}))
	return nil
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

// addOptions are the flags of `tern account add`.
type addOptions struct {
	email, name, proto, host, sec, user string
	port                                int
	smtpHost, smtpSec                   string
	smtpPort                            int
	policy                              string
	days                                int
	delHere, pwStdin                    bool
	authMode                            string
}

// addFlags is the flag set of `tern account add`, filling o.
func (e *env) addFlags(o *addOptions) *flag.FlagSet {
	fs := e.flags("account add")
	fs.StringVar(&o.email, "email", "", i18n.T("cli.flag.add.email"))
	fs.StringVar(&o.name, "name", "", i18n.T("cli.flag.add.name"))
	fs.StringVar(&o.proto, "protocol", "", i18n.T("cli.flag.add.protocol"))
	fs.StringVar(&o.host, "host", "", i18n.T("cli.flag.add.host"))
	fs.IntVar(&o.port, "port", 0, i18n.T("cli.flag.add.port"))
	fs.StringVar(&o.sec, "security", "tls", i18n.T("cli.flag.add.security"))
	fs.StringVar(&o.user, "username", "", i18n.T("cli.flag.add.username"))
	fs.StringVar(&o.smtpHost, "smtp-host", "", i18n.T("cli.flag.add.smtp_host"))
	fs.IntVar(&o.smtpPort, "smtp-port", 0, i18n.T("cli.flag.add.smtp_port"))
	fs.StringVar(&o.smtpSec, "smtp-security", "tls", i18n.T("cli.flag.add.smtp_security"))
	fs.StringVar(&o.policy, "pop3-policy", "keep", i18n.T("cli.flag.add.pop3_policy"))
	fs.IntVar(&o.days, "pop3-days", 0, i18n.T("cli.flag.add.pop3_days"))
	fs.BoolVar(&o.delHere, "pop3-delete-on-server", false, i18n.T("cli.flag.add.pop3_delete_on_server"))
	fs.BoolVar(&o.pwStdin, "password-stdin", false, i18n.T("cli.flag.add.password_stdin"))
	fs.StringVar(&o.authMode, "auth", "password", i18n.T("cli.flag.add.auth"))
	return fs
}

// oauth2 tells whether the account signs in with OAuth2; it fails on an
// --auth that is neither oauth2 nor password, and on flags missing for
// the rest.
func (o *addOptions) oauth2() (bool, error) {
	oauth2 := o.authMode == "oauth2"
	if !oauth2 && o.authMode != "password" {
		return false, say(errUsage, "cli.error.auth_value", i18n.Args{"Value": strconv.Quote(o.authMode)})
	}
	if o.email == "" {
		return false, say(errUsage, "cli.error.add_email")
	}
	if o.host != "" && o.proto == "" {
		return false, say(errUsage, "cli.error.add_protocol")
	}
	if !o.pwStdin && !oauth2 {
		return false, say(errUsage, "cli.error.add_password")
	}
	return oauth2, nil
}

// pop3Options are the POP3 settings the flags ask for.
func (o *addOptions) pop3Options() accounts.POP3Options {
	return accounts.POP3Options{Policy: accounts.ServerPolicy(o.policy), Days: o.days, DeleteOnServerWhenDeleted: o.delHere}
}

// accountAdd adds an account: with the servers given, or, without
// --host, with the settings discovery finds.
func (e *env) accountAdd(ctx context.Context, args []string) error {
	var o addOptions
	if _, err := parse(e.addFlags(&o), args); err != nil {
		return err
	}
	oauth2, err := o.oauth2()
	if err != nil {
		return err
	}
	var pw string
	if !oauth2 {
		if pw, err = readPassword(e.io.in); err != nil {
			return err
		}
	}
	if o.host == "" {
		return e.accountAddDiscovered(ctx, &o, pw, oauth2)
	}
	a, err := e.saveAccount(ctx, o.account(), pw, oauth2)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.io.out, i18n.T("cli.account.added", addedArgs(a)))
	return nil
}

// accountAddDiscovered adds an account whose servers were not given:
// it finds the settings like the wizard does.
func (e *env) accountAddDiscovered(ctx context.Context, o *addOptions, pw string, oauth2 bool) error {
	cfg, err := e.engine.Discover(ctx, o.email)
	if err != nil {
		return say(nil, "cli.error.no_settings", i18n.Args{"Address": o.email, "Error": err})
	}
	if cfg.OAuthOnly && !oauth2 {
		return say(nil, "cli.error.oauth_only", i18n.Args{"Provider": cfg.Provider})
	}
	a, err := cfg.Account(o.name, o.email, strings.ToLower(o.proto))
	if err != nil {
		return err
	}
	if o.user != "" {
		a.Incoming.Username, a.Outgoing.Username = o.user, o.user
	}
	if a.Protocol == accounts.POP3 {
		a.POP3 = o.pop3Options()
	}
	a, err = e.saveAccount(ctx, a, pw, oauth2)
	if err != nil {
		return err
	}
	args := addedArgs(a)
	args["Source"] = cfg.Source
	fmt.Fprintln(e.io.out, i18n.T("cli.account.added_discovered", args))
	if cfg.Instruction != "" {
		fmt.Fprintln(e.io.err, i18n.T("cli.account.note", i18n.Args{"Instruction": cfg.Instruction, "URL": cfg.HelpURL}))
	}
	return nil
}

// addedArgs are the placeholders of the sentences that say an account
// was added: its address, protocol and incoming server.
func addedArgs(a accounts.Account) i18n.Args {
	return i18n.Args{"Address": a.Address, "Protocol": strings.ToUpper(string(a.Protocol)), "Server": a.Incoming.Addr()}
}

// account is the account the flags describe, servers given: ports left
// out are the protocol's usual ones.
func (o *addOptions) account() accounts.Account {
	a := accounts.Account{
		Name:     o.name,
		Address:  o.email,
		Protocol: accounts.Protocol(strings.ToLower(o.proto)),
		Incoming: accounts.Server{Host: o.host, Port: o.port, Security: accounts.Security(o.sec), Username: o.user},
	}
	if a.Incoming.Port == 0 {
		a.Incoming.Port = defaultPort(string(a.Protocol), a.Incoming.Security)
	}
	if o.smtpHost != "" {
		a.Outgoing = accounts.Server{Host: o.smtpHost, Port: o.smtpPort, Security: accounts.Security(o.smtpSec), Username: o.user}
		if a.Outgoing.Port == 0 {
			a.Outgoing.Port = defaultPort("smtp", a.Outgoing.Security)
		}
	}
	if a.Protocol == accounts.POP3 {
		a.POP3 = o.pop3Options()
	}
	return a
}

// accountDetect prints what discovery finds for an address.
func (e *env) accountDetect(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("account detect"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return say(errUsage, "cli.error.detect_args")
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
		fmt.Fprintf(w, "note\t%s\n", i18n.T("cli.detect.oauth_only"))
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
		return "", say(nil, "cli.error.read_password", i18n.Args{"Error": err})
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", say(nil, "cli.error.no_password")
	}
	return pw, nil
}
