package main

import (
	"context"
	"fmt"

	"github.com/tern-mail/tern/accounts"
)

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
	_, err := fmt.Fprintf(e.io.out, "Open this address in your web browser to sign in: %s\n", u)
	return err
}

// accountSignIn repeats the browser sign-in for an existing account.
func (e *env) accountSignIn(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("account signin"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: account signin takes one address", errUsage)
	}
	a, err := e.manager.Get(pos[0])
	if err != nil {
		return err
	}
	if a.Incoming.Auth != accounts.OAuth2 {
		return fmt.Errorf("%s signs in with a password; change it with tern account password %s --password-stdin", a.Address, a.Address)
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
	fmt.Fprintf(e.io.out, "Signed in to %s.\n", a.Address)
	return nil
}

// accountPassword replaces an account's password after checking it with
// the servers.
func (e *env) accountPassword(ctx context.Context, args []string) error {
	fs := e.flags("account password")
	pwStdin := fs.Bool("password-stdin", false, "read the new password from standard input")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: account password takes one address", errUsage)
	}
	if !*pwStdin {
		return fmt.Errorf("%w: account password needs --password-stdin (passwords are never taken as arguments)", errUsage)
	}
	a, err := e.manager.Get(pos[0])
	if err != nil {
		return err
	}
	if a.Incoming.Auth == accounts.OAuth2 {
		return fmt.Errorf("%s signs in through the browser; use tern account signin %s", a.Address, a.Address)
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
	fmt.Fprintf(e.io.out, "Saved the new password for %s.\n", a.Address)
	return nil
}
