package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tern-mail/tern/accounts/engine"
)

func TestZoomSteps(t *testing.T) {
	for _, c := range []struct {
		z    float64
		dir  int
		want float64
	}{{1, 1, 1.1}, {1.1, 1, 1.25}, {1.5, -1, 1.25}, {1, -1, 0.9}, {2, 1, 2}, {0.8, -1, 0.8}, {1.3, 1, 1.5}, {1.3, -1, 1.25}} {
		if got := nextZoom(c.z, c.dir); got != c.want {
			t.Errorf("nextZoom(%v, %d) = %v, want %v", c.z, c.dir, got, c.want)
		}
	}
}

// Ctrl+plus, Ctrl+minus and Ctrl+0 scale the interface, and the choice
// is in the profile for next time; the reader's text size is its own.
func TestZoomScalesTheInterfaceAndIsRemembered(t *testing.T) {
	w, m, _ := windowWithMail(t)
	base := w.baseTheme.Size(theme.SizeNameText)
	textSize := func() float32 { return w.app.Settings().Theme().Size(theme.SizeNameText) }
	press := func(k fyne.KeyName, mods fyne.KeyModifier) {
		w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: mods})
	}
	ctrl := fyne.KeyModifierShortcutDefault
	press(fyne.KeyPlus, ctrl)
	press(fyne.KeyEqual, ctrl) // the same key, without Shift
	if got, want := textSize(), base*1.25; got != want {
		t.Fatalf("after zooming in twice: text %v, want %v", got, want)
	}
	press(fyne.KeyMinus, ctrl)
	if got, want := textSize(), base*1.1; got != want {
		t.Fatalf("after zooming out: text %v, want %v", got, want)
	}
	if p := reloadPrefs(m.ProfileDir()); p.Float(prefZoom) != 1.1 {
		t.Fatalf("profile has zoom %v", p.Float(prefZoom))
	}
	// The message text grows on its own.
	w.setReaderText(1.5)
	if got, want := w.readerPane.Theme.Size(theme.SizeNameText), base*1.1*1.5; got != want {
		t.Fatalf("reader text %v, want %v", got, want)
	}
	if got, want := w.readerPane.Theme.Size(theme.SizeNamePadding), w.baseTheme.Size(theme.SizeNamePadding)*1.1; got != want {
		t.Fatalf("reader padding %v, want %v", got, want)
	}
	if got, want := textSize(), base*1.1; got != want {
		t.Fatalf("interface text followed the reader: %v, want %v", got, want)
	}
	// A new window over the same profile starts zoomed.
	a := test.NewTempApp(t)
	w2 := NewMainWindow(a, m, engine.New(m, engine.Options{}), Info{Name: "Tern"})
	if got, want := a.Settings().Theme().Size(theme.SizeNameText), w2.baseTheme.Size(theme.SizeNameText)*1.1; got != want {
		t.Fatalf("reopened: text %v, want %v", got, want)
	}
	if got, want := w2.readerPane.Theme.Size(theme.SizeNameText), w2.baseTheme.Size(theme.SizeNameText)*1.1*1.5; got != want {
		t.Fatalf("reopened: reader text %v, want %v", got, want)
	}
	press(fyne.Key0, ctrl)
	if got := textSize(); got != base {
		t.Fatalf("actual size: text %v, want %v", got, base)
	}
}

// A window never opens larger than 90% of the screen.
func TestFitSize(t *testing.T) {
	for _, c := range []struct{ want, screen, got fyne.Size }{
		{fyne.NewSize(1100, 700), fyne.NewSize(1024, 600), fyne.NewSize(921.6, 540)},
		{fyne.NewSize(1100, 700), fyne.NewSize(1920, 1080), fyne.NewSize(1100, 700)},
		{fyne.NewSize(1650, 1050), fyne.NewSize(1280, 800), fyne.NewSize(1152, 720)}, // remembered at 1.5x elsewhere
		{fyne.NewSize(1100, 700), fyne.Size{}, fyne.NewSize(1100, 700)},              // screen not known
	} {
		if got := fitSize(c.want, c.screen); got != c.got {
			t.Errorf("fitSize(%v, %v) = %v, want %v", c.want, c.screen, got, c.got)
		}
	}
}

// View > Folder pane and F9 collapse the folder pane and bring it back;
// the panes keep their minimum widths.
func TestFolderPaneCollapses(t *testing.T) {
	w, m, _ := windowWithMail(t)
	if w.middle.Objects[0] != w.folderSplit {
		t.Fatal("folder pane not shown at first")
	}
	var item *fyne.MenuItem
	for _, it := range w.viewMenu().Items {
		if it.Label == "Folder pane" {
			item = it
		}
	}
	if item == nil || !item.Checked {
		t.Fatalf("no checked Folder pane item: %+v", item)
	}
	item.Action()
	if w.middle.Objects[0] != w.listSplit || item.Checked {
		t.Fatal("the folder pane did not collapse")
	}
	if !reloadPrefs(m.ProfileDir()).Bool(prefFolders) {
		t.Fatal("not remembered")
	}
	w.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF9})
	if w.middle.Objects[0] != w.folderSplit {
		t.Fatal("F9 did not bring the folder pane back")
	}
	for _, c := range []struct {
		o   fyne.CanvasObject
		min float32
	}{{w.folderSplit.Leading, minFolderPane.Width}, {w.listSplit.Leading, minListPane.Width}, {w.listSplit.Trailing, minReaderPane.Width}} {
		if got := c.o.MinSize().Width; got < c.min {
			t.Errorf("pane min width %v, want at least %v", got, c.min)
		}
	}
	// At 1024x600 nothing is wider than the window.
	w.win.Resize(fyne.NewSize(1024*0.9, 600*0.9))
	if s := w.win.Content().MinSize(); s.Width > 1024*0.9 || s.Height > 600*0.9 {
		t.Fatalf("content needs %v", s)
	}
}
