package message

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jhillyerd/enmime/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/tern-mail/tern/assets/i18n"
)

// Attachment is one non-body part of a message.
type Attachment struct {
	Index       int    // position among the message's attachments, from 0
	Filename    string // sanitised base name, safe to create in any folder
	ContentType string // media type without parameters
	ContentID   string // for cid: references from HTML, without <>
	Inline      bool   // shown inside the message rather than attached
	Size        int    // decoded size in bytes
	Data        []byte // decoded content; nil from Summarize
}

// Parsed is a received message as Tern shows it.
type Parsed struct {
	Subject    string
	From       []Address
	Sender     []Address // the Sender field: who sent it for the From authors
	To         []Address
	Cc         []Address
	ReplyTo    []Address
	Date       time.Time // zero when the message has no readable date
	MessageID  string    // without angle brackets
	InReplyTo  string    // first id of In-Reply-To, without angle brackets
	References []string  // ids from References, without angle brackets

	Text        string // plain text body (converted from HTML when there is no text part)
	HTML        string // sanitised HTML body, empty when the message has none
	Attachments []Attachment

	// Warnings describe what could not be read cleanly. The message is still
	// shown; a warning tells the user that something may be missing.
	Warnings []string
	// Raw is true when the message could not be parsed at all: Text then
	// holds its source as it arrived.
	Raw bool
	// HeadersOnly is true when only the header of the message was
	// downloaded because it is larger than MaxMessageBytes (see
	// HeadersOnlySource): the reader says so and offers to open it on the
	// server. FullSize is then its size on the server, in bytes.
	HeadersOnly bool
	FullSize    int64
	// MoreParts counts the parts of the message past MaxParts, which are
	// not read: the reader lists the attachments it has and says how many
	// more there are.
	MoreParts int
}

// parser is shared; enmime parsers are values with no mutable state. A
// declared charset is trusted (guessing overrides correct declarations and
// costs more than the rest of parsing); only undeclared text is sniffed.
var parser = enmime.NewParser(
	enmime.DisableCharacterDetection(true),
	enmime.MultipartWOBoundaryAsSinglePart(true),
	enmime.SetReadPartErrorPolicy(enmime.AllowCorruptTextPartErrorPolicy),
	enmime.MaxStoredPartErrors(20),
)

// Parse reads raw RFC 5322 bytes. It never fails and never panics: a message
// that cannot be read as MIME comes back with Raw set, its source in Text
// and a warning saying why. Its cost grows linearly with the size of raw:
// structures the MIME library would spend longer on are mended or refused
// first (see MaxDepth and MaxHeaderBytes). Every header it returns has
// been through CleanHeader.
func Parse(raw []byte) (p *Parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = rawFallback(raw, raw, fmt.Errorf("parser failure: %v", r))
		}
	}()
	if len(raw) > MaxParseBytes {
		return overParseBudget(raw)
	}
	s, err := prepare(raw)
	if err != nil {
		return rawFallback(raw, s.src, err)
	}
	return s.apply(parse(s.src, raw, true, nil))
}

// apply puts s's warnings before p's own and tells p how many parts were
// left out.
func (s sanitized) apply(p *Parsed) *Parsed {
	p = withWarnings(p, s.warns)
	if p != nil && !p.Raw {
		p.MoreParts = s.more
	}
	return p
}

// testHook, when set by a test, is called with every message parse reads,
// to inject failures.
var testHook func([]byte)

// withWarnings puts warns before p's own warnings.
func withWarnings(p *Parsed, warns []string) *Parsed {
	if p != nil && len(warns) > 0 {
		p.Warnings = append(append([]string{}, warns...), p.Warnings...)
	}
	return p
}

