package main

import "github.com/tern-mail/tern/storage"

// trouble says whether err is a problem of the computer's (a full disk, a
// profile that cannot be written or is gone) rather than of the mail.
func (e *env) trouble(err error) storage.Trouble {
	if e.manager == nil {
		return storage.TroubleNone
	}
	return storage.TroubleOf(err, e.manager.ProfileDir())
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
