package gui

import (
	"testing"

	fynelang "fyne.io/fyne/v2/lang"

	"github.com/tern-mail/tern/assets/i18n"
)

// Fyne's own words (its file window's, the text fields' menu) follow the
// language Tern speaks, not the system's: German, and Japanese, for
// which Fyne has no catalog of its own. Every word Tern gives it is
// said in Tern's words.
func TestFyneSpeaksTernsLanguage(t *testing.T) {
	defer speak("en-US")
	for _, tc := range []struct{ lang, cancel, hidden string }{
		{"de", "Abbrechen", "Versteckte Dateien zeigen"},
		{"ja", "キャンセル", "隠しファイルを表示"},
		{"en-US", "Cancel", "Show Hidden Files"},
	} {
		speak(tc.lang)
		if got := fynelang.L("Cancel"); got != tc.cancel {
			t.Errorf("%s: Fyne says Cancel as %q, want %q", tc.lang, got, tc.cancel)
		}
		if got := fynelang.L("Show Hidden Files"); got != tc.hidden {
			t.Errorf("%s: Fyne says Show Hidden Files as %q, want %q", tc.lang, got, tc.hidden)
		}
		for key, id := range fyneWords {
			if got := fynelang.X(key, key); got != i18n.T(id) {
				t.Errorf("%s: Fyne says %q as %q, Tern as %q", tc.lang, key, got, i18n.T(id))
			}
		}
	}
}