// parse is Parse on src, a message sanitize has mended (raw is the message
// as it arrived, shown when src cannot be read); with html false it
// leaves HTML empty (sanitising costs more than the rest), and sizes, when
// not nil, tells the decoded size of parts whose content was cut out
// before parsing (see Summarize).
func parse(src, raw []byte, html bool, sizes func(*enmime.Envelope) map[*enmime.Part]int) (p *Parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = rawFallback(raw, src, fmt.Errorf("parser failure: %v", r))
		}
	}()
	if testHook != nil {
		testHook(src)
	}
	root, err := parser.ReadParts(bytes.NewReader(src))
	if err != nil {
		return rawFallback(raw, src, fmt.Errorf("reading the parts: %w", err))
	}
	mendNamedParts(root)
	env, err := parser.EnvelopeFromPart(root)
	if err != nil {
		return rawFallback(raw, src, err)
	}
	var cut map[*enmime.Part]int
	if sizes != nil {
		if cut = sizes(env); cut == nil {
			return nil
		}
	}
	p = envelopeOf(env)
	if html && env.HTML != "" {
		p.HTML = SanitizeHTML(validUTF8(env.HTML))
	}
	idx := addAttachments(p, env.Attachments, false, cut, 0)
	idx = addAttachments(p, env.Inlines, true, cut, idx)
	addAttachments(p, env.OtherParts, true, cut, idx)
	for _, e := range env.Errors {
		if e.Severe {
			p.Warnings = append(p.Warnings, e.Error())
		}
	}
	if len(env.Root.Header) == 0 {
		p.Warnings = append(p.Warnings, i18n.T("message.warning.no_headers"))
	}
	markHeadersOnly(p, env.GetHeader(headersOnlyField), len(env.Root.Content) == 0 && env.Root.FirstChild == nil)
	return p
}

// envelopeOf returns the header fields and text of env, cleaned for
// showing.
func envelopeOf(env *enmime.Envelope) *Parsed {
	p := &Parsed{
		Subject:    CleanHeader(validUTF8(env.GetHeader("Subject"))),
		From:       addresses(env, "From"),
		Sender:     addresses(env, "Sender"),
		To:         addresses(env, "To"),
		Cc:         addresses(env, "Cc"),
		ReplyTo:    addresses(env, "Reply-To"),
		MessageID:  CleanHeader(firstID(env.GetHeader("Message-Id"))),
		InReplyTo:  CleanHeader(firstID(env.GetHeader("In-Reply-To"))),
		References: MessageIDs(env.GetHeader("References")),
		Text:       validUTF8(env.Text),
	}
	// RFC 5322 section 3.3, and failing that the forms seen in the wild.
	if d, err := env.Date(); err == nil {
		p.Date = d
	} else if d, ok := parseDateLoose(env.GetHeader("Date")); ok {
		p.Date = d
	}
	return p
}

// addAttachments adds parts to p's attachments, numbered from idx, and
// returns the next number. cut holds the decoded sizes of parts whose
// content was cut out before parsing.
func addAttachments(p *Parsed, parts []*enmime.Part, inline bool, cut map[*enmime.Part]int, idx int) int {
	for _, part := range parts {
		// Body parts marked inline (many mailers do) are not attachments.
		if inline && part.FileName == "" && (part.ContentType == "text/plain" || part.ContentType == "text/html") {
			continue
		}
		// A multipart body without a boundary is read as one part:
		// show it as the text rather than as a nameless attachment.
		if strings.HasPrefix(part.ContentType, "multipart/") && part.FileName == "" && p.Text == "" {
			p.Text = validUTF8(string(part.Content))
			p.Warnings = append(p.Warnings, i18n.T("message.warning.no_separator"))
			continue
		}
		size, wasCut := cut[part]
		if !wasCut {
			size = len(part.Content)
		}
		ctype := strings.ToLower(part.ContentType)
		if part.Header.Get(damagedField) != "" {
			ctype = "application/octet-stream" // never shown as a picture
		}
		p.Attachments = append(p.Attachments, Attachment{
			Index:       idx,
			Filename:    SafeFilename(part.FileName, part.ContentType, idx),
			ContentType: ctype,
			ContentID:   strings.Trim(part.ContentID, "<> "),
			Inline:      inline,
			Size:        size,
			Data:        part.Content,
		})
		idx++
	}
	return idx
}

