package message

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/tern-mail/tern/internal/hostile"
)

// All 20,000 attachments are met, in order, each with its own content,
// within the size budget (Parse reads only the first MaxParts).
func TestEachAttachmentMeetsAllTwentyThousand(t *testing.T) {
	raw := hostile.ManyAttachments(20000)
	n := 0
	var bad error
	withinSizeBudget(t, "EachAttachment", raw, func() {
		bad = EachAttachment(raw, func(p StreamedPart, r io.Reader) error {
			b, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			if want := fmt.Sprintf("f%05d.txt", n); p.Filename != want || p.Index != n || string(b) != fmt.Sprint(n) {
				return fmt.Errorf("part %d: %+v %q, want %s", n, p, b, want)
			}
			n++
			return nil
		})
	})
	if bad != nil || n != 20000 {
		t.Fatalf("met %d attachments: %v", n, bad)
	}
}

// Base64 is decoded without the bytes outside its alphabet; a picture in
// the text (inline, with a Content-ID) and the text itself are no
// attachments; quoted-printable is decoded; RFC 2047 names are read.
func TestEachAttachmentDecodes(t *testing.T) {
	raw := crlf(`Subject: t
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

the text
--b
Content-Type: image/png
Content-ID: <p@x>
Content-Disposition: inline; filename="pic.png"
Content-Transfer-Encoding: base64

aGVsbG8=
--b
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="=?utf-8?q?caf=C3=A9.bin?="
Content-Transfer-Encoding: base64

aGVs!!bG8=
--b
Content-Type: text/plain; name="q.txt"
Content-Transfer-Encoding: quoted-printable

a=3Db
--b--
`)
	var got []string
	err := EachAttachment(raw, func(p StreamedPart, r io.Reader) error {
		b, err := io.ReadAll(r)
		got = append(got, fmt.Sprintf("%d %s %s %q %v", p.Index, p.Filename, p.ContentType, b, err))
		return nil
	})
	want := []string{
		`0 café.bin application/octet-stream "hello" <nil>`,
		`1 q.txt text/plain "a=b" <nil>`,
	}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
}

// A nesting past MaxDepth is not looked into, and an unclosed one ends
// the walk, both quickly.
func TestEachAttachmentHostileNesting(t *testing.T) {
	for name, raw := range map[string][]byte{
		"unterminated": hostile.UnterminatedNesting(5000),
		"closed":       hostile.ClosedNesting(MaxDepth + 10),
	} {
		withinSizeBudget(t, name, raw, func() {
			if err := EachAttachment(raw, func(StreamedPart, io.Reader) error { return nil }); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		})
	}
}

// SaveDir numbers files of one name and never writes over a file that is
// there.
func TestSaveDirNumbersAndKeepsFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := NewSaveDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range []string{"a.txt", "a.txt", "../../a.txt", "b"} {
		f, err := s.Create(n, "text/plain", 0)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(f.Name()))
		if filepath.Dir(f.Name()) != dir {
			t.Errorf("%s is outside %s", f.Name(), dir)
		}
		f.Close()
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "mine" {
		t.Errorf("a.txt now holds %q", b)
	}
	if want := "[a (2).txt a (3).txt a (4).txt b]"; fmt.Sprint(names) != want {
		t.Errorf("names %v, want %s", names, want)
	}
}
