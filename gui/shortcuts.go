package gui

import (
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/tern-mail/tern/assets/i18n"
)

// shortcut is one line of Help > Keyboard shortcuts.
type shortcut struct {
	keys, what string
}

// extraShortcuts are the keys that are not menu items' shortcuts, with
// the id of what they do.
var extraShortcuts = []shortcut{
	{"Ctrl+Enter", "shortcut.send"},
	{"Escape", "shortcut.escape"},
	{"Up, Down", "shortcut.up_down"},
	{"F6, Shift+F6", "shortcut.f6"},
	{"Ctrl+1 … Ctrl+9", "shortcut.ctrl_digit"},
	{"F10, Alt", "shortcut.menu_bar"},
	{"Backspace", "shortcut.backspace"},
	{"Shift+Delete", "shortcut.shift_delete"},
	{"Ctrl+Z", "shortcut.undo"},
	{"Ctrl+A", "shortcut.select_all"},
	{"Ctrl-click, Shift-click", "shortcut.click"},
	{"Ctrl+=", "shortcut.zoom_in"},
}

// keyText writes a shortcut as people read it: Ctrl+Shift+R (Cmd on macOS).
func keyText(s fyne.Shortcut) string {
	c, ok := s.(*desktop.CustomShortcut)
	if !ok {
		return ""
	}
	var parts []string
	if c.Modifier&fyne.KeyModifierControl != 0 {
		parts = append(parts, "Ctrl")
	}
	if c.Modifier&fyne.KeyModifierSuper != 0 {
		parts = append(parts, "Cmd")
	}
	if c.Modifier&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if c.Modifier&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	key := map[fyne.KeyName]string{fyne.KeyPlus: "plus", fyne.KeyMinus: "minus", fyne.KeyReturn: "Enter"}[c.KeyName]
	if key == "" {
		key = string(c.KeyName)
	}
	return strings.Join(append(parts, key), "+")
}

// shortcuts lists every keyboard shortcut: the menus' and the others.
func (w *MainWindow) shortcuts() []shortcut {
	var out []shortcut
	if mm := w.win.MainMenu(); mm != nil {
		for _, m := range mm.Items {
			for _, it := range m.Items {
				if k := keyText(it.Shortcut); k != "" {
					out = append(out, shortcut{k, strings.TrimSuffix(it.Label, "…")})
				}
			}
		}
	}
	for _, s := range extraShortcuts {
		out = append(out, shortcut{s.keys, i18n.T(s.what)})
	}
	return out
}

// macKeys writes Ctrl as Cmd on macOS, where the shortcuts use it.
func macKeys(s string) string {
	if runtime.GOOS == "darwin" {
		return strings.ReplaceAll(s, "Ctrl+", "Cmd+")
	}
	return s
}

// showShortcuts is Help > Keyboard shortcuts.
func (w *MainWindow) showShortcuts() {
	list := w.shortcuts()
	grid := container.NewGridWithColumns(2)
	for _, s := range list {
		grid.Add(widget.NewLabelWithStyle(macKeys(s.keys), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid.Add(widget.NewLabel(s.what))
	}
	win := w.app.NewWindow(i18n.T("shortcut.title"))
	closeBtn := widget.NewButton(i18n.T("dialog.close"), win.Close)
	win.SetContent(container.NewBorder(nil, container.NewHBox(closeBtn), nil, nil, container.NewVScroll(grid)))
	win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			win.Close()
		}
	})
	win.Resize(fyne.NewSize(560, 520))
	win.Show()
}
