package gui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// Replying to a sender whose name has a comma fills in a To field that
// Send accepts, and the signature sits between the reply and the quote.
func TestReplyToANameWithACommaSends(t *testing.T) {
	w, m, e := windowWithMail(t)
	ctx := context.Background()
	acct, _ := m.Get("alice@example.org")
	acct.Signature = "Alice\nfrom the garden"
	if err := m.Update(acct); err != nil {
		t.Fatal(err)
	}
	inbox, _ := m.Store().FolderByName(ctx, acct.ID, "INBOX")
	raw := "From: \"Doe, John\" <john@example.org>\r\nTo: alice@example.org\r\nSubject: Delta\r\n" +
		"Message-ID: <gD@example.org>\r\nDate: Wed, 04 Nov 2026 09:30:00 +0000\r\n\r\nAre you in?\r\n"
	if _, err := m.Store().AddMessage(ctx, inbox.ID, storage.NewMessage{UIDL: "delta", Raw: []byte(raw)}); err != nil {
		t.Fatal(err)
	}
	w.Reload()
	w.list.list.Select(0)
	if got, _ := w.selected(); got.Subject != "Delta" {
		t.Fatalf("selected %q", got.Subject)
	}
	c := newComposer(w.app, e, m.List(), acct.ID, mustReply(t, w), func(f func()) { f() }, w.suggestAddresses)
	if c.to.Text != `"Doe, John" <john@example.org>` {
		t.Fatalf("To filled in as %q", c.to.Text)
	}
	sent := time.Date(2026, 11, 4, 9, 30, 0, 0, time.UTC)
	if !strings.HasPrefix(c.body.Text, "\n\n-- \nAlice\nfrom the garden\n\nOn "+i18n.LongDate(sent)+", ") ||
		!strings.Contains(c.body.Text, "\"Doe, John\" <john@example.org> wrote:\n> Are you in?") {
		t.Fatalf("body %q", c.body.Text)
	}
	c.body.SetText("Yes." + c.body.Text) // typed on the first line
	test.Tap(findButton(t, c.win.Content(), "Send"))
	if c.status.Text != "" && !c.sent {
		t.Fatalf("not sent: %s", c.status.Text)
	}
	rows, _ := m.Store().Outbox(ctx, "")
	if len(rows) != 1 {
		t.Fatalf("outbox has %d", len(rows))
	}
	p := message.Parse(rows[0].Raw)
	if len(p.To) != 1 || p.To[0] != (message.Address{Name: "Doe, John", Email: "john@example.org"}) {
		t.Errorf("To header reads back as %+v", p.To)
	}
	if !strings.HasPrefix(strings.ReplaceAll(p.Text, "\r\n", "\n"), "Yes.\n\n-- \nAlice\nfrom the garden\n") {
		t.Errorf("sent text %q", p.Text)
	}
}

func TestSplitLastKeepsQuotedCommas(t *testing.T) {
	for in, want := range map[string][2]string{
		"a@x, b@y, ca":                    {"a@x, b@y, ", "ca"},
		`"Doe, Jo`:                        {"", `"Doe, Jo`},
		`"Doe, John" <j@x>, "O\"Brien, A`: {`"Doe, John" <j@x>, `, `"O\"Brien, A`},
		`"Doe, John" <j@x>, car`:          {`"Doe, John" <j@x>, `, "car"},
		"carol":                           {"", "carol"},
	} {
		if done, last := splitLast(in); done != want[0] || last != want[1] {
			t.Errorf("%q: %q %q, want %q", in, done, last, want)
		}
	}
}

// A name with a comma typed without quotes gets a hint, not only the
// parser's words.
func TestComposerExplainsUnquotedCommas(t *testing.T) {
	w, m, e := windowWithMail(t)
	c := newComposer(w.app, e, m.List(), "alice@example.org", message.Draft{}, func(f func()) { f() }, w.suggestAddresses)
	c.to.SetText("Doe, John <john@example.org>")
	c.subject.SetText("Hello")
	c.body.SetText("Hi")
	c.send()
	if got := overlayText(c.win); !strings.Contains(got, `Tern cannot read "Doe" in the To field`) ||
		!strings.Contains(got, `needs quotes, like "Doe, John" <john@example.org>`) {
		t.Fatalf("the question says %q", got)
	}
	test.Tap(findButton(t, c.win.Canvas().Overlays().Top(), "Correct the address"))
	if c.win.Canvas().Focused() != c.to || c.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("Correct the address left the focus on %T", c.win.Canvas().Focused())
	}
	if !strings.Contains(c.status.Text, "The To field has an address Tern cannot read") ||
		!strings.Contains(c.status.Text, `needs quotes, like "Doe, John" <john@example.org>`) {
		t.Fatalf("status %q", c.status.Text)
	}
	if n := e.OutboxCount(context.Background()); n != 0 {
		t.Fatalf("outbox has %d", n)
	}
	c.to.SetText(`"Doe, John" <john@example.org>`)
	c.send()
	if n := e.OutboxCount(context.Background()); n != 1 {
		t.Fatalf("quoted: outbox has %d (%s)", n, c.status.Text)
	}
}

// Picking another sender swaps the signature, above the quote.
func TestComposerSwapsTheSignatureWithTheSender(t *testing.T) {
	w, m, e := windowWithMail(t)
	ctx := context.Background()
	alice, _ := m.Get("alice@example.org")
	alice.Signature = "Alice"
	if err := m.Update(alice); err != nil {
		t.Fatal(err)
	}
	work := alice
	work.ID, work.Address, work.Name, work.Signature = "", "alice@work.example", "Alice Work", "Alice, Head of Plants\nGarden Ltd"
	if _, err := m.Add(ctx, work, "pw"); err != nil {
		t.Fatal(err)
	}
	w.list.list.Select(1)
	c := newComposer(w.app, e, m.List(), "alice@example.org", mustReply(t, w), func(f func()) { f() }, w.suggestAddresses)
	quote := c.base.Text
	if c.body.Text != "\n\n-- \nAlice\n\n"+quote {
		t.Fatalf("body %q", c.body.Text)
	}
	c.body.SetText("Agreed." + c.body.Text)
	c.from.SetSelected("alice@work.example")
	if c.body.Text != "Agreed.\n\n-- \nAlice, Head of Plants\nGarden Ltd\n\n"+quote {
		t.Fatalf("after switching: %q", c.body.Text)
	}
	c.from.SetSelected("alice@example.org")
	if c.body.Text != "Agreed.\n\n-- \nAlice\n\n"+quote {
		t.Fatalf("after switching back: %q", c.body.Text)
	}
}
