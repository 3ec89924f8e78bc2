package transfer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tern-mail/tern/storage"
)

// msg is a small test message; extra header lines come first.
func msg(n int, subject string, extra ...string) string {
	h := ""
	for _, e := range extra {
		h += e + "\n"
	}
	return h + fmt.Sprintf("From: Sender %d <s%d@example.org>\nTo: ana@example.org\nSubject: %s\n"+
		"Date: Mon, 02 Nov 2026 10:%02d:00 +0000\nMessage-ID: <m%d@example.org>\n\nBody of %d.\n", n, n, subject, n%60, n, n)
}

// mboxOf joins messages into an mbox file as Thunderbird writes it.
func mboxOf(msgs ...string) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("From - Mon Nov  2 10:00:00 2026\n")
		b.WriteString(m)
		b.WriteString("\n")
	}
	return b.String()
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newStore opens a store with one account, "acct", with an Inbox.
func newStore(t testing.TB) *storage.Store {
	t.Helper()
	st, err := storage.Open(filepath.Join(t.TempDir(), storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	for _, a := range []string{"acct", "other"} {
		if err := st.EnsureAccount(ctx, a, a+"@example.org"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.EnsureFolder(ctx, a, "INBOX", "/", storage.RoleInbox); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// contents lists an account's folders and each message's subject and
// flags: "INBOX: a[read] b[]".
func contents(t *testing.T, st *storage.Store, account string) string {
	t.Helper()
	ctx := context.Background()
	folders, err := st.Folders(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range folders {
		msgs, err := st.ListMessages(ctx, storage.ListQuery{FolderIDs: []int64{f.ID}})
		if err != nil {
			t.Fatal(err)
		}
		var subj []string
		for _, m := range msgs {
			subj = append(subj, m.Subject+"["+m.FlagWords()+"]")
		}
		sort.Strings(subj)
		lines = append(lines, f.Name+": "+strings.Join(subj, " "))
	}
	return strings.Join(lines, "\n")
}

// sources returns the sources of every message of an account, sorted.
func sources(t *testing.T, st *storage.Store, account string) []string {
	t.Helper()
	ctx := context.Background()
	msgs, err := st.ListMessages(ctx, storage.ListQuery{AccountID: account})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		raw, err := st.MessageSource(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.FolderName+"\x00"+string(raw))
	}
	sort.Strings(out)
	return out
}

// importPaths scans paths and imports them into the store's account.
func importPaths(t *testing.T, st *storage.Store, account string, opts Options, paths ...string) Progress {
	t.Helper()
	boxes, _, err := Scan(paths)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Import(context.Background(), LocalTarget(st, account), boxes, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
