package main

import (
	"fmt"
	"io"

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

// troubleLine is the command line's wording of such a problem: what
// happened and the way out, instead of SQLite's words.
func troubleLine(t storage.Trouble) string {
	switch t {
	case storage.TroubleDiskFull:
		return "the disk is full, so Tern could not keep what it was doing; free some space and try again."
	case storage.TroubleReadOnly:
		return "Tern may not write to its folder on this disk; make the folder writable again and try again."
	case storage.TroubleMissing:
		return "Tern's folder is no longer there (was a disk removed?); bring it back and try again."
	}
	return ""
}
