package main

import (
	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/assets/i18n"
)

// sayError is an error of the command line's own, made to be printed: a
// sentence from the catalogs, in the person's language. Its kind
// (errUsage, errTempFail, …) says how the command ends; the errors among
// its args are put into words with personText and are wrapped too.
type sayError struct {
	kind  error
	id    string
	args  i18n.Args
	count *int // for a plural message
}

// say returns the error that says catalog message id, of kind (nil for a
// plain failure).
func say(kind error, id string, args ...i18n.Args) error {
	e := &sayError{kind: kind, id: id}
	if len(args) > 0 {
		e.args = args[0]
	}
	return e
}

// sayN is say with a plural message for count.
func sayN(kind error, id string, count int, args i18n.Args) error {
	return &sayError{kind: kind, id: id, args: args, count: &count}
}

func (e *sayError) Error() string {
	args := i18n.Args{}
	for k, v := range e.args {
		if err, ok := v.(error); ok {
			v = personText(err)
		}
		args[k] = v
	}
	if e.count != nil {
		return i18n.N(e.id, *e.count, args)
	}
	return i18n.T(e.id, args)
}

// Unwrap returns the error's kind and the errors it says.
func (e *sayError) Unwrap() []error {
	var out []error
	if e.kind != nil {
		out = append(out, e.kind)
	}
	for _, v := range e.args {
		if err, ok := v.(error); ok {
			out = append(out, err)
		}
	}
	return out
}

// personText is err's text as the command line prints it: a server's
// misbehaviour as its sentence alone (serverSentence), the kinds of
// error it wraps that the engine has words for in the person's language
// (accounts.Say), the rest as it is.
func personText(err error) string {
	if s, ok := serverSentence(err); ok {
		return s
	}
	return accounts.Say(err, accounts.Wordings, oauth.Wordings, autoconfig.Wordings, engine.Wordings)
}
