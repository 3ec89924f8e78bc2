package gui

import "github.com/tern-mail/tern/storage"

// troubleSentence is the window's wording of a problem of the computer's
// that stops Tern from keeping mail: what happened, that Tern waits, and
// the way out.
func troubleSentence(t storage.Trouble) string {
	switch t {
	case storage.TroubleDiskFull:
		return "The disk is full. Tern has paused downloading mail; free some space and it goes on by itself."
	case storage.TroubleReadOnly:
		return "Tern may not write to its folder on this disk. Tern has paused downloading mail; make the folder writable again and it goes on by itself."
	case storage.TroubleMissing:
		return "Tern's folder is no longer there (was a disk removed?). Tern has paused downloading mail; bring it back and it goes on by itself."
	}
	return ""
}
