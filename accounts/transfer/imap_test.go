package transfer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/accounts/imap"
	"github.com/tern-mail/tern/internal/dovecot"
)

// dovecotUser starts Dovecot with a user and returns a connection as
// Tern makes one, and another client to look at the server with.
func dovecotUser(t *testing.T, opts dovecot.Options) (*imap.Conn, *imapclient.Client) {
	t.Helper()
	srv := dovecot.Start(t, opts)
	srv.AddUser(t, "alice", "alice-pw")
	c, err := imap.Dial(context.Background(), accounts.Server{Host: "localhost", Port: srv.IMAPSPort,
		Security: accounts.TLS, Username: "alice"}, "alice-pw", imap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	other, err := imapclient.DialTLS(dovecot.Addr(srv.IMAPSPort), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	if err := other.Login("alice", "alice-pw").Wait(); err != nil {
		t.Fatal(err)
	}
	return c, other
}

// serverMessage is what the server holds of one message.
type serverMessage struct {
	subject string
	flags   []string
	date    time.Time
	raw     []byte
}

// onServer lists a folder's messages, by subject.
func onServer(t *testing.T, c *imapclient.Client, folder string) []serverMessage {
	t.Helper()
	sel, err := c.Select(folder, &goimap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("select %s: %v", folder, err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	section := &goimap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(goimap.SeqSet{{Start: 1, Stop: 0}}, &goimap.FetchOptions{Flags: true, InternalDate: true, Envelope: true,
		BodySection: []*goimap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out []serverMessage
	for _, m := range msgs {
		var flags []string
		for _, f := range m.Flags {
			if f != `\Recent` {
				flags = append(flags, string(f))
			}
		}
		sort.Strings(flags)
		out = append(out, serverMessage{subject: m.Envelope.Subject, flags: flags, date: m.InternalDate, raw: m.FindBodySection(section)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].subject < out[j].subject })
	return out
}

func describe(ms []serverMessage) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.subject+strings.Join(m.flags, ""))
	}
	return strings.Join(s, " | ")
}

// TestImportsIntoDovecot uploads a Thunderbird profile to a real
// Dovecot: folders made as the source has them (Sent into the server's
// Sent), flags and dates kept, deleted messages left out, and a second
// import adds nothing.
func TestImportsIntoDovecot(t *testing.T) {
	c, other := dovecotUser(t, dovecot.Options{})
	_, profile := thunderbirdHome(t)
	boxes, _, err := Scan([]string{profile})
	if err != nil {
		t.Fatal(err)
	}
	target, err := IMAPTarget(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Import(context.Background(), target, boxes, Options{})
	if err != nil || p.Imported != 7 || p.Deleted != 1 {
		t.Fatalf("import: %+v %v", p, err)
	}
	inbox := onServer(t, other, "INBOX")
	want := `imap offline copy\Seen | read\Seen | replied and flagged\Answered\Flagged\Seen | unread with a tag$label1`
	if got := describe(inbox); got != want {
		t.Errorf("INBOX:\n%s\nwant\n%s", got, want)
	}
	for _, m := range inbox {
		// The From_ line's date, "Mon Nov  2 10:00:00 2026", is the
		// internal date.
		if !m.date.Equal(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: internal date %v", m.subject, m.date)
		}
		if !strings.Contains(string(m.raw), "\r\nSubject: ") || strings.Contains(strings.ReplaceAll(string(m.raw), "\r\n", ""), "\n") {
			t.Errorf("%s: not uploaded with CRLF line breaks: %q", m.subject, m.raw)
		}
	}
	for folder, want := range map[string]string{"Sent": `sent one\Seen`, "INBOX/Receipts": `receipt$Forwarded\Seen`, "Archives/2025": `archived\Seen`} {
		if got := describe(onServer(t, other, folder)); got != want {
			t.Errorf("%s: %s, want %s", folder, got, want)
		}
	}
	// Again: everything is found on the server, nothing added.
	p, err = Import(context.Background(), target, boxes, Options{})
	if err != nil || p.Imported != 0 || p.Duplicates != 7 {
		t.Fatalf("second import: %+v %v", p, err)
	}
	if n := len(onServer(t, other, "INBOX")); n != 4 {
		t.Errorf("INBOX has %d messages after the second import", n)
	}
}

// TestResumesAnImportIntoDovecot interrupts an upload after its first
// batch and runs it again (it goes on where it stopped); then loses the
// recorded progress and runs it once more: the messages already on the
// server, those without a Message-ID too, are found there and not
// uploaded twice.
func TestResumesAnImportIntoDovecot(t *testing.T) {
	c, other := dovecotUser(t, dovecot.Options{NamespacePrefix: "INBOX.", Separator: "."})
	dir := t.TempDir()
	var msgs []string
	for i := range 24 {
		msgs = append(msgs, msg(i, "m"+string(rune('a'+i))))
	}
	// One without Message-ID, found by its Date.
	msgs = append(msgs, "From: x@example.org\nSubject: no id\nDate: Tue, 03 Nov 2026 09:00:00 +0000\n\nno id\n")
	file := filepath.Join(dir, "Old mail.mbox")
	write(t, file, mboxOf(msgs...))
	boxes, _, err := Scan([]string{file})
	if err != nil {
		t.Fatal(err)
	}
	target, err := IMAPTarget(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "progress.json")
	ctx, cancel := context.WithCancel(context.Background())
	opts := Options{StateFile: state, StateKey: "alice", BatchMessages: 10, OnProgress: func(Progress) { cancel() }}
	p, err := Import(ctx, target, boxes, opts)
	if !errors.Is(err, context.Canceled) || p.Imported != 10 {
		t.Fatalf("interrupted: %+v %v", p, err)
	}
	folder := "INBOX.Old mail" // below the namespace prefix
	if n := len(onServer(t, other, folder)); n != 10 {
		t.Fatalf("%d on the server after the interruption", n)
	}
	opts.OnProgress = nil
	p, err = Import(context.Background(), target, boxes, opts)
	if err != nil || p.Imported != 15 || p.Duplicates != 0 {
		t.Fatalf("resumed: %+v %v", p, err)
	}
	if n := len(onServer(t, other, folder)); n != 25 {
		t.Fatalf("%d on the server after resuming", n)
	}

	// Progress lost after the uploads (say, a crash before it was
	// written): the server is asked, and nothing goes up twice.
	ctx, cancel = context.WithCancel(context.Background())
	opts.OnProgress = func(Progress) { cancel() }
	if _, err := Import(ctx, target, boxes, opts); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if err := os.Remove(state); err != nil {
		t.Fatal(err)
	}
	opts.OnProgress = nil
	p, err = Import(context.Background(), target, boxes, opts)
	if err != nil || p.Imported != 0 || p.Duplicates != 25 {
		t.Fatalf("rerun without progress: %+v %v", p, err)
	}
	if n := len(onServer(t, other, folder)); n != 25 {
		t.Errorf("%d on the server, want 25", n)
	}
}
