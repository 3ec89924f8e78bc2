package main

import (
	"fmt"
	"io"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// tellTrouble prints, in one sentence, err when it is a problem of the
// computer's (a full disk, a profile in dir that cannot be written or is
// gone) rather than of the mail, and reports whether it was.
func tellTrouble(w io.Writer, err error, dir string) bool {
	t := storage.TroubleOf(err, dir)
	if t == storage.TroubleNone {
		return false
	}
	fmt.Fprintln(w, "tern:", troubleLine(t))
	return true
}

// troubleLine is the command line's wording of such a problem, in the
// person's language: what happened and the way out, instead of SQLite's
// words.
func troubleLine(t storage.Trouble) string {
	switch t {
	case storage.TroubleDiskFull:
		return i18n.T("cli.trouble.disk_full")
	case storage.TroubleReadOnly:
		return i18n.T("cli.trouble.read_only")
	case storage.TroubleMissing:
		return i18n.T("cli.trouble.missing")
	}
	return ""
}
