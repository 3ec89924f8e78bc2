package message

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/corpus"
	"github.com/tern-mail/tern/internal/hostile"
)

// both runs check on what Parse and Summarize make of raw.
func both(t *testing.T, raw []byte, check func(t *testing.T, p *Parsed)) {
	t.Helper()
	t.Run("Parse", func(t *testing.T) { check(t, Parse(raw)) })
	t.Run("Summarize", func(t *testing.T) { check(t, Summarize(raw)) })
}

func hasWarning(p *Parsed, part string) bool {
	for _, w := range p.Warnings {
		if strings.Contains(w, part) {
			return true
		}
	}
	return false
}

// Unclosed nesting used to take time doubling with each level (seconds at
// 20 levels, never ending at 60); mended, it reads like a closed message.
func TestUnterminatedNestingIsMended(t *testing.T) {
	for _, depth := range []int{1, 18, 26, MaxDepth - 1} {
		for _, raw := range [][]byte{hostile.UnterminatedNesting(depth), hostile.HiddenDelimiterNesting(depth)} {
			both(t, raw, func(t *testing.T, p *Parsed) {
				if p.Raw || strings.TrimSpace(p.Text) != "The innermost text." {
					t.Errorf("depth %d: Raw=%v Text=%q", depth, p.Raw, p.Text)
				}
				if !hasWarning(p, "not closed") {
					t.Errorf("depth %d: warnings %q lack the unclosed-parts note", depth, p.Warnings)
				}
			})
		}
	}
}

func TestTooDeepIsShownRaw(t *testing.T) {
	for name, raw := range map[string][]byte{
		"unterminated 60": hostile.UnterminatedNesting(60),
		"closed 8000":     hostile.ClosedNesting(8000),
		"closed 51":       hostile.ClosedNesting(MaxDepth + 1),
	} {
		t.Run(name, func(t *testing.T) {
			both(t, raw, func(t *testing.T, p *Parsed) {
				if !p.Raw || !hasWarning(p, "nested more than 50") {
					t.Errorf("Raw=%v warnings=%q", p.Raw, p.Warnings)
				}
				if !strings.HasPrefix(p.Subject, "Unterminated nesting") && !strings.HasPrefix(p.Subject, "Closed nesting") {
					t.Errorf("Subject = %q: the header should still be read", p.Subject)
				}
				if len(p.From) != 1 || p.From[0].Email != "stranger@example.com" {
					t.Errorf("From = %v", p.From)
				}
				if p.Text != string(raw) {
					t.Error("the raw text is not the message as it arrived")
				}
			})
		})
	}
}

func TestClosedNestingWithinLimitParses(t *testing.T) {
	both(t, hostile.ClosedNesting(MaxDepth-1), func(t *testing.T, p *Parsed) {
		if p.Raw || strings.TrimSpace(p.Text) != "The innermost text." || len(p.Warnings) != 0 {
			t.Errorf("Raw=%v Text=%q Warnings=%q", p.Raw, p.Text, p.Warnings)
		}
	})
}

// An inner boundary that begins with an outer one makes the outer part end
// inside the inner one; such a message is not read as MIME.
func TestBoundaryClashIsShownRaw(t *testing.T) {
	raw := crlf("Subject: clash\nContent-Type: multipart/mixed; boundary=a\n\n--a\n" +
		"Content-Type: multipart/mixed; boundary=ab\n\n--ab\nContent-Type: text/plain\n\nx\n--ab--\n--a--\n")
	both(t, raw, func(t *testing.T, p *Parsed) {
		if !p.Raw || p.Subject != "clash" {
			t.Errorf("Raw=%v Subject=%q", p.Raw, p.Subject)
		}
	})
}

// An inner multipart left open before its parent's next part is closed
// there, not at the end of the message: the parent's later parts stay.
func TestUnclosedInnerClosedAtParentDelimiter(t *testing.T) {
	raw := crlf("Subject: inner\nContent-Type: multipart/mixed; boundary=outer\n\n--outer\n" +
		"Content-Type: multipart/alternative; boundary=inner\n\n--inner\nContent-Type: text/plain\n\nhello\n" +
		"--outer\nContent-Type: application/pdf; name=a.pdf\n\n%PDF\n--outer--\n")
	both(t, raw, func(t *testing.T, p *Parsed) {
		if p.Raw || strings.TrimSpace(p.Text) != "hello" || len(p.Attachments) != 1 || p.Attachments[0].Filename != "a.pdf" {
			t.Errorf("Raw=%v Text=%q Attachments=%v", p.Raw, p.Text, names(p.Attachments))
		}
	})
}

