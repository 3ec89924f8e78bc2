package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/storage"
)

// errRefused marks a sync in which the server refused queued changes of
// the accounts synced (exit code 1, after saying which).
var errRefused = errors.New("the server refused queued changes")

// errKeychainMissing is what a command that had to keep a secret says when
// the system keychain is missing: the secret would not outlive the command.
var errKeychainMissing error = keychainMissingError{}

// keychainMissingError is errKeychainMissing's type: its text is a whole
// sentence, as the command line prints it.
type keychainMissingError struct{}

func (keychainMissingError) Error() string { return keychainMissingSentence }

// keychainMissingSentence is the command line's words for a missing keychain.
const keychainMissingSentence = "Your system keychain is not available, so Tern will remember your password only until you close it"

// printNotices takes the notices not shown yet, prints each as a line on
// stderr and returns them. Notices of the kinds in skip are taken but not
// printed (the command's own error says the same). Beside another Tern,
// which holds the profile, it leaves them to that one.
func (e *env) printNotices(ctx context.Context, skip ...storage.NoticeKind) []storage.Notice {
	if e.claim.beside() {
		return nil // the Tern that holds the profile shows them
	}
	notices, err := e.store.TakeNotices(ctx)
	if err != nil {
		fmt.Fprintln(e.io.err, "tern:", err)
		return nil
	}
	for _, n := range notices {
		if !slices.Contains(skip, n.Kind) {
			fmt.Fprintln(e.io.err, e.noticeLine(n))
		}
	}
	return notices
}

// refusals counts the notices of queued changes the server refused for
// the given accounts.
func refusals(notices []storage.Notice, accts []accounts.Account) int {
	n := 0
	for _, no := range notices {
		for _, a := range accts {
			if no.Kind == storage.NoticeRefused && no.AccountID == a.ID {
				n++
			}
		}
	}
	return n
}

// noticeLine puts a notice into words for the command line, prefixed with
// its account's address.
func (e *env) noticeLine(n storage.Notice) string {
	s := noticeSentence(n)
	if n.AccountID != "" {
		if a, err := e.manager.Get(n.AccountID); err == nil {
			s = a.Address + ": " + s
		}
	}
	return s
}

// noticeSentence is the command line's wording of a notice.
func noticeSentence(n storage.Notice) string {
	said := ""
	if n.ServerText != "" {
		said = fmt.Sprintf(" The server said: %s", strings.TrimSpace(n.ServerText))
	}
	switch n.Kind {
	case storage.NoticeRefused:
		return fmt.Sprintf("the server refused to %s.%s", refusedChange(n), said)
	case storage.NoticeNotSent:
		return fmt.Sprintf("%s could not be sent; it stays in the outbox.%s", quoted(n.Subject, "a message"), said)
	case storage.NoticeSomeRecipientsRefused:
		return fmt.Sprintf("%s was sent, but the server refused some recipients: %s", quoted(n.Subject, "a message"), n.ServerText)
	case storage.NoticeDeleteRefused:
		return fmt.Sprintf("the server refused to delete a message; it stays there.%s", said)
	case storage.NoticeKeychainMissing:
		return keychainMissingSentence + "."
	case storage.NoticePrefsReset:
		if n.Dest == "" {
			return fmt.Sprintf("the window's preferences in %s could not be read; the window uses the usual ones and saves none until the file is removed.", n.Folder)
		}
		return fmt.Sprintf("the window's preferences could not be read; the window uses the usual ones. The old file was kept as %s.", n.Dest)
	}
	return n.Text // written before notices were structured
}

// refusedChange says what the refused change was, and what became of it.
func refusedChange(n storage.Notice) string {
	subj := quoted(n.Subject, "a message")
	switch n.Action {
	case storage.ActionFlags:
		return "change the flags of " + subj + ": they are as before"
	case storage.ActionMove:
		return fmt.Sprintf("move %s to %s: it is back in %s", subj, folderName(n.Dest), folderName(n.Folder))
	case storage.ActionCopy:
		return fmt.Sprintf("copy %s to %s: the copy was removed", subj, folderName(n.Dest))
	case storage.ActionExpunge:
		return "delete " + subj + ": it comes back with the next sync"
	case storage.ActionCreateFolder:
		return fmt.Sprintf("create the folder %s: it was removed here", folderName(n.Folder))
	case storage.ActionRenameFolder:
		return fmt.Sprintf("rename the folder %s to %s: it has its old name again", folderName(n.Folder), folderName(n.Dest))
	case storage.ActionDeleteFolder:
		return fmt.Sprintf("delete the folder %s: it comes back with the next sync", folderName(n.Folder))
	case storage.ActionAppend:
		return fmt.Sprintf("store a copy in %s: it is kept on this computer", folderName(n.Folder))
	}
	return fmt.Sprintf("carry out a change (%s)", n.Action)
}

// quoted puts a subject in quotes, or says what it is when there is none.
func quoted(subject, none string) string {
	if strings.TrimSpace(subject) == "" {
		return none
	}
	return "'" + subject + "'"
}

// folderName is a server folder name as the user knows it.
func folderName(name string) string {
	if strings.EqualFold(name, "INBOX") {
		return "Inbox"
	}
	return name
}
