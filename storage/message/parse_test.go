package message

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/tern-mail/tern/internal/hostile"
	"github.com/tern-mail/tern/internal/testenv"
)

// enc encodes UTF-8 text into a legacy charset, as old mailers send it.
func enc(e encoding.Encoding, s string) string {
	b, err := e.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

// crlf turns the readable \n of test messages into the wire's CRLF.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

type att struct{ name, ctype string }

// parseCases are messages from the wild, many of them damaged, and what
// must be read out of each.
var parseCases = []struct {
	name        string
	raw         []byte
	subject     string
	from        string // Address.String() of the first From
	text        string // must be contained in Text
	html        string // must be contained in HTML
	notHTML     string // must not be in HTML
	attachments []att
	raw_        bool // expect the raw fallback
	warning     bool // expect at least one warning
}{
	{
		name: "latin-1 body and RFC 2047 subject",
		raw: crlf("From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>\nTo: b@example.org\n" +
			"Subject: =?ISO-8859-1?Q?R=E9sum=E9_de_la_r=E9union?=\nDate: Tue, 3 Nov 2026 08:00:00 +0100\n" +
			"Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\n" +
			enc(charmap.ISO8859_1, "Voilà le résumé, à bientôt.\n")),
		subject: "Résumé de la réunion", from: "André <andre@example.fr>", text: "Voilà le résumé, à bientôt.",
	},
	{
		name: "windows-1252 quoted-printable with smart quotes and euro",
		raw: crlf("From: shop@example.com\nSubject: Receipt\n" +
			"Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable\n\n" +
			"Total =80 12 =93thanks=94\n"),
		subject: "Receipt", text: "Total € 12 “thanks”",
	},
	{
		name: "koi8-r body and base64 encoded-word subject",
		raw: crlf("From: =?KOI8-R?B?" + b64(enc(charmap.KOI8R, "Иван")) + "?= <ivan@example.ru>\n" +
			"Subject: =?KOI8-R?B?" + b64(enc(charmap.KOI8R, "Привет")) + "?=\n" +
			"Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n\n" +
			enc(charmap.KOI8R, "Как дела?\n")),
		subject: "Привет", from: "Иван <ivan@example.ru>", text: "Как дела?",
	},
	{
		name: "iso-2022-jp",
		raw: crlf("From: taro@example.jp\nSubject: =?ISO-2022-JP?B?" + b64(enc(japanese.ISO2022JP, "会議")) + "?=\n" +
			"Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" +
			enc(japanese.ISO2022JP, "明日の会議について\n")),
		subject: "会議", text: "明日の会議について",
	},
	{
		name: "gb2312",
		raw: crlf("From: li@example.cn\nSubject: =?GB2312?B?" + b64(enc(simplifiedchinese.GBK, "你好")) + "?=\n" +
			"Content-Type: text/plain; charset=gb2312\nContent-Transfer-Encoding: 8bit\n\n" +
			enc(simplifiedchinese.GBK, "你好，世界\n")),
		subject: "你好", text: "你好，世界",
	},
	{
		name: "unknown charset keeps every byte",
		raw: crlf("From: x@example.org\nSubject: odd\nContent-Type: text/plain; charset=x-made-up\n" +
			"Content-Transfer-Encoding: 8bit\n\ncaf\xe9 ok\n"),
		subject: "odd", text: "café ok", // bytes kept, shown through the Windows-1252 fallback
	},
	{
		name: "RFC 2231 attachment name, continued and encoded",
		raw: crlf("From: a@example.org\nSubject: files\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nsee attached\n" +
			"--XX\nContent-Type: application/pdf\n" +
			"Content-Disposition: attachment; filename*0*=UTF-8''%C3%9Cbersicht%20;\n filename*1*=2026.pdf\n" +
			"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--XX--\n"),
		subject: "files", text: "see attached",
		attachments: []att{{"Übersicht 2026.pdf", "application/pdf"}},
	},
	{
		name: "RFC 2047 attachment name and a path in it",
		raw: crlf("From: a@example.org\nSubject: names\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nhi\n" +
			"--XX\nContent-Type: application/octet-stream; name=\"=?UTF-8?Q?=C3=A9t=C3=A9.txt?=\"\n" +
			"Content-Disposition: attachment; filename=\"=?UTF-8?Q?=C3=A9t=C3=A9.txt?=\"\n\nsummer\n" +
			"--XX\nContent-Type: application/octet-stream\n" +
			"Content-Disposition: attachment; filename=\"..\\\\..\\\\Windows\\\\evil.exe\"\n\nMZ\n" +
			"--XX\nContent-Type: image/png\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--XX--\n"),
		subject: "names", text: "hi",
		attachments: []att{{"été.txt", "application/octet-stream"}, {"evil.exe", "application/octet-stream"}, {"attachment-3.png", "image/png"}},
	},
	{
		name: "broken multipart: boundary never closed",
		raw: crlf("From: a@example.org\nSubject: cut off\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/alternative; boundary=\"BB\"\n\n--BB\nContent-Type: text/plain\n\nthe text survives\n--BB\nContent-Type: text/html\n\n<p>half"),
		subject: "cut off", text: "the text survives",
	},
	{
		name:    "multipart without a boundary parameter",
		raw:     crlf("From: a@example.org\nSubject: no boundary\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\nplain words here\n"),
		subject: "no boundary", text: "plain words here",
	},
	{
		name: "nested message/rfc822",
		raw: crlf("From: a@example.org\nSubject: Fwd: original\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nforwarding this\n" +
			"--XX\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"original.eml\"\n\n" +
			"From: c@example.org\nSubject: original\nContent-Type: text/plain\n\ninner body\n--XX--\n"),
		subject: "Fwd: original", text: "forwarding this",
		attachments: []att{{"original.eml", "message/rfc822"}},
	},
	{
		name: "HTML only: text derived, HTML sanitised",
		raw: crlf("From: news@example.com\nSubject: Newsletter\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" +
			"<html><head><script>alert(1)</script><style>p{}</style></head><body>" +
			"<h1>Big news</h1><p onclick=\"steal()\">Read <a href=\"javascript:evil()\">this</a> and " +
			"<a href=\"https://example.com/x\">that</a></p><img src=\"https://track.example.com/p.gif\" width=\"1\"></body></html>\n"),
		subject: "Newsletter", text: "Big news",
		html: `<a href="https://example.com/x"`, notHTML: "script",
	},
	{
		name: "no headers at all",
		raw:  []byte("just some words\r\nwith no header\r\n"),
		text: "just some words", warning: true, raw_: true,
	},
	{
		name: "garbage date and address still show",
		raw: crlf("From: not an address at all\nSubject: still here\nDate: someday soon\n" +
			"Content-Type: text/plain\n\nbody\n"),
		subject: "still here", from: "not an address at all", text: "body",
	},
	{
		name: "undecodable base64 body",
		raw: crlf("From: a@example.org\nSubject: bad b64\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" +
			"aGVsbG8gd29ybGQ=!!!*&^%\n"),
		subject: "bad b64", text: "hello world",
	},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			p := Parse(tc.raw)
			if p.Raw != tc.raw_ {
				t.Errorf("Raw = %v, want %v (warnings %q)", p.Raw, tc.raw_, p.Warnings)
			}
			if tc.subject != "" && p.Subject != tc.subject {
				t.Errorf("Subject = %q, want %q", p.Subject, tc.subject)
			}
			if tc.from != "" && (len(p.From) == 0 || p.From[0].String() != tc.from) {
				t.Errorf("From = %v, want %q", p.From, tc.from)
			}
			if !strings.Contains(p.Text, tc.text) {
				t.Errorf("Text = %q, want it to contain %q", p.Text, tc.text)
			}
			if tc.html != "" && !strings.Contains(p.HTML, tc.html) {
				t.Errorf("HTML = %q, want it to contain %q", p.HTML, tc.html)
			}
			if tc.notHTML != "" && strings.Contains(p.HTML, tc.notHTML) {
				t.Errorf("HTML = %q still contains %q", p.HTML, tc.notHTML)
			}
			for _, bad := range []string{"javascript:", "onclick", "<style"} {
				if strings.Contains(p.HTML, bad) {
					t.Errorf("HTML keeps %q: %s", bad, p.HTML)
				}
			}
			if len(p.Attachments) != len(tc.attachments) {
				t.Fatalf("attachments = %+v, want %+v", names(p.Attachments), tc.attachments)
			}
			for i, a := range tc.attachments {
				if p.Attachments[i].Filename != a.name || p.Attachments[i].ContentType != a.ctype {
					t.Errorf("attachment %d = %q %q, want %q %q", i, p.Attachments[i].Filename,
						p.Attachments[i].ContentType, a.name, a.ctype)
				}
			}
			if tc.warning && len(p.Warnings) == 0 {
				t.Errorf("no warning")
			}
			for _, s := range append([]string{p.Subject, p.Text, p.HTML}, names(p.Attachments)...) {
				if !utf8.ValidString(s) {
					t.Errorf("invalid UTF-8 in %q", s)
				}
			}
		})
	}
}