func TestHugeHeaderIsCut(t *testing.T) {
	raw := hostile.HugeHeaderBlock(2 << 20)
	both(t, raw, func(t *testing.T, p *Parsed) {
		if p.Raw || p.Subject != "Huge header" || !hasWarning(p, "over 1 MB") {
			t.Errorf("Raw=%v Subject=%q Warnings=%q", p.Raw, p.Subject, p.Warnings)
		}
		if strings.TrimSpace(p.Text) != "The body after a huge header." {
			t.Errorf("Text = %.80q", p.Text)
		}
	})
	src, cut := cutHeader(raw)
	if !cut || bytes.Index(src, []byte("\r\n\r\n")) > MaxHeaderBytes {
		t.Errorf("cutHeader: cut=%v, header now %d bytes", cut, bytes.Index(src, []byte("\r\n\r\n")))
	}
}

// The fields that say how to read the body are kept even when they come
// after the first megabyte of header.
func TestHeaderCutKeepsContentFields(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Subject: late type\r\n")
	for b.Len() < MaxHeaderBytes+4096 {
		b.WriteString("X-Padding: " + strings.Repeat("y", 500) + "\r\n")
	}
	b.WriteString("Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nkept\r\n--z--\r\n")
	both(t, b.Bytes(), func(t *testing.T, p *Parsed) {
		if strings.TrimSpace(p.Text) != "kept" || p.Subject != "late type" {
			t.Errorf("Text=%q Subject=%q", p.Text, p.Subject)
		}
	})
}

func TestParseRecoversPanics(t *testing.T) {
	testHook = func([]byte) { panic("boom") }
	defer func() { testHook = nil }()
	raw := crlf("From: a@example.org\nSubject: crash me\n\nbody\n")
	both(t, raw, func(t *testing.T, p *Parsed) {
		if !p.Raw || p.Subject != "crash me" || !hasWarning(p, "boom") {
			t.Errorf("Raw=%v Subject=%q Warnings=%q", p.Raw, p.Subject, p.Warnings)
		}
	})
}

func TestControlCharactersAreCleaned(t *testing.T) {
	both(t, hostile.ControlCharacters(), func(t *testing.T, p *Parsed) {
		if want := "Hello[2J]0;pwned thereexe.pdf"; p.Subject != want {
			t.Errorf("Subject = %q, want %q", p.Subject, want)
		}
		if len(p.From) != 1 || p.From[0].Name != "Bank To: you@bank.example" || p.From[0].Email != "stranger@example.com" {
			t.Errorf("From = %+v", p.From)
		}
	})
}

func TestHeadersOnlySource(t *testing.T) {
	src := HeadersOnlySource(append(hostile.HugeHeader(), "--huge\r\nmore body"...), hostile.HugeSize)
	if bytes.Contains(src, []byte("more body")) {
		t.Fatal("the body was kept")
	}
	both(t, src, func(t *testing.T, p *Parsed) {
		if !p.HeadersOnly || p.FullSize != hostile.HugeSize || p.Subject != "Huge message" || !hasWarning(p, "Open it on the server") {
			t.Errorf("HeadersOnly=%v FullSize=%d Subject=%q Warnings=%q", p.HeadersOnly, p.FullSize, p.Subject, p.Warnings)
		}
	})
	// The marker means nothing on a message that has a body.
	spoof := crlf("X-Tern-Headers-Only: 999999999999\nSubject: s\n\nbody\n")
	if p := Parse(spoof); p.HeadersOnly || strings.TrimSpace(p.Text) != "body" {
		t.Errorf("spoofed marker: HeadersOnly=%v Text=%q", p.HeadersOnly, p.Text)
	}
}

func TestHostileCorpusParses(t *testing.T) {
	for name, raw := range hostile.All() {
		t.Run(name, func(t *testing.T) {
			both(t, raw, func(t *testing.T, p *Parsed) {
				if p == nil || p.Subject == "" {
					t.Fatalf("no subject from %s", name)
				}
			})
		})
	}
}

