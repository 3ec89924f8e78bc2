package message

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
)

// StreamedPart is one attachment met by EachAttachment.
type StreamedPart struct {
	Index       int    // position among the attachments EachAttachment met, from 0
	Filename    string // sanitised base name (SafeFilename)
	ContentType string // media type without parameters
}

// errStop ends a walk early without an error.
var errStop = errors.New("stop")

// EachAttachment calls fn with every attachment of raw, in the order they
// come, and a reader of its decoded content. Unlike Parse it reads all
// of them, not only the first MaxParts, and holds one at a time: the
// content is decoded while fn reads it, so a message of twenty thousand
// files costs no more memory than its largest line. Parts nested deeper
// than MaxDepth are not looked into; a multipart left unclosed ends the
// walk there, with the attachments before it met. An error from fn ends
// the walk and is returned.
func EachAttachment(raw []byte, fn func(StreamedPart, io.Reader) error) error {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
	h, err := tp.ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return fmt.Errorf("message: reading the header: %w", err)
	}
	w := &attachWalker{fn: fn}
	err = w.walk(h, tp.R, 0)
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// attachWalker is one EachAttachment walk.
type attachWalker struct {
	fn    func(StreamedPart, io.Reader) error
	index int
}

// walk visits the part with header h and content body at nesting depth.
func (w *attachWalker) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	ctype, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		ctype, params = "text/plain", nil
	}
	if strings.HasPrefix(ctype, "multipart/") {
		if params["boundary"] == "" || depth >= MaxDepth {
			return nil
		}
		return w.parts(multipart.NewReader(body, params["boundary"]), depth)
	}
	name, ok := attachmentName(h, ctype, params)
	if !ok {
		return nil
	}
	p := StreamedPart{Index: w.index, Filename: SafeFilename(name, ctype, w.index), ContentType: ctype}
	w.index++
	return w.fn(p, decoded(h.Get("Content-Transfer-Encoding"), body))
}

// multipart visits the parts of mr. A part that cannot be read (an
// unclosed multipart, a broken delimiter) ends the walk quietly.
func (w *attachWalker) parts(mr *multipart.Reader, depth int) error {
	for {
		// NextRawPart: the transfer encoding is undone here, once.
		part, err := mr.NextRawPart()
		if err != nil {
			return nil
		}
		if err := w.walk(part.Header, part, depth+1); err != nil {
			return err
		}
	}
}

// attachmentName returns the file name of a part that is an attachment,
// and whether it is one, by the rules Parse follows (mendNamedParts): a
// named part is an attachment unless it is marked inline and is a
// picture in the text (a Content-ID) or not text; a nameless part only
// when marked as an attachment.
func attachmentName(h textproto.MIMEHeader, ctype string, params map[string]string) (string, bool) {
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	if dec, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = dec // RFC 2047 words, which many mailers use in names
	}
	switch {
	case name == "":
		return "", disp == "attachment"
	case disp != "inline":
		return name, true
	case h.Get("Content-Id") != "":
		return "", false
	default:
		return name, ctype == "text/plain" || ctype == "text/html"
	}
}

// decoded undoes a part's Content-Transfer-Encoding (RFC 2045 section 6)
// while it is read. Base64 is read without the bytes outside its
// alphabet (as Parse does), up to its padding.
func decoded(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.RawStdEncoding, &base64Filter{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// base64Filter passes on only the base64 alphabet of r, and stops at the
// first padding character.
type base64Filter struct {
	r    io.Reader
	done bool
}

func (f *base64Filter) Read(p []byte) (int, error) {
	for {
		if f.done {
			return 0, io.EOF
		}
		n, err := f.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			if c == '=' {
				f.done = true
				break
			}
			if base64Class[c] == b64Char {
				p[k] = c
				k++
			}
		}
		if k > 0 || err != nil {
			if f.done && err == nil {
				err = io.EOF
			}
			return k, err
		}
	}
}
