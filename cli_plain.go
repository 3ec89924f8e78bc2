package main

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// serverSentence returns the sentence of a server Tern gave up on for
// misbehaving (*accounts.ServerError) when err's chain holds one: that
// error is already one plain sentence in the person's language, and the
// "imap: fetch INBOX: imap: read: " of the layers it came through says
// nothing to a person. Only a single chain is followed: each error of a
// joined list (one per account) is put into words on its own.
func serverSentence(err error) (string, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if se, ok := e.(*accounts.ServerError); ok {
			return se.Error(), true
		}
	}
	return "", false
}

// accountError is an account's failure as the command line prints it:
// the account's address, then the error in plain words (personText).
// Its technical chain is for --verbose and the log (Chain).
type accountError struct {
	address string
	err     error
}

func (e *accountError) Error() string { return e.address + ": " + personText(e.err) }

// Unwrap returns the account's error.
func (e *accountError) Unwrap() error { return e.err }

// Chain is the error with every layer's words, in English: what whoever
// helps needs.
func (e *accountError) Chain() string { return e.address + ": " + e.err.Error() }

// syncFailed is the error of an account's failed sync: printed in plain
// words, with its whole chain logged, and on stderr too with --verbose.
func (e *env) syncFailed(address string, err error, verbose bool) error {
	ae := &accountError{address: address, err: err}
	slog.Warn("sync failed", "account", address, "err", err.Error())
	if verbose {
		fmt.Fprintln(e.io.err, i18n.T("lang.cli.details", i18n.Args{"Error": ae.Chain()}))
	}
	return ae
}
