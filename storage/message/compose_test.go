package message

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
)

func TestComposeRoundTrips(t *testing.T) {
	long := strings.Repeat("Grüße aus dem schönen Hamburg, wo es heute regnet. ", 6)
	d := Draft{
		From:    Address{Name: "Jürgen Müller", Email: "juergen@example.de"},
		To:      []Address{{Name: "Zoë", Email: "zoe@example.org"}, {Email: "bob@example.org"}},
		Cc:      []Address{{Name: "Carol", Email: "carol@example.org"}},
		Bcc:     []Address{{Name: "Secret", Email: "secret@example.org"}},
		Subject: "Über das Projekt — nächste Schritte",
		Text:    long + "\n\n> a quoted line\nFrom the start\n",
		HTML:    "<p>Über das <b>Projekt</b></p>",
		Attachments: []OutAttachment{
			{Filename: "Übersicht 2026.pdf", Data: []byte("%PDF-1.4 fake")},
			{Filename: "notes.txt", Data: []byte("plain notes")},
		},
		InReplyTo:  "orig@example.org",
		References: []string{"root@example.org", "orig@example.org"},
		Date:       time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC),
	}
	raw, d2, err := Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(d2.MessageID, "@example.de") {
		t.Errorf("Message-ID %q not on the sender's domain", d2.MessageID)
	}
	hdr, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, l := range strings.Split(string(hdr), "\r\n") {
		if len(l) > 998 {
			t.Errorf("header line over 998 characters")
		}
		for _, c := range l {
			if c > 127 {
				t.Fatalf("raw 8-bit in header line %q", l)
			}
		}
	}
	// A Bcc header line, not the letters "bcc", which a random Message-ID
	// or boundary may hold.
	if bytes.Contains(raw, []byte("secret@example.org")) || bytes.HasPrefix(bytes.ToLower(hdr), []byte("bcc:")) ||
		bytes.Contains(bytes.ToLower(hdr), []byte("\r\nbcc:")) {
		t.Fatal("Bcc leaked into the message")
	}
	if got := strings.Join(d2.Recipients(), ","); got != "zoe@example.org,bob@example.org,carol@example.org,secret@example.org" {
		t.Errorf("recipients %s", got)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil || m.Header.Get("Mime-Version") != "1.0" || m.Header.Get("Date") == "" {
		t.Fatalf("not a valid message: %v", err)
	}
	if !strings.Contains(string(hdr), "filename*=") && !strings.Contains(string(raw), "filename*=") {
		t.Error("non-ASCII file name not in RFC 2231 form")
	}

	p := Parse(raw)
	if p.Subject != d.Subject || p.From[0] != d.From || len(p.To) != 2 || p.To[0].Name != "Zoë" {
		t.Errorf("headers back: %q %v %v", p.Subject, p.From, p.To)
	}
	if p.InReplyTo != "orig@example.org" || strings.Join(p.References, " ") != "root@example.org orig@example.org" {
		t.Errorf("threading back: %q %v", p.InReplyTo, p.References)
	}
	// format=flowed: the reader rejoins what was wrapped.
	if !strings.Contains(unflow(p.Text), strings.TrimSpace(long)) {
		t.Errorf("text back:\n%q", p.Text)
	}
	if !strings.Contains(p.HTML, "<b>Projekt</b>") {
		t.Errorf("html back: %q", p.HTML)
	}
	if len(p.Attachments) != 2 || p.Attachments[0].Filename != "Übersicht 2026.pdf" ||
		p.Attachments[0].ContentType != "application/pdf" || string(p.Attachments[0].Data) != "%PDF-1.4 fake" {
		t.Fatalf("attachments back: %+v", p.Attachments)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 && !strings.HasPrefix(line, "References") {
			t.Errorf("line longer than 78: %q", line)
		}
	}
}

// unflow joins soft-broken lines as a format=flowed reader would.
func unflow(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, " \r\n", " "), " \n", " ")
}

func TestFlow(t *testing.T) {
	got := Flow("short\n" + strings.Repeat("word ", 30) + "\nFrom here\n>quoted " + strings.Repeat("q ", 50))
	for _, l := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
		if len([]rune(l)) > 78 {
			t.Errorf("long line %q", l)
		}
	}
	if !strings.Contains(got, "\r\n From here\r\n") {
		t.Errorf("From line not space-stuffed: %q", got)
	}
	if strings.Count(got, "> q") < 2 {
		t.Errorf("wrapped quote lost its prefix: %q", got)
	}
}

func TestReplyAndForward(t *testing.T) {
	orig := Parse([]byte("From: Carol <carol@example.org>\r\nTo: Alice <alice@example.org>, Bob <bob@example.org>\r\n" +
		"Cc: Dave <dave@example.org>, alice@EXAMPLE.org\r\nSubject: RE: Re: Fwd: Plans\r\n" +
		"Date: Tue, 03 Nov 2026 09:30:00 +0000\r\nMessage-ID: <m2@example.org>\r\nReferences: <m1@example.org>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" +
		"Let's meet.\r\n> earlier\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=agenda.pdf\r\n\r\n" +
		"%PDF\r\n--b--\r\n"))
	me := Address{Name: "Alice", Email: "alice@example.org"}

	r := Reply(orig, me, nil, false)
	if r.Subject != "Re: Plans" || len(r.To) != 1 || r.To[0].Email != "carol@example.org" || len(r.Cc) != 0 {
		t.Errorf("reply: %q to %v cc %v", r.Subject, r.To, r.Cc)
	}
	if r.InReplyTo != "m2@example.org" || strings.Join(r.References, " ") != "m1@example.org m2@example.org" {
		t.Errorf("reply threading: %q %v", r.InReplyTo, r.References)
	}
	if !strings.Contains(r.Text, "On "+i18n.LongDate(orig.Date)+", Carol <carol@example.org> wrote:\n> Let's meet.\n>> earlier") {
		t.Errorf("quote: %q", r.Text)
	}
	ra := Reply(orig, me, []string{"alice@example.org"}, true)
	var to, cc []string
	for _, a := range ra.To {
		to = append(to, a.Email)
	}
	for _, a := range ra.Cc {
		cc = append(cc, a.Email)
	}
	if strings.Join(to, ",") != "carol@example.org,bob@example.org" || strings.Join(cc, ",") != "dave@example.org" {
		t.Errorf("reply all: to %v cc %v", to, cc)
	}
	if ReplySubject(r.Subject) != "Re: Plans" {
		t.Error("Re: stacked")
	}

	f := Forward(orig, nil, me, false)
	if f.Subject != "Fwd: Plans" || len(f.Attachments) != 1 || f.Attachments[0].Filename != "agenda.pdf" ||
		!strings.Contains(f.Text, "---------- Forwarded message ----------\nFrom: Carol <carol@example.org>") {
		t.Errorf("forward: %q %+v\n%s", f.Subject, f.Attachments, f.Text)
	}
	fa := Forward(orig, []byte("raw source"), me, true)
	raw, _, err := Compose(fa)
	if err != nil {
		t.Fatal(err)
	}
	back := Parse(raw)
	if len(back.Attachments) != 1 || back.Attachments[0].ContentType != "message/rfc822" {
		t.Errorf("forward as attachment: %+v", back.Attachments)
	}
}
