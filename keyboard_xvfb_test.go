package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKeyboardOnlySessionUnderXvfb uses the real window on the demo
// mailbox with the keyboard alone — open a message, reply, send, archive,
// search, zoom — and then checks what happened from the command line on
// the same profile. Each step waits for what it did to show: the window's
// title, the message window, the store, the profile's preferences.
func TestKeyboardOnlySessionUnderXvfb(t *testing.T) {
	s := startDemoSession(t)
	app, x, windows, cli := s.app, s.x, s.windows, s.cli

	waitUntil(t, 60*time.Second, "the demo window", func() bool {
		app.alive(t)
		return strings.Contains(windows(), "Tern — 8 unread")
	})
	x("search", "--sync", "--onlyvisible", "--name", "^Tern", "windowfocus", "--sync")

	// Open the newest message: Up selects the first row and shows it
	// (repeated until the list has loaded); opening marks it read.
	polls := 0
	waitUntil(t, 60*time.Second, "the newest message opened", func() bool {
		app.alive(t)
		if polls%10 == 0 {
			x("key", "Up")
		}
		polls++
		return strings.Contains(windows(), "Tern — 7 unread")
	})
	newest := strings.Split(strings.TrimSpace(cli("list", "--folder", "INBOX", "--limit", "1")), "\n")[0]
	cols := strings.Split(newest, "\t")
	if len(cols) < 4 {
		t.Fatalf("the command line lists %q", newest)
	}
	subject := cols[3]

	// Reply (Ctrl+R): the message window is titled with the subject.
	x("key", "ctrl+r")
	waitUntil(t, 30*time.Second, "the reply window", func() bool {
		app.alive(t)
		return strings.Contains(windows(), "Re: ")
	})
	x("search", "--sync", "--onlyvisible", "--name", "^Re: ", "windowfocus", "--sync")
	x("type", "--delay", "20", "Sounds good. ")
	x("key", "ctrl+Return") // Send from the text
	waitUntil(t, 30*time.Second, "the reply window closed after Send", func() bool {
		app.alive(t)
		return !strings.Contains(windows(), "Re: ")
	})

	// Archive the message with A.
	x("search", "--sync", "--onlyvisible", "--name", "^Tern", "windowfocus", "--sync")
	x("key", "a")
	waitUntil(t, 30*time.Second, "the message in Archive", func() bool {
		app.alive(t)
		return strings.Contains(cli("list", "--folder", "Archive"), "\t"+subject+"\t")
	})

	// Zoom in (Ctrl+=, Ctrl+plus without Shift), remembered in the profile.
	x("key", "ctrl+equal")
	waitUntil(t, 30*time.Second, "the zoom in the profile", func() bool {
		app.alive(t)
		b, _ := os.ReadFile(filepath.Join(s.profile, "window.json"))
		return strings.Contains(string(b), `"view.zoom": 1.1`)
	})
	// Search (Ctrl+F): the list shows the results and the status line
	// counts them; the window stays up through it.
	x("key", "ctrl+f")
	x("type", "--delay", "20", "Projekt")
	x("key", "Return")
	x("key", "Escape")
	app.alive(t)

	// The command line sees the outcome on the same profile.
	if sent := cli("list", "--folder", "Sent"); !strings.Contains(sent, "Re: "+subject) {
		t.Errorf("the reply to %q is not in Sent:\n%s", subject, sent)
	}
	if inbox := cli("list", "--folder", "INBOX"); strings.Contains(inbox, "\t"+subject+"\t") {
		t.Errorf("the archived message is still in the Inbox:\n%s", inbox)
	}
	if !strings.Contains(cli("list", "--folder", "Archive"), "\t"+subject+"\t") {
		t.Errorf("%q is not in Archive", subject)
	}
}
