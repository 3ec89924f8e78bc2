package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
)

// shot saves the whole virtual screen as name.png in
// $TERN_SCREENSHOT_DIR, when it is set, for a person to look at.
func (s *demoSession) shot(name string) {
	s.t.Helper()
	dir := os.Getenv("TERN_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if out, err := exec.Command("import", "-display", s.display, "-window", "root", filepath.Join(dir, name+".png")).CombinedOutput(); err != nil {
		s.t.Logf("screenshot %s: %v %s", name, err, out)
	}
}

// geometry is where the first window titled like title is, and its size.
func (s *demoSession) geometry(title string) (x, y, w, h int) {
	s.t.Helper()
	win := strings.Split(s.x("search", "--onlyvisible", "--name", title), "\n")[0]
	geo := map[string]int{}
	for _, line := range strings.Split(s.x("getwindowgeometry", "--shell", win), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			geo[k], _ = strconv.Atoi(v)
		}
	}
	return geo["X"], geo["Y"], geo["WIDTH"], geo["HEIGHT"]
}

// click clicks at (x, y) on the screen.
func (s *demoSession) click(x, y int) {
	s.x("mousemove", strconv.Itoa(x), strconv.Itoa(y))
	s.x("click", "1")
}

// TestTypePasswordUnderXvfb: an account whose password is not stored (a
// computer without a keychain, after a restart) gets, in the real window,
// the bar that says Tern needs the password, with Type password; the
// password typed there is checked with the server and the mail comes.
func TestTypePasswordUnderXvfb(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "kim", "kim-pw")
	if err := srv.DeliverMaildir("kim", "INBOX", [][]byte{mailMsg(1, "Seed swap", "Bring seeds."),
		mailMsg(2, "Garden rota", "Saturday.")}, false); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	profile := filepath.Join(tmp, "profile")
	// Added with a keychain that forgets it, as a restart does on a
	// computer without one.
	if _, errOut, code := cli(t, accounts.NewMemory(), "kim-pw\n", "--profile="+profile, "account", "add",
		"--email", "kim@example.org", "--username", "kim", "--protocol", "imap", "--host", "localhost",
		"--port", itoa(int64(srv.IMAPSPort)), "--security", "tls", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	// No session bus: no keychain.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(tmp, "no-bus"))
	display, _ := startXvfb(t)
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		testenv.Missing(t, "xdotool (Debian package xdotool)")
	}
	s := &demoSession{t: t, display: display, xdotool: xdotool, bin: ternBinary(t), profile: profile}
	s.app = startWindow(t, display, tmp, "--profile", profile)
	waitUntil(t, 60*time.Second, "the window", func() bool {
		s.app.alive(t)
		return strings.Contains(s.windows(), "Tern — 0 unread")
	})
	_, _, w, h := s.geometry("^Tern")
	if w != demoWidth || h != demoHeight {
		t.Fatalf("the window is %d×%d, not the %d×%d the button's place is for", w, h, demoWidth, demoHeight)
	}
	// Type password, at the right end of the bar above the status line;
	// the password field of the dialog it opens has the focus. Again,
	// now and then, until the mail came: the bar shows once the account's
	// first try found no password.
	polls := 0
	waitUntil(t, 90*time.Second, "the mail, after the password was typed", func() bool {
		s.app.alive(t)
		if polls%40 == 0 {
			if polls == 0 {
				s.shot("password-bar")
			}
			// The window's place is read each time: a first window is
			// centred on the screen once it shows, which may come later.
			x, y, _, _ := s.geometry("^Tern")
			s.click(x+w-64, y+h-63)
			s.x("type", "--delay", "30", "kim-pw")
			if polls == 0 {
				s.shot("password-dialog")
			}
			s.x("key", "Return")
		}
		polls++
		return strings.Contains(s.windows(), "Tern — 2 unread")
	})
	s.shot("password-done")
	if out := s.cli("list", "--folder", "INBOX"); strings.Count(out, "\n") != 2 || !strings.Contains(out, "Seed swap") {
		t.Fatalf("the Inbox after the password: %q", out)
	}
}

// TestComposerQuestionsUnderXvfb drives the real composer on the demo
// mailbox with the keyboard: Ctrl+Enter on a message without subject
// or text asks first, Escape closes the question and keeps the message,
// going back puts the cursor in the subject, and Send anyway on the next
// question sends it.
func TestComposerQuestionsUnderXvfb(t *testing.T) {
	s := startDemoSession(t)
	waitUntil(t, 60*time.Second, "the demo window", func() bool {
		s.app.alive(t)
		return strings.Contains(s.windows(), "Tern — 8 unread")
	})
	s.x("search", "--sync", "--onlyvisible", "--name", "^Tern", "windowfocus", "--sync")
	sentBefore := strings.Count(s.cli("list", "--folder", "Sent"), "\n")
	s.x("key", "ctrl+n")
	waitUntil(t, 30*time.Second, "the composer", func() bool {
		s.app.alive(t)
		return strings.Contains(s.windows(), "New message")
	})
	s.x("search", "--sync", "--onlyvisible", "--name", "^New message", "windowfocus", "--sync")
	s.x("type", "--delay", "20", "grace@studio.example")
	// No subject, no text: a question, with Send anyway focused. Escape
	// closes it; the composer stays, nothing is sent.
	s.x("key", "ctrl+Return")
	s.shot("composer-question")
	s.x("key", "Escape")
	s.shot("composer-after-escape")
	s.app.alive(t)
	if !strings.Contains(s.windows(), "New message") {
		t.Fatal("Escape on the question closed the composer")
	}
	// Again; Shift+Tab goes from Send anyway to Write it first, which
	// puts the cursor in the subject: what is typed names the window.
	s.x("key", "ctrl+Return")
	s.x("key", "shift+Tab", "Return")
	s.x("type", "--delay", "20", "Seed swap")
	waitUntil(t, 30*time.Second, "the subject typed after going back", func() bool {
		s.app.alive(t)
		return strings.Contains(s.windows(), "Seed swap")
	})
	if n := strings.Count(s.cli("list", "--folder", "Sent"), "\n"); n != sentBefore {
		t.Fatalf("sent before Send anyway: Sent has %d, had %d", n, sentBefore)
	}
	// No text now: asked once more; Enter takes the focused Send anyway.
	s.x("key", "ctrl+Return")
	s.shot("composer-no-text")
	s.x("key", "Return")
	waitUntil(t, 60*time.Second, "the message in Sent", func() bool {
		s.app.alive(t)
		return !strings.Contains(s.windows(), "Seed swap") && strings.Contains(s.cli("list", "--folder", "Sent"), "\tSeed swap\t")
	})
}