func BenchmarkHostile(b *testing.B) {
	for _, c := range []struct {
		name string
		raw  []byte
	}{
		{"unterminated-20", hostile.UnterminatedNesting(20)},
		{"unterminated-26", hostile.UnterminatedNesting(26)},
		{"unterminated-49", hostile.UnterminatedNesting(49)},
		{"hidden-26", hostile.HiddenDelimiterNesting(26)},
		{"closed-49", hostile.ClosedNesting(49)},
		{"closed-8000", hostile.ClosedNesting(8000)},
		{"huge-header", hostile.HugeHeaderBlock(2 << 20)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.raw)))
			for b.Loop() {
				Summarize(c.raw)
			}
		})
	}
}

// BenchmarkSanitize measures the pass that mends structure before
// parsing, over the ordinary corpus: its share of Summarize's time.
func BenchmarkSanitize(b *testing.B) {
	benchCorpus(b, func(raw []byte) { sanitize(raw) })
}

// Well-formed mail passes the sanitising pass untouched.
func TestSanitizeLeavesGoodMailAlone(t *testing.T) {
	for i := 0; i < 200; i++ {
		raw := corpus.Message(3, i)
		out, warns, err := sanitize(raw)
		if err != nil || len(warns) != 0 || &out[0] != &raw[0] || len(out) != len(raw) {
			t.Fatalf("corpus message %d: err %v, warnings %q, copied %v", i, err, warns, &out[0] != &raw[0])
		}
	}
}

func TestUnclosedShapes(t *testing.T) {
	for name, raw := range map[string]string{
		"no final line end": "Subject: s\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\nhello",
		"LF line ends":      "Subject: s\nContent-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n",
		"folded type":       "Subject: s\r\nContent-Type: multipart/mixed;\r\n\tboundary=\"a\"\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\nhello\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			both(t, []byte(raw), func(t *testing.T, p *Parsed) {
				if p.Raw || strings.TrimSpace(p.Text) != "hello" || !hasWarning(p, "not closed") {
					t.Errorf("Raw=%v Text=%q Warnings=%q", p.Raw, p.Text, p.Warnings)
				}
			})
		})
	}
}

// randomNesting builds an unclosed nesting of depth levels in shapes
// chosen by r: delimiters at the start of a line or hidden after text,
// with trailing text; multipart types in any case or not multipart at all
// but with a boundary; folded fields; CRLF or LF.
func randomNesting(r *rand.Rand, depth int) []byte {
	eol := "\r\n"
	if r.Intn(3) == 0 {
		eol = "\n"
	}
	ctype := func(i int) string {
		b := fmt.Sprintf("lvl%05d", i)
		switch r.Intn(5) {
		case 0:
			return "Content-Type: MULTIPART/Mixed; boundary=" + b
		case 1:
			return "Content-Type: application/x-thing; boundary=\"" + b + "\""
		case 2:
			return "Content-Type: multipart/related;" + eol + "\tboundary=\"" + b + "\""
		case 3:
			return "content-type: multipart/alternative; boundary=" + b + "; x=y"
		}
		return "Content-Type: multipart/mixed; boundary=\"" + b + "\""
	}
	delim := func(i int) string {
		b := fmt.Sprintf("--lvl%05d", i)
		switch r.Intn(4) {
		case 0:
			return "junk " + b + " "
		case 1:
			return b + " trailing words"
		case 2:
			return b + "\t"
		}
		return b
	}
	var b strings.Builder
	b.WriteString("Subject: random" + eol + strings.Replace(ctype(0), "application/x-thing", "multipart/mixed", 1) + eol + eol)
	for i := 1; i <= depth; i++ {
		b.WriteString("preamble" + eol + delim(i-1) + eol + ctype(i) + eol + eol)
	}
	b.WriteString(delim(depth) + eol + "Content-Type: text/plain" + eol + eol + "inner" + eol)
	return []byte(b.String())
}

// Whatever shape the unclosed nesting takes, it is mended or refused:
// at 19 levels an unmended one costs the MIME library far over the budget.
func TestRandomUnclosedNestingStaysFast(t *testing.T) {
	r := rand.New(rand.NewSource(12))
	for i := 0; i < 60; i++ {
		raw := randomNesting(r, 19)
		withinBudget(t, "Summarize", raw, func() { Summarize(raw) })
		withinBudget(t, "Parse", raw, func() { Parse(raw) })
	}
}
