package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// toolButtonNamed finds the toolbar button showing name.
func toolButtonNamed(t *testing.T, w *MainWindow, name string) *toolButton {
	t.Helper()
	for _, b := range w.bar.buttons {
		if b.label == name {
			return b
		}
	}
	t.Fatalf("no toolbar button %q", name)
	return nil
}

// menuItemNamed finds a main-menu item by its label.
func menuItemNamed(t *testing.T, w *MainWindow, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s > %s", menu, label)
	return nil
}

// The toolbar names its buttons under the icons by default, including
// Archive and Junk, with icons that mean the action.
func TestToolbarHasLabelsAndMeaningfulIcons(t *testing.T) {
	w, _, _ := windowWithMail(t)
	for _, name := range []string{"New", "Reply", "Reply all", "Forward", "Delete", "Archive", "Junk", "Move", "Flag", "Get mail"} {
		b := toolButtonNamed(t, w, name)
		if !b.labels {
			t.Errorf("%s shows no label by default", name)
		}
		if b.MinSize().Height <= b.MinSize().Width/4 {
			t.Errorf("%s button size %v", name, b.MinSize())
		}
	}
	for name, icon := range map[string]fyne.Resource{"Flag": iconFlag, "Archive": iconArchive, "Junk": iconJunk} {
		if got := toolButtonNamed(t, w, name).icon; got != icon {
			t.Errorf("%s icon %q, want %q", name, got.Name(), icon.Name())
		}
	}
	// The label is drawn: the button with labels is taller than without.
	flag := toolButtonNamed(t, w, "Flag")
	with := flag.MinSize()
	w.bar.setLabels(false)
	if without := flag.MinSize(); without.Height >= with.Height {
		t.Errorf("hiding labels keeps the height: %v → %v", with, without)
	}
}

// View > Toolbar labels turns the labels off, and the choice survives a
// restart on the same profile.
func TestToolbarLabelsSwitchInViewAndAreRemembered(t *testing.T) {
	w, m, e := windowWithMail(t)
	item := menuItemNamed(t, w, "View", "Toolbar labels")
	if !item.Checked {
		t.Fatal("Toolbar labels unchecked by default")
	}
	item.Action()
	if item.Checked || toolButtonNamed(t, w, "Flag").labels {
		t.Fatal("labels still on after View > Toolbar labels")
	}
	w2 := NewMainWindow(fyne.CurrentApp(), m, e, Info{Name: "Tern"})
	if toolButtonNamed(t, w2, "Flag").labels {
		t.Fatal("labels back on after a restart")
	}
	if menuItemNamed(t, w2, "View", "Toolbar labels").Checked {
		t.Fatal("menu item checked after a restart")
	}
	menuItemNamed(t, w2, "View", "Toolbar labels").Action()
	w3 := NewMainWindow(fyne.CurrentApp(), m, e, Info{Name: "Tern"})
	if !toolButtonNamed(t, w3, "Flag").labels {
		t.Fatal("labels off after turning them back on")
	}
}

// Tapping a toolbar button runs its action; the read button offers the
// opposite of the selected message's state, with an envelope to match.
func TestToolbarButtonsActAndReadFollowsTheSelection(t *testing.T) {
	w, _, _ := windowWithMail(t)
	w.list.list.Select(0) // opening marks it read
	w.Reload()
	waitFor(t, func() bool { m, _ := w.selected(); return m.Flags.Seen })
	read := w.bar.read
	if read.label != "Mark unread" || read.icon != iconMailClosed {
		t.Fatalf("read button on a read message: %q %q", read.label, read.icon.Name())
	}
	test.Tap(read)
	w.Reload()
	waitFor(t, func() bool { m, _ := w.selected(); return !m.Flags.Seen })
	if read.label != "Mark read" || read.icon != iconMailOpen {
		t.Fatalf("read button on an unread message: %q %q", read.label, read.icon.Name())
	}
	test.Tap(toolButtonNamed(t, w, "Flag"))
	w.Reload()
	waitFor(t, func() bool { m, _ := w.selected(); return m.Flags.Flagged })
	// The keyboard reaches the buttons too: Space presses a focused one.
	w.win.Canvas().Focus(toolButtonNamed(t, w, "Flag"))
	test.Type(w.win.Canvas().Focused(), " ")
	w.Reload()
	waitFor(t, func() bool { m, _ := w.selected(); return !m.Flags.Flagged })
}

// Every toolbar action is in the Message menu with its shortcut shown.
func TestEveryToolbarActionIsInTheMenuWithItsShortcut(t *testing.T) {
	w, _, _ := windowWithMail(t)
	for _, a := range w.actions() {
		it := menuItemNamed(t, w, "Message", a.label)
		if keyText(it.Shortcut) == "" {
			t.Errorf("Message > %s shows no shortcut", a.label)
		}
	}
	if keyText(menuItemNamed(t, w, "Message", "Archive").Shortcut) != "A" {
		t.Error("Archive's shortcut is not shown as A")
	}
}
