package message

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/corpus"
)

// binary returns n random bytes, base64 encoded in 76-character lines.
func binary(seed int64, n int) (data []byte, encoded string) {
	data = make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(data)
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return data, b.String()
}

// summaryCases are messages with large binary parts in the shapes mailers
// send them, plus damaged ones that must take the slow path.
func summaryCases() map[string][]byte {
	_, pdf := binary(1, 150_000)
	_, png := binary(2, 30_000)
	_, small := binary(3, 500)
	cases := map[string][]byte{
		"mixed: alternative, then a PDF": []byte("From: Ana <ana@example.com>\r\nSubject: =?UTF-8?Q?Rapport_f=C3=A9vrier?=\r\n" +
			"Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\npreamble\r\n--m\r\n" +
			"Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: text/plain; charset=iso-8859-1\r\n" +
			"Content-Transfer-Encoding: quoted-printable\r\n\r\nVoil=E0 le rapport.\r\n--a\r\nContent-Type: text/html\r\n\r\n" +
			"<p>Voil&agrave; le rapport.</p>\r\n--a--\r\n--m\r\nContent-Type: application/pdf; name=\"r.pdf\"\r\n" +
			"Content-Disposition: attachment; filename*=UTF-8''rapport%20f%C3%A9vrier.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			pdf + "--m--\r\nepilogue\r\n"),
		"related: HTML with an inline image, no text part": []byte("From: b@example.org\r\nSubject: photo\r\n" +
			"Content-Type: multipart/related; boundary=r\r\n\r\n--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
			"<p>Look: <img src=\"cid:img1@x\"></p>\r\n--r\r\nContent-Type: image/png\r\nContent-ID: <img1@x>\r\n" +
			"Content-Disposition: inline; filename=p.png\r\nContent-Transfer-Encoding: base64\r\n\r\n" + png + "--r--\r\n"),
		"a small attachment stays in": []byte("From: c@example.org\r\nSubject: tiny\r\n" +
			"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x\r\n" +
			"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" + small + "--x--\r\n"),
		"damaged base64 attachment is left to enmime": []byte("From: d@example.org\r\nSubject: bad\r\n" +
			"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--x\r\n" +
			"Content-Type: application/zip; name=a.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			strings.Replace(pdf, "A", "*", 50) + "--x--\r\n"),
		"never closed": []byte("From: e@example.org\r\nSubject: cut off\r\n" +
			"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nstart\r\n--x\r\n" +
			"Content-Type: image/jpeg; name=j.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n" + pdf[:20000]),
		"bare LF line ends": bytes.ReplaceAll([]byte("From: f@example.org\r\nSubject: unix\r\n"+
			"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nbody\r\n--x\r\n"+
			"Content-Type: application/pdf; name=u.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"+pdf+"--x--\r\n"), []byte("\r\n"), []byte("\n")),
	}
	for _, tc := range parseCases {
		cases["parse case: "+tc.name] = tc.raw
	}
	for i := 0; i < 300; i++ {
		cases[fmt.Sprintf("corpus %d", i)] = corpus.Message(7, i)
	}
	return cases
}

// TestSummarizeMatchesParse holds Summarize to what Parse reads from the
// same message, less the HTML and the attachment contents.
func TestSummarizeMatchesParse(t *testing.T) {
	wantFast := map[string]bool{"mixed: alternative, then a PDF": true,
		"related: HTML with an inline image, no text part": true, "bare LF line ends": true}
	cut := 0
	for name, raw := range summaryCases() {
		want := Parse(raw)
		want.HTML = ""
		for i := range want.Attachments {
			if want.Attachments[i].Size != len(want.Attachments[i].Data) {
				t.Errorf("%s: Parse: attachment %d Size %d, has %d bytes", name, i, want.Attachments[i].Size, len(want.Attachments[i].Data))
			}
			want.Attachments[i].Data = nil
		}
		got := Summarize(raw)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\nSummarize %+v\nParse     %+v", name, got, want)
		}
		var leaves []leaf
		var cuts []span
		fast := (walker{raw: raw, leaves: &leaves, cuts: &cuts}).message() == nil && len(cuts) > 0
		if fast {
			cut++
		}
		if wantFast[name] && !fast {
			t.Errorf("%s: no part was cut out", name)
		}
	}
	// The corpus puts an attachment on about one message in seven.
	if cut < 30 {
		t.Errorf("only %d messages had a part cut out: the fast path is not taken", cut)
	}
}

func BenchmarkSummarize(b *testing.B) {
	benchCorpus(b, func(raw []byte) { Summarize(raw) })
}

func BenchmarkParse(b *testing.B) {
	benchCorpus(b, func(raw []byte) { Parse(raw) })
}

// benchCorpus runs f over 1,000 corpus messages (about 33 MB) per op.
func benchCorpus(b *testing.B, f func([]byte)) {
	msgs := make([][]byte, 1000)
	var n int64
	for i := range msgs {
		msgs[i] = corpus.Message(1, i)
		n += int64(len(msgs[i]))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, m := range msgs {
			f(m)
		}
	}
}

// base64Size agrees with the standard library's Decode on what is cleanly
// encoded and on the decoded size, across the decoder's chunk boundaries,
// with line breaks, and with padding that is not at the end.
func TestBase64SizeAgreesWithDecode(t *testing.T) {
	data := make([]byte, 5000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	wrap := func(s string, n int, eol string) string {
		var b strings.Builder
		for len(s) > n {
			b.WriteString(s[:n] + eol)
			s = s[n:]
		}
		b.WriteString(s)
		return b.String()
	}
	var cases []string
	for _, n := range []int{0, 1, 2, 3, 767, 768, 769, 4999, 5000} {
		enc := base64.StdEncoding.EncodeToString(data[:n])
		cases = append(cases, enc, wrap(enc, 76, "\r\n"), wrap(enc, 76, "\n")+"\r\n", enc+"!", enc[:len(enc)/2]+" "+enc[len(enc)/2:])
	}
	// Padding inside the content, at and away from the decoder's 1,024
	// byte chunks.
	for _, at := range []int{4, 1020, 1024, 2048} {
		cases = append(cases, strings.Repeat("QUJD", at/4-1)+"QQ=="+"QUJD")
	}
	for _, c := range cases {
		want, err := base64.StdEncoding.Decode(make([]byte, len(c)), []byte(c))
		n, ok := base64Size([]byte(c))
		if ok != (err == nil) || ok && n != want {
			t.Errorf("base64Size(%d bytes) = %d, %v; Decode: %d, %v", len(c), n, ok, want, err)
		}
	}
}

// base64Size agrees with Decode on every string of up to seven bytes drawn
// from letters, padding, line breaks and a stranger.
func TestBase64SizeAgreesWithDecodeOnShortStrings(t *testing.T) {
	const alphabet = "QA=\n\r!"
	buf := make([]byte, 0, 7)
	var walk func()
	walk = func() {
		want, err := base64.StdEncoding.Decode(make([]byte, len(buf)), buf)
		if n, ok := base64Size(buf); ok != (err == nil) || ok && n != want {
			t.Fatalf("base64Size(%q) = %d, %v; Decode: %d, %v", buf, n, ok, want, err)
		}
		if len(buf) == cap(buf) {
			return
		}
		for i := range len(alphabet) {
			buf = append(buf, alphabet[i])
			walk()
			buf = buf[:len(buf)-1]
		}
	}
	walk()
}

// FuzzBase64Size compares base64Size with Decode on any input.
func FuzzBase64Size(f *testing.F) {
	for _, s := range []string{"", "QUJD", "QQ==", "QUI=\r\n", "QQ=\n=", "QQ==QUJD", "Q===", "QUJD=", " QUJD"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want, err := base64.StdEncoding.Decode(make([]byte, len(b)), b)
		if n, ok := base64Size(b); ok != (err == nil) || ok && n != want {
			t.Fatalf("base64Size(%q) = %d, %v; Decode: %d, %v", b, n, ok, want, err)
		}
	})
}
