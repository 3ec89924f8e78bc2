package message

import (
	"mime"
	"net/mail"
	"strings"
	"unicode"

	"github.com/emersion/go-message/charset"
)

// Address is one mailbox: a display name and an address. It is the one
// address type of Tern, from the parsed header to the composer's fields.
type Address struct {
	Name  string // display name, decoded; may be empty
	Email string // addr-spec
}

// String formats a as a person types it and as RFC 5322 section 3.4 reads
// it: `Name <email>`, or just the address without a name. The name is
// quoted when it must be (`"Doe, John" <j@example.org>`), with quotes and
// backslashes escaped; non-ASCII names stay readable (RFC 6532) rather
// than encoded. ParseAddress reads the result back to a, except that
// control characters in the name become spaces.
//
// Headers of outgoing mail are not written with String: Compose encodes
// names there (RFC 2047).
func (a Address) String() string {
	name := displayName(a.Name)
	if a.Email == "" {
		return name
	}
	addr := a.Email
	if strings.Contains(addr, "@") {
		// net/mail quotes a local part that needs it ("john doe"@x).
		addr = (&mail.Address{Address: a.Email}).String()
		addr = strings.TrimSuffix(strings.TrimPrefix(addr, "<"), ">")
	}
	if name == "" {
		return addr
	}
	return phrase(name) + " <" + addr + ">"
}

// displayName replaces the control characters of a name, which no header
// can carry, and invalid UTF-8 with spaces.
func displayName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, " "))
}

// phrase writes a display name as atoms when it is one or more words of
// atext (RFC 5322 section 3.2.3; any non-ASCII character is atext under
// RFC 6532 section 3.2), else as a quoted string (RFC 5322 section 3.2.4).
func phrase(name string) string {
	if isAtomPhrase(name) {
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range name {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// isAtomPhrase tells whether name reads back unchanged when written
// without quotes: words of atext separated by single spaces, and nothing
// that looks like an encoded word (RFC 2047), which a parser would decode.
func isAtomPhrase(name string) bool {
	if name == "" || strings.Contains(name, "=?") {
		return false
	}
	for _, w := range strings.Split(name, " ") {
		if w == "" {
			return false // leading, trailing or double space
		}
		for _, r := range w {
			if !isAtext(r) {
				return false
			}
		}
	}
	return true
}

// isAtext reports whether r is atext: RFC 5322 section 3.2.3, extended to
// non-ASCII characters by RFC 6532 section 3.2.
func isAtext(r rune) bool {
	switch {
	case r >= 0x80:
		return unicode.IsPrint(r)
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	}
	return strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r)
}

// addressParser reads encoded words in every charset go-message knows
// (RFC 2047), not only the UTF-8 and Latin-1 of net/mail's default.
var addressParser = mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader}}

// AddressError is the error of ParseAddress and ParseAddressList: Text is
// what was given, Reason why it is not an address (list).
type AddressError struct {
	Text   string
	Reason string
	err    error
}

func (e *AddressError) Error() string {
	return quoteText(e.Text) + " is not a list of addresses: " + e.Reason
}

// Unwrap returns net/mail's error.
func (e *AddressError) Unwrap() error { return e.err }

func quoteText(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func addressError(s string, err error) error {
	return &AddressError{Text: s, Reason: strings.TrimPrefix(err.Error(), "mail: "), err: err}
}

// ParseAddress reads one address as String writes it, or as any mailbox
// (RFC 5322 section 3.4), with encoded words in the name (RFC 2047
// section 5, rule 3: a word of a phrase).
func ParseAddress(s string) (Address, error) {
	a, err := addressParser.Parse(s)
	if err != nil {
		return Address{}, addressError(s, err)
	}
	return Address{Name: a.Name, Email: a.Address}, nil
}

// ParseAddressList reads a comma-separated list of addresses, as
// JoinAddresses writes it or as a person types it into a recipient field.
// Empty text is an empty list; empty entries ("a@x, , b@y,") are skipped.
func ParseAddressList(s string) ([]Address, error) {
	if strings.Trim(s, ", \t\r\n") == "" {
		return nil, nil
	}
	l, err := addressParser.ParseList(s)
	if err != nil {
		return nil, addressError(s, err)
	}
	out := make([]Address, len(l))
	for i, a := range l {
		out[i] = Address{Name: a.Name, Email: a.Address}
	}
	return out, nil
}

// JoinAddresses writes a list as ParseAddressList reads it: each address
// as String writes it, separated by ", ".
func JoinAddresses(l []Address) string {
	s := make([]string, len(l))
	for i, a := range l {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

// mailAddresses converts a list for go-message's header writer, which
// encodes display names as RFC 2047 words, in place of words of the
// phrase (RFC 2047 section 5, rule 3).
func mailAddresses(l []Address) []*mail.Address {
	out := make([]*mail.Address, len(l))
	for i, a := range l {
		out[i] = &mail.Address{Name: displayName(a.Name), Address: a.Email}
	}
	return out
}
