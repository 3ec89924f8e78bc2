package main

import (
	"strings"
	"testing"
	"time"
)

// TestConversationsUnderXvfb uses the real window on the demo mailbox,
// whose "Weekend trip to the coast" is a conversation of three messages
// in the Inbox and the demo's own reply in Sent: it selects the
// conversation's row with the keyboard (the reader shows the
// conversation and reads its unread message), opens it with Right, and
// deletes it from its row, which moves its Inbox messages to the Trash
// and leaves the reply in Sent. The command line checks each step on
// the same profile. Screenshots go to $TERN_SCREENSHOT_DIR when set.
func TestConversationsUnderXvfb(t *testing.T) {
	s := startDemoSession(t)
	app, x, windows, cli := s.app, s.x, s.windows, s.cli
	const subject = "Weekend trip to the coast"

	waitUntil(t, 60*time.Second, "the demo window", func() bool {
		app.alive(t)
		return strings.Contains(windows(), "Tern — 8 unread")
	})
	// The command line groups them: one conversation id for the four.
	convs := map[string]bool{}
	for _, folder := range []string{"INBOX", "Sent"} {
		for _, line := range strings.Split(cli("list", "--folder", folder, "--threads"), "\n") {
			if cols := strings.Split(line, "\t"); len(cols) > 4 && strings.HasSuffix(cols[3], subject) {
				convs[cols[len(cols)-1]] = true
			}
		}
	}
	if len(convs) != 1 {
		t.Fatalf("the demo's trip is in conversations %v, want one", convs)
	}

	x("search", "--sync", "--onlyvisible", "--name", "^Tern", "windowfocus", "--sync")
	polls := 0
	waitUntil(t, 60*time.Second, "the newest message opened", func() bool {
		app.alive(t)
		if polls%10 == 0 {
			x("key", "Up")
		}
		polls++
		return strings.Contains(windows(), "Tern — 7 unread")
	})
	s.shot("conversations-list")

	// The third row is the trip's conversation (the second, Jonas's
	// question, is read on the way): selecting it shows the conversation
	// and reads Ana's unread reply in it.
	x("key", "Down")
	waitUntil(t, 30*time.Second, "the second row opened", func() bool {
		app.alive(t)
		return strings.Contains(windows(), "Tern — 6 unread")
	})
	x("key", "Down")
	waitUntil(t, 30*time.Second, "the conversation opened and read", func() bool {
		app.alive(t)
		return strings.Contains(windows(), "Tern — 5 unread")
	})
	s.shot("conversation-reader")
	x("key", "Right")
	s.shot("conversation-expanded") // for a person to look at; nothing waits for it

	// Delete on the conversation's row: its three Inbox messages go to
	// the Trash at once; the demo's reply stays in Sent.
	x("key", "Left")
	x("key", "Delete")
	count := func(folder string) int {
		return strings.Count(cli("list", "--folder", folder), subject)
	}
	waitUntil(t, 30*time.Second, "the conversation in the Trash", func() bool {
		app.alive(t)
		return count("Trash") == 3
	})
	if n := count("INBOX"); n != 0 {
		t.Errorf("%d of the conversation's messages are still in the Inbox", n)
	}
	if n := count("Sent"); n != 1 {
		t.Errorf("Sent has %d of the conversation's messages, want the reply", n)
	}
}
