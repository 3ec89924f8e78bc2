package gui

import (
	"strings"

	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/assets/i18n"
)

// Where discovery found settings, as autoconfig.Config.Source says it
// in English words; the wizard says it in the person's language.
const (
	sourceBuiltin    = "Tern's provider list"
	sourceAutoconfig = "the provider's settings file"
	sourceSRV        = "the domain's DNS records (SRV)"
	sourceGuess      = "a search for the usual server names"
	sourceMXPrefix   = "the mail provider of "
)

// sourceKind reads cfg's Source: which of the sources above found the
// settings, and for the mail provider of the domain (its MX record),
// the domain and the provider's domain.
func sourceKind(source string) (kind string, args i18n.Args) {
	args = i18n.Args{"Source": source}
	switch source {
	case sourceBuiltin, sourceAutoconfig, sourceSRV, sourceGuess:
		return source, args
	}
	if rest, ok := strings.CutPrefix(source, sourceMXPrefix); ok {
		if domain, provider, ok := strings.Cut(strings.TrimSuffix(rest, ")"), " ("); ok {
			args["Domain"], args["Provider"] = domain, provider
			return sourceMXPrefix, args
		}
	}
	return "", args
}

// foundSentence says where the settings were found.
func foundSentence(cfg *autoconfig.Config) string {
	kind, args := sourceKind(cfg.Source)
	id := map[string]string{
		sourceBuiltin:    "wizard.found.builtin",
		sourceAutoconfig: "wizard.found.autoconfig",
		sourceSRV:        "wizard.found.srv",
		sourceGuess:      "wizard.found.guess",
		sourceMXPrefix:   "wizard.found.mx",
	}[kind]
	if id == "" {
		id = "wizard.found.other"
	}
	return i18n.T(id, args)
}

// confirmSentence asks before a password goes to servers nobody vouched
// for: settings found through the domain's MX record or by guessing
// (autoconfig.Config.Confirm).
func confirmSentence(cfg *autoconfig.Config, address string) string {
	_, domain, _ := strings.Cut(address, "@")
	kind, args := sourceKind(cfg.Source)
	args["Domain"], args["Servers"], args["First"] = domain, joinAnd(cfg.Confirm), cfg.Confirm[0]
	switch kind {
	case sourceMXPrefix:
		return i18n.T("wizard.confirm.mx", args)
	case sourceGuess:
		return i18n.T("wizard.confirm.guess", args)
	}
	return i18n.T("wizard.confirm.other", args)
}

// providerInstructions are the steps Tern's provider list asks for
// before a provider's account can be added, as its files say them in
// English (autoconfig.Config.Instruction), by the id of their sentence.
var providerInstructions = map[string]string{
	"This provider asks for an app password: create one in your account's security settings and use it here instead of your usual password.": "provider.app_password",
	"Allow access by mail programs (POP3/IMAP) in your account settings first.":                                                              "provider.allow_access",
	"Proton Mail works with mail programs through Proton Mail Bridge: install and start it, then use the password Bridge shows you.":         "provider.proton_bridge",
}

// instruction is a provider's step in the person's language; one from
// elsewhere (a provider's own settings file) is shown as it came.
func instruction(text string) string {
	if id, ok := providerInstructions[strings.TrimSpace(text)]; ok {
		return i18n.T(id)
	}
	return text
}
