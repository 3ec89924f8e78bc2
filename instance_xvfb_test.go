package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/accounts/instance"
	"github.com/tern-mail/tern/assets/i18n"
)

// second runs tern on profile from folder cwd, on display, as a desktop
// link or a user's second start would, and returns its output and exit
// code.
func second(t *testing.T, display, profile, cwd string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(ternBinary(t), append([]string{"--profile", profile}, args...)...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8")
	cmd.Dir = cwd
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("tern %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

var demoTitle = regexp.MustCompile(`(?m)^Tern — [0-9]+ unread$`)

// TestSecondStartHandsOver runs two real tern processes on one profile:
// the second start of the window hands its mailto: link, .eml file or
// nothing to the first and exits 0; the first opens a composer, a reader,
// or only comes to the front. Beside the window, commands that write
// refuse, `sync` asks the window, and `list` works.
func TestSecondStartHandsOver(t *testing.T) {
	s := startDemoSession(t)
	waitUntil(t, 60*time.Second, "the demo window", func() bool {
		s.app.alive(t)
		return demoTitle.MatchString(s.windows())
	})
	cwd := t.TempDir()
	eml := "From: Ana Souza <ana@example.org>\r\nTo: demo@tern.example\r\nSubject: Kept on disk\r\n" +
		"Date: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\nA message saved as a file.\r\n"
	if err := os.WriteFile(filepath.Join(cwd, "kept.eml"), []byte(eml), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ arg, title string }{
		{"mailto:ana@example.org?subject=Handed%20over&bcc=eve@example.net", "Handed over"},
		{"kept.eml", "Kept on disk"}, // relative: from the second start's folder
	} {
		if out, errOut, code := second(t, s.display, s.profile, cwd, c.arg); code != 0 || out+errOut != "" {
			t.Fatalf("second start with %s: %d %q %q", c.arg, code, out, errOut)
		}
		waitUntil(t, 30*time.Second, "a window titled "+c.title, func() bool {
			s.app.alive(t)
			return regexp.MustCompile(`(?m)^` + c.title + `$`).MatchString(s.windows())
		})
	}
	if _, errOut, code := second(t, s.display, s.profile, cwd); code != 0 {
		t.Fatalf("second start with nothing: %d %q", code, errOut)
	}
	if n := len(demoTitle.FindAllString(s.windows(), -1)); n != 1 {
		t.Errorf("%d main windows, want 1:\n%s", n, s.windows())
	}

	for _, args := range [][]string{{"mark", "1", "read"}, {"account", "remove", "demo@tern.example"}, {"import", "kept.eml"}} {
		out, errOut, code := second(t, s.display, s.profile, cwd, args...)
		if code != exitBusy || out != "" || errOut != "tern: "+i18n.T("cli.claim.window_open")+"\n" {
			t.Errorf("%v beside the window: %d %q %q", args, code, out, errOut)
		}
	}
	out, errOut, code := second(t, s.display, s.profile, cwd, "sync")
	if code != 0 || out != "Tern is open on this profile: the window is getting mail now.\n" {
		t.Errorf("sync beside the window: %d %q %q", code, out, errOut)
	}
	out, errOut, code = second(t, s.display, s.profile, cwd, "list", "--limit", "3")
	if code != 0 || strings.Count(out, "\n") != 3 {
		t.Errorf("list beside the window: %d %q %q", code, out, errOut)
	}
	s.app.alive(t)
}

// TestProfileFreedWhenWindowIsKilled kills the window with SIGKILL: its
// socket file stays behind, but the system dropped the lock, so a command
// takes the profile at once and a new window starts, with a mailto: link
// of its own, and listens again. A window started while a command holds
// the profile waits for it.
func TestProfileFreedWhenWindowIsKilled(t *testing.T) {
	s := startDemoSession(t)
	sock := filepath.Join(s.profile, instance.SocketName)
	waitUntil(t, 60*time.Second, "the demo window", func() bool {
		s.app.alive(t)
		return demoTitle.MatchString(s.windows())
	})
	if err := s.app.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.app.done
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("the killed window's socket file: %v", err)
	}
	cwd := t.TempDir()
	if _, errOut, code := second(t, s.display, s.profile, cwd, "mark", "1", "read"); code != 0 {
		t.Fatalf("mark after the window was killed: %d %q", code, errOut)
	}

	// A command holds the profile (the test, here) while a window starts:
	// the window says it waits, and comes up once the profile is free.
	l, err := instance.TryLock(s.profile)
	if err != nil {
		t.Fatal(err)
	}
	app := startWindow(t, s.display, cwd, "--profile", s.profile, "mailto:bob@example.org?subject=First%20start")
	waitUntil(t, 30*time.Second, "the window saying it waits", func() bool {
		app.alive(t)
		log, _ := os.ReadFile(app.log)
		return strings.Contains(string(log), i18n.T("cli.claim.waiting"))
	})
	if strings.Contains(s.windows(), "First start") {
		t.Fatal("the window opened while a command held the profile")
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 60*time.Second, "the composer of the first start's link", func() bool {
		app.alive(t)
		return strings.Contains(s.windows(), "First start")
	})
	if out, errOut, code := second(t, s.display, s.profile, cwd, "mailto:carol@example.org?subject=After%20the%20crash"); code != 0 {
		t.Fatalf("second start after the crash: %d %q %q", code, out, errOut)
	}
	waitUntil(t, 30*time.Second, "the handed-over composer", func() bool {
		app.alive(t)
		return strings.Contains(s.windows(), "After the crash")
	})
}
