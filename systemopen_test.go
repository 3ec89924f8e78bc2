package main

import (
	"testing"

	"github.com/tern-mail/tern/accounts/instance"
)

// TestSystemOpensBecomeOpenRequests: what the system asks to open (on
// macOS, an Apple Event's link or file) reaches the window as an open
// request, beside the hand-over's requests, in order.
func TestSystemOpensBecomeOpenRequests(t *testing.T) {
	reqs := make(chan instance.Request)
	out := withSystemOpens(reqs, systemOpens)
	reqs <- instance.Request{V: instance.Version, Op: instance.OpSync}
	if r := <-out; r.Op != instance.OpSync {
		t.Fatalf("first request %+v, want the hand-over's sync", r)
	}
	systemOpen("mailto:ana@example.org?subject=Hi") // as the Apple Event handler calls it
	r := <-out
	targets, err := r.Targets()
	if err != nil || r.Op != instance.OpOpen || len(targets) != 1 || targets[0].Mailto == nil ||
		targets[0].Mailto.Opaque != "ana@example.org" {
		t.Fatalf("the link became %+v (%v, %v)", r, targets, err)
	}
	close(reqs) // the hand-over's socket closed: the system's opens still come
	systemOpen("/Users/ana/Downloads/kept.eml")
	r = <-out
	if targets, err := r.Targets(); err != nil || len(targets) != 1 || targets[0].File != "/Users/ana/Downloads/kept.eml" {
		t.Fatalf("the file became %+v (%v, %v)", r, targets, err)
	}
}
