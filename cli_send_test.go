package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/postfix"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// imapAs logs in to Dovecot as user.
func imapAs(t *testing.T, dv *dovecot.Server, user, pw string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialTLS(dovecot.Addr(dv.IMAPSPort), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(user, pw).Wait(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// fetchAll returns the sources of every message in folder.
func fetchAll(t *testing.T, c *imapclient.Client, folder string) [][]byte {
	t.Helper()
	sel, err := c.Select(folder, nil).Wait()
	if err != nil {
		t.Fatalf("select %s: %v", folder, err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	sec := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: sel.NumMessages}},
		&imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{sec}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range msgs {
		out = append(out, m.FindBodySection(sec))
	}
	return out
}

func waitMessages(t *testing.T, c *imapclient.Client, folder string, n int) [][]byte {
	t.Helper()
	var got [][]byte
	testenv.Eventually(t, 20*time.Second, func() error {
		if got = fetchAll(t, c, folder); len(got) < n {
			return fmt.Errorf("%s has %d messages, want %d", folder, len(got), n)
		}
		return nil
	})
	return got
}

func TestSendThroughPostfixArrivesIntact(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{Extra: postfix.DovecotExtra})
	dv.AddUser(t, "alice", "pw-alice")
	dv.AddUser(t, "bob", "pw-bob")
	pf := postfix.Start(t, dv, "example.org", []string{"alice", "bob"})

	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw-alice\n", p, "account", "add", "--email", "alice@example.org",
		"--name", "Alice Çelik", "--username", "alice", "--protocol", "imap", "--host", "localhost",
		"--port", itoa(int64(dv.IMAPSPort)), "--smtp-host", "localhost", "--smtp-port", itoa(int64(pf.SubmitPort)),
		"--smtp-security", "starttls", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatal(errOut)
	}
	attachment := make([]byte, 50_000)
	for i := range attachment {
		attachment[i] = byte(i * 7)
	}
	att := filepath.Join(t.TempDir(), "Prüfbericht März.bin")
	os.WriteFile(att, attachment, 0o600)
	body := "Hallo Bob,\n\nanbei der Prüfbericht. Ein sehr langer Satz, der ganz sicher länger ist als zweiundsiebzig Zeichen und daher umbrochen wird.\n.\nEine Zeile mit Punkt davor.\n"
	_, errOut, code := cli(t, secrets, body, p, "send", "--to", "Bob <bob@example.org>", "--bcc", "alice@example.org",
		"--subject", "Prüfbericht für März ✓", "--body-file", "-", "--attach", att)
	if code != 0 {
		t.Fatalf("send: %s\n%s", errOut, pf.Log())
	}

	bob := imapAs(t, dv, "bob", "pw-bob")
	got := waitMessages(t, bob, "INBOX", 1)
	m := message.Parse(got[0])
	if m.Subject != "Prüfbericht für März ✓" || m.From[0].Name != "Alice Çelik" || m.From[0].Email != "alice@example.org" {
		t.Errorf("headers: %q %v", m.Subject, m.From)
	}
	if strings.Contains(string(got[0]), "Bcc") {
		t.Error("Bcc header reached the recipient")
	}
	// Read as format=flowed: soft breaks (a space before the line end) join.
	unflowed := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), " \n", " ")
	if !strings.Contains(unflowed, "anbei der Prüfbericht. Ein sehr langer Satz, der ganz sicher länger ist als zweiundsiebzig Zeichen und daher umbrochen wird.\n.\nEine Zeile mit Punkt davor.") {
		t.Errorf("body: %q", unflowed)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "Prüfbericht März.bin" || string(m.Attachments[0].Data) != string(attachment) {
		t.Fatalf("attachment: %d attachments", len(m.Attachments))
	}
	// The Bcc copy reached alice, and the Sent copy reaches her Sent folder.
	alice := imapAs(t, dv, "alice", "pw-alice")
	waitMessages(t, alice, "INBOX", 1)
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatal(errOut)
	}
	sent := fetchAll(t, alice, "Sent")
	if len(sent) != 1 || message.Parse(sent[0]).Subject != "Prüfbericht für März ✓" {
		t.Fatalf("Sent on the server: %d", len(sent))
	}
	if out, _, _ := cli(t, secrets, "", p, "list", "--folder", "Sent"); strings.Count(out, "\n") != 1 || !strings.Contains(out, "\tread") {
		t.Fatalf("local Sent: %q", out)
	}

	// Sent while the server is away: queued, then out once.
	if err := pf.Stop(); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = cli(t, secrets, "Offline text\n", p, "send", "--to", "bob@example.org", "--subject", "Written on a train", "--body-file", "-")
	if code != 75 || !strings.HasPrefix(errOut, "tern: queued: ") || !strings.Contains(errOut, "next try at ") {
		t.Fatalf("offline send: %d %s", code, errOut)
	}
	// While that one waits for its next try, another is sent at once and
	// only its acceptance says "Sent".
	_, errOut, code = cli(t, secrets, "Still offline\n", p, "send", "--to", "bob@example.org", "--subject", "Still on the train", "--body-file", "-")
	if code != 75 || !strings.HasPrefix(errOut, "tern: queued: ") {
		t.Fatalf("second offline send: %d %s", code, errOut)
	}
	if err := pf.Restart(); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := cli(t, secrets, "Arrived\n", p, "send", "--to", "bob@example.org", "--subject", "At the station", "--body-file", "-")
	if code != 0 || !strings.Contains(out, "Sent from alice@example.org") {
		t.Fatalf("send once the server is back: %d %s %s", code, out, errOut)
	}
	out, _, _ = cli(t, secrets, "", p, "outbox")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 ||
		!strings.Contains(lines[0], "\tqueued\t1\t") || !strings.Contains(lines[0], "\tWritten on a train\t") ||
		!strings.Contains(lines[1], "\tStill on the train\t") {
		t.Fatalf("tern outbox: %q", out)
	}
	st, _ := storage.Open(filepath.Join(dir, storage.FileName))
	rows, _ := st.Outbox(context.Background(), "")
	st.RetryOutgoing(context.Background(), rows[0].ID, "", time.Now().Add(-time.Second)) // "send now"
	st.Close()
	for i := 0; i < 2; i++ {
		if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
			t.Fatal(errOut)
		}
	}
	// Once Postfix's queue is empty, bob's Inbox holds all it will get.
	pf.WaitQueueEmpty(t)
	if got = fetchAll(t, bob, "INBOX"); len(got) != 4 {
		t.Fatalf("bob has %d messages, want 4 (each offline one once)", len(got))
	}

	// Drafts: saved, replaced, reopened; the server keeps only the latest.
	e, err := open(dir, secrets)
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	ctx := context.Background()
	d := message.Draft{To: []message.Address{{Email: "bob@example.org"}}, Subject: "Draft v1", Text: "first"}
	id1, err := e.engine.SaveDraft(ctx, "alice@example.org", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := e.manager.Get("alice@example.org")
	if err := e.engine.SyncOnce(ctx, acct); err != nil {
		t.Fatal(err)
	}
	d.Subject, d.Text = "Draft v2", "second"
	id2, err := e.engine.SaveDraft(ctx, "alice@example.org", d, id1)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.engine.SyncOnce(ctx, acct); err != nil {
		t.Fatal(err)
	}
	drafts := fetchAll(t, alice, "Drafts")
	if len(drafts) != 1 || message.Parse(drafts[0]).Subject != "Draft v2" {
		t.Fatalf("server Drafts: %d", len(drafts))
	}
	back, err := e.engine.OpenDraft(ctx, id2)
	if err != nil || back.Subject != "Draft v2" || !strings.Contains(back.Text, "second") || back.To[0].Email != "bob@example.org" {
		t.Fatalf("reopened draft: %+v %v", back, err)
	}
}

