package imap

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/internal/testenv"
	"github.com/tern-mail/tern/storage"
)

// inMountNamespace is set in the environment of the test binary run again
// inside a private mount namespace, where the test may mount a small
// tmpfs that nobody else sees.
const inMountNamespace = "TERN_TEST_IN_MOUNT_NAMESPACE"

// TestDiskFullPausesAndGoesOnByItself keeps the profile on a 4 MB tmpfs,
// fills it, and delivers large messages: the store reports a full disk
// (a fact, not SQLite's words) and the worker pauses. Once the filler is
// removed the worker sees the free space, stores the messages and the
// trouble clears, without anyone asking.
func TestDiskFullPausesAndGoesOnByItself(t *testing.T) {
	if os.Getenv(inMountNamespace) == "" {
		runInMountNamespace(t)
		return
	}
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "alice", "alice-pw")
	fx := newFixtureOn(t, srv.IMAPSPort, "alice", "alice-pw")
	fx.srv = srv
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	st, err := storage.Open(filepath.Join(mnt, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.EnsureAccount(context.Background(), fx.acct.ID, fx.acct.Address); err != nil {
		t.Fatal(err)
	}
	fx.st = st

	fx.appendMsg(t, "INBOX", msg(1, "Small", "before the disk filled"))
	nw := startNetWorker(t, fx, Options{})
	nw.idle(t)
	arrives(t, fx, "Small")

	filler := fill(t, mnt)
	big := strings.Repeat("A line of a long message that will not fit on the full disk.\r\n", 8000)
	fx.appendMsg(t, "INBOX", msg(2, "Large one", big))
	fx.appendMsg(t, "INBOX", msg(3, "Large two", big))
	troubleIs(t, st, storage.TroubleDiskFull)

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	troubleIs(t, st, storage.TroubleNone)
	arrives(t, fx, "Large one")
	arrives(t, fx, "Large two")
}

// fill writes a file in dir until the disk is full and returns its name.
func fill(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return name
		}
	}
}

// troubleIs waits, on the store's notifications, for its trouble to be
// want.
func troubleIs(t *testing.T, st *storage.Store, want storage.Trouble) {
	t.Helper()
	sub := st.Subscribe()
	defer sub.Close()
	deadline := time.After(bound)
	for st.Trouble() != want {
		select {
		case <-sub.C():
		case <-deadline:
			t.Fatalf("the store's trouble is %q, want %q", st.Trouble(), want)
		}
	}
}

// runInMountNamespace runs the calling test again in a private mount
// namespace (unshare(1), as internal/postfix does) and fails with it.
func runInMountNamespace(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Missing(t, "root, to mount a small tmpfs in a private mount namespace")
	}
	for _, tool := range []string{"unshare", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s (Debian packages util-linux, mount)", tool)
		}
	}
	cmd := exec.Command("unshare", "--mount", "--propagation", "private",
		os.Args[0], "-test.run", "^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), inMountNamespace+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("in a private mount namespace: %v\n%s", err, out)
	}
}
