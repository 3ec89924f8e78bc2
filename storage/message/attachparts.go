package message

import (
	"mime"
	"path/filepath"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// Parts that carry a file name are attachments, whatever else their
// header says or lacks. The MIME library takes every text/plain part
// without "Content-Disposition: attachment" for the message's text and
// the first such text/html part for its HTML, and reads no file name at
// all from a part whose Content-Type is empty. Mailers send files both
// ways: a part named only by its Content-Type's name parameter (older
// mailers), and, from Tern before this was mended, text files (.js,
// .txt, .csv, .html) with an empty Content-Type and a Content-Disposition
// naming them. Either way the file went missing from the reader, its
// text glued to the message's or its name lost.

// mendNamedParts sets, in the parts below root that are not
// multipart, the disposition and file name the library left out:
//   - an empty Content-Type: the disposition and file name come from
//     Content-Disposition, the type from the file name's extension
//     (application/octet-stream when it tells none);
//   - a part with a file name and no disposition is an attachment;
//   - a text/plain or text/html part with a file name marked inline is
//     an attachment too: a named text is a file, not the message's text.
//
// Parts with a Content-ID are left as they are: HTML refers to them
// (pictures in the message), and they stay inline. The root is the
// message itself and is never turned into an attachment.
func mendNamedParts(root *enmime.Part) {
	for p := root.FirstChild; p != nil; p = next(root, p) {
		if strings.HasPrefix(p.ContentType, "multipart/") {
			continue
		}
		if p.ContentType == "" {
			readDisposition(p)
		}
		if p.FileName == "" || p.ContentID != "" {
			continue
		}
		switch {
		case p.Disposition == "":
			p.Disposition = "attachment"
		case p.Disposition == "inline" && (p.ContentType == "text/plain" || p.ContentType == "text/html"):
			p.Disposition = "attachment"
		}
	}
}

// next is the part after p in a depth-first walk of root's tree, or nil.
func next(root, p *enmime.Part) *enmime.Part {
	if p.FirstChild != nil {
		return p.FirstChild
	}
	for p != nil && p != root {
		if p.NextSibling != nil {
			return p.NextSibling
		}
		p = p.Parent
	}
	return nil
}

// readDisposition fills in p's disposition, file name and type from its
// Content-Disposition, which the library does not read when the
// Content-Type is empty.
func readDisposition(p *enmime.Part) {
	disp, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return
	}
	p.Disposition = disp
	if p.FileName == "" {
		p.FileName = params["filename"]
	}
	if p.FileName == "" {
		return
	}
	p.ContentType = "application/octet-stream"
	if t, _, err := mime.ParseMediaType(mime.TypeByExtension(strings.ToLower(filepath.Ext(p.FileName)))); err == nil {
		p.ContentType = t
	}
}
