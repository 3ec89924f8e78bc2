package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/oauthserver"
	"github.com/tern-mail/tern/internal/postfix"
)

// browserOut is stdout for a command that signs in: it follows the first
// address printed, as the user's browser would.
type browserOut struct {
	t    *testing.T
	mu   sync.Mutex
	buf  bytes.Buffer
	seen bool
}

var urlRE = regexp.MustCompile(`https?://\S+`)

func (b *browserOut) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if u := urlRE.FindString(b.buf.String()); u != "" && !b.seen {
		b.seen = true
		go oauthserver.Follow(u)
	}
	return len(p), nil
}

func (b *browserOut) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// cliBrowser runs tern with a browser on its stdout.
func cliBrowser(t *testing.T, secrets accounts.Secrets, args ...string) (string, string, int) {
	t.Helper()
	out := &browserOut{t: t}
	var errb bytes.Buffer
	code := run(args, stdio{strings.NewReader(""), out, &errb}, secrets)
	return out.String(), errb.String(), code
}

func TestCLIBrowserSignIn(t *testing.T) {
	as := oauthserver.Start(t, "tern-cli-test")
	as.Configure(func(s *oauthserver.Server) {
		s.Users = map[string]string{"alice@example.org": "alice", "bob@example.org": "bob"}
	})
	dv := dovecot.Start(t, dovecot.Options{Extra: postfix.DovecotExtra, OAuth2IntrospectionURL: as.IntrospectURL()})
	pf := postfix.Start(t, dv, "example.org", []string{"alice", "bob"})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, oauth.OverrideFile), []byte(fmt.Sprintf(`{"issuers": [{"name": "Test",
		"auth_url": %q, "token_url": %q, "client_id": "tern-cli-test", "scopes": ["mail"], "hosts": ["localhost"]}]}`,
		as.AuthURL(), as.TokenURL())), 0o600); err != nil {
		t.Fatal(err)
	}
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	var outputs []string
	do := func(what string, want int, args ...string) (string, string) {
		t.Helper()
		out, errOut, code := cliBrowser(t, secrets, append([]string{p}, args...)...)
		outputs = append(outputs, out, errOut)
		if code != want {
			t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s\n%s", what, code, want, out, errOut, dv.Log())
		}
		return out, errOut
	}
	out, _ := do("add imap", 0, "account", "add", "--email", "alice@example.org", "--username", "alice", "--protocol", "imap",
		"--host", "localhost", "--port", itoa(int64(dv.IMAPSPort)), "--security", "tls",
		"--smtp-host", "localhost", "--smtp-port", itoa(int64(pf.SubmitPort)), "--smtp-security", "starttls", "--auth", "oauth2")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !urlRE.MatchString(lines[0]) || len(urlRE.FindAllString(lines[0], -1)) != 1 {
		t.Errorf("stdout should be the sign-in line then the result:\n%s", out)
	}
	do("add pop3", 0, "account", "add", "--email", "bob@example.org", "--username", "bob", "--protocol", "pop3",
		"--host", "localhost", "--port", itoa(int64(dv.POP3Port)), "--security", "starttls",
		"--smtp-host", "localhost", "--smtp-port", itoa(int64(pf.SMTPSPort)), "--auth", "oauth2")
	as.Configure(func(s *oauthserver.Server) {
		if strings.Join(s.Hints, ",") != "alice@example.org,bob@example.org" {
			t.Errorf("login hints %q", s.Hints)
		}
	})
	do("sync", 0, "sync")
	do("send", 0, "send", "--account", "alice@example.org", "--to", "bob@example.org", "--subject", "Signed in", "--body-file", "/dev/null")

	// Tokens renewed: a new process has only the refresh token.
	as.Configure(func(s *oauthserver.Server) { s.Rotate = true })
	do("sync after restart", 0, "sync")
	if as.Refreshes() == 0 {
		t.Error("a new process did not renew the access token")
	}

	// Revoked: sync says who must sign in again, and how.
	as.Revoke("alice")
	_, errOut := do("sync revoked", 1, "sync", "--account", "alice@example.org")
	if !strings.Contains(errOut, "sign in again") || !strings.Contains(errOut, "tern account signin alice@example.org") {
		t.Errorf("revoked: %s", errOut)
	}
	as.Configure(func(s *oauthserver.Server) { s.Refuse = true })
	_, errOut = do("signin refused", 1, "account", "signin", "alice@example.org")
	if !strings.Contains(errOut, oauth.ErrRefused.Error()) {
		t.Errorf("refused: %s", errOut)
	}
	as.Configure(func(s *oauthserver.Server) { s.Refuse = false })
	do("signin", 0, "account", "signin", "alice@example.org")
	do("sync after signin", 0, "sync", "--account", "alice@example.org")

	// No token anywhere but the keychain (here: secrets).
	issued := as.Issued()
	if len(issued) < 4 {
		t.Fatalf("only %d tokens issued", len(issued))
	}
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, tok := range issued {
			if bytes.Contains(b, []byte(tok)) {
				t.Errorf("a token is written in %s", path)
			}
		}
		return nil
	})
	for _, o := range append(outputs, dv.Log(), pf.Log()) {
		for _, tok := range issued {
			if strings.Contains(o, tok) {
				t.Errorf("a token appears in output or a log: %q", o)
			}
		}
	}
}

// Without --host, --auth oauth2 uses discovery; a build without the
// provider's client ID (as the source is) says so instead of pretending.
func TestCLIBrowserSignInWithoutClientID(t *testing.T) {
	p := "--profile=" + t.TempDir()
	_, errOut, code := cli(t, accounts.NewMemory(), "", p, "account", "add", "--email", "me@outlook.com", "--auth", "oauth2")
	if code == 0 || !strings.Contains(errOut, "built without browser sign-in") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}
