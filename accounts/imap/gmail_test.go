package imap

import (
	"context"
	"strings"
	"testing"

	"github.com/tern-mail/tern/internal/dovecot"
	"github.com/tern-mail/tern/storage"
)

// A server laid out as Gmail is: labels as folders, every message also in
// "[Gmail]/All Mail", special folders under "[Gmail]/".
func TestGmailLayout(t *testing.T) {
	fx := newFixtureWith(t, dovecot.Options{Gmail: true})
	ctx := context.Background()
	labelled := msg(1, "Two labels", strings.Repeat("body ", 100))
	must(t, fx.other.Create("Work", nil).Wait())
	for _, folder := range []string{"INBOX", "Work", "[Gmail]/All Mail"} {
		fx.appendMsg(t, folder, labelled)
	}
	fx.appendMsg(t, "[Gmail]/All Mail", msg(2, "Archived", "x"))
	var log commandLog
	if err := SyncOnce(ctx, fx.acct, fx.st, fx.pw, Options{Debug: &log}); err != nil {
		t.Fatal(err)
	}

	folders, err := fx.st.Folders(ctx, fx.acct.ID)
	must(t, err)
	roles := map[string]string{}
	for _, f := range folders {
		roles[f.Role] = f.Name
	}
	for role, want := range map[string]string{storage.RoleSent: "[Gmail]/Sent Mail", storage.RoleTrash: "[Gmail]/Trash",
		storage.RoleJunk: "[Gmail]/Spam", storage.RoleDrafts: "[Gmail]/Drafts", storage.RoleArchive: "[Gmail]/All Mail"} {
		if roles[role] != want {
			t.Errorf("%s folder is %q, want %q", role, roles[role], want)
		}
	}
	// Every copy reads offline, but each message came down once.
	for folder, n := range map[string]int{"INBOX": 1, "Work": 1, "[Gmail]/All Mail": 2} {
		l := fx.local(t, folder)
		if len(l) != n {
			t.Fatalf("%s has %d messages, want %d", folder, len(l), n)
		}
		for _, m := range l {
			if !m.HasBody {
				t.Errorf("%s: %q has no body", folder, m.Subject)
			}
		}
	}
	if got := strings.Count(log.String(), " BODY[] {"); got != 2 {
		t.Errorf("%d message sources downloaded, want 2", got)
	}

	// The unified Inbox shows the message once.
	var inboxes []int64
	for _, f := range folders {
		if f.Role == storage.RoleInbox {
			inboxes = append(inboxes, f.ID)
		}
	}
	if l, err := fx.st.ListMessages(ctx, storage.ListQuery{FolderIDs: inboxes}); err != nil || len(l) != 1 {
		t.Errorf("unified Inbox: %d messages, %v", len(l), err)
	}

	// Deleting from the Inbox moves to [Gmail]/Trash, as Gmail expects.
	must(t, fx.st.DeleteMessages(ctx, []int64{idOf(t, fx.local(t, "INBOX"), "Two labels")}, true))
	fx.sync(t)
	if in := fx.server(t, "INBOX"); len(in) != 0 {
		t.Errorf("server INBOX after delete: %v", in)
	}
	if tr := fx.server(t, "[Gmail]/Trash"); !has(tr, "Two labels") {
		t.Errorf("server [Gmail]/Trash after delete: %v", tr)
	}
}
