package message

import (
	"strings"
	"testing"
)

// A reply's recipients, as the composer fills them in, read back as the
// same addresses: names with commas are quoted, encoded words decoded.
func TestReplyRecipientsReadBack(t *testing.T) {
	orig := Parse([]byte("From: \"Doe, John\" <j@example.org>\r\n" +
		"To: =?UTF-8?Q?M=C3=BCller=2C_J=C3=B6rg?= <joerg@example.de>, \"Anna \\\"Nan\\\" O'Brien\" <anna@example.org>\r\n" +
		"Cc: =?ISO-8859-1?Q?Ren=E9e_d'Arc?= <renee@example.fr>\r\n" +
		"Subject: =?UTF-8?Q?Re:_Caf=C3=A9?=\r\nMessage-ID: <c1@example.org>\r\n\r\nBonjour\r\n"))
	me := Address{Name: "Alice", Email: "alice@example.org"}
	r := Reply(orig, me, nil, true)
	if got := JoinAddresses(r.To); got != `"Doe, John" <j@example.org>, "Müller, Jörg" <joerg@example.de>, "Anna \"Nan\" O'Brien" <anna@example.org>` {
		t.Errorf("To field: %s", got)
	}
	if got := JoinAddresses(r.Cc); got != "Renée d'Arc <renee@example.fr>" {
		t.Errorf("Cc field: %s", got)
	}
	for _, l := range [][]Address{r.To, r.Cc} {
		back, err := ParseAddressList(JoinAddresses(l))
		if err != nil || len(back) != len(l) {
			t.Fatalf("%v: %v", back, err)
		}
		for i := range l {
			if back[i] != l[i] {
				t.Errorf("%+v reads back as %+v", l[i], back[i])
			}
		}
	}
	if r.Subject != "Re: Café" || !strings.HasPrefix(r.Text, `"Doe, John" <j@example.org> wrote:`) {
		t.Errorf("reply %q %q", r.Subject, r.Text)
	}
	f := Forward(orig, nil, me, false)
	if !strings.Contains(f.Text, "From: \"Doe, John\" <j@example.org>\n") ||
		!strings.Contains(f.Text, "To: \"Müller, Jörg\" <joerg@example.de>, \"Anna \\\"Nan\\\" O'Brien\" <anna@example.org>\n") {
		t.Errorf("forward header block:\n%s", f.Text)
	}
}