func TestPOP3AccountKeepsSentAndDraftsHere(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{Extra: postfix.DovecotExtra})
	dv.AddUser(t, "carol", "pw-carol")
	dv.AddUser(t, "bob", "pw-bob")
	pf := postfix.Start(t, dv, "example.org", []string{"carol", "bob"})
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw-carol\n", p, "account", "add", "--email", "carol@example.org",
		"--username", "carol", "--protocol", "pop3", "--host", "localhost", "--port", itoa(int64(dv.POP3SPort)),
		"--smtp-host", "localhost", "--smtp-port", itoa(int64(pf.SMTPSPort)), "--smtp-security", "tls", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := cli(t, secrets, "hi\n", p, "send", "--to", "bob@example.org", "--subject", "From POP land", "--body-file", "-"); code != 0 {
		t.Fatalf("send: %s\n%s", errOut, pf.Log())
	}
	waitMessages(t, imapAs(t, dv, "bob", "pw-bob"), "INBOX", 1)
	if out, _, _ := cli(t, secrets, "", p, "list", "--folder", "Sent"); !strings.Contains(out, "From POP land") {
		t.Fatalf("local Sent: %q", out)
	}
	e, err := open(dir, secrets)
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	ctx := context.Background()
	if _, err := e.engine.SaveDraft(ctx, "carol@example.org", message.Draft{Subject: "Later", Text: "x"}, 0); err != nil {
		t.Fatal(err)
	}
	f, _ := e.store.FolderByName(ctx, "carol@example.org", "Drafts")
	l, _ := e.store.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
	if len(l) != 1 || l[0].Subject != "Later" || !l[0].Flags.Draft {
		t.Fatalf("local Drafts: %+v", l)
	}
	if pending, _ := e.store.PendingActions(ctx, "carol@example.org"); len(pending) != 0 {
		t.Fatalf("POP3 draft queued for a server: %+v", pending)
	}
}
