package gui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The first window takes about 70% of a large screen, never less than
// 1100×700 and never more than 90% of a small one; a size remembered from
// last time wins.
func TestFirstWindowTakesSeventyPercentOfALargeScreen(t *testing.T) {
	for _, c := range []struct{ screen, got fyne.Size }{
		{fyne.NewSize(1920, 1080), fyne.NewSize(1344, 756)},
		{fyne.NewSize(2560, 1440), fyne.NewSize(1792, 1008)},
		{fyne.NewSize(1280, 800), fyne.NewSize(1100, 700)},
		{fyne.NewSize(1024, 600), fyne.NewSize(921.6, 540)},
	} {
		w, _, _ := windowWithMail(t)
		w.win.Resize(fyne.NewSize(1100, 700)) // what restoreSize gives with nothing remembered
		w.prefs.SetFloat(prefWidth, 0)
		w.placeFirstWindow(c.screen)
		if got := w.win.Canvas().Size(); !near(got, c.got) {
			t.Errorf("on %v the first window is %v, want %v", c.screen, got, c.got)
		}
	}
	w, _, _ := windowWithMail(t)
	w.prefs.SetFloat(prefWidth, 1000)
	w.win.Resize(fyne.NewSize(1000, 650))
	w.placeFirstWindow(fyne.NewSize(1920, 1080))
	if got := w.win.Canvas().Size(); !near(got, fyne.NewSize(1000, 650)) {
		t.Errorf("a remembered 1000×650 opened at %v", got)
	}
}

func near(a, b fyne.Size) bool {
	d := func(x, y float32) bool { return x-y < 1 && y-x < 1 }
	return d(a.Width, b.Width) && d(a.Height, b.Height)
}
