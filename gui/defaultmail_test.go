package gui

import (
	"context"
	"strings"
	"testing"

	"github.com/tern-mail/tern/gui/defaultapp"
)

// The window's tests run where Tern cannot become the mail app, so that
// no question comes up, unless a test says otherwise.
func init() { defaultApp.how = func() defaultapp.Way { return defaultapp.NotPossible } }

func TestFirstStartAsksOnceToBeTheMailApp(t *testing.T) {
	old := defaultApp
	t.Cleanup(func() { defaultApp = old })
	made := 0
	defaultApp.how = func() defaultapp.Way { return defaultapp.Direct }
	defaultApp.isDefault = func(context.Context) (bool, error) { return made > 0, nil }
	defaultApp.make = func(context.Context) error { made++; return nil }
	w, _, _ := windowWithMail(t)
	top := w.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(overlayText(w.win), "Use Tern for email links and .eml files?") {
		t.Fatalf("first start asks %q", overlayText(w.win))
	}
	findButton(t, top, "Yes").OnTapped()
	if made != 1 || w.prefs.String(prefDefaultApp) != "yes" {
		t.Fatalf("after Yes: made %d, remembered %q", made, w.prefs.String(prefDefaultApp))
	}
	if w.status.Text != "Tern now opens email links and .eml files." {
		t.Errorf("status %q", w.status.Text)
	}
	// The next start remembers the answer and asks nothing.
	w2 := NewMainWindow(w.app, w.manager, nil, Info{Name: "Tern"})
	if w2.win.Canvas().Overlays().Top() != nil {
		t.Errorf("asked again: %q", overlayText(w2.win))
	}
}

func TestPreferencesOfferTheMailApp(t *testing.T) {
	old := defaultApp
	t.Cleanup(func() { defaultApp = old })
	made := 0
	defaultApp.how = func() defaultapp.Way { return defaultapp.Direct }
	defaultApp.isDefault = func(context.Context) (bool, error) { return made > 0, nil }
	defaultApp.make = func(context.Context) error { made++; return nil }
	w, _, _ := windowWithMail(t)
	box := w.defaultAppBox()
	findButton(t, box, "Make Tern the default mail app").OnTapped()
	if made != 1 {
		t.Fatalf("made %d", made)
	}
	// Where it cannot be done, the row says what the person can do.
	defaultApp.how = func() defaultapp.Way { return defaultapp.NotPossible }
	if lookButton(w.defaultAppBox(), "Make Tern the default mail app") != nil {
		t.Error("a button where the system lets no app ask")
	}
}
