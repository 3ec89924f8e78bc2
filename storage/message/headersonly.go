package message

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/tern-mail/tern/assets/i18n"
)

// MaxMessageBytes is the size above which Tern keeps only a message's
// header: a message this large is read on the server (in webmail), not
// downloaded into memory and the store.
const MaxMessageBytes = 100 << 20

// headersOnlyField marks a stored source as the header of a larger
// message. Tern writes it as the first field; its value is the message's
// size on the server in bytes.
const headersOnlyField = "X-Tern-Headers-Only"

// HeadersOnlySource returns what Tern stores for a message of size bytes
// (over MaxMessageBytes) of which only header was downloaded: a marker
// field stating the full size, then the header, cut to MaxHeaderBytes,
// and no body. Parse reports such a source with HeadersOnly and FullSize
// set, and a warning.
func HeadersOnlySource(header []byte, size int64) []byte {
	header, _ = cutHeader(header)
	// The header ends at its blank line; anything after it is dropped.
	if i := bytes.Index(header, []byte("\r\n\r\n")); i >= 0 {
		header = header[:i+2]
	} else if i := bytes.Index(header, []byte("\n\n")); i >= 0 {
		header = header[:i+1]
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s: %d\r\n", headersOnlyField, size)
	b.Write(header)
	if !bytes.HasSuffix(header, []byte("\n")) && len(header) > 0 {
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// markHeadersOnly sets p's HeadersOnly and FullSize from the marker field
// value v, when the message has no body (a stranger's message that carries
// the field with a body is read as it is).
func markHeadersOnly(p *Parsed, v string, noBody bool) {
	if v == "" || !noBody {
		return
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return
	}
	p.HeadersOnly, p.FullSize = true, n
	p.Text = ""
	p.Warnings = append(p.Warnings, i18n.T("message.warning.headers_only", i18n.Args{"Size": SizeText(int(n))}))
}
