// Package oauthserver is a small OAuth2 authorization server for tests:
// /authorize checks PKCE (S256), the loopback redirect and the state and
// sends the browser back with a code; /token answers code and refresh
// grants, rotating refresh tokens; /introspect (RFC 7662) tells Dovecot
// whether an access token is good and whose it is.
package oauthserver

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Server is a running authorization server.
type Server struct {
	URL      string
	ClientID string

	srv *httptest.Server

	mu sync.Mutex
	// Refuse makes /authorize answer access_denied, as when the user
	// clicks "No".
	Refuse bool
	// AdminApproval makes /authorize answer as Entra does for an
	// organisation that must approve the app first.
	AdminApproval bool
	// Rotate makes every refresh grant issue a new refresh token and void
	// the old one.
	Rotate bool
	// ExpiresIn is the lifetime, in seconds, given with access tokens.
	ExpiresIn int
	// Users maps a login_hint to the user name the token is for (the
	// mail server's login name); a hint not listed is the user name.
	Users map[string]string
	// Hints are the login_hint values seen.
	Hints []string

	codes    map[string]grant  // code → grant
	refresh  map[string]string // refresh token → user
	access   map[string]string // access token → user
	refreshN int
	issued   []string // every token ever handed out
}

type grant struct {
	user, challenge, redirect string
}

// Start runs a server for the test; user is who signs in at /authorize.
func Start(t testing.TB, clientID string) *Server {
	t.Helper()
	s := &Server{ClientID: clientID, ExpiresIn: 3600,
		codes: map[string]grant{}, refresh: map[string]string{}, access: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", s.authorize)
	mux.HandleFunc("/token", s.token)
	mux.HandleFunc("/introspect", s.introspect)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Configure changes the settings (Refuse, Rotate…) safely while the
// server runs.
func (s *Server) Configure(f func(*Server)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// Close stops the server: the provider becomes unreachable.
func (s *Server) Close() { s.srv.Close() }

// AuthURL and TokenURL are the endpoints.
func (s *Server) AuthURL() string  { return s.URL + "/authorize" }
func (s *Server) TokenURL() string { return s.URL + "/token" }

// IntrospectURL is Dovecot's introspection_url.
func (s *Server) IntrospectURL() string { return s.URL + "/introspect" }

// Refreshes counts refresh grants answered.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshN
}

// Issued returns every access and refresh token handed out, to check none
// was written anywhere.
func (s *Server) Issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}

// Revoke voids every token of user, as when they remove the app's access
// or change their password.
func (s *Server) Revoke(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, u := range s.refresh {
		if u == user {
			delete(s.refresh, k)
		}
	}
	s.ExpireAccess(user)
}

// ExpireAccess voids user's access tokens only (the refresh token stays
// good), as when they expire early.
func (s *Server) ExpireAccess(user string) {
	for k, u := range s.access {
		if u == user {
			delete(s.access, k)
		}
	}
}

// ExpireAccessTokens is ExpireAccess taking the lock.
func (s *Server) ExpireAccessTokens(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ExpireAccess(user)
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// authorize plays the provider's sign-in page with the user already
// signed in: it checks the request and redirects at once.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fail := func(msg string) { http.Error(w, msg, http.StatusBadRequest) }
	if q.Get("response_type") != "code" || q.Get("client_id") != s.ClientID {
		fail("bad response_type or client_id")
		return
	}
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if err != nil || u.Scheme != "http" || u.Path != "/" {
		fail("redirect_uri must be http://127.0.0.1:PORT/")
		return
	}
	// RFC 8252 section 7.3: a loopback IP literal with a port.
	if host, port, err := net.SplitHostPort(u.Host); err != nil || host != "127.0.0.1" || port == "" {
		fail("redirect_uri must be a loopback address")
		return
	}
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 {
		fail("PKCE with S256 is required")
		return
	}
	state := q.Get("state")
	if len(state) < 16 {
		fail("state missing or too short")
		return
	}
	user := q.Get("login_hint")
	s.mu.Lock()
	s.Hints = append(s.Hints, user)
	if u, ok := s.Users[user]; ok {
		user = u
	}
	refuse, admin := s.Refuse, s.AdminApproval
	back := url.Values{"state": {state}}
	switch {
	case refuse:
		back.Set("error", "access_denied")
		back.Set("error_description", "The user has denied access to the scope requested by the client application.")
	case admin:
		back.Set("error", "access_denied")
		back.Set("error_description", "AADSTS90094: The grant requires admin permission.")
	default:
		code := random()
		s.codes[code] = grant{user: user, challenge: q.Get("code_challenge"), redirect: redirect}
		back.Set("code", code)
	}
	s.mu.Unlock()
	http.Redirect(w, r, redirect+"?"+back.Encode(), http.StatusFound)
}

func tokenErr(w http.ResponseWriter, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

// token answers the code grant (RFC 6749 section 4.1.3, with the PKCE
// verifier, RFC 7636 section 4.6) and the refresh grant (section 6).
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		tokenErr(w, "invalid_request", "POST a form")
		return
	}
	if r.PostForm.Get("client_id") != s.ClientID {
		tokenErr(w, "invalid_client", "unknown client")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var user, refresh string
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		g, ok := s.codes[r.PostForm.Get("code")]
		delete(s.codes, r.PostForm.Get("code"))
		if !ok {
			tokenErr(w, "invalid_grant", "unknown or used code")
			return
		}
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			tokenErr(w, "invalid_grant", "PKCE verification failed")
			return
		}
		if r.PostForm.Get("redirect_uri") != g.redirect {
			tokenErr(w, "invalid_grant", "redirect_uri differs")
			return
		}
		user = g.user
		refresh = random()
	case "refresh_token":
		old := r.PostForm.Get("refresh_token")
		u, ok := s.refresh[old]
		if !ok {
			tokenErr(w, "invalid_grant", "AADSTS70008: The refresh token has expired or been revoked.")
			return
		}
		s.refreshN++
		user = u
		if s.Rotate {
			delete(s.refresh, old)
			refresh = random()
		}
	default:
		tokenErr(w, "unsupported_grant_type", "")
		return
	}
	access := random()
	s.access[access] = user
	s.issued = append(s.issued, access)
	out := map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": s.ExpiresIn}
	if refresh != "" {
		s.refresh[refresh] = user
		s.issued = append(s.issued, refresh)
		out["refresh_token"] = refresh
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// introspect answers RFC 7662 requests (Dovecot's introspection_mode = post).
func (s *Server) introspect(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	tok := r.Form.Get("token")
	if tok == "" {
		tok = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	s.mu.Lock()
	user, ok := s.access[tok]
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		fmt.Fprint(w, `{"active":false}`)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"active": true, "username": user, "client_id": s.ClientID})
}

// Follow plays the browser: it fetches the sign-in address and follows the
// redirect back to the loopback listener, returning the page shown there.
func Follow(signInURL string) (string, error) {
	resp, err := http.Get(signInURL)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if resp.StatusCode != http.StatusOK {
		return b.String(), fmt.Errorf("%s: %s", resp.Status, b.String())
	}
	return b.String(), nil
}
