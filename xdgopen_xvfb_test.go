package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/testenv"
)

// desktopID is the name of Tern's desktop file (packaging/linux).
const desktopID = "org.ternmail.Tern.desktop"

// xdgEnv is a desktop of the test's own: a home, data and config folders
// in which Tern's desktop file (as packaged: Exec=tern %u) is installed
// and made the default for mailto: links and message files with
// xdg-mime, and a PATH on which `tern` is the test's binary on the
// session's profile. No desktop is named, so xdg-open takes its generic
// way: the default application's desktop file.
func xdgEnv(t *testing.T, s *demoSession) []string {
	t.Helper()
	for _, tool := range []string{"xdg-open", "xdg-mime"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s (Debian package xdg-utils)", tool)
		}
	}
	home := t.TempDir()
	data, config, bin := filepath.Join(home, ".local/share"), filepath.Join(home, ".config"), filepath.Join(home, "bin")
	desktop, err := os.ReadFile(filepath.Join("packaging", "linux", desktopID))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(desktop), "\nExec=tern %u\n") {
		t.Fatalf("the desktop file has no Exec=tern %%u:\n%s", desktop)
	}
	for _, d := range []string{filepath.Join(data, "applications"), config, bin} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(data, "applications", desktopID), desktop, 0o644); err != nil {
		t.Fatal(err)
	}
	wrapper := "#!/bin/sh\nexec '" + s.bin + "' --profile '" + s.profile + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "tern"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID",
			"XDG_SESSION_DESKTOP", "BROWSER", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "PATH", "DISPLAY", "WAYLAND_DISPLAY":
		default:
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "XDG_DATA_HOME="+data, "XDG_CONFIG_HOME="+config,
		"PATH="+bin+":"+os.Getenv("PATH"), "DISPLAY="+s.display, "LANG=en_US.UTF-8")
}

// xdg runs an xdg-utils command in env and returns its output.
func xdg(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestXDGOpenMailtoReachesTern: with Tern's desktop file installed and
// made the default mail app through xdg-mime, `xdg-open
// 'mailto:ana@example.org?subject=Hi'` opens a filled-in composer in the
// Tern already running (the single-instance hand-over), and `xdg-open
// kept.eml` opens the message file in a reader window; Tern's main
// window stays one.
func TestXDGOpenMailtoReachesTern(t *testing.T) {
	s := startDemoSession(t)
	env := xdgEnv(t, s)
	cwd := t.TempDir()
	xdg(t, env, cwd, "xdg-mime", "default", desktopID, "x-scheme-handler/mailto", "message/rfc822")
	for _, kind := range []string{"x-scheme-handler/mailto", "message/rfc822"} {
		if got := xdg(t, env, cwd, "xdg-mime", "query", "default", kind); got != desktopID {
			t.Fatalf("xdg-mime query default %s = %q, want %s", kind, got, desktopID)
		}
	}
	waitUntil(t, 60*time.Second, "the demo window", func() bool {
		s.app.alive(t)
		return demoTitle.MatchString(s.windows())
	})

	xdg(t, env, cwd, "xdg-open", "mailto:ana@example.org?subject=Hi")
	waitUntil(t, 30*time.Second, "a composer titled Hi", func() bool {
		s.app.alive(t)
		return regexp.MustCompile(`(?m)^Hi$`).MatchString(s.windows())
	})
	s.shot("xdg-open-mailto")

	eml := "From: Ana Souza <ana@example.org>\r\nTo: demo@tern.example\r\nSubject: Kept on disk\r\n" +
		"Date: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\nA message saved as a file.\r\n"
	if err := os.WriteFile(filepath.Join(cwd, "kept.eml"), []byte(eml), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := xdg(t, env, cwd, "xdg-mime", "query", "filetype", "kept.eml"); !strings.HasPrefix(got, "message/rfc822") {
		t.Fatalf("xdg-mime query filetype kept.eml = %q", got)
	}
	xdg(t, env, cwd, "xdg-open", "kept.eml")
	waitUntil(t, 30*time.Second, "a reader titled Kept on disk", func() bool {
		s.app.alive(t)
		return regexp.MustCompile(`(?m)^Kept on disk$`).MatchString(s.windows())
	})
	if n := len(demoTitle.FindAllString(s.windows(), -1)); n != 1 {
		t.Errorf("%d main windows, want 1:\n%s", n, s.windows())
	}
}
