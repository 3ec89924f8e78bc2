package mbox

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readAll reads every message of an mbox file.
func readAll(t *testing.T, data string) []*Message {
	t.Helper()
	r := NewReader(strings.NewReader(data))
	var out []*Message
	for {
		m, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
}

func raws(ms []*Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, string(m.Raw))
	}
	return out
}

func wantRaws(t *testing.T, got []*Message, want ...string) {
	t.Helper()
	g := raws(got)
	if len(g) != len(want) {
		t.Fatalf("got %d messages, want %d:\n%q", len(g), len(want), g)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Errorf("message %d:\ngot  %q\nwant %q", i, g[i], want[i])
		}
	}
}

func TestReaderSplitsAtFromLinesAndKeepsOffsets(t *testing.T) {
	data := "From a@example.org Mon Jan  2 15:04:05 2006\nSubject: one\n\nbody one\n\n" +
		"From b@example.org Tue Jan  3 15:04:05 2006\nSubject: two\n\nbody two\n"
	ms := readAll(t, data)
	wantRaws(t, ms, "Subject: one\n\nbody one\n", "Subject: two\n\nbody two\n")
	if ms[0].From != "a@example.org Mon Jan  2 15:04:05 2006" || ms[0].Offset != 0 {
		t.Errorf("first: From %q at %d", ms[0].From, ms[0].Offset)
	}
	second := strings.Index(data, "From b@")
	if ms[0].End != int64(second) || ms[1].Offset != int64(second) || ms[1].End != int64(len(data)) {
		t.Errorf("offsets: %d-%d, %d-%d", ms[0].Offset, ms[0].End, ms[1].Offset, ms[1].End)
	}
	if d, ok := FromLineDate(ms[1].From); !ok || !d.Equal(time.Date(2006, 1, 3, 15, 4, 5, 0, time.UTC)) {
		t.Errorf("From_ date: %v %v", d, ok)
	}
	// A reader made at a message's end goes on from there.
	r := NewReaderAt(strings.NewReader(data[ms[0].End:]), ms[0].End)
	m, err := r.Next()
	if err != nil || string(m.Raw) != "Subject: two\n\nbody two\n" || m.Offset != ms[1].Offset || m.End != ms[1].End {
		t.Fatalf("resumed: %+v %v", m, err)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last: %v", err)
	}
}

func TestReaderFromLinesInsideABody(t *testing.T) {
	// Unquoted "From " lines that do not begin a message: one right
	// after text, one after a blank line but followed by text, not a
	// header.
	data := "From a@example.org Mon Jan  2 15:04:05 2006\nSubject: one\n\nHello\nFrom here on, things change.\n\n" +
		"From the start, I said\nso.\n\n" +
		"From b@example.org Tue Jan  3 15:04:05 2006\nSubject: two\n\nbye\n"
	wantRaws(t, readAll(t, data),
		"Subject: one\n\nHello\nFrom here on, things change.\n\nFrom the start, I said\nso.\n",
		"Subject: two\n\nbye\n")
}

func TestReaderWithoutBlankLineBeforeAFromLine(t *testing.T) {
	// Some writers put no blank line between messages: a From_ line with
	// an envelope date followed by a header still begins one.
	data := "From a@example.org Mon Jan  2 15:04:05 2006\nSubject: one\n\nno blank after me\n" +
		"From b@example.org Tue Jan  3 15:04:05 2006\nSubject: two\n\nbye\n"
	wantRaws(t, readAll(t, data), "Subject: one\n\nno blank after me\n", "Subject: two\n\nbye\n")
}

func TestReaderMissingFinalNewline(t *testing.T) {
	data := "From a@example.org Mon Jan  2 15:04:05 2006\nSubject: one\n\nfirst\n\n" +
		"From b@example.org Tue Jan  3 15:04:05 2006\nSubject: two\n\nno newline at the end"
	wantRaws(t, readAll(t, data), "Subject: one\n\nfirst\n", "Subject: two\n\nno newline at the end")
}

func TestReaderCRLF(t *testing.T) {
	// Thunderbird on Windows writes CRLF throughout, separator included.
	one := "X-Mozilla-Status: 0001\r\nSubject: one\r\n\r\nline\r\n"
	two := "Subject: two\r\n\r\nlast\r\n"
	data := "From - Mon Jan  2 15:04:05 2006\r\n" + one + "\r\n" + "From - Tue Jan  3 15:04:05 2006\r\n" + two + "\r\n"
	ms := readAll(t, data)
	wantRaws(t, ms, one, two)
	if ms[0].From != "- Mon Jan  2 15:04:05 2006" {
		t.Errorf("From: %q", ms[0].From)
	}
}

func TestReaderKeepsEightBitHeaders(t *testing.T) {
	raw := "Subject: Caf\xe9 \xfcber\nFrom: J\xf6rg <j@example.org>\n\nK\xe4se\n"
	ms := readAll(t, "From j@example.org Mon Jan  2 15:04:05 2006\n"+raw)
	wantRaws(t, ms, raw)
	if h := HeaderOf(ms[0].Raw); h.Get("subject") != "Caf\xe9 \xfcber" {
		t.Errorf("subject: %q", h.Get("subject"))
	}
}

