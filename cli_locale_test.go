package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestCLIQuietUnderCLocale runs the command line under the C locale, with
// and without an encoding, and with no locale at all: Fyne, linked in for
// the window, must not print anything (it used to say "Error parsing user
// locale C" before main even ran).
func TestCLIQuietUnderCLocale(t *testing.T) {
	bin := ternBinary(t)
	var base []string
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE":
		default:
			base = append(base, kv)
		}
	}
	for _, locale := range [][]string{
		{"LANG=C"},
		{},
		{"LANG=C.UTF-8"},
		{"LC_ALL=C.UTF-8"},
		{"LC_ALL=POSIX", "LANG=en_US.UTF-8"},
		{"LC_MESSAGES=C.utf8"},
	} {
		t.Run(strings.Join(append([]string{"env"}, locale...), " "), func(t *testing.T) {
			dir := t.TempDir()
			for _, args := range [][]string{{"account", "list"}, {"folders"}} {
				cmd := ternIn(bin, dir)("", args...)
				cmd.Env = append(append([]string(nil), base...), locale...)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("tern %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
				}
				if stderr.Len() > 0 {
					t.Errorf("tern %s under %v wrote to stderr:\n%s", strings.Join(args, " "), locale, stderr.String())
				}
			}
		})
	}
}
