package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/oauthserver"
	"github.com/tern-mail/tern/internal/testenv"
)

func testIssuer(as *oauthserver.Server) Issuer {
	return Issuer{Name: "Example", AuthURL: as.AuthURL(), TokenURL: as.TokenURL(),
		ClientID: as.ClientID, Scopes: []string{"mail"}, Hosts: []string{"imap.example.org"}}
}

// browser follows the sign-in address as a browser would and reports the
// page the loopback listener showed.
type browser struct {
	mu    sync.Mutex
	urls  []string
	pages []string
	err   error
}

func (b *browser) open(u string) error {
	b.mu.Lock()
	b.urls = append(b.urls, u)
	b.mu.Unlock()
	go func() {
		page, err := oauthserver.Follow(u)
		b.mu.Lock()
		b.pages = append(b.pages, page)
		if err != nil {
			b.err = err
		}
		b.mu.Unlock()
	}()
	return nil
}

func TestSignInWithPKCEAndLoopback(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	b := &browser{}
	tok, err := SignIn{Issuer: testIssuer(as), LoginHint: "alice@example.org", Open: b.open}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token incomplete: access %v refresh %v", tok.AccessToken != "", tok.RefreshToken != "")
	}
	as.Configure(func(s *oauthserver.Server) {
		if len(s.Hints) != 1 || s.Hints[0] != "alice@example.org" {
			t.Errorf("login_hint: %q", s.Hints)
		}
	})
	b.mu.Lock()
	u, _ := url.Parse(b.urls[0])
	b.mu.Unlock()
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Errorf("no PKCE S256 in %s", u)
	}
	if !strings.HasPrefix(q.Get("redirect_uri"), "http://127.0.0.1:") || strings.HasSuffix(q.Get("redirect_uri"), ":0/") {
		t.Errorf("redirect_uri %q is not a loopback address with a port", q.Get("redirect_uri"))
	}
	if len(q.Get("state")) < 32 {
		t.Errorf("state %q too short", q.Get("state"))
	}
}

func TestSignInStateIsRandom(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	b := &browser{}
	for range 2 {
		if _, err := (SignIn{Issuer: testIssuer(as), Open: b.open}).Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	u1, _ := url.Parse(b.urls[0])
	u2, _ := url.Parse(b.urls[1])
	if u1.Query().Get("state") == u2.Query().Get("state") {
		t.Error("two sign-ins used the same state")
	}
	if u1.Query().Get("redirect_uri") == u2.Query().Get("redirect_uri") {
		t.Log("two sign-ins happened to get the same port")
	}
}

func TestSignInPageSaysGoBack(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	done := make(chan string, 1)
	open := func(u string) error {
		go func() { p, _ := oauthserver.Follow(u); done <- p }()
		return nil
	}
	if _, err := (SignIn{Issuer: testIssuer(as), Open: open}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	page := <-done
	if !strings.Contains(page, "You can close this tab and go back to Tern") {
		t.Errorf("page: %q", page)
	}
}

func TestSignInWrongStateIsTurnedAway(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	ctx, cancel := context.WithCancel(context.Background())
	var status string
	open := func(u string) error {
		pu, _ := url.Parse(u)
		redirect := pu.Query().Get("redirect_uri")
		// Another page guessing the port, without the state.
		_, err := oauthserver.Follow(redirect + "?code=stolen&state=wrong")
		status = fmt.Sprint(err)
		cancel()
		return nil
	}
	_, err := (SignIn{Issuer: testIssuer(as), Open: open}).Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the wait to go on until cancelled", err)
	}
	if !strings.Contains(status, "400") {
		t.Errorf("wrong state answered %q, want 400", status)
	}
}

func TestSignInRefused(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	as.Configure(func(s *oauthserver.Server) { s.Refuse = true })
	_, err := (SignIn{Issuer: testIssuer(as), Open: (&browser{}).open}).Run(context.Background())
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err = %v, want ErrRefused", err)
	}
}

func TestSignInAdminApproval(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	as.Configure(func(s *oauthserver.Server) { s.AdminApproval = true })
	_, err := (SignIn{Issuer: testIssuer(as), Open: (&browser{}).open}).Run(context.Background())
	if !errors.Is(err, ErrAdminApproval) {
		t.Fatalf("err = %v, want ErrAdminApproval", err)
	}
}

func TestSignInAppRejected(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	is := testIssuer(as)
	is.ClientID = "someone-else"
	// The server refuses the unknown client on its page; a browser would
	// show that page and never come back, so cancel as the user would.
	ctx, cancel := context.WithCancel(context.Background())
	open := func(u string) error {
		_, err := oauthserver.Follow(u)
		if err == nil {
			t.Error("unknown client was let in")
		}
		cancel()
		return nil
	}
	if _, err := (SignIn{Issuer: is, Open: open}).Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	// At the token endpoint the same is ErrAppRejected.
	s := &Session{Issuer: is, Store: Store{Secrets: accounts.NewMemory()}, AccountID: "a"}
	s.Store.Save(context.Background(), "a", "whatever")
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrAppRejected) {
		t.Fatalf("token with unknown client: %v, want ErrAppRejected", err)
	}
}