func names(atts []Attachment) []string {
	var out []string
	for _, a := range atts {
		out = append(out, a.Filename)
	}
	return out
}

func TestSanitizeDropsHiddenAndTrackers(t *testing.T) {
	out := SanitizeHTML(`<p>Visible</p><div style="display: none">preheader secret</div>` +
		`<span hidden>also hidden</span><img src="https://t.example/o.gif" width="1" height="1">` +
		`<img src="https://cdn.example/photo.jpg" alt="A photo" width="300"><a href="https://ok.example">ok</a>` +
		`<a href="javascript:alert(1)">bad</a><script>x()</script>`)
	for _, gone := range []string{"preheader secret", "also hidden", "t.example", "javascript", "script"} {
		if strings.Contains(out, gone) {
			t.Errorf("%q survived: %s", gone, out)
		}
	}
	for _, kept := range []string{"Visible", `src="https://cdn.example/photo.jpg"`, `alt="A photo"`, `href="https://ok.example"`} {
		if !strings.Contains(out, kept) {
			t.Errorf("%q lost: %s", kept, out)
		}
	}
}

func TestParseEnvelopeFields(t *testing.T) {
	p := Parse(crlf("From: Alice <alice@example.org>\nTo: Bob <bob@example.org>, carol@example.org\n" +
		"Cc: \"Dave, Jr.\" <dave@example.org>\nSubject: Re: plans\nDate: Wed, 4 Nov 2026 12:30:00 -0500\n" +
		"Message-ID: <m3@example.org>\nIn-Reply-To: <m2@example.org>\nReferences: <m1@example.org>\n <m2@example.org>\n\nok\n"))
	if got := len(p.To); got != 2 {
		t.Fatalf("To has %d addresses", got)
	}
	if p.Cc[0].Name != "Dave, Jr." || p.Cc[0].Email != "dave@example.org" {
		t.Errorf("Cc = %+v", p.Cc)
	}
	if !p.Date.Equal(time.Date(2026, 11, 4, 17, 30, 0, 0, time.UTC)) {
		t.Errorf("Date = %v", p.Date)
	}
	if p.MessageID != "m3@example.org" || p.InReplyTo != "m2@example.org" ||
		strings.Join(p.References, " ") != "m1@example.org m2@example.org" {
		t.Errorf("ids = %q %q %q", p.MessageID, p.InReplyTo, p.References)
	}
}

