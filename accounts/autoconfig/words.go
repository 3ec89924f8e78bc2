package autoconfig

import (
	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
)

// Wordings are the words of discovery's errors for a person (see
// accounts.Say).
var Wordings = []accounts.Wording{
	accounts.Word(ErrNotFound, "autoconfig.error.not_found"),
	accounts.Word(ErrOffline, "autoconfig.error.offline"),
}

// builtinInstructions are the catalog messages of the instructions in
// Tern's own provider files (assets/providers), by provider id: the
// English message is the file's text, and the person reads it in their
// language. A provider file without an entry here keeps its own text.
var builtinInstructions = map[string]string{
	"163.com":      instructionAppPassword,
	"aol.com":      instructionAppPassword,
	"fastmail.com": instructionAppPassword,
	"gmail.com":    instructionAppPassword,
	"icloud.com":   instructionAppPassword,
	"mail.ru":      instructionAppPassword,
	"qq.com":       instructionAppPassword,
	"t-online.de":  instructionAppPassword,
	"yahoo.com":    instructionAppPassword,
	"yandex.ru":    instructionAppPassword,
	"zoho.com":     instructionAppPassword,
	"gmx.net":      "provider.allow_mail_programs",
	"web.de":       "provider.allow_mail_programs",
	"proton.me":    "provider.proton_bridge",
}

// instructionAppPassword is the instruction of providers that want an
// app password rather than the account's own.
const instructionAppPassword = "provider.app_password"

// wordBuiltin puts the instruction of c, read from one of Tern's own
// provider files, into the person's language, and notes whether it asks
// for an app password.
func wordBuiltin(c *Config) {
	id, ok := builtinInstructions[c.providerID]
	if !ok || c.Instruction == "" {
		return
	}
	c.Instruction = i18n.T(id)
	c.AppPassword = id == instructionAppPassword
}
