package main

import (
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
)

// TestCLISyncFailsWhenTheServerRefusesAChange moves a message, offline, to
// a folder that is then deleted on the server: the next sync's MOVE is
// refused. The sync must say which change and exit non-zero, and the
// message must be back where it was.
func TestCLISyncFailsWhenTheServerRefusesAChange(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "alice", "pw-alice")
	if err := srv.DeliverMaildir("alice", "INBOX", [][]byte{mailMsg(1, "Invoice", "please pay")}, false); err != nil {
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
	if _, errOut, code := cli(t, secrets, "", p, "folder", "create", "Receipts"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 {
		t.Fatalf("first sync: %d %s", code, errOut)
	}
	out, _, _ := cli(t, secrets, "", p, "list", "--folder", "INBOX")
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("list after sync: %q", out)
	}
	id := strings.Split(out, "\t")[0]

	// Someone deletes Receipts on the server; here it is still known.
	other, err := imapclient.DialTLS(dovecot.Addr(srv.IMAPSPort), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Login("alice", "pw-alice").Wait(); err != nil {
		t.Fatal(err)
	}
	if err := other.Delete("Receipts").Wait(); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := cli(t, secrets, "", p, "move", id, "Receipts"); code != 0 {
		t.Fatal(errOut)
	}

	_, errOut, code := cli(t, secrets, "", p, "sync")
	if code == 0 {
		t.Fatalf("sync exited 0 although the server refused the move:\n%s", errOut)
	}
	const want = "alice@example.org: the server refused to move 'Invoice' to Receipts: it is back in Inbox."
	if !strings.Contains(errOut, want) || !strings.Contains(errOut, "tern: the server refused queued changes: 1") {
		t.Fatalf("sync said:\n%s\nwant %q and the count", errOut, want)
	}
	if out, _, _ := cli(t, secrets, "", p, "list", "--folder", "INBOX"); !strings.HasPrefix(out, id+"\t") {
		t.Fatalf("the message is not back in the Inbox: %q", out)
	}
	// Told once: the next sync has nothing to complain of.
	if _, errOut, code := cli(t, secrets, "", p, "sync"); code != 0 || strings.Contains(errOut, "refused") {
		t.Fatalf("third sync: %d %s", code, errOut)
	}
}
