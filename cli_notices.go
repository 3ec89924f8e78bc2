package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tern-mail/tern/accounts"
	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// errRefused marks a sync in which the server refused queued changes of
// the accounts synced (exit code 1, after saying which). The command
// line says it in the person's words (cli.sync.refused).
var errRefused = errors.New("the server refused queued changes")

// errKeychainMissing is what a command that had to keep a secret says when
// the system keychain is missing: the secret would not outlive the command.
var errKeychainMissing error = keychainMissingError{}

// keychainMissingError is errKeychainMissing's type: its text is a whole
// sentence, as the command line prints it, in the person's language.
type keychainMissingError struct{}

func (keychainMissingError) Error() string { return i18n.T("cli.keychain_missing") }

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

// noticeSentence is the command line's wording of a notice, in the
// person's language, followed by the server's words when it gave any.
func noticeSentence(n storage.Notice) string {
	s := noticeWords(n)
	switch n.Kind {
	case storage.NoticeRefused, storage.NoticeNotSent, storage.NoticeDeleteRefused:
		if n.ServerText != "" {
			s += " " + i18n.T("cli.notice.server_said", i18n.Args{"Text": strings.TrimSpace(n.ServerText)})
		}
	}
	return s
}

// noticeWords is noticeSentence without the server's words.
func noticeWords(n storage.Notice) string {
	switch n.Kind {
	case storage.NoticeRefused:
		return refusedChange(n)
	case storage.NoticeNotSent:
		return i18n.T("cli.notice.not_sent", i18n.Args{"Subject": quoted(n.Subject)})
	case storage.NoticeSomeRecipientsRefused:
		return i18n.T("cli.notice.some_recipients_refused", i18n.Args{"Subject": quoted(n.Subject), "Recipients": n.ServerText})
	case storage.NoticeDeleteRefused:
		return i18n.T("cli.notice.delete_refused")
	case storage.NoticeKeychainMissing:
		return i18n.T("cli.notice.keychain_missing")
	case storage.NoticePrefsReset:
		if n.Dest == "" {
			return i18n.T("cli.notice.prefs_reset.stuck", i18n.Args{"File": n.Folder})
		}
		return i18n.T("cli.notice.prefs_reset.kept", i18n.Args{"File": n.Dest})
	}
	return n.Text // written before notices were structured
}

// refusedChanges are the sentences that say the server refused a change,
// and what became of it, by the kind of change.
var refusedChanges = map[storage.ActionKind]string{
	storage.ActionFlags:        "cli.notice.refused.flags",
	storage.ActionMove:         "cli.notice.refused.move",
	storage.ActionCopy:         "cli.notice.refused.copy",
	storage.ActionExpunge:      "cli.notice.refused.expunge",
	storage.ActionCreateFolder: "cli.notice.refused.create_folder",
	storage.ActionRenameFolder: "cli.notice.refused.rename_folder",
	storage.ActionDeleteFolder: "cli.notice.refused.delete_folder",
	storage.ActionAppend:       "cli.notice.refused.append",
}

// refusedChange says that the server refused a change, what the change
// was, and what became of it.
func refusedChange(n storage.Notice) string {
	id, ok := refusedChanges[n.Action]
	if !ok {
		return i18n.T("cli.notice.refused.other", i18n.Args{"Action": string(n.Action)})
	}
	return i18n.T(id, i18n.Args{"Subject": quoted(n.Subject), "Folder": folderName(n.Folder), "Dest": folderName(n.Dest)})
}

// quoted puts a subject in quotes, or says "a message" when there is
// none.
func quoted(subject string) string {
	if strings.TrimSpace(subject) == "" {
		return i18n.T("cli.notice.a_message")
	}
	return i18n.T("cli.notice.quoted", i18n.Args{"Subject": subject})
}

// folderName is a server folder name as the user knows it.
func folderName(name string) string {
	if strings.EqualFold(name, "INBOX") {
		return i18n.T("cli.notice.inbox")
	}
	return name
}
