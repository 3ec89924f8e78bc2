package printout

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/tern-mail/tern/assets/i18n"
)

// fontRef names one face of a font file (index > 0 in a collection).
type fontRef struct {
	path  string
	index int
}

// fontFinder lists the font files that may draw a printout's text, best
// first. The system's (fontconfig's on Linux, the fonts every Windows or
// macOS has) is the default; tests give their own.
type fontFinder interface {
	// Regular and Bold list faces for the text of language lang ("en").
	Regular(lang string) []fontRef
	Bold(lang string) []fontRef
	// Covering lists faces that may have a letter for r; lang ("ja",
	// "zh-cn", "") says whose way of writing it is wanted.
	Covering(r rune, lang string) []fontRef
}

// Limits on the fonts a printout looks at and loads.
const (
	maxFaces   = 8  // fonts in one printout
	maxLookups = 16 // letters asked after
)

// face is a font the printout draws with, registered with the PDF as
// family.
type face struct {
	family string
	font   *sfnt.Font
	bold   bool // a bold face is registered too
}

// fontSet holds the printout's fonts: the first draws what it can, the
// others the letters it lacks. missing holds the scripts (ISO 15924
// codes; "" for symbols outside any) of the letters no font has.
type fontSet struct {
	faces   []*face
	cover   map[rune]int
	missing map[string]bool
	buf     sfnt.Buffer
}

// loadFonts picks the fonts for text, registers them with pdf, and
// notes the scripts no font on this computer has.
func loadFonts(pdf *fpdf.Fpdf, finder fontFinder, text, lang string) (*fontSet, error) {
	s := &fontSet{cover: map[rune]int{}, missing: map[string]bool{}}
	tried := map[fontRef]bool{}
	base := s.add(pdf, finder.Regular(lang), 'A', tried)
	if base == nil {
		return nil, problemf(ErrNoFont, nil, "print.error.no_font", nil)
	}
	for _, ref := range finder.Bold(lang) {
		if data, f, err := readFace(ref); err == nil && covers(f, &s.buf, 'A') && register(pdf, base.family, "B", data) {
			base.bold = true
			break
		}
	}
	uncovered := s.uncovered(text)
	hint := hanLang(text, lang)
	for lookups := 0; len(uncovered) > 0 && lookups < maxLookups; lookups++ {
		r := uncovered[0]
		if len(s.faces) < maxFaces && r <= 0xFFFF {
			s.add(pdf, finder.Covering(r, hintFor(r, hint)), r, tried)
		}
		if s.faceOf(r) < 0 {
			s.missing[scriptOf(r)] = true
			uncovered = without(uncovered, func(u rune) bool { return scriptOf(u) == scriptOf(r) })
		}
		uncovered = without(uncovered, func(u rune) bool { return s.faceOf(u) >= 0 })
	}
	for _, r := range uncovered {
		s.missing[scriptOf(r)] = true
	}
	return s, nil
}

// add registers the first of refs that covers r, and returns it.
func (s *fontSet) add(pdf *fpdf.Fpdf, refs []fontRef, r rune, tried map[fontRef]bool) *face {
	for _, ref := range refs {
		if tried[ref] {
			continue
		}
		tried[ref] = true
		data, f, err := readFace(ref)
		if err != nil || !covers(f, &s.buf, r) {
			continue
		}
		fc := &face{family: fmt.Sprintf("f%d", len(s.faces)), font: f}
		if !register(pdf, fc.family, "", data) {
			continue
		}
		s.faces = append(s.faces, fc)
		clear(s.cover) // letters no font had may have one now
		return fc
	}
	return nil
}

// readFace reads a face the PDF library can embed.
func readFace(ref fontRef) ([]byte, *sfnt.Font, error) {
	st, err := os.Stat(ref.path)
	if err != nil {
		return nil, nil, err
	}
	if st.Size() > maxFontBytes {
		return nil, nil, fmt.Errorf("font %s: %d bytes", ref.path, st.Size())
	}
	raw, err := os.ReadFile(ref.path)
	if err != nil {
		return nil, nil, err
	}
	data, err := trueType(raw, ref.index)
	if err != nil {
		return nil, nil, fmt.Errorf("font %s: %w", ref.path, err)
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("font %s: %w", ref.path, err)
	}
	return data, f, nil
}

// register hands a checked font to the PDF library, which panics on
// fonts it cannot read rather than failing.
func register(pdf *fpdf.Fpdf, family, style string, data []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	pdf.AddUTF8FontFromBytes(family, style, data)
	return pdf.Ok()
}

// covers says whether f has a letter for r. The PDF library draws only
// the letters of Unicode's first plane.
func covers(f *sfnt.Font, buf *sfnt.Buffer, r rune) bool {
	if r > 0xFFFF {
		return false
	}
	g, err := f.GlyphIndex(buf, r)
	return err == nil && g != 0
}

