package gui

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/accounts/netwatch"
	"github.com/tern-mail/tern/accounts/oauth"
	"github.com/tern-mail/tern/storage"
)

// goWords finds what only a Go error has in it: a package's prefix
// ("accounts: ", "dial tcp: ", "imap: select"), a formatting mistake
// ("%!d(string=…)"), <nil>, or a text that starts in lower case, as
// Go's errors do and a sentence never does.
var goWords = regexp.MustCompile(`%!|<nil>|^[a-z]|(^|[^A-Za-z])(accounts|imap|pop3|smtp|storage|oauth|keychain|secrets|` +
	`autoconfig|engine|compose|netwatch|setup|sqlite|dial|tls|x509|lookup|read|write|remote)( [a-z0-9.:\[\]]+)?: `)

// checkPlain fails the test when the text a person reads (where) shows
// Go's words: goWords, or err's own text, whole or its innermost part
// (the words of the cause: "no password stored for this account").
func checkPlain(t *testing.T, where, text string, err error) {
	t.Helper()
	if text == "" {
		t.Errorf("%s: no words at all", where)
		return
	}
	if m := goWords.FindString(text); m != "" {
		t.Errorf("%s: %q shows Go's words (%q)", where, text, m)
	}
	if err == nil {
		return
	}
	parts := strings.Split(err.Error(), ": ")
	for _, part := range []string{err.Error(), parts[len(parts)-1]} {
		if len(part) >= 12 && strings.Contains(text, part) {
			t.Errorf("%s: %q shows the error's own words %q", where, text, part)
		}
	}
}

// constsOf lists the names and values of the constants of type typ
// declared in the Go files of dir, from the source: a kind added later
// is walked too.
func constsOf(t *testing.T, dir, typ string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) != len(vs.Names) {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typ {
				return true
			}
			for i, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					out[vs.Names[i].Name], _ = strconv.Unquote(lit.Value)
				}
			}
			return true
		})
	}
	if len(out) == 0 {
		t.Fatalf("no constants of type %s in %s", typ, dir)
	}
	return out
}

// errServerSaid is what a server or the system says, in Go's words, as a
// notice keeps it for Details.
var errServerSaid = errors.New(`imap: uid move 7 to "Archive": NO [TRYCREATE] Mailbox doesn't exist: Archive`)

// TestNoticesSayNoGoWords walks every kind of notice storage declares,
// and for a refused change every kind of change: the sentence the notice
// bar shows is Tern's, and the server's words wait behind Details.
func TestNoticesSayNoGoWords(t *testing.T) {
	kinds := constsOf(t, "../storage", "NoticeKind")
	actions := constsOf(t, "../storage", "ActionKind")
	names := make([]string, 0, len(kinds))
	for name := range kinds {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		n := storage.Notice{Kind: storage.NoticeKind(kinds[name]), Subject: "Invoice", Folder: "INBOX", Dest: "Archive",
			ServerText: errServerSaid.Error()}
		if n.Kind != storage.NoticeRefused {
			checkPlain(t, name, noticeSentence(n), errServerSaid)
			continue
		}
		for action, v := range actions {
			n.Action = storage.ActionKind(v)
			checkPlain(t, name+"/"+action, noticeSentence(n), errServerSaid)
		}
	}
	for name, v := range constsOf(t, "../storage", "Trouble") {
		if tr := storage.Trouble(v); tr != storage.TroubleNone {
			checkPlain(t, name, troubleSentence(tr), nil)
		}
	}
	// The bar itself, with Details for the server's words.
	app := test.NewTempApp(t)
	win := app.NewWindow("t")
	b := newNoticeBar(nil, func() fyne.Window { return win }, func(string) string { return "" })
	b.set([]storage.Notice{{ID: 1, Kind: storage.NoticeNotSent, Subject: "Invoice", ServerText: errServerSaid.Error()}})
	checkPlain(t, "the notice bar", b.text.Text, errServerSaid)
	if !b.details.Visible() {
		t.Error("the server's words have no Details")
	}
}

