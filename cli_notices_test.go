package main

import (
	"strings"
	"testing"

	"github.com/tern-mail/tern/storage"
)

// TestEveryNoticeHasWordsOnTheCommandLine words each kind of notice, and
// each kind of refused change, and checks that none falls through to the
// generic wording or loses the server's words.
func TestEveryNoticeHasWordsOnTheCommandLine(t *testing.T) {
	for _, k := range []storage.NoticeKind{storage.NoticeNotSent, storage.NoticeSomeRecipientsRefused,
		storage.NoticeDeleteRefused, storage.NoticeKeychainMissing, storage.NoticePrefsReset} {
		n := storage.Notice{Kind: k, Subject: "Invoice", ServerText: "550 no such user"}
		got := noticeSentence(n)
		if got == "" {
			t.Errorf("%s: no words", k)
		}
		if k != storage.NoticeKeychainMissing && k != storage.NoticePrefsReset && !strings.Contains(got, "550 no such user") {
			t.Errorf("%s: %q lacks the server's words", k, got)
		}
	}
	for _, a := range []storage.ActionKind{storage.ActionFlags, storage.ActionMove, storage.ActionCopy,
		storage.ActionExpunge, storage.ActionCreateFolder, storage.ActionRenameFolder,
		storage.ActionDeleteFolder, storage.ActionAppend} {
		got := noticeSentence(storage.Notice{Kind: storage.NoticeRefused, Action: a, Subject: "Invoice",
			Folder: "INBOX", Dest: "Archive", ServerText: "NO [TRYCREATE] no such mailbox"})
		if strings.Contains(got, "carry out a change") || !strings.HasPrefix(got, "the server refused to ") ||
			!strings.Contains(got, "no such mailbox") {
			t.Errorf("%s: %q", a, got)
		}
	}
	got := noticeSentence(storage.Notice{Kind: storage.NoticeRefused, Action: storage.ActionMove,
		Subject: "Invoice", Folder: "INBOX", Dest: "Archive"})
	if want := "the server refused to move 'Invoice' to Archive: it is back in Inbox."; got != want {
		t.Errorf("move: %q, want %q", got, want)
	}
	if got := noticeSentence(storage.Notice{Text: "An older sentence."}); got != "An older sentence." {
		t.Errorf("a notice from before: %q", got)
	}
}
