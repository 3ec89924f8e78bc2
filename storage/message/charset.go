package message

import (
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// WordDecoder returns an RFC 2047 decoder for header text that arrives
// apart from its message, such as the subject and names of an IMAP
// ENVELOPE: it reads every charset that Parse reads (KOI8-R, ISO-2022-JP,
// Shift_JIS, GB18030, Windows-125x...), not only the three of the standard
// library.
func WordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: CharsetReader}
}

// CharsetReader converts text in the named charset to UTF-8, with the same
// charset table as Parse. enmime keeps its table to itself and reads it for
// encoded words, so the text is handed to it as one (RFC 2047 section 2).
// An unknown charset is an error.
func CharsetReader(charset string, input io.Reader) (io.Reader, error) {
	if charset == "" || strings.ContainsFunc(charset, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || r == '?' || r == '*' || r == '='
	}) {
		return nil, fmt.Errorf("message: bad charset name %q", charset)
	}
	raw, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	word := "=?" + charset + "?B?" + base64.StdEncoding.EncodeToString(raw) + "?="
	env, err := enmime.ReadEnvelope(strings.NewReader("Subject: " + word + "\r\n\r\n"))
	if err != nil {
		return nil, fmt.Errorf("message: charset %q: %w", charset, err)
	}
	out := env.GetHeader("Subject")
	if out == word {
		return nil, fmt.Errorf("message: unsupported charset %q", charset)
	}
	return strings.NewReader(out), nil
}