// connectionErrors are what an account's worker reports, as Go wraps
// them, each one a status the window may show.
var connectionErrors = []error{
	fmt.Errorf("accounts: password for demo@tern.example: %w", accounts.ErrNoPassword),
	fmt.Errorf("accounts: password for demo@tern.example: %w; %w", accounts.ErrNoPassword, engine.ErrWaitingForUser),
	fmt.Errorf("imap: login: NO [AUTHENTICATIONFAILED] Invalid credentials: %w", accounts.ErrAuthFailed),
	fmt.Errorf("imap: login: %w; %w", accounts.ErrAuthFailed, engine.ErrWaitingForUser),
	accounts.DialError("imap", "imap.example.org:993", errors.New("dial tcp: lookup imap.example.org: no such host")),
	accounts.DialError("imap", "imap.example.org:993", errors.New("dial tcp 192.0.2.7:993: connect: connection refused")),
	fmt.Errorf("imap: connect to imap.example.org:993: x509: certificate signed by unknown authority: %w", accounts.ErrUntrusted),
	fmt.Errorf("pop3: login: -ERR [IN-USE] mailbox locked: %w", accounts.ErrTryLater),
	fmt.Errorf("imap: select \"INBOX\": NO [UNAVAILABLE] backend down: %w", accounts.ErrTemporary),
	fmt.Errorf("setup: %w: %w", accounts.ErrUnreachable, netwatch.ErrNoNetwork),
	fmt.Errorf("oauth: refresh: %w", oauth.ErrOffline),
	errors.New(`imap: select "INBOX": NO [SERVERBUG] internal error, id 7f3a`),
	errors.New("smtp: send: read tcp 192.0.2.2:51234->192.0.2.9:465: i/o timeout"),
	errors.New("engine: %!d(string=x)"),
}

// TestStatusAndBarsSayNoGoWords: whatever an account's connection
// reports, the status line and the credential bar say it in a sentence,
// offline and not, and keep the error's words for Details.
func TestStatusAndBarsSayNoGoWords(t *testing.T) {
	for _, err := range connectionErrors {
		for _, offline := range [][]string{nil, {"demo@tern.example"}} {
			s := snapshot{problem: err, offline: offline}
			checkPlain(t, fmt.Sprintf("status (offline %v) of %v", offline != nil, err), statusLine(s), err)
		}
	}
	app := test.NewTempApp(t)
	win := app.NewWindow("t")
	f := &fakeCreds{}
	b := newCredentialBar(f, func(g func()) { g() }, func() fyne.Window { return win })
	accts := []accounts.Account{{ID: "a1", Address: "demo@tern.example"},
		{ID: "a2", Address: "lee@outlook.com", Incoming: accounts.Server{Auth: accounts.OAuth2}}}
	for _, err := range connectionErrors {
		for _, a := range accts {
			b.refresh([]accounts.Account{a}, map[string]error{a.ID: err})
			checkPlain(t, fmt.Sprintf("credential bar of %s for %v", a.Address, err), b.text.Text, err)
		}
		// A sign-in that fails says why in a sentence, with Details.
		p := explain(err, nil)
		b.say(p.Sentence, p.Details)
		checkPlain(t, fmt.Sprintf("credential bar after %v", err), b.text.Text, err)
	}
}

// TestNoPasswordOffersTypePassword: an account without a stored password
// (no keychain, after a restart) gets a bar that says so and a Type
// password button that asks for it and keeps it; Details keeps the
// technical words.
func TestNoPasswordOffersTypePassword(t *testing.T) {
	app := test.NewTempApp(t)
	win := app.NewWindow("t")
	win.Resize(fyne.NewSize(700, 500))
	missing := fmt.Errorf("accounts: password for demo@tern.example: %w", accounts.ErrNoPassword)
	f := &fakeCreds{blocked: map[string]error{"d": missing}}
	b := newCredentialBar(f, func(g func()) { g() }, func() fyne.Window { return win })
	asked := 0
	b.askPassword = func(accounts.Account) { asked++ } // the settings: for a refused password only
	win.SetContent(b.box)
	a := accounts.Account{ID: "d", Address: "demo@tern.example"}
	b.refresh([]accounts.Account{a}, f.blocked)
	if got := b.text.Text; got != "Tern needs your password for demo@tern.example." || b.button.Text != "Type password" || !b.box.Visible() {
		t.Fatalf("bar %q [%s]", got, b.button.Text)
	}
	if got := statusLine(snapshot{problem: missing}); got != "Tern needs your password to get your mail." {
		t.Errorf("status %q", got)
	}
	test.Tap(b.button)
	dlg := win.Canvas().Overlays().Top()
	pw := lookPasswordEntry(dlg)
	if asked != 0 || pw == nil || win.Canvas().Focused() != pw {
		t.Fatalf("Type password opened the settings %d times, a field %v", asked, pw != nil)
	}
	test.Type(pw, "right")
	pw.(*dialogEntry).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if strings.Join(f.passwords, ",") != "right" || b.box.Visible() || win.Canvas().Overlays().Top() != nil {
		t.Fatalf("kept %q, bar shown %v", f.passwords, b.box.Visible())
	}
}
