package demo

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/tern-mail/tern/assets"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage/message"
)

// In English, Tern's own demo messages read exactly as their .eml
// originals: the catalog holds the same words.
func TestOwnMessagesAreTheOriginalsInEnglish(t *testing.T) {
	i18n.Use("en")
	for name, own := range ownMessages {
		raw, err := fs.ReadFile(assets.Demo, "demo/"+name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		orig := message.Parse(raw)
		subject, text := own()
		got := message.Parse(rewrite(raw, subject, text))
		if got.Subject != orig.Subject || lf(got.Text) != lf(orig.Text) {
			t.Errorf("%s: %q\n%s\nwant %q\n%s", name, got.Subject, got.Text, orig.Subject, orig.Text)
		}
		if got.MessageID != orig.MessageID || !got.Date.Equal(orig.Date) || got.From[0] != orig.From[0] || got.To[0] != orig.To[0] {
			t.Errorf("%s: header changed: %+v", name, got)
		}
	}
}

// A message in another language keeps its words: the subject as encoded
// words, the text in UTF-8.
func TestRewriteInAnotherLanguage(t *testing.T) {
	raw, _ := fs.ReadFile(assets.Demo, "demo/inbox-01-flagged.eml")
	subject, text := "Willkommen bei Tern – schön, dass Sie da sind", "Hallo!\n\nGrüße,\ndas Tern-Team\n"
	out := rewrite(raw, subject, text)
	p := message.Parse(out)
	if p.Subject != subject || lf(p.Text) != text || len(p.Warnings) > 0 {
		t.Errorf("%q %q %v", p.Subject, p.Text, p.Warnings)
	}
	if strings.Contains(string(out), "Welcome") || strings.Count(string(out), "\n") != strings.Count(string(out), "\r\n") {
		t.Errorf("the English subject stayed, or a line ends in a bare LF:\n%s", out)
	}
}

func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
