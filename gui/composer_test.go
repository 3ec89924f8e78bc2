package gui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/engine"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// withContacts adds to the window's account a Sent folder with mail to
// Ana Souza (three times) and Anabel Ruiz (once), both last week.
func withContacts(t *testing.T) (*MainWindow, *accounts.Manager, *engine.Engine, string) {
	t.Helper()
	w, m, e := windowWithMail(t)
	ctx := context.Background()
	acct, _ := m.Get("alice@example.org")
	sent, err := m.Store().EnsureFolder(ctx, acct.ID, "Sent", "/", storage.RoleSent)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	send := func(to string, daysAgo int) {
		n++
		raw := fmt.Sprintf("From: alice@example.org\r\nTo: %s\r\nSubject: s%d\r\nMessage-ID: <s%d@example.org>\r\nDate: %s\r\n\r\nx\r\n",
			to, n, n, time.Now().AddDate(0, 0, -daysAgo).Format(time.RFC1123Z))
		if _, err := m.Store().AddMessage(ctx, sent.ID, storage.NewMessage{Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []int{5, 6, 7} {
		send("Ana Souza <ana@example.org>", d)
	}
	send("Anabel Ruiz <anabel@example.org>", 5)
	return w, m, e, acct.ID
}

func openComposer(w *MainWindow, e *engine.Engine, m *accounts.Manager, d message.Draft) *composer {
	c := newComposer(w.app, e, m.List(), "", d, func(f func()) { f() }, w.suggestAddresses)
	c.onQueued = w.noteQueued // as MainWindow.compose does
	return c
}

func suggestionTexts(c *composer) []string {
	var out []string
	for _, o := range c.suggestions.Objects {
		out = append(out, o.(*suggestionButton).Text)
	}
	return out
}

// Typing in a recipient field shows suggestions at once, the people
// written to most first; a tap or Enter takes one.
func TestComposerSuggestsWhileTyping(t *testing.T) {
	w, m, e, _ := withContacts(t)
	c := openComposer(w, e, m, message.Draft{})
	test.Type(c.to, "a")
	if len(c.suggestions.Objects) != 0 {
		t.Fatalf("one letter already suggests %q", suggestionTexts(c))
	}
	test.Type(c.to, "n")
	if got := fmt.Sprint(suggestionTexts(c)); got != "[Ana Souza <ana@example.org> Anabel Ruiz <anabel@example.org>]" {
		t.Fatalf("suggestions for an: %s", got)
	}
	test.Tap(c.suggestions.Objects[1].(*suggestionButton))
	if c.to.Text != "Anabel Ruiz <anabel@example.org>, " || len(c.suggestions.Objects) != 0 {
		t.Fatalf("after a tap: %q, %d suggestions", c.to.Text, len(c.suggestions.Objects))
	}
	if c.win.Canvas().Focused() != c.to {
		t.Fatal("focus left the To field")
	}
	test.Type(c.to, "ana")
	c.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.to.Text != "Anabel Ruiz <anabel@example.org>, Ana Souza <ana@example.org>, " {
		t.Fatalf("after Enter: %q", c.to.Text)
	}
	// Down goes to the list, for the keyboard.
	test.Type(c.to, "an")
	c.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if c.win.Canvas().Focused() != c.suggestions.Objects[0].(fyne.Focusable) {
		t.Fatalf("Down focused %T", c.win.Canvas().Focused())
	}
}

// Ctrl+Enter sends from every field, the multi-line body too, where a
// plain Enter still starts a new line.
func TestComposerCtrlEnterSendsFromAnyField(t *testing.T) {
	w, m, e, _ := withContacts(t)
	ctx := context.Background()
	ctrlEnter := &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	for i, field := range []string{"body", "subject", "to"} {
		c := openComposer(w, e, m, message.Draft{})
		c.to.SetText("ana@example.org")
		c.subject.SetText("Plan")
		c.win.Canvas().Focus(c.body)
		test.Type(c.body, "Hello")
		c.body.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if c.body.Text != "Hello\n" || e.OutboxCount(ctx) != i {
			t.Fatalf("Enter in the body: %q, outbox %d", c.body.Text, e.OutboxCount(ctx))
		}
		target := map[string]*composerEntry{"body": c.body, "subject": c.subject, "to": c.to}[field]
		c.win.Canvas().Focus(target)
		// What the desktop driver does with a shortcut when a field has focus.
		c.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(ctrlEnter)
		if !c.sent || e.OutboxCount(ctx) != i+1 {
			t.Fatalf("Ctrl+Enter in the %s did not send: %s", field, c.status.Text)
		}
	}
}

// A bare name becomes the one person it names; otherwise the composer
// says what to do.
func TestComposerTurnsANameIntoItsPerson(t *testing.T) {
	w, m, e, _ := withContacts(t)
	ctx := context.Background()
	c := openComposer(w, e, m, message.Draft{Subject: "Seeds", Text: "Here they are."})
	c.to.SetText("ana souza, Anabel")
	c.send()
	if !c.sent || c.to.Text != "Ana Souza <ana@example.org>, Anabel Ruiz <anabel@example.org>" {
		t.Fatalf("not resolved: %q (%s)", c.to.Text, c.status.Text)
	}
	rows, _ := m.Store().Outbox(ctx, "")
	if len(rows) != 1 || fmt.Sprint(rows[0].Recipients) != "[ana@example.org anabel@example.org]" {
		t.Fatalf("outbox %+v", rows)
	}
	for _, tc := range []struct{ typed, said string }{
		{"Ana", "'Ana' is not an email address: pick a suggestion or type the address"},           // two people
		{"Zoe Park", "'Zoe Park' is not an email address: pick a suggestion or type the address"}, // nobody
	} {
		c := openComposer(w, e, m, message.Draft{Subject: "Seeds", Text: "Here they are."})
		c.to.SetText(tc.typed)
		c.send()
		if c.sent || c.status.Text != tc.said {
			t.Errorf("%q: sent %v, status %q", tc.typed, c.sent, c.status.Text)
		}
		if got := overlayText(c.win); !strings.Contains(got, tc.said) {
			t.Errorf("%q: the question says %q", tc.typed, got)
		}
	}
	if n := e.OutboxCount(ctx); n != 1 {
		t.Fatalf("outbox has %d", n)
	}
}

// The window is titled with the subject.
func TestComposerTitleIsTheSubject(t *testing.T) {
	w, m, e, _ := withContacts(t)
	c := openComposer(w, e, m, message.Draft{Subject: "Re: Beta budget"})
	if c.win.Title() != "Re: Beta budget" {
		t.Fatalf("title %q", c.win.Title())
	}
	c.subject.SetText("")
	if c.win.Title() != "New message" {
		t.Fatalf("empty subject: title %q", c.win.Title())
	}
	test.Type(c.subject, "Seeds")
	if c.win.Title() != "Seeds" {
		t.Fatalf("typed: title %q", c.win.Title())
	}
}

// After Send, the main window's status line says whether the message went
// or waits for the network.
func TestStatusLineSaysSentOrWaiting(t *testing.T) {
	w, m, e, acct := withContacts(t)
	ctx := context.Background()
	c := openComposer(w, e, m, message.Draft{Subject: "Plan", Text: "Hello"})
	c.to.SetText("ana@example.org")
	c.send()
	if w.status.Text != statusSending() {
		t.Fatalf("status %q", w.status.Text)
	}
	rows, _ := m.Store().Outbox(ctx, acct)
	if err := m.Store().MarkOutgoingSent(ctx, rows[0].ID); err != nil {
		t.Fatal(err)
	}
	w.Reload()
	if !strings.HasPrefix(w.status.Text, "Sent") {
		t.Fatalf("accepted by the server: status %q", w.status.Text)
	}
	// Offline, the next one waits.
	m.Store().SetOnline(acct, false, errors.New("dial tcp: no route to host"))
	c = openComposer(w, e, m, message.Draft{Subject: "Plan", Text: "Hello"})
	c.to.SetText("ana@example.org")
	c.send()
	if !strings.Contains(w.status.Text, "Waiting to be sent (offline)") || strings.Contains(w.status.Text, "Sent ·") {
		t.Fatalf("offline: status %q", w.status.Text)
	}
}

// Escape asks whether to keep a draft, and keeps it.
func TestComposerEscapeAsksToKeepADraft(t *testing.T) {
	w, m, e, acct := withContacts(t)
	ctx := context.Background()
	c := openComposer(w, e, m, message.Draft{})
	c.win.Show()
	c.win.Canvas().Focus(c.body)
	test.Type(c.body, "Half a thought")
	c.body.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	top := c.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Escape asked nothing")
	}
	test.Tap(findButton(t, top, "Keep as draft"))
	drafts, err := m.Store().FolderByName(ctx, acct, "Drafts")
	if err != nil {
		t.Fatal(err)
	}
	l, _ := m.Store().ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{drafts.ID}, Limit: 10})
	if len(l) != 1 {
		t.Fatalf("drafts: %d", len(l))
	}
	for _, win := range w.app.Driver().AllWindows() {
		if win == c.win {
			t.Fatal("the composer is still open")
		}
	}
}
