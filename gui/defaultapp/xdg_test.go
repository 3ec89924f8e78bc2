//go:build !windows && !darwin

package defaultapp

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

// xdgHome points every XDG folder xdg-mime reads at empty temporary
// ones, so the person's own associations are neither read nor changed.
func xdgHome(t *testing.T) (config, data string) {
	t.Helper()
	if _, err := exec.LookPath("xdg-mime"); err != nil {
		testenv.Missing(t, "xdg-mime (xdg-utils)")
	}
	root := t.TempDir()
	config, data = filepath.Join(root, "config"), filepath.Join(root, "data")
	for _, d := range []string{config, data, filepath.Join(root, "sysconfig"), filepath.Join(root, "sysdata")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// xdg-mime names an app only when the program its desktop file
	// starts is there: a stand-in for the installed tern.
	bin := filepath.Join(root, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, prog := range []string{"tern", "othermail"} {
		if err := os.WriteFile(filepath.Join(bin, prog), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("HOME", root)
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_CONFIG_DIRS", filepath.Join(root, "sysconfig"))
	t.Setenv("XDG_DATA_DIRS", filepath.Join(root, "sysdata"))
	for _, v := range []string{"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "KDE_SESSION_VERSION", "GNOME_DESKTOP_SESSION_ID", "XDG_MENU_PREFIX"} {
		t.Setenv(v, "")
	}
	return config, data
}

// install puts Tern's real desktop file where the system looks for it.
func install(t *testing.T, data string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "packaging", "linux", DesktopID))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(data, "applications")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, DesktopID), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// Another mail app, which the person chose before.
	other := "[Desktop Entry]\nType=Application\nName=Other Mail\nExec=othermail %u\nMimeType=x-scheme-handler/mailto;message/rfc822;\n"
	if err := os.WriteFile(filepath.Join(dir, "othermail.desktop"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	chosen := "[Default Applications]\nx-scheme-handler/mailto=othermail.desktop\nmessage/rfc822=othermail.desktop\ntext/html=firefox.desktop\n"
	if err := os.WriteFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "mimeapps.list"), []byte(chosen), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestMakeDefault(t *testing.T) {
	config, data := xdgHome(t)
	install(t, data)
	ctx := context.Background()
	if got := How(); got != Direct {
		t.Fatalf("How() = %v with xdg-mime and the desktop file installed, want Direct", got)
	}
	if ok, err := IsDefault(ctx); err != nil || ok {
		t.Fatalf("IsDefault before Make = %v, %v; want false", ok, err)
	}
	if err := Make(ctx); err != nil {
		t.Fatalf("Make: %v", err)
	}
	if ok, err := IsDefault(ctx); err != nil || !ok {
		t.Fatalf("IsDefault after Make = %v, %v; want true", ok, err)
	}
	for _, typ := range MIMETypes {
		out, err := exec.Command("xdg-mime", "query", "default", typ).Output()
		if err != nil || strings.TrimSpace(string(out)) != DesktopID {
			t.Errorf("xdg-mime query default %s = %q, %v; want %s", typ, out, err, DesktopID)
		}
	}
	list, err := os.ReadFile(filepath.Join(config, "mimeapps.list"))
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range MIMETypes {
		if !strings.Contains(string(list), typ+"="+DesktopID) {
			t.Errorf("mimeapps.list lacks %s=%s:\n%s", typ, DesktopID, list)
		}
	}
}

// TestAnotherAppStays: a person's choice of another app for other types
// is kept, and Tern's replaces the one it had for mailto:.
func TestAnotherAppStays(t *testing.T) {
	config, data := xdgHome(t)
	install(t, data)
	if ok, _ := IsDefault(context.Background()); ok {
		t.Fatal("IsDefault true while another app has mailto:")
	}
	if err := Make(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, _ := os.ReadFile(filepath.Join(config, "mimeapps.list"))
	if strings.Contains(string(list), "othermail") || !strings.Contains(string(list), "text/html=firefox.desktop") {
		t.Errorf("mimeapps.list after Make:\n%s", list)
	}
}

func TestNotInstalled(t *testing.T) {
	config, _ := xdgHome(t)
	if got := How(); got != NotPossible {
		t.Errorf("How() = %v without the desktop file, want NotPossible", got)
	}
	if err := Make(context.Background()); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Make without the desktop file = %v, want ErrNotInstalled", err)
	}
	if _, err := os.Stat(filepath.Join(config, "mimeapps.list")); err == nil {
		t.Error("Make wrote mimeapps.list for a desktop file that is not there")
	}
}
