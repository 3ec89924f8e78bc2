package gui

import (
	"errors"

	"github.com/tern-mail/tern/accounts"
)

// serverProblem is the problem of a server Tern gave up on for
// misbehaving (an *accounts.ServerError anywhere in err's chain): the
// error's own sentence, which is already one plain sentence in the
// person's language, without the "imap: fetch: …" of the layers it came
// through. The chain stays in the log.
func serverProblem(err error) (problem, bool) {
	var se *accounts.ServerError
	if !errors.As(err, &se) {
		return problem{}, false
	}
	return problem{Sentence: se.Error()}, true
}
