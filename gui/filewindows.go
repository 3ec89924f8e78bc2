package gui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"github.com/tern-mail/tern/gui/sysdialog"
)

// The system's own file windows (gui/sysdialog) come first everywhere
// Tern asks for a file or a folder: they show the places a person knows
// from every other program. Fyne's dialogs are the fallback, when the
// system has none (sysdialog.ErrUnavailable).

// systemFiles are the system's file windows; tests replace them.
var systemFiles = struct {
	open   func(context.Context, sysdialog.Options) ([]string, error)
	save   func(context.Context, sysdialog.Options) (string, error)
	folder func(context.Context, sysdialog.Options) (string, error)
}{sysdialog.OpenFiles, sysdialog.SaveFile, sysdialog.PickFolder}

// nativeHandle is the system's handle of win, for a system dialog to
// stay above it: the X11 window id or the HWND; 0 when there is none.
// UI goroutine.
func nativeHandle(win fyne.Window) uintptr {
	nw, ok := win.(driver.NativeWindow)
	if !ok {
		return 0
	}
	var h uintptr
	nw.RunNative(func(c any) {
		switch c := c.(type) {
		case driver.X11WindowContext:
			h = c.WindowHandle
		case *driver.X11WindowContext:
			h = c.WindowHandle
		case driver.WindowsWindowContext:
			h = c.HWND
		case *driver.WindowsWindowContext:
			h = c.HWND
		}
	})
	return h
}

// askSystem runs ask (a system file window, which blocks) off the UI
// goroutine. Back on it, done gets the answer; fallback (Fyne's dialog)
// runs instead when the system has no file window, or its window failed:
// the person still gets to choose. A cancelled dialog gives done the zero
// answer: done ignores it.
func askSystem[T any](ask func(context.Context) (T, error), done func(T), fallback func()) {
	Background(func() {
		got, err := ask(context.Background())
		fyne.Do(func() {
			if err != nil {
				if !errors.Is(err, sysdialog.ErrUnavailable) {
					fyne.LogError("system file window", err)
				}
				fallback()
				return
			}
			done(got)
		})
	})
}
