// Package defaultapp makes Tern the system's mail app: the program that
// opens mailto: links and .eml files (message/rfc822). Each system lets
// an app do it differently, or not at all:
//
//   - Linux and the BSDs: Tern sets it itself with xdg-mime, which writes
//     the person's mimeapps.list (the freedesktop.org MIME applications
//     associations), once Tern's desktop file is installed.
//   - Windows 10 and 11 let no app set it: Tern opens the Default apps
//     page of Settings, where the person chooses.
//   - macOS sets it with LaunchServices, reached only through cgo, which
//     this package does without: the person chooses in Mail's settings.
//
// No function here uses Fyne; those that run a program block, so call
// them away from the window's goroutine.
package defaultapp

import "errors"

// DesktopID is the name of Tern's desktop file (packaging/linux), which
// the system's associations name.
const DesktopID = "org.ternmail.Tern.desktop"

// MIMETypes are what Tern asks to open: mailto: links and message files.
var MIMETypes = []string{"x-scheme-handler/mailto", "message/rfc822"}

// Way is how Tern can become the mail app on this system.
type Way int

const (
	// NotPossible: Tern cannot ask (macOS without cgo; Linux with no
	// xdg-mime, or Tern not installed for the system to start it).
	NotPossible Way = iota
	// Direct: Make sets it, and IsDefault tells whether it is set.
	Direct
	// SettingsPage: Make opens the system's page where the person
	// chooses; IsDefault cannot tell.
	SettingsPage
)

// Errors Make returns, for errors.Is.
var (
	// ErrNotPossible: this system does not let an app ask.
	ErrNotPossible = errors.New("defaultapp: the system does not let an app become the mail app")
	// ErrNotInstalled: Tern's desktop file is not installed, so the
	// system could not start Tern for a link.
	ErrNotInstalled = errors.New("defaultapp: Tern's desktop file is not installed")
)
