package engine

import "github.com/tern-mail/tern/accounts"

// Wordings are the words of the engine's own errors for a person (see
// accounts.Say).
var Wordings = []accounts.Wording{
	accounts.Word(ErrWaitingForUser, "engine.error.waiting_for_user"),
}
