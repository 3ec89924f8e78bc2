package message

import (
	"bytes"
	"errors"
	"net/mail"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// trickyAddresses are names that need quoting, escaping or encoding.
var trickyAddresses = []Address{
	{Name: "Doe, John", Email: "j@example.org"},
	{Name: `Anna "Nan" O'Brien`, Email: "anna@example.org"},
	{Name: `back\slash`, Email: "b@example.org"},
	{Name: "Müller, Jörg", Email: "joerg@example.de"},
	{Name: "Jörg Müller", Email: "joerg@example.de"},
	{Name: "Зоя Иванова", Email: "zoya@example.ru"},
	{Name: "山田 太郎 (営業)", Email: "taro@example.jp"},
	{Name: "=?utf-8?q?not_an_encoded_word?=", Email: "w@example.org"},
	{Name: "J. R. R. Tolkien", Email: "jrr@example.org"},
	{Name: "Team <Ops> @ Example; Ltd.", Email: "ops@example.org"},
	{Name: "two  spaces ", Email: "s@example.org"},
	{Name: "Plain Name", Email: "plain@example.org"},
	{Email: "bare@example.org"},
	{Name: "Quoted Local", Email: "john doe@example.org"},
}

func TestAddressStringReadsBack(t *testing.T) {
	for _, a := range trickyAddresses {
		s := a.String()
		got, err := ParseAddress(s)
		if err != nil {
			t.Errorf("%+v: %q does not parse: %v", a, s, err)
			continue
		}
		if got != a {
			t.Errorf("%+v: %q reads back as %+v", a, s, got)
		}
		// The standard parser agrees, so other mailers do too.
		std, err := mail.ParseAddress(s)
		if err != nil || std.Name != a.Name || std.Address != a.Email {
			t.Errorf("net/mail reads %q as %+v, %v", s, std, err)
		}
	}
}

func TestAddressStringQuotesOnlyWhenNeeded(t *testing.T) {
	for _, c := range []struct {
		a    Address
		want string
	}{
		{Address{Name: "Doe, John", Email: "j@example.org"}, `"Doe, John" <j@example.org>`},
		{Address{Name: `Anna "Nan"`, Email: "a@example.org"}, `"Anna \"Nan\"" <a@example.org>`},
		{Address{Name: "Jörg Müller", Email: "j@example.de"}, "Jörg Müller <j@example.de>"},
		{Address{Name: "Carol", Email: "carol@example.org"}, "Carol <carol@example.org>"},
		{Address{Email: "bare@example.org"}, "bare@example.org"},
		{Address{Name: "Only a name"}, "Only a name"},
		{Address{Name: "line\r\nbreak", Email: "x@example.org"}, `"line  break" <x@example.org>`},
	} {
		if got := c.a.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.a, got, c.want)
		}
	}
}

func TestAddressListRoundTrips(t *testing.T) {
	s := JoinAddresses(trickyAddresses)
	got, err := ParseAddressList(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	if len(got) != len(trickyAddresses) {
		t.Fatalf("%q: %d addresses, want %d", s, len(got), len(trickyAddresses))
	}
	for i := range got {
		if got[i] != trickyAddresses[i] {
			t.Errorf("%d: %+v, want %+v", i, got[i], trickyAddresses[i])
		}
	}
	for _, empty := range []string{"", "  ", ", ", ",,"} {
		if l, err := ParseAddressList(empty); l != nil || err != nil {
			t.Errorf("%q: %v %v", empty, l, err)
		}
	}
	if l, err := ParseAddressList("a@example.org, , b@example.org,"); err != nil || len(l) != 2 {
		t.Errorf("empty entries: %v %v", l, err)
	}
}

func TestParseAddressDecodesEncodedWords(t *testing.T) {
	for in, want := range map[string]Address{
		"=?UTF-8?Q?M=C3=BCller=2C_J=C3=B6rg?= <j@example.de>": {Name: "Müller, Jörg", Email: "j@example.de"},
		"=?ISO-8859-15?Q?Ren=E9e_=A4?= <r@example.fr>":        {Name: "Renée €", Email: "r@example.fr"},
		"=?utf-8?b?0JfQvtGP?= <z@example.ru>":                 {Name: "Зоя", Email: "z@example.ru"},
		`"Doe, John" <j@example.org>`:                         {Name: "Doe, John", Email: "j@example.org"},
	} {
		got, err := ParseAddress(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v, want %+v", in, got, err, want)
		}
	}
}

func TestParseAddressListSaysWhatIsWrong(t *testing.T) {
	_, err := ParseAddressList("Doe, John <j@example.org>")
	var ae *AddressError
	if !errors.As(err, &ae) || ae.Text != "Doe, John <j@example.org>" || ae.Reason == "" || strings.HasPrefix(ae.Reason, "mail:") {
		t.Fatalf("error %#v", err)
	}
	if !strings.Contains(err.Error(), "is not a list of addresses") {
		t.Errorf("error text %q", err)
	}
}

// Compose encodes what String leaves readable, and the header reads back.
func TestComposedHeadersReadBack(t *testing.T) {
	// Not a name that looks like an encoded word, nor runs of spaces:
	// readers of received mail decode the one and fold the other.
	var sendable []Address
	for _, a := range trickyAddresses {
		if !strings.Contains(a.Name, "=?") && !strings.Contains(a.Name, "  ") {
			sendable = append(sendable, a)
		}
	}
	d := Draft{From: sendable[1], To: sendable[:6], Cc: sendable[6:], Subject: "x", Text: "x"}
	raw, _, err := Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	hdr, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, b := range hdr {
		if b >= 0x80 {
			t.Fatalf("8-bit byte in the header:\n%s", hdr)
		}
	}
	p := Parse(raw)
	check := func(field string, got, want []Address) {
		if len(got) != len(want) {
			t.Errorf("%s: %+v, want %+v", field, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s %d: %+v, want %+v", field, i, got[i], want[i])
			}
		}
	}
	check("From", p.From, []Address{d.From})
	check("To", p.To, d.To)
	check("Cc", p.Cc, d.Cc)
}

// Any display name, with an address of any local part, reads back from
// String: the quoting never loses or adds a character (control characters
// aside, which String replaces).
func FuzzAddressRoundTrip(f *testing.F) {
	for _, a := range trickyAddresses {
		local, _, _ := strings.Cut(a.Email, "@")
		f.Add(a.Name, local)
	}
	f.Add("Jörg", "jörg")
	f.Fuzz(func(t *testing.T, name, local string) {
		if !utf8.ValidString(name) || !utf8.ValidString(local) || strings.ContainsFunc(name+local, unicode.IsControl) ||
			local == "" || strings.Contains(local, "@") {
			t.Skip()
		}
		a := Address{Name: name, Email: local + "@example.org"}
		s := a.String()
		got, err := ParseAddress(s)
		if err != nil {
			t.Fatalf("%+v: %q does not parse: %v", a, s, err)
		}
		if got != a {
			t.Fatalf("%+v: %q reads back as %+v", a, s, got)
		}
	})
}
