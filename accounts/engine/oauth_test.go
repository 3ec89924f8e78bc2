package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tern-mail/tern/accounts/oauth"
)

func TestOAuthProviderFromAddress(t *testing.T) {
	e, m := newEngine(t)
	for addr, want := range map[string]string{"me@outlook.com": "Microsoft", "me@hotmail.com": "Microsoft", "me@gmail.com": "Google", "me@posteo.de": ""} {
		name, usable := e.OAuthProvider(addr)
		if name != want {
			t.Errorf("%s: %q, want %q", addr, name, want)
		}
		if usable && oauth.MicrosoftClientID == "" && oauth.GoogleClientID == "" {
			t.Errorf("%s: usable without a client ID", addr)
		}
	}
	// A packager's or a test's issuer with a client ID is usable.
	os.WriteFile(filepath.Join(m.ProfileDir(), oauth.OverrideFile), []byte(`{"issuers": [{"name": "Google",
		"auth_url": "https://id.example/a", "token_url": "https://id.example/t", "client_id": "x", "scopes": ["s"],
		"hosts": ["imap.gmail.com"]}]}`), 0o600)
	if name, usable := e.OAuthProvider("me@gmail.com"); name != "Google" || !usable {
		t.Errorf("with a client ID: %q %v", name, usable)
	}
}