func TestSafeFilename(t *testing.T) {
	tests := []struct{ in, ctype, want string }{
		{"report.pdf", "application/pdf", "report.pdf"},
		{"../../etc/passwd", "", "passwd"},
		{`..\..\Windows\System32\evil.dll`, "", "evil.dll"},
		{`C:evil.exe`, "", "evil.exe"},
		{`C:\Users\x\a.txt`, "", "a.txt"},
		{"..", "text/plain", "attachment-1.txt"},
		{".", "", "attachment-1.bin"},
		{"", "application/pdf", "attachment-1.pdf"},
		{".bashrc", "", "bashrc"},
		{"a<b>c:d|e?f*g\".txt", "", "a_b_c_d_e_f_g_.txt"},
		{"name\x00with\x1fcontrols.txt", "", "namewithcontrols.txt"},
		{"CON", "", "_CON"},
		{"nul.txt", "", "_nul.txt"},
		{"trailing. . ", "", "trailing"},
		{"\u202Egnp.exe", "", "gnp.exe"}, // right-to-left override removed
		{"bad\xffutf8.txt", "", "bad_utf8.txt"},
		{strings.Repeat("é", 300) + ".pdf", "", strings.Repeat("é", 98) + ".pdf"},
	}
	for _, tc := range tests {
		if got := SafeFilename(tc.in, tc.ctype, 0); got != tc.want {
			t.Errorf("SafeFilename(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSavePathStaysInFolder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"../../x", `..\..\x`, "/etc/passwd", "a/../../b", "C:x", "", ".."} {
		p, err := SavePath(dir, name, "", 0)
		if err != nil {
			t.Fatalf("SavePath(%q): %v", name, err)
		}
		if !strings.HasPrefix(p, dir+"/") || strings.Contains(p[len(dir)+1:], "/") {
			t.Errorf("SavePath(%q) = %q leaves %q", name, p, dir)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Type: text/html\r\n\r\n<p>x\r\n--X--\r\n"))
	f.Add([]byte("Subject: =?utf-8?B?////?=\r\nContent-Type: text/plain; charset=\"utf-8\r\n\r\n\xff\xfe"))
	f.Add([]byte("Content-Type: message/rfc822\r\n\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n"))
	f.Add([]byte{})
	_, pdf := binary(9, 3000)
	f.Add([]byte("Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nhi\r\n--m\r\n" +
		"Content-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + pdf + "--m--\r\n"))
	for _, raw := range [][]byte{hostile.UnterminatedNesting(26), hostile.UnterminatedNesting(60), hostile.HiddenDelimiterNesting(20),
		hostile.ClosedNesting(200), hostile.ControlCharacters(), hostile.PaddedExecutable(), hostile.PhishingLinks(),
		hostile.TwoSenders(), hostile.UserPartLinks(), hostile.LookalikeSubdomain(), hostile.DangerousKinds(), hostile.EmptyFrom(),
		hostile.ManyReferences(300), hostile.DeeplyQuoted(20000)} {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		defer testenv.FuzzBudget(t)()
		// Summarize reads what Parse reads, less HTML and attachment data.
		// Each must cost what the input's size costs: a small input
		// finishes well within the budget.
		var want, got *Parsed
		withinBudget(t, "Parse", raw, func() { want = Parse(raw) })
		withinBudget(t, "Summarize", raw, func() { got = Summarize(raw) })
		want.HTML = ""
		for i := range want.Attachments {
			want.Attachments[i].Data = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Summarize differs from Parse on %q:\n%+v\n%+v", raw, got, want)
		}
		p := Parse(raw)
		if p == nil {
			t.Fatal("nil result")
		}
		if !utf8.ValidString(p.Subject) || !utf8.ValidString(p.Text) {
			t.Fatalf("invalid UTF-8 out of %q", raw)
		}
		for _, h := range append([]string{p.Subject, p.MessageID}, addrStrings(p.From, p.Sender, p.To, p.Cc, p.ReplyTo)...) {
			if h != CleanHeader(h) {
				t.Fatalf("header %q is not clean, from %q", h, raw)
			}
		}
		for _, a := range p.Attachments {
			if a.Filename == "" || strings.ContainsAny(a.Filename, `/\`) || strings.HasPrefix(a.Filename, ".") {
				t.Fatalf("unsafe attachment name %q", a.Filename)
			}
		}
	})
}

// addrStrings lists the names and addresses of the lists.
func addrStrings(lists ...[]Address) []string {
	var out []string
	for _, l := range lists {
		for _, a := range l {
			out = append(out, a.Name, a.Email)
		}
	}
	return out
}
