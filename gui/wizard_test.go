package gui

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/autoconfig"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/internal/dovecot"
)

// scripted is a Setup whose answers the test chooses.
type scripted struct {
	cfg       *autoconfig.Config
	discErr   error
	loginErr  error
	tried     []accounts.Account
	added     []accounts.Account
	demoCalls int
}

func (s *scripted) Discover(context.Context, string) (*autoconfig.Config, error) {
	return s.cfg, s.discErr
}
func (s *scripted) TestLogin(_ context.Context, a accounts.Account, _ string) error {
	s.tried = append(s.tried, a)
	return s.loginErr
}
func (s *scripted) AddAccount(_ context.Context, a accounts.Account, _ string) (accounts.Account, error) {
	s.added = append(s.added, a)
	return a, nil
}
func (s *scripted) StartDemo(context.Context) (accounts.Account, error) {
	s.demoCalls++
	return accounts.Account{Address: "demo@tern.example"}, nil
}

func bothConfig() *autoconfig.Config {
	return &autoconfig.Config{Source: "Tern's provider list", Provider: "Example",
		Incoming: []autoconfig.Server{
			{Protocol: "imap", Server: accounts.Server{Host: "imap.example.com", Port: 993, Security: accounts.TLS, Username: "jo@example.com"}},
			{Protocol: "pop3", Server: accounts.Server{Host: "pop.example.com", Port: 995, Security: accounts.TLS, Username: "jo@example.com"}},
		},
		Outgoing: []autoconfig.Server{{Protocol: "smtp", Server: accounts.Server{Host: "smtp.example.com", Port: 465, Security: accounts.TLS, Username: "jo@example.com"}}},
	}
}

// newTestWizard returns a wizard in a test window.
func newTestWizard(t *testing.T, s Setup, offerDemo bool) (*wizard, fyne.Window, *[]accounts.Account) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	var done []accounts.Account
	wz := newWizard(s, func(f func()) { f() }, offerDemo, func(acc accounts.Account) { done = append(done, acc) })
	w := a.NewWindow("Tern")
	w.SetContent(wz.widget())
	w.Resize(fyne.NewSize(900, 700))
	wz.attach(w.Canvas(), true)
	return wz, w, &done
}

func fillStart(wz *wizard, email, pw string) {
	test.Type(wz.name, "Jo Example")
	test.Type(wz.email, email)
	test.Type(wz.password, pw)
}

