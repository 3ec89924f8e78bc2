package message

import (
	"testing"

	"github.com/tern-mail/tern/internal/hostile"
)

func TestSendersOf(t *testing.T) {
	ceo := Address{Name: "CEO", Email: "ceo@corp.example"}
	mal := Address{Name: "Mallory", Email: "mallory@evil.example"}
	bob := Address{Email: "bob@example.org"}
	cases := []struct {
		from, sender []Address
		want         string
	}{
		{[]Address{ceo}, nil, ""},
		{[]Address{ceo}, []Address{{Email: "CEO@corp.example"}}, ""},
		{[]Address{ceo, mal}, []Address{{Email: "mallory@evil.example"}}, "CEO <ceo@corp.example> and Mallory <mallory@evil.example>"},
		{[]Address{ceo, mal, bob}, nil, "CEO <ceo@corp.example>, Mallory <mallory@evil.example> and bob@example.org"},
		{[]Address{ceo}, []Address{mal}, "sent by Mallory <mallory@evil.example> on behalf of CEO <ceo@corp.example>"},
		{[]Address{ceo, bob}, []Address{mal}, "sent by Mallory <mallory@evil.example> on behalf of CEO <ceo@corp.example> and bob@example.org"},
		{[]Address{ceo, {Email: "MISSING_MAILBOX@MISSING_DOMAIN"}}, nil, ""},
		{[]Address{{Email: "x@p\u0430ypal.com"}, bob}, nil, "x@xn--pypal-4ve.com and bob@example.org"},
	}
	for _, c := range cases {
		s := SendersOf(c.from, c.sender)
		if s.Text != c.want || s.Warn != (c.want != "") {
			t.Errorf("SendersOf(%v, %v) = %+v, want %q", c.from, c.sender, s, c.want)
		}
	}
	p := Parse(hostile.TwoSenders())
	if got := ListedSender(p.From, p.Sender); got.Email != "ceo@corp.example" ||
		got.Name != "CEO <ceo@corp.example> and Mallory <mallory@evil.example>" {
		t.Errorf("ListedSender = %+v", got)
	}
	if got := ListedSender([]Address{ceo}, nil); got != ceo {
		t.Errorf("ListedSender of one author = %+v", got)
	}
}

func TestPlaceholdersAreNoSender(t *testing.T) {
	for _, e := range []string{"MISSING_MAILBOX@MISSING_DOMAIN", "missing_mailbox@missing_domain", "MISSING_MAILBOX@corp.example",
		"joe@MISSING_DOMAIN", "INVALID_ADDRESS@.SYNTAX-ERROR.", "a@.syntax-error.", "", "  "} {
		if RealAddress(e) != "" || SenderName("", e) != NoSender() {
			t.Errorf("%q is taken for an address", e)
		}
	}
	if got := SenderName("", "ceo@corp.example"); got != "ceo@corp.example" {
		t.Errorf("SenderName = %q", got)
	}
	if got := SenderName("Ann", "MISSING_MAILBOX@MISSING_DOMAIN"); got != "Ann" {
		t.Errorf("SenderName = %q", got)
	}
	p := Parse(hostile.EmptyFrom())
	a := ListedSender(p.From, p.Sender)
	if SenderName(a.Name, a.Email) != NoSender() {
		t.Errorf("an empty From is named %q", SenderName(a.Name, a.Email))
	}
}
