package gui

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/netwatch"
	"github.com/tern-mail/tern/accounts/pop3"
)

// A POP3 server's response code decides what the wizard says: only a
// wrong password is called one.
func TestExplainPOP3LoginRefusals(t *testing.T) {
	for _, tc := range []struct {
		err       error
		want, not string
	}{
		{&pop3.LoginError{Code: pop3.CodeLoginDelay, Text: "Logins must be at least 15 minutes apart", Delay: 15 * time.Minute},
			"wait before logging in again (about 15 minutes)", "password was not accepted"},
		{fmt.Errorf("check: %w", &pop3.LoginError{Code: pop3.CodeInUse}), "wait before logging in again.", "password was not accepted"},
		{&pop3.LoginError{Code: pop3.CodeSysTemp}, "temporary problem", "password was not accepted"},
		{&pop3.LoginError{Code: pop3.CodeAuth}, "password was not accepted", "wait"},
		{&pop3.LoginError{Text: "unknown error"}, "password was not accepted", "wait"},
	} {
		got := explain(tc.err, nil).Sentence
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%v: %q, want %q and not %q", tc.err, got, tc.want, tc.not)
		}
	}
}

// Each setting the account's validation refuses is said in a sentence of
// the catalogs, not quoted from the validation's English words.
func TestExplainSaysEachRefusedSettingInWords(t *testing.T) {
	good := accounts.Account{Address: "ana@example.org", Protocol: accounts.POP3,
		Incoming: accounts.Server{Host: "pop.example.org", Port: 995, Security: accounts.TLS},
		Outgoing: accounts.Server{Host: "smtp.example.org", Port: 465, Security: accounts.TLS}}
	for _, tc := range []struct {
		change func(a *accounts.Account)
		want   string
	}{
		{func(a *accounts.Account) { a.Address = "ana" }, `Please check the settings: "ana" is not an email address.`},
		{func(a *accounts.Account) { a.Incoming.Host = "pop example" },
			`Please check the settings: the incoming server name "pop example" is not a host name.`},
		{func(a *accounts.Account) { a.Outgoing.Host = "smtp/x" },
			`Please check the settings: the outgoing server name "smtp/x" is not a host name.`},
		{func(a *accounts.Account) { a.Incoming.Port = 0 }, "Please check the settings: the incoming port 0 is not between 1 and 65535."},
		{func(a *accounts.Account) { a.Outgoing.Port = 70000 },
			"Please check the settings: the outgoing port 70000 is not between 1 and 65535."},
		{func(a *accounts.Account) { a.POP3.Policy = accounts.DeleteAfterDays },
			"Please check the settings: the number of days to keep mail on the server must be at least 1."},
	} {
		a := good
		tc.change(&a)
		err := a.Validate()
		if err == nil {
			t.Fatalf("%+v validates", a)
		}
		if got := explain(err, nil).Sentence; got != tc.want {
			t.Errorf("%v: %q, want %q", err, got, tc.want)
		}
		said := false
		for _, p := range invalidPatterns {
			said = said || p.re.MatchString(err.Error())
		}
		if !said {
			t.Errorf("%v is quoted, not said", err)
		}
	}
}

// TestWizardSaysEverySourceOfSettings: each kind of source discovery
// has gets its own sentence, in the person's language, whatever words
// autoconfig put in Source.
func TestWizardSaysEverySourceOfSettings(t *testing.T) {
	other := foundSentence(&autoconfig.Config{Source: "somewhere"})
	for _, k := range []autoconfig.SourceKind{autoconfig.SourceBuiltin, autoconfig.SourceFile,
		autoconfig.SourceSRV, autoconfig.SourceMX, autoconfig.SourceProbe} {
		if got := foundSentence(&autoconfig.Config{Source: "somewhere", Kind: k}); got == other {
			t.Errorf("source %q has no sentence of its own: %q", k, got)
		}
	}
	cfg := &autoconfig.Config{Source: "anything", Kind: autoconfig.SourceMX, MXDomain: "example.org",
		MXProvider: "mx.example", Confirm: []string{"a.mx.example", "b.mx.example"}}
	if got := foundSentence(cfg); got != "Settings found in the mail provider of example.org (mx.example)." {
		t.Errorf("found: %q", got)
	}
	want := "These settings were found through the mail provider of example.org (mx.example), and point at " +
		"a.mx.example and b.mx.example, which is not part of example.org. Send your password to a.mx.example?"
	if got := confirmSentence(cfg, "ana@example.org"); got != want {
		t.Errorf("confirm: %q", got)
	}
}

// Every step Tern's provider list asks for is a sentence of the catalogs.
func TestEveryProviderStepIsTranslatable(t *testing.T) {
	files, err := filepath.Glob("../assets/providers/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("provider files: %v", err)
	}
	steps := regexp.MustCompile(`(?s)<instruction>(.*?)</instruction>`)
	n := 0
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range steps.FindAllSubmatch(b, -1) {
			n++
			text := strings.TrimSpace(html.UnescapeString(string(m[1])))
			if _, ok := providerInstructions[text]; !ok {
				t.Errorf("%s: step %q has no sentence", filepath.Base(name), text)
			}
		}
	}
	if n == 0 {
		t.Fatal("no provider asks for a step")
	}
}

// Offline, a server that was not found or reached is said to be the
// network's doing; Gmail's refused password brings Google's own steps.
func TestExplainNoNetworkAndGoogleSteps(t *testing.T) {
	offline := fmt.Errorf("imap: connect to imap.gmail.com:993: lookup imap.gmail.com: no such host: %w: %w",
		accounts.ErrServerNotFound, netwatch.ErrNoNetwork)
	if got := explain(offline, nil).Sentence; got != "There is no network connection. Connect and try again." {
		t.Errorf("offline: %q", got)
	}
	if got := explain(fmt.Errorf("x: %w", accounts.ErrServerNotFound), nil).Sentence; !strings.Contains(got, "name was not found") {
		t.Errorf("online, the name is the problem: %q", got)
	}
	gmail, ok := autoconfig.Builtin("jo@gmail.com")
	if !ok {
		t.Fatal("gmail.com is not in the provider list")
	}
	p := explain(fmt.Errorf("imap: login: %w", accounts.ErrAuthFailed), gmail)
	if !strings.Contains(p.Sentence, "2-Step Verification") || p.HelpURL != "https://myaccount.google.com/apppasswords" {
		t.Errorf("gmail refused: %+v", p)
	}
}