// faceOf is the index of the first font that has r, or -1.
func (s *fontSet) faceOf(r rune) int {
	if i, ok := s.cover[r]; ok {
		return i
	}
	i := -1
	if !drawsNothing(r) {
		for j, f := range s.faces {
			if covers(f.font, &s.buf, r) {
				i = j
				break
			}
		}
	} else {
		i = 0
	}
	s.cover[r] = i
	return i
}

// drawsNothing is true for what needs no letter: spaces and line ends.
func drawsNothing(r rune) bool { return r == '\n' || r == '\t' || r == ' ' }

// uncovered lists the letters of text that no font of s has, in order.
func (s *fontSet) uncovered(text string) []rune {
	seen := map[rune]bool{}
	var out []rune
	for _, r := range text {
		if !seen[r] {
			seen[r] = true
			if s.faceOf(r) < 0 {
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func without(rs []rune, drop func(rune) bool) []rune {
	out := rs[:0]
	for _, r := range rs {
		if !drop(r) {
			out = append(out, r)
		}
	}
	return out
}

// run is text that one font draws; face -1 is letters no font has.
type run struct {
	text string
	face int
}

// runs cuts text where the font that draws it changes.
func (s *fontSet) runs(text string) []run {
	var out []run
	var b strings.Builder
	cur := -2
	for _, r := range text {
		f := s.faceOf(r)
		if f != cur && b.Len() > 0 {
			out = append(out, run{b.String(), cur})
			b.Reset()
		}
		cur = f
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, run{b.String(), cur})
	}
	return out
}

// scripts are the writing systems named when no font has their letters.
var scripts = []struct {
	table *unicode.RangeTable
	code  string
}{
	{unicode.Hiragana, "Jpan"}, {unicode.Katakana, "Jpan"}, {unicode.Han, "Hani"}, {unicode.Hangul, "Hang"},
	{unicode.Cyrillic, "Cyrl"}, {unicode.Greek, "Grek"}, {unicode.Arabic, "Arab"}, {unicode.Hebrew, "Hebr"},
	{unicode.Thai, "Thai"}, {unicode.Devanagari, "Deva"}, {unicode.Bengali, "Beng"}, {unicode.Tamil, "Taml"},
	{unicode.Telugu, "Telu"}, {unicode.Kannada, "Knda"}, {unicode.Malayalam, "Mlym"}, {unicode.Gujarati, "Gujr"},
	{unicode.Gurmukhi, "Guru"}, {unicode.Sinhala, "Sinh"}, {unicode.Khmer, "Khmr"}, {unicode.Lao, "Laoo"},
	{unicode.Myanmar, "Mymr"}, {unicode.Tibetan, "Tibt"}, {unicode.Armenian, "Armn"}, {unicode.Georgian, "Geor"},
	{unicode.Ethiopic, "Ethi"}, {unicode.Latin, "Latn"},
}

// scriptOf is the ISO 15924 code of r's script, "" when it is none of
// scripts (symbols, emoji).
func scriptOf(r rune) string {
	for _, s := range scripts {
		if unicode.Is(s.table, r) {
			return s.code
		}
	}
	return ""
}

// hanLang is whose Chinese characters a text wants: Japanese when it has
// kana, Korean with Hangul, else the language of the window when it
// writes them, else Simplified Chinese.
func hanLang(text, lang string) string {
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			return "ja"
		case unicode.Is(unicode.Hangul, r):
			return "ko"
		}
	}
	switch {
	case strings.HasPrefix(lang, "ja"):
		return "ja"
	case strings.HasPrefix(lang, "ko"):
		return "ko"
	case strings.HasPrefix(lang, "zh-Hant"), strings.HasPrefix(lang, "zh-TW"), strings.HasPrefix(lang, "zh-HK"):
		return "zh-tw"
	}
	return "zh-cn"
}

// hintFor is the language a font for r should be made for: han for the
// scripts of East Asia, none for the rest.
func hintFor(r rune, han string) string {
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
		return han
	}
	return ""
}

// missingNote is the line that says which letters the printout leaves
// out, "" when it leaves none out.
func (s *fontSet) missingNote() string {
	if len(s.missing) == 0 {
		return ""
	}
	namer := display.Scripts(i18n.Current())
	var names []string
	for code := range s.missing {
		if code == "" {
			continue
		}
		sc := language.MustParseScript(code)
		name := namer.Name(sc)
		if name == "" {
			name = display.English.Scripts().Name(sc)
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return i18n.T("print.font_missing.some")
	}
	sort.Strings(names)
	return i18n.T("print.font_missing", i18n.Args{"Scripts": strings.Join(names, ", ")})
}
