package storage

import (
	"database/sql/driver"
	"strings"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// What the full-text index is given of a message is its text with two
// changes that SQLite's unicode61 tokenizer cannot make itself:
//
//   - Chinese, Japanese and Korean are written without spaces between
//     words, and unicode61 makes one token of a whole run of such
//     characters, so a word inside a sentence could not be found. Each run
//     is given instead as its overlapping pairs of characters followed by
//     its last character alone: 会議資料 becomes "会議 議資 資料 料". A
//     query word of two or more such characters becomes the phrase of its
//     pairs, which matches wherever the word stands in a run; one of a
//     single character is a prefix that matches a pair it begins or the
//     run's last character.
//   - ß and ẞ become "ss", as a German reader types them without the key:
//     remove_diacritics folds ä to a but leaves ß alone.
//
// Queries are changed the same way (ftsQuery). The index is written by SQL
// (fts.go), which reaches this code through the function
// tern_index_text(text): the text in its index form, or NULL when that is
// the text itself, which is most text and costs no copy.

// indexTextSQL is the name of the SQL function the store registers.
const indexTextSQL = "tern_index_text"

// indexed returns the SQL for the index form of the text expression expr.
func indexed(expr string) string {
	return "coalesce(" + indexTextSQL + "(" + expr + "), " + expr + ")"
}

// init registers tern_index_text with the SQLite driver, for every
// connection the store opens. Registering fails only for a malformed or
// repeated name: a mistake in this file.
func init() {
	sqlite.MustRegisterFunction(indexTextSQL, &sqlite.FunctionImpl{
		NArgs:         1,
		Deterministic: true,
		// The argument is read, never kept: indexForm copies what it
		// returns.
		VolatileArgs: true,
		Scalar: func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, ok := args[0].(string)
			if !ok || !needsIndexForm(s) {
				return nil, nil
			}
			return indexForm(s), nil
		},
	})
}

// isCJK reports whether r is a letter or digit of the Han, Hiragana,
// Katakana or Hangul scripts, or one of the marks Katakana words are
// written with: the characters written without spaces between words.
func isCJK(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo: none of these scripts
		return false
	}
	switch r {
	case 'ー', 'ｰ', 'ﾞ', 'ﾟ': // the long vowel mark, and half-width ones, are of no one script
		return true
	}
	if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isSharpS reports whether r is ß or its capital ẞ.
func isSharpS(r rune) bool { return r == 'ß' || r == 'ẞ' }

// needsIndexForm reports whether indexForm would change s.
func needsIndexForm(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isCJK(r) || isSharpS(r) {
			return true
		}
		i += size
	}
	return false
}

// indexForm returns s as the index is given it: each run of CJK
// characters as its overlapping pairs and its last character, apart from
// what surrounds it, and ß as "ss". Bytes that are not UTF-8 are kept.
func indexForm(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	run := make([]rune, 0, 64)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isCJK(r):
			run = append(run, r)
		case isSharpS(r):
			run = writeRun(&b, run)
			b.WriteString("ss")
		default:
			run = writeRun(&b, run)
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	writeRun(&b, run)
	return b.String()
}

// writeRun writes a run of CJK characters to b in index form, set apart by
// spaces, and returns run emptied for the next.
func writeRun(b *strings.Builder, run []rune) []rune {
	if len(run) == 0 {
		return run
	}
	b.WriteByte(' ')
	for i := 0; i+1 < len(run); i++ {
		b.WriteRune(run[i])
		b.WriteRune(run[i+1])
		b.WriteByte(' ')
	}
	b.WriteRune(run[len(run)-1])
	b.WriteByte(' ')
	return run[:0]
}

// cjkTerm returns the FTS5 query term for a run of CJK characters a user
// typed: the quoted phrase of its pairs, or for a single character, a
// prefix that matches the pairs it begins and the run it ends. The
// characters are letters and digits, so no quoting is needed within.
func cjkTerm(run []rune) string {
	if len(run) == 1 {
		return `"` + string(run) + `"*`
	}
	pairs := make([]string, 0, len(run)-1)
	for i := 0; i+1 < len(run); i++ {
		pairs = append(pairs, string(run[i:i+2]))
	}
	return `"` + strings.Join(pairs, " ") + `"`
}
