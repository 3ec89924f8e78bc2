package gui

import (
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// Every choice in Preferences applies at once and is in the profile.
func TestPreferencesApplyAndAreRemembered(t *testing.T) {
	w, m, _ := windowWithMail(t)
	ctx := context.Background()
	imap, err := m.Add(ctx, accounts.Account{Name: "Alice", Address: "alice@imap.example", Protocol: accounts.IMAP,
		Incoming: accounts.Server{Host: "127.0.0.1", Port: 1, Security: accounts.TLS},
		Outgoing: accounts.Server{Host: "127.0.0.1", Port: 1, Security: accounts.TLS}}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	p := w.showPreferences()
	base := w.baseTheme

	p.theme.SetSelected("Dark")
	got := w.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
	if got != base.Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Errorf("dark theme: background %v", got)
	}
	p.textSize.SetSelected("Large")
	if got, want := w.readerPane.Theme.Size(theme.SizeNameText), base.Size(theme.SizeNameText)*1.25; got != want {
		t.Errorf("message text %v, want %v", got, want)
	}
	if got, want := w.app.Settings().Theme().Size(theme.SizeNameText), base.Size(theme.SizeNameText); got != want {
		t.Errorf("interface text %v, want %v", got, want)
	}
	p.density.SetSelected(densityPreview)
	p.pane.SetSelected(paneBelow())
	if w.listSplit.Horizontal {
		t.Error("the reading pane did not move below")
	}
	p.notify.SetChecked(false)
	p.offline.SetSelected("The last 90 days")
	if a, _ := m.Get(imap.ID); a.OfflineDays != 90 {
		t.Errorf("IMAP account keeps %d days", a.OfflineDays)
	}
	if a, _ := m.Get("alice@example.org"); a.OfflineDays != 0 {
		t.Errorf("POP3 account changed: %d days", a.OfflineDays)
	}
	// No notification while they are off.
	w.lastUnread = 0
	test.AssertNotificationSent(t, nil, func() {
		w.announce([]storage.Folder{{Role: storage.RoleInbox, Unread: 2}}, &storage.MessageSummary{Subject: "New"})
	})

	saved := reloadPrefs(m.ProfileDir())
	if saved.String(prefTheme) != themeDark || saved.Float(prefReaderText) != 1.25 || saved.String(prefDensity) != densityPreview ||
		!saved.Bool(prefReaderBelow) || !saved.Bool(prefNotifications) {
		t.Fatalf("profile has %v", saved.m)
	}
	// A new Preferences window shows what was chosen.
	again := w.newPreferences()
	if again.theme.Selected != "Dark" || again.textSize.Selected != "Large" || again.density.Selected != densityPreview ||
		again.pane.Selected != paneBelow() || again.notify.Checked || again.offline.Selected != "The last 90 days" {
		t.Fatalf("reopened: %s %s %s %s %v %s", again.theme.Selected, again.textSize.Selected, again.density.Selected,
			again.pane.Selected, again.notify.Checked, again.offline.Selected)
	}
}

// Account > Add account… opens the wizard for another account, cursor in
// the first field.
func TestAddAccountOpensTheWizard(t *testing.T) {
	w, _, _ := windowWithMail(t)
	var add *fyne.MenuItem
	for _, menu := range w.win.MainMenu().Items {
		for _, it := range menu.Items {
			if menu.Label == "Account" && it.Label == "Add account…" {
				add = it
			}
		}
	}
	if add == nil {
		t.Fatal("no Account > Add account…")
	}
	win := w.addAccount()
	if win.Title() != "Add an account" {
		t.Fatalf("title %q", win.Title())
	}
	e, ok := win.Canvas().Focused().(*dialogEntry)
	if !ok || e.PlaceHolder != "Ada Lovelace" {
		t.Fatalf("focused %T", win.Canvas().Focused())
	}
	if lookButton(win.Content(), "Try Tern with a demo mailbox") != nil {
		t.Fatal("the demo is offered for a second account")
	}
	if lookButton(win.Content(), "Continue") == nil {
		t.Fatal("no Continue button")
	}
}

// Help > About tells the version, the licence and the profile folder.
func TestAboutTellsVersionAndProfile(t *testing.T) {
	w, m, _ := windowWithMail(t)
	w.info = Info{Name: "Tern", Version: "1.4.0"}
	version, licence, profile := w.aboutLines()
	if version != "1.4.0" || licence != "not stated" || !strings.HasSuffix(profile, m.ProfileDir()[len(m.ProfileDir())-8:]) {
		t.Fatalf("%q %q %q", version, licence, profile)
	}
	w.showAbout()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no About dialog")
	}
	var texts []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			texts = append(texts, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Version 1.4.0", "Licence: not stated", profile} {
		if !strings.Contains(all, want) {
			t.Errorf("About lacks %q in %q", want, all)
		}
	}
	test.Tap(findButton(t, top, "Open the profile folder"))
}

