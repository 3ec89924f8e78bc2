package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// Where the demo window's rows are, relative to its top-left corner, at
// its first size (1100×700 on a 1280×800 screen): the compact list's rows
// start under the search box, the folder rows under the account's name.
const (
	demoWidth, demoHeight           = 1100, 700
	listX, listRow0, listStep       = 400, 131, 31 // the middle of list row 0, and the row height
	folderX, folderRow0, folderStep = 114, 135, 39 // Inbox, Drafts, Sent, Archive, Junk, Trash
	archiveRow                      = 3
)

// TestHandlingScenarioUnderXvfb drives the real window on the demo mailbox
// with the mouse and keys people use every day — click a message, Delete,
// Ctrl+Z, drag a message onto Archive — and checks each outcome from the
// command line on the same profile. Every step waits for what it did to
// show: the window's title or the store as the command line reads it.
func TestHandlingScenarioUnderXvfb(t *testing.T) {
	s := startDemoSession(t)
	app, x, windows, cli := s.app, s.x, s.windows, s.cli
	// rows lists a folder's messages as "date\tsender\tsubject".
	rows := func(folder string) []string {
		t.Helper()
		var out []string
		for _, line := range strings.Split(strings.TrimSpace(cli("list", "--folder", folder)), "\n") {
			if cols := strings.Split(line, "\t"); len(cols) >= 4 {
				out = append(out, strings.Join(cols[1:4], "\t"))
			}
		}
		return out
	}
	has := func(list []string, row string) bool {
		for _, r := range list {
			if r == row {
				return true
			}
		}
		return false
	}

	waitUntil(t, 60*time.Second, "the demo window", func() bool {
		app.alive(t)
		return strings.Contains(windows(), "Tern — 8 unread")
	})
	win := strings.Split(x("search", "--onlyvisible", "--name", "^Tern"), "\n")[0]
	x("windowfocus", "--sync", win)
	geo := map[string]int{}
	for _, line := range strings.Split(x("getwindowgeometry", "--shell", win), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			geo[k], _ = strconv.Atoi(v)
		}
	}
	if geo["WIDTH"] != demoWidth || geo["HEIGHT"] != demoHeight {
		t.Fatalf("the window is %d×%d, not the %d×%d the row positions are for", geo["WIDTH"], geo["HEIGHT"], demoWidth, demoHeight)
	}
	// at is a point of the window on the screen. The window's place is read
	// each time: a first window is centred on the screen once it shows,
	// which may be after the size above was read.
	at := func(dx, dy int) (string, string) {
		x, y, _, _ := s.geometry("^Tern")
		return strconv.Itoa(x + dx), strconv.Itoa(y + dy)
	}
	inbox := rows("INBOX")
	if len(inbox) < 2 {
		t.Fatalf("the demo Inbox lists %q", inbox)
	}
	newest := inbox[0]

	// Click the newest message (again, until the list has loaded): showing
	// it marks it read.
	polls := 0
	waitUntil(t, 60*time.Second, "the newest message shown", func() bool {
		app.alive(t)
		if polls%20 == 0 {
			px, py := at(listX, listRow0)
			x("mousemove", px, py)
			x("click", "1")
		}
		polls++
		return strings.Contains(windows(), "Tern — 7 unread")
	})

	// Delete moves it to the Trash.
	x("key", "Delete")
	waitUntil(t, 30*time.Second, "the deleted message in Trash", func() bool {
		app.alive(t)
		return has(rows("Trash"), newest) && !has(rows("INBOX"), newest)
	})

	// Ctrl+Z brings it back to the Inbox. The window learns it can undo
	// just after the store has the delete, so Ctrl+Z is pressed again until
	// the command line sees the message back; with the one delete undone
	// the window has nothing left to undo.
	polls = 0
	waitUntil(t, 30*time.Second, "the message back in the Inbox", func() bool {
		app.alive(t)
		if polls%20 == 0 {
			x("key", "ctrl+z")
		}
		polls++
		return has(rows("INBOX"), newest) && !has(rows("Trash"), newest)
	})

	// Drag the second row onto Archive: press, move in steps (the window
	// sees a drag), release over the folder. The list may not yet show the
	// message Undo brought back, so the row's message is found afterwards:
	// the one that left the Inbox for Archive.
	before, archived := rows("INBOX"), rows("Archive")
	fromX, fromY := at(listX, listRow0+listStep)
	toX, toY := at(folderX, folderRow0+archiveRow*folderStep)
	x("mousemove", fromX, fromY)
	x("mousedown", "1")
	y0, _ := strconv.Atoi(fromY)
	y1, _ := strconv.Atoi(toY)
	x0, _ := strconv.Atoi(fromX)
	x1, _ := strconv.Atoi(toX)
	const steps = 10
	for i := 1; i <= steps; i++ {
		x("mousemove", strconv.Itoa(x0+(x1-x0)*i/steps), strconv.Itoa(y0+(y1-y0)*i/steps))
	}
	x("mouseup", "1")
	var moved string
	waitUntil(t, 30*time.Second, "a dragged message in Archive", func() bool {
		app.alive(t)
		for _, r := range rows("Archive") {
			if !has(archived, r) && has(before, r) {
				moved = r
				return true
			}
		}
		return false
	})
	if has(rows("INBOX"), moved) {
		t.Errorf("%q is in Archive and still in the Inbox", moved)
	}
	if got, want := len(rows("Archive")), len(archived)+1; got != want {
		t.Errorf("Archive has %d messages after one drag, want %d", got, want)
	}
}
