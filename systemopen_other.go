//go:build !darwin || !cgo

package main

// installSystemOpens does nothing here: links and files reach Tern as
// arguments (the desktop file's Exec=tern %u, the Windows registration's
// "%1"), and a running window through the single-instance hand-over.
func installSystemOpens() {}