// Help > Keyboard shortcuts lists every menu shortcut, and so does the
// README.
func TestShortcutsAreAllListedAndDocumented(t *testing.T) {
	w, _, _ := windowWithMail(t)
	list := w.shortcuts()
	have := map[string]bool{}
	for _, s := range list {
		have[s.keys] = true
	}
	for _, k := range []string{"Ctrl+N", "Ctrl+R", "Ctrl+Shift+R", "Ctrl+F", "Ctrl+plus", "Ctrl+minus", "Ctrl+0", "Ctrl+Enter", "F9", "Escape", "Ctrl+,"} {
		if !have[k] {
			t.Errorf("%s missing from Help > Keyboard shortcuts", k)
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if !strings.Contains(string(readme), "| "+s.keys+" |") {
			t.Errorf("README lacks the row for %s (%s)", s.keys, s.what)
		}
	}
	w.showShortcuts()
}

// Preferences › Language offers the system's language first, then each
// language Tern has by its own name; the choice is in the profile, and
// the next window asks for it before the system's, before it makes its
// first word.
func TestLanguageChoiceIsRememberedAndUsedAtStart(t *testing.T) {
	w, m, e := windowWithMail(t)
	p := w.showPreferences()
	if len(p.language.Options) < 2 || p.language.Options[0] != i18n.SystemChoice() || p.language.Options[1] != "English" {
		t.Fatalf("languages offered: %q", p.language.Options)
	}
	if p.language.Selected != i18n.SystemChoice() {
		t.Fatalf("with nothing chosen, %q is selected", p.language.Selected)
	}
	p.language.SetSelected("English")
	if got := reloadPrefs(m.ProfileDir()).String(prefLanguage); got != "en" {
		t.Fatalf("profile keeps %q", got)
	}
	for _, win := range fyne.CurrentApp().Driver().AllWindows() {
		if win.Canvas().Overlays().Top() != nil {
			t.Fatalf("a restart was offered for the language Tern already speaks (%q)", win.Title())
		}
	}
	var asked []string
	saved := useLanguage
	defer func() { useLanguage = saved }()
	useLanguage = func(wanted ...string) language.Tag {
		asked = wanted
		return saved(wanted...)
	}
	again := NewMainWindow(fyne.CurrentApp(), m, e, Info{Name: "Tern"})
	if len(asked) == 0 || asked[0] != "en" {
		t.Fatalf("the window asked for %q", asked)
	}
	reopened := again.newPreferences()
	again.languageChoice(reopened, again.win)
	if reopened.language.Selected != "English" {
		t.Fatalf("reopened, Preferences shows %q", reopened.language.Selected)
	}
}

// A new language is spoken after a restart, which Tern offers: Yes asks
// main for one (RestartIfAsked), No leaves it for the next start.
func TestRestartIsOfferedForANewLanguage(t *testing.T) {
	w, _, _ := windowWithMail(t)
	defer restartWanted.Store(false)
	for _, answer := range []string{"No", "Yes"} {
		w.offerRestart(w.win)
		top := overlay(t, w)
		if !strings.Contains(strings.Join(labels(top), " "), "Tern will use the new language after a restart. Restart now?") {
			t.Fatalf("asked %q", labels(top))
		}
		test.Tap(findButton(t, top, answer))
		if got := restartWanted.Load(); got != (answer == "Yes") {
			t.Fatalf("%s: restart wanted %v", answer, got)
		}
	}
}

// The new start keeps this one's options but does not open again the
// links and files this one opened.
func TestRestartKeepsTheOptionsOnly(t *testing.T) {
	for _, tc := range []struct{ args, want []string }{
		{nil, nil},
		{[]string{"--profile", "/p"}, []string{"--profile", "/p"}},
		{[]string{"--profile=/p", "mailto:ana@example.org", "note.eml"}, []string{"--profile=/p"}},
		{[]string{"file:///tmp/a.eml"}, []string{}},
	} {
		if got := restartArgs(tc.args); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%q: %q, want %q", tc.args, got, tc.want)
		}
	}
}
