package main

import (
	"fyne.io/fyne/v2"

	"github.com/tern-mail/tern/accounts/instance"
)

// systemOpens brings what the system asks the running Tern to open
// outside its command line: on macOS, the Apple Events that carry a
// mailto: link (kAEGetURL) or message files (kAEOpenDocuments) to an
// app, at its start and while it runs (appleevents_darwin.go). Elsewhere
// nothing sends on it: a link or file reaches Tern as an argument, and a
// running window through the single-instance hand-over.
var systemOpens = make(chan string, 64)

// systemOpen is called (on the main thread, by the system's event
// handler) with one mailto: link or absolute file path. It never blocks
// the caller: past a full channel the link is dropped, and logged.
func systemOpen(arg string) {
	select {
	case systemOpens <- arg:
	default:
		fyne.LogError("open request dropped: too many at once", nil)
	}
}

// withSystemOpens is reqs, the window's requests, with each of opens as
// a request to open it, as if a second start had handed it over.
func withSystemOpens(reqs <-chan instance.Request, opens <-chan string) <-chan instance.Request {
	out := make(chan instance.Request)
	go func() {
		for {
			select {
			case r, ok := <-reqs:
				if !ok {
					reqs = nil // the socket closed; the system's opens go on
					continue
				}
				out <- r
			case a := <-opens:
				out <- instance.Request{V: instance.Version, Op: instance.OpOpen, Args: []string{a}}
			}
		}
	}()
	return out
}
