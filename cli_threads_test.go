package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// threadMail builds a message of a conversation, with any header lines
// that link it.
func threadMail(id, from, subject, date string, links ...string) []byte {
	h := "From: " + from + "\r\nTo: alice@example.org\r\nSubject: " + subject + "\r\nDate: " + date +
		"\r\nMessage-ID: <" + id + ">\r\n"
	for _, l := range links {
		h += l + "\r\n"
	}
	return []byte(h + "\r\nText of " + id + ".\r\n")
}

// A conversation across the Inbox and Sent, synced from Dovecot, is one
// conversation: tern list --threads gives its messages in both folders
// one id, and the store lists it once in the Inbox, with all three.
func TestConversationAcrossInboxAndSentFromDovecot(t *testing.T) {
	srv := dovecot.Start(t, dovecot.Options{})
	srv.AddUser(t, "alice", "pw-alice")
	if err := srv.DeliverMaildir("alice", "INBOX", [][]byte{
		threadMail("trip@bob.example", "Bob <bob@example.com>", "Trip in May", "Mon, 02 Nov 2026 10:00:00 +0000"),
		threadMail("other@dan.example", "Dan <dan@example.com>", "Something else", "Mon, 02 Nov 2026 11:00:00 +0000"),
		threadMail("more@carol.example", "Carol <carol@example.com>", "Re: Trip in May", "Wed, 04 Nov 2026 09:00:00 +0000",
			"In-Reply-To: <answer@example.org>", "References: <trip@bob.example> <answer@example.org>"),
	}, false); err != nil {
		t.Fatal(err)
	}
	if err := srv.DeliverMaildir("alice", "Sent", [][]byte{
		threadMail("answer@example.org", "Alice <alice@example.org>", "Re: Trip in May", "Tue, 03 Nov 2026 08:00:00 +0000",
			"In-Reply-To: <trip@bob.example>", "References: <trip@bob.example>"),
	}, true); err != nil {
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

	// tern list --threads: the columns of tern list, then the conversation.
	conv := map[string]string{} // subject's first word and sender → conversation
	for _, folder := range []string{"INBOX", "Sent"} {
		out, errOut, code := cli(t, secrets, "", p, "list", "--folder", folder, "--threads")
		if code != 0 {
			t.Fatalf("list --threads %s: %s", folder, errOut)
		}
		plain, _, _ := cli(t, secrets, "", p, "list", "--folder", folder)
		lines, plainLines := strings.Split(strings.TrimSpace(out), "\n"), strings.Split(strings.TrimSpace(plain), "\n")
		for i, line := range lines {
			cols := strings.Split(line, "\t")
			if len(cols) != 6 || i >= len(plainLines) || strings.Join(cols[:5], "\t") != plainLines[i] || cols[5] == "" || cols[5] == "0" {
				t.Fatalf("list --threads %s line %q; tern list says %q", folder, line, plainLines)
			}
			conv[cols[2]+" "+strings.Fields(cols[3])[0]] = cols[5]
		}
	}
	if len(conv) != 4 {
		t.Fatalf("messages listed: %v", conv)
	}
	trip := conv["Bob Trip"]
	if conv["Carol Re:"] != trip || conv["Alice Re:"] != trip || conv["Dan Something"] == trip {
		t.Errorf("conversations: %v; want Bob's, Alice's (in Sent) and Carol's one, Dan's another", conv)
	}

	// The store lists the conversation once in the Inbox, with three
	// messages, oldest first across the two folders.
	st, err := storage.Open(filepath.Join(dir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	folders, err := st.Folders(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var inbox storage.Folder
	for _, f := range folders {
		if f.Role == storage.RoleInbox {
			inbox = f
		}
	}
	rows, err := st.ListConversations(ctx, storage.ListQuery{FolderIDs: []int64{inbox.ID}, Limit: storage.FirstPage})
	if err != nil || len(rows) != 2 {
		t.Fatalf("Inbox conversations: %+v %v", rows, err)
	}
	r := rows[0]
	if r.Count != 3 || r.Subject != "Trip in May" || r.Unread != 2 || itoa(r.ID) != trip || len(r.Participants) != 3 {
		t.Errorf("Inbox's first conversation: %d messages (want 3), %q, %d unread (want 2), id %d (want %s), senders %+v",
			r.Count, r.Subject, r.Unread, r.ID, trip, r.Participants)
	}
	msgs, err := st.ConversationMessages(ctx, r.ID, []int64{inbox.ID})
	if err != nil || len(msgs) != 3 || msgs[1].FolderRole != storage.RoleSent || msgs[0].FromAddr != "bob@example.com" {
		t.Errorf("conversation's messages: %+v %v; want Bob's, Alice's in Sent, Carol's", msgs, err)
	}
}
