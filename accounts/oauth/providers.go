package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tern-mail/tern/assets"
)

// Client IDs of Tern's own registrations with the providers. The source
// carries none: a packager registers Tern (see packaging/README.md) and sets
// them at build time, e.g.
//
//	go build -ldflags "-X github.com/tern-mail/tern/accounts/oauth.MicrosoftClientID=…"
//
// An issuer without a client ID cannot be used, and the wizard says so.
var (
	// MicrosoftClientID is the Entra application (client) ID.
	MicrosoftClientID = ""
	// GoogleClientID is the Google Cloud "Desktop app" OAuth client ID.
	GoogleClientID = ""
	// GoogleClientSecret is the "secret" Google issues to desktop clients;
	// it is not confidential (RFC 8252 section 8.5) but Google requires it.
	GoogleClientSecret = ""
)

// OverrideFile is the name, in the profile folder, of the file that adds
// or replaces issuers.
const OverrideFile = "oauth-providers.json"

// Issuer is one OAuth2 authorization server and the mail servers that
// accept its tokens.
type Issuer struct {
	Name         string   `json:"name"`
	AuthURL      string   `json:"auth_url"`
	TokenURL     string   `json:"token_url"`
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	Scopes       []string `json:"scopes"`
	// AuthParams are added to the sign-in address (Google needs
	// access_type=offline to hand out a refresh token).
	AuthParams map[string]string `json:"auth_params,omitempty"`
	// Hosts are the IMAP, POP3 and SMTP server names that use this issuer.
	Hosts []string `json:"hosts"`
}

// Usable reports whether this build can sign in with the issuer: it needs
// a client ID.
func (i Issuer) Usable() bool { return i.ClientID != "" && i.AuthURL != "" && i.TokenURL != "" }

type table struct {
	Issuers []Issuer `json:"issuers"`
}

// Providers maps server host names to issuers.
type Providers struct {
	issuers []Issuer
}

// Builtin returns the built-in table (assets/providers/oauth.json) with the
// client IDs this build was given.
func Builtin() *Providers {
	var t table
	if err := json.Unmarshal(assets.OAuthProviders, &t); err != nil {
		panic(fmt.Sprintf("oauth: built-in provider table: %v", err))
	}
	for i := range t.Issuers {
		switch t.Issuers[i].Name {
		case "Microsoft":
			t.Issuers[i].ClientID = MicrosoftClientID
		case "Google":
			t.Issuers[i].ClientID, t.Issuers[i].ClientSecret = GoogleClientID, GoogleClientSecret
		}
	}
	return &Providers{issuers: t.Issuers}
}

// Load returns the built-in table with the issuers of profileDir's
// oauth-providers.json added; an issuer there with the name of a built-in
// one replaces it, and its hosts win over any built-in issuer's. A missing
// file is not an error; a malformed one is, saying what is wrong.
func Load(profileDir string) (*Providers, error) {
	p := Builtin()
	path := filepath.Join(profileDir, OverrideFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("oauth: read %s: %w", path, err)
	}
	var t table
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, fmt.Errorf("oauth: %s is not valid: %w", path, err)
	}
	for _, is := range t.Issuers {
		if is.Name == "" || is.AuthURL == "" || is.TokenURL == "" || len(is.Hosts) == 0 {
			return nil, fmt.Errorf("oauth: %s: every issuer needs name, auth_url, token_url and hosts", path)
		}
		p.add(is)
	}
	return p, nil
}

// add puts is first, dropping an issuer of the same name and taking its
// hosts away from the others.
func (p *Providers) add(is Issuer) {
	out := []Issuer{is}
	for _, old := range p.issuers {
		if strings.EqualFold(old.Name, is.Name) {
			continue
		}
		var hosts []string
		for _, h := range old.Hosts {
			if !hasHost(is.Hosts, h) {
				hosts = append(hosts, h)
			}
		}
		old.Hosts = hosts
		out = append(out, old)
	}
	p.issuers = out
}

func hasHost(hosts []string, h string) bool {
	for _, x := range hosts {
		if strings.EqualFold(strings.TrimSuffix(x, "."), strings.TrimSuffix(h, ".")) {
			return true
		}
	}
	return false
}

// ForHost returns the issuer whose tokens host accepts.
func (p *Providers) ForHost(host string) (Issuer, bool) {
	for _, is := range p.issuers {
		if hasHost(is.Hosts, host) {
			return is, true
		}
	}
	return Issuer{}, false
}

// Named returns the issuer called name.
func (p *Providers) Named(name string) (Issuer, bool) {
	for _, is := range p.issuers {
		if strings.EqualFold(is.Name, name) {
			return is, true
		}
	}
	return Issuer{}, false
}
