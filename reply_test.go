package main

import (
	"bytes"
	"context"
	"net/mail"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/postfix"
	"github.com/tern-mail/tern/storage"
	"github.com/tern-mail/tern/storage/message"
)

// trickyMail are received messages whose people have commas, quotes,
// parentheses and non-ASCII characters in their names, written as quoted
// strings, encoded words (RFC 2047) in several charsets and raw UTF-8
// (RFC 6532).
var trickyMail = []string{
	"From: \"Doe, John\" <john@example.org>\r\n" +
		"To: alice@example.org, \"Anna \\\"Nan\\\" O'Brien\" <anna@example.org>\r\n" +
		"Subject: Lunch, Friday?\r\nMessage-ID: <t1@example.org>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\n" +
		"Shall we?\r\n",
	"From: =?UTF-8?Q?M=C3=BCller=2C_J=C3=B6rg?= <joerg@example.org>\r\n" +
		"To: =?UTF-8?Q?=C3=87elik=2C_Alice?= <alice@example.org>\r\n" +
		"Cc: =?ISO-8859-1?Q?Ren=E9e_d'Arc?= <renee@example.org>\r\n" +
		"Subject: =?UTF-8?Q?Re:_Caf=C3=A9_=C3=BCber_Mittag?=\r\nMessage-ID: <t2@example.org>\r\n" +
		"Date: Tue, 03 Nov 2026 10:00:00 +0000\r\n\r\nKaffee?\r\n",
	"From: \"Anna \\\"Nan\\\" O'Brien\" <anna@example.org>\r\n" +
		"To: alice@example.org\r\n" +
		"Cc: Зоя Иванова <zoya@example.org>, \"Doe, John\" <john@example.org>\r\n" +
		"Subject: Fwd: Re: Quotes \"inside\"\r\nMessage-ID: <t3@example.org>\r\nReferences: <t0@example.org>\r\n" +
		"Date: Wed, 04 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Привет\r\n",
	"From: =?UTF-8?B?5bGx55SwIOWkqumDjiAo5Za25qWtKQ==?= <taro@example.org>\r\n" +
		"To: alice@example.org\r\n" +
		"Subject: =?ISO-2022-JP?B?GyRCMnE1RCRONUQ7dk8/GyhC?=\r\nMessage-ID: <t4@example.org>\r\n" +
		"Date: Thu, 05 Nov 2026 10:00:00 +0000\r\n\r\nsee you\r\n",
}

// sent is what a test sent, to compare with what arrives.
type sent struct {
	subject string
	to, cc  []message.Address
	text    string // a line the body must carry
}

