//go:build unix

package instance

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tern-mail/tern/internal/testenv"
)

// TestOtherUserProcessRefused runs a real process as another user (nobody,
// uid 65534) against a socket it is allowed to open; it gets no answer,
// while the same program run as us does.
func TestOtherUserProcessRefused(t *testing.T) {
	if os.Getuid() != 0 {
		testenv.Missing(t, "root, to run a process as another user (TestPeerOfAnotherUserRefused checks the same without)")
	}
	socketMode = 0o666
	defer func() { socketMode = 0o600 }()
	base := t.TempDir()
	dir := filepath.Join(base, "p")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The program and the profile must be reachable by the other user:
	// the test opens its own folders (base and the one above, made by
	// t.TempDir); the system's above them must be open already.
	ours := filepath.Dir(base)
	for d := base; d != "/"; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case fi.Mode().Perm()&0o001 != 0:
		case d == base || d == ours:
			if err := os.Chmod(d, fi.Mode().Perm()|0o011); err != nil {
				t.Fatal(err)
			}
		default:
			testenv.Missing(t, "a temporary folder other users can pass through (%s is %v)", d, fi.Mode().Perm())
		}
	}
	bin := filepath.Join(base, "instance.test")
	if b, err := os.ReadFile(os.Args[0]); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	listening(t, dir)
	ping := func(cred *syscall.Credential) (string, error) {
		cmd := exec.Command(bin, "-test.run=^$")
		cmd.Env = append(os.Environ(), "TERN_INSTANCE_PING="+dir)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	if out, err := ping(nil); out != "ok" {
		t.Fatalf("ping as ourselves: %q %v", out, err)
	}
	out, err := ping(&syscall.Credential{Uid: 65534, Gid: 65534})
	// The window closes the connection without reading the request: the
	// other side sees the end of the stream, a reset or a broken pipe, never
	// a reply. (A refused connect would be ErrNoWindow.)
	if err == nil || !(strings.HasPrefix(out, "instance: read:") || strings.HasPrefix(out, "instance: write:")) {
		t.Fatalf("ping as nobody: %q %v, want a connection closed unanswered", out, err)
	}
}
