// Package sysdialog opens the system's own file windows: to choose files
// to attach, where to save, and a folder. They show the places a person
// knows from every other program (their folders, recent files, drives),
// and on Linux the portal's also works inside a sandbox (Flatpak).
//
// On Linux and the BSDs it asks the xdg-desktop-portal FileChooser over
// the session D-Bus; when no portal answers, zenity or kdialog (KDE's
// first on a KDE desktop). On Windows it is the classic common dialog
// (comdlg32's GetOpenFileNameW and GetSaveFileNameW, and shell32's
// SHBrowseForFolderW for a folder). On macOS it is AppleScript's choose
// file, choose file name and choose folder, run by osascript (the
// system's NSOpenPanel and NSSavePanel underneath).
//
// PreparePrint opens the system's print dialog, on Linux and the BSDs
// the xdg-desktop-portal Print's, and PreparedPrint.Print hands a PDF
// file to the printer the person chose there.
//
// Where the system has none of these, the functions return
// ErrUnavailable, and the window uses Fyne's own dialogs. No function
// here uses Fyne; each blocks until the person has chosen, so call them
// away from the window's goroutine.
package sysdialog

import "errors"

// ErrUnavailable says the system has no file dialog Tern can open: the
// caller shows its own.
var ErrUnavailable = errors.New("sysdialog: the system has no file dialog")

// Filter offers the files whose names match one of Patterns ("*.pdf"),
// under the name Name ("PDF documents").
type Filter struct {
	Name     string
	Patterns []string
}

// Options shape a dialog. The zero value is a dialog with the system's
// title, in the system's folder, showing every file.
type Options struct {
	// Title is the dialog's title.
	Title string
	// Folder is the folder it opens in; "" leaves it to the system.
	Folder string
	// Name is the file name SaveFile fills in.
	Name string
	// Filters limit the files shown; the first is chosen at first.
	Filters []Filter
	// Parent is the native handle of the window the dialog belongs to,
	// which it stays above: the X11 window id on Linux, the HWND on
	// Windows. 0 for none.
	Parent uintptr
}
