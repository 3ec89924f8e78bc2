package main

import (
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
)

// mailMsg builds a test message.
func mailMsg(n int, subject, body string) []byte {
	return []byte("From: Sender <s@example.com>\r\nTo: alice@example.org\r\nSubject: " + subject +
		"\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\nMessage-ID: <cli" + itoa(int64(n)) + "@example.com>\r\n\r\n" + body + "\r\n")
}

func TestCLISyncAndActionsAgainstDovecot(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "alice", "pw-alice")
	var msgs [][]byte
	for i := 1; i <= 5; i++ {
		msgs = append(msgs, mailMsg(i, "Note "+itoa(int64(i)), "platypus "+itoa(int64(i))))
	}
	if err := srv.DeliverMaildir("alice", "INBOX", msgs, false); err != nil {
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
	_, errOut, code := cli(t, secrets, "", p, "sync")
	if code != 0 || !strings.Contains(errOut, "alice@example.org: up to date") {
		t.Fatalf("sync: %d %s", code, errOut)
	}
	out, _, _ := cli(t, secrets, "", p, "list", "--folder", "INBOX")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("list after sync: %q", out)
	}
	out, _, _ = cli(t, secrets, "", p, "folders")
	for _, want := range []string{"alice@example.org\tINBOX\tinbox\t5\t5", "alice@example.org\tTrash\ttrash\t0\t0"} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("folders lacks %q:\n%s", want, out)
		}
	}
	if out, _, _ := cli(t, secrets, "", p, "search", "platypus"); strings.Count(out, "\n") != 5 {
		t.Errorf("search after sync: %q", out)
	}

	id := func(i int) string { return strings.Split(lines[i], "\t")[0] }
	for _, args := range [][]string{
		{"mark", id(0), "read"}, {"mark", id(0), "flagged"},
		{"folder", "create", "Receipts"},
		{"move", id(1), "Receipts"},
		{"delete", id(2)},
	} {
		if _, errOut, code := cli(t, secrets, "", append([]string{p}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	// Shown at once, before any sync.
	out, _, _ = cli(t, secrets, "", p, "list", "--folder", "INBOX")
	if strings.Count(out, "\n") != 3 || !strings.Contains(out, id(0)+"\t") || !strings.Contains(out, "read,flagged") {
		t.Fatalf("local list after actions: %q", out)
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
	count := func(folder string) uint32 {
		d, err := other.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			t.Fatalf("status %s: %v", folder, err)
		}
		return *d.NumMessages
	}
	if in, rc, tr := count("INBOX"), count("Receipts"), count("Trash"); in != 3 || rc != 1 || tr != 1 {
		t.Fatalf("server: INBOX %d, Receipts %d, Trash %d; want 3, 1, 1", in, rc, tr)
	}
	if _, err := other.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	res, err := other.Search(&imap.SearchCriteria{Flag: []imap.Flag{imap.FlagSeen, imap.FlagFlagged}}, nil).Wait()
	if err != nil || len(res.AllSeqNums()) != 1 {
		t.Fatalf("read+flagged on the server: %v %v", res, err)
	}
}
