package gui

import (
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/storage/message"
)

func TestListShowsTheRealSender(t *testing.T) {
	cases := []struct{ name, email, want string }{
		{"Alice Martin", "alice@example.org", "Alice Martin"},
		{"PayPal <service@paypal.com>", "evil@attacker.example", "⚠ PayPal <service@paypal.com> (evil@attacker.example)"},
		{"service@paypal.com", "evil@attacker.example", "⚠ service@paypal.com (evil@attacker.example)"},
		{"bob@example.org", "bob@example.org", "bob@example.org (bob@example.org)"},
		{"paypal.com", "x@p\u0430ypal.com", "⚠ paypal.com (x@xn--pypal-4ve.com)"}, // a lookalike host is another domain
		{"", "x@p\u0430ypal.com", "x@xn--pypal-4ve.com"},
		{"Line\nTo: boss@example.org", "a@example.org", "⚠ Line To: boss@example.org (a@example.org)"},
	}
	for _, c := range cases {
		if got := senderText(c.name, c.email); got != c.want {
			t.Errorf("senderText(%q, %q) = %q, want %q", c.name, c.email, got, c.want)
		}
	}
}

// phishing is the corpus's phishing message: a spoofed sender, a
// Reply-To elsewhere, deceptive and lookalike links and a greedy mailto:.
var phishing = string(hostile.PhishingLinks())

func TestReaderShowsWhereThingsReallyGo(t *testing.T) {
	w, _, _ := windowWith(t, phishing)
	var opened []string
	w.reader.openHook = func(u *url.URL) { opened = append(opened, u.String()) }
	var composed []message.Draft
	w.reader.compose = func(d message.Draft) { composed = append(composed, d) }
	w.list.list.Select(0)

	if row := w.list.list; row.Length() != 1 {
		t.Fatal("no message listed")
	}
	if l := strings.Join(labels(w.list.list), "\n"); !strings.Contains(l, "⚠ PayPal <service@paypal.com> (evil@attacker.example)") {
		t.Fatalf("the list shows:\n%s", l)
	}
	if !w.reader.warning.Visible() || !strings.Contains(w.reader.warning.Text, "service@paypal.com") ||
		!strings.Contains(w.reader.warning.Text, "evil@attacker.example") {
		t.Fatalf("no warning about the sender: %q", w.reader.warning.Text)
	}
	if !strings.Contains(w.reader.headers.Text, "From: ⚠") || !strings.Contains(w.reader.headers.Text, "Reply-To: refunds@elsewhere.example") {
		t.Fatalf("headers:\n%s", w.reader.headers.Text)
	}
	if !strings.Contains(w.reader.warning.Text, "Replies go to refunds@elsewhere.example") {
		t.Fatalf("warning: %q", w.reader.warning.Text)
	}

	body := w.reader.body.String()
	for _, want := range []string{"[⚠ goes to attacker.example] https://www.paypal.com/signin", "[example.org] our help", "[xn--pypal-4ve.com] https://p\u0430ypal.com/"} {
		if !strings.Contains(body, want) {
			t.Errorf("reader lacks %q:\n%s", want, body)
		}
	}
	links := map[string]*widget.HyperlinkSegment{}
	for _, s := range w.reader.body.Segments {
		if l, ok := s.(*widget.HyperlinkSegment); ok {
			links[l.Text] = l
		}
	}
	// An honest link opens at once.
	links["our help"].OnTapped()
	if len(opened) != 1 || opened[0] != "https://help.example.org/faq" {
		t.Fatalf("opened %v", opened)
	}
	// A link that names another site asks, with the full address.
	links["https://www.paypal.com/signin"].OnTapped()
	if len(opened) != 1 {
		t.Fatal("a deceptive link opened without asking")
	}
	if q := overlayText(w.Window()); !strings.Contains(q, "https://attacker.example/login") || !strings.Contains(q, "www.paypal.com") {
		t.Fatalf("the question is %q", q)
	}
	w.reader.confirm.(*dialog.ConfirmDialog).Confirm()
	if len(opened) != 2 || opened[1] != "https://attacker.example/login" {
		t.Fatalf("after confirming: %v", opened)
	}
	// mailto: opens Tern's composer with To, Cc, Subject and Body only.
	links["write"].OnTapped()
	if len(opened) != 2 || len(composed) != 1 {
		t.Fatalf("mailto: opened %v, composed %d", opened, len(composed))
	}
	d := composed[0]
	if len(d.To) != 1 || d.To[0].Email != "support@example.org" || len(d.Cc) != 1 || d.Cc[0].Email != "boss@example.org" ||
		d.Subject != "Help" || d.Text != "Hi\nthere" || len(d.Bcc) != 0 || len(d.Attachments) != 0 {
		t.Fatalf("mailto draft %+v", d)
	}
}

func TestComposerSaysWhereAReplyGoes(t *testing.T) {
	w, _, _ := windowWith(t, phishing)
	w.list.list.Select(0)
	p, _, _, ok := w.original()
	if !ok {
		t.Fatal("no original")
	}
	d := message.Reply(p, message.Address{Email: "alice@example.org"}, []string{"alice@example.org"}, false)
	note := replyNote(p, d)
	if !strings.Contains(note, "refunds@elsewhere.example") {
		t.Fatalf("note %q", note)
	}
	c := w.compose(d, "")
	if c == nil {
		t.Fatal("no composer")
	}
	w.reply(false)
	found := false
	for _, win := range w.app.Driver().AllWindows() {
		for _, l := range find[*widget.Label](win.Content()) {
			if strings.Contains(l.Text, "This reply goes to refunds@elsewhere.example") {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("the composer does not say where the reply goes")
	}
}

func TestMailtoTakesOnlyFourFields(t *testing.T) {
	u, _ := url.Parse("mailto:a@example.org,b@example.org?to=c@example.org&from=boss@example.org&bcc=x@evil.example&subject=Hi%0D%0ABcc:%20x@evil.example&body=ok&attachment=/home/u/.ssh/id_rsa&in-reply-to=x")
	d := mailtoDraft(u)
	if len(d.To) != 3 || len(d.Bcc) != 0 || d.From.Email != "" || len(d.Attachments) != 0 || d.InReplyTo != "" {
		t.Fatalf("draft %+v", d)
	}
	if strings.ContainsAny(d.Subject, "\r\n") {
		t.Fatalf("subject %q keeps a line break", d.Subject)
	}
}
