package gui

import "fyne.io/fyne/v2"

// firstShare is how much of a large screen the first window takes, before
// the user has sized it.
const firstShare = 0.7

// firstSize is the size of the first window on screen: about 70% of it,
// and never less than want, the size Tern opens at without a screen (zero
// when not known) to go by. fitSize then keeps it on a small screen.
func firstSize(want, screen fyne.Size) fyne.Size {
	return want.Max(fyne.NewSize(screen.Width*firstShare, screen.Height*firstShare))
}

// sizeRemembered tells whether the window has a size of its own from last
// time, which wins over firstSize.
func (w *MainWindow) sizeRemembered() bool {
	return w.prefs.FloatWithFallback(prefWidth, 0) > 0
}

// placeFirstWindow sizes a window with no size remembered for screen,
// and centres it there.
func (w *MainWindow) placeFirstWindow(screen fyne.Size) {
	if w.sizeRemembered() || screen.Width <= 0 || screen.Height <= 0 {
		return
	}
	w.win.Resize(fitSize(firstSize(w.win.Canvas().Size(), screen), screen))
	w.win.CenterOnScreen()
}