func TestSignInTimeout(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	// The browser never comes back; the deadline is already past when
	// Run starts waiting.
	_, err := (SignIn{Issuer: testIssuer(as), Open: func(string) error { return nil }, Timeout: time.Nanosecond}).Run(context.Background())
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
}

func TestSignInCancel(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := (SignIn{Issuer: testIssuer(as), Open: func(string) error { cancel(); return nil }}).Run(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestSignInWithoutClientID(t *testing.T) {
	_, err := (SignIn{Issuer: Builtin().issuers[0], Open: func(string) error { t.Fatal("opened"); return nil }}).Run(context.Background())
	if MicrosoftClientID == "" && !errors.Is(err, ErrNotConfigured) {
		t.Fatalf("err = %v, want ErrNotConfigured", err)
	}
}

func signedIn(t *testing.T, as *oauthserver.Server, secrets accounts.Secrets) *Session {
	t.Helper()
	tok, err := (SignIn{Issuer: testIssuer(as), LoginHint: "alice", Open: (&browser{}).open}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := &Session{Issuer: testIssuer(as), Store: Store{Secrets: secrets}, AccountID: "acct1", Address: "alice@example.org"}
	if err := s.Start(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSessionRefreshesBeforeExpiry(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	now := time.Now()
	s := signedIn(t, as, accounts.NewMemory())
	s.Now = func() time.Time { return now }
	ctx := context.Background()
	first, err := s.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Token(ctx); again != first || as.Refreshes() != 0 {
		t.Fatalf("a fresh token was renewed (%d refreshes)", as.Refreshes())
	}
	// One minute before expiry: inside the margin.
	now = now.Add(time.Hour - time.Minute)
	second, err := s.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if second == first || as.Refreshes() != 1 {
		t.Fatalf("not renewed before expiry (%d refreshes)", as.Refreshes())
	}
}

func TestSessionSavesRotatedRefreshToken(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	as.Configure(func(s *oauthserver.Server) { s.Rotate = true })
	mem := accounts.NewMemory()
	s := signedIn(t, as, mem)
	ctx := context.Background()
	before, _ := s.Store.Load(ctx, "acct1")
	s.Invalidate()
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Store.Load(ctx, "acct1")
	if after == before || after == "" {
		t.Fatal("rotated refresh token not saved")
	}
	// A new session (Tern restarted) works with what was saved.
	s2 := &Session{Issuer: s.Issuer, Store: s.Store, AccountID: "acct1", Address: s.Address}
	if _, err := s2.Token(ctx); err != nil {
		t.Fatalf("after restart: %v", err)
	}
}

func TestSessionRevokedGrantSaysSignInAgain(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	s := signedIn(t, as, accounts.NewMemory())
	as.Revoke("alice")
	s.Invalidate()
	_, err := s.Token(context.Background())
	var again *SignInAgainError
	if !errors.As(err, &again) || again.Address != "alice@example.org" {
		t.Fatalf("err = %v, want SignInAgainError for alice", err)
	}
	if !strings.Contains(err.Error(), "sign in again") || !strings.Contains(err.Error(), "tern account signin alice@example.org") {
		t.Errorf("message %q", err)
	}
}

func TestSessionOfflineIsNotFailure(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	s := signedIn(t, as, accounts.NewMemory())
	as.Close()
	s.Invalidate()
	_, err := s.Token(context.Background())
	if !errors.Is(err, ErrOffline) || !errors.Is(err, accounts.ErrUnreachable) || IsSignInAgain(err) {
		t.Fatalf("err = %v, want offline", err)
	}
}

func TestSessionDoRetriesOnceAfterRefusal(t *testing.T) {
	as := oauthserver.Start(t, "tern-test")
	s := signedIn(t, as, accounts.NewMemory())
	var seen []string
	err := s.Do(context.Background(), func(tok string) error {
		seen = append(seen, tok)
		if len(seen) == 1 {
			return fmt.Errorf("imap: login: %w", accounts.ErrAuthFailed)
		}
		return nil
	})
	if err != nil || len(seen) != 2 || seen[0] == seen[1] || as.Refreshes() != 1 {
		t.Fatalf("err %v, %d logins, %d refreshes", err, len(seen), as.Refreshes())
	}
	// Refused twice: give up after the one retry.
	n := 0
	err = s.Do(context.Background(), func(string) error { n++; return accounts.ErrAuthFailed })
	if !errors.Is(err, accounts.ErrAuthFailed) || n != 2 {
		t.Fatalf("err %v after %d logins, want 2", err, n)
	}
}

// limited is a keychain that, like the Windows Credential Manager, refuses
// secrets over 2,560 bytes.
type limited struct{ *accounts.Memory }

func (l limited) Set(ctx context.Context, id, pw string) error {
	if len(pw) > 2560 {
		return fmt.Errorf("secret of %d bytes too long", len(pw))
	}
	return l.Memory.Set(ctx, id, pw)
}

func TestStoreSplitsLongTokens(t *testing.T) {
	ctx := context.Background()
	mem := limited{accounts.NewMemory()}
	st := Store{Secrets: mem}
	long := strings.Repeat("0123456789abcdef", 400) // 6,400 bytes
	if err := st.Save(ctx, "a", long); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load(ctx, "a")
	if err != nil || got != long {
		t.Fatalf("long token came back %d bytes, %v", len(got), err)
	}
	if _, err := mem.Get(ctx, partKey("a", 4)); err != nil {
		t.Errorf("6,400 bytes not in 4 parts: %v", err)
	}
	if _, err := mem.Get(ctx, partKey("a", 5)); !errors.Is(err, accounts.ErrNoPassword) {
		t.Error("more parts than needed")
	}
	// A shorter token replaces it and leaves no parts behind.
	if err := st.Save(ctx, "a", "short"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Load(ctx, "a"); got != "short" {
		t.Fatalf("got %q", got)
	}
	for i := 1; i <= 4; i++ {
		if _, err := mem.Get(ctx, partKey("a", i)); !errors.Is(err, accounts.ErrNoPassword) {
			t.Errorf("part %d left behind", i)
		}
	}
	st.Save(ctx, "a", long)
	if err := st.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{key("a"), partKey("a", 1), partKey("a", 4)} {
		if _, err := mem.Get(ctx, k); !errors.Is(err, accounts.ErrNoPassword) {
			t.Errorf("%s left behind", k)
		}
	}
	if _, err := st.Load(ctx, "a"); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("after delete: %v", err)
	}
}

func TestProvidersBuiltinAndOverride(t *testing.T) {
	p := Builtin()
	for host, want := range map[string]string{
		"outlook.office365.com": "Microsoft", "smtp.office365.com": "Microsoft", "smtp-mail.outlook.com": "Microsoft",
		"imap.gmail.com": "Google", "smtp.gmail.com": "Google", "pop.gmail.com": "Google",
	} {
		if is, ok := p.ForHost(host); !ok || is.Name != want {
			t.Errorf("%s → %q, want %s", host, is.Name, want)
		}
	}
	ms, _ := p.Named("Microsoft")
	if !strings.Contains(ms.AuthURL, "/common/") || len(ms.Scopes) != 4 {
		t.Errorf("Microsoft issuer: %+v", ms)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, OverrideFile), []byte(`{"issuers": [{"name": "Example",
		"auth_url": "https://id.example.org/authorize", "token_url": "https://id.example.org/token",
		"client_id": "tern", "client_secret": "", "scopes": ["mail"], "hosts": ["imap.example.org", "imap.gmail.com"]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if is, ok := p.ForHost("imap.example.org"); !ok || is.ClientID != "tern" || !is.Usable() {
		t.Errorf("override issuer: %+v", is)
	}
	if is, _ := p.ForHost("imap.gmail.com"); is.Name != "Example" {
		t.Errorf("override did not take imap.gmail.com: %q", is.Name)
	}
	if is, _ := p.ForHost("smtp.gmail.com"); is.Name != "Google" {
		t.Errorf("smtp.gmail.com: %q", is.Name)
	}
	os.WriteFile(filepath.Join(dir, OverrideFile), []byte(`{"issuers": [{"name": "X"}]}`), 0o600)
	if _, err := Load(dir); err == nil {
		t.Error("incomplete override accepted")
	}
}

// The real keychain keeps a long refresh token in parts that each fit
// Windows' and macOS's limits.
func TestStoreLongTokenInRealKeychain(t *testing.T) {
	k := accounts.NewKeychain(10 * time.Second)
	ctx := context.Background()
	id := fmt.Sprintf("oauth-long-%d", time.Now().UnixNano())
	if err := k.Set(ctx, id+"-probe", "x"); err != nil {
		testenv.Missing(t, "no usable keychain (run inside dbus-run-session with an unlocked gnome-keyring-daemon): %v", err)
	}
	k.Delete(ctx, id+"-probe")
	st := Store{Secrets: k}
	long := strings.Repeat("MCxyz-0123456789", 350) // 5,600 bytes
	if err := st.Save(ctx, id, long); err != nil {
		t.Fatal(err)
	}
	defer st.Delete(ctx, id)
	for i := 1; i <= 3; i++ {
		p, err := k.Get(ctx, partKey(id, i))
		if err != nil || len(p) > 2500 {
			t.Errorf("part %d: %d bytes, %v", i, len(p), err)
		}
	}
	if got, err := st.Load(ctx, id); err != nil || got != long {
		t.Fatalf("got %d bytes, %v", len(got), err)
	}
}
