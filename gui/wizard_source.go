package gui

import (
	"strings"

	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/assets/i18n"
)

// sourceArgs are the placeholders of the sentences that say where
// discovery found cfg's settings.
func sourceArgs(cfg *autoconfig.Config) i18n.Args {
	return i18n.Args{"Source": cfg.Source, "Domain": cfg.MXDomain, "Provider": cfg.MXProvider}
}

// foundSentence says where the settings were found.
func foundSentence(cfg *autoconfig.Config) string {
	args := sourceArgs(cfg)
	id := map[autoconfig.SourceKind]string{
		autoconfig.SourceBuiltin: "wizard.found.builtin",
		autoconfig.SourceFile:    "wizard.found.autoconfig",
		autoconfig.SourceSRV:     "wizard.found.srv",
		autoconfig.SourceProbe:   "wizard.found.guess",
		autoconfig.SourceMX:      "wizard.found.mx",
	}[cfg.Kind]
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
	args := sourceArgs(cfg)
	args["Domain"], args["Servers"], args["First"] = domain, joinAnd(cfg.Confirm), cfg.Confirm[0]
	switch cfg.Kind {
	case autoconfig.SourceMX:
		args["Domain"] = cfg.MXDomain
		return i18n.T("wizard.confirm.mx", args)
	case autoconfig.SourceProbe:
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