// Replies to and forwards of trickyMail, with recipients filled in the way
// the composer fills and reads its fields, go through the real Postfix
// and arrive with the same addresses in their headers.
func TestRepliesAndForwardsToTrickyNamesArriveIntact(t *testing.T) {
	dv := dovecot.Start(t, dovecot.Options{Extra: postfix.DovecotExtra})
	users := []string{"alice", "john", "anna", "joerg", "renee", "zoya", "taro", "kim"}
	for _, u := range users {
		dv.AddUser(t, u, "pw-"+u)
	}
	pf := postfix.Start(t, dv, "example.org", users)

	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw-alice\n", p, "account", "add", "--email", "alice@example.org",
		"--name", "Çelik, Alice", "--username", "alice", "--protocol", "imap", "--host", "localhost",
		"--port", itoa(int64(dv.IMAPSPort)), "--smtp-host", "localhost", "--smtp-port", itoa(int64(pf.SubmitPort)),
		"--smtp-security", "starttls", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	var originals [][]byte
	for _, m := range trickyMail {
		originals = append(originals, []byte(m))
	}
	if err := dv.DeliverMaildir("alice", "INBOX", originals, false); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatal(errOut)
	}

	e, err := open(dir, secrets)
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	ctx := context.Background()
	acct, err := e.manager.Get("alice@example.org")
	if err != nil {
		t.Fatal(err)
	}
	acct.Signature = "Alice Çelik\n\"Garden\", Ltd."
	if err := e.manager.Update(acct); err != nil {
		t.Fatal(err)
	}
	inbox, _ := e.store.FolderByName(ctx, acct.ID, "INBOX")
	list, err := e.store.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{inbox.ID}})
	if err != nil || len(list) != len(trickyMail) {
		t.Fatalf("inbox: %d messages, %v", len(list), err)
	}
	// The forwards go to someone typed in, and to a suggestion from the
	// mail on this computer.
	suggested, err := e.store.Addresses(ctx, "joerg", 1)
	if err != nil || len(suggested) != 1 || suggested[0] != (message.Address{Name: "Müller, Jörg", Email: "joerg@example.org"}) {
		t.Fatalf("suggestion for joerg: %+v %v", suggested, err)
	}
	forwardTo := `"Kim, Lee (IT)" <kim@example.org>, ` + suggested[0].String()

	// field is a recipient field of the composer: filled in, read back.
	field := func(l []message.Address) []message.Address {
		t.Helper()
		text := message.JoinAddresses(l)
		back, err := message.ParseAddressList(text)
		if err != nil {
			t.Fatalf("the composer cannot send what it filled in: %v", err)
		}
		return back
	}
	var want []sent
	for _, row := range list {
		m, err := e.store.Message(ctx, row.ID)
		if err != nil || m.Raw == nil {
			t.Fatalf("message %d: %v", row.ID, err)
		}
		orig := message.Parse(m.Raw)
		r := message.Reply(orig, acct.Sender(), []string{acct.Address}, true)
		r.To, r.Cc = field(r.To), field(r.Cc)
		r.Text = message.Sign("Thank you.", acct.Signature, r.Text)
		var attribution string
		for _, l := range strings.Split(r.Text, "\n") {
			if strings.HasSuffix(l, " wrote:") {
				attribution = l
				break
			}
		}
		if !strings.HasSuffix(attribution, ", "+orig.From[0].String()+" wrote:") ||
			!strings.HasPrefix(r.Text, "Thank you.\n\n-- \nAlice Çelik\n\"Garden\", Ltd.\n\n"+attribution+"\n> ") {
			t.Fatalf("reply text:\n%s", r.Text)
		}
		f := message.Forward(orig, m.Raw, acct.Sender(), false)
		if f.To, err = message.ParseAddressList(forwardTo); err != nil {
			t.Fatal(err)
		}
		f.Text = message.Sign("FYI", acct.Signature, f.Text)
		for _, d := range []message.Draft{r, f} {
			if _, err := e.engine.Queue(ctx, acct.ID, d); err != nil {
				t.Fatal(err)
			}
		}
		want = append(want,
			sent{subject: r.Subject, to: r.To, cc: r.Cc, text: attribution},
			sent{subject: f.Subject, to: f.To, text: "From: " + orig.From[0].String()})
	}
	if n, err := e.engine.DrainOutbox(ctx, acct); err != nil || n != len(want) {
		t.Fatalf("sent %d of %d: %v\n%s", n, len(want), err, pf.Log())
	}

	// Every recipient gets each message meant for them, once.
	expect := map[string][]sent{}
	for _, s := range want {
		for _, a := range append(append([]message.Address(nil), s.to...), s.cc...) {
			user, _, _ := strings.Cut(a.Email, "@")
			expect[user] = append(expect[user], s)
		}
	}
	if len(expect["alice"]) != 0 || len(expect["kim"]) != len(trickyMail) {
		t.Fatalf("recipients: %v", expect)
	}
	from := message.Address{Name: "Çelik, Alice", Email: "alice@example.org"}
	for user, msgs := range expect {
		got := waitMessages(t, imapAs(t, dv, user, "pw-"+user), "INBOX", len(msgs))
		if len(got) != len(msgs) {
			t.Fatalf("%s has %d messages, want %d", user, len(got), len(msgs))
		}
		for _, raw := range got {
			checkArrived(t, user, raw, from, msgs)
		}
	}
}

// checkArrived finds raw among what user should get and compares its
// headers, read by enmime (message.Parse) and by net/mail, with what was
// sent.
func checkArrived(t *testing.T, user string, raw []byte, from message.Address, msgs []sent) {
	t.Helper()
	p := message.Parse(raw)
	var s *sent
	for i := range msgs {
		if msgs[i].subject == p.Subject {
			s = &msgs[i]
		}
	}
	if s == nil {
		t.Errorf("%s got %q, which was not sent to them", user, p.Subject)
		return
	}
	hdr, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, b := range hdr {
		if b >= 0x80 {
			t.Errorf("%s, %q: 8-bit header:\n%s", user, s.subject, hdr)
			break
		}
	}
	same := func(reader, field string, got, want []message.Address) {
		if len(got) != len(want) {
			t.Errorf("%s, %q, %s (%s): %+v, want %+v", user, s.subject, field, reader, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s, %q, %s (%s): %+v, want %+v", user, s.subject, field, reader, got[i], want[i])
			}
		}
	}
	same("enmime", "From", p.From, []message.Address{from})
	same("enmime", "To", p.To, s.to)
	same("enmime", "Cc", p.Cc, s.cc)
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s, %q: %v", user, s.subject, err)
	}
	for _, f := range []struct {
		name string
		want []message.Address
	}{{"From", []message.Address{from}}, {"To", s.to}, {"Cc", s.cc}} {
		l, err := message.ParseAddressList(m.Header.Get(f.name))
		if err != nil {
			t.Errorf("%s, %q, %s: %v", user, s.subject, f.name, err)
		}
		same("net/mail", f.name, l, f.want)
	}
	text := unflow(p.Text)
	if !strings.Contains(text, "\n-- \nAlice Çelik\n\"Garden\", Ltd.\n") || !strings.Contains(text, s.text+"\n") {
		t.Errorf("%s, %q: text\n%s", user, s.subject, text)
	}
}

// unflow joins the soft line breaks of format=flowed text (RFC 3676
// section 4.1): a line ending in a space, except the signature separator,
// goes on in the next.
func unflow(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l)
		if i < len(lines)-1 && (!strings.HasSuffix(l, " ") || l == "-- ") {
			b.WriteString("\n")
		}
	}
	return b.String()
}
