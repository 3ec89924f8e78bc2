package printout

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/internal/testenv"
)

// fixedFonts is a finder with given files: Regular for every text, and
// Covering for every other letter.
type fixedFonts struct{ regular, bold, covering []fontRef }

func (f fixedFonts) Regular(string) []fontRef        { return f.regular }
func (f fixedFonts) Bold(string) []fontRef           { return f.bold }
func (f fixedFonts) Covering(rune, string) []fontRef { return f.covering }

// dejaVu is the DejaVu Sans file, a TrueType font with Latin, Greek and
// Cyrillic but no Japanese letters.
func dejaVu(t *testing.T, style string) string {
	t.Helper()
	f := "/usr/share/fonts/truetype/dejavu/DejaVuSans" + style + ".ttf"
	if _, err := os.Stat(f); err != nil {
		testenv.Missing(t, "%s (Debian package fonts-dejavu-core)", f)
	}
	return f
}

// TestNoFontForScriptIsOneLine: without a font for Japanese the
// printout leaves the Japanese letters out, prints what it can, and
// says so in one line naming the script.
func TestNoFontForScriptIsOneLine(t *testing.T) {
	i18n.Use("en")
	ref := []fontRef{{path: dejaVu(t, "")}}
	m := Message{Subject: "Report 四半期", From: "Taro <taro@example.jp>", Text: "Hello. こんにちは. Привет."}
	text, _ := pdfText(t, m, Options{fonts: fixedFonts{regular: ref}})
	got := flat(text)
	for _, want := range []string{"Report …", "Hello. …. Привет.", "This computer has no font for some letters of this message"} {
		if !strings.Contains(got, want) {
			t.Errorf("the printout lacks %q:\n%s", want, text)
		}
	}
	for _, script := range []string{"Japanese", "Han"} {
		if !strings.Contains(got, script) {
			t.Errorf("the note does not name %s:\n%s", script, text)
		}
	}
	if strings.ContainsAny(got, "四こ") {
		t.Errorf("letters without a font were drawn:\n%s", text)
	}
}

// TestEmojiAreLeftOutWithANote: letters outside Unicode's first plane,
// which the PDF library cannot draw, are left out with the general note.
func TestEmojiAreLeftOutWithANote(t *testing.T) {
	i18n.Use("en")
	m := Message{Subject: "Party 🎉", Text: "See you 🎈 there"}
	text, _ := pdfText(t, m, Options{fonts: fixedFonts{regular: []fontRef{{path: dejaVu(t, "")}}}})
	if got := flat(text); !strings.Contains(got, "See you … there") || !strings.Contains(got, "some letters or symbols") {
		t.Errorf("the printout reads:\n%s", text)
	}
}

// TestNoFontAtAll: a computer with no usable font gets ErrNoFont.
func TestNoFontAtAll(t *testing.T) {
	var buf bytes.Buffer
	err := PDF(t.Context(), &buf, Message{Subject: "x"}, Options{fonts: fixedFonts{regular: []fontRef{{path: "/nonexistent.ttf"}}}})
	if err == nil || !strings.Contains(err.Error(), "no font") {
		t.Errorf("PDF with no font: %v", err)
	}
}

// collection packs fonts into a TrueType collection (.ttc), as Windows
// ships its Japanese and Chinese fonts.
func collection(t *testing.T, fonts ...[]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("ttcf")
	binary.Write(&out, binary.BigEndian, uint32(0x00010000))
	binary.Write(&out, binary.BigEndian, uint32(len(fonts)))
	off := 12 + 4*len(fonts)
	for _, f := range fonts {
		binary.Write(&out, binary.BigEndian, uint32(off))
		off += len(f)
	}
	for _, f := range fonts {
		// Each face's table offsets count from the collection's start.
		base := out.Len()
		recs, err := tables(f, 0)
		if err != nil {
			t.Fatal(err)
		}
		face := append([]byte(nil), f...)
		for j := range recs {
			p := face[12+16*j+8:]
			binary.BigEndian.PutUint32(p, binary.BigEndian.Uint32(p)+uint32(base))
		}
		out.Write(face)
	}
	return out.Bytes()
}

// TestFontFromCollection: a face of a collection is taken out as a font
// of its own that reads as the original, and the printout draws with it.
func TestFontFromCollection(t *testing.T) {
	regular, err := os.ReadFile(dejaVu(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	bold, err := os.ReadFile(dejaVu(t, "-Bold"))
	if err != nil {
		t.Fatal(err)
	}
	ttc := collection(t, regular, bold)
	got, err := trueType(ttc, 1)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sfnt.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	name, _ := f.Name(nil, sfnt.NameIDFull)
	if name != "DejaVu Sans Bold" {
		t.Errorf("face 1 of the collection is %q", name)
	}
	if _, err := trueType(ttc, 2); err == nil {
		t.Error("a collection of two has a face 2")
	}
	file := filepath.Join(t.TempDir(), "pair.ttc")
	if err := os.WriteFile(file, ttc, 0o600); err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, Message{Subject: "From a collection", Text: "Текст"}, Options{fonts: fixedFonts{regular: []fontRef{{path: file, index: 1}}}})
	if got := flat(text); !strings.Contains(got, "From a collection") || !strings.Contains(got, "Текст") {
		t.Errorf("the printout reads:\n%s", text)
	}
}

// TestCFFFontsArePassedOver: a font with CFF outlines (OpenType "OTTO")
// is not one the PDF library can embed.
func TestCFFFontsArePassedOver(t *testing.T) {
	otf := append([]byte("OTTO"), make([]byte, 60)...)
	if _, err := trueType(otf, 0); err == nil {
		t.Error("a CFF font was taken")
	}
	if _, err := trueType([]byte("ttcf\x00\x01\x00\x00\xff\xff\xff\xff"), 0); err == nil {
		t.Error("a broken collection was taken")
	}
}
