//go:build darwin && cgo

package main

// #cgo LDFLAGS: -framework Cocoa
// void ternInstallAppleEvents(void);
import "C"

// The handlers are in appleevents_darwin.m: they take kAEGetURL (a
// mailto: link) and kAEOpenDocuments (message files chosen in the Finder
// or Open With), which macOS sends to the app rather than arguments, at
// its start and while it runs, and pass each link or path to
// ternSystemOpen.

// installSystemOpens installs the Apple Event handlers; call it on the
// main thread before the window starts, so that the events of the
// launch itself are not missed.
func installSystemOpens() { C.ternInstallAppleEvents() }

//export ternSystemOpen
func ternSystemOpen(arg *C.char) { systemOpen(C.GoString(arg)) }