// rawFallback shows a message that could not be parsed: whatever headers can
// be read from src (raw with its header cut to size), and the whole of raw
// as text.
func rawFallback(raw, src []byte, cause error) (p *Parsed) {
	p = &Parsed{
		Raw:      true,
		Text:     validUTF8(string(raw)),
		Warnings: []string{i18n.T("message.warning.unsafe", i18n.Args{"Cause": causeText(cause)})},
	}
	defer func() {
		if r := recover(); r != nil {
			p.Subject, p.From, p.To = "", nil, nil
		}
	}()
	if m, err := mail.ReadMessage(bytes.NewReader(src)); err == nil {
		// Encoded words (RFC 2047 section 6.1) are decoded before cleaning.
		dec := func(s string) string { return CleanHeader(validUTF8(enmime.DecodeRFC2047(s))) }
		p.Subject = dec(m.Header.Get("Subject"))
		if l, err := m.Header.AddressList("From"); err == nil {
			p.From = convert(l)
		} else if f := m.Header.Get("From"); f != "" {
			p.From = []Address{{Name: dec(f)}}
		}
		if l, err := m.Header.AddressList("To"); err == nil {
			p.To = convert(l)
		}
		if d, err := m.Header.Date(); err == nil {
			p.Date = d
		}
		p.MessageID = CleanHeader(firstID(m.Header.Get("Message-Id")))
	}
	return p
}

// addresses reads an address header; a header that is not a valid address
// list is kept as a display name so nothing the sender wrote is lost.
func addresses(env *enmime.Envelope, key string) []Address {
	l, err := env.AddressList(key)
	if err == nil {
		return convert(l)
	}
	if v := CleanHeader(validUTF8(env.GetHeader(key))); v != "" {
		return []Address{{Name: v}}
	}
	return nil
}

func convert(l []*mail.Address) []Address {
	out := make([]Address, 0, len(l))
	for _, a := range l {
		out = append(out, Address{Name: CleanHeader(validUTF8(a.Name)), Email: CleanHeader(validUTF8(a.Address))})
	}
	return out
}

// MessageIDs returns the message ids in a References-like header value (or
// a whole header block), in order and without angle brackets.
func MessageIDs(v string) []string {
	var out []string
	for {
		i := strings.IndexByte(v, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(v[i:], '>')
		if j < 0 {
			break
		}
		if id := CleanHeader(v[i+1 : i+j]); id != "" {
			out = append(out, id)
		}
		v = v[i+j+1:]
	}
	if len(out) == 0 {
		// Some senders omit the brackets.
		for _, f := range strings.Fields(v) {
			if strings.Contains(f, "@") {
				out = append(out, CleanHeader(strings.Trim(f, "<>,")))
			}
		}
	}
	return out
}

// firstID returns the first message id in v, without brackets.
func firstID(v string) string {
	if l := MessageIDs(v); len(l) > 0 {
		return l[0]
	}
	return strings.Trim(strings.TrimSpace(v), "<>")
}

// dateLayouts are Date header shapes seen in the wild that net/mail rejects.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 2006",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700",
	time.RFC3339,
}

// parseDateLoose tries the layouts above on a Date header.
func parseDateLoose(v string) (time.Time, bool) {
	v = strings.Join(strings.Fields(v), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// validUTF8 returns s unchanged when it is valid UTF-8. Otherwise the text
// came in a charset that could not be decoded: it is read as Windows-1252,
// which maps every byte, so each byte still shows as a character.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(charmap.Windows1252.DecodeByte(s[0]))
		} else {
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
	return b.String()
}

// causeText says why a message could not be read safely: the structures
// Tern refuses in the person's language, anything else (a parser's own
// error) as it is.
func causeText(err error) string {
	switch {
	case errors.Is(err, errTooDeep):
		return i18n.T("message.cause.too_deep", i18n.Args{"Max": MaxDepth})
	case errors.Is(err, errBoundaryClash):
		return i18n.T("message.cause.boundary_clash")
	}
	return err.Error()
}
