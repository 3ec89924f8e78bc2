package message

import (
	"bytes"
	"mime"
	"strings"
	"testing"
)

// TestComposedAttachmentsParseWithTheirNames: every file Tern sends comes
// back from its own parser as an attachment under its real name, with
// its content, and none of it in the message's text or HTML. Text types
// are the ones that went missing: the system's table gives them with a
// charset ("text/javascript; charset=utf-8"), which made the part's
// Content-Type empty.
func TestComposedAttachmentsParseWithTheirNames(t *testing.T) {
	files := []OutAttachment{
		{Filename: "app.js", Data: []byte("console.log('hi');\n")},
		{Filename: "notes.txt", Data: []byte("plain notes\n")},
		{Filename: "page.html", Data: []byte("<p>a page</p>\n")},
		{Filename: "table.csv", Data: []byte("a,b\n1,2\n")},
		{Filename: "style.css", Data: []byte("p { color: red }\n")},
		{Filename: "Übersicht.pdf", Data: []byte("%PDF-1.4 fake")},
	}
	d := Draft{From: Address{Email: "me@example.org"}, To: []Address{{Email: "you@example.org"}},
		Subject: "files", Text: "The files.\n", Attachments: files}
	raw, _, err := Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Content-Type: \r\n")) {
		t.Errorf("a file went with an empty Content-Type:\n%s", raw)
	}
	if n := bytes.Count(raw, []byte("Content-Disposition: attachment;")); n != len(files) {
		t.Errorf("%d parts marked as attachments, %d files", n, len(files))
	}
	p := Parse(raw)
	if len(p.Attachments) != len(files) {
		t.Fatalf("%d attachments parsed, %d sent: %+v", len(p.Attachments), len(files), names(p.Attachments))
	}
	for i, f := range files {
		a := p.Attachments[i]
		if a.Filename != f.Filename || a.Inline || !bytes.Equal(a.Data, f.Data) {
			t.Errorf("attachment %d: %q inline=%v %q, sent %q %q", i, a.Filename, a.Inline, a.Data, f.Filename, f.Data)
		}
		want, _, _ := mime.ParseMediaType(mime.TypeByExtension(strings.ToLower(f.Filename[strings.LastIndex(f.Filename, "."):])))
		if want != "" && a.ContentType != want {
			t.Errorf("%s: type %q, want %q", f.Filename, a.ContentType, want)
		}
	}
	if strings.TrimSpace(p.Text) != "The files." || p.HTML != "" {
		t.Errorf("the text is %q and the HTML %q: a file leaked into the message", p.Text, p.HTML)
	}
}

// TestNamedPartsAreAttachments: parts that name a file are attachments
// however their header says it — by the Content-Type's name parameter
// only, with an empty Content-Type (as Tern sent text files before), or
// as a named text marked inline — while pictures the HTML refers to stay
// inline and an unnamed text part stays the message's text.
func TestNamedPartsAreAttachments(t *testing.T) {
	parts := []string{
		"Content-Type: text/plain\r\n\r\nThe body.\r\n",
		"Content-Type: text/javascript; name=a.js\r\n\r\nalert(1)\r\n",
		"Content-Type: text/plain; name=b.txt\r\n\r\nhello\r\n",
		"Content-Type: text/html; name=c.html\r\nContent-Disposition: inline\r\n\r\n<p>x</p>\r\n",
		"Content-Type: \r\nContent-Disposition: attachment; filename=d.csv\r\nContent-Transfer-Encoding: base64\r\n\r\nYSxiCg==\r\n",
		"Content-Type: application/pdf; name=\"e.pdf\"\r\n\r\n%PDF\r\n",
		"Content-Type: image/png; name=logo.png\r\nContent-ID: <logo@x>\r\n\r\npng\r\n",
		"Content-Type: text/plain\r\nContent-Disposition: inline\r\n\r\nA footer.\r\n",
	}
	raw := "From: a@example.org\r\nTo: b@example.org\r\nSubject: s\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
	for _, p := range parts {
		raw += "--XX\r\n" + p
	}
	raw += "--XX--\r\n"
	p := Parse([]byte(raw))
	want := map[string]struct {
		ctype  string
		inline bool
		data   string
	}{
		"a.js":     {"text/javascript", false, "alert(1)"},
		"b.txt":    {"text/plain", false, "hello"},
		"c.html":   {"text/html", false, "<p>x</p>"},
		"d.csv":    {"text/csv", false, "a,b\n"},
		"e.pdf":    {"application/pdf", false, "%PDF"},
		"logo.png": {"image/png", true, "png"},
	}
	if len(p.Attachments) != len(want) {
		t.Fatalf("attachments %q, want %d", names(p.Attachments), len(want))
	}
	for _, a := range p.Attachments {
		w, ok := want[a.Filename]
		if !ok {
			t.Errorf("unexpected attachment %q (%s)", a.Filename, a.ContentType)
			continue
		}
		if a.Inline != w.inline || strings.TrimRight(string(a.Data), "\r\n") != strings.TrimRight(w.data, "\n") {
			t.Errorf("%s: inline=%v data %q, want inline=%v %q", a.Filename, a.Inline, a.Data, w.inline, w.data)
		}
		if w.ctype == "text/csv" && mime.TypeByExtension(".csv") == "" {
			continue // the system's table does not know .csv
		}
		if a.ContentType != w.ctype {
			t.Errorf("%s: type %q, want %q", a.Filename, a.ContentType, w.ctype)
		}
	}
	if text := p.Text; !strings.Contains(text, "The body.") || !strings.Contains(text, "A footer.") ||
		strings.Contains(text, "hello") || strings.Contains(text, "alert") {
		t.Errorf("the text is %q", text)
	}
	if p.HTML != "" {
		t.Errorf("the attached page became the message's HTML: %q", p.HTML)
	}
}
