package main

import (
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/cyrus"
	"github.com/tern-mail/tern/internal/dovecot"
)

// A server that keeps personal folders under "INBOX." (Courier, Debian's
// Cyrus): the user names folders without the prefix, or with it.
func TestCLIFoldersUnderInboxPrefix(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{NamespacePrefix: "INBOX.", Separator: "."})
	srv.AddUser(t, "alice", "pw-alice")
	if err := srv.DeliverMaildir("alice", "INBOX", [][]byte{mailMsg(1, "Inbox note", "x"), mailMsg(2, "Second", "x")}, false); err != nil {
		t.Fatal(err)
	}
	if err := srv.DeliverMaildir("alice", "Projects", [][]byte{mailMsg(3, "Plan", "x")}, false); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw-alice\n", p, "account", "add", "--email", "alice@example.org",
		"--username", "alice", "--protocol", "imap", "--host", "localhost", "--port", itoa(int64(srv.IMAPPort)),
		"--security", "starttls", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatalf("sync: %d %s", code, errOut)
	}
	out, _, _ := cli(t, secrets, "", p, "folders")
	for _, want := range []string{"alice@example.org\tProjects\t-\t1\t1", "alice@example.org\tSent\tsent\t0\t0"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("folders lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "INBOX.") {
		t.Errorf("folders shows the namespace prefix:\n%s", out)
	}
	for _, name := range []string{"Projects", "INBOX.Projects"} {
		if out, errOut, code := cli(t, secrets, "", p, "list", "--folder", name); code != 0 || !strings.Contains(out, "Plan") {
			t.Errorf("list --folder %s: %d %q %s", name, code, out, errOut)
		}
	}
	out, _, _ = cli(t, secrets, "", p, "list", "--folder", "INBOX")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("INBOX: %q", out)
	}
	id := func(i int) string { return strings.Split(lines[i], "\t")[0] }
	for _, args := range [][]string{
		{"folder", "create", "Archive2024"},
		{"move", id(0), "Projects"},
		{"folder", "create", "Temp"},
		{"folder", "rename", "Temp", "Kept"},
	} {
		if _, errOut, code := cli(t, secrets, "", append([]string{p}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatalf("second sync: %s", errOut)
	}
	other, err := imapclient.DialTLS(dovecot.Addr(srv.IMAPSPort), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Login("alice", "pw-alice").Wait(); err != nil {
		t.Fatal(err)
	}
	for folder, want := range map[string]uint32{"INBOX": 1, "INBOX.Projects": 2, "INBOX.Archive2024": 0, "INBOX.Kept": 0} {
		d, err := other.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil || *d.NumMessages != want {
			t.Errorf("server %s: %v %v, want %d", folder, d, err, want)
		}
	}
	out, _, _ = cli(t, secrets, "", p, "folders")
	if !strings.Contains(out, "\tArchive2024\t") || !strings.Contains(out, "\tKept\t") || strings.Contains(out, "Temp") {
		t.Errorf("folders after the second sync:\n%s", out)
	}
}

// Cyrus as Debian ships it refuses POP3 logins less than a minute apart:
// the command line says to wait, not that the password is wrong.
func TestCLIPOP3LoginDelay(t *testing.T) {
	srv := cyrus.Start(t, cyrus.Options{POPMinPoll: 1})
	dir := t.TempDir()
	secrets := accounts.NewMemory()
	p := "--profile=" + dir
	if _, errOut, code := cli(t, secrets, "pw-bob\n", p, "account", "add", "--email", "bob@example.org", "--username", "bob",
		"--protocol", "pop3", "--host", "localhost", "--port", itoa(int64(srv.POP3SPort)), "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	// However many logins adding the account took, the second sync is
	// within the minute.
	cli(t, secrets, "", p, "sync")
	_, errOut, code := cli(t, secrets, "", p, "sync")
	if code == 0 || !strings.Contains(errOut, "[LOGIN-DELAY]") || !strings.Contains(errOut, "wait before logging in again") ||
		strings.Contains(errOut, "did not accept") {
		t.Fatalf("sync within a minute: exit %d\n%s", code, errOut)
	}
}
