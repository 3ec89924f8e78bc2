package message

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/hostile"
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

// A reply keeps the thread's first id and its last ones, within 20 ids
// and 8 KB, however long the original's References field.
func TestReplyReferencesAreBounded(t *testing.T) {
	orig := Parse(hostile.ManyReferences(30000))
	if len(orig.References) != 30000 {
		t.Fatalf("%d references parsed", len(orig.References))
	}
	for _, d := range []Draft{Reply(orig, Address{Email: "alice@example.org"}, nil, false),
		Forward(orig, nil, Address{Email: "alice@example.org"}, false)} {
		refs := d.References
		if len(refs) != 20 || refs[0] != orig.References[0] || refs[19] != orig.MessageID ||
			refs[18] != orig.References[29999] || refs[1] != orig.References[30000-18] {
			t.Fatalf("References kept: %d, first %v, last %v", len(refs), refs[:2], refs[len(refs)-2:])
		}
		raw, _, err := Compose(d)
		if err != nil {
			t.Fatal(err)
		}
		head := string(raw[:strings.Index(string(raw), "\r\n\r\n")])
		if len(head) > 8<<10+2000 {
			t.Fatalf("the reply's header is %d bytes", len(head))
		}
	}
	// Long ids: the 8 KB bound holds before the count does.
	var long []string
	for i := 0; i < 40; i++ {
		long = append(long, fmt.Sprintf("%d.%s@example.org", i, strings.Repeat("x", 1000)))
	}
	got := TrimReferences(long)
	total := 0
	for _, id := range got {
		total += len(id) + 3
	}
	if got[0] != long[0] || got[len(got)-1] != long[39] || total > 8<<10 || len(got) < 2 {
		t.Fatalf("%d ids, %d bytes", len(got), total)
	}
	if got := TrimReferences([]string{"a@x", "b@x"}); strings.Join(got, " ") != "a@x b@x" {
		t.Fatalf("short list changed: %v", got)
	}
}

// A reply to a message of megabytes quotes at most 200 KB of it, says
// what was left out, and stays about that size once composed.
func TestReplyQuoteIsBounded(t *testing.T) {
	orig := Parse(hostile.DeeplyQuoted(2 << 20))
	if len(orig.Text) < 2<<20-1000 {
		t.Fatalf("text of %d bytes", len(orig.Text))
	}
	d := Reply(orig, Address{Email: "alice@example.org"}, nil, false)
	if len(d.Text) > maxQuoted*11/10 || !strings.HasSuffix(d.Text, "> [The rest of the quoted message was left out.]\n") {
		t.Fatalf("quote of %d bytes ends %q", len(d.Text), d.Text[len(d.Text)-80:])
	}
	start := time.Now()
	raw, _, err := Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 400<<10 {
		t.Fatalf("the reply is %d bytes", len(raw))
	}
	t.Logf("reply to a 2 MB deeply quoted message: %d bytes, composed in %v", len(raw), time.Since(start))
	f := Forward(orig, nil, Address{Email: "alice@example.org"}, false)
	if len(f.Text) > maxQuoted*11/10 || !strings.HasSuffix(f.Text, "[The rest of the quoted message was left out.]\n") {
		t.Fatalf("forward of %d bytes", len(f.Text))
	}
	// A short message is quoted whole, without the note.
	short := Reply(Parse([]byte("From: a@example.org\r\nSubject: s\r\n\r\nhello\r\n")), Address{Email: "b@example.org"}, nil, false)
	if strings.Contains(short.Text, "left out") || !strings.Contains(short.Text, "> hello") {
		t.Fatalf("short reply %q", short.Text)
	}
}

// Deeply quoted lines are not wrapped under their quote marks, and a long
// line wraps in time linear in its length.
func TestFlowKeepsDeepQuotesWhole(t *testing.T) {
	deep := strings.Repeat(">", 300) + " " + strings.Repeat("word ", 200)
	if got := Flow(deep); strings.Count(got, "\r\n") != 1 {
		t.Fatalf("a deep quote wraps into %d lines", strings.Count(got, "\r\n"))
	}
	long := strings.Repeat("word ", 400000)
	var got string
	// Processor time of this thread, not time on the clock: a machine
	// busy with other work does not fail a flow that is linear.
	if c := measure(func() { got = Flow(long) }); c.cpu > time.Duration(raceSlowdown)*2*time.Second {
		t.Fatalf("2 MB line flowed in %v of processor time", c.cpu)
	}
	if len(got) < len(long) || strings.Count(got, "\r\n") < len(long)/80 {
		t.Fatalf("flowed into %d lines", strings.Count(got, "\r\n"))
	}
}
