package gui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage/message"
)

// An account waiting for its password is not said to be offline, and the
// status line shows no Go error for it: the credentials bar asks for the
// password. A message waiting on it says so.
func TestStatusLineForAnAccountWaitingForItsPassword(t *testing.T) {
	w, m, e, acct := withContacts(t)
	noPassword := fmt.Errorf("accounts: password for %s: %w", acct, accounts.ErrNoPassword)
	m.Store().SetOnline(acct, false, noPassword)
	m.Store().SetBlocked(acct, noPassword)
	c := openComposer(w, e, m, message.Draft{Subject: "Plan", Text: "Hello"})
	c.to.SetText("ana@example.org")
	c.send()
	w.Reload()
	if strings.Contains(w.status.Text, "Offline") || strings.Contains(w.status.Text, "accounts:") || strings.Contains(w.status.Text, "no password stored") {
		t.Fatalf("status %q", w.status.Text)
	}
	if !strings.Contains(w.status.Text, "Waiting to be sent: Tern needs your password") {
		t.Fatalf("status %q", w.status.Text)
	}
	if !w.creds.box.Visible() || w.creds.button.Text != "Type password" {
		t.Fatalf("credentials bar shown %v, button %q", w.creds.box.Visible(), w.creds.button.Text)
	}
}

// A message the server refused is said in a plain sentence on the status
// line; the server's words are behind Details.
func TestRefusedMessageStatusIsAPlainSentence(t *testing.T) {
	w, m, e, acct := withContacts(t)
	ctx := context.Background()
	c := openComposer(w, e, m, message.Draft{Subject: "Plan", Text: "Hello"})
	c.to.SetText("ana@example.org")
	c.send()
	rows, err := m.Store().Outbox(ctx, acct)
	if err != nil || len(rows) != 1 {
		t.Fatalf("outbox %v %v", rows, err)
	}
	const raw = "smtp: MAIL FROM: 550 5.7.1 relaying denied"
	claim, err := m.Store().ClaimOutgoing(ctx, rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := claim.Fail(ctx, raw); err != nil {
		t.Fatal(err)
	}
	claim.Release()
	w.Reload()
	if strings.Contains(w.status.Text, "smtp") || strings.Contains(w.status.Text, "550") {
		t.Fatalf("the status line shows the server's words: %q", w.status.Text)
	}
	if !strings.Contains(w.status.Text, "Not sent: the mail server refused the message.") {
		t.Fatalf("status %q", w.status.Text)
	}
	if !w.details.Visible() || w.problem == nil || w.problem.Error() != raw {
		t.Fatalf("Details shown %v with %v", w.details.Visible(), w.problem)
	}
}