func TestReaderTextBeforeTheFirstFromLineIsKept(t *testing.T) {
	data := "garbage that is no message\n\nFrom a@example.org Mon Jan  2 15:04:05 2006\nSubject: one\n\nx\n"
	ms := readAll(t, data)
	wantRaws(t, ms, "garbage that is no message\n", "Subject: one\n\nx\n")
	if ms[0].From != "" || LooksLikeMessage(ms[0].Raw) || !LooksLikeMessage(ms[1].Raw) {
		t.Errorf("first From %q, looks like a message: %v, %v", ms[0].From, LooksLikeMessage(ms[0].Raw), LooksLikeMessage(ms[1].Raw))
	}
}

func TestReaderMboxcl2ContentLength(t *testing.T) {
	// mutt quotes nothing: the body's "From " lines, even one that looks
	// like a message of its own, are held in by Content-Length.
	body := "Forwarded:\n\nFrom c@example.org Wed Jan  4 15:04:05 2006\nSubject: inner\n\n>From stays quoted\n"
	one := "Subject: one\nContent-Length: " + strconv.Itoa(len(body)) + "\nLines: 6\n\n" + body
	two := "Subject: two\nContent-Length: 4\n\nbye\n"
	data := "From a@example.org Mon Jan  2 15:04:05 2006\n" + one + "\n" +
		"From b@example.org Tue Jan  3 15:04:05 2006\n" + two + "\n"
	wantRaws(t, readAll(t, data), one, two)

	// A Content-Length that is wrong (too long, too short) is not
	// trusted: the From_ lines decide.
	tooLong := "Subject: one\nContent-Length: 500\n\nshort\n"
	tooShort := "Subject: two\nContent-Length: 2\n\nlonger than two\n"
	data = "From a@example.org Mon Jan  2 15:04:05 2006\n" + tooLong + "\n" +
		"From b@example.org Tue Jan  3 15:04:05 2006\n" + tooShort + "\n" +
		"From c@example.org Tue Jan  3 15:04:05 2006\nSubject: three\n\nend\n"
	wantRaws(t, readAll(t, data), tooLong, tooShort, "Subject: three\n\nend\n")
}

func TestReaderTruncatesPastMaxBytes(t *testing.T) {
	big := "Subject: big\n\n" + strings.Repeat("x", 1000) + "\n"
	data := "From a@example.org Mon Jan  2 15:04:05 2006\n" + big + "\n" +
		"From b@example.org Tue Jan  3 15:04:05 2006\nSubject: small\n\nok\n"
	r := NewReader(strings.NewReader(data))
	r.MaxBytes = 500
	m, err := r.Next()
	if err != nil || !m.Truncated || string(m.Raw) != "Subject: big\n\n" || m.Size != int64(len(big)) {
		t.Fatalf("big: %+v %v", m, err)
	}
	m, err = r.Next()
	if err != nil || m.Truncated || string(m.Raw) != "Subject: small\n\nok\n" {
		t.Fatalf("small: %+v %v", m, err)
	}
}

func TestReaderLongLines(t *testing.T) {
	long := strings.Repeat("y", 200<<10)
	raw := "Subject: long\n\n" + long + "\nFrom inside " + long + "\n"
	ms := readAll(t, "From a@example.org Mon Jan  2 15:04:05 2006\n"+raw+"\nFrom b@example.org Tue Jan  3 15:04:05 2006\nSubject: b\n\nb\n")
	wantRaws(t, ms, raw, "Subject: b\n\nb\n")
}

func TestWriterRoundTripsMboxrdQuoting(t *testing.T) {
	msgs := []string{
		"Subject: quoting\n\nFrom the start\n>From once\n>>From twice\n> From not quoted\nFrom\n",
		"Subject: crlf\r\n\r\nFrom a line\r\n\r\n",
		"Subject: no final newline\n\nend",
		"From: first line is From but has a colon\nSubject: x\n\nbody\n",
		"Subject: ends in two blank lines\n\ntext\n\n\n",
	}
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for i, m := range msgs {
		if err := w.Write("sender@example.org", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i)*time.Hour), []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "\n>From the start\n>>From once\n>>>From twice\n> From not quoted\nFrom\n") {
		t.Errorf("quoting:\n%s", out)
	}
	if !strings.HasPrefix(out, "From sender@example.org Fri Jan  2 03:04:05 2026\n") {
		t.Errorf("From_ line: %q", out[:60])
	}
	want := append([]string{}, msgs...)
	want[2] += "\n" // a message without a final line break gains one
	wantRaws(t, readAll(t, out), want...)
}

func TestUnquoteIsMboxrds(t *testing.T) {
	got := string(Unquote([]byte("a\n>From x\n>>From y\nFrom z\n> From w\n>From")))
	if got != "a\nFrom x\n>From y\nFrom z\n> From w\n>From" {
		t.Errorf("unquote: %q", got)
	}
}
