package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/tern-mail/tern/assets/i18n"
)

// Preference keys for sizes and the theme.
const (
	prefZoom       = "view.zoom"       // the interface's scale, 1 = actual size
	prefReaderText = "view.readerText" // the message text's size, on top of the zoom
	prefTheme      = "view.theme"      // themeSystem, themeLight or themeDark
)

// zoomSteps are the scales Zoom in and Zoom out go through.
var zoomSteps = []float64{0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2}

// nextZoom is the step after (dir 1) or before (dir -1) z.
func nextZoom(z float64, dir int) float64 {
	if dir > 0 {
		for _, s := range zoomSteps {
			if s > z+0.001 {
				return s
			}
		}
		return zoomSteps[len(zoomSteps)-1]
	}
	for i := len(zoomSteps) - 1; i >= 0; i-- {
		if zoomSteps[i] < z-0.001 {
			return zoomSteps[i]
		}
	}
	return zoomSteps[0]
}

// zoom is the interface's remembered scale.
func (w *MainWindow) zoom() float64 { return w.prefs.FloatWithFallback(prefZoom, 1) }

// readerText is the message text's remembered size, 1 = the interface's.
func (w *MainWindow) readerText() float64 { return w.prefs.FloatWithFallback(prefReaderText, 1) }

// setZoom scales the whole interface and remembers it in the profile.
func (w *MainWindow) setZoom(z float64) {
	w.prefs.SetFloat(prefZoom, z)
	w.applyTheme()
	w.fitPanes()
}

// setReaderText sizes the message text and remembers it.
func (w *MainWindow) setReaderText(f float64) {
	w.prefs.SetFloat(prefReaderText, f)
	w.applyTheme()
}

// setThemeChoice picks system, light or dark and remembers it.
func (w *MainWindow) setThemeChoice(v string) {
	w.prefs.SetString(prefTheme, v)
	w.applyTheme()
}

// applyTheme sets the app's theme from the remembered choices; the reader
// gets its own text size through a theme override.
func (w *MainWindow) applyTheme() {
	v := w.prefs.String(prefTheme)
	if v == "" {
		v = themeSystem
	}
	z := float32(w.zoom())
	w.app.Settings().SetTheme(&ternTheme{base: w.baseTheme, scale: z, variant: v})
	if w.readerPane != nil {
		w.readerPane.Theme = &ternTheme{base: w.baseTheme, scale: z, text: float32(w.readerText()), variant: v}
		w.readerPane.Refresh()
	}
}

// startTheme applies the remembered zoom, text size and theme at start;
// with none remembered the app keeps its theme untouched.
func (w *MainWindow) startTheme() {
	w.baseTheme = w.app.Settings().Theme()
	if t, ok := w.baseTheme.(*ternTheme); ok {
		w.baseTheme = t.base
	}
	w.readerPane.Theme = w.baseTheme
	if w.zoom() != 1 || w.readerText() != 1 || (w.prefs.String(prefTheme) != "" && w.prefs.String(prefTheme) != themeSystem) {
		w.applyTheme()
	}
}

// wrapReader gives the reading pane its own text size.
func (w *MainWindow) wrapReader(o fyne.CanvasObject) fyne.CanvasObject {
	w.readerPane = container.NewThemeOverride(o, w.app.Settings().Theme())
	return w.readerPane
}

// zoomItems are View's Zoom in, Zoom out and Actual size, with their
// shortcuts (Ctrl+plus, also Ctrl+= unshifted; Ctrl+minus; Ctrl+0).
func (w *MainWindow) zoomItems() []*fyne.MenuItem {
	ctrl := fyne.KeyModifierShortcutDefault
	in := fyne.NewMenuItem(i18n.T("menu.view.zoom_in"), func() { w.setZoom(nextZoom(w.zoom(), 1)) })
	in.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyPlus, Modifier: ctrl}
	out := fyne.NewMenuItem(i18n.T("menu.view.zoom_out"), func() { w.setZoom(nextZoom(w.zoom(), -1)) })
	out.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: ctrl}
	actual := fyne.NewMenuItem(i18n.T("menu.view.actual_size"), func() { w.setZoom(1) })
	actual.Shortcut = &desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: ctrl}
	c := w.win.Canvas()
	for _, it := range []*fyne.MenuItem{in, out, actual} {
		it := it
		c.AddShortcut(it.Shortcut, func(fyne.Shortcut) { it.Action() })
	}
	// Ctrl+= is Ctrl+plus without Shift on most keyboards.
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: ctrl}, func(fyne.Shortcut) { in.Action() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: ctrl | fyne.KeyModifierShift}, func(fyne.Shortcut) { in.Action() })
	return []*fyne.MenuItem{in, out, actual}
}
