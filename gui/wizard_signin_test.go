package gui

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/oauth"
)

// browserScripted is a Setup that also signs in in the browser.
type browserScripted struct {
	scripted
	usable    map[string]bool // provider name → usable
	signInErr error
	signedIn  []accounts.Account
}

func (s *browserScripted) OAuthProvider(address string) (string, bool) {
	switch {
	case strings.HasSuffix(address, "@outlook.com"):
		return "Microsoft", s.usable["Microsoft"]
	case strings.HasSuffix(address, "@gmail.com"):
		return "Google", s.usable["Google"]
	}
	return "", false
}

func (s *browserScripted) SignInAccount(_ context.Context, a accounts.Account, open func(string) error) (accounts.Account, error) {
	if err := open("https://login.example/authorize?login_hint=" + url.QueryEscape(a.Address)); err != nil {
		return a, err
	}
	if s.signInErr != nil {
		return a, s.signInErr
	}
	a.Incoming.Auth = accounts.OAuth2
	s.signedIn = append(s.signedIn, a)
	return a, nil
}

func TestWizardSignInWithMicrosoft(t *testing.T) {
	s := &browserScripted{usable: map[string]bool{"Microsoft": true}}
	wz, _, done := newTestWizard(t, s, false)
	var opened []string
	wz.opener = func(u *url.URL) error { opened = append(opened, u.String()); return nil }
	test.Type(wz.name, "Alice")
	test.Type(wz.email, "alice@outlook.com")
	if wz.passwordBox.Visible() || !wz.oauthBox.Visible() || wz.continueBtn.Visible() {
		t.Fatal("a Microsoft address still asks for the password")
	}
	if wz.oauthBtn.Text != "Sign in with Microsoft" || !strings.Contains(wz.oauthInfo.Text, "Tern will open your web browser") {
		t.Fatalf("button %q, sentence %q", wz.oauthBtn.Text, wz.oauthInfo.Text)
	}
	test.Tap(wz.oauthBtn)
	if len(opened) != 1 || !strings.Contains(opened[0], "login_hint=alice%40outlook.com") {
		t.Fatalf("browser opened %q", opened)
	}
	if len(s.signedIn) != 1 || len(*done) != 1 || (*done)[0].Address != "alice@outlook.com" || s.signedIn[0].Incoming.Host != "outlook.office365.com" {
		t.Fatalf("signed in %+v, done %+v", s.signedIn, *done)
	}
	// Back to another address: the password comes back.
	test.Type(wz.email, ".example")
	wz.email.SetText("bob@example.org")
	if !wz.passwordBox.Visible() || wz.oauthBox.Visible() {
		t.Error("the password field did not come back for another provider")
	}
}

func TestWizardSignInErrorsAreSentences(t *testing.T) {
	for _, e := range []error{oauth.ErrRefused, oauth.ErrTimeout, oauth.ErrAdminApproval, oauth.ErrAppRejected} {
		s := &browserScripted{usable: map[string]bool{"Microsoft": true}, signInErr: fmt.Errorf("oauth: x: %w", e)}
		wz, _, done := newTestWizard(t, s, false)
		wz.opener = func(*url.URL) error { return nil }
		test.Type(wz.email, "alice@outlook.com")
		test.Tap(wz.oauthBtn)
		if len(*done) != 0 || !strings.HasPrefix(strings.ToLower(wz.status.Text), strings.ToLower(e.Error()[:10])) || strings.Contains(wz.status.Text, "oauth:") {
			t.Errorf("%v: status %q", e, wz.status.Text)
		}
	}
}

func TestWizardWithoutClientID(t *testing.T) {
	s := &browserScripted{usable: map[string]bool{}}
	wz, w, _ := newTestWizard(t, s, false)
	test.Type(wz.email, "alice@outlook.com")
	if wz.oauthBox.Visible() || wz.continueBtn.Visible() || !wz.appPassword.Visible() ||
		!strings.Contains(wz.appPassword.Text, "built without that sign-in") ||
		!strings.Contains(wz.appPassword.Text, "Tern from the official download can sign in to Microsoft") {
		t.Fatalf("Microsoft without a client ID: %q", wz.appPassword.Text)
	}
	capture(t, w, "wizard-microsoft-not-built.png")
	// Not a dead end: another address is one tap away.
	test.Tap(findButton(t, w.Content(), "Use another address"))
	if wz.email.Text != "" || w.Canvas().Focused() != wz.email || wz.otherAddress.Visible() || !wz.continueBtn.Visible() {
		t.Fatalf("another address: %q, focus %T", wz.email.Text, w.Canvas().Focused())
	}
	// Google falls back to an app password, said on the first screen
	// with Google's own steps and a link to where it is made.
	test.Type(wz.email, "alice@gmail.com")
	if !wz.passwordBox.Visible() || !wz.appPassword.Visible() || !wz.appPasswordLink.Visible() ||
		!strings.Contains(wz.appPassword.Text, "Google asks for an app password: turn on 2-Step Verification, then make an app password at myaccount.google.com/apppasswords") {
		t.Fatalf("Google without a client ID: password %v, hint %q", wz.passwordBox.Visible(), wz.appPassword.Text)
	}
	if u := wz.appPasswordLink.URL; u == nil || u.String() != "https://myaccount.google.com/apppasswords" {
		t.Fatalf("the link goes to %v", u)
	}
	capture(t, w, "wizard-gmail-app-password.png")
	// Another provider that wants an app password keeps its own words.
	wz.email.SetText("")
	test.Type(wz.email, "alice@yahoo.com")
	if strings.Contains(wz.appPassword.Text, "Google") {
		t.Fatalf("yahoo: %q", wz.appPassword.Text)
	}
}

// blockingSignIn waits in the "browser" until the wizard's Cancel.
type blockingSignIn struct {
	browserScripted
	started, ended chan struct{}
}

func (s *blockingSignIn) SignInAccount(ctx context.Context, a accounts.Account, open func(string) error) (accounts.Account, error) {
	close(s.started)
	<-ctx.Done()
	defer close(s.ended)
	return a, ctx.Err()
}

func TestWizardCancelWhileWaitingForBrowser(t *testing.T) {
	s := &blockingSignIn{browserScripted: browserScripted{usable: map[string]bool{"Microsoft": true}},
		started: make(chan struct{}), ended: make(chan struct{})}
	wz, _, done := newTestWizard(t, s, false)
	wz.bg = func(f func()) { go f() }
	test.Type(wz.email, "alice@outlook.com")
	test.Tap(wz.oauthBtn)
	<-s.started
	if !wz.cancelBtn.Visible() {
		t.Fatal("no Cancel while waiting for the browser")
	}
	test.Tap(wz.cancelBtn)
	<-s.ended
	if len(*done) != 0 {
		t.Fatal("an account was added after Cancel")
	}
}
