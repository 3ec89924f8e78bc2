package autoconfig

import (
	"bytes"
	"fmt"
	"io/fs"
	"testing"

	"github.com/tern-mail/tern/assets"
	"github.com/tern-mail/tern/assets/i18n"
)

// Every instruction in Tern's own provider files has a catalog message,
// whose English is the file's text: a person reads it in their language,
// and English reads as before.
func TestBuiltinInstructionsAreInTheCatalog(t *testing.T) {
	i18n.Use("en")
	files, _ := fs.Glob(assets.Providers, "providers/*.xml")
	seen := map[string]bool{}
	for _, f := range files {
		raw, _ := fs.ReadFile(assets.Providers, f)
		c, _, err := parseXML(bytes.NewReader(raw), "someone@example.org")
		if err != nil || c.Instruction == "" {
			continue
		}
		seen[c.providerID] = true
		id, ok := builtinInstructions[c.providerID]
		if !ok {
			t.Errorf("%s: provider %q has an instruction but no catalog message", f, c.providerID)
			continue
		}
		if got := i18n.T(id); got != c.Instruction {
			t.Errorf("%s: %s is %q in English, the file says %q", f, id, got, c.Instruction)
		}
	}
	for id := range builtinInstructions {
		if !seen[id] {
			t.Errorf("no provider file %q with an instruction", id)
		}
	}
}

// A built-in provider that wants an app password says so in a field, not
// only in words.
func TestBuiltinAppPassword(t *testing.T) {
	c, ok := Builtin("someone@gmail.com")
	if !ok || !c.AppPassword || c.Instruction == "" {
		t.Errorf("gmail: %+v", c)
	}
	if c, ok := Builtin("someone@web.de"); !ok || c.AppPassword || c.Instruction == "" {
		t.Errorf("web.de: %+v", c)
	}
}

func TestWordingsAreTheGoTextInEnglish(t *testing.T) {
	i18n.Use("en")
	for _, w := range Wordings {
		goText, words, ok := w.Find(fmt.Errorf("autoconfig: %w", w.Example))
		if !ok || goText != words {
			t.Errorf("%v: found %v, Go text %q, English words %q", w.Example, ok, goText, words)
		}
	}
}