// capture saves what the window shows, for looking at (in
// $TERN_SCREENSHOT_DIR when set).
func capture(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("TERN_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

func TestWizardIMAPOrPOP3InPlainWords(t *testing.T) {
	s := &scripted{cfg: bothConfig()}
	wz, w, done := newTestWizard(t, s, true)
	capture(t, w, "wizard-1-start.png")
	fillStart(wz, "jo@example.com", "secret")
	test.Tap(wz.continueBtn)
	if wz.choice == nil || len(wz.choice.Options) != 2 || wz.choice.Selected != choiceIMAP() {
		t.Fatalf("choice screen: %+v", wz.choice)
	}
	if wz.choiceInfo.Text != explainIMAP() || wz.popBox.Visible() {
		t.Errorf("IMAP explanation %q, POP3 options visible %v", wz.choiceInfo.Text, wz.popBox.Visible())
	}
	capture(t, w, "wizard-2-choice-imap.png")
	wz.choice.SetSelected(choicePOP3())
	if wz.choiceInfo.Text != explainPOP3() || !wz.popBox.Visible() {
		t.Fatalf("POP3 explanation %q, options visible %v", wz.choiceInfo.Text, wz.popBox.Visible())
	}
	wz.policy.SetSelected(policyAfter())
	wz.days.SetText("")
	test.Type(wz.days, "7")
	test.Tap(wz.delHere)
	capture(t, w, "wizard-3-choice-pop3.png")
	test.Tap(wz.signInBtn)
	if len(s.added) != 1 || len(*done) != 1 {
		t.Fatalf("added %+v", s.added)
	}
	a := s.added[0]
	if a.Protocol != accounts.POP3 || a.Incoming.Host != "pop.example.com" || a.POP3.Policy != accounts.DeleteAfterDays ||
		a.POP3.Days != 7 || !a.POP3.DeleteOnServerWhenDeleted || a.Name != "Jo Example" || a.Outgoing.Host != "smtp.example.com" {
		t.Fatalf("account %+v", a)
	}
}

func TestWizardSaysWhatWentWrong(t *testing.T) {
	appPw := bothConfig()
	appPw.Instruction = "This provider asks for an app password: create one."
	appPw.HelpURL = "https://help.example.com/app-passwords"
	for _, tc := range []struct {
		name     string
		s        *scripted
		want     string
		wantHelp bool
		atStart  bool
	}{
		{"wrong password", &scripted{cfg: bothConfig(), loginErr: fmt.Errorf("x: %w", accounts.ErrAuthFailed)}, "The password was not accepted", false, false},
		{"app password", &scripted{cfg: appPw, loginErr: fmt.Errorf("x: %w", accounts.ErrAuthFailed)}, "needs an app password", true, false},
		{"server not found", &scripted{cfg: bothConfig(), loginErr: fmt.Errorf("x: %w", accounts.ErrServerNotFound)}, "name was not found", false, false},
		{"unreachable", &scripted{cfg: bothConfig(), loginErr: fmt.Errorf("x: %w", accounts.ErrUnreachable)}, "could not reach the mail server", false, false},
		{"untrusted", &scripted{cfg: bothConfig(), loginErr: fmt.Errorf("x: %w", accounts.ErrUntrusted)}, "certificate is not trusted", false, false},
		{"no encryption", &scripted{cfg: bothConfig(), loginErr: fmt.Errorf("x: %w", accounts.ErrNoEncryption)}, "does not offer an encrypted connection", false, false},
		{"nothing found", &scripted{discErr: fmt.Errorf("x: %w", autoconfig.ErrNotFound)}, "could not find the settings", false, true},
		{"oauth only", &scripted{cfg: &autoconfig.Config{OAuthOnly: true, Incoming: bothConfig().Incoming, HelpURL: "https://x.example/h"}}, "OAuth2", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wz, w, done := newTestWizard(t, tc.s, false)
			fillStart(wz, "jo@example.com", "pw")
			test.Tap(wz.continueBtn)
			if !tc.atStart {
				test.Tap(wz.signInBtn)
			}
			if !strings.Contains(wz.status.Text, tc.want) || strings.Count(strings.TrimSpace(wz.status.Text), ". ") > 1 {
				t.Fatalf("status %q, want one sentence with %q", wz.status.Text, tc.want)
			}
			if wz.help.Visible() != tc.wantHelp {
				t.Errorf("help link visible %v", wz.help.Visible())
			}
			if len(*done) != 0 || len(tc.s.added) != 0 {
				t.Fatal("an account was saved despite the error")
			}
			if tc.name == "app password" {
				capture(t, w, "wizard-4-error-app-password.png")
			}
		})
	}
}

func TestWizardManualSettingsAreValidated(t *testing.T) {
	s := &scripted{}
	wz, w, _ := newTestWizard(t, s, false)
	fillStart(wz, "jo@example.org", "pw")
	test.Tap(findButton(t, w.Content(), "Edit settings manually"))
	if wz.inHost.Text != "imap.example.org" || wz.inPort.Text != "993" {
		t.Fatalf("prefilled %q %q", wz.inHost.Text, wz.inPort.Text)
	}
	capture(t, w, "wizard-5-manual.png")
	wz.inPort.SetText("99999")
	test.Tap(findButton(t, w.Content(), "Sign in"))
	if !strings.Contains(wz.status.Text, "port 99999") || len(s.tried) != 0 {
		t.Fatalf("status %q, tried %d", wz.status.Text, len(s.tried))
	}
	wz.inPort.SetText("143")
	wz.inSec.SetSelected("STARTTLS")
	wz.proto.SetSelected("POP3")
	wz.inHost.SetText("mail.example.org")
	test.Tap(findButton(t, w.Content(), "Sign in"))
	if len(s.added) != 1 || s.added[0].Protocol != accounts.POP3 || s.added[0].Incoming.Security != accounts.STARTTLS ||
		s.added[0].Incoming.Host != "mail.example.org" || s.added[0].Incoming.Port != 143 {
		t.Fatalf("added %+v", s.added)
	}
}

func TestWizardOffersTheDemo(t *testing.T) {
	s := &scripted{}
	_, w, done := newTestWizard(t, s, true)
	test.Tap(findButton(t, w.Content(), "Try Tern with a demo mailbox"))
	if s.demoCalls != 1 || len(*done) != 1 {
		t.Fatalf("demo %d, done %d", s.demoCalls, len(*done))
	}
	_, w2, _ := newTestWizard(t, &scripted{}, false)
	if b := lookButton(w2.Content(), "Try Tern with a demo mailbox"); b != nil {
		t.Fatal("demo offered although an account exists")
	}
}

// srvDNS points SRV records of a domain at Dovecot on loopback.
type srvDNS map[string][]*net.SRV

func (d srvDNS) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if r, ok := d["_"+service+"._"+proto+"."+name]; ok {
		return "", r, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}
func (d srvDNS) LookupMX(context.Context, string) ([]*net.MX, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}

type refuse struct{}

func (refuse) DialContext(context.Context, string, string) (net.Conn, error) {
	return nil, errors.New("connection refused")
}

func TestWizardToAWorkingAccountOnDovecot(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{})
	dv.AddUser(t, "alice@localhost", "right-pw")
	m := newManager(t)
	e := engine.New(m, engine.Options{Discovery: autoconfig.Options{
		Resolver: srvDNS{
			"_imaps._tcp.localhost": {{Target: "localhost.", Port: uint16(dv.IMAPSPort)}},
			"_pop3s._tcp.localhost": {{Target: "localhost.", Port: uint16(dv.POP3SPort)}},
		},
		HTTP:    &http.Client{Transport: &http.Transport{DialContext: refuse{}.DialContext}},
		Dialer:  refuse{},
		Timeout: 5 * time.Second,
	}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.Start(ctx)
	defer e.Stop()

	wz, _, done := newTestWizard(t, e, true)
	fillStart(wz, "alice@localhost", "wrong-pw")
	test.Tap(wz.continueBtn)
	if wz.choice == nil || len(wz.choice.Options) != 2 {
		t.Fatalf("discovery through SRV did not offer IMAP and POP3: %q", wz.status.Text)
	}
	test.Tap(wz.signInBtn)
	if !strings.Contains(wz.status.Text, "The password was not accepted") {
		t.Fatalf("wrong password said %q", wz.status.Text)
	}
	wz.password.SetText("right-pw")
	test.Tap(wz.signInBtn)
	if len(*done) != 1 || (*done)[0].Protocol != accounts.IMAP {
		t.Fatalf("not done: %q", wz.status.Text)
	}
	if pw, err := m.Password(ctx, (*done)[0].ID); err != nil || pw != "right-pw" {
		t.Fatalf("password not kept: %q %v", pw, err)
	}
	// The first sync starts by itself: the folders appear.
	waitFor(t, func() bool {
		f, err := m.Store().Folders(ctx, (*done)[0].ID)
		return err == nil && len(f) >= 4
	})
}

// findButton finds a button by its text.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	if b := lookButton(o, text); b != nil {
		return b
	}
	t.Fatalf("no button %q", text)
	return nil
}

func lookButton(o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == text && v.Visible() {
			return v
		}
	case *dialogButton:
		if v.Text == text && v.Visible() {
			return &v.Button
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := lookButton(c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if b := lookButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}
