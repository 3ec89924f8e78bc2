package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/storage/message"
)

// TestComposerAsksBeforeSending: no subject, no text, or an attachment
// promised and missing each ask a question whose buttons say what they
// do; going back puts the cursor where the fix goes and sends nothing,
// Send anyway sends. Escape closes a question and sends nothing, and
// Ctrl+Enter does not send past an open one.
func TestComposerAsksBeforeSending(t *testing.T) {
	w, m, e, _ := withContacts(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, subject, text string
		files               int
		question, back      string
		field               func(c *composer) fyne.Focusable
	}{
		{"no subject", "", "Hello", 0, "Send without a subject?", "Add a subject",
			func(c *composer) fyne.Focusable { return c.subject }},
		{"no text", "Plan", "", 0, "The message has no text and no attachment. Send it anyway?", "Write the text",
			func(c *composer) fyne.Focusable { return c.body }},
		{"nothing at all", "", "", 0, "This message has no subject and no text. Send it anyway?", "Write it first",
			func(c *composer) fyne.Focusable { return c.subject }},
		{"no subject, a file", "", "", 1, "Send without a subject?", "Add a subject",
			func(c *composer) fyne.Focusable { return c.subject }},
	} {
		before := e.OutboxCount(ctx)
		c := openComposer(w, e, m, message.Draft{Subject: tc.subject, Text: tc.text})
		for range tc.files {
			c.files = append(c.files, message.OutAttachment{Filename: "plan.pdf", Data: []byte("%PDF")})
		}
		c.to.SetText("ana@example.org")
		c.send()
		top := c.win.Canvas().Overlays().Top()
		if top == nil || !strings.Contains(overlayText(c.win), tc.question) {
			t.Fatalf("%s: asked %q, want %q", tc.name, overlayText(c.win), tc.question)
		}
		// Ctrl+Enter, as the window's shortcut takes it, does not send past it.
		c.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
		test.Tap(findButton(t, top, tc.back))
		if c.sent || e.OutboxCount(ctx) != before || c.win.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s: going back sent it (outbox %d) or left the question open", tc.name, e.OutboxCount(ctx))
		}
		if c.win.Canvas().Focused() != tc.field(c) {
			t.Errorf("%s: the cursor is in %T", tc.name, c.win.Canvas().Focused())
		}
		// Escape from the focused Send anyway closes the question.
		c.send()
		focused, ok := c.win.Canvas().Focused().(*dialogButton)
		if !ok || focused.Text != "Send anyway" {
			t.Fatalf("%s: the question's focus is on %T", tc.name, c.win.Canvas().Focused())
		}
		focused.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if c.sent || c.win.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s: Escape sent it or left the question open", tc.name)
		}
		c.send()
		test.Tap(findButton(t, c.win.Canvas().Overlays().Top(), "Send anyway"))
		if !c.sent || e.OutboxCount(ctx) != before+1 {
			t.Fatalf("%s: Send anyway did not send (outbox %d)", tc.name, e.OutboxCount(ctx))
		}
	}
	// A message with a subject and text goes at once.
	c := openComposer(w, e, m, message.Draft{Subject: "Plan", Text: "Hello"})
	c.to.SetText("ana@example.org")
	c.send()
	if !c.sent {
		t.Fatalf("a whole message was questioned: %q", overlayText(c.win))
	}
}

// TestComposerNamesTheAddressItCannotRead: the question says which
// address of which field, and its button puts the cursor there; the
// attachment reminder offers to attach.
func TestComposerNamesTheAddressItCannotRead(t *testing.T) {
	w, m, e, _ := withContacts(t)
	c := openComposer(w, e, m, message.Draft{Subject: "Plan", Text: "Hello"})
	c.to.SetText("ana@example.org")
	c.cc.SetText("bob@example.org, carol@@example")
	c.send()
	if got := overlayText(c.win); !strings.Contains(got, `Tern cannot read "carol@@example" in the Cc field`) {
		t.Fatalf("asked %q", got)
	}
	c.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // the focused Correct the address
	if c.sent || c.win.Canvas().Focused() != c.cc || c.cc.CursorColumn != len([]rune(c.cc.Text)) {
		t.Fatalf("sent %v, focus %T", c.sent, c.win.Canvas().Focused())
	}
	c.cc.SetText("")
	c.to.SetText("")
	c.send()
	if got := overlayText(c.win); !strings.Contains(got, "Please add at least one recipient.") {
		t.Fatalf("no recipient: asked %q", got)
	}
	test.Tap(findButton(t, c.win.Canvas().Overlays().Top(), "Add a recipient"))
	if c.win.Canvas().Focused() != c.to {
		t.Fatalf("focus %T", c.win.Canvas().Focused())
	}
	c.to.SetText("ana@example.org")
	c.body.SetText("The plan is attached.")
	picked := false
	c.send()
	if got := overlayText(c.win); !strings.Contains(got, "mentions an attachment") {
		t.Fatalf("attachment reminder: %q", got)
	}
	test.Tap(findButton(t, c.win.Canvas().Overlays().Top(), "Attach a file…"))
	if top := c.win.Canvas().Overlays().Top(); top != nil {
		picked = true // the file chooser
	}
	if !picked || c.sent {
		t.Fatalf("Attach a file… opened no chooser (sent %v)", c.sent)
	}
}

// TestTabTakesTheSuggestion: in a recipient field Tab completes to the
// suggestion shown first, as Enter does; with none it moves on (the
// field does not take Tab).
func TestTabTakesTheSuggestion(t *testing.T) {
	w, m, e, _ := withContacts(t)
	c := openComposer(w, e, m, message.Draft{})
	c.win.Canvas().Focus(c.to)
	if c.to.AcceptsTab() {
		t.Fatal("an empty field takes Tab")
	}
	test.Type(c.to, "anab")
	if !c.to.AcceptsTab() {
		t.Fatalf("Tab moves on past the suggestions %q", suggestionTexts(c))
	}
	c.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) // what the driver gives a field that takes Tab
	if c.to.Text != "Anabel Ruiz <anabel@example.org>, " || len(c.suggestions.Objects) != 0 {
		t.Fatalf("after Tab: %q, %d suggestions", c.to.Text, len(c.suggestions.Objects))
	}
	if c.to.AcceptsTab() {
		t.Fatal("Tab is still taken with no suggestion left")
	}
	// From the list, Tab takes the focused suggestion.
	test.Type(c.cc, "an")
	c.cc.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	s, ok := c.win.Canvas().Focused().(*suggestionButton)
	if !ok || !s.AcceptsTab() {
		t.Fatalf("Down focused %T", c.win.Canvas().Focused())
	}
	s.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if c.cc.Text != "Ana Souza <ana@example.org>, " {
		t.Fatalf("Tab in the list: %q", c.cc.Text)
	}
}
